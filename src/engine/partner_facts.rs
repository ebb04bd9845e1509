//! Partner facts: a partner's registration, and what changes over time after it: its legal
//! form, whether a contract is in force, its certified specialists, its parent. Lines
//! follow the value in force at their own instant (LS-2's payability, a status level's
//! requirements, an upline's override).

use super::booking::account_currency;
use super::checks::{known_currency, partner_at, partner_mut};
use super::kinds::{entitlement, welcome_credit};
use super::plan::Plan;
use super::state::{PartnerState, State, leads_back_to};
use crate::error::ErrorKind;
use crate::ids::PartnerId;
use crate::ledger::{Event, LegalForm, SpecialistKind};
use crate::money::Currency;
use crate::rules::EntitlementStart;
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
        return Err(ErrorKind::FactUnchanged {
            fact: "legal form".to_owned(),
            value: form.name().to_owned(),
        });
    }
    partner_state.legal_form.change(at, form);
    Ok(())
}

/// A promo code is the partner's from `at` on. A code belongs to one partner: assigning it
/// again is refused (to the same partner it changes nothing; to another it would make
/// whose code a client used depend on when it is asked).
pub(super) fn assign_promo_code(
    state: &mut State,
    partner: &PartnerId,
    code: &str,
    at: Instant,
) -> Result<(), ErrorKind> {
    partner_mut(state, partner, at)?;
    if code.trim().is_empty() {
        return Err(ErrorKind::InconsistentEvent {
            reason: "an empty promo code".to_owned(),
        });
    }
    if let Some((_, owner)) = state.promo_codes.get(code) {
        return Err(ErrorKind::InconsistentEvent {
            reason: format!("the promo code {code} is already assigned to partner {owner}"),
        });
    }
    let shared = state.shared_id(partner);
    state.promo_codes.insert(code.to_owned(), (at, shared));
    Ok(())
}

/// `parent` recruits `partner` from `at` on (both registered by then): refused if it is
/// already its parent, or if `parent`'s chain of parents in force leads back to `partner`
/// (`parent` being `partner` included), which would close a cycle.
pub(super) fn recruit(
    state: &mut State,
    partner: &PartnerId,
    parent: &PartnerId,
    at: Instant,
) -> Result<(), ErrorKind> {
    let recruited = partner_at(state, partner, at)?;
    partner_at(state, parent, at)?;
    if recruited.parent_at(at) == Some(parent) {
        return Err(ErrorKind::FactUnchanged {
            fact: "parent".to_owned(),
            value: parent.to_string(),
        });
    }
    if leads_back_to(&state.partners, parent, partner, at) {
        return Err(ErrorKind::RecruitmentCycle {
            partner: partner.clone(),
            parent: parent.clone(),
        });
    }
    let parent = state.shared_id(parent);
    partner_mut(state, partner, at)?.recruited_by(parent, at);
    Ok(())
}

/// A partner joins with its legal form and account currency; the entitlements that start
/// at registration start, and a welcome credit opens (MH-4).
pub(super) fn register(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    (legal_form, currency): (LegalForm, Currency),
) -> Result<(), ErrorKind> {
    if state.partners.contains_key(partner) {
        return Err(ErrorKind::PartnerAlreadyRegistered {
            partner: partner.clone(),
        });
    }
    known_currency(currency)?;
    let account_currency = account_currency(program, currency);
    let mut registered = PartnerState::new(event.at, legal_form, currency, account_currency);
    registered.attributes = event.attributes.clone();
    state.partners.insert(partner.clone(), registered);
    entitlement::grant_at_event(program, state, partner, event, |start| {
        *start == EntitlementStart::PartnerRegistered
    })?;
    welcome_credit::open_welcome_credit(program, state, event, partner)
}

/// One of the partner's staff is certified from `at` on (status levels count them).
pub(super) fn certify(
    state: &mut State,
    partner: &PartnerId,
    specialist: SpecialistKind,
    at: Instant,
) -> Result<(), ErrorKind> {
    let partner_state = partner_mut(state, partner, at)?;
    match specialist {
        SpecialistKind::Technical => partner_state.technical_specialists.push(at),
        SpecialistKind::Sales => partner_state.sales_specialists.push(at),
    }
    Ok(())
}
