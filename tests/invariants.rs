//! Invariants of every built-in program and of the data-only `example-saas` under random ledgers (`support::generate`), each
//! its own property test per program: money conserved per payment, one rounding per line,
//! statements that add up and chain, no negative balance, order independence, incremental
//! = batch through a JSON snapshot, determinism, and rejected events changing nothing.
//! 256 cases each by default; set `PROPTEST_CASES` for more.

mod support;

use commission_rules::{
    Engine, Event, Ledger, LineKind, Mode, Outcome, RuleSet, Snapshot, evaluate_with,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn lenient(program: &RuleSet, ledger: &Ledger) -> Outcome {
    evaluate_with(program, ledger, Mode::Lenient).unwrap()
}

fn bytes(outcome: &Outcome) -> String {
    serde_json::to_string(outcome).unwrap()
}

fn money_is_conserved(outcome: &Outcome) -> Result<(), TestCaseError> {
    for settlement in &outcome.settlements {
        let total = settlement
            .partner_share
            .checked_add(settlement.vendor_share)
            .unwrap();
        prop_assert_eq!(total, settlement.gross);
        prop_assert!(settlement.partner_share.amount >= Decimal::ZERO);
        prop_assert!(
            settlement.vendor_share.amount >= Decimal::ZERO,
            "{:?}",
            settlement
        );
        let shared = [
            LineKind::Accrual,
            LineKind::Adjustment,
            LineKind::Discount,
            LineKind::CreditUsed,
        ];
        let from_lines: Decimal = outcome
            .lines
            .iter()
            .filter(|l| l.payment.as_ref() == Some(&settlement.payment))
            .filter(|l| Some(&l.partner) == settlement.partner.as_ref())
            .filter(|l| shared.contains(&l.kind))
            .map(|l| l.amount.amount)
            .sum();
        prop_assert_eq!(from_lines, settlement.partner_share.amount);
    }
    Ok(())
}

fn rounding_is_one_step(outcome: &Outcome) -> Result<(), TestCaseError> {
    for line in &outcome.lines {
        let minor_units = line.amount.currency.minor_units().unwrap();
        prop_assert!(line.amount.amount.scale() <= minor_units);
        if let Some(exact) = line.explanation.exact {
            let half = Decimal::new(5, minor_units + 1);
            prop_assert!((line.amount.amount - exact).abs() <= half, "{:?}", line);
        }
    }
    Ok(())
}

fn statements_add_up(outcome: &Outcome) -> Result<(), TestCaseError> {
    let mut previous: Option<&commission_rules::PayoutStatement> = None;
    for statement in &outcome.statements {
        let sum: Decimal = statement.lines.iter().map(|l| l.amount.amount).sum();
        prop_assert_eq!(statement.opening.amount + sum, statement.closing.amount);
        prop_assert!(
            statement.closing.amount >= Decimal::ZERO,
            "negative balance: {}",
            statement
        );
        match previous.filter(|p| p.partner == statement.partner) {
            Some(before) => {
                prop_assert_eq!(before.closing, statement.opening);
                prop_assert_eq!(before.month.next(), Some(statement.month));
            }
            None => prop_assert_eq!(statement.opening.amount, Decimal::ZERO),
        }
        previous = Some(statement);
    }
    Ok(())
}

fn halves_equal_whole(
    program: &RuleSet,
    ledger: &Ledger,
    cut: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let events: Vec<&Event> = ledger.in_time_order();
    let cut = cut.index(events.len() + 1);
    let mut first = Engine::new(program, Mode::Lenient).unwrap();
    for event in &events[..cut] {
        first.apply(event).unwrap();
    }
    let json = serde_json::to_string(&first.snapshot()).unwrap();
    let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
    let mut second = Engine::resume(program, snapshot, Mode::Lenient).unwrap();
    for event in &events[cut..] {
        second.apply(event).unwrap();
    }
    prop_assert_eq!(
        bytes(&second.outcome().unwrap()),
        bytes(&lenient(program, ledger))
    );
    Ok(())
}

fn rejected_events_change_nothing(program: &RuleSet, ledger: &Ledger) -> Result<(), TestCaseError> {
    let outcome = lenient(program, ledger);
    let rejected: Vec<_> = outcome.rejections.iter().map(|r| r.event.clone()).collect();
    let kept: Ledger = ledger
        .events()
        .iter()
        .filter(|e| !rejected.contains(&e.id))
        .cloned()
        .collect();
    let without = lenient(program, &kept);
    prop_assert!(without.rejections.is_empty(), "{:?}", without.rejections);
    prop_assert_eq!(&without.lines, &outcome.lines);
    prop_assert_eq!(&without.settlements, &outcome.settlements);
    prop_assert_eq!(&without.entitlements, &outcome.entitlements);
    Ok(())
}

macro_rules! invariants {
    ($module:ident, $program:expr) => {
        mod $module {
            use super::*;
            use support::generate::ledger;

            proptest! {
                #[test]
                fn money_is_conserved_per_payment(ledger in ledger()) {
                    money_is_conserved(&lenient(&$program, &ledger))?;
                }

                #[test]
                fn rounding_moves_a_line_by_at_most_half_a_minor_unit(ledger in ledger()) {
                    rounding_is_one_step(&lenient(&$program, &ledger))?;
                }

                #[test]
                fn statements_add_up_chain_and_never_go_negative(ledger in ledger()) {
                    statements_add_up(&lenient(&$program, &ledger))?;
                }

                #[test]
                fn a_shuffled_ledger_gives_identical_bytes(
                    (ledger, shuffled) in ledger().prop_flat_map(|ledger| {
                        let events = ledger.events().to_vec();
                        (Just(ledger), Just(events).prop_shuffle())
                    })
                ) {
                    let shuffled: Ledger = shuffled.into();
                    prop_assert_eq!(bytes(&lenient(&$program, &ledger)), bytes(&lenient(&$program, &shuffled)));
                }

                #[test]
                fn two_halves_through_a_snapshot_equal_the_whole(ledger in ledger(), cut in any::<prop::sample::Index>()) {
                    halves_equal_whole(&$program, &ledger, cut)?;
                }

                #[test]
                fn evaluating_twice_gives_identical_bytes(ledger in ledger()) {
                    prop_assert_eq!(bytes(&lenient(&$program, &ledger)), bytes(&lenient(&$program, &ledger)));
                }

                #[test]
                fn removing_a_rejected_event_changes_nothing(ledger in ledger()) {
                    rejected_events_change_nothing(&$program, &ledger)?;
                }
            }
        }
    };
}

invariants!(radist, commission_rules::programs::radist());
invariants!(leadsender, commission_rules::programs::leadsender());
invariants!(wazzup, commission_rules::programs::wazzup());
invariants!(message_help, commission_rules::programs::message_help());
invariants!(smart_soft, commission_rules::programs::smart_soft());

/// The sixth program, loaded from its data file.
fn example_saas() -> RuleSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/example-saas.json");
    RuleSet::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

invariants!(example_saas_from_file, example_saas());
