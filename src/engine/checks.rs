//! Checks shared by the event handlers: entities known and alive at the event, amounts
//! well-formed.

use super::state::{ClientState, PartnerState, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId};
use crate::ledger::{Event, EventKind};
use crate::money::{Currency, Money};
use crate::time::{Instant, in_supported_range};

pub(super) fn partner_at<'s>(
    state: &'s State,
    partner: &PartnerId,
    at: Instant,
) -> Result<&'s PartnerState, ErrorKind> {
    let found = state
        .partners
        .get(partner)
        .ok_or_else(|| ErrorKind::UnknownPartner {
            partner: partner.clone(),
        })?;
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

/// Every date an event carries is inside the supported years, and a paid period ends
/// after it starts: later date arithmetic (a W-8 return, a window) can then never leave
/// the calendar.
pub(super) fn valid_dates(event: &Event) -> Result<(), ErrorKind> {
    let in_range = |at: Instant| {
        in_supported_range(at)
            .then_some(())
            .ok_or_else(|| ErrorKind::DateOutOfRange { at })
    };
    in_range(event.at)?;
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
