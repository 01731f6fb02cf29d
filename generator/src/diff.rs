//! Compares two versions of a generated crate's public API and says what a user of the
//! crate would notice: operations, parameters, bodies, responses, models, fields and enum
//! values added, removed or changed, each judged breaking or compatible, and the semver
//! bump that follows.
//!
//! The comparison is made on a [`Surface`], the public API read off the [`crate::ir`]:
//! names as the generated code spells them, types as Rust types, and for each model
//! whether requests or responses carry it. A surface is also what `cargo xtask generate`
//! keeps beside the crate (`api.json`), so the next run can tell what changed.
//!
//! The verdicts follow Cargo's semver rules for the generated code, with one convention:
//! models derive `Default` and are meant to be built with `..Default::default()`, so a new
//! optional field is compatible; enums are `#[non_exhaustive]`, so a new value is too.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ir::{Api, IdRest, ModelKind, Operation, ParamLocation, Resource, Type};

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
    /// What it sets: `path`, `query`, `header`, `body field`, `body field (clear)` or `body`.
    pub role: String,
    /// The name on the wire; empty for a whole body.
    pub wire: String,
    /// The Rust type it takes; empty for a method without argument.
    pub ty: String,
    /// The inclusive bounds checked before sending.
    pub range: Option<(Option<i64>, Option<i64>)>,
    /// An array sent as one comma-separated value (`explode: false`).
    pub joined: bool,
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
                shape: match &model.kind {
                    ModelKind::Struct {
                        fields,
                        unknown_fields,
                        ..
                    } => {
                        let mut fields: Vec<FieldSurface> = fields
                            .iter()
                            .map(|field| {
                                let ty = spell(api, &field.ty);
                                let ty = if field.boxed {
                                    format!("Box<{ty}>")
                                } else {
                                    ty
                                };
                                FieldSurface {
                                    name: field.name.clone(),
                                    wire: field.wire_name.clone(),
                                    ty: if field.clearable {
                                        format!("Option<Option<{ty}>>")
                                    } else if field.required && !field.nullable {
                                        ty
                                    } else {
                                        format!("Option<{ty}>")
                                    },
                                    required: field.required,
                                }
                            })
                            .collect();
                        fields.extend(unknown_fields.iter().map(|name| FieldSurface {
                            name: name.clone(),
                            wire: String::new(),
                            ty: "UnknownFields".to_owned(),
                            required: false,
                        }));
                        Shape::Struct {
                            fields,
                            default: api.has_default(crate::ir::ModelId(index)),
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
                    } => Shape::OneOf {
                        variants: variants
                            .iter()
                            .map(|variant| (variant.name.clone(), spell(api, &variant.ty)))
                            .collect(),
                        discriminator: discriminator.as_ref().map(|discriminator| {
                            (
                                discriminator.property.clone(),
                                discriminator
                                    .values
                                    .iter()
                                    .map(|value| {
                                        (value.value.clone(), variants[value.variant].name.clone())
                                    })
                                    .collect(),
                            )
                        }),
                    },
                    ModelKind::Alias { target } => Shape::Alias {
                        target: spell(api, target),
                    },
                },
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

/// An operation's surface, read off the IR the way `emit` builds the method and builder.
fn operation_surface(api: &Api, operation: &Operation) -> OperationSurface {
    let resource = &api.resources[operation.resource.0];
    let input = |name: &str, role: &str, wire: &str, ty: String| InputSurface {
        name: name.to_owned(),
        role: role.to_owned(),
        wire: wire.to_owned(),
        ty,
        range: None,
        joined: false,
    };
    let mut arguments: Vec<InputSurface> = operation
        .instance_param
        .iter()
        .map(|param| input(&param.name, "path", &param.wire_name, spell(api, &param.ty)))
        .collect();
    let mut methods = Vec::new();
    for param in &operation.params {
        let role = match param.location {
            ParamLocation::Header => "header",
            ParamLocation::Query => "query",
        };
        let entry = InputSurface {
            range: param.range.map(|range| (range.minimum, range.maximum)),
            joined: param.joined,
            ..input(&param.name, role, &param.wire_name, spell(api, &param.ty))
        };
        if param.required {
            arguments.push(entry);
        } else {
            methods.push(entry);
        }
    }
    if let Some(body) = &operation.body {
        match api.struct_of(&body.ty).map(|model| &model.kind) {
            Some(ModelKind::Struct {
                fields,
                required_order,
                ..
            }) => {
                for index in required_order {
                    let (Some(field), Some(setter)) =
                        (fields.get(*index), body.setters.get(*index))
                    else {
                        continue;
                    };
                    if field.required {
                        let ty = spell(api, &field.ty);
                        let ty = if field.nullable {
                            format!("Option<{ty}>")
                        } else {
                            ty
                        };
                        arguments.push(input(&setter.name, "body field", &field.wire_name, ty));
                    }
                }
                for (field, setter) in fields.iter().zip(&body.setters) {
                    if field.required {
                        continue;
                    }
                    methods.push(input(
                        &setter.name,
                        "body field",
                        &field.wire_name,
                        spell(api, &field.ty),
                    ));
                    if let Some(clearer) = &setter.clearer {
                        methods.push(input(
                            clearer,
                            "body field (clear)",
                            &field.wire_name,
                            String::new(),
                        ));
                    }
                }
            }
            _ if body.required => arguments.push(input("body", "body", "", spell(api, &body.ty))),
            _ => methods.push(input("body", "body", "", spell(api, &body.ty))),
        }
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
        returns: operation
            .success
            .ty
            .as_ref()
            .map_or_else(|| "()".to_owned(), |ty| spell(api, ty)),
        items: operation
            .paging
            .as_ref()
            .map(|paging| spell(api, &paging.item)),
        deprecated: operation.deprecated,
    }
}

/// The accessor chain from the client to `resource`, with the type each accessor takes,
/// such as `.assistants().tools(AssistantId)`.
fn chain(api: &Api, resource: &Resource) -> String {
    let mut links = Vec::new();
    let mut node = Some(resource);
    while let Some(resource) = node {
        let argument = resource
            .parent_param
            .as_ref()
            .map(|param| spell(api, &param.ty))
            .unwrap_or_default();
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
        request.extend(operation.instance_param.iter().map(|param| &param.ty));
        request.extend(operation.params.iter().map(|param| &param.ty));
        // A struct body is built by the request builder, never by the caller, so what
        // requests carry is its fields' types, not the struct itself.
        if let Some(body) = &operation.body {
            match api.struct_of(&body.ty).map(|model| &model.kind) {
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

fn close<'a>(api: &'a Api, mut pending: Vec<&'a Type>) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            Type::Array(inner) | Type::Map(inner) => pending.push(inner),
            Type::Model(id) if seen.insert(id.0) => match &api.models[id.0].kind {
                ModelKind::Struct { fields, .. } => {
                    pending.extend(fields.iter().map(|field| &field.ty))
                }
                ModelKind::OneOf { variants, .. } => {
                    pending.extend(variants.iter().map(|variant| &variant.ty))
                }
                ModelKind::Alias { target } => pending.push(target),
                ModelKind::Enum { .. } | ModelKind::Id { .. } => {}
            },
            _ => {}
        }
    }
    seen
}

/// What two versions of an API differ in, and the version bump that implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The bump the changes imply.
    pub bump: Bump,
    /// The changes, breaking ones first, each group in document order.
    pub changes: Vec<Change>,
}

/// One difference a user of the crate would notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether code written against the old crate may stop compiling or working.
    pub verdict: Verdict,
    /// What kind of thing changed.
    pub item: Item,
    /// Which one, such as `createAssistant`, `Assistant.owner` or `listTools(PageSize)`.
    pub name: String,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The particulars, such as ``type `String` -> `i64` ``.
    pub detail: String,
}

/// The verdict on a [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Code written against the old crate may stop compiling or behave differently.
    Breaking,
    /// Code written against the old crate keeps working.
    Compatible,
}

/// What kind of thing a [`Change`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// The client's default base URL.
    BaseUrl,
    /// An operation.
    Operation,
    /// An argument of an operation's method: a path, query or header parameter, a body
    /// field, or the body.
    Argument,
    /// A builder method of an operation, which sets an optional parameter, body field or
    /// body.
    Method,
    /// What an operation returns.
    Response,
    /// A model.
    Model,
    /// A field of a struct model.
    Field,
    /// A value of an enum model or a variant of a `oneOf` model.
    Variant,
}

/// Whether a [`Change`] adds, removes or alters its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// The item is there in both, different.
    Changed,
}

/// A semver bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// The generated code changed without changing its API (documentation, fingerprint).
    Patch,
    /// Only compatible changes.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// The version after this bump, by Cargo's rules: below 1.0.0 a breaking change bumps
    /// the minor number and anything else the patch number.
    pub fn apply(self, version: &str) -> Result<String, String> {
        let numbers: Vec<u64> = version
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{version}` is not a MAJOR.MINOR.PATCH version"))?;
        let [major, minor, patch] = numbers[..] else {
            return Err(format!("`{version}` is not a MAJOR.MINOR.PATCH version"));
        };
        let next = |number: u64| {
            number
                .checked_add(1)
                .ok_or_else(|| format!("`{version}` cannot be bumped: a number would overflow"))
        };
        let (major, minor, patch) = match (self, major) {
            (Bump::None, _) => (major, minor, patch),
            (Bump::Major, 0) | (Bump::Minor, 1..) => (major, next(minor)?, 0),
            (Bump::Major, _) => (next(major)?, 0, 0),
            (Bump::Minor | Bump::Patch, _) => (major, minor, next(patch)?),
        };
        Ok(format!("{major}.{minor}.{patch}"))
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// Compares `old` with `new`. `output_changed` says whether the generated files differ at
/// all, which makes a patch bump when the API itself is the same.
pub fn diff(old: &Surface, new: &Surface, output_changed: bool) -> ApiDiff {
    let mut changes = Changes::default();
    if old.base_url != new.base_url {
        changes.push(
            Verdict::Compatible,
            Item::BaseUrl,
            "client",
            ChangeKind::Changed,
            format!(
                "`{}` -> `{}`",
                old.base_url.as_deref().unwrap_or("none"),
                new.base_url.as_deref().unwrap_or("none")
            ),
        );
    }
    // An operation whose `operationId` changed but whose method and path did not is the
    // same operation renamed, compared as such rather than as one removed and one added.
    let old_ids: BTreeSet<&str> = old
        .operations
        .iter()
        .map(|operation| operation.id.as_str())
        .collect();
    let new_ids: BTreeSet<&str> = new
        .operations
        .iter()
        .map(|operation| operation.id.as_str())
        .collect();
    let renamed_from = |operation: &OperationSurface| {
        old.operations.iter().find(|previous| {
            previous.request == operation.request && !new_ids.contains(previous.id.as_str())
        })
    };
    let renamed: BTreeSet<&str> = new
        .operations
        .iter()
        .filter(|operation| !old_ids.contains(operation.id.as_str()))
        .filter_map(renamed_from)
        .map(|previous| previous.id.as_str())
        .collect();
    for_pairs(
        &old.operations,
        &new.operations,
        |operation| operation.id.as_str(),
        |pair| match pair {
            Pair::Removed(operation) if renamed.contains(operation.id.as_str()) => {}
            Pair::Removed(operation) => changes.push(
                Verdict::Breaking,
                Item::Operation,
                &operation.id,
                ChangeKind::Removed,
                format!("`{}` (`{}`)", operation.call, operation.request),
            ),
            Pair::Added(operation) => match renamed_from(operation) {
                Some(previous) => compare_operations(&mut changes, previous, operation),
                None => changes.push(
                    Verdict::Compatible,
                    Item::Operation,
                    &operation.id,
                    ChangeKind::Added,
                    format!("`{}` (`{}`)", operation.call, operation.request),
                ),
            },
            Pair::Both(old, new) => compare_operations(&mut changes, old, new),
        },
    );
    for_pairs(
        &old.models,
        &new.models,
        |model| model.name.as_str(),
        |pair| match pair {
            Pair::Removed(model) => changes.push(
                Verdict::Breaking,
                Item::Model,
                &model.name,
                ChangeKind::Removed,
                String::new(),
            ),
            Pair::Added(model) => changes.push(
                Verdict::Compatible,
                Item::Model,
                &model.name,
                ChangeKind::Added,
                String::new(),
            ),
            Pair::Both(old, new) => compare_models(&mut changes, old, new),
        },
    );
    let mut changes = changes.0;
    // A stable sort keeps document order inside each verdict.
    changes.sort_by_key(|change| change.verdict);
    let bump = match changes.first().map(|change| change.verdict) {
        Some(Verdict::Breaking) => Bump::Major,
        Some(Verdict::Compatible) => Bump::Minor,
        None if output_changed => Bump::Patch,
        None => Bump::None,
    };
    ApiDiff { bump, changes }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        verdict: Verdict,
        item: Item,
        name: &str,
        change: ChangeKind,
        detail: String,
    ) {
        self.0.push(Change {
            verdict,
            item,
            name: name.to_owned(),
            change,
            detail,
        });
    }

    /// Records a change of type, which breaks code that names or matches the old one.
    fn retyped(&mut self, item: Item, name: &str, old: &str, new: &str) {
        if old != new {
            self.push(
                Verdict::Breaking,
                item,
                name,
                ChangeKind::Changed,
                format!("type `{old}` -> `{new}`"),
            );
        }
    }
}

enum Pair<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Calls `visit` for every item of `new` (in order, matched with the `old` item of the same
/// key) and then for every `old` item whose key is gone.
fn for_pairs<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> &str,
    mut visit: impl FnMut(Pair<'a, T>),
) {
    let old_by_key: std::collections::HashMap<&str, &T> =
        old.iter().map(|item| (key(item), item)).collect();
    let new_keys: BTreeSet<&str> = new.iter().map(&key).collect();
    for item in new {
        match old_by_key.get(key(item)) {
            Some(previous) => visit(Pair::Both(previous, item)),
            None => visit(Pair::Added(item)),
        }
    }
    for item in old {
        if !new_keys.contains(key(item)) {
            visit(Pair::Removed(item));
        }
    }
}

fn compare_operations(changes: &mut Changes, old: &OperationSurface, new: &OperationSurface) {
    let id = new.id.as_str();
    let mut changed = |verdict, detail: String| {
        changes.push(verdict, Item::Operation, id, ChangeKind::Changed, detail)
    };
    if old.id != new.id {
        changed(
            Verdict::Compatible,
            format!("`operationId` was `{}`", old.id),
        );
    }
    // The callers' code is unchanged by a new request line: the request goes where the
    // document now says. Every other name here is one the callers' code spells.
    for (verdict, what, old_name, new_name) in [
        (Verdict::Breaking, "called as", &old.call, &new.call),
        (
            Verdict::Breaking,
            "on the handle type",
            &old.handle,
            &new.handle,
        ),
        (
            Verdict::Breaking,
            "builder type",
            &old.builder,
            &new.builder,
        ),
        (Verdict::Compatible, "sends", &old.request, &new.request),
    ] {
        if old_name != new_name {
            changed(verdict, format!("{what} `{new_name}`, was `{old_name}`"));
        }
    }
    // Nor by another server or body media type.
    if old.server != new.server {
        changed(
            Verdict::Compatible,
            format!(
                "server `{}`, was `{}`",
                new.server.as_deref().unwrap_or("the client's"),
                old.server.as_deref().unwrap_or("the client's")
            ),
        );
    }
    if old.content_type != new.content_type
        && old.content_type.is_some()
        && new.content_type.is_some()
    {
        changed(
            Verdict::Compatible,
            format!(
                "body sent as `{}`, was `{}`",
                new.content_type.as_deref().unwrap_or_default(),
                old.content_type.as_deref().unwrap_or_default()
            ),
        );
    }
    if old.deprecated != new.deprecated {
        let detail = if new.deprecated {
            "deprecated"
        } else {
            "no longer deprecated"
        };
        changed(Verdict::Compatible, detail.to_owned());
    }
    // Arguments are positional: when the call is unchanged they pair up by position, and
    // only what they send can differ.
    if old.call == new.call {
        for (old_argument, new_argument) in old.arguments.iter().zip(&new.arguments) {
            compare_inputs(changes, id, Item::Argument, old_argument, new_argument);
        }
    }
    for_pairs(
        &old.methods,
        &new.methods,
        |method| method.name.as_str(),
        |pair| match pair {
            Pair::Removed(method) => changes.push(
                Verdict::Breaking,
                Item::Method,
                &format!("{id}.{}", method.name),
                ChangeKind::Removed,
                format!("it set {}", target(method)),
            ),
            Pair::Added(method) => changes.push(
                Verdict::Compatible,
                Item::Method,
                &format!("{id}.{}", method.name),
                ChangeKind::Added,
                format!("sets {}{}", target(method), taking(method)),
            ),
            Pair::Both(old_method, new_method) => {
                compare_inputs(changes, id, Item::Method, old_method, new_method)
            }
        },
    );
    changes.retyped(Item::Response, id, &old.returns, &new.returns);
    match (&old.items, &new.items) {
        (None, None) => {}
        (Some(old_item), Some(new_item)) => changes.retyped(
            Item::Response,
            id,
            &format!("pages of {old_item}"),
            &format!("pages of {new_item}"),
        ),
        (None, Some(item)) => changes.push(
            Verdict::Compatible,
            Item::Response,
            id,
            ChangeKind::Changed,
            format!("now paged: `stream`, `pages` and `limit` yield `{item}`"),
        ),
        (Some(item), None) => changes.push(
            Verdict::Breaking,
            Item::Response,
            id,
            ChangeKind::Changed,
            format!("no longer paged (was pages of `{item}`)"),
        ),
    }
}

/// What an input sets, such as ``query `PageSize` ``.
fn target(input: &InputSurface) -> String {
    if input.wire.is_empty() {
        input.role.clone()
    } else {
        format!("{} `{}`", input.role, input.wire)
    }
}

fn taking(input: &InputSurface) -> String {
    if input.ty.is_empty() {
        String::new()
    } else {
        format!(", taking `{}`", input.ty)
    }
}

/// Compares an argument or builder method present in both versions.
fn compare_inputs(
    changes: &mut Changes,
    id: &str,
    item: Item,
    old: &InputSurface,
    new: &InputSurface,
) {
    let name = format!("{id}.{}", new.name);
    changes.retyped(item, &name, &old.ty, &new.ty);
    fn kind(role: &str) -> &str {
        match role {
            "path" | "query" | "header" => "parameter",
            other => other,
        }
    }
    if kind(&old.role) != kind(&new.role) {
        // The same name now sets something else: code that compiles sends other data.
        changes.push(
            Verdict::Breaking,
            item,
            &name,
            ChangeKind::Changed,
            format!("now sets {}, was {}", target(new), target(old)),
        );
    } else if old.role != new.role || old.wire != new.wire {
        changes.push(
            Verdict::Compatible,
            item,
            &name,
            ChangeKind::Changed,
            format!("sent as {}, was {}", target(new), target(old)),
        );
    }
    if old.range != new.range {
        let text = |range: &Option<(Option<i64>, Option<i64>)>| match range {
            None => "any value".to_owned(),
            Some((low, high)) => format!(
                "{}..={}",
                low.map(|low| low.to_string()).unwrap_or_default(),
                high.map(|high| high.to_string()).unwrap_or_default()
            ),
        };
        // A value the old range accepted may now be refused before sending.
        let (old_low, old_high) = old.range.unwrap_or((None, None));
        let (new_low, new_high) = new.range.unwrap_or((None, None));
        let narrower = new_low.is_some_and(|low| old_low.is_none_or(|old| low > old))
            || new_high.is_some_and(|high| old_high.is_none_or(|old| high < old));
        changes.push(
            if narrower {
                Verdict::Breaking
            } else {
                Verdict::Compatible
            },
            item,
            &name,
            ChangeKind::Changed,
            format!("accepts {}, was {}", text(&new.range), text(&old.range)),
        );
    }
    if old.joined != new.joined {
        changes.push(
            Verdict::Compatible,
            item,
            &name,
            ChangeKind::Changed,
            if new.joined {
                "sent as one comma-separated value".to_owned()
            } else {
                "sent as repeated keys".to_owned()
            },
        );
    }
}

/// "now required" or "now optional", with what that makes of the item when one is given.
fn optionality(required: bool, when_required: &str, when_optional: &str) -> String {
    let (state, consequence) = if required {
        ("now required", when_required)
    } else {
        ("now optional", when_optional)
    };
    if consequence.is_empty() {
        state.to_owned()
    } else {
        format!("{state}: {consequence}")
    }
}

fn compare_models(changes: &mut Changes, old: &ModelSurface, new: &ModelSurface) {
    let name = new.name.as_str();
    // A model that neither requests nor responses carry is a struct body, which the
    // request builder fills: its changes show as the builder's arguments and methods.
    if !(old.request || old.response || new.request || new.response) {
        return;
    }
    match (&old.shape, &new.shape) {
        (
            Shape::Struct {
                fields: old_fields,
                default: old_default,
            },
            Shape::Struct {
                fields: new_fields,
                default,
            },
        ) => {
            if old_default != default {
                changes.push(
                    if *default {
                        Verdict::Compatible
                    } else {
                        Verdict::Breaking
                    },
                    Item::Model,
                    name,
                    ChangeKind::Changed,
                    if *default {
                        "now implements `Default`"
                    } else {
                        "no longer implements `Default`, so `..Default::default()` no longer builds it"
                    }
                    .to_owned(),
                );
            }
            for_pairs(
                old_fields,
                new_fields,
                |field| field.name.as_str(),
                |pair| match pair {
                    Pair::Removed(field) => changes.push(
                        Verdict::Breaking,
                        Item::Field,
                        &format!("{name}.{}", field.name),
                        ChangeKind::Removed,
                        format!("`{}`", field.ty),
                    ),
                    Pair::Added(field) => {
                        // A request must now set it: a new argument of the operations that
                        // send the model, or a value to fill in where the model is built.
                        // A request model without `Default` is built with every field
                        // written out, so any new field breaks that code.
                        let reason = if !new.request {
                            None
                        } else if field.required {
                            Some("required in requests: ")
                        } else if !default {
                            Some("in a request model without `Default`: ")
                        } else {
                            None
                        };
                        changes.push(
                            if reason.is_some() {
                                Verdict::Breaking
                            } else {
                                Verdict::Compatible
                            },
                            Item::Field,
                            &format!("{name}.{}", field.name),
                            ChangeKind::Added,
                            format!("{}`{}`", reason.unwrap_or_default(), field.ty),
                        )
                    }
                    Pair::Both(old_field, new_field) => {
                        let field_name = format!("{name}.{}", new_field.name);
                        changes.retyped(Item::Field, &field_name, &old_field.ty, &new_field.ty);
                        if old_field.required != new_field.required && old_field.ty == new_field.ty
                        {
                            // Same Rust type, so only requests see the difference: a
                            // required field of a request body is an argument.
                            changes.push(
                                if new.request {
                                    Verdict::Breaking
                                } else {
                                    Verdict::Compatible
                                },
                                Item::Field,
                                &field_name,
                                ChangeKind::Changed,
                                optionality(new_field.required, "", ""),
                            );
                        }
                        if old_field.wire != new_field.wire {
                            changes.push(
                                Verdict::Compatible,
                                Item::Field,
                                &field_name,
                                ChangeKind::Changed,
                                format!("sent as `{}`, was `{}`", new_field.wire, old_field.wire),
                            );
                        }
                    }
                },
            );
        }
        (Shape::Enum { values: old_values }, Shape::Enum { values: new_values }) => {
            for_pairs(
                old_values,
                new_values,
                |(_, wire)| wire.as_str(),
                |pair| match pair {
                    Pair::Removed((variant, wire)) => changes.push(
                        Verdict::Breaking,
                        Item::Variant,
                        &format!("{name}::{variant}"),
                        ChangeKind::Removed,
                        format!("`{wire}`"),
                    ),
                    Pair::Added((variant, wire)) => changes.push(
                        Verdict::Compatible,
                        Item::Variant,
                        &format!("{name}::{variant}"),
                        ChangeKind::Added,
                        format!("`{wire}`"),
                    ),
                    Pair::Both((old_variant, _), (new_variant, wire)) => {
                        if old_variant != new_variant {
                            changes.push(
                                Verdict::Breaking,
                                Item::Variant,
                                &format!("{name}::{new_variant}"),
                                ChangeKind::Changed,
                                format!("`{wire}` renamed from `{old_variant}`"),
                            );
                        }
                    }
                },
            );
        }
        (
            Shape::Id {
                prefix: old_prefix,
                pattern: old_pattern,
                rest: old_rest,
            },
            Shape::Id {
                prefix,
                pattern,
                rest,
            },
        ) => {
            if old_prefix != prefix {
                changes.push(
                    Verdict::Breaking,
                    Item::Model,
                    name,
                    ChangeKind::Changed,
                    format!("identifiers start with `{prefix}`, was `{old_prefix}`"),
                );
            } else if old_rest != rest {
                // Parsing and decoding refuse what the new rule refuses; only a rule that
                // accepts anything after the prefix can never refuse an old value.
                changes.push(
                    if rest == "anything" {
                        Verdict::Compatible
                    } else {
                        Verdict::Breaking
                    },
                    Item::Model,
                    name,
                    ChangeKind::Changed,
                    format!("`{prefix}` followed by {rest}, was {old_rest} (pattern `{pattern}`)"),
                );
            } else if old_pattern != pattern {
                changes.push(
                    Verdict::Compatible,
                    Item::Model,
                    name,
                    ChangeKind::Changed,
                    format!("pattern `{pattern}`, was `{old_pattern}`"),
                );
            }
        }
        (
            Shape::OneOf {
                variants: old_variants,
                discriminator: old_discriminator,
            },
            Shape::OneOf {
                variants: new_variants,
                discriminator,
            },
        ) => {
            for_pairs(
                old_variants,
                new_variants,
                |(variant, _)| variant.as_str(),
                |pair| match pair {
                    Pair::Removed((variant, ty)) => changes.push(
                        Verdict::Breaking,
                        Item::Variant,
                        &format!("{name}::{variant}"),
                        ChangeKind::Removed,
                        format!("`{ty}`"),
                    ),
                    Pair::Added((variant, ty)) => changes.push(
                        Verdict::Compatible,
                        Item::Variant,
                        &format!("{name}::{variant}"),
                        ChangeKind::Added,
                        format!("`{ty}`"),
                    ),
                    Pair::Both((_, old_ty), (variant, ty)) => {
                        changes.retyped(Item::Variant, &format!("{name}::{variant}"), old_ty, ty)
                    }
                },
            );
            let order = |variants: &[(String, String)], others: &[(String, String)]| {
                variants
                    .iter()
                    .filter(|(variant, _)| others.iter().any(|(other, _)| other == variant))
                    .map(|(variant, _)| variant.clone())
                    .collect::<Vec<_>>()
            };
            let (old_order, new_order) = (
                order(old_variants, new_variants),
                order(new_variants, old_variants),
            );
            if discriminator.is_none() && old_order != new_order {
                // Without a discriminator the first alternative that decodes is taken.
                changes.push(
                    Verdict::Breaking,
                    Item::Model,
                    name,
                    ChangeKind::Changed,
                    format!(
                        "alternatives tried in the order {}, was {}",
                        new_order.join(", "),
                        old_order.join(", ")
                    ),
                );
            }
            if old_discriminator != discriminator {
                let text =
                    |discriminator: &Option<(String, Vec<(String, String)>)>| match discriminator {
                        None => "none".to_owned(),
                        Some((property, values)) => format!(
                            "`{property}`: {}",
                            values
                                .iter()
                                .map(|(value, variant)| format!("{value} -> {variant}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                // Values that selected a variant and now select another, or none, decode
                // differently; new values only decode what failed before.
                let kept = match (old_discriminator, discriminator) {
                    (Some((old_property, old_values)), Some((property, values))) => {
                        old_property == property
                            && old_values.iter().all(|value| values.contains(value))
                    }
                    _ => false,
                };
                changes.push(
                    if kept {
                        Verdict::Compatible
                    } else {
                        Verdict::Breaking
                    },
                    Item::Model,
                    name,
                    ChangeKind::Changed,
                    format!(
                        "discriminator {}, was {}",
                        text(discriminator),
                        text(old_discriminator)
                    ),
                );
            }
        }
        (Shape::Alias { target: old_target }, Shape::Alias { target }) => {
            changes.retyped(Item::Model, name, old_target, target)
        }
        (old_shape, new_shape) => changes.push(
            Verdict::Breaking,
            Item::Model,
            name,
            ChangeKind::Changed,
            format!(
                "now {}, was {}",
                shape_name(new_shape),
                shape_name(old_shape)
            ),
        ),
    }
}

fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct { .. } => "a struct",
        Shape::Enum { .. } => "a string enum",
        Shape::Id { .. } => "an identifier",
        Shape::OneOf { .. } => "a oneOf enum",
        Shape::Alias { .. } => "a type alias",
    }
}

impl Change {
    /// The change in words, without its verdict, such as
    /// ``field `Assistant.owner` changed: type `String` -> `i64` ``.
    pub fn describe(&self) -> String {
        let item = match self.item {
            Item::BaseUrl => "base URL of",
            Item::Operation => "operation",
            Item::Argument => "argument",
            Item::Method => "builder method",
            Item::Response => "response of",
            Item::Model => "model",
            Item::Field => "field",
            Item::Variant => "variant",
        };
        let what = match self.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        let mut text = format!("{item} `{}` {what}", self.name);
        if !self.detail.is_empty() {
            text.push_str(": ");
            text.push_str(&self.detail);
        }
        text
    }
}

impl fmt::Display for ApiDiff {
    /// One line per change, then the bump: the text `cargo xtask diff` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            let verdict = match change.verdict {
                Verdict::Breaking => "breaking",
                Verdict::Compatible => "compatible",
            };
            writeln!(f, "{verdict:<10}  {}", change.describe())?;
        }
        let breaking = self
            .changes
            .iter()
            .filter(|change| change.verdict == Verdict::Breaking)
            .count();
        let summary = match self.bump {
            Bump::None => "no change".to_owned(),
            Bump::Patch => {
                "no change to the public API; the generated code changed (documentation, the spec fingerprint or other text)"
                    .to_owned()
            }
            _ => format!(
                "{} change{}, {breaking} breaking",
                self.changes.len(),
                if self.changes.len() == 1 { "" } else { "s" }
            ),
        };
        write!(f, "{summary}; semver bump: {}", self.bump)
    }
}

impl ApiDiff {
    /// The diff as pretty JSON: `{"bump": ..., "changes": [{"verdict", "item", "name",
    /// "change", "detail"}, ...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| unreachable!("a diff is plain data: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::Bump;

    #[test]
    fn bumps_follow_cargo_rules() {
        let cases = [
            (Bump::Major, "0.3.1", "0.4.0"),
            (Bump::Minor, "0.3.1", "0.3.2"),
            (Bump::Patch, "0.3.1", "0.3.2"),
            (Bump::None, "0.3.1", "0.3.1"),
            (Bump::Major, "1.2.3", "2.0.0"),
            (Bump::Minor, "1.2.3", "1.3.0"),
            (Bump::Patch, "1.2.3", "1.2.4"),
        ];
        for (bump, from, to) in cases {
            assert_eq!(bump.apply(from).as_deref(), Ok(to), "{bump} of {from}");
        }
        assert!(Bump::Minor.apply("1.2").is_err());
        assert!(Bump::Minor.apply("1.2.3-beta").is_err());
    }
}
