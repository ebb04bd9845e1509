//! Ledgers on disk (JSON Lines and CSV, streaming, with line numbers in errors) and the
//! statements printed from them. The command-line tool is tested in `tests/cli.rs`.

use commission_rules::ledger::{ReadError, read_csv, read_jsonl};
use commission_rules::{Event, Ledger, RuleSet, evaluate};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wazzup_file() -> RuleSet {
    let text = std::fs::read_to_string(root().join("programs/wazzup.json")).unwrap();
    RuleSet::from_json(&text).unwrap()
}

fn sample(extension: &str) -> std::fs::File {
    std::fs::File::open(root().join(format!("tests/data/wazzup-sample.{extension}"))).unwrap()
}

#[test]
fn json_lines_and_csv_ledgers_give_the_same_outcome() {
    let jsonl: Vec<Event> = read_jsonl(std::io::BufReader::new(sample("jsonl")))
        .collect::<Result<_, _>>()
        .unwrap();
    let csv: Vec<Event> = read_csv(sample("csv")).collect::<Result<_, _>>().unwrap();
    assert_eq!(jsonl.len(), 15);
    assert_eq!(csv, jsonl);
    let program = wazzup_file();
    let from_jsonl = evaluate(&program, &Ledger::from(jsonl)).unwrap();
    let from_csv = evaluate(&program, &Ledger::from(csv)).unwrap();
    assert_eq!(from_csv, from_jsonl);
    assert!(from_jsonl.lines.len() > 10);
}

/// Every row of a statement that ends in an amount (opening, lines, memo lines, closing).
fn amount_rows(table: &str) -> Vec<&str> {
    table
        .lines()
        .filter(|row| row.starts_with("  ") && !row.starts_with("      "))
        .filter(|row| !row.starts_with("  memo") && !row.starts_with("  payout due"))
        .collect()
}

#[test]
fn a_statement_table_stays_aligned_for_long_ids() {
    let path = root().join("tests/data/radist-odd-ids.jsonl");
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let ledger: Ledger = read_jsonl(file)
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .into();
    let radist =
        RuleSet::from_json(&std::fs::read_to_string(root().join("programs/radist.json")).unwrap())
            .unwrap();
    let outcome = evaluate(&radist, &ledger).unwrap();
    let long = "integrator-with-a-very-long-partner-identifier";
    let statement = outcome
        .statements
        .iter()
        .find(|s| s.partner == long)
        .unwrap();
    let table = statement.to_string();
    let rows = amount_rows(&table);
    assert_eq!(rows.len(), 4, "{table}");
    // The 47-character event id widens its column: every amount ends in one column.
    assert!(
        rows.iter()
            .all(|row| row.chars().count() == rows[0].chars().count()),
        "{table}"
    );
    assert!(
        rows[1].ends_with(" 493.82") && rows[2].ends_with(" -493.82"),
        "{table}"
    );
    assert!(rows[1].contains(" clinic-pays-march-with-a-long-payment-reference 1234.56 x 40% "));
    // The Wazzup sample's February: every amount ends in column 84 (the memo line's
    // `10000.00 x 10%` widens the label; it overran the column before).
    let wazzup = evaluate(
        &wazzup_file(),
        &read_csv(sample("csv"))
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .into(),
    )
    .unwrap();
    let february = wazzup
        .statements
        .iter()
        .find(|s| s.month.to_string() == "2024-02")
        .unwrap();
    let february = february.to_string();
    let rows = amount_rows(&february);
    assert!(
        rows.iter().all(|row| row.chars().count() == 84),
        "{february}"
    );
}

#[test]
fn a_bad_json_line_names_its_line_and_reading_goes_on() {
    let text = concat!(
        r#"{"id":"e1","at":"2024-03-01T09:00:00Z","type":"contract_signed","partner":"p1"}"#,
        "\n\n",
        r#"{"id":"e2","at":"2024-03-01T09:00:00Z","type":"no_such_event"}"#,
        "\n",
        r#"{"id":"e3","at":"2024-03-01T09:00:00Z","type":"contract_signed","partner":"p1"}"#,
        "\n",
    );
    let results: Vec<Result<Event, ReadError>> = read_jsonl(text.as_bytes()).collect();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[2].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("no_such_event"), "{err}");
}

#[test]
fn a_bad_csv_row_names_its_line() {
    let text = "id,at,type,partner,amount\n\
                e1,2024-03-01T09:00:00Z,contract_signed,p1,\n\
                e2,2024-03-02T09:00:00Z,withdrawal_requested,p1,12 RUB\n\
                e3,2024-03-03T09:00:00Z,withdrawal_requested,p1,12RUB\n";
    let results: Vec<Result<Event, ReadError>> = read_csv(text.as_bytes()).collect();
    assert!(results[0].is_ok() && results[1].is_ok());
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.line, 4);
    assert_eq!(
        err.to_string(),
        r#"line 4: "12RUB" is not an amount and a currency, like "3000.00 RUB""#
    );
}
