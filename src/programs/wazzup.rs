//! Wazzup (`../shared/programs/wazzup.md`, clauses W-1…W-10).

use crate::ledger::TopUpMethod;
use crate::money::{Currency, Rate};
use crate::rules::{
    AccountGroupRule, Booking, CancellationPolicy, ClientCounter, CreditTiming, CurrencyPolicy,
    DeclaredNames, EntitlementRule, EntitlementStart, FxRateTiming, HeldClients,
    PartnerAccountRule, PaymentKindMatch, PaymentMatch, PayoutSchedule, RateSchedule, RefundPolicy,
    RewardRule, Rule, RuleKind, RuleSet, Span, Tier, TierSchedule, TransferPolicy, Window,
    WindowAnchor,
};
use crate::time::ProgramZone;

/// Perks from the partner's registration (W-10).
///
/// ```
/// use commission_rules::programs::wazzup::{REGISTRATION_PERKS, TENTH_CLIENT_PERKS};
/// assert_eq!(REGISTRATION_PERKS.len() + TENTH_CLIENT_PERKS.len(), 5);
/// ```
pub const REGISTRATION_PERKS: [&str; 2] = ["max-channels-own-account", "max-channels-demo-account"];

/// Perks from the 10th client (W-10).
///
/// ```
/// use commission_rules::programs::wazzup::TENTH_CLIENT_PERKS;
/// assert!(TENTH_CLIENT_PERKS.contains(&"personal-manager"));
/// ```
pub const TENTH_CLIENT_PERKS: [&str; 3] = ["waba-channel-free", "personal-manager", "certificates"];

/// The Wazzup partner program.
///
/// - W-1: a partner buying a subscription for its client gets 35 % off, 50 % from the
///   moment its 10th distinct client is attached (prospective; the count never goes down).
/// - W-2, W-3, W-4: a client's own subscription payments within 12 months of its
///   registration earn its registering partner 20 %, credited on the 1st of the next
///   month (Moscow time), whoever holds the client now. A transfer needs the client's
///   consent, and a client another partner holds is not attached (W-4).
/// - W-5: WABA top-ups: 10 % off when the partner pays, 10 % credited like W-2 when the
///   client pays.
/// - W-6: lines booked in the partner account's currency, converted at the published
///   (central-bank) rate plus 3 %.
/// - W-7: linked accounts share the W-1 client count.
/// - W-8: refunds are rejected; a cancellation returns the unused days of what the
///   partner's account paid; no clawback.
/// - W-9: the partner account (top-ups by card or invoice; purchases at the net price);
///   withdrawals due 3 days after the request.
/// - W-10: perks from registration and from the 10th client.
///
/// ```
/// let program = commission_rules::programs::wazzup();
/// program.validate().unwrap();
/// assert_eq!(program.currency.fx_markup_percent.to_string(), "3%");
/// ```
pub fn wazzup() -> RuleSet {
    // The rules in clause order: ids and order reach `programs/wazzup.json`.
    let rules = [rewards(), accounts_and_refunds(), perks()].concat();
    super::published_terms(
        "wazzup",
        "Wazzup partner program",
        (
            ProgramZone::MOSCOW,
            CurrencyPolicy {
                program_currency: Currency::RUB,
                booking: Booking::PartnerAccount,
                fx_markup_percent: Rate::whole_percent(3),
                // W-6: the central-bank rate in force on the payment day.
                fx_rates: FxRateTiming::WholeDay,
            },
        ),
        // W-10's perks; the terms name no status, product line, integration or attribute.
        DeclaredNames {
            perks: super::declared(&[&REGISTRATION_PERKS[..], &TENTH_CLIENT_PERKS].concat()),
            ..DeclaredNames::default()
        },
        rules,
    )
}

/// W-1, W-2, W-4, W-5: the resale discount, the referral share, who may take a held client
/// and the WABA top-up rewards.
fn rewards() -> Vec<Rule> {
    vec![
        Rule::new("W-1", "W-1", RuleKind::Reward(resale_discount())),
        Rule::new(
            "W-2",
            "W-2",
            RuleKind::Reward(referral(PaymentKindMatch::Subscription, 20)),
        ),
        Rule::new(
            "W-4",
            "W-4",
            RuleKind::Transfers(TransferPolicy {
                consent_required: true,
                held_clients: HeldClients::Refuse,
            }),
        ),
        Rule::new(
            "W-5.partner",
            "W-5",
            RuleKind::Reward(RewardRule::discount(
                PaymentMatch::partner_payments().only(PaymentKindMatch::BalanceTopUp),
                RateSchedule::flat(Rate::whole_percent(10)),
            )),
        ),
        Rule::new(
            "W-5.client",
            "W-5",
            RuleKind::Reward(referral(PaymentKindMatch::BalanceTopUp, 10)),
        ),
    ]
}

/// W-7, W-8, W-9: linked accounts, refunds and cancellations, the partner account and
/// its withdrawals.
fn accounts_and_refunds() -> Vec<Rule> {
    vec![
        Rule::new(
            "W-7",
            "W-7",
            RuleKind::AccountGroups(AccountGroupRule {
                shared_counters: vec![ClientCounter::Attached],
            }),
        ),
        Rule::new(
            "W-8.refunds",
            "W-8",
            RuleKind::Refunds(RefundPolicy::Forbidden),
        ),
        Rule::new(
            "W-8.cancellation",
            "W-8",
            RuleKind::Cancellations(CancellationPolicy::ReturnUnusedDays),
        ),
        Rule::new(
            "W-9",
            "W-9",
            RuleKind::PartnerAccount(PartnerAccountRule {
                top_up_methods: vec![TopUpMethod::Card, TopUpMethod::Invoice],
            }),
        ),
        Rule::new(
            "W-9.withdrawal",
            "W-9",
            RuleKind::Payout(PayoutSchedule::OnRequest { delay_days: 3 }),
        ),
    ]
}

/// W-10: one entitlement per perk, from registration or from the 10th attached client.
fn perks() -> Vec<Rule> {
    let tenth = EntitlementStart::ClientCount {
        counter: ClientCounter::Attached,
        at_least: 10,
    };
    let from_registration = REGISTRATION_PERKS
        .iter()
        .map(|perk| (*perk, EntitlementStart::PartnerRegistered));
    let from_tenth = TENTH_CLIENT_PERKS.iter().map(|perk| (*perk, tenth.clone()));
    from_registration
        .chain(from_tenth)
        .map(|(perk, starts)| {
            Rule::new(
                format!("W-10.{perk}"),
                "W-10",
                RuleKind::Entitlement(EntitlementRule::new(perk, starts)),
            )
        })
        .collect()
}

/// W-1: 35 %, 50 % from the 10th attached client (shared over linked accounts by W-7).
fn resale_discount() -> RewardRule {
    let tier = |from_count, percent| Tier::new(from_count, Rate::whole_percent(percent));
    RewardRule::discount(
        PaymentMatch::partner_payments().only(PaymentKindMatch::Subscription),
        RateSchedule::Tiered(TierSchedule::new(
            ClientCounter::Attached,
            vec![tier(0, 35), tier(10, 50)],
        )),
    )
}

/// W-2, W-5: a share of a client's own payments of one kind for its registering partner,
/// within 12 months of the client's registration, credited on the 1st of the next month.
fn referral(kind: PaymentKindMatch, percent: u32) -> RewardRule {
    RewardRule {
        window: Some(Window {
            from: WindowAnchor::ClientRegistered,
            length: Span::Months(12),
        }),
        credit: CreditTiming::FirstOfNextMonth,
        ..RewardRule::accrual(
            PaymentMatch::client_payments().only(kind),
            RateSchedule::flat(Rate::whole_percent(percent)),
        )
    }
}
