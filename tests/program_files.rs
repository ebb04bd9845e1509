//! The built-in programs shipped as data: `programs/*.json` are generated from the values
//! (naming the JSON Schema beside them, `"$schema": "./schema.json"`) and must stay
//! identical to them; each loads back to an equal, valid rule set. Also the program
//! format's version (`format_version`).
//!
//! After changing a program, regenerate the files with
//! `UPDATE_PROGRAMS=1 cargo test --test program_files`.

use commission_rules::rules::FormatVersion;
use commission_rules::{Engine, Mode, RuleSet, programs};
use std::path::PathBuf;

/// What every shipped program file names as its JSON Schema: `programs/schema.json`.
const SCHEMA: &str = "./schema.json";

/// A built-in program as its file holds it: naming the schema.
fn as_file(program: &RuleSet) -> RuleSet {
    let mut program = program.clone();
    program.schema = Some(SCHEMA.to_owned());
    program
}

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
        let program = as_file(&program);
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
    assert_eq!(again.schema.as_deref(), Some(SCHEMA));
}

/// The Wazzup file's text with its `format_version` line replaced (`None`: removed).
fn wazzup_file_with_version(version: Option<&str>) -> String {
    let text = std::fs::read_to_string(path("wazzup")).unwrap();
    let line = "  \"format_version\": 1,\n";
    assert!(text.contains(line));
    let replacement = version.map_or(String::new(), |v| format!("  \"format_version\": {v},\n"));
    text.replacen(line, &replacement, 1)
}

#[test]
fn a_file_without_a_format_version_is_version_1_and_is_written_with_it() {
    let text = wazzup_file_with_version(None);
    let program = RuleSet::from_json(&text).unwrap();
    assert_eq!(program.format_version, FormatVersion::FIRST);
    assert_eq!(program.format_version.get(), 1);
    assert_eq!(program, as_file(&programs::wazzup()));
    // Written back, it says so: the file as shipped, byte for byte.
    let written = serde_json::to_string_pretty(&program).unwrap() + "\n";
    assert_eq!(written, std::fs::read_to_string(path("wazzup")).unwrap());
    assert!(
        written.starts_with("{\n  \"$schema\": \"./schema.json\",\n  \"format_version\": 1,\n")
    );
}

#[test]
fn a_newer_or_unknown_format_version_is_refused_by_name() {
    let cases = [
        (
            "2",
            "rule set at format_version: format_version 2 is newer than this library reads (1) \
             at line 3 column 21",
        ),
        (
            "0",
            "rule set at format_version: format_version 0 is not a version (the first is 1) \
             at line 3 column 21",
        ),
        (
            "\"1\"",
            "rule set at format_version: invalid type: string \"1\", expected u32 at line 3 \
             column 23",
        ),
        (
            "1.5",
            "rule set at format_version: invalid type: floating point `1.5`, expected u32 at \
             line 3 column 23",
        ),
    ];
    for (version, expected) in cases {
        let error = RuleSet::from_json(&wazzup_file_with_version(Some(version))).unwrap_err();
        assert!(matches!(
            error.kind(),
            commission_rules::ErrorKind::InvalidRuleSet { .. }
        ));
        assert_eq!(error.to_string(), expected, "{version}");
    }
}

#[test]
fn the_schema_a_file_names_is_kept_and_is_not_part_of_the_terms() {
    let text = std::fs::read_to_string(path("radist")).unwrap();
    let file = RuleSet::from_json(&text).unwrap();
    assert_eq!(file.schema.as_deref(), Some(SCHEMA));
    let renamed = RuleSet::from_json(&text.replacen(SCHEMA, "../my/schema.json", 1)).unwrap();
    assert_eq!(renamed.schema.as_deref(), Some("../my/schema.json"));
    // A snapshot taken under the built-in value (no `$schema`) resumes under the file, and
    // one taken under the file under the value: the terms are the same.
    let built_in = programs::radist();
    let snapshot = Engine::new(&built_in, Mode::Strict).unwrap().snapshot();
    assert!(Engine::resume(&file, snapshot, Mode::Strict).is_ok());
    let snapshot = Engine::new(&renamed, Mode::Strict).unwrap().snapshot();
    assert!(Engine::resume(&built_in, snapshot, Mode::Strict).is_ok());
    // Other terms under the same id are still refused.
    let changed = RuleSet::from_json(&text.replacen("Radist.Online", "Radist", 1)).unwrap();
    let snapshot = Engine::new(&changed, Mode::Strict).unwrap().snapshot();
    let error = Engine::resume(&file, snapshot, Mode::Strict).unwrap_err();
    assert!(matches!(
        error.kind(),
        commission_rules::ErrorKind::SnapshotTermsChanged { .. }
    ));
}
