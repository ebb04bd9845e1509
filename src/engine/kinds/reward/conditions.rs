//! A reward rule's conditions ([`Condition`]) tested on one payment for one beneficiary.

use super::{RewardInput, measure};
use crate::engine::booking::at_published_rate;
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::Attributes;
use crate::money::Money;
use crate::rules::{AttributeTest, Condition, Subject};
use rust_decimal::Decimal;

/// Whether every condition of the rule holds for the payment; with the words that say
/// which held (empty where words are not kept, or there are no conditions).
// Always: `explain` calls it too, which would keep it off the payment path.
#[inline(always)]
pub(super) fn conditions_hold(
    input: &RewardInput<'_>,
    words: bool,
) -> Result<Option<String>, ErrorKind> {
    // Most rules have none: nothing to test, no words to keep.
    if input.reward.conditions.is_empty() {
        return Ok(Some(String::new()));
    }
    all_hold(input, words)
}

fn all_hold(input: &RewardInput<'_>, words: bool) -> Result<Option<String>, ErrorKind> {
    let mut held = Vec::new();
    for condition in &input.reward.conditions {
        if !holds(input, condition)? {
            return Ok(None);
        }
        if words {
            held.push(describe(condition));
        }
    }
    Ok(Some(held.join("; ")))
}

// Always: `explain` calls it too, which would keep it off the payment path.
#[inline(always)]
pub(super) fn holds(input: &RewardInput<'_>, condition: &Condition) -> Result<bool, ErrorKind> {
    match condition {
        Condition::AttributeIn(test) => Ok(test.holds(attribute(input, test))),
        Condition::AttributeNotIn(test) => Ok(!test.holds(attribute(input, test))),
        Condition::AmountAtLeast(figure) => Ok(amount_in(input, *figure)? >= figure.amount),
        Condition::AmountBelow(figure) => Ok(amount_in(input, *figure)? < figure.amount),
        Condition::PaymentNumberAtMost(most) => Ok(measure::payment_number(input.client) <= *most),
        Condition::PromoCodeOfBeneficiary => Ok(code_owner(input) == Some(input.partner_id)),
    }
}

pub(super) fn attribute<'a>(input: &'a RewardInput<'_>, test: &AttributeTest) -> Option<&'a str> {
    let attributes: Option<&Attributes> = match test.of {
        Subject::Payment => Some(&input.record.attributes),
        Subject::Client => input.client.attributes(),
        Subject::Partner => Some(&input.partner.attributes),
    };
    attributes.and_then(|attributes| attributes.get(&test.key))
}

/// The amount paid in the figure's currency, at the published rate in force (no markup).
pub(super) fn amount_in(input: &RewardInput<'_>, figure: Money) -> Result<Decimal, ErrorKind> {
    at_published_rate(
        input.state,
        input.record.payment.amount,
        figure.currency,
        input.record.at,
    )
}

/// The partner the client's promo code was assigned to when the client registered.
// Always: `explain` calls it too, which would keep it off the payment path.
#[inline(always)]
pub(super) fn code_owner<'s>(input: &'s RewardInput<'_>) -> Option<&'s PartnerId> {
    let code = input.client.extras.as_ref()?.promo_code.as_ref()?;
    input
        .state
        .promo_code_owner(code, input.client.registered_at)
}

fn describe(condition: &Condition) -> String {
    let listed = |test: &AttributeTest| test.values.join(", ");
    let of = |test: &AttributeTest| match test.of {
        Subject::Payment => "payment",
        Subject::Client => "client",
        Subject::Partner => "partner",
    };
    match condition {
        Condition::AttributeIn(test) => {
            format!("{} {} in [{}]", of(test), test.key, listed(test))
        }
        Condition::AttributeNotIn(test) => {
            format!("{} {} not in [{}]", of(test), test.key, listed(test))
        }
        Condition::AmountAtLeast(figure) => format!("amount at least {figure}"),
        Condition::AmountBelow(figure) => format!("amount below {figure}"),
        Condition::PaymentNumberAtMost(1) => "the client's first payment".to_owned(),
        Condition::PaymentNumberAtMost(most) => format!("among the client's first {most} payments"),
        Condition::PromoCodeOfBeneficiary => "the partner's own promo code".to_owned(),
    }
}
