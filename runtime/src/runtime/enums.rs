//! The values of string enums as they are decoded: a value the enum names, or one it does
//! not know yet, which the enum keeps (`Unknown`) and the `strict` feature refuses.
#![cfg_attr(
    not(feature = "deserialize"),
    allow(
        dead_code,
        reason = "a crate whose enums are only sent decodes them with the `deserialize` feature"
    )
)]

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;

/// The string value of the enum `name`, whose values are `known`. With the `strict`
/// feature, a value not in `known` is refused where it is read, so that the error has its
/// position and its decode error the field's path.
///
/// # Errors
///
/// The deserializer's error when the value is not a string; with the `strict` feature,
/// also one that names the enum and the value when the value is not in `known`.
pub fn value<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    known: &'static [&'static str],
) -> Result<String, D::Error> {
    deserializer.deserialize_string(Value { name, known })
}

/// Reads a string and, with the `strict` feature, checks it against the enum's values.
struct Value {
    name: &'static str,
    known: &'static [&'static str],
}

impl Value {
    fn check<E: Error>(&self, value: &str) -> Result<(), E> {
        if cfg!(feature = "strict") && !self.known.contains(&value) {
            return Err(E::custom(format!(
                "unknown value `{value}` of {}, expected one of {:?} (the `strict` feature is on)",
                self.name, self.known
            )));
        }
        Ok(())
    }
}

impl Visitor<'_> for Value {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a value of {}", self.name)
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<String, E> {
        self.check(value)?;
        Ok(value.to_owned())
    }

    fn visit_string<E: Error>(self, value: String) -> Result<String, E> {
        self.check(&value)?;
        Ok(value)
    }
}

/// The serde impls, `as_str` and `Display` of a string enum that keeps the values it does
/// not know in `Unknown(String)`:
///
/// `string_enum!(Name { Variant = "wire", ... }, serialize, deserialize)`
///
/// where `serialize` and `deserialize` may each follow attributes (a `cfg`) for their impl.
/// The enum itself, with its documented variants, is declared by the generated code.
/// `as_str` and `fmt` are `#[inline]`, so that they are compiled to machine code where they
/// are called rather than for each of an API's enums.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `string_enum` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    (
        $name:ident { $( $variant:ident = $wire:literal ),* $(,)? },
        $( #[$serialize:meta] )* serialize,
        $( #[$deserialize:meta] )* deserialize $(,)?
    ) => {
        $( #[$serialize] )*
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        $( #[$deserialize] )*
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let known = &[$( $wire ),*];
                let value = $crate::runtime::enums::value(deserializer, stringify!($name), known)?;
                Ok(match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::Unknown(value),
                })
            }
        }

        impl $name {
            /// The value as it is sent on the wire.
            #[must_use]
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[doc(hidden)]
pub use crate::__string_enum as string_enum;

#[cfg(test)]
mod tests {
    use super::value;
    use crate::models::Color;

    #[test]
    fn string_enums_read_and_write_their_wire_values() {
        let decode = |json: &str| serde_json::from_str::<Color>(json);
        assert_eq!(decode("\"light blue\"").unwrap(), Color::LightBlue);
        assert_eq!(
            serde_json::to_string(&Color::LightBlue).unwrap(),
            "\"light blue\""
        );
        assert_eq!(Color::Red.to_string(), "red");
        match decode("\"green\"") {
            Ok(green) if !cfg!(feature = "strict") => {
                assert_eq!(green, Color::Unknown("green".to_owned()));
                assert_eq!(serde_json::to_string(&green).unwrap(), "\"green\"");
            }
            Err(error) if cfg!(feature = "strict") => {
                assert!(error.to_string().contains("`green` of Color"), "{error}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn values_are_read_and_unknown_ones_refused_when_strict() {
        let read = |json: &str| {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            value(&mut deserializer, "Color", &["red", "blue"]).map_err(|error| error.to_string())
        };
        assert_eq!(read("\"red\"").unwrap(), "red");
        assert!(read("1").unwrap_err().contains("a value of Color"));
        let green = read("\"green\"");
        if cfg!(feature = "strict") {
            let message = green.unwrap_err();
            assert!(message.contains("`green` of Color"), "{message}");
        } else {
            assert_eq!(green.unwrap(), "green");
        }
    }
}
