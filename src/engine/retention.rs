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
///
/// Statements-only keeps the ids of the current instant only, so an id given again at a
/// later instant is accepted there: the later payment is the one its id names from then
/// on, and the earlier one's expiry must not forget it (it did, so a refund of it was
/// refused in one piece and accepted on threads, where the two fell in two parts).
pub(super) fn remember_payment(
    program: &Plan<'_>,
    state: &mut State,
    payment: EventId,
    record: PaymentRecord,
    awaiting_attribution: bool,
) {
    let mut until = None;
    if state.detail == OutcomeDetail::Statements && !awaiting_attribution {
        until = needed_until(program, &record);
        let Some(until) = until else {
            if let Some(earlier) = state.payments.remove(&payment) {
                forget_expiry(program, state, &payment, &earlier, None);
            }
            return;
        };
        state.expiring.insert((until, payment.clone()));
    }
    // Rare: the id was given before (statements-only; a full evaluation refuses it).
    if let Some(earlier) = state.payments.insert(payment.clone(), record) {
        forget_expiry(program, state, &payment, &earlier, until);
    }
}

/// Forgets when the payment remembered under `payment`'s id before it was given again
/// expires, unless it expires when the new one does (the entry is then the new one's).
fn forget_expiry(
    program: &Plan<'_>,
    state: &mut State,
    payment: &EventId,
    earlier: &PaymentRecord,
    until_of_new: Option<Instant>,
) {
    if let Some(until) = needed_until(program, earlier).filter(|u| Some(*u) != until_of_new) {
        state.expiring.remove(&(until, payment.clone()));
    }
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
