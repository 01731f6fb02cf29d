//! The properties of a JSON object that its model does not declare.
#![allow(
    dead_code,
    reason = "a crate whose models are only sent does not read undeclared properties"
)]

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// The properties of a JSON object that its model does not declare, kept so that decoding
/// and encoding again loses nothing. With the `strict` feature, any such property is a
/// decode error instead, which shows where the API document and the server differ.
pub type UnknownFields = serde_json::Map<String, serde_json::Value>;

/// A property name as a model's `Deserialize` reads it: borrowed from the input when the
/// name has no escapes, so that matching it against the declared names allocates nothing.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Keeps the property `key`, which the model does not declare, with its value (read from
/// `map`) in `fields`.
///
/// # Errors
///
/// The map's error when the value is not JSON; with the `strict` feature, one that names
/// the property, since it is undeclared.
pub fn unknown<'de, A: MapAccess<'de>>(
    fields: &mut UnknownFields,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    if cfg!(feature = "strict") {
        return Err(de::Error::custom(format!(
            "unknown field `{}` (the `strict` feature is on)",
            key.0
        )));
    }
    let value = map.next_value::<serde_json::Value>()?;
    fields.insert(key.0.into_owned(), value);
    Ok(())
}

/// The `Serialize` and `Deserialize` impls of a struct that keeps undeclared properties,
/// written out rather than derived, because serde's `flatten` buffers every value of the
/// object, which costs compile time for each such struct and run time for each object
/// decoded:
///
/// `open_struct!(Name { kind member = "wire", ... } extra, serialize, deserialize)`
///
/// where each `kind` is `required` (a plain field), `optional` (an `Option`, left out when
/// absent), `nullable` (a required property that may be `null`: an `Option` written as
/// `null` when empty) or `clearable` (an `Option<Option<_>>`, `null` when cleared), `extra` is the
/// field that keeps the undeclared properties, and `serialize` / `deserialize` may each
/// follow attributes (a `cfg`) for their impl.
///
/// `Serialize` writes the declared properties in order, an absent optional one left out,
/// then the kept ones. `Deserialize` makes one pass over the object's entries: a declared
/// property is decoded as its field's type, any other is kept by [`unknown`]; a missing
/// required property is serde's `missing field` error, an absent optional one `None`.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `open_struct` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_struct {
    (
        $name:ident { $( $kind:ident $member:ident = $wire:literal ),* $(,)? } $extra:ident,
        $( #[$serialize:meta] )* serialize,
        $( #[$deserialize:meta] )* deserialize $(,)?
    ) => {
        $( #[$serialize] )*
        impl serde::Serialize for $name {
            #[allow(clippy::question_mark, reason = "see `@write`: no `?` for each field")]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $( $crate::runtime::fields::open_struct!(@write $kind map $wire &self.$member); )*
                for (key, value) in &self.$extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        $( #[$deserialize] )*
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Underscored names, because a model may be called `Visitor` or `A`.
                struct __Visitor;

                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(concat!("an object (`", stringify!($name), "`)"))
                    }

                    #[allow(
                        clippy::match_single_binding,
                        reason = "a model without declared properties matches every name alike"
                    )]
                    #[allow(clippy::question_mark, reason = "see `@write`: no `?` for each field")]
                    fn visit_map<__A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> Result<$name, __A::Error> {
                        $( let mut $member = None; )*
                        let mut unknown = $crate::UnknownFields::new();
                        while let Some(key) = map.next_key::<$crate::runtime::fields::Key<'de>>()? {
                            match key.as_str() {
                                $( $wire => $crate::runtime::fields::open_struct!(@read $kind $member map), )*
                                _ => $crate::runtime::fields::unknown(&mut unknown, key, &mut map)?,
                            }
                        }
                        Ok($name {
                            $( $member: $crate::runtime::fields::open_struct!(@value $kind $member $wire), )*
                            $extra: unknown,
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    // Errors leave by `return` rather than `?`: each `?` is a `Try`, `FromResidual` and
    // `From` obligation for the compiler to solve, and a model has one for each field; on
    // twilio_api_v2010 they were 5% of the instructions of the crate's first build.
    (@write required $map:ident $wire:literal $value:expr) => {
        if let Err(error) = $map.serialize_entry($wire, $value) {
            return Err(error);
        }
    };
    (@write nullable $map:ident $wire:literal $value:expr) => {
        $crate::runtime::fields::open_struct!(@write required $map $wire $value)
    };
    // An absent optional property is left out, as the API documents it.
    (@write $kind:ident $map:ident $wire:literal $value:expr) => {
        if let Some(value) = $value {
            $crate::runtime::fields::open_struct!(@write required $map $wire value)
        }
    };
    // `null` decodes as an absent optional property, and as a cleared clearable one.
    (@read optional $member:ident $map:ident) => {
        match $map.next_value() {
            Ok(value) => $member = value,
            Err(error) => return Err(error),
        }
    };
    (@read nullable $member:ident $map:ident) => {
        $crate::runtime::fields::open_struct!(@read optional $member $map)
    };
    (@read $kind:ident $member:ident $map:ident) => {
        match $map.next_value() {
            Ok(value) => $member = Some(value),
            Err(error) => return Err(error),
        }
    };
    (@value required $member:ident $wire:literal) => {
        match $member {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($wire)),
        }
    };
    (@value $kind:ident $member:ident $wire:literal) => {
        $member
    };
}

#[doc(hidden)]
pub use crate::__open_struct as open_struct;

#[cfg(test)]
mod tests {
    use crate::models::Example;

    #[test]
    #[cfg(not(feature = "strict"))]
    fn undeclared_properties_are_kept_and_sent_again() {
        let text = r#"{"note":"x","other":[1,2]}"#;
        let example: Example = serde_json::from_str(text).unwrap();
        assert_eq!(example.extra["other"], serde_json::json!([1, 2]));
        assert_eq!(serde_json::to_string(&example).unwrap(), text);
    }

    #[test]
    #[cfg(not(feature = "strict"))]
    fn absent_null_and_a_value_stay_apart_and_are_written_back() {
        let decode = |text: &str| serde_json::from_str::<Example>(text).unwrap();
        assert_eq!(decode("{}").note, None);
        assert_eq!(decode(r#"{"note": null}"#).note, Some(None));
        assert_eq!(decode(r#"{"note": "x"}"#).note, Some(Some("x".to_owned())));
        // A name with an escape is not borrowed from the input, and still matches.
        assert_eq!(
            decode(r#"{"no\u0074e": "x"}"#).note,
            Some(Some("x".to_owned()))
        );
        for text in ["{}", r#"{"note":null}"#, r#"{"note":"x","other":1}"#] {
            assert_eq!(serde_json::to_string(&decode(text)).unwrap(), text);
        }
        let error = serde_json::from_str::<Example>("[]").unwrap_err();
        assert!(
            error.to_string().contains("an object (`Example`)"),
            "{error}"
        );
    }

    #[test]
    #[cfg(feature = "strict")]
    fn undeclared_properties_are_errors_when_strict() {
        let error = serde_json::from_str::<Example>(r#"{"other":1}"#).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `other`"),
            "{error}"
        );
    }
}
