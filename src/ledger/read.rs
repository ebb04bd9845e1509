//! Reading ledgers from files, streaming, one event per line: JSON Lines, or CSV with the
//! column layout below. Every error names the line it was found on.
//!
//! # CSV layout
//!
//! A header row names the columns; the order is free and unused columns may be left out,
//! but a column the layout does not know, or a column named twice, is an error on line 1.
//! Columns are the JSON field names of [`Event`] and its [`EventKind`](super::EventKind):
//! `id`, `at` (RFC 3339), `type`, then the fields of that type (`partner`, `client`,
//! `referrer`, `payment_kind`, `product_line`, `status`, …). An empty cell is an absent
//! field. Special cells:
//!
//! | column | cell |
//! |---|---|
//! | `amount`, `list_price` | amount and currency: `3000.00 RUB` |
//! | `paid_by` | `client`, or `partner:ID` |
//! | `period_from`, `period_to` | the paid period's bounds (RFC 3339) |
//! | `via_partner_cabinet`, `refused`, `consent` | `true` or `false` |
//! | `seats` | a whole number |
//!
//! ```
//! use commission_rules::ledger::read_csv;
//! let csv = "id,at,type,partner,legal_form,currency\n\
//!            e1,2024-03-01T09:00:00Z,partner_registered,p1,legal_entity,RUB\n";
//! let events: Vec<_> = read_csv(csv.as_bytes()).collect::<Result<_, _>>().unwrap();
//! assert_eq!(events[0].id.as_str(), "e1");
//! ```

use super::event::Event;
use serde_json::{Map, Value};
use std::io::{BufRead, Read};

/// A line of a ledger file that could not be read as an event.
///
/// ```
/// use commission_rules::ledger::read_jsonl;
/// let err = read_jsonl("{}\n".as_bytes()).next().unwrap().unwrap_err();
/// assert_eq!(err.line, 1);
/// assert!(err.to_string().starts_with("line 1: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
#[non_exhaustive]
pub struct ReadError {
    /// The 1-based line number.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Events from JSON Lines (one JSON event per line; blank lines skipped), read lazily.
///
/// # Errors
/// An item is a [`ReadError`] naming its 1-based line where the line is not JSON or is
/// not an event (an unknown field or event type, a missing field, an amount or date that
/// does not parse); reading goes on with the next line. A line that is not UTF-8 or is
/// longer than [`MAX_LINE_BYTES`], or an I/O error, ends the iteration with its item.
///
/// ```
/// use commission_rules::ledger::read_jsonl;
/// let jsonl = r#"{"id":"e1","at":"2024-03-01T09:00:00Z","type":"contract_signed","partner":"p1"}"#;
/// let events: Vec<_> = read_jsonl(jsonl.as_bytes()).collect::<Result<_, _>>().unwrap();
/// assert_eq!(events.len(), 1);
/// ```
pub fn read_jsonl<R: BufRead>(mut reader: R) -> impl Iterator<Item = Result<Event, ReadError>> {
    let mut number = 0u64;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            number += 1;
            let text = match next_line(&mut reader, number) {
                Ok(Some(text)) => text,
                Ok(None) => return None,
                Err((error, fatal)) => {
                    // After an unreadable or overlong line nothing can be trusted.
                    done = fatal;
                    return Some(Err(error));
                }
            };
            // A byte-order mark may open the file (as some editors write UTF-8).
            let text = match number {
                1 => text.strip_prefix('\u{feff}').unwrap_or(&text),
                _ => &text,
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(serde_json::from_str(text).map_err(|err| ReadError {
                line: number,
                message: crate::suggest::serde_message(err.to_string()),
            }));
        }
        None
    })
}

/// The longest line a JSON Lines ledger may have: 1 MiB, its line break not counted.
///
/// ```
/// use commission_rules::ledger::{MAX_LINE_BYTES, read_jsonl};
/// let long = format!("{}\n", " ".repeat(MAX_LINE_BYTES + 1));
/// let error = read_jsonl(long.as_bytes()).next().unwrap().unwrap_err();
/// assert_eq!(error.to_string(), "line 1: longer than 1048576 bytes");
/// ```
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The next line without its line break, read at most [`MAX_LINE_BYTES`] at a time; an
/// error says whether reading can go on after it (a line that is not UTF-8 was read whole).
fn next_line<R: BufRead>(reader: &mut R, number: u64) -> Result<Option<String>, (ReadError, bool)> {
    let error = |message: String| {
        let error = ReadError {
            line: number,
            message,
        };
        (error, true)
    };
    let limit = u64::try_from(MAX_LINE_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    let mut bytes = Vec::new();
    let read = reader
        .by_ref()
        .take(limit)
        .read_until(b'\n', &mut bytes)
        .map_err(|err| error(err.to_string()))?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
    if bytes.len() > MAX_LINE_BYTES {
        return Err(error(format!("longer than {MAX_LINE_BYTES} bytes")));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|err| (error(err.to_string()).0, false))
}

/// Events from CSV with a header row (see the module's layout), read lazily.
///
/// # Errors
/// An item is a [`ReadError`] naming its line (the header is line 1) where a row is not
/// an event (a missing or unknown value, an amount or date that does not parse, a column
/// the event type does not take, a row of another length than the header); reading goes
/// on with the next row. A header with an unknown or repeated column is the only item.
///
/// ```
/// use commission_rules::{EventKind, Payer};
/// use commission_rules::ledger::read_csv;
/// let csv = "id,at,type,client,payment_kind,amount,paid_by\n\
///            e9,2024-03-10T12:00:00Z,payment,c1,subscription,3000.00 RUB,partner:p1\n\
///            e10,not-a-date,payment,c1,subscription,3000.00 RUB,client\n";
/// let mut events = read_csv(csv.as_bytes());
/// let first = events.next().unwrap().unwrap();
/// assert!(matches!(first.kind,
///     EventKind::Payment(ref payment) if payment.paid_by == Payer::Partner("p1".into())));
/// // The header is line 1, so the second event is on line 3.
/// assert_eq!(events.next().unwrap().unwrap_err().line, 3);
/// ```
pub fn read_csv<R: Read>(reader: R) -> impl Iterator<Item = Result<Event, ReadError>> {
    let mut rows = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let headers = rows
        .headers()
        .map_err(|err| err.to_string())
        .and_then(|headers| check_columns(headers).map(|()| headers.clone()))
        .map_err(|message| ReadError { line: 1, message });
    let mut records = rows.into_records();
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let headers = match &headers {
            Ok(headers) => headers,
            Err(err) => {
                failed = true;
                return Some(Err(err.clone()));
            }
        };
        let record = records.next()?;
        Some(record.map_err(csv_error).and_then(|record| {
            let line = record.position().map_or(0, |p| p.line());
            event_from_row(headers, &record).map_err(|message| ReadError { line, message })
        }))
    })
}

/// Every column the layout knows: [`Event`]'s fields, the fields of every
/// [`EventKind`](super::EventKind) (a payment's included) and the two period bounds. A new
/// event field must be added here to be read from CSV.
const COLUMNS: &[&str] = &[
    "id",
    "at",
    "type",
    "partner",
    "legal_form",
    "currency",
    "status",
    "specialist",
    "other",
    "parent",
    "client",
    "referrer",
    "promo_code",
    "integration",
    "via_partner_cabinet",
    "basis",
    "refused",
    "to",
    "consent",
    "payment_kind",
    "product_line",
    "paid_by",
    "amount",
    "list_price",
    "period_from",
    "period_to",
    "payment",
    "base",
    "quote",
    "rate",
    "method",
    "reason",
    "seats",
];

/// A header naming a column the layout does not know, or one column twice, is refused:
/// the cells under it would be dropped, or one of the two silently win.
fn check_columns(headers: &csv::StringRecord) -> Result<(), String> {
    for (index, column) in headers.iter().enumerate() {
        if attribute_key(column).is_some_and(|key| !key.is_empty()) {
            // An attribute column: any key the vendor uses.
        } else if !COLUMNS.contains(&column) {
            return Err(format!(
                "unknown column `{column}`; the columns are {} and `attributes.KEY`{}",
                COLUMNS.join(", "),
                crate::suggest::did_you_mean(crate::suggest::closest(
                    column,
                    COLUMNS.iter().copied()
                ))
            ));
        }
        if headers.iter().take(index).any(|earlier| earlier == column) {
            return Err(format!("the column `{column}` appears more than once"));
        }
    }
    Ok(())
}

/// The attribute key a column names (`attributes.plan` → `plan`), if it is one.
fn attribute_key(column: &str) -> Option<&str> {
    column.strip_prefix("attributes.")
}

fn csv_error(err: csv::Error) -> ReadError {
    ReadError {
        line: err.position().map_or(0, |p| p.line()),
        message: err.to_string(),
    }
}

fn event_from_row(headers: &csv::StringRecord, row: &csv::StringRecord) -> Result<Event, String> {
    let mut fields = Map::new();
    let mut period = Map::new();
    let mut attributes = Map::new();
    for (column, cell) in headers.iter().zip(row.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        if let Some(key) = attribute_key(column) {
            attributes.insert(key.to_owned(), cell.into());
            continue;
        }
        let value = match column {
            "amount" | "list_price" => money(cell)?,
            "paid_by" => payer(cell),
            "via_partner_cabinet" | "refused" | "consent" => Value::Bool(
                cell.parse()
                    .map_err(|_| format!("{column}: {cell:?} is not true or false"))?,
            ),
            "seats" => Value::from(
                cell.parse::<u32>()
                    .map_err(|_| format!("seats: {cell:?} is not a whole number"))?,
            ),
            "period_from" | "period_to" => {
                period.insert(column["period_".len()..].to_owned(), cell.into());
                continue;
            }
            _ => cell.into(),
        };
        fields.insert(column.to_owned(), value);
    }
    if !period.is_empty() {
        fields.insert("period".to_owned(), Value::Object(period));
    }
    if !attributes.is_empty() {
        fields.insert("attributes".to_owned(), Value::Object(attributes));
    }
    serde_json::from_value(Value::Object(fields))
        .map_err(|err| crate::suggest::serde_message(err.to_string()))
}

/// `3000.00 RUB` as the JSON of a [`Money`](crate::Money).
fn money(cell: &str) -> Result<Value, String> {
    let (amount, currency) = cell
        .split_once(' ')
        .ok_or_else(|| format!("{cell:?} is not an amount and a currency, like \"3000.00 RUB\""))?;
    Ok(serde_json::json!({ "amount": amount.trim(), "currency": currency.trim() }))
}

/// `client` or `partner:ID` as the JSON of a [`Payer`](super::Payer).
fn payer(cell: &str) -> Value {
    match cell.split_once(':') {
        Some(("partner", id)) => serde_json::json!({ "partner": id }),
        _ => cell.into(),
    }
}
