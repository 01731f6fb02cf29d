//! A stand-in for the `models` module the generator writes, with an item of each kind that
//! calls into the runtime, so that every part of the runtime is used and tested here as
//! generated code uses it.

use crate::runtime::paging::Page;

/// An identifier of the form `^EX[0-9a-fA-F]{4}$`: a literal prefix, then hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ExampleId(String);
crate::runtime::id::id_impls!(ExampleId, "^EX[0-9a-fA-F]{4}$", "EX", Hex(4));

/// An identifier of the form `^ex_.+$`: a literal prefix and at least one character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct NamedId(String);
crate::runtime::id::id_impls!(NamedId, "^ex_.+$", "ex_", NonEmpty);

/// An identifier of the form `^EY`: a literal prefix and anything after it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct PrefixId(String);
crate::runtime::id::id_impls!(PrefixId, "^EY", "EY", Any);

/// An identifier of the form `^EZ[a-z]+$`, whose rest this client does not check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct LooseId(String);
crate::runtime::id::id_impls!(LooseId, "^EZ[a-z]+$", "EZ", Unchecked);

/// A model that keeps the properties it does not declare, with a field that tells absent
/// from `null`; its serde impls are written out, as the generator writes them for such a
/// model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Example {
    /// A field that can be cleared.
    pub note: Option<Option<String>>,
    /// The properties the model does not declare.
    pub extra: crate::UnknownFields,
}

impl serde::Serialize for Example {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use crate::runtime::fields::optional;
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        optional(&mut map, "note", &self.note)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Example {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = crate::models::Example;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("an object (`Example`)")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<crate::models::Example, A::Error> {
                let mut field_note = None;
                let mut unknown = crate::UnknownFields::new();
                while let Some(key) = map.next_key::<crate::runtime::fields::Key<'de>>()? {
                    match key.as_str() {
                        "note" => field_note = Some(map.next_value()?),
                        _ => crate::runtime::fields::unknown(&mut unknown, key, &mut map)?,
                    }
                }
                Ok(crate::models::Example {
                    note: field_note,
                    extra: unknown,
                })
            }
        }

        deserializer.deserialize_map(Visitor)
    }
}

/// A model whose `null` and absent fields differ, decoded by serde's derive as a closed
/// model is: the `nullable` helper in use.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clearable {
    /// A field that can be cleared.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::runtime::nullable::nullable"
    )]
    pub note: Option<Option<String>>,
}

/// A page of a list response.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ExamplePage {
    /// The items of the page.
    pub examples: Vec<Example>,
    /// The link to the next page.
    pub next_page_url: Option<String>,
}

impl Page for ExamplePage {
    type Item = Example;

    fn next_link(&self) -> Option<&String> {
        self.next_page_url.as_ref()
    }

    fn into_items(self) -> Vec<Example> {
        self.examples
    }
}
