//! A payment recorded: its client's facts (paid, paid for by whom), the lines of every rule
//! kind it concerns, and the counts it completes.

use super::checks::{client_at, partner_at, positive_amount, valid_list_price};
use super::kinds::rerate::{self, Remeasured};
use super::kinds::reward::{LineBooking, RevenueMatch, payment_lines};
use super::kinds::{account, bonus, entitlement as perks, internal_use, rebate, welcome_credit};
use super::plan::Plan;
use super::retention;
use super::state::{ActivePeriod, ClientState, PaymentRecord, State, push_id};
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::{Event, Payer, Payment};
use crate::rules::ClientCounter;
use rust_decimal::Decimal;

use super::gained::gain;

pub(super) fn record(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &Payment,
) -> Result<(), ErrorKind> {
    positive_amount(payment.amount)?;
    valid_list_price(payment)?;
    // Taken before the client is borrowed; given back (emptied) when the lines are booked.
    let mut lines = std::mem::take(&mut state.spare_lines);
    let client = client_at(state, &payment.client, event.at)?;
    payer_holds(state, client, payment, event.at)?;
    let mut record = PaymentRecord::new(event.at, payment.clone());
    record.attributes = event.attributes.clone();
    let credit = welcome_credit::welcome_credit_use(program, state, event, payment, client)?;
    let booking = LineBooking {
        source: event.id.clone(),
        catch_up_at: None,
        full_tariff: credit.is_some(),
    };
    let revenue = payment_lines(
        program, state, &event.id, &record, client, &booking, &mut lines,
    )?;
    let covered = credit
        .as_ref()
        .map_or(Decimal::ZERO, |credit| credit.covered);
    if let Some(credit) = &credit {
        lines.extend(welcome_credit::credit_used_line(
            program, state, event, payment, credit,
        ));
    }
    // The invoice (a line of its own kind) does not count as a discount for the purchase.
    internal_use::payment_invoice_line(program, state, event, &record, &mut lines)?;
    record.debited = account::purchase_line(program, state, event, &record, &mut lines, covered)?;
    if program.first_payment_bonuses {
        bonus::first_payment_lines(program, state, event, (&payment.client, client), &mut lines)?;
    }
    let (first_payment_of, new_paid_for) = newly_counted(state, client, payment);
    let keep_for_catch_up = client.referrer.is_none() && program.catch_up;
    for (partner, counter) in [
        (&first_payment_of, ClientCounter::Paying),
        (&new_paid_for, ClientCounter::PaidFor),
    ] {
        if let Some(partner) = partner {
            bonus::check_count_reached(program, state, event, partner, counter)?;
        }
    }
    // The last check that can fail; every change to the state comes after it.
    rebate::track_sale(program, state, event, payment)?;
    note_paid(program, state, event, payment, keep_for_catch_up);
    retention::remember_payment(program, state, event.id.clone(), record, keep_for_catch_up);
    state.book(event.at, lines)?;
    welcome_credit::spend_credit(state, payment, covered);
    if let Some(revenue) = revenue {
        count_revenue(program, state, event, revenue)?;
    }
    if let Some(referrer) = first_payment_of {
        gain(program, state, event, &referrer, ClientCounter::Paying)?;
    }
    if let Some(partner) = new_paid_for {
        if let Some(client) = state.clients.get_mut(&payment.client) {
            push_id(&mut client.paid_for_by, partner.clone());
        }
        gain(program, state, event, &partner, ClientCounter::PaidFor)?;
    }
    Ok(())
}

/// A partner pays only for a client it holds (and is registered by then).
fn payer_holds(
    state: &State,
    client: &ClientState,
    payment: &Payment,
    at: crate::time::Instant,
) -> Result<(), ErrorKind> {
    if let Payer::Partner(partner) = &payment.paid_by {
        partner_at(state, partner, at)?;
        if client.holder.as_ref() != Some(partner) {
            return Err(ErrorKind::NotHolder {
                client: payment.client.clone(),
                partner: partner.clone(),
            });
        }
    }
    Ok(())
}

/// Adds a payment's revenue to the rules that matched it, and re-rates the month of a
/// partner whose revenue tier is retroactive.
fn count_revenue(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    revenue: Vec<RevenueMatch>,
) -> Result<(), ErrorKind> {
    let mut partners: Vec<PartnerId> = Vec::new();
    for counted in revenue {
        state.add_revenue(
            (counted.partner.clone(), counted.rule),
            counted.period,
            counted.amount,
        )?;
        if !partners.contains(&counted.partner) {
            partners.push(counted.partner);
        }
    }
    for partner in &partners {
        rerate::rerate_month(program, state, event, partner, Remeasured::Revenue)?;
    }
    Ok(())
}

/// The partners that count the payment's client anew: its referrer on `paying` at the
/// client's first payment, if it came to the referrer through a channel `paying` counts;
/// the paying partner on `paid_for` at its first payment for the client.
#[inline]
pub(super) fn newly_counted(
    state: &State,
    client: &ClientState,
    payment: &Payment,
) -> (Option<PartnerId>, Option<PartnerId>) {
    let paying = client
        .referred_via
        .is_some_and(|channel| ClientCounter::Paying.counts(channel));
    let first_payment_of = client
        .referrer
        .clone()
        .filter(|_| paying && !client.has_paid);
    let new_paid_for = match &payment.paid_by {
        Payer::Partner(partner) if !client.paid_for_by.contains(partner) => {
            Some(state.shared_id(partner))
        }
        _ => None,
    };
    (first_payment_of, new_paid_for)
}

/// What an accepted payment changes about its client: it has paid, its paid period (for
/// while-active perks) and, while no partner is attributed, the payment kept for a
/// catch-up; and the period each while-active perk's partner gains.
pub(super) fn note_paid(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &Payment,
    keep_for_catch_up: bool,
) {
    let active = perks::active_periods(program, state, event, payment);
    if let Some(client) = state.clients.get_mut(&payment.client) {
        client.has_paid = true;
        if program.reads.client_payments {
            let extras = client.extras_mut();
            extras.first_paid_at.get_or_insert(event.at);
            extras.payments_made = extras.payments_made.saturating_add(1);
        }
        if keep_for_catch_up {
            let unattributed = &mut client.extras_mut().unattributed_payments;
            unattributed.push(event.id.clone());
        }
        if let (true, Some(period)) = (program.while_active, payment.period) {
            let payment = event.id.clone();
            client.extras_mut().paid = Some(ActivePeriod { period, payment });
        }
    }
    for (rule, partner, period) in active {
        let periods = state.active_periods.entry(rule).or_default();
        periods.entry(partner).or_default().push(period);
    }
}
