//! The RuleSet: a vendor's program as plain serde data. The engine interprets it; nothing
//! here computes.
//!
//! A program has program-wide rules (in force for its whole life) and effective-dated
//! versions, each with its own rules; a payment is evaluated under the program-wide
//! rules plus those of the version in force on its program-time date.

mod account;
mod bonus;
mod channel;
mod condition;
mod format_version;
mod limits;
mod matching;
mod names;
mod rate;
mod references;
#[cfg(feature = "schema")]
mod schema;
mod status;
mod transfers;
mod validate;
mod window;

pub use format_version::FormatVersion;
pub use limits::{MAX_DAYS, MAX_MONTHS};
pub use matching::{PayerMatch, PaymentKindMatch, PaymentMatch};
pub(crate) use names::NameIndex;
pub use names::{AttributeKeys, DeclaredNames, NameKind};
#[cfg(feature = "schema")]
pub use schema::program_schema;
pub use validate::Fault;
pub use window::{Span, Window, WindowAnchor};

pub use account::{AccountGroupRule, CancellationPolicy, PartnerAccountRule};
pub use bonus::{BonusForm, BonusRule, BonusTrigger, WelcomeCredit};
pub use channel::Channel;
pub use condition::{AttributeTest, Condition, Subject};
pub use rate::{
    ClientCounter, RateSchedule, Retroactivity, RevenuePeriod, Tier, TierMeasure, TierSchedule,
};
pub use status::{
    CalendarPeriod, ContractStatus, CountRequirement, Counted, InternalUseRule, InvoiceTerms,
    PeriodRebate, QualificationRule, StatusRequirements,
};
pub use transfers::{HeldClients, TransferPolicy};

use crate::ids::{ClauseId, Perk, ProgramId, RuleId, Status};
use crate::ledger::LegalForm;
use crate::money::{Currency, Money, Rate, RoundingMode};
use crate::time::ProgramZone;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A vendor's partner program.
///
/// ```
/// let radist = commission_rules::programs::radist();
/// assert_eq!(radist.program.as_str(), "radist");
/// assert_eq!(radist.time_zone.to_string(), "+03:00");
/// radist.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RuleSet {
    /// The JSON Schema an editor checks the document against (`"./schema.json"` in the
    /// shipped program files, beside `programs/schema.json`). Not part of the terms: kept
    /// as read and written back, and a snapshot may be resumed under the same terms with
    /// another or none.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The version of the program format the document is written in
    /// ([`FormatVersion`]); a document without it is version 1, and one of a newer
    /// version than this library reads is refused.
    #[serde(default = "FormatVersion::absent")]
    pub format_version: FormatVersion,
    /// Stable program id.
    pub program: ProgramId,
    /// Human name.
    pub name: String,
    /// The fixed offset in which months, days, quarters and windows are reckoned.
    pub time_zone: ProgramZone,
    /// Currencies and conversion.
    pub currency: CurrencyPolicy,
    /// How each booked line is rounded to the currency's minor unit (once, at the end).
    pub rounding: RoundingMode,
    /// The statuses, product lines, integrations, perks and attribute keys the program
    /// uses: its rules and events may name only these ([`DeclaredNames`]).
    #[serde(default, skip_serializing_if = "DeclaredNames::is_empty")]
    pub names: DeclaredNames,
    /// Rules in force for the program's whole life.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Effective-dated versions, in increasing date order.
    pub versions: Vec<ProgramVersion>,
}

/// Currency of bookings and how foreign payments are converted.
///
/// ```
/// use commission_rules::rules::{Booking, CurrencyPolicy};
/// use commission_rules::{Currency, Rate};
/// use commission_rules::rules::FxRateTiming;
/// let mut policy = CurrencyPolicy::single_currency(Currency::new("RUB").unwrap());
/// policy.booking = Booking::PartnerAccount;
/// policy.fx_markup_percent = Rate::whole_percent(3);
/// policy.fx_rates = FxRateTiming::WholeDay;
/// assert_eq!(policy.fx_markup_percent.to_string(), "3%");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CurrencyPolicy {
    /// The program's own currency.
    pub program_currency: Currency,
    /// Which currency lines are booked in.
    pub booking: Booking,
    /// Added to the FX rate when converting (Wazzup: CB rate + 3 %).
    pub fx_markup_percent: Rate,
    /// From when a published rate applies: its own instant (the default) or its whole
    /// program-time day (W-6: "the rate in force on the payment day").
    #[serde(default, skip_serializing_if = "FxRateTiming::is_from_instant")]
    pub fx_rates: FxRateTiming,
}

/// From when a published FX rate applies. The one fact of a ledger that a program may tie
/// to a day rather than an instant.
///
/// ```
/// use commission_rules::rules::FxRateTiming;
/// assert_eq!(FxRateTiming::default(), FxRateTiming::FromInstant);
/// assert_eq!(serde_json::to_string(&FxRateTiming::WholeDay).unwrap(), r#""whole_day""#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FxRateTiming {
    /// From the rate event's instant on; an event at the same instant sees it only if it
    /// comes later in the ledger.
    #[default]
    FromInstant,
    /// For the whole program-time day of the rate event, whatever its instant or its place
    /// among the day's events: the engine applies a day's rates before any other event of
    /// that day. Of two rates for one pair on one day, the later (by instant, then ledger
    /// order) is the day's rate.
    WholeDay,
}

impl FxRateTiming {
    /// Whether this is the default, [`FxRateTiming::FromInstant`] (left out of program
    /// files).
    ///
    /// ```
    /// use commission_rules::rules::FxRateTiming;
    /// assert!(FxRateTiming::FromInstant.is_from_instant());
    /// assert!(!FxRateTiming::WholeDay.is_from_instant());
    /// ```
    pub fn is_from_instant(&self) -> bool {
        *self == Self::FromInstant
    }
}

impl CurrencyPolicy {
    /// Everything booked in one currency; foreign payments converted at the published rate,
    /// with no markup.
    ///
    /// ```
    /// use commission_rules::rules::{Booking, CurrencyPolicy};
    /// use commission_rules::Currency;
    /// let policy = CurrencyPolicy::single_currency(Currency::RUB);
    /// assert_eq!(policy.booking, Booking::ProgramCurrency);
    /// assert_eq!(policy.fx_markup_percent.to_string(), "0%");
    /// ```
    pub fn single_currency(currency: Currency) -> Self {
        Self {
            program_currency: currency,
            booking: Booking::ProgramCurrency,
            fx_markup_percent: Rate::whole_percent(0),
            fx_rates: FxRateTiming::FromInstant,
        }
    }
}

/// Which currency a partner's lines are booked in.
///
/// ```
/// use commission_rules::rules::Booking;
/// assert_eq!(serde_json::to_string(&Booking::PartnerAccount).unwrap(), r#""partner_account""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Booking {
    /// Always the program currency.
    ProgramCurrency,
    /// The currency of the partner's account (from its registration).
    PartnerAccount,
}

/// One effective-dated version of a program.
///
/// ```
/// use commission_rules::rules::ProgramVersion;
/// let v = ProgramVersion::new(None, "original", vec![]);
/// assert!(v.rules.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ProgramVersion {
    /// First program-time date the version is in force; `None` only for the first version
    /// (in force from the beginning). Each version ends where the next begins.
    pub effective_from: Option<NaiveDate>,
    /// A short name for the version.
    pub label: String,
    /// The figures are placeholders (the vendor never published them): lines booked under
    /// this version say so.
    #[serde(default)]
    pub illustrative: bool,
    /// The version's rules.
    pub rules: Vec<Rule>,
}

impl ProgramVersion {
    /// A version in force from `effective_from` (`None`: from the beginning), not
    /// illustrative.
    ///
    /// ```
    /// use commission_rules::rules::ProgramVersion;
    /// let from_2026 = ProgramVersion::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
    ///     "2026 terms", vec![]);
    /// assert!(!from_2026.illustrative && from_2026.rules.is_empty());
    /// ```
    pub fn new(
        effective_from: Option<NaiveDate>,
        label: impl Into<String>,
        rules: Vec<Rule>,
    ) -> Self {
        Self {
            effective_from,
            label: label.into(),
            illustrative: false,
            rules,
        }
    }
}

/// One declarative rule, named by a unique id and the clause it implements.
///
/// ```
/// use commission_rules::rules::{Rule, RuleKind, PayoutSchedule};
/// let r = Rule::new("R-2", "R-2", RuleKind::Payout(PayoutSchedule::Automatic { delay_days: 3 }));
/// let json = serde_json::to_string(&r).unwrap();
/// assert_eq!(json, r#"{"id":"R-2","clause":"R-2","rule":"payout","schedule":"automatic","delay_days":3}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The kind's fields are flattened in, and each kind refuses fields it does not know: a
// field neither the rule nor its kind names is an error, which the schema says with
// `unevaluatedProperties` (it sees through the kinds' `oneOf`).
#[cfg_attr(feature = "schema", schemars(extend("unevaluatedProperties" = false)))]
#[non_exhaustive]
pub struct Rule {
    /// Unique within the program-wide rules plus any one version.
    pub id: RuleId,
    /// The clause of the vendor's terms the rule implements.
    pub clause: ClauseId,
    /// What the rule does.
    #[serde(flatten)]
    pub kind: RuleKind,
}

impl Rule {
    /// A rule.
    ///
    /// ```
    /// use commission_rules::rules::{PaymentMatch, RateSchedule, RewardRule, Rule, RuleKind};
    /// use commission_rules::Rate;
    /// let reward = RewardRule::accrual(PaymentMatch::client_payments(),
    ///     RateSchedule::flat(Rate::whole_percent(40)));
    /// let rule = Rule::new("r-1-accrual", "R-1", RuleKind::Reward(reward));
    /// assert_eq!((rule.id.as_str(), rule.clause.as_str()), ("r-1-accrual", "R-1"));
    /// ```
    pub fn new(id: impl Into<RuleId>, clause: impl Into<ClauseId>, kind: RuleKind) -> Self {
        Self {
            id: id.into(),
            clause: clause.into(),
            kind,
        }
    }
}

/// The kinds of rule the engine interprets.
///
/// ```
/// use commission_rules::rules::RuleKind;
/// let json = r#"{"rule":"attribution_catch_up"}"#;
/// assert_eq!(serde_json::from_str::<RuleKind>(json).unwrap(), RuleKind::AttributionCatchUp);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum RuleKind {
    /// A share of matching payments for a partner: an accrual or a discount.
    Reward(RewardRule),
    /// When payable rewards are paid out.
    Payout(PayoutSchedule),
    /// A later attribution of a client reaches back to its earlier payments: the
    /// catch-up rewards are booked as adjustment lines when the correction is recorded.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    AttributionCatchUp,
    /// A perk the partner is entitled to from some moment on.
    Entitlement(EntitlementRule),
    /// A monthly ranking of partners computed from the statements.
    Leaderboard(LeaderboardRule),
    /// What a refund does.
    Refunds(RefundPolicy),
    /// A bonus when its trigger happens: a client registering with a partner's code, a
    /// count reached, a client's first payment, a vendor award, a manual adjustment.
    Bonus(BonusRule),
    /// On which bases a client that has already paid may be attached.
    Attachment(AttachmentPolicy),
    /// Whether a transfer needs the client's consent, and whether a client another
    /// partner holds may be attached (without this rule: no consent needed, taken over).
    Transfers(TransferPolicy),
    /// The partner keeps an account with the vendor: top-ups, purchases from it.
    PartnerAccount(PartnerAccountRule),
    /// Linked accounts share client counts.
    AccountGroups(AccountGroupRule),
    /// What cancelling a subscription does.
    Cancellations(CancellationPolicy),
    /// A credit for new partners, spent on new clients' first payments.
    WelcomeCredit(WelcomeCredit),
    /// The status a signed contract gives.
    ContractStatus(ContractStatus),
    /// Own-use purchases at a discount, capped by status.
    InternalUse(InternalUseRule),
    /// A rebate on a calendar period's sales.
    Rebate(PeriodRebate),
    /// When the partner's invoices are due.
    InvoiceTerms(InvoiceTerms),
    /// The yearly qualification report.
    Qualification(QualificationRule),
}

/// A share of matching payments booked for a partner.
///
/// ```
/// use commission_rules::rules::*;
/// use commission_rules::Rate;
/// let r = RewardRule::accrual(PaymentMatch::client_payments(), RateSchedule::flat(Rate::whole_percent(40)));
/// assert_eq!(r.form, RewardForm::Accrual);
/// assert_eq!(r.beneficiary, Beneficiary::Referrer);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RewardRule {
    /// Which payments it applies to.
    pub payments: PaymentMatch,
    /// Which partner benefits.
    pub beneficiary: Beneficiary,
    /// The rate.
    pub rate: RateSchedule,
    /// What the rate is applied to.
    #[serde(default)]
    pub base: RewardBase,
    /// Only payments inside this window earn it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// When the reward is credited.
    #[serde(default)]
    pub credit: CreditTiming,
    /// An accrual (money owed to the partner) or a discount (a price the partner pays less).
    pub form: RewardForm,
    /// Who may be paid out; others get a not-payable line with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payable_if: Option<Payability>,
    /// At most this much per client: rewarded payments, total rewarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_client: Option<ClientLimit>,
    /// Further conditions the payment must meet, all of them ([`Condition`]): its
    /// attributes, its client's or the beneficiary's, its amount, the promo code used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

/// A cap on what one client's payments earn under a reward rule: its first
/// `max_payments` rewarded payments, up to `max_total` in all (the line that reaches the
/// total is cut to it).
///
/// ```
/// use commission_rules::rules::ClientLimit;
/// use commission_rules::{Currency, Money};
/// let mut cap = ClientLimit::default();
/// cap.max_payments = Some(6);
/// cap.max_total = Some(Money::new(500.into(), Currency::EUR));
/// assert_eq!(cap.max_payments, Some(6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ClientLimit {
    /// How many of the client's payments earn the reward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_payments: Option<u32>,
    /// The most the client's payments earn in all, in the program currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<Money>,
}

impl RewardRule {
    /// An accrual for the referring partner, credited at payment, with no window.
    ///
    /// ```
    /// use commission_rules::rules::{Beneficiary, PaymentMatch, RateSchedule, RewardForm,
    ///     RewardRule};
    /// use commission_rules::Rate;
    /// let reward = RewardRule::accrual(PaymentMatch::client_payments(),
    ///     RateSchedule::flat(Rate::whole_percent(20)));
    /// assert_eq!((reward.beneficiary, reward.form), (Beneficiary::Referrer, RewardForm::Accrual));
    /// assert!(reward.window.is_none());
    /// ```
    pub fn accrual(payments: PaymentMatch, rate: RateSchedule) -> Self {
        Self {
            payments,
            beneficiary: Beneficiary::Referrer,
            rate,
            base: RewardBase::AmountPaid,
            window: None,
            credit: CreditTiming::AtPayment,
            form: RewardForm::Accrual,
            payable_if: None,
            per_client: None,
            conditions: Vec::new(),
        }
    }

    /// A discount for the partner paying, at payment, with no window.
    ///
    /// ```
    /// use commission_rules::rules::*;
    /// use commission_rules::Rate;
    /// let r = RewardRule::discount(PaymentMatch::partner_payments(), RateSchedule::flat(Rate::whole_percent(50)));
    /// assert_eq!((r.form, r.beneficiary), (RewardForm::Discount, Beneficiary::Payer));
    /// ```
    pub fn discount(payments: PaymentMatch, rate: RateSchedule) -> Self {
        Self {
            beneficiary: Beneficiary::Payer,
            form: RewardForm::Discount,
            ..Self::accrual(payments, rate)
        }
    }
}

/// Which partner a reward goes to.
///
/// A role is written as its name; the partner above the referrer as `{"upline": N}`.
///
/// ```
/// use commission_rules::rules::Beneficiary;
/// assert_eq!(serde_json::to_string(&Beneficiary::Referrer).unwrap(), r#""referrer""#);
/// assert_eq!(serde_json::to_string(&Beneficiary::Upline(1)).unwrap(), r#"{"upline":1}"#);
/// let grandparent: Beneficiary = serde_json::from_str(r#"{"upline":2}"#).unwrap();
/// assert_eq!(grandparent, Beneficiary::Upline(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Beneficiary {
    /// The partner the client is attributed to (promo code, referral link, its cabinet,
    /// correction).
    Referrer,
    /// The partner holding (serving) the client at the payment.
    Holder,
    /// The partner who made the payment.
    Payer,
    /// The partner that reported the client to the vendor (an attachment, accepted or
    /// refused); the line says whether its claim is exclusive.
    Reporter,
    /// The partner this many levels above the client's referrer (a multi-level override):
    /// 1 is the referrer's parent, 2 its grandparent, at most [`MAX_UPLINE`]. Parents are
    /// set by [`EventKind::PartnerRecruited`](crate::EventKind::PartnerRecruited); each
    /// payment follows the parents in force at its own instant, and earns no line under
    /// the rule where the chain is shorter. Everything else of the rule (its rate, tiers
    /// by the upline's own counts, window, cap, payability) applies to the upline partner
    /// as it would to a referrer; a window from the partner's registration starts at the
    /// upline's own. Only reward rules name an upline (a client is not its upline's).
    ///
    /// ```
    /// use commission_rules::rules::{Beneficiary, RewardRule};
    /// let rule: RewardRule = serde_json::from_str(r#"{"payments":{"paid_by":"client"},
    ///     "beneficiary":{"upline":1},"rate":{"schedule":"flat","rate_percent":"5"},
    ///     "form":"accrual"}"#).unwrap();
    /// assert_eq!(rule.beneficiary, Beneficiary::Upline(1));
    /// ```
    Upline(u8),
}

/// The deepest upline level a reward rule may name ([`Beneficiary::Upline`]): 5, the
/// referrer's great-great-great-grandparent. A limit, so a payment walks a bounded chain.
///
/// ```
/// use commission_rules::rules::MAX_UPLINE;
/// let mut program = commission_rules::programs::radist();
/// assert_eq!(MAX_UPLINE, 5);
/// let reward = program.versions.iter_mut().flat_map(|v| v.rules.iter_mut())
///     .find_map(|rule| match &mut rule.kind {
///         commission_rules::rules::RuleKind::Reward(reward) => Some(reward),
///         _ => None,
///     }).unwrap();
/// reward.beneficiary = commission_rules::rules::Beneficiary::Upline(MAX_UPLINE + 1);
/// assert!(program.validate().unwrap_err().to_string().contains("from 1 to 5"));
/// ```
pub const MAX_UPLINE: u8 = 5;

/// What a reward's rate is applied to.
///
/// ```
/// use commission_rules::rules::RewardBase;
/// assert_eq!(RewardBase::default(), RewardBase::AmountPaid);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RewardBase {
    /// The amount actually paid.
    #[default]
    AmountPaid,
    /// The list (retail) price, whatever was charged; the payment must carry one.
    ListPrice,
}

/// When a reward is credited.
///
/// ```
/// use commission_rules::rules::CreditTiming;
/// assert_eq!(CreditTiming::default(), CreditTiming::AtPayment);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CreditTiming {
    /// At the payment's instant.
    #[default]
    AtPayment,
    /// At 00:00 program time on the 1st of the month after the payment's month.
    FirstOfNextMonth,
}

/// Whether a reward is money owed to the partner or a price it pays less.
///
/// ```
/// use commission_rules::rules::RewardForm;
/// assert_eq!(serde_json::to_string(&RewardForm::Discount).unwrap(), r#""discount""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RewardForm {
    /// Owed to the partner: enters its balance and is paid out.
    Accrual,
    /// Taken off the price the partner pays: a memo line, not a balance.
    Discount,
}

/// Who may be paid out a reward.
///
/// ```
/// use commission_rules::rules::Payability;
/// use commission_rules::LegalForm;
/// let p = Payability::new(vec![LegalForm::SelfEmployed], true);
/// assert!(p.contract_required);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Payability {
    /// Legal forms that may be paid.
    pub legal_forms: Vec<LegalForm>,
    /// A signed contract is needed (the line must be booked after it).
    pub contract_required: bool,
    /// The wording of the invoice the partner must issue to be paid, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_wording: Option<String>,
}

impl Payability {
    /// Payable to partners of these legal forms, with or without a signed contract; no
    /// invoice wording.
    ///
    /// ```
    /// use commission_rules::rules::Payability;
    /// use commission_rules::LegalForm;
    /// let legal_entities = Payability::new(vec![LegalForm::LegalEntity], false);
    /// assert!(legal_entities.invoice_wording.is_none());
    /// ```
    pub fn new(legal_forms: Vec<LegalForm>, contract_required: bool) -> Self {
        Self {
            legal_forms,
            contract_required,
            invoice_wording: None,
        }
    }
}

/// When payable rewards are paid out.
///
/// The two schedules that pay in runs, [`Monthly`](Self::Monthly) and
/// [`AfterMonthEnd`](Self::AfterMonthEnd), run at 00:00 program time (the program's
/// `time_zone`, daylight saving included) once a month, pay a partner's ready lines
/// together when they reach the minimum, and otherwise carry them over to the next run.
///
/// ```
/// use commission_rules::rules::PayoutSchedule;
/// let s = PayoutSchedule::Automatic { delay_days: 3 };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"schedule":"automatic","delay_days":3}"#);
/// let json = r#"{"schedule":"after_month_end","days_after":15,"minimum":{"amount":"50","currency":"EUR"}}"#;
/// let s: PayoutSchedule = serde_json::from_str(json).unwrap();
/// assert!(matches!(s, PayoutSchedule::AfterMonthEnd { days_after: 15, .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "schedule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum PayoutSchedule {
    /// Each payable line is paid out `delay_days` after it is booked, whatever its amount.
    Automatic {
        /// Days from booking to the payout's due date.
        delay_days: u32,
    },
    /// The balance stays in the partner account until the partner requests a withdrawal;
    /// a request is due `delay_days` later.
    OnRequest {
        /// Days from request to due date.
        delay_days: u32,
    },
    /// On a day of each month (the 1st unless `day` says otherwise; 00:00 program time),
    /// the lines whose hold ended by then are paid out together if they reach `minimum`;
    /// otherwise they carry over to the next month's run.
    Monthly {
        /// The day of the month the runs fall on: 1 to 28, a day every month has
        /// (default 1; left out of the JSON when 1).
        ///
        /// ```
        /// use commission_rules::rules::PayoutSchedule;
        /// let json = r#"{"schedule":"monthly","hold_days":30,"minimum":{"amount":"50","currency":"EUR"}}"#;
        /// let first: PayoutSchedule = serde_json::from_str(json).unwrap();
        /// assert!(matches!(first, PayoutSchedule::Monthly { day: 1, .. }));
        /// assert_eq!(serde_json::to_string(&first).unwrap(), json);
        /// let json = r#"{"schedule":"monthly","day":13,"hold_days":30,"minimum":{"amount":"50","currency":"EUR"}}"#;
        /// let thirteenth: PayoutSchedule = serde_json::from_str(json).unwrap();
        /// assert!(matches!(thirteenth, PayoutSchedule::Monthly { day: 13, .. }));
        /// assert_eq!(serde_json::to_string(&thirteenth).unwrap(), json);
        /// ```
        #[serde(
            default = "first_day_of_month",
            skip_serializing_if = "is_first_day_of_month"
        )]
        day: u32,
        /// Days a line is held after booking before it can be paid.
        hold_days: u32,
        /// The smallest payout; less carries over to the next month.
        minimum: Money,
    },
    /// The lines booked in a program-time month are paid out together at 00:00 program
    /// time `days_after` days after the month ends (January's on 1 February plus
    /// `days_after` days), if with the lines carried over they reach `minimum`; otherwise
    /// they carry over to the next month's run. A line that already has a due date (a
    /// clawback, due with the line it claws back) waits for the first run from that date.
    ///
    /// ```
    /// use commission_rules::rules::PayoutSchedule;
    /// use commission_rules::{Currency, Money};
    /// use rust_decimal::Decimal;
    /// let minimum = Money::new(Decimal::from(50), Currency::EUR);
    /// let s = PayoutSchedule::AfterMonthEnd { days_after: 15, minimum };
    /// assert_eq!(serde_json::to_string(&s).unwrap(),
    ///     r#"{"schedule":"after_month_end","days_after":15,"minimum":{"amount":"50","currency":"EUR"}}"#);
    /// ```
    AfterMonthEnd {
        /// Days from the first day of the next month to the run (0: on that 1st).
        days_after: u32,
        /// The smallest payout; less carries over to the next month.
        minimum: Money,
    },
}

/// Monthly runs fall on the 1st unless a program names another day.
fn first_day_of_month() -> u32 {
    1
}

/// The default day is left out of the JSON, so programs written before days existed read
/// and write the same.
fn is_first_day_of_month(day: &u32) -> bool {
    *day == 1
}

/// A perk, the moment it starts, and how long it lasts.
///
/// ```
/// use commission_rules::rules::{EntitlementRule, EntitlementStart};
/// let r = EntitlementRule::new("partners-chat", EntitlementStart::PartnerRegistered);
/// assert_eq!(r.perk.as_str(), "partners-chat");
/// assert_eq!(r.lasts, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EntitlementRule {
    /// The perk.
    pub perk: Perk,
    /// When it starts.
    pub starts: EntitlementStart,
    /// How long it lasts from its start; `None`: open-ended (or, for a while-rule, as
    /// long as the condition holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lasts: Option<Span>,
}

impl EntitlementRule {
    /// An open-ended perk.
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, EntitlementRule, EntitlementStart};
    /// let perk = EntitlementRule::new("free-channel",
    ///     EntitlementStart::ClientCount { counter: ClientCounter::Attached, at_least: 10 });
    /// assert_eq!(perk.perk.as_str(), "free-channel");
    /// assert!(perk.lasts.is_none());
    /// ```
    pub fn new(perk: impl Into<Perk>, starts: EntitlementStart) -> Self {
        Self {
            perk: perk.into(),
            starts,
            lasts: None,
        }
    }
}

/// The moment an entitlement starts.
///
/// ```
/// use commission_rules::rules::{ClientCounter, EntitlementStart};
/// let s = EntitlementStart::ClientCount { counter: ClientCounter::Referred, at_least: 1 };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"client_count":{"counter":"referred","at_least":1}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub enum EntitlementStart {
    /// From the partner's registration.
    PartnerRegistered,
    /// From the moment a client count reaches `at_least`.
    ClientCount {
        /// Which count.
        counter: ClientCounter,
        /// The count that starts it.
        at_least: u32,
    },
    /// While at least one of the partner's clients is active (a paid period covers the
    /// date): one entitlement per uninterrupted run, with its start and end.
    WhileActiveClient {
        /// Which clients are the partner's (referrer, holder or reporter at the payment).
        of: Beneficiary,
    },
    /// Each time the partner is granted the status.
    StatusGranted {
        /// The status.
        status: Status,
    },
    /// While the partner holds the status: one entitlement per run, ending when another
    /// status is granted.
    WhileStatus {
        /// The status.
        status: Status,
    },
}

/// Which attachments of an existing (already paying) client are accepted; any other is
/// rejected. New clients may be attached on any basis.
///
/// ```
/// use commission_rules::rules::AttachmentPolicy;
/// use commission_rules::AttachBasis;
/// let ls_4 = AttachmentPolicy::new(vec![AttachBasis::ClientRequest]);
/// assert_eq!(serde_json::to_string(&ls_4).unwrap(), r#"{"existing_clients":["client_request"]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AttachmentPolicy {
    /// The bases accepted for a client that has already paid.
    pub existing_clients: Vec<crate::ledger::AttachBasis>,
}

impl AttachmentPolicy {
    /// Existing clients may be attached on these bases.
    ///
    /// ```
    /// use commission_rules::rules::AttachmentPolicy;
    /// use commission_rules::AttachBasis;
    /// let on_request = AttachmentPolicy::new(vec![AttachBasis::ClientRequest]);
    /// assert_eq!(on_request.existing_clients.len(), 1);
    /// ```
    pub fn new(existing_clients: Vec<crate::ledger::AttachBasis>) -> Self {
        Self { existing_clients }
    }
}

/// A monthly ranking of partners: by rewards credited in the month, then new clients
/// brought, then partner id (ascending) to break ties.
///
/// ```
/// use commission_rules::rules::LeaderboardRule;
/// let r = LeaderboardRule::new(commission_rules::rules::ClientCounter::Referred);
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"counter":"referred"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LeaderboardRule {
    /// Which clients count as "new clients brought".
    pub counter: ClientCounter,
}

impl LeaderboardRule {
    /// Partners ranked by their count on `counter`.
    ///
    /// ```
    /// use commission_rules::rules::{ClientCounter, LeaderboardRule};
    /// let by_paying = LeaderboardRule::new(ClientCounter::Paying);
    /// assert_eq!(by_paying.counter, ClientCounter::Paying);
    /// ```
    pub fn new(counter: ClientCounter) -> Self {
        Self { counter }
    }
}

/// What a refund of a payment does to rewards.
///
/// ```
/// use commission_rules::rules::RefundPolicy;
/// assert_eq!(serde_json::to_string(&RefundPolicy::Forbidden).unwrap(), r#"{"policy":"forbidden"}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "policy", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum RefundPolicy {
    /// Refunds are not allowed: a refund event is rejected.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Forbidden,
    /// Refunds are recorded; rewards already booked stand.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    NoClawback,
    /// A refund within `hold_days` of the payment claws back the payment's rewards in
    /// proportion to the amount refunded (an adjustment line per reward); later, none.
    ClawbackWithinHold {
        /// Days after the payment during which a refund claws back.
        hold_days: u32,
    },
}

impl RuleSet {
    /// A program with no rules and no versions yet, in the current format: push its
    /// [`ProgramVersion`]s (and program-wide rules) after.
    ///
    /// ```
    /// use commission_rules::rules::{CurrencyPolicy, ProgramVersion};
    /// use commission_rules::{Currency, ProgramZone, RoundingMode, RuleSet};
    /// let currency = CurrencyPolicy::single_currency(Currency::EUR);
    /// let mut program = RuleSet::new("my-program", "My partner terms", ProgramZone::UTC,
    ///     currency, RoundingMode::HalfAwayFromZero);
    /// assert!(program.versions.is_empty() && program.rules.is_empty());
    /// program.versions.push(ProgramVersion::new(None, "2026 terms", vec![]));
    /// program.schema = Some("./schema.json".to_owned());
    /// ```
    pub fn new(
        program: impl Into<ProgramId>,
        name: impl Into<String>,
        time_zone: ProgramZone,
        currency: CurrencyPolicy,
        rounding: RoundingMode,
    ) -> Self {
        Self {
            schema: None,
            format_version: FormatVersion::CURRENT,
            program: program.into(),
            name: name.into(),
            time_zone,
            currency,
            rounding,
            names: DeclaredNames::default(),
            rules: Vec::new(),
            versions: Vec::new(),
        }
    }

    /// The version in force at an instant (by its program-time date), if any.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// let radist = commission_rules::programs::radist();
    /// let at = Utc.with_ymd_and_hms(2020, 6, 1, 12, 0, 0).unwrap();
    /// assert_eq!(radist.version_at(at).unwrap().label, "2020: full or half rate by support");
    /// ```
    pub fn version_at(&self, at: crate::time::Instant) -> Option<&ProgramVersion> {
        let date = self.time_zone.date_of(at);
        self.versions
            .iter()
            .rev()
            .find(|version| version.effective_from.is_none_or(|from| from <= date))
    }

    /// The rules in force at an instant: the program-wide rules, then the version's.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// let radist = commission_rules::programs::radist();
    /// let at = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
    /// let clauses: Vec<_> = radist.rules_at(at).map(|r| r.clause.as_str()).collect();
    /// assert!(clauses.contains(&"R-1") && clauses.contains(&"R-2"));
    /// ```
    pub fn rules_at(&self, at: crate::time::Instant) -> impl Iterator<Item = &Rule> {
        let version_rules = self.version_at(at).map_or(&[][..], |v| v.rules.as_slice());
        self.rules.iter().chain(version_rules)
    }

    /// Reads a rule set from JSON and validates it. A document that does not parse names
    /// its line and column; a field of the wrong name or type, or a document that parses
    /// but is invalid, names the path of the fault. Unknown fields are refused, and
    /// figures written as JSON numbers are read digit for digit (as those in strings).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`](crate::ErrorKind::InvalidRuleSet), its place named:
    /// the line and column of text that is not JSON (or of anything after the document);
    /// the path of a field that is unknown, missing or of the wrong type (for an unknown
    /// field or variant, with the closest expected name); the path of the first fault
    /// [`RuleSet::validate`] finds.
    ///
    /// ```
    /// use commission_rules::RuleSet;
    /// let json = serde_json::to_string(&commission_rules::programs::wazzup()).unwrap();
    /// assert_eq!(RuleSet::from_json(&json).unwrap(), commission_rules::programs::wazzup());
    /// let broken = json.replacen(r#""rate_percent":"20""#, r#""rate_percent":"120""#, 1);
    /// assert_eq!(RuleSet::from_json(&broken).unwrap_err().to_string(),
    ///     "rule set at versions[0].rules[1].rate.rate_percent: rate 120% is outside 0–100%");
    /// assert!(RuleSet::from_json("{").unwrap_err().to_string().starts_with("rule set at line 1, column 1:"));
    /// let misspelled = json.replacen(r#""rate_percent":"20""#, r#""rate_precent":"20""#, 1);
    /// let message = RuleSet::from_json(&misspelled).unwrap_err().to_string();
    /// assert!(message.starts_with("rule set at versions[0].rules[1]: unknown field `rate_precent`"));
    /// assert!(message.ends_with("; did you mean `rate_percent`?"));
    /// ```
    pub fn from_json(json: &str) -> Result<Self, crate::Error> {
        let program = Self::parse_json(json)?;
        program.validate()?;
        Ok(program)
    }

    /// Reads a rule set from JSON as [`RuleSet::from_json`] does, reporting every fault:
    /// the one fault of a document that does not parse (or has a field of the wrong name
    /// or type), else every fault [`RuleSet::faults`] finds.
    ///
    /// # Errors
    /// Every [`Fault`] of the document, in document order, when it has any.
    ///
    /// ```
    /// use commission_rules::RuleSet;
    /// let json = serde_json::to_string(&commission_rules::programs::smart_soft()).unwrap();
    /// assert!(RuleSet::check_json(&json).is_ok());
    /// // Two misspelled names: a rule's product line, an entitlement's status.
    /// let two = json.replacen(r#"["depo-ti"]"#, r#"["depo"]"#, 1)
    ///     .replacen(r#"{"status":"privileged"}"#, r#"{"status":"privilegd"}"#, 1);
    /// let faults = RuleSet::check_json(&two).unwrap_err();
    /// let found: Vec<_> = faults.iter().map(|f| (f.path.as_str(), f.suggestion.as_deref())).collect();
    /// assert_eq!(found, [("versions[0].rules[4].payments.product_lines[0]", Some("depo-ti")),
    ///     ("versions[0].rules[10].starts.while_status.status", Some("privileged"))]);
    /// let misspelled = json.replacen(r#""rounding""#, r#""roundng""#, 1);
    /// let faults = RuleSet::check_json(&misspelled).unwrap_err();
    /// assert_eq!((faults.len(), faults[0].suggestion.as_deref()), (1, Some("rounding")));
    /// ```
    pub fn check_json(json: &str) -> Result<Self, Vec<Fault>> {
        let program = Self::parse_json(json).map_err(|fault| vec![fault])?;
        let faults = program.faults();
        if faults.is_empty() {
            Ok(program)
        } else {
            Err(faults)
        }
    }

    /// Reads a rule set from JSON without validating it; a misspelled field or variant
    /// gets the closest expected name.
    fn parse_json(json: &str) -> Result<Self, Fault> {
        let mut document = serde_json::Deserializer::from_str(json);
        let program: Self = serde_path_to_error::deserialize(&mut document)
            .map_err(|err| {
                let path = err.path().to_string();
                let err = err.into_inner();
                match err.classify() {
                    // A field of the wrong name or type: where it is in the document.
                    serde_json::error::Category::Data if path != "." => (path, err),
                    _ => (format!("line {}, column {}", err.line(), err.column()), err),
                }
            })
            .and_then(|program| {
                document
                    .end()
                    .map(|()| program)
                    .map_err(|err| (format!("line {}, column {}", err.line(), err.column()), err))
            })
            .map_err(|(place, err)| {
                let reason = err.to_string();
                let suggestion = crate::suggest::in_serde_message(&reason);
                Fault::suggesting(place, reason, suggestion.as_deref())
            })?;
        Ok(program)
    }

    /// A fingerprint of the whole rule set (FNV-1a over its JSON, as 16 hex digits): a
    /// snapshot records it, so resuming under changed terms with the same program id is
    /// refused instead of silently mixing two sets of terms. The `$schema` an editor uses
    /// is not part of the terms, so it is left out.
    pub(crate) fn fingerprint(&self) -> String {
        let json = match self.schema {
            None => serde_json::to_vec(self),
            Some(_) => serde_json::to_vec(&Self {
                schema: None,
                ..self.clone()
            }),
        }
        .unwrap_or_default();
        let hash = json.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        format!("{hash:016x}")
    }

    /// Every rule of the program, program-wide and in any version.
    pub(crate) fn all_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules
            .iter()
            .chain(self.versions.iter().flat_map(|v| v.rules.iter()))
    }
}
