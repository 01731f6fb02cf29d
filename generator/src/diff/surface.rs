//! What a generated crate's public API is, read off the [`crate::ir`]: the [`Surface`]
//! that [`super::diff()`] compares and that `cargo xtask generate` writes beside the crate
//! as `api.json` (see [`Surface::to_json`]).
//!
//! Names are spelled as the generated code spells them and types as Rust types, the way
//! `emit` builds the methods, builders and models; each model also records whether
//! requests or responses carry it, which decides how its changes are judged.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ir::{
    Api, Body, BodyEncoding, Field, IdRest, ModelId, ModelKind, Operation, ParamLocation,
    ParamStyle, PartKind, Resource, ResponseMedia, Type, Wrapping,
};

/// The public API of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    /// The layout of this record, [`Surface::FORMAT`] for the ones this generator writes.
    pub format: u32,
    /// The client's default base URL.
    pub base_url: Option<String>,
    /// Every operation, in document order.
    pub operations: Vec<OperationSurface>,
    /// Every model, in the order of [`Api::models`].
    pub models: Vec<ModelSurface>,
}

/// An operation as a caller sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// The `operationId`, which identifies the operation between versions.
    pub id: String,
    /// How it is called, with the types of the arguments, such as
    /// `client.assistants().tools(AssistantId).attach(ToolId)`.
    pub call: String,
    /// The resource handle type the method is on.
    pub handle: String,
    /// The request builder type.
    pub builder: String,
    /// The HTTP method and path template, such as `GET /v1/Assistants`.
    pub request: String,
    /// The server the operation is sent to when it is not the client's base URL.
    pub server: Option<String>,
    /// The media type of the request body.
    pub content_type: Option<String>,
    /// The arguments of the method, in order: the instance path parameter, required query
    /// and header parameters, then required body fields or the whole body.
    pub arguments: Vec<InputSurface>,
    /// The builder methods that set optional values.
    pub methods: Vec<InputSurface>,
    /// What `send` returns, `()` when the response has no body.
    pub returns: String,
    /// The item type of `stream`, for paged lists.
    pub items: Option<String>,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
}

/// A value a caller gives an operation: a method argument or a builder method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSurface {
    /// The Rust name of the argument or builder method.
    pub name: String,
    /// What it sets.
    pub role: Role,
    /// The name on the wire; empty for a whole body.
    pub wire: String,
    /// The Rust type it takes; empty for a method without argument.
    pub ty: String,
    /// The inclusive bounds checked before sending.
    pub range: Option<(Option<i64>, Option<i64>)>,
    /// An array sent as one comma-separated value (`explode: false`).
    pub joined: bool,
    /// The style of a parameter not written in its location's `form` or `simple` style
    /// (`deepObject`, `spaceDelimited`, `pipeDelimited`, an exploded header); empty
    /// otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub style: String,
}

/// What an [`InputSurface`] sets, written in `api.json` as the words [`Role::as_str`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// The path parameter of the instance the operation acts on.
    #[serde(rename = "path")]
    Path,
    /// A query parameter.
    #[serde(rename = "query")]
    Query,
    /// A header parameter.
    #[serde(rename = "header")]
    Header,
    /// A cookie parameter.
    #[serde(rename = "cookie")]
    Cookie,
    /// A field of a struct body.
    #[serde(rename = "body field")]
    BodyField,
    /// A field of a struct body, set to `null`.
    #[serde(rename = "body field (clear)")]
    BodyFieldClear,
    /// The whole body.
    #[serde(rename = "body")]
    Body,
}

impl Role {
    /// The role in words, as `api.json` writes it and the diff names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Path => "path",
            Role::Query => "query",
            Role::Header => "header",
            Role::Cookie => "cookie",
            Role::BodyField => "body field",
            Role::BodyFieldClear => "body field (clear)",
            Role::Body => "body",
        }
    }

    /// A parameter, wherever it is sent.
    pub fn is_parameter(self) -> bool {
        matches!(self, Role::Path | Role::Query | Role::Header | Role::Cookie)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A model as a user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelSurface {
    /// The type name.
    pub name: String,
    /// Requests carry it (a body, a parameter, or inside one).
    pub request: bool,
    /// Responses carry it.
    pub response: bool,
    /// Its shape.
    pub shape: Shape,
}

/// The shape of a [`ModelSurface`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A struct: its fields, including the map of unknown ones.
    Struct {
        /// The fields in declaration order.
        fields: Vec<FieldSurface>,
        /// Whether it derives `Default`, so that values can be built with
        /// `..Default::default()`.
        default: bool,
    },
    /// A string enum: its values on the wire, each with its variant name.
    Enum {
        /// `(variant, wire value)` pairs.
        values: Vec<(String, String)>,
    },
    /// An identifier with a literal prefix.
    Id {
        /// The prefix every value has.
        prefix: String,
        /// The pattern as the document writes it.
        pattern: String,
        /// What the client checks after the prefix: `anything`, `one or more characters`
        /// or `N hexadecimal digits`.
        rest: String,
    },
    /// A `oneOf` enum: its variants with their types.
    OneOf {
        /// `(variant, type)` pairs, in the order a value without discriminator is tried.
        variants: Vec<(String, String)>,
        /// The discriminator property and, for each of its values, the variant it selects.
        discriminator: Option<(String, Vec<(String, String)>)>,
    },
    /// A type alias.
    Alias {
        /// The aliased type.
        target: String,
    },
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The Rust field name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// The Rust type, `Option` included.
    pub ty: String,
    /// Listed in the schema's `required`.
    pub required: bool,
}

impl OperationSurface {
    /// The steps of [`OperationSurface::call`]: each method name with the types of its
    /// arguments, `client` first (`client.things(ThingId).create(String)` is `client`,
    /// `things` with `ThingId`, `create` with `String`); `None` if the text is not such a
    /// chain.
    pub fn call_steps(&self) -> Option<Vec<(String, Vec<String>)>> {
        let mut steps = Vec::new();
        let mut rest = self.call.as_str();
        while !rest.is_empty() {
            let rest_of_name = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_of_name.find(['(', '.']).unwrap_or(rest_of_name.len());
            let name = rest_of_name[..end].to_owned();
            rest = &rest_of_name[end..];
            let mut arguments = Vec::new();
            if rest.starts_with('(') {
                let close = closing(rest)?;
                arguments = split_top_level(&rest[1..close]);
                rest = &rest[close + 1..];
            }
            steps.push((name, arguments));
        }
        Some(steps)
    }
}

/// The index of the `)` that closes the `(` that `text` starts with.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, character) in text.char_indices() {
        match character {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

/// A list of types split at its top-level commas (`A, B<C, D>` is `A` and `B<C, D>`); none
/// for empty text.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for character in text.chars() {
        match character {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(character);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_owned());
    }
    parts
}

impl Surface {
    /// The layout version of the surfaces this generator writes; a record of another
    /// layout cannot be compared with, and says so.
    pub const FORMAT: u32 = 2;

    /// The public API of the crate generated from `api`.
    pub fn of(api: &Api) -> Surface {
        let (request, response) = carried(api);
        let operations = api
            .operations
            .iter()
            .map(|operation| operation_surface(api, operation))
            .collect();
        let models = api
            .models
            .iter()
            .enumerate()
            .map(|(index, model)| ModelSurface {
                name: model.name.clone(),
                request: request.contains(&index),
                response: response.contains(&index),
                shape: shape(api, ModelId(index), &model.kind),
            })
            .collect();
        Surface {
            format: Surface::FORMAT,
            base_url: api.base_url.clone(),
            operations,
            models,
        }
    }

    /// The surface as pretty JSON with a final newline: the `api.json` of a generated crate.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| unreachable!("a surface is plain data: {error}"));
        text.push('\n');
        text
    }

    /// Reads a surface written by [`Surface::to_json`] of this generator.
    pub fn from_json(text: &str) -> Result<Surface, String> {
        Surface::from_value(serde_json::from_str(text).map_err(|error| error.to_string())?)
    }

    /// [`Surface::from_json`] for a surface already read as JSON, such as one inside
    /// another record.
    pub fn from_value(value: serde_json::Value) -> Result<Surface, String> {
        let format = value.get("format").and_then(serde_json::Value::as_u64);
        if format != Some(u64::from(Surface::FORMAT)) {
            return Err(format!(
                "it was written by another version of the generator (layout {}, this one reads {})",
                format.map_or_else(|| "1".to_owned(), |format| format.to_string()),
                Surface::FORMAT
            ));
        }
        serde_json::from_value(value).map_err(|error| error.to_string())
    }
}

/// The shape of the model `id`, whose kind is `kind`.
fn shape(api: &Api, id: ModelId, kind: &ModelKind) -> Shape {
    match kind {
        ModelKind::Struct {
            fields,
            unknown_fields,
            ..
        } => {
            let mut fields: Vec<FieldSurface> = fields
                .iter()
                .map(|field| field_surface(api, field))
                .collect();
            fields.extend(unknown_fields.iter().map(|name| FieldSurface {
                name: name.clone(),
                wire: String::new(),
                ty: "UnknownFields".to_owned(),
                required: false,
            }));
            Shape::Struct {
                fields,
                default: api.has_default(id),
            }
        }
        ModelKind::Enum { variants } => Shape::Enum {
            values: variants
                .iter()
                .map(|variant| (variant.name.clone(), variant.wire_name.clone()))
                .collect(),
        },
        ModelKind::Id {
            pattern,
            prefix,
            rest,
        } => Shape::Id {
            prefix: prefix.clone(),
            pattern: pattern.clone(),
            rest: match rest {
                // The runtime checks only the prefix of an unchecked pattern.
                IdRest::Any | IdRest::Unchecked => "anything".to_owned(),
                IdRest::NonEmpty => "one or more characters".to_owned(),
                IdRest::Hex(digits) => format!("{digits} hexadecimal digits"),
            },
        },
        ModelKind::OneOf {
            variants,
            discriminator,
            decode_order,
        } => Shape::OneOf {
            variants: decode_order
                .iter()
                .map(|index| &variants[*index])
                .map(|variant| {
                    let ty = spell(api, &variant.ty);
                    let ty = if variant.boxed {
                        format!("Box<{ty}>")
                    } else {
                        ty
                    };
                    (variant.name.clone(), ty)
                })
                .collect(),
            discriminator: discriminator.as_ref().map(|discriminator| {
                (
                    discriminator.property.clone(),
                    discriminator
                        .values
                        .iter()
                        .map(|value| (value.value.clone(), variants[value.variant].name.clone()))
                        .collect(),
                )
            }),
        },
        ModelKind::Alias { target } => Shape::Alias {
            target: spell(api, target),
        },
    }
}

/// A struct field with its type as the generated struct declares it.
fn field_surface(api: &Api, field: &Field) -> FieldSurface {
    let ty = spell(api, &field.ty);
    let ty = if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    };
    FieldSurface {
        name: field.name.clone(),
        wire: field.wire_name.clone(),
        ty: match field.wrapping() {
            Wrapping::Plain => ty,
            Wrapping::Optional => format!("Option<{ty}>"),
            Wrapping::Clearable => format!("Option<Option<{ty}>>"),
        },
        required: field.required,
    }
}

/// An input of an operation, with no range and not joined.
fn input(name: &str, role: Role, wire: &str, ty: String) -> InputSurface {
    InputSurface {
        name: name.to_owned(),
        role,
        wire: wire.to_owned(),
        ty,
        range: None,
        joined: false,
        style: String::new(),
    }
}

/// An operation's surface, read off the IR the way `emit` builds the method and builder.
fn operation_surface(api: &Api, operation: &Operation) -> OperationSurface {
    let resource = &api.resources[operation.resource.0];
    let mut arguments: Vec<InputSurface> = operation
        .instance_params
        .iter()
        .map(|param| {
            input(
                &param.name,
                Role::Path,
                &param.wire_name,
                spell(api, &param.ty),
            )
        })
        .collect();
    let mut methods = Vec::new();
    for param in &operation.params {
        let role = match param.location {
            ParamLocation::Header => Role::Header,
            ParamLocation::Query => Role::Query,
            ParamLocation::Cookie => Role::Cookie,
        };
        let entry = InputSurface {
            range: param.range.map(|range| (range.minimum, range.maximum)),
            joined: matches!(param.style, ParamStyle::FormJoined | ParamStyle::Simple),
            style: match param.style {
                ParamStyle::Form | ParamStyle::FormJoined | ParamStyle::Simple => String::new(),
                other => other.as_str().to_owned(),
            },
            ..input(&param.name, role, &param.wire_name, spell(api, &param.ty))
        };
        if param.required {
            arguments.push(entry);
        } else {
            methods.push(entry);
        }
    }
    if let Some(body) = &operation.body {
        body_inputs(api, body, &mut arguments, &mut methods);
    }
    let argument_types: Vec<&str> = arguments
        .iter()
        .map(|argument| argument.ty.as_str())
        .collect();
    OperationSurface {
        id: operation.id.clone(),
        call: format!(
            "client{}.{}({})",
            chain(api, resource),
            operation.method_name,
            argument_types.join(", ")
        ),
        handle: resource.name.clone(),
        builder: operation.builder.clone(),
        request: format!("{} {}", operation.http_method, operation.path),
        server: operation.server.clone(),
        content_type: operation
            .body
            .as_ref()
            .map(|body| body.content_type.clone()),
        arguments,
        methods,
        returns: match operation.success.media {
            ResponseMedia::Text => "String".to_owned(),
            ResponseMedia::Binary => "Bytes".to_owned(),
            ResponseMedia::Events => "EventStream".to_owned(),
            ResponseMedia::Json => operation
                .success
                .ty
                .as_ref()
                .map_or_else(|| "()".to_owned(), |ty| spell(api, ty)),
        },
        items: operation
            .paging
            .as_ref()
            .map(|paging| spell(api, &paging.item)),
        deprecated: operation.deprecated,
    }
}

/// Adds what sets the body to the `arguments` and `methods`: for a struct body its
/// required fields in argument order, then a method per optional field (and one that
/// clears it, where it can be cleared); for another body, the body itself.
fn body_inputs(
    api: &Api,
    body: &Body,
    arguments: &mut Vec<InputSurface>,
    methods: &mut Vec<InputSurface>,
) {
    let raw = match body.encoding {
        BodyEncoding::Text => Some("String"),
        BodyEncoding::Binary => Some("File"),
        _ => None,
    };
    if let Some(ty) = raw {
        let entry = input("body", Role::Body, "", ty.to_owned());
        match body.required {
            true => arguments.push(entry),
            false => methods.push(entry),
        }
        return;
    }
    if body.encoding == BodyEncoding::Multipart {
        for part in &body.parts {
            let ty = match &part.kind {
                PartKind::File => "File".to_owned(),
                PartKind::Files => "Vec<File>".to_owned(),
                PartKind::FileOr(ty) => format!("FileOr<{}>", spell(api, ty)),
                PartKind::Value(ty) => spell(api, ty),
            };
            let entry = input(&part.name, Role::BodyField, &part.wire_name, ty);
            match part.required {
                true => arguments.push(entry),
                false => methods.push(entry),
            }
        }
        return;
    }
    match api.struct_of(&body.ty).map(|model| &model.kind) {
        Some(ModelKind::Struct {
            fields,
            required_order,
            ..
        }) => {
            for index in required_order {
                let (Some(field), Some(setter)) = (fields.get(*index), body.setters.get(*index))
                else {
                    continue;
                };
                if field.required {
                    let ty = spell(api, &field.ty);
                    let ty = match field.wrapping() {
                        Wrapping::Plain => ty,
                        _ => format!("Option<{ty}>"),
                    };
                    arguments.push(input(&setter.name, Role::BodyField, &field.wire_name, ty));
                }
            }
            for (field, setter) in fields.iter().zip(&body.setters) {
                if field.required {
                    continue;
                }
                methods.push(input(
                    &setter.name,
                    Role::BodyField,
                    &field.wire_name,
                    spell(api, &field.ty),
                ));
                if let Some(clearer) = &setter.clearer {
                    methods.push(input(
                        clearer,
                        Role::BodyFieldClear,
                        &field.wire_name,
                        String::new(),
                    ));
                }
            }
        }
        _ if body.required => arguments.push(input("body", Role::Body, "", spell(api, &body.ty))),
        _ => methods.push(input("body", Role::Body, "", spell(api, &body.ty))),
    }
}

/// The accessor chain from the client to `resource`, with the type each accessor takes,
/// such as `.assistants().tools(AssistantId)`.
fn chain(api: &Api, resource: &Resource) -> String {
    let mut links = Vec::new();
    let mut node = Some(resource);
    while let Some(resource) = node {
        let argument = resource
            .parent_params
            .iter()
            .map(|param| spell(api, &param.ty))
            .collect::<Vec<_>>()
            .join(", ");
        links.push(format!(".{}({argument})", resource.accessor));
        node = resource.parent.map(|parent| &api.resources[parent.0]);
    }
    links.reverse();
    links.concat()
}

/// How the generated code spells a type, without module paths.
fn spell(api: &Api, ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::I32 => "i32".to_owned(),
        Type::I64 => "i64".to_owned(),
        Type::F64 => "f64".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::DateTime => "DateTime<Utc>".to_owned(),
        Type::Date => "NaiveDate".to_owned(),
        Type::Json => "serde_json::Value".to_owned(),
        Type::Array(item) => format!("Vec<{}>", spell(api, item)),
        Type::Map(value) => format!("BTreeMap<String, {}>", spell(api, value)),
        Type::Model(id) => api.models[id.0].name.clone(),
    }
}

/// The indices of the models requests carry and of those responses carry, each closed
/// over containment (fields, variants, aliases, arrays, maps).
fn carried(api: &Api) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    for operation in &api.operations {
        let resource = &api.resources[operation.resource.0];
        request.extend(resource.params.iter().map(|param| &param.ty));
        request.extend(operation.instance_params.iter().map(|param| &param.ty));
        request.extend(operation.params.iter().map(|param| &param.ty));
        // A struct body is built by the request builder, never by the caller, so what
        // requests carry is its fields' types, not the struct itself.
        if let Some(body) = &operation.body {
            match api.struct_of(&body.ty).map(|model| &model.kind) {
                _ if body.encoding == BodyEncoding::Multipart => {
                    request.extend(body.parts.iter().filter_map(|part| match &part.kind {
                        PartKind::Value(ty) => Some(ty),
                        PartKind::FileOr(ty) => Some(ty),
                        PartKind::File | PartKind::Files => None,
                    }))
                }
                _ if matches!(body.encoding, BodyEncoding::Text | BodyEncoding::Binary) => {}
                Some(ModelKind::Struct { fields, .. }) => {
                    request.extend(fields.iter().map(|field| &field.ty))
                }
                _ => request.push(&body.ty),
            }
        }
        response.extend(&operation.success.ty);
        response.extend(
            operation
                .errors
                .iter()
                .filter_map(|error| error.ty.as_ref()),
        );
        response.extend(operation.paging.iter().map(|paging| &paging.item));
    }
    (close(api, request), close(api, response))
}

fn close<'a>(api: &'a Api, roots: Vec<&'a Type>) -> BTreeSet<usize> {
    crate::ir::reachable(&api.models, roots.into_iter())
        .into_iter()
        .enumerate()
        .filter_map(|(index, reached)| reached.then_some(index))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{OperationSurface, Role};

    #[test]
    fn call_steps_split_methods_and_argument_types() {
        let operation = |call: &str| OperationSurface {
            id: "X".to_owned(),
            call: call.to_owned(),
            handle: String::new(),
            builder: String::new(),
            request: String::new(),
            server: None,
            content_type: None,
            arguments: Vec::new(),
            methods: Vec::new(),
            returns: String::new(),
            items: None,
            deprecated: false,
        };
        let steps = operation("client.things(ThingId).create(String, HashMap<String, Vec<u8>>)")
            .call_steps()
            .unwrap();
        let owned = |list: &[&str]| {
            list.iter()
                .map(|item| (*item).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            steps,
            [
                ("client".to_owned(), owned(&[])),
                ("things".to_owned(), owned(&["ThingId"])),
                (
                    "create".to_owned(),
                    owned(&["String", "HashMap<String, Vec<u8>>"])
                ),
            ]
        );
        assert_eq!(operation("client.a(B").call_steps(), None);
    }

    /// `api.json` writes each role as the words the diff prints, so that reading an older
    /// record and writing it again changes no byte.
    #[test]
    fn roles_are_written_as_their_words() {
        let roles = [
            Role::Path,
            Role::Query,
            Role::Header,
            Role::BodyField,
            Role::BodyFieldClear,
            Role::Body,
        ];
        for role in roles {
            let json = serde_json::to_value(role).unwrap();
            assert_eq!(json, serde_json::Value::from(role.as_str()), "{role:?}");
            assert_eq!(serde_json::from_value::<Role>(json).unwrap(), role);
        }
    }
}
