//! Why a reward rule booked a line for a payment, or not. Asked for one payment only
//! ([`crate::explain_payment`]); the booking path records nothing.
//!
//! Whether the rule booked is read from the lines the payment booked, so a verdict never
//! contradicts them; why it did not is found by a dry run on the state just before the
//! payment, through the kind's own steps in its order (`books`, `payment_matches`,
//! `in_window`, `conditions_hold` and `holds`, `within_client_limit`, `rate_at`). Those
//! steps are `#[inline(always)]`: with this second caller the compiler stopped inlining
//! them into the payment path (+2.5 % instructions per event on the throughput example).
//! `beneficiary_at`, `rated_figure` and `capped` are not called from here for the same
//! reason: the beneficiary is found as `beneficiary_at` finds it (its few lines), and the
//! uncut amount is read from the booked line's rate and base.

use super::conditions::{amount_in, attribute, code_owner, holds};
use super::measure::{anchor_instant, payment_number};
use super::{LineBooking, RewardInput, conditions, in_window, rate_at, within_client_limit};
use crate::engine::booking::{booking_currency, convert, round};
use crate::engine::checks::known_partner;
use crate::engine::plan::{PaymentFacts, Plan, listed, payment_matches};
use crate::engine::state::{ClientState, PartnerState, PaymentRecord, State};
use crate::error::ErrorKind;
use crate::ids::{EventId, PartnerId};
use crate::ledger::Payment;
use crate::money::{Currency, Money};
use crate::outcome::{Line, LineKind, MatchCriterion, RuleVerdict};
use crate::rules::{
    Beneficiary, Condition, PayerMatch, PaymentMatch, RateSchedule, RewardRule, Rule, Span,
};
use crate::sorted::IdMap;
use crate::time::Instant;
use rust_decimal::Decimal;
use serde::Serialize;

/// A payment about to be applied, as its reward rules see it (what `payment_lines` gets).
pub(crate) struct PaymentView<'a> {
    pub program: &'a Plan<'a>,
    pub state: &'a State,
    pub payment_id: &'a EventId,
    pub record: &'a PaymentRecord,
    pub client: &'a ClientState,
    pub booking: &'a LineBooking,
}

/// The verdict of one reward rule on the payment: `booked` is the line it booked for the
/// payment, if any (its first); else the first step that stops the rule names the reason.
pub(crate) fn reward_verdict(
    view: &PaymentView<'_>,
    rule: &Rule,
    reward: &RewardRule,
    booked: Option<&Line>,
) -> Result<RuleVerdict, ErrorKind> {
    if !view.booking.books(reward) {
        return Ok(RuleVerdict::FullTariff);
    }
    let (state, record) = (view.state, view.record);
    let payment = &record.payment;
    let beneficiary = beneficiary_of(
        view.client,
        reward.beneficiary,
        payment,
        &state.partners,
        record.at,
    );
    let Some(partner_id) = beneficiary else {
        return Ok(RuleVerdict::NoBeneficiary {
            beneficiary: reward.beneficiary,
        });
    };
    let integration = view.client.integration();
    if !payment_matches(&reward.payments, payment, integration) {
        return Ok(not_matched(&reward.payments, payment, integration));
    }
    let partner = known_partner(state, partner_id)?;
    let program = view.program;
    let version = program.version_in_force(record.at)?;
    let input = RewardInput {
        program,
        state,
        version,
        rule,
        reward,
        partner_id,
        partner,
        payment_id: view.payment_id,
        record,
        client: view.client,
    };
    match booked {
        Some(line) => booked_verdict(&input, view.booking, line),
        None => left_out(&input),
    }
}

/// The partner a reward's beneficiary names for the payment, as
/// `ClientState::beneficiary_at` finds it: a role's partner, or the referrer's parents
/// walked up `levels` levels as they stood at the payment.
fn beneficiary_of<'a>(
    client: &'a ClientState,
    who: Beneficiary,
    payment: &'a Payment,
    partners: &'a IdMap<PartnerId, PartnerState>,
    at: Instant,
) -> Option<&'a PartnerId> {
    let Beneficiary::Upline(levels) = who else {
        return client.beneficiary(who, payment);
    };
    let referrer = client.referrer.as_ref()?;
    (0..levels).try_fold(referrer, |below, _| partners.get(below)?.parent_at(at))
}

/// Why a rule that matched the payment for a partner booked nothing: outside its window,
/// a condition not met, the client's cap reached, or an amount of nothing (in the order
/// `reward_line` stops).
fn left_out(input: &RewardInput<'_>) -> Result<RuleVerdict, ErrorKind> {
    if !in_window(input)? {
        return outside_window(input);
    }
    if conditions::conditions_hold(input, false)?.is_none() {
        return failed_condition(input);
    }
    let currency = booking_currency(input.program, input.partner);
    // Whether the cap is reached does not depend on the amount.
    if within_client_limit(input, Decimal::ZERO).is_none() {
        return Ok(cap_reached(input, currency));
    }
    let rated = rate_at(input)?;
    Ok(RuleVerdict::ZeroAmount {
        rate: rated.rate,
        rate_basis: rated.basis,
    })
}

/// The verdict of a rule that booked `line`: a memo line not payable, a line cut to the
/// client's cap, or booked.
fn booked_verdict(
    input: &RewardInput<'_>,
    booking: &LineBooking,
    line: &Line,
) -> Result<RuleVerdict, ErrorKind> {
    if line.kind == LineKind::NotPayable {
        return Ok(not_payable(input, booking));
    }
    let currency = line.amount.currency;
    let uncut = uncut_amount(input, line, currency)?;
    Ok(match within_client_limit(input, uncut) {
        Some((_, Some(cap))) => RuleVerdict::CutToCap {
            cap,
            uncut: Money::new(uncut, currency),
        },
        _ => RuleVerdict::Booked,
    })
}

/// What the line would have been without a cap, rounded: its rate of its base (as
/// `reward_line` keeps them), or the rule's fixed amount converted at the payment.
fn uncut_amount(
    input: &RewardInput<'_>,
    line: &Line,
    currency: Currency,
) -> Result<Decimal, ErrorKind> {
    let exact = match (
        &input.reward.rate,
        line.explanation.rate,
        line.explanation.base,
    ) {
        (_, Some(rate), Some(base)) => rate.of(base.amount).ok_or_else(|| ErrorKind::Overflow)?,
        (RateSchedule::Fixed { amount }, _, _) => {
            convert(
                input.program,
                input.state,
                *amount,
                currency,
                input.record.at,
            )?
            .0
        }
        _ => line.amount.amount,
    };
    round(input.program, exact, currency)
}

/// A value as its serde name (`client`, `subscription`, …).
fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The first criterion of a payment filter the payment fails, in the order
/// `payment_matches` tests them (it decided that one fails).
fn not_matched(
    matcher: &PaymentMatch,
    payment: &Payment,
    integration: Option<&String>,
) -> RuleVerdict {
    let PaymentFacts {
        payer,
        kind,
        product_line,
    } = PaymentFacts::of(payment);
    let failed = |criterion, wanted: Vec<String>, found: Option<String>| RuleVerdict::NotMatched {
        criterion,
        wanted,
        found,
    };
    if matcher.paid_by != PayerMatch::Anyone && matcher.paid_by != payer {
        return failed(
            MatchCriterion::PaidBy,
            vec![name(&matcher.paid_by)],
            Some(name(&payer)),
        );
    }
    if !matcher.kinds.is_empty() && !matcher.kinds.contains(&kind) {
        let wanted = matcher.kinds.iter().map(name).collect();
        return failed(MatchCriterion::Kind, wanted, Some(name(&kind)));
    }
    if !listed(&matcher.product_lines, product_line) {
        let found = product_line.cloned();
        return failed(
            MatchCriterion::ProductLine,
            matcher.product_lines.clone(),
            found,
        );
    }
    let found = integration.cloned();
    failed(
        MatchCriterion::Integration,
        matcher.integrations.clone(),
        found,
    )
}

/// The window the payment is outside of, from its anchor to its end.
fn outside_window(input: &RewardInput<'_>) -> Result<RuleVerdict, ErrorKind> {
    let Some(window) = input.reward.window else {
        // `in_window` holds for a rule without a window: never reached.
        return Ok(RuleVerdict::Booked);
    };
    let zone = input.program.time_zone;
    let opens = anchor_instant(input, window.from);
    let closes = match window.length {
        Span::Months(months) => zone.add_months(opens, months),
        Span::Days(days) => zone.add_days(opens, days),
    }
    .ok_or_else(|| ErrorKind::Overflow)?;
    Ok(RuleVerdict::OutsideWindow {
        window,
        opens,
        closes,
    })
}

/// The first of the rule's conditions that does not hold, with what it tested.
fn failed_condition(input: &RewardInput<'_>) -> Result<RuleVerdict, ErrorKind> {
    for (index, condition) in input.reward.conditions.iter().enumerate() {
        if !holds(input, condition)? {
            return Ok(RuleVerdict::ConditionNotMet {
                index,
                condition: condition.clone(),
                found: tested(input, condition)?,
            });
        }
    }
    // `conditions_hold` found one that fails: never reached.
    Ok(RuleVerdict::Booked)
}

/// What a condition tested, in words: the attribute's value, the amount in the
/// condition's currency, the payment's number, the promo code's owner.
fn tested(input: &RewardInput<'_>, condition: &Condition) -> Result<Option<String>, ErrorKind> {
    Ok(match condition {
        Condition::AttributeIn(test) | Condition::AttributeNotIn(test) => {
            attribute(input, test).map(str::to_owned)
        }
        Condition::AmountAtLeast(figure) | Condition::AmountBelow(figure) => {
            let amount = amount_in(input, *figure)?;
            Some(Money::new(amount, figure.currency).to_string())
        }
        Condition::PaymentNumberAtMost(_) => {
            Some(format!("payment {}", payment_number(input.client)))
        }
        Condition::PromoCodeOfBeneficiary => code_owner(input).map(|owner| owner.to_string()),
    })
}

/// The client's cap and what its payments earned under the rule so far.
fn cap_reached(input: &RewardInput<'_>, currency: Currency) -> RuleVerdict {
    let limit = input.reward.per_client;
    let (count, total) = input
        .client
        .rewarded(&input.rule.id)
        .copied()
        .unwrap_or_default();
    RuleVerdict::CapReached {
        max_payments: limit.and_then(|limit| limit.max_payments),
        max_total: limit.and_then(|limit| limit.max_total),
        payments_rewarded: count,
        total_rewarded: Money::new(total, currency),
    }
}

/// Why the line is a memo: the legal form or the contract at booking, as `line_kind`
/// decided.
fn not_payable(input: &RewardInput<'_>, booking: &LineBooking) -> RuleVerdict {
    let booked_at = booking.catch_up_at.unwrap_or(input.record.at);
    let rule = input.reward.payable_if.as_ref();
    RuleVerdict::NotPayable {
        legal_form: input.partner.legal_form_at(booked_at),
        payable_forms: rule
            .map(|rule| rule.legal_forms.clone())
            .unwrap_or_default(),
        contract_required: rule.is_some_and(|rule| rule.contract_required),
        contract_signed: input.partner.contract_at(booked_at),
    }
}
