//! Hash maps for the engine's lookups by id, written to snapshots in key order, so the
//! same state always serialises to the same bytes. Nothing in the engine iterates them
//! unsorted.

use serde::de::Deserialize;
use serde::ser::Serialize;
use serde::{Deserializer, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;

/// Serde for a `HashMap`: written as a map in key order.
pub(super) mod map {
    use super::*;

    pub fn serialize<K, V, S>(map: &HashMap<K, V>, serializer: S) -> Result<S::Ok, S::Error>
    where
        K: Serialize + Ord,
        V: Serialize,
        S: Serializer,
    {
        map.iter().collect::<BTreeMap<_, _>>().serialize(serializer)
    }

    pub fn deserialize<'de, K, V, D>(deserializer: D) -> Result<HashMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        HashMap::deserialize(deserializer)
    }
}

/// Serde for a `HashSet`: written as a sequence in order.
pub(super) mod set {
    use super::*;

    pub fn serialize<T, S>(set: &HashSet<T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: Serialize + Ord,
        S: Serializer,
    {
        set.iter().collect::<BTreeSet<_>>().serialize(serializer)
    }

    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<HashSet<T>, D::Error>
    where
        T: Deserialize<'de> + Eq + Hash,
        D: Deserializer<'de>,
    {
        HashSet::deserialize(deserializer)
    }
}

/// A map's entries in key order.
pub(super) fn in_order<K: Ord, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}
