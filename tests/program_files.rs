//! The built-in programs shipped as data: `programs/*.json` are generated from the values
//! and must stay identical to them; each loads back to an equal, valid rule set.
//!
//! After changing a program, regenerate the files with
//! `UPDATE_PROGRAMS=1 cargo test --test program_files`.

use commission_rules::{RuleSet, programs};
use std::path::PathBuf;

fn built_in() -> [(&'static str, RuleSet); 5] {
    [
        ("radist", programs::radist()),
        ("leadsender", programs::leadsender()),
        ("wazzup", programs::wazzup()),
        ("message-help", programs::message_help()),
        ("smart-soft", programs::smart_soft()),
    ]
}

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("programs")
        .join(format!("{name}.json"))
}

#[test]
fn program_files_are_the_built_in_values() {
    let update = std::env::var_os("UPDATE_PROGRAMS").is_some();
    for (name, program) in built_in() {
        let json = serde_json::to_string_pretty(&program).unwrap() + "\n";
        if update {
            std::fs::write(path(name), &json).unwrap();
        }
        let on_disk = std::fs::read_to_string(path(name)).unwrap();
        assert_eq!(
            on_disk, json,
            "programs/{name}.json is stale: regenerate it"
        );
        assert_eq!(RuleSet::from_json(&on_disk).unwrap(), program, "{name}");
    }
}

/// An edit that breaks a program document.
type Edit<'a> = Box<dyn FnOnce(&mut serde_json::Value) + 'a>;

/// Breaks one field of the Wazzup document and loads it back.
fn broken(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut document = serde_json::to_value(programs::wazzup()).unwrap();
    edit(&mut document);
    RuleSet::from_json(&document.to_string())
        .unwrap_err()
        .to_string()
}

#[test]
fn a_broken_program_file_names_the_path_and_the_fault() {
    use serde_json::json;
    let rules = "/versions/0/rules";
    let cases: [(Edit<'_>, &str); 6] = [
        (
            Box::new(|doc| {
                doc.pointer_mut(&format!("{rules}/1/rate/rate_percent"))
                    .map(|v| *v = json!("120"))
                    .unwrap()
            }),
            "rule set at versions[0].rules[1].rate.rate_percent: rate 120% is outside 0–100%",
        ),
        (
            Box::new(|doc| {
                doc.pointer_mut(&format!("{rules}/0/rate/tiers/1/from"))
                    .map(|v| *v = json!(0))
                    .unwrap()
            }),
            "rule set at versions[0].rules[0].rate.tiers[1].from: tier thresholds must increase",
        ),
        (
            Box::new(|doc| {
                let second = json!({"effective_from": "2020-01-01", "label": "later", "rules": []});
                let third =
                    json!({"effective_from": "2019-01-01", "label": "earlier", "rules": []});
                let versions = doc
                    .pointer_mut("/versions")
                    .and_then(|v| v.as_array_mut())
                    .unwrap();
                versions.push(second);
                versions.push(third);
            }),
            "rule set at versions[2].effective_from: versions overlap: each must start after the one before it",
        ),
        (
            Box::new(|doc| {
                doc.pointer_mut(&format!("{rules}/2/id"))
                    .map(|v| *v = json!("W-1"))
                    .unwrap()
            }),
            "rule set at versions[0].rules[2].id: rule id \"W-1\" is empty or used twice",
        ),
        (
            Box::new(|doc| {
                doc.pointer_mut(&format!("{rules}/1/window/length"))
                    .map(|v| *v = json!({"months": 0}))
                    .unwrap()
            }),
            "rule set at versions[0].rules[1].window.length: a window of zero length",
        ),
        (
            Box::new(|doc| {
                doc.pointer_mut("/currency/program_currency")
                    .map(|v| *v = json!("XQZ"))
                    .unwrap()
            }),
            "rule set at currency.program_currency: XQZ is not a known currency",
        ),
    ];
    for (edit, expected) in cases {
        assert_eq!(broken(edit), expected);
    }
}

/// The sixth program exists only as data: it loads, validates, and survives a round trip.
#[test]
fn the_data_only_program_loads_and_round_trips() {
    let text = std::fs::read_to_string(path("example-saas")).unwrap();
    let program = RuleSet::from_json(&text).unwrap();
    let again = RuleSet::from_json(&serde_json::to_string_pretty(&program).unwrap()).unwrap();
    assert_eq!(again, program);
    assert_eq!(program.program.as_str(), "example-saas");
}
