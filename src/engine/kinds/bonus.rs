//! Bonuses (`RuleKind::Bonus`), by trigger: a client registering with a partner's promo
//! code (MH-2), a client count reached, a client's first payment (a bounty), a vendor
//! award (SS-4's SPIF) and a manual adjustment (LS-6).
//!
//! A fixed amount is converted into the partner's booking currency at the rate in force
//! (with the program's markup) and rounded once; an event's amount must already be in it.
//! A payable bonus is paid out like any reward (automatic payout lines where the program
//! pays automatically); a vendor-cost bonus is a memo line.

use crate::engine::booking::{
    account_line, booking_currency, convert, in_account_currency, payout_lines, round,
};
use crate::engine::checks::partner_at;
use crate::engine::plan::Plan;
use crate::engine::state::{ClientState, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId, RuleId};
use crate::ledger::Event;
use crate::money::Money;
use crate::outcome::{Line, LineKind};
use crate::rules::{BonusForm, BonusRule, BonusTrigger, ClientCounter, Rule, RuleKind};
use crate::time::Instant;

/// The lines of the bonuses a client registering with a partner's promo code earns
/// (MH-2), for that partner, in its booking currency: built before the registration
/// changes anything, so a missing FX rate rejects it whole.
pub(crate) fn registration_lines(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    client: &ClientId,
    (referrer, promo_code): (Option<&PartnerId>, Option<&String>),
) -> Result<Vec<Line>, ErrorKind> {
    let (Some(partner), Some(code), true) = (referrer, promo_code, program.code_bonuses) else {
        return Ok(Vec::new());
    };
    let mut lines = Vec::new();
    let registered = |trigger| trigger == BonusTrigger::ClientRegisteredWithCode;
    for (rule, bonus, amount) in fixed_bonuses(program, event.at, registered) {
        let note = match bonus.form {
            BonusForm::VendorCost => {
                format!("the vendor's bonus to client {client} for promo code {code}")
            }
            BonusForm::Payable => {
                format!("bonus for client {client}, registered with promo code {code}")
            }
        };
        let booked = (rule, line_kind(bonus));
        let mut line = fixed_line(program, state, event, booked, (partner, amount), note)?;
        line.client = Some(client.clone());
        lines.push(line);
    }
    with_payouts(program, event.at, lines)
}

/// The bounty for a client's referrer at the client's first payment ever (whoever pays),
/// added to the payment's lines: built before the payment changes anything. A client
/// without a referrer then earns nobody a bounty.
pub(crate) fn first_payment_lines(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    (client_id, client): (&ClientId, &ClientState),
    lines: &mut Vec<Line>,
) -> Result<(), ErrorKind> {
    let first = program.first_payment_bonuses && !client.has_paid;
    let Some(referrer) = client.referrer.as_ref().filter(|_| first) else {
        return Ok(());
    };
    let mut bounties = Vec::new();
    let first_payment = |trigger| trigger == BonusTrigger::ClientFirstPayment;
    for (rule, bonus, amount) in fixed_bonuses(program, event.at, first_payment) {
        let note = format!("bonus at client {client_id}'s first payment");
        let booked = (rule, line_kind(bonus));
        let mut line = fixed_line(program, state, event, booked, (referrer, amount), note)?;
        line.client = Some(client_id.clone());
        line.payment = Some(event.id.clone());
        bounties.push(line);
    }
    lines.extend(with_payouts(program, event.at, bounties)?);
    Ok(())
}

/// The bonuses at a count when the partner's own count on `counter` reaches a rule's
/// number, each once per partner, converted into the partner's booking currency like
/// any amount it is paid.
pub(crate) fn count_reached(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.count_bonuses {
        return Ok(());
    }
    let Some(partner_state) = state.partners.get(partner) else {
        return Ok(());
    };
    let count = partner_state.count_at(counter, event.at);
    let mut lines = Vec::new();
    let paid_before = state.kinds.milestones.get(partner);
    for (rule, bonus, amount) in reached(program, paid_before, (counter, count), event.at) {
        let note = format!("bonus at client {count} ({counter:?})").to_lowercase();
        let booked = (rule, line_kind(bonus));
        lines.push(fixed_line(
            program,
            state,
            event,
            booked,
            (partner, amount),
            note,
        )?);
    }
    let paid: Vec<RuleId> = lines.iter().map(|line| line.rule.clone()).collect();
    state.book(event.at, with_payouts(program, event.at, lines)?)?;
    if !paid.is_empty() {
        let milestones = state.kinds.milestones.entry(partner.clone()).or_default();
        milestones.extend(paid);
    }
    Ok(())
}

/// Whether the bonuses that a gain on `counter` would reach can be booked: checked
/// before an event changes anything, so a missing FX rate rejects it whole.
pub(crate) fn check_count_reached(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.count_bonuses {
        return Ok(());
    }
    let Some(partner_state) = state.partners.get(partner) else {
        return Ok(());
    };
    let count = partner_state.count_at(counter, event.at).saturating_add(1);
    let currency = booking_currency(program, partner_state);
    let paid_before = state.kinds.milestones.get(partner);
    for (_, _, amount) in reached(program, paid_before, (counter, count), event.at) {
        convert(program, state, amount, currency, event.at)?;
    }
    Ok(())
}

/// A bonus whose event carries the amount (a vendor award; a manual adjustment, its
/// reason as the note), booked under the bonus rule in force with that trigger, in the
/// partner's booking currency; paid out like any reward.
pub(crate) fn event_bonus(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    (partner, amount): (&PartnerId, Money),
    (trigger, note): (BonusTrigger, Option<String>),
) -> Result<(), ErrorKind> {
    let found = program.find_at(event.at, |kind| match kind {
        RuleKind::Bonus(bonus) if bonus.trigger == trigger => Some(bonus),
        _ => None,
    });
    let Some((rule, bonus)) = found else {
        return Err(ErrorKind::NotInProgram {
            what: match trigger {
                BonusTrigger::ManualAdjustment => "manual adjustments",
                _ => "vendor awards",
            }
            .to_owned(),
        });
    };
    in_account_currency(program, state, partner, amount, event.at)?;
    let kind = line_kind(bonus);
    let line = account_line(program, rule, partner, kind, event, amount, note);
    let lines = with_payouts(program, event.at, vec![line])?;
    state.book(event.at, lines)
}

/// The kind of line a bonus books: a vendor-cost memo, else money owed (an adjustment
/// for a manual adjustment, a bonus otherwise).
fn line_kind(bonus: &BonusRule) -> LineKind {
    match (bonus.form, bonus.trigger) {
        (BonusForm::VendorCost, _) => LineKind::VendorCost,
        (BonusForm::Payable, BonusTrigger::ManualAdjustment) => LineKind::Adjustment,
        (BonusForm::Payable, _) => LineKind::Bonus,
    }
}

/// The fixed-amount bonuses in force at `at` whose trigger `fires`, with their amount.
fn fixed_bonuses<'p>(
    program: &Plan<'p>,
    at: Instant,
    fires: impl Fn(BonusTrigger) -> bool,
) -> impl Iterator<Item = (&'p Rule, &'p BonusRule, Money)> {
    program
        .rules_at(at)
        .filter_map(move |rule| match &rule.kind {
            RuleKind::Bonus(bonus) if fires(bonus.trigger) => {
                bonus.amount.map(|amount| (rule, bonus, amount))
            }
            _ => None,
        })
}

/// The bonuses at a count in force at `at` that a count on a counter reaches and the
/// partner was not paid yet.
fn reached<'p>(
    program: &Plan<'p>,
    paid_before: Option<&'p Vec<RuleId>>,
    (counter, count): (ClientCounter, u32),
    at: Instant,
) -> impl Iterator<Item = (&'p Rule, &'p BonusRule, Money)> {
    let reaches = move |trigger| {
        matches!(trigger, BonusTrigger::CountReached { counter: read, count: needed }
            if read == counter && count >= needed)
    };
    fixed_bonuses(program, at, reaches)
        .filter(move |(rule, _, _)| paid_before.is_none_or(|paid| !paid.contains(&rule.id)))
}

/// A line of a fixed amount to a partner: converted into the partner's booking currency
/// at the rate in force (rounded once), so a balance never holds two currencies.
fn fixed_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    (rule, kind): (&Rule, LineKind),
    (partner, amount): (&PartnerId, Money),
    note: String,
) -> Result<Line, ErrorKind> {
    let currency = booking_currency(program, partner_at(state, partner, event.at)?);
    let (exact, fx) = convert(program, state, amount, currency, event.at)?;
    let rounded = round(program, exact, currency)?;
    let mut line = account_line(
        program,
        rule,
        partner,
        kind,
        event,
        Money::new(rounded, currency),
        Some(note),
    );
    if fx.is_some() {
        line.explanation.base = Some(amount);
        line.explanation.exact = Some(exact);
        line.explanation.fx = fx;
    }
    Ok(line)
}

/// The lines with a payout line for each payable one, under an automatic payout
/// schedule.
fn with_payouts(
    program: &Plan<'_>,
    at: Instant,
    mut lines: Vec<Line>,
) -> Result<Vec<Line>, ErrorKind> {
    let payouts = payout_lines(program, at, &mut lines)?;
    lines.extend(payouts);
    Ok(lines)
}
