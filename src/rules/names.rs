//! The names a program declares: the statuses, product lines, integrations, perks and
//! attribute keys its rules and its ledgers may use. The engine compares these names as
//! exact text, so a misspelling would silently match nothing (`"depo"` for `"depo-ti"`
//! earns nothing); declared, a rule naming an undeclared one is a fault of the program
//! and an event naming one is rejected, both with the closest declared name.

use super::condition::Subject;
use crate::ids::{Perk, Status};
use serde::{Deserialize, Serialize};

/// The names a program uses, each list optional (empty by default): a rule may name only
/// declared ones ([`RuleSet::validate`](crate::RuleSet::validate)), and an event naming an
/// undeclared status, product line, integration or attribute key is rejected
/// ([`ErrorKind::UndeclaredName`](crate::ErrorKind::UndeclaredName)).
///
/// ```
/// use commission_rules::rules::DeclaredNames;
/// let json = r#"{"statuses": ["authorized", "certified"], "product_lines": ["ti", "depo-ti"],
///     "attributes": {"payment": ["plan"]}}"#;
/// let names: DeclaredNames = serde_json::from_str(json).unwrap();
/// assert!(names.declares(commission_rules::rules::NameKind::ProductLine, "depo-ti"));
/// assert!(!names.declares(commission_rules::rules::NameKind::ProductLine, "depo"));
/// assert_eq!(names.attributes.payment, ["plan"]);
/// assert!(names.integrations.is_empty());
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeclaredNames {
    /// The partner statuses (granted by `status_granted` events, named by rates, caps,
    /// rebates, invoice terms, qualifications and entitlements).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Status>,
    /// The product lines of licences and renewals (and own-use purchases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_lines: Vec<String>,
    /// The integrations (CRMs) a client may register with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub integrations: Vec<String>,
    /// The perks entitlements grant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perks: Vec<Perk>,
    /// The attribute keys partners, clients and payments may carry.
    #[serde(default, skip_serializing_if = "AttributeKeys::is_empty")]
    pub attributes: AttributeKeys,
}

/// The attribute keys a program declares, by whose attributes they are.
///
/// ```
/// use commission_rules::rules::AttributeKeys;
/// let mut keys = AttributeKeys::default();
/// keys.client.push("country".into());
/// assert_eq!(serde_json::to_string(&keys).unwrap(), r#"{"client":["country"]}"#);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AttributeKeys {
    /// Keys of a partner's attributes (on `partner_registered`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partner: Vec<String>,
    /// Keys of a client's attributes (on `client_registered`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client: Vec<String>,
    /// Keys of a payment's attributes (on `payment`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment: Vec<String>,
}

impl AttributeKeys {
    /// Whether no key is declared (left out of program files).
    ///
    /// ```
    /// use commission_rules::rules::AttributeKeys;
    /// assert!(AttributeKeys::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.partner.is_empty() && self.client.is_empty() && self.payment.is_empty()
    }
}

/// What kind of name a program declares.
///
/// ```
/// use commission_rules::rules::NameKind;
/// assert_eq!(NameKind::ProductLine.to_string(), "product line");
/// assert_eq!(NameKind::ClientAttribute.section(), "names.attributes.client");
/// assert_eq!(serde_json::to_string(&NameKind::PaymentAttribute).unwrap(), r#""payment_attribute""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NameKind {
    /// A partner status.
    Status,
    /// A product line.
    ProductLine,
    /// A client's integration.
    Integration,
    /// A perk.
    Perk,
    /// A key of a partner's attributes.
    PartnerAttribute,
    /// A key of a client's attributes.
    ClientAttribute,
    /// A key of a payment's attributes.
    PaymentAttribute,
}

impl NameKind {
    /// Every kind, in the order of the `names` section.
    pub(crate) const ALL: [NameKind; 7] = [
        Self::Status,
        Self::ProductLine,
        Self::Integration,
        Self::Perk,
        Self::PartnerAttribute,
        Self::ClientAttribute,
        Self::PaymentAttribute,
    ];

    /// The kind's position in [`NameKind::ALL`].
    fn index(self) -> usize {
        match self {
            Self::Status => 0,
            Self::ProductLine => 1,
            Self::Integration => 2,
            Self::Perk => 3,
            Self::PartnerAttribute => 4,
            Self::ClientAttribute => 5,
            Self::PaymentAttribute => 6,
        }
    }

    /// The list of the program's `names` section that declares this kind.
    ///
    /// ```
    /// use commission_rules::rules::NameKind;
    /// assert_eq!(NameKind::Status.section(), "names.statuses");
    /// ```
    pub fn section(self) -> &'static str {
        match self {
            Self::Status => "names.statuses",
            Self::ProductLine => "names.product_lines",
            Self::Integration => "names.integrations",
            Self::Perk => "names.perks",
            Self::PartnerAttribute => "names.attributes.partner",
            Self::ClientAttribute => "names.attributes.client",
            Self::PaymentAttribute => "names.attributes.payment",
        }
    }

    /// The kind of an attribute key of a subject.
    ///
    /// ```
    /// use commission_rules::rules::{NameKind, Subject};
    /// assert_eq!(NameKind::attribute_of(Subject::Payment), NameKind::PaymentAttribute);
    /// ```
    pub fn attribute_of(subject: Subject) -> Self {
        match subject {
            Subject::Partner => Self::PartnerAttribute,
            Subject::Client => Self::ClientAttribute,
            Subject::Payment => Self::PaymentAttribute,
        }
    }
}

impl std::fmt::Display for NameKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Status => "status",
            Self::ProductLine => "product line",
            Self::Integration => "integration",
            Self::Perk => "perk",
            Self::PartnerAttribute => "partner attribute key",
            Self::ClientAttribute => "client attribute key",
            Self::PaymentAttribute => "payment attribute key",
        })
    }
}

impl DeclaredNames {
    /// Whether nothing is declared (left out of program files).
    ///
    /// ```
    /// use commission_rules::rules::DeclaredNames;
    /// assert!(DeclaredNames::default().is_empty());
    /// assert!(!commission_rules::programs::smart_soft().names.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
            && self.product_lines.is_empty()
            && self.integrations.is_empty()
            && self.perks.is_empty()
            && self.attributes.is_empty()
    }

    /// The declared names of a kind, in the order written.
    ///
    /// ```
    /// use commission_rules::rules::NameKind;
    /// let smart_soft = commission_rules::programs::smart_soft();
    /// let lines: Vec<&str> = smart_soft.names.of(NameKind::ProductLine).collect();
    /// assert_eq!(lines, ["ti", "ting", "depo-ti"]);
    /// ```
    pub fn of(&self, kind: NameKind) -> impl Iterator<Item = &str> {
        let (statuses, perks, texts): (&[Status], &[Perk], &[String]) = match kind {
            NameKind::Status => (&self.statuses, &[], &[]),
            NameKind::Perk => (&[], &self.perks, &[]),
            NameKind::ProductLine => (&[], &[], &self.product_lines),
            NameKind::Integration => (&[], &[], &self.integrations),
            NameKind::PartnerAttribute => (&[], &[], &self.attributes.partner),
            NameKind::ClientAttribute => (&[], &[], &self.attributes.client),
            NameKind::PaymentAttribute => (&[], &[], &self.attributes.payment),
        };
        let statuses = statuses.iter().map(Status::as_str);
        let perks = perks.iter().map(Perk::as_str);
        statuses
            .chain(perks)
            .chain(texts.iter().map(String::as_str))
    }

    /// Whether a name of a kind is declared (compared exactly).
    ///
    /// ```
    /// use commission_rules::rules::NameKind;
    /// let radist = commission_rules::programs::radist();
    /// assert!(radist.names.declares(NameKind::Status, "referral-only"));
    /// assert!(!radist.names.declares(NameKind::Status, "Referral-only"));
    /// ```
    pub fn declares(&self, kind: NameKind, name: &str) -> bool {
        self.of(kind).any(|declared| declared == name)
    }

    /// The declared name of a kind closest to an undeclared one, if one is close enough to
    /// be what was meant (a few letters apart, or its start).
    ///
    /// ```
    /// use commission_rules::rules::NameKind;
    /// let smart_soft = commission_rules::programs::smart_soft();
    /// assert_eq!(smart_soft.names.closest(NameKind::ProductLine, "depo"), Some("depo-ti"));
    /// assert_eq!(smart_soft.names.closest(NameKind::Status, "privilegd"), Some("privileged"));
    /// assert_eq!(smart_soft.names.closest(NameKind::Status, "gold"), None);
    /// ```
    pub fn closest(&self, kind: NameKind, name: &str) -> Option<&str> {
        crate::suggest::closest(name, self.of(kind))
    }
}

/// The declared names sorted for lookup, prepared once for an evaluation: events are
/// checked by binary search, whatever the number of names.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex<'p> {
    /// Per kind, in the order of [`NameKind::ALL`], sorted.
    sorted: [Vec<&'p str>; 7],
}

impl<'p> NameIndex<'p> {
    /// The index of a program's declared names.
    pub(crate) fn new(names: &'p DeclaredNames) -> Self {
        let sorted = NameKind::ALL.map(|kind| {
            let mut list: Vec<&'p str> = names.of(kind).collect();
            list.sort_unstable();
            list
        });
        Self { sorted }
    }

    /// Whether a name of a kind is declared.
    pub(crate) fn declares(&self, kind: NameKind, name: &str) -> bool {
        self.sorted
            .get(kind.index())
            .is_some_and(|list| list.binary_search(&name).is_ok())
    }
}
