//! Payments: who paid what, for which client, at which list price.

use crate::ids::{ClientId, PartnerId};
use crate::money::Money;
use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// A payment made for a client's service.
///
/// ```
/// use commission_rules::{ClientId, Currency, Money, Payer, Payment, PaymentKind};
/// use rust_decimal::Decimal;
/// let p = Payment::by_client(ClientId::from("c1"), PaymentKind::Subscription,
///     Money::new(Decimal::from(5000), Currency::new("RUB").unwrap()));
/// assert_eq!(p.paid_by, Payer::Client);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// The client the service is for.
    pub client: ClientId,
    /// What was bought.
    #[serde(flatten)]
    pub kind: PaymentKind,
    /// Who paid: the client directly or a partner on its behalf.
    pub paid_by: Payer,
    /// The amount actually paid (for a partner purchase: the gross price before the
    /// partner's discount).
    pub amount: Money,
    /// The vendor's list (retail) price, where rewards are a share of it rather than of
    /// the amount charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_price: Option<Money>,
    /// The service period the payment covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

impl Payment {
    /// A payment made by the client itself, with no list price or period.
    ///
    /// ```
    /// use commission_rules::{Currency, Money, Payer, Payment, PaymentKind};
    /// use rust_decimal::Decimal;
    /// let mut payment = Payment::by_client("c1".into(), PaymentKind::Subscription,
    ///     Money::new(Decimal::from(3090), Currency::RUB));
    /// assert_eq!(payment.paid_by, Payer::Client);
    /// // The partner buying for its client (W-1) is the same payment with another payer.
    /// payment.paid_by = Payer::Partner("p1".into());
    /// ```
    pub fn by_client(client: ClientId, kind: PaymentKind, amount: Money) -> Self {
        Self {
            client,
            kind,
            paid_by: Payer::Client,
            amount,
            list_price: None,
            period: None,
        }
    }
}

/// What a payment bought.
///
/// ```
/// use commission_rules::PaymentKind;
/// let json = r#"{"payment_kind":"license","product_line":"TI"}"#;
/// let kind: PaymentKind = serde_json::from_str(json).unwrap();
/// assert_eq!(kind, PaymentKind::License { product_line: "TI".into() });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "payment_kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum PaymentKind {
    /// A subscription payment (a month, a year…).
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Subscription,
    /// A top-up of a prepaid balance held with the vendor (e.g. a WABA balance); never a
    /// subscription payment.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    BalanceTopUp,
    /// A licence of a product line, sold at its list price.
    License {
        /// The product line (`TI`, `TING`, …).
        product_line: String,
    },
    /// A renewal of an earlier sale.
    Renewal {
        /// The product line renewed.
        product_line: String,
    },
}

/// Who paid.
///
/// ```
/// use commission_rules::{Payer, PartnerId};
/// assert_eq!(serde_json::to_string(&Payer::Client).unwrap(), r#""client""#);
/// let p: Payer = serde_json::from_str(r#"{"partner":"p1"}"#).unwrap();
/// assert_eq!(p, Payer::Partner(PartnerId::from("p1")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The client paid the vendor directly.
    Client,
    /// A partner paid for the client.
    Partner(PartnerId),
}

/// A service period, `[from, to)`.
///
/// ```
/// use commission_rules::Period;
/// use chrono::{TimeZone, Utc};
/// let p = Period { from: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
///                  to: Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() };
/// assert!(p.covers(Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap()));
/// assert!(!p.covers(p.to));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First instant covered.
    pub from: Instant,
    /// First instant no longer covered.
    pub to: Instant,
}

impl Period {
    /// Whether `at` lies in `[from, to)`: the first instant is covered, the last is not.
    ///
    /// ```
    /// use commission_rules::Period;
    /// use chrono::{TimeZone, Utc};
    /// let march = Period { from: Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap(),
    ///                      to: Utc.with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap() };
    /// assert!(march.covers(march.from) && !march.covers(march.to));
    /// ```
    pub fn covers(&self, at: Instant) -> bool {
        self.from <= at && at < self.to
    }
}
