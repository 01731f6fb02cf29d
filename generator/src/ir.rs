//! The intermediate representation: plain, documented data that [`crate::lower`] builds
//! from the OpenAPI document and [`crate::emit`] turns into Rust.
//!
//! Names in the IR are already Rust identifiers (hygienic, collision-free); wire names are
//! kept beside them. Models live in an arena ([`Api::models`]) indexed by [`ModelId`], so a
//! `$ref` cycle is just two ids pointing at each other.

/// Everything the emitter needs to know about one API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.description` of the document.
    pub description: Option<String>,
    /// `info.version` of the document.
    pub version: String,
    /// The first server URL of the document (or, when it has none, of its first path item
    /// or operation that has one), used as the client's default base URL.
    pub base_url: Option<String>,
    /// The resource tree, flattened: parents come before their children.
    pub resources: Vec<Resource>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// Every named type: component schemas first, then inline schemas as they were met.
    pub models: Vec<Model>,
    /// How requests authenticate.
    pub auth: Auth,
    /// The optional parts of the runtime that the generated code calls.
    pub runtime: RuntimeParts,
    /// The cargo features that turn groups of resources on and off, for a document large
    /// enough that a user who calls a few resources should not compile all of them;
    /// `None` for a smaller one, whose crate compiles everything.
    pub features: Option<ResourceFeatures>,
    /// What lowering accepted but changed or left out, as warnings that [`crate::lint()`]
    /// reports first: a `required` name that is not a property, a construct typed more
    /// loosely than the document says.
    pub notes: Vec<crate::Diagnostic>,
}

/// One cargo feature per group of resources, all on by default (through `all-resources`),
/// and what each item of the crate needs: an item compiles when one of its features is on,
/// and always when it has none (it serves every group, or no operation).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResourceFeatures {
    /// The groups, in the order of their first operation.
    pub groups: Vec<ResourceGroup>,
    /// The group of each operation (indexed like [`Api::operations`]).
    pub operations: Vec<usize>,
    /// The groups each resource handle serves, itself or through its descendants
    /// (indexed like [`Api::resources`]; empty: every group).
    pub resources: Vec<Vec<usize>>,
    /// The groups whose operations reach each model (indexed like [`Api::models`]; empty:
    /// every group, or none).
    pub models: Vec<Vec<usize>>,
}

/// A group of resources behind one cargo feature: a resource with everything under it,
/// or, when that is too large a share of the document, the resource's own operations.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceGroup {
    /// The feature's name, such as `messages`.
    pub feature: String,
    /// The resource the group is named after.
    pub resource: ResourceId,
    /// Whether the group holds only the resource's own operations, its children being
    /// groups of their own.
    pub own_only: bool,
}

/// How the client authenticates, from `components/securitySchemes` and `security`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Auth {
    /// The API is Twilio's (its base URL is on `twilio.com`) and declares no security
    /// scheme but HTTP Basic: the client authenticates with an Account SID and an auth
    /// token or API key (`TWILIO_*`), as Twilio's helper libraries do, and follows regions
    /// and edges.
    pub twilio: bool,
    /// The schemes the client can send, in document order.
    pub schemes: Vec<SecurityScheme>,
    /// The requirements of operations that state none (the document's `security`), any
    /// one of which is enough; empty when the document states none.
    pub default: Vec<Requirement>,
}

/// A way of authenticating, from `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's name in the document, which requirements use.
    pub name: String,
    /// What the client sends.
    pub kind: SchemeKind,
    /// Documentation from the scheme's description.
    pub docs: Option<String>,
}

/// What a [`SecurityScheme`] sends.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// HTTP Basic: a user and a password.
    Basic,
    /// HTTP Bearer: a token.
    Bearer,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// An OAuth 2 access token, sent as a bearer token.
    OAuth2,
    /// An OpenID Connect token, sent as a bearer token.
    OpenIdConnect,
}

/// One security requirement: every scheme it names is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// The names of the schemes, in document order; none for a requirement that lets the
    /// request go without credentials (`{}`).
    pub schemes: Vec<String>,
}

/// The model `ty` names, looking through aliases to the first model that is not one;
/// `None` when `ty` is not a model, or is a cycle of aliases (which a document can write).
pub fn follow_aliases<'a>(models: &'a [Model], ty: &Type) -> Option<(ModelId, &'a Model)> {
    let mut ty = ty;
    // An alias chain is at most as long as the arena.
    for _ in 0..=models.len() {
        let Type::Model(id) = ty else { return None };
        let model = &models[id.0];
        match &model.kind {
            ModelKind::Alias { target } => ty = target,
            _ => return Some((*id, model)),
        }
    }
    None
}

/// Which models the types reach, through fields, `oneOf` alternatives, aliases, array items
/// and map values: `result[id]` for each model of `models`.
pub fn reachable<'t>(models: &[Model], roots: impl Iterator<Item = &'t Type>) -> Vec<bool> {
    let mut seen = vec![false; models.len()];
    let mut stack: Vec<ModelId> = roots.filter_map(Type::model).collect();
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut seen[id.0], true) {
            stack.extend(models[id.0].kind.contained_types().filter_map(Type::model));
        }
    }
    seen
}

/// The parts of the runtime that only some documents need; a generated crate gets those
/// its code calls and no others, so nothing in it is unused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuntimeParts {
    /// The document has operations, whose builders call `runtime/request.rs`.
    pub requests: bool,
    /// Some operation is paged (`runtime/paging.rs`).
    pub paging: bool,
    /// Some request body is a form (`runtime/form.rs`).
    pub form: bool,
    /// The API is Twilio's (`runtime/twilio.rs`: Account SID credentials, regions and
    /// edges); any other API with security schemes authenticates by them
    /// (`runtime/auth.rs`).
    pub twilio: bool,
    /// The API has security schemes and is not Twilio's (`runtime/auth.rs`).
    pub auth: bool,
    /// Some request body is `multipart/form-data` (`runtime/multipart.rs`).
    pub multipart: bool,
    /// Some request body takes files (binary or multipart): the crate exports `File`.
    pub files: bool,
    /// Some response is read as text or bytes: the crate exports `Bytes` and `Download`.
    pub downloads: bool,
    /// Some response is read as server-sent events (`runtime/events.rs`).
    pub events: bool,
    /// Some parameter or form property is written in a style (`runtime/params.rs`, which
    /// calls `runtime/form.rs`).
    pub params: bool,
    /// Some model is an identifier type (`runtime/id.rs`).
    pub ids: bool,
    /// Some model is a string enum (`runtime/enums.rs`).
    pub enums: bool,
    /// Some struct keeps the properties it does not declare (`runtime/fields.rs`).
    pub unknown_fields: bool,
    /// Some struct that derives its serde impls has a field that tells absent from `null`
    /// (`runtime/nullable.rs`).
    pub nullable: bool,
}

impl RuntimeParts {
    /// The parts the operations, models and authentication of an API call.
    pub fn of(operations: &[Operation], models: &[Model], auth: &Auth) -> Self {
        let mut parts = RuntimeParts {
            requests: !operations.is_empty(),
            paging: operations
                .iter()
                .any(|operation| operation.paging.is_some()),
            form: operations.iter().any(|operation| {
                operation
                    .body
                    .as_ref()
                    .is_some_and(|body| body.encoding == BodyEncoding::Form)
            }),
            twilio: auth.twilio,
            auth: !auth.twilio && !auth.schemes.is_empty(),
            ..RuntimeParts::default()
        };
        parts.params = operations.iter().any(|operation| {
            operation.params.iter().any(|param| param.is_styled(models))
                || operation
                    .body
                    .as_ref()
                    .is_some_and(|body| !body.form_styles.is_empty())
        });
        parts.multipart = operations.iter().any(|operation| {
            operation
                .body
                .as_ref()
                .is_some_and(|body| body.encoding == BodyEncoding::Multipart)
        });
        parts.files = operations.iter().any(|operation| {
            operation.body.as_ref().is_some_and(|body| {
                matches!(
                    body.encoding,
                    BodyEncoding::Binary | BodyEncoding::Multipart
                )
            })
        });
        parts.downloads = operations.iter().any(|operation| {
            matches!(
                operation.success.media,
                ResponseMedia::Text | ResponseMedia::Binary
            )
        });
        parts.events = operations.iter().any(|operation| {
            operation.success.media == ResponseMedia::Events || operation.success.also_events
        });
        // The styles of form properties write pairs with the form's own functions.
        parts.form |= parts.params;
        for model in models {
            match &model.kind {
                ModelKind::Id { .. } => parts.ids = true,
                ModelKind::Struct {
                    fields,
                    unknown_fields,
                    ..
                } => {
                    parts.unknown_fields |= unknown_fields.is_some();
                    // A struct that keeps undeclared properties decodes by hand, without
                    // the derive's `deserialize_with`.
                    parts.nullable |=
                        unknown_fields.is_none() && fields.iter().any(|field| field.clearable);
                }
                ModelKind::Enum { .. } => parts.enums = true,
                ModelKind::OneOf { .. } | ModelKind::Alias { .. } => {}
            }
        }
        parts
    }
}

/// An index into [`Api::models`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(pub usize);

/// An index into [`Api::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub usize);

/// An index into [`Api::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(pub usize);

/// A named type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// The JSON pointer of the schema this model comes from.
    pub source: String,
    /// Documentation from the schema's `title` and `description`.
    pub docs: Option<String>,
    /// What kind of type it is.
    pub kind: ModelKind,
    /// Which ways the model crosses the wire, which decides the serde traits it derives.
    pub flow: Flow,
}

/// Which ways a model crosses the wire: the generated type implements `Serialize` when it
/// is sent and `Deserialize` when it is received, and the other trait only with the
/// crate's `serialize` or `deserialize` feature, because each derive is compile time
/// every user pays. A model no operation reaches is both, since only a caller uses it (so
/// [`Flow::serializes`] and [`Flow::deserializes`] hold for the models inside it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flow {
    /// Part of a request: a body, a parameter or a part, or inside one.
    pub sent: bool,
    /// Part of a response: a success or error body, or inside one.
    pub received: bool,
}

impl Flow {
    /// Whether the type implements `Serialize` without the `serialize` feature.
    pub fn serializes(self) -> bool {
        self.sent || !self.received
    }

    /// Whether the type implements `Deserialize` without the `deserialize` feature.
    pub fn deserializes(self) -> bool {
        self.received || !self.sent
    }
}

/// The shape of a [`Model`].
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// An object with known properties.
    Struct {
        /// The properties, in document order.
        fields: Vec<Field>,
        /// Indices into `fields` of the required properties, in the order of the schema's
        /// `required` list: the order in which a request method takes them as arguments.
        required_order: Vec<usize>,
        /// The Rust name of the map that keeps the properties the document does not
        /// declare, so that decoding and encoding again loses nothing; `None` for a schema
        /// with `additionalProperties: false`.
        unknown_fields: Option<String>,
    },
    /// A string with a fixed set of values; the emitted enum also accepts unknown values.
    Enum {
        /// The known values, in document order.
        variants: Vec<Variant>,
    },
    /// An identifier: a string whose `pattern` starts with a literal prefix, such as
    /// `^aia_asst_.+$`. One model per pattern, so every place that names the same kind of
    /// thing shares the type.
    Id {
        /// The pattern as the document writes it.
        pattern: String,
        /// The literal prefix every value starts with, such as `aia_asst_`.
        prefix: String,
        /// What may follow the prefix.
        rest: IdRest,
    },
    /// One of several types (`oneOf`): an enum with a variant per alternative.
    OneOf {
        /// The alternatives, in document order.
        variants: Vec<OneOfVariant>,
        /// How a value names its alternative, when the document says (`discriminator`);
        /// without one, the first alternative that decodes is taken.
        discriminator: Option<Discriminator>,
        /// The order in which alternatives are tried when no discriminator value selects
        /// one (indices into `variants`): the document's, except that alternatives that
        /// accept any value of their JSON kind (an object without required properties, a
        /// string, a string enum, which keeps unknown values, a float, a JSON value) come
        /// after the others, so they do not take values meant for those.
        decode_order: Vec<usize>,
    },
    /// Another name for a type, from a component schema that is a `$ref` or a primitive.
    Alias {
        /// The aliased type.
        target: Type,
    },
}

impl ModelKind {
    /// The types a model of this kind holds directly: its fields', its alternatives', or
    /// the aliased type. The one walk over what models contain.
    pub fn contained_types(&self) -> impl Iterator<Item = &Type> {
        let (fields, variants, target): (&[Field], &[OneOfVariant], Option<&Type>) = match self {
            ModelKind::Struct { fields, .. } => (fields, &[], None),
            ModelKind::OneOf { variants, .. } => (&[], variants, None),
            ModelKind::Alias { target } => (&[], &[], Some(target)),
            ModelKind::Enum { .. } | ModelKind::Id { .. } => (&[], &[], None),
        };
        fields
            .iter()
            .map(|field| &field.ty)
            .chain(variants.iter().map(|variant| &variant.ty))
            .chain(target)
    }
}

impl Api {
    /// The struct model `ty` names, looking through aliases; `None` for any other type.
    pub fn struct_of(&self, ty: &Type) -> Option<&Model> {
        follow_aliases(&self.models, ty)
            .map(|(_, model)| model)
            .filter(|model| matches!(model.kind, ModelKind::Struct { .. }))
    }

    /// Whether a struct model derives `Default`, so that `..Default::default()` fills the
    /// optional fields (and the unknown-fields map) of a value built by hand. Dates and
    /// times, enums and identifiers have no meaningful default, so a struct that requires
    /// one has none either.
    pub fn has_default(&self, id: ModelId) -> bool {
        self.has_default_within(id, &mut Vec::new())
    }

    fn has_default_within(&self, id: ModelId, visiting: &mut Vec<ModelId>) -> bool {
        // A struct that contains itself can only be built from a value that already exists.
        if visiting.contains(&id) {
            return false;
        }
        visiting.push(id);
        let type_has_default = |ty: &Type, visiting: &mut Vec<ModelId>| match ty {
            Type::DateTime | Type::Date => false,
            Type::Model(id) => self.has_default_within(*id, visiting),
            _ => true,
        };
        let result = match &self.models[id.0].kind {
            ModelKind::Struct { fields, .. } => fields
                .iter()
                .filter(|field| field.required && !field.nullable)
                .all(|field| type_has_default(&field.ty, visiting)),
            ModelKind::Alias { target } => type_has_default(target, visiting),
            ModelKind::Enum { .. } | ModelKind::Id { .. } | ModelKind::OneOf { .. } => false,
        };
        visiting.pop();
        result
    }

    /// The length of the longest chain of models that contain one another (through
    /// fields, `oneOf` variants and aliases; a cycle counts each of its models once).
    /// rustc's layout and drop checks recurse once or twice per level.
    pub fn nesting_depth(&self) -> usize {
        let edges: Vec<Vec<usize>> = self
            .models
            .iter()
            .map(|model| {
                model
                    .kind
                    .contained_types()
                    .filter_map(Type::model)
                    .map(|id| id.0)
                    .collect()
            })
            .collect();
        // Depth-first with an explicit stack, so that a chain of thousands of models
        // cannot overflow this one; a model met again on the current path ends the chain.
        let mut depth: Vec<Option<usize>> = vec![None; edges.len()];
        let mut on_path = vec![false; edges.len()];
        for start in 0..edges.len() {
            let mut stack = vec![(start, 0usize)];
            while let Some((node, next)) = stack.last().copied() {
                if next == 0 {
                    on_path[node] = true;
                }
                match edges[node].get(next) {
                    Some(&child) => {
                        if let Some(top) = stack.last_mut() {
                            top.1 += 1;
                        }
                        if depth[child].is_none() && !on_path[child] {
                            stack.push((child, 0));
                        }
                    }
                    None => {
                        let deepest = edges[node]
                            .iter()
                            .filter(|child| !on_path[**child])
                            .filter_map(|child| depth[*child])
                            .max()
                            .unwrap_or(0);
                        depth[node] = Some(deepest + 1);
                        on_path[node] = false;
                        stack.pop();
                    }
                }
            }
        }
        depth.into_iter().flatten().max().unwrap_or(0)
    }
}

/// One alternative of a [`ModelKind::OneOf`].
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// The Rust variant name.
    pub name: String,
    /// The alternative's type.
    pub ty: Type,
    /// The value is boxed, because it is much larger than the smallest alternative (an
    /// expandable field's full object beside its id, say): the enum stays small.
    pub boxed: bool,
}

/// The property whose value names the alternative of a `oneOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property name on the wire, such as `channel`.
    pub property: String,
    /// Each value of the property with the variant it selects.
    pub values: Vec<DiscriminatorValue>,
}

/// A value of a discriminator property and the `oneOf` alternative it selects.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscriminatorValue {
    /// The value on the wire.
    pub value: String,
    /// The index of the alternative in [`ModelKind::OneOf::variants`].
    pub variant: usize,
}

/// What an identifier pattern allows after its literal prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRest {
    /// Anything, or nothing (`.*`, or no `$`).
    Any,
    /// At least one character (`.+$`).
    NonEmpty,
    /// Exactly this many hexadecimal digits (`[0-9a-fA-F]{32}$`).
    Hex(usize),
    /// Something this generator does not check; only the prefix is checked.
    Unchecked,
}

/// A property of a struct model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    /// The value type, without the `Option` that optionality or nullability adds.
    pub ty: Type,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// `nullable: true` on the property's schema.
    pub nullable: bool,
    /// The value is boxed because the field's type contains this struct directly.
    pub boxed: bool,
    /// Optional and nullable in a model that is only ever sent, never received: the field
    /// then tells "leave unchanged" (absent) from "clear" (`null`).
    pub clearable: bool,
    /// Documentation from the property's description.
    pub docs: Option<String>,
}

impl Field {
    /// How the generated struct holds the field's value, decided here once for the struct,
    /// the request builders and the API surface.
    pub fn wrapping(&self) -> Wrapping {
        if self.clearable {
            Wrapping::Clearable
        } else if self.required && !self.nullable {
            Wrapping::Plain
        } else {
            Wrapping::Optional
        }
    }
}

/// How a struct field holds its value (inside a `Box` when [`Field::boxed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapping {
    /// `T`: required and not nullable.
    Plain,
    /// `Option<T>`: not required, or nullable.
    Optional,
    /// `Option<Option<T>>`: absent, `null` or a value ([`Field::clearable`]).
    Clearable,
}

/// One known value of an enum model.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire_name: String,
}

/// A value type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A string.
    String,
    /// A signed 32-bit integer (`format: int32`).
    I32,
    /// A signed 64-bit integer.
    I64,
    /// A 64-bit float (every `type: number`, `format: float` included).
    F64,
    /// A boolean.
    Bool,
    /// A point in time (`format: date-time`).
    DateTime,
    /// A calendar date (`format: date`).
    Date,
    /// Any JSON value (a free-form object or a schema without a type).
    Json,
    /// An array.
    Array(Box<Type>),
    /// An object with arbitrary keys and values of one type (`additionalProperties`).
    Map(Box<Type>),
    /// A named type from [`Api::models`].
    Model(ModelId),
}

impl Type {
    /// The model the type names, itself or as the items of arrays and the values of maps;
    /// `None` for a type without one.
    pub fn model(&self) -> Option<ModelId> {
        match self {
            Type::Model(id) => Some(*id),
            Type::Array(inner) | Type::Map(inner) => inner.model(),
            _ => None,
        }
    }

    /// Whether the type is or contains a named model.
    pub fn mentions_model(&self) -> bool {
        self.model().is_some()
    }
}

/// A node of the resource tree, made from the literal segments of the paths: `/v1/Assistants`
/// and `/v1/Assistants/{id}` make the `Assistants` resource, `/v1/Assistants/{assistantId}/Tools`
/// a `Tools` resource under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The Rust name of the handle type, such as `AssistantsTools`.
    pub name: String,
    /// The accessor method on the parent handle (or the client), such as `tools`.
    pub accessor: String,
    /// The literal path segment this node is named after, such as `Tools`.
    pub segment: String,
    /// The path template up to and including this node, such as
    /// `/v1/Assistants/{assistantId}/Tools`.
    pub path: String,
    /// The parent node, or `None` for a node hung off the client.
    pub parent: Option<ResourceId>,
    /// The path parameters between the parent and this node, which the accessor takes:
    /// none, one (`/Assistants/{id}/Tools`), or a run of them (`/repos/{owner}/{repo}/issues`,
    /// or the parameters inside one segment such as `/compare/{base}...{head}`).
    pub parent_params: Vec<PathParam>,
    /// Every path parameter the handle holds: the parent's, then [`Resource::parent_params`].
    pub params: Vec<PathParam>,
    /// The child nodes, in order of first appearance.
    pub children: Vec<ResourceId>,
    /// The operations on this node, in document order.
    pub operations: Vec<OperationId>,
}

/// A path parameter as a handle or operation holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    /// The Rust name of the argument and field.
    pub name: String,
    /// The name between braces in the path template.
    pub wire_name: String,
    /// The value type.
    pub ty: Type,
    /// Documentation from the parameter's description.
    pub docs: Option<String>,
    /// The JSON pointer of the parameter's declaration.
    pub source: String,
    /// Whether the declaration says `required: true`, as OpenAPI demands of a path
    /// parameter; the client requires it either way.
    pub declared_required: bool,
}

/// What an operation does, which decides how it is exposed and retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// `GET` on a collection path.
    List,
    /// `POST` on a collection path.
    Create,
    /// `GET` on an instance path or a singleton.
    Fetch,
    /// `PUT` or `PATCH`, or `POST` with a body on an instance path.
    Update,
    /// `DELETE`.
    Delete,
    /// Anything else, such as a `POST` without a body on an instance path.
    Action,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`.
    pub id: String,
    /// The Rust name of the request builder type, such as `CreateAssistant`.
    pub builder: String,
    /// The method on the resource handle, such as `create`.
    pub method_name: String,
    /// The JSON pointer of the operation.
    pub source: String,
    /// What the operation does.
    pub kind: OperationKind,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template as written in the document, such as `/v1/Assistants/{id}`.
    pub path: String,
    /// The server the operation is sent to when its path item or the operation itself
    /// declares one other than [`Api::base_url`].
    pub server: Option<String>,
    /// The resource the operation hangs off.
    pub resource: ResourceId,
    /// For an operation whose document offers its body in several encodings, the
    /// operation this one is another encoding of: `create_multipart` of `create`.
    pub variant_of: Option<OperationId>,
    /// The path parameters that are the operation's own arguments: the run of parameters
    /// after the last literal segment of an instance path (`{id}`, or `{owner}/{repo}` of
    /// `/repos/{owner}/{repo}`), or every parameter of a path without a literal segment; the
    /// others come from the resource handle.
    pub instance_params: Vec<PathParam>,
    /// The query and header parameters, in document order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The success response.
    pub success: Success,
    /// The documented error responses.
    pub errors: Vec<ErrorResponse>,
    /// The operation's own `security` requirements, when it states them and they differ
    /// from [`Auth::default`]: `Some(vec![])` sends no credentials (`security: []`).
    pub security: Option<Vec<Requirement>>,
    /// How to follow pages, for list operations whose response is a Twilio page.
    pub paging: Option<Paging>,
    /// `summary` of the operation.
    pub summary: Option<String>,
    /// `description` of the operation.
    pub description: Option<String>,
    /// `deprecated: true` on the operation.
    pub deprecated: bool,
}

/// An HTTP method an operation can have in OpenAPI 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method as OpenAPI names it in a path item, such as `get`; `None` for any other.
    pub fn from_openapi(name: &str) -> Option<Self> {
        Some(match name {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP writes it, such as `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a [`Param`] is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the query string (`in: query`).
    Query,
    /// As a request header (`in: header`).
    Header,
    /// In the request's `Cookie` header (`in: cookie`).
    Cookie,
}

/// How a [`Param`]'s value is written, from its `style` and `explode` (with OpenAPI's
/// defaults for its location filled in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form`, exploded (the default in the query and cookies): an array as its key
    /// repeated, an object as one pair per property.
    Form,
    /// `form` with `explode: false`: an array or object as one comma-separated value.
    FormJoined,
    /// `simple` (the style of headers): an array or object as one comma-separated value.
    Simple,
    /// `simple`, exploded: an object as `key=value` items, comma-separated.
    SimpleExploded,
    /// `spaceDelimited`: an array as one space-separated value.
    SpaceDelimited,
    /// `pipeDelimited`: an array as one `|`-separated value.
    PipeDelimited,
    /// `deepObject`: an object as `name[key]=value` pairs, nested objects as
    /// `name[a][b]=value`, arrays as `name[]=value` (Stripe's reading, which OpenAPI leaves
    /// open).
    DeepObject,
}

impl ParamStyle {
    /// Whether an array in this style is one value with its elements joined by commas.
    pub fn joins_with_commas(self) -> bool {
        matches!(
            self,
            ParamStyle::FormJoined | ParamStyle::Simple | ParamStyle::SimpleExploded
        )
    }

    /// The style as the document spells it, with `explode` when it is not the default.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Form => "form",
            ParamStyle::FormJoined => "form (explode: false)",
            ParamStyle::Simple => "simple",
            ParamStyle::SimpleExploded => "simple (explode: true)",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        }
    }
}

/// The inclusive bounds of an integer parameter; either may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The smallest value accepted.
    pub minimum: Option<i64>,
    /// The largest value accepted.
    pub maximum: Option<i64>,
}

/// A query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name of the builder method or argument.
    pub name: String,
    /// The parameter name on the wire, exact case.
    pub wire_name: String,
    /// The value type; an array is sent as repeated keys.
    pub ty: Type,
    /// `required: true`: the value is an argument instead of a builder method.
    pub required: bool,
    /// Where the parameter is sent.
    pub location: ParamLocation,
    /// How the value is written.
    pub style: ParamStyle,
    /// The inclusive bounds of an integer parameter (`minimum`, `maximum`, with
    /// `exclusiveMinimum`/`exclusiveMaximum` folded in), checked before sending.
    pub range: Option<Range>,
    /// Documentation from the parameter's description.
    pub docs: Option<String>,
}

impl Param {
    /// Whether the value is written by the runtime's styles (`runtime/params.rs`), from its
    /// JSON: a cookie, an object, a map, a union or untyped value, or a style other than
    /// the location's default and comma-joined arrays. The others (scalars, enums, ids and
    /// arrays of them, in `form` or `simple` style) are written directly.
    pub fn is_styled(&self, models: &[Model]) -> bool {
        let direct_style = match self.location {
            ParamLocation::Query => matches!(self.style, ParamStyle::Form | ParamStyle::FormJoined),
            ParamLocation::Header => {
                matches!(self.style, ParamStyle::Simple | ParamStyle::SimpleExploded)
            }
            ParamLocation::Cookie => false,
        };
        let item = match &self.ty {
            Type::Array(item) => item,
            ty => ty,
        };
        !direct_style || !is_text(models, item)
    }
}

/// Whether values of `ty` have a text of their own (a scalar, an enum or an identifier),
/// looking through aliases.
pub fn is_text(models: &[Model], ty: &Type) -> bool {
    let mut ty = ty;
    // An alias chain is at most as long as the arena.
    for _ in 0..=models.len() {
        match ty {
            Type::Model(id) => match &models[id.0].kind {
                ModelKind::Alias { target } => ty = target,
                ModelKind::Enum { .. } | ModelKind::Id { .. } => return true,
                ModelKind::Struct { .. } | ModelKind::OneOf { .. } => return false,
            },
            Type::Json | Type::Array(_) | Type::Map(_) => return false,
            Type::String
            | Type::I32
            | Type::I64
            | Type::F64
            | Type::Bool
            | Type::DateTime
            | Type::Date => return true,
        }
    }
    false
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type, such as `application/json`.
    pub content_type: String,
    /// How the body is written on the wire.
    pub encoding: BodyEncoding,
    /// The body type; a struct model's required fields become arguments.
    pub ty: Type,
    /// `required: true` on the request body.
    pub required: bool,
    /// For a struct body, how each field is set, in field order.
    pub setters: Vec<BodySetter>,
    /// For a `multipart/form-data` body, its parts: one per property of its schema, in
    /// document order.
    pub parts: Vec<Part>,
    /// The properties of a form body that its encoding object gives a style (Stripe's
    /// `metadata[key]=value` is `deepObject`), by wire name; the others are written in
    /// the form's own conventions (`runtime/form.rs`).
    pub form_styles: Vec<(String, ParamStyle)>,
    /// Documentation from the request body's description.
    pub docs: Option<String>,
}

/// How one field of a struct request body is set.
#[derive(Debug, Clone, PartialEq)]
pub struct BodySetter {
    /// The index of the field in the body model's fields.
    pub field: usize,
    /// The Rust name under which the field is set: the argument name for a required
    /// field, the builder method for an optional one.
    pub name: String,
    /// The builder method that sends `null`, for a [`Field::clearable`] field.
    pub clearer: Option<String>,
}

/// How a request body is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json` and `+json` media types).
    Json,
    /// `application/x-www-form-urlencoded`, one pair per property.
    Form,
    /// `multipart/form-data`: one part per property ([`Body::parts`]), files among them.
    Multipart,
    /// Text the caller writes, sent as it is: `text/*` and XML media types.
    Text,
    /// Bytes the caller gives (in memory, from a file or a stream), sent as they are:
    /// `application/octet-stream`, `*/*`, images, PDF and every other media type.
    Binary,
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The Rust name of the argument (required part) or builder method.
    pub name: String,
    /// The property name, which names the part on the wire.
    pub wire_name: String,
    /// What the part holds.
    pub kind: PartKind,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// The encoding object's `contentType` for the part, when it gives one.
    pub content_type: Option<String>,
    /// Documentation from the property's description.
    pub docs: Option<String>,
}

/// What a [`Part`] holds.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A file (`type: string, format: binary`): bytes with a file name and media type.
    File,
    /// Several files under one name (an array of binary strings), one part each.
    Files,
    /// A file or a value of this type (a union of a binary string and one other
    /// alternative): `FileOr<T>`.
    FileOr(Type),
    /// A value: a scalar as its text, an object as JSON, an array as one part per element.
    Value(Type),
}

/// The response an operation returns on success.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The documented 2xx status codes; for an operation that documents none, the 3xx
    /// it documents with a body (Twilio's `307` with `redirect_to`), which the runtime then
    /// takes as success too. An operation that documents neither takes its `default`
    /// response as its success (no status here: any 2xx).
    pub statuses: Vec<u16>,
    /// The decoded body type of a JSON response, or `None` when the response has no body
    /// or is not JSON.
    pub ty: Option<Type>,
    /// How the body is read.
    pub media: ResponseMedia,
    /// The media types the success responses document when they are not JSON, which the
    /// request asks for with `Accept` (`application/pdf`); for JSON, the JSON types that
    /// are not `application/json` (`application/scim+json`); empty for `application/json`
    /// and no body.
    pub accept: Vec<String>,
    /// A JSON response that the document also offers as `text/event-stream` (OpenAI's
    /// `stream: true`): the builder can read it as events too.
    pub also_events: bool,
}

/// How a success response's body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMedia {
    /// Decoded from JSON into [`Success::ty`], or no body when that is `None`.
    Json,
    /// Read as UTF-8 text (`text/*`, XML).
    Text,
    /// Read as bytes, whole or as a stream (`application/octet-stream`, `*/*`, PDF,
    /// images and every other media type).
    Binary,
    /// Read as a stream of server-sent events (`text/event-stream`).
    Events,
}

/// A documented error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The status code, or `None` for `default`.
    pub status: Option<u16>,
    /// The response description.
    pub description: String,
    /// The body type, when the response documents one.
    pub ty: Option<Type>,
}

/// How a list response leads to the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The page model (the whole response body), whose field [`Paging::items_field`] holds
    /// the items; `None` when the response is a bare array of items.
    pub page: Option<ModelId>,
    /// The field of the page that holds the items (empty for a bare array).
    pub items_field: String,
    /// Whether the items field is an `Option`.
    pub items_optional: bool,
    /// The item type.
    pub item: Type,
    /// Where the next page comes from.
    pub next: NextPage,
}

/// Where a list's next page comes from: one of the conventions the generator recognises
/// when the document makes it unambiguous.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// A link in the body: the field chain to it, such as `meta` then `next_page_url`
    /// (Twilio).
    BodyLink(Vec<LinkStep>),
    /// The `rel="next"` link of the response's `Link` header, which the success response
    /// declares (GitHub).
    LinkHeader,
    /// A cursor the next request sends as the query parameter `parameter`, in place of the
    /// first request's value.
    Cursor {
        /// The query parameter's wire name, such as `page_token` or `starting_after`.
        parameter: String,
        /// Where the cursor is read.
        cursor: Cursor,
        /// The field chain to a boolean that is `false` on the last page (`has_more`),
        /// when the page has one.
        has_more: Option<Vec<LinkStep>>,
    },
}

/// Where a [`NextPage::Cursor`] is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    /// A string field of the page, such as `next_page` or `next_cursor`: the field chain.
    Field(Vec<LinkStep>),
    /// The identifier field of the page's last item (Stripe's `starting_after`).
    LastItem(LinkStep),
}

/// One field on the way from a page to its next page's link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkStep {
    /// The Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}
