//! `payouts`: the mass-payout file, one row per payout the vendor makes.

use crate::{DataFormat, Failure, PayoutsArgs, input, output};
use commission_rules::{
    ClauseId, Currency, EventId, Instant, LineId, LineKind, Outcome, PartnerId, RuleId,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;

/// The columns of the payouts CSV, the fields of the JSON rows. `id` is the payout line's
/// id; `pays` the ids of the lines it pays, joined by spaces (a line id writes a space
/// in its parts as `%20`, so the list splits back); none for a withdrawal.
pub(crate) const CSV_COLUMNS: [&str; 11] = [
    "partner",
    "amount",
    "currency",
    "due",
    "kind",
    "clause",
    "rule",
    "source_event",
    "payment",
    "id",
    "pays",
];

/// One payout to make: a `payout` line of the outcome (automatic payouts: one per paid
/// line, naming the event and payment it pays; monthly runs: one per run, naming the
/// last event whose line it pays, and every line it pays) or a `withdrawal` the partner
/// requested.
#[derive(Debug, Serialize)]
struct PayoutRow<'a> {
    partner: &'a PartnerId,
    /// What to transfer: positive.
    amount: Decimal,
    currency: Currency,
    due: Instant,
    kind: String,
    clause: &'a ClauseId,
    rule: &'a RuleId,
    source_event: &'a EventId,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment: Option<&'a EventId>,
    /// The payout line's id.
    id: &'a LineId,
    /// The ids of the lines it pays.
    pays: &'a [LineId],
}

/// Evaluates the ledger and prints every payout, by partner then due date.
pub(crate) fn run(args: &PayoutsArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let outcome = input::evaluated(&args.evaluation)?;
    let rows = payout_rows(&outcome);
    match args.format {
        DataFormat::Json => output::json(&rows, out),
        DataFormat::Csv => {
            let records: Vec<Vec<String>> = rows.iter().map(csv_record).collect();
            output::csv(&CSV_COLUMNS, &records, out)
        }
    }
}

fn payout_rows(outcome: &Outcome) -> Vec<PayoutRow<'_>> {
    let mut rows: Vec<PayoutRow<'_>> = outcome
        .lines
        .iter()
        .filter(|line| matches!(line.kind, LineKind::Payout | LineKind::Withdrawal))
        .map(|line| PayoutRow {
            partner: &line.partner,
            amount: line.amount.amount.abs(),
            currency: line.amount.currency,
            due: line.due.unwrap_or(line.booked_at),
            kind: output::line_kind(line.kind),
            clause: &line.clause,
            rule: &line.rule,
            source_event: &line.source_event,
            payment: line.payment.as_ref(),
            id: &line.id,
            pays: &line.explanation.pays[..],
        })
        .collect();
    // Stable: payouts of one partner due at one instant keep their booking order.
    rows.sort_by(|a, b| (a.partner, a.due).cmp(&(b.partner, b.due)));
    rows
}

fn csv_record(row: &PayoutRow<'_>) -> Vec<String> {
    vec![
        row.partner.to_string(),
        row.amount.to_string(),
        row.currency.to_string(),
        output::instant(row.due),
        row.kind.clone(),
        row.clause.to_string(),
        row.rule.to_string(),
        row.source_event.to_string(),
        row.payment.map(ToString::to_string).unwrap_or_default(),
        row.id.to_string(),
        row.pays
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    ]
}
