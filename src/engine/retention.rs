//! What a statements-only evaluation keeps between events. Lines are folded into their
//! partner-month totals once the event that booked them is done; a payment is kept only
//! while a rule can still book a line from it; event ids only for the current instant.

use super::plan::Plan;
use super::state::{PaymentRecord, State};
use crate::ids::EventId;
use crate::ledger::Payer;
use crate::time::Instant;

/// Moves every line booked so far into its partner-month totals.
pub(super) fn fold_lines(state: &mut State) {
    let State { lines, folded, .. } = state;
    for line in lines.drain(..) {
        folded
            .entry(line.partner.clone())
            .or_default()
            .entry(line.month)
            .or_default()
            .add(&line);
    }
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

/// Keeps a just-recorded (or just-attributed) payment until no rule can use it, or
/// forgets it now.
pub(super) fn keep_or_forget(program: &Plan<'_>, state: &mut State, payment: &EventId) {
    let until = state
        .payments
        .get(payment)
        .and_then(|record| needed_until(program, record));
    match until {
        Some(until) => {
            state.expiring.insert((until, payment.clone()));
        }
        None => {
            state.payments.remove(payment);
        }
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
