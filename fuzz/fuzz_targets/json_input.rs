//! Arbitrary bytes as a JSON ledger (evaluated under every built-in program) and as a
//! JSON rule set (validated, then evaluated over an empty ledger): errors, never panics.
#![no_main]

use commission_rules::{Ledger, Mode, RuleSet, evaluate_with, programs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(ledger) = serde_json::from_str::<Ledger>(&text) {
        for program in [
            programs::radist(),
            programs::leadsender(),
            programs::wazzup(),
            programs::message_help(),
            programs::smart_soft(),
        ] {
            let _ = evaluate_with(&program, &ledger, Mode::Lenient);
        }
    }
    if let Ok(program) = RuleSet::from_json(&text) {
        let _ = evaluate_with(&program, &Ledger::new(), Mode::Lenient);
    }
});
