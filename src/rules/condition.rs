//! Conditions a reward rule's payment must meet besides its [`PaymentMatch`]: tests on the
//! vendor's open attributes, on the amount, on whose promo code the client used.
//!
//! [`PaymentMatch`]: super::PaymentMatch

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// One condition of a reward rule; a rule's conditions must all hold.
///
/// ```
/// use commission_rules::rules::{AttributeTest, Condition, Subject};
/// let pro_plans = Condition::AttributeIn(AttributeTest {
///     of: Subject::Payment, key: "plan".into(), values: vec!["pro".into(), "business".into()] });
/// assert_eq!(serde_json::to_string(&pro_plans).unwrap(),
///     r#"{"attribute_in":{"of":"payment","key":"plan","values":["pro","business"]}}"#);
/// let json = r#""promo_code_of_beneficiary""#;
/// assert_eq!(serde_json::from_str::<Condition>(json).unwrap(), Condition::PromoCodeOfBeneficiary);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Condition {
    /// The attribute is one of the values (an absent attribute is none of them).
    AttributeIn(AttributeTest),
    /// The attribute is none of the values (an absent attribute is none of them).
    AttributeNotIn(AttributeTest),
    /// The amount paid is at least this figure. A payment in another currency is
    /// compared at the published rate in force (no markup: the markup is a partner's
    /// conversion term, not a price).
    AmountAtLeast(Money),
    /// The amount paid is below this figure (converted as for `amount_at_least`).
    AmountBelow(Money),
    /// The payment is among its client's first N payments (1: its first payment ever,
    /// whoever made it): a bounty on the first payment, or a rate for the first few.
    PaymentNumberAtMost(u32),
    /// The client registered with a promo code that was assigned to the rule's
    /// beneficiary (by a `promo_code_assigned` event) at the client's registration.
    PromoCodeOfBeneficiary,
}

/// A test on an attribute of the payment, its client or the rule's beneficiary.
///
/// ```
/// use commission_rules::rules::{AttributeTest, Subject};
/// let eu = AttributeTest { of: Subject::Client, key: "country".into(), values: vec!["DE".into(), "FR".into()] };
/// assert!(eu.holds(Some("DE")));
/// assert!(!eu.holds(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeTest {
    /// Whose attribute.
    pub of: Subject,
    /// The attribute's key.
    pub key: String,
    /// The values it is tested against, compared exactly.
    pub values: Vec<String>,
}

impl AttributeTest {
    /// Whether a value (`None`: the attribute is absent) is one of the listed values.
    ///
    /// ```
    /// use commission_rules::rules::{AttributeTest, Subject};
    /// let pro = AttributeTest { of: Subject::Payment, key: "plan".into(), values: vec!["pro".into()] };
    /// assert!(pro.holds(Some("pro")) && !pro.holds(Some("Pro")));
    /// ```
    pub fn holds(&self, value: Option<&str>) -> bool {
        value.is_some_and(|value| self.values.iter().any(|listed| listed == value))
    }
}

/// Whose attributes a condition reads.
///
/// ```
/// use commission_rules::rules::Subject;
/// assert_eq!(serde_json::to_string(&Subject::Partner).unwrap(), r#""partner""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Subject {
    /// The payment's own (`plan`, `coupon`…), from its `payment` event.
    Payment,
    /// The payment's client's, from its `client_registered` event.
    Client,
    /// The beneficiary partner's, from its `partner_registered` event.
    Partner,
}
