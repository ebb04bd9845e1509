//! Smart-Soft, Traffic Inspector (`../shared/programs/smart-soft.md`, clauses SS-1…SS-6).

use crate::ids::Status;
use crate::ledger::SpecialistKind;
use crate::money::{Currency, Money, Rate};
use crate::rules::{
    BonusRule, BonusTrigger, CalendarPeriod, ContractStatus, CountRequirement, Counted,
    CurrencyPolicy, DeclaredNames, EntitlementRule, EntitlementStart, InternalUseRule,
    InvoiceTerms, PaymentKindMatch, PaymentMatch, PeriodRebate, QualificationRule, RateSchedule,
    RewardBase, RewardRule, Rule, RuleKind, RuleSet, Span, StatusRequirements,
};
use crate::time::ProgramZone;
use rust_decimal::Decimal;

/// The statuses, lowest first (SS-1).
///
/// ```
/// use commission_rules::programs::smart_soft::STATUSES;
/// assert_eq!(STATUSES.last(), Some(&"privileged"));
/// ```
pub const STATUSES: [&str; 3] = ["authorized", "certified", "privileged"];

/// Product lines as reported on licence sales: Traffic Inspector, TING, DEPO TI.
///
/// ```
/// use commission_rules::programs::smart_soft::PRODUCT_LINES;
/// assert_eq!(PRODUCT_LINES, ["ti", "ting", "depo-ti"]);
/// ```
pub const PRODUCT_LINES: [&str; 3] = ["ti", "ting", "depo-ti"];

/// The perks: advance licence keys while Privileged (SS-4), NFR licences and their modules
/// from a grant of Certified or Privileged (SS-5).
///
/// ```
/// use commission_rules::programs::smart_soft::PERKS;
/// assert_eq!(PERKS, ["advance-license-keys", "nfr-license", "nfr-modules"]);
/// ```
pub const PERKS: [&str; 3] = ["advance-license-keys", "nfr-license", "nfr-modules"];

/// The Smart-Soft partner program, in RUB, reckoned in Moscow time.
///
/// - SS-1: a signed contract makes a partner Authorized; the vendor grants Certified and
///   Privileged; the status in force at a sale sets its rates. A yearly qualification
///   report measures each partner against the table of requirements.
/// - SS-2: a partner's sale earns a share of the list price (whatever the client was
///   charged), by product line and status: TI and renewals 25/30/35 %, TING and DEPO TI
///   15/20/25 %, as a discount on the partner's invoice.
/// - SS-3: seats for the partner's own use at 50 % off, up to 30/50/100 seats by status
///   (counted over the partner's life), the rest at full price.
/// - SS-4: for Privileged partners, 5 % of the quarter's sales at list price accrued at
///   the quarter's end, SPIF awards, invoices due 30 days after the sale (same day for
///   other statuses), and advance licence keys while Privileged.
/// - SS-5: NFR licences from each grant of Certified (one) or Privileged (two), each for
///   one year with its modules enabled for 30 days.
/// - SS-6: the monthly statement is the partner's monthly sales report.
///
/// ```
/// let program = commission_rules::programs::smart_soft();
/// program.validate().unwrap();
/// assert_eq!(program.time_zone.to_string(), "+03:00");
/// ```
pub fn smart_soft() -> RuleSet {
    let mut rules = vec![Rule::new(
        "SS-1.contract",
        "SS-1",
        RuleKind::ContractStatus(ContractStatus {
            status: STATUSES[0].into(),
        }),
    )];
    rules.push(Rule::new(
        "SS-1.qualification",
        "SS-1",
        RuleKind::Qualification(qualification()),
    ));
    let sales_rewards = [
        ("SS-2.ti", Some("ti"), [25, 30, 35]),
        ("SS-2.ting", Some("ting"), [15, 20, 25]),
        ("SS-2.depo-ti", Some("depo-ti"), [15, 20, 25]),
        ("SS-2.renewals", None, [25, 30, 35]),
    ];
    for (id, product_line, percents) in sales_rewards {
        let reward = sales_reward(product_line, percents);
        rules.push(Rule::new(id, "SS-2", RuleKind::Reward(reward)));
    }
    rules.push(Rule::new(
        "SS-3",
        "SS-3",
        RuleKind::InternalUse(InternalUseRule {
            rate_percent: Rate::whole_percent(50),
            seat_caps: by_status([30, 50, 100]),
        }),
    ));
    rules.extend(privileged_extras());
    rules.extend(nfr_licences());
    super::published_terms(
        "smart-soft",
        "Smart-Soft (Traffic Inspector) partner program",
        (
            ProgramZone::MOSCOW,
            CurrencyPolicy::single_currency(Currency::RUB),
        ),
        DeclaredNames {
            statuses: super::declared(&STATUSES),
            product_lines: super::declared(&PRODUCT_LINES),
            perks: super::declared(&PERKS),
            ..DeclaredNames::default()
        },
        rules,
    )
}

fn by_status<T: Copy>(values: [T; 3]) -> std::collections::BTreeMap<Status, T> {
    STATUSES
        .iter()
        .zip(values)
        .map(|(status, value)| (Status::from(*status), value))
        .collect()
}

/// Licence sales and renewals a partner makes.
fn sales() -> PaymentMatch {
    PaymentMatch {
        kinds: vec![PaymentKindMatch::License, PaymentKindMatch::Renewal],
        ..PaymentMatch::partner_payments()
    }
}

/// SS-2: a share of the list price by status; a licence of one product line, or any
/// renewal.
fn sales_reward(product_line: Option<&str>, percents: [u32; 3]) -> RewardRule {
    let payments = match product_line {
        Some(line) => PaymentMatch::partner_payments()
            .only(PaymentKindMatch::License)
            .for_product_lines(&[line]),
        None => PaymentMatch::partner_payments().only(PaymentKindMatch::Renewal),
    };
    let rate = RateSchedule::ByStatus {
        default_percent: Rate::whole_percent(0),
        by_status: by_status(percents.map(Rate::whole_percent)),
    };
    RewardRule {
        base: RewardBase::ListPrice,
        ..RewardRule::discount(payments, rate)
    }
}

/// SS-1: the requirements table: certified specialists of each kind, at least one.
fn qualification() -> QualificationRule {
    let rub = |units: i64| Some(Money::new(Decimal::from(units), Currency::RUB));
    let level = |status: &str, min_sales, specialists: &[SpecialistKind], not_tracked: &[&str]| {
        StatusRequirements {
            status: status.into(),
            contract_required: true,
            min_sales,
            requirements: specialists
                .iter()
                .map(|kind| CountRequirement {
                    count: Counted::CertifiedSpecialists(*kind),
                    at_least: 1,
                })
                .collect(),
            not_tracked: not_tracked.iter().map(|what| (*what).to_owned()).collect(),
        }
    };
    let technical = SpecialistKind::Technical;
    QualificationRule {
        sales: sales(),
        levels: vec![
            level(STATUSES[0], None, &[], &[]),
            level(STATUSES[1], rub(500_000), &[technical], &[]),
            level(
                STATUSES[2],
                rub(1_000_000),
                &[technical, SpecialistKind::Sales],
                &["quarterly joint promotion", "renewal work"],
            ),
        ],
    }
}

/// SS-4: the quarterly rebate, SPIF, invoice deferral and advance licence keys.
fn privileged_extras() -> Vec<Rule> {
    let privileged = Status::from(STATUSES[2]);
    vec![
        Rule::new(
            "SS-4.rebate",
            "SS-4",
            RuleKind::Rebate(PeriodRebate {
                rate_percent: Rate::whole_percent(5),
                period: CalendarPeriod::Quarter,
                status: privileged.clone(),
                sales: sales(),
            }),
        ),
        Rule::new(
            "SS-4.spif",
            "SS-4",
            RuleKind::Bonus(BonusRule::from_event(BonusTrigger::VendorAward)),
        ),
        Rule::new(
            "SS-4.deferral",
            "SS-4",
            RuleKind::InvoiceTerms(InvoiceTerms {
                due_days: 0,
                by_status: [(privileged.clone(), 30)].into_iter().collect(),
            }),
        ),
        Rule::new(
            "SS-4.advance-keys",
            "SS-4",
            RuleKind::Entitlement(EntitlementRule::new(
                PERKS[0],
                EntitlementStart::WhileStatus { status: privileged },
            )),
        ),
    ]
}

/// SS-5: NFR licences (a year) and their modules (30 days), one per licence.
fn nfr_licences() -> Vec<Rule> {
    let mut rules = Vec::new();
    for (status, licences) in [(STATUSES[1], 1), (STATUSES[2], 2)] {
        for n in 1..=licences {
            for (perk, lasts) in [(PERKS[1], Span::Months(12)), (PERKS[2], Span::Days(30))] {
                let entitlement = EntitlementRule {
                    lasts: Some(lasts),
                    ..EntitlementRule::new(
                        perk,
                        EntitlementStart::StatusGranted {
                            status: status.into(),
                        },
                    )
                };
                let id = format!("SS-5.{status}.{perk}-{n}");
                rules.push(Rule::new(id, "SS-5", RuleKind::Entitlement(entitlement)));
            }
        }
    }
    rules
}
