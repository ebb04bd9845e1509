//! Statuses: the contract's status (`RuleKind::ContractStatus`) and status grants.

use crate::engine::checks::partner_mut;
use crate::engine::plan::Plan;
use crate::engine::state::State;
use crate::error::ErrorKind;
use crate::ids::{PartnerId, Status};
use crate::ledger::Event;
use crate::rules::RuleKind;

/// A contract is signed: under a contract-status rule, a partner with no status gets it
/// (the status to grant, if any).
pub(crate) fn contract_signed(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
) -> Result<Option<Status>, ErrorKind> {
    let partner_state = partner_mut(state, partner, event.at)?;
    if !partner_state.contract_at(event.at) {
        partner_state.contract.change(event.at, true);
    }
    let status = program.find_at(event.at, |kind| match kind {
        RuleKind::ContractStatus(rule) => Some(rule.status.clone()),
        _ => None,
    });
    Ok(status
        .filter(|_| partner_state.statuses.is_empty())
        .map(|(_, status)| status))
}

/// The vendor grants a status (the entitlements that start with it are the dispatcher's
/// next step).
pub(crate) fn grant_status(
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    status: &Status,
) -> Result<(), ErrorKind> {
    partner_mut(state, partner, event.at)?.statuses.push((
        event.at,
        status.clone(),
        event.id.clone(),
    ));
    Ok(())
}
