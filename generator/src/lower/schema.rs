//! Lowering of schemas into models: component schemas get their ids up front (so `$ref`s
//! resolve in any order, cycles included); inline objects and enums become models named
//! after where they were met; recursive fields are boxed at the end.

use super::compose::{compose, composed, Composed, ObjectFacet, Part, PartSchema};
use super::operations::Draft;
use super::{docs_of, Lowerer};
use crate::error::Pointer;
use crate::ident::{pascal, snake, Namer};
use crate::ir::{
    reachable, Discriminator, DiscriminatorValue, Field, Flow, Model, ModelId, ModelKind,
    OneOfVariant, Type, Variant, Wrapping,
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

impl<'a> From<&'a Schema> for SchemaRef<'a> {
    fn from(value: &'a Schema) -> Self {
        SchemaRef::Item(value)
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
                flow: Flow::default(),
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
                if let Some(shared) = self.format_enum(schema, pointer) {
                    return shared;
                }
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
                    flow: Flow::default(),
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

    /// The enum shared by the inline string enums that name one `format` and have the same
    /// values (Twilio's `format: http-method`, `[GET, POST]`, on a hundred properties):
    /// one type named after the format (`HttpMethod`) rather than one per property, which
    /// a caller can pass to every such setter and the compiler builds once. Not shared: a
    /// standard format (`date`), and values other than those first met under the format,
    /// or a format whose name another type already has; those are named after their place.
    fn format_enum(&mut self, schema: &Schema, pointer: &Pointer) -> Option<Type> {
        let SchemaKind::Type(openapiv3::Type::String(string)) = &schema.schema_kind else {
            return None;
        };
        let VariantOrUnknownOrEmpty::Unknown(format) = &string.format else {
            return None;
        };
        let Shape::Enum(values) = shape(schema) else {
            return None;
        };
        if let Some((shared, id)) = self.format_enums.get(format) {
            return (*shared == values).then_some(Type::Model(*id));
        }
        let name = pascal(format);
        if name.is_empty() || self.type_names.is_taken(&name) {
            return None;
        }
        let kind = self.model_kind(schema, pointer, &name)?;
        let id = ModelId(self.models.len());
        self.models.push(Model {
            name: self.type_names.claim(name),
            source: pointer.to_string(),
            docs: Some(format!(
                "A value of the `{format}` format: the type of each property and parameter of that \
                 format with these values."
            )),
            kind,
            flow: Flow::default(),
        });
        self.format_enums.insert(format.clone(), (values, id));
        Some(Type::Model(id))
    }

    fn referenced_docs(&self, reference: &str) -> Option<String> {
        let name = component_name(reference, "schemas")?;
        self.models[self.components.get(name.as_ref())?.0]
            .docs
            .clone()
    }

    /// Whether the component schema `reference` names (through any `$ref` chain) allows
    /// `null`.
    fn referenced_nullable(&self, reference: &str) -> bool {
        let schemas = self
            .doc
            .components
            .as_ref()
            .map(|components| &components.schemas);
        let mut reference = reference;
        // A chain is at most as long as the components; a loop ends there too.
        for _ in 0..=schemas.map_or(0, |schemas| schemas.len()) {
            let found =
                component_name(reference, "schemas").and_then(|name| schemas?.get(name.as_ref()));
            match found {
                Some(ReferenceOr::Item(schema)) => {
                    return super::compose::nullable(self.doc, schema)
                }
                Some(ReferenceOr::Reference { reference: next }) => reference = next,
                None => return false,
            }
        }
        false
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
        match compose(self.doc, schema, pointer) {
            Composed::Simple => {}
            Composed::Merged(facets) => {
                return Some(self.merged_struct(&facets, pointer, model_name))
            }
            Composed::Union {
                keyword,
                alternatives,
                shared,
            } => {
                return Some(self.union(
                    keyword,
                    alternatives,
                    &shared,
                    schema.schema_data.discriminator.as_ref(),
                    pointer,
                    model_name,
                ))
            }
            // The part that stands for the schema takes its name, when it is a model.
            Composed::Single(PartSchema::Written(SchemaRef::Item(part)), at) => {
                return self.model_kind(part, &at, model_name)
            }
            Composed::Single(PartSchema::Own(part), at) => {
                return self.model_kind(&part, &at, model_name)
            }
            Composed::Single(..) | Composed::Anything | Composed::Loose(_) => return None,
        }
        match shape(schema) {
            Shape::Plain => None,
            Shape::Enum(values) => {
                let mut names = Namer::with_reserved(&["Unknown"]);
                let variants = values
                    .into_iter()
                    .map(|wire| Variant {
                        // Stripe's "unset" value is the empty string.
                        name: names.claim(if wire.is_empty() {
                            "Empty".to_owned()
                        } else {
                            pascal(&wire)
                        }),
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
                        super::compose::nullable(self.doc, schema),
                        schema.schema_data.read_only || schema.schema_data.write_only,
                        docs_of(
                            schema.schema_data.title.as_deref(),
                            schema.schema_data.description.as_deref(),
                        ),
                    ),
                    // OpenAPI 3.0 ignores a `$ref`'s siblings, so the referenced schema's
                    // own description documents the field, and its own `nullable` says
                    // whether the field may be `null` (OpenAI's `Metadata`).
                    ReferenceOr::Reference { reference } => (
                        self.referenced_nullable(reference),
                        false,
                        self.referenced_docs(reference),
                    ),
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

    /// One struct of the properties of several object parts, in order (a later part that
    /// names a property again refines it; the first place keeps its position), with the
    /// union of their `required`.
    fn merged_struct(
        &mut self,
        facets: &[ObjectFacet<'_>],
        pointer: &Pointer,
        model_name: &str,
    ) -> ModelKind {
        let mut properties: Vec<Property<'_>> = Vec::new();
        let mut required = Vec::new();
        let mut closed = false;
        for facet in facets {
            closed |= facet.closed;
            let at = facet.at.join("properties");
            for (wire, property) in facet.properties {
                match properties.iter_mut().find(|(other, ..)| *other == wire) {
                    Some(slot) => *slot = (wire, property, at.join(wire)),
                    None => properties.push((wire, property, at.join(wire))),
                }
            }
            for name in facet.required {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
        }
        self.struct_kind(properties, &required, closed, pointer, model_name)
    }
}

fn is_closed(additional: Option<&AdditionalProperties>) -> bool {
    matches!(additional, Some(AdditionalProperties::Any(false)))
}

impl Lowerer<'_> {
    /// A `oneOf` or `anyOf`: a variant per alternative, named after the schema it
    /// references, the type it holds, or its position (`Variant1`, ...); an object
    /// alternative is joined with the `shared` object parts. The discriminator's values
    /// are mapped to variants.
    fn union(
        &mut self,
        keyword: &str,
        alternatives: Vec<Part<'_>>,
        shared: &[ObjectFacet<'_>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &Pointer,
        model_name: &str,
    ) -> ModelKind {
        let mut names = Namer::default();
        let mut variants = Vec::with_capacity(alternatives.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            let fallback = format!("Variant{}", index + 1);
            let referenced = alternative
                .reference
                .and_then(|reference| component_name(reference, "schemas"))
                .and_then(|name| self.components.get(name.as_ref()).copied());
            let ty = match alternative.objects.as_slice() {
                objects if !objects.is_empty() && !shared.is_empty() => {
                    let base =
                        referenced.map_or(fallback.clone(), |id| self.models[id.0].name.clone());
                    let name = self.type_names.claim(format!("{model_name}{base}"));
                    let id = ModelId(self.models.len());
                    self.models.push(Model {
                        name: name.clone(),
                        source: alternative.at.to_string(),
                        docs: None,
                        kind: ModelKind::Alias { target: Type::Json },
                        flow: Flow::default(),
                    });
                    let facets: Vec<ObjectFacet<'_>> =
                        shared.iter().chain(objects).cloned().collect();
                    self.models[id.0].kind = self.merged_struct(&facets, &alternative.at, &name);
                    Type::Model(id)
                }
                _ => match &alternative.schema {
                    PartSchema::Written(schema) => self.schema_type(
                        *schema,
                        &alternative.at,
                        &format!("{model_name}{fallback}"),
                    ),
                    PartSchema::Own(schema) => self.schema_type(
                        schema.as_ref(),
                        &alternative.at,
                        &format!("{model_name}{fallback}"),
                    ),
                },
            };
            let name = match (referenced, &ty) {
                (Some(id), _) => self.models[id.0].name.clone(),
                (None, Type::Model(_)) => fallback,
                (None, ty) => type_word(ty).to_owned(),
            };
            variants.push(OneOfVariant {
                name: names.claim(name),
                ty,
                boxed: false,
            });
        }
        let discriminator = discriminator.map(|discriminator| {
            let position = |reference: &str| {
                alternatives
                    .iter()
                    .position(|alternative| alternative.reference == Some(reference))
            };
            let values = if discriminator.mapping.is_empty() {
                // Without a mapping, a value is the name of the schema it selects, as
                // OpenAPI says; and the one value the alternative allows for the property
                // (`enum: [web_search_call]`, or a `const`), which is what OpenAI's servers
                // send, selects it too.
                let mut values: Vec<DiscriminatorValue> = Vec::new();
                for (index, alternative) in alternatives.iter().enumerate() {
                    let named = alternative
                        .reference
                        .and_then(|reference| component_name(reference, "schemas"))
                        .map(std::borrow::Cow::into_owned);
                    let allowed = only_value(alternative, &discriminator.property_name);
                    for value in [named, allowed].into_iter().flatten() {
                        if !values.iter().any(|known| known.value == value) {
                            values.push(DiscriminatorValue {
                                value,
                                variant: index,
                            });
                        }
                    }
                }
                values
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
                            format!("`{reference}` is not one of the `{keyword}` alternatives"),
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
        // A discriminator that names no alternative selects nothing: the alternatives are
        // tried in order instead.
        let discriminator = discriminator.filter(|discriminator| !discriminator.values.is_empty());
        ModelKind::OneOf {
            decode_order: (0..variants.len()).collect(),
            variants,
            discriminator,
        }
    }
}

/// The one string an object alternative allows for `property` (`enum: [x]`, or `const`
/// in OpenAPI 3.1), when its schema is written inline there.
fn only_value(alternative: &Part<'_>, property: &str) -> Option<String> {
    let ReferenceOr::Item(schema) = alternative
        .objects
        .iter()
        .find_map(|object| object.properties.get(property))?
    else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The name of a `oneOf` variant that holds a plain type: what the type is.
fn type_word(ty: &Type) -> &'static str {
    match ty {
        Type::String => "String",
        Type::I32 | Type::I64 => "Integer",
        Type::F64 => "Number",
        Type::Bool => "Boolean",
        Type::DateTime => "DateTime",
        Type::Date => "Date",
        Type::Json => "Value",
        Type::Array(_) => "Array",
        Type::Map(_) => "Map",
        Type::Model(_) => "Model",
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
        // An enum whose only value is `null` (dropshot's empty answer) has no string to
        // name; it is a plain (JSON) value.
        SchemaKind::Type(openapiv3::Type::String(string))
            if string.enumeration.iter().flatten().next().is_some() =>
        {
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
                && any.enumeration.iter().any(|v| v.is_string())
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

impl Lowerer<'_> {
    /// The type of a schema that is not a struct or an enum.
    fn plain_type(&mut self, schema: &Schema, pointer: &Pointer, hint: &str) -> Type {
        if let Some(id) = self.id_type(schema, pointer) {
            return id;
        }
        match compose(self.doc, schema, pointer) {
            Composed::Single(PartSchema::Written(part), at) => {
                return self.schema_type(part, &at, hint)
            }
            Composed::Single(PartSchema::Own(part), at) => {
                return self.schema_type(part.as_ref(), &at, hint)
            }
            Composed::Anything => return Type::Json,
            Composed::Loose(reason) => {
                self.errors.warn(pointer, reason);
                return Type::Json;
            }
            // The others are models, or no composition at all.
            Composed::Simple | Composed::Merged(_) | Composed::Union { .. } => {}
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
            // Composition is handled above; what is left of it constrains values only.
            SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::Not { .. } => Type::Json,
            SchemaKind::Any(any) => match any.typ.as_deref() {
                None if any.items.is_some() => self.items_type(any.items.as_ref(), pointer, hint),
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
            },
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

    /// Marks as boxed every field whose type contains its own struct without an
    /// indirection (a `Vec` or a map is one), so that recursive types have a size.
    pub(super) fn box_recursive_fields(&mut self) {
        let direct: Vec<Vec<ModelId>> = self
            .models
            .iter()
            .map(|model| direct_models(&model.kind))
            .collect();
        let recursive = |ty: &Type, index: usize| match ty {
            Type::Model(target) => reaches(&direct, *target, ModelId(index)),
            _ => false,
        };
        for (index, model) in self.models.iter_mut().enumerate() {
            match &mut model.kind {
                ModelKind::Struct { fields, .. } => {
                    for field in fields {
                        field.boxed = recursive(&field.ty, index);
                    }
                }
                // An alternative that holds the enum itself (`P: oneOf [string, $ref P]`)
                // is boxed, or the enum would have no size.
                ModelKind::OneOf { variants, .. } => {
                    for variant in variants {
                        variant.boxed = recursive(&variant.ty, index);
                    }
                }
                _ => {}
            }
        }
    }
}

impl Lowerer<'_> {
    /// Boxes the alternatives of `oneOf` enums that are much larger than the smallest one
    /// (an expandable field: an id or the whole object), so that every value of the enum
    /// does not take the size of its largest alternative.
    pub(super) fn box_large_variants(&mut self) {
        let mut estimate = SizeEstimate::new(&self.models);
        let sizes: Vec<Vec<usize>> = self
            .models
            .iter()
            .map(|model| match &model.kind {
                ModelKind::OneOf { variants, .. } => variants
                    .iter()
                    .map(|variant| estimate.of_type(&variant.ty))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        for (model, sizes) in self.models.iter_mut().zip(sizes) {
            if let ModelKind::OneOf { variants, .. } = &mut model.kind {
                let smallest = sizes.iter().copied().min().unwrap_or(0);
                // Once one alternative is boxed, a pointer is the smallest, and every
                // alternative much larger than a pointer is boxed too.
                let floor = if sizes.iter().any(|size| *size >= smallest + LARGE_VARIANT) {
                    smallest.min(POINTER)
                } else {
                    smallest
                };
                for (variant, size) in variants.iter_mut().zip(sizes) {
                    variant.boxed |= size >= floor + LARGE_VARIANT;
                }
            }
        }
    }
}

impl Lowerer<'_> {
    /// Puts the alternatives that accept any value of their JSON kind last in each
    /// `oneOf`'s [`ModelKind::OneOf::decode_order`], keeping the document's order otherwise;
    /// done once every model is lowered, since it looks into the alternatives' models.
    pub(super) fn order_alternatives(&mut self) {
        let orders: Vec<Option<Vec<usize>>> = self
            .models
            .iter()
            .map(|model| match &model.kind {
                ModelKind::OneOf { variants, .. } => {
                    let mut order: Vec<usize> = (0..variants.len()).collect();
                    order.sort_by_key(|index| accepts_any(&self.models, &variants[*index].ty, 0));
                    Some(order)
                }
                _ => None,
            })
            .collect();
        for (model, order) in self.models.iter_mut().zip(orders) {
            if let (ModelKind::OneOf { decode_order, .. }, Some(order)) = (&mut model.kind, order) {
                *decode_order = order;
            }
        }
    }
}

/// Whether every value of some JSON kind decodes as `ty`: any string (a `String`, or a
/// string enum, which keeps unknown values), any number (`f64`), any object (a struct
/// without required properties that keeps unknown ones), or anything (a JSON value).
fn accepts_any(models: &[Model], ty: &Type, depth: usize) -> bool {
    match ty {
        Type::String | Type::F64 | Type::Json => true,
        Type::I32 | Type::I64 | Type::Bool | Type::DateTime | Type::Date => false,
        Type::Array(_) | Type::Map(_) => false,
        // Deeper than this, the answer no longer changes an order a person would choose.
        Type::Model(_) if depth > 8 => false,
        Type::Model(id) => match &models[id.0].kind {
            ModelKind::Struct {
                fields,
                unknown_fields,
                ..
            } => {
                unknown_fields.is_some()
                    && fields
                        .iter()
                        .all(|field| field.wrapping() != Wrapping::Plain)
            }
            ModelKind::Enum { .. } => true,
            ModelKind::Id { .. } => false,
            ModelKind::OneOf { variants, .. } => variants
                .iter()
                .any(|variant| accepts_any(models, &variant.ty, depth + 1)),
            ModelKind::Alias { target } => accepts_any(models, target, depth + 1),
        },
    }
}

/// How many bytes more than the smallest alternative make an alternative boxed: below
/// clippy's `large_enum_variant` threshold (200), as the sizes are estimates.
const LARGE_VARIANT: usize = 128;

/// The size of a pointer (a `Box`) on a 64-bit target.
const POINTER: usize = 8;

/// The sizes in bytes of values on a 64-bit target, roughly: enough to tell a struct of many
/// fields from a string. Each model is estimated once.
struct SizeEstimate<'m> {
    models: &'m [Model],
    /// The size of each model, once known.
    known: Vec<Option<usize>>,
    /// The models being estimated, to stop at a cycle.
    busy: Vec<bool>,
}

impl<'m> SizeEstimate<'m> {
    fn new(models: &'m [Model]) -> Self {
        SizeEstimate {
            models,
            known: vec![None; models.len()],
            busy: vec![false; models.len()],
        }
    }

    fn of_type(&mut self, ty: &Type) -> usize {
        match ty {
            Type::String | Type::Array(_) | Type::Map(_) => 3 * POINTER,
            Type::I32 | Type::Date => 4,
            Type::I64 | Type::F64 => POINTER,
            Type::Bool => 1,
            Type::DateTime => 12,
            Type::Json => 4 * POINTER,
            Type::Model(id) => self.of_model(*id),
        }
    }

    fn of_model(&mut self, id: ModelId) -> usize {
        if let Some(size) = self.known[id.0] {
            return size;
        }
        // A model met again while it is estimated sits behind a box somewhere on the way.
        if std::mem::replace(&mut self.busy[id.0], true) {
            return POINTER;
        }
        let models = self.models;
        let size = match &models[id.0].kind {
            ModelKind::Struct {
                fields,
                unknown_fields,
                ..
            } => {
                let unknown = if unknown_fields.is_some() {
                    4 * POINTER
                } else {
                    0
                };
                let mut size = unknown;
                for field in fields {
                    size += if field.boxed {
                        POINTER
                    } else {
                        // An `Option` of a small value takes a word more.
                        let inner = self.of_type(&field.ty);
                        match field.wrapping() {
                            Wrapping::Plain => inner,
                            _ if inner < 3 * POINTER => inner + POINTER,
                            _ => inner,
                        }
                    };
                }
                size
            }
            ModelKind::Enum { .. } | ModelKind::Id { .. } => 3 * POINTER,
            ModelKind::OneOf { variants, .. } => {
                let mut largest = 0;
                for variant in variants {
                    let size = if variant.boxed {
                        POINTER
                    } else {
                        self.of_type(&variant.ty)
                    };
                    largest = largest.max(size);
                }
                POINTER + largest
            }
            ModelKind::Alias { target } => self.of_type(target),
        };
        self.busy[id.0] = false;
        self.known[id.0] = Some(size);
        size
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
