//! Strict reading of the serde model. Every input type refuses fields it does not know
//! (`#[serde(deny_unknown_fields)]`), so a misspelled field is an error rather than a
//! value silently dropped. Serde's derive ignores any field besides the tag of an
//! internally tagged variant without fields (`{"type": "checkpoint", "partner": "p1"}`
//! would be read as a checkpoint); such variants are read with [`no_fields`] instead.

use serde::Deserializer;
use serde::de::{Error, MapAccess, Visitor};
use std::fmt;

/// Reads an internally tagged variant that has no fields: the map left once the tag is
/// taken out must be empty. For `#[serde(deserialize_with = "crate::strict::no_fields")]`.
pub(crate) fn no_fields<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_any(NoFields)
}

struct NoFields;

impl<'de> Visitor<'de> for NoFields {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no field besides the tag")
    }

    fn visit_unit<E: Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        match map.next_key::<String>()? {
            None => Ok(()),
            // Not `unknown_field(…, &[])`: its "there are no fields" misleads where the
            // variant is flattened into a type that has some (a subscription payment).
            Some(field) => Err(A::Error::custom(format_args!("unknown field `{field}`"))),
        }
    }
}
