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
/// from `null`; its serde impls are written out by `open_struct!`, as the generator writes
/// them for such a model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Example {
    /// A field that can be cleared.
    pub note: Option<Option<String>>,
    /// The properties the model does not declare.
    pub extra: crate::UnknownFields,
}

crate::runtime::fields::open_struct!(Example { clearable note = "note" } extra, serialize, deserialize);

/// A string enum that keeps the values it does not know, its impls written by
/// `string_enum!` as the generator writes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Color {
    /// `red`
    Red,
    /// `light blue`
    LightBlue,
    /// A value this client does not know yet.
    Unknown(String),
}

crate::runtime::enums::string_enum!(Color { Red = "red", LightBlue = "light blue" }, serialize, deserialize);

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
