//! The hook "a partner gained a client" under a count: the kinds that start or change at
//! a count (entitlements, bonuses at a count, retroactive tiers) react to it.

use super::kinds::{bonus, entitlement as perks, rerate};
use super::plan::Plan;
use super::state::State;
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::Event;
use crate::rules::ClientCounter;

/// A partner gains a client on a counter, and any entitlement that count starts.
pub(super) fn gain(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.keeps_count(counter) || !state.gain(partner, counter, event.at) {
        return Ok(());
    }
    perks::grant_count_entitlements(program, state, event, partner)?;
    bonus::count_reached(program, state, event, partner, counter)?;
    rerate::rerate_month(
        program,
        state,
        event,
        partner,
        rerate::Remeasured::Count(counter),
    )
}
