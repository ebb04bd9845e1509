//! Invariants under random Radist ledgers: money conserved, statements that add up,
//! order-independence, incremental = batch through a snapshot, serde round-trips.

mod support;

use commission_rules::{
    Currency, Engine, Event, Ledger, LineKind, Mode, Money, Outcome, RuleSet, Snapshot,
    evaluate_with, evaluation_order, programs,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use support::{Book, msk};

#[derive(Debug, Clone)]
enum Op {
    Pay { client: usize, kopecks: i64 },
    PayUsd { client: usize, cents: i64 },
    Correct { client: usize, partner: usize },
    PartialSupport { partner: usize },
    UsdRate { kopecks: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..6usize, 1..=100_000_000i64).prop_map(|(client, kopecks)| Op::Pay { client, kopecks }),
        1 => (0..6usize, 1..=1_000_000i64).prop_map(|(client, cents)| Op::PayUsd { client, cents }),
        1 => (0..6usize, 0..3usize).prop_map(|(client, partner)| Op::Correct { client, partner }),
        1 => (0..3usize).prop_map(|partner| Op::PartialSupport { partner }),
        1 => (5_000..15_000i64).prop_map(|kopecks| Op::UsdRate { kopecks }),
    ]
}

/// A ledger of 3 partners, 6 clients (some without a partner) and random operations, at
/// distinct instants spread over 2019–2022 so that all three R-4 versions are crossed.
fn radist_ledger() -> impl Strategy<Value = Ledger> {
    let referrers = prop::collection::vec(prop::option::of(0..3usize), 6);
    let ops = prop::collection::vec((op(), 1..1_500i64), 1..40);
    (referrers, ops).prop_map(|(referrers, ops)| {
        let mut book = Book::new();
        let mut at = msk(2019, 6, 1, 10, 0);
        let mut tick = |hours: i64| {
            at += chrono::Duration::hours(hours);
            at
        };
        for partner in 0..3 {
            book.partner(&format!("p{partner}"), tick(1));
        }
        for (client, referrer) in referrers.iter().enumerate() {
            let referrer = referrer.map(|p| format!("p{p}"));
            book.client(&format!("c{client}"), tick(1), referrer.as_deref());
        }
        for (index, (op, gap_hours)) in ops.into_iter().enumerate() {
            let at = tick(gap_hours);
            let id = format!("op-{index}");
            match op {
                Op::Pay { client, kopecks } => {
                    book.pays(
                        &id,
                        at,
                        &format!("c{client}"),
                        Money::new(Decimal::new(kopecks, 2), Currency::RUB),
                    );
                }
                Op::PayUsd { client, cents } => {
                    book.pays(
                        &id,
                        at,
                        &format!("c{client}"),
                        Money::new(Decimal::new(cents, 2), Currency::USD),
                    );
                }
                Op::Correct { client, partner } => {
                    book.attribute(&id, at, &format!("c{client}"), &format!("p{partner}"));
                }
                Op::PartialSupport { partner } => {
                    book.status(
                        &id,
                        at,
                        &format!("p{partner}"),
                        programs::radist::REFERRAL_ONLY,
                    );
                }
                Op::UsdRate { kopecks } => {
                    book.push(
                        &id,
                        at,
                        commission_rules::EventKind::FxRate {
                            base: Currency::USD,
                            quote: Currency::RUB,
                            rate: Decimal::new(kopecks, 2),
                        },
                    );
                }
            }
        }
        book.ledger()
    })
}

fn lenient(program: &RuleSet, ledger: &Ledger) -> Outcome {
    evaluate_with(program, ledger, Mode::Lenient).unwrap()
}

fn bytes(outcome: &Outcome) -> String {
    serde_json::to_string(outcome).unwrap()
}

proptest! {
    /// For every payment: partner share + vendor share = gross to the kopeck, the partner
    /// share is exactly the sum of its lines, and neither side is negative.
    #[test]
    fn money_is_conserved_per_payment(ledger in radist_ledger()) {
        let outcome = lenient(&programs::radist(), &ledger);
        for settlement in &outcome.settlements {
            let total = settlement.partner_share.checked_add(settlement.vendor_share).unwrap();
            prop_assert_eq!(total, settlement.gross);
            prop_assert!(settlement.partner_share.amount >= Decimal::ZERO);
            prop_assert!(settlement.vendor_share.amount >= Decimal::ZERO);
            let from_lines: Decimal = outcome
                .lines
                .iter()
                .filter(|l| l.payment.as_ref() == Some(&settlement.payment) && Some(&l.partner) == settlement.partner.as_ref())
                .filter(|l| matches!(l.kind, LineKind::Accrual | LineKind::Adjustment | LineKind::Discount))
                .map(|l| l.amount.amount)
                .sum();
            prop_assert_eq!(from_lines, settlement.partner_share.amount);
        }
    }

    /// One rounding per line: never more than half a kopeck away from the exact figure.
    #[test]
    fn rounding_never_moves_a_line_by_more_than_half_a_kopeck(ledger in radist_ledger()) {
        let outcome = lenient(&programs::radist(), &ledger);
        for line in &outcome.lines {
            if let Some(exact) = line.explanation.exact {
                prop_assert!((line.amount.amount - exact).abs() <= Decimal::new(5, 3));
                prop_assert!(line.amount.amount.scale() <= 2);
            }
        }
    }

    /// closing = opening + Σ lines, and each month opens where the previous one closed.
    #[test]
    fn statements_add_up_and_chain(ledger in radist_ledger()) {
        let outcome = lenient(&programs::radist(), &ledger);
        let mut previous: Option<&commission_rules::PayoutStatement> = None;
        for statement in &outcome.statements {
            let sum: Decimal = statement.lines.iter().map(|l| l.amount.amount).sum();
            prop_assert_eq!(statement.opening.amount + sum, statement.closing.amount);
            match previous.filter(|p| p.partner == statement.partner) {
                Some(before) => {
                    prop_assert_eq!(before.closing, statement.opening);
                    prop_assert_eq!(before.month.next(), Some(statement.month));
                }
                None => prop_assert_eq!(statement.opening.amount, Decimal::ZERO),
            }
            previous = Some(statement);
        }
    }

    /// Events at distinct instants, in any ledger order, give the same bytes.
    #[test]
    fn a_shuffled_ledger_gives_identical_bytes(
        (ledger, shuffled) in radist_ledger().prop_flat_map(|ledger| {
            let events = ledger.events().to_vec();
            (Just(ledger), Just(events).prop_shuffle())
        })
    ) {
        let program = programs::radist();
        let shuffled: Ledger = shuffled.into();
        prop_assert_eq!(bytes(&lenient(&program, &ledger)), bytes(&lenient(&program, &shuffled)));
    }

    /// Evaluating up to any point, snapshotting through JSON and resuming equals
    /// evaluating the whole ledger at once.
    #[test]
    fn two_halves_through_a_snapshot_equal_the_whole(ledger in radist_ledger(), split in any::<prop::sample::Index>()) {
        let program = programs::radist();
        let events: Vec<&Event> = evaluation_order(&program, &ledger);
        let cut = split.index(events.len() + 1);
        let mut first = Engine::new(&program, Mode::Lenient).unwrap();
        for event in &events[..cut] {
            first.apply(event).unwrap();
        }
        let json = serde_json::to_string(&first.snapshot()).unwrap();
        let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
        let mut second = Engine::resume(&program, snapshot, Mode::Lenient).unwrap();
        for event in &events[cut..] {
            second.apply(event).unwrap();
        }
        prop_assert_eq!(bytes(&second.outcome().unwrap()), bytes(&lenient(&program, &ledger)));
    }

    /// An event that was rejected changes nothing: without it, the same lines and statements.
    #[test]
    fn removing_a_rejected_event_changes_nothing_else(ledger in radist_ledger()) {
        let program = programs::radist();
        let outcome = lenient(&program, &ledger);
        let rejected: Vec<_> = outcome.rejections.iter().map(|r| r.event.clone()).collect();
        let kept: Ledger = ledger.events().iter().filter(|e| !rejected.contains(&e.id)).cloned().collect();
        let without = lenient(&program, &kept);
        prop_assert!(without.rejections.is_empty());
        prop_assert_eq!(&without.lines, &outcome.lines);
        prop_assert_eq!(&without.settlements, &outcome.settlements);
    }

    /// Outcomes survive a JSON round-trip unchanged.
    #[test]
    fn outcome_serde_round_trip(ledger in radist_ledger()) {
        let outcome = lenient(&programs::radist(), &ledger);
        let back: Outcome = serde_json::from_str(&bytes(&outcome)).unwrap();
        prop_assert_eq!(back, outcome);
    }

    /// Ledgers survive a JSON round-trip unchanged.
    #[test]
    fn ledger_serde_round_trip(ledger in radist_ledger()) {
        let json = serde_json::to_string(&ledger).unwrap();
        prop_assert_eq!(serde_json::from_str::<Ledger>(&json).unwrap(), ledger);
    }
}

#[test]
fn rule_set_serde_round_trip() {
    let program = programs::radist();
    let json = serde_json::to_string_pretty(&program).unwrap();
    let back: RuleSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, program);
}
