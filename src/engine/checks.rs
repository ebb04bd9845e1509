//! Checks shared by the event handlers: entities known and alive at the event, amounts
//! well-formed.

use super::plan::Plan;
use super::state::{ClientState, PartnerState, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId};
use crate::ledger::{Event, EventKind, MAX_TEXT_BYTES, Payer, Payment, PaymentKind};
use crate::money::{Currency, Money};
use crate::rules::NameKind;
use crate::time::{Instant, in_supported_range};

/// A partner the state knows, or the error naming it.
pub(super) fn known_partner<'s>(
    state: &'s State,
    partner: &PartnerId,
) -> Result<&'s PartnerState, ErrorKind> {
    state
        .partners
        .get(partner)
        .ok_or_else(|| ErrorKind::UnknownPartner {
            partner: partner.clone(),
        })
}

pub(super) fn partner_at<'s>(
    state: &'s State,
    partner: &PartnerId,
    at: Instant,
) -> Result<&'s PartnerState, ErrorKind> {
    let found = known_partner(state, partner)?;
    if at < found.registered_at {
        return Err(ErrorKind::BeforeRegistration {
            registered_at: found.registered_at,
        });
    }
    Ok(found)
}

pub(super) fn partner_mut<'s>(
    state: &'s mut State,
    partner: &PartnerId,
    at: Instant,
) -> Result<&'s mut PartnerState, ErrorKind> {
    partner_at(state, partner, at)?;
    state
        .partners
        .get_mut(partner)
        .ok_or_else(|| ErrorKind::UnknownPartner {
            partner: partner.clone(),
        })
}

pub(super) fn client_at<'s>(
    state: &'s State,
    client: &ClientId,
    at: Instant,
) -> Result<&'s ClientState, ErrorKind> {
    let found = state
        .clients
        .get(client)
        .ok_or_else(|| ErrorKind::UnknownClient {
            client: client.clone(),
        })?;
    if at < found.registered_at {
        return Err(ErrorKind::BeforeRegistration {
            registered_at: found.registered_at,
        });
    }
    Ok(found)
}

pub(super) fn client_mut<'s>(
    state: &'s mut State,
    client: &ClientId,
    at: Instant,
) -> Result<&'s mut ClientState, ErrorKind> {
    client_at(state, client, at)?;
    state
        .clients
        .get_mut(client)
        .ok_or_else(|| ErrorKind::UnknownClient {
            client: client.clone(),
        })
}

pub(super) fn known_currency(currency: Currency) -> Result<u32, ErrorKind> {
    currency
        .minor_units()
        .ok_or_else(|| ErrorKind::UnknownCurrency { currency })
}

/// 10^12, [`Money::MAX_AMOUNT`] as a mantissa: no amount with a mantissa this small can
/// exceed it.
const MAX_MANTISSA_IN_RANGE: u128 = 1_000_000_000_000;

/// A known currency, at most 10^12, no finer than the currency's minor unit.
pub(super) fn valid_amount(amount: Money) -> Result<(), ErrorKind> {
    let minor_units = known_currency(amount.currency)?;
    // A mantissa within 10^12 is within range at any scale: no rescaled comparison.
    let small = amount.amount.mantissa().unsigned_abs() <= MAX_MANTISSA_IN_RANGE;
    if !small && amount.amount.abs() > Money::MAX_AMOUNT {
        return Err(ErrorKind::AmountOutOfRange { amount });
    }
    // Normalising is costly: only an amount written finer than the unit can be too precise.
    if amount.amount.scale() > minor_units && amount.amount.normalize().scale() > minor_units {
        return Err(ErrorKind::AmountTooPrecise {
            amount,
            minor_units,
        });
    }
    Ok(())
}

pub(super) fn positive_amount(amount: Money) -> Result<(), ErrorKind> {
    valid_amount(amount)?;
    if amount.amount.is_sign_negative() || amount.amount.is_zero() {
        return Err(ErrorKind::NonPositiveAmount { amount });
    }
    Ok(())
}

/// Every date an event carries besides its own (checked when it was placed in time) is
/// inside the supported years, and a paid period ends after it starts: later date
/// arithmetic (a W-8 return, a window) can then never leave the calendar.
pub(super) fn valid_dates(event: &Event) -> Result<(), ErrorKind> {
    let in_range = |at: Instant| {
        in_supported_range(at)
            .then_some(())
            .ok_or_else(|| ErrorKind::DateOutOfRange { at })
    };
    if let EventKind::Payment(payment) = &event.kind {
        if let Some(period) = payment.period {
            in_range(period.from)?;
            in_range(period.to)?;
            if period.from >= period.to {
                return Err(ErrorKind::InvalidPeriod {
                    from: period.from,
                    to: period.to,
                });
            }
        }
    }
    Ok(())
}

/// Every id and text an event carries is at most [`MAX_TEXT_BYTES`] long.
pub(super) fn valid_texts(event: &Event) -> Result<(), ErrorKind> {
    // The longest one, found without gathering them (this runs for every event).
    let mut longest = event.id.as_str().len();
    let mut some = |text: Option<&str>| longest = longest.max(text.map_or(0, str::len));
    match &event.kind {
        EventKind::PartnerRegistered { partner, .. }
        | EventKind::ContractSigned { partner }
        | EventKind::ContractEnded { partner }
        | EventKind::LegalFormChanged { partner, .. }
        | EventKind::SpecialistCertified { partner, .. }
        | EventKind::PartnerTopUp { partner, .. }
        | EventKind::WithdrawalRequested { partner, .. }
        | EventKind::SpifAwarded { partner, .. } => some(Some(partner.as_str())),
        EventKind::StatusGranted { partner, status } => {
            some(Some(partner.as_str()));
            some(Some(status.as_str()));
        }
        EventKind::AccountsLinked { partner, other }
        | EventKind::PartnerRecruited {
            partner,
            parent: other,
        } => {
            some(Some(partner.as_str()));
            some(Some(other.as_str()));
        }
        EventKind::ClientRegistered { .. } => registration_texts(&event.kind, &mut some),
        EventKind::ClientAttached {
            client, partner, ..
        }
        | EventKind::AttributionCorrected { client, partner }
        | EventKind::ClientTransferred {
            client,
            to: partner,
            ..
        } => {
            some(Some(client.as_str()));
            some(Some(partner.as_str()));
        }
        EventKind::ClientReleased { client } => some(Some(client.as_str())),
        EventKind::Payment(payment) => payment_texts(payment, &mut some),
        EventKind::Refund { payment, .. } | EventKind::SubscriptionCancelled { payment } => {
            some(Some(payment.as_str()));
        }
        EventKind::PromoCodeAssigned {
            partner,
            code: text,
        }
        | EventKind::ManualAdjustment {
            partner,
            reason: text,
            ..
        }
        | EventKind::InternalPurchase {
            partner,
            product_line: text,
            ..
        } => {
            some(Some(partner.as_str()));
            some(Some(text.as_str()));
        }
        EventKind::FxRate { .. } | EventKind::Checkpoint => {}
    }
    let attributes = event.attributes.iter();
    let longest = attributes.fold(longest, |l, (key, value)| l.max(key.len()).max(value.len()));
    if longest > MAX_TEXT_BYTES {
        return Err(ErrorKind::TextTooLong { bytes: longest });
    }
    Ok(())
}

/// Attributes describe what an event registers (a partner, a client, a payment): on any
/// other event they would describe nothing, and are refused rather than dropped. A key
/// must name something.
pub(super) fn valid_attributes(event: &Event) -> Result<(), ErrorKind> {
    if event.attributes.is_empty() {
        return Ok(());
    }
    let registers = matches!(
        event.kind,
        EventKind::PartnerRegistered { .. }
            | EventKind::ClientRegistered { .. }
            | EventKind::Payment(_)
    );
    if !registers {
        return Err(ErrorKind::InconsistentEvent {
            reason: "only partner_registered, client_registered and payment events carry \
                attributes"
                .to_owned(),
        });
    }
    if event
        .attributes
        .iter()
        .any(|(key, _)| key.trim().is_empty())
    {
        return Err(ErrorKind::InconsistentEvent {
            reason: "an attribute's key is empty".to_owned(),
        });
    }
    Ok(())
}

/// Every status, product line, integration and attribute key an event names is one the
/// program declares. Only the few events that carry such names are looked at, and a
/// subscription payment without attributes costs one comparison.
#[inline]
pub(super) fn declared_names(program: &Plan<'_>, event: &Event) -> Result<(), ErrorKind> {
    let declared = |kind: NameKind, name: &str| match program.declared.declares(kind, name) {
        true => Ok(()),
        false => Err(undeclared(program, kind, name)),
    };
    let attributes = match &event.kind {
        EventKind::Payment(payment) => {
            if let PaymentKind::License { product_line } | PaymentKind::Renewal { product_line } =
                &payment.kind
            {
                declared(NameKind::ProductLine, product_line)?;
            }
            NameKind::PaymentAttribute
        }
        EventKind::ClientRegistered { integration, .. } => {
            if let Some(integration) = integration {
                declared(NameKind::Integration, integration)?;
            }
            NameKind::ClientAttribute
        }
        EventKind::PartnerRegistered { .. } => NameKind::PartnerAttribute,
        EventKind::StatusGranted { status, .. } => {
            return declared(NameKind::Status, status.as_str());
        }
        EventKind::InternalPurchase { product_line, .. } => {
            return declared(NameKind::ProductLine, product_line);
        }
        _ => return Ok(()),
    };
    // Most events carry no attributes: one test, no iterator.
    if event.attributes.is_empty() {
        return Ok(());
    }
    event
        .attributes
        .iter()
        .try_for_each(|(key, _)| declared(attributes, key))
}

/// The rejection of an undeclared name, with the closest declared one.
#[cold]
fn undeclared(program: &Plan<'_>, kind: NameKind, name: &str) -> ErrorKind {
    ErrorKind::UndeclaredName {
        kind,
        name: name.to_owned(),
        suggestion: program.names.closest(kind, name).map(str::to_owned),
    }
}

fn registration_texts<'e>(kind: &'e EventKind, some: &mut impl FnMut(Option<&'e str>)) {
    if let EventKind::ClientRegistered {
        client,
        referrer,
        promo_code,
        integration,
        ..
    } = kind
    {
        some(Some(client.as_str()));
        some(referrer.as_ref().map(|p| p.as_str()));
        some(promo_code.as_deref());
        some(integration.as_deref());
    }
}

fn payment_texts<'e>(payment: &'e Payment, some: &mut impl FnMut(Option<&'e str>)) {
    some(Some(payment.client.as_str()));
    if let Payer::Partner(partner) = &payment.paid_by {
        some(Some(partner.as_str()));
    }
    if let PaymentKind::License { product_line } | PaymentKind::Renewal { product_line } =
        &payment.kind
    {
        some(Some(product_line.as_str()));
    }
}

/// A list price, where given, is a valid amount in the payment's currency and at least
/// the amount paid.
pub(super) fn valid_list_price(payment: &Payment) -> Result<(), ErrorKind> {
    let Some(list_price) = payment.list_price else {
        return Ok(());
    };
    positive_amount(list_price)?;
    let comparable = list_price.currency == payment.amount.currency;
    if !comparable || list_price.amount < payment.amount.amount {
        return Err(ErrorKind::ListPriceBelowAmount {
            list_price,
            amount: payment.amount,
        });
    }
    Ok(())
}
