//! Ledger builders: short constructors for the common events, a payment builder, amounts
//! read exactly from text and local date-times read in a program's zone.
//!
//! Each constructor returns the [`EventKind`] that [`Event::new`](crate::Event::new)
//! takes with an id and an instant; the two events with options, a client's registration
//! and a payment, return a small builder that becomes an `EventKind` with `.into()`.
//! Nothing here checks the events against a program: the engine does that when it
//! applies them, naming the event.
//!
//! ```
//! use commission_rules::ledger::build::{self, money};
//! use commission_rules::{evaluate, programs, Currency, Event, Ledger, LegalForm};
//!
//! let program = programs::radist();
//! let msk = |text| program.time_zone.parse_local(text); // Moscow time, +03:00
//! let ledger: Ledger = vec![
//!     Event::new("p1-joins", msk("2024-03-01 12:00")?,
//!         build::partner_registered("p1", LegalForm::LegalEntity, Currency::RUB)),
//!     Event::new("c1-joins", msk("2024-03-02 12:00")?,
//!         build::client_with_promo_code("c1", "p1", "P1").into()),
//!     Event::new("c1-pays", msk("2024-03-10 15:00")?,
//!         build::payment("c1", money("5000", Currency::RUB)?).into()),
//! ].into();
//! let outcome = evaluate(&program, &ledger)?;
//! assert_eq!(outcome.lines[0].amount.to_string(), "2000.00 RUB"); // 40 % (R-1)
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::event::{AttachBasis, EventKind, LegalForm, SpecialistKind, TopUpMethod};
use super::payment::{Payer, Payment, PaymentKind, Period};
use crate::ids::{ClientId, EventId, PartnerId, Status};
use crate::money::{Currency, Money};
use crate::time::Instant;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------

/// Text that is not an amount this crate reads exactly.
///
/// ```
/// use commission_rules::ledger::build::{decimal, money};
/// use commission_rules::{Currency, InvalidAmount};
/// assert!(matches!(decimal("1e3"), Err(InvalidAmount::Malformed(_))));
/// assert_eq!(money("100.155", Currency::RUB).unwrap_err().to_string(),
///     "\"100.155\" is finer than the minor unit of RUB (2 decimal places)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidAmount {
    /// Not digits with an optional leading minus and at most one decimal point between
    /// digits (no `+`, exponent, `_` separator or space).
    #[error(
        "{0:?} is not a decimal amount: digits, an optional leading minus and one decimal \
         point between digits, like \"100.15\""
    )]
    Malformed(String),
    /// More digits than a `Decimal` holds exactly (28 decimal places, 96-bit mantissa):
    /// it would be rounded.
    #[error("{0:?} has more digits than a decimal holds exactly")]
    Inexact(String),
    /// An amount of money beyond [`Money::MAX_AMOUNT`] either way (10^12).
    #[error("{0:?} is beyond the largest amount accepted, 10^12")]
    OutOfRange(String),
    /// An amount of money written finer than its currency's minor unit.
    #[error("{text:?} is finer than the minor unit of {currency} ({minor_units} decimal places)")]
    TooPrecise {
        /// The text read.
        text: String,
        /// The currency of the amount.
        currency: Currency,
        /// The currency's decimal places.
        minor_units: u32,
    },
}

/// A decimal read exactly from text, as written: `"89.50"` keeps its two decimal places.
///
/// Accepts digits with an optional leading minus and at most one decimal point between
/// digits. Never goes through `f64`, and never rounds: text with more digits than a
/// `Decimal` holds is an error.
///
/// # Errors
/// [`InvalidAmount::Malformed`] for any other text, [`InvalidAmount::Inexact`] for too
/// many digits.
///
/// ```
/// use commission_rules::ledger::build::decimal;
/// use commission_rules::InvalidAmount;
/// use rust_decimal::Decimal;
/// assert_eq!(decimal("89.50").unwrap(), Decimal::new(8950, 2));
/// assert_eq!(decimal("89.50").unwrap().to_string(), "89.50");
/// assert!(matches!(decimal("+1"), Err(InvalidAmount::Malformed(_))));
/// assert!(matches!(decimal("1."), Err(InvalidAmount::Malformed(_))));
/// assert!(matches!(decimal("0.12345678901234567890123456789"), Err(InvalidAmount::Inexact(_))));
/// ```
pub fn decimal(text: &str) -> Result<Decimal, InvalidAmount> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return Err(InvalidAmount::Malformed(text.to_owned()));
    }
    // `from_str_exact` refuses what it would have to round; the grammar above refuses
    // what rust_decimal would otherwise accept (`_`, a leading `+` or `.`).
    Decimal::from_str_exact(text).map_err(|_| InvalidAmount::Inexact(text.to_owned()))
}

/// An amount of money read exactly from text (see [`decimal`]), at most 10^12 either way
/// and no finer than the currency's minor unit, the limits the engine applies to every
/// amount it is given.
///
/// # Errors
/// [`InvalidAmount::Malformed`] or [`InvalidAmount::Inexact`] as [`decimal`] returns
/// them; [`InvalidAmount::OutOfRange`] beyond 10^12 either way;
/// [`InvalidAmount::TooPrecise`] for digits finer than the currency's minor unit (kopecks
/// for RUB).
///
/// ```
/// use commission_rules::ledger::build::money;
/// use commission_rules::{Currency, InvalidAmount, Money};
/// use rust_decimal::Decimal;
/// let price = money("100.15", Currency::RUB).unwrap();
/// assert_eq!(price, Money::new(Decimal::new(10015, 2), Currency::RUB));
/// assert_eq!(money("-30", Currency::EUR).unwrap().to_string(), "-30 EUR");
/// assert!(matches!(money("1000000000000.01", Currency::RUB), Err(InvalidAmount::OutOfRange(_))));
/// assert!(matches!(money("1.001", Currency::EUR), Err(InvalidAmount::TooPrecise { .. })));
/// ```
pub fn money(text: &str, currency: Currency) -> Result<Money, InvalidAmount> {
    let amount = decimal(text)?;
    if amount.abs() > Money::MAX_AMOUNT {
        return Err(InvalidAmount::OutOfRange(text.to_owned()));
    }
    if let Some(minor_units) = currency.minor_units() {
        if amount.normalize().scale() > minor_units {
            return Err(InvalidAmount::TooPrecise {
                text: text.to_owned(),
                currency,
                minor_units,
            });
        }
    }
    Ok(Money::new(amount, currency))
}

// ---------------------------------------------------------------------------------------
// Local date-times
// ---------------------------------------------------------------------------------------

// Local date-times in a program's zone, kept with the ledger builders that need them.

// ---------------------------------------------------------------------------------------
// Partners
// ---------------------------------------------------------------------------------------

/// A partner joins with an account in one currency ([`EventKind::PartnerRegistered`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::{Currency, EventKind, LegalForm};
/// assert_eq!(build::partner_registered("p1", LegalForm::SelfEmployed, Currency::RUB),
///     EventKind::PartnerRegistered { partner: "p1".into(),
///         legal_form: LegalForm::SelfEmployed, currency: Currency::RUB });
/// ```
pub fn partner_registered(
    partner: impl Into<PartnerId>,
    legal_form: LegalForm,
    currency: Currency,
) -> EventKind {
    EventKind::PartnerRegistered {
        partner: partner.into(),
        legal_form,
        currency,
    }
}

/// The partner signs the vendor's contract ([`EventKind::ContractSigned`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::contract_signed("p1"), EventKind::ContractSigned { partner: "p1".into() });
/// ```
pub fn contract_signed(partner: impl Into<PartnerId>) -> EventKind {
    EventKind::ContractSigned {
        partner: partner.into(),
    }
}

/// The partner's contract ends ([`EventKind::ContractEnded`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::contract_ended("p1"), EventKind::ContractEnded { partner: "p1".into() });
/// ```
pub fn contract_ended(partner: impl Into<PartnerId>) -> EventKind {
    EventKind::ContractEnded {
        partner: partner.into(),
    }
}

/// The partner's legal form changes from now on ([`EventKind::LegalFormChanged`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::{EventKind, LegalForm};
/// assert_eq!(build::legal_form_changed("p1", LegalForm::SoleProprietor),
///     EventKind::LegalFormChanged { partner: "p1".into(), legal_form: LegalForm::SoleProprietor });
/// ```
pub fn legal_form_changed(partner: impl Into<PartnerId>, legal_form: LegalForm) -> EventKind {
    EventKind::LegalFormChanged {
        partner: partner.into(),
        legal_form,
    }
}

/// The vendor grants the partner a status ([`EventKind::StatusGranted`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::status_granted("p1", "gold"),
///     EventKind::StatusGranted { partner: "p1".into(), status: "gold".into() });
/// ```
pub fn status_granted(partner: impl Into<PartnerId>, status: impl Into<Status>) -> EventKind {
    EventKind::StatusGranted {
        partner: partner.into(),
        status: status.into(),
    }
}

/// One of the partner's staff is certified ([`EventKind::SpecialistCertified`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::{EventKind, SpecialistKind};
/// assert_eq!(build::specialist_certified("p1", SpecialistKind::Sales),
///     EventKind::SpecialistCertified { partner: "p1".into(), specialist: SpecialistKind::Sales });
/// ```
pub fn specialist_certified(
    partner: impl Into<PartnerId>,
    specialist: SpecialistKind,
) -> EventKind {
    EventKind::SpecialistCertified {
        partner: partner.into(),
        specialist,
    }
}

/// Support links two accounts of one partner ([`EventKind::AccountsLinked`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::accounts_linked("studio", "studio-kz"),
///     EventKind::AccountsLinked { partner: "studio".into(), other: "studio-kz".into() });
/// ```
pub fn accounts_linked(partner: impl Into<PartnerId>, other: impl Into<PartnerId>) -> EventKind {
    EventKind::AccountsLinked {
        partner: partner.into(),
        other: other.into(),
    }
}

/// A parent partner recruits a partner: its parent from now on
/// ([`EventKind::PartnerRecruited`]). A recruitment on registration is this event at the
/// registration's instant, after the registration.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::partner_recruited("p-sub", "p-top"),
///     EventKind::PartnerRecruited { partner: "p-sub".into(), parent: "p-top".into() });
/// ```
pub fn partner_recruited(partner: impl Into<PartnerId>, parent: impl Into<PartnerId>) -> EventKind {
    EventKind::PartnerRecruited {
        partner: partner.into(),
        parent: parent.into(),
    }
}

// ---------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------

/// A client's registration being written ([`EventKind::ClientRegistered`]): start from
/// [`client_self_registered`], [`client_referred`], [`client_with_promo_code`] or
/// [`client_from_cabinet`], name its integration if the program cares, and turn it into
/// the event's kind with `.into()`.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// let kind: EventKind = build::client_from_cabinet("c1", "p1").integration("amocrm").into();
/// assert!(matches!(kind, EventKind::ClientRegistered { via_partner_cabinet: true, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a registration does nothing until it is turned into an event with `.into()`"]
#[non_exhaustive]
pub struct ClientRegistration {
    client: ClientId,
    referrer: Option<PartnerId>,
    promo_code: Option<String>,
    integration: Option<String>,
    via_partner_cabinet: bool,
}

/// A client registers on its own: no partner, no promo code.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// let kind: EventKind = build::client_self_registered("c1").into();
/// assert_eq!(kind, EventKind::ClientRegistered { client: "c1".into(), referrer: None,
///     promo_code: None, integration: None, via_partner_cabinet: false });
/// ```
pub fn client_self_registered(client: impl Into<ClientId>) -> ClientRegistration {
    ClientRegistration {
        client: client.into(),
        referrer: None,
        promo_code: None,
        integration: None,
        via_partner_cabinet: false,
    }
}

/// A client registers through a partner's referral link: the partner is its referrer,
/// no promo code was entered.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// let kind: EventKind = build::client_referred("c1", "p1").into();
/// assert_eq!(kind, EventKind::ClientRegistered { client: "c1".into(),
///     referrer: Some("p1".into()), promo_code: None, integration: None,
///     via_partner_cabinet: false });
/// ```
pub fn client_referred(
    client: impl Into<ClientId>,
    partner: impl Into<PartnerId>,
) -> ClientRegistration {
    ClientRegistration {
        referrer: Some(partner.into()),
        ..client_self_registered(client)
    }
}

/// A client registers with a partner's promo code: the partner is its referrer.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// let kind: EventKind = build::client_with_promo_code("c1", "p1", "P1").into();
/// assert_eq!(kind, EventKind::ClientRegistered { client: "c1".into(),
///     referrer: Some("p1".into()), promo_code: Some("P1".into()), integration: None,
///     via_partner_cabinet: false });
/// ```
pub fn client_with_promo_code(
    client: impl Into<ClientId>,
    partner: impl Into<PartnerId>,
    promo_code: impl Into<String>,
) -> ClientRegistration {
    ClientRegistration {
        promo_code: Some(promo_code.into()),
        ..client_referred(client, partner)
    }
}

/// A partner registers the client from its cabinet: the partner is its referrer and
/// also holds it.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// let kind: EventKind = build::client_from_cabinet("c1", "p1").into();
/// assert_eq!(kind, EventKind::ClientRegistered { client: "c1".into(),
///     referrer: Some("p1".into()), promo_code: None, integration: None,
///     via_partner_cabinet: true });
/// ```
pub fn client_from_cabinet(
    client: impl Into<ClientId>,
    partner: impl Into<PartnerId>,
) -> ClientRegistration {
    ClientRegistration {
        via_partner_cabinet: true,
        ..client_referred(client, partner)
    }
}

impl ClientRegistration {
    /// The integration (CRM) the client uses, where the program's rules depend on it.
    ///
    /// ```
    /// use commission_rules::ledger::build;
    /// use commission_rules::EventKind;
    /// let kind: EventKind = build::client_self_registered("c1").integration("kommo").into();
    /// assert!(matches!(kind, EventKind::ClientRegistered { integration: Some(ref i), .. } if i == "kommo"));
    /// ```
    pub fn integration(self, integration: impl Into<String>) -> Self {
        Self {
            integration: Some(integration.into()),
            ..self
        }
    }
}

impl From<ClientRegistration> for EventKind {
    fn from(registration: ClientRegistration) -> Self {
        EventKind::ClientRegistered {
            client: registration.client,
            referrer: registration.referrer,
            promo_code: registration.promo_code,
            integration: registration.integration,
            via_partner_cabinet: registration.via_partner_cabinet,
        }
    }
}

/// A partner asks for an existing client to be attached to it
/// ([`EventKind::ClientAttached`], not refused).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::{AttachBasis, EventKind};
/// assert_eq!(build::client_attached("c1", "p1", AttachBasis::BeforeInstall),
///     EventKind::ClientAttached { client: "c1".into(), partner: "p1".into(),
///         basis: AttachBasis::BeforeInstall, refused: false });
/// ```
pub fn client_attached(
    client: impl Into<ClientId>,
    partner: impl Into<PartnerId>,
    basis: AttachBasis,
) -> EventKind {
    attachment(client.into(), partner.into(), basis, false)
}

fn attachment(
    client: ClientId,
    partner: PartnerId,
    basis: AttachBasis,
    refused: bool,
) -> EventKind {
    EventKind::ClientAttached {
        client,
        partner,
        basis,
        refused,
    }
}

/// The vendor refuses a partner's request to attach a client
/// ([`EventKind::ClientAttached`] with `refused`).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::{AttachBasis, EventKind};
/// assert_eq!(build::client_attachment_refused("c1", "p1", AttachBasis::Evidence),
///     EventKind::ClientAttached { client: "c1".into(), partner: "p1".into(),
///         basis: AttachBasis::Evidence, refused: true });
/// ```
pub fn client_attachment_refused(
    client: impl Into<ClientId>,
    partner: impl Into<PartnerId>,
    basis: AttachBasis,
) -> EventKind {
    attachment(client.into(), partner.into(), basis, true)
}

/// A client moves to another partner ([`EventKind::ClientTransferred`]); `consent`: the
/// client consented in writing (a transfer without it is rejected by the engine).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::client_transferred("c1", "p2", true),
///     EventKind::ClientTransferred { client: "c1".into(), to: "p2".into(), consent: true });
/// ```
pub fn client_transferred(
    client: impl Into<ClientId>,
    to: impl Into<PartnerId>,
    consent: bool,
) -> EventKind {
    EventKind::ClientTransferred {
        client: client.into(),
        to: to.into(),
        consent,
    }
}

/// The partner holding a client stops serving it ([`EventKind::ClientReleased`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::client_released("c1"), EventKind::ClientReleased { client: "c1".into() });
/// ```
pub fn client_released(client: impl Into<ClientId>) -> EventKind {
    EventKind::ClientReleased {
        client: client.into(),
    }
}

/// The vendor attributes a client to a partner after the fact
/// ([`EventKind::AttributionCorrected`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::attribution_corrected("c1", "p1"),
///     EventKind::AttributionCorrected { client: "c1".into(), partner: "p1".into() });
/// ```
pub fn attribution_corrected(
    client: impl Into<ClientId>,
    partner: impl Into<PartnerId>,
) -> EventKind {
    EventKind::AttributionCorrected {
        client: client.into(),
        partner: partner.into(),
    }
}

// ---------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------

/// A payment being written ([`EventKind::Payment`]): from [`payment`], a subscription
/// paid by the client itself; the setters change what was bought, who paid, the list
/// price and the period. `.into()` makes the event's kind, [`Self::build`] the
/// [`Payment`].
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind, Payer};
/// let sale = build::payment("c1", money("72000", Currency::RUB).unwrap())
///     .license("ti")
///     .paid_by_partner("p1")
///     .list_price(money("80000", Currency::RUB).unwrap())
///     .build();
/// assert_eq!(sale.paid_by, Payer::Partner("p1".into()));
/// let kind: EventKind = build::payment("c1", sale.amount).into();
/// assert!(matches!(kind, EventKind::Payment(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a payment does nothing until it is turned into an event with `.into()`"]
pub struct PaymentBuilder {
    payment: Payment,
}

/// A subscription payment the client makes itself: `amount` is what was paid, in the
/// payment's currency. Chain setters on the [`PaymentBuilder`] for anything else.
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, Payment, PaymentKind};
/// let amount = money("3090", Currency::RUB).unwrap();
/// assert_eq!(build::payment("c1", amount).build(),
///     Payment::by_client("c1".into(), PaymentKind::Subscription, amount));
/// ```
pub fn payment(client: impl Into<ClientId>, amount: Money) -> PaymentBuilder {
    PaymentBuilder {
        payment: Payment::by_client(client.into(), PaymentKind::Subscription, amount),
    }
}

impl PaymentBuilder {
    /// Paid by a partner for the client (the partner buying its client's subscription,
    /// licence or top-up), not by the client.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{Currency, Payer};
    /// let p = build::payment("c1", money("3000", Currency::RUB).unwrap())
    ///     .paid_by_partner("studio").build();
    /// assert_eq!(p.paid_by, Payer::Partner("studio".into()));
    /// ```
    pub fn paid_by_partner(mut self, partner: impl Into<PartnerId>) -> Self {
        self.payment.paid_by = Payer::Partner(partner.into());
        self
    }

    /// A licence of a product line ([`PaymentKind::License`]) rather than a subscription.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{Currency, PaymentKind};
    /// let p = build::payment("c1", money("10000", Currency::RUB).unwrap()).license("ti").build();
    /// assert_eq!(p.kind, PaymentKind::License { product_line: "ti".into() });
    /// ```
    pub fn license(mut self, product_line: impl Into<String>) -> Self {
        self.payment.kind = PaymentKind::License {
            product_line: product_line.into(),
        };
        self
    }

    /// A renewal of a product line ([`PaymentKind::Renewal`]) rather than a subscription.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{Currency, PaymentKind};
    /// let p = build::payment("c1", money("6000", Currency::RUB).unwrap()).renewal("ti").build();
    /// assert_eq!(p.kind, PaymentKind::Renewal { product_line: "ti".into() });
    /// ```
    pub fn renewal(mut self, product_line: impl Into<String>) -> Self {
        self.payment.kind = PaymentKind::Renewal {
            product_line: product_line.into(),
        };
        self
    }

    /// A top-up of a prepaid balance held with the vendor ([`PaymentKind::BalanceTopUp`])
    /// rather than a subscription.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{Currency, PaymentKind};
    /// let p = build::payment("c1", money("10000", Currency::RUB).unwrap()).balance_top_up().build();
    /// assert_eq!(p.kind, PaymentKind::BalanceTopUp);
    /// ```
    pub fn balance_top_up(mut self) -> Self {
        self.payment.kind = PaymentKind::BalanceTopUp;
        self
    }

    /// The vendor's list price, for programs whose rewards are a share of it rather than
    /// of the amount paid.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::Currency;
    /// let list = money("80000", Currency::RUB).unwrap();
    /// let p = build::payment("c1", money("72000", Currency::RUB).unwrap()).list_price(list).build();
    /// assert_eq!(p.list_price, Some(list));
    /// ```
    pub fn list_price(mut self, list_price: Money) -> Self {
        self.payment.list_price = Some(list_price);
        self
    }

    /// The service period paid for, `[from, to)` (the engine rejects `from >= to`).
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{Currency, ProgramZone};
    /// let zone = ProgramZone::MOSCOW;
    /// let (from, to) = (zone.local(2024, 1, 1, 0, 0, 0).unwrap(), zone.local(2025, 1, 1, 0, 0, 0).unwrap());
    /// let p = build::payment("c1", money("12000", Currency::RUB).unwrap()).period(from, to).build();
    /// assert!(p.period.unwrap().covers(from));
    /// ```
    pub fn period(mut self, from: Instant, to: Instant) -> Self {
        self.payment.period = Some(Period { from, to });
        self
    }

    /// The payment written.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{Currency, Payer};
    /// let p = build::payment("c1", money("50", Currency::USD).unwrap()).build();
    /// assert_eq!((p.client.as_str(), p.paid_by), ("c1", Payer::Client));
    /// ```
    pub fn build(self) -> Payment {
        self.payment
    }
}

impl From<PaymentBuilder> for EventKind {
    fn from(builder: PaymentBuilder) -> Self {
        EventKind::Payment(builder.payment)
    }
}

/// (Part of) an earlier payment is refunded ([`EventKind::Refund`]): `amount` in the
/// payment's currency.
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind};
/// let amount = money("1000", Currency::RUB).unwrap();
/// assert_eq!(build::refund("c1-pays", amount),
///     EventKind::Refund { payment: "c1-pays".into(), amount });
/// ```
pub fn refund(payment: impl Into<EventId>, amount: Money) -> EventKind {
    EventKind::Refund {
        payment: payment.into(),
        amount,
    }
}

/// The subscription an earlier payment paid for is cancelled at the event's instant
/// ([`EventKind::SubscriptionCancelled`]).
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::subscription_cancelled("c1-pays"),
///     EventKind::SubscriptionCancelled { payment: "c1-pays".into() });
/// ```
pub fn subscription_cancelled(payment: impl Into<EventId>) -> EventKind {
    EventKind::SubscriptionCancelled {
        payment: payment.into(),
    }
}

/// An exchange rate, 1 `base` = `rate` `quote`, in force from the event's instant
/// ([`EventKind::FxRate`]); read the rate exactly with [`decimal`].
///
/// ```
/// use commission_rules::ledger::build::{self, decimal};
/// use commission_rules::{Currency, EventKind};
/// let rate = decimal("89.50").unwrap();
/// assert_eq!(build::fx_rate(Currency::USD, Currency::RUB, rate),
///     EventKind::FxRate { base: Currency::USD, quote: Currency::RUB, rate });
/// ```
pub fn fx_rate(base: Currency, quote: Currency, rate: Decimal) -> EventKind {
    EventKind::FxRate { base, quote, rate }
}

// ---------------------------------------------------------------------------------------
// Partner accounts
// ---------------------------------------------------------------------------------------

/// The partner puts money into its partner account ([`EventKind::PartnerTopUp`]).
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind, TopUpMethod};
/// let amount = money("15000", Currency::RUB).unwrap();
/// assert_eq!(build::partner_top_up("p1", amount, TopUpMethod::Card),
///     EventKind::PartnerTopUp { partner: "p1".into(), amount, method: TopUpMethod::Card });
/// ```
pub fn partner_top_up(
    partner: impl Into<PartnerId>,
    amount: Money,
    method: TopUpMethod,
) -> EventKind {
    EventKind::PartnerTopUp {
        partner: partner.into(),
        amount,
        method,
    }
}

/// The partner asks to withdraw money from its account
/// ([`EventKind::WithdrawalRequested`]).
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind};
/// let amount = money("10000", Currency::RUB).unwrap();
/// assert_eq!(build::withdrawal_requested("p1", amount),
///     EventKind::WithdrawalRequested { partner: "p1".into(), amount });
/// ```
pub fn withdrawal_requested(partner: impl Into<PartnerId>, amount: Money) -> EventKind {
    EventKind::WithdrawalRequested {
        partner: partner.into(),
        amount,
    }
}

/// The vendor awards a SPIF of an amount it set ([`EventKind::SpifAwarded`]).
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind};
/// let amount = money("50000", Currency::RUB).unwrap();
/// assert_eq!(build::spif_awarded("p1", amount),
///     EventKind::SpifAwarded { partner: "p1".into(), amount });
/// ```
pub fn spif_awarded(partner: impl Into<PartnerId>, amount: Money) -> EventKind {
    EventKind::SpifAwarded {
        partner: partner.into(),
        amount,
    }
}

/// A manual adjustment, positive to credit the partner, with its reason in words
/// ([`EventKind::ManualAdjustment`]).
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind};
/// let amount = money("-500", Currency::RUB).unwrap();
/// assert_eq!(build::manual_adjustment("p1", amount, "duplicate accrual"),
///     EventKind::ManualAdjustment { partner: "p1".into(), amount,
///         reason: "duplicate accrual".into() });
/// ```
pub fn manual_adjustment(
    partner: impl Into<PartnerId>,
    amount: Money,
    reason: impl Into<String>,
) -> EventKind {
    EventKind::ManualAdjustment {
        partner: partner.into(),
        amount,
        reason: reason.into(),
    }
}

/// The partner buys seats of a product line for its own use, `list_price` for all of
/// them together ([`EventKind::InternalPurchase`]).
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{Currency, EventKind};
/// let list_price = money("60000", Currency::RUB).unwrap();
/// assert_eq!(build::internal_purchase("p1", "ti", 60, list_price),
///     EventKind::InternalPurchase { partner: "p1".into(), product_line: "ti".into(),
///         seats: 60, list_price });
/// ```
pub fn internal_purchase(
    partner: impl Into<PartnerId>,
    product_line: impl Into<String>,
    seats: u32,
    list_price: Money,
) -> EventKind {
    EventKind::InternalPurchase {
        partner: partner.into(),
        product_line: product_line.into(),
        seats,
        list_price,
    }
}

/// Nothing happened: the ledger has reached the event's instant
/// ([`EventKind::Checkpoint`]), so what time alone brings (expiring credit, period
/// rebates, payout runs) is booked up to it.
///
/// ```
/// use commission_rules::ledger::build;
/// use commission_rules::EventKind;
/// assert_eq!(build::checkpoint(), EventKind::Checkpoint);
/// ```
pub fn checkpoint() -> EventKind {
    EventKind::Checkpoint
}
