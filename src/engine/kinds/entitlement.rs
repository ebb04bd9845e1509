//! Entitlements (`RuleKind::Entitlement`): granted at registration, at a client count (a
//! group's, for a shared counter), at a status grant, or while the partner has an active
//! client (LS-5).

use crate::engine::plan::Plan;
use crate::engine::state::{ActivePeriod, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId, RuleId};
use crate::ledger::{Event, Payment, Period};
use crate::outcome::Entitlement;
use crate::rules::{Beneficiary, EntitlementRule, EntitlementStart, Rule, RuleKind, Span};

/// The entitlement a rule grants a partner at an event, with its end if it lasts a while.
fn granted(
    program: &Plan<'_>,
    rule: &Rule,
    entitlement: &EntitlementRule,
    partner: &PartnerId,
    event: &Event,
) -> Result<Entitlement, ErrorKind> {
    let zone = program.time_zone;
    let until = match entitlement.lasts {
        None => None,
        Some(Span::Months(months)) => Some(zone.add_months(event.at, months)),
        Some(Span::Days(days)) => Some(zone.add_days(event.at, days)),
    }
    .map(|until| until.ok_or_else(|| ErrorKind::Overflow))
    .transpose()?;
    Ok(Entitlement {
        partner: partner.clone(),
        perk: entitlement.perk.clone(),
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: event.id.clone(),
        from: event.at,
        until,
    })
}

/// Grants the entitlements whose start `starts_now` accepts.
pub(crate) fn grant_at_event(
    program: &Plan<'_>,
    state: &mut State,
    partner: &PartnerId,
    event: &Event,
    starts_now: impl Fn(&EntitlementStart) -> bool,
) -> Result<(), ErrorKind> {
    for rule in program.rules_at(event.at) {
        if let RuleKind::Entitlement(entitlement) = &rule.kind {
            if starts_now(&entitlement.starts) {
                let perk = granted(program, rule, entitlement, partner, event)?;
                state.entitlements.push(perk);
            }
        }
    }
    Ok(())
}

/// Grants every count-started entitlement the partner's count (or its group's, for a
/// shared counter) has reached, to each account that does not have it yet.
pub(crate) fn grant_count_entitlements(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
) -> Result<(), ErrorKind> {
    // An unknown partner has nothing to count and nothing to be granted.
    let Some(own) = state.partners.get(partner) else {
        return Ok(());
    };
    let mut grants = Vec::new();
    // Rules the partner's whole group has once these grants are made.
    let mut everyone = Vec::new();
    for rule in program.rules_at(event.at) {
        let RuleKind::Entitlement(
            entitlement @ EntitlementRule {
                starts: EntitlementStart::ClientCount { counter, at_least },
                ..
            },
        ) = &rule.kind
        else {
            continue;
        };
        // An account never linked counts alone, shared counter or not.
        let shared = !own.links.is_empty() && program.shares_count(*counter, event.at);
        if !shared {
            // The common case, from the partner's own state alone.
            if !own.granted.contains(&rule.id) && own.count_at(*counter, event.at) >= *at_least {
                grants.push(granted(program, rule, entitlement, partner, event)?);
            }
            continue;
        }
        let has_it = |member: &PartnerId| {
            state
                .partners
                .get(member)
                .is_none_or(|p| p.granted.contains(&rule.id))
        };
        // Even a partner that has it counts: a group's newly linked account may not.
        if state.client_count(partner, *counter, event.at, shared) < *at_least
            || state.granted_to_all(partner, &rule.id, event.at)
        {
            continue;
        }
        everyone.push(rule.id.clone());
        // An account just linked to a group that has it: no walk of the group.
        if let Some(member) = state.lacking_one(partner, &rule.id, event.at) {
            if !has_it(member) {
                grants.push(granted(program, rule, entitlement, member, event)?);
            }
            continue;
        }
        for member in state.group_at(partner, event.at) {
            if !has_it(member) {
                grants.push(granted(program, rule, entitlement, member, event)?);
            }
        }
    }
    for perk in grants {
        if let Some(partner_state) = state.partners.get_mut(&perk.partner) {
            partner_state.granted.push(perk.rule.clone());
        }
        state.entitlements.push(perk);
    }
    for rule in everyone {
        state.grant_to_all(partner, &rule);
    }
    Ok(())
}

/// A partner just became the client's referrer, holder or reporter: if the client's paid
/// period runs at this instant, the partner has an active client from now until it ends
/// (LS-5: "a client whose paid period covers the date", whenever the partner gained it).
pub(crate) fn activate_running_period(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    client: &ClientId,
    roles: &[Beneficiary],
) {
    if !program.while_active {
        return;
    }
    let Some(client_state) = state.clients.get(client) else {
        return;
    };
    let Some(paid) = client_state.extras.as_ref().and_then(|e| e.paid.as_ref()) else {
        return;
    };
    if !paid.period.covers(event.at) {
        return;
    }
    let from_now = ActivePeriod {
        period: Period {
            from: event.at,
            to: paid.period.to,
        },
        payment: event.id.clone(),
    };
    let mut gained = Vec::new();
    for rule in program.rules_at(event.at) {
        let RuleKind::Entitlement(EntitlementRule {
            starts: EntitlementStart::WhileActiveClient { of },
            ..
        }) = &rule.kind
        else {
            continue;
        };
        if !roles.contains(of) {
            continue;
        }
        if let Some(partner) = client_state.partner_as(*of) {
            gained.push((rule.id.clone(), partner.clone()));
        }
    }
    for (rule, partner) in gained {
        let periods = state.active_periods.entry(rule).or_default();
        periods.entry(partner).or_default().push(from_now.clone());
    }
}

/// The paid period a payment adds to each while-active entitlement rule, per partner.
pub(crate) fn active_periods(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    payment: &Payment,
) -> Vec<(RuleId, PartnerId, ActivePeriod)> {
    if !program.while_active {
        return Vec::new();
    }
    let (Some(period), Some(client)) = (payment.period, state.clients.get(&payment.client)) else {
        return Vec::new();
    };
    program
        .rules_at(event.at)
        .filter_map(|rule| match &rule.kind {
            RuleKind::Entitlement(EntitlementRule {
                starts: EntitlementStart::WhileActiveClient { of },
                ..
            }) => {
                let partner = client.beneficiary(*of, payment)?;
                Some((
                    rule.id.clone(),
                    partner.clone(),
                    ActivePeriod {
                        period,
                        payment: event.id.clone(),
                    },
                ))
            }
            _ => None,
        })
        .collect()
}
