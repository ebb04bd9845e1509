//! Reading program and ledger files, and `validate`.

use crate::progress::Wait;
use crate::{EvaluationArgs, Failure};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use commission_rules::ledger::{ReadError, read_csv, read_jsonl};
use commission_rules::time::{EARLIEST_YEAR, LATEST_YEAR};
use commission_rules::{
    Engine, Error, ErrorKind, Event, Instant, Ledger, Mode, Outcome, ProgramZone, RuleSet,
    evaluation_order,
};
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

/// A file that cannot be opened or read: a usage error.
fn unreadable(path: &Path, error: &std::io::Error) -> Failure {
    Failure::Usage(format!("{}: cannot read: {error}", path.display()))
}

/// Reads and validates a program file.
pub(crate) fn program(path: &Path) -> Result<RuleSet, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| unreadable(path, &error))?;
    RuleSet::from_json(&text)
        .map_err(|error| Failure::Input(format!("{}: {error}", path.display())))
}

/// Reads a ledger file: CSV if its name ends in `.csv`, JSON Lines otherwise.
pub(crate) fn ledger(path: &Path) -> Result<Ledger, Failure> {
    let file = File::open(path).map_err(|error| unreadable(path, &error))?;
    let csv = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
    let events: Result<Vec<Event>, ReadError> = if csv {
        read_csv(file).collect()
    } else {
        read_jsonl(BufReader::new(file)).collect()
    };
    events
        .map(Ledger::from)
        .map_err(|error| Failure::Input(format!("{}: {error}", path.display())))
}

/// The value of `--as-of`: a date, read at 00:00 in the program's zone once the program
/// is loaded, or an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AsOf {
    /// As written on the command line, for messages.
    text: String,
    when: When,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// `YYYY-MM-DD`: the start of that day in the program's zone.
    Date(NaiveDate),
    /// An RFC 3339 instant, with its own offset.
    Instant(Instant),
}

/// Reads `--as-of`: `YYYY-MM-DD` (digits at fixed places, a date on the calendar) or an
/// RFC 3339 instant (`2024-03-01T00:00:00Z`, `2024-03-01T00:00:00+03:00`). A value of
/// neither form is a usage error (exit code 2, through clap).
pub(crate) fn parse_as_of(text: &str) -> Result<AsOf, String> {
    let date_shape = text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    let when = if date_shape {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(When::Date)
            .map_err(|_| format!("{text} is not a date on the calendar"))?
    } else {
        DateTime::parse_from_rfc3339(text)
            .map(|at| When::Instant(at.with_timezone(&Utc)))
            .map_err(|_| {
                format!(
                    "expected a date YYYY-MM-DD (00:00 in the program's zone) or an RFC 3339 \
                     instant such as 2024-03-01T00:00:00Z, not {text:?}"
                )
            })?
    };
    Ok(AsOf {
        text: text.to_owned(),
        when,
    })
}

impl AsOf {
    /// The instant meant, under a program's zone; outside the supported years (1900 to
    /// 2199 UTC) a usage error.
    fn instant(&self, zone: ProgramZone) -> Result<Instant, Failure> {
        let usage = |reason: &dyn std::fmt::Display| {
            Failure::Usage(format!("--as-of {}: {reason}", self.text))
        };
        match self.when {
            // The day's first instant in the program's zone (00:00, or the end of a
            // daylight-saving gap at midnight), as the engine starts its days.
            When::Date(date) => Some(zone.start_of(date))
                .filter(|at| (EARLIEST_YEAR..=LATEST_YEAR).contains(&at.year()))
                .ok_or_else(|| usage(&"outside the years 1900 to 2199 an evaluation may reach")),
            When::Instant(at) => Ok(at),
        }
    }
}

/// Reads the program and the ledger and evaluates the ledger strictly: an event the
/// program rejects is a fault of the ledger. With `--as-of`, the evaluation is then
/// advanced to that instant ([`Engine::advance_to`]): a date before the ledger's last
/// event is a fault of the input (exit code 1), one outside the supported years a usage
/// error (2).
pub(crate) fn evaluated(args: &EvaluationArgs) -> Result<Outcome, Failure> {
    let progress = Wait::new(args.progress);
    let program = program(&args.program)?;
    let ledger = ledger(&args.ledger)?;
    let fault = |error: Error| Failure::Input(format!("{}: {error}", args.ledger.display()));
    // The instant first: a bad `--as-of` is reported before a long evaluation.
    let as_of = args.as_of.as_ref();
    let at = as_of
        .map(|as_of| as_of.instant(program.time_zone))
        .transpose()?;
    let mut engine = Engine::new(&program, Mode::Strict).map_err(fault)?;
    let mut progress = progress.over(ledger.events().len());
    for (done, event) in (1u64..).zip(evaluation_order(&program, &ledger)) {
        engine.apply(event).map_err(fault)?;
        progress.reached(done);
    }
    progress.finish();
    if let (Some(at), Some(as_of)) = (at, as_of) {
        engine.advance_to(at).map_err(|error| {
            let message = format!("--as-of {}: {error}", as_of.text);
            match error.kind() {
                ErrorKind::OutOfOrder { .. } => Failure::Input(message),
                _ => Failure::Usage(message),
            }
        })?;
    }
    engine.outcome().map_err(fault)
}

/// `validate`: per file, one line `ok`, or one line per fault (its path in the document,
/// what is wrong, the name probably meant); unreadable files are reported on stderr. Exit
/// code 2 if a file cannot be read, else 1 if a program has a fault.
pub(crate) fn validate(paths: &[PathBuf], out: &mut dyn Write) -> Result<(), Failure> {
    let mut unreadable_files = 0_usize;
    let mut faults = 0_usize;
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                unreadable_files += 1;
                if let Failure::Usage(message) = unreadable(path, &error) {
                    eprintln!("commission-rules: {message}");
                }
                continue;
            }
        };
        let lines = match RuleSet::check_json(&text) {
            Ok(program) => {
                let versions = program.versions.len();
                let plural = if versions == 1 { "" } else { "s" };
                vec![format!(
                    "ok ({}, {versions} version{plural})",
                    program.program
                )]
            }
            Err(found) => {
                faults += found.len();
                found.iter().map(ToString::to_string).collect()
            }
        };
        for line in lines {
            writeln!(out, "{}: {line}", path.display()).map_err(crate::output::write_failed)?;
        }
    }
    match (unreadable_files, faults) {
        (0, 0) => Ok(()),
        (0, _) => Err(Failure::Reported),
        (count, _) => Err(Failure::Usage(format!("{count} file(s) could not be read"))),
    }
}
