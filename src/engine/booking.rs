//! What every rule kind needs to book money: the currency a partner's lines are booked in,
//! conversion at the rate in force (with the program's markup), the one rounding of a
//! booked figure, and lines about a partner's account as a whole.

use super::checks::partner_at;
use super::detail::OutcomeDetail;
use super::plan::Plan;
use super::state::{PartnerState, State};
use crate::error::ErrorKind;
use crate::ids::{LineId, PartnerId};
use crate::ledger::{Event, Payment};
use crate::money::{Currency, Money};
use crate::outcome::{Explanation, FxUsed, Line, LineKind};
use crate::rules::{Booking, PayoutSchedule, Rule};
use crate::time::Instant;
use rust_decimal::Decimal;

/// Whether lines keep their explanations in words: a statements-only run folds lines into
/// totals at once, so it skips writing notes no one will read (figures are kept).
pub(super) fn keeps_words(state: &State) -> bool {
    state.detail == OutcomeDetail::Full
}

pub(super) fn booking_currency(program: &Plan<'_>, partner: &PartnerState) -> Currency {
    account_currency(program, partner.currency)
}

/// The currency a partner whose own account is in `partner_currency` is booked in.
pub(super) fn account_currency(program: &Plan<'_>, partner_currency: Currency) -> Currency {
    match program.currency.booking {
        Booking::ProgramCurrency => program.currency.program_currency,
        Booking::PartnerAccount => partner_currency,
    }
}

/// `exact` rounded by the program's rule to the currency's minor unit: the one rounding
/// of a booked figure.
pub(super) fn round(
    program: &Plan<'_>,
    exact: Decimal,
    currency: Currency,
) -> Result<Decimal, ErrorKind> {
    let minor_units = currency
        .minor_units()
        .ok_or_else(|| ErrorKind::UnknownCurrency { currency })?;
    Ok(program.rounding.round(exact, minor_units))
}

/// Converts `money` into `to` at the rate in force at `at`, with the program's markup.
/// Unrounded: the one rounding happens on the final line amount.
pub(super) fn convert(
    program: &Plan<'_>,
    state: &State,
    money: Money,
    to: Currency,
    at: Instant,
) -> Result<(Decimal, Option<FxUsed>), ErrorKind> {
    if money.currency == to {
        return Ok((money.amount, None));
    }
    let published = published_rate(state, money.currency, to, at)?;
    let markup = program.currency.fx_markup_percent;
    let applied = published
        .checked_add(markup.of(published).ok_or_else(|| ErrorKind::Overflow)?)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let converted = money
        .amount
        .checked_mul(applied)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let fx = FxUsed {
        from: money.currency,
        to,
        published_rate: published,
        markup_percent: markup.as_percent(),
        applied_rate: applied,
    };
    Ok((converted, Some(fx)))
}

/// `money` in `to` at the published rate in force at `at`, with no markup: what a payment
/// is worth when it is measured (revenue, amount conditions) rather than converted for a
/// partner.
pub(super) fn at_published_rate(
    state: &State,
    money: Money,
    to: Currency,
    at: Instant,
) -> Result<Decimal, ErrorKind> {
    if money.currency == to {
        return Ok(money.amount);
    }
    let rate = published_rate(state, money.currency, to, at)?;
    money
        .amount
        .checked_mul(rate)
        .ok_or_else(|| ErrorKind::Overflow)
}

/// The rate from `from` to `to` published last at or before `at`.
fn published_rate(
    state: &State,
    from: Currency,
    to: Currency,
    at: Instant,
) -> Result<Decimal, ErrorKind> {
    state
        .fx_rate(from, to, at)
        .ok_or_else(|| ErrorKind::MissingFxRate { from, to })
}

/// A line about the partner's account as a whole (no payment, no client), booked at the
/// event.
pub(super) fn account_line(
    program: &Plan<'_>,
    rule: &Rule,
    partner: &PartnerId,
    kind: LineKind,
    event: &Event,
    amount: Money,
    note: Option<String>,
) -> Line {
    // Amounts come validated (no finer than the minor unit): this only sets the scale.
    let scaled = amount.currency.minor_units().map_or(amount.amount, |dp| {
        program.rounding.round(amount.amount, dp)
    });
    Line {
        id: LineId::unnumbered(),
        partner: partner.clone(),
        kind,
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: event.id.clone(),
        payment: None,
        client: None,
        booked_at: event.at,
        month: program.time_zone.month_of(event.at),
        amount: Money::new(scaled, amount.currency),
        due: None,
        explanation: Explanation {
            note,
            ..Explanation::default()
        },
    }
}

/// What a partner's discount lines among `lines` take off the price.
pub(super) fn discount_total(lines: &[Line], partner: &PartnerId) -> Result<Decimal, ErrorKind> {
    lines
        .iter()
        .filter(|line| line.kind == LineKind::Discount && &line.partner == partner)
        .try_fold(Decimal::ZERO, |sum, line| {
            sum.checked_add(line.amount.amount)
        })
        .ok_or_else(|| ErrorKind::Overflow)
}

/// Under an automatic payout schedule, a payout line on each payable line's due date.
/// Sets `due` on the lines it pays. The payouts are to be booked right after `lines`, in
/// one block: each names the line it pays by how many places before it that line is
/// (numbering the lines resolves it to the line's id).
pub(super) fn payout_lines(
    program: &Plan<'_>,
    at: Instant,
    lines: &mut [Line],
) -> Result<Vec<Line>, ErrorKind> {
    // Most programs pay out by statement: no schedule to look up per payment.
    if !program.automatic_payouts {
        return Ok(Vec::new());
    }
    let schedule = program.payout_at(at);
    let Some((rule, PayoutSchedule::Automatic { delay_days })) = schedule else {
        return Ok(Vec::new());
    };
    let mut payouts = Vec::new();
    let count = lines.len();
    for (position, line) in lines.iter_mut().enumerate() {
        let pays_out = matches!(
            line.kind,
            LineKind::Accrual | LineKind::Adjustment | LineKind::Bonus
        );
        if !pays_out || line.amount.amount <= Decimal::ZERO {
            continue;
        }
        let due = program
            .time_zone
            .add_days(line.booked_at, delay_days)
            .ok_or_else(|| ErrorKind::Overflow)?;
        line.due = Some(due);
        // Where the payout will stand, counted from the line it pays.
        let places = count.saturating_add(payouts.len()).saturating_sub(position);
        payouts.push(Line {
            id: LineId::unnumbered(),
            kind: LineKind::Payout,
            clause: rule.clause.clone(),
            rule: rule.id.clone(),
            booked_at: due,
            month: program.time_zone.month_of(due),
            amount: line.amount.negated(),
            due: Some(due),
            explanation: Explanation {
                note: Some(format!("paid out {delay_days} days after booking")),
                pays: vec![LineId::before(u32::try_from(places).unwrap_or(u32::MAX))].into(),
                ..Explanation::default()
            },
            ..line.clone()
        });
    }
    Ok(payouts)
}

/// A sale counts at its list price where given, else at the amount paid.
pub(super) fn retail(payment: &Payment) -> Money {
    payment.list_price.unwrap_or(payment.amount)
}

/// The amount in the partner's account currency, or a currency mismatch.
pub(super) fn in_account_currency(
    program: &Plan<'_>,
    state: &State,
    partner: &PartnerId,
    amount: Money,
    at: Instant,
) -> Result<Currency, ErrorKind> {
    let currency = booking_currency(program, partner_at(state, partner, at)?);
    if amount.currency != currency {
        return Err(ErrorKind::CurrencyMismatch {
            expected: currency,
            found: amount.currency,
        });
    }
    Ok(currency)
}
