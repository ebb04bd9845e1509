//! Client facts: registrations, attachments and transfers (who holds a client),
//! releases and attribution corrections, each counted for the partners it reaches.

use super::checks::{client_at, client_mut, partner_at};
use super::detail::OutcomeDetail;
use super::kinds::reward::{LineBooking, payment_lines};
use super::kinds::{bonus, entitlement as perks};
use super::plan::Plan;
use super::state::{ClientState, Report, State, push_id};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId};
use crate::ledger::{AttachBasis, Event, EventKind};
use crate::rules::{Beneficiary, Channel, ClientCounter, HeldClients, RuleKind, TransferPolicy};
use crate::time::Instant;

use super::gained::gain;

/// A client registers, referred by a partner (promo code, link or the partner's cabinet)
/// or by itself.
pub(super) fn register(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
) -> Result<(), ErrorKind> {
    let EventKind::ClientRegistered {
        client,
        referrer,
        promo_code,
        integration,
        via_partner_cabinet,
    } = &event.kind
    else {
        return Err(ErrorKind::InconsistentEvent {
            reason: "not a client registration".to_owned(),
        });
    };
    let (referrer, via_partner_cabinet) = (referrer.as_ref(), *via_partner_cabinet);
    if state.clients.contains_key(client) {
        return Err(ErrorKind::ClientAlreadyRegistered {
            client: client.clone(),
        });
    }
    if let Some(partner) = referrer {
        partner_at(state, partner, event.at)?;
    }
    // The partner's own id, shared: a client's references cost no text of their own.
    let referrer_id = referrer.map(|partner| state.shared_id(partner));
    let holder = match (via_partner_cabinet, &referrer_id) {
        (true, None) => {
            return Err(ErrorKind::InconsistentEvent {
                reason: "registered via a partner cabinet but names no partner".into(),
            });
        }
        (true, Some(partner)) => Some(partner.clone()),
        (false, _) => None,
    };
    let bonuses = bonus::registration_lines(
        program,
        state,
        event,
        client,
        (referrer, promo_code.as_ref()),
    )?;
    // The partner's counters that count a client of this channel (the cabinet counts it
    // as held, not as referred).
    let channel = Channel::of_registration(promo_code.is_some(), via_partner_cabinet);
    if let Some(partner) = referrer {
        for counter in ClientCounter::on_arrival_via(channel) {
            bonus::check_count_reached(program, state, event, partner, counter)?;
        }
    }
    let referred = referrer_id.map(|partner| (partner, channel));
    let mut registered = ClientState::registered(event.at, referred, holder, integration.as_ref());
    remember_facts(program, &mut registered, event, promo_code.as_ref());
    state.clients.insert(client.clone(), registered);
    state.book(event.at, bonuses)?;
    if let Some(partner) = referrer {
        for counter in ClientCounter::on_arrival_via(channel) {
            gain(program, state, event, partner, counter)?;
        }
    }
    Ok(())
}

/// What rules may ask of a client later: its attributes, and the promo code it used
/// where a rule asks whose code it was (kept only then: most clients need no extras).
fn remember_facts(
    program: &Plan<'_>,
    client: &mut ClientState,
    event: &Event,
    promo_code: Option<&String>,
) {
    if !event.attributes.is_empty() {
        client.extras_mut().attributes = event.attributes.clone();
    }
    if let (true, Some(code)) = (program.reads.promo_codes, promo_code) {
        client.extras_mut().promo_code = Some(code.clone());
    }
}

/// An attachment: checked against the program's policy for existing clients; accepted, it
/// makes the partner the client's holder and exclusive reporter; refused, the partner is
/// still its (non-exclusive) reporter unless another partner's claim is exclusive.
pub(super) fn attach(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    (client, partner): (&ClientId, &PartnerId),
    (basis, refused): (AttachBasis, bool),
) -> Result<(), ErrorKind> {
    let client_state = client_at(state, client, event.at)?;
    partner_at(state, partner, event.at)?;
    let policy = program
        .rules_at(event.at)
        .find_map(|rule| match &rule.kind {
            RuleKind::Attachment(policy) => Some(policy),
            _ => None,
        });
    if let Some(policy) = policy.filter(|_| client_state.has_paid) {
        if !policy.existing_clients.contains(&basis) {
            return Err(ErrorKind::AttachmentNotAllowed {
                client: client.clone(),
                basis,
            });
        }
    }
    if refused {
        let exclusive_elsewhere = client_state.reported().is_some_and(|r| r.exclusive);
        if !exclusive_elsewhere {
            let report = Report {
                partner: state.shared_id(partner),
                exclusive: false,
            };
            client_mut(state, client, event.at)?.extras_mut().reported = Some(report);
            perks::activate_running_period(program, state, event, client, &[Beneficiary::Reporter]);
        }
        return Ok(());
    }
    hold(program, state, event, client, partner, false)?;
    let partner = state.shared_id(partner);
    client_mut(state, client, event.at)?.extras_mut().reported = Some(Report {
        partner,
        exclusive: true,
    });
    let roles = [Beneficiary::Holder, Beneficiary::Reporter];
    perks::activate_running_period(program, state, event, client, &roles);
    Ok(())
}

/// The program's transfer policy at `at`; without one, neither a transfer without
/// consent nor the attachment of a client another partner holds is refused.
fn transfer_policy(program: &Plan<'_>, at: Instant) -> TransferPolicy {
    let policy = program.find_at(at, |kind| match kind {
        RuleKind::Transfers(policy) => Some(*policy),
        _ => None,
    });
    policy.map_or_else(TransferPolicy::default, |(_, policy)| policy)
}

/// The partner starts holding the client (attachment or transfer); attaching a client
/// another partner holds is refused where the program says so (W-4, MH-6, LS-4), else
/// takes it over. A client is a new one for the partner unless it, or an account linked
/// to it whose count it shares, held the client before.
pub(super) fn hold(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    client: &ClientId,
    partner: &PartnerId,
    transfer: bool,
) -> Result<(), ErrorKind> {
    let client_state = client_at(state, client, event.at)?;
    match &client_state.holder {
        Some(holder) if holder == partner => return Ok(()),
        Some(holder)
            if !transfer
                && transfer_policy(program, event.at).held_clients == HeldClients::Refuse =>
        {
            return Err(ErrorKind::HeldByAnotherPartner {
                client: client.clone(),
                holder: holder.clone(),
            });
        }
        _ => {}
    }
    let channel = match transfer {
        true => Channel::Transfer,
        false => Channel::Attachment,
    };
    // A counter of held clients counts the client unless the partner (or, where the
    // counter is shared, an account linked to it) held it before.
    let held_before = |counter: ClientCounter| {
        let shared = program.shares_count(counter, event.at);
        client_state
            .ever_held_by
            .iter()
            .any(|held_by| match shared {
                true => state.same_group(partner, held_by, event.at),
                false => held_by == partner,
            })
    };
    let mut counted = [None; ClientCounter::ALL.len()];
    for (slot, counter) in counted
        .iter_mut()
        .zip(ClientCounter::on_arrival_via(channel))
    {
        *slot = (!held_before(counter)).then_some(counter);
    }
    for counter in counted.iter().flatten() {
        bonus::check_count_reached(program, state, event, partner, *counter)?;
    }
    let shared = state.shared_id(partner);
    let client_state = client_mut(state, client, event.at)?;
    client_state.holder = Some(shared.clone());
    if !client_state.ever_held_by.contains(partner) {
        push_id(&mut client_state.ever_held_by, shared);
    }
    for counter in counted.into_iter().flatten() {
        gain(program, state, event, partner, counter)?;
    }
    Ok(())
}

pub(super) fn correct_attribution(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    client: &ClientId,
    partner: &PartnerId,
) -> Result<(), ErrorKind> {
    let client_state = client_at(state, client, event.at)?;
    partner_at(state, partner, event.at)?;
    if let Some(existing) = &client_state.referrer {
        return Err(ErrorKind::AlreadyAttributed {
            client: client.clone(),
            partner: existing.clone(),
        });
    }
    let mut attributed = client_state.clone();
    attributed.referrer = Some(state.shared_id(partner));
    attributed.referred_via = Some(Channel::AttributionCorrection);
    let catch_up = program
        .rules_at(event.at)
        .any(|rule| matches!(rule.kind, RuleKind::AttributionCatchUp));
    let mut lines = Vec::new();
    if catch_up {
        let booking = LineBooking {
            source: event.id.clone(),
            catch_up_at: Some(event.at),
            full_tariff: false,
        };
        for payment_id in attributed.unattributed_payments() {
            let record = state.payment(payment_id)?;
            payment_lines(
                program,
                state,
                payment_id,
                record,
                &attributed,
                &booking,
                &mut lines,
            )?;
        }
    }
    let counters = || ClientCounter::on_arrival_via(Channel::AttributionCorrection);
    for counter in counters() {
        bonus::check_count_reached(program, state, event, partner, counter)?;
    }
    let caught_up = attributed
        .extras
        .as_mut()
        .map(|extras| std::mem::take(&mut extras.unattributed_payments))
        .unwrap_or_default();
    state.clients.insert(client.clone(), attributed);
    if state.detail == OutcomeDetail::Statements {
        state.caught_up = caught_up;
    }
    for counter in counters() {
        gain(program, state, event, partner, counter)?;
    }
    state.book(event.at, lines)?;
    perks::activate_running_period(program, state, event, client, &[Beneficiary::Referrer]);
    Ok(())
}

/// A client moves to another partner; without the client's consent only where the
/// program does not require it (W-4 does).
pub(super) fn transfer(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    (client, to): (&ClientId, &PartnerId),
    consent: bool,
) -> Result<(), ErrorKind> {
    client_at(state, client, event.at)?;
    partner_at(state, to, event.at)?;
    if !consent && transfer_policy(program, event.at).consent_required {
        return Err(ErrorKind::TransferWithoutConsent {
            client: client.clone(),
        });
    }
    hold(program, state, event, client, to, true)?;
    perks::activate_running_period(program, state, event, client, &[Beneficiary::Holder]);
    Ok(())
}

/// The client's holder stops working with it (W-3): it pays by itself from now on.
pub(super) fn release(state: &mut State, client: &ClientId, at: Instant) -> Result<(), ErrorKind> {
    let client_state = client_mut(state, client, at)?;
    if client_state.holder.take().is_none() {
        return Err(ErrorKind::NotHeld {
            client: client.clone(),
        });
    }
    Ok(())
}
