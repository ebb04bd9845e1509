//! `commission-rules`: the command-line tool of the `commission-rules` crate.
//!
//! ```sh
//! cargo install --path . --features cli
//! commission-rules validate programs/radist.json programs/example-saas.json
//! commission-rules statement --program programs/wazzup.json \
//!     --ledger tests/data/wazzup-sample.csv --partner studio --month 2024-02
//! commission-rules payouts --program programs/radist.json \
//!     --ledger tests/data/radist-odd-ids.jsonl --format csv
//! commission-rules payouts --program programs/example-saas.json \
//!     --ledger tests/data/example-saas-sample.jsonl --as-of 2026-05-01
//! commission-rules compare --program programs/radist.json \
//!     --program programs/wazzup.json --ledger tests/data/wazzup-sample.jsonl
//! commission-rules explain --program programs/usage-coupon.json \
//!     --ledger tests/data/usage-coupon-sample.jsonl --payment k2-p1
//! commission-rules schema > programs/schema.json
//! ```
//!
//! A ledger file ending in `.csv` is read as CSV (the layout of
//! `commission_rules::ledger::read_csv`), any other as JSON Lines. Instants are written
//! in RFC 3339 in UTC (`2024-03-13T12:00:00Z`); CSV goes through the `csv` crate (quoted
//! where needed, one header, one kind of row per file).
//!
//! `--as-of DATE` (`statement`, `payouts`) advances the evaluation to DATE after the
//! ledger (`Engine::advance_to`): `YYYY-MM-DD` at 00:00 in the program's zone, or an
//! RFC 3339 instant.
//!
//! `statement` and `payouts` show a progress bar on stderr once the tool has run for a
//! second (reading the input included) and stderr is a terminal (`--progress always` shows it from the
//! first event, `--progress never` not at all).
//!
//! Exit codes: 0 the command succeeded; 1 the input has faults (a program that does not
//! validate, a ledger line that cannot be read, an event the program rejects, an
//! `--as-of` before the ledger's last event); 2 usage (a bad flag or value, a file that
//! cannot be opened, output that cannot be written).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod compare;
mod explain;
mod input;
mod output;
mod payouts;
mod progress;
mod schema;
mod statement;

use clap::{Args, Parser, Subcommand, ValueEnum};
use commission_rules::Month;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit codes, as `--help` shows them.
const EXIT_CODES: &str = "Exit codes: 0 ok; 1 the input has faults (an invalid program, an \
unreadable ledger line, an event the program rejects, an --as-of before the ledger's last \
event); 2 usage (a bad flag or value, a file \
that cannot be opened, output that cannot be written).";

/// Evaluate SaaS partner programs on ledgers: statements, payout files, comparisons.
#[derive(Debug, Parser)]
#[command(name = "commission-rules", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load each program file and print `ok`, or every fault it has: one line each, with
    /// its path in the document and, for a misspelled name, the name probably meant.
    Validate {
        /// Program files (JSON).
        #[arg(required = true, value_name = "PROGRAM")]
        programs: Vec<PathBuf>,
    },
    /// Evaluate a ledger and print the partners' monthly payout statements.
    Statement(StatementArgs),
    /// Evaluate a ledger and print the mass-payout file: one row per payout to make.
    Payouts(PayoutsArgs),
    /// Evaluate one ledger under several programs: what each pays per partner and month.
    Compare(CompareArgs),
    /// Explain one payment: per rule in force, the lines it booked, or why none.
    Explain(explain::ExplainArgs),
    /// Print the JSON Schema of program files (`programs/schema.json`), for editors.
    Schema,
}

/// What `statement` and `payouts` evaluate, and how.
#[derive(Debug, Args)]
pub(crate) struct EvaluationArgs {
    /// The program file (JSON).
    #[arg(long)]
    program: PathBuf,
    /// The ledger file: JSON Lines, or CSV if its name ends in `.csv`.
    #[arg(long)]
    ledger: PathBuf,
    /// Evaluate as of DATE: `YYYY-MM-DD` (00:00 in the program's zone) or an RFC 3339
    /// instant. Books what time alone brings by then (monthly payout runs, closed periods,
    /// expired credits); a DATE before the ledger's last event is a fault (exit code 1).
    #[arg(long, value_name = "DATE", value_parser = input::parse_as_of)]
    as_of: Option<input::AsOf>,
    /// When stderr is a terminal, a progress bar: `auto` once the tool has run a second
    /// (reading the input included), `always` from the evaluation's first event, `never`.
    /// Where stderr is not a terminal there is none.
    #[arg(long, value_enum, default_value_t = progress::Shown::Auto)]
    progress: progress::Shown,
}

/// What `statement` reads and prints.
#[derive(Debug, Args)]
pub(crate) struct StatementArgs {
    #[command(flatten)]
    evaluation: EvaluationArgs,
    /// Only this partner's statements.
    #[arg(long, value_name = "ID")]
    partner: Option<String>,
    /// Only this month's statements (program time).
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<Month>,
    /// `table`: one aligned statement per partner and month; `json`: the statements;
    /// `csv`: one row per line (balance and memo lines).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// What `payouts` reads and prints.
#[derive(Debug, Args)]
pub(crate) struct PayoutsArgs {
    #[command(flatten)]
    evaluation: EvaluationArgs,
    /// `csv` (one row per payout) or `json` (an array of the same rows).
    #[arg(long, value_enum, default_value_t = DataFormat::Csv)]
    format: DataFormat,
}

/// What `compare` reads and prints.
#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// A program file (JSON); give `--program` once per program.
    #[arg(long = "program", required = true, value_name = "PROGRAM")]
    programs: Vec<PathBuf>,
    /// The ledger file: JSON Lines, or CSV if its name ends in `.csv`.
    #[arg(long)]
    ledger: PathBuf,
    /// `table`: a column per program; `json`: the comparison; `csv`: one row per
    /// partner, month and program that pays something.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// How `statement` and `compare` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned text for people.
    Table,
    /// JSON, as the library serialises it.
    Json,
    /// CSV with one header.
    Csv,
}

/// How `payouts` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DataFormat {
    /// CSV with one header.
    Csv,
    /// JSON.
    Json,
}

/// Why a command stopped, and so its exit code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The input has faults (exit code 1); the message names the file and the fault.
    Input(String),
    /// The faults were printed already (exit code 1).
    Reported,
    /// Usage (exit code 2): a file that cannot be opened, output that cannot be written.
    Usage(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) | Failure::Reported => 1,
            Failure::Usage(_) => 2,
        }
    }
}

fn run(command: &Command, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        Command::Validate { programs } => input::validate(programs, out),
        Command::Statement(args) => statement::run(args, out),
        Command::Payouts(args) => payouts::run(args, out),
        Command::Compare(args) => compare::run(args, out),
        Command::Explain(args) => explain::run(args, out),
        Command::Schema => schema::run(out),
    }?;
    out.flush().map_err(output::write_failed)
}

fn main() -> ExitCode {
    // Bad flags print clap's message and exit with code 2; `--help` exits with 0.
    let cli = Cli::parse();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match run(&cli.command, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // What was written before the failure is flushed first, so the message comes last.
            let _ = out.flush();
            if let Failure::Input(message) | Failure::Usage(message) = &failure {
                eprintln!("commission-rules: {message}");
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
