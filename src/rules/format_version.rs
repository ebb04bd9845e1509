//! The version of the format a program file or an engine snapshot is written in: a reader
//! refuses a document of a newer format by name instead of misreading it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the format of a program file ([`RuleSet`](super::RuleSet)) or an engine
/// snapshot ([`Snapshot`](crate::Snapshot)).
///
/// This library writes and reads version 1, [`FormatVersion::CURRENT`]. Reading a document
/// of a newer version (or of version 0, which never existed) is an error that names both
/// versions, never a misread. A program file may leave `format_version` out: it is then
/// version 1, and stays so in every later release ([`FormatVersion::FIRST`]), so files
/// written before versions existed read as they always did. A snapshot is always written
/// with its version, and one without it is refused.
///
/// ```
/// use commission_rules::rules::FormatVersion;
/// assert_eq!(FormatVersion::CURRENT.get(), 1);
/// assert_eq!(FormatVersion::default(), FormatVersion::CURRENT);
/// assert_eq!(serde_json::to_string(&FormatVersion::CURRENT).unwrap(), "1");
/// assert_eq!(serde_json::from_str::<FormatVersion>("1").unwrap(), FormatVersion::FIRST);
/// let newer = serde_json::from_str::<FormatVersion>("2").unwrap_err();
/// assert!(newer.to_string().starts_with("format_version 2 is newer than this library reads (1)"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct FormatVersion(u32);

impl FormatVersion {
    /// Version 1: what a program file without `format_version` is written in, now and in
    /// every later release.
    ///
    /// ```
    /// use commission_rules::rules::FormatVersion;
    /// assert_eq!(FormatVersion::FIRST.get(), 1);
    /// ```
    pub const FIRST: FormatVersion = FormatVersion(1);

    /// The version this library writes, and the newest it reads.
    ///
    /// ```
    /// use commission_rules::rules::FormatVersion;
    /// assert_eq!(FormatVersion::CURRENT.to_string(), "1");
    /// ```
    pub const CURRENT: FormatVersion = FormatVersion(1);

    /// The version's number.
    ///
    /// ```
    /// use commission_rules::rules::FormatVersion;
    /// assert_eq!(FormatVersion::FIRST.get(), 1);
    /// ```
    pub fn get(self) -> u32 {
        self.0
    }

    /// What a program file without the field is: [`FormatVersion::FIRST`], for serde's
    /// `default`.
    pub(crate) fn absent() -> Self {
        Self::FIRST
    }
}

impl Default for FormatVersion {
    /// [`FormatVersion::CURRENT`]: a value built in Rust is in the format this library
    /// writes.
    fn default() -> Self {
        Self::CURRENT
    }
}

impl fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let version = u32::deserialize(d)?;
        if version == 0 {
            return Err(serde::de::Error::custom(
                "format_version 0 is not a version (the first is 1)",
            ));
        }
        if version > Self::CURRENT.0 {
            return Err(serde::de::Error::custom(format_args!(
                "format_version {version} is newer than this library reads ({})",
                Self::CURRENT
            )));
        }
        Ok(Self(version))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FormatVersion {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": Self::FIRST.0,
            "maximum": Self::CURRENT.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<FormatVersion, String> {
        serde_json::from_str(json).map_err(|err| err.to_string())
    }

    #[test]
    fn only_the_versions_this_library_knows_are_read() {
        assert_eq!(read("1"), Ok(FormatVersion::FIRST));
        assert_eq!(
            read("2"),
            Err("format_version 2 is newer than this library reads (1)".into())
        );
        assert_eq!(
            read("0"),
            Err("format_version 0 is not a version (the first is 1)".into())
        );
        for not_a_version in ["-1", "1.5", "\"1\"", "null"] {
            assert!(read(not_a_version).is_err(), "{not_a_version}");
        }
    }
}
