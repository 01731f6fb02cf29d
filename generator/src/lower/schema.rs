//! Lowering of schemas into models: component schemas get their ids up front (so `$ref`s
//! resolve in any order, cycles included); inline objects and enums become models named
//! after where they were met; recursive fields are boxed at the end.

use super::operations::Draft;
use super::{docs_of, Lowerer};
use crate::error::Pointer;
use crate::ident::{pascal, snake, Namer};
use crate::ir::{
    reachable, Discriminator, DiscriminatorValue, Field, Model, ModelId, ModelKind, OneOfVariant,
    Type, Variant,
};
use crate::resolve::{component_name, unresolved};
use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    VariantOrUnknownOrEmpty,
};

/// A schema or a reference to one, whichever box the document used.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// What a schema becomes: a model of its own, or a plain type.
enum Shape<'a> {
    Struct {
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        /// `additionalProperties: false`: no other property can appear.
        closed: bool,
    },
    Enum(Vec<String>),
    OneOf(&'a [ReferenceOr<Schema>]),
    Plain,
}

impl Lowerer<'_> {
    /// Gives every component schema its model id and name before any is lowered.
    pub(super) fn declare_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let names: Vec<&String> = components.schemas.keys().collect();
        let strip = common_dotted_prefix(&names);
        for (name, schema) in &components.schemas {
            let id = ModelId(self.models.len());
            let rust_name = self.type_names.claim(pascal(&name[strip..]));
            // Docs are set now, not when the schema is lowered, so that a property that
            // `$ref`s a later schema can borrow its description.
            let docs = schema.as_item().and_then(|schema| {
                docs_of(
                    schema.schema_data.title.as_deref(),
                    schema.schema_data.description.as_deref(),
                )
            });
            self.models.push(Model {
                name: rust_name,
                source: Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(name)
                    .to_string(),
                docs,
                kind: ModelKind::Alias { target: Type::Json },
            });
            self.components.insert(name.clone(), id);
        }
    }

    /// Lowers the body of every component schema into the model declared for it.
    pub(super) fn define_components(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for (name, schema) in &components.schemas {
            let id = self.components[name];
            let pointer = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let model_name = self.models[id.0].name.clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_schema_ref(reference, &pointer);
                    self.models[id.0].kind = ModelKind::Alias { target };
                }
                ReferenceOr::Item(schema) => {
                    self.models[id.0].docs = docs_of(
                        schema.schema_data.title.as_deref(),
                        schema.schema_data.description.as_deref(),
                    );
                    let kind = match self.component_id_kind(id, schema) {
                        Some(kind) => kind,
                        None => match self.model_kind(schema, &pointer, &model_name) {
                            Some(kind) => kind,
                            None => ModelKind::Alias {
                                target: self.plain_type(schema, &pointer, &model_name),
                            },
                        },
                    };
                    self.models[id.0].kind = kind;
                }
            }
        }
    }

    /// The type of a schema met at `pointer`; an inline object or enum becomes a model
    /// named `hint`.
    pub(crate) fn schema_type<'s>(
        &mut self,
        schema: impl Into<SchemaRef<'s>>,
        pointer: &Pointer,
        hint: &str,
    ) -> Type {
        match schema.into() {
            SchemaRef::Ref(reference) => self.resolve_schema_ref(reference, pointer),
            SchemaRef::Item(schema) => {
                let name = self.type_names.claim(pascal(hint));
                let id = ModelId(self.models.len());
                // Reserve the slot first so that the ids of nested inline models come
                // after their parent's, which keeps the arena in reading order. Its source
                // and docs are filled in only if it becomes a model: most inline schemas
                // are plain values.
                self.models.push(Model {
                    name: name.clone(),
                    source: String::new(),
                    docs: None,
                    kind: ModelKind::Alias { target: Type::Json },
                });
                match self.model_kind(schema, pointer, &name) {
                    Some(kind) => {
                        let model = &mut self.models[id.0];
                        model.kind = kind;
                        model.source = pointer.to_string();
                        model.docs = docs_of(
                            schema.schema_data.title.as_deref(),
                            schema.schema_data.description.as_deref(),
                        );
                        Type::Model(id)
                    }
                    None => {
                        self.models.pop();
                        self.type_names.release(&name);
                        self.plain_type(schema, pointer, hint)
                    }
                }
            }
        }
    }

    fn referenced_docs(&self, reference: &str) -> Option<String> {
        let name = component_name(reference, "schemas")?;
        self.models[self.components.get(name.as_ref())?.0]
            .docs
            .clone()
    }

    fn resolve_schema_ref(&mut self, reference: &str, pointer: &Pointer) -> Type {
        let found = component_name(reference, "schemas")
            .and_then(|name| self.components.get(name.as_ref()).copied());
        match found {
            Some(id) => Type::Model(id),
            None => {
                self.errors
                    .at(&pointer.join("$ref"), unresolved::<Schema>(reference));
                Type::Json
            }
        }
    }

    /// A struct or enum model for `schema`, or `None` when it is a plain type.
    fn model_kind(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        model_name: &str,
    ) -> Option<ModelKind> {
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            if all_of.len() > 1 {
                return self.all_of(all_of, pointer, model_name);
            }
        }
        match shape(schema) {
            Shape::Plain => None,
            Shape::OneOf(alternatives) => Some(self.one_of(
                alternatives,
                schema.schema_data.discriminator.as_ref(),
                pointer,
                model_name,
            )),
            Shape::Enum(values) => {
                let mut names = Namer::with_reserved(&["Unknown"]);
                let variants = values
                    .into_iter()
                    .map(|wire| Variant {
                        name: names.claim(pascal(&wire)),
                        wire_name: wire,
                    })
                    .collect();
                Some(ModelKind::Enum { variants })
            }
            Shape::Struct {
                properties,
                required,
                closed,
            } => {
                let at = pointer.join("properties");
                let properties = properties
                    .iter()
                    .map(|(wire, property)| (wire, property, at.join(wire)))
                    .collect();
                Some(self.struct_kind(properties, required, closed, pointer, model_name))
            }
        }
    }
}

/// A property of a struct to be: its wire name, its schema and where it is.
type Property<'s> = (&'s String, &'s ReferenceOr<Box<Schema>>, Pointer);

impl<'a> Lowerer<'a> {
    /// A struct of `properties`; `pointer` is the schema's, for problems with `required`.
    fn struct_kind(
        &mut self,
        properties: Vec<Property<'_>>,
        required: &[String],
        closed: bool,
        pointer: &Pointer,
        model_name: &str,
    ) -> ModelKind {
        // JSON Schema allows it (the object must then have that member, of any type); the
        // member is kept with the unknown fields, so it is not lost, but it gets no field.
        for name in required {
            if !properties.iter().any(|(wire, ..)| *wire == name) {
                self.errors.warn(
                    &pointer.join("required"),
                    format!("`{name}` is listed as required but is not a property, so it gets no field of its own"),
                );
            }
        }
        let mut names = Namer::default();
        let fields: Vec<Field> = properties
            .iter()
            .map(|(wire, property, at)| {
                // Only an inline schema can become a model named after the field.
                let hint = match property {
                    ReferenceOr::Item(_) => format!("{model_name}{}", pascal(wire)),
                    ReferenceOr::Reference { .. } => String::new(),
                };
                let (nullable, one_way, docs) = match property {
                    ReferenceOr::Item(schema) => (
                        schema.schema_data.nullable,
                        schema.schema_data.read_only || schema.schema_data.write_only,
                        docs_of(
                            schema.schema_data.title.as_deref(),
                            schema.schema_data.description.as_deref(),
                        ),
                    ),
                    // OpenAPI 3.0 ignores a `$ref`'s siblings, so the referenced schema's
                    // own description documents the field.
                    ReferenceOr::Reference { reference } => {
                        (false, false, self.referenced_docs(reference))
                    }
                };
                Field {
                    name: names.claim(snake(wire)),
                    wire_name: (*wire).clone(),
                    ty: self.schema_type(*property, at, &hint),
                    // A `readOnly` property is absent from requests and a `writeOnly` one
                    // from responses, so neither can be required of a value that travels
                    // both ways.
                    required: required.contains(wire) && !one_way,
                    nullable,
                    boxed: false,
                    clearable: false,
                    docs,
                }
            })
            .collect();
        let required_order = required
            .iter()
            .filter_map(|name| fields.iter().position(|field| &field.wire_name == name))
            .collect();
        ModelKind::Struct {
            fields,
            required_order,
            unknown_fields: (!closed).then(|| names.claim("extra".to_owned())),
        }
    }

    /// `allOf` of several object schemas (inline, or references to component schemas) as
    /// one struct with the properties of all, in order, and the union of their `required`;
    /// `None` when a part is not an object with properties.
    fn all_of<'s>(
        &mut self,
        parts: &'s [ReferenceOr<Schema>],
        pointer: &Pointer,
        model_name: &str,
    ) -> Option<ModelKind>
    where
        'a: 's,
    {
        let doc: &'s openapiv3::OpenAPI = self.doc;
        let mut properties: Vec<Property<'s>> = Vec::new();
        let mut required = Vec::new();
        let mut closed = false;
        for (index, part) in parts.iter().enumerate() {
            let (schema, at) = match part {
                ReferenceOr::Item(schema) => (schema, pointer.join("allOf").join(index)),
                ReferenceOr::Reference { reference } => {
                    let name = component_name(reference, "schemas")?;
                    let schema = doc
                        .components
                        .as_ref()?
                        .schemas
                        .get(name.as_ref())?
                        .as_item()?;
                    let at = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(&name);
                    (schema, at)
                }
            };
            let Shape::Struct {
                properties: part_properties,
                required: part_required,
                closed: part_closed,
            } = shape(schema)
            else {
                return None;
            };
            closed |= part_closed;
            let at = at.join("properties");
            for (wire, property) in part_properties {
                // A later part that names a property again refines it; the first place
                // keeps its position.
                match properties.iter_mut().find(|(other, ..)| *other == wire) {
                    Some(slot) => *slot = (wire, property, at.join(wire)),
                    None => properties.push((wire, property, at.join(wire))),
                }
            }
            for name in part_required {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
        }
        Some(self.struct_kind(properties, &required, closed, pointer, model_name))
    }
}

fn is_closed(additional: Option<&AdditionalProperties>) -> bool {
    matches!(additional, Some(AdditionalProperties::Any(false)))
}

impl Lowerer<'_> {
    /// A `oneOf`: a variant per alternative, named after the schema it references (or
    /// `Variant1`, ...), and the discriminator's values mapped to variants.
    fn one_of(
        &mut self,
        alternatives: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &Pointer,
        model_name: &str,
    ) -> ModelKind {
        let mut names = Namer::default();
        let variants: Vec<OneOfVariant> = alternatives
            .iter()
            .enumerate()
            .map(|(index, alternative)| {
                let at = pointer.join("oneOf").join(index);
                let fallback = format!("Variant{}", index + 1);
                let ty = self.schema_type(alternative, &at, &format!("{model_name}{fallback}"));
                let name = match (alternative, &ty) {
                    (ReferenceOr::Reference { .. }, Type::Model(id)) => {
                        self.models[id.0].name.clone()
                    }
                    _ => fallback,
                };
                OneOfVariant {
                    name: names.claim(name),
                    ty,
                }
            })
            .collect();
        let discriminator = discriminator.map(|discriminator| {
            let position = |reference: &str| {
                alternatives.iter().position(|alternative| {
                    matches!(alternative, ReferenceOr::Reference { reference: other } if other == reference)
                })
            };
            let values = if discriminator.mapping.is_empty() {
                // Without a mapping, a value is the name of the schema it selects.
                alternatives
                    .iter()
                    .enumerate()
                    .filter_map(|(index, alternative)| match alternative {
                        ReferenceOr::Reference { reference } => {
                            component_name(reference, "schemas").map(|name| DiscriminatorValue {
                                value: name.into_owned(),
                                variant: index,
                            })
                        }
                        ReferenceOr::Item(_) => None,
                    })
                    .collect()
            } else {
                let mut values = Vec::new();
                for (value, reference) in &discriminator.mapping {
                    match position(reference) {
                        Some(index) => values.push(DiscriminatorValue {
                            value: value.clone(),
                            variant: index,
                        }),
                        None => self.errors.at(
                            &pointer.join("discriminator").join("mapping").join(value),
                            format!("`{reference}` is not one of the `oneOf` alternatives"),
                        ),
                    }
                }
                values
            };
            Discriminator {
                property: discriminator.property_name.clone(),
                values,
            }
        });
        ModelKind::OneOf {
            variants,
            discriminator,
        }
    }
}

/// Whether a schema becomes a struct, an enum or a plain type.
fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(object)) if !object.properties.is_empty() => {
            Shape::Struct {
                properties: &object.properties,
                required: &object.required,
                closed: is_closed(object.additional_properties.as_ref()),
            }
        }
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        // `type: object` beside `oneOf` (as Twilio writes it) adds nothing the alternatives
        // do not say.
        SchemaKind::Any(any)
            if !any.one_of.is_empty()
                && any.properties.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
                && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            Shape::OneOf(&any.one_of)
        }
        SchemaKind::Type(openapiv3::Type::String(string)) if !string.enumeration.is_empty() => {
            Shape::Enum(string.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                && !composed(any)
                && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            Shape::Struct {
                properties: &any.properties,
                required: &any.required,
                closed: is_closed(any.additional_properties.as_ref()),
            }
        }
        SchemaKind::Any(any)
            if !any.enumeration.is_empty()
                && !composed(any)
                && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
                && matches!(any.typ.as_deref(), None | Some("string")) =>
        {
            Shape::Enum(
                any.enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            )
        }
        _ => Shape::Plain,
    }
}

/// Whether a schema combines others (`oneOf`, `anyOf`, `allOf`, `not`): beside properties or
/// an enum it cannot be a plain struct or enum without dropping the combination.
fn composed(any: &openapiv3::AnySchema) -> bool {
    !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty() || any.not.is_some()
}

impl Lowerer<'_> {
    /// The type of a schema that is not a struct or an enum.
    fn plain_type(&mut self, schema: &Schema, pointer: &Pointer, hint: &str) -> Type {
        if let Some(id) = self.id_type(schema, pointer) {
            return id;
        }
        match &schema.schema_kind {
            SchemaKind::Type(ty) => match ty {
                openapiv3::Type::String(string) => match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                    _ => Type::String,
                },
                openapiv3::Type::Integer(integer) => match integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
                    _ => Type::I64,
                },
                // `format: float` is an `f64` too: JSON numbers are doubles, and serde_json
                // turns one past `f32::MAX` into infinity, silently, which then encodes as
                // `null`.
                openapiv3::Type::Number(_) => Type::F64,
                openapiv3::Type::Boolean(_) => Type::Bool,
                openapiv3::Type::Object(object) => {
                    self.map_type(object.additional_properties.as_ref(), pointer, hint)
                }
                openapiv3::Type::Array(array) => {
                    self.items_type(array.items.as_ref(), pointer, hint)
                }
            },
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.schema_type(&all_of[0], &pointer.join("allOf").join(0), hint)
            }
            SchemaKind::OneOf { .. } => self.unsupported(pointer, "oneOf"),
            SchemaKind::AnyOf { .. } => self.unsupported(pointer, "anyOf"),
            SchemaKind::AllOf { .. } => self.unsupported(
                pointer,
                "allOf of parts that are not all objects with properties",
            ),
            SchemaKind::Not { .. } => self.unsupported(pointer, "not"),
            SchemaKind::Any(any) => {
                if composed(any) {
                    return self
                        .unsupported(pointer, "oneOf/anyOf/allOf/not mixed with other keywords");
                }
                match any.typ.as_deref() {
                    None if any.items.is_some() => {
                        self.items_type(any.items.as_ref(), pointer, hint)
                    }
                    None | Some("object") => {
                        self.map_type(any.additional_properties.as_ref(), pointer, hint)
                    }
                    Some("array") => self.items_type(any.items.as_ref(), pointer, hint),
                    Some("string") => Type::String,
                    Some("integer") => Type::I64,
                    Some("number") => Type::F64,
                    Some("boolean") => Type::Bool,
                    Some(other) => {
                        self.errors.at(&pointer.join("type"), format!("unknown type `{other}` (expected string, number, integer, boolean, array or object)"));
                        Type::Json
                    }
                }
            }
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &Pointer,
        hint: &str,
    ) -> Type {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.schema_type(
                    schema.as_ref(),
                    &pointer.join("additionalProperties"),
                    &format!("{hint}Value"),
                );
                Type::Map(Box::new(value))
            }
            _ => Type::Json,
        }
    }

    fn items_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        pointer: &Pointer,
        hint: &str,
    ) -> Type {
        let item = match items {
            Some(items) => self.schema_type(items, &pointer.join("items"), &format!("{hint}Item")),
            None => Type::Json,
        };
        Type::Array(Box::new(item))
    }

    fn unsupported(&mut self, pointer: &Pointer, construct: &str) -> Type {
        self.errors.at(
            pointer,
            format!("`{construct}` schemas are not supported yet"),
        );
        Type::Json
    }

    /// Marks as boxed every field whose type contains its own struct without an
    /// indirection (a `Vec` or a map is one), so that recursive types have a size.
    pub(super) fn box_recursive_fields(&mut self) {
        let direct: Vec<Vec<ModelId>> = self
            .models
            .iter()
            .map(|model| direct_models(&model.kind))
            .collect();
        for index in 0..self.models.len() {
            let ModelKind::Struct { fields, .. } = &self.models[index].kind else {
                continue;
            };
            let boxed: Vec<bool> = fields
                .iter()
                .map(|field| match &field.ty {
                    Type::Model(target) => reaches(&direct, *target, ModelId(index)),
                    _ => false,
                })
                .collect();
            if let ModelKind::Struct { fields, .. } = &mut self.models[index].kind {
                for (field, boxed) in fields.iter_mut().zip(boxed) {
                    field.boxed = boxed;
                }
            }
        }
    }
}

impl Lowerer<'_> {
    /// Marks the optional nullable fields of the models that are sent but never received
    /// as [`Field::clearable`].
    pub(super) fn mark_clearable_fields(&mut self, operations: &[Draft]) {
        let received = reachable(
            &self.models,
            operations.iter().flat_map(|operation| {
                let errors = operation
                    .errors
                    .iter()
                    .filter_map(|error| error.ty.as_ref());
                operation.success.ty.iter().chain(errors)
            }),
        );
        let sent = reachable(
            &self.models,
            operations
                .iter()
                .filter_map(|operation| operation.body.as_ref().map(|body| &body.ty)),
        );
        for (index, model) in self.models.iter_mut().enumerate() {
            if let ModelKind::Struct { fields, .. } = &mut model.kind {
                for field in fields {
                    field.clearable =
                        sent[index] && !received[index] && field.nullable && !field.required;
                }
            }
        }
    }
}

impl Lowerer<'_> {
    /// Reports component schemas that are only references to each other (`A: $ref B`,
    /// `B: $ref A`): no Rust type can be built from them, and the aliases would not compile.
    pub(super) fn check_alias_cycles(&mut self) {
        for start in 0..self.models.len() {
            let mut chain = vec![start];
            let mut current = start;
            while let ModelKind::Alias {
                target: Type::Model(next),
            } = &self.models[current].kind
            {
                current = next.0;
                // A cycle is reported once, at its first member in the document.
                if current == start && chain.iter().min() == Some(&start) {
                    let names: Vec<&str> = chain
                        .iter()
                        .chain([&start])
                        .map(|index| self.models[*index].name.as_str())
                        .collect();
                    let message = format!(
                        "`$ref` cycle {}: these schemas only refer to each other, so no type can be built from them",
                        names.join(" -> ")
                    );
                    let at = Pointer::from_ref(&self.models[start].source);
                    self.errors.at(&at, message);
                    break;
                }
                if current == start {
                    break;
                }
                // A chain that runs into a cycle it did not start on is reported from a
                // member of that cycle.
                if chain.contains(&current) || chain.len() > self.models.len() {
                    break;
                }
                chain.push(current);
            }
        }
    }
}

/// The models a model contains by value: struct fields and alias targets, not behind a
/// `Vec` or map.
fn direct_models(kind: &ModelKind) -> Vec<ModelId> {
    match kind {
        ModelKind::Struct { fields, .. } => fields
            .iter()
            .filter_map(|field| match field.ty {
                Type::Model(id) => Some(id),
                _ => None,
            })
            .collect(),
        ModelKind::Alias {
            target: Type::Model(id),
        } => vec![*id],
        ModelKind::OneOf { variants, .. } => variants
            .iter()
            .filter_map(|variant| match variant.ty {
                Type::Model(id) => Some(id),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn reaches(direct: &[Vec<ModelId>], from: ModelId, to: ModelId) -> bool {
    let mut seen = vec![false; direct.len()];
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !std::mem::replace(&mut seen[id.0], true) {
            stack.extend(direct[id.0].iter().copied());
        }
    }
    false
}

/// The length of the dotted prefix all names share (`assistants.v1.service.`), so that
/// names like `assistants.v1.service.tool` become `Tool`; every name keeps its last part.
fn common_dotted_prefix(names: &[&String]) -> usize {
    let Some(first) = names.first() else { return 0 };
    let mut length = 0;
    for (index, _) in first.match_indices('.') {
        let prefix = &first[..=index];
        if names
            .iter()
            .all(|name| name.starts_with(prefix) && name.len() > prefix.len())
        {
            length = index + 1;
        } else {
            break;
        }
    }
    length
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_shared_dotted_prefix_only() {
        let names = [
            "assistants.v1.service.tool".to_owned(),
            "assistants.v1.service.assistant".to_owned(),
        ];
        assert_eq!(
            common_dotted_prefix(&names.iter().collect::<Vec<_>>()),
            "assistants.v1.service.".len()
        );
        let names = ["a.b".to_owned(), "c.d".to_owned()];
        assert_eq!(common_dotted_prefix(&names.iter().collect::<Vec<_>>()), 0);
        let names = ["a.b".to_owned()];
        assert_eq!(common_dotted_prefix(&names.iter().collect::<Vec<_>>()), 2);
    }
}
