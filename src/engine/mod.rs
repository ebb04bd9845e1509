//! The engine: interprets a [`RuleSet`] over a ledger, event by event, deterministically.
//!
//! [`evaluate`] orders the ledger ([`evaluation_order`]: by time, ties in ledger order, a
//! day's FX rates first where the program takes rates by the day) and runs it through an
//! [`Engine`]. An `Engine` can also be fed events one at a time, snapshotted with serde and
//! resumed: evaluating a ledger in two halves through a snapshot equals evaluating it whole.
//!
//! # How an event flows
//!
//! 1. **Place** (`Engine::apply`): its date in range, not before the last event applied
//!    or rejected (`order`). Then time reaches its instant first (`advance`, only when something is due): what
//!    was due at or before it is booked before the event, with or without a checkpoint.
//!    Then **check**: other dates, texts within bounds, id not seen (`checks`).
//! 2. **Dispatch** (`apply`): one arm per event kind, each a call. Every handler checks
//!    everything before it changes anything, so a rejected event leaves no trace but the
//!    instant it reached, as a checkpoint there would (debug builds assert it).
//! 3. **Shared facts** first: partners (`partner_facts`: registration, legal form,
//!    contract, specialists), clients (`clients`: referrer, holder, reporter, channel),
//!    payments (`payments`), FX rates, account groups and counts (all in `state`).
//! 4. **Hooks**: the rule kinds in `kinds/` react to what the facts say —
//!    - *a client registered*: bonuses for a promo code (`bonus`);
//!    - *a payment*: reward lines (`reward`), welcome credit used (`welcome_credit`), the
//!      invoice (`internal_use`), a bounty at the client's first payment (`bonus`), sales
//!      tracked (`rebate`), active periods (`entitlement`);
//!    - *a client gained under a count* (`gained`): entitlements at a count, bonuses at a
//!      count (`bonus`), retroactive tiers (`rerate`);
//!    - *a refund or cancellation*: clawbacks (`refunds`), unused days returned (`account`);
//!    - *lines booked* (`lines_booked`): caps counted (`rerate`), the month's lines kept,
//!      monthly payout runs waited for (`payout`), rewards remembered for clawback
//!      (`refunds`);
//!    - *time reaching an instant* (`advance`, before an event when something is due and
//!      after every event): expired credits,
//!      closed rebate periods, monthly payout runs;
//!    - *finish* (`finish`): statements, settlements, leaderboards, entitlement runs,
//!      qualification reports.
//! 5. **Book**: `State::book` appends the lines and keeps each partner's balance (one
//!    currency; debug builds check each line is rounded once).
//!
//! Helpers every kind may use: `booking` (booking currency, conversion with markup, the one
//! rounding, account lines, automatic payout lines), `plan` (the rules in force, prepared
//! once), `checks`. A kind never imports another kind; where one kind's change starts
//! another's (a status granted starts entitlements), the dispatcher calls both.
//!
//! # How to add a rule kind
//!
//! 1. Its model: a variant of [`RuleKind`](crate::rules::RuleKind) with its data type
//!    (`src/rules/`), and its validation (`src/rules/validate.rs`).
//! 2. Its module in `src/engine/kinds/`, owning its logic, called from the hook it reacts
//!    to (a payment in `payments`, a gain in `gained`, time in `advance`, finish in
//!    `finish`). Bookkeeping of its own per partner goes in a table of
//!    `state::KindTables` that only its module reads and writes (welcome credits,
//!    milestones paid, internal seats, rebate sales, a month's rewards for retroactive
//!    tiers are there), merged by
//!    `merge::absorb_kinds` (which does not compile until the new table is merged);
//!    `PartnerState` keeps the facts several kinds read.

// Errors are built only when a check fails, even cheap ones: an `ErrorKind` built eagerly
// (`ok_or`) is dropped on every success, a call since some variants own text; that was
// about 3 % of a payment's instructions (callgrind).
#![allow(clippy::unnecessary_lazy_evaluations)]

mod apply;
mod booking;
mod checks;
mod clients;
mod detail;
mod diagnose;
mod finish;
mod gained;
mod history;
mod kinds;
mod lines_booked;
mod merge;
mod numbering;
mod order;
mod partner_facts;
mod payments;
mod plan;
mod retention;
mod state;

use crate::error::{Error, ErrorKind};
use crate::ids::ProgramId;
use crate::ledger::{Event, Ledger};
use crate::outcome::Outcome;
use crate::rules::{FormatVersion, RuleSet};
use crate::sorted::PerInstant;
use crate::time::Instant;
pub use detail::OutcomeDetail;
use order::OrderKey;
pub use order::evaluation_order;
use plan::Plan;
use serde::{Deserialize, Serialize};
use state::State;

/// What to do with a bad event.
///
/// ```
/// use commission_rules::Mode;
/// assert_ne!(Mode::Strict, Mode::Lenient);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Mode {
    /// Stop at the first bad event with a typed error naming it.
    Strict,
    /// Reject the bad event with its reason (in [`Outcome::rejections`]) and go on.
    Lenient,
}

/// Evaluates a ledger in strict mode: the first bad event stops evaluation.
///
/// # Errors
/// [`ErrorKind::InvalidRuleSet`] (with its path in the document) if the program does not
/// validate; the first event the program rejects, with its id ([`Error::event`]) and
/// why ([`Error::kind`]: a duplicate id, an unknown partner or client, a date outside
/// 1900–2199, an amount in the wrong currency, …); and the errors of building the
/// outcome ([`Engine::outcome`]).
///
/// ```
/// use commission_rules::{evaluate, programs, Event, EventKind, Ledger, LegalForm, Currency};
/// use chrono::{TimeZone, Utc};
/// let at = Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap();
/// let register = EventKind::PartnerRegistered { partner: "p1".into(),
///     legal_form: LegalForm::LegalEntity, currency: Currency::new("RUB").unwrap() };
/// let ledger: Ledger = vec![Event::new("e1", at, register.clone()), Event::new("e1", at, register)].into();
/// let err = evaluate(&programs::radist(), &ledger).unwrap_err();
/// assert_eq!(err.to_string(), "event e1: an earlier event already has this id");
/// ```
pub fn evaluate(program: &RuleSet, ledger: &Ledger) -> Result<Outcome, Error> {
    evaluate_with(program, ledger, Mode::Strict)
}

/// Evaluates a ledger in the given mode.
///
/// # Errors
/// [`ErrorKind::InvalidRuleSet`] (with its path in the document) if the program does not
/// validate; in [`Mode::Strict`], the first event the program rejects, as [`evaluate`]
/// returns it ([`Mode::Lenient`] records it in [`Outcome::rejections`] instead); and the
/// errors of building the outcome ([`Engine::outcome`]).
///
/// ```
/// use commission_rules::{evaluate_with, programs, Event, EventKind, Ledger, Mode, ErrorKind};
/// use chrono::{TimeZone, Utc};
/// let at = Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap();
/// let ledger: Ledger = vec![Event::new("e1", at, EventKind::ContractSigned { partner: "nobody".into() })].into();
/// let outcome = evaluate_with(&programs::radist(), &ledger, Mode::Lenient).unwrap();
/// assert!(matches!(outcome.rejections[0].reason, ErrorKind::UnknownPartner { .. }));
/// ```
pub fn evaluate_with(program: &RuleSet, ledger: &Ledger, mode: Mode) -> Result<Outcome, Error> {
    let mut engine = Engine::new(program, mode)?;
    for event in evaluation_order(program, ledger) {
        engine.apply(event)?;
    }
    engine.outcome()
}

/// Everything after an accepted event at `at` (whose lines start at `first_new_line`), and
/// all that happens when time alone reaches `at` (before an event, or by `advance_to`):
/// what time brings up to `at`, the bookkeeping of new lines, and in statements-only mode
/// folding them and forgetting payments no rule can use any more.
fn advance(program: &Plan<'_>, state: &mut State, at: Instant, first_new_line: usize) {
    // Asked here as well as inside: most events find nothing due, and skip two calls.
    if state.time_brings_by(at) {
        kinds::welcome_credit::close_expired_credits(program, state, at);
        kinds::rebate::close_rebate_periods(program, state, at);
    }
    lines_booked::after_event(program, state, first_new_line, at);
    kinds::refunds::remember_rewards(program, state, first_new_line);
    // Caught-up payments are forgotten only now: until here the bookkeeping above still
    // reads when each was paid.
    if !state.caught_up.is_empty() {
        for payment in std::mem::take(&mut state.caught_up) {
            retention::keep_or_forget(program, state, &payment);
        }
    }
    if state.time_brings_by(at) {
        kinds::payout::run_payouts(program, state, at);
    }
    if state.detail == OutcomeDetail::Statements {
        retention::fold_lines(state);
        retention::forget_expired(state, at);
    }
    state.last_at = Some(at);
}

impl Snapshot {
    /// Refuses a snapshot of another program, or of other terms under the same id
    /// (`fingerprint` is the program's, computed once by the caller).
    fn check_taken_under(&self, program: &RuleSet, fingerprint: &str) -> Result<(), Error> {
        if self.program != program.program {
            return Err(Error::general(ErrorKind::SnapshotMismatch {
                expected: program.program.clone(),
                found: self.program.clone(),
            }));
        }
        if self.fingerprint != fingerprint {
            return Err(Error::general(ErrorKind::SnapshotTermsChanged {
                program: program.program.clone(),
            }));
        }
        Ok(())
    }
}

/// An evaluation in progress, fed one event at a time in time order.
///
/// ```
/// use commission_rules::{Engine, Mode, programs, Event, EventKind, LegalForm, Currency};
/// use chrono::{TimeZone, Utc};
/// let program = programs::radist();
/// let mut engine = Engine::new(&program, Mode::Strict).unwrap();
/// engine.apply(&Event::new("e1", Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap(),
///     EventKind::PartnerRegistered { partner: "p1".into(), legal_form: LegalForm::LegalEntity,
///         currency: Currency::new("RUB").unwrap() })).unwrap();
/// let snapshot = engine.snapshot();
/// let resumed = Engine::resume(&program, snapshot, Mode::Strict).unwrap();
/// assert_eq!(resumed.outcome().unwrap(), engine.outcome().unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct Engine<'p> {
    plan: Plan<'p>,
    mode: Mode,
    state: State,
}

/// The serialisable state of an [`Engine`], to resume evaluation later (or elsewhere).
///
/// A snapshot is written with the version of its format first
/// ([`FormatVersion::CURRENT`]); reading one of a newer version, or one without a
/// version, is an error that says so, before anything else of it is read.
///
/// ```
/// use commission_rules::{Engine, Mode, programs, Snapshot};
/// let program = programs::radist();
/// let snapshot = Engine::new(&program, Mode::Strict).unwrap().snapshot();
/// let json = serde_json::to_string(&snapshot).unwrap();
/// assert!(json.starts_with(r#"{"format_version":1,"program":"radist","#));
/// assert_eq!(serde_json::from_str::<Snapshot>(&json).unwrap(), snapshot);
///
/// let newer = json.replacen(r#""format_version":1"#, r#""format_version":2"#, 1);
/// let error = serde_json::from_str::<Snapshot>(&newer).unwrap_err();
/// assert_eq!(error.to_string(),
///     "format_version 2 is newer than this library reads (1) at line 1 column 19");
/// let unversioned = json.replacen(r#""format_version":1,"#, "", 1);
/// let error = serde_json::from_str::<Snapshot>(&unversioned).unwrap_err();
/// assert!(error.to_string().starts_with("missing field `format_version`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    program: ProgramId,
    /// The rule set's fingerprint: resuming under changed terms is refused.
    fingerprint: String,
    state: State,
}

/// A snapshot as written: its format's version first, so that a reader meets it before
/// the state (whose shape is what a newer version would change).
#[derive(Serialize)]
struct SnapshotWritten<'a> {
    format_version: FormatVersion,
    program: &'a ProgramId,
    fingerprint: &'a str,
    state: &'a State,
}

/// A snapshot as read: the version is required (a snapshot is always written with it) and
/// refused if newer than [`FormatVersion::CURRENT`].
#[derive(Deserialize)]
struct SnapshotRead {
    #[serde(rename = "format_version")]
    _format_version: FormatVersion,
    program: ProgramId,
    fingerprint: String,
    state: State,
}

impl Serialize for Snapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SnapshotWritten {
            format_version: FormatVersion::CURRENT,
            program: &self.program,
            fingerprint: &self.fingerprint,
            state: &self.state,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Snapshot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = SnapshotRead::deserialize(deserializer)?;
        Ok(Self {
            program: read.program,
            fingerprint: read.fingerprint,
            state: read.state,
        })
    }
}

impl<'p> Engine<'p> {
    /// A fresh evaluation keeping every line; the rule set is validated first.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`], with its path in the document, if the program does
    /// not validate ([`RuleSet::validate`]).
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, programs, Event, EventKind, LegalForm, Currency};
    /// use chrono::{TimeZone, Utc};
    /// let program = programs::radist();
    /// let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    /// let at = Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap();
    /// engine.apply(&Event::new("p1-joins", at, EventKind::PartnerRegistered {
    ///     partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB,
    /// })).unwrap();
    /// // A registration earns nothing by itself (R-1 rewards payments).
    /// assert!(engine.outcome().unwrap().lines.is_empty());
    /// ```
    pub fn new(program: &'p RuleSet, mode: Mode) -> Result<Self, Error> {
        Self::with_detail(program, mode, OutcomeDetail::Full)
    }

    /// A fresh evaluation keeping the given detail (see [`OutcomeDetail`]).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`], with its path in the document, if the program does
    /// not validate ([`RuleSet::validate`]).
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, OutcomeDetail, programs, Event, EventKind,
    ///     LegalForm, Currency, Money, Month, Payment, PaymentKind};
    /// use chrono::{TimeZone, Utc};
    /// use rust_decimal::Decimal;
    /// let program = programs::radist();
    /// let mut engine =
    ///     Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements).unwrap();
    /// let at = |day, hour| Utc.with_ymd_and_hms(2024, 3, day, hour, 0, 0).unwrap();
    /// for event in [
    ///     Event::new("p1-joins", at(1, 9), EventKind::PartnerRegistered {
    ///         partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB }),
    ///     Event::new("c1-joins", at(2, 9), EventKind::ClientRegistered {
    ///         client: "c1".into(), referrer: Some("p1".into()), promo_code: Some("P1".into()),
    ///         integration: None, via_partner_cabinet: false }),
    ///     Event::new("c1-pays", at(10, 12), EventKind::Payment(Payment::by_client(
    ///         "c1".into(), PaymentKind::Subscription,
    ///         Money::new(Decimal::from(5000), Currency::RUB)))),
    /// ] {
    ///     engine.apply(&event).unwrap();
    /// }
    /// // No lines are kept, only each partner-month's totals: R-1's 40 % of 5,000 RUB.
    /// let outcome = engine.outcome().unwrap();
    /// assert!(outcome.lines.is_empty());
    /// let march = &outcome.totals[0];
    /// assert_eq!(march.month, Month::new(2024, 3).unwrap());
    /// let r_1 = march.totals.iter().find(|total| total.clause.as_str() == "R-1").unwrap();
    /// assert_eq!(r_1.amount, Money::new(Decimal::from(2000), Currency::RUB));
    /// ```
    pub fn with_detail(
        program: &'p RuleSet,
        mode: Mode,
        detail: OutcomeDetail,
    ) -> Result<Self, Error> {
        program.validate()?;
        Ok(Self {
            plan: Plan::new(program),
            mode,
            state: State {
                detail,
                ..State::default()
            },
        })
    }

    /// Resumes from a snapshot taken under the same program.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`] if the program does not validate;
    /// [`ErrorKind::SnapshotMismatch`] for a snapshot of another program;
    /// [`ErrorKind::SnapshotTermsChanged`] for one taken under other terms with the same
    /// program id (its fingerprint differs).
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, programs, ErrorKind};
    /// let radist = programs::radist();
    /// let snapshot = Engine::new(&radist, Mode::Strict).unwrap().snapshot();
    /// assert!(Engine::resume(&radist, snapshot.clone(), Mode::Lenient).is_ok());
    /// // A snapshot belongs to its program.
    /// let wazzup = programs::wazzup();
    /// let error = Engine::resume(&wazzup, snapshot, Mode::Strict).unwrap_err();
    /// assert!(matches!(error.kind(), ErrorKind::SnapshotMismatch { .. }));
    /// ```
    pub fn resume(program: &'p RuleSet, snapshot: Snapshot, mode: Mode) -> Result<Self, Error> {
        program.validate()?;
        let plan = Plan::new(program);
        snapshot.check_taken_under(program, &plan.fingerprint)?;
        let mut state = snapshot.state;
        // A snapshot written without the bound (or edited) still runs what is due.
        state.recount_due();
        Ok(Self { plan, mode, state })
    }

    /// Applies the next event. Events must come in time order (ties in any order).
    ///
    /// Before the event, the engine books what time alone brings up to its instant
    /// (payout runs, closed rebate periods, expired welcome credits), as
    /// [`Engine::advance_to`] would: a run dated before a refund pays what was due on its
    /// day, with or without a checkpoint between them.
    ///
    /// In strict mode a bad event is returned as an error naming it; in lenient mode it is
    /// recorded as a rejection and `Ok(())` is returned. Either way a bad event changes
    /// nothing but the time reached: if it sorts in order, the engine has reached its
    /// instant as it would at a checkpoint there (a checkpoint in its place gives the same
    /// outcome), and later events must not sort before it.
    ///
    /// # Errors
    /// In [`Mode::Strict`], a bad event, with its id ([`Error::event`]) and why
    /// ([`Error::kind`]): [`ErrorKind::OutOfOrder`] if it sorts before an event already
    /// applied or rejected (or the instant [`Engine::advance_to`] reached), [`ErrorKind::DuplicateEventId`],
    /// [`ErrorKind::DateOutOfRange`] for a date outside 1900–2199, an unknown partner or
    /// client, and every other reason the program refuses an event. In [`Mode::Lenient`]
    /// never: the event is recorded in [`Outcome::rejections`] instead.
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, programs, Event, EventKind, LegalForm, Currency,
    ///     ErrorKind};
    /// use chrono::{TimeZone, Utc};
    /// let program = programs::radist();
    /// let joins = Event::new("p1-joins", Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap(),
    ///     EventKind::PartnerRegistered {
    ///         partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB });
    /// let mut strict = Engine::new(&program, Mode::Strict).unwrap();
    /// strict.apply(&joins).unwrap();
    /// let error = strict.apply(&joins).unwrap_err(); // the same event id again
    /// assert_eq!(error.event().map(|id| id.as_str()), Some("p1-joins"));
    /// assert!(matches!(error.kind(), ErrorKind::DuplicateEventId));
    ///
    /// let mut lenient = Engine::new(&program, Mode::Lenient).unwrap();
    /// lenient.apply(&joins).unwrap();
    /// lenient.apply(&joins).unwrap();
    /// assert_eq!(lenient.outcome().unwrap().rejections.len(), 1);
    /// ```
    pub fn apply(&mut self, event: &Event) -> Result<(), Error> {
        match self.check_and_apply(event) {
            Ok(()) => Ok(()),
            Err(kind) => {
                let error = Error::at_event(event.id.clone(), kind);
                match self.mode {
                    Mode::Strict => Err(error),
                    Mode::Lenient => {
                        self.state.rejections.push(error.into());
                        if self.state.detail == OutcomeDetail::Statements {
                            self.state.rejected_at.push(event.at);
                        }
                        Ok(())
                    }
                }
            }
        }
    }

    fn check_and_apply(&mut self, event: &Event) -> Result<(), ErrorKind> {
        let key = self.place(event)?;
        // From here on an event's instant is the one its facts apply from.
        let at = key.effective;
        if self.state.detail == OutcomeDetail::Statements {
            // By time alone, before the event: whether a payment is still known must not
            // depend on which events came in between (or on how the ledger was split).
            // Even if the event is then rejected this changes nothing a rule can see.
            retention::forget_expired(&mut self.state, at);
        }
        if self.state.time_brings_by(at) {
            // What time alone brings up to the event's instant comes first: a payout run
            // dated before a refund pays what was due on its day, whether or not a
            // checkpoint lies between them.
            self.reach(at);
        }
        let first_new_line = self.state.lines.len();
        if let Err(reason) = self.apply_in_place(event, at) {
            // The ledger has reached the event's place in time all the same, as a
            // checkpoint there would: later events meet the same state either way.
            self.reach(at);
            self.state.last_key = Some(key);
            return Err(reason);
        }
        advance(&self.plan, &mut self.state, at, first_new_line);
        self.state.last_key = Some(key);
        Ok(())
    }

    /// Where the event sorts, if it has a supported instant that sorts no earlier than
    /// the last event applied. A refusal here changes nothing at all.
    #[inline]
    fn place(&self, event: &Event) -> Result<OrderKey, ErrorKind> {
        if !crate::time::in_supported_range(event.at) {
            return Err(ErrorKind::DateOutOfRange { at: event.at });
        }
        let key = OrderKey::of(&self.plan, event);
        self.in_order(key)?;
        Ok(key)
    }

    /// Refuses what sorts before the last event applied (or the last instant reached).
    #[inline]
    fn in_order(&self, key: OrderKey) -> Result<(), ErrorKind> {
        match self.state.last_order().filter(|previous| key < *previous) {
            Some(previous) => Err(ErrorKind::OutOfOrder {
                previous: previous.at,
            }),
            None => Ok(()),
        }
    }

    /// Checks and applies an event in its place at `at`: wholly, or not at all.
    #[inline(always)]
    fn apply_in_place(&mut self, event: &Event, at: Instant) -> Result<(), ErrorKind> {
        checks::valid_dates(event)?;
        checks::valid_texts(event)?;
        checks::valid_attributes(event)?;
        // Debug builds check that a rejected event changed nothing (small states only: the
        // copy is per event). Every handler checks before it changes the state.
        #[cfg(debug_assertions)]
        let before = (self.state.size() < 2_000).then(|| self.state.clone());
        // Statements-only keeps the ids of the last accepted instant only. The id goes in
        // first (one probe of the table, not two) and comes out again if the event fails.
        let ids_current =
            self.state.detail == OutcomeDetail::Full || self.state.last_at == Some(at);
        if ids_current && !self.state.event_ids.insert(event.id.clone()) {
            return Err(ErrorKind::DuplicateEventId);
        }
        let applied = apply::apply_event(&self.plan, &mut self.state, event, at);
        if applied.is_err() && ids_current {
            self.state.event_ids.remove(&event.id);
        }
        #[cfg(debug_assertions)]
        if let (Err(reason), Some(before)) = (&applied, before) {
            debug_assert!(
                self.state == before,
                "event {} was rejected ({reason}) but changed the state",
                event.id
            );
        }
        applied?;
        if !ids_current {
            self.state.event_ids.next_instant();
            self.state.event_ids.insert(event.id.clone());
        }
        Ok(())
    }

    /// Brings the evaluation to `at` with nothing happening in between: books what time
    /// alone brings up to `at` (monthly payout runs, closed rebate periods, expired
    /// welcome credits) exactly as a [`EventKind::Checkpoint`](crate::EventKind::Checkpoint)
    /// event at `at` would, without one in the ledger, and moves the outcome's
    /// [`as_of`](crate::Outcome::as_of) to `at`. Every partner is brought to `at`, also
    /// those whose own events stopped earlier.
    ///
    /// Time only goes forward, as with [`Engine::apply`]: afterwards the engine takes the
    /// events a checkpoint at `at` could be followed by (at `at` or later), and refuses
    /// earlier ones as out of order. Advancing to the instant already reached books
    /// nothing new. In either [`Mode`] a refused instant is returned as an error (there is
    /// no event to reject) and changes nothing.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfOrder`] if `at` is before the last event applied or rejected (or
    /// the last instant advanced to), naming that event's instant; [`ErrorKind::DateOutOfRange`]
    /// if `at` falls outside the supported UTC years 1900 to 2199. Neither names an event.
    ///
    /// ```
    /// use commission_rules::ledger::build::{self, money};
    /// use commission_rules::{programs, Currency, Engine, ErrorKind, Event, LegalForm, LineKind, Mode};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Message.Help (MH-4): a 500 EUR welcome credit, spent within 60 days.
    /// let program = programs::message_help();
    /// let utc = |text| program.time_zone.parse_local(text); // the program's zone is UTC
    /// let mut engine = Engine::new(&program, Mode::Strict)?;
    /// engine.apply(&Event::new("p-joins", utc("2024-03-01 00:00")?,
    ///     build::partner_registered("p", LegalForm::LegalEntity, Currency::EUR)))?;
    /// // The window is [1 March, 30 April): on 30 April the 500 EUR expire, unused.
    /// engine.advance_to(utc("2024-05-01 00:00")?)?;
    /// let outcome = engine.outcome()?;
    /// assert_eq!(outcome.as_of, Some(utc("2024-05-01 00:00")?));
    /// let expired = &outcome.lines[0];
    /// assert_eq!((expired.kind, expired.amount), (LineKind::CreditExpired, money("500", Currency::EUR)?));
    /// assert_eq!(expired.booked_at, utc("2024-04-30 00:00")?);
    ///
    /// // Time does not go back; nor past the supported years.
    /// let error = engine.advance_to(utc("2024-04-01 00:00")?).unwrap_err();
    /// assert!(matches!(error.kind(), ErrorKind::OutOfOrder { .. }));
    /// let year_2200 = chrono::DateTime::parse_from_rfc3339("2200-01-01T00:00:00Z")?.to_utc();
    /// let error = engine.advance_to(year_2200).unwrap_err();
    /// assert!(matches!(error.kind(), ErrorKind::DateOutOfRange { .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn advance_to(&mut self, at: Instant) -> Result<(), Error> {
        if !crate::time::in_supported_range(at) {
            return Err(Error::general(ErrorKind::DateOutOfRange { at }));
        }
        // Where a checkpoint at `at` would sort: the same order rule as for events.
        let key = OrderKey::instant(at);
        self.in_order(key).map_err(Error::general)?;
        self.reach(at);
        self.state.last_key = Some(key);
        Ok(())
    }

    /// Books what time alone brings up to `at` and makes `at` the instant reached.
    #[inline(never)]
    fn reach(&mut self, at: Instant) {
        // Statements-only keeps the event ids of the last instant reached only: a new
        // instant starts with none, as it would with a checkpoint's id alone.
        if self.state.detail == OutcomeDetail::Statements && self.state.last_at != Some(at) {
            self.state.event_ids.next_instant();
        }
        let first_new_line = self.state.lines.len();
        advance(&self.plan, &mut self.state, at, first_new_line);
    }

    /// The state so far, to resume later (the engine goes on).
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, programs, Event, EventKind, LegalForm, Currency};
    /// use chrono::{TimeZone, Utc};
    /// let program = programs::radist();
    /// let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    /// let before = engine.snapshot();
    /// engine.apply(&Event::new("p1-joins", Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap(),
    ///     EventKind::PartnerRegistered {
    ///         partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB,
    ///     })).unwrap();
    /// assert_ne!(engine.snapshot(), before);
    /// ```
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            program: self.plan.program.clone(),
            fingerprint: self.plan.fingerprint.clone(),
            state: self.state.clone(),
        }
    }

    /// The state so far, taken without copying it: for a part evaluated to be merged or
    /// sent elsewhere, where the engine is not needed any more.
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, programs};
    /// let program = programs::wazzup();
    /// let engine = Engine::new(&program, Mode::Strict).unwrap();
    /// let copy = engine.snapshot();
    /// assert_eq!(engine.into_snapshot(), copy);
    /// ```
    pub fn into_snapshot(self) -> Snapshot {
        Snapshot {
            program: self.plan.program.clone(),
            fingerprint: self.plan.fingerprint.clone(),
            state: self.state,
        }
    }

    /// The outcome of the events applied so far: lines, entitlements, rejections,
    /// statements, leaderboards and settlements.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`] if a balance, a total or a settlement outgrows what an
    /// amount can hold (naming the event of the line or payment, where there is one);
    /// [`ErrorKind::CurrencyMismatch`] if a partner's balance meets lines in two currencies
    /// (a guard: the engine refuses such a line when it is booked).
    ///
    /// ```
    /// use commission_rules::{Engine, Mode, programs};
    /// let program = programs::wazzup();
    /// let outcome = Engine::new(&program, Mode::Strict).unwrap().outcome().unwrap();
    /// assert!(outcome.lines.is_empty() && outcome.statements.is_empty());
    /// ```
    pub fn outcome(&self) -> Result<Outcome, Error> {
        finish::outcome(&self.plan, &self.state)
    }
}
