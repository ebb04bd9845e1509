//! Writing: RFC 3339 instants, JSON, CSV and aligned tables.

use crate::Failure;
use chrono::SecondsFormat;
use commission_rules::{Instant, LineKind};
use serde::Serialize;
use std::io::Write;

/// Output that cannot be written: a usage error (a closed pipe, a full disk).
pub(crate) fn write_failed(error: impl std::fmt::Display) -> Failure {
    Failure::Usage(format!("cannot write output: {error}"))
}

/// An instant in RFC 3339, in UTC, ending in `Z` (as in JSON).
pub(crate) fn instant(at: Instant) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A line kind as in JSON: `accrual`, `not_payable`, …
pub(crate) fn line_kind(kind: LineKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}"),
    }
}

/// Pretty JSON and a final newline.
pub(crate) fn json<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(write_failed)?;
    writeln!(out).map_err(write_failed)
}

/// A CSV file: one header, then the rows, quoted where a cell needs it.
pub(crate) fn csv(
    header: &[&str],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header).map_err(write_failed)?;
    for row in rows {
        writer.write_record(row).map_err(write_failed)?;
    }
    writer.flush().map_err(write_failed)
}

/// A table cell: control characters (a newline in an id) written as escapes, so each
/// row stays on one line.
fn cell(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// Rows as an aligned table: each column as wide as its widest cell (counted in
/// characters), two spaces apart; the first `left` columns are aligned left, the others
/// (amounts) right.
pub(crate) fn table(rows: &[Vec<String>], left: usize) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|text| cell(text)).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, width))| match column < left {
                true => format!("{cell:<width$}"),
                false => format!("{cell:>width$}"),
            })
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}
