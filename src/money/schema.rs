//! JSON Schemas of the money types (feature `schema`), describing what their serde impls
//! read.

use super::{Currency, Rate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// A decimal as `Decimal`'s serde impl reads it in this crate: a string of digits
/// (`"12.50"`, with an optional sign, point and exponent), or a JSON number read digit for
/// digit (`12.50`), never through a float. Amounts are written as strings.
const DECIMAL_PATTERN: &str = r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$";

/// The schema of a `rust_decimal::Decimal` field (`#[schemars(with = …)]`): `Decimal` is
/// another crate's type, so it cannot implement `JsonSchema` here.
pub(crate) struct DecimalFigure;

impl JsonSchema for DecimalFigure {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A decimal figure, exact: a string (\"12.50\", as the library writes it) or a JSON number (12.50), read digit for digit.",
            "type": ["string", "number"],
            "pattern": DECIMAL_PATTERN,
            "examples": ["12.50"],
        })
    }
}

impl JsonSchema for Rate {
    fn schema_name() -> Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A rate in per cent, exact: \"40\" is 40 %, \"12.5\" is 12.5 % (a string as the library writes it, or a JSON number).",
            "type": ["string", "number"],
            "pattern": DECIMAL_PATTERN,
            "examples": ["40"],
        })
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An ISO 4217 currency code with a minor unit: three upper-case letters (\"EUR\", \"JPY\", \"KWD\").",
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "examples": ["EUR", "USD", "RUB"],
        })
    }
}
