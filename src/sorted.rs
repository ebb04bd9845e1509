//! Hash maps for lookups by id (the engine's state, statements, partitions), written to
//! snapshots in key order, so the same state always serialises to the same bytes. Nothing
//! iterates them unsorted.

use serde::de::Deserialize;
use serde::ser::Serialize;
use serde::{Deserializer, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

/// The hasher of the engine's maps by id: foldhash, several times faster than std's
/// SipHash on short ids (a few lookups per event), and like std's seeded per process so
/// that crafted ids cannot force collisions. Iteration order is never relied on.
pub(crate) type IdHasher = foldhash::fast::RandomState;

/// A map by id (see [`IdHasher`]).
pub(crate) type IdMap<K, V> = HashMap<K, V, IdHasher>;

/// A set of ids (see [`IdHasher`]).
pub(crate) type IdSet<T> = HashSet<T, IdHasher>;

/// A table of the current instant's ids, emptied when time moves on.
pub(crate) trait PerInstant: Default {
    /// Its capacity.
    fn capacity(&self) -> usize;
    /// Empties it, keeping the capacity.
    fn clear(&mut self);
    /// Empties it for the next instant: a small table is cleared and reused (no
    /// allocation per instant); one a burst of ties grew is dropped, as clearing costs
    /// its whole capacity.
    #[inline]
    fn next_instant(&mut self) {
        match PerInstant::capacity(self) {
            0..=64 => PerInstant::clear(self),
            _ => *self = Self::default(),
        }
    }
}

impl<K, V> PerInstant for IdMap<K, V> {
    fn capacity(&self) -> usize {
        HashMap::capacity(self)
    }
    fn clear(&mut self) {
        HashMap::clear(self);
    }
}

impl<T> PerInstant for IdSet<T> {
    fn capacity(&self) -> usize {
        HashSet::capacity(self)
    }
    fn clear(&mut self) {
        HashSet::clear(self);
    }
}

/// Serde for a `HashMap`: written as a map in key order.
pub(super) mod map {
    use super::*;

    pub fn serialize<K, V, H, S>(map: &HashMap<K, V, H>, serializer: S) -> Result<S::Ok, S::Error>
    where
        K: Serialize + Ord,
        V: Serialize,
        S: Serializer,
    {
        map.iter().collect::<BTreeMap<_, _>>().serialize(serializer)
    }

    pub fn deserialize<'de, K, V, H, D>(deserializer: D) -> Result<HashMap<K, V, H>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        H: BuildHasher + Default,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        HashMap::deserialize(deserializer)
    }
}

/// Serde for a `HashSet`: written as a sequence in order.
pub(super) mod set {
    use super::*;

    pub fn serialize<T, H, S>(set: &HashSet<T, H>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: Serialize + Ord,
        S: Serializer,
    {
        set.iter().collect::<BTreeSet<_>>().serialize(serializer)
    }

    pub fn deserialize<'de, T, H, D>(deserializer: D) -> Result<HashSet<T, H>, D::Error>
    where
        T: Deserialize<'de> + Eq + Hash,
        H: BuildHasher + Default,
        D: Deserializer<'de>,
    {
        HashSet::deserialize(deserializer)
    }
}

/// A map's entries in key order.
pub(super) fn in_order<K: Ord, V, H>(map: &HashMap<K, V, H>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}
