//! `schema`: the JSON Schema of program files, as `programs/schema.json` ships it.

use crate::{Failure, output};
use std::io::Write;

/// Prints the schema: pretty JSON and a final newline, byte for byte the shipped file.
pub(crate) fn run(out: &mut dyn Write) -> Result<(), Failure> {
    output::json(&commission_rules::rules::program_schema(), out)
}
