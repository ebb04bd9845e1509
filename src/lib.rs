//! # commission-rules
//!
//! A pure engine for SaaS partner programs. A vendor's program is a declarative
//! [`RuleSet`] value (plain serde data, versioned by effective date); a [`Ledger`] of
//! events goes in; an [`Outcome`] comes out: accruals, discounts, bonuses, entitlements,
//! rejected events and monthly [`PayoutStatement`]s, every line naming the clause that
//! produced it, the event it came from and the figures that explain it.
//!
//! No I/O, no clocks, no globals: the same inputs give the same bytes out.
//!
//! ```
//! use commission_rules::{evaluate, programs, Currency, Event, EventKind, Ledger, LegalForm, Money,
//!     Month, Payment, PaymentKind};
//! use chrono::{TimeZone, Utc};
//! use rust_decimal::Decimal;
//!
//! let at = |day, hour| Utc.with_ymd_and_hms(2024, 3, day, hour, 0, 0).unwrap();
//! let ledger: Ledger = vec![
//!     Event::new("p1-joins", at(1, 9), EventKind::PartnerRegistered {
//!         partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB }),
//!     Event::new("c1-joins", at(2, 9), EventKind::ClientRegistered {
//!         client: "c1".into(), referrer: Some("p1".into()), promo_code: Some("P1".into()),
//!         integration: None, via_partner_cabinet: false }),
//!     // 10 March 15:00 Moscow time = 12:00 UTC.
//!     Event::new("c1-pays", at(10, 12), EventKind::Payment(Payment::by_client(
//!         "c1".into(), PaymentKind::Subscription, Money::new(Decimal::from(5000), Currency::RUB)))),
//! ].into();
//!
//! let outcome = evaluate(&programs::radist(), &ledger).unwrap();
//! let accrual = &outcome.lines[0];
//! assert_eq!(accrual.clause.as_str(), "R-1");
//! assert_eq!(accrual.amount, Money::new(Decimal::from(2000), Currency::RUB));
//! assert_eq!(accrual.due, Some(at(13, 12))); // R-2: due 3 days later
//! let march = outcome.statement(&"p1".into(), Month::new(2024, 3).unwrap()).unwrap();
//! assert_eq!(march.payouts_due.len(), 1);
//! ```
//!
//! ## Map
//! - [`money`]: [`Money`], [`Currency`], [`Rate`], [`RoundingMode`].
//! - [`time`]: UTC instants, a program's fixed offset, [`Month`].
//! - [`ledger`]: [`Event`], [`EventKind`], [`Ledger`]; JSON Lines and CSV readers;
//!   [`ledger::build`]: constructors for the common events, amounts read exactly from
//!   text, local date-times in a program's zone ([`ProgramZone::local`]).
//! - [`rules`]: the [`RuleSet`] vocabulary; [`RuleSet::from_json`] loads and validates a
//!   program file.
//! - [`engine`]: [`evaluate`], [`Engine`] (event by event, snapshots).
//! - [`outcome`]: [`Outcome`], [`Line`] (with its stable [`LineId`]), [`PayoutStatement`],
//!   [`Leaderboard`].
//! - [`explain_payment`]: why a payment earned what it earned, rule by rule
//!   ([`PaymentExplanation`]).
//! - [`programs`]: the built-in vendor programs as values (also as `programs/*.json`).
//! - [`compare`], [`compare_books`]: one book of clients under several programs.
//! - [`partition`], [`evaluate_parallel`], [`Snapshot::merge`]: a ledger split into parts
//!   evaluated apart (threads or machines), merged into the same outcome.
//! - [`Error`]: one error type, naming the event.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Every fallible public function says when it fails.
#![deny(clippy::missing_errors_doc)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod compare;
pub mod engine;
mod error;
mod explain;
mod ids;
pub mod ledger;
pub mod money;
pub mod outcome;
mod partition;
pub mod programs;
pub mod rules;
mod sorted;
mod strict;
mod suggest;
pub mod time;

pub use compare::{Comparison, ComparisonRow, compare, compare_books};
pub use engine::{
    Engine, Mode, OutcomeDetail, Snapshot, evaluate, evaluate_with, evaluation_order,
};
pub use error::{Error, ErrorKind};
pub use explain::explain_payment;
pub use ids::{
    ClauseId, ClientId, EventId, InvalidLineId, LineId, PartnerId, Perk, ProgramId, RuleId, Status,
};
pub use ledger::{
    AttachBasis, ClientRegistration, Event, EventKind, InvalidAmount, Ledger, LegalForm, Payer,
    Payment, PaymentBuilder, PaymentKind, Period, SpecialistKind, TopUpMethod,
};
pub use money::{Currency, InvalidCurrencyCode, Money, MoneyError, Rate, RoundingMode};
pub use outcome::{
    Entitlement, Explanation, FxUsed, KindTotal, Leaderboard, LeaderboardEntry, Line, LineKind,
    MatchCriterion, Outcome, PaidLines, PaymentExplanation, PayoutDue, PayoutStatement,
    QualificationReport, Rejection, Requirement, RequirementCheck, RuleExplanation, RuleVerdict,
    Settlement, StatementTotals,
};
pub use partition::{evaluate_parallel, partition};
pub use rules::RuleSet;
pub use time::{Instant, InvalidLocalTime, InvalidMonth, InvalidZone, Month, ProgramZone};

/// The README's code blocks are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
