//! The order in which the engine applies a ledger: by instant, ties in ledger order, except
//! that facts a program ties to a day (FX rates under [`FxRateTiming::WholeDay`]) take
//! effect at the start of their program-time day, before any other event of that day.

use crate::ledger::{Event, EventKind, Ledger};
use crate::rules::{FxRateTiming, RuleSet};
use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// Where an event sorts: its effective instant, day facts before other events of that
/// instant, then its own instant (two rates of one day apply in the order they were
/// published). Ledger order breaks the remaining ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct OrderKey {
    /// From when the event's facts apply.
    pub effective: Instant,
    /// 0 for a fact of the whole day, 1 for every other event.
    pub rank: u8,
    /// The instant the event carries.
    pub at: Instant,
}

impl OrderKey {
    /// Where an event that is not a fact of the whole day sorts at `at` (a checkpoint).
    pub(crate) fn instant(at: Instant) -> Self {
        Self {
            effective: at,
            rank: 1,
            at,
        }
    }

    /// The key of an event under a program.
    pub(crate) fn of(program: &RuleSet, event: &Event) -> Self {
        let whole_day = matches!(event.kind, EventKind::FxRate { .. })
            && program.currency.fx_rates == FxRateTiming::WholeDay;
        if whole_day {
            let zone = program.time_zone;
            Self {
                effective: zone.start_of(zone.date_of(event.at)),
                rank: 0,
                at: event.at,
            }
        } else {
            Self::instant(event.at)
        }
    }
}

/// The events of a ledger in the order the engine applies them under a program: by
/// instant, ties in ledger order; a day's FX rates first where the program takes rates by
/// the day ([`FxRateTiming::WholeDay`], as Wazzup's W-6 does). [`evaluate`](crate::evaluate)
/// uses this order; feed [`Engine::apply`](crate::Engine::apply) in it too (an event that
/// sorts before one already applied or rejected is rejected as out of order).
///
/// ```
/// use commission_rules::{evaluation_order, programs, Event, EventKind, Ledger, Currency};
/// use chrono::{TimeZone, Utc};
/// use rust_decimal::Decimal;
/// // 1 Feb 10:00 and 15:00 Moscow time: Wazzup takes the day's rate for the whole day.
/// let morning = Utc.with_ymd_and_hms(2024, 2, 1, 7, 0, 0).unwrap();
/// let afternoon = Utc.with_ymd_and_hms(2024, 2, 1, 12, 0, 0).unwrap();
/// let rate = EventKind::FxRate { base: Currency::USD, quote: Currency::RUB, rate: Decimal::from(90) };
/// let ledger: Ledger = vec![
///     Event::new("checkpoint", morning, EventKind::Checkpoint),
///     Event::new("rate", afternoon, rate),
/// ].into();
/// let ids = |program| evaluation_order(&program, &ledger).iter().map(|e| e.id.as_str().to_owned()).collect::<Vec<_>>();
/// assert_eq!(ids(programs::wazzup()), ["rate", "checkpoint"]);
/// assert_eq!(ids(programs::radist()), ["checkpoint", "rate"]);
/// ```
pub fn evaluation_order<'a>(program: &RuleSet, ledger: &'a Ledger) -> Vec<&'a Event> {
    let mut ordered: Vec<(OrderKey, &Event)> = ledger
        .events()
        .iter()
        .map(|event| (OrderKey::of(program, event), event))
        .collect();
    // Stable: equal keys keep ledger order.
    ordered.sort_by_key(|(key, _)| *key);
    ordered.into_iter().map(|(_, event)| event).collect()
}
