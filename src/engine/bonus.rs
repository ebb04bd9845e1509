//! Vendor-funded bonuses: the new-client bonus (MH-2) and the welcome credit (MH-4).

use super::booking::{account_line, booking_currency, convert, round};
use super::checks::partner_at;
use super::plan::Plan;
use super::state::{ClientState, CreditPool, PartnerState, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId, RuleId};
use crate::ledger::{Event, Payer, Payment};
use crate::money::Money;
use crate::outcome::{FxUsed, Line, LineKind};
use crate::rules::{
    ClientCounter, MilestoneBonus, NewClientBonus, Rule, RuleKind, Span, WelcomeCredit,
};
use crate::time::Instant;
use rust_decimal::Decimal;

/// The memo line of the vendor's bonus to a client registering with a partner's promo
/// code, if the program gives one (in the partner's booking currency).
pub(super) fn new_client_bonus_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    client: &ClientId,
    referrer: Option<&PartnerId>,
    promo_code: Option<&String>,
) -> Result<Option<Line>, ErrorKind> {
    let (Some(partner), Some(code), true) = (referrer, promo_code, program.new_client_bonus) else {
        return Ok(None);
    };
    let Some((rule, bonus)) = program.find_at(event.at, |kind| match kind {
        RuleKind::NewClientBonus(NewClientBonus { amount }) => Some(*amount),
        _ => None,
    }) else {
        return Ok(None);
    };
    let note = format!("the vendor's bonus to client {client} for promo code {code}");
    let amount = (bonus, LineKind::VendorCost);
    let mut line = vendor_amount_line(program, state, event, rule, partner, amount, note)?;
    line.client = Some(client.clone());
    Ok(Some(line))
}

fn welcome_rule<'p>(program: &Plan<'p>, at: Instant) -> Option<(&'p Rule, &'p WelcomeCredit)> {
    program.find_at(at, |kind| match kind {
        RuleKind::WelcomeCredit(credit) => Some(credit),
        _ => None,
    })
}

/// Opens a new partner's welcome credit, if the program gives one.
pub(super) fn open_welcome_credit(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
) -> Result<(), ErrorKind> {
    let Some((rule, credit)) = welcome_rule(program, event.at) else {
        return Ok(());
    };
    let left = round(program, credit.amount.amount, credit.amount.currency)?;
    let zone = program.time_zone;
    let until = match credit.window {
        Span::Months(months) => zone.add_months(event.at, months),
        Span::Days(days) => zone.add_days(event.at, days),
    }
    .ok_or_else(|| ErrorKind::Overflow)?;
    if let Some(partner_state) = state.partners.get_mut(partner) {
        partner_state.welcome_credit = Some(CreditPool {
            rule: rule.id.clone(),
            opened_by: event.id.clone(),
            left,
            until,
        });
        state.open_credits.insert((until, partner.clone()));
    }
    Ok(())
}

/// How much of a payment the partner's welcome credit covers: only a partner's payment
/// for a client that never paid before, inside the window, while credit is left.
pub(super) fn welcome_credit_use<'p>(
    program: &'p Plan<'_>,
    state: &State,
    event: &Event,
    payment: &Payment,
    client: &ClientState,
) -> Result<Option<CreditUse<'p>>, ErrorKind> {
    let Payer::Partner(partner) = &payment.paid_by else {
        return Ok(None);
    };
    let pool = state
        .partners
        .get(partner)
        .and_then(|p| p.welcome_credit.as_ref());
    let Some(pool) = pool.filter(|pool| pool.left > Decimal::ZERO && event.at < pool.until) else {
        return Ok(None);
    };
    let Some((rule, credit)) = welcome_rule(program, event.at) else {
        return Ok(None);
    };
    if client.has_paid {
        return Ok(None);
    }
    let currency = credit.amount.currency;
    let (exact, fx) = convert(program, state, payment.amount, currency, event.at)?;
    let full_tariff = round(program, exact, currency)?;
    Ok(Some(CreditUse {
        rule,
        covered: full_tariff.min(pool.left),
        fx,
    }))
}

/// How much of a payment a welcome credit covers, under which rule, converted how.
pub(super) struct CreditUse<'p> {
    pub rule: &'p Rule,
    pub covered: Decimal,
    pub fx: Option<FxUsed>,
}

/// The memo line of the credit a payment used.
pub(super) fn credit_used_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    payment: &Payment,
    credit: &CreditUse<'_>,
) -> Option<Line> {
    let (rule, covered) = (credit.rule, credit.covered);
    let Payer::Partner(partner) = &payment.paid_by else {
        return None;
    };
    let pool = state.partners.get(partner)?.welcome_credit.as_ref()?;
    let currency = program.currency.program_currency;
    let left = Money::new(pool.left.saturating_sub(covered), currency);
    let note = format!("first payment of a new client at the full tariff; {left} credit left");
    let mut line = account_line(
        program,
        rule,
        partner,
        LineKind::CreditUsed,
        event,
        Money::new(covered, currency),
        Some(note),
    );
    line.payment = Some(event.id.clone());
    line.client = Some(payment.client.clone());
    line.explanation.fx = credit.fx.clone();
    Some(line)
}

/// Spends `covered` of the paying partner's credit.
pub(super) fn spend_credit(state: &mut State, payment: &Payment, covered: Decimal) {
    if let Payer::Partner(partner) = &payment.paid_by {
        if let Some(pool) = state
            .partners
            .get_mut(partner)
            .and_then(|p| p.welcome_credit.as_mut())
        {
            pool.left = pool.left.saturating_sub(covered);
        }
    }
}

/// Closes every welcome credit whose window ended at or before `at`: what is left
/// expires, on a memo line dated at the window's end.
pub(super) fn close_expired_credits(program: &Plan<'_>, state: &mut State, at: Instant) {
    while let Some((until, partner)) = state.open_credits.first().cloned() {
        if until > at {
            break;
        }
        state.open_credits.remove(&(until, partner.clone()));
        let Some(pool) = state
            .partners
            .get_mut(&partner)
            .and_then(|p| p.welcome_credit.take())
        else {
            continue;
        };
        if pool.left <= Decimal::ZERO {
            continue;
        }
        let Some(rule) = program.rule_by_id(&pool.rule, until) else {
            continue;
        };
        let currency = program.currency.program_currency;
        state.lines.push(Line {
            partner: partner.clone(),
            kind: LineKind::CreditExpired,
            clause: rule.clause.clone(),
            rule: rule.id.clone(),
            source_event: pool.opened_by,
            payment: None,
            client: None,
            booked_at: until,
            month: program.time_zone.month_of(until),
            amount: Money::new(pool.left, currency),
            due: None,
            explanation: crate::outcome::Explanation {
                note: Some("welcome credit left unused when its window closed".to_owned()),
                ..Default::default()
            },
        });
    }
}

/// A milestone bonus when the partner's own count on `counter` reaches a rule's number,
/// converted into the partner's booking currency like any amount it is paid.
pub(super) fn milestone(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.milestones {
        return Ok(());
    }
    let Some(partner_state) = state.partners.get(partner) else {
        return Ok(());
    };
    let count = partner_state.count_at(counter, event.at);
    let mut lines = Vec::new();
    for (rule, bonus) in reached(program, partner_state, (counter, count), event.at) {
        let note = format!("bonus at client {count} ({counter:?})").to_lowercase();
        let amount = (bonus.amount, LineKind::Bonus);
        lines.push(vendor_amount_line(
            program, state, event, rule, partner, amount, note,
        )?);
    }
    let paid: Vec<RuleId> = lines.iter().map(|line| line.rule.clone()).collect();
    state.book(event.at, lines)?;
    if let Some(partner_state) = state.partners.get_mut(partner) {
        partner_state.milestones.extend(paid);
    }
    Ok(())
}

/// Whether the milestone bonuses that a gain on `counter` would reach can be booked:
/// checked before an event changes anything, so a missing FX rate rejects it whole.
pub(super) fn check_milestones(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.milestones {
        return Ok(());
    }
    let Some(partner_state) = state.partners.get(partner) else {
        return Ok(());
    };
    let count = partner_state.count_at(counter, event.at).saturating_add(1);
    let currency = booking_currency(program, partner_state);
    for (_, bonus) in reached(program, partner_state, (counter, count), event.at) {
        convert(program, state, bonus.amount, currency, event.at)?;
    }
    Ok(())
}

/// The milestone bonuses in force at `at` that a count on a counter reaches and the
/// partner was not paid yet.
fn reached<'p>(
    program: &Plan<'p>,
    partner: &'p PartnerState,
    (counter, count): (ClientCounter, u32),
    at: Instant,
) -> impl Iterator<Item = (&'p Rule, &'p MilestoneBonus)> {
    program
        .rules_at(at)
        .filter_map(move |rule| match &rule.kind {
            RuleKind::MilestoneBonus(bonus)
                if bonus.counter == counter
                    && count >= bonus.count
                    && !partner.milestones.contains(&rule.id) =>
            {
                Some((rule, bonus))
            }
            _ => None,
        })
}

/// A line of an amount the vendor sets in its program currency, to a partner: converted
/// into the partner's booking currency at the rate in force (rounded once), so a balance
/// never holds two currencies.
fn vendor_amount_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    rule: &Rule,
    partner: &PartnerId,
    (amount, kind): (Money, LineKind),
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
