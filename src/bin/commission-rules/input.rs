//! Reading program and ledger files, and `validate`.

use crate::Failure;
use commission_rules::ledger::{ReadError, read_csv, read_jsonl};
use commission_rules::{Event, Ledger, Outcome, RuleSet, evaluate};
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

/// Evaluates a ledger strictly: an event the program rejects is a fault of the ledger.
pub(crate) fn evaluated(
    program: &RuleSet,
    ledger: &Ledger,
    path: &Path,
) -> Result<Outcome, Failure> {
    evaluate(program, ledger)
        .map_err(|error| Failure::Input(format!("{}: {error}", path.display())))
}

/// `validate`: one line per file, `ok` or its fault; unreadable files are reported on
/// stderr. Exit code 2 if a file cannot be read, else 1 if a program has a fault.
pub(crate) fn validate(paths: &[PathBuf], out: &mut dyn Write) -> Result<(), Failure> {
    let mut unreadable_files = 0_usize;
    let mut faults = 0_usize;
    for path in paths {
        let line = match program(path) {
            Ok(program) => {
                let versions = program.versions.len();
                let plural = if versions == 1 { "" } else { "s" };
                format!(
                    "{}: ok ({}, {versions} version{plural})",
                    path.display(),
                    program.program
                )
            }
            Err(Failure::Input(fault)) => {
                faults += 1;
                fault
            }
            Err(Failure::Usage(message)) => {
                unreadable_files += 1;
                eprintln!("commission-rules: {message}");
                continue;
            }
            Err(Failure::Reported) => continue,
        };
        writeln!(out, "{line}").map_err(crate::output::write_failed)?;
    }
    match (unreadable_files, faults) {
        (0, 0) => Ok(()),
        (0, _) => Err(Failure::Reported),
        (count, _) => Err(Failure::Usage(format!("{count} file(s) could not be read"))),
    }
}
