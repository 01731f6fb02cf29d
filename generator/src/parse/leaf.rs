//! A deserializer over a borrowed YAML value that accepts exactly what openapiv3's derive
//! accepts for the same value once serde has buffered it.
//!
//! The derive reads most of a document out of serde's internal buffer (for `flatten` and
//! untagged enums), not out of the YAML value itself, and the two differ: serde_yaml reads
//! `null` as an empty list, map or struct, where the buffer refuses it. [`Leaf`] behaves
//! like the buffer for every value that reads successfully: `null` is a unit (and `None`
//! for an `Option`), an enum is a string or a one-entry map, and everything else is read by
//! kind. Its error messages are not the buffer's, and need not be: the reader that uses it
//! gives up on any error and lets the derive say what is wrong.

use serde::de::{self, DeserializeSeed, Visitor};
use serde_yaml::{Mapping, Value};

/// A value to read as the derive's buffer would read it.
pub(super) struct Leaf<'de>(pub(super) &'de Value);

/// Errors only say that the value does not fit; see the module documentation.
#[derive(Debug)]
pub(super) struct Unfit;

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the value does not fit")
    }
}

impl std::error::Error for Unfit {}

impl de::Error for Unfit {
    fn custom<T: std::fmt::Display>(_message: T) -> Self {
        Unfit
    }
}

impl<'de> de::Deserializer<'de> for Leaf<'de> {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(value) => visitor.visit_bool(*value),
            Value::Number(number) => {
                if let Some(value) = number.as_u64() {
                    visitor.visit_u64(value)
                } else if let Some(value) = number.as_i64() {
                    visitor.visit_i64(value)
                } else {
                    visitor.visit_f64(number.as_f64().ok_or(Unfit)?)
                }
            }
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Sequence(items) => visitor.visit_seq(Items(items.iter())),
            Value::Mapping(mapping) => visitor.visit_map(Entries {
                entries: mapping.iter(),
                value: None,
            }),
            // Documents with tags never reach this reader.
            Value::Tagged(_) => Err(Unfit),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unfit> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unfit> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(Variant {
                name: variant,
                value: None,
            }),
            Value::Mapping(mapping) if mapping.len() == 1 => {
                let (key, value) = mapping.iter().next().ok_or(Unfit)?;
                visitor.visit_enum(Variant {
                    name: key.as_str().ok_or(Unfit)?,
                    value: Some(value),
                })
            }
            _ => Err(Unfit),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Items<'de>(std::slice::Iter<'de, Value>);

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = Unfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unfit> {
        self.0
            .next()
            .map(|item| seed.deserialize(Leaf(item)))
            .transpose()
    }
}

struct Entries<'de> {
    entries: <&'de Mapping as IntoIterator>::IntoIter,
    value: Option<&'de Value>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = Unfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unfit> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(Leaf(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unfit> {
        seed.deserialize(Leaf(self.value.take().ok_or(Unfit)?))
    }
}

/// An enum variant: its name and, for a one-entry map, its content.
struct Variant<'de> {
    name: &'de str,
    value: Option<&'de Value>,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = Unfit;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Unfit> {
        let name = de::value::BorrowedStrDeserializer::<Unfit>::new(self.name);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'de> {
    type Error = Unfit;

    fn unit_variant(self) -> Result<(), Unfit> {
        match self.value {
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(Unfit),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Unfit> {
        seed.deserialize(Leaf(self.value.ok_or(Unfit)?))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Unfit> {
        match self.value {
            Some(Value::Sequence(items)) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Unfit),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unfit> {
        de::Deserializer::deserialize_any(Leaf(self.value.ok_or(Unfit)?), visitor)
    }
}
