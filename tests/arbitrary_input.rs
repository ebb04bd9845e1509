//! Arbitrary input through the parsing and evaluation entry points never panics: random
//! bytes as a JSON ledger and as a JSON rule set, and valid ledgers with bytes flipped.
//! The `fuzz/` targets run the same entry point without a bound.

mod support;

use commission_rules::{Ledger, Mode, RuleSet, evaluate_with, programs};
use proptest::prelude::*;

/// Parses `bytes` as a ledger and a rule set and evaluates whatever parses: the ledger
/// under every built-in program, the rule set over `book`. Errors are fine, panics are not.
fn feed(bytes: &[u8], book: &Ledger) {
    let text = String::from_utf8_lossy(bytes);
    let parsed_program = RuleSet::from_json(&text).ok();
    if let Ok(ledger) = serde_json::from_str::<Ledger>(&text) {
        for program in [
            programs::radist(),
            programs::leadsender(),
            programs::wazzup(),
            programs::message_help(),
            programs::smart_soft(),
        ] {
            let _ = evaluate_with(&program, &ledger, Mode::Lenient);
            let _ = evaluate_with(&program, &ledger, Mode::Strict);
        }
    }
    if let Some(program) = parsed_program {
        let _ = evaluate_with(&program, book, Mode::Lenient);
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        feed(&bytes, &Ledger::new());
    }

    #[test]
    fn a_valid_ledger_with_bytes_changed_never_panics(
        ledger in support::generate::ledger(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = serde_json::to_vec(&ledger).unwrap();
        for (at, byte) in changes {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        feed(&bytes, &Ledger::new());
    }

    #[test]
    fn a_program_file_with_bytes_changed_never_panics(
        which in 0..5usize,
        book in support::generate::ledger(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let program = [programs::radist(), programs::leadsender(), programs::wazzup(),
            programs::message_help(), programs::smart_soft()][which].clone();
        let mut bytes = serde_json::to_vec(&program).unwrap();
        for (at, byte) in changes {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        feed(&bytes, &book);
    }
}
