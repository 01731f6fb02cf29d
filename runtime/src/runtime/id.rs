//! Identifier types.
//!
//! The generator turns every string pattern with a literal prefix (`^aia_asst_.+$`) into a
//! newtype `struct AssistantId(String)` and gives it its methods with [`id_impls!`]: the
//! value is checked when it is parsed or decoded, so an id in hand is known to have the
//! right shape, and ids of different things do not mix.
//!
//! Where an operation takes an identifier it takes [`IntoId`]: the id, a reference to one,
//! or text. Text is checked by the same rule when the argument is given; a refused value
//! is kept by the builder ([`Refused`]) and is what `send` returns, as [`InvalidId`], before
//! anything is sent. An id of another kind is still a compile error.

use super::error::InvalidId;

/// A value that stands for an identifier of type `Id` as an argument: the id itself, a
/// reference to one (which is cloned), or text (`&str`, `String`, `&String`), which is
/// checked by the id's rule.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `{Id}`",
    label = "expected a `{Id}`, a reference to one, or a string",
    note = "an identifier of another kind is never accepted in its place"
)]
pub trait IntoId<Id> {
    /// The identifier.
    ///
    /// # Errors
    ///
    /// [`InvalidId`] when the text does not match the identifier's pattern.
    fn into_id(self) -> Result<Id, InvalidId>;
}

/// An identifier type, as [`Refused`] needs it: one can stand in for a refused value, so
/// that a builder holds a value of its field's type until `send` reports the refusal.
#[allow(
    dead_code,
    reason = "a crate whose identifiers are only read, never arguments, does not use it"
)]
pub trait Identifier: Clone + TryFrom<String, Error = InvalidId> {
    /// A stand-in holding `refused.value`; it never leaves the builder, whose `send`
    /// fails with `refused` first.
    fn stand_in(refused: &InvalidId) -> Self;
}

// One impl per kind of argument for every identifier type, rather than five per type:
// impls that share a `Self` type (`&str`) are checked against each other pair by pair
// when a crate compiles, which made this quadratic in the number of identifier types.
impl<Id: Identifier> IntoId<Id> for Id {
    fn into_id(self) -> Result<Id, InvalidId> {
        Ok(self)
    }
}

impl<Id: Identifier> IntoId<Id> for &Id {
    fn into_id(self) -> Result<Id, InvalidId> {
        Ok(self.clone())
    }
}

impl<Id: Identifier> IntoId<Id> for &str {
    fn into_id(self) -> Result<Id, InvalidId> {
        Id::try_from(self.to_owned())
    }
}

impl<Id: Identifier> IntoId<Id> for String {
    fn into_id(self) -> Result<Id, InvalidId> {
        Id::try_from(self)
    }
}

impl<Id: Identifier> IntoId<Id> for &String {
    fn into_id(self) -> Result<Id, InvalidId> {
        Id::try_from(self.clone())
    }
}

/// The first identifier argument a handle or builder refused, which its `send` returns
/// before anything is sent; handles pass theirs on to the builders they make.
#[derive(Debug, Clone, Default)]
#[allow(
    dead_code,
    reason = "a crate whose identifiers are only read, never arguments, does not use it"
)]
pub struct Refused(Option<InvalidId>);

#[allow(
    dead_code,
    reason = "a crate whose identifiers are only read, never arguments, does not use it"
)]
impl Refused {
    /// `value` as an `Id`; a value that is not one is remembered (the first of them), and
    /// a stand-in is returned in its place.
    pub fn id<Id: Identifier>(&mut self, value: impl IntoId<Id>) -> Id {
        match value.into_id() {
            Ok(id) => id,
            Err(refused) => {
                let id = Id::stand_in(&refused);
                self.0.get_or_insert(refused);
                id
            }
        }
    }

    /// The refused value, if any.
    #[must_use]
    pub fn get(&self) -> Option<&InvalidId> {
        self.0.as_ref()
    }
}

/// The methods and traits of an identifier newtype `Name(String)`:
/// `id_impls!(Name, "pattern", "prefix", Rest)`, where `Rest` says what may follow the
/// prefix: `Any` (anything, or nothing), `NonEmpty` (at least one character), `Hex(n)`
/// (exactly `n` hexadecimal digits) or `Unchecked` (a rule this client does not check).
/// The methods are `#[inline]`, so that they are compiled to machine code where they are
/// called rather than for each of an API's identifier types.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `id_impls` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __id_impls {
    (@rest $tail:ident, Any) => {{
        let _ = $tail;
        true
    }};
    (@rest $tail:ident, Unchecked) => {{
        let _ = $tail;
        true
    }};
    (@rest $tail:ident, NonEmpty) => {
        !$tail.is_empty()
    };
    (@rest $tail:ident, Hex($length:literal)) => {
        $tail.len() == $length && $tail.bytes().all(|byte| byte.is_ascii_hexdigit())
    };
    ($name:ident, $pattern:literal, $prefix:literal, $($rest:tt)+) => {
        impl $name {
            /// The pattern every value matches, as the API document gives it.
            pub const PATTERN: &'static str = $pattern;

            /// The identifier as text.
            #[inline]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier as an owned `String`.
            #[inline]
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::runtime::error::InvalidId;

            #[inline]
            fn try_from(value: String) -> Result<Self, Self::Error> {
                let valid = match value.strip_prefix($prefix) {
                    Some(tail) => $crate::runtime::id::id_impls!(@rest tail, $($rest)+),
                    None => false,
                };
                if valid {
                    Ok(Self(value))
                } else {
                    Err($crate::runtime::error::InvalidId {
                        kind: stringify!($name),
                        pattern: $pattern,
                        value,
                    })
                }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::runtime::error::InvalidId;

            #[inline]
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::try_from(value.to_owned())
            }
        }

        impl $crate::runtime::id::Identifier for $name {
            #[inline]
            fn stand_in(refused: &$crate::runtime::error::InvalidId) -> Self {
                Self(refused.value.clone())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::runtime::error::InvalidId;

            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::try_from(value.to_owned())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // The check runs inside the deserializer's own call, so that an error
                // carries the position of the value (and a decode error its path).
                struct Visitor;

                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name)))
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        $name::try_from(value).map_err(E::custom)
                    }

                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<$name, E> {
                        $name::try_from(value).map_err(E::custom)
                    }
                }

                deserializer.deserialize_string(Visitor)
            }
        }

        impl From<&$name> for $name {
            #[inline]
            fn from(value: &$name) -> Self {
                value.clone()
            }
        }

        impl From<$name> for String {
            #[inline]
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            #[inline]
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            #[inline]
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            #[inline]
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for str {
            #[inline]
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            #[inline]
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            #[inline]
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl $crate::runtime::call::ToParam for $name {
            #[inline]
            fn to_param(&self) -> String {
                self.0.clone()
            }
        }
    };
}

#[doc(hidden)]
pub use crate::__id_impls as id_impls;

#[cfg(test)]
mod tests {
    #[test]
    fn id_impls_checks_on_parse_and_decode() {
        use crate::models::ExampleId;
        let id: ExampleId = "EX0a1F".parse().unwrap();
        assert_eq!(id.as_str(), "EX0a1F");
        assert_eq!(id, "EX0a1F");
        assert_eq!(ExampleId::PATTERN, "^EX[0-9a-fA-F]{4}$");
        let refused = ExampleId::try_from("EX0a1").unwrap_err();
        assert_eq!(refused.kind, "ExampleId");
        assert_eq!(refused.value, "EX0a1");
        let decoded: Result<ExampleId, _> = serde_json::from_str("\"EXzzzz\"");
        assert!(decoded.unwrap_err().to_string().contains("ExampleId"));
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"EX0a1F\"");
    }

    #[test]
    fn refused_keeps_the_first_refusal_and_stands_in() {
        use super::Refused;
        use crate::models::ExampleId;
        let mut refused = Refused::default();
        let id: ExampleId = "EX0a1F".parse().unwrap();
        assert_eq!(refused.id(&id), id);
        assert_eq!(refused.id::<ExampleId>("EXbbbb"), "EXbbbb");
        assert_eq!(refused.id::<ExampleId>(String::from("EXcccc")), "EXcccc");
        assert!(refused.get().is_none());
        let stand_in: ExampleId = refused.id("nope");
        assert_eq!(stand_in, "nope");
        let _: ExampleId = refused.id("EXz");
        let first = refused.get().unwrap();
        assert_eq!((first.kind, first.value.as_str()), ("ExampleId", "nope"));
    }
}
