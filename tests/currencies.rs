//! Every ISO 4217 currency with its minor unit.
//!
//! `src/money/iso4217.rs` is generated from the ISO 4217 list as the `iso_currency` crate
//! keeps it (current codes, funds, recently superseded codes such as HRK, and the special
//! codes that have a minor unit); this test keeps the two identical. After updating
//! `iso_currency`, regenerate the table with
//! `UPDATE_CURRENCIES=1 cargo test --test currencies` and review the diff.

use commission_rules::{Currency, RuleSet};
use iso_currency::IntoEnumIterator;
use std::path::PathBuf;

fn table_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/money/iso4217.rs")
}

/// The table's source text, generated from the ISO list.
fn generated_table() -> String {
    let mut entries: Vec<(&str, u16)> = iso_currency::Currency::iter()
        .filter_map(|currency| Some((currency.code(), currency.exponent()?)))
        .collect();
    entries.sort_unstable();
    let mut text = String::from(
        "//! ISO 4217 currencies and their minor units. Generated from the ISO 4217 list kept \
         by\n//! the `iso_currency` crate by `tests/currencies.rs` \
         (`UPDATE_CURRENCIES=1 cargo test --test\n//! currencies`): do not edit by hand.\n\n\
         /// Every ISO 4217 code that has a minor unit, with its number of decimal places, \
         sorted\n/// by code.\n\
         pub(super) const MINOR_UNITS: &[([u8; 3], u8)] = &[\n",
    );
    for (code, exponent) in entries {
        text.push_str(&format!("    (*b\"{code}\", {exponent}),\n"));
    }
    text.push_str("];\n");
    text
}

#[test]
fn the_table_is_generated_from_the_iso_list() {
    let expected = generated_table();
    if std::env::var_os("UPDATE_CURRENCIES").is_some() {
        std::fs::write(table_path(), &expected).unwrap();
    }
    let actual = std::fs::read_to_string(table_path()).unwrap();
    assert!(
        actual == expected,
        "src/money/iso4217.rs is stale: run UPDATE_CURRENCIES=1 cargo test --test currencies"
    );
}

#[test]
fn every_iso_currency_has_its_minor_unit() {
    let mut known = 0;
    for iso in iso_currency::Currency::iter() {
        let currency = Currency::new(iso.code()).unwrap();
        assert_eq!(
            currency.minor_units(),
            iso.exponent().map(u32::from),
            "{}",
            iso.code()
        );
        known += usize::from(iso.exponent().is_some());
    }
    // 53 hand-written codes before; 170 in the list of iso_currency 0.7.1 (a newer list
    // changes this figure: check the diff of the table when it does).
    assert_eq!(known, 170);
}

#[test]
fn minor_units_of_currencies_the_hand_written_table_missed_or_got_right() {
    let units = |code: &str| Currency::new(code).unwrap().minor_units();
    assert_eq!(units("ARS"), Some(2)); // rejected before: not in the hand-written table
    assert_eq!(units("JPY"), Some(0));
    assert_eq!(units("KWD"), Some(3));
    assert_eq!(units("BHD"), Some(3));
    assert_eq!(units("CLF"), Some(4));
    assert_eq!(units("UYW"), Some(4));
    assert_eq!(units("XOF"), Some(0));
    assert_eq!(units("RUB"), Some(2));
    assert_eq!(Currency::RUB.minor_units(), Some(2));
    assert_eq!(Currency::USD.minor_units(), Some(2));
    assert_eq!(Currency::EUR.minor_units(), Some(2));
    assert_eq!(Currency::KZT.minor_units(), Some(2));
}

#[test]
fn an_unknown_code_or_one_without_a_minor_unit_is_rejected() {
    for code in ["XQZ", "AAA", "ZZZ", "XAU", "XXX"] {
        assert_eq!(Currency::new(code).unwrap().minor_units(), None, "{code}");
    }
    assert!(Currency::new("ars").is_err() && Currency::new("AR").is_err());
}

/// `programs/example-saas.json` with its euros replaced by another code.
fn example_saas_in(code: &str) -> Result<RuleSet, commission_rules::Error> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/example-saas.json");
    let json = std::fs::read_to_string(path).unwrap();
    RuleSet::from_json(&json.replace("\"EUR\"", &format!("\"{code}\"")))
}

#[test]
fn a_program_in_argentine_pesos_loads_and_one_in_an_unknown_code_does_not() {
    let pesos = example_saas_in("ARS").unwrap();
    assert_eq!(pesos.currency.program_currency.code(), "ARS");
    let unknown = example_saas_in("XQZ").unwrap_err().to_string();
    assert!(unknown.contains("XQZ"), "{unknown}");
}
