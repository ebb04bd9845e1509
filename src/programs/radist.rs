//! Radist.Online (`../shared/programs/radist.md`, clauses R-1…R-6).

use crate::ids::Status;
use crate::money::{Currency, Rate, RoundingMode};
use crate::rules::{
    ClientCounter, CurrencyPolicy, DeclaredNames, EntitlementRule, EntitlementStart, FormatVersion,
    LeaderboardRule, PaymentMatch, PayoutSchedule, ProgramVersion, RateSchedule, RewardRule, Rule,
    RuleKind, RuleSet,
};
use crate::time::ProgramZone;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The status a partner is granted in 2020 when it only brings clients and does not
/// support them (R-4): it earns half the base rate.
///
/// ```
/// use commission_rules::programs::radist::REFERRAL_ONLY;
/// assert_eq!(REFERRAL_ONLY, "referral-only");
/// ```
pub const REFERRAL_ONLY: &str = "referral-only";

/// R-6's perk: access to the partners' chat.
///
/// ```
/// assert_eq!(commission_rules::programs::radist::PARTNERS_CHAT, "partners-chat");
/// ```
pub const PARTNERS_CHAT: &str = "partners-chat";

/// The Radist.Online partner program.
///
/// - R-1: 40 % of every payment of an attributed client, for as long as it pays.
/// - R-2: each reward is paid out 3 days after it is booked, no minimum.
/// - R-3: a client attributed later earns catch-up adjustment lines for its earlier
///   payments, booked when the correction is recorded.
/// - R-4: three versions. Until 2019-12-31 one rate for all (30 %, **illustrative**: the
///   vendor never published it); in 2020 the full rate (40 %, **illustrative**) for
///   partners supporting their clients and half of it (20 %) for partners granted the
///   [`REFERRAL_ONLY`] status; from 2021-01-01 R-1's 40 %.
/// - R-5: a monthly leaderboard by rewards credited, then new clients, then partner id.
/// - R-6: the partners' chat, from the first attributed client on.
///
/// R-5's new clients and R-6's first client are the clients R-1 rewards: the
/// [`Attributed`](ClientCounter::Attributed) count, every client the partner is the
/// referrer of (promo code, referral link, its cabinet, R-3's late attribution); a client
/// registered from the partner's cabinet was brought and connected by it.
///
/// Refunds are not addressed by the clauses: with no refund rule they are recorded
/// against the payment and rewards stand.
///
/// ```
/// let program = commission_rules::programs::radist();
/// assert_eq!(program.versions.len(), 3);
/// assert!(program.versions[0].illustrative && !program.versions[2].illustrative);
/// ```
pub fn radist() -> RuleSet {
    RuleSet {
        schema: None,
        format_version: FormatVersion::CURRENT,
        program: "radist".into(),
        name: "Radist.Online partner program".to_owned(),
        time_zone: ProgramZone::MOSCOW,
        currency: CurrencyPolicy::single_currency(Currency::RUB),
        rounding: RoundingMode::HalfAwayFromZero,
        names: DeclaredNames {
            statuses: vec![REFERRAL_ONLY.into()],
            perks: vec![PARTNERS_CHAT.into()],
            ..DeclaredNames::default()
        },
        rules: program_wide_rules(),
        versions: vec![
            ProgramVersion {
                effective_from: None,
                label: "until 2019: one rate for all".to_owned(),
                illustrative: true,
                rules: vec![flat_reward("R-4.2019", "R-4", 30)],
            },
            ProgramVersion {
                effective_from: NaiveDate::from_ymd_opt(2020, 1, 1),
                label: "2020: full or half rate by support".to_owned(),
                illustrative: true,
                rules: vec![Rule::new(
                    "R-4.2020",
                    "R-4",
                    RuleKind::Reward(RewardRule::accrual(
                        PaymentMatch::client_payments(),
                        RateSchedule::ByStatus {
                            default_percent: Rate::whole_percent(40),
                            by_status: BTreeMap::from([(
                                Status::from(REFERRAL_ONLY),
                                Rate::whole_percent(20),
                            )]),
                        },
                    )),
                )],
            },
            ProgramVersion {
                effective_from: NaiveDate::from_ymd_opt(2021, 1, 1),
                label: "since 2021: 40% flat".to_owned(),
                illustrative: false,
                rules: vec![flat_reward("R-1", "R-1", 40)],
            },
        ],
    }
}

/// R-2, R-3, R-5 and R-6: in force through every version.
fn program_wide_rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "R-2",
            "R-2",
            RuleKind::Payout(PayoutSchedule::Automatic { delay_days: 3 }),
        ),
        Rule::new("R-3", "R-3", RuleKind::AttributionCatchUp),
        Rule::new(
            "R-5",
            "R-5",
            RuleKind::Leaderboard(LeaderboardRule {
                counter: ClientCounter::Attributed,
            }),
        ),
        Rule::new(
            "R-6",
            "R-6",
            RuleKind::Entitlement(EntitlementRule::new(
                PARTNERS_CHAT,
                EntitlementStart::ClientCount {
                    counter: ClientCounter::Attributed,
                    at_least: 1,
                },
            )),
        ),
    ]
}

fn flat_reward(id: &str, clause: &str, percent: u32) -> Rule {
    Rule::new(
        id,
        clause,
        RuleKind::Reward(RewardRule::accrual(
            PaymentMatch::client_payments(),
            RateSchedule::flat(Rate::whole_percent(percent)),
        )),
    )
}
