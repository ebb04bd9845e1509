//! A partner fact that changes over time (its legal form, whether a contract is in force):
//! each value from the instant it took effect, so a line follows the value in force at its
//! own instant.

use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// Values in time order, each in force from its instant until the next one's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct History<T>(Vec<(Instant, T)>);

/// No value yet (derived, it would ask `T: Default`).
impl<T> Default for History<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> History<T> {
    /// A fact with one value from `at` on.
    pub fn starting(at: Instant, value: T) -> Self {
        Self(vec![(at, value)])
    }

    /// Whether the fact never had a value (a partner never recruited).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value in force at `at`, if any was yet.
    pub fn at_ref(&self, at: Instant) -> Option<&T> {
        let known = self.0.partition_point(|(from, _)| *from <= at);
        known
            .checked_sub(1)
            .and_then(|i| self.0.get(i))
            .map(|(_, value)| value)
    }

    /// `value` from `at` on (events come in time order, so `at` is the latest instant).
    /// A second change at the same instant replaces the first.
    pub fn change(&mut self, at: Instant, value: T) {
        debug_assert!(self.0.last().is_none_or(|(from, _)| *from <= at));
        match self.0.last_mut() {
            Some((from, old)) if *from == at => *old = value,
            _ => self.0.push((at, value)),
        }
    }
}

impl<T: Copy> History<T> {
    /// The value in force at `at`, if any was yet.
    pub fn at(&self, at: Instant) -> Option<T> {
        self.at_ref(at).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::History;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_value_is_in_force_from_its_instant_until_the_next() {
        let day = |d| Utc.with_ymd_and_hms(2024, 1, d, 0, 0, 0).unwrap();
        let mut form = History::starting(day(2), 'a');
        form.change(day(5), 'b');
        assert_eq!(form.at(day(1)), None);
        assert_eq!(form.at(day(2)), Some('a'));
        assert_eq!(form.at(day(4)), Some('a'));
        assert_eq!(form.at(day(5)), Some('b'));
        form.change(day(5), 'c');
        assert_eq!(form.at(day(9)), Some('c'));
    }
}
