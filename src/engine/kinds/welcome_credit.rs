//! The welcome credit (`RuleKind::WelcomeCredit`, MH-4): a pool opened at registration,
//! spent on purchases within its window, its rest expiring.

use crate::engine::booking::{account_line, convert, round};
use crate::engine::plan::Plan;
use crate::engine::state::{ClientState, CreditPool, State};
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::{Event, Payer, Payment};
use crate::money::Money;
use crate::outcome::{FxUsed, Line, LineKind};
use crate::rules::{Rule, RuleKind, Span, WelcomeCredit};
use crate::time::Instant;
use rust_decimal::Decimal;

fn welcome_rule<'p>(program: &Plan<'p>, at: Instant) -> Option<(&'p Rule, &'p WelcomeCredit)> {
    program.find_at(at, |kind| match kind {
        RuleKind::WelcomeCredit(credit) => Some(credit),
        _ => None,
    })
}

/// Opens a new partner's welcome credit, if the program gives one.
pub(crate) fn open_welcome_credit(
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
    if state.partners.contains_key(partner) {
        let pool = CreditPool {
            rule: rule.id.clone(),
            opened_by: event.id.clone(),
            left,
            until,
        };
        state.kinds.welcome_credits.insert(partner.clone(), pool);
        state.wait_for_credit_expiry(until, partner.clone());
    }
    Ok(())
}

/// How much of a payment the partner's welcome credit covers: only a partner's payment
/// for a client that never paid before, inside the window, while credit is left.
pub(crate) fn welcome_credit_use<'p>(
    program: &'p Plan<'_>,
    state: &State,
    event: &Event,
    payment: &Payment,
    client: &ClientState,
) -> Result<Option<CreditUse<'p>>, ErrorKind> {
    let Payer::Partner(partner) = &payment.paid_by else {
        return Ok(None);
    };
    let pool = state.kinds.welcome_credits.get(partner);
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
pub(crate) struct CreditUse<'p> {
    pub rule: &'p Rule,
    pub covered: Decimal,
    pub fx: Option<FxUsed>,
}

/// The memo line of the credit a payment used.
pub(crate) fn credit_used_line(
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
    let pool = state.kinds.welcome_credits.get(partner)?;
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
pub(crate) fn spend_credit(state: &mut State, payment: &Payment, covered: Decimal) {
    if let Payer::Partner(partner) = &payment.paid_by {
        if let Some(pool) = state.kinds.welcome_credits.get_mut(partner) {
            pool.left = pool.left.saturating_sub(covered);
        }
    }
}

/// Closes every welcome credit whose window ended at or before `at`: what is left
/// expires, on a memo line dated at the window's end.
pub(crate) fn close_expired_credits(program: &Plan<'_>, state: &mut State, at: Instant) {
    if !state.time_brings_by(at) {
        return;
    }
    while let Some((until, partner)) = state.open_credits.first().cloned() {
        if until > at {
            break;
        }
        state.open_credits.remove(&(until, partner.clone()));
        let Some(pool) = state.kinds.welcome_credits.remove(&partner) else {
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
            id: crate::ids::LineId::unnumbered_by_time(),
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
    state.recount_due();
}
