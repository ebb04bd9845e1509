//! Message.Help (`../shared/programs/message-help.md`, clauses MH-1…MH-8).

use crate::ledger::{AttachBasis, TopUpMethod};
use crate::money::{Currency, Money, Rate};
use crate::rules::{
    AttachmentPolicy, BonusForm, BonusRule, BonusTrigger, ClientCounter, CurrencyPolicy,
    DeclaredNames, EntitlementRule, EntitlementStart, HeldClients, PartnerAccountRule,
    PaymentMatch, RateSchedule, RewardRule, Rule, RuleKind, RuleSet, Span, Tier, TierSchedule,
    TransferPolicy, WelcomeCredit,
};
use crate::time::ProgramZone;
use rust_decimal::Decimal;

/// The CRM integrations whose clients earn the tiered integrator discount (MH-3), as
/// registered on the client.
///
/// ```
/// use commission_rules::programs::message_help::TIERED_INTEGRATIONS;
/// assert!(TIERED_INTEGRATIONS.contains(&"bitrix24"));
/// ```
pub const TIERED_INTEGRATIONS: [&str; 4] = ["amocrm", "kommo", "bitrix24", "message-help-crm"];

/// The integration with a fixed 35 % integrator discount (MH-3).
///
/// ```
/// use commission_rules::programs::message_help::{ALTEGIO, TIERED_INTEGRATIONS};
/// assert!(!TIERED_INTEGRATIONS.contains(&ALTEGIO));
/// ```
pub const ALTEGIO: &str = "altegio";

/// Integrations clients register with that earn no integrator discount (MH-3: "another
/// integration, or none"): declared, so a client registering with one is accepted.
///
/// ```
/// use commission_rules::programs::message_help::OTHER_INTEGRATIONS;
/// assert_eq!(OTHER_INTEGRATIONS, ["pipedrive"]);
/// ```
pub const OTHER_INTEGRATIONS: [&str; 1] = ["pipedrive"];

/// MH-8's perk: demo and integration access from registration.
///
/// ```
/// use commission_rules::programs::message_help::DEMO_ACCESS;
/// assert_eq!(DEMO_ACCESS, "demo-integration-access");
/// ```
pub const DEMO_ACCESS: &str = "demo-integration-access";

/// The Message.Help partner program, in EUR, reckoned in UTC.
///
/// - MH-1: a client's own payments earn the partner whose promo code or link it used
///   20 %, 30 % from the partner's 30th referred client on (prospective), at payment, for
///   life. Referred clients are those of its promo code or link (and late attributions),
///   not those it registers from its cabinet ([`ClientCounter::Referred`]).
/// - MH-2: each client registering with a promo code gets 5 EUR from the vendor: a memo
///   line (`vendor_cost`) attributed to the partner: a bonus on a client registering
///   with a code.
/// - MH-3: a partner paying for its client gets 35 % / 40 % / 50 % off with 1–4 / 5–9 /
///   10+ distinct clients paid for (counting this one) when the client's integration is
///   amoCRM, Kommo, Bitrix24 or Message.Help CRM, and a fixed 35 % for Altegio; a client
///   with another integration, or none, gets no integrator discount.
/// - MH-4: a 500 EUR welcome credit for 60 days from the partner's registration, spent on
///   new clients' first payments at the full tariff; what is left expires on day 60.
/// - MH-5: who pays chooses the format (the payer filters of MH-1 and MH-3).
/// - MH-6: an existing (already paying) client is attached only on evidence of the
///   partner's integration support; one held by another partner is rejected (a transfer
///   needs no consent: the clause does not ask for it).
/// - MH-7: the partner account: top-ups by card or invoice, purchases at the net price.
/// - MH-8: demo / integration access from registration.
///
/// ```
/// let program = commission_rules::programs::message_help();
/// program.validate().unwrap();
/// assert_eq!(program.currency.program_currency.code(), "EUR");
/// ```
pub fn message_help() -> RuleSet {
    let eur = |units: i64| Money::new(Decimal::from(units), Currency::EUR);
    let (crm_discount, altegio_discount) = integrator_discounts();
    let rules = vec![
        Rule::new("MH-1", "MH-1", RuleKind::Reward(referral())),
        Rule::new(
            "MH-2",
            "MH-2",
            RuleKind::Bonus(BonusRule {
                form: BonusForm::VendorCost,
                ..BonusRule::fixed(BonusTrigger::ClientRegisteredWithCode, eur(5))
            }),
        ),
        Rule::new("MH-3.crm", "MH-3", RuleKind::Reward(crm_discount)),
        Rule::new("MH-3.altegio", "MH-3", RuleKind::Reward(altegio_discount)),
        Rule::new(
            "MH-4",
            "MH-4",
            RuleKind::WelcomeCredit(WelcomeCredit {
                amount: eur(500),
                window: Span::Days(60),
            }),
        ),
        Rule::new(
            "MH-6",
            "MH-6",
            RuleKind::Attachment(AttachmentPolicy {
                existing_clients: vec![AttachBasis::Evidence],
            }),
        ),
        Rule::new(
            "MH-6.held",
            "MH-6",
            RuleKind::Transfers(TransferPolicy {
                consent_required: false,
                held_clients: HeldClients::Refuse,
            }),
        ),
        Rule::new(
            "MH-7",
            "MH-7",
            RuleKind::PartnerAccount(PartnerAccountRule {
                top_up_methods: vec![TopUpMethod::Card, TopUpMethod::Invoice],
            }),
        ),
        Rule::new(
            "MH-8",
            "MH-8",
            RuleKind::Entitlement(EntitlementRule::new(
                DEMO_ACCESS,
                EntitlementStart::PartnerRegistered,
            )),
        ),
    ];
    super::published_terms(
        "message-help",
        "Message.Help partner program",
        (
            ProgramZone::UTC,
            CurrencyPolicy::single_currency(Currency::EUR),
        ),
        declared_names(),
        rules,
    )
}

/// The integrations MH-3 names (and the others a client may have) and MH-8's perk.
fn declared_names() -> DeclaredNames {
    DeclaredNames {
        integrations: super::declared(
            &[&TIERED_INTEGRATIONS[..], &[ALTEGIO], &OTHER_INTEGRATIONS].concat(),
        ),
        perks: super::declared(&[DEMO_ACCESS]),
        ..DeclaredNames::default()
    }
}

/// A tier: `percent` once the count reaches `from_count` (MH-1, MH-3).
fn tier(from_count: u32, percent: u32) -> Tier {
    Tier::new(from_count, Rate::whole_percent(percent))
}

/// MH-1: 20 % of a client's own payments, 30 % from the partner's 30th referred client.
fn referral() -> RewardRule {
    RewardRule::accrual(
        PaymentMatch::client_payments(),
        RateSchedule::Tiered(TierSchedule::new(
            ClientCounter::Referred,
            vec![tier(0, 20), tier(30, 30)],
        )),
    )
}

/// MH-3: the tiered discount for the CRM integrations (by clients paid for), and the
/// fixed one for Altegio.
fn integrator_discounts() -> (RewardRule, RewardRule) {
    let crm = RewardRule::discount(
        PaymentMatch::partner_payments().for_integrations(&TIERED_INTEGRATIONS),
        RateSchedule::Tiered(TierSchedule::new(
            ClientCounter::PaidFor,
            vec![tier(0, 35), tier(5, 40), tier(10, 50)],
        )),
    );
    let altegio = RewardRule::discount(
        PaymentMatch::partner_payments().for_integrations(&[ALTEGIO]),
        RateSchedule::flat(Rate::whole_percent(35)),
    );
    (crm, altegio)
}
