//! Declared names and "did you mean" (issue 20): a program declares the statuses, product
//! lines, integrations, perks and attribute keys it uses; a program file with a misspelled
//! field, rule kind, status, product line or attribute key is rejected with the path and
//! the closest name, and every fault is listed at once; an event naming an undeclared name
//! is rejected, naming the event, the name and the closest declared one. Misspelled
//! fields, variants and columns of ledgers get the same suggestion.

mod support;

use commission_rules::ledger::{read_csv, read_jsonl};
use commission_rules::rules::{Fault, NameKind};
use commission_rules::{ErrorKind, LineKind, Mode, RuleSet, evaluate, evaluate_with};
use support::{jsonl_ledger, lines_from, rub};

/// A shipped program file's text.
fn file(name: &str) -> String {
    let path = format!("{}/programs/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// `text` with the first `from` replaced by `to` (which must be there).
fn misspelled(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// Each fault as (path, suggestion).
fn found(faults: &[Fault]) -> Vec<(&str, Option<&str>)> {
    faults
        .iter()
        .map(|fault| (fault.path.as_str(), fault.suggestion.as_deref()))
        .collect()
}

// Program files ---------------------------------------------------------------------------

#[test]
fn a_misspelled_field_names_its_path_and_the_field_meant() {
    let text = misspelled(
        &file("wazzup"),
        r#""fx_markup_percent""#,
        r#""fx_markup_percnt""#,
    );
    let message = RuleSet::from_json(&text).unwrap_err().to_string();
    assert!(
        message.starts_with(
            "rule set at currency.fx_markup_percnt: unknown field `fx_markup_percnt`, expected one of"
        ),
        "{message}"
    );
    assert!(
        message.ends_with("; did you mean `fx_markup_percent`?"),
        "{message}"
    );
    let faults = RuleSet::check_json(&text).unwrap_err();
    assert_eq!(
        found(&faults),
        [("currency.fx_markup_percnt", Some("fx_markup_percent"))]
    );
}

#[test]
fn a_misspelled_rule_kind_names_its_rule_and_the_kind_meant() {
    let text = misspelled(
        &file("wazzup"),
        r#""rule": "reward""#,
        r#""rule": "reword""#,
    );
    let message = RuleSet::from_json(&text).unwrap_err().to_string();
    assert!(
        message.starts_with("rule set at versions[0].rules[0]: unknown variant `reword`"),
        "{message}"
    );
    assert!(message.ends_with("; did you mean `reward`?"), "{message}");
    let faults = RuleSet::check_json(&text).unwrap_err();
    assert_eq!(found(&faults), [("versions[0].rules[0]", Some("reward"))]);
}

#[test]
fn a_misspelled_status_names_its_path_and_the_declared_status() {
    // SS-1's table: the third level is Privileged.
    let text = misspelled(
        &file("smart-soft"),
        r#""status": "privileged""#,
        r#""status": "privilegd""#,
    );
    assert_eq!(
        RuleSet::from_json(&text).unwrap_err().to_string(),
        "rule set at versions[0].rules[1].levels[2].status: status `privilegd` is not \
         declared in names.statuses; did you mean `privileged`?"
    );
}

#[test]
fn a_misspelled_product_line_names_its_path_and_the_declared_line() {
    // `depo` for `depo-ti` in SS-2's DEPO TI rule (the declaration keeps `depo-ti`).
    let text = file("smart-soft");
    let rules = text.find(r#""versions""#).unwrap();
    let (declarations, rules) = text.split_at(rules);
    let text = format!(
        "{declarations}{}",
        misspelled(rules, r#""depo-ti""#, r#""depo""#)
    );
    assert_eq!(
        RuleSet::from_json(&text).unwrap_err().to_string(),
        "rule set at versions[0].rules[4].payments.product_lines[0]: product line `depo` is \
         not declared in names.product_lines; did you mean `depo-ti`?"
    );
}

#[test]
fn an_undeclared_attribute_key_in_a_condition_names_its_path() {
    // UC-1's first condition tests the client's `country`.
    let close = misspelled(
        &file("usage-coupon"),
        r#""key": "country""#,
        r#""key": "contry""#,
    );
    let faults = RuleSet::check_json(&close).unwrap_err();
    assert_eq!(
        found(&faults),
        [("versions[0].rules[0].conditions[0].key", Some("country"))]
    );
    assert_eq!(
        faults[0].to_string(),
        "rule set at versions[0].rules[0].conditions[0].key: client attribute key `contry` is \
         not declared in names.attributes.client; did you mean `country`?"
    );
    // A key no declared one is close to: the fault, without a suggestion.
    let far = misspelled(
        &file("usage-coupon"),
        r#""key": "country""#,
        r#""key": "region""#,
    );
    let faults = RuleSet::check_json(&far).unwrap_err();
    assert_eq!(
        found(&faults),
        [("versions[0].rules[0].conditions[0].key", None)]
    );
    // The key of a payment's attribute is declared apart from a client's.
    let wrong_subject = misspelled(
        &file("usage-coupon"),
        r#""of": "client""#,
        r#""of": "payment""#,
    );
    let faults = RuleSet::check_json(&wrong_subject).unwrap_err();
    assert_eq!(
        faults[0].reason,
        "payment attribute key `country` is not declared in names.attributes.payment"
    );
}

#[test]
fn validate_lists_every_fault_at_once_in_document_order() {
    // Two misspelled names and a rate out of range, in three rules.
    let text = file("smart-soft");
    let rules = text.find(r#""versions""#).unwrap();
    let (declarations, rules) = text.split_at(rules);
    let rules = misspelled(rules, r#""depo-ti""#, r#""depo""#);
    let rules = misspelled(
        &rules,
        r#""status": "privileged""#,
        r#""status": "privilegd""#,
    );
    let rules = misspelled(
        &rules,
        r#""rate_percent": "50""#,
        r#""rate_percent": "150""#,
    );
    let faults = RuleSet::check_json(&format!("{declarations}{rules}")).unwrap_err();
    assert_eq!(
        found(&faults),
        [
            ("versions[0].rules[1].levels[2].status", Some("privileged")),
            (
                "versions[0].rules[4].payments.product_lines[0]",
                Some("depo-ti")
            ),
            ("versions[0].rules[6].rate_percent", None),
        ]
    );
    assert_eq!(faults[2].reason, "rate 150% is outside 0–100%");
    // `validate` reports the first of them.
    let program: RuleSet = serde_json::from_str(&format!("{declarations}{rules}")).unwrap();
    assert_eq!(program.faults(), faults);
    assert_eq!(
        program.validate().unwrap_err().to_string(),
        faults[0].to_string()
    );
}

#[test]
fn a_name_declared_twice_or_blank_is_a_fault_of_the_declarations() {
    let mut program = commission_rules::programs::smart_soft();
    program.names.statuses.push("certified".into());
    program.names.product_lines.insert(0, " ".into());
    assert_eq!(
        program
            .faults()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "rule set at names.statuses[3]: status `certified` is declared twice",
            "rule set at names.product_lines[0]: a blank product line",
        ]
    );
}

// Events ----------------------------------------------------------------------------------

/// A Smart-Soft partner, Authorized by its contract (SS-1), sells a licence of
/// `product_line` to its own client at a list price of 10,000 RUB, charged 9,000.
fn smart_soft_sale(product_line: &str) -> commission_rules::Ledger {
    jsonl_ledger(&format!(
        r#"{{"id":"p-joins","at":"2024-01-09T07:00:00Z","type":"partner_registered","partner":"p","legal_form":"legal_entity","currency":"RUB"}}
{{"id":"p-contract","at":"2024-01-10T07:00:00Z","type":"contract_signed","partner":"p"}}
{{"id":"c-joins","at":"2024-01-11T07:00:00Z","type":"client_registered","client":"c","referrer":"p","via_partner_cabinet":true}}
{{"id":"sale","at":"2024-03-01T07:00:00Z","type":"payment","client":"c","payment_kind":"license","product_line":"{product_line}","paid_by":{{"partner":"p"}},"amount":{{"amount":"9000","currency":"RUB"}},"list_price":{{"amount":"10000","currency":"RUB"}}}}"#
    ))
}

#[test]
fn an_event_with_an_undeclared_product_line_is_rejected_naming_the_event() {
    let program = commission_rules::programs::smart_soft();
    // SS-2: DEPO TI earns an Authorized partner 15 % of the list price, 1,500 RUB.
    let outcome = evaluate(&program, &smart_soft_sale("depo-ti")).unwrap();
    let discounts = lines_from(&outcome, "sale", LineKind::Discount);
    assert_eq!(discounts.len(), 1);
    assert_eq!(discounts[0].amount, rub("1500"));
    // `depo` would silently earn nothing: it is refused.
    let error = evaluate(&program, &smart_soft_sale("depo")).unwrap_err();
    assert_eq!(error.event().map(|id| id.as_str()), Some("sale"));
    assert_eq!(
        error.kind(),
        &ErrorKind::UndeclaredName {
            kind: NameKind::ProductLine,
            name: "depo".into(),
            suggestion: Some("depo-ti".into()),
        }
    );
    assert_eq!(
        error.to_string(),
        "event sale: product line `depo` is not declared in the program's \
         names.product_lines; did you mean `depo-ti`?"
    );
    // Leniently, the sale is a rejection and books nothing; the rest stands.
    let lenient = evaluate_with(&program, &smart_soft_sale("depo"), Mode::Lenient).unwrap();
    assert_eq!(lenient.rejections.len(), 1);
    assert_eq!(lenient.rejections[0].event.as_str(), "sale");
    assert!(
        lenient
            .lines
            .iter()
            .all(|line| line.source_event.as_str() != "sale")
    );
}

/// The error of evaluating a ledger under a program file.
fn refused(program: &str, jsonl: &str) -> commission_rules::Error {
    evaluate(&support::program_file(program), &jsonl_ledger(jsonl)).unwrap_err()
}

#[test]
fn an_event_with_an_undeclared_attribute_key_is_rejected_naming_the_event() {
    let partner = r#"{"id":"anna-joins","at":"2025-01-02T09:00:00Z","type":"partner_registered","partner":"anna","legal_form":"legal_entity","currency":"EUR"}"#;
    let client = r#"{"id":"k1-joins","at":"2025-01-10T10:00:00Z","type":"client_registered","client":"k1","referrer":"anna","attributes":{"contry":"DE"}}"#;
    let error = refused("usage-coupon", &format!("{partner}\n{client}"));
    assert_eq!(
        error.to_string(),
        "event k1-joins: client attribute key `contry` is not declared in the program's \
         names.attributes.client; did you mean `country`?"
    );
    let client = r#"{"id":"k1-joins","at":"2025-01-10T10:00:00Z","type":"client_registered","client":"k1","referrer":"anna","attributes":{"country":"DE"}}"#;
    let payment = r#"{"id":"k1-p1","at":"2025-01-31T10:00:00Z","type":"payment","client":"k1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"24.90","currency":"EUR"},"attributes":{"plan":"pro","segment":"smb"}}"#;
    let error = refused("usage-coupon", &format!("{partner}\n{client}\n{payment}"));
    assert_eq!(error.event().map(|id| id.as_str()), Some("k1-p1"));
    assert_eq!(
        error.kind(),
        &ErrorKind::UndeclaredName {
            kind: NameKind::PaymentAttribute,
            name: "segment".into(),
            suggestion: None,
        }
    );
    // Two-tier: a partner's `type` is declared, its `typ` is not.
    let agency = r#"{"id":"agency-joins","at":"2025-01-10T09:00:00Z","type":"partner_registered","partner":"agency","legal_form":"legal_entity","currency":"EUR","attributes":{"typ":"agency"}}"#;
    assert_eq!(
        refused("two-tier-agency", agency).to_string(),
        "event agency-joins: partner attribute key `typ` is not declared in the program's \
         names.attributes.partner; did you mean `type`?"
    );
}

#[test]
fn an_event_with_an_undeclared_status_or_integration_is_rejected_naming_the_event() {
    let partner = r#"{"id":"p1-joins","at":"2024-01-09T07:00:00Z","type":"partner_registered","partner":"p1","legal_form":"legal_entity","currency":"RUB"}"#;
    let status = r#"{"id":"p1-status","at":"2024-01-10T07:00:00Z","type":"status_granted","partner":"p1","status":"referal-only"}"#;
    assert_eq!(
        refused("radist", &format!("{partner}\n{status}")).to_string(),
        "event p1-status: status `referal-only` is not declared in the program's \
         names.statuses; did you mean `referral-only`?"
    );
    let partner = r#"{"id":"p-joins","at":"2024-04-01T07:00:00Z","type":"partner_registered","partner":"p","legal_form":"legal_entity","currency":"EUR"}"#;
    let client = r#"{"id":"c-joins","at":"2024-04-02T07:00:00Z","type":"client_registered","client":"c","referrer":"p","via_partner_cabinet":true,"integration":"amocrn"}"#;
    assert_eq!(
        refused("message-help", &format!("{partner}\n{client}")).to_string(),
        "event c-joins: integration `amocrn` is not declared in the program's \
         names.integrations; did you mean `amocrm`?"
    );
}

// Ledger files ----------------------------------------------------------------------------

#[test]
fn ledger_files_suggest_the_field_column_or_variant_meant() {
    let client = r#"{"id":"e2","at":"2024-01-02T00:00:00Z","type":"client_registered","client":"c1","referer":"p1"}"#;
    let error = read_jsonl(client.as_bytes()).next().unwrap().unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("line 1: unknown field `referer`"),
        "{error}"
    );
    assert!(
        error.to_string().ends_with("; did you mean `referrer`?"),
        "{error}"
    );
    let csv = "id,at,type,client,referer\ne2,2024-01-02T00:00:00Z,client_registered,c1,p1\n";
    let error = read_csv(csv.as_bytes()).next().unwrap().unwrap_err();
    assert_eq!(error.line, 1);
    assert!(
        error
            .to_string()
            .starts_with("line 1: unknown column `referer`"),
        "{error}"
    );
    assert!(
        error.to_string().ends_with("; did you mean `referrer`?"),
        "{error}"
    );
    let csv = "id,at,type,client,payment_kind,product_line,paid_by,amount\n\
               e3,2024-01-03T00:00:00Z,payment,c1,licence,ti,client,10.00 RUB\n";
    let error = read_csv(csv.as_bytes()).next().unwrap().unwrap_err();
    assert_eq!(error.line, 2);
    assert!(
        error
            .to_string()
            .starts_with("line 2: unknown variant `licence`"),
        "{error}"
    );
    assert!(
        error.to_string().ends_with("; did you mean `license`?"),
        "{error}"
    );
    let event =
        r#"{"id":"e4","at":"2024-01-02T00:00:00Z","type":"client_registred","client":"c1"}"#;
    let error = read_jsonl(event.as_bytes()).next().unwrap().unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("; did you mean `client_registered`?"),
        "{error}"
    );
}
