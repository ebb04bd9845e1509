//! Identifier newtypes: an id of one kind can never be passed where another is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Cloning is cheap: the text is shared, not copied.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Wraps an identifier.
            ///
            #[doc = concat!("```\nuse commission_rules::", stringify!($name), ";\nlet id = ",
                stringify!($name), "::new(String::from(\"x1\"));\nassert_eq!(id, ",
                stringify!($name), "::from(\"x1\"));\n```")]
            pub fn new(id: impl Into<String>) -> Self {
                Self(Arc::from(id.into()))
            }

            /// The identifier as text.
            ///
            #[doc = concat!("```\nuse commission_rules::", stringify!($name), ";\nassert_eq!(",
                stringify!($name), "::from(\"x1\").as_str(), \"x1\");\n```")]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(Arc::from(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(Arc::from(id))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }
    };
}

string_id!(
    /// The unique id of a ledger event, chosen by the system that records it.
    ///
    /// ```
    /// use commission_rules::EventId;
    /// assert_eq!(EventId::new("pay-1").as_str(), "pay-1");
    /// ```
    EventId
);
string_id!(
    /// A partner (integrator) account.
    ///
    /// ```
    /// use commission_rules::PartnerId;
    /// assert_eq!(PartnerId::from("p1").to_string(), "p1");
    /// ```
    PartnerId
);
string_id!(
    /// A client (end customer) account.
    ///
    /// ```
    /// use commission_rules::ClientId;
    /// assert_eq!(ClientId::new("c1").as_str(), "c1");
    /// ```
    ClientId
);
string_id!(
    /// A clause of a vendor's terms, such as `R-2` or `W-1`; every booked line names one.
    ///
    /// ```
    /// use commission_rules::ClauseId;
    /// assert_eq!(ClauseId::from("R-2").as_str(), "R-2");
    /// ```
    ClauseId
);
string_id!(
    /// The id of a rule, unique within a program version, such as `W-5.client`; every
    /// booked line and entitlement names the rule that produced it.
    ///
    /// ```
    /// use commission_rules::RuleId;
    /// assert_eq!(RuleId::from("W-5.client"), "W-5.client");
    /// ```
    RuleId
);
string_id!(
    /// The id of a partner program, such as `radist`.
    ///
    /// ```
    /// use commission_rules::ProgramId;
    /// assert_eq!(ProgramId::new("radist").as_str(), "radist");
    /// ```
    ProgramId
);
string_id!(
    /// A partner status defined by a program (`privileged`, `referral-only`, …).
    ///
    /// ```
    /// use commission_rules::Status;
    /// assert_eq!(Status::from("certified").as_str(), "certified");
    /// ```
    Status
);
string_id!(
    /// A named perk a partner can be entitled to (`partners-chat`, `nfr-license`, …).
    ///
    /// ```
    /// use commission_rules::Perk;
    /// assert_eq!(Perk::from("partners-chat").as_str(), "partners-chat");
    /// ```
    Perk
);
