//! The built-in programs, each a function returning a [`RuleSet`] value.
//! Nothing here is interpreted: the engine knows no vendor.

pub mod leadsender;
pub mod message_help;
pub mod radist;
pub mod smart_soft;
pub mod wazzup;

pub use leadsender::leadsender;
pub use message_help::message_help;
pub use radist::radist;
pub use smart_soft::smart_soft;
pub use wazzup::wazzup;

use crate::money::RoundingMode;
use crate::rules::{CurrencyPolicy, DeclaredNames, FormatVersion, ProgramVersion, Rule, RuleSet};
use crate::time::ProgramZone;

/// A program published once and in force from the beginning, rounding half away from
/// zero (as every built-in vendor's terms do).
fn published_terms(
    program: &str,
    name: &str,
    (time_zone, currency): (ProgramZone, CurrencyPolicy),
    names: DeclaredNames,
    rules: Vec<Rule>,
) -> RuleSet {
    RuleSet {
        schema: None,
        format_version: FormatVersion::CURRENT,
        program: program.into(),
        name: name.to_owned(),
        time_zone,
        currency,
        rounding: RoundingMode::HalfAwayFromZero,
        names,
        rules: Vec::new(),
        versions: vec![ProgramVersion {
            effective_from: None,
            label: "published terms".to_owned(),
            illustrative: false,
            rules,
        }],
    }
}

/// Names as a program declares them (statuses, perks or plain text).
fn declared<T: for<'a> From<&'a str>>(names: &[&str]) -> Vec<T> {
    names.iter().map(|name| T::from(name)).collect()
}
