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

/// The id of a booked line: the same in every evaluation of the same ledger under the same
/// program (ledger order, a snapshot and resume, or the machine make no difference), so an
/// accounting system can upsert lines by it. Unique within an [`Outcome`](crate::Outcome).
///
/// Its text has its parts joined by `/`, each part with `%`, `/` and space written
/// `%25`, `%2F` and `%20` (so a list of ids joined by spaces splits back):
/// - a line an event booked: `EVENT/RULE/N`: the event's id ([`Line::source_event`]), the
///   rule's ([`Line::rule`]) and the line's position, from 0, among the lines that
///   event booked under that rule (a correction catching up three payments books
///   `fix/R-1/0`, `fix/R-1/1` and `fix/R-1/2`);
/// - a line time alone booked (a monthly payout run, a closed rebate period, an expired
///   welcome credit): `PARTNER/INSTANT/RULE/N`: the partner, the line's instant in RFC 3339
///   UTC (`2024-04-13T00:00:00Z`), the rule, and its position among the lines booked for
///   that partner at that instant under that rule (almost always 0).
///
/// [`Line::source_event`]: crate::Line::source_event
/// [`Line::rule`]: crate::Line::rule
///
/// ```
/// use commission_rules::LineId;
/// use chrono::{TimeZone, Utc};
/// let accrual = LineId::for_event("c1-pays".into(), "R-1".into(), 0);
/// assert_eq!(accrual.to_string(), "c1-pays/R-1/0");
/// let run = LineId::for_time("p1".into(), Utc.with_ymd_and_hms(2024, 4, 13, 0, 0, 0).unwrap(),
///     "SS-8".into(), 0);
/// assert_eq!(run.to_string(), "p1/2024-04-13T00:00:00Z/SS-8/0");
/// // Serialised as its text, read back from it.
/// let odd = LineId::for_event("a/b c".into(), "R%1".into(), 2);
/// assert_eq!(serde_json::to_string(&odd).unwrap(), r#""a%2Fb%20c/R%251/2""#);
/// assert_eq!("a%2Fb%20c/R%251/2".parse::<LineId>().unwrap(), odd);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineId(LineIdRepr);

/// Small (16 bytes) and free to make and drop until numbered: every line carries one,
/// also in a statements-only evaluation, which numbers none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LineIdRepr {
    /// A line not numbered yet: from its booking to the end of its event (full
    /// evaluations), or for good (a statements-only evaluation folds lines at once).
    /// Written as empty text.
    Unnumbered { by_time: bool },
    /// In a payout line's list of the lines it pays, before numbering: the line `n`
    /// places before it, booked with it.
    Before(u32),
    /// A numbered line's id, shared by its copies (a payout's list, a clawback's line).
    Numbered(Arc<Numbered>),
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Numbered {
    Event {
        event: EventId,
        rule: RuleId,
        index: u32,
    },
    Time {
        partner: PartnerId,
        at: crate::time::Instant,
        rule: RuleId,
        index: u32,
    },
}

impl LineId {
    /// The id of the line at position `index` (from 0) among those `event` booked under
    /// `rule`.
    ///
    /// ```
    /// use commission_rules::LineId;
    /// assert_eq!(LineId::for_event("fix".into(), "R-1".into(), 2).to_string(), "fix/R-1/2");
    /// ```
    pub fn for_event(event: EventId, rule: RuleId, index: u32) -> Self {
        Self(LineIdRepr::Numbered(Arc::new(Numbered::Event {
            event,
            rule,
            index,
        })))
    }

    /// The id of the line at position `index` (from 0) among those time alone booked for
    /// `partner` at `at` under `rule`.
    ///
    /// ```
    /// use commission_rules::LineId;
    /// use chrono::{TimeZone, Utc};
    /// let at = Utc.with_ymd_and_hms(2024, 4, 30, 0, 0, 0).unwrap();
    /// let expired = LineId::for_time("p".into(), at, "MH-4".into(), 0);
    /// assert_eq!(expired.to_string(), "p/2024-04-30T00:00:00Z/MH-4/0");
    /// ```
    pub fn for_time(
        partner: PartnerId,
        at: crate::time::Instant,
        rule: RuleId,
        index: u32,
    ) -> Self {
        Self(LineIdRepr::Numbered(Arc::new(Numbered::Time {
            partner,
            at,
            rule,
            index,
        })))
    }

    fn numbered(&self) -> Option<&Numbered> {
        match &self.0 {
            LineIdRepr::Numbered(numbered) => Some(numbered),
            _ => None,
        }
    }

    /// The event that booked the line, for a line an event booked.
    ///
    /// ```
    /// use commission_rules::LineId;
    /// let id = LineId::for_event("c1-pays".into(), "R-1".into(), 0);
    /// assert_eq!(id.event().map(|e| e.as_str()), Some("c1-pays"));
    /// ```
    pub fn event(&self) -> Option<&EventId> {
        match self.numbered()? {
            Numbered::Event { event, .. } => Some(event),
            Numbered::Time { .. } => None,
        }
    }

    /// The rule that booked the line.
    ///
    /// ```
    /// use commission_rules::LineId;
    /// let id = LineId::for_event("c1-pays".into(), "R-1".into(), 0);
    /// assert_eq!(id.rule().map(|r| r.as_str()), Some("R-1"));
    /// ```
    pub fn rule(&self) -> Option<&RuleId> {
        match self.numbered()? {
            Numbered::Event { rule, .. } | Numbered::Time { rule, .. } => Some(rule),
        }
    }

    /// The line's position among those booked for the same event (or partner and
    /// instant) under the same rule.
    ///
    /// ```
    /// use commission_rules::LineId;
    /// assert_eq!(LineId::for_event("fix".into(), "R-1".into(), 2).index(), Some(2));
    /// ```
    pub fn index(&self) -> Option<u32> {
        match self.numbered()? {
            Numbered::Event { index, .. } | Numbered::Time { index, .. } => Some(*index),
        }
    }

    /// The id of a line an event booked, numbered at the end of the event.
    pub(crate) fn unnumbered() -> Self {
        Self(LineIdRepr::Unnumbered { by_time: false })
    }

    /// The id of a line time alone booked, numbered at the end of the event or instant.
    pub(crate) fn unnumbered_by_time() -> Self {
        Self(LineIdRepr::Unnumbered { by_time: true })
    }

    /// In a payout's list of the lines it pays: the line `places` before the payout,
    /// booked with it (resolved when the lines are numbered).
    pub(crate) fn before(places: u32) -> Self {
        Self(LineIdRepr::Before(places))
    }

    /// For a reference not resolved yet: how many places before its line.
    pub(crate) fn places_before(&self) -> Option<u32> {
        match &self.0 {
            LineIdRepr::Before(places) => Some(*places),
            _ => None,
        }
    }

    /// Whether the id names a line time alone booked.
    pub(crate) fn by_time(&self) -> bool {
        match &self.0 {
            LineIdRepr::Unnumbered { by_time } => *by_time,
            LineIdRepr::Numbered(numbered) => matches!(**numbered, Numbered::Time { .. }),
            LineIdRepr::Before(_) => false,
        }
    }
}

/// `%`, `/` and space escaped, so parts split back.
fn write_part(f: &mut fmt::Formatter<'_>, part: &str) -> fmt::Result {
    let mut rest = part;
    while let Some(at) = rest.find(['%', '/', ' ']) {
        f.write_str(&rest[..at])?;
        f.write_str(match rest.as_bytes()[at] {
            b'%' => "%25",
            b'/' => "%2F",
            _ => "%20",
        })?;
        rest = &rest[at + 1..];
    }
    f.write_str(rest)
}

/// A part written by [`write_part`], unescaped; `None` for any other escape.
fn read_part(part: &str) -> Option<String> {
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3)?;
        out.push(match escape {
            "%25" => '%',
            "%2F" => '/',
            "%20" => ' ',
            _ => return None,
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Some(out)
}

impl fmt::Display for LineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.numbered() {
            None => Ok(()),
            Some(Numbered::Event { event, rule, index }) => {
                write_part(f, event.as_str())?;
                f.write_str("/")?;
                write_part(f, rule.as_str())?;
                write!(f, "/{index}")
            }
            Some(Numbered::Time {
                partner,
                at,
                rule,
                index,
            }) => {
                write_part(f, partner.as_str())?;
                let at = at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
                write!(f, "/{at}/")?;
                write_part(f, rule.as_str())?;
                write!(f, "/{index}")
            }
        }
    }
}

/// Text that is not a line id as [`LineId`] writes it.
///
/// ```
/// use commission_rules::LineId;
/// let error = "pay/R-1".parse::<LineId>().unwrap_err();
/// assert_eq!(error.to_string(), r#""pay/R-1" is not a line id (EVENT/RULE/N or PARTNER/INSTANT/RULE/N)"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a line id (EVENT/RULE/N or PARTNER/INSTANT/RULE/N)")]
pub struct InvalidLineId(pub String);

impl std::str::FromStr for LineId {
    type Err = InvalidLineId;

    /// Reads the text [`LineId`] writes, and only that (one spelling per id); the empty
    /// text is a line not numbered (a statements-only evaluation's, in a snapshot).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Ok(Self::unnumbered());
        }
        let invalid = || InvalidLineId(text.to_owned());
        let parts: Vec<&str> = text.split('/').collect();
        let id = match parts.as_slice() {
            [event, rule, index] => Self::for_event(
                EventId::new(read_part(event).ok_or_else(invalid)?),
                RuleId::new(read_part(rule).ok_or_else(invalid)?),
                index.parse().map_err(|_| invalid())?,
            ),
            [partner, at, rule, index] => Self::for_time(
                PartnerId::new(read_part(partner).ok_or_else(invalid)?),
                chrono::DateTime::parse_from_rfc3339(at)
                    .map_err(|_| invalid())?
                    .to_utc(),
                RuleId::new(read_part(rule).ok_or_else(invalid)?),
                index.parse().map_err(|_| invalid())?,
            ),
            _ => return Err(invalid()),
        };
        // One spelling per id: `07` for 7, `+00:00` for `Z` and odd escapes are refused.
        if id.to_string() != text {
            return Err(invalid());
        }
        Ok(id)
    }
}

impl Serialize for LineId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LineId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
