//! The event vocabulary: one variant per kind of fact a vendor's billing records.

use super::attributes::Attributes;
use super::payment::Payment;
use crate::ids::{ClientId, EventId, PartnerId, Status};
use crate::money::{Currency, Money};
use crate::time::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What happened. Serialised with a `"type"` tag in snake case.
///
/// ```
/// use commission_rules::{EventKind, PartnerId, ClientId};
/// let json = r#"{"type":"attribution_corrected","client":"c1","partner":"p1"}"#;
/// let kind: EventKind = serde_json::from_str(json).unwrap();
/// assert_eq!(kind, EventKind::AttributionCorrected {
///     client: ClientId::from("c1"), partner: PartnerId::from("p1") });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum EventKind {
    /// A partner joined the program with an account in one currency.
    PartnerRegistered {
        /// The new partner.
        partner: PartnerId,
        /// Its legal form (decides, for some programs, whether rewards are payable).
        legal_form: LegalForm,
        /// The currency of its partner account.
        currency: Currency,
    },
    /// The partner signed the vendor's contract (again, after it ended; signing a contract
    /// in force changes nothing).
    ContractSigned {
        /// The partner.
        partner: PartnerId,
    },
    /// The partner's contract ended: from this instant it has none, until it signs again.
    ContractEnded {
        /// The partner.
        partner: PartnerId,
    },
    /// The partner's legal form changed (an individual registered as a sole proprietor,
    /// say): lines booked from this instant follow the new form; its clients, counts and
    /// balance stay its own.
    LegalFormChanged {
        /// The partner.
        partner: PartnerId,
        /// Its legal form from now on (not the one in force).
        legal_form: LegalForm,
    },
    /// The vendor granted the partner a status (replacing any earlier one).
    StatusGranted {
        /// The partner.
        partner: PartnerId,
        /// The status, as named by the program.
        status: Status,
    },
    /// One of the partner's staff was certified.
    SpecialistCertified {
        /// The partner.
        partner: PartnerId,
        /// Technical or sales.
        specialist: SpecialistKind,
    },
    /// Support linked two partner accounts into one group (they share client counts).
    AccountsLinked {
        /// One account.
        partner: PartnerId,
        /// The other account.
        other: PartnerId,
    },
    /// A partner was recruited by a parent partner (it became the parent's sub-partner):
    /// from this instant the parent is its upline, whom a reward rule with a
    /// [`Beneficiary::Upline`](crate::rules::Beneficiary::Upline) beneficiary rewards for
    /// the payments of the partner's referred clients.
    ///
    /// Both partners must be registered. A partner recruited on registration is a
    /// `partner_recruited` at the registration's instant, after its `partner_registered`.
    /// A partner may be recruited again by another parent later: each payment follows the
    /// parent in force at its own instant. Naming the parent already in force is refused
    /// as an unchanged fact, and a parent that is the partner itself, or whose own chain
    /// of parents leads back to it, as a cycle
    /// ([`ErrorKind::RecruitmentCycle`](crate::ErrorKind::RecruitmentCycle)).
    ///
    /// ```
    /// use commission_rules::{EventKind, PartnerId};
    /// let json = r#"{"type":"partner_recruited","partner":"p-sub","parent":"p-top"}"#;
    /// let kind: EventKind = serde_json::from_str(json).unwrap();
    /// assert_eq!(kind, EventKind::PartnerRecruited {
    ///     partner: PartnerId::from("p-sub"), parent: PartnerId::from("p-top") });
    /// ```
    PartnerRecruited {
        /// The partner recruited (the sub-partner).
        partner: PartnerId,
        /// The partner that recruited it, its parent from now on.
        parent: PartnerId,
    },
    /// A client registered with the vendor.
    ClientRegistered {
        /// The new client.
        client: ClientId,
        /// The partner whose promo code, referral link or cabinet it came through.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        referrer: Option<PartnerId>,
        /// The promo code entered, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        promo_code: Option<String>,
        /// The integration (CRM) the client uses, where the program cares.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        integration: Option<String>,
        /// Registered from the partner's cabinet: the partner also holds the client.
        #[serde(default)]
        via_partner_cabinet: bool,
    },
    /// A promo code is the partner's from now on. A code belongs to one partner: a second
    /// assignment is rejected. A reward rule may ask whether the code a client registered
    /// with was its beneficiary's (the condition `promo_code_of_beneficiary`); the client's
    /// `referrer` is still named by its registration.
    PromoCodeAssigned {
        /// The partner.
        partner: PartnerId,
        /// The code, compared exactly.
        code: String,
    },
    /// A partner asked for an existing client to be attached to it.
    ClientAttached {
        /// The client.
        client: ClientId,
        /// The partner asking.
        partner: PartnerId,
        /// On what basis.
        basis: AttachBasis,
        /// The vendor refused the attachment.
        #[serde(default)]
        refused: bool,
    },
    /// A client moved to another partner.
    ClientTransferred {
        /// The client.
        client: ClientId,
        /// The partner it moves to.
        to: PartnerId,
        /// The client consented in writing.
        consent: bool,
    },
    /// The partner holding a client stopped serving it.
    ClientReleased {
        /// The client.
        client: ClientId,
    },
    /// The vendor attributed a client to a partner after the fact (a forgotten promo code).
    AttributionCorrected {
        /// The client.
        client: ClientId,
        /// The partner it is attributed to.
        partner: PartnerId,
    },
    /// A payment for a client's service.
    Payment(Payment),
    /// (Part of) an earlier payment was refunded.
    Refund {
        /// The payment event refunded.
        payment: EventId,
        /// The amount refunded, in the payment's currency.
        amount: Money,
    },
    /// A subscription paid by an earlier payment was cancelled at this event's instant.
    SubscriptionCancelled {
        /// The payment event whose period is cut short.
        payment: EventId,
    },
    /// An exchange rate published for the day: 1 `base` = `rate` `quote`.
    FxRate {
        /// The currency priced.
        base: Currency,
        /// The currency it is priced in.
        quote: Currency,
        /// Units of `quote` per unit of `base`.
        rate: Decimal,
    },
    /// The partner put money into its partner account.
    PartnerTopUp {
        /// The partner.
        partner: PartnerId,
        /// The amount, in the account's currency.
        amount: Money,
        /// By card or by invoice.
        method: TopUpMethod,
    },
    /// The partner asked to withdraw money from its partner account.
    WithdrawalRequested {
        /// The partner.
        partner: PartnerId,
        /// The amount, in the account's currency.
        amount: Money,
    },
    /// The vendor awarded a SPIF (sales incentive) of an amount it set.
    SpifAwarded {
        /// The partner.
        partner: PartnerId,
        /// The amount.
        amount: Money,
    },
    /// A manual adjustment (e.g. compensation for a dispute lost by the vendor).
    ManualAdjustment {
        /// The partner.
        partner: PartnerId,
        /// Signed amount: positive credits the partner.
        amount: Money,
        /// Why, in words.
        reason: String,
    },
    /// The partner bought licences for its own use.
    InternalPurchase {
        /// The partner.
        partner: PartnerId,
        /// The product line.
        product_line: String,
        /// How many seats (users).
        seats: u32,
        /// The list price of all the seats together.
        list_price: Money,
    },
    /// Nothing happened: the ledger has reached this instant. Lets time-triggered lines
    /// (a credit expiring, a quarter's rebate) be booked without another event.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Checkpoint,
}

/// The legal form of a partner.
///
/// ```
/// use commission_rules::LegalForm;
/// assert_eq!(serde_json::to_string(&LegalForm::SoleProprietor).unwrap(), r#""sole_proprietor""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LegalForm {
    /// A company.
    LegalEntity,
    /// A sole proprietor (ИП).
    SoleProprietor,
    /// A self-employed person (самозанятый).
    SelfEmployed,
    /// A private individual without self-employed status.
    Individual,
}

impl LegalForm {
    /// Its name as written in ledgers and explanations (`sole_proprietor`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::LegalEntity => "legal_entity",
            Self::SoleProprietor => "sole_proprietor",
            Self::SelfEmployed => "self_employed",
            Self::Individual => "individual",
        }
    }
}

/// The basis on which a partner asks for a client to be attached.
///
/// ```
/// use commission_rules::AttachBasis;
/// assert_eq!(serde_json::to_string(&AttachBasis::BeforeInstall).unwrap(), r#""before_install""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AttachBasis {
    /// Reported before the product was installed.
    BeforeInstall,
    /// The client itself asked for the partner.
    ClientRequest,
    /// The partner showed evidence of its integration work.
    Evidence,
    /// Attached by the vendor's support on the partner's word.
    Support,
}

/// The kind of a certified specialist.
///
/// ```
/// use commission_rules::SpecialistKind;
/// assert_eq!(serde_json::to_string(&SpecialistKind::Technical).unwrap(), r#""technical""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SpecialistKind {
    /// A technical specialist.
    Technical,
    /// A sales specialist.
    Sales,
}

/// How a partner account was topped up.
///
/// ```
/// use commission_rules::TopUpMethod;
/// assert_eq!(serde_json::to_string(&TopUpMethod::Invoice).unwrap(), r#""invoice""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TopUpMethod {
    /// By bank card.
    Card,
    /// By bank transfer against an invoice.
    Invoice,
}

/// One thing that happened.
///
/// ```
/// use commission_rules::{Event, EventKind, PartnerId, LegalForm, Currency};
/// let json = r#"{"id":"e1","at":"2024-03-01T09:00:00Z","type":"partner_registered",
///                "partner":"p1","legal_form":"legal_entity","currency":"RUB"}"#;
/// let event: Event = serde_json::from_str(json).unwrap();
/// assert!(matches!(event.kind, EventKind::PartnerRegistered { ref partner, .. } if partner == &PartnerId::from("p1")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Event {
    /// Unique across the ledger.
    pub id: EventId,
    /// When it happened, UTC.
    pub at: Instant,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
    /// The vendor's own facts about what the event registers: the partner of a
    /// `partner_registered`, the client of a `client_registered`, the payment of a
    /// `payment` ([`Attributes`]). Any other event carrying attributes is rejected.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
}

impl Event {
    /// An event.
    ///
    /// ```
    /// use commission_rules::{Event, EventKind, PartnerId};
    /// use chrono::{TimeZone, Utc};
    /// let e = Event::new("e1", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    ///     EventKind::ContractSigned { partner: PartnerId::from("p1") });
    /// assert_eq!(e.id.as_str(), "e1");
    /// ```
    pub fn new(id: impl Into<EventId>, at: Instant, kind: EventKind) -> Self {
        Self {
            id: id.into(),
            at,
            kind,
            attributes: Attributes::new(),
        }
    }

    /// The same event carrying `attributes` (of the partner, client or payment it
    /// registers).
    ///
    /// ```
    /// use commission_rules::ledger::{build, Attributes};
    /// use chrono::{TimeZone, Utc};
    /// let at = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    /// let event = commission_rules::Event::new("e1", at, build::client_referred("c1", "p1").into())
    ///     .with_attributes(Attributes::from_iter([("country", "DE")]));
    /// assert_eq!(event.attributes.get("country"), Some("DE"));
    /// ```
    pub fn with_attributes(self, attributes: Attributes) -> Self {
        Self { attributes, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::LegalForm;

    #[test]
    fn a_legal_forms_name_is_its_serde_name() {
        for form in [
            LegalForm::LegalEntity,
            LegalForm::SoleProprietor,
            LegalForm::SelfEmployed,
            LegalForm::Individual,
        ] {
            let json = serde_json::to_string(&form).unwrap();
            assert_eq!(json, format!("\"{}\"", form.name()));
        }
    }
}
