//! The typed reading of a document, by hand: YAML tree -> [`openapiv3::OpenAPI`].
//!
//! openapiv3 reads through serde's derive, and almost every one of its types has a
//! `#[serde(flatten)]` field (the `x-` extensions) or is an untagged enum (`ReferenceOr`),
//! both of which make serde copy the value's whole subtree into a buffer before reading
//! it. A schema four levels down is copied a dozen times; on a large document that copying
//! costs as much as lowering and emitting together.
//!
//! This module reads the parts that nest and repeat (paths, operations, parameters, bodies,
//! responses, media types, schemas and their maps) by walking the tree once, and hands
//! every leaf and every rarely used object (`info`, servers, examples, headers, links,
//! security, extension values, numbers, booleans) to the derive on its own small subtree,
//! so those keep serde's exact meaning. It never reports errors: whenever a value is not
//! in the plain shape it understands, it gives up (`None`) and the caller reads the whole
//! document with the derive, which also says what is wrong and where. Tests and `cargo
//! xtask fuzz` check that whenever it does read a document, the result equals the derive's.

use super::leaf::{Leaf, Unfit};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, MediaType, OpenAPI, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PathItem, Paths, ReferenceOr, RequestBody, Response, Responses,
    Schema, SchemaData, SchemaKind, StatusCode,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// Reads the whole document, or `None` where the derive must decide.
pub(crate) fn document(value: &Value) -> Option<OpenAPI> {
    // Leaves are read by openapiv3's own code, which panics on a few values (its
    // `ReferenceOr` reads a failing value a second time, differently). A panic here only
    // means the derive must decide, and the caller guards that reading in its turn.
    std::panic::catch_unwind(|| read_document(value))
        .ok()
        .flatten()
}

fn read_document(value: &Value) -> Option<OpenAPI> {
    // A tagged value (`!tag value`) reads as its value when read alone, but fails inside
    // the derive's buffers; documents with tags are left to the derive.
    if has_tags(value) {
        return None;
    }
    let mut document = OpenAPI::default();
    let mut has_openapi = false;
    let mut has_info = false;
    let mut has_paths = false;
    for (key, value) in entries(value)? {
        match key {
            "openapi" => {
                document.openapi = leaf(value)?;
                has_openapi = true;
            }
            "info" => {
                document.info = leaf(value)?;
                has_info = true;
            }
            "servers" => document.servers = leaf(value)?,
            "paths" => {
                document.paths = paths(value)?;
                has_paths = true;
            }
            "components" => document.components = optional(value, components)?,
            "security" => document.security = leaf(value)?,
            "tags" => document.tags = leaf(value)?,
            "externalDocs" => document.external_docs = leaf(value)?,
            _ => extension(&mut document.extensions, key, value)?,
        }
    }
    (has_openapi && has_info && has_paths).then_some(document)
}

/// Whether any value in the tree carries a YAML tag.
fn has_tags(value: &Value) -> bool {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Tagged(_) => return true,
            Value::Sequence(items) => pending.extend(items),
            Value::Mapping(mapping) => {
                for (key, value) in mapping {
                    pending.push(key);
                    pending.push(value);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }
    false
}

/// The entries of a mapping whose keys are all strings. A key of another kind (a number,
/// say) has a meaning of its own in serde's derive (a field index), so it is left to it.
fn entries(value: &Value) -> Option<impl Iterator<Item = (&str, &Value)>> {
    let mapping: &Mapping = value.as_mapping()?;
    if !mapping.keys().all(Value::is_string) {
        return None;
    }
    Some(
        mapping
            .iter()
            .filter_map(|(key, value)| Some((key.as_str()?, value))),
    )
}

/// A leaf or a rarely used object, read by the derive from its own subtree, with the
/// meaning the derive gives it inside a whole document (see [`Leaf`]).
fn leaf<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(Leaf(value)).ok()
}

/// An `Option<T>` field: `null` is `None`.
fn optional<T>(value: &Value, read: impl FnOnce(&Value) -> Option<T>) -> Option<Option<T>> {
    if value.is_null() {
        Some(None)
    } else {
        read(value).map(Some)
    }
}

/// A key no field claims: an `x-` key is an extension, any other is ignored, as the
/// derive does.
fn extension(
    extensions: &mut IndexMap<String, serde_json::Value>,
    key: &str,
    value: &Value,
) -> Option<()> {
    if key.starts_with("x-") {
        extensions.insert(key.to_owned(), leaf(value)?);
    }
    Some(())
}

/// A map from strings to values that `read` reads.
fn map<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<IndexMap<String, T>> {
    entries(value)?
        .map(|(key, value)| Some((key.to_owned(), read(value)?)))
        .collect()
}

/// A sequence of values that `read` reads.
fn list<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    value.as_sequence()?.iter().map(read).collect()
}

/// A `$ref` or the item itself. A `$ref` that is not a string is left to the derive.
fn reference_or<T>(
    value: &Value,
    read: impl FnOnce(&Value) -> Option<T>,
) -> Option<ReferenceOr<T>> {
    match value.as_mapping()?.get("$ref") {
        Some(reference) => Some(ReferenceOr::Reference {
            reference: reference.as_str()?.to_owned(),
        }),
        None => read(value).map(ReferenceOr::Item),
    }
}

fn paths(value: &Value) -> Option<Paths> {
    let mut paths = Paths::default();
    for (key, value) in entries(value)? {
        if key.starts_with('/') {
            paths
                .paths
                .insert(key.to_owned(), reference_or(value, path_item)?);
        } else {
            extension(&mut paths.extensions, key, value)?;
        }
    }
    Some(paths)
}

fn path_item(value: &Value) -> Option<PathItem> {
    let mut item = PathItem::default();
    for (key, value) in entries(value)? {
        let operation = || optional(value, operation);
        match key {
            "summary" => item.summary = leaf(value)?,
            "description" => item.description = leaf(value)?,
            "get" => item.get = operation()?,
            "put" => item.put = operation()?,
            "post" => item.post = operation()?,
            "delete" => item.delete = operation()?,
            "options" => item.options = operation()?,
            "head" => item.head = operation()?,
            "patch" => item.patch = operation()?,
            "trace" => item.trace = operation()?,
            "servers" => item.servers = leaf(value)?,
            "parameters" => item.parameters = parameters(value)?,
            _ => extension(&mut item.extensions, key, value)?,
        }
    }
    Some(item)
}

fn operation(value: &Value) -> Option<Operation> {
    let mut operation = Operation::default();
    let mut has_responses = false;
    for (key, value) in entries(value)? {
        match key {
            "tags" => operation.tags = leaf(value)?,
            "summary" => operation.summary = leaf(value)?,
            "description" => operation.description = leaf(value)?,
            "externalDocs" => operation.external_docs = leaf(value)?,
            "operationId" => operation.operation_id = leaf(value)?,
            "parameters" => operation.parameters = parameters(value)?,
            "requestBody" => {
                operation.request_body =
                    optional(value, |value| reference_or(value, request_body))?;
            }
            "responses" => {
                operation.responses = responses(value)?;
                has_responses = true;
            }
            "callbacks" => operation.callbacks = leaf(value)?,
            "deprecated" => operation.deprecated = leaf(value)?,
            "security" => operation.security = leaf(value)?,
            "servers" => operation.servers = leaf(value)?,
            _ => extension(&mut operation.extensions, key, value)?,
        }
    }
    has_responses.then_some(operation)
}

fn parameters(value: &Value) -> Option<Vec<ReferenceOr<Parameter>>> {
    list(value, |value| reference_or(value, parameter))
}

/// A parameter: `in` picks the kind, the kind's own fields (`style`, ...) are read by the
/// derive, and the rest is the shared [`ParameterData`].
fn parameter(value: &Value) -> Option<Parameter> {
    let mut data = ParameterData {
        name: String::new(),
        description: None,
        required: false,
        deprecated: None,
        format: ParameterSchemaOrContent::Content(IndexMap::new()),
        example: None,
        examples: IndexMap::new(),
        explode: None,
        extensions: IndexMap::new(),
    };
    let (mut location, mut has_name, mut has_format) = (None, false, false);
    let (mut style, mut allow_reserved, mut allow_empty_value) = (None, None, None);
    for (key, value) in entries(value)? {
        match key {
            "in" => location = Some(value.as_str()?),
            "name" => {
                data.name = leaf(value)?;
                has_name = true;
            }
            "description" => data.description = leaf(value)?,
            "required" => data.required = leaf(value)?,
            "deprecated" => data.deprecated = leaf(value)?,
            // The derive takes whichever of the two comes first; a parameter with both is
            // left to it.
            "schema" | "content" if has_format => return None,
            "schema" => {
                data.format = ParameterSchemaOrContent::Schema(schema_or_reference(value)?);
                has_format = true;
            }
            "content" => {
                data.format = ParameterSchemaOrContent::Content(map(value, media_type)?);
                has_format = true;
            }
            "example" => data.example = leaf(value)?,
            "examples" => data.examples = leaf(value)?,
            "explode" => data.explode = leaf(value)?,
            "style" => style = Some(value),
            "allowReserved" => allow_reserved = Some(value),
            "allowEmptyValue" => allow_empty_value = Some(value),
            _ => extension(&mut data.extensions, key, value)?,
        }
    }
    if !has_name || !has_format {
        return None;
    }
    // Each kind reads its own fields (`style`, and for a query parameter two more); the
    // derive ignores a query parameter's fields on another kind, which is rare enough to be
    // left to it.
    let parameter = match location? {
        "query" => Parameter::Query {
            parameter_data: data,
            allow_reserved: allow_reserved.map_or(Some(false), leaf)?,
            style: style_or_default(style)?,
            allow_empty_value: allow_empty_value.map_or(Some(None), leaf)?,
        },
        "header" if allow_reserved.is_none() && allow_empty_value.is_none() => Parameter::Header {
            parameter_data: data,
            style: style_or_default(style)?,
        },
        "path" if allow_reserved.is_none() && allow_empty_value.is_none() => Parameter::Path {
            parameter_data: data,
            style: style_or_default(style)?,
        },
        "cookie" if allow_reserved.is_none() && allow_empty_value.is_none() => Parameter::Cookie {
            parameter_data: data,
            style: style_or_default(style)?,
        },
        _ => return None,
    };
    Some(parameter)
}

/// A parameter's `style`, or the kind's default style when there is none.
fn style_or_default<T: DeserializeOwned + Default>(value: Option<&Value>) -> Option<T> {
    value.map_or(Some(T::default()), leaf)
}

fn request_body(value: &Value) -> Option<RequestBody> {
    let mut body = RequestBody::default();
    for (key, value) in entries(value)? {
        match key {
            "description" => body.description = leaf(value)?,
            "content" => body.content = map(value, media_type)?,
            "required" => body.required = leaf(value)?,
            _ => extension(&mut body.extensions, key, value)?,
        }
    }
    Some(body)
}

/// Responses by status code. The derive reads each key that is not `default` as a status
/// code and skips those that are not one (`x-` keys are also extensions).
fn responses(value: &Value) -> Option<Responses> {
    let mut responses = Responses::default();
    for (key, value) in entries(value)? {
        if key == "default" {
            responses.default = optional(value, |value| reference_or(value, response))?;
            continue;
        }
        let key_text = serde::de::value::BorrowedStrDeserializer::<Unfit>::new(key);
        if let Ok(code) = StatusCode::deserialize(key_text) {
            responses
                .responses
                .insert(code, reference_or(value, response)?);
        }
        extension(&mut responses.extensions, key, value)?;
    }
    Some(responses)
}

fn response(value: &Value) -> Option<Response> {
    let mut response = Response::default();
    let mut has_description = false;
    for (key, value) in entries(value)? {
        match key {
            "description" => {
                response.description = leaf(value)?;
                has_description = true;
            }
            "headers" => response.headers = leaf(value)?,
            "content" => response.content = map(value, media_type)?,
            "links" => response.links = leaf(value)?,
            _ => extension(&mut response.extensions, key, value)?,
        }
    }
    has_description.then_some(response)
}

fn media_type(value: &Value) -> Option<MediaType> {
    let mut media = MediaType::default();
    for (key, value) in entries(value)? {
        match key {
            "schema" => media.schema = optional(value, schema_or_reference)?,
            "example" => media.example = leaf(value)?,
            "examples" => media.examples = leaf(value)?,
            "encoding" => media.encoding = leaf(value)?,
            _ => extension(&mut media.extensions, key, value)?,
        }
    }
    Some(media)
}

fn components(value: &Value) -> Option<Components> {
    let mut components = Components::default();
    for (key, value) in entries(value)? {
        match key {
            "schemas" => components.schemas = map(value, schema_or_reference)?,
            "responses" => {
                components.responses = map(value, |value| reference_or(value, response))?;
            }
            "parameters" => {
                components.parameters = map(value, |value| reference_or(value, parameter))?;
            }
            "examples" => components.examples = leaf(value)?,
            "requestBodies" => {
                components.request_bodies = map(value, |value| reference_or(value, request_body))?;
            }
            "headers" => components.headers = leaf(value)?,
            "securitySchemes" => components.security_schemes = leaf(value)?,
            "links" => components.links = leaf(value)?,
            "callbacks" => components.callbacks = leaf(value)?,
            _ => extension(&mut components.extensions, key, value)?,
        }
    }
    Some(components)
}

fn boxed_schema(value: &Value) -> Option<ReferenceOr<Box<Schema>>> {
    reference_or(value, |value| schema(value).map(Box::new))
}

fn schema_or_reference(value: &Value) -> Option<ReferenceOr<Schema>> {
    reference_or(value, schema)
}

/// A schema: the fields every schema has ([`SchemaData`]), then the kind, decided from
/// the other keywords exactly as openapiv3's own `SchemaKind` reader decides it.
fn schema(value: &Value) -> Option<Schema> {
    let mut data = SchemaData::default();
    let mut raw = RawSchema::default();
    for (key, value) in entries(value)? {
        match key {
            "nullable" => data.nullable = leaf(value)?,
            "readOnly" => data.read_only = leaf(value)?,
            "writeOnly" => data.write_only = leaf(value)?,
            "deprecated" => data.deprecated = leaf(value)?,
            "externalDocs" => data.external_docs = leaf(value)?,
            "example" => data.example = leaf(value)?,
            "title" => data.title = leaf(value)?,
            "description" => data.description = leaf(value)?,
            "discriminator" => data.discriminator = leaf(value)?,
            "default" => data.default = leaf(value)?,
            "type" => raw.typ = leaf(value)?,
            "pattern" => raw.pattern = leaf(value)?,
            "multipleOf" => raw.multiple_of = leaf(value)?,
            "exclusiveMinimum" => raw.exclusive_minimum = leaf(value)?,
            "exclusiveMaximum" => raw.exclusive_maximum = leaf(value)?,
            "minimum" => raw.minimum = leaf(value)?,
            "maximum" => raw.maximum = leaf(value)?,
            "properties" => raw.properties = optional(value, |value| map(value, boxed_schema))?,
            "required" => raw.required = leaf(value)?,
            "additionalProperties" => {
                raw.additional_properties = optional(value, additional_properties)?;
            }
            "minProperties" => raw.min_properties = leaf(value)?,
            "maxProperties" => raw.max_properties = leaf(value)?,
            "items" => raw.items = optional(value, boxed_schema)?,
            "minItems" => raw.min_items = leaf(value)?,
            "maxItems" => raw.max_items = leaf(value)?,
            "uniqueItems" => raw.unique_items = leaf(value)?,
            "enum" => raw.enumeration = leaf(value)?,
            "format" => raw.format = leaf(value)?,
            "minLength" => raw.min_length = leaf(value)?,
            "maxLength" => raw.max_length = leaf(value)?,
            "oneOf" => raw.one_of = optional(value, |value| list(value, schema_or_reference))?,
            "allOf" => raw.all_of = optional(value, |value| list(value, schema_or_reference))?,
            "anyOf" => raw.any_of = optional(value, |value| list(value, schema_or_reference))?,
            "not" => {
                raw.not = optional(value, |value| schema_or_reference(value).map(Box::new))?;
            }
            _ => extension(&mut data.extensions, key, value)?,
        }
    }
    Some(Schema {
        schema_data: data,
        schema_kind: raw.kind()?,
    })
}

/// `additionalProperties`: `true`/`false` or a schema.
fn additional_properties(value: &Value) -> Option<AdditionalProperties> {
    match value {
        Value::Bool(any) => Some(AdditionalProperties::Any(*any)),
        _ => {
            schema_or_reference(value).map(|schema| AdditionalProperties::Schema(Box::new(schema)))
        }
    }
}

/// The keywords that decide a schema's kind, as openapiv3's `SchemaKind` reader collects
/// them (its `RawAnySchema`).
#[derive(Default)]
struct RawSchema {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<serde_json::Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<serde_json::Number>,
    maximum: Option<serde_json::Number>,
    properties: Option<IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<serde_json::Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

impl RawSchema {
    /// The kind, by openapiv3's rules (openapiv3 2.2, `schema.rs`): a `type` with only the
    /// keywords that belong to it is that type; `oneOf`, `allOf`, `anyOf` or `not` alone is
    /// that combinator; anything else is `Any`. Where those rules would call `unwrap` on a
    /// number, this gives up instead.
    fn kind(self) -> Option<SchemaKind> {
        use openapiv3::{
            AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, StringType,
            Type,
        };
        let enum_fits = |check: fn(&serde_json::Value) -> bool| {
            self.enumeration
                .iter()
                .flatten()
                .all(|value| value.is_null() || check(value))
        };
        let int = |number: &Option<serde_json::Number>| number.as_ref().is_none_or(|n| n.is_i64());
        let no_number = self.multiple_of.is_none()
            && self.exclusive_minimum.is_none()
            && self.exclusive_maximum.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none();
        let no_object = self.properties.is_none()
            && self.required.is_none()
            && self.additional_properties.is_none()
            && self.min_properties.is_none()
            && self.max_properties.is_none();
        let no_array = self.items.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.unique_items.is_none();
        let no_string =
            self.pattern.is_none() && self.min_length.is_none() && self.max_length.is_none();
        let no_combinator = self.one_of.is_none()
            && self.all_of.is_none()
            && self.any_of.is_none()
            && self.not.is_none();
        let no_enum_or_format = self.enumeration.is_none() && self.format.is_none();
        fn values<T>(
            enumeration: Option<Vec<serde_json::Value>>,
            read: fn(&serde_json::Value) -> Option<T>,
        ) -> Option<Vec<Option<T>>> {
            enumeration
                .unwrap_or_default()
                .iter()
                .map(|value| {
                    if value.is_null() {
                        Some(None)
                    } else {
                        read(value).map(Some)
                    }
                })
                .collect()
        }
        let float = |number: Option<serde_json::Number>| match number {
            None => Some(None),
            Some(number) => number.as_f64().map(Some),
        };
        let integer = |number: Option<serde_json::Number>| match number {
            None => Some(None),
            Some(number) => number.as_i64().map(Some),
        };
        let kind = match self.typ.as_deref() {
            Some("string")
                if no_number
                    && no_object
                    && no_array
                    && no_combinator
                    && enum_fits(serde_json::Value::is_string) =>
            {
                SchemaKind::Type(Type::String(StringType {
                    format: self.format.into(),
                    pattern: self.pattern,
                    enumeration: values(self.enumeration, |value| {
                        value.as_str().map(str::to_owned)
                    })?,
                    min_length: self.min_length,
                    max_length: self.max_length,
                }))
            }
            Some("number")
                if self.pattern.is_none()
                    && no_object
                    && no_array
                    && self.min_length.is_none()
                    && self.max_length.is_none()
                    && no_combinator
                    && enum_fits(serde_json::Value::is_number) =>
            {
                SchemaKind::Type(Type::Number(NumberType {
                    format: self.format.into(),
                    multiple_of: float(self.multiple_of)?,
                    exclusive_minimum: self.exclusive_minimum.unwrap_or_default(),
                    exclusive_maximum: self.exclusive_maximum.unwrap_or_default(),
                    minimum: float(self.minimum)?,
                    maximum: float(self.maximum)?,
                    enumeration: values(self.enumeration, serde_json::Value::as_f64)?,
                }))
            }
            Some("integer")
                if self.pattern.is_none()
                    && no_object
                    && no_array
                    && self.min_length.is_none()
                    && self.max_length.is_none()
                    && no_combinator
                    && enum_fits(serde_json::Value::is_i64)
                    && int(&self.multiple_of)
                    && int(&self.minimum)
                    && int(&self.maximum) =>
            {
                SchemaKind::Type(Type::Integer(IntegerType {
                    format: self.format.into(),
                    multiple_of: integer(self.multiple_of)?,
                    exclusive_minimum: self.exclusive_minimum.unwrap_or_default(),
                    exclusive_maximum: self.exclusive_maximum.unwrap_or_default(),
                    minimum: integer(self.minimum)?,
                    maximum: integer(self.maximum)?,
                    enumeration: values(self.enumeration, serde_json::Value::as_i64)?,
                }))
            }
            Some("boolean")
                if no_string
                    && no_number
                    && no_object
                    && no_array
                    && no_combinator
                    && self.format.is_none()
                    && enum_fits(serde_json::Value::is_boolean) =>
            {
                SchemaKind::Type(Type::Boolean(BooleanType {
                    enumeration: values(self.enumeration, serde_json::Value::as_bool)?,
                }))
            }
            Some("object")
                if no_string && no_number && no_array && no_combinator && no_enum_or_format =>
            {
                SchemaKind::Type(Type::Object(ObjectType {
                    properties: self.properties.unwrap_or_default(),
                    required: self.required.unwrap_or_default(),
                    additional_properties: self.additional_properties,
                    min_properties: self.min_properties,
                    max_properties: self.max_properties,
                }))
            }
            Some("array")
                if no_string && no_number && no_object && no_combinator && no_enum_or_format =>
            {
                SchemaKind::Type(Type::Array(ArrayType {
                    items: self.items,
                    min_items: self.min_items,
                    max_items: self.max_items,
                    unique_items: self.unique_items.unwrap_or_default(),
                }))
            }
            None if no_string && no_number && no_object && no_array && no_enum_or_format => {
                match (self.one_of, self.all_of, self.any_of, self.not) {
                    (Some(one_of), None, None, None) => SchemaKind::OneOf { one_of },
                    (None, Some(all_of), None, None) => SchemaKind::AllOf { all_of },
                    (None, None, Some(any_of), None) => SchemaKind::AnyOf { any_of },
                    (None, None, None, Some(not)) => SchemaKind::Not { not },
                    (one_of, all_of, any_of, not) => SchemaKind::Any(AnySchema {
                        one_of: one_of.unwrap_or_default(),
                        all_of: all_of.unwrap_or_default(),
                        any_of: any_of.unwrap_or_default(),
                        not,
                        ..AnySchema::default()
                    }),
                }
            }
            _ => SchemaKind::Any(AnySchema {
                typ: self.typ,
                pattern: self.pattern,
                multiple_of: float(self.multiple_of)?,
                exclusive_minimum: self.exclusive_minimum,
                exclusive_maximum: self.exclusive_maximum,
                minimum: float(self.minimum)?,
                maximum: float(self.maximum)?,
                properties: self.properties.unwrap_or_default(),
                required: self.required.unwrap_or_default(),
                additional_properties: self.additional_properties,
                min_properties: self.min_properties,
                max_properties: self.max_properties,
                items: self.items,
                min_items: self.min_items,
                max_items: self.max_items,
                unique_items: self.unique_items,
                enumeration: self.enumeration.unwrap_or_default(),
                format: self.format,
                min_length: self.min_length,
                max_length: self.max_length,
                one_of: self.one_of.unwrap_or_default(),
                all_of: self.all_of.unwrap_or_default(),
                any_of: self.any_of.unwrap_or_default(),
                not: self.not,
            }),
        };
        Some(kind)
    }
}
