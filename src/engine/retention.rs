//! What a statements-only evaluation keeps between events. Lines are folded into their
//! partner-month totals once the event that booked them is done; a payment is kept only
//! while a rule can still book a line from it; event ids only for the current instant.

use super::detail::OutcomeDetail;
use super::plan::Plan;
use super::state::{PaymentRecord, State};
use crate::ids::EventId;
use crate::ledger::Payer;
use crate::time::Instant;

/// Moves every line booked so far into its partner-month totals.
pub(super) fn fold_lines(state: &mut State) {
    let State { lines, folded, .. } = state;
    // One lookup per run of lines to the same partner (a payment's lines mostly are).
    for run in lines.chunk_by(|a, b| a.partner == b.partner) {
        let Some(partner) = run.first().map(|line| &line.partner) else {
            continue;
        };
        // Looked up before inserting: the entry API would clone the id every time.
        let months = match folded.get_mut(partner) {
            Some(months) => months,
            None => folded.entry(partner.clone()).or_default(),
        };
        for line in run {
            months.entry(line.month).or_default().add(line);
        }
    }
    // Dropped in place, not moved out one by one.
    lines.clear();
}

/// The last instant at which a rule can book a line from the payment: a cancellation
/// returning unused days (a partner's purchase, until its period ends) or a clawback
/// (until the longest hold ends). `None`: no rule ever can.
fn needed_until(program: &Plan<'_>, record: &PaymentRecord) -> Option<Instant> {
    let cancellable = match (&record.payment.paid_by, record.payment.period) {
        (Payer::Partner(_), Some(period)) if program.returns_unused_days => Some(period.to),
        _ => None,
    };
    // A hold too long for the calendar keeps the payment for good.
    let clawable = program.longest_hold.map(|hold_days| {
        program
            .time_zone
            .add_days(record.at, hold_days)
            .unwrap_or(Instant::MAX_UTC)
    });
    cancellable.max(clawable)
}

/// Records an accepted payment: always in a full evaluation; in statements-only while a
/// catch-up may still book from it (`awaiting_attribution`) or a rule can (until then),
/// else not at all.
pub(super) fn remember_payment(
    program: &Plan<'_>,
    state: &mut State,
    payment: EventId,
    record: PaymentRecord,
    awaiting_attribution: bool,
) {
    if state.detail == OutcomeDetail::Statements && !awaiting_attribution {
        let Some(until) = needed_until(program, &record) else {
            return;
        };
        state.expiring.insert((until, payment.clone()));
    }
    state.payments.insert(payment, record);
}

/// Keeps a just-attributed payment until no rule can use it, or forgets it now.
pub(super) fn keep_or_forget(program: &Plan<'_>, state: &mut State, payment: &EventId) {
    if let Some(record) = state.payments.remove(payment) {
        remember_payment(program, state, payment.clone(), record, false);
    }
}

/// Forgets the payments no rule can use after `at`.
pub(super) fn forget_expired(state: &mut State, at: Instant) {
    while let Some((until, payment)) = state.expiring.first().cloned() {
        if until >= at {
            break;
        }
        state.expiring.remove(&(until, payment.clone()));
        state.payments.remove(&payment);
    }
}
