//! Period rebates (`RuleKind::Rebate`, SS-4) and the year's sales kept for the qualification
//! report (SS-1).

use crate::engine::booking::{booking_currency, convert, retail, round};
use crate::engine::checks::partner_at;
use crate::engine::plan::{Plan, payment_matches};
use crate::engine::state::State;
use crate::error::ErrorKind;
use crate::ids::{EventId, LineId, PartnerId, RuleId};
use crate::ledger::{Event, Payer, Payment};
use crate::money::Money;
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{CalendarPeriod, PeriodRebate, RuleKind};
use crate::time::Instant;
use chrono::Datelike;
use rust_decimal::Decimal;

/// The instant a calendar period containing `at` ends (the next one's start).
fn period_end(program: &Plan<'_>, period: CalendarPeriod, at: Instant) -> Option<Instant> {
    let zone = program.time_zone;
    let date = zone.date_of(at);
    let months = period.months();
    let first_month = (date.month0() / months) * months + 1;
    let start = chrono::NaiveDate::from_ymd_opt(date.year(), first_month, 1)?;
    zone.add_months(zone.start_of(start), months)
}

/// The rebate rules in force at `at` whose sales the payment is one of.
fn matching_rebates<'p>(
    program: &Plan<'p>,
    at: Instant,
    payment: &Payment,
    integration: Option<&String>,
) -> Vec<(&'p RuleId, &'p PeriodRebate)> {
    program
        .rules_at(at)
        .filter_map(|rule| match &rule.kind {
            RuleKind::Rebate(rebate) if payment_matches(&rebate.sales, payment, integration) => {
                Some((&rule.id, rebate))
            }
            _ => None,
        })
        .collect()
}

/// Adds a partner's sale to its year's sales (qualification) and to the open period of
/// each rebate rule.
pub(crate) fn track_sale(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &Payment,
) -> Result<(), ErrorKind> {
    let Payer::Partner(partner) = &payment.paid_by else {
        return Ok(());
    };
    if !program.tracks_sales {
        return Ok(());
    }
    let integration = state
        .clients
        .get(&payment.client)
        .and_then(|client| client.integration());
    let qualification = program.find_at(event.at, |kind| match kind {
        RuleKind::Qualification(rule) => Some(&rule.sales),
        _ => None,
    });
    let rebates = matching_rebates(program, event.at, payment, integration);
    let counts_for_year =
        qualification.is_some_and(|(_, sales)| payment_matches(sales, payment, integration));
    if !counts_for_year && rebates.is_empty() {
        return Ok(());
    }
    let currency = booking_currency(program, partner_at(state, partner, event.at)?);
    let (value, _) = convert(program, state, retail(payment), currency, event.at)?;
    let value = round(program, value, currency)?;
    let mut ends = Vec::new();
    for (_, rebate) in &rebates {
        ends.push(period_end(program, rebate.period, event.at).ok_or_else(|| ErrorKind::Overflow)?);
    }
    let year = program.time_zone.date_of(event.at).year();
    // A period that ended before this sale is closed first, so the sale opens a new one.
    close_rebate_periods(program, state, event.at);
    let Some(partner_state) = state.partners.get_mut(partner) else {
        return Ok(());
    };
    if counts_for_year {
        let sales = partner_state.sales_by_year.entry(year).or_default();
        // Amounts are capped at 10^12 per event: a sum cannot reach Decimal's limit.
        *sales = sales.saturating_add(value);
    }
    if rebates.is_empty() {
        // A sale that counts for the year only: no rebate period, no table entry.
        return Ok(());
    }
    let mut periods = Vec::with_capacity(ends.len());
    let open_periods = state.kinds.rebate_sales.entry(partner.clone()).or_default();
    for ((rule_id, _), end) in rebates.into_iter().zip(ends) {
        let open =
            open_periods
                .entry(rule_id.clone())
                .or_insert((end, Decimal::ZERO, event.id.clone()));
        open.1 = open.1.saturating_add(value);
        open.2 = event.id.clone();
        periods.push((end, rule_id.clone()));
    }
    for (end, rule_id) in periods {
        state.wait_for_rebate_period(end, partner.clone(), rule_id);
    }
    Ok(())
}

/// Closes every rebate period that ended at or before `at`: a partner holding the rule's
/// status at the period's last instant is credited the rebate, booked at that instant.
pub(crate) fn close_rebate_periods(program: &Plan<'_>, state: &mut State, at: Instant) {
    if !state.time_brings_by(at) {
        return;
    }
    while let Some((end, partner, rule_id)) = state.open_rebates.first().cloned() {
        if end > at {
            break;
        }
        state
            .open_rebates
            .remove(&(end, partner.clone(), rule_id.clone()));
        let sales = take_sales(state, &partner, &rule_id);
        if let Some(line) = rebate_line(program, state, &partner, &rule_id, sales) {
            state.book_closing(line);
        }
    }
    state.recount_due();
}

/// A period's sales, taken out of the partner's open periods (a partner with none left
/// has no entry: the snapshot keeps no empty tables).
fn take_sales(
    state: &mut State,
    partner: &PartnerId,
    rule_id: &RuleId,
) -> Option<(Instant, Decimal, EventId)> {
    let open_periods = state.kinds.rebate_sales.get_mut(partner)?;
    let sales = open_periods.remove(rule_id);
    if open_periods.is_empty() {
        state.kinds.rebate_sales.remove(partner);
    }
    sales
}

fn rebate_line(
    program: &Plan<'_>,
    state: &State,
    partner: &PartnerId,
    rule_id: &RuleId,
    sales: Option<(Instant, Decimal, EventId)>,
) -> Option<Line> {
    let (end, sales, last_sale) = sales?;
    let last_instant = end - chrono::Duration::nanoseconds(1);
    // The rebate in force at the period's end accrues it (a version's own rate).
    let rule = program.rule_by_id(rule_id, last_instant)?;
    let RuleKind::Rebate(rebate) = &rule.kind else {
        return None;
    };
    let partner_state = state.partners.get(partner)?;
    let status = partner_state.status_at(last_instant);
    if status != Some(&rebate.status) {
        return None;
    }
    let currency = booking_currency(program, partner_state);
    let exact = rebate.rate_percent.of(sales)?;
    let amount = round(program, exact, currency).ok()?;
    Some(Line {
        id: LineId::unnumbered_by_time(),
        partner: partner.clone(),
        kind: LineKind::Accrual,
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: last_sale,
        payment: None,
        client: None,
        booked_at: last_instant,
        month: program.time_zone.month_of(last_instant),
        amount: Money::new(amount, currency),
        due: None,
        explanation: Explanation {
            base: Some(Money::new(sales, currency)),
            rate: Some(rebate.rate_percent),
            rate_basis: Some(format!("status {} at the period's end", rebate.status)),
            exact: Some(exact),
            note: Some("rebate on the period's sales at list price".to_owned()),
            ..Explanation::default()
        },
    })
}
