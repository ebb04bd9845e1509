//! Vendor-funded bonuses that are not a share of a payment: a fixed bonus for each new
//! client a partner brings, and a welcome credit a new partner may spend for a while.

use super::window::Span;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A fixed bonus the vendor gives each client registering with a partner's promo code
/// (MH-2). It is the vendor's cost, attributed to the partner for reporting: a memo line
/// (`vendor_cost`), not money owed to the partner.
///
/// ```
/// use commission_rules::rules::NewClientBonus;
/// use commission_rules::{Currency, Money};
/// let mh_2 = NewClientBonus { amount: Money::new(5.into(), Currency::EUR) };
/// assert_eq!(serde_json::to_string(&mh_2).unwrap(), r#"{"amount":{"amount":"5","currency":"EUR"}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewClientBonus {
    /// The bonus per client, in the program currency.
    pub amount: Money,
}

/// A credit a new partner may spend within a window from its registration, only on the
/// first payment of a new client (the client's first payment ever), made by the partner
/// (MH-4). Such a payment is charged at the full tariff: no discount applies to it. The
/// credit covers as much of it as is left; the partner's account pays the rest. What is
/// left when the window closes expires: an expiry line dated at the window's end, booked
/// once the ledger reaches that instant.
///
/// The credit is in the program currency, and lines are booked in the program currency.
///
/// ```
/// use commission_rules::rules::{Span, WelcomeCredit};
/// use commission_rules::{Currency, Money};
/// let mh_4 = WelcomeCredit { amount: Money::new(500.into(), Currency::EUR), window: Span::Days(60) };
/// let json = serde_json::to_string(&mh_4).unwrap();
/// assert_eq!(json, r#"{"amount":{"amount":"500","currency":"EUR"},"window":{"days":60}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WelcomeCredit {
    /// The credit each new partner gets.
    pub amount: Money,
    /// How long after the partner's registration it may be spent: `[registered,
    /// registered + window)`.
    pub window: Span,
}
