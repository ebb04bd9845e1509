//! Payout schedules (`RuleKind::Payout`): automatic payouts a few days after a line, or
//! runs once a month — on a chosen day (`monthly`, after a hold) or a number of days after
//! the month the lines were booked in ends (`after_month_end`) — with a minimum and
//! carry-over.
//!
//! Both run schedules share one rhythm: a run at 00:00 program time `offset` days after
//! the first day of each month (the 13th: 12 days; 15 days after the month ends: 15 days
//! after the next month's 1st). They differ only in when a line is ready: after its hold,
//! or at the run of the month after its own.

use crate::engine::detail::OutcomeDetail;
use crate::engine::numbering::number_lines;
use crate::engine::plan::Plan;
use crate::engine::state::State;
use crate::ids::{EventId, LineId, PartnerId};
use crate::money::Money;
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{PayoutSchedule, Rule};
use crate::time::{Instant, Month, ProgramZone};
use chrono::Days;
use rust_decimal::Decimal;

/// A line just booked under a schedule that pays in runs: a payable line waits, with its
/// `due` set to when it is ready, for the first run from then (lines of other kinds and
/// lines under other schedules are left alone).
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
    let schedule = match program.payout_at(line.booked_at) {
        Some((
            _,
            schedule @ (PayoutSchedule::Monthly { .. } | PayoutSchedule::AfterMonthEnd { .. }),
        )) => schedule,
        _ => return,
    };
    let zone = program.time_zone;
    let Some(matures) = line
        .due
        .or_else(|| ready_at(zone, schedule, line.booked_at))
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
    let full = state.detail == OutcomeDetail::Full;
    if let (Some(partner), Some(run)) = (state.partners.get_mut(&line.partner), run) {
        partner
            .unpaid
            .push((matures, line.amount.amount, line.source_event.clone()));
        if full {
            partner.unpaid_lines.push((matures, line.id.clone()));
        }
        state.wait_for_payout_run(run, line.partner.clone());
    }
}

/// When a line booked at `booked_at` is ready to be paid by a run: after a monthly
/// schedule's hold, or at the run of the month after the line's own under an
/// after-month-end schedule. `None` for the schedules without runs.
fn ready_at(zone: ProgramZone, schedule: PayoutSchedule, booked_at: Instant) -> Option<Instant> {
    match schedule {
        PayoutSchedule::Monthly { hold_days, .. } => zone.add_days(booked_at, hold_days),
        PayoutSchedule::AfterMonthEnd { days_after, .. } => {
            let next_month = zone.month_of(booked_at).next()?;
            run_of_month(zone, days_after, next_month)
        }
        PayoutSchedule::Automatic { .. } | PayoutSchedule::OnRequest { .. } => None,
    }
}

/// How many days after each month's first day a schedule's runs fall: the 13th is 12 days
/// after the 1st; 15 days after a month ends is 15 days after the next month's 1st. The
/// schedules without runs (or none) count as the 1st: a run then finds no minimum and
/// pays nothing, as it always has.
fn run_offset_days(schedule: Option<PayoutSchedule>) -> u32 {
    match schedule {
        Some(PayoutSchedule::Monthly { day, .. }) => day.saturating_sub(1),
        Some(PayoutSchedule::AfterMonthEnd { days_after, .. }) => days_after,
        Some(PayoutSchedule::Automatic { .. } | PayoutSchedule::OnRequest { .. }) | None => 0,
    }
}

/// The run counted from `month`: 00:00 program time, `offset_days` after its first day
/// (`None` only past the calendar's end).
fn run_of_month(zone: ProgramZone, offset_days: u32, month: Month) -> Option<Instant> {
    let day = month
        .first_day()?
        .checked_add_days(Days::new(u64::from(offset_days)))?;
    Some(zone.start_of(day))
}

/// The first run at or after `at` when runs fall `offset_days` after each month's first
/// day. The month counted back from `at`'s date by the offset has its run on that date
/// or before (so at or before `at`, or exactly `at`); the next month's run falls on a
/// later date, so after `at`.
fn run_at_or_after(zone: ProgramZone, offset_days: u32, at: Instant) -> Option<Instant> {
    let counted_from = zone
        .date_of(at)
        .checked_sub_days(Days::new(u64::from(offset_days)))?;
    let month = Month::of_date(counted_from);
    match run_of_month(zone, offset_days, month)? {
        run if run >= at => Some(run),
        _ => run_of_month(zone, offset_days, month.next()?),
    }
}

/// The first run at or after `at`, on the day the terms in force at that run say: where a
/// new version begins before the current terms' next run, the new terms' first run from
/// their start is the one (its day may differ).
fn first_run_from(program: &Plan<'_>, at: Instant) -> Option<Instant> {
    let zone = program.time_zone;
    let mut from = at;
    // Ends: each turn moves `from` to a later version start, and there are finitely many.
    loop {
        let offset_days = run_offset_days(program.payout_at(from).map(|(_, schedule)| schedule));
        let run = run_at_or_after(zone, offset_days, from)?;
        match program.next_version_start(from) {
            Some(start) if start <= run => from = start,
            _ => return Some(run),
        }
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

/// Runs every payout run due at or before `at`: the lines ready by the run are paid out
/// together if they reach the minimum; otherwise, and for lines not yet ready, the next
/// month's run takes them.
pub(crate) fn run_payouts(program: &Plan<'_>, state: &mut State, at: Instant) {
    if !state.time_brings_by(at) {
        return;
    }
    let first = state.lines.len();
    run_due(program, state, |run| run <= at);
    state.recount_due();
    number_lines(state, first);
}

fn run_due(program: &Plan<'_>, state: &mut State, due: impl Fn(Instant) -> bool) {
    while let Some((run, partner)) = state.payout_runs.first().cloned() {
        if !due(run) {
            break;
        }
        state.payout_runs.remove(&(run, partner.clone()));
        let Some((rule, schedule)) = program.payout_at(run) else {
            continue;
        };
        let Some(minimum) = run_minimum(schedule) else {
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
        let paid_lines = take_paid_lines(&mut partner_state.unpaid_lines, run, pays);
        let carry = !partner_state.unpaid.is_empty();
        let next = next_useful_run(program, &partner_state.unpaid, run);
        if let (true, Some(source)) = (pays, source) {
            let total = Money::new(total, minimum.currency);
            let note = run_note(schedule, minimum);
            let mut line = payout_line(program, rule, &partner, run, total, note, source);
            line.explanation.pays = paid_lines.into();
            state.book_closing(line);
        }
        if let (true, Some(next)) = (carry, next) {
            state.wait_for_payout_run(next, partner);
        }
    }
}

/// The ids of the lines a run at `run` pays (full detail), taken out of those waiting as
/// the run takes their amounts: the matured ones if it `pays`, else none.
fn take_paid_lines(waiting: &mut Vec<(Instant, LineId)>, run: Instant, pays: bool) -> Vec<LineId> {
    if !pays || waiting.is_empty() {
        return Vec::new();
    }
    let (matured, held): (Vec<_>, Vec<_>) = std::mem::take(waiting)
        .into_iter()
        .partition(|(matures, _)| *matures <= run);
    *waiting = held;
    matured.into_iter().map(|(_, id)| id).collect()
}

/// The minimum of a schedule that pays in runs; `None` for the others.
fn run_minimum(schedule: PayoutSchedule) -> Option<Money> {
    match schedule {
        PayoutSchedule::Monthly { minimum, .. } | PayoutSchedule::AfterMonthEnd { minimum, .. } => {
            Some(minimum)
        }
        PayoutSchedule::Automatic { .. } | PayoutSchedule::OnRequest { .. } => None,
    }
}

/// What a run's payout line says about the lines it pays.
fn run_note(schedule: PayoutSchedule, minimum: Money) -> String {
    match schedule {
        PayoutSchedule::AfterMonthEnd { days_after, .. } => format!(
            "payout {days_after} days after the month's end of its lines and any carried over (minimum {minimum})"
        ),
        _ => format!("monthly payout of the lines whose hold ended (minimum {minimum})"),
    }
}

/// The payout line of a run: `total` (in the minimum's currency) out of the account.
fn payout_line(
    program: &Plan<'_>,
    rule: &Rule,
    partner: &PartnerId,
    run: Instant,
    total: Money,
    note: String,
    source: EventId,
) -> Line {
    Line {
        id: LineId::unnumbered_by_time(),
        partner: partner.clone(),
        kind: LineKind::Payout,
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: source,
        payment: None,
        client: None,
        booked_at: run,
        month: program.time_zone.month_of(run),
        amount: total.negated(),
        due: Some(run),
        explanation: Explanation {
            note: Some(note),
            ..Explanation::default()
        },
    }
}
