//! Reward rules (`RuleKind::Reward`): the lines of one payment — rule matching, windows,
//! rates, conversion and the one rounding, each step kept in the line's explanation.

use crate::engine::booking::{booking_currency, convert, keeps_words, payout_lines, round};
use crate::engine::plan::{Plan, payment_matches};
use crate::engine::state::{ClientState, PartnerState, PaymentRecord, State};
use crate::error::ErrorKind;
use crate::ids::{EventId, PartnerId};
use crate::ledger::{LegalForm, Payer};
use crate::money::{Money, Rate};
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{
    Beneficiary, ClientCounter, CreditTiming, ProgramVersion, RateSchedule, RewardBase, RewardForm,
    RewardRule, Rule, RuleKind, Span, WindowAnchor,
};
use crate::time::Instant;
use rust_decimal::Decimal;

/// How the lines of a payment are booked: at the payment, or later as catch-up
/// adjustments when an attribution is corrected.
pub(crate) struct LineBooking {
    pub source: EventId,
    /// `Some(instant)` for a catch-up booked at the correction's instant.
    pub catch_up_at: Option<Instant>,
    /// The payment is charged at the full tariff (a welcome credit covers it): no
    /// discount applies.
    pub full_tariff: bool,
}

/// The reward lines (and scheduled payouts) one payment earns under the rules in force
/// at its instant.
pub(crate) fn payment_lines(
    program: &Plan<'_>,
    state: &State,
    payment_id: &EventId,
    record: &PaymentRecord,
    client: &ClientState,
    booking: &LineBooking,
    lines: &mut Vec<Line>,
) -> Result<(), ErrorKind> {
    let version = program
        .version_at(record.at)
        .ok_or_else(|| ErrorKind::NoVersionInForce {
            program: program.program.clone(),
            date: program.time_zone.date_of(record.at),
        })?;
    let first = lines.len();
    for rule in program.rules_at(record.at) {
        let RuleKind::Reward(reward) = &rule.kind else {
            continue;
        };
        // A catch-up books what the new referrer's payments earn: its own lines, and its
        // uplines' (the parents in force at each payment).
        let follows_referrer = matches!(
            reward.beneficiary,
            Beneficiary::Referrer | Beneficiary::Upline(_)
        );
        if booking.catch_up_at.is_some() && !follows_referrer {
            continue;
        }
        if booking.full_tariff && reward.form == RewardForm::Discount {
            continue;
        }
        let payment = &record.payment;
        let partners = &state.partners;
        let Some(partner_id) =
            client.beneficiary_at(reward.beneficiary, payment, partners, record.at)
        else {
            continue;
        };
        // The cheap filter first: most rules do not match a given payment.
        if !payment_matches(&reward.payments, &record.payment, client.integration()) {
            continue;
        }
        let partner = state
            .partners
            .get(partner_id)
            .ok_or_else(|| ErrorKind::UnknownPartner {
                partner: partner_id.clone(),
            })?;
        let input = RewardInput {
            program,
            state,
            version,
            rule,
            reward,
            partner_id,
            partner,
            payment_id,
            record,
            client,
        };
        reward_line(&input, booking, lines)?;
    }
    let payout_at = booking.catch_up_at.unwrap_or(record.at);
    let payouts = payout_lines(
        program,
        payout_at,
        lines.get_mut(first..).unwrap_or_default(),
    )?;
    lines.extend(payouts);
    Ok(())
}

struct RewardInput<'a> {
    program: &'a Plan<'a>,
    state: &'a State,
    version: &'a ProgramVersion,
    rule: &'a Rule,
    reward: &'a RewardRule,
    partner_id: &'a PartnerId,
    partner: &'a PartnerState,
    payment_id: &'a EventId,
    record: &'a PaymentRecord,
    client: &'a ClientState,
}

/// Adds the line a reward rule gives for the payment, if any, to `lines` (built in place:
/// a line is large).
fn reward_line(
    input: &RewardInput<'_>,
    booking: &LineBooking,
    lines: &mut Vec<Line>,
) -> Result<(), ErrorKind> {
    let at = input.record.at;
    let payment = &input.record.payment;
    if !in_window(input)? {
        return Ok(());
    }
    let (rate, rate_basis, count) = rate_at(input, at);
    let base = reward_base(input)?;
    let currency = booking_currency(input.program, input.partner);
    let (converted, fx) = convert(input.program, input.state, base, currency, at)?;
    let exact = rate.of(converted).ok_or_else(|| ErrorKind::Overflow)?;
    let rounded = round(input.program, exact, currency)?;
    let Some((amount, capped)) = within_client_limit(input, rounded) else {
        return Ok(());
    };
    if amount.is_zero() {
        return Ok(());
    }
    // A cut line's figure is what the cap leaves, exactly (rounded as any figure is).
    let amount = match capped {
        Some(_) => round(input.program, amount, currency)?,
        None => amount,
    };
    let exact = if capped.is_some() { amount } else { exact };
    let (kind, mut note) = line_kind(input, booking);
    if let Some(cap) = capped {
        note = Some(format!("cut to the per-client cap of {cap}"));
    }
    if kind == LineKind::Discount && keeps_words(input.state) {
        note = Some(discount_note(
            input,
            Money::new(converted, currency),
            amount,
        )?);
    }
    let note = with_upline(input, note);
    let booked_at = credited_at(input, booking)?;
    lines.push(Line {
        partner: input.partner_id.clone(),
        kind,
        clause: input.rule.clause.clone(),
        rule: input.rule.id.clone(),
        source_event: booking.source.clone(),
        payment: Some(input.payment_id.clone()),
        client: Some(payment.client.clone()),
        booked_at,
        month: input.program.time_zone.month_of(booked_at),
        amount: Money::new(amount, currency),
        due: None,
        explanation: Explanation {
            base: Some(Money::new(converted, currency)),
            rate: Some(rate),
            rate_basis: Some(rate_basis).filter(|basis| !basis.is_empty()),
            count,
            fx,
            exact: Some(exact),
            version: keeps_words(input.state).then(|| input.version.label.clone()),
            illustrative: input.version.illustrative,
            exclusive: match input.reward.beneficiary {
                Beneficiary::Reporter => input.client.reported().map(|report| report.exclusive),
                _ => None,
            },
            note,
        },
    });
    Ok(())
}

/// An upline's line says whose upline it is, before any other note (where words are
/// kept): `upline level 1 of referrer p-sub`.
fn with_upline(input: &RewardInput<'_>, note: Option<String>) -> Option<String> {
    let Beneficiary::Upline(levels) = input.reward.beneficiary else {
        return note;
    };
    if !keeps_words(input.state) {
        return note;
    }
    let referrer = input
        .client
        .referrer
        .as_ref()
        .map_or("none", |p| p.as_str());
    let upline = format!("upline level {levels} of referrer {referrer}");
    Some(match note {
        Some(note) => format!("{upline}; {note}"),
        None => upline,
    })
}

/// The figure a rule rates: the amount paid or the list price.
fn reward_base(input: &RewardInput<'_>) -> Result<Money, ErrorKind> {
    let payment = &input.record.payment;
    match input.reward.base {
        RewardBase::AmountPaid => Ok(payment.amount),
        RewardBase::ListPrice => payment.list_price.ok_or_else(|| ErrorKind::NotInProgram {
            what: format!(
                "a payment without a list price (rule {} rates the list price)",
                input.rule.id
            ),
        }),
    }
}

/// When the line is credited: at the payment, the 1st of the next month, or (caught up
/// after an attribution) at the correction.
#[inline]
fn credited_at(input: &RewardInput<'_>, booking: &LineBooking) -> Result<Instant, ErrorKind> {
    let at = input.record.at;
    match (booking.catch_up_at, input.reward.credit) {
        (Some(corrected_at), _) => Ok(corrected_at),
        (None, CreditTiming::AtPayment) => Ok(at),
        (None, CreditTiming::FirstOfNextMonth) => input
            .program
            .time_zone
            .start_of_next_month(at)
            .ok_or_else(|| ErrorKind::Overflow),
    }
}

/// A discount's note: the list price (converted, rounded) and what the partner pays.
fn discount_note(
    input: &RewardInput<'_>,
    list: Money,
    discount: Decimal,
) -> Result<String, ErrorKind> {
    let currency = list.currency;
    let list = round(input.program, list.amount, currency)?;
    let net = list
        .checked_sub(discount)
        .ok_or_else(|| ErrorKind::Overflow)?;
    Ok(format!(
        "list price {list} {currency}, the partner pays {net} {currency}"
    ))
}

/// The amount a client's cap still allows, and the cap if it cut the amount; `None` when
/// the client's payments earn nothing more under the rule.
fn within_client_limit(
    input: &RewardInput<'_>,
    amount: Decimal,
) -> Option<(Decimal, Option<Money>)> {
    let Some(limit) = input.reward.per_client else {
        return Some((amount, None));
    };
    let (count, total) = input
        .client
        .rewarded(&input.rule.id)
        .copied()
        .unwrap_or_default();
    if limit.max_payments.is_some_and(|max| count >= max) {
        return None;
    }
    let Some(max) = limit.max_total else {
        return Some((amount, None));
    };
    let left = max.amount.saturating_sub(total);
    if left <= Decimal::ZERO {
        return None;
    }
    Some(if amount > left {
        (left, Some(max))
    } else {
        (amount, None)
    })
}

/// `[anchor, anchor + length)` in program time.
fn in_window(input: &RewardInput<'_>) -> Result<bool, ErrorKind> {
    let Some(window) = input.reward.window else {
        return Ok(true);
    };
    let anchor = match window.from {
        WindowAnchor::ClientRegistered => input.client.registered_at,
        WindowAnchor::PartnerRegistered => input.partner.registered_at,
    };
    let (zone, at) = (input.program.time_zone, input.record.at);
    let before_end = match window.length {
        Span::Months(months) => zone.before_months_after(anchor, months, at),
        Span::Days(days) => zone.add_days(anchor, days).map(|end| at < end),
    }
    .ok_or_else(|| ErrorKind::Overflow)?;
    Ok(anchor <= at && before_end)
}

/// The rate, why it applies, and the count it depended on.
fn rate_at(input: &RewardInput<'_>, at: Instant) -> (Rate, String, Option<u32>) {
    let partner = input.partner;
    let words = |text: fn(&str) -> String, arg: &str| match keeps_words(input.state) {
        true => text(arg),
        false => String::new(),
    };
    match &input.reward.rate {
        RateSchedule::Flat { rate_percent } => (*rate_percent, words(str::to_owned, "flat"), None),
        RateSchedule::ByStatus {
            default_percent,
            by_status,
        } => {
            match partner
                .status_at(at)
                .and_then(|s| by_status.get(s).map(|rate| (s, *rate)))
            {
                Some((status, rate)) => (
                    rate,
                    words(|status| format!("status {status}"), status.as_str()),
                    None,
                ),
                None => (*default_percent, words(str::to_owned, "default rate"), None),
            }
        }
        RateSchedule::Tiered(tiers) => {
            let shared = input.program.shares_count(tiers.counter, at);
            let count = input
                .state
                .client_count(input.partner_id, tiers.counter, at, shared)
                .saturating_add(u32::from(paid_for_now(input, tiers.counter)));
            let tier = tiers.tier_at(count);
            // The words are only kept where lines are (not in statements-only runs).
            let basis = || {
                let linked = match shared {
                    true => input.state.group_size(input.partner_id, at),
                    false => 1,
                };
                let counted = match linked {
                    1 => format!("count {count}"),
                    _ => format!("count {count} over {linked} linked accounts"),
                };
                match tier {
                    Some(tier) => format!("tier from {} clients ({counted})", tier.from_count),
                    None => format!("below the first tier ({counted})"),
                }
            };
            let basis = keeps_words(input.state).then(basis).unwrap_or_default();
            match tier {
                Some(tier) => (tier.rate_percent, basis, Some(count)),
                None => (Rate::whole_percent(0), basis, Some(count)),
            }
        }
    }
}

/// The payment being rated makes its client a new paid-for client of the paying partner:
/// the paid-for count includes it already.
fn paid_for_now(input: &RewardInput<'_>, counter: ClientCounter) -> bool {
    counter == ClientCounter::PaidFor
        && input.record.payment.paid_by == Payer::Partner(input.partner_id.clone())
        && !input.client.paid_for_by.contains(input.partner_id)
}

/// Accrual, catch-up adjustment, discount, or not payable (with the reason).
fn line_kind(input: &RewardInput<'_>, booking: &LineBooking) -> (LineKind, Option<String>) {
    if input.reward.form == RewardForm::Discount {
        return (LineKind::Discount, None);
    }
    let booked_at = booking.catch_up_at.unwrap_or(input.record.at);
    let payable_kind = if booking.catch_up_at.is_some() {
        LineKind::Adjustment
    } else {
        LineKind::Accrual
    };
    let Some(rule) = &input.reward.payable_if else {
        let note = booking.catch_up_at.map(|_| {
            format!(
                "catch-up for payment {} after attribution",
                input.payment_id
            )
        });
        return (payable_kind, note);
    };
    let form = input.partner.legal_form_at(booked_at);
    if !form.is_some_and(|form| rule.legal_forms.contains(&form)) {
        let form = form.map_or("null", LegalForm::name);
        return (
            LineKind::NotPayable,
            Some(format!("not payable: legal form {form}")),
        );
    }
    if rule.contract_required && !input.partner.contract_at(booked_at) {
        return (
            LineKind::NotPayable,
            Some("not payable: no signed contract at booking".to_owned()),
        );
    }
    let note = rule
        .invoice_wording
        .as_ref()
        .map(|wording| format!("payable against the partner's invoice worded \"{wording}\""));
    (payable_kind, note)
}
