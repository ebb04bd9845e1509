//! Open attributes: the vendor's own facts about a partner, a client or a payment (`plan`,
//! `country`, `coupon`, any key), which reward conditions test.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Named values a vendor attaches to a partner (at `partner_registered`), a client (at
/// `client_registered`) or a payment (on the `payment` event). Keys and values are
/// compared exactly; a key the event does not carry is absent, never empty.
///
/// In JSON an event carries them as an object of strings; in CSV as one column per key,
/// named `attributes.KEY`.
///
/// ```
/// use commission_rules::ledger::Attributes;
/// let attributes = Attributes::from_iter([("plan", "pro"), ("coupon", "SPRING24")]);
/// assert_eq!(attributes.get("plan"), Some("pro"));
/// assert_eq!(attributes.get("country"), None);
/// assert_eq!(serde_json::to_string(&attributes).unwrap(), r#"{"coupon":"SPRING24","plan":"pro"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Attributes(
    // Absent when empty: most events carry none, and an empty value must cost nothing to
    // clone or drop on the engine's path.
    Option<BTreeMap<String, String>>,
);

impl Serialize for Attributes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self((!map.is_empty()).then_some(map)))
    }
}

impl Attributes {
    /// No attributes.
    ///
    /// ```
    /// use commission_rules::ledger::Attributes;
    /// assert!(Attributes::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `key`, if the attributes carry it.
    ///
    /// ```
    /// use commission_rules::ledger::Attributes;
    /// let attributes = Attributes::from_iter([("country", "DE")]);
    /// assert_eq!(attributes.get("country"), Some("DE"));
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.as_ref()?.get(key).map(String::as_str)
    }

    /// Sets `key` to `value`, replacing an earlier value.
    ///
    /// ```
    /// use commission_rules::ledger::Attributes;
    /// let mut attributes = Attributes::new();
    /// attributes.insert("plan", "starter");
    /// attributes.insert("plan", "pro");
    /// assert_eq!(attributes.get("plan"), Some("pro"));
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
    }

    /// Whether there are none (the default, left out of JSON).
    ///
    /// ```
    /// use commission_rules::ledger::Attributes;
    /// assert!(!Attributes::from_iter([("plan", "pro")]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The keys and values, by key.
    ///
    /// ```
    /// use commission_rules::ledger::Attributes;
    /// let attributes = Attributes::from_iter([("plan", "pro"), ("country", "DE")]);
    /// let keys: Vec<_> = attributes.iter().map(|(key, _)| key).collect();
    /// assert_eq!(keys, ["country", "plan"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let map = self.0.iter().flatten();
        map.map(|(key, value)| (key.as_str(), value.as_str()))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Attributes {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let map: BTreeMap<String, String> = pairs
            .into_iter()
            .map(|(key, value)| (key.into(), value.into()))
            .collect();
        Self((!map.is_empty()).then_some(map))
    }
}
