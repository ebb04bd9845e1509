//! What comes out: booked lines (each naming its clause, rule and source event, with the
//! figures that explain it), entitlements, rejected events, and per partner per month a
//! payout statement; and, asked for one payment, why each rule booked or did not book a
//! line for it ([`PaymentExplanation`]).

mod leaderboard;
mod line;
mod qualification;
mod statement;
mod totals;
mod verdict;

pub use leaderboard::{Leaderboard, LeaderboardEntry};
pub use line::{Explanation, FxUsed, Line, LineKind, PaidLines};
pub use qualification::{QualificationReport, Requirement, RequirementCheck};
pub use statement::{PayoutDue, PayoutStatement};
pub use verdict::{MatchCriterion, PaymentExplanation, RuleExplanation, RuleVerdict};

pub use totals::{KindTotal, StatementTotals};

pub(crate) use leaderboard::{build_leaderboards, credited_lines};
pub(crate) use statement::build_statements;
pub(crate) use totals::{MonthSums, build_totals, credited_in};

use crate::error::{Error, ErrorKind};
use crate::ids::{ClauseId, EventId, PartnerId, Perk, ProgramId, RuleId};
use crate::money::Money;
use crate::time::{Instant, Month};
use serde::{Deserialize, Serialize};

/// Everything an evaluation produced.
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger};
/// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
/// assert!(outcome.lines.is_empty() && outcome.statements.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
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

/// A perk a partner is entitled to, from a date (and, for some perks, to a date).
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger};
/// let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
/// assert!(outcome.entitlements.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Settlement {
    /// The payment.
    pub payment: EventId,
    /// The partner sharing in it; `None` when no partner did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerId>,
    /// The payment, converted to the partner's booking currency and rounded.
    pub gross: Money,
    /// The sum of the partner's reward lines for this payment (accruals, discounts,
    /// catch-up adjustments, not-payable lines excluded; so are fixed amounts such as a
    /// bounty, which are the vendor's cost rather than a share of the payment).
    pub partner_share: Money,
    /// What the vendor keeps.
    pub vendor_share: Money,
}
