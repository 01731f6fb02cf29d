//! One home for `$ref` resolution into `#/components`: lowering and the drift check
//! (`cargo xtask drift`) resolve parameters, request bodies, responses and schemas through
//! [`resolve`], with the same rules: a local reference `#/components/<section>/<name>`,
//! the name's JSON pointer escapes undone (`~1` is `/`, `~0` is `~`), and a chain of
//! component `$ref`s followed to the item at its end.

use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// The most `$ref`s followed in a row before a chain is taken for a loop.
pub const MAX_HOPS: usize = 64;

/// A kind of component that a `$ref` can name.
pub trait Component: Sized {
    /// The section of `#/components` that holds this kind, such as `parameters`.
    const SECTION: &'static str;
    /// What one is called in messages, such as `parameter`.
    const WHAT: &'static str;
    /// The component `name` of this kind.
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>>;
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    const WHAT: &'static str = "parameter";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.parameters.get(name)
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const WHAT: &'static str = "request body";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.request_bodies.get(name)
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    const WHAT: &'static str = "response";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.responses.get(name)
    }
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    const WHAT: &'static str = "schema";
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
        components.schemas.get(name)
    }
}

/// An item with the name of the last component its `$ref` chain went through (`None`
/// when it was written in place).
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'a, T> {
    /// The item itself.
    pub item: &'a T,
    /// The component that holds it, when it was reached through a `$ref`.
    pub name: Option<String>,
}

/// The item `item` is or refers to, following component `$ref`s; the error is a sentence
/// fragment that names the reference and why it does not resolve, for the caller to
/// locate at its `$ref`.
pub fn resolve<'a, T: Component>(
    document: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
) -> Result<Resolved<'a, T>, String> {
    let mut item = item;
    let mut name = None;
    for _ in 0..MAX_HOPS {
        let reference = match item {
            ReferenceOr::Item(found) => return Ok(Resolved { item: found, name }),
            ReferenceOr::Reference { reference } => reference,
        };
        let target = component_name(reference, T::SECTION);
        let next = target
            .as_deref()
            .and_then(|target| T::lookup(document.components.as_ref()?, target));
        match (target, next) {
            (Some(target), Some(next)) => {
                name = Some(target.into_owned());
                item = next;
            }
            _ => return Err(unresolved::<T>(reference)),
        }
    }
    Err(format!(
        "more than {MAX_HOPS} `$ref`s in a row in `components/{}`; is there a loop?",
        T::SECTION
    ))
}

/// Why `reference` names no component of kind `T`.
pub fn unresolved<T: Component>(reference: &str) -> String {
    let section = T::SECTION;
    let why = if !reference.starts_with('#') {
        "external references are not supported; bundle the document into one file".to_owned()
    } else if reference.starts_with(&format!("#/components/{section}/")) {
        format!("no such {} in `components/{section}`", T::WHAT)
    } else {
        format!(
            "a {} reference must point into `#/components/{section}/`",
            T::WHAT
        )
    };
    format!("cannot resolve `$ref: {reference}`: {why}")
}

/// The component name that `reference` points to in `#/components/<section>/`, with the
/// JSON pointer escapes undone; `None` for any other target.
pub fn component_name<'a>(reference: &'a str, section: &str) -> Option<std::borrow::Cow<'a, str>> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    Some(unescape(name))
}

/// A JSON pointer token with its escapes undone: `~1` is `/`, `~0` is `~` (in that order,
/// so that `~01` is `~1`).
pub fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).unwrap()
    }

    const DOCUMENT: &str = "
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  parameters:
    a/b: {$ref: '#/components/parameters/c~01d'}
    c~1d: {$ref: '#/components/parameters/Real'}
    Real: {name: Real, in: query, schema: {type: string}}
    Loop: {$ref: '#/components/parameters/Loop'}
";

    #[test]
    fn chains_are_followed_and_names_unescaped() {
        let document = document(DOCUMENT);
        let reference = ReferenceOr::<Parameter>::ref_("#/components/parameters/a~1b");
        let resolved = resolve(&document, &reference).unwrap();
        assert_eq!(resolved.item.parameter_data_ref().name, "Real");
        assert_eq!(resolved.name.as_deref(), Some("Real"));
    }

    #[test]
    fn failures_say_why() {
        let document = document(DOCUMENT);
        let error = |reference: &str| {
            resolve(&document, &ReferenceOr::<Parameter>::ref_(reference)).unwrap_err()
        };
        assert!(error("#/components/parameters/Missing")
            .ends_with("no such parameter in `components/parameters`"));
        assert!(error("#/components/schemas/Real").contains("must point into"));
        assert!(error("other.yaml#/x").contains("external references"));
        assert!(error("#/components/parameters/Loop").contains("is there a loop?"));
    }
}
