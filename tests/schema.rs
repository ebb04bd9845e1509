//! The JSON Schema of program files: `programs/schema.json` is the one generated from the
//! types, every program file names it and meets it, and it refuses what the reader
//! refuses. Built with `--features schema`: `cargo test --features schema --test schema`.
//!
//! After changing the program format, regenerate the file with
//! `UPDATE_SCHEMA=1 cargo test --features schema --test schema`.

use commission_rules::RuleSet;
use commission_rules::rules::program_schema;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// The schema as shipped and as `commission-rules schema` prints it.
fn schema_text() -> String {
    serde_json::to_string_pretty(&program_schema()).unwrap() + "\n"
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let path = programs_dir().join("schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, schema_text()).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(
        on_disk == schema_text(),
        "programs/schema.json is stale: regenerate it with \
         `UPDATE_SCHEMA=1 cargo test --features schema --test schema`"
    );
}

/// Every program file in `programs/` (all but the schema itself), by name.
fn program_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(programs_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| !path.ends_with("schema.json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_program_file_names_the_schema_and_meets_it() {
    let schema = program_schema();
    let files = program_files();
    assert_eq!(files.len(), 11);
    for (name, text) in files {
        let document: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(document["$schema"], "./schema.json", "{name}");
        assert_eq!(document["format_version"], 1, "{name}");
        assert_eq!(Validator::new(&schema).errors(&document), None, "{name}");
        RuleSet::from_json(&text).unwrap();
    }
}

/// The Wazzup program file with one edit.
fn wazzup_with(edit: impl FnOnce(&mut Value)) -> Value {
    let text = std::fs::read_to_string(programs_dir().join("wazzup.json")).unwrap();
    let mut document: Value = serde_json::from_str(&text).unwrap();
    edit(&mut document);
    document
}

fn at<'v>(document: &'v mut Value, pointer: &str) -> &'v mut Value {
    document.pointer_mut(pointer).unwrap()
}

/// Adds a field to the object at `pointer`.
fn insert(document: &mut Value, pointer: &str, field: &str, value: Value) {
    at(document, pointer)
        .as_object_mut()
        .unwrap()
        .insert(field.to_owned(), value);
}

const RATE: &str = "/versions/0/rules/1/rate";

/// An edit of a program document, named.
type Edit = (&'static str, Box<dyn FnOnce(&mut Value)>);

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    let schema = program_schema();
    let faults: [Edit; 9] = [
        (
            "a misspelled field of a rule's part",
            Box::new(|doc| {
                let rate = at(doc, RATE).as_object_mut().unwrap();
                let percent = rate.remove("rate_percent").unwrap();
                rate.insert("rate_precent".into(), percent);
            }),
        ),
        (
            "a field no rule kind has",
            Box::new(|doc| {
                insert(doc, "/versions/0/rules/1", "windw", json!({"months": 12}));
            }),
        ),
        (
            "an unknown rule kind",
            Box::new(|doc| *at(doc, "/versions/0/rules/1/rule") = json!("rewrd")),
        ),
        (
            "an unknown top-level field",
            Box::new(|doc| insert(doc, "", "roundng", json!("half_even"))),
        ),
        (
            "an unknown rounding mode",
            Box::new(|doc| *at(doc, "/rounding") = json!("half_up")),
        ),
        (
            "a currency in lower case",
            Box::new(|doc| {
                *at(doc, "/currency/program_currency") = json!("rub");
            }),
        ),
        (
            "a rate with a decimal comma",
            Box::new(|doc| *at(doc, &format!("{RATE}/rate_percent")) = json!("2,5")),
        ),
        (
            "a newer format version",
            Box::new(|doc| *at(doc, "/format_version") = json!(2)),
        ),
        (
            "no versions",
            Box::new(|doc| {
                doc.as_object_mut().unwrap().remove("versions");
            }),
        ),
    ];
    for (fault, edit) in faults {
        let document = wazzup_with(edit);
        assert!(
            Validator::new(&schema).errors(&document).is_some(),
            "{fault}"
        );
        assert!(
            RuleSet::from_json(&document.to_string()).is_err(),
            "{fault}"
        );
    }
}

#[test]
fn the_schema_accepts_what_the_reader_reads_in_other_words() {
    let schema = program_schema();
    let variants: [Edit; 3] = [
        (
            "no $schema and no format_version",
            Box::new(|doc| {
                let fields = doc.as_object_mut().unwrap();
                fields.remove("$schema");
                fields.remove("format_version");
            }),
        ),
        (
            "a rate as a JSON number",
            Box::new(|doc| *at(doc, &format!("{RATE}/rate_percent")) = json!(20)),
        ),
        (
            "a zone by its IANA name",
            Box::new(|doc| *at(doc, "/time_zone") = json!("Europe/Moscow")),
        ),
    ];
    for (variant, edit) in variants {
        let document = wazzup_with(edit);
        assert_eq!(Validator::new(&schema).errors(&document), None, "{variant}");
        RuleSet::from_json(&document.to_string()).unwrap();
    }
}

#[test]
fn the_validator_reports_the_place_of_a_fault() {
    let schema = program_schema();
    let document = wazzup_with(|doc| *at(doc, "/rounding") = json!("half_up"));
    let errors = Validator::new(&schema).errors(&document).unwrap();
    assert_eq!(errors, "/rounding: matches 0 of the 3 choices of `oneOf`");
    let document = wazzup_with(|doc| insert(doc, "/versions/0/rules/1", "windw", json!(1)));
    let errors = Validator::new(&schema).errors(&document).unwrap();
    assert_eq!(errors, "/versions/0/rules/1: unevaluated property `windw`");
}

/// The names of an object's properties that a (sub)schema evaluated, for
/// `unevaluatedProperties`.
type Evaluated = BTreeSet<String>;

/// A validator for the part of JSON Schema 2020-12 that the generated schema uses. A
/// keyword outside that part fails the test, so nothing is skipped unnoticed; the schema
/// was also checked with an independent validator (Python's `jsonschema`) when written.
struct Validator<'s> {
    root: &'s Value,
}

impl<'s> Validator<'s> {
    fn new(root: &'s Value) -> Self {
        Self { root }
    }

    /// The first fault of `document` against the whole schema, if any.
    fn errors(&self, document: &Value) -> Option<String> {
        self.check(self.root, document, "").err()
    }

    fn check(&self, schema: &Value, value: &Value, at: &str) -> Result<Evaluated, String> {
        let keywords = schema.as_object().expect("a schema object");
        let mut evaluated = Evaluated::new();
        for (keyword, rule) in keywords {
            self.keyword(keyword, rule, keywords, value, at, &mut evaluated)?;
        }
        if keywords.get("unevaluatedProperties") == Some(&Value::Bool(false)) {
            let fields = value.as_object().map(Map::keys).into_iter().flatten();
            if let Some(field) = fields.into_iter().find(|field| !evaluated.contains(*field)) {
                return Err(format!("{at}: unevaluated property `{field}`"));
            }
        }
        Ok(evaluated)
    }

    fn keyword(
        &self,
        keyword: &str,
        rule: &Value,
        keywords: &Map<String, Value>,
        value: &Value,
        at: &str,
        evaluated: &mut Evaluated,
    ) -> Result<(), String> {
        let fault = |what: String| Err(format!("{at}: {what}"));
        match keyword {
            "$ref" => {
                let target = rule.as_str().and_then(|r| r.strip_prefix('#')).unwrap();
                evaluated.extend(self.check(self.root.pointer(target).unwrap(), value, at)?);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::Array(types) => types.iter().filter_map(Value::as_str).collect(),
                    _ => vec![rule.as_str().unwrap()],
                };
                if !types.iter().any(|name| has_type(value, name)) {
                    return fault(format!("not of type {rule}"));
                }
            }
            "const" if value != rule => return fault(format!("not {rule}")),
            "enum" if !rule.as_array().unwrap().contains(value) => {
                return fault(format!("not one of {rule}"));
            }
            "pattern" => {
                let pattern = regex::Regex::new(rule.as_str().unwrap()).unwrap();
                if value.as_str().is_some_and(|text| !pattern.is_match(text)) {
                    return fault(format!("does not match {rule}"));
                }
            }
            "minimum" | "maximum" => {
                let (bound, number) = (rule.as_f64().unwrap(), value.as_f64());
                let outside = if keyword == "minimum" {
                    number < Some(bound)
                } else {
                    number > Some(bound)
                };
                if number.is_some() && outside {
                    return fault(format!("{keyword} {bound} exceeded"));
                }
            }
            "items" => {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    self.check(rule, item, &format!("{at}/{index}"))?;
                }
            }
            "properties" | "required" | "additionalProperties" => {
                self.object_keyword(keyword, rule, keywords, value, at, evaluated)?;
            }
            "oneOf" | "anyOf" => evaluated.extend(self.choices(keyword, rule, value, at)?),
            "const" | "enum" | "unevaluatedProperties" => {}
            "description" | "default" | "examples" | "title" | "format" | "$schema" | "$defs" => {}
            other => panic!("the keyword `{other}` is outside the validator's part of JSON Schema"),
        }
        Ok(())
    }

    /// `oneOf` (exactly one choice holds) or `anyOf` (at least one): the properties the
    /// choices that hold evaluated.
    fn choices(
        &self,
        keyword: &str,
        rule: &Value,
        value: &Value,
        at: &str,
    ) -> Result<Evaluated, String> {
        let choices = rule.as_array().unwrap();
        let passed: Vec<Evaluated> = choices
            .iter()
            .filter_map(|choice| self.check(choice, value, at).ok())
            .collect();
        if passed.is_empty() || (keyword == "oneOf" && passed.len() > 1) {
            let (count, total) = (passed.len(), choices.len());
            return Err(format!(
                "{at}: matches {count} of the {total} choices of `{keyword}`"
            ));
        }
        Ok(passed.into_iter().flatten().collect())
    }

    /// The keywords on an object's properties (none applies to other values).
    fn object_keyword(
        &self,
        keyword: &str,
        rule: &Value,
        keywords: &Map<String, Value>,
        value: &Value,
        at: &str,
        evaluated: &mut Evaluated,
    ) -> Result<(), String> {
        let Some(fields) = value.as_object() else {
            return Ok(());
        };
        match keyword {
            "properties" => {
                for (field, schema) in rule.as_object().unwrap() {
                    if let Some(field_value) = fields.get(field) {
                        self.check(schema, field_value, &format!("{at}/{field}"))?;
                        evaluated.insert(field.clone());
                    }
                }
            }
            "required" => {
                let required = rule.as_array().unwrap().iter().filter_map(Value::as_str);
                if let Some(field) = required
                    .into_iter()
                    .find(|field| !fields.contains_key(*field))
                {
                    return Err(format!("{at}: missing `{field}`"));
                }
            }
            _ => {
                let known = keywords.get("properties").and_then(Value::as_object);
                let others = fields
                    .iter()
                    .filter(|(field, _)| !known.is_some_and(|known| known.contains_key(*field)));
                for (field, field_value) in others {
                    if rule == &Value::Bool(false) {
                        return Err(format!("{at}: unknown property `{field}`"));
                    }
                    self.check(rule, field_value, &format!("{at}/{field}"))?;
                }
                evaluated.extend(fields.keys().cloned());
            }
        }
        Ok(())
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_u64() || value.is_i64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}
