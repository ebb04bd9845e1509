//! Payout schedules (`RuleKind::Payout`): automatic payouts a few days after a line, or
//! monthly runs with a hold, a minimum and carry-over.

use crate::engine::plan::Plan;
use crate::engine::state::State;
use crate::ids::{EventId, PartnerId};
use crate::money::Money;
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{PayoutSchedule, Rule};
use crate::time::Instant;
use rust_decimal::Decimal;

pub(crate) fn hold_for_monthly_payout(
    program: &Plan<'_>,
    state: &mut State,
    index: usize,
    line: &Line,
) {
    let payable = matches!(
        line.kind,
        LineKind::Accrual | LineKind::Adjustment | LineKind::Bonus
    );
    let Some((_, PayoutSchedule::Monthly { hold_days, .. })) = program.payout_at(line.booked_at)
    else {
        return;
    };
    let zone = program.time_zone;
    let Some(matures) = line
        .due
        .or_else(|| zone.add_days(line.booked_at, hold_days))
    else {
        return;
    };
    if !payable {
        return;
    }
    if let Some(booked) = state.lines.get_mut(index) {
        booked.due = Some(matures);
    }
    let run = first_run_from(program, matures);
    if let (Some(partner), Some(run)) = (state.partners.get_mut(&line.partner), run) {
        partner
            .unpaid
            .push((matures, line.amount.amount, line.source_event.clone()));
        state.payout_runs.insert((run, line.partner.clone()));
    }
}

/// The first monthly run at or after `at`: runs are at the start of each month.
fn first_run_from(program: &Plan<'_>, at: Instant) -> Option<Instant> {
    let zone = program.time_zone;
    let month_start = zone.month_of(at).first_day().map(|day| zone.start_of(day));
    match month_start {
        Some(start) if start == at => Some(at),
        _ => zone.start_of_next_month(at),
    }
}

/// The next run that can change what a partner's carried lines come to: the first after
/// the earliest line still held matures, or after the next version's terms begin (its
/// minimum may differ). Lines matured but below the minimum wait for either, or for a
/// new line (which schedules its own run): a run in between would pay nothing.
fn next_useful_run(
    program: &Plan<'_>,
    unpaid: &[(Instant, Decimal, EventId)],
    run: Instant,
) -> Option<Instant> {
    let held = unpaid
        .iter()
        .map(|(matures, _, _)| *matures)
        .filter(|matures| *matures > run)
        .min();
    let next_terms = program.next_version_start(run);
    [held, next_terms]
        .into_iter()
        .flatten()
        .filter_map(|at| first_run_from(program, at))
        .filter(|next| *next > run)
        .min()
}

/// Runs every monthly payout due at or before `at`: the lines matured by the run are paid
/// out together if they reach the minimum; otherwise, and for lines still held, the next
/// month's run takes them.
pub(crate) fn run_payouts(program: &Plan<'_>, state: &mut State, at: Instant) {
    while let Some((run, partner)) = state.payout_runs.first().cloned() {
        if run > at {
            break;
        }
        state.payout_runs.remove(&(run, partner.clone()));
        let Some((rule, PayoutSchedule::Monthly { minimum, .. })) = program.payout_at(run) else {
            continue;
        };
        let Some(partner_state) = state.partners.get_mut(&partner) else {
            continue;
        };
        let (matured, held): (Vec<_>, Vec<_>) = partner_state
            .unpaid
            .drain(..)
            .partition(|(matures, _, _)| *matures <= run);
        let total = matured.iter().fold(Decimal::ZERO, |sum, (_, amount, _)| {
            sum.saturating_add(*amount)
        });
        let source = matured.last().map(|(_, _, source)| source.clone());
        let pays = total > Decimal::ZERO && total >= minimum.amount;
        partner_state.unpaid = if pays {
            held
        } else {
            matured.into_iter().chain(held).collect()
        };
        let carry = !partner_state.unpaid.is_empty();
        let next = next_useful_run(program, &partner_state.unpaid, run);
        if let (true, Some(source)) = (pays, source) {
            let line = payout_line(program, rule, &partner, run, total, minimum, source);
            state.book_closing(line);
        }
        if let (true, Some(next)) = (carry, next) {
            state.payout_runs.insert((next, partner));
        }
    }
}

fn payout_line(
    program: &Plan<'_>,
    rule: &Rule,
    partner: &PartnerId,
    run: Instant,
    total: Decimal,
    minimum: Money,
    source: EventId,
) -> Line {
    let currency = minimum.currency;
    Line {
        partner: partner.clone(),
        kind: LineKind::Payout,
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: source,
        payment: None,
        client: None,
        booked_at: run,
        month: program.time_zone.month_of(run),
        amount: Money::new(-total, currency),
        due: Some(run),
        explanation: Explanation {
            note: Some(format!(
                "monthly payout of the lines whose hold ended (minimum {minimum})"
            )),
            ..Explanation::default()
        },
    }
}
