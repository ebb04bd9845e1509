//! Status-driven rules: the contract's status, status grants and their perks, own-use
//! purchases capped by status (SS-3), the partner's invoices and their due dates, sales
//! tracked for period rebates and the yearly qualification report (SS-1, SS-4).

use super::booking::{account_line, booking_currency, convert, discount_total, round};
use super::checks::{partner_at, partner_mut, positive_amount};
use super::perks;
use super::plan::{Plan, payment_matches};
use super::state::{PaymentRecord, State};
use crate::error::ErrorKind;
use crate::ids::{EventId, PartnerId, RuleId, Status};
use crate::ledger::{Event, Payer, Payment};
use crate::money::Money;
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{CalendarPeriod, EntitlementStart, InvoiceTerms, PeriodRebate, Rule, RuleKind};
use crate::time::Instant;
use chrono::Datelike;
use rust_decimal::Decimal;

/// A contract is signed: under a contract-status rule, a partner with no status gets it.
pub(super) fn contract_signed(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
) -> Result<(), ErrorKind> {
    let partner_state = partner_mut(state, partner, event.at)?;
    if !partner_state.contract_at(event.at) {
        partner_state.contract.change(event.at, true);
    }
    let status = program.find_at(event.at, |kind| match kind {
        RuleKind::ContractStatus(rule) => Some(rule.status.clone()),
        _ => None,
    });
    match status {
        Some((_, status)) if partner_state.statuses.is_empty() => {
            grant_status(program, state, event, partner, &status)
        }
        _ => Ok(()),
    }
}

/// The vendor grants a status; perks that start with it start.
pub(super) fn grant_status(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    status: &Status,
) -> Result<(), ErrorKind> {
    partner_mut(state, partner, event.at)?.statuses.push((
        event.at,
        status.clone(),
        event.id.clone(),
    ));
    perks::grant_at_event(
        program,
        state,
        partner,
        event,
        |start| matches!(start, EntitlementStart::StatusGranted { status: s } if s == status),
    )
}

/// Seats for the partner's own use (SS-3): the seats still under the cap of its status
/// at the discount, the rest at full price. One discount line says how the seats split;
/// under invoice terms, an invoice line for the net price.
pub(super) fn internal_purchase(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    seats: u32,
    list_price: Money,
) -> Result<(), ErrorKind> {
    let (rule, internal) = program
        .find_at(event.at, |kind| match kind {
            RuleKind::InternalUse(internal) => Some(internal),
            _ => None,
        })
        .ok_or_else(|| ErrorKind::NotInProgram {
            what: "purchases for the partner's own use".into(),
        })?;
    positive_amount(list_price)?;
    if seats == 0 {
        return Err(ErrorKind::InconsistentEvent {
            reason: "a purchase of zero seats".into(),
        });
    }
    let partner_state = partner_at(state, partner, event.at)?;
    let status = partner_state.status_at(event.at);
    let cap = status
        .and_then(|s| internal.seat_caps.get(s))
        .copied()
        .unwrap_or(0);
    let capped = cap.saturating_sub(partner_state.internal_seats).min(seats);
    let currency = booking_currency(program, partner_state);
    let (gross, fx) = convert(program, state, list_price, currency, event.at)?;
    let capped_list = gross
        .checked_mul(Decimal::from(capped))
        .and_then(|value| value.checked_div(Decimal::from(seats)))
        .ok_or_else(|| ErrorKind::Overflow)?;
    let exact = internal
        .rate_percent
        .of(capped_list)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let discount = round(program, exact, currency)?;
    let held = status.map_or_else(|| "no status".to_owned(), |s| format!("status {s}"));
    let mut lines = Vec::new();
    if !discount.is_zero() {
        let note = format!(
            "{capped} of {seats} seats at {} ({held}: up to {cap} seats, {} bought before); {} at full price",
            internal.rate_percent,
            partner_state.internal_seats,
            seats - capped,
        );
        let mut line = account_line(
            program,
            rule,
            partner,
            LineKind::Discount,
            event,
            Money::new(discount, currency),
            Some(note),
        );
        line.explanation = Explanation {
            base: Some(Money::new(capped_list, currency)),
            rate: Some(internal.rate_percent),
            rate_basis: Some(held),
            fx,
            exact: Some(exact),
            note: line.explanation.note,
            ..Explanation::default()
        };
        lines.push(line);
    }
    let gross = round(program, gross, currency)?;
    if let Some(terms) = invoice_terms(program, event.at) {
        let invoice = invoice_line(program, state, event, partner, gross, &lines, terms)?;
        lines.push(invoice);
    }
    if let Some(partner_state) = state.partners.get_mut(partner) {
        partner_state.internal_seats = partner_state.internal_seats.saturating_add(seats);
    }
    state.book(event.at, lines)?;
    Ok(())
}

/// Under invoice terms, the partner's invoice for what it bought: the price before
/// discounts (`gross`, in its currency) minus its discount lines, due after the days its
/// status at the purchase gives.
fn invoice_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    partner: &PartnerId,
    gross: Decimal,
    lines: &[Line],
    (rule, terms): (&Rule, &InvoiceTerms),
) -> Result<Line, ErrorKind> {
    let partner_state = partner_at(state, partner, event.at)?;
    let currency = booking_currency(program, partner_state);
    let discount = discount_total(lines, partner)?;
    let net = gross
        .checked_sub(discount)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let status = partner_state.status_at(event.at);
    let days = due_days(terms, status);
    let due = program
        .time_zone
        .add_days(event.at, days)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let held = status.map_or_else(|| "no status".to_owned(), |s| format!("status {s}"));
    let note = format!(
        "the partner's invoice: {} {currency} list price − {} {currency} discount, due in {days} days ({held})",
        round(program, gross, currency)?,
        round(program, discount, currency)?,
    );
    let mut line = account_line(
        program,
        rule,
        partner,
        LineKind::Invoice,
        event,
        Money::new(net, currency),
        Some(note),
    );
    line.due = Some(due);
    Ok(line)
}

/// The invoice terms in force at an instant, if the program has any.
fn invoice_terms<'p>(program: &Plan<'p>, at: Instant) -> Option<(&'p Rule, &'p InvoiceTerms)> {
    program.find_at(at, |kind| match kind {
        RuleKind::InvoiceTerms(terms) => Some(terms),
        _ => None,
    })
}

fn due_days(terms: &InvoiceTerms, status: Option<&Status>) -> u32 {
    status
        .and_then(|s| terms.by_status.get(s))
        .copied()
        .unwrap_or(terms.due_days)
}

/// Adds to a partner payment's `lines` its invoice line, where the program writes
/// invoices: the price before discounts (the list price where given) less the partner's
/// discount lines among them.
pub(super) fn payment_invoice_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    record: &PaymentRecord,
    lines: &mut Vec<Line>,
) -> Result<(), ErrorKind> {
    let Payer::Partner(partner) = &record.payment.paid_by else {
        return Ok(());
    };
    if !program.invoices {
        return Ok(());
    }
    // No invoice to write: nothing to convert (and no rate to require).
    let Some(terms) = invoice_terms(program, event.at) else {
        return Ok(());
    };
    let currency = booking_currency(program, partner_at(state, partner, event.at)?);
    let (gross, _) = convert(program, state, retail(&record.payment), currency, event.at)?;
    let gross = round(program, gross, currency)?;
    let line = invoice_line(program, state, event, partner, gross, lines, terms)?;
    lines.push(line);
    Ok(())
}

/// A sale counts at its list price where given, else at the amount paid.
fn retail(payment: &Payment) -> Money {
    payment.list_price.unwrap_or(payment.amount)
}

/// The instant a calendar period containing `at` ends (the next one's start).
fn period_end(program: &Plan<'_>, period: CalendarPeriod, at: Instant) -> Option<Instant> {
    let zone = program.time_zone;
    let date = zone.date_of(at);
    let months = period.months();
    let first_month = (date.month0() / months) * months + 1;
    let start = chrono::NaiveDate::from_ymd_opt(date.year(), first_month, 1)?;
    zone.add_months(zone.start_of(start), months)
}

/// Adds a partner's sale to its year's sales (qualification) and to the open period of
/// each rebate rule.
pub(super) fn track_sale(
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
    let rebates: Vec<(&RuleId, &PeriodRebate)> = program
        .rules_at(event.at)
        .filter_map(|rule| match &rule.kind {
            RuleKind::Rebate(rebate) if payment_matches(&rebate.sales, payment, integration) => {
                Some((&rule.id, rebate))
            }
            _ => None,
        })
        .collect();
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
    for ((rule_id, _), end) in rebates.into_iter().zip(ends) {
        let open = partner_state
            .rebate_sales
            .entry(rule_id.clone())
            .or_insert((end, Decimal::ZERO, event.id.clone()));
        open.1 = open.1.saturating_add(value);
        open.2 = event.id.clone();
        state
            .open_rebates
            .insert((end, partner.clone(), rule_id.clone()));
    }
    Ok(())
}

/// Closes every rebate period that ended at or before `at`: a partner holding the rule's
/// status at the period's last instant is credited the rebate, booked at that instant.
pub(super) fn close_rebate_periods(program: &Plan<'_>, state: &mut State, at: Instant) {
    while let Some((end, partner, rule_id)) = state.open_rebates.first().cloned() {
        if end > at {
            break;
        }
        state
            .open_rebates
            .remove(&(end, partner.clone(), rule_id.clone()));
        let sales = state
            .partners
            .get_mut(&partner)
            .and_then(|p| p.rebate_sales.remove(&rule_id));
        if let Some(line) = rebate_line(program, state, &partner, &rule_id, sales) {
            state.book_closing(line);
        }
    }
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
