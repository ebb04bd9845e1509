//! One handler per kind of event. Each checks everything first and changes the state only
//! when the event is accepted, so a rejected event leaves no trace but its rejection.

use super::checks::{
    client_at, client_mut, known_currency, partner_at, partner_mut, positive_amount, valid_amount,
    valid_list_price,
};
use super::detail::OutcomeDetail;
use super::kinds::reward::{LineBooking, payment_lines};
use super::kinds::{
    account, bonus, entitlement as perks, internal_use, rebate, refunds, rerate, status,
    welcome_credit,
};
use super::partner_facts;
use super::plan::Plan;
use super::retention;
use super::state::{
    ActivePeriod, ClientExtras, ClientState, PartnerState, PaymentRecord, Report, State, push_id,
};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId, Status};
use crate::ledger::{AttachBasis, Event, EventKind, Payer, Payment, SpecialistKind};
use crate::outcome::LineKind;
use crate::rules::{Beneficiary, Booking, Channel, ClientCounter, EntitlementStart, RuleKind};
use crate::time::Instant;
use rust_decimal::Decimal;

/// Applies one event whose id, date and order have been checked. `at` is the instant its
/// facts apply from: its own, or the start of its day for a fact of the whole day.
pub(crate) fn apply_event(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    at: Instant,
) -> Result<(), ErrorKind> {
    match &event.kind {
        EventKind::PartnerRegistered {
            partner,
            legal_form,
            currency,
        } => {
            if state.partners.contains_key(partner) {
                return Err(ErrorKind::PartnerAlreadyRegistered {
                    partner: partner.clone(),
                });
            }
            known_currency(*currency)?;
            let account_currency = match program.currency.booking {
                Booking::ProgramCurrency => program.currency.program_currency,
                Booking::PartnerAccount => *currency,
            };
            let registered = PartnerState::new(at, *legal_form, *currency, account_currency);
            state.partners.insert(partner.clone(), registered);
            perks::grant_at_event(program, state, partner, event, |start| {
                *start == EntitlementStart::PartnerRegistered
            })?;
            welcome_credit::open_welcome_credit(program, state, event, partner)?;
            Ok(())
        }
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
        EventKind::InternalPurchase {
            partner,
            seats,
            list_price,
            ..
        } => internal_use::internal_purchase(program, state, event, partner, *seats, *list_price),
        EventKind::Checkpoint => Ok(()),
        EventKind::SpecialistCertified {
            partner,
            specialist,
        } => {
            let state_of = partner_mut(state, partner, at)?;
            match specialist {
                SpecialistKind::Technical => state_of.technical_specialists.push(at),
                SpecialistKind::Sales => state_of.sales_specialists.push(at),
            }
            Ok(())
        }
        EventKind::AccountsLinked { partner, other } => {
            account::link(program, state, event, partner, other)?;
            perks::grant_count_entitlements(program, state, event, partner)
        }
        EventKind::ClientRegistered {
            client,
            referrer,
            promo_code,
            integration,
            via_partner_cabinet,
        } => register_client(
            program,
            state,
            event,
            client,
            referrer.as_ref(),
            promo_code,
            integration,
            *via_partner_cabinet,
        ),
        EventKind::ClientAttached {
            client,
            partner,
            basis,
            refused,
        } => attach(program, state, event, client, partner, *basis, *refused),
        EventKind::ClientTransferred {
            client,
            to,
            consent,
        } => {
            client_at(state, client, at)?;
            partner_at(state, to, at)?;
            if !consent {
                return Err(ErrorKind::TransferWithoutConsent {
                    client: client.clone(),
                });
            }
            hold(program, state, event, client, to, true)?;
            perks::activate_running_period(program, state, event, client, &[Beneficiary::Holder]);
            Ok(())
        }
        EventKind::ClientReleased { client } => {
            let client_state = client_mut(state, client, at)?;
            if client_state.holder.take().is_none() {
                return Err(ErrorKind::NotHeld {
                    client: client.clone(),
                });
            }
            Ok(())
        }
        EventKind::AttributionCorrected { client, partner } => {
            correct_attribution(program, state, event, client, partner)
        }
        EventKind::Payment(payment) => record_payment(program, state, event, payment),
        EventKind::Refund { payment, amount } => {
            refunds::refund(program, state, event, payment, *amount)
        }
        EventKind::SubscriptionCancelled { payment } => {
            account::cancel(program, state, event, payment)
        }
        EventKind::FxRate { base, quote, rate } => {
            known_currency(*base)?;
            known_currency(*quote)?;
            if *rate <= Decimal::ZERO || base == quote {
                return Err(ErrorKind::InvalidFxRate);
            }
            state.publish_rate(*base, *quote, at, *rate);
            Ok(())
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
            let what = "SPIF awards";
            bonus::vendor_line(
                program,
                state,
                event,
                partner,
                *amount,
                LineKind::Bonus,
                what,
                |k| matches!(k, RuleKind::Spif),
                None,
            )
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
            let what = "manual adjustments";
            let matches = |k: &RuleKind| matches!(k, RuleKind::ManualAdjustment);
            bonus::vendor_line(
                program,
                state,
                event,
                partner,
                *amount,
                LineKind::Adjustment,
                what,
                matches,
                Some(reason.clone()),
            )
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn register_client(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    client: &ClientId,
    referrer: Option<&PartnerId>,
    promo_code: &Option<String>,
    integration: &Option<String>,
    via_partner_cabinet: bool,
) -> Result<(), ErrorKind> {
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
    let bonus =
        bonus::new_client_bonus_line(program, state, event, client, referrer, promo_code.as_ref())?;
    // The partner's counters that count a client of this channel (the cabinet counts it
    // as held, not as referred).
    let channel = Channel::of_registration(promo_code.is_some(), via_partner_cabinet);
    if let Some(partner) = referrer {
        for counter in ClientCounter::on_arrival_via(channel) {
            bonus::check_milestones(program, state, event, partner, counter)?;
        }
    }
    state.clients.insert(
        client.clone(),
        ClientState {
            registered_at: event.at,
            referrer: referrer_id,
            referred_via: referrer.map(|_| channel),
            ever_held_by: holder.iter().cloned().collect(),
            holder,
            paid_for_by: Box::default(),
            has_paid: false,
            extras: integration.as_ref().map(|integration| {
                Box::new(ClientExtras {
                    integration: Some(integration.clone()),
                    ..ClientExtras::default()
                })
            }),
        },
    );
    state.book(event.at, bonus.into_iter().collect())?;
    if let Some(partner) = referrer {
        for counter in ClientCounter::on_arrival_via(channel) {
            gain(program, state, event, partner, counter)?;
        }
    }
    Ok(())
}

/// An attachment: checked against the program's policy for existing clients; accepted, it
/// makes the partner the client's holder and exclusive reporter; refused, the partner is
/// still its (non-exclusive) reporter unless another partner's claim is exclusive.
fn attach(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    client: &ClientId,
    partner: &PartnerId,
    basis: AttachBasis,
    refused: bool,
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

/// The partner starts holding the client (attachment or consented transfer). A client
/// is a new one for the partner unless it, or an account linked to it whose count it
/// shares, held the client before.
fn hold(
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
        Some(holder) if !transfer => {
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
        bonus::check_milestones(program, state, event, partner, *counter)?;
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

fn correct_attribution(
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
        bonus::check_milestones(program, state, event, partner, counter)?;
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

fn record_payment(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &Payment,
) -> Result<(), ErrorKind> {
    positive_amount(payment.amount)?;
    valid_list_price(payment)?;
    // Taken before the client is borrowed; given back (emptied) when the lines are booked.
    let mut lines = std::mem::take(&mut state.spare_lines);
    let client = client_at(state, &payment.client, event.at)?;
    if let Payer::Partner(partner) = &payment.paid_by {
        partner_at(state, partner, event.at)?;
        if client.holder.as_ref() != Some(partner) {
            return Err(ErrorKind::NotHolder {
                client: payment.client.clone(),
                partner: partner.clone(),
            });
        }
    }
    let mut record = PaymentRecord::new(event.at, payment.clone());
    let credit = welcome_credit::welcome_credit_use(program, state, event, payment, client)?;
    let booking = LineBooking {
        source: event.id.clone(),
        catch_up_at: None,
        full_tariff: credit.is_some(),
    };
    payment_lines(
        program, state, &event.id, &record, client, &booking, &mut lines,
    )?;
    let covered = credit
        .as_ref()
        .map_or(Decimal::ZERO, |credit| credit.covered);
    if let Some(credit) = &credit {
        lines.extend(welcome_credit::credit_used_line(
            program, state, event, payment, credit,
        ));
    }
    // The invoice (a line of its own kind) does not count as a discount for the purchase.
    internal_use::payment_invoice_line(program, state, event, &record, &mut lines)?;
    record.debited = account::purchase_line(program, state, event, &record, &mut lines, covered)?;
    let (first_payment_of, new_paid_for) = newly_counted(state, client, payment);
    let keep_for_catch_up = client.referrer.is_none() && program.catch_up;
    for (partner, counter) in [
        (&first_payment_of, ClientCounter::Paying),
        (&new_paid_for, ClientCounter::PaidFor),
    ] {
        if let Some(partner) = partner {
            bonus::check_milestones(program, state, event, partner, counter)?;
        }
    }
    // The last check that can fail; every change to the state comes after it.
    rebate::track_sale(program, state, event, payment)?;
    note_paid(program, state, event, payment, keep_for_catch_up);
    retention::remember_payment(program, state, event.id.clone(), record, keep_for_catch_up);
    state.book(event.at, lines)?;
    welcome_credit::spend_credit(state, payment, covered);
    if let Some(referrer) = first_payment_of {
        gain(program, state, event, &referrer, ClientCounter::Paying)?;
    }
    if let Some(partner) = new_paid_for {
        if let Some(client) = state.clients.get_mut(&payment.client) {
            push_id(&mut client.paid_for_by, partner.clone());
        }
        gain(program, state, event, &partner, ClientCounter::PaidFor)?;
    }
    Ok(())
}

/// The partners that count the payment's client anew: its referrer on `paying` at the
/// client's first payment, if it came to the referrer through a channel `paying` counts;
/// the paying partner on `paid_for` at its first payment for the client.
fn newly_counted(
    state: &State,
    client: &ClientState,
    payment: &Payment,
) -> (Option<PartnerId>, Option<PartnerId>) {
    let paying = client
        .referred_via
        .is_some_and(|channel| ClientCounter::Paying.counts(channel));
    let first_payment_of = client
        .referrer
        .clone()
        .filter(|_| paying && !client.has_paid);
    let new_paid_for = match &payment.paid_by {
        Payer::Partner(partner) if !client.paid_for_by.contains(partner) => {
            Some(state.shared_id(partner))
        }
        _ => None,
    };
    (first_payment_of, new_paid_for)
}

/// What an accepted payment changes about its client: it has paid, its paid period (for
/// while-active perks) and, while no partner is attributed, the payment kept for a
/// catch-up; and the period each while-active perk's partner gains.
fn note_paid(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    payment: &Payment,
    keep_for_catch_up: bool,
) {
    let active = perks::active_periods(program, state, event, payment);
    if let Some(client) = state.clients.get_mut(&payment.client) {
        client.has_paid = true;
        if keep_for_catch_up {
            let unattributed = &mut client.extras_mut().unattributed_payments;
            unattributed.push(event.id.clone());
        }
        if let (true, Some(period)) = (program.while_active, payment.period) {
            let payment = event.id.clone();
            client.extras_mut().paid = Some(ActivePeriod { period, payment });
        }
    }
    for (rule, partner, period) in active {
        let periods = state.active_periods.entry(rule).or_default();
        periods.entry(partner).or_default().push(period);
    }
}

/// A partner gains a client on a counter, and any entitlement that count starts.
fn gain(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !state.gain(partner, counter, event.at) {
        return Ok(());
    }
    perks::grant_count_entitlements(program, state, event, partner)?;
    bonus::milestone(program, state, event, partner, counter)?;
    rerate::rerate_month(program, state, event, partner, counter)
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
