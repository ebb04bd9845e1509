//! Facts of a partner that change over time after its registration: its legal form and
//! whether a contract is in force. Lines follow the value in force at their own instant
//! (LS-2's payability, a status level's contract requirement).

use super::checks::partner_mut;
use super::state::State;
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::LegalForm;
use crate::time::Instant;

/// The partner's contract ends at `at`; refused if none is in force.
pub(super) fn end_contract(
    state: &mut State,
    partner: &PartnerId,
    at: Instant,
) -> Result<(), ErrorKind> {
    let partner_state = partner_mut(state, partner, at)?;
    if !partner_state.contract_at(at) {
        return Err(ErrorKind::FactUnchanged {
            fact: "contract".to_owned(),
            value: "not in force".to_owned(),
        });
    }
    partner_state.contract.change(at, false);
    Ok(())
}

/// The partner's legal form is `form` from `at` on; refused if it already is.
pub(super) fn change_legal_form(
    state: &mut State,
    partner: &PartnerId,
    form: LegalForm,
    at: Instant,
) -> Result<(), ErrorKind> {
    let partner_state = partner_mut(state, partner, at)?;
    if partner_state.legal_form_at(at) == Some(form) {
        let name = serde_json::to_string(&form).unwrap_or_default();
        return Err(ErrorKind::FactUnchanged {
            fact: "legal form".to_owned(),
            value: name.trim_matches('"').to_owned(),
        });
    }
    partner_state.legal_form.change(at, form);
    Ok(())
}
