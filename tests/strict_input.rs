//! Input is read strictly (issue 17, item 10): a misspelled field or CSV column is an
//! error naming it and where it is, never a silently dropped value; decimals written as
//! JSON numbers are read digit for digit, not through a binary float; a JSON Lines file may
//! start with a byte-order mark, as a CSV file may.

use commission_rules::ledger::{read_csv, read_jsonl};
use commission_rules::{Event, EventKind, Ledger, Rate, RuleSet};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The first error reading a JSON Lines text, as its line and message.
fn jsonl_error(text: &str) -> (u64, String) {
    let err = read_jsonl(text.as_bytes())
        .find_map(Result::err)
        .expect("the ledger is rejected");
    (err.line, err.to_string())
}

/// The first error reading a CSV text, as its line and message.
fn csv_error(text: &str) -> (u64, String) {
    let err = read_csv(text.as_bytes())
        .find_map(Result::err)
        .expect("the ledger is rejected");
    (err.line, err.to_string())
}

fn example_saas() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/example-saas.json");
    std::fs::read_to_string(path).unwrap()
}

fn fx_rate(event: &Event) -> Decimal {
    match event.kind {
        EventKind::FxRate { rate, .. } => rate,
        ref other => panic!("not an FX rate: {other:?}"),
    }
}

const PARTNER: &str = r#"{"id":"e1","at":"2024-01-01T00:00:00Z","type":"partner_registered","partner":"p1","legal_form":"legal_entity","currency":"RUB"}"#;

#[test]
fn a_misspelled_event_field_is_rejected_naming_the_field_and_line() {
    let client = r#"{"id":"e2","at":"2024-01-02T00:00:00Z","type":"client_registered","client":"c1","referer":"p1"}"#;
    let (line, message) = jsonl_error(&format!("{PARTNER}\n{client}\n"));
    assert_eq!(line, 2);
    assert!(message.starts_with("line 2: "), "{message}");
    assert!(message.contains("unknown field `referer`"), "{message}");
    // The same event as a JSON value (a ledger document) is refused too.
    let ledger = format!("[{PARTNER},{client}]");
    let err = serde_json::from_str::<Ledger>(&ledger).unwrap_err();
    assert!(err.to_string().contains("unknown field `referer`"), "{err}");
}

#[test]
fn a_misspelled_rule_field_in_a_program_file_is_rejected_with_its_path() {
    let text = example_saas();
    assert!(RuleSet::from_json(&text).is_ok());
    let misspelled = text.replacen(r#""per_client""#, r#""per_clinet""#, 1);
    let message = RuleSet::from_json(&misspelled).unwrap_err().to_string();
    assert!(
        message.starts_with("rule set at versions[0].rules[0]: "),
        "{message}"
    );
    assert!(message.contains("unknown field `per_clinet`"), "{message}");
}

#[test]
fn a_csv_ledger_with_an_unknown_column_is_rejected_naming_the_column() {
    // The misspelled column is empty on every row: the header alone is wrong.
    let csv = "id,at,type,client,referer\n\
               e2,2024-01-02T00:00:00Z,client_registered,c1,\n";
    let (line, message) = csv_error(csv);
    assert_eq!(line, 1);
    assert!(message.contains("`referer`"), "{message}");
    assert!(message.contains("unknown column"), "{message}");
}

#[test]
fn a_csv_ledger_with_a_duplicated_column_is_rejected_naming_the_column() {
    let csv = "id,at,type,client,payment_kind,paid_by,amount,amount\n\
               e9,2024-03-10T12:00:00Z,payment,c1,subscription,client,3000.00 RUB,1.00 RUB\n";
    let (line, message) = csv_error(csv);
    assert_eq!(line, 1);
    assert!(message.contains("`amount`"), "{message}");
    assert!(message.contains("more than once"), "{message}");
}

const EXACT: &str = "92.123456789012345678";

fn fx_event(rate: &str) -> String {
    format!(
        r#"{{"id":"fx","at":"2024-01-01T00:00:00Z","type":"fx_rate","base":"USD","quote":"RUB","rate":{rate}}}"#
    )
}

#[test]
fn an_fx_rate_written_as_a_json_number_is_read_exactly_from_jsonl() {
    let exact = Decimal::from_str(EXACT).unwrap();
    for written in [EXACT.to_owned(), format!("\"{EXACT}\"")] {
        let text = format!("{PARTNER}\n{}\n", fx_event(&written));
        let events: Vec<Event> = read_jsonl(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(fx_rate(&events[1]), exact, "written as {written}");
        assert_eq!(fx_rate(&events[1]).to_string(), EXACT);
    }
}

#[test]
fn an_fx_rate_written_as_a_json_number_is_read_exactly_from_a_json_value() {
    let exact = Decimal::from_str(EXACT).unwrap();
    for written in [EXACT.to_owned(), format!("\"{EXACT}\"")] {
        let event: Event = serde_json::from_str(&fx_event(&written)).unwrap();
        assert_eq!(fx_rate(&event), exact, "written as {written}");
        let ledger: Ledger = serde_json::from_str(&format!("[{}]", fx_event(&written))).unwrap();
        assert_eq!(fx_rate(&ledger.events()[0]), exact, "written as {written}");
    }
    // A program's figures too: the FX markup as a JSON number, and a money amount.
    let text = example_saas()
        .replacen(
            r#""fx_markup_percent": "0""#,
            r#""fx_markup_percent": 3.123456789012345678"#,
            1,
        )
        .replacen(
            r#""max_total": { "amount": "500""#,
            r#""max_total": { "amount": 500.10"#,
            1,
        );
    let program = RuleSet::from_json(&text).unwrap();
    assert_eq!(
        program.currency.fx_markup_percent,
        Rate::percent(Decimal::from_str("3.123456789012345678").unwrap())
    );
    let json = serde_json::to_string(&program).unwrap();
    assert!(json.contains(r#""amount":"500.10""#), "{json}");
}

#[test]
fn a_jsonl_file_starting_with_a_byte_order_mark_is_read() {
    let text = format!("\u{feff}{PARTNER}\n");
    let events: Vec<Event> = read_jsonl(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].id.as_str(), "e1");
}

#[test]
fn unknown_fields_are_rejected_in_every_nested_input_type() {
    let events = [
        // A payment of a kind without fields, and its nested money and period.
        (
            r#"{"id":"e3","at":"2024-01-03T00:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"10","currency":"RUB"},"list_prise":{"amount":"10","currency":"RUB"}}"#,
            "list_prise",
        ),
        (
            r#"{"id":"e3","at":"2024-01-03T00:00:00Z","type":"payment","client":"c1","payment_kind":"license","product_line":"TI","paid_by":"client","amount":{"amount":"10","currency":"RUB","curency":"USD"}}"#,
            "curency",
        ),
        (
            r#"{"id":"e3","at":"2024-01-03T00:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"10","currency":"RUB"},"period":{"from":"2024-01-01T00:00:00Z","to":"2024-02-01T00:00:00Z","until":"2024-03-01T00:00:00Z"}}"#,
            "until",
        ),
        // An event kind without fields.
        (
            r#"{"id":"e4","at":"2024-01-04T00:00:00Z","type":"checkpoint","partner":"p1"}"#,
            "partner",
        ),
    ];
    for (event, field) in events {
        let (line, message) = jsonl_error(&format!("{PARTNER}\n{event}\n"));
        assert_eq!(line, 2, "{message}");
        assert!(
            message.contains(&format!("unknown field `{field}`")),
            "{message}"
        );
    }
    let text = example_saas();
    let programs = [
        (
            text.replacen(r#""rounding""#, r#""roundings": "x", "rounding""#, 1),
            "roundings",
        ),
        (
            text.replacen(r#""label""#, r#""labels": "x", "label""#, 1),
            "labels",
        ),
        (
            text.replacen(r#""from": "5""#, r#""from": "5", "to_count": 9"#, 1),
            "to_count",
        ),
        (
            text.replacen(r#""max_payments""#, r#""max_paymnets""#, 1),
            "max_paymnets",
        ),
        (
            text.replacen(
                r#""program_currency""#,
                r#""booking_currency": "EUR", "program_currency""#,
                1,
            ),
            "booking_currency",
        ),
    ];
    for (program, field) in programs {
        let message = RuleSet::from_json(&program).unwrap_err().to_string();
        assert!(
            message.contains(&format!("unknown field `{field}`")),
            "{message}"
        );
    }
}

/// Serde ignores extra keys of a tagged variant without fields, even with
/// `deny_unknown_fields`; such variants refuse them too (an event's and a rule's).
#[test]
fn a_variant_without_fields_refuses_any_field_besides_its_tag() {
    use commission_rules::{EventKind, rules::RuleKind};
    let checkpoint = serde_json::from_str::<EventKind>(r#"{"type":"checkpoint"}"#);
    assert_eq!(checkpoint.ok(), Some(EventKind::Checkpoint));
    let err = serde_json::from_str::<EventKind>(r#"{"type":"checkpoint","partner":"p1"}"#)
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().starts_with("unknown field `partner`"));
    let spif = serde_json::from_str::<RuleKind>(r#"{"rule":"spif","amount":"5"}"#);
    assert!(spif.is_err());
}
