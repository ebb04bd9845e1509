//! Who may take a client that another partner holds: a program's transfer policy.

use serde::{Deserialize, Serialize};

/// How a client another partner holds may change hands (W-4, MH-6, LS-4).
///
/// A program without this rule refuses neither: a transfer needs no consent, and an
/// accepted attachment of a client another partner holds makes the attaching partner its
/// holder ([`TransferPolicy::default`]), as a billing system records what the vendor did.
/// A program whose terms protect a holder says so with this rule.
///
/// ```
/// use commission_rules::rules::{HeldClients, TransferPolicy};
/// // W-4: a transfer needs the client's consent; a held client is never attached.
/// let mut w_4 = TransferPolicy::default();
/// w_4.consent_required = true;
/// w_4.held_clients = HeldClients::Refuse;
/// assert_eq!(serde_json::to_string(&w_4).unwrap(),
///     r#"{"consent_required":true,"held_clients":"refuse"}"#);
/// assert_eq!(TransferPolicy::default().held_clients, HeldClients::TakeOver);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TransferPolicy {
    /// A transfer (`client_transferred`) needs the client's consent: one without it is
    /// refused (`ErrorKind::TransferWithoutConsent`).
    pub consent_required: bool,
    /// What an accepted attachment (`client_attached`, not refused) of a client another
    /// partner holds does.
    pub held_clients: HeldClients,
}

/// What an accepted attachment of a client another partner holds does.
///
/// ```
/// use commission_rules::rules::HeldClients;
/// assert_eq!(serde_json::to_string(&HeldClients::TakeOver).unwrap(), r#""take_over""#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HeldClients {
    /// The attachment is refused (`ErrorKind::HeldByAnotherPartner`): the client can move
    /// only by a transfer.
    Refuse,
    /// The attaching partner becomes the client's holder; the former holder no longer
    /// holds it (its counts keep the client: they never go down).
    #[default]
    TakeOver,
}
