//! The partner account (`RuleKind::PartnerAccount`, W-9, MH-7): top-ups, purchases for
//! clients at the net price, withdrawals; what a cancellation returns (W-8,
//! `RuleKind::Cancellations`); linked accounts (W-7, `RuleKind::AccountGroups`).

use crate::engine::booking::{
    account_line, booking_currency, convert, discount_total, in_account_currency, keeps_words,
    round,
};
use crate::engine::checks::{partner_at, positive_amount};
use crate::engine::plan::Plan;
use crate::engine::state::{PaymentRecord, State};
use crate::error::ErrorKind;
use crate::ids::{EventId, PartnerId};
use crate::ledger::{Event, Payer, TopUpMethod};
use crate::money::Money;
use crate::outcome::{Line, LineKind};
use crate::rules::{CancellationPolicy, PayoutSchedule, Rule, RuleKind};
use crate::time::Instant;
use rust_decimal::Decimal;

fn account_rule<'p>(program: &Plan<'p>, at: Instant) -> Option<(&'p Rule, &'p [TopUpMethod])> {
    program.find_at(at, |kind| match kind {
        RuleKind::PartnerAccount(account) => Some(account.top_up_methods.as_slice()),
        _ => None,
    })
}

/// The partner tops its account up (W-9, MH-7).
pub(crate) fn top_up(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    amount: Money,
    method: TopUpMethod,
) -> Result<(), ErrorKind> {
    let (rule, methods) =
        account_rule(program, event.at).ok_or_else(|| ErrorKind::NotInProgram {
            what: "partner account top-ups".into(),
        })?;
    if !methods.contains(&method) {
        let method = serde_json::to_string(&method).unwrap_or_default();
        return Err(ErrorKind::NotInProgram {
            what: format!("top-ups by {}", method.trim_matches('"')),
        });
    }
    positive_amount(amount)?;
    in_account_currency(program, state, partner, amount, event.at)?;
    let line = account_line(program, rule, partner, LineKind::TopUp, event, amount, None);
    state.book(event.at, vec![line])?;
    Ok(())
}

/// A payment the partner makes for a client, under a partner account rule: the account is
/// debited the list price (converted, rounded once) minus the partner's discount lines
/// among `lines`, and the purchase line is added to them. Gives the amount debited; `None`
/// when the program keeps no partner account, the client paid, or nothing is left to pay.
pub(crate) fn purchase_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    record: &PaymentRecord,
    lines: &mut Vec<Line>,
    credit: Decimal,
) -> Result<Option<Decimal>, ErrorKind> {
    let Payer::Partner(partner) = &record.payment.paid_by else {
        return Ok(None);
    };
    let Some((rule, _)) = account_rule(program, event.at) else {
        return Ok(None);
    };
    let partner_state = partner_at(state, partner, event.at)?;
    let currency = booking_currency(program, partner_state);
    let (exact, fx) = convert(program, state, record.payment.amount, currency, event.at)?;
    let gross = round(program, exact, currency)?;
    let discount = discount_total(lines, partner)?;
    let net = net_price(Money::new(gross, currency), discount, credit)?;
    if net.is_zero() {
        return Ok(None);
    }
    let available = partner_state
        .account
        .available_at(event.at)
        .ok_or_else(|| ErrorKind::Overflow)?;
    if net > available {
        return Err(ErrorKind::InsufficientBalance {
            available: Money::new(available, currency),
            requested: Money::new(net, currency),
        });
    }
    let scaled = |amount| round(program, amount, currency).unwrap_or(amount);
    let note = keeps_words(state).then(|| {
        let mut note = format!(
            "bought for the client: {} {currency} list price",
            scaled(gross)
        );
        for (deducted, what) in [(discount, "discount"), (credit, "welcome credit")] {
            if !deducted.is_zero() {
                note.push_str(&format!(" − {} {currency} {what}", scaled(deducted)));
            }
        }
        note
    });
    let mut line = account_line(
        program,
        rule,
        partner,
        LineKind::Purchase,
        event,
        Money::new(net, currency).negated(),
        note,
    );
    line.payment = Some(event.id.clone());
    line.client = Some(record.payment.client.clone());
    line.explanation.base = Some(Money::new(exact, currency));
    line.explanation.fx = fx;
    lines.push(line);
    Ok(Some(net))
}

/// A purchase's price less its discounts and welcome credit; a purchase never credits.
fn net_price(gross: Money, discount: Decimal, credit: Decimal) -> Result<Decimal, ErrorKind> {
    let net = gross
        .amount
        .checked_sub(discount)
        .and_then(|net| net.checked_sub(credit))
        .ok_or_else(|| ErrorKind::Overflow)?;
    if net.is_sign_negative() && !net.is_zero() {
        return Err(ErrorKind::DiscountExceedsPrice {
            price: gross,
            discount: Money::new(gross.amount.saturating_sub(net), gross.currency),
        });
    }
    Ok(net)
}

/// A subscription is cancelled (W-8): under `return_unused_days`, the unused whole days of
/// the paid period go back to the partner account that paid, at what it was debited.
/// A client's own payment goes back to the client, outside the partners' books.
pub(crate) fn cancel(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &EventId,
) -> Result<(), ErrorKind> {
    let record = state.payment(payment)?;
    if record.cancelled {
        return Err(ErrorKind::InconsistentEvent {
            reason: format!("payment {payment} is already cancelled"),
        });
    }
    let policy = program.find_at(event.at, |kind| match kind {
        RuleKind::Cancellations(policy) => Some(*policy),
        _ => None,
    });
    let mut lines = Vec::new();
    if let Some((rule, CancellationPolicy::ReturnUnusedDays)) = policy {
        if let Some(line) = unused_share_line(program, state, event, rule, payment, record)? {
            lines.push(line);
        }
    }
    let returned = lines
        .first()
        .map_or(Decimal::ZERO, |line| line.amount.amount);
    if let Some(record) = state.payments.get_mut(payment) {
        record.cancelled = true;
        record.returned = returned;
    }
    state.book(event.at, lines)?;
    Ok(())
}

fn unused_share_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    rule: &Rule,
    payment: &EventId,
    record: &PaymentRecord,
) -> Result<Option<Line>, ErrorKind> {
    let (Payer::Partner(partner), Some(debited)) = (&record.payment.paid_by, record.debited) else {
        return Ok(None);
    };
    let period = record
        .payment
        .period
        .ok_or_else(|| ErrorKind::InconsistentEvent {
            reason: format!("payment {payment} has no paid period to return a share of"),
        })?;
    let zone = program.time_zone;
    let (from, to) = (zone.date_of(period.from), zone.date_of(period.to));
    // A day counts as used if any part of it was: a cancellation at 00:00 program time
    // leaves its whole day unused.
    let cancelled_on = zone.date_of(event.at);
    let used_until = match zone.start_of(cancelled_on) == event.at {
        true => cancelled_on,
        false => cancelled_on.succ_opt().ok_or_else(|| ErrorKind::Overflow)?,
    };
    let total = (to - from).num_days();
    let unused = (to - used_until.max(from))
        .num_days()
        .clamp(0, total.max(0));
    if total <= 0 || unused == 0 {
        return Ok(None);
    }
    let currency = booking_currency(program, partner_at(state, partner, event.at)?);
    let returnable = returnable(record, debited)?;
    if returnable <= Decimal::ZERO {
        return Ok(None);
    }
    let exact = returnable
        .checked_mul(Decimal::from(unused))
        .and_then(|share| share.checked_div(Decimal::from(total)))
        .ok_or_else(|| ErrorKind::Overflow)?;
    let amount = round(program, exact, currency)?;
    let refunded = match record.refunded.is_zero() {
        true => String::new(),
        false => format!(
            ", {} refunded",
            Money::new(record.refunded, record.payment.amount.currency)
        ),
    };
    let note = format!(
        "unused {unused} of {total} paid days of payment {payment} (debited {} {currency}{refunded})",
        Money::new(debited, currency).amount
    );
    let mut line = account_line(
        program,
        rule,
        partner,
        LineKind::Return,
        event,
        Money::new(amount, currency),
        Some(note),
    );
    line.payment = Some(payment.clone());
    line.client = Some(record.payment.client.clone());
    line.explanation.exact = Some(exact);
    Ok(Some(line))
}

/// What a cancellation may return of what the account was debited: what refunds gave
/// back already is not returned again, only a share of the rest.
fn returnable(record: &PaymentRecord, debited: Decimal) -> Result<Decimal, ErrorKind> {
    if record.refunded.is_zero() {
        return Ok(debited);
    }
    record
        .unreturned_share()
        .and_then(|share| debited.checked_mul(share))
        .ok_or_else(|| ErrorKind::Overflow)
}

/// Links two accounts of one partner (W-7). Linking accounts already in one group is
/// inconsistent; a program without an account group rule has no linked accounts.
pub(crate) fn link(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    other: &PartnerId,
) -> Result<(), ErrorKind> {
    partner_at(state, partner, event.at)?;
    partner_at(state, other, event.at)?;
    if program
        .find_at(event.at, |kind| match kind {
            RuleKind::AccountGroups(groups) => Some(groups),
            _ => None,
        })
        .is_none()
    {
        return Err(ErrorKind::NotInProgram {
            what: "linked accounts".into(),
        });
    }
    if state.same_group(partner, other, event.at) {
        return Err(ErrorKind::InconsistentEvent {
            reason: format!("accounts {partner} and {other} are already linked"),
        });
    }
    state.link(partner, other, event.at);
    Ok(())
}

/// The partner asks to withdraw from its account (W-9, LS-2): allowed under an
/// on-request payout schedule, up to the available balance; due after the schedule's delay.
pub(crate) fn withdraw(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    amount: Money,
) -> Result<(), ErrorKind> {
    positive_amount(amount)?;
    let (rule, delay_days) = match program.payout_at(event.at) {
        Some((rule, PayoutSchedule::OnRequest { delay_days })) => (rule, delay_days),
        Some((
            _,
            PayoutSchedule::Automatic { .. }
            | PayoutSchedule::Monthly { .. }
            | PayoutSchedule::AfterMonthEnd { .. },
        )) => {
            return Err(ErrorKind::NotInProgram {
                what: "withdrawal requests (rewards are paid out automatically)".into(),
            });
        }
        None => {
            return Err(ErrorKind::NotInProgram {
                what: "withdrawal requests".into(),
            });
        }
    };
    let currency = in_account_currency(program, state, partner, amount, event.at)?;
    let available = partner_at(state, partner, event.at)?
        .account
        .available_at(event.at)
        .ok_or_else(|| ErrorKind::Overflow)?;
    if amount.amount > available {
        return Err(ErrorKind::InsufficientBalance {
            available: Money::new(available, currency),
            requested: amount,
        });
    }
    let due = program
        .time_zone
        .add_days(event.at, delay_days)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let note = format!("withdrawal due {delay_days} days after the request");
    let mut line = account_line(
        program,
        rule,
        partner,
        LineKind::Withdrawal,
        event,
        amount.negated(),
        Some(note),
    );
    line.due = Some(due);
    state.book(event.at, vec![line])?;
    Ok(())
}
