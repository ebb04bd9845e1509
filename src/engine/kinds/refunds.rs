//! Refund policies (`RuleKind::Refunds`): refunds against a payment, and the clawback of
//! its rewards within a hold as a running total.

use crate::engine::booking::round;
use crate::engine::checks::positive_amount;
use crate::engine::plan::Plan;
use crate::engine::state::{PaymentRecord, RewardShare, State};
use crate::error::ErrorKind;
use crate::ids::EventId;
use crate::ledger::Event;
use crate::money::Money;
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{RefundPolicy, RuleKind};
use rust_decimal::Decimal;

/// A refund within the hold claws back the payment's rewards in proportion to everything
/// refunded so far (`refunded` of `paid`, this refund included): one negative adjustment
/// per partner and rule for what that calls for beyond what earlier refunds clawed back,
/// due with the lines it reverses. A full refund claws back each reward exactly; no sum
/// of partial ones claws back more. Gives the lines and each share's new clawed-back
/// total (in `record.rewards` order).
pub(crate) fn clawback_lines(
    program: &Plan<'_>,
    event: &Event,
    record: &PaymentRecord,
    payment: &EventId,
    refunded: Decimal,
) -> Result<(Vec<Line>, Vec<Decimal>), ErrorKind> {
    let paid = record.payment.amount.amount;
    let mut clawed = Vec::with_capacity(record.rewards.len());
    let mut out = Vec::new();
    for share in &record.rewards {
        let currency = share.first.amount.currency;
        let called_for = share
            .total
            .checked_mul(refunded)
            .and_then(|product| product.checked_div(paid))
            .ok_or_else(|| ErrorKind::Overflow)?;
        let target = round(program, called_for, currency)?.min(share.total);
        let amount = target.saturating_sub(share.clawed_back);
        clawed.push(share.clawed_back.saturating_add(amount));
        if amount <= Decimal::ZERO {
            continue;
        }
        let exact = called_for.saturating_sub(share.clawed_back);
        out.push(Line {
            kind: LineKind::Adjustment,
            source_event: event.id.clone(),
            booked_at: event.at,
            month: program.time_zone.month_of(event.at),
            amount: Money::new(-amount, currency),
            due: share.due,
            explanation: Explanation {
                base: Some(Money::new(share.total, currency)),
                exact: Some(-exact),
                note: Some(format!(
                    "clawback: {refunded} of {paid} of payment {payment} refunded within the hold"
                )),
                ..Explanation::default()
            },
            ..share.first.clone()
        });
    }
    // One order whatever the order rewards were booked in.
    out.sort_by(|a, b| (&a.partner, &a.rule).cmp(&(&b.partner, &b.rule)));
    Ok((out, clawed))
}

/// Under a clawback policy, each payment remembers the positive reward lines booked for it
/// (from index `first` on), with their final due dates, so a refund needs no other lines.
pub(crate) fn remember_rewards(program: &Plan<'_>, state: &mut State, first: usize) {
    if first >= state.lines.len() || !program.claws_back {
        return;
    }
    let State {
        lines, payments, ..
    } = state;
    for line in lines.iter().skip(first) {
        let rewards = matches!(line.kind, LineKind::Accrual | LineKind::Adjustment)
            && line.amount.amount > Decimal::ZERO;
        let Some(record) = line
            .payment
            .as_ref()
            .filter(|_| rewards)
            .and_then(|payment| payments.get_mut(payment))
        else {
            continue;
        };
        let same = |share: &&mut RewardShare| {
            share.first.partner == line.partner && share.first.rule == line.rule
        };
        match record.rewards.iter_mut().find(same) {
            Some(share) => {
                share.total = share.total.saturating_add(line.amount.amount);
                share.due = share.due.max(line.due);
            }
            None => record.rewards.push(RewardShare {
                first: line.clone(),
                total: line.amount.amount,
                due: line.due,
                clawed_back: Decimal::ZERO,
            }),
        }
    }
}

pub(crate) fn refund(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &EventId,
    amount: Money,
) -> Result<(), ErrorKind> {
    positive_amount(amount)?;
    let policy = program.find_at(event.at, |kind| match kind {
        RuleKind::Refunds(policy) => Some(*policy),
        _ => None,
    });
    if let Some((_, RefundPolicy::Forbidden)) = policy {
        return Err(ErrorKind::RefundForbidden);
    }
    let record = state.payment(payment)?;
    let paid = record.payment.amount;
    if amount.currency != paid.currency {
        return Err(ErrorKind::CurrencyMismatch {
            expected: paid.currency,
            found: amount.currency,
        });
    }
    let refunded = record
        .refunded
        .checked_add(amount.amount)
        .ok_or_else(|| ErrorKind::Overflow)?;
    // What a cancellation already returned to the partner's account is not refundable.
    let returned_share = record
        .returned
        .checked_div(record.debited.unwrap_or(Decimal::ONE))
        .ok_or_else(|| ErrorKind::Overflow)?;
    let refundable = paid
        .amount
        .saturating_sub(paid.amount.saturating_mul(returned_share));
    if refunded > refundable {
        return Err(ErrorKind::RefundExceedsPayment {
            paid,
            refunded: Money::new(refunded, paid.currency),
        });
    }
    let mut clawbacks = (Vec::new(), Vec::new());
    let mut refunded_in_hold = record.refunded_in_hold;
    if let Some((_, RefundPolicy::ClawbackWithinHold { hold_days })) = policy {
        let hold_ends = program
            .time_zone
            .add_days(record.at, hold_days)
            .ok_or_else(|| ErrorKind::Overflow)?;
        if event.at < hold_ends {
            refunded_in_hold = refunded_in_hold
                .checked_add(amount.amount)
                .ok_or_else(|| ErrorKind::Overflow)?;
            clawbacks = clawback_lines(program, event, record, payment, refunded_in_hold)?;
        }
    }
    if let Some(record) = state.payments.get_mut(payment) {
        record.refunded = refunded;
        record.refunded_in_hold = refunded_in_hold;
        for (share, clawed_back) in record.rewards.iter_mut().zip(clawbacks.1) {
            share.clawed_back = clawed_back;
        }
    }
    state.book(event.at, clawbacks.0)?;
    Ok(())
}
