//! Time: instants are UTC; each program reckons months, days, quarters and windows in its
//! own fixed UTC offset (Moscow is `+03:00`).
//!
//! Limits: instants must fall in years 1900 to 2199 ([`EARLIEST_YEAR`], [`LATEST_YEAR`]);
//! calendar arithmetic is checked, so no date computation can overflow.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveDateTime, Offset, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A point in time, always UTC. Serialised as RFC 3339 (`2024-03-10T12:00:00Z`).
///
/// ```
/// use commission_rules::Instant;
/// use chrono::{TimeZone, Utc};
/// let at: Instant = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
/// assert_eq!(serde_json::to_string(&at).unwrap(), "\"2024-03-10T12:00:00Z\"");
/// ```
pub type Instant = DateTime<Utc>;

/// The first calendar year an event may fall in.
///
/// ```
/// use commission_rules::{Engine, ErrorKind, Event, EventKind, Mode, programs};
/// use commission_rules::time::{EARLIEST_YEAR, LATEST_YEAR};
/// use chrono::{TimeZone, Utc};
/// assert_eq!((EARLIEST_YEAR, LATEST_YEAR), (1900, 2199));
/// let program = programs::radist();
/// let mut engine = Engine::new(&program, Mode::Strict).unwrap();
/// let too_late = Utc.with_ymd_and_hms(LATEST_YEAR + 1, 1, 1, 0, 0, 0).unwrap();
/// let error = engine.apply(&Event::new("e1", too_late,
///     EventKind::ContractSigned { partner: "p1".into() })).unwrap_err();
/// assert!(matches!(error.kind(), ErrorKind::DateOutOfRange { .. }));
/// ```
pub const EARLIEST_YEAR: i32 = 1900;
/// The last calendar year an event may fall in.
///
/// ```
/// use commission_rules::time::{EARLIEST_YEAR, LATEST_YEAR};
/// assert_eq!(LATEST_YEAR - EARLIEST_YEAR, 299);
/// ```
pub const LATEST_YEAR: i32 = 2199;

/// A program's time zone: a fixed offset from UTC (`"+03:00"`) or an IANA zone name
/// (`"Europe/Moscow"`, `"America/New_York"`, from the `chrono-tz` database), in which
/// months, days, windows, version dates and payout days are reckoned, daylight saving
/// included.
///
/// Where local midnight (or any local time the engine computes) does not exist because the
/// clocks jumped forward, the day starts at the first instant after the gap; where it occurs
/// twice because the clocks went back, at the earlier of the two instants.
///
/// ```
/// use commission_rules::ProgramZone;
/// let moscow = ProgramZone::from_hours(3).unwrap();
/// assert_eq!(moscow.to_string(), "+03:00");
/// assert_eq!("+03:00".parse::<ProgramZone>().unwrap(), moscow);
/// let new_york: ProgramZone = "America/New_York".parse().unwrap();
/// assert_eq!(serde_json::to_string(&new_york).unwrap(), r#""America/New_York""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProgramZone {
    /// A fixed offset from UTC, the same all year.
    Fixed(FixedOffset),
    /// A zone of the IANA database, with its daylight-saving rules.
    Named(Tz),
}

impl ProgramZone {
    /// UTC itself.
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// assert_eq!(ProgramZone::UTC, "+00:00".parse().unwrap());
    /// ```
    pub const UTC: ProgramZone = ProgramZone::Fixed(match FixedOffset::east_opt(0) {
        Some(offset) => offset,
        None => unreachable!(),
    });

    /// Moscow time, UTC+03:00 (no daylight saving since 2014).
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// assert_eq!(ProgramZone::MOSCOW, ProgramZone::from_hours(3).unwrap());
    /// ```
    pub const MOSCOW: ProgramZone = ProgramZone::Fixed(match FixedOffset::east_opt(3 * 3600) {
        Some(offset) => offset,
        None => unreachable!(),
    });

    /// An offset of whole hours east of UTC (negative for west); `None` beyond ±23 hours.
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// assert_eq!(ProgramZone::from_hours(-5).unwrap(), "-05:00".parse().unwrap());
    /// assert!(ProgramZone::from_hours(24).is_none());
    /// ```
    pub fn from_hours(hours: i32) -> Option<Self> {
        FixedOffset::east_opt(hours.checked_mul(3600)?).map(Self::Fixed)
    }

    /// The offset from UTC in force at an instant.
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{TimeZone, Utc};
    /// let new_york: ProgramZone = "America/New_York".parse().unwrap();
    /// let winter = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).unwrap();
    /// let summer = Utc.with_ymd_and_hms(2024, 7, 15, 12, 0, 0).unwrap();
    /// assert_eq!(new_york.offset_at(winter).local_minus_utc(), -5 * 3600);
    /// assert_eq!(new_york.offset_at(summer).local_minus_utc(), -4 * 3600);
    /// ```
    #[inline]
    pub fn offset_at(self, at: Instant) -> FixedOffset {
        match self {
            Self::Fixed(offset) => offset,
            Self::Named(zone) => zone.offset_from_utc_datetime(&at.naive_utc()).fix(),
        }
    }

    /// An instant as a local date-time with its offset, for display.
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{TimeZone, Utc};
    /// let at = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
    /// assert_eq!(ProgramZone::MOSCOW.local_time(at).to_rfc3339(), "2024-03-10T15:00:00+03:00");
    /// ```
    pub fn local_time(self, at: Instant) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }

    /// The local date-time of an instant (`None` only past chrono's calendar end).
    #[inline]
    fn local_naive(self, at: Instant) -> Option<NaiveDateTime> {
        at.naive_utc().checked_add_offset(self.offset_at(at))
    }

    /// The instant of a local date-time, a gap resolved to the first instant after it and
    /// a repeated hour to its earlier instant (see the type's docs).
    fn instant_of(self, local: NaiveDateTime) -> Option<Instant> {
        match self {
            Self::Fixed(offset) => offset.from_local_datetime(&local).single(),
            Self::Named(zone) => {
                if let Some(at) = zone.from_local_datetime(&local).earliest() {
                    return Some(at.with_timezone(&Utc));
                }
                // In a gap: its end, the first whole local minute that exists (gaps begin
                // and end on whole minutes and are never longer than a day: Samoa, 2011).
                let minute = local.with_second(0)?.with_nanosecond(0)?;
                let after_gap = |minutes: i64| {
                    let later = minute.checked_add_signed(Duration::try_minutes(minutes)?)?;
                    zone.from_local_datetime(&later).earliest()
                };
                (1..=26 * 60)
                    .find_map(after_gap)
                    .map(|at| at.fixed_offset())
            }
        }
        .map(|at| at.with_timezone(&Utc))
    }

    /// The program-time calendar date of an instant.
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// let moscow = ProgramZone::from_hours(3).unwrap();
    /// let at = Utc.with_ymd_and_hms(2024, 5, 31, 22, 0, 0).unwrap();
    /// assert_eq!(moscow.date_of(at), NaiveDate::from_ymd_opt(2024, 6, 1).unwrap());
    /// ```
    #[inline]
    pub fn date_of(self, at: Instant) -> NaiveDate {
        // Checked: chrono's own conversion panics at the calendar's very ends. Accepted
        // events and bounded rule lengths never get there; if asked, the UTC date is given.
        self.local_naive(at)
            .map_or_else(|| at.date_naive(), |local| local.date())
    }

    /// The instant at which a program-time calendar date begins (its first local instant:
    /// 00:00, or the end of a daylight-saving gap at midnight).
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// let moscow = ProgramZone::from_hours(3).unwrap();
    /// let day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    /// assert_eq!(moscow.start_of(day), Utc.with_ymd_and_hms(2024, 6, 30, 21, 0, 0).unwrap());
    /// ```
    pub fn start_of(self, date: NaiveDate) -> Instant {
        let local = date.and_time(chrono::NaiveTime::MIN);
        self.instant_of(local)
            .unwrap_or_else(|| Utc.from_utc_datetime(&local))
    }

    /// The program-time month an instant falls in.
    ///
    /// ```
    /// use commission_rules::{Month, ProgramZone};
    /// use chrono::{TimeZone, Utc};
    /// let moscow = ProgramZone::from_hours(3).unwrap();
    /// let at = Utc.with_ymd_and_hms(2024, 5, 31, 22, 0, 0).unwrap();
    /// assert_eq!(moscow.month_of(at), Month::new(2024, 6).unwrap());
    /// ```
    #[inline]
    pub fn month_of(self, at: Instant) -> Month {
        Month::of_date(self.date_of(at))
    }

    /// `months` calendar months after `at` in program time (the day clamped to the month's
    /// end: 31 January + 1 month is 29 February in a leap year), at the same local time.
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{TimeZone, Utc};
    /// let at = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
    /// assert_eq!(ProgramZone::UTC.add_months(at, 1).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap());
    /// ```
    pub fn add_months(self, at: Instant, months: u32) -> Option<Instant> {
        let shifted = self
            .local_naive(at)?
            .checked_add_months(Months::new(months))?;
        self.instant_of(shifted)
    }

    /// Whether `at` is before `anchor` (an instant the engine accepts) plus whole calendar
    /// months ([`Self::add_months`]); `None` where that end is past the calendar's end.
    /// Months last 28 to 31 days, so most instants are answered from the distance alone,
    /// without calendar arithmetic (a window check runs for every payment).
    pub(crate) fn before_months_after(
        self,
        anchor: Instant,
        months: u32,
        at: Instant,
    ) -> Option<bool> {
        const DAY: i64 = 86_400;
        // Within 10,000 years of an accepted instant the end is in the calendar, so the
        // shortcut answers as the calendar would; beyond, only the calendar can say.
        if months > 120_000 {
            return Some(at < self.add_months(anchor, months)?);
        }
        // Whole seconds, each side floored: the true distance is within a second of it.
        let elapsed = at.timestamp().checked_sub(anchor.timestamp())?;
        let months = i64::from(months);
        // Daylight saving moves a month's length by an hour or so; a day of slack covers it.
        let slack = match self {
            Self::Fixed(_) => 0,
            Self::Named(_) => DAY,
        };
        if elapsed > 31 * DAY * months + slack {
            return Some(false);
        }
        if elapsed < 28 * DAY * months - 1 - slack {
            return Some(true);
        }
        let months = u32::try_from(months).ok()?;
        Some(at < self.add_months(anchor, months)?)
    }

    /// Whole program-time calendar months from `from` to `to`: the most `n` with
    /// `from` + `n` months ([`Self::add_months`]) not after `to`; 0 when `to` is before
    /// `from` + 1 month (or before `from`).
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{TimeZone, Utc};
    /// let from = Utc.with_ymd_and_hms(2024, 1, 31, 12, 0, 0).unwrap();
    /// let zone = ProgramZone::UTC;
    /// assert_eq!(zone.whole_months_between(from, Utc.with_ymd_and_hms(2024, 2, 29, 11, 0, 0).unwrap()), Some(0));
    /// assert_eq!(zone.whole_months_between(from, Utc.with_ymd_and_hms(2024, 2, 29, 12, 0, 0).unwrap()), Some(1));
    /// assert_eq!(zone.whole_months_between(from, Utc.with_ymd_and_hms(2025, 1, 31, 12, 0, 0).unwrap()), Some(12));
    /// ```
    pub fn whole_months_between(self, from: Instant, to: Instant) -> Option<u32> {
        if to <= from {
            return Some(0);
        }
        let (start, end) = (self.local_naive(from)?, self.local_naive(to)?);
        let months =
            |date: chrono::NaiveDateTime| i64::from(date.year()) * 12 + i64::from(date.month());
        let estimate = u32::try_from(months(end).saturating_sub(months(start))).ok()?;
        match self.add_months(from, estimate)? <= to {
            true => Some(estimate),
            false => Some(estimate.saturating_sub(1)),
        }
    }

    /// `at` plus whole program-time days, at the same local time (across a daylight-saving
    /// change a day is 23 or 25 hours; under a fixed offset every day is 24).
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{TimeZone, Utc};
    /// let at = Utc.with_ymd_and_hms(2024, 3, 9, 17, 0, 0).unwrap(); // 12:00 in New York
    /// assert_eq!(ProgramZone::UTC.add_days(at, 3).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 3, 12, 17, 0, 0).unwrap());
    /// // Clocks go forward on 10 March: 12:00 three days later is an hour earlier in UTC.
    /// let new_york: ProgramZone = "America/New_York".parse().unwrap();
    /// assert_eq!(new_york.add_days(at, 3).unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 3, 12, 16, 0, 0).unwrap());
    /// ```
    pub fn add_days(self, at: Instant, days: u32) -> Option<Instant> {
        match self {
            Self::Fixed(_) => at.checked_add_signed(Duration::try_days(i64::from(days))?),
            Self::Named(_) => {
                let later = self
                    .local_naive(at)?
                    .checked_add_signed(Duration::try_days(i64::from(days))?)?;
                self.instant_of(later)
            }
        }
    }

    /// The instant the program-time month after `at`'s month begins (the "1st of the next
    /// month").
    ///
    /// ```
    /// use commission_rules::ProgramZone;
    /// use chrono::{TimeZone, Utc};
    /// let moscow = ProgramZone::from_hours(3).unwrap();
    /// // 31 May 22:00 UTC is already 1 June in Moscow: credited 1 July 00:00 MSK.
    /// let at = Utc.with_ymd_and_hms(2024, 5, 31, 22, 0, 0).unwrap();
    /// let credit = moscow.start_of_next_month(at).unwrap();
    /// assert_eq!(credit, Utc.with_ymd_and_hms(2024, 6, 30, 21, 0, 0).unwrap());
    /// ```
    pub fn start_of_next_month(self, at: Instant) -> Option<Instant> {
        self.next_month_of(at).map(|(_, start)| start)
    }

    /// The program-time month after `at`'s month and the instant it begins.
    pub(crate) fn next_month_of(self, at: Instant) -> Option<(Month, Instant)> {
        let next = self.month_of(at).next()?;
        Some((next, self.start_of(next.first_day()?)))
    }
}

impl fmt::Display for ProgramZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(offset) => {
                let seconds = offset.local_minus_utc();
                let sign = if seconds < 0 { '-' } else { '+' };
                let minutes = seconds.abs() / 60;
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
            Self::Named(zone) => f.write_str(zone.name()),
        }
    }
}

/// Text that is neither an offset of the form `+HH:MM` / `-HH:MM` nor an IANA zone name.
///
/// ```
/// use commission_rules::ProgramZone;
/// assert!("Moscow".parse::<ProgramZone>().is_err());
/// assert!("Europe/Moscow".parse::<ProgramZone>().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a UTC offset of the form +HH:MM nor an IANA time zone name")]
pub struct InvalidZone(pub String);

impl std::str::FromStr for ProgramZone {
    type Err = InvalidZone;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidZone(text.to_owned());
        let (sign, rest) = match text.as_bytes().first() {
            Some(b'+') => (1, &text[1..]),
            Some(b'-') => (-1, &text[1..]),
            _ => return text.parse::<Tz>().map(Self::Named).map_err(|_| invalid()),
        };
        let (hours, minutes) = rest.split_once(':').ok_or_else(invalid)?;
        // Digits only: `str::parse` would also take a sign ("+-1:00").
        if !two_digits(hours) || !two_digits(minutes) {
            return Err(invalid());
        }
        let hours: i32 = hours.parse().map_err(|_| invalid())?;
        let minutes: i32 = minutes.parse().map_err(|_| invalid())?;
        if minutes >= 60 {
            return Err(invalid());
        }
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
            .map(Self::Fixed)
            .ok_or_else(invalid)
    }
}

impl Serialize for ProgramZone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProgramZone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A fixed offset as [`ProgramZone`]'s parser reads it: a sign, then hours below 24 and
/// minutes below 60, two digits each.
#[cfg(feature = "schema")]
const OFFSET_PATTERN: &str = "^[+-]([01][0-9]|2[0-3]):[0-5][0-9]$";

/// An IANA zone name: text that does not start with a sign (that is an offset), in the
/// characters the database's names use. Whether the name exists is checked when it is read.
#[cfg(feature = "schema")]
const ZONE_NAME_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_+/-]*$";

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ProgramZone {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProgramZone".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A fixed offset from UTC (\"+03:00\") or an IANA time zone name (\"Europe/Moscow\"), daylight saving included.",
            "type": "string",
            "anyOf": [
                { "pattern": OFFSET_PATTERN },
                { "pattern": ZONE_NAME_PATTERN },
            ],
            "examples": ["+03:00", "Europe/Moscow", "America/New_York", "UTC"],
        })
    }
}

/// A calendar month in program time, serialised as `"2024-03"`.
///
/// ```
/// use commission_rules::Month;
/// let march = Month::new(2024, 3).unwrap();
/// assert_eq!(march.to_string(), "2024-03");
/// assert_eq!(march.next().unwrap(), Month::new(2024, 4).unwrap());
/// assert_eq!(Month::new(2024, 12).unwrap().next().unwrap(), Month::new(2025, 1).unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// A month; `None` unless `month` is 1 to 12.
    ///
    /// ```
    /// use commission_rules::Month;
    /// assert_eq!(Month::new(2024, 3).unwrap().to_string(), "2024-03");
    /// assert!(Month::new(2024, 13).is_none());
    /// ```
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// The month a date falls in.
    ///
    /// ```
    /// use commission_rules::Month;
    /// use chrono::NaiveDate;
    /// let d = NaiveDate::from_ymd_opt(2020, 2, 29).unwrap();
    /// assert_eq!(Month::of_date(d), Month::new(2020, 2).unwrap());
    /// ```
    pub fn of_date(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The calendar year.
    ///
    /// ```
    /// use commission_rules::Month;
    /// assert_eq!(Month::new(2024, 3).unwrap().year(), 2024);
    /// ```
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1 to 12.
    ///
    /// ```
    /// use commission_rules::Month;
    /// assert_eq!(Month::new(2024, 3).unwrap().month(), 3);
    /// ```
    pub fn month(self) -> u32 {
        self.month
    }

    /// The following month; `None` past the calendar's end.
    ///
    /// ```
    /// use commission_rules::Month;
    /// assert_eq!(Month::new(2024, 3).unwrap().next(), Month::new(2024, 4));
    /// assert_eq!(Month::new(i32::MAX, 12).unwrap().next(), None);
    /// ```
    pub fn next(self) -> Option<Self> {
        if self.month == 12 {
            Some(Self {
                year: self.year.checked_add(1)?,
                month: 1,
            })
        } else {
            Some(Self {
                year: self.year,
                month: self.month + 1,
            })
        }
    }

    /// The first day of the month; `None` outside chrono's calendar.
    ///
    /// ```
    /// use commission_rules::Month;
    /// use chrono::NaiveDate;
    /// assert_eq!(Month::new(2024, 2).unwrap().first_day(), NaiveDate::from_ymd_opt(2024, 2, 1));
    /// ```
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Text that is not a month of the form `YYYY-MM`.
///
/// ```
/// use commission_rules::Month;
/// assert!("2024-13".parse::<Month>().is_err());
/// assert_eq!("2024-03".parse::<Month>().unwrap(), Month::new(2024, 3).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a month of the form YYYY-MM")]
pub struct InvalidMonth(pub String);

impl std::str::FromStr for Month {
    type Err = InvalidMonth;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidMonth(text.to_owned());
        let (year, month) = text.split_once('-').ok_or_else(invalid)?;
        let digits = |part: &str, len: usize| {
            part.len() == len && part.bytes().all(|byte| byte.is_ascii_digit())
        };
        // Digits only: `str::parse` would also take a sign ("+123-04").
        if !digits(year, 4) || !digits(month, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        Month::new(year, month).ok_or_else(invalid)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

fn two_digits(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|byte| byte.is_ascii_digit())
}

/// Whether an instant's UTC year is inside the supported range.
pub(crate) fn in_supported_range(at: Instant) -> bool {
    (EARLIEST_YEAR..=LATEST_YEAR).contains(&at.year())
}

/// A local date-time that names no instant an event may carry.
///
/// ```
/// use commission_rules::{InvalidLocalTime, ProgramZone};
/// let error = ProgramZone::MOSCOW.local(2024, 2, 30, 0, 0, 0).unwrap_err();
/// assert_eq!(error.to_string(), "2024-02-30 00:00:00 is not a date and time on the calendar");
/// assert!(matches!(ProgramZone::MOSCOW.parse_local("1 Feb 2024"), Err(InvalidLocalTime::Malformed(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidLocalTime {
    /// Text not of the form `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`.
    #[error("{0:?} is not a local date-time of the form YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS")]
    Malformed(String),
    /// No such date or time: 30 February, hour 24, minute 60…
    #[error("{0} is not a date and time on the calendar")]
    NoSuchTime(String),
    /// A date-time whose instant falls outside the years an event may carry (UTC years
    /// [`EARLIEST_YEAR`] to [`LATEST_YEAR`]).
    #[error("{0} falls outside the years 1900 to 2199 (UTC) an event may carry")]
    OutOfRange(String),
}

impl ProgramZone {
    /// The UTC instant of a local date-time in this zone: the local time minus the
    /// offset. A fixed offset has no gaps or repeated hours, so every local date-time
    /// names exactly one instant: 2024-02-01 00:00 in Moscow (+03:00) is 2024-01-31 21:00
    /// UTC.
    ///
    /// # Errors
    /// [`InvalidLocalTime::NoSuchTime`] for a date or time not on the calendar (30
    /// February, hour 24, second 60); [`InvalidLocalTime::OutOfRange`] for an instant
    /// outside the supported years.
    ///
    /// ```
    /// use commission_rules::{programs, InvalidLocalTime};
    /// use chrono::{TimeZone, Utc};
    /// let program = programs::radist(); // Moscow time
    /// let at = program.time_zone.local(2024, 2, 1, 0, 0, 0).unwrap();
    /// assert_eq!(at, Utc.with_ymd_and_hms(2024, 1, 31, 21, 0, 0).unwrap());
    /// assert!(matches!(program.time_zone.local(2023, 2, 29, 0, 0, 0),
    ///     Err(InvalidLocalTime::NoSuchTime(_))));
    /// assert!(matches!(program.time_zone.local(1900, 1, 1, 0, 0, 0),
    ///     Err(InvalidLocalTime::OutOfRange(_))));
    /// ```
    pub fn local(
        self,
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Result<Instant, InvalidLocalTime> {
        let written = || format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
        let local = NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|date| date.and_hms_opt(hour, minute, second))
            .ok_or_else(|| InvalidLocalTime::NoSuchTime(written()))?;
        // A fixed offset maps each local time to one instant (`None` only where it would
        // leave chrono's calendar, out of range anyway); a named zone has none in a
        // daylight-saving gap, and two (the earlier is taken) in a repeated hour.
        let at = match self {
            Self::Fixed(offset) => offset
                .from_local_datetime(&local)
                .single()
                .ok_or_else(|| InvalidLocalTime::OutOfRange(written()))?
                .with_timezone(&Utc),
            Self::Named(zone) => zone
                .from_local_datetime(&local)
                .earliest()
                .ok_or_else(|| InvalidLocalTime::NoSuchTime(written()))?
                .with_timezone(&Utc),
        };
        if !in_supported_range(at) {
            return Err(InvalidLocalTime::OutOfRange(written()));
        }
        Ok(at)
    }

    /// The UTC instant of a local date-time written `YYYY-MM-DD HH:MM` or
    /// `YYYY-MM-DD HH:MM:SS` (24-hour clock, zero-padded), read as [`Self::local`] does.
    ///
    /// # Errors
    /// [`InvalidLocalTime::Malformed`] for text of any other form, and the errors of
    /// [`Self::local`].
    ///
    /// ```
    /// use commission_rules::{InvalidLocalTime, ProgramZone};
    /// use chrono::{TimeZone, Utc};
    /// let at = ProgramZone::MOSCOW.parse_local("2024-03-10 15:00").unwrap();
    /// assert_eq!(at, Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap());
    /// assert_eq!(ProgramZone::MOSCOW.parse_local("2024-03-10 15:00:30").unwrap(),
    ///     Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 30).unwrap());
    /// assert!(matches!(ProgramZone::UTC.parse_local("2024-3-10 15:00"),
    ///     Err(InvalidLocalTime::Malformed(_))));
    /// ```
    pub fn parse_local(self, text: &str) -> Result<Instant, InvalidLocalTime> {
        let malformed = || InvalidLocalTime::Malformed(text.to_owned());
        // Separators at fixed places, digits everywhere else: no sign, no short field.
        let shape = match text.len() {
            16 => "dddd-dd-dd dd:dd",
            19 => "dddd-dd-dd dd:dd:dd",
            _ => return Err(malformed()),
        };
        let fits = shape
            .bytes()
            .zip(text.bytes())
            .all(|(want, got)| match want {
                b'd' => got.is_ascii_digit(),
                separator => got == separator,
            });
        if !fits {
            return Err(malformed());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, InvalidLocalTime> {
            text.get(range)
                .and_then(|digits| digits.parse().ok())
                .ok_or_else(malformed)
        };
        let year = i32::try_from(number(0..4)?).map_err(|_| malformed())?;
        let second = if text.len() == 19 { number(17..19)? } else { 0 };
        self.local(
            year,
            number(5..7)?,
            number(8..10)?,
            number(11..13)?,
            number(14..16)?,
            second,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut agrees with the calendar: 0 to 10 years from any minute of
        /// 1900–2199, at instants spread over the shortest to the longest possible end.
        #[test]
        fn before_months_after_is_the_calendar(
            anchor_minutes in 0_i64..(300 * 366 * 24 * 60),
            months in 0_u32..=120,
            offset_hours in -12_i32..=14,
            named in 0_usize..8,
            later_minutes in 0_i64..(120 * 32 * 24 * 60),
        ) {
            // Half the cases in a zone with daylight saving (north, south, at midnight).
            let names = ["America/New_York", "Europe/London", "Australia/Sydney", "America/Santiago"];
            let zone = match names.get(named) {
                Some(name) => name.parse().unwrap(),
                None => ProgramZone::from_hours(offset_hours).unwrap(),
            };
            let start = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
            let anchor = start + Duration::minutes(anchor_minutes);
            let at = anchor + Duration::minutes(later_minutes % (i64::from(months) * 32 * 24 * 60 + 1));
            let exact = zone.add_months(anchor, months).map(|end| at < end);
            prop_assert_eq!(zone.before_months_after(anchor, months, at), exact);
        }
    }

    #[test]
    fn the_supported_range_ends_where_its_years_do() {
        let first = Utc.with_ymd_and_hms(EARLIEST_YEAR, 1, 1, 0, 0, 0).unwrap();
        let after = Utc
            .with_ymd_and_hms(LATEST_YEAR + 1, 1, 1, 0, 0, 0)
            .unwrap();
        let second = Duration::seconds(1);
        assert!(in_supported_range(first) && !in_supported_range(first - second));
        assert!(in_supported_range(after - second) && !in_supported_range(after));
        // Past chrono's calendar end in program time: the UTC date, not a panic.
        let far = Utc.with_ymd_and_hms(262_142, 12, 31, 23, 0, 0).unwrap();
        assert_eq!(ProgramZone::MOSCOW.date_of(far), far.date_naive());
    }

    #[test]
    fn negative_offsets_round_trip() {
        let offset: ProgramZone = "-05:30".parse().unwrap();
        assert_eq!(offset.to_string(), "-05:30");
        assert_eq!(
            offset
                .offset_at(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap())
                .local_minus_utc(),
            -(5 * 3600 + 30 * 60)
        );
    }

    #[test]
    fn months_add_with_end_of_month_clamp() {
        let at = Utc.with_ymd_and_hms(2024, 1, 31, 0, 0, 0).unwrap();
        let later = ProgramZone::UTC.add_months(at, 1).unwrap();
        assert_eq!(later, Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap());
    }
}
