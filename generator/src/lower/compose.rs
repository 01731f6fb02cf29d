//! Composition taken apart: `allOf`, `oneOf`, `anyOf` and `not`, alone or beside a schema's
//! own keywords, reduced to what the Rust type is built from ([`Composed`]).
//!
//! A schema is read as the parts every value satisfies (each `allOf` entry, flattened
//! through `$ref`s and nested `allOf`s, and the schema's own keywords) and, for `oneOf` or
//! `anyOf`, the alternatives one of which it also satisfies. Parts that say nothing about
//! the type (a description, `nullable`, a constraint such as `maxLength` without a `type`,
//! `not`) shape no Rust type; an alternative that allows only `null` makes the whole
//! nullable. What is left becomes one struct (every part an object), one type (a single
//! part or alternative), an enum of alternatives (each object alternative joined with the
//! object parts), or, where parts of different kinds meet, a JSON value with a warning.

use super::schema::SchemaRef;
use crate::error::Pointer;
use crate::resolve::component_name;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind};
use std::collections::BTreeSet;

/// How deep `allOf` parts are followed through `$ref`s and nesting; a guard against
/// cycles, far beyond what documents write.
const MAX_DEPTH: usize = 16;

/// What a schema's composition comes to.
pub(super) enum Composed<'s> {
    /// No composition: the schema is lowered by its own keywords.
    Simple,
    /// Every typed part is an object: one struct of all their properties.
    Merged(Vec<ObjectFacet<'s>>),
    /// One part or alternative stands for the whole schema.
    Single(PartSchema<'s>, Pointer),
    /// Alternatives (`oneOf` or `anyOf`); each object alternative is joined with `shared`.
    Union {
        /// `oneOf` or `anyOf`.
        keyword: &'static str,
        /// The alternatives that allow more than `null`, in document order.
        alternatives: Vec<Part<'s>>,
        /// The object parts every alternative also satisfies.
        shared: Vec<ObjectFacet<'s>>,
    },
    /// Nothing constrains the type (only annotations or `not`): any JSON value.
    Anything,
    /// Parts that no Rust type joins exactly: a JSON value, with the reason as a warning.
    Loose(String),
}

/// One part (or alternative) of a composed schema.
pub(super) struct Part<'s> {
    /// What to lower when the part stands alone.
    pub(super) schema: PartSchema<'s>,
    /// Where the part is written.
    pub(super) at: Pointer,
    /// The part's properties, when it is an object with properties: one facet, or those of
    /// the objects an `allOf` part joins; empty for a part that is not an object.
    pub(super) objects: Vec<ObjectFacet<'s>>,
    /// Whether the part says anything about the type.
    pub(super) typed: bool,
    /// The `$ref` the part was written as, if any.
    pub(super) reference: Option<&'s str>,
}

/// The schema of a [`Part`]: the document's, or a schema's own keywords without its
/// composition, which exist only here.
pub(super) enum PartSchema<'s> {
    /// A schema or `$ref` as the document writes it.
    Written(SchemaRef<'s>),
    /// The keywords of a composed schema other than its composition.
    Own(Box<Schema>),
}

/// The properties of an object part.
#[derive(Clone)]
pub(super) struct ObjectFacet<'s> {
    /// The properties, in document order.
    pub(super) properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    /// The required property names.
    pub(super) required: &'s [String],
    /// `additionalProperties: false`.
    pub(super) closed: bool,
    /// The pointer of the schema that holds `properties`.
    pub(super) at: Pointer,
}

/// Takes `schema` (at `pointer`) apart; see the module docs.
pub(super) fn compose<'s>(doc: &'s OpenAPI, schema: &'s Schema, pointer: &Pointer) -> Composed<'s> {
    let (all_of, union, own): (&[ReferenceOr<Schema>], _, _) = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => (all_of, None, None),
        SchemaKind::OneOf { one_of } => (&[], Some(("oneOf", one_of)), None),
        SchemaKind::AnyOf { any_of } => (&[], Some(("anyOf", any_of)), None),
        SchemaKind::Not { .. } => return Composed::Anything,
        SchemaKind::Any(any) if composed(any) => {
            let union = match (any.one_of.is_empty(), any.any_of.is_empty()) {
                (false, false) => {
                    return Composed::Loose(
                        "`oneOf` and `anyOf` together are typed as a JSON value".to_owned(),
                    )
                }
                (false, true) => Some(("oneOf", &any.one_of)),
                (true, false) => Some(("anyOf", &any.any_of)),
                (true, true) => None,
            };
            (&any.all_of, union, Some(own_part(schema, any, pointer)))
        }
        _ => return Composed::Simple,
    };
    let all_of_at = pointer.join("allOf");
    let written = all_of
        .iter()
        .enumerate()
        .map(|(index, entry)| part(doc, entry, all_of_at.join(index), false));
    let mut shared: Vec<Part<'s>> = written.chain(own).filter(|part| part.typed).collect();
    // Parts are taken apart further (a `$ref` to an `allOf`, a nested `allOf`) only to
    // join them: one part alone stands for the schema as the document names it.
    if shared.len() > 1 {
        let own = shared
            .last()
            .is_some_and(|part| matches!(part.schema, PartSchema::Own(_)))
            .then(|| shared.pop())
            .flatten();
        let mut parts = Vec::new();
        flatten(doc, all_of, &all_of_at, &mut parts, &mut BTreeSet::new(), 0);
        parts.extend(own);
        shared = parts.into_iter().filter(|part| part.typed).collect();
    }
    let Some((keyword, alternatives)) = union else {
        return join(shared);
    };
    let written_alternatives = alternatives.len();
    let at = pointer.join(keyword);
    let alternatives: Vec<Part<'s>> = alternatives
        .iter()
        .enumerate()
        .map(|(index, alternative)| part(doc, alternative, at.join(index), true))
        .filter(|part| !part.null_only(doc))
        .collect();
    // Alternatives that say nothing about the type only constrain the shared parts (`anyOf`
    // of `required` lists, say).
    if alternatives.iter().all(|alternative| !alternative.typed) {
        return join(shared);
    }
    if shared.iter().any(|part| part.objects.is_empty()) {
        return Composed::Loose(format!(
            "`{keyword}` beside parts that are not objects is typed as a JSON value"
        ));
    }
    let shared: Vec<ObjectFacet<'s>> = shared.into_iter().flat_map(|part| part.objects).collect();
    // A union the document writes with one alternative stays a union (its discriminator
    // is kept); one left so by removing `null` stands for the schema.
    let collapse = written_alternatives > 1 || !shared.is_empty();
    match <[Part<'s>; 1]>::try_from(alternatives) {
        Ok([only]) if collapse => match (only.objects.is_empty(), shared.is_empty()) {
            (false, false) => Composed::Merged(shared.into_iter().chain(only.objects).collect()),
            // Properties constrain only objects, so beside a non-object alternative they
            // say nothing about its values.
            _ => Composed::Single(only.schema, only.at),
        },
        Ok(alternatives) => Composed::Union {
            keyword,
            alternatives: alternatives.into(),
            shared,
        },
        Err(alternatives) => Composed::Union {
            keyword,
            alternatives,
            shared,
        },
    }
}

/// The type of the parts every value satisfies, joined.
fn join(parts: Vec<Part<'_>>) -> Composed<'_> {
    if parts.len() > 1 && parts.iter().all(|part| !part.objects.is_empty()) {
        return Composed::Merged(parts.into_iter().flat_map(|part| part.objects).collect());
    }
    match <[Part<'_>; 1]>::try_from(parts) {
        Ok([only]) => Composed::Single(only.schema, only.at),
        Err(parts) if parts.is_empty() => Composed::Anything,
        Err(_) => Composed::Loose(
            "`allOf` of parts of different kinds (not all objects) is typed as a JSON value"
                .to_owned(),
        ),
    }
}

/// Whether a schema is `nullable`, itself or by an alternative that allows only `null` or
/// an `allOf` part that only says `nullable: true`.
pub(super) fn nullable(doc: &OpenAPI, schema: &Schema) -> bool {
    if schema.schema_data.nullable {
        return true;
    }
    let (all_of, alternatives): (&[ReferenceOr<Schema>], &[ReferenceOr<Schema>]) =
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => (all_of, &[]),
            SchemaKind::OneOf { one_of } => (&[], one_of),
            SchemaKind::AnyOf { any_of } => (&[], any_of),
            SchemaKind::Any(any) => (
                &any.all_of,
                if any.one_of.is_empty() {
                    &any.any_of
                } else {
                    &any.one_of
                },
            ),
            _ => return false,
        };
    let root = Pointer::root();
    all_of.iter().chain(alternatives).any(|item| {
        let part = part(doc, item, root.clone(), false);
        part.null_only(doc)
            || (!part.typed
                && target(doc, item).is_some_and(|(schema, _)| schema.schema_data.nullable))
    })
}

/// Whether a schema combines others beside its own keywords.
pub(super) fn composed(any: &openapiv3::AnySchema) -> bool {
    !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty() || any.not.is_some()
}

impl<'s> Part<'s> {
    /// Whether the part allows only `null` (`type: 'null'` in OpenAPI 3.1, which the
    /// reader writes as `enum: [null]` with `nullable: true`).
    fn null_only(&self, doc: &'s OpenAPI) -> bool {
        let schema = match &self.schema {
            PartSchema::Written(SchemaRef::Item(schema)) => Some(*schema),
            PartSchema::Written(SchemaRef::Ref(reference)) => {
                target_of(doc, reference).map(|(schema, _)| schema)
            }
            PartSchema::Own(_) => None,
        };
        schema.is_some_and(|schema| match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.is_none()
                    && !any.enumeration.is_empty()
                    && any.enumeration.iter().all(serde_json::Value::is_null)
            }
            _ => false,
        })
    }
}

/// The parts of `allOf` entries, with nested `allOf`s (inline or behind a `$ref`) flattened.
/// A component met a second time is not taken apart again (its properties are already
/// there), so a `$ref` cycle or a diamond of them costs one visit each.
fn flatten<'s>(
    doc: &'s OpenAPI,
    entries: &'s [ReferenceOr<Schema>],
    at: &Pointer,
    parts: &mut Vec<Part<'s>>,
    seen: &mut BTreeSet<&'s str>,
    depth: usize,
) {
    for (index, entry) in entries.iter().enumerate() {
        if let ReferenceOr::Reference { reference } = entry {
            if !seen.insert(reference) {
                continue;
            }
        }
        let entry_at = at.join(index);
        let nested = (depth < MAX_DEPTH)
            .then(|| target(doc, entry))
            .flatten()
            .and_then(|(schema, schema_at)| {
                let schema_at = schema_at.unwrap_or_else(|| entry_at.clone());
                match &schema.schema_kind {
                    SchemaKind::AllOf { all_of } => Some((all_of, None, schema_at)),
                    SchemaKind::Any(any)
                        if !any.all_of.is_empty()
                            && any.one_of.is_empty()
                            && any.any_of.is_empty() =>
                    {
                        Some((
                            &any.all_of,
                            Some(own_part(schema, any, &schema_at)),
                            schema_at,
                        ))
                    }
                    _ => None,
                }
            });
        match nested {
            Some((all_of, own, schema_at)) => {
                flatten(
                    doc,
                    all_of,
                    &schema_at.join("allOf"),
                    parts,
                    seen,
                    depth + 1,
                );
                parts.extend(own);
            }
            // The entry is no `allOf` (or nesting is past the guard): nothing to expand.
            None => parts.push(part(doc, entry, entry_at, false)),
        }
    }
}

/// The object facets of an `allOf` whose typed parts are all objects, flattened; empty
/// otherwise.
fn all_of_objects<'s>(doc: &'s OpenAPI, schema: &'s Schema, at: &Pointer) -> Vec<ObjectFacet<'s>> {
    let (all_of, own) = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => (all_of, None),
        SchemaKind::Any(any)
            if !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() =>
        {
            (&any.all_of, Some(own_part(schema, any, at)))
        }
        _ => return Vec::new(),
    };
    let mut parts = Vec::new();
    flatten(
        doc,
        all_of,
        &at.join("allOf"),
        &mut parts,
        &mut BTreeSet::new(),
        0,
    );
    parts.extend(own);
    let typed: Vec<Part<'s>> = parts.into_iter().filter(|part| part.typed).collect();
    if typed.iter().all(|part| !part.objects.is_empty()) {
        typed.into_iter().flat_map(|part| part.objects).collect()
    } else {
        Vec::new()
    }
}

/// An entry of `allOf`, `oneOf` or `anyOf` as a part; with `expand`, an entry that is an
/// `allOf` of objects gets their facets.
fn part<'s>(
    doc: &'s OpenAPI,
    entry: &'s ReferenceOr<Schema>,
    at: Pointer,
    expand: bool,
) -> Part<'s> {
    let reference = match entry {
        ReferenceOr::Reference { reference } => Some(reference.as_str()),
        ReferenceOr::Item(_) => None,
    };
    let (objects, typed) = match target(doc, entry) {
        Some((schema, schema_at)) => {
            let schema_at = schema_at.unwrap_or_else(|| at.clone());
            let objects = match object_facet(schema, schema_at.clone()) {
                Some(object) => vec![object],
                // An alternative that is an `allOf` of objects is an object too, so that
                // properties beside `oneOf` reach it.
                None if expand => all_of_objects(doc, schema, &schema_at),
                None => Vec::new(),
            };
            (objects, typed(schema))
        }
        // A `$ref` that does not resolve is lowered alone, which reports it.
        None => (Vec::new(), true),
    };
    Part {
        schema: PartSchema::Written(entry.into()),
        at,
        objects,
        typed,
        reference,
    }
}

/// A composed schema's own keywords as a part: the schema without its composition, read
/// again so that it takes the shape it would have had without it.
fn own_part<'s>(schema: &'s Schema, any: &'s openapiv3::AnySchema, at: &Pointer) -> Part<'s> {
    let mut own = any.clone();
    own.one_of.clear();
    own.any_of.clear();
    own.all_of.clear();
    own.not = None;
    let own = Schema {
        schema_data: openapiv3::SchemaData {
            nullable: schema.schema_data.nullable,
            ..Default::default()
        },
        schema_kind: SchemaKind::Any(own),
    };
    // openapiv3 sorts a schema into its kinds only when reading; reading the keywords
    // again makes `type: string` beside `oneOf` a string schema, with its format.
    let own = serde_json::to_value(&own)
        .and_then(serde_json::from_value)
        .unwrap_or(own);
    let typed = typed(&own);
    Part {
        schema: PartSchema::Own(Box::new(own)),
        at: at.clone(),
        objects: Vec::from_iter((!any.properties.is_empty()).then(|| ObjectFacet {
            properties: &any.properties,
            required: &any.required,
            closed: matches!(
                any.additional_properties,
                Some(AdditionalProperties::Any(false))
            ),
            at: at.clone(),
        })),
        typed,
        reference: None,
    }
}

/// The properties of a schema that is an object with properties.
fn object_facet(schema: &Schema, at: Pointer) -> Option<ObjectFacet<'_>> {
    let (properties, required, additional) = match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(object)) => (
            &object.properties,
            &object.required,
            &object.additional_properties,
        ),
        SchemaKind::Any(any)
            if !composed(any) && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            (&any.properties, &any.required, &any.additional_properties)
        }
        _ => return None,
    };
    (!properties.is_empty()).then_some(ObjectFacet {
        properties,
        required,
        closed: matches!(additional, Some(AdditionalProperties::Any(false))),
        at,
    })
}

/// Whether a schema says anything about the type of its values, as opposed to annotations
/// and constraints that apply whatever the type is.
fn typed(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(object)) => {
            !object.properties.is_empty()
                || matches!(
                    object.additional_properties,
                    Some(AdditionalProperties::Schema(_))
                )
        }
        SchemaKind::Type(_) => true,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Not { .. } => false,
        SchemaKind::Any(any) => {
            any.typ.as_deref().is_some_and(|typ| typ != "object")
                || !any.properties.is_empty()
                || any.items.is_some()
                || any.enumeration.iter().any(|value| !value.is_null())
                || matches!(
                    any.additional_properties,
                    Some(AdditionalProperties::Schema(_))
                )
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
                || !any.all_of.is_empty()
        }
    }
}

/// The schema an entry is or refers to, with the component's pointer when it is a `$ref`;
/// `None` when the reference does not resolve.
fn target<'s>(
    doc: &'s OpenAPI,
    entry: &'s ReferenceOr<Schema>,
) -> Option<(&'s Schema, Option<Pointer>)> {
    match entry {
        ReferenceOr::Item(schema) => Some((schema, None)),
        ReferenceOr::Reference { reference } => {
            target_of(doc, reference).map(|(schema, at)| (schema, Some(at)))
        }
    }
}

/// The component schema a `$ref` names, through chains of references.
fn target_of<'s>(doc: &'s OpenAPI, reference: &str) -> Option<(&'s Schema, Pointer)> {
    let schemas = &doc.components.as_ref()?.schemas;
    let mut reference = reference;
    for _ in 0..MAX_DEPTH {
        let name = component_name(reference, "schemas")?;
        match schemas.get(name.as_ref())? {
            ReferenceOr::Item(schema) => {
                let at = Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(&name);
                return Some((schema, at));
            }
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}
