//! What comes out: booked lines (each naming its clause, rule and source event, with the
//! figures that explain it), entitlements, rejected events, and per partner per month a
//! payout statement.

mod leaderboard;
mod qualification;
mod statement;
mod totals;

pub use leaderboard::{Leaderboard, LeaderboardEntry};
pub use qualification::{QualificationReport, Requirement, RequirementCheck};
pub use statement::{PayoutDue, PayoutStatement};

pub use totals::{KindTotal, StatementTotals};

pub(crate) use leaderboard::{build_leaderboards, credited_lines};
pub(crate) use statement::build_statements;
pub(crate) use totals::{MonthSums, build_totals, credited_in};

use crate::error::{Error, ErrorKind};
use crate::ids::{ClauseId, ClientId, EventId, PartnerId, Perk, ProgramId, RuleId};
use crate::money::{Currency, Money, Rate};
use crate::time::{Instant, Month};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Everything an evaluation produced.
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger};
/// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
/// assert!(outcome.lines.is_empty() && outcome.statements.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The program evaluated.
    pub program: ProgramId,
    /// The instant of the last event evaluated, if any.
    pub as_of: Option<Instant>,
    /// Every booked line, in booking order.
    pub lines: Vec<Line>,
    /// Perks and the dates they run from and to.
    pub entitlements: Vec<Entitlement>,
    /// Events rejected in lenient mode, with their reasons.
    pub rejections: Vec<Rejection>,
    /// Per partner per month, in partner then month order.
    pub statements: Vec<PayoutStatement>,
    /// Monthly rankings, where the program has one.
    pub leaderboards: Vec<Leaderboard>,
    /// How each payment was shared between partner and vendor.
    pub settlements: Vec<Settlement>,
    /// Per partner per year, where the program has a qualification rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifications: Vec<QualificationReport>,
    /// Statements in totals, in partner then month order: filled instead of `lines`,
    /// `statements` and `settlements` by a statements-only evaluation
    /// ([`crate::OutcomeDetail::Statements`]); use [`Outcome::statement_totals`] to read
    /// totals from either kind of outcome.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub totals: Vec<StatementTotals>,
}

impl Outcome {
    /// The statement of one partner for one month.
    ///
    /// ```
    /// use commission_rules::{evaluate, programs, Ledger, Month, PartnerId};
    /// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
    /// assert!(outcome.statement(&PartnerId::from("p1"), Month::new(2024, 3).unwrap()).is_none());
    /// ```
    pub fn statement(&self, partner: &PartnerId, month: Month) -> Option<&PayoutStatement> {
        self.statements
            .iter()
            .find(|s| &s.partner == partner && s.month == month)
    }

    /// Every partner-month in totals: [`Outcome::totals`] from a statements-only
    /// evaluation, or each statement's [`PayoutStatement::totals`] from a full one.
    ///
    /// ```
    /// use commission_rules::{evaluate, programs, Ledger};
    /// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
    /// assert!(outcome.statement_totals().is_empty());
    /// ```
    pub fn statement_totals(&self) -> Vec<StatementTotals> {
        if self.statements.is_empty() {
            return self.totals.clone();
        }
        self.statements
            .iter()
            .map(PayoutStatement::totals)
            .collect()
    }

    /// The lines booked for one partner, in booking order.
    ///
    /// ```
    /// use commission_rules::{evaluate, programs, Ledger, PartnerId};
    /// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
    /// assert_eq!(outcome.lines_for(&PartnerId::from("p1")).count(), 0);
    /// ```
    pub fn lines_for<'a>(&'a self, partner: &'a PartnerId) -> impl Iterator<Item = &'a Line> + 'a {
        self.lines
            .iter()
            .filter(move |line| &line.partner == partner)
    }
}

/// One booked line.
///
/// ```
/// use commission_rules::LineKind;
/// assert!(LineKind::Accrual.affects_balance());
/// assert!(!LineKind::Discount.affects_balance());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The partner the line belongs to.
    pub partner: PartnerId,
    /// What kind of line.
    pub kind: LineKind,
    /// The clause that produced it.
    pub clause: ClauseId,
    /// The rule that produced it.
    pub rule: RuleId,
    /// The ledger event that produced it.
    pub source_event: EventId,
    /// The payment the line is about, where it is about one (for a catch-up adjustment:
    /// the original payment, while `source_event` is the correction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<EventId>,
    /// The client the line is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientId>,
    /// When the line takes effect.
    pub booked_at: Instant,
    /// The program-time month of `booked_at`: the statement it appears in.
    pub month: Month,
    /// The signed amount, rounded once to the currency's minor unit.
    pub amount: Money,
    /// When the money is due: a payout's due date, or the due date of a payable reward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Instant>,
    /// The figures that explain the amount.
    pub explanation: Explanation,
}

/// Kinds of line.
///
/// ```
/// use commission_rules::LineKind;
/// assert_eq!(serde_json::to_string(&LineKind::NotPayable).unwrap(), r#""not_payable""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A reward owed to the partner.
    Accrual,
    /// A price reduction the partner got when paying for a client (memo: not a balance).
    Discount,
    /// A correction booked in the period it is recorded in (catch-up, manual).
    Adjustment,
    /// A reward computed but not payable, with the reason (memo: not a balance).
    NotPayable,
    /// A bonus (SPIF, …).
    Bonus,
    /// Money paid out to the partner (negative).
    Payout,
    /// A withdrawal the partner requested (negative).
    Withdrawal,
    /// What the partner's account was debited for a purchase for a client, at the net
    /// price (negative).
    Purchase,
    /// Money the partner put into its account.
    TopUp,
    /// The unused share of a cancelled purchase, back in the partner's account.
    Return,
    /// A cost the vendor bears for a client the partner brought (memo: not a balance).
    VendorCost,
    /// The part of a payment a welcome credit covered (memo: not a balance).
    CreditUsed,
    /// Welcome credit left unused when its window closed (memo: not a balance).
    CreditExpired,
    /// What the partner owes the vendor for a purchase, with its due date (memo: the
    /// balance is what the vendor owes the partner).
    Invoice,
}

impl LineKind {
    /// Whether the line changes what the vendor owes the partner. Discounts, not-payable
    /// lines, vendor costs and welcome-credit lines are shown in statements as memo lines.
    ///
    /// ```
    /// use commission_rules::LineKind;
    /// assert!(LineKind::Accrual.affects_balance() && LineKind::Payout.affects_balance());
    /// assert!(!LineKind::Discount.affects_balance()); // W-1: a price paid less, not money owed
    /// ```
    pub fn affects_balance(self) -> bool {
        !matches!(
            self,
            LineKind::Discount
                | LineKind::NotPayable
                | LineKind::VendorCost
                | LineKind::CreditUsed
                | LineKind::CreditExpired
                | LineKind::Invoice
        )
    }
}

/// The figures behind a line.
///
/// ```
/// use commission_rules::Explanation;
/// let e = Explanation::default();
/// assert!(e.rate.is_none() && !e.illustrative);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The amount the rate was applied to, in the booking currency, after conversion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Money>,
    /// The rate applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// Why that rate: `flat`, `status referral-only`, `tier from 10 (count 12)`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_basis: Option<String>,
    /// The client count at the time, where a tier depended on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The conversion used, where the payment was in another currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<FxUsed>,
    /// The exact amount before the one rounding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<Decimal>,
    /// The program version the line was computed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The version's figures are illustrative (never published by the vendor).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// For a reward to the partner that reported the client: whether its claim is
    /// exclusive (attachment accepted) or not (attachment refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive: Option<bool>,
    /// Anything else worth saying: a not-payable reason, invoice wording, a manual reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An exchange rate as used for a line.
///
/// ```
/// use commission_rules::{Currency, FxUsed};
/// use rust_decimal::Decimal;
/// let fx = FxUsed { from: Currency::new("USD").unwrap(), to: Currency::new("RUB").unwrap(),
///     published_rate: Decimal::from(100), markup_percent: Decimal::from(3), applied_rate: Decimal::from(103) };
/// assert_eq!(fx.applied_rate, Decimal::from(103));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxUsed {
    /// Currency converted from.
    pub from: Currency,
    /// Currency converted to.
    pub to: Currency,
    /// The rate from the ledger (units of `to` per `from`).
    pub published_rate: Decimal,
    /// The program's markup.
    pub markup_percent: Decimal,
    /// `published_rate × (1 + markup)`.
    pub applied_rate: Decimal,
}

/// A perk a partner is entitled to, from a date (and, for some perks, to a date).
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger};
/// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
/// assert!(outcome.entitlements.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    /// The partner.
    pub partner: PartnerId,
    /// The perk.
    pub perk: Perk,
    /// The clause granting it.
    pub clause: ClauseId,
    /// The rule granting it.
    pub rule: RuleId,
    /// The event that started it.
    pub source_event: EventId,
    /// From when.
    pub from: Instant,
    /// Until when (exclusive), if it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Instant>,
}

/// An event rejected in lenient mode.
///
/// ```
/// use commission_rules::{Error, ErrorKind, Rejection};
/// let r = Rejection::from(Error::at_event("e1".into(), ErrorKind::DuplicateEventId));
/// assert_eq!(r.event.as_str(), "e1");
/// assert_eq!(r.message, "event e1: an earlier event already has this id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// The event rejected.
    pub event: EventId,
    /// Why, as a typed reason.
    pub reason: ErrorKind,
    /// Why, in words.
    pub message: String,
}

impl From<Error> for Rejection {
    fn from(error: Error) -> Self {
        Self {
            event: error.event().cloned().unwrap_or_else(|| EventId::new("")),
            reason: error.kind().clone(),
            message: error.to_string(),
        }
    }
}

/// How one payment was shared: what the partner got (in its booking currency) and what
/// the vendor kept. `partner_share + vendor_share = gross`, to the minor unit.
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger};
/// let ledger: Ledger = serde_json::from_str(r#"[
///   {"id":"p","at":"2024-03-01T09:00:00Z","type":"partner_registered","partner":"p1",
///    "legal_form":"legal_entity","currency":"RUB"},
///   {"id":"c","at":"2024-03-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"},
///   {"id":"pay","at":"2024-03-10T12:00:00Z","type":"payment","client":"c1",
///    "payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
/// ]"#).unwrap();
/// let outcome = evaluate(&programs::radist(), &ledger).unwrap();
/// let s = &outcome.settlements[0];
/// assert_eq!((s.gross.to_string(), s.partner_share.to_string(), s.vendor_share.to_string()),
///     ("5000.00 RUB".into(), "2000.00 RUB".into(), "3000.00 RUB".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// The payment.
    pub payment: EventId,
    /// The partner sharing in it; `None` when no partner did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerId>,
    /// The payment, converted to the partner's booking currency and rounded.
    pub gross: Money,
    /// The sum of the partner's reward lines for this payment (accruals, discounts,
    /// catch-up adjustments, not-payable lines excluded).
    pub partner_share: Money,
    /// What the vendor keeps.
    pub vendor_share: Money,
}
