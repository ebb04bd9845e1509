//! Entitlements granted at events: from registration, from a client count (a group's,
//! for a shared counter), from a status grant; each lasting as its rule says.

use super::plan::Plan;
use super::state::State;
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::Event;
use crate::outcome::Entitlement;
use crate::rules::{EntitlementRule, EntitlementStart, Rule, RuleKind, Span};

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
pub(super) fn grant_at_event(
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
pub(super) fn grant_count_entitlements(
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
