//! Lowering of paths into operations, hung on the resource tree ([`super::tree`]).
//!
//! An operation is lowered in two steps: first into a [`Draft`] (its parameters, body and
//! responses), then, once every operation is known, named: its method name depends on the
//! other operations of its resource, and whether a body field gets a `clear_` method on
//! every operation that sends or receives its model. Only then is the IR's [`Operation`]
//! built, complete.

use super::tree::{class_name, shared_literal_prefix, split_template, Segment, Tree};
use super::{docs_of, Lowerer};
use crate::error::Pointer;
use crate::ident::{pascal, snake, Namer};
use crate::ir::{
    Auth, Body, BodyEncoding, BodySetter, Cursor, ErrorResponse, Field, HttpMethod, LinkStep,
    NextPage, Operation, OperationId, OperationKind, Paging, Param, ParamLocation, ParamStyle,
    Part, PartKind, PathParam, Range, Requirement, Resource, ResourceId, ResponseMedia, Success,
    Type,
};
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};
use std::collections::BTreeSet;

/// Methods a request builder may have, and its private fields: no path parameter a
/// handle passes on to its builders may take one.
pub(super) const BUILDER_RESERVED: &[&str] = &[
    "send",
    "send_with_response",
    "stream",
    "pages",
    "limit",
    "timeout",
    "retry",
    "call",
    "client",
    "options",
    "body",
    "download",
    "events",
];

/// The types the resources module imports (`Call`, `Method`, `Style`), which no request
/// builder there may be named: a builder `Call` would be `Call2`.
const RESOURCES_IMPORTS: &[&str] = &["Call", "Method", "Style"];

/// Methods every request builder has, and its private fields. `pages` and `limit` are
/// only a paged list's, but were taken on every builder before the others were freed, and
/// stay so that no generated method is renamed.
const EVERY_BUILDER: &[&str] = &[
    "send",
    "send_with_response",
    "timeout",
    "retry",
    "call",
    "client",
    "options",
    "body",
    "pages",
    "limit",
];

/// The method only a paged list's builder adds to [`EVERY_BUILDER`].
const PAGED_BUILDER: &[&str] = &["stream"];

/// An operation before its names are chosen: everything the IR's [`Operation`] holds but
/// the method name and the builder's member names (its parameters carry their wire names
/// in snake case until then).
#[derive(Clone)]
pub(super) struct Draft {
    id: String,
    builder: String,
    source: String,
    kind: OperationKind,
    http_method: HttpMethod,
    path: String,
    server: Option<String>,
    node: usize,
    /// The names of the resource handle's path parameters, which the builder's members
    /// must not take.
    handle_params: Vec<String>,
    instance_params: Vec<PathParam>,
    params: Vec<Param>,
    pub(super) body: Option<BodyDraft>,
    /// The bodies in the operation's other encodings, each made a variant of it once the
    /// operation is known to be valid.
    variants: Vec<BodyDraft>,
    /// For a variant, the index of the operation it is a variant of, and its suffix.
    variant_of: Option<(usize, String)>,
    security: Option<Vec<Requirement>>,
    pub(super) success: Success,
    pub(super) errors: Vec<ErrorResponse>,
    paging: Option<Paging>,
    summary: Option<String>,
    description: Option<String>,
    deprecated: bool,
}

/// A request body before its setters are named.
#[derive(Clone)]
pub(super) struct BodyDraft {
    content_type: String,
    encoding: BodyEncoding,
    pub(super) ty: Type,
    required: bool,
    form_styles: Vec<(String, ParamStyle)>,
    parts: Vec<PartDraft>,
    docs: Option<String>,
    /// What the names of a variant get appended (`multipart`), when the operation offers
    /// several encodings; `None` when it offers one.
    suffix: Option<String>,
}

/// A part of a multipart body before its setter is named.
#[derive(Clone)]
struct PartDraft {
    wire_name: String,
    kind: PartKind,
    required: bool,
    content_type: Option<String>,
    docs: Option<String>,
}

/// The parts of one operation that [`Lowerer::operation`] needs.
struct OperationInput<'a, 'd> {
    id: String,
    builder: String,
    http_method: HttpMethod,
    path: &'d str,
    operation: &'d openapiv3::Operation,
    /// The `servers` of the operation, else of its path item.
    servers: &'d [openapiv3::Server],
    pointer: &'a Pointer,
    /// Whether the path ends with parameters (`/Assistants/{id}`).
    is_instance: bool,
    parameters: &'a [(&'d Parameter, Pointer)],
}

impl<'d> Lowerer<'d> {
    /// Lowers every path into the resource tree and the operations.
    pub(super) fn paths(&mut self, auth: &Auth) -> (Vec<Resource>, Vec<Operation>) {
        let doc = self.doc;
        let paths_pointer = Pointer::root().join("paths");
        let mut templates = Vec::new();
        for (path, item) in doc.paths.iter() {
            let pointer = paths_pointer.join(path);
            let mark = self.errors.mark();
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.errors.at(
                        &pointer,
                        format!("path item references (`$ref: {reference}`) are not supported"),
                    );
                    self.skipped(mark, &pointer, || format!("path `{path}`"));
                    continue;
                }
            };
            match split_template(path) {
                Ok(segments) => templates.push((path.as_str(), item, segments, pointer)),
                Err(message) => {
                    self.errors.at(&pointer, message);
                    // Each operation of the path is named as skipped, so that every
                    // operation of the document is either in the crate or in a warning.
                    if let Some(why) = self.take_skipped(mark) {
                        for (method, operation) in item.iter() {
                            let what = match &operation.operation_id {
                                Some(id) => format!("`{id}` ({} {path})", method.to_uppercase()),
                                None => format!("{} {path}", method.to_uppercase()),
                            };
                            self.errors.warn(
                                &pointer.join(method),
                                format!("operation {what} skipped: {why}"),
                            );
                        }
                    }
                }
            }
        }
        let skip = shared_literal_prefix(
            templates
                .iter()
                .map(|(_, _, segments, _)| segments.as_slice()),
        );

        let mut tree = Tree::default();
        let mut operations = Vec::new();
        let mut operation_ids = BTreeSet::new();
        let mut builder_names = Namer::with_reserved(RESOURCES_IMPORTS);
        let mut made_ids = made_id_namer(doc);
        for (path, item, segments, pointer) in &templates {
            for (method, operation) in item.iter() {
                let pointer = pointer.join(method);
                let mark = self.errors.mark();
                let Some(http_method) = HttpMethod::from_openapi(method) else {
                    self.errors.at(
                        &pointer,
                        format!("`{method}` is not an HTTP method of OpenAPI 3.0"),
                    );
                    self.skipped(mark, &pointer, || {
                        format!("operation {} {path}", method.to_uppercase())
                    });
                    continue;
                };
                // An operation without an id is named by its method and path
                // (`get /model/{id}` -> `GetModelId`), so its method reads `get`.
                let id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => made_ids.claim(pascal(&format!("{method} {path}"))),
                };
                if !operation_ids.insert(id.clone()) {
                    self.errors.at(
                        &pointer.join("operationId"),
                        format!("duplicate operationId `{id}`"),
                    );
                    self.skipped(mark, &pointer, || {
                        format!("operation `{id}` ({http_method} {path})")
                    });
                    continue;
                }
                let parameters = self.parameters(item, operation, &pointer);
                let path_params = self.path_params(segments, &parameters, &pointer);
                let builder = builder_names.claim(pascal(&id));
                // Twilio's credentials are the same for every operation.
                let security = self
                    .operation_security(operation, &auth.schemes, &pointer)
                    .filter(|security| !auth.twilio && *security != auth.default);
                let mut lowered = self.operation(OperationInput {
                    id,
                    builder,
                    http_method,
                    path,
                    operation,
                    servers: if operation.servers.is_empty() {
                        &item.servers
                    } else {
                        &operation.servers
                    },
                    pointer: &pointer,
                    is_instance: matches!(segments.last(), Some(Segment::Params { .. })),
                    parameters: &parameters,
                });
                if self.skipped(mark, &pointer, || {
                    format!("operation `{}` ({http_method} {path})", lowered.id)
                }) {
                    builder_names.release(&lowered.builder);
                    continue;
                }
                // A path without a literal segment hangs off a resource named by the
                // operation's first tag, which is what groups it in the document.
                let fallback = operation
                    .tags
                    .iter()
                    .map(|tag| tag.trim())
                    .find(|tag| !tag.is_empty())
                    .unwrap_or("root");
                let (node, instance_params) = tree.attach(segments, skip, &path_params, fallback);
                if let Some(class_name) = class_name(item) {
                    tree.nodes[node].class_name.get_or_insert(class_name);
                }
                lowered.node = node;
                lowered.handle_params = tree.nodes[node]
                    .params
                    .iter()
                    .map(|param| param.name.clone())
                    .collect();
                lowered.instance_params = instance_params;
                lowered.security = security;
                let base = operations.len();
                let variants = std::mem::take(&mut lowered.variants);
                tree.nodes[node].operations.push(base);
                operations.push(lowered);
                // Each other encoding of the body is an operation of its own, named after
                // the first with the encoding's word (`create_multipart`).
                for body in variants {
                    let suffix = body.suffix.clone().unwrap_or_default();
                    let mut variant = operations[base].clone();
                    variant.builder =
                        builder_names.claim(format!("{}{}", variant.builder, pascal(&suffix)));
                    variant.body = Some(body);
                    variant.variant_of = Some((base, suffix));
                    tree.nodes[node].operations.push(operations.len());
                    operations.push(variant);
                }
            }
        }
        // A page model says how to reach the next page, so two lists that share one but
        // reach their next pages differently (a cursor in different parameters) cannot
        // both be paged by it: the first keeps it.
        let mut ways: Vec<(crate::ir::ModelId, NextPage)> = Vec::new();
        for draft in &mut operations {
            let Some(paging) = &draft.paging else {
                continue;
            };
            let Some(page) = paging.page else {
                continue;
            };
            match ways.iter().find(|(other, _)| *other == page) {
                Some((_, next)) if *next != paging.next => draft.paging = None,
                Some(_) => {}
                None => ways.push((page, paging.next.clone())),
            }
        }
        // Builder members are named once every model is lowered, because whether a body
        // field gets a `clear_` method depends on every operation that uses its model.
        self.mark_clearable_fields(&operations);
        let ids: Vec<&str> = operations.iter().map(|draft| draft.id.as_str()).collect();
        let variants: Vec<Option<(usize, &str)>> = operations
            .iter()
            .map(|draft| {
                draft
                    .variant_of
                    .as_ref()
                    .map(|(base, suffix)| (*base, suffix.as_str()))
            })
            .collect();
        let (resources, method_names) = tree.finish(&ids, &variants, &mut builder_names);
        let operations = operations
            .into_iter()
            .zip(method_names)
            .map(|(draft, method_name)| self.name(draft, method_name))
            .collect();
        (resources, operations)
    }

    /// With [`Options::skip_invalid`](super::Options), turns the errors recorded since
    /// `mark` into one warning at `pointer` that `what` (an operation, a path) is left out
    /// and why, and returns whether there were any.
    fn skipped(&mut self, mark: usize, pointer: &Pointer, what: impl FnOnce() -> String) -> bool {
        let Some(why) = self.take_skipped(mark) else {
            return false;
        };
        self.errors
            .warn(pointer, format!("{} skipped: {why}", what()));
        true
    }

    /// The reason [`Lowerer::skipped`] gives: with [`Options::skip_invalid`](super::Options),
    /// takes back the errors recorded since `mark` and returns the first one and its
    /// location, and how many more there were; without it, or without errors, leaves
    /// everything as it is and returns `None`.
    fn take_skipped(&mut self, mark: usize) -> Option<String> {
        if !self.options.skip_invalid {
            return None;
        }
        let errors = self.errors.take_since(mark);
        let first = errors.first()?;
        let more = match errors.len() {
            1 => String::new(),
            2 => " (and 1 more error)".to_owned(),
            count => format!(" (and {} more errors)", count - 1),
        };
        Some(format!("{} at {}{more}", first.message, first.location))
    }

    /// The parameters of an operation: the path item's, overridden by the operation's
    /// own with the same name and location; references resolved.
    fn parameters(
        &mut self,
        item: &'d PathItem,
        operation: &'d openapiv3::Operation,
        pointer: &Pointer,
    ) -> Vec<(&'d Parameter, Pointer)> {
        let mut resolved: Vec<(&'d Parameter, Pointer)> = Vec::new();
        let secured = operation
            .security
            .as_ref()
            .or(self.doc.security.as_ref())
            .is_some_and(|requirements| {
                requirements
                    .iter()
                    .any(|requirement| !requirement.is_empty())
            });
        // The path item's own parameters sit one level up from the operation.
        let item_pointer = Pointer::from_ref(
            pointer
                .to_string()
                .rsplit_once('/')
                .map_or("#", |(head, _)| head),
        );
        for (list, base) in [
            (&item.parameters, item_pointer),
            (&operation.parameters, pointer.clone()),
        ] {
            for (index, parameter) in list.iter().enumerate() {
                let at = base.join("parameters").join(index);
                let Some(parameter) = self.resolve_parameter(parameter, &at) else {
                    continue;
                };
                let data = parameter.parameter_data_ref();
                // OpenAPI says a header parameter named `Accept`, `Content-Type` or
                // `Authorization` "SHALL be ignored": the client sets those itself, and a
                // setter for them would override the credentials or the body's type. An
                // `Authorization` parameter of an operation without security requirements
                // is kept: it is then the document's only way to authenticate (progenitor's
                // keeper requires it).
                let name = data.name.to_ascii_lowercase();
                let ignored = match name.as_str() {
                    "accept" | "content-type" => true,
                    "authorization" => secured,
                    _ => false,
                };
                if matches!(parameter, Parameter::Header { .. }) && ignored {
                    self.errors.warn(
                        &at,
                        format!(
                            "the header parameter `{}` is ignored, as OpenAPI says: the client \
                             sets it itself (credentials, the body's media type, the answer's)",
                            data.name
                        ),
                    );
                    continue;
                }
                resolved.retain(|(other, _)| {
                    other.parameter_data_ref().name != data.name
                        || std::mem::discriminant(*other) != std::mem::discriminant(parameter)
                });
                resolved.push((parameter, at));
            }
        }
        resolved
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'d ReferenceOr<Parameter>,
        at: &Pointer,
    ) -> Option<&'d Parameter> {
        self.resolve(parameter, at)
    }

    /// The declared path parameters in template order; checks that the template and the
    /// declarations agree.
    fn path_params(
        &mut self,
        segments: &[Segment],
        parameters: &[(&'d Parameter, Pointer)],
        pointer: &Pointer,
    ) -> Vec<PathParam> {
        let declared: Vec<(&ParameterDataRef, &Pointer)> = parameters
            .iter()
            .filter(|(parameter, _)| matches!(parameter, Parameter::Path { .. }))
            .map(|(parameter, at)| (parameter.parameter_data_ref(), at))
            .collect();
        let in_template: Vec<&str> = segments
            .iter()
            .flat_map(|segment| match segment {
                Segment::Params { names, .. } => names.as_slice(),
                Segment::Literal(_) => &[],
            })
            .map(String::as_str)
            .collect();
        for (data, at) in &declared {
            if !in_template.contains(&data.name.as_str()) {
                self.errors.at(
                    at,
                    format!(
                        "path parameter `{}` is declared but does not appear in the path template",
                        data.name
                    ),
                );
            }
        }
        in_template
            .iter()
            .map(|name| match declared.iter().find(|(data, _)| data.name == *name) {
                Some((data, at)) => PathParam {
                    name: snake(name),
                    wire_name: (*name).to_owned(),
                    ty: {
                        self.refuse_object(data, at, "simple");
                        self.parameter_type(data, at, name)
                    },
                    docs: docs_of(None, data.description.as_deref()),
                    source: at.to_string(),
                    declared_required: data.required,
                },
                None => {
                    self.errors.at(pointer, format!("path parameter `{{{name}}}` appears in the path template but is not declared"));
                    PathParam {
                        name: snake(name),
                        wire_name: (*name).to_owned(),
                        ty: Type::String,
                        docs: None,
                        source: pointer.to_string(),
                        declared_required: true,
                    }
                }
            })
            .collect()
    }

    /// Where a query, header or cookie parameter goes and in which style; `None` for a
    /// path parameter (lowered with the path). A cookie that is an object or an exploded
    /// array has no agreed form (`a=1; a=2` is two cookies of one name), and is refused.
    fn param_style(
        &mut self,
        parameter: &'d Parameter,
        at: &Pointer,
    ) -> Option<(ParamLocation, ParamStyle)> {
        use openapiv3::QueryStyle;
        let data = parameter.parameter_data_ref();
        Some(match parameter {
            Parameter::Query { style, .. } => {
                let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                let style = match style {
                    QueryStyle::Form if explode => ParamStyle::Form,
                    QueryStyle::Form => ParamStyle::FormJoined,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                (ParamLocation::Query, style)
            }
            Parameter::Header { .. } if data.explode.unwrap_or(false) => {
                (ParamLocation::Header, ParamStyle::SimpleExploded)
            }
            Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
            Parameter::Cookie { .. } => {
                let exploded_array = data.explode.unwrap_or(true) && self.is_array_param(data);
                self.refuse_object(data, at, "form");
                if exploded_array {
                    self.errors.at(
                        at,
                        format!(
                            "cookie parameter `{}` is an exploded array, which has no agreed form \
                             (`a=1; a=2` is two cookies of one name); say `explode: false`",
                            data.name
                        ),
                    );
                }
                (ParamLocation::Cookie, ParamStyle::FormJoined)
            }
            Parameter::Path { style, .. } => {
                if !matches!(style, openapiv3::PathStyle::Simple) {
                    let name = match style {
                        openapiv3::PathStyle::Label => "label",
                        _ => "matrix",
                    };
                    self.errors.at(
                        at,
                        format!(
                            "path parameter `{}` has style `{name}`, which is not supported (only `simple`)",
                            data.name
                        ),
                    );
                }
                return None;
            }
        })
    }

    /// Whether a parameter's schema is an array (after `$ref`s).
    fn is_array_param(&self, data: &'d ParameterDataRef) -> bool {
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return false;
        };
        crate::resolve::resolve(self.doc, schema).is_ok_and(|resolved| {
            matches!(
                resolved.item.schema_kind,
                openapiv3::SchemaKind::Type(openapiv3::Type::Array(_))
            )
        })
    }

    /// Reports a parameter whose schema is an object (or an array of objects) where no
    /// style writes one: in a path (whose `simple` style would put commas and `=` in a
    /// segment) and in a cookie.
    fn refuse_object(&mut self, data: &'d ParameterDataRef, at: &Pointer, style: &str) {
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return;
        };
        if is_object_schema(self.doc, schema, &mut BTreeSet::new(), 0) {
            self.errors.at(
                at,
                format!(
                    "`{}` is an object parameter, which the `{style}` style of its location cannot write",
                    data.name
                ),
            );
        }
    }

    fn parameter_type(&mut self, data: &'d ParameterDataRef, at: &Pointer, hint: &str) -> Type {
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema_type(schema, &at.join("schema"), hint)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.errors.at(
                    &at.join("content"),
                    "parameters described by `content` are not supported; use `schema`",
                );
                Type::String
            }
        }
    }

    fn operation(&mut self, input: OperationInput<'_, 'd>) -> Draft {
        let OperationInput {
            id,
            builder,
            http_method,
            path,
            operation,
            servers,
            pointer,
            is_instance,
            parameters,
        } = input;
        let mut params = Vec::new();
        for (parameter, at) in parameters {
            let data = parameter.parameter_data_ref();
            let Some((location, style)) = self.param_style(parameter, at) else {
                continue;
            };
            params.push(Param {
                name: snake(&data.name),
                wire_name: data.name.clone(),
                ty: self.parameter_type(data, at, &format!("{builder}{}", pascal(&data.name))),
                required: data.required,
                location,
                style,
                range: integer_range(data),
                docs: docs_of(None, data.description.as_deref()),
            });
        }
        let mut bodies = match &operation.request_body {
            Some(body) => self.bodies(body, &pointer.join("requestBody"), &builder),
            None => Vec::new(),
        };
        let variants = bodies.split_off(bodies.len().min(1));
        let body = bodies.pop();
        let (success, errors) = self.responses(operation, pointer, &id);
        let paging = match operation.extensions.get("x-paging") {
            Some(declared) => success
                .ty
                .as_ref()
                .and_then(|ty| self.declared_paging(ty, declared, &pointer.join("x-paging"))),
            None => success
                .ty
                .as_ref()
                .and_then(|ty| self.paging(ty, &params, success_link_header(operation))),
        };
        let kind = match http_method {
            HttpMethod::Get
                if !is_instance
                    && (paging.is_some() || matches!(success.ty, Some(Type::Array(_)))) =>
            {
                OperationKind::List
            }
            HttpMethod::Get => OperationKind::Fetch,
            HttpMethod::Post if !is_instance => OperationKind::Create,
            HttpMethod::Post if body.is_some() => OperationKind::Update,
            HttpMethod::Put | HttpMethod::Patch => OperationKind::Update,
            HttpMethod::Delete => OperationKind::Delete,
            _ => OperationKind::Action,
        };
        let server = servers
            .first()
            .map(|server| super::server_url(&server.url))
            .filter(|server| Some(server) != self.base_url.as_ref());
        Draft {
            id,
            builder,
            source: pointer.to_string(),
            kind,
            http_method,
            path: path.to_owned(),
            server,
            // Set when the operation is hung on the tree, once it is known to be valid.
            node: 0,
            handle_params: Vec::new(),
            instance_params: Vec::new(),
            params,
            body,
            variants,
            variant_of: None,
            // Set with the operation's place in the tree.
            security: None,
            success,
            errors,
            paging: paging.filter(|_| kind == OperationKind::List),
            summary: docs_of(None, operation.summary.as_deref()),
            description: docs_of(None, operation.description.as_deref()),
            deprecated: operation.deprecated,
        }
    }

    /// The operation `draft` with its names: the method `method_name` on its resource, and
    /// the builder's arguments and methods in one namespace, so that a query parameter and
    /// a body field with the same name cannot clash.
    fn name(&self, draft: Draft, method_name: String) -> Operation {
        // The methods only some builders have are taken on those: OpenAI's `stream` body
        // field keeps its name on a builder without paging.
        let mut names = Namer::with_reserved(EVERY_BUILDER);
        let paged = draft.paging.is_some();
        let own = [
            (paged, PAGED_BUILDER),
            (
                matches!(
                    draft.success.media,
                    ResponseMedia::Text | ResponseMedia::Binary
                ),
                &["download"][..],
            ),
            (draft.success.also_events, &["events"][..]),
        ];
        for (_, reserved) in own.iter().filter(|(has, _)| *has) {
            reserved
                .iter()
                .for_each(|name| drop(names.claim((*name).to_owned())));
        }
        for name in &draft.handle_params {
            names.claim(name.clone());
        }
        let instance_params = draft
            .instance_params
            .into_iter()
            .map(|param| PathParam {
                name: names.claim(param.name.clone()),
                ..param
            })
            .collect();
        let params = draft
            .params
            .into_iter()
            .map(|param| Param {
                name: names.claim(param.name.clone()),
                ..param
            })
            .collect();
        // The parts of a multipart body are fields of the builder, named while its private
        // fields' names are taken.
        let part_names: Vec<String> = draft
            .body
            .iter()
            .flat_map(|body| &body.parts)
            .map(|part| names.claim(snake(&part.wire_name)))
            .collect();
        // Body setters are methods and arguments, never fields of the builder, so the
        // names of its private fields are free for them (`body` is a common field name).
        names.release("body");
        names.release("client");
        names.release("options");
        let body = draft.body.map(|body| {
            let fields = self
                .struct_of(&body.ty)
                .map_or(&[][..], |(_, fields)| fields);
            // Every setter is named before any `clear_` method, so that a field's own name
            // wins over a clearer that would take it.
            let setter_names: Vec<String> = fields
                .iter()
                .map(|field| names.claim(field.name.clone()))
                .collect();
            let setters = fields
                .iter()
                .zip(setter_names)
                .enumerate()
                .map(|(index, (field, name))| BodySetter {
                    field: index,
                    name,
                    clearer: field
                        .clearable
                        .then(|| names.claim(format!("clear_{}", crate::ident::bare(&field.name)))),
                })
                .collect();
            let parts = body
                .parts
                .into_iter()
                .zip(part_names)
                .map(|(part, name)| Part {
                    name,
                    wire_name: part.wire_name,
                    kind: part.kind,
                    required: part.required,
                    content_type: part.content_type,
                    docs: part.docs,
                })
                .collect();
            Body {
                content_type: body.content_type,
                encoding: body.encoding,
                ty: body.ty,
                required: body.required,
                setters,
                parts,
                form_styles: body.form_styles,
                docs: body.docs,
            }
        });
        Operation {
            id: draft.id,
            builder: draft.builder,
            method_name,
            source: draft.source,
            kind: draft.kind,
            http_method: draft.http_method,
            path: draft.path,
            server: draft.server,
            resource: ResourceId(draft.node),
            variant_of: draft.variant_of.map(|(base, _)| OperationId(base)),
            instance_params,
            params,
            body,
            success: draft.success,
            errors: draft.errors,
            security: draft.security,
            paging: draft.paging,
            summary: draft.summary,
            description: draft.description,
            deprecated: draft.deprecated,
        }
    }

    /// The request bodies of an operation, one per encoding its `content` offers, the
    /// preferred first: JSON, then a form (Twilio's older APIs), multipart, text, bytes.
    /// The first media type of each encoding is taken (`application/json` before
    /// `application/scim+json`: the server reads either).
    fn bodies(
        &mut self,
        body: &'d ReferenceOr<openapiv3::RequestBody>,
        pointer: &Pointer,
        builder: &str,
    ) -> Vec<BodyDraft> {
        let Some(body) = self.resolve(body, pointer) else {
            return Vec::new();
        };
        let mut chosen: Vec<(BodyEncoding, &'d str, &'d MediaType)> = Vec::new();
        for (name, media) in &body.content {
            let encoding = body_encoding(name);
            if !chosen.iter().any(|(taken, ..)| *taken == encoding) {
                chosen.push((encoding, name, media));
            }
        }
        chosen.sort_by_key(|(encoding, ..)| *encoding as u8);
        let several = chosen.len() > 1;
        chosen
            .into_iter()
            .enumerate()
            .map(|(index, (encoding, content_type, media))| {
                let at = pointer.join("content").join(content_type);
                // A variant's types are named after it, so that the inline schemas of two
                // encodings do not share a name by chance.
                let hint = match index {
                    0 => format!("{builder}Request"),
                    _ => format!("{builder}{}Request", pascal(encoding_suffix(encoding))),
                };
                let (ty, parts) = match encoding {
                    BodyEncoding::Json | BodyEncoding::Form => {
                        let ty = match &media.schema {
                            Some(schema) => self.schema_type(schema, &at.join("schema"), &hint),
                            None => Type::Json,
                        };
                        (ty, Vec::new())
                    }
                    BodyEncoding::Multipart => (Type::Json, self.parts(media, &at, &hint)),
                    BodyEncoding::Text => (Type::String, Vec::new()),
                    BodyEncoding::Binary => (Type::Json, Vec::new()),
                };
                BodyDraft {
                    content_type: sent_media_type(content_type),
                    encoding,
                    form_styles: match encoding {
                        BodyEncoding::Form => form_styles(media),
                        _ => Vec::new(),
                    },
                    ty,
                    parts,
                    required: body.required,
                    docs: docs_of(None, body.description.as_deref()),
                    suffix: several.then(|| encoding_suffix(encoding).to_owned()),
                }
            })
            .collect()
    }

    /// The parts of a `multipart/form-data` body: one per property of its object schema,
    /// a binary string (or an array of them) as a file, anything else as a value.
    fn parts(&mut self, media: &'d MediaType, at: &Pointer, hint: &str) -> Vec<PartDraft> {
        let schema_at = at.join("schema");
        let object = media
            .schema
            .as_ref()
            .and_then(|schema| self.resolve(schema, &schema_at))
            .and_then(|schema| match &schema.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                    Some((&object.properties, &object.required))
                }
                openapiv3::SchemaKind::Any(any) if !any.properties.is_empty() => {
                    Some((&any.properties, &any.required))
                }
                _ => None,
            });
        let Some((properties, required)) = object else {
            self.errors.at(
                &schema_at,
                "a `multipart/form-data` body needs an object schema with `properties` (one part each)",
            );
            return Vec::new();
        };
        let mut parts = Vec::new();
        for (name, property) in properties {
            let property_at = schema_at.join("properties").join(name);
            let resolved = self.property_schema(property);
            let either = resolved.and_then(file_or);
            let kind = match (resolved.map(binary_kind), either) {
                (Some(Some(kind)), _) => kind,
                (_, Some((index, keyword, other))) => PartKind::FileOr(self.schema_type(
                    other,
                    &property_at.join(keyword).join(index),
                    &format!("{hint}{}", pascal(name)),
                )),
                // A file inside a value (a union of a file and text, an object holding
                // one) has no one way onto the wire.
                _ if resolved.is_some_and(|schema| holds_binary(schema, 0)) => {
                    self.errors.at(
                        &property_at,
                        format!(
                            "the multipart part `{name}` mixes files with other values, which cannot be sent as parts"
                        ),
                    );
                    continue;
                }
                _ => PartKind::Value(self.schema_type(
                    property,
                    &property_at,
                    &format!("{hint}{}", pascal(name)),
                )),
            };
            parts.push(PartDraft {
                wire_name: name.clone(),
                kind,
                required: required.contains(name),
                content_type: media
                    .encoding
                    .get(name)
                    .and_then(|encoding| encoding.content_type.clone()),
                docs: docs_of(
                    None,
                    resolved.and_then(|schema| schema.schema_data.description.as_deref()),
                ),
            });
        }
        // Required parts are the method's arguments in the order of `required`.
        parts.sort_by_key(|part| {
            required
                .iter()
                .position(|name| *name == part.wire_name)
                .unwrap_or(usize::MAX)
        });
        parts
    }

    /// A property's schema, through a `$ref` to a component.
    fn property_schema(
        &self,
        property: &'d ReferenceOr<Box<openapiv3::Schema>>,
    ) -> Option<&'d openapiv3::Schema> {
        match property {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                let name = crate::resolve::component_name(reference, "schemas")?;
                let item = self.doc.components.as_ref()?.schemas.get(name.as_ref())?;
                crate::resolve::resolve(self.doc, item)
                    .ok()
                    .map(|resolved| resolved.item)
            }
        }
    }

    fn responses(
        &mut self,
        operation: &'d openapiv3::Operation,
        pointer: &Pointer,
        id: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let responses_pointer = pointer.join("responses");
        let mut statuses = Vec::new();
        let mut types: Vec<Type> = Vec::new();
        let mut errors = Vec::new();
        let mut has_bodyless_success = false;
        let mut media: Vec<ResponseMedia> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        let mut also_events = false;
        // JSON media types other than `application/json` (`application/scim+json`), which
        // a server may insist on in `Accept`.
        let mut json_accept: Vec<String> = Vec::new();
        let entries = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| (Some(status), response))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| (None, response)),
            );
        let has_2xx = operation
            .responses
            .responses
            .keys()
            .any(|status| matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2)));
        let has_redirect_answer = !has_2xx
            && operation
                .responses
                .responses
                .iter()
                .any(|(status, response)| {
                    matches!(status, StatusCode::Code(300..=303 | 305..=399))
                        && matches!(response, ReferenceOr::Item(item) if !item.content.is_empty())
                });
        for (status, response) in entries {
            let at = responses_pointer
                .join(status.map_or_else(|| "default".to_owned(), ToString::to_string));
            let Some(response) = self.resolve(response, &at) else {
                continue;
            };
            // A redirect with a body is the answer of an operation that documents no 2xx
            // (Twilio's 307 with `redirect_to`): no `Location` is followed, the body is read.
            let redirect = matches!(status, Some(StatusCode::Code(300..=399)))
                && status != Some(&StatusCode::Code(304))
                && !has_2xx
                && !response.content.is_empty();
            // An operation that documents only `default` (or only errors and `default`)
            // says nothing else about its success, so `default` describes it too.
            let default_answer = status.is_none() && !has_2xx && !has_redirect_answer;
            let success = redirect
                || default_answer
                || matches!(
                    status,
                    Some(StatusCode::Code(200..=299)) | Some(StatusCode::Range(2))
                );
            let hint = if success {
                format!("{}Response", pascal(id))
            } else {
                format!("{}Error", pascal(id))
            };
            let json = response.content.iter().find(|(name, _)| is_json(name));
            if success {
                for name in response.content.keys() {
                    let kind = response_media(name);
                    if kind != ResponseMedia::Json && !accept.contains(name) {
                        accept.push(name.clone());
                    }
                    if kind == ResponseMedia::Json
                        && media_essence(name) != "application/json"
                        && !json_accept.contains(name)
                    {
                        json_accept.push(name.clone());
                    }
                    media.push(kind);
                }
                also_events |= json.is_some()
                    && response
                        .content
                        .keys()
                        .any(|name| response_media(name) == ResponseMedia::Events);
            }
            let ty = json.map(|(content_type, media)| match &media.schema {
                Some(schema) => {
                    let hint = match schema {
                        ReferenceOr::Item(schema) => {
                            schema.schema_data.title.clone().unwrap_or(hint)
                        }
                        ReferenceOr::Reference { .. } => hint,
                    };
                    self.schema_type(
                        schema,
                        &at.join("content").join(content_type).join("schema"),
                        &hint,
                    )
                }
                None => Type::Json,
            });
            if success {
                if let Some(StatusCode::Code(code)) = status {
                    statuses.push(*code);
                }
                match ty {
                    Some(ty) if !types.contains(&ty) => types.push(ty),
                    Some(_) => {}
                    None => has_bodyless_success = true,
                }
            } else {
                errors.push(ErrorResponse {
                    status: match status {
                        Some(StatusCode::Code(code)) => Some(*code),
                        Some(StatusCode::Range(range)) => Some(range * 100),
                        None => None,
                    },
                    description: response.description.trim().to_owned(),
                    ty,
                });
            }
        }
        // One body type is decoded as that type. Several different ones (or a body on one
        // status and none on another) can only be decoded as JSON, so no shape is lost.
        let ty = match (types.len(), has_bodyless_success) {
            (0, _) => None,
            (1, false) => types.pop(),
            _ => Some(Type::Json),
        };
        // A JSON body is decoded whenever one is documented; otherwise events, text and
        // bytes are read as the documented media types say (bytes when they disagree,
        // which holds any of them).
        let media = if ty.is_some() || media.is_empty() {
            accept = json_accept;
            ResponseMedia::Json
        } else if media.iter().all(|kind| *kind == ResponseMedia::Events) {
            ResponseMedia::Events
        } else if media.iter().all(|kind| *kind == ResponseMedia::Text) {
            ResponseMedia::Text
        } else {
            ResponseMedia::Binary
        };
        let success = Success {
            statuses,
            ty,
            media,
            accept,
            also_events: also_events && media == ResponseMedia::Json,
        };
        (success, errors)
    }

    /// Recognises a paged list from its response type `ty`, its query parameters and
    /// whether its success response declares a `Link` header; `None` unless exactly one
    /// convention fits. A page is an object with one array field (or, with a `Link`
    /// header, a bare array), and the next page is, in this order:
    /// - Twilio's link in the body: `meta.next_page_url` or a top-level `next_page_uri`;
    /// - the `Link` header's `rel="next"` (GitHub);
    /// - a cursor field named after a query parameter: `next_cursor` for `cursor`,
    ///   `next_page_token` or `next_page` for `page_token`, `nextToken` for `nextToken`,
    ///   `last_id` for `after` (OpenAI), stopping when a boolean `has_more` is false;
    /// - the last item's `id` for `starting_after` or `after`, while `has_more` is true
    ///   (Stripe).
    fn paging(&self, ty: &Type, params: &[Param], link_header: bool) -> Option<Paging> {
        if let (Type::Array(item), true) = (ty, link_header) {
            return Some(Paging {
                page: None,
                items_field: String::new(),
                items_optional: false,
                item: (**item).clone(),
                next: NextPage::LinkHeader,
            });
        }
        let (page, fields) = self.struct_of(ty)?;
        let mut arrays = fields
            .iter()
            .filter(|field| matches!(field.ty, Type::Array(_)));
        let items = arrays.next()?;
        if arrays.next().is_some() {
            return None;
        }
        let Type::Array(item) = &items.ty else {
            return None;
        };
        let next = match twilio_link(self, fields) {
            Some(chain) => NextPage::BodyLink(chain),
            None if link_header => NextPage::LinkHeader,
            None => self.cursor(fields, item, params)?,
        };
        Some(Paging {
            page: Some(page),
            items_field: items.name.clone(),
            items_optional: is_optional(items),
            item: (**item).clone(),
            next,
        })
    }

    /// The paging an operation's `x-paging` extension declares, for documents whose
    /// convention is not recognised: `false` for none, or an object naming the `items`
    /// field (by default the page's only array) and one way on: `next-link` (a field path
    /// such as `meta.next`), `link-header: true`, or `parameter` (the query parameter of
    /// the cursor) with `cursor` (a field path) or `last-item-id` (the items' field), and
    /// optionally `has-more` (a boolean field, `false` on the last page). A field it names
    /// that the page does not have is an error.
    fn declared_paging(
        &mut self,
        ty: &Type,
        declared: &serde_json::Value,
        at: &Pointer,
    ) -> Option<Paging> {
        if declared == &serde_json::Value::Bool(false) {
            return None;
        }
        self.read_paging(ty, declared)
            .map_err(|problem| self.errors.at(at, format!("`x-paging`: {problem}")))
            .ok()
    }

    /// [`Lowerer::declared_paging`] of an object.
    fn read_paging(&self, ty: &Type, declared: &serde_json::Value) -> Result<Paging, String> {
        let text = |key: &str| declared.get(key).and_then(serde_json::Value::as_str);
        let fields: Vec<Field> = self
            .struct_of(ty)
            .map(|(_, fields)| fields.to_vec())
            .unwrap_or_default();
        let (page, items, item) = match (self.struct_of(ty), ty) {
            (None, Type::Array(item)) => (None, None, (**item).clone()),
            (Some((page, _)), _) => {
                let items = match text("items") {
                    Some(name) => fields.iter().find(|field| field.wire_name == name),
                    None => {
                        let mut arrays = fields
                            .iter()
                            .filter(|field| matches!(field.ty, Type::Array(_)));
                        arrays.next().filter(|_| arrays.next().is_none())
                    }
                };
                let items = items.ok_or("`items` names no array field of the page")?;
                let Type::Array(item) = &items.ty else {
                    return Err(format!("`items: {}` is not an array", items.wire_name));
                };
                (Some(page), Some(items), (**item).clone())
            }
            (None, _) => return Err("the response is neither an object nor an array".to_owned()),
        };
        let next = if let Some(path) = text("next-link") {
            NextPage::BodyLink(self.field_chain(&fields, path, "next-link", &Type::String)?)
        } else if declared.get("link-header") == Some(&serde_json::Value::Bool(true)) {
            NextPage::LinkHeader
        } else if let Some(parameter) = text("parameter") {
            let cursor = match (text("cursor"), text("last-item-id")) {
                (Some(path), None) => {
                    Cursor::Field(self.field_chain(&fields, path, "cursor", &Type::String)?)
                }
                (None, Some(id)) => {
                    let item_fields = self
                        .struct_of(&item)
                        .map(|(_, fields)| fields.to_vec())
                        .unwrap_or_default();
                    let mut chain =
                        self.field_chain(&item_fields, id, "last-item-id", &Type::String)?;
                    match (chain.pop(), chain.is_empty()) {
                        (Some(step), true) => Cursor::LastItem(step),
                        _ => return Err("`last-item-id` names one field of the items".to_owned()),
                    }
                }
                _ => {
                    return Err(
                        "`parameter` needs exactly one of `cursor` and `last-item-id`".to_owned(),
                    )
                }
            };
            let has_more = match text("has-more") {
                Some(path) => Some(self.field_chain(&fields, path, "has-more", &Type::Bool)?),
                None => None,
            };
            NextPage::Cursor {
                parameter: parameter.to_owned(),
                cursor,
                has_more,
            }
        } else {
            return Err(
                "say how to reach the next page: `next-link`, `link-header: true`, or \
                        `parameter` with `cursor` or `last-item-id`"
                    .to_owned(),
            );
        };
        Ok(Paging {
            page,
            items_field: items.map_or_else(String::new, |items| items.name.clone()),
            items_optional: items.is_some_and(is_optional),
            item,
            next,
        })
    }

    /// The steps to the field at `path` (`meta.next`) from a page's `fields`, which must be
    /// of type `ty`.
    fn field_chain(
        &self,
        fields: &[Field],
        path: &str,
        key: &str,
        ty: &Type,
    ) -> Result<Vec<LinkStep>, String> {
        let mut steps = Vec::new();
        let mut current = fields.to_vec();
        let mut last = None;
        for part in path.split('.') {
            let field = current
                .iter()
                .find(|field| field.wire_name == part)
                .ok_or_else(|| format!("`{key}: {path}` names no field `{part}` of the page"))?;
            steps.push(step(field));
            last = Some(field.ty.clone());
            current = self
                .struct_of(&field.ty)
                .map(|(_, fields)| fields.to_vec())
                .unwrap_or_default();
        }
        match last {
            Some(last) if last == *ty => Ok(steps),
            _ => Err(format!(
                "`{key}: {path}` is not a {}",
                if *ty == Type::Bool {
                    "boolean"
                } else {
                    "string"
                }
            )),
        }
    }

    /// A cursor convention of a page's `fields` and the list's query `params`, when
    /// exactly one fits.
    fn cursor(&self, fields: &[Field], item: &Type, params: &[Param]) -> Option<NextPage> {
        let query: Vec<&str> = params
            .iter()
            .filter(|param| param.location == ParamLocation::Query)
            .map(|param| param.wire_name.as_str())
            .collect();
        let has_more = fields
            .iter()
            .find(|field| normal(&field.wire_name) == "hasmore" && field.ty == Type::Bool)
            .map(|field| vec![step(field)]);
        let mut found: Vec<NextPage> = Vec::new();
        for field in fields.iter().filter(|field| field.ty == Type::String) {
            let name = normal(&field.wire_name);
            for parameter in &query {
                let wanted = normal(parameter);
                let pairs = name == format!("next{wanted}")
                    || (name == wanted && name.starts_with("next"))
                    || wanted
                        .strip_suffix("token")
                        .is_some_and(|stem| name == format!("next{stem}"))
                    || (name == "lastid" && wanted == "after");
                if pairs {
                    found.push(NextPage::Cursor {
                        parameter: (*parameter).to_owned(),
                        cursor: Cursor::Field(vec![step(field)]),
                        has_more: has_more.clone(),
                    });
                }
            }
        }
        if found.is_empty() {
            let id = self.struct_of(item).and_then(|(_, item_fields)| {
                item_fields
                    .iter()
                    .find(|field| field.wire_name == "id" && field.ty == Type::String)
            });
            let parameter = query
                .iter()
                .find(|name| matches!(normal(name).as_str(), "startingafter" | "after"));
            if let (Some(id), Some(parameter), Some(has_more)) = (id, parameter, &has_more) {
                found.push(NextPage::Cursor {
                    parameter: (*parameter).to_owned(),
                    cursor: Cursor::LastItem(step(id)),
                    has_more: Some(has_more.clone()),
                });
            }
        }
        match found.len() {
            1 => found.pop(),
            _ => None,
        }
    }
}

/// Twilio's link to the next page: `meta.next_page_url`, or a top-level `next_page_uri`.
fn twilio_link(lowerer: &Lowerer<'_>, fields: &[Field]) -> Option<Vec<LinkStep>> {
    let link_field = |fields: &[Field], wire: &str| {
        fields
            .iter()
            .find(|field| field.wire_name == wire && field.ty == Type::String)
            .map(step)
    };
    match fields.iter().find(|field| field.wire_name == "meta") {
        Some(meta) => {
            let (_, meta_fields) = lowerer.struct_of(&meta.ty)?;
            Some(vec![step(meta), link_field(meta_fields, "next_page_url")?])
        }
        None => Some(vec![link_field(fields, "next_page_uri")?]),
    }
}

/// Whether a struct field is an `Option`.
fn is_optional(field: &Field) -> bool {
    !field.required || field.nullable
}

/// The step through `field` on the way to a link, cursor or flag.
fn step(field: &Field) -> LinkStep {
    LinkStep {
        field: field.name.clone(),
        optional: is_optional(field),
    }
}

/// A name in lower case without `_` and `-`, so that `next_page_token`, `nextPageToken`
/// and `NextPageToken` compare equal.
fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

type ParameterDataRef = openapiv3::ParameterData;

/// A namer of the ids made for operations without an `operationId`, in which every
/// declared id is already taken, so that a made id never equals one of them.
fn made_id_namer(doc: &openapiv3::OpenAPI) -> Namer {
    let declared: Vec<&str> = doc
        .paths
        .iter()
        .filter_map(|(_, item)| item.as_item())
        .flat_map(|item| item.iter())
        .filter_map(|(_, operation)| operation.operation_id.as_deref())
        .collect();
    Namer::with_reserved(&declared)
}

/// The properties of a form body that its encoding object gives a style, in the
/// encoding object's order. `form` without `explode` is OpenAPI's default (exploded), which
/// is how the form writes every property anyway, so only the other styles are kept.
/// (`openapiv3` reads an absent `explode` as `false`, so `style: form` counts as exploded
/// either way.)
fn form_styles(media: &MediaType) -> Vec<(String, ParamStyle)> {
    use openapiv3::QueryStyle;
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let style = match encoding.style.as_ref()? {
                QueryStyle::Form => return None,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            Some((name.clone(), style))
        })
        .collect()
}

/// Whether a parameter schema is an object: `type: object`, properties or
/// `additionalProperties` without a type, an `allOf`, `oneOf` or `anyOf` with an object
/// part, or an array of those. `$ref`s are followed; one that does not resolve is
/// reported where the type is lowered.
fn is_object_schema<'d>(
    doc: &'d openapiv3::OpenAPI,
    schema: &'d ReferenceOr<openapiv3::Schema>,
    seen: &mut BTreeSet<&'d str>,
    depth: usize,
) -> bool {
    // A component looked at once need not be looked at again: a `$ref` cycle or a schema
    // referenced many times costs one visit.
    if let ReferenceOr::Reference { reference } = schema {
        if !seen.insert(reference) {
            return false;
        }
    }
    crate::resolve::resolve(doc, schema)
        .is_ok_and(|resolved| is_object(doc, resolved.item, seen, depth))
}

/// [`is_object_schema`] of a schema written in place.
fn is_object<'d>(
    doc: &'d openapiv3::OpenAPI,
    schema: &'d openapiv3::Schema,
    seen: &mut BTreeSet<&'d str>,
    depth: usize,
) -> bool {
    use openapiv3::{SchemaKind, Type as Kind};
    match &schema.schema_kind {
        SchemaKind::Type(Kind::Object(_)) => true,
        // A union with an object alternative (Stripe's `created`: an integer, or an object
        // of bounds sent as `created[gt]=...`) is as unsendable when it holds the object.
        SchemaKind::OneOf { one_of: parts }
        | SchemaKind::AnyOf { any_of: parts }
        | SchemaKind::AllOf { all_of: parts }
            if depth < 8 =>
        {
            parts
                .iter()
                .any(|part| is_object_schema(doc, part, seen, depth + 1))
        }
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || any.additional_properties.is_some()
                || any.typ.as_deref() == Some("object")
                || (depth < 8
                    && [&any.one_of, &any.any_of, &any.all_of]
                        .into_iter()
                        .flatten()
                        .any(|part| is_object_schema(doc, part, seen, depth + 1)))
        }
        // An array of objects is as unsendable; the depth bounds inline nesting.
        SchemaKind::Type(Kind::Array(array)) if depth < 8 => match &array.items {
            Some(ReferenceOr::Item(items)) => is_object(doc, items, seen, depth + 1),
            Some(ReferenceOr::Reference { reference }) => {
                if !seen.insert(reference) {
                    return false;
                }
                crate::resolve::component_name(reference, "schemas")
                    .and_then(|name| doc.components.as_ref()?.schemas.get(name.as_ref()))
                    .is_some_and(|item| {
                        crate::resolve::resolve(doc, item)
                            .is_ok_and(|resolved| is_object(doc, resolved.item, seen, depth + 1))
                    })
            }
            None => false,
        },
        _ => false,
    }
}

/// The inclusive bounds an integer parameter's schema gives, if any.
fn integer_range(data: &ParameterDataRef) -> Option<Range> {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format else {
        return None;
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) = &schema.schema_kind else {
        return None;
    };
    let minimum = integer
        .minimum
        .map(|value| value.saturating_add(i64::from(integer.exclusive_minimum)));
    let maximum = integer
        .maximum
        .map(|value| value.saturating_sub(i64::from(integer.exclusive_maximum)));
    (minimum.is_some() || maximum.is_some()).then_some(Range { minimum, maximum })
}

/// Whether a success response of `operation` declares a `Link` header (GitHub's paging).
fn success_link_header(operation: &openapiv3::Operation) -> bool {
    operation
        .responses
        .responses
        .iter()
        .any(|(status, response)| {
            matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
                && response.as_item().is_some_and(|response| {
                    response
                        .headers
                        .keys()
                        .any(|name| name.eq_ignore_ascii_case("link"))
                })
        })
}

/// Whether a media type (its lower-case essence) is text the caller reads or writes as a
/// `String`: `text/*` and XML.
fn is_text_media(essence: &str) -> bool {
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

/// How a response body of `media_type` is read.
fn response_media(media_type: &str) -> ResponseMedia {
    let essence = media_essence(media_type).to_ascii_lowercase();
    if is_json(&essence) {
        ResponseMedia::Json
    } else if essence == "text/event-stream" {
        ResponseMedia::Events
    } else if is_text_media(&essence) {
        ResponseMedia::Text
    } else {
        ResponseMedia::Binary
    }
}

/// How a request body of `media_type` is written.
fn body_encoding(media_type: &str) -> BodyEncoding {
    let essence = media_essence(media_type).to_ascii_lowercase();
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == FORM {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else if is_text_media(&essence) {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// The word that names the variant of an operation sending a body of this encoding.
fn encoding_suffix(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::Json => "json",
        BodyEncoding::Form => "form",
        BodyEncoding::Multipart => "multipart",
        BodyEncoding::Text => "text",
        BodyEncoding::Binary => "bytes",
    }
}

/// The `Content-Type` a body of the documented `media_type` is sent with: the media type
/// itself, but a range (`*/*`, `image/*`) says nothing to send, so bytes go as
/// `application/octet-stream` (a file's own media type takes precedence at run time).
fn sent_media_type(media_type: &str) -> String {
    if media_essence(media_type).ends_with("/*") {
        "application/octet-stream".to_owned()
    } else {
        media_type.to_owned()
    }
}

/// For a union of binary strings and exactly one other alternative (OpenAI's video edits:
/// an uploaded video or a reference to one), that alternative, its index and the keyword
/// it sits under.
fn file_or(
    schema: &openapiv3::Schema,
) -> Option<(usize, &'static str, &ReferenceOr<openapiv3::Schema>)> {
    use openapiv3::SchemaKind;
    let (keyword, parts) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        SchemaKind::Any(any) if !any.one_of.is_empty() => ("oneOf", &any.one_of),
        SchemaKind::Any(any) if !any.any_of.is_empty() => ("anyOf", &any.any_of),
        _ => return None,
    };
    let is_file = |part: &ReferenceOr<openapiv3::Schema>| {
        part.as_item()
            .is_some_and(|part| binary_kind(part) == Some(PartKind::File))
    };
    let mut others = parts.iter().enumerate().filter(|(_, part)| !is_file(part));
    let (index, other) = others.next()?;
    let clean = others.next().is_none()
        && other.as_item().is_none_or(|other| !holds_binary(other, 0))
        && parts.iter().any(is_file);
    clean.then_some((index, keyword, other))
}

/// Whether a schema written in place holds a binary string anywhere: in an alternative,
/// an array's items or a property (`$ref`s are not followed; bounded in depth).
fn holds_binary(schema: &openapiv3::Schema, depth: usize) -> bool {
    use openapiv3::{SchemaKind, Type as Kind};
    if binary_kind(schema).is_some() {
        return true;
    }
    if depth > 8 {
        return false;
    }
    let inline = |part: &ReferenceOr<openapiv3::Schema>| {
        part.as_item()
            .is_some_and(|part| holds_binary(part, depth + 1))
    };
    let boxed = |part: &ReferenceOr<Box<openapiv3::Schema>>| {
        part.as_item()
            .is_some_and(|part| holds_binary(part, depth + 1))
    };
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: parts }
        | SchemaKind::AnyOf { any_of: parts }
        | SchemaKind::AllOf { all_of: parts } => parts.iter().any(inline),
        SchemaKind::Any(any) => {
            [&any.one_of, &any.any_of, &any.all_of]
                .into_iter()
                .flatten()
                .any(inline)
                || any.properties.values().any(boxed)
        }
        SchemaKind::Type(Kind::Array(array)) => array.items.as_ref().is_some_and(boxed),
        SchemaKind::Type(Kind::Object(object)) => object.properties.values().any(boxed),
        _ => false,
    }
}

/// [`PartKind::File`] for a binary string, [`PartKind::Files`] for an array of them or for
/// a union whose alternatives are all files or arrays of files (OpenAI's image edits take
/// one image or several under one name).
fn binary_kind(schema: &openapiv3::Schema) -> Option<PartKind> {
    use openapiv3::{SchemaKind, StringFormat, Type as Kind, VariantOrUnknownOrEmpty};
    let is_binary = |schema: &openapiv3::Schema| {
        matches!(
            &schema.schema_kind,
            SchemaKind::Type(Kind::String(string))
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
        )
    };
    if is_binary(schema) {
        return Some(PartKind::File);
    }
    let alternatives = match &schema.schema_kind {
        SchemaKind::Type(Kind::Array(array)) => {
            return match &array.items {
                Some(ReferenceOr::Item(items)) if is_binary(items) => Some(PartKind::Files),
                _ => None,
            }
        }
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => parts,
        SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) if !any.any_of.is_empty() => &any.any_of,
        _ => return None,
    };
    alternatives
        .iter()
        .all(|part| {
            part.as_item()
                .is_some_and(|part| binary_kind(part).is_some())
        })
        .then_some(PartKind::Files)
}

/// The media type of form request bodies.
const FORM: &str = "application/x-www-form-urlencoded";

/// A media type without its parameters (`; charset=utf-8`).
fn media_essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}

fn is_json(media_type: &str) -> bool {
    let essence = media_essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::super::{lower_here, lower_here_with, Options};

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: Skips, version: '1'}
paths:
  /good:
    get:
      operationId: GetGood
      responses: {'204': {description: OK}}
  /bad:
    get:
      operationId: GetBad
      parameters:
        - {name: filter, in: cookie, schema: {type: object}}
        - {name: other, in: cookie, schema: {type: array, items: {type: string}}}
      responses: {'204': {description: OK}}
    post:
      operationId: PostBad
      requestBody: {content: {multipart/form-data: {schema: {type: string}}}}
      responses: {'204': {description: OK}}
  /odd/{a:
    get:
      responses: {'204': {description: OK}}
"#;

    #[test]
    fn invalid_operations_are_skipped_with_a_warning_each() {
        let document = crate::parse::parse(DOCUMENT, "skips.yaml").unwrap();
        assert!(lower_here(&document, "skips.yaml").is_err());
        let api = lower_here_with(
            &document,
            "skips.yaml",
            Options {
                skip_invalid: true,
                ..Options::default()
            },
        )
        .unwrap_or_else(|errors| panic!("{errors}"));
        let ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
        assert_eq!(ids, ["GetGood"]);
        // No handle is left without its operations.
        assert_eq!(api.resources.len(), 1);
        let notes: Vec<String> = api.notes.iter().map(|note| note.message.clone()).collect();
        assert_eq!(
            notes,
            [
                "operation GET /odd/{a skipped: path segment `{a` is not supported (each \
                 parameter must be `{name}`, with no other braces) at #/paths/~1odd~1{a",
                "operation `GetBad` (GET /bad) skipped: `filter` is an object parameter, which \
                 the `form` style of its location cannot write at \
                 #/paths/~1bad/get/parameters/0 (and 1 more error)",
                "operation `PostBad` (POST /bad) skipped: a `multipart/form-data` body needs an \
                 object schema with `properties` (one part each) at \
                 #/paths/~1bad/post/requestBody/content/multipart~1form-data/schema",
            ]
        );
    }

    #[test]
    fn errors_outside_operations_are_not_skipped() {
        let text = format!("{DOCUMENT}components:\n  schemas:\n    Broken: {{type: wat}}\n");
        let document = crate::parse::parse(&text, "skips.yaml").unwrap();
        let errors = lower_here_with(
            &document,
            "skips.yaml",
            Options {
                skip_invalid: true,
                ..Options::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(errors.contains("#/components/schemas/Broken"), "{errors}");
        assert!(
            errors.starts_with("error: skips.yaml at #/components"),
            "{errors}"
        );
        assert!(errors.ends_with("1 error in skips.yaml"), "{errors}");
    }
}
