//! The hook after an event's lines are booked: each line gets its id, counts against its
//! client's cap (reward caps), joins the month's lines kept for retroactive tiers, and
//! waits for its monthly payout run (payout schedules).

use super::kinds::payout::hold_for_monthly_payout;
use super::kinds::rerate::count_against_cap;
use super::numbering::number_lines;
use super::plan::Plan;
use super::state::{MonthRewards, State};
use crate::outcome::LineKind;
use crate::time::Instant;

/// Bookkeeping for the lines an event at `at` booked (from index `first` on): their ids,
/// caps, the month's reward lines, and the unpaid lines of a monthly schedule with their
/// payout runs.
pub(super) fn after_event(program: &Plan<'_>, state: &mut State, first: usize, at: Instant) {
    number_lines(state, first);
    if first >= state.lines.len() || !program.needs_bookkeeping {
        return;
    }
    let retroactive = program.retroactive;
    for index in first..state.lines.len() {
        let Some(line) = state.lines.get(index).cloned() else {
            continue;
        };
        let rewarded = matches!(line.kind, LineKind::Accrual | LineKind::Adjustment);
        if rewarded {
            // A payment's lines were rated by the rules in force at the payment (also when
            // caught up or clawed back later); others by those at the event.
            // (Looked up only where a rule id stands in several versions.)
            let rated_at = line
                .payment
                .as_ref()
                .filter(|_| program.ids_repeat)
                .and_then(|payment| state.payments.get(payment))
                .map_or(at, |record| record.at);
            count_against_cap(program, state, &line, rated_at);
        }
        hold_for_monthly_payout(program, state, index, &line);
        if let (true, true, Some(payment)) = (rewarded, retroactive, &line.payment) {
            MonthRewards::add(
                &mut state.kinds.month_rewards,
                &state.partners,
                &line,
                payment,
            );
        }
    }
}
