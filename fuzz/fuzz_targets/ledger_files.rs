//! Arbitrary bytes as a ledger file, read both as JSON Lines (`read_jsonl`) and as CSV
//! (`read_csv`): every line is an event or a `ReadError` naming it, never a panic; the
//! events that parse are evaluated under one program in lenient mode.
#![no_main]

use commission_rules::ledger::{ReadError, read_csv, read_jsonl};
use commission_rules::{Event, Ledger, Mode, RuleSet, evaluate_with, programs};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PROGRAM: LazyLock<RuleSet> = LazyLock::new(programs::wazzup);

/// Events past this many are read but not evaluated (keeps one input's time bounded).
const MAX_EVENTS: usize = 256;

fn evaluate(events: impl Iterator<Item = Result<Event, ReadError>>) {
    let ledger: Ledger = events.filter_map(Result::ok).take(MAX_EVENTS).collect();
    let _ = evaluate_with(&PROGRAM, &ledger, Mode::Lenient);
}

fuzz_target!(|bytes: &[u8]| {
    evaluate(read_jsonl(bytes));
    evaluate(read_csv(bytes));
});
