//! `statement`: the partners' monthly payout statements.

use crate::{Failure, Format, StatementArgs, input, output};
use commission_rules::{Line, PayoutStatement};
use std::io::Write;

/// The columns of the statement CSV: one row per line of a statement, balance lines
/// (`in_balance` true) then memo lines (false). A month's closing balance is its opening
/// plus the amounts of its balance lines. `id` is the line's id (stable across runs: a
/// key to upsert lines by).
pub(crate) const CSV_COLUMNS: [&str; 15] = [
    "partner",
    "month",
    "booked_at",
    "kind",
    "clause",
    "rule",
    "source_event",
    "payment",
    "client",
    "amount",
    "currency",
    "in_balance",
    "due",
    "note",
    "id",
];

/// Evaluates the ledger and prints the selected statements.
pub(crate) fn run(args: &StatementArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let outcome = input::evaluated(&args.evaluation)?;
    let statements: Vec<&PayoutStatement> = outcome
        .statements
        .iter()
        .filter(|s| args.partner.as_deref().is_none_or(|p| s.partner == p))
        .filter(|s| args.month.is_none_or(|m| s.month == m))
        .collect();
    match args.format {
        Format::Table => table(&statements, out),
        Format::Json => output::json(&statements, out),
        Format::Csv => output::csv(&CSV_COLUMNS, &csv_rows(&statements), out),
    }
}

/// Each statement as the library writes it (columns as wide as its ids), a blank line
/// between two.
fn table(statements: &[&PayoutStatement], out: &mut dyn Write) -> Result<(), Failure> {
    for (index, statement) in statements.iter().enumerate() {
        let gap = if index == 0 { "" } else { "\n" };
        write!(out, "{gap}{statement}").map_err(output::write_failed)?;
    }
    Ok(())
}

fn csv_rows(statements: &[&PayoutStatement]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for statement in statements {
        let balance = statement.lines.iter().map(|line| (line, true));
        let memo = statement.memo.iter().map(|line| (line, false));
        for (line, in_balance) in balance.chain(memo) {
            rows.push(csv_row(statement, line, in_balance));
        }
    }
    rows
}

fn csv_row(statement: &PayoutStatement, line: &Line, in_balance: bool) -> Vec<String> {
    let text = |id: Option<&dyn ToString>| id.map(ToString::to_string).unwrap_or_default();
    vec![
        statement.partner.to_string(),
        statement.month.to_string(),
        output::instant(line.booked_at),
        output::line_kind(line.kind),
        line.clause.to_string(),
        line.rule.to_string(),
        line.source_event.to_string(),
        text(line.payment.as_ref().map(|id| id as &dyn ToString)),
        text(line.client.as_ref().map(|id| id as &dyn ToString)),
        line.amount.amount.to_string(),
        line.amount.currency.to_string(),
        in_balance.to_string(),
        line.due.map(output::instant).unwrap_or_default(),
        line.explanation.note.clone().unwrap_or_default(),
        line.id.to_string(),
    ]
}
