//! How much of the outcome an evaluation keeps.

use serde::{Deserialize, Serialize};

/// How much of the outcome an evaluation keeps.
///
/// `Full` keeps every line (and the payments, event ids and settlements that go with
/// them). `Statements` is for large runs: each event's lines are folded into their
/// partner-month [`StatementTotals`](crate::StatementTotals) once the event is done, so the
/// engine's memory is bounded by partners, clients and months, not by events. In exchange:
/// - the outcome has [`Outcome::totals`](crate::Outcome::totals) instead of lines,
///   statements and settlements;
/// - event ids are checked for duplicates only among events applying from the same
///   instant (a rate of the whole day applies from its day's start; the caller
///   guarantees ids are unique, as a ledger's primary key does);
/// - a payment is kept only while a rule can still book a line from it (a W-8
///   cancellation until its period ends, a clawback until its hold ends); a later
///   cancellation or refund naming it is rejected as an unknown payment and books nothing,
///   as it would have booked nothing in a full evaluation.
///
/// On any ledger within that contract the totals equal the
/// [`PayoutStatement::totals`](crate::PayoutStatement::totals) of a full evaluation, and
/// the entitlements, leaderboards and qualifications are the same (property tests in
/// `tests/invariants.rs`); entitlements and rejections are listed in a canonical order
/// (by partner and start; by instant and event id) that a merge of parts reproduces.
///
/// ```
/// use commission_rules::{Engine, Mode, OutcomeDetail, programs};
/// let program = programs::wazzup();
/// let engine = Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements).unwrap();
/// assert!(engine.outcome().unwrap().totals.is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutcomeDetail {
    /// Every line, statement and settlement.
    #[default]
    Full,
    /// Statement totals per partner-month only.
    Statements,
}
