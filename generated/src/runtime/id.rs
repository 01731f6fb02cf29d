//! Identifier types and the properties a model does not declare.
//!
//! The generator turns every string pattern with a literal prefix (`^aia_asst_.+$`) into a
//! newtype `struct AssistantId(String)` and gives it its methods with [`id_impls!`]: the
//! value is checked when it is parsed or decoded, so an id in hand is known to have the
//! right shape, and ids of different things do not mix.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// What an identifier allows after its literal prefix.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rest {
    /// Anything, or nothing.
    Any,
    /// At least one character.
    NonEmpty,
    /// Exactly this many hexadecimal digits.
    Hex(usize),
    /// A rule this client does not check; only the prefix is checked.
    Unchecked,
}

/// Whether `value` has the shape of an identifier with `prefix` and `rest`.
pub(crate) fn matches(value: &str, prefix: &str, rest: Rest) -> bool {
    let Some(tail) = value.strip_prefix(prefix) else {
        return false;
    };
    match rest {
        Rest::Any | Rest::Unchecked => true,
        Rest::NonEmpty => !tail.is_empty(),
        Rest::Hex(length) => tail.len() == length && tail.bytes().all(|b| b.is_ascii_hexdigit()),
    }
}

/// A string that does not have the shape of the identifier it was meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId {
    /// The identifier type, such as `AssistantId`.
    pub kind: &'static str,
    /// The pattern the API document gives for it.
    pub pattern: &'static str,
    /// The value that was refused.
    pub value: String,
}

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid {}: it must match `{}`",
            self.value, self.kind, self.pattern
        )
    }
}

impl std::error::Error for InvalidId {}

/// The properties of a JSON object that its model does not declare, kept so that decoding
/// and encoding again loses nothing. With the `strict` feature, any such property is a
/// decode error instead, which shows where the API document and the server differ.
pub type UnknownFields = serde_json::Map<String, serde_json::Value>;

/// Decodes the [`UnknownFields`] of a model.
pub(crate) fn unknown_fields<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<UnknownFields, D::Error> {
    let fields = UnknownFields::deserialize(deserializer)?;
    #[cfg(feature = "strict")]
    if let Some(name) = fields.keys().next() {
        return Err(serde::de::Error::custom(format!(
            "unknown field `{name}` (the `strict` feature is on)"
        )));
    }
    Ok(fields)
}

/// Decodes a field that tells "absent" (`None`) from `null` (`Some(None)`).
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The methods and traits of an identifier newtype `Name(String)`:
/// `id_impls!(Name, "pattern", "prefix", Rest)`, where `Rest` is a [`Rest`] variant.
macro_rules! id_impls {
    ($name:ident, $pattern:literal, $prefix:literal, $($rest:tt)+) => {
        impl $name {
            /// The pattern every value matches, as the API document gives it.
            pub const PATTERN: &'static str = $pattern;

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier as an owned `String`.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::runtime::InvalidId;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                if $crate::runtime::id::matches(&value, $prefix, $crate::runtime::Rest::$($rest)+) {
                    Ok(Self(value))
                } else {
                    Err($crate::runtime::InvalidId {
                        kind: stringify!($name),
                        pattern: $pattern,
                        value,
                    })
                }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::runtime::InvalidId;

            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::try_from(value.to_owned())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::runtime::InvalidId;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::try_from(value.to_owned())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::try_from(value).map_err(serde::de::Error::custom)
            }
        }

        impl From<&$name> for $name {
            fn from(value: &$name) -> Self {
                value.clone()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl $crate::runtime::ToParam for $name {
            fn to_param(&self) -> String {
                self.0.clone()
            }
        }
    };
}

pub(crate) use id_impls;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_checked_by_prefix_and_rest() {
        assert!(matches("aia_asst_1", "aia_asst_", Rest::NonEmpty));
        assert!(!matches("aia_asst_", "aia_asst_", Rest::NonEmpty));
        assert!(!matches("aia_tool_1", "aia_asst_", Rest::NonEmpty));
        assert!(matches("KS", "KS", Rest::Any));
        assert!(matches("KSx", "KS", Rest::Unchecked));
        let sid = format!("AC{}", "0a".repeat(16));
        assert!(matches(&sid, "AC", Rest::Hex(32)));
        assert!(!matches(&sid[..33], "AC", Rest::Hex(32)));
        assert!(!matches(
            &format!("AC{}", "g".repeat(32)),
            "AC",
            Rest::Hex(32)
        ));
    }
}
