//! Which payments a rule applies to: who paid, which kind, which product line or client
//! integration.

use serde::{Deserialize, Serialize};

/// Which payments a reward applies to.
///
/// ```
/// use commission_rules::rules::{PaymentMatch, PayerMatch};
/// assert_eq!(PaymentMatch::client_payments().paid_by, PayerMatch::Client);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PaymentMatch {
    /// Who must have paid.
    pub paid_by: PayerMatch,
    /// Which kinds of payment; empty means every kind.
    #[serde(default)]
    pub kinds: Vec<PaymentKindMatch>,
    /// Which client integrations (as registered, compared exactly); empty means any
    /// client, with or without one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub integrations: Vec<String>,
    /// Which product lines (licences and renewals, compared exactly); empty means any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_lines: Vec<String>,
}

impl PaymentMatch {
    /// Every payment a client makes directly, of any kind.
    ///
    /// ```
    /// use commission_rules::rules::{PaymentMatch, PayerMatch};
    /// let any = PaymentMatch::client_payments();
    /// assert_eq!(any.paid_by, PayerMatch::Client);
    /// assert!(any.kinds.is_empty()); // any kind
    /// ```
    pub fn client_payments() -> Self {
        Self {
            paid_by: PayerMatch::Client,
            kinds: Vec::new(),
            integrations: Vec::new(),
            product_lines: Vec::new(),
        }
    }

    /// Every payment a partner makes for a client, of any kind.
    ///
    /// ```
    /// use commission_rules::rules::{PaymentMatch, PayerMatch};
    /// assert_eq!(PaymentMatch::partner_payments().paid_by, PayerMatch::Partner);
    /// ```
    pub fn partner_payments() -> Self {
        Self {
            paid_by: PayerMatch::Partner,
            kinds: Vec::new(),
            integrations: Vec::new(),
            product_lines: Vec::new(),
        }
    }

    /// The same payers, only payments of one kind.
    ///
    /// ```
    /// use commission_rules::rules::{PaymentMatch, PaymentKindMatch};
    /// let m = PaymentMatch::client_payments().only(PaymentKindMatch::Subscription);
    /// assert_eq!(m.kinds, vec![PaymentKindMatch::Subscription]);
    /// ```
    pub fn only(self, kind: PaymentKindMatch) -> Self {
        Self {
            kinds: vec![kind],
            ..self
        }
    }

    /// The same payments, only of these product lines.
    ///
    /// ```
    /// use commission_rules::rules::PaymentMatch;
    /// let m = PaymentMatch::partner_payments().for_product_lines(&["ti"]);
    /// assert_eq!(m.product_lines, vec!["ti".to_owned()]);
    /// ```
    pub fn for_product_lines(self, product_lines: &[&str]) -> Self {
        Self {
            product_lines: product_lines.iter().map(|p| (*p).to_owned()).collect(),
            ..self
        }
    }

    /// The same payments, only for clients with one of these integrations.
    ///
    /// ```
    /// use commission_rules::rules::PaymentMatch;
    /// let m = PaymentMatch::partner_payments().for_integrations(&["altegio"]);
    /// assert_eq!(m.integrations, vec!["altegio".to_owned()]);
    /// ```
    pub fn for_integrations(self, integrations: &[&str]) -> Self {
        Self {
            integrations: integrations.iter().map(|i| (*i).to_owned()).collect(),
            ..self
        }
    }
}

/// Who must have paid for a reward to apply.
///
/// ```
/// use commission_rules::rules::PayerMatch;
/// assert_eq!(serde_json::to_string(&PayerMatch::Partner).unwrap(), r#""partner""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayerMatch {
    /// The client paid the vendor.
    Client,
    /// A partner paid for the client.
    Partner,
    /// Either.
    Anyone,
}

/// A kind of payment, without its details.
///
/// ```
/// use commission_rules::rules::PaymentKindMatch;
/// assert_eq!(serde_json::to_string(&PaymentKindMatch::BalanceTopUp).unwrap(), r#""balance_top_up""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PaymentKindMatch {
    /// Subscription payments.
    Subscription,
    /// Prepaid balance top-ups.
    BalanceTopUp,
    /// Licences (any product line).
    License,
    /// Renewals (any product line).
    Renewal,
}
