//! One error type: what went wrong, in words a billing engineer understands, and which
//! event (or which part of a rule set) it concerns.

use crate::ids::{ClientId, EventId, PartnerId, ProgramId};
use crate::money::{Currency, Money};
use crate::time::Instant;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An error from validating a rule set or evaluating a ledger.
///
/// ```
/// use commission_rules::{Error, ErrorKind, EventId};
/// let err = Error::at_event(EventId::from("pay-7"), ErrorKind::DuplicateEventId);
/// assert_eq!(err.event().map(|e| e.as_str()), Some("pay-7"));
/// assert_eq!(err.to_string(), "event pay-7: an earlier event already has this id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct Error {
    event: Option<EventId>,
    kind: ErrorKind,
}

impl Error {
    /// An error caused by one ledger event.
    ///
    /// ```
    /// use commission_rules::{Error, ErrorKind};
    /// let err = Error::at_event("e7".into(), ErrorKind::DuplicateEventId);
    /// assert_eq!(err.event().map(|id| id.as_str()), Some("e7"));
    /// ```
    #[cold]
    pub fn at_event(event: EventId, kind: ErrorKind) -> Self {
        Self {
            event: Some(event),
            kind,
        }
    }

    /// An error in a rule set, at a path in the document such as `versions[1].rules[0]`.
    ///
    /// ```
    /// use commission_rules::{Error, ErrorKind};
    /// let err = Error::in_rule_set("versions[1].effective_from", "dates must increase");
    /// assert!(matches!(err.kind(), ErrorKind::InvalidRuleSet { .. }));
    /// assert_eq!(err.to_string(), "rule set at versions[1].effective_from: dates must increase");
    /// ```
    #[cold]
    pub fn in_rule_set(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            event: None,
            kind: ErrorKind::InvalidRuleSet {
                path: path.into(),
                reason: reason.into(),
            },
        }
    }

    /// An error not tied to an event (a snapshot of another program, …).
    ///
    /// ```
    /// use commission_rules::{Error, ErrorKind};
    /// let err = Error::general(ErrorKind::Overflow);
    /// assert!(err.event().is_none());
    /// ```
    #[cold]
    pub fn general(kind: ErrorKind) -> Self {
        Self { event: None, kind }
    }

    /// The event the error is about, if any.
    ///
    /// ```
    /// use commission_rules::{Error, ErrorKind};
    /// assert!(Error::general(ErrorKind::Overflow).event().is_none());
    /// ```
    pub fn event(&self) -> Option<&EventId> {
        self.event.as_ref()
    }

    /// What went wrong.
    ///
    /// ```
    /// use commission_rules::{Error, ErrorKind, EventId};
    /// let err = Error::at_event("e1".into(), ErrorKind::Overflow);
    /// assert_eq!(err.kind(), &ErrorKind::Overflow);
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.event, &self.kind) {
            (_, ErrorKind::InvalidRuleSet { path, reason }) => {
                write!(f, "rule set at {path}: {reason}")
            }
            (Some(event), kind) => write!(f, "event {event}: {kind}"),
            (None, kind) => write!(f, "{kind}"),
        }
    }
}

/// The precise kinds of error.
///
/// ```
/// use commission_rules::{Currency, ErrorKind};
/// let kind = ErrorKind::MissingFxRate { from: Currency::new("USD").unwrap(), to: Currency::new("RUB").unwrap() };
/// assert_eq!(kind.to_string(), "no USD/RUB exchange rate is in force at this time");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Two events share an id.
    #[error("an earlier event already has this id")]
    DuplicateEventId,
    /// An event fed to the engine, or an instant it is advanced to
    /// ([`Engine::advance_to`](crate::Engine::advance_to)), is earlier than the last event
    /// it already processed or the last instant it was advanced to.
    #[error("the date is before {previous}, which the evaluation has already reached")]
    OutOfOrder {
        /// The instant of the last event processed (or the last instant advanced to).
        previous: Instant,
    },
    /// The instant is outside the supported years.
    #[error("the date {at} is outside the supported years 1900 to 2199")]
    DateOutOfRange {
        /// The instant.
        at: Instant,
    },
    /// A payment whose list price is below the amount paid, or in another currency.
    #[error("the list price {list_price} is below the amount paid {amount} or in another currency")]
    ListPriceBelowAmount {
        /// The list price.
        list_price: Money,
        /// The amount paid.
        amount: Money,
    },
    /// A partner's purchase whose discounts exceed its price: a purchase never credits
    /// the partner's account.
    #[error("the discounts {discount} exceed the price {price}: a purchase never credits")]
    DiscountExceedsPrice {
        /// The price before discounts, in the account's currency.
        price: Money,
        /// The discounts (and credit) taken off it.
        discount: Money,
    },
    /// An id or text longer than [`MAX_TEXT_BYTES`](crate::ledger::MAX_TEXT_BYTES).
    #[error("an id or text of {bytes} bytes is longer than the 1024 allowed")]
    TextTooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// A paid period that does not end after it starts.
    #[error("the paid period must end after it starts, got {from} to {to}")]
    InvalidPeriod {
        /// The period's start.
        from: Instant,
        /// The period's end.
        to: Instant,
    },
    /// An amount that must be positive is zero or negative.
    #[error("the amount must be positive, got {amount}")]
    NonPositiveAmount {
        /// The amount.
        amount: Money,
    },
    /// An amount above the engine's limit of 10^12.
    #[error("the amount {amount} is above the limit of 10^12")]
    AmountOutOfRange {
        /// The amount.
        amount: Money,
    },
    /// An amount with more decimals than its currency's minor unit.
    #[error("the amount {amount} has more than {minor_units} decimal places")]
    AmountTooPrecise {
        /// The amount.
        amount: Money,
        /// Decimal places the currency allows.
        minor_units: u32,
    },
    /// A currency code with no known minor unit.
    #[error("{currency} is not a known ISO 4217 currency")]
    UnknownCurrency {
        /// The code.
        currency: Currency,
    },
    /// A partner that has not registered.
    #[error("partner {partner} is not registered")]
    UnknownPartner {
        /// The partner.
        partner: PartnerId,
    },
    /// A client that has not registered.
    #[error("client {client} is not registered")]
    UnknownClient {
        /// The client.
        client: ClientId,
    },
    /// A refund or cancellation of a payment the ledger does not have.
    #[error("payment {payment} is not in the ledger")]
    UnknownPayment {
        /// The payment event id.
        payment: EventId,
    },
    /// A partner registered twice.
    #[error("partner {partner} is already registered")]
    PartnerAlreadyRegistered {
        /// The partner.
        partner: PartnerId,
    },
    /// A client registered twice.
    #[error("client {client} is already registered")]
    ClientAlreadyRegistered {
        /// The client.
        client: ClientId,
    },
    /// An event about an entity dated before that entity's registration.
    #[error("the event is dated before the registration at {registered_at}")]
    BeforeRegistration {
        /// When the entity registered.
        registered_at: Instant,
    },
    /// A conversion with no rate in force.
    #[error("no {from}/{to} exchange rate is in force at this time")]
    MissingFxRate {
        /// Currency converted from.
        from: Currency,
        /// Currency converted to.
        to: Currency,
    },
    /// An exchange rate of zero or less, or between a currency and itself.
    #[error("an exchange rate must be positive and between two different currencies")]
    InvalidFxRate,
    /// No program version is in force on the event's date.
    #[error("no version of program {program} is in force on {date}")]
    NoVersionInForce {
        /// The program.
        program: ProgramId,
        /// The program-time date.
        date: NaiveDate,
    },
    /// A client is already attributed to a partner.
    #[error("client {client} is already attributed to partner {partner}")]
    AlreadyAttributed {
        /// The client.
        client: ClientId,
        /// Its partner.
        partner: PartnerId,
    },
    /// A client another partner holds cannot be attached without a consented transfer.
    #[error(
        "client {client} is held by partner {holder}; it can move only by a transfer with its consent"
    )]
    HeldByAnotherPartner {
        /// The client.
        client: ClientId,
        /// The partner holding it.
        holder: PartnerId,
    },
    /// A transfer the client did not consent to.
    #[error("client {client} did not consent to the transfer")]
    TransferWithoutConsent {
        /// The client.
        client: ClientId,
    },
    /// An action that needs a partner holding the client when none (or another) does.
    #[error("partner {partner} does not hold client {client}")]
    NotHolder {
        /// The client.
        client: ClientId,
        /// The partner that acted.
        partner: PartnerId,
    },
    /// An attachment on a basis the program does not accept for this client.
    #[error(
        "client {client} has already paid: the program does not attach an existing client on the basis {basis:?}"
    )]
    AttachmentNotAllowed {
        /// The client.
        client: ClientId,
        /// The basis given.
        basis: crate::ledger::AttachBasis,
    },
    /// A release of a client no partner holds.
    #[error("client {client} is not held by any partner")]
    NotHeld {
        /// The client.
        client: ClientId,
    },
    /// An event that changes a fact of a partner to the value already in force (a legal
    /// form it already has, a contract that is not in force ended).
    #[error("nothing changes: the partner's {fact} is already {value}")]
    FactUnchanged {
        /// The fact (`legal form`, `contract`).
        fact: String,
        /// Its value in force.
        value: String,
    },
    /// A recruitment that would close a circle of parents: the parent named is the
    /// partner itself, or one of the partner's own sub-partners (its chain of parents in
    /// force leads back to the partner). The event is refused whole.
    ///
    /// ```
    /// use commission_rules::ErrorKind;
    /// let kind = ErrorKind::RecruitmentCycle { partner: "p-a".into(), parent: "p-b".into() };
    /// assert_eq!(kind.to_string(), "partner p-b cannot become the parent of partner p-a: \
    ///     it is p-a itself or one of its sub-partners, which would make a cycle");
    /// ```
    #[error(
        "partner {parent} cannot become the parent of partner {partner}: it is {partner} \
         itself or one of its sub-partners, which would make a cycle"
    )]
    RecruitmentCycle {
        /// The partner being recruited.
        partner: PartnerId,
        /// The parent named, whose chain of parents leads back to `partner`.
        parent: PartnerId,
    },
    /// An event naming a status, product line, integration or attribute key the program
    /// does not declare ([`RuleSet::names`](crate::RuleSet::names)), with the closest
    /// declared name if one is close.
    ///
    /// ```
    /// use commission_rules::ErrorKind;
    /// use commission_rules::rules::NameKind;
    /// let kind = ErrorKind::UndeclaredName { kind: NameKind::ProductLine, name: "depo".into(),
    ///     suggestion: Some("depo-ti".into()) };
    /// assert_eq!(kind.to_string(), "product line `depo` is not declared in the program's \
    ///     names.product_lines; did you mean `depo-ti`?");
    /// ```
    #[error(
        "{kind} `{name}` is not declared in the program's {}{}",
        kind.section(),
        crate::suggest::did_you_mean(suggestion.as_deref())
    )]
    UndeclaredName {
        /// What kind of name.
        kind: crate::rules::NameKind,
        /// The name, as the event wrote it.
        name: String,
        /// The closest declared name of the kind, if one is close.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// An event whose own fields contradict each other.
    #[error("the event is inconsistent: {reason}")]
    InconsistentEvent {
        /// What contradicts what.
        reason: String,
    },
    /// The program forbids refunds.
    #[error("the program does not allow refunds")]
    RefundForbidden,
    /// More refunded than was paid.
    #[error("refunds of {refunded} would exceed the {paid} paid")]
    RefundExceedsPayment {
        /// What was paid.
        paid: Money,
        /// What would be refunded in all.
        refunded: Money,
    },
    /// A withdrawal or purchase above the available balance.
    #[error("the available balance {available} does not cover {requested}")]
    InsufficientBalance {
        /// What the account holds now.
        available: Money,
        /// What was asked for.
        requested: Money,
    },
    /// The program has no rule for this kind of event.
    #[error("the program has no rule for {what}")]
    NotInProgram {
        /// What was attempted.
        what: String,
    },
    /// An amount in another currency than required.
    #[error("expected an amount in {expected}, got {found}")]
    CurrencyMismatch {
        /// Required currency.
        expected: Currency,
        /// Currency given.
        found: Currency,
    },
    /// A computation does not fit a `Decimal`.
    #[error("the computation overflows the decimal range")]
    Overflow,
    /// A rule set that fails validation.
    #[error("rule set at {path}: {reason}")]
    InvalidRuleSet {
        /// Path in the document.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Snapshots to merge were not all taken in statements-only mode, or two of them
    /// hold the same partner or client (the ledger was not split by [`crate::partition`]).
    #[error("snapshots cannot be merged: {reason}")]
    Unmergeable {
        /// Why.
        reason: String,
    },
    /// A snapshot that does not belong to this rule set.
    #[error("the snapshot was taken for program {found}, not {expected}")]
    SnapshotMismatch {
        /// The rule set's program.
        expected: ProgramId,
        /// The snapshot's program.
        found: ProgramId,
    },
    /// A snapshot taken under other terms of the same program (its fingerprint differs).
    #[error("the snapshot was taken under other terms of program {program}")]
    SnapshotTermsChanged {
        /// The program.
        program: ProgramId,
    },
}
