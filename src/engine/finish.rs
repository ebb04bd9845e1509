//! Assembling the outcome from the state: statements, leaderboards, settlements.

use super::rewards::booking_currency;
use super::state::{ActivePeriod, State};
use crate::error::{Error, ErrorKind};
use crate::ids::{EventId, PartnerId};
use crate::money::{Currency, Money};
use crate::outcome::{
    Entitlement, Line, LineKind, Outcome, Settlement, build_leaderboards, build_statements,
};
use crate::rules::{RuleKind, RuleSet};
use crate::time::Month;
use std::collections::BTreeMap;

pub(crate) fn outcome(program: &RuleSet, state: &State) -> Result<Outcome, Error> {
    let currencies: BTreeMap<PartnerId, Currency> = state
        .partners
        .iter()
        .map(|(id, partner)| (id.clone(), booking_currency(program, partner)))
        .collect();
    let statements = build_statements(&state.lines, &currencies, program.time_zone, state.last_at)?;
    let leaderboards = match program.rules.iter().find_map(|rule| match &rule.kind {
        RuleKind::Leaderboard(board) => Some((rule, board)),
        _ => None,
    }) {
        Some((rule, board)) => {
            let mut new_clients: BTreeMap<(Month, PartnerId), (Currency, u32)> = BTreeMap::new();
            for (id, partner) in &state.partners {
                for gained in partner.gains(board.counter) {
                    let month = program.time_zone.month_of(*gained);
                    let entry = new_clients
                        .entry((month, id.clone()))
                        .or_insert((currencies[id], 0));
                    entry.1 = entry.1.saturating_add(1);
                }
            }
            build_leaderboards(&rule.clause, &state.lines, &new_clients)?
        }
        None => Vec::new(),
    };
    Ok(Outcome {
        program: program.program.clone(),
        as_of: state.last_at,
        lines: state.lines.clone(),
        entitlements: entitlements(program, state),
        rejections: state.rejections.clone(),
        statements,
        leaderboards,
        settlements: settlements(program, state)?,
    })
}

/// Entitlements granted at events, then the runs of while-active entitlements: paid
/// periods that overlap or touch are one run, from its first start to its last end.
fn entitlements(program: &RuleSet, state: &State) -> Vec<Entitlement> {
    let mut out = state.entitlements.clone();
    for rule in program.all_rules() {
        let RuleKind::Entitlement(entitlement) = &rule.kind else {
            continue;
        };
        let Some(partners) = state.active_periods.get(&rule.id) else {
            continue;
        };
        for (partner, periods) in partners {
            let mut periods: Vec<&ActivePeriod> = periods.iter().collect();
            periods.sort_by_key(|p| (p.period.from, p.period.to));
            let mut runs: Vec<Entitlement> = Vec::new();
            for paid in periods {
                match runs.last_mut() {
                    Some(run) if run.until.is_some_and(|until| paid.period.from <= until) => {
                        run.until = run.until.max(Some(paid.period.to));
                    }
                    _ => runs.push(Entitlement {
                        partner: partner.clone(),
                        perk: entitlement.perk.clone(),
                        clause: rule.clause.clone(),
                        rule: rule.id.clone(),
                        source_event: paid.payment.clone(),
                        from: paid.period.from,
                        until: Some(paid.period.to),
                    }),
                }
            }
            out.extend(runs);
        }
    }
    out
}

/// Per payment and partner: the gross in the partner's currency, its share, the vendor's.
fn settlements(program: &RuleSet, state: &State) -> Result<Vec<Settlement>, Error> {
    let mut shares: BTreeMap<&EventId, BTreeMap<&PartnerId, Vec<&Line>>> = BTreeMap::new();
    for line in &state.lines {
        let shared = matches!(
            line.kind,
            LineKind::Accrual | LineKind::Discount | LineKind::Adjustment | LineKind::CreditUsed
        );
        if let (true, Some(payment)) = (shared, &line.payment) {
            shares
                .entry(payment)
                .or_default()
                .entry(&line.partner)
                .or_default()
                .push(line);
        }
    }
    let mut out = Vec::new();
    for (payment_id, record) in &state.payments {
        let overflow = || Error::at_event(payment_id.clone(), ErrorKind::Overflow);
        let Some(partnered) = shares.get(payment_id) else {
            let gross = record.payment.amount;
            out.push(Settlement {
                payment: payment_id.clone(),
                partner: None,
                gross,
                partner_share: Money::zero(gross.currency),
                vendor_share: gross,
            });
            continue;
        };
        for (partner, lines) in partnered {
            let currency = lines[0].amount.currency;
            let applied = lines[0].explanation.fx.as_ref().map(|fx| fx.applied_rate);
            let exact = match applied {
                Some(rate) => record
                    .payment
                    .amount
                    .amount
                    .checked_mul(rate)
                    .ok_or_else(overflow)?,
                None => record.payment.amount.amount,
            };
            let minor_units = currency.minor_units().ok_or_else(overflow)?;
            let gross = Money::new(program.rounding.round(exact, minor_units), currency);
            let partner_share = lines
                .iter()
                .try_fold(Money::zero(currency), |sum, line| {
                    sum.checked_add(line.amount)
                })
                .map_err(|_| overflow())?;
            let vendor_share = gross.checked_sub(partner_share).map_err(|_| overflow())?;
            out.push(Settlement {
                payment: payment_id.clone(),
                partner: Some((*partner).clone()),
                gross,
                partner_share,
                vendor_share,
            });
        }
    }
    Ok(out)
}
