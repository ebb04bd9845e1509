//! One handler per kind of event. Each checks everything first and changes the state only
//! when the event is accepted, so a rejected event leaves no trace but its rejection (and
//! the instant it reached, see `Engine::apply`).

use super::checks::{declared_names, known_currency, positive_amount, valid_amount};
use super::kinds::{account, bonus, entitlement as perks, internal_use, refunds, status};
use super::partner_facts;
use super::plan::Plan;
use super::state::State;
use super::{clients, payments};
use crate::error::ErrorKind;
use crate::ids::{PartnerId, Status};
use crate::ledger::{Event, EventKind};
use crate::money::Currency;
use crate::rules::{BonusTrigger, EntitlementStart};
use crate::time::Instant;
use rust_decimal::Decimal;

/// Applies one event whose id, date and order have been checked. `at` is the instant its
/// facts apply from: its own, or the start of its day for a fact of the whole day.
/// Partner and client events are applied here; payments and money events by
/// [`apply_money_event`].
pub(crate) fn apply_event(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    at: Instant,
) -> Result<(), ErrorKind> {
    declared_names(program, event)?;
    match &event.kind {
        EventKind::PartnerRegistered {
            partner,
            legal_form,
            currency,
        } => partner_facts::register(program, state, event, partner, (*legal_form, *currency)),
        EventKind::ContractSigned { partner } => {
            match status::contract_signed(program, state, event, partner)? {
                Some(status) => grant_status(program, state, event, partner, &status),
                None => Ok(()),
            }
        }
        EventKind::ContractEnded { partner } => partner_facts::end_contract(state, partner, at),
        EventKind::LegalFormChanged {
            partner,
            legal_form,
        } => partner_facts::change_legal_form(state, partner, *legal_form, at),
        EventKind::StatusGranted { partner, status } => {
            grant_status(program, state, event, partner, status)
        }
        EventKind::SpecialistCertified {
            partner,
            specialist,
        } => partner_facts::certify(state, partner, *specialist, at),
        EventKind::AccountsLinked { partner, other } => {
            account::link(program, state, event, partner, other)?;
            perks::grant_count_entitlements(program, state, event, partner)
        }
        EventKind::PromoCodeAssigned { partner, code } => {
            partner_facts::assign_promo_code(state, partner, code, at)
        }
        EventKind::PartnerRecruited { partner, parent } => {
            partner_facts::recruit(state, partner, parent, at)
        }
        EventKind::ClientRegistered { .. } => clients::register(program, state, event),
        EventKind::ClientAttached {
            client,
            partner,
            basis,
            refused,
        } => clients::attach(program, state, event, (client, partner), (*basis, *refused)),
        EventKind::ClientTransferred {
            client,
            to,
            consent,
        } => clients::transfer(program, state, event, (client, to), *consent),
        EventKind::ClientReleased { client } => clients::release(state, client, at),
        EventKind::AttributionCorrected { client, partner } => {
            clients::correct_attribution(program, state, event, client, partner)
        }
        EventKind::Payment(_)
        | EventKind::Refund { .. }
        | EventKind::SubscriptionCancelled { .. }
        | EventKind::FxRate { .. }
        | EventKind::PartnerTopUp { .. }
        | EventKind::WithdrawalRequested { .. }
        | EventKind::SpifAwarded { .. }
        | EventKind::ManualAdjustment { .. }
        | EventKind::InternalPurchase { .. }
        | EventKind::Checkpoint => apply_money_event(program, state, event, at),
    }
}

/// Applies a payment, a refund or cancellation, a rate, or a movement on a partner's
/// account.
fn apply_money_event(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    at: Instant,
) -> Result<(), ErrorKind> {
    match &event.kind {
        EventKind::Payment(payment) => payments::record(program, state, event, payment),
        EventKind::Refund { payment, amount } => {
            refunds::refund(program, state, event, payment, *amount)
        }
        EventKind::SubscriptionCancelled { payment } => {
            account::cancel(program, state, event, payment)
        }
        EventKind::FxRate { base, quote, rate } => {
            publish_rate(state, (*base, *quote), *rate, (at, event.at))
        }
        EventKind::PartnerTopUp {
            partner,
            amount,
            method,
        } => account::top_up(program, state, event, partner, *amount, *method),
        EventKind::WithdrawalRequested { partner, amount } => {
            account::withdraw(program, state, event, partner, *amount)
        }
        EventKind::SpifAwarded { partner, amount } => {
            positive_amount(*amount)?;
            let award = (BonusTrigger::VendorAward, None);
            bonus::event_bonus(program, state, event, (partner, *amount), award)
        }
        EventKind::ManualAdjustment {
            partner,
            amount,
            reason,
        } => {
            valid_amount(*amount)?;
            if amount.amount.is_zero() {
                return Err(ErrorKind::NonPositiveAmount { amount: *amount });
            }
            let adjustment = (BonusTrigger::ManualAdjustment, Some(reason.clone()));
            bonus::event_bonus(program, state, event, (partner, *amount), adjustment)
        }
        EventKind::InternalPurchase {
            partner,
            seats,
            list_price,
            ..
        } => internal_use::internal_purchase(program, state, event, partner, *seats, *list_price),
        EventKind::Checkpoint => Ok(()),
        // Every partner and client event is applied by `apply_event` before it gets here.
        _ => Err(ErrorKind::InconsistentEvent {
            reason: "not a payment or money event".to_owned(),
        }),
    }
}

/// A published rate (1 `base` = `rate` `quote`), in force from `at` (published at
/// `published`: later for a rate of the whole day).
fn publish_rate(
    state: &mut State,
    (base, quote): (Currency, Currency),
    rate: Decimal,
    (at, published): (Instant, Instant),
) -> Result<(), ErrorKind> {
    known_currency(base)?;
    known_currency(quote)?;
    if rate <= Decimal::ZERO || base == quote {
        return Err(ErrorKind::InvalidFxRate);
    }
    state.publish_rate((base, quote), (at, published), rate);
    Ok(())
}

/// A status granted: recorded, then the entitlements that start with it.
fn grant_status(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    status: &Status,
) -> Result<(), ErrorKind> {
    status::grant_status(state, event, partner, status)?;
    perks::grant_at_event(
        program,
        state,
        partner,
        event,
        |start| matches!(start, EntitlementStart::StatusGranted { status: s } if s == status),
    )
}
