//! Invariants of every built-in program and of the data-only `example-saas` under random ledgers (`support::generate`), each
//! its own property test per program: money conserved per payment, one rounding per line,
//! statements that add up and chain, no negative balance, order independence, incremental
//! = batch through a JSON snapshot, a checkpoint between two events changing nothing,
//! determinism, rejected events changing nothing but the
//! time reached (a checkpoint in their place), and a
//! statements-only evaluation keeping the same totals (also through a snapshot); line ids
//! unique, equal across shuffled and resumed evaluations, and naming their lines; and money
//! safety (issue 17): a payment's clawbacks never exceed its reward (and equal it after a
//! full refund within the hold), refunds and returns never exceed what was paid, a
//! partner's account and each statement keep one currency, and lines come only from
//! accepted events.
//! 256 cases each by default; set `PROPTEST_CASES` for more.

mod support;

use commission_rules::rules::{RefundPolicy, RuleKind};
use commission_rules::{
    Engine, ErrorKind, Event, EventId, EventKind, Instant, Ledger, LineId, LineKind, Mode, Money,
    Outcome, OutcomeDetail, PartnerId, Payment, RuleId, RuleSet, Snapshot, evaluate_parallel,
    evaluate_with, evaluation_order, partition,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

fn lenient(program: &RuleSet, ledger: &Ledger) -> Outcome {
    evaluate_with(program, ledger, Mode::Lenient).unwrap()
}

fn bytes(outcome: &Outcome) -> String {
    serde_json::to_string(outcome).unwrap()
}

/// Every line's id, as text, in booking order.
fn line_ids(outcome: &Outcome) -> Vec<String> {
    outcome
        .lines
        .iter()
        .map(|line| line.id.to_string())
        .collect()
}

/// Line ids are unique within the outcome and read back from their text; each names its
/// line's rule (and, for a line an event booked, that event); a payout's list of the
/// lines it pays names lines of the outcome, of its partner, paid once.
fn line_ids_are_unique_and_name_their_lines(outcome: &Outcome) -> Result<(), TestCaseError> {
    let mut seen = BTreeMap::new();
    for line in &outcome.lines {
        let text = line.id.to_string();
        prop_assert_eq!(&text.parse::<LineId>().unwrap(), &line.id);
        prop_assert_eq!(line.id.rule(), Some(&line.rule));
        if let Some(event) = line.id.event() {
            prop_assert_eq!(event, &line.source_event);
        }
        prop_assert!(
            seen.insert(line.id.clone(), line).is_none(),
            "two lines {}",
            text
        );
    }
    let mut paid = BTreeSet::new();
    for line in &outcome.lines {
        for id in line.explanation.pays.iter() {
            prop_assert_eq!(line.kind, LineKind::Payout);
            let Some(paid_line) = seen.get(id) else {
                return Err(TestCaseError::fail(format!(
                    "{} pays no line: {id}",
                    line.id
                )));
            };
            prop_assert_eq!(&paid_line.partner, &line.partner);
            prop_assert!(paid.insert(id), "{} is paid twice", id);
        }
    }
    Ok(())
}

/// Whether a rule id names a reward of a fixed amount in some version (a bounty is the
/// vendor's cost, outside the payment's settlement).
fn fixed_amount(program: &RuleSet, rule: &commission_rules::RuleId) -> bool {
    use commission_rules::rules::{RateSchedule, RuleKind};
    let every = program
        .rules
        .iter()
        .chain(program.versions.iter().flat_map(|v| &v.rules));
    every.filter(|r| &r.id == rule).any(|r| {
        matches!(&r.kind, RuleKind::Reward(reward) if matches!(reward.rate, RateSchedule::Fixed { .. }))
    })
}

fn money_is_conserved(program: &RuleSet, outcome: &Outcome) -> Result<(), TestCaseError> {
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
            .filter(|l| !fixed_amount(program, &l.rule))
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
        // Only a clawback after its line was paid out leaves the partner owing: the
        // balance goes negative in its month and stays so until later lines net it.
        let clawed_back = statement
            .lines
            .iter()
            .any(|l| l.kind == LineKind::Adjustment && l.amount.amount < Decimal::ZERO);
        let owed_before = previous
            .filter(|p| p.partner == statement.partner)
            .is_some_and(|p| p.closing.amount < Decimal::ZERO);
        prop_assert!(
            statement.closing.amount >= Decimal::ZERO || clawed_back || owed_before,
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
    let events: Vec<&Event> = evaluation_order(program, ledger);
    let cut = cut.index(events.len() + 1);
    let first = engine_after(program, &events[..cut], detail);
    let json = serde_json::to_string(&first.snapshot()).unwrap();
    let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
    let mut second = Engine::resume(program, snapshot, Mode::Lenient).unwrap();
    for event in &events[cut..] {
        second.apply(event).unwrap();
    }
    let whole = engine_after(program, &events, detail).outcome().unwrap();
    let resumed = second.outcome().unwrap();
    prop_assert_eq!(line_ids(&resumed), line_ids(&whole));
    prop_assert_eq!(bytes(&resumed), bytes(&whole));
    Ok(())
}

/// Time brought forward between two events by [`Engine::advance_to`] (a checkpoint there)
/// changes nothing: what time alone books up to an instant is booked before the first
/// event after it either way. The instant is halfway between two events of the ledger
/// (neither an FX rate, which a program may date from the start of its day).
fn a_checkpoint_between_events_changes_nothing(
    program: &RuleSet,
    ledger: &Ledger,
    cut: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let events: Vec<&Event> = evaluation_order(program, ledger);
    let is_rate = |event: &Event| matches!(event.kind, EventKind::FxRate { .. });
    let cuts: Vec<usize> = (1..events.len())
        .filter(|&cut| !is_rate(events[cut - 1]) && !is_rate(events[cut]))
        .collect();
    if cuts.is_empty() {
        return Ok(());
    }
    let cut = cuts[cut.index(cuts.len())];
    let (before, after) = (events[cut - 1].at, events[cut].at);
    let halfway = before + (after - before) / 2;
    let mut engine = engine_after(program, &events[..cut], OutcomeDetail::Full);
    engine.advance_to(halfway).unwrap();
    for event in &events[cut..] {
        engine.apply(event).unwrap();
    }
    let whole = engine_after(program, &events, OutcomeDetail::Full)
        .outcome()
        .unwrap();
    let with_checkpoint = engine.outcome().unwrap();
    prop_assert_eq!(line_ids(&with_checkpoint), line_ids(&whole));
    prop_assert_eq!(bytes(&with_checkpoint), bytes(&whole));
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

fn rejected_events_leave_only_the_time_reached(
    program: &RuleSet,
    ledger: &Ledger,
) -> Result<(), TestCaseError> {
    let outcome = lenient(program, ledger);
    let reasons: BTreeMap<&EventId, &ErrorKind> = outcome
        .rejections
        .iter()
        .map(|r| (&r.event, &r.reason))
        .collect();
    let replaced: Ledger = ledger
        .events()
        .iter()
        .filter_map(|event| match reasons.get(&event.id) {
            None => Some(event.clone()),
            Some(reason) => in_place_of(program, event, reason),
        })
        .collect();
    let without = lenient(program, &replaced);
    prop_assert!(without.rejections.is_empty(), "{:?}", without.rejections);
    prop_assert_eq!(&without.lines, &outcome.lines);
    prop_assert_eq!(&without.settlements, &outcome.settlements);
    prop_assert_eq!(&without.entitlements, &outcome.entitlements);
    prop_assert_eq!(without.as_of, outcome.as_of);
    Ok(())
}

/// What a rejected event leaves behind: nothing if it was refused before it had a place in
/// time (its own date out of range, or out of order); else the time it reached, as a
/// checkpoint where it sorted would (a whole-day FX rate sorts at the start of its day).
fn in_place_of(program: &RuleSet, event: &Event, reason: &ErrorKind) -> Option<Event> {
    match reason {
        ErrorKind::OutOfOrder { .. } => return None,
        ErrorKind::DateOutOfRange { at } if *at == event.at => return None,
        _ => {}
    }
    let zone = program.time_zone;
    let whole_day = matches!(event.kind, EventKind::FxRate { .. })
        && program.currency.fx_rates == commission_rules::rules::FxRateTiming::WholeDay;
    let at = if whole_day {
        zone.start_of(zone.date_of(event.at))
    } else {
        event.at
    };
    let id = format!("{}-as-checkpoint", event.id);
    Some(Event::new(id.as_str(), at, EventKind::Checkpoint))
}

/// A statements-only evaluation keeps the same figures as a full one: the totals of every
/// statement, entitlements, leaderboards, qualifications, rejected events. Past its
/// contract it may reject more: references to payments it has forgotten, which book nothing
/// in a full evaluation but bring time to their instant there; the two are
/// then compared on the ledger before the first such reference.
fn statements_only_equals_full(program: &RuleSet, ledger: &Ledger) -> Result<(), TestCaseError> {
    let events = evaluation_order(program, ledger);
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
    let whole = statements_only(program, &evaluation_order(program, ledger));
    let merged = evaluate_parallel(program, ledger, Mode::Lenient, threads).unwrap();
    prop_assert_eq!(bytes(&merged), bytes(&whole));
    Ok(())
}

/// The first part of a ledger (two independent copies of a generated one) split into
/// parts, evaluated apart and merged, then carried on with the rest of the ledger: the
/// bytes of one statements-only evaluation of the whole. A merged snapshot is the whole's state, not only its outcome so far: whatever a
/// later event reads (revenue so far, promo codes, tallies) must survive the merge.
fn merged_parts_carry_on_as_the_whole(
    program: &RuleSet,
    ledger: &Ledger,
    cut: prop::sample::Index,
    parts: usize,
) -> Result<(), TestCaseError> {
    // Two independent copies, so that the parts hold more than one partner group.
    let ledger = copies(ledger, 2);
    let events = evaluation_order(program, &ledger);
    let cut = cut.index(events.len() + 1);
    let first: Ledger = events[..cut].iter().map(|&event| event.clone()).collect();
    let snapshots = partition(&first, parts)
        .iter()
        .map(|part| {
            engine_after(
                program,
                &evaluation_order(program, part),
                OutcomeDetail::Statements,
            )
            .snapshot()
        })
        .collect();
    let merged = Snapshot::merge(program, snapshots).unwrap();
    let mut engine = Engine::resume(program, merged, Mode::Lenient).unwrap();
    for event in &events[cut..] {
        engine.apply(event).unwrap();
    }
    let whole = statements_only(program, &events);
    prop_assert_eq!(bytes(&engine.outcome().unwrap()), bytes(&whole));
    Ok(())
}

/// `copies` independent copies of a ledger in one: every partner, client and event id and
/// promo code of copy k is renamed `k:id` (any text equal to one of them, wherever it
/// appears: a referrer, a payment a refund names, a linked account), so the copies share
/// nothing but texts that are not ids (statuses, currencies). The generator's ledgers
/// often tie all partners into one group; this one always has several for `partition`.
fn copies(ledger: &Ledger, copies: usize) -> Ledger {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for event in ledger.events() {
        ids.insert(event.id.to_string());
        let is_id = |text: &str| {
            let digits = text.get(1..).unwrap_or_default();
            let numbered = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            (numbered && (text.starts_with('p') || text.starts_with('c')))
                || text.starts_with("PROMO-")
        };
        let json = serde_json::to_value(event).unwrap();
        let mut texts = Vec::new();
        strings(&json, &mut texts);
        ids.extend(texts.into_iter().filter(|text| is_id(text)));
    }
    let mut events = Vec::new();
    for copy in 0..copies {
        for event in ledger.events() {
            let mut json = serde_json::to_value(event).unwrap();
            rename(&mut json, &ids, copy);
            events.push(serde_json::from_value::<Event>(json).unwrap());
        }
    }
    events.into()
}

fn strings(json: &serde_json::Value, into: &mut Vec<String>) {
    match json {
        serde_json::Value::String(text) => into.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| strings(item, into)),
        serde_json::Value::Object(fields) => fields.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

fn rename(json: &mut serde_json::Value, ids: &BTreeSet<String>, copy: usize) {
    match json {
        serde_json::Value::String(text) if ids.contains(text.as_str()) => {
            *text = format!("{copy}:{text}");
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| rename(i, ids, copy)),
        serde_json::Value::Object(fields) => {
            fields.values_mut().for_each(|v| rename(v, ids, copy));
        }
        _ => {}
    }
}

/// Independent copies of a ledger evaluated on threads: the bytes of one statements-only
/// evaluation, in lenient mode; in strict mode the same error (or none).
fn copies_on_threads_equal_one_piece(
    program: &RuleSet,
    ledger: &Ledger,
    threads: usize,
) -> Result<(), TestCaseError> {
    let ledger = copies(ledger, 3);
    let events = evaluation_order(program, &ledger);
    let whole = statements_only(program, &events);
    let split = evaluate_parallel(program, &ledger, Mode::Lenient, threads).unwrap();
    prop_assert_eq!(bytes(&split), bytes(&whole));
    let strict = |events: &[&Event]| -> Result<Outcome, commission_rules::Error> {
        let mut engine = Engine::with_detail(program, Mode::Strict, OutcomeDetail::Statements)?;
        for event in events {
            engine.apply(event)?;
        }
        engine.outcome()
    };
    let split = evaluate_parallel(program, &ledger, Mode::Strict, threads);
    prop_assert_eq!(split.map(|o| bytes(&o)), strict(&events).map(|o| bytes(&o)));
    Ok(())
}

/// The ids of the ledger's events the outcome did not reject.
fn accepted_ids<'l>(ledger: &'l Ledger, outcome: &Outcome) -> BTreeSet<&'l EventId> {
    let rejected: BTreeSet<&EventId> = outcome.rejections.iter().map(|r| &r.event).collect();
    ledger
        .events()
        .iter()
        .map(|e| &e.id)
        .filter(|id| !rejected.contains(id))
        .collect()
}

/// The accepted payments, and the accepted refunds naming each (instant and amount).
struct Refunded<'l> {
    payments: BTreeMap<&'l EventId, (Instant, &'l Payment)>,
    refunds: BTreeMap<&'l EventId, Vec<(&'l EventId, Instant, Money)>>,
}

fn refunded<'l>(ledger: &'l Ledger, outcome: &Outcome) -> Refunded<'l> {
    let accepted = accepted_ids(ledger, outcome);
    let mut found = Refunded {
        payments: BTreeMap::new(),
        refunds: BTreeMap::new(),
    };
    for event in ledger.events().iter().filter(|e| accepted.contains(&e.id)) {
        match &event.kind {
            EventKind::Payment(payment) => {
                found.payments.insert(&event.id, (event.at, payment));
            }
            EventKind::Refund { payment, amount } => {
                let refund = (&event.id, event.at, *amount);
                found.refunds.entry(payment).or_default().push(refund);
            }
            _ => {}
        }
    }
    found
}

/// The days of the program's clawback hold, if refunds claw back (in any version).
fn clawback_hold_days(program: &RuleSet) -> Option<u32> {
    let versions = program.versions.iter().flat_map(|v| v.rules.iter());
    program
        .rules
        .iter()
        .chain(versions)
        .find_map(|rule| match rule.kind {
            RuleKind::Refunds(RefundPolicy::ClawbackWithinHold { hold_days }) => Some(hold_days),
            _ => None,
        })
}

/// Per payment, partner and rule: the payment's positive Accrual/Adjustment lines (with
/// the instant of the last) and what the refunds naming it clawed back (negative
/// Adjustment lines whose source is such a refund). A clawback never takes more than the
/// reward; after refunds of the full amount, all within the hold (as `refund` and
/// `clawback_lines` book them: `at < payment + hold_days`) and before any reward line
/// booked later, it takes the reward exactly: no cent left to the partner, none too many.
fn clawbacks_never_exceed_the_reward(
    program: &RuleSet,
    ledger: &Ledger,
) -> Result<(), TestCaseError> {
    let outcome = lenient(program, ledger);
    let Refunded { payments, refunds } = refunded(ledger, &outcome);
    let refund_of: BTreeMap<&EventId, &EventId> = refunds
        .iter()
        .flat_map(|(payment, list)| list.iter().map(move |(id, _, _)| (*id, *payment)))
        .collect();
    type Key<'o> = (&'o EventId, &'o PartnerId, &'o RuleId);
    // (rewarded, last reward booked at, clawed back)
    let mut shares: BTreeMap<Key<'_>, (Decimal, Option<Instant>, Decimal)> = BTreeMap::new();
    for line in &outcome.lines {
        let Some(payment) = &line.payment else {
            continue;
        };
        let key = (payment, &line.partner, &line.rule);
        let rewards = matches!(line.kind, LineKind::Accrual | LineKind::Adjustment);
        let clawback = line.kind == LineKind::Adjustment
            && line.amount.amount < Decimal::ZERO
            && refund_of.get(&line.source_event) == Some(&payment);
        if clawback {
            shares.entry(key).or_default().2 -= line.amount.amount;
        } else if rewards && line.amount.amount > Decimal::ZERO {
            let share = shares.entry(key).or_default();
            share.0 += line.amount.amount;
            share.1 = share.1.max(Some(line.booked_at));
        }
    }
    let hold = clawback_hold_days(program);
    for ((payment, partner, rule), (rewarded, last_reward, clawed)) in shares {
        prop_assert!(
            clawed <= rewarded,
            "payment {payment} ({partner}, {rule}): {clawed} clawed back of a {rewarded} reward"
        );
        let (Some(hold), Some((paid_at, paid))) = (hold, payments.get(payment)) else {
            continue;
        };
        let list = refunds.get(payment).map(Vec::as_slice).unwrap_or_default();
        let total: Decimal = list.iter().map(|(_, _, amount)| amount.amount).sum();
        let hold_ends = *paid_at + chrono::Duration::days(i64::from(hold));
        let within = list.iter().all(|(_, at, _)| *at < hold_ends);
        let first_refund = list.iter().map(|(_, at, _)| *at).min();
        let rewarded_before = last_reward < first_refund;
        if total == paid.amount.amount && within && rewarded_before {
            prop_assert_eq!(
                clawed,
                rewarded,
                "payment {} ({}, {}) refunded in full within the hold in {} refund(s)",
                payment,
                partner,
                rule,
                list.len()
            );
        }
    }
    Ok(())
}

/// Per payment: the accepted refunds never exceed the amount paid, and what a
/// cancellation returns to the partner's account (Return lines, in the account's currency)
/// never exceeds what the account was debited for it (its Purchase line, negated) less the
/// share already refunded, but for the return's one rounding (half a minor unit).
fn refunds_and_returns_within_paid(
    program: &RuleSet,
    ledger: &Ledger,
) -> Result<(), TestCaseError> {
    let outcome = lenient(program, ledger);
    let Refunded { payments, refunds } = refunded(ledger, &outcome);
    let mut refunded_share: BTreeMap<&EventId, Decimal> = BTreeMap::new();
    for (payment, list) in &refunds {
        let Some((_, paid)) = payments.get(payment) else {
            return Err(TestCaseError::fail(format!(
                "refunds {list:?} of {payment}, not an accepted payment"
            )));
        };
        let mut total = Decimal::ZERO;
        for (id, _, amount) in list {
            prop_assert_eq!(amount.currency, paid.amount.currency, "refund {}", id);
            total += amount.amount;
        }
        prop_assert!(
            total <= paid.amount.amount,
            "payment {payment}: {total} refunded of {}",
            paid.amount
        );
        refunded_share.insert(payment, total / paid.amount.amount);
    }
    // Per payment: (debited, returned, currency of each).
    let mut account: BTreeMap<&EventId, (Decimal, Decimal, BTreeSet<_>)> = BTreeMap::new();
    for line in &outcome.lines {
        let (Some(payment), LineKind::Purchase | LineKind::Return) = (&line.payment, line.kind)
        else {
            continue;
        };
        let entry = account.entry(payment).or_default();
        entry.2.insert(line.amount.currency);
        match line.kind {
            LineKind::Purchase => entry.0 -= line.amount.amount,
            _ => entry.1 += line.amount.amount,
        }
    }
    for (payment, (debited, returned, currencies)) in account {
        prop_assert_eq!(currencies.len(), 1, "payment {}'s account lines", payment);
        if returned.is_zero() {
            continue;
        }
        let share = refunded_share.get(payment).copied().unwrap_or_default();
        let left = debited * (Decimal::ONE - share);
        let half = Decimal::new(5, 3);
        prop_assert!(
            returned <= left + half,
            "payment {payment}: {returned} returned, debited {debited}, {share} of it refunded"
        );
    }
    Ok(())
}

/// A partner's balance is kept in one currency: every line of the partner that changes
/// it; and every amount of a statement (opening, closing, lines, memo lines) is in the
/// statement's currency.
fn one_currency_per_account(outcome: &Outcome) -> Result<(), TestCaseError> {
    let mut currency_of = BTreeMap::new();
    for line in outcome.lines.iter().filter(|l| l.kind.affects_balance()) {
        let first = *currency_of
            .entry(&line.partner)
            .or_insert((line.amount.currency, line));
        prop_assert_eq!(
            line.amount.currency,
            first.0,
            "{} has lines in two currencies:\n{:?}\n{:?}",
            line.partner,
            first.1,
            line
        );
    }
    for statement in &outcome.statements {
        let currency = statement.currency;
        prop_assert_eq!(statement.opening.currency, currency);
        prop_assert_eq!(statement.closing.currency, currency);
        for line in statement.lines.iter().chain(&statement.memo) {
            prop_assert_eq!(
                line.amount.currency,
                currency,
                "statement of {} for {}: {:?}",
                &statement.partner,
                statement.month,
                line
            );
        }
    }
    Ok(())
}

/// Every line, settlement and entitlement comes from events the ledger holds and the
/// outcome accepted: its source event, and the payment it is about.
fn lines_come_from_accepted_events(
    program: &RuleSet,
    ledger: &Ledger,
) -> Result<(), TestCaseError> {
    let outcome = lenient(program, ledger);
    let accepted = accepted_ids(ledger, &outcome);
    for line in &outcome.lines {
        for id in std::iter::once(&line.source_event).chain(&line.payment) {
            prop_assert!(accepted.contains(id), "{:?} names {}", line, id);
        }
    }
    for settlement in &outcome.settlements {
        prop_assert!(accepted.contains(&settlement.payment), "{:?}", settlement);
    }
    for entitlement in &outcome.entitlements {
        prop_assert!(
            accepted.contains(&entitlement.source_event),
            "{:?}",
            entitlement
        );
    }
    Ok(())
}

macro_rules! invariants {
    ($module:ident, $program:expr) => {
        mod $module {
            use super::*;
            /// Random ledgers naming only what the program declares.
            fn ledger() -> impl Strategy<Value = Ledger> {
                support::generate::ledger_for($program.names)
            }

            proptest! {
                #[test]
                fn money_is_conserved_per_payment(ledger in ledger()) {
                    let program = $program;
                    money_is_conserved(&program, &lenient(&program, &ledger))?;
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
                    let (ordered, shuffled) = (lenient(&$program, &ledger), lenient(&$program, &shuffled));
                    prop_assert_eq!(line_ids(&ordered), line_ids(&shuffled));
                    prop_assert_eq!(bytes(&ordered), bytes(&shuffled));
                }

                #[test]
                fn line_ids_are_unique_and_name_their_lines(ledger in ledger()) {
                    super::line_ids_are_unique_and_name_their_lines(&lenient(&$program, &ledger))?;
                }

                #[test]
                fn two_halves_through_a_snapshot_equal_the_whole(ledger in ledger(), cut in any::<prop::sample::Index>()) {
                    halves_equal_whole(&$program, &ledger, cut, OutcomeDetail::Full)?;
                }

                #[test]
                fn a_checkpoint_between_two_events_changes_nothing(ledger in ledger(), cut in any::<prop::sample::Index>()) {
                    super::a_checkpoint_between_events_changes_nothing(&$program, &ledger, cut)?;
                }

                #[test]
                fn evaluating_twice_gives_identical_bytes(ledger in ledger()) {
                    prop_assert_eq!(bytes(&lenient(&$program, &ledger)), bytes(&lenient(&$program, &ledger)));
                }

                #[test]
                fn a_checkpoint_in_place_of_a_rejected_event_changes_nothing(ledger in ledger()) {
                    rejected_events_leave_only_the_time_reached(&$program, &ledger)?;
                }

                #[test]
                fn a_payments_clawbacks_never_exceed_its_reward(ledger in ledger()) {
                    clawbacks_never_exceed_the_reward(&$program, &ledger)?;
                }

                #[test]
                fn refunds_and_returns_never_exceed_what_was_paid(ledger in ledger()) {
                    refunds_and_returns_within_paid(&$program, &ledger)?;
                }

                #[test]
                fn a_partner_account_and_a_statement_keep_one_currency(ledger in ledger()) {
                    one_currency_per_account(&lenient(&$program, &ledger))?;
                }

                #[test]
                fn every_line_comes_from_an_accepted_event(ledger in ledger()) {
                    lines_come_from_accepted_events(&$program, &ledger)?;
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
                fn independent_copies_on_threads_equal_one_piece(ledger in ledger(), threads in 2usize..5) {
                    copies_on_threads_equal_one_piece(&$program, &ledger, threads)?;
                }

                #[test]
                fn parts_merged_then_carried_on_equal_the_whole(ledger in ledger(), cut in any::<prop::sample::Index>(), parts in 1usize..4) {
                    merged_parts_carry_on_as_the_whole(&$program, &ledger, cut, parts)?;
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

/// A program shipped only as data, loaded from `programs/NAME.json`.
fn from_file(name: &str) -> RuleSet {
    let path = format!("{}/programs/{name}.json", env!("CARGO_MANIFEST_DIR"));
    RuleSet::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The programs that exist only as data: each has its invariants below, and
/// [`every_program_file_has_its_invariants`] keeps this list equal to `programs/`.
const DATA_ONLY: &[&str] = &[
    "example-saas",
    "saas-recurring",
    "bounty-and-tiers",
    "usage-coupon",
    "revenue-tiers",
    "two-tier-agency",
];

invariants!(example_saas_from_file, from_file("example-saas"));
invariants!(saas_recurring_from_file, from_file("saas-recurring"));
invariants!(bounty_and_tiers_from_file, from_file("bounty-and-tiers"));
invariants!(usage_coupon_from_file, from_file("usage-coupon"));
invariants!(revenue_tiers_from_file, from_file("revenue-tiers"));
invariants!(two_tier_agency_from_file, from_file("two-tier-agency"));

/// Every file in `programs/` is a built-in program (run above as its Rust value, which a
/// test keeps equal to the file) or a data-only one listed in [`DATA_ONLY`] with its own
/// `invariants!` line.
#[test]
fn every_program_file_has_its_invariants() {
    let built_in = [
        "radist",
        "leadsender",
        "wazzup",
        "message-help",
        "smart-soft",
    ];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/programs");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .filter(|name| name != "schema")
        .collect();
    files.sort();
    let mut covered: Vec<String> = built_in
        .iter()
        .chain(DATA_ONLY)
        .map(|name| (*name).to_owned())
        .collect();
    covered.sort();
    assert_eq!(files, covered);
}
