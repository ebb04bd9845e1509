//! Own-use purchases capped by status (`RuleKind::InternalUse`, SS-3) and the partner's
//! invoices with their due dates (`RuleKind::InvoiceTerms`).

use crate::engine::booking::{
    account_line, booking_currency, convert, discount_total, retail, round,
};
use crate::engine::checks::{partner_at, positive_amount};
use crate::engine::plan::Plan;
use crate::engine::state::{PaymentRecord, State};
use crate::error::ErrorKind;
use crate::ids::{PartnerId, Status};
use crate::ledger::{Event, Payer};
use crate::money::Money;
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{InternalUseRule, InvoiceTerms, Rule, RuleKind};
use crate::time::Instant;
use rust_decimal::Decimal;

/// The own-use rule in force at `at`, for a purchase of at least one seat at a valid
/// price.
fn internal_use_rule<'p>(
    program: &Plan<'p>,
    at: Instant,
    seats: u32,
    list_price: Money,
) -> Result<(&'p Rule, &'p InternalUseRule), ErrorKind> {
    let found = program
        .find_at(at, |kind| match kind {
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
    Ok(found)
}

/// Seats for the partner's own use (SS-3): the seats still under the cap of its status
/// at the discount, the rest at full price. One discount line says how the seats split;
/// under invoice terms, an invoice line for the net price.
pub(crate) fn internal_purchase(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    seats: u32,
    list_price: Money,
) -> Result<(), ErrorKind> {
    let (rule, internal) = internal_use_rule(program, event.at, seats, list_price)?;
    let partner_state = partner_at(state, partner, event.at)?;
    let status = partner_state.status_at(event.at);
    let cap = status
        .and_then(|s| internal.seat_caps.get(s))
        .copied()
        .unwrap_or(0);
    let bought_before = seats_bought(state, partner);
    let capped = cap.saturating_sub(bought_before).min(seats);
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
            bought_before,
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
    let bought = state.kinds.internal_seats.entry(partner.clone());
    bought
        .and_modify(|n| *n = n.saturating_add(seats))
        .or_insert(seats);
    state.book(event.at, lines)?;
    Ok(())
}

/// The seats the partner bought for its own use so far (this kind's own table).
fn seats_bought(state: &State, partner: &PartnerId) -> u32 {
    state
        .kinds
        .internal_seats
        .get(partner)
        .copied()
        .unwrap_or(0)
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
pub(crate) fn payment_invoice_line(
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
