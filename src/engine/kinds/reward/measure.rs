//! What selects a tier ([`TierMeasure`]) measured at one payment for one beneficiary.

use super::RewardInput;
use crate::engine::booking::{at_published_rate, keeps_words, round};
use crate::engine::state::ClientState;
use crate::error::ErrorKind;
use crate::ledger::Payer;
use crate::money::Money;
use crate::rules::{ClientCounter, RevenuePeriod, TierMeasure, WindowAnchor};
use crate::time::Instant;
use rust_decimal::Decimal;

/// A measured value, the whole number it is where it is one (kept in the line's
/// explanation as its count), and what it is in words.
pub(super) struct Measured {
    pub value: Decimal,
    pub count: Option<u32>,
    pub words: String,
    /// What a tier's `from` counts, in words (` clients`), or nothing.
    pub unit: &'static str,
}

impl Measured {
    fn whole(count: u32, words: impl FnOnce() -> String, keep: bool) -> Self {
        Self {
            value: Decimal::from(count),
            count: Some(count),
            words: keep.then(words).unwrap_or_default(),
            unit: "",
        }
    }
}

#[inline]
pub(super) fn measure(
    input: &RewardInput<'_>,
    measure: TierMeasure,
) -> Result<Measured, ErrorKind> {
    let keep = keeps_words(input.state);
    match measure {
        TierMeasure::ClientCount(counter) => Ok(client_count(input, counter, keep)),
        TierMeasure::PaymentNumber => {
            let number = payment_number(input.client);
            Ok(Measured::whole(
                number,
                || format!("payment {number} of the client"),
                keep,
            ))
        }
        TierMeasure::MonthsSince(anchor) => {
            let from = anchor_instant(input, anchor);
            let months = input
                .program
                .time_zone
                .whole_months_between(from, input.record.at)
                .ok_or_else(|| ErrorKind::Overflow)?;
            Ok(Measured::whole(
                months,
                || format!("{months} whole months"),
                keep,
            ))
        }
        TierMeasure::Revenue(period) => revenue(input, period, keep),
    }
}

/// The payment's number among its client's payments: those before it, plus one.
pub(super) fn payment_number(client: &ClientState) -> u32 {
    let before = client
        .extras
        .as_ref()
        .map_or(0, |extras| extras.payments_made);
    before.saturating_add(1)
}

/// Where a window or a months-since measure starts. A client that has not paid yet is
/// paying now: its first payment is this one.
pub(super) fn anchor_instant(input: &RewardInput<'_>, anchor: WindowAnchor) -> Instant {
    match anchor {
        WindowAnchor::ClientRegistered => input.client.registered_at,
        WindowAnchor::PartnerRegistered => input.partner.registered_at,
        WindowAnchor::ClientFirstPayment => input
            .client
            .extras
            .as_ref()
            .and_then(|extras| extras.first_paid_at)
            .unwrap_or(input.record.at),
    }
}

fn client_count(input: &RewardInput<'_>, counter: ClientCounter, keep: bool) -> Measured {
    let at = input.record.at;
    let shared = input.program.shares_count(counter, at);
    let count = input
        .state
        .client_count(input.partner_id, counter, at, shared)
        .saturating_add(u32::from(counted_now(input, counter)));
    let words = || {
        let linked = match shared {
            true => input.state.group_size(input.partner_id, at),
            false => 1,
        };
        match linked {
            1 => format!("count {count}"),
            _ => format!("count {count} over {linked} linked accounts"),
        }
    };
    Measured {
        unit: " clients",
        ..Measured::whole(count, words, keep)
    }
}

/// The payment being rated completes the count with its own client: the paying partner's
/// first payment for it (`paid_for`), or the referred client's first payment (`paying`).
fn counted_now(input: &RewardInput<'_>, counter: ClientCounter) -> bool {
    let client = input.client;
    match counter {
        ClientCounter::PaidFor => {
            input.record.payment.paid_by == Payer::Partner(input.partner_id.clone())
                && !client.paid_for_by.contains(input.partner_id)
        }
        ClientCounter::Paying => {
            !client.has_paid
                && client.referrer.as_ref() == Some(input.partner_id)
                && client
                    .referred_via
                    .is_some_and(|channel| ClientCounter::Paying.counts(channel))
        }
        _ => false,
    }
}

/// The beneficiary's revenue under the rule in the payment's period, this payment
/// included, in the program currency.
fn revenue(
    input: &RewardInput<'_>,
    period: RevenuePeriod,
    keep: bool,
) -> Result<Measured, ErrorKind> {
    let zone = input.program.time_zone;
    let at = input.record.at;
    let key = period.of_month(zone.month_of(at));
    let earlier = input
        .state
        .revenue_in(input.partner_id, &input.rule.id, key);
    let currency = input.program.currency.program_currency;
    let this = at_published_rate(input.state, input.record.payment.amount, currency, at)?;
    let value = earlier
        .checked_add(this)
        .ok_or_else(|| ErrorKind::Overflow)?;
    let words = || {
        let month = zone.month_of(at);
        // Shown rounded as a booked figure would be; the tier compares the exact sum.
        let shown = round(input.program, value, currency).unwrap_or(value);
        let shown = Money::new(shown, currency);
        format!("revenue {shown} in the {} of {month}", period_name(period))
    };
    Ok(Measured {
        value,
        count: None,
        words: keep.then(words).unwrap_or_default(),
        unit: "",
    })
}

fn period_name(period: RevenuePeriod) -> &'static str {
    match period {
        RevenuePeriod::Month => "month",
        RevenuePeriod::Quarter => "quarter",
        RevenuePeriod::Year => "year",
    }
}
