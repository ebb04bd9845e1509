//! The JSON Schema of program files (feature `schema`), generated from the types of the
//! program format, so it cannot drift from what [`RuleSet::from_json`] reads.

use super::RuleSet;
use serde_json::Value;

/// The JSON Schema (draft 2020-12) of a program file: every field [`RuleSet::from_json`]
/// reads, with its type, whether it is required, the values an enumeration takes and the
/// description of its rustdoc. An editor pointed at it (a file's `"$schema"` field, as in
/// the shipped `programs/*.json`, beside `programs/schema.json`) completes and checks a
/// program as it is written.
///
/// What the schema cannot say, [`RuleSet::validate`] still checks when the file is read:
/// that rule ids are unique, versions in date order, rates within 0–100 %, currencies known
/// and amounts within their minor unit.
///
/// `programs/schema.json` is this value, pretty-printed with a final newline (a test
/// keeps it so); `commission-rules schema` prints it.
///
/// ```
/// let schema = commission_rules::rules::program_schema();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["title"], "RuleSet");
/// let required = schema["required"].as_array().unwrap();
/// assert!(required.contains(&"program".into()) && !required.contains(&"format_version".into()));
/// assert_eq!(schema["properties"]["format_version"]["maximum"], 1);
/// ```
pub fn program_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<RuleSet>().to_value();
    plain_descriptions(&mut schema);
    schema
}

/// Turns every rustdoc description into plain text for an editor's tooltip: the prose
/// before the first example, its lines joined into paragraphs, intra-doc links as their
/// text.
fn plain_descriptions(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let description = map.get("description").and_then(Value::as_str).map(plain);
            match description {
                Some(text) if text.is_empty() => {
                    map.remove("description");
                }
                Some(text) => {
                    map.insert("description".to_owned(), Value::String(text));
                }
                None => {}
            }
            map.values_mut().for_each(plain_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(plain_descriptions),
        _ => {}
    }
}

/// The prose of a doc comment before its first code block, one line per paragraph.
fn plain(doc: &str) -> String {
    let prose = doc.split("```").next().unwrap_or_default();
    prose
        .split("\n\n")
        .map(|paragraph| {
            let words: Vec<&str> = paragraph.split_whitespace().collect();
            without_link_targets(&words.join(" "))
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Rustdoc links as their text: "[`Monthly`](Self::Monthly)" and "[`Condition`]" become
/// "`Monthly`" and "`Condition`"; other brackets stay.
fn without_link_targets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[start..]);
            return out;
        };
        out.push_str(&after[..end + 1]);
        rest = &after[end + 2..];
        if rest.starts_with('(') {
            rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_keep_the_prose_without_examples_or_link_targets() {
        let doc = "When payable rewards are paid out.\n\nThe two schedules, [`Monthly`](Self::Monthly)\nand \
                   [`AfterMonthEnd`], run [1, 2].\n\n```\nlet x = 1;\n```\nAfter.";
        assert_eq!(
            plain(doc),
            "When payable rewards are paid out.\n\nThe two schedules, `Monthly` and `AfterMonthEnd`, run [1, 2]."
        );
        assert_eq!(plain("```\ncode\n```"), "");
        assert_eq!(without_link_targets("[`open"), "[`open");
    }
}
