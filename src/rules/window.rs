//! Time windows of a rule: from which anchor, for how long.

use serde::{Deserialize, Serialize};

/// A window a payment must fall in: `[anchor, anchor + length)`.
///
/// ```
/// use commission_rules::rules::{Window, WindowAnchor, Span};
/// let w = Window { from: WindowAnchor::ClientRegistered, length: Span::Months(12) };
/// assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"from":"client_registered","length":{"months":12}}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Where the window starts.
    pub from: WindowAnchor,
    /// How long it lasts.
    pub length: Span,
}

/// The instant a window starts at.
///
/// ```
/// use commission_rules::rules::WindowAnchor;
/// assert_eq!(serde_json::to_string(&WindowAnchor::PartnerRegistered).unwrap(), r#""partner_registered""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WindowAnchor {
    /// The client's registration.
    ClientRegistered,
    /// The partner's registration.
    PartnerRegistered,
    /// The client's first payment (of any kind, by anyone): a window from it includes that
    /// payment.
    ClientFirstPayment,
}

/// A length of program time.
///
/// ```
/// use commission_rules::rules::Span;
/// assert_eq!(serde_json::to_string(&Span::Days(60)).unwrap(), r#"{"days":60}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// Calendar months (end-of-month clamped).
    Months(u32),
    /// Days of 24 hours.
    Days(u32),
}
