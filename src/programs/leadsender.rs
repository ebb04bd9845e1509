//! LeadSender (`../shared/programs/leadsender.md`, clauses LS-1…LS-6).

use crate::ledger::{AttachBasis, LegalForm};
use crate::money::{Currency, Rate};
use crate::rules::{
    AttachmentPolicy, Beneficiary, BonusRule, BonusTrigger, CreditTiming, CurrencyPolicy,
    DeclaredNames, EntitlementRule, EntitlementStart, HeldClients, Payability, PaymentMatch,
    PayoutSchedule, RateSchedule, RewardBase, RewardForm, RewardRule, Rule, RuleKind, RuleSet,
    TransferPolicy,
};
use crate::time::ProgramZone;

/// The wording LS-2 requires on the partner's invoice to the vendor.
///
/// ```
/// use commission_rules::programs::leadsender::INVOICE_WORDING;
/// assert!(INVOICE_WORDING.starts_with("Оплата вознаграждения"));
/// ```
pub const INVOICE_WORDING: &str =
    "Оплата вознаграждения по договору привлечения новых пользователей";

/// The product line of the widgets LeadSender sells and renews (licences and renewals).
///
/// ```
/// assert_eq!(commission_rules::programs::leadsender::PRODUCT_LINE, "widget");
/// ```
pub const PRODUCT_LINE: &str = "widget";

/// LS-5's perk: free widgets while the partner has an active client.
///
/// ```
/// assert_eq!(commission_rules::programs::leadsender::FREE_WIDGETS, "free-widgets");
/// ```
pub const FREE_WIDGETS: &str = "free-widgets";

/// The LeadSender partner program.
///
/// - LS-1: no window on any reward: the partner earns on sales and renewals for as long
///   as the client pays.
/// - LS-2: a client paying the vendor earns the partner that reported it 40 %, payable
///   against the partner's invoice (worded [`INVOICE_WORDING`]) only to a legal entity,
///   sole proprietor or self-employed partner with a signed contract; otherwise a
///   not-payable line with the reason. The invoice is recorded as a withdrawal request;
///   the clause gives no payment term, so it is due on the request date.
/// - LS-3: a partner collecting from its client pays the vendor the price minus 50 % (a
///   discount line), whatever its legal form.
/// - LS-4: an accepted attachment makes the partner the client's exclusive reporter; a
///   refused one still earns LS-2, not exclusively (unless another partner's claim is
///   exclusive); an unreported client earns nothing; an existing (already paying) client
///   is attached only at its own request; an account another partner holds is not
///   attached (the attachment must be recorded as refused).
/// - LS-5: free widgets while the partner has an active client (a reported client whose
///   paid period covers the date), one entitlement per uninterrupted run.
/// - LS-6: manual adjustments for disputes lost by the vendor, each its own line.
///
/// ```
/// let program = commission_rules::programs::leadsender();
/// program.validate().unwrap();
/// assert_eq!(program.versions[0].rules.len(), 7);
/// ```
pub fn leadsender() -> RuleSet {
    super::published_terms(
        "leadsender",
        "LeadSender partner program",
        (
            ProgramZone::MOSCOW,
            CurrencyPolicy::single_currency(Currency::RUB),
        ),
        // Widgets are the one product sold and renewed; LS-5's perk.
        DeclaredNames {
            product_lines: super::declared(&[PRODUCT_LINE]),
            perks: super::declared(&[FREE_WIDGETS]),
            ..DeclaredNames::default()
        },
        vec![
            Rule::new("LS-2", "LS-2", RuleKind::Reward(commission())),
            Rule::new(
                "LS-2.invoice",
                "LS-2",
                RuleKind::Payout(PayoutSchedule::OnRequest { delay_days: 0 }),
            ),
            Rule::new("LS-3", "LS-3", RuleKind::Reward(resale_discount())),
            Rule::new(
                "LS-4",
                "LS-4",
                RuleKind::Attachment(AttachmentPolicy {
                    existing_clients: vec![AttachBasis::ClientRequest],
                }),
            ),
            Rule::new(
                "LS-4.held",
                "LS-4",
                RuleKind::Transfers(TransferPolicy {
                    consent_required: false,
                    held_clients: HeldClients::Refuse,
                }),
            ),
            Rule::new(
                "LS-5",
                "LS-5",
                RuleKind::Entitlement(EntitlementRule::new(
                    FREE_WIDGETS,
                    EntitlementStart::WhileActiveClient {
                        of: Beneficiary::Reporter,
                    },
                )),
            ),
            Rule::new(
                "LS-6",
                "LS-6",
                RuleKind::Bonus(BonusRule::from_event(BonusTrigger::ManualAdjustment)),
            ),
        ],
    )
}

/// LS-1, LS-2: 40 % of every direct client payment, for the reporting partner.
fn commission() -> RewardRule {
    RewardRule {
        payments: PaymentMatch::client_payments(),
        beneficiary: Beneficiary::Reporter,
        rate: RateSchedule::flat(Rate::whole_percent(40)),
        base: RewardBase::AmountPaid,
        window: None,
        credit: CreditTiming::AtPayment,
        form: RewardForm::Accrual,
        per_client: None,
        conditions: Vec::new(),
        payable_if: Some(Payability {
            legal_forms: vec![
                LegalForm::LegalEntity,
                LegalForm::SoleProprietor,
                LegalForm::SelfEmployed,
            ],
            contract_required: true,
            invoice_wording: Some(INVOICE_WORDING.to_owned()),
        }),
    }
}

/// LS-3: 50 % off what the partner pays for its client.
fn resale_discount() -> RewardRule {
    RewardRule {
        payments: PaymentMatch::partner_payments(),
        beneficiary: Beneficiary::Payer,
        rate: RateSchedule::flat(Rate::whole_percent(50)),
        base: RewardBase::AmountPaid,
        window: None,
        credit: CreditTiming::AtPayment,
        form: RewardForm::Discount,
        payable_if: None,
        per_client: None,
        conditions: Vec::new(),
    }
}
