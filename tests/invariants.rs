//! Invariants of every built-in program and of the data-only `example-saas` under random ledgers (`support::generate`), each
//! its own property test per program: money conserved per payment, one rounding per line,
//! statements that add up and chain, no negative balance, order independence, incremental
//! = batch through a JSON snapshot, determinism, rejected events changing nothing, and a
//! statements-only evaluation keeping the same totals (also through a snapshot).
//! 256 cases each by default; set `PROPTEST_CASES` for more.

mod support;

use commission_rules::{
    Engine, ErrorKind, Event, Ledger, LineKind, Mode, Outcome, OutcomeDetail, RuleSet, Snapshot,
    evaluate_parallel, evaluate_with,
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

/// Evaluating the first `cut` events, snapshotting to JSON, resuming and evaluating the
/// rest gives the bytes of evaluating them all at once, keeping either detail.
fn halves_equal_whole(
    program: &RuleSet,
    ledger: &Ledger,
    cut: prop::sample::Index,
    detail: OutcomeDetail,
) -> Result<(), TestCaseError> {
    let events: Vec<&Event> = ledger.in_time_order();
    let cut = cut.index(events.len() + 1);
    let first = engine_after(program, &events[..cut], detail);
    let json = serde_json::to_string(&first.snapshot()).unwrap();
    let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
    let mut second = Engine::resume(program, snapshot, Mode::Lenient).unwrap();
    for event in &events[cut..] {
        second.apply(event).unwrap();
    }
    let whole = engine_after(program, &events, detail).outcome().unwrap();
    prop_assert_eq!(bytes(&second.outcome().unwrap()), bytes(&whole));
    Ok(())
}

/// A lenient engine that has applied `events`.
fn engine_after<'p>(program: &'p RuleSet, events: &[&Event], detail: OutcomeDetail) -> Engine<'p> {
    let mut engine = Engine::with_detail(program, Mode::Lenient, detail).unwrap();
    for event in events {
        engine.apply(event).unwrap();
    }
    engine
}

fn statements_only(program: &RuleSet, events: &[&Event]) -> Outcome {
    engine_after(program, events, OutcomeDetail::Statements)
        .outcome()
        .unwrap()
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

/// A statements-only evaluation keeps the same figures as a full one: the totals of every
/// statement, entitlements, leaderboards, qualifications, rejected events. Past its
/// contract it may reject more: references to payments it has forgotten, which book nothing
/// in a full evaluation (but move `as_of`, and with it time-triggered lines); the two are
/// then compared on the ledger before the first such reference.
fn statements_only_equals_full(program: &RuleSet, ledger: &Ledger) -> Result<(), TestCaseError> {
    let events = ledger.in_time_order();
    let totals = statements_only(program, &events);
    let all = lenient(program, ledger);
    let forgotten: Vec<&commission_rules::Rejection> = totals
        .rejections
        .iter()
        .filter(|r| !all.rejections.iter().any(|f| f.event == r.event))
        .collect();
    for rejection in &forgotten {
        prop_assert!(
            matches!(rejection.reason, ErrorKind::UnknownPayment { .. }),
            "{:?}",
            rejection
        );
    }
    let Some(first) = forgotten.first() else {
        return same_figures(&totals, &all);
    };
    let Some(cutoff) = events.iter().find(|e| e.id == first.event).map(|e| e.at) else {
        return Err(TestCaseError::fail("a rejection names no event"));
    };
    let before: Vec<&Event> = events.into_iter().filter(|e| e.at < cutoff).collect();
    let within: Ledger = before.iter().map(|e| (*e).clone()).collect();
    let totals = statements_only(program, &before);
    same_figures(&totals, &lenient(program, &within))
}

fn same_figures(totals: &Outcome, full: &Outcome) -> Result<(), TestCaseError> {
    prop_assert!(totals.lines.is_empty() && totals.statements.is_empty());
    prop_assert_eq!(totals.as_of, full.as_of);
    prop_assert_eq!(&totals.totals, &full.statement_totals());
    // Statements-only lists entitlements and rejections in a canonical order.
    let mut granted = full.entitlements.clone();
    granted.sort_by_key(|e| {
        (
            e.partner.clone(),
            e.from,
            e.rule.clone(),
            e.source_event.clone(),
            format!("{:?}", (&e.perk, e.until)),
        )
    });
    prop_assert_eq!(&totals.entitlements, &granted);
    prop_assert_eq!(&totals.leaderboards, &full.leaderboards);
    prop_assert_eq!(&totals.qualifications, &full.qualifications);
    // The same events are rejected; a forgotten payment may change the reason given.
    let ids = |outcome: &Outcome| {
        let mut ids: Vec<_> = outcome.rejections.iter().map(|r| r.event.clone()).collect();
        ids.sort();
        ids
    };
    prop_assert_eq!(ids(totals), ids(full));
    Ok(())
}

/// Split into parts, evaluated on threads and merged: the bytes of one statements-only
/// evaluation of the whole ledger.
fn parts_merge_to_the_whole(
    program: &RuleSet,
    ledger: &Ledger,
    threads: usize,
) -> Result<(), TestCaseError> {
    let whole = statements_only(program, &ledger.in_time_order());
    let merged = evaluate_parallel(program, ledger, Mode::Lenient, threads).unwrap();
    prop_assert_eq!(bytes(&merged), bytes(&whole));
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
                    halves_equal_whole(&$program, &ledger, cut, OutcomeDetail::Full)?;
                }

                #[test]
                fn evaluating_twice_gives_identical_bytes(ledger in ledger()) {
                    prop_assert_eq!(bytes(&lenient(&$program, &ledger)), bytes(&lenient(&$program, &ledger)));
                }

                #[test]
                fn removing_a_rejected_event_changes_nothing(ledger in ledger()) {
                    rejected_events_change_nothing(&$program, &ledger)?;
                }

                #[test]
                fn statements_only_keeps_the_same_totals(ledger in ledger()) {
                    statements_only_equals_full(&$program, &ledger)?;
                }

                #[test]
                fn parts_evaluated_on_threads_merge_to_the_whole(ledger in ledger(), threads in 1usize..5) {
                    parts_merge_to_the_whole(&$program, &ledger, threads)?;
                }

                #[test]
                fn statements_only_halves_through_a_snapshot_equal_the_whole(ledger in ledger(), cut in any::<prop::sample::Index>()) {
                    halves_equal_whole(&$program, &ledger, cut, OutcomeDetail::Statements)?;
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
