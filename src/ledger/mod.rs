//! The ledger: what happened, as events with a unique id, a UTC instant and a typed
//! payload. Events are plain serde data (JSON: `{"id": …, "at": …, "type": …, …}`);
//! [`build`] writes the common ones in a line each.

mod attributes;
pub mod build;
mod event;
mod payment;
mod read;

pub use attributes::Attributes;
pub use build::{ClientRegistration, InvalidAmount, PaymentBuilder};
pub use event::{AttachBasis, Event, EventKind, LegalForm, SpecialistKind, TopUpMethod};
pub use payment::{Payer, Payment, PaymentKind, Period};
pub use read::{MAX_LINE_BYTES, ReadError, read_csv, read_jsonl};

/// The longest id or text (partner, client, event and payment ids, statuses, promo codes,
/// integrations, product lines, an adjustment's reason) an event may carry, in bytes of
/// UTF-8: a longer one rejects the event.
///
/// ```
/// use commission_rules::{Engine, ErrorKind, Event, EventKind, Mode, programs};
/// use commission_rules::ledger::MAX_TEXT_BYTES;
/// use chrono::{TimeZone, Utc};
/// let program = programs::radist();
/// let mut engine = Engine::new(&program, Mode::Strict).unwrap();
/// let at = Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap();
/// let long = "p".repeat(MAX_TEXT_BYTES + 1);
/// let error = engine.apply(&Event::new("e1", at,
///     EventKind::ContractSigned { partner: long.as_str().into() })).unwrap_err();
/// assert_eq!(error.kind(), &ErrorKind::TextTooLong { bytes: 1025 });
/// ```
pub const MAX_TEXT_BYTES: usize = 1_024;

use serde::{Deserialize, Serialize};

/// An ordered collection of events. Order matters only between events with the same
/// instant: the engine orders by time, ties by ledger order.
///
/// ```
/// use commission_rules::{Event, EventKind, Ledger, PartnerId};
/// use chrono::{TimeZone, Utc};
/// let mut ledger = Ledger::new();
/// ledger.push(Event::new("e1", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
///     EventKind::ContractSigned { partner: PartnerId::from("p1") }));
/// assert_eq!(ledger.len(), 1);
/// let json = serde_json::to_string(&ledger).unwrap();
/// assert_eq!(serde_json::from_str::<Ledger>(&json).unwrap(), ledger);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ledger {
    events: Vec<Event>,
}

impl Ledger {
    /// An empty ledger.
    ///
    /// ```
    /// use commission_rules::Ledger;
    /// assert!(Ledger::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an event (the engine orders by instant; ties keep ledger order).
    ///
    /// ```
    /// use commission_rules::{Event, EventKind, Ledger};
    /// use chrono::{TimeZone, Utc};
    /// let mut ledger = Ledger::new();
    /// ledger.push(Event::new("e1", Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    ///     EventKind::ContractSigned { partner: "p1".into() }));
    /// assert_eq!(ledger.events()[0].id.as_str(), "e1");
    /// ```
    pub fn push(&mut self, event: Event) {
        self.events.push(event);
    }

    /// The events in ledger order.
    ///
    /// ```
    /// use commission_rules::Ledger;
    /// assert!(Ledger::new().events().is_empty());
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Number of events.
    ///
    /// ```
    /// use commission_rules::Ledger;
    /// assert_eq!(Ledger::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the ledger has no events.
    ///
    /// ```
    /// use commission_rules::Ledger;
    /// assert!(Ledger::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The events in evaluation order: by instant, ties by ledger order (a stable sort).
    ///
    /// ```
    /// use commission_rules::{Event, EventKind, Ledger, PartnerId};
    /// use chrono::{TimeZone, Utc};
    /// let late = Utc.with_ymd_and_hms(2024, 2, 1, 0, 0, 0).unwrap();
    /// let early = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    /// let kind = EventKind::ContractSigned { partner: PartnerId::from("p1") };
    /// let ledger: Ledger = vec![Event::new("b", late, kind.clone()), Event::new("a", early, kind)].into();
    /// let ids: Vec<_> = ledger.in_time_order().iter().map(|e| e.id.as_str()).collect();
    /// assert_eq!(ids, ["a", "b"]);
    /// ```
    pub fn in_time_order(&self) -> Vec<&Event> {
        let mut ordered: Vec<&Event> = self.events.iter().collect();
        ordered.sort_by_key(|event| event.at);
        ordered
    }
}

impl From<Vec<Event>> for Ledger {
    fn from(events: Vec<Event>) -> Self {
        Self { events }
    }
}

impl FromIterator<Event> for Ledger {
    fn from_iter<I: IntoIterator<Item = Event>>(iter: I) -> Self {
        Self {
            events: iter.into_iter().collect(),
        }
    }
}
