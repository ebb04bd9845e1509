//! `explain`: why one payment earned what it earned, rule by rule.

use crate::{Failure, input, output};
use clap::{Args, ValueEnum};
use commission_rules::{EventId, LineId, PaymentExplanation, explain_payment};
use std::io::Write;
use std::path::PathBuf;

/// What `explain` reads and prints.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The program file (JSON).
    #[arg(long)]
    program: PathBuf,
    /// The ledger file: JSON Lines, or CSV if its name ends in `.csv`.
    #[arg(long)]
    ledger: PathBuf,
    /// The payment's event id.
    #[arg(long, value_name = "ID")]
    payment: String,
    /// `table`: one row per rule in force at the payment (its verdict and the lines it
    /// booked); `json`: the library's `PaymentExplanation`.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Table)]
    format: ExplainFormat,
}

/// How `explain` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExplainFormat {
    /// Aligned text for people.
    Table,
    /// JSON, as the library serialises it.
    Json,
}

/// Evaluates the ledger (leniently: other bad events are skipped) and explains the
/// payment. A payment the ledger does not have, or one the program rejects, is a fault
/// of the input.
pub(crate) fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let program = input::program(&args.program)?;
    let ledger = input::ledger(&args.ledger)?;
    let payment = EventId::new(args.payment.as_str());
    let explained = explain_payment(&program, &ledger, &payment)
        .map_err(|error| Failure::Input(format!("{}: {error}", args.ledger.display())))?;
    match args.format {
        ExplainFormat::Table => {
            let text = table(&explained);
            out.write_all(text.as_bytes()).map_err(output::write_failed)
        }
        ExplainFormat::Json => output::json(&explained, out),
    }
}

/// Ids joined by spaces (an id writes a space as `%20`).
fn joined(ids: &[LineId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading naming the payment, a row per rule, and the lines later events booked.
fn table(explained: &PaymentExplanation) -> String {
    let version = explained
        .version
        .as_ref()
        .map_or_else(String::new, |label| format!(", version {label:?}"));
    let mut text = format!(
        "payment {}: client {}, {} at {}{version}\n",
        explained.payment,
        explained.client,
        explained.amount,
        output::instant(explained.at)
    );
    let mut rows = vec![
        ["rule", "clause", "kind", "verdict", "lines"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for rule in &explained.rules {
        rows.push(vec![
            rule.rule.to_string(),
            rule.clause.to_string(),
            rule.kind.clone(),
            rule.verdict.to_string(),
            joined(&rule.lines),
        ]);
    }
    text.push_str(&output::table(&rows, 5));
    if !explained.later.is_empty() {
        text.push_str(&format!(
            "booked later for the payment: {}\n",
            joined(&explained.later)
        ));
    }
    text
}
