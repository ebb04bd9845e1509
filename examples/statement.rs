//! A statement tool for ledgers on disk, built only on the library and std.
//!
//! ```sh
//! cargo run --example statement -- --program programs/wazzup.json \
//!     --ledger tests/data/wazzup-sample.jsonl [--partner ID] [--month 2024-01] \
//!     [--format table|json|csv]
//! ```
//!
//! The ledger is JSON Lines (`.jsonl`) or CSV (`.csv`, the layout of
//! `commission_rules::ledger::read_csv`). Without flags it runs on the Wazzup sample
//! ledger in `tests/data`. An unknown flag, an unreadable file or a bad event prints one
//! line to stderr and exits with code 2.

use commission_rules::ledger::{ReadError, read_csv, read_jsonl};
use commission_rules::{Event, Month, Outcome, PartnerId, PayoutStatement, RuleSet, evaluate};
use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

struct Options {
    program: String,
    ledger: String,
    partner: Option<PartnerId>,
    month: Option<Month>,
    format: Format,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        program: "programs/wazzup.json".to_owned(),
        ledger: "tests/data/wazzup-sample.jsonl".to_owned(),
        partner: None,
        month: None,
        format: Format::Table,
    };
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--program" => options.program = value()?,
            "--ledger" => options.ledger = value()?,
            "--partner" => options.partner = Some(PartnerId::new(value()?)),
            "--month" => {
                let text = value()?;
                let month = serde_json::from_value(serde_json::Value::String(text.clone()))
                    .map_err(|_| format!("--month {text}: expected YYYY-MM"))?;
                options.month = Some(month);
            }
            "--format" => {
                options.format = match value()?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => return Err(format!("--format {other}: expected table, json or csv")),
                }
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

fn read_ledger(path: &str) -> Result<Vec<Event>, String> {
    let file = File::open(path).map_err(|err| format!("{path}: {err}"))?;
    let events: Result<Vec<Event>, ReadError> = if path.ends_with(".csv") {
        read_csv(file).collect()
    } else {
        read_jsonl(BufReader::new(file)).collect()
    };
    events.map_err(|err| format!("{path}: {err}"))
}

fn run(options: &Options) -> Result<String, String> {
    let text = std::fs::read_to_string(&options.program)
        .map_err(|err| format!("{}: {err}", options.program))?;
    let program = RuleSet::from_json(&text).map_err(|err| format!("{}: {err}", options.program))?;
    let ledger = read_ledger(&options.ledger)?.into();
    let outcome =
        evaluate(&program, &ledger).map_err(|err| format!("{}: {err}", options.ledger))?;
    render(&outcome, options)
}

fn selected<'a>(outcome: &'a Outcome, options: &Options) -> Vec<&'a PayoutStatement> {
    outcome
        .statements
        .iter()
        .filter(|s| options.partner.as_ref().is_none_or(|p| &s.partner == p))
        .filter(|s| options.month.is_none_or(|m| s.month == m))
        .collect()
}

fn render(outcome: &Outcome, options: &Options) -> Result<String, String> {
    let statements = selected(outcome, options);
    match options.format {
        Format::Table => Ok(statements.iter().map(|s| format!("{s}\n")).collect()),
        Format::Json => serde_json::to_string_pretty(&statements).map_err(|err| err.to_string()),
        Format::Csv => Ok(csv_rows(&statements)),
    }
}

/// One row per line: balance lines and memo lines, with the statement's totals first.
fn csv_rows(statements: &[&PayoutStatement]) -> String {
    let mut out = String::from(
        "partner,month,booked_at,kind,clause,rule,source_event,amount,currency,in_balance\n",
    );
    for statement in statements {
        let month = statement.month;
        let totals = [
            ("opening", statement.opening),
            ("closing", statement.closing),
        ];
        for (label, money) in totals {
            out.push_str(&format!(
                "{},{month},,{label},,,,{},{},true\n",
                statement.partner, money.amount, money.currency
            ));
        }
        let lines = statement.lines.iter().map(|l| (l, true));
        for (line, in_balance) in lines.chain(statement.memo.iter().map(|l| (l, false))) {
            let kind = serde_json::to_string(&line.kind).unwrap_or_default();
            out.push_str(&format!(
                "{},{month},{},{},{},{},{},{},{},{in_balance}\n",
                statement.partner,
                line.booked_at.to_rfc3339(),
                kind.trim_matches('"'),
                line.clause,
                line.rule,
                line.source_event,
                line.amount.amount,
                line.amount.currency,
            ));
        }
    }
    out
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|options| run(&options)) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("statement: {message}");
            ExitCode::from(2)
        }
    }
}
