//! Reward rules (`RuleKind::Reward`): the lines of one payment — rule matching, windows,
//! rates, conversion and the one rounding, each step kept in the line's explanation.

mod conditions;
mod explain;
mod measure;

pub(crate) use explain::{PaymentView, reward_verdict};

use crate::engine::booking::{
    at_published_rate, booking_currency, convert, keeps_words, payout_lines, round,
};
use crate::engine::checks::known_partner;
use crate::engine::plan::{Plan, payment_matches};
use crate::engine::state::{ClientState, PartnerState, PaymentRecord, State};
use crate::error::ErrorKind;
use crate::ids::{EventId, LineId, PartnerId, RuleId};
use crate::ledger::LegalForm;
use crate::money::{Money, Rate};
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{
    Beneficiary, CreditTiming, ProgramVersion, RateSchedule, RewardBase, RewardForm, RewardRule,
    Rule, RuleKind, Span, TierMeasure, TierSchedule,
};
use crate::time::{Instant, Month};
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

/// A payment a revenue-tiered rule matched for a partner: the revenue it adds, in the
/// program currency, to the rule's period.
pub(crate) struct RevenueMatch {
    pub partner: PartnerId,
    pub rule: RuleId,
    pub period: (i32, u32),
    pub amount: Decimal,
}

impl LineBooking {
    /// Whether a reward rule books a line in this booking: a catch-up books what the new
    /// referrer's payments earn (its own lines, and its uplines' by the parents in force
    /// at each payment); a payment at the full tariff gets no discount.
    // Always: `explain` calls it too, which would keep it off the payment path.
    #[inline(always)]
    fn books(&self, reward: &RewardRule) -> bool {
        // A payment's own booking at the full price books every rule (the common case).
        if self.catch_up_at.is_none() && !self.full_tariff {
            return true;
        }
        let follows_referrer = matches!(
            reward.beneficiary,
            Beneficiary::Referrer | Beneficiary::Upline(_)
        );
        let discount = reward.form == RewardForm::Discount;
        (self.catch_up_at.is_none() || follows_referrer) && !(self.full_tariff && discount)
    }
}

/// The reward lines (and scheduled payouts) one payment earns under the rules in force
/// at its instant; and the revenue it adds to revenue-tiered rules, if any.
pub(crate) fn payment_lines(
    program: &Plan<'_>,
    state: &State,
    payment_id: &EventId,
    record: &PaymentRecord,
    client: &ClientState,
    booking: &LineBooking,
    lines: &mut Vec<Line>,
) -> Result<Option<Vec<RevenueMatch>>, ErrorKind> {
    // Only where a rule is tiered by revenue (rare): none to drop on the common path.
    let mut revenue: Option<Vec<RevenueMatch>> = None;
    let version = program.version_in_force(record.at)?;
    let first = lines.len();
    for rule in program.rules_at(record.at) {
        let RuleKind::Reward(reward) = &rule.kind else {
            continue;
        };
        if !booking.books(reward) {
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
        let partner = known_partner(state, partner_id)?;
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
        if reward_line(&input, booking, lines)? && program.reads.revenue {
            if let Some(matched) = revenue_match(&input)? {
                revenue.get_or_insert_with(Vec::new).push(matched);
            }
        }
    }
    let payout_at = booking.catch_up_at.unwrap_or(record.at);
    let payouts = payout_lines(
        program,
        payout_at,
        lines.get_mut(first..).unwrap_or_default(),
    )?;
    lines.extend(payouts);
    Ok(revenue)
}

/// The revenue a matched payment adds under a revenue-tiered rule.
fn revenue_match(input: &RewardInput<'_>) -> Result<Option<RevenueMatch>, ErrorKind> {
    let RateSchedule::Tiered(TierSchedule {
        measure: TierMeasure::Revenue(period),
        ..
    }) = &input.reward.rate
    else {
        return Ok(None);
    };
    let (zone, at) = (input.program.time_zone, input.record.at);
    let currency = input.program.currency.program_currency;
    Ok(Some(RevenueMatch {
        partner: input.partner_id.clone(),
        rule: input.rule.id.clone(),
        period: period.of_month(zone.month_of(at)),
        amount: at_published_rate(input.state, input.record.payment.amount, currency, at)?,
    }))
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
/// a line is large); whether the rule matched the payment (in its window, its conditions
/// held), even if it earned nothing.
fn reward_line(
    input: &RewardInput<'_>,
    booking: &LineBooking,
    lines: &mut Vec<Line>,
) -> Result<bool, ErrorKind> {
    if !in_window(input)? {
        return Ok(false);
    }
    let Some(held) = conditions::conditions_hold(input, keeps_words(input.state))? else {
        return Ok(false);
    };
    let rated = rate_at(input)?;
    let currency = booking_currency(input.program, input.partner);
    let figure = match &input.reward.rate {
        RateSchedule::Fixed { amount } => *amount,
        _ => reward_base(input)?,
    };
    let (converted, fx) = convert(
        input.program,
        input.state,
        figure,
        currency,
        input.record.at,
    )?;
    let exact = match rated.rate {
        Some(rate) => rate.of(converted).ok_or_else(|| ErrorKind::Overflow)?,
        None => converted,
    };
    let Some((amount, exact, capped)) = capped(input, exact, currency)? else {
        return Ok(true);
    };
    let amount = Money::new(amount, currency);
    let (kind, note) = kind_and_note(input, booking, capped, converted, amount)?;
    let explanation = Explanation {
        base: rated.rate.map(|_| Money::new(converted, currency)),
        rate: rated.rate,
        rate_basis: match held.is_empty() {
            true => Some(rated.basis).filter(|basis| !basis.is_empty()),
            false => Some(format!("{}; {held}", rated.basis)),
        },
        count: rated.count,
        fx,
        exact: Some(exact),
        version: keeps_words(input.state).then(|| input.version.label.clone()),
        illustrative: input.version.illustrative,
        exclusive: (input.reward.beneficiary == Beneficiary::Reporter)
            .then(|| input.client.reported().map(|report| report.exclusive))
            .flatten(),
        note,
        pays: Default::default(),
    };
    push_line(input, booking, (kind, amount), explanation, lines)?;
    Ok(true)
}

/// Pushes the reward line, booked when the rule credits it.
#[inline(always)]
fn push_line(
    input: &RewardInput<'_>,
    booking: &LineBooking,
    (kind, amount): (LineKind, Money),
    explanation: Explanation,
    lines: &mut Vec<Line>,
) -> Result<(), ErrorKind> {
    let (booked_at, month) = credited_at(input, booking)?;
    lines.push(Line {
        id: LineId::unnumbered(),
        partner: input.partner_id.clone(),
        kind,
        clause: input.rule.clause.clone(),
        rule: input.rule.id.clone(),
        source_event: booking.source.clone(),
        payment: Some(input.payment_id.clone()),
        client: Some(input.record.payment.client.clone()),
        booked_at,
        month,
        amount,
        due: None,
        explanation,
    });
    Ok(())
}

/// The line's kind and note: why it is not payable, the cap that cut it, the discount's
/// list price, whose upline it is, or the catch-up it is (`None` on the common path).
#[inline(always)]
fn kind_and_note(
    input: &RewardInput<'_>,
    booking: &LineBooking,
    capped: Option<Money>,
    converted: Decimal,
    amount: Money,
) -> Result<(LineKind, Option<String>), ErrorKind> {
    let (kind, mut note) = line_kind(input, booking);
    if let Some(cap) = capped {
        note = Some(format!("cut to the per-client cap of {cap}"));
    }
    if kind == LineKind::Discount && keeps_words(input.state) {
        let list = Money::new(converted, amount.currency);
        note = Some(discount_note(input, list, amount.amount)?);
    }
    let note = match input.reward.beneficiary {
        Beneficiary::Upline(_) => with_upline(input, note),
        _ => note,
    };
    Ok((kind, note))
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

/// The line's amount (rounded once) and exact figure within the client's cap, and the cap
/// if it cut them; `None` when the client's payments earn nothing more (or the amount is
/// zero). A cut line's figure is what the cap leaves, exactly (rounded as any figure is).
#[inline]
fn capped(
    input: &RewardInput<'_>,
    exact: Decimal,
    currency: crate::money::Currency,
) -> Result<Option<(Decimal, Decimal, Option<Money>)>, ErrorKind> {
    let rounded = round(input.program, exact, currency)?;
    let Some((amount, cap)) = within_client_limit(input, rounded) else {
        return Ok(None);
    };
    if amount.is_zero() {
        return Ok(None);
    }
    Ok(Some(match cap {
        Some(_) => {
            let amount = round(input.program, amount, currency)?;
            (amount, amount, cap)
        }
        None => (amount, exact, None),
    }))
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
/// after an attribution) at the correction; and the program-time month of that instant
/// (the next month's start is found from the payment's month: one reckoning, not two).
#[inline]
fn credited_at(
    input: &RewardInput<'_>,
    booking: &LineBooking,
) -> Result<(Instant, Month), ErrorKind> {
    let zone = input.program.time_zone;
    let at = match (booking.catch_up_at, input.reward.credit) {
        (Some(corrected_at), _) => corrected_at,
        (None, CreditTiming::AtPayment) => input.record.at,
        (None, CreditTiming::FirstOfNextMonth) => {
            let (next, start) = zone
                .next_month_of(input.record.at)
                .ok_or_else(|| ErrorKind::Overflow)?;
            return Ok((start, next));
        }
    };
    Ok((at, zone.month_of(at)))
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
// Always: `explain` calls it too, which would keep it off the payment path.
#[inline(always)]
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
// Always: `explain` calls it too, which would keep it off the payment path.
#[inline(always)]
fn in_window(input: &RewardInput<'_>) -> Result<bool, ErrorKind> {
    let Some(window) = input.reward.window else {
        return Ok(true);
    };
    let anchor = measure::anchor_instant(input, window.from);
    let (zone, at) = (input.program.time_zone, input.record.at);
    let before_end = match window.length {
        Span::Months(months) => zone.before_months_after(anchor, months, at),
        Span::Days(days) => zone.add_days(anchor, days).map(|end| at < end),
    }
    .ok_or_else(|| ErrorKind::Overflow)?;
    Ok(anchor <= at && before_end)
}

/// The rate a line is rated at (`None`: a fixed amount), why, and the count it depended on.
struct Rated {
    rate: Option<Rate>,
    basis: String,
    count: Option<u32>,
}

/// The rate, why it applies, and the count it depended on.
// Always: `explain` calls it too, which would keep it off the payment path.
#[inline(always)]
fn rate_at(input: &RewardInput<'_>) -> Result<Rated, ErrorKind> {
    let words = keeps_words(input.state);
    let rated = |rate, basis: &dyn Fn() -> String| Rated {
        rate,
        basis: words.then(basis).unwrap_or_default(),
        count: None,
    };
    match &input.reward.rate {
        RateSchedule::Flat { rate_percent } => Ok(rated(Some(*rate_percent), &|| "flat".into())),
        RateSchedule::Fixed { amount } => Ok(rated(None, &|| format!("fixed {amount}"))),
        RateSchedule::ByStatus {
            default_percent,
            by_status,
        } => {
            let status = input.partner.status_at(input.record.at);
            Ok(
                match status.and_then(|s| by_status.get(s).map(|rate| (s, *rate))) {
                    Some((status, rate)) => rated(Some(rate), &|| format!("status {status}")),
                    None => rated(Some(*default_percent), &|| "default rate".into()),
                },
            )
        }
        RateSchedule::Tiered(tiers) => {
            let measured = measure::measure(input, tiers.measure)?;
            let tier = tiers.tier_at(measured.value);
            // The words are only kept where lines are (not in statements-only runs).
            let basis = match (words, tier) {
                (false, _) => String::new(),
                (true, Some(tier)) => {
                    format!(
                        "tier from {}{} ({})",
                        tier.from, measured.unit, measured.words
                    )
                }
                (true, None) => format!("below the first tier ({})", measured.words),
            };
            Ok(Rated {
                rate: Some(tier.map_or(Rate::whole_percent(0), |tier| tier.rate_percent)),
                basis,
                count: measured.count,
            })
        }
    }
}

/// Accrual, catch-up adjustment, discount, or not payable (with the reason).
#[inline(always)]
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
