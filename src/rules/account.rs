//! Rules about the partner's account with the vendor: the account itself (top-ups and
//! purchases from it), linked accounts sharing client counts, and cancellations.

use super::rate::ClientCounter;
use crate::ledger::TopUpMethod;
use serde::{Deserialize, Serialize};

/// The partner keeps an account with the vendor (W-9, MH-7): rewards are credited to it,
/// the partner tops it up, and a payment the partner makes for a client is a purchase
/// debited from it at the net price (list price minus the discount lines). A purchase or a
/// top-up the rule does not allow is rejected; so is a purchase the balance does not cover.
///
/// ```
/// use commission_rules::rules::PartnerAccountRule;
/// use commission_rules::TopUpMethod;
/// let w_9 = PartnerAccountRule::new(vec![TopUpMethod::Card, TopUpMethod::Invoice]);
/// assert_eq!(serde_json::to_string(&w_9).unwrap(), r#"{"top_up_methods":["card","invoice"]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PartnerAccountRule {
    /// How the partner may top the account up; empty: it may not.
    pub top_up_methods: Vec<TopUpMethod>,
}

impl PartnerAccountRule {
    /// An account topped up by these methods.
    ///
    /// ```
    /// use commission_rules::rules::PartnerAccountRule;
    /// use commission_rules::TopUpMethod;
    /// let by_card = PartnerAccountRule::new(vec![TopUpMethod::Card]);
    /// assert_eq!(by_card.top_up_methods.len(), 1);
    /// ```
    pub fn new(top_up_methods: Vec<TopUpMethod>) -> Self {
        Self { top_up_methods }
    }
}

/// Linked accounts of one partner (W-7) share client counts from the moment they are
/// linked: each account's count is the sum over the linked accounts, and a client moving
/// between linked accounts after the link is not a new client for the group.
///
/// ```
/// use commission_rules::rules::{AccountGroupRule, ClientCounter};
/// let w_7 = AccountGroupRule::new(vec![ClientCounter::Attached]);
/// assert_eq!(serde_json::to_string(&w_7).unwrap(), r#"{"shared_counters":["attached"]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AccountGroupRule {
    /// The counts summed over linked accounts.
    pub shared_counters: Vec<ClientCounter>,
}

impl AccountGroupRule {
    /// Linked accounts sharing these client counts.
    ///
    /// ```
    /// use commission_rules::rules::{AccountGroupRule, ClientCounter};
    /// let shared = AccountGroupRule::new(vec![ClientCounter::Attached]);
    /// assert_eq!(shared.shared_counters, [ClientCounter::Attached]);
    /// ```
    pub fn new(shared_counters: Vec<ClientCounter>) -> Self {
        Self { shared_counters }
    }
}

/// What cancelling a subscription does (W-8).
///
/// ```
/// use commission_rules::rules::CancellationPolicy;
/// let json = serde_json::to_string(&CancellationPolicy::ReturnUnusedDays).unwrap();
/// assert_eq!(json, r#"{"policy":"return_unused_days"}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "policy", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum CancellationPolicy {
    /// The unused share of the paid period goes back to the account that paid, by whole
    /// program-time days: the day of the cancellation counts as used. A partner's share is
    /// what it was debited (the net price); rewards already booked stand.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    ReturnUnusedDays,
}
