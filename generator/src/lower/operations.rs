//! Lowering of paths into the resource tree and operations.
//!
//! The literal segments of each path name the resources (`/v1/Assistants/{assistantId}/Tools`
//! hangs a `Tools` node under `Assistants`); a trailing `{param}` makes an instance
//! operation that takes it as an argument. A leading run of literals that every path shares
//! (`/v1`) names no resource.

use super::{docs_of, Lowerer};
use crate::error::Pointer;
use crate::ident::{pascal, snake, Namer};
use crate::ir::{
    Body, BodyEncoding, ErrorResponse, Operation, OperationKind, Paging, PathParam, QueryParam,
    Resource, ResourceId, Success, Type,
};
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};
use std::collections::{BTreeMap, BTreeSet};

/// Methods the hand-written runtime already defines on `Client`, public or crate-private.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "account_sid",
    "clone",
    "send",
    "send_empty",
    "follow",
    "url",
    "execute",
];
/// Methods every request builder already has, and its private fields.
const BUILDER_RESERVED: &[&str] = &[
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
];

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// A literal, such as `Assistants` or `Calls.json`.
    Literal(String),
    /// `{name}`, possibly followed by a literal suffix such as `.json`.
    Param(String),
}

/// A resource node while the tree is being built.
struct Node {
    segment: String,
    path: String,
    parent: Option<usize>,
    parent_param: Option<PathParam>,
    params: Vec<PathParam>,
    children: Vec<usize>,
    operations: Vec<usize>,
    /// `x-twilio.className` of the first path item of this node that has one.
    class_name: Option<String>,
}

/// The parts of one operation that [`Lowerer::operation`] needs.
struct OperationInput<'a, 'd> {
    id: String,
    builder: String,
    method: &'d str,
    path: &'d str,
    operation: &'d openapiv3::Operation,
    /// The `servers` of the operation, else of its path item.
    servers: &'d [openapiv3::Server],
    pointer: &'a Pointer,
    node: usize,
    instance_param: Option<PathParam>,
    parameters: &'a [(&'d Parameter, Pointer)],
}

impl<'d> Lowerer<'d> {
    /// Lowers every path into the resource tree and the operations.
    pub(super) fn paths(&mut self) -> (Vec<Resource>, Vec<Operation>) {
        let doc = self.doc;
        let paths_pointer = Pointer::root().join("paths");
        let mut templates = Vec::new();
        for (path, item) in doc.paths.iter() {
            let pointer = paths_pointer.join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.errors.at(
                        &pointer,
                        format!("path item references (`$ref: {reference}`) are not supported"),
                    );
                    continue;
                }
            };
            match split_template(path) {
                Ok(segments)
                    if segments
                        .windows(2)
                        .any(|pair| matches!(pair, [Segment::Param(_), Segment::Param(_)])) =>
                {
                    self.errors.at(&pointer, format!("path `{path}` has two parameters in a row, which cannot be mapped to resources"));
                }
                Ok(segments) => templates.push((path.as_str(), item, segments, pointer)),
                Err(message) => self.errors.at(&pointer, message),
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
        let mut builder_names = Namer::default();
        let mut member_names: Vec<Vec<String>> = Vec::new();
        for (path, item, segments, pointer) in &templates {
            for (method, operation) in item.iter() {
                let pointer = pointer.join(method);
                let Some(id) = operation.operation_id.clone() else {
                    self.errors.at(
                        &pointer,
                        "operation has no `operationId`; every operation needs one to be named",
                    );
                    continue;
                };
                if !operation_ids.insert(id.clone()) {
                    self.errors.at(
                        &pointer.join("operationId"),
                        format!("duplicate operationId `{id}`"),
                    );
                    continue;
                }
                let parameters = self.parameters(item, operation, &pointer);
                let path_params = self.path_params(segments, &parameters, &pointer);
                let Some((node, instance_param)) = tree.attach(segments, skip, &path_params) else {
                    self.errors.at(
                        &pointer,
                        format!("path `{path}` has no literal segment to name a resource after"),
                    );
                    continue;
                };
                if let Some(class_name) = class_name(item) {
                    tree.nodes[node].class_name.get_or_insert(class_name);
                }
                let builder = builder_names.claim(pascal(&id));
                let handle_params: Vec<String> = tree.nodes[node]
                    .params
                    .iter()
                    .map(|param| param.name.clone())
                    .collect();
                let lowered = self.operation(OperationInput {
                    id,
                    builder,
                    method,
                    path,
                    operation,
                    servers: if operation.servers.is_empty() {
                        &item.servers
                    } else {
                        &operation.servers
                    },
                    pointer: &pointer,
                    node,
                    instance_param,
                    parameters: &parameters,
                });
                tree.nodes[node].operations.push(operations.len());
                operations.push(lowered);
                member_names.push(handle_params);
            }
        }
        // Builder members are named once every model is lowered, because whether a body
        // field gets a `clear_` method depends on every operation that uses its model.
        self.mark_clearable_fields(&operations);
        for (operation, handle_params) in operations.iter_mut().zip(&member_names) {
            self.name_builder_members(operation, handle_params);
        }
        let resources = tree.finish(&mut operations, &mut builder_names);
        (resources, operations)
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
            .filter_map(|segment| match segment {
                Segment::Param(name) => Some(name.as_str()),
                Segment::Literal(_) => None,
            })
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
                    ty: self.parameter_type(data, at, name),
                    docs: docs_of(None, data.description.as_deref()),
                },
                None => {
                    self.errors.at(pointer, format!("path parameter `{{{name}}}` appears in the path template but is not declared"));
                    PathParam { name: snake(name), wire_name: (*name).to_owned(), ty: Type::String, docs: None }
                }
            })
            .collect()
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

    fn operation(&mut self, input: OperationInput<'_, 'd>) -> Operation {
        let OperationInput {
            id,
            builder,
            method,
            path,
            operation,
            servers,
            pointer,
            node,
            instance_param,
            parameters,
        } = input;
        let mut query = Vec::new();
        for (parameter, at) in parameters {
            let data = parameter.parameter_data_ref();
            match parameter {
                Parameter::Query { .. } | Parameter::Header { .. } => query.push(QueryParam {
                    name: snake(&data.name),
                    wire_name: data.name.clone(),
                    ty: self.parameter_type(data, at, &format!("{builder}{}", pascal(&data.name))),
                    required: data.required,
                    header: matches!(parameter, Parameter::Header { .. }),
                    // Query arrays explode by default (`form` style); headers never do.
                    joined: match parameter {
                        Parameter::Header { .. } => !data.explode.unwrap_or(false),
                        _ => !data.explode.unwrap_or(true),
                    },
                    range: integer_range(data),
                    docs: docs_of(None, data.description.as_deref()),
                }),
                Parameter::Path { .. } => {}
                Parameter::Cookie { .. } => {
                    self.errors.at(
                        at,
                        format!(
                            "`{}` is a cookie parameter, which is not supported",
                            data.name
                        ),
                    );
                }
            }
        }
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.body(body, &pointer.join("requestBody"), &builder));
        let (success, errors) = self.responses(operation, pointer, &id);
        let http_method = method.to_ascii_uppercase();
        let is_instance = instance_param.is_some();
        let paging = success.ty.as_ref().and_then(|ty| self.paging(ty));
        let kind = match http_method.as_str() {
            "GET"
                if !is_instance
                    && (paging.is_some() || matches!(success.ty, Some(Type::Array(_)))) =>
            {
                OperationKind::List
            }
            "GET" => OperationKind::Fetch,
            "POST" if !is_instance => OperationKind::Create,
            "POST" if body.is_some() => OperationKind::Update,
            "PUT" | "PATCH" => OperationKind::Update,
            "DELETE" => OperationKind::Delete,
            _ => OperationKind::Action,
        };
        let server = servers
            .first()
            .map(|server| super::server_url(&server.url))
            .filter(|server| Some(server) != self.base_url.as_ref());
        Operation {
            id,
            builder,
            method_name: String::new(),
            source: pointer.to_string(),
            kind,
            http_method,
            path: path.to_owned(),
            server,
            resource: ResourceId(node),
            instance_param,
            query,
            body,
            success,
            errors,
            paging: paging.filter(|_| kind == OperationKind::List),
            summary: docs_of(None, operation.summary.as_deref()),
            description: docs_of(None, operation.description.as_deref()),
            deprecated: operation.deprecated,
        }
    }

    /// Names the builder's arguments and methods in one namespace, so a query parameter
    /// and a body field with the same name cannot clash.
    fn name_builder_members(&self, operation: &mut Operation, handle_params: &[String]) {
        let mut names = Namer::with_reserved(BUILDER_RESERVED);
        for name in handle_params {
            names.claim(name.clone());
        }
        if let Some(param) = &mut operation.instance_param {
            param.name = names.claim(param.name.clone());
        }
        for param in &mut operation.query {
            param.name = names.claim(param.name.clone());
        }
        let fields: Vec<(String, bool)> = match &operation.body {
            Some(body) => self
                .struct_of(&body.ty)
                .map_or_else(Vec::new, |(_, fields)| {
                    fields
                        .iter()
                        .map(|field| (field.name.clone(), field.clearable))
                        .collect()
                }),
            None => Vec::new(),
        };
        // Body setters are methods and arguments, never fields of the builder, so the
        // names of its private fields are free for them (`body` is a common field name).
        names.release("body");
        names.release("client");
        names.release("options");
        if let Some(body) = &mut operation.body {
            body.setters = fields
                .iter()
                .map(|(name, _)| names.claim(name.clone()))
                .collect();
            body.clearers = fields
                .iter()
                .map(|(name, clearable)| {
                    clearable.then(|| names.claim(format!("clear_{}", crate::ident::bare(name))))
                })
                .collect();
        }
    }

    fn body(
        &mut self,
        body: &'d ReferenceOr<openapiv3::RequestBody>,
        pointer: &Pointer,
        builder: &str,
    ) -> Option<Body> {
        let body = self.resolve(body, pointer)?;
        // Twilio's older APIs take form bodies; JSON is preferred when both are offered.
        let form = body
            .content
            .iter()
            .find(|(name, _)| media_essence(name) == FORM);
        let (content_type, media, encoding) = match form {
            Some((name, media)) if !body.content.keys().any(|name| is_json(name)) => {
                (name.as_str(), media, BodyEncoding::Form)
            }
            _ => {
                let (name, media) = self.json_media(&body.content, pointer, "request body")?;
                (name, media, BodyEncoding::Json)
            }
        };
        let ty = match &media.schema {
            Some(schema) => self.schema_type(
                schema,
                &pointer.join("content").join(content_type).join("schema"),
                &format!("{builder}Request"),
            ),
            None => Type::Json,
        };
        Some(Body {
            content_type: content_type.to_owned(),
            encoding,
            ty,
            required: body.required,
            setters: Vec::new(),
            clearers: Vec::new(),
            docs: docs_of(None, body.description.as_deref()),
        })
    }

    /// The JSON media type of a content map; reports other media types as unsupported.
    fn json_media<'m>(
        &mut self,
        content: &'m indexmap::IndexMap<String, MediaType>,
        pointer: &Pointer,
        what: &str,
    ) -> Option<(&'m str, &'m MediaType)> {
        if let Some((name, media)) = content.iter().find(|(name, _)| is_json(name)) {
            return Some((name.as_str(), media));
        }
        if let Some(name) = content.keys().next() {
            self.errors.at(
                &pointer.join("content"),
                format!("{what} media type `{name}` is not supported yet (only JSON, and `{FORM}` for request bodies)"),
            );
        }
        None
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
        for (status, response) in entries {
            let at = responses_pointer
                .join(status.map_or_else(|| "default".to_owned(), ToString::to_string));
            let Some(response) = self.resolve(response, &at) else {
                continue;
            };
            let success = matches!(
                status,
                Some(StatusCode::Code(200..=299)) | Some(StatusCode::Range(2))
            );
            let hint = if success {
                format!("{}Response", pascal(id))
            } else {
                format!("{}Error", pascal(id))
            };
            let ty =
                self.json_media(&response.content, &at, "response")
                    .map(|(content_type, media)| match &media.schema {
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
        (Success { statuses, ty }, errors)
    }

    /// Recognises a Twilio page: an object with one array field and a link to the next
    /// page, either `meta.next_page_url` or a top-level `next_page_uri`.
    fn paging(&self, ty: &Type) -> Option<Paging> {
        let (page, fields) = self.struct_of(ty)?;
        let mut arrays = fields
            .iter()
            .filter(|field| matches!(field.ty, Type::Array(_)));
        let items = arrays.next()?;
        if arrays.next().is_some() {
            return None;
        }
        let optional = |field: &crate::ir::Field| !field.required || field.nullable;
        let link_field = |fields: &[crate::ir::Field], wire: &str| {
            fields
                .iter()
                .find(|field| field.wire_name == wire && field.ty == Type::String)
                .map(|field| (field.name.clone(), optional(field)))
        };
        let next_link = if let Some(meta) = fields.iter().find(|field| field.wire_name == "meta") {
            let (_, meta_fields) = self.struct_of(&meta.ty)?;
            vec![
                (meta.name.clone(), optional(meta)),
                link_field(meta_fields, "next_page_url")?,
            ]
        } else {
            vec![link_field(fields, "next_page_uri")?]
        };
        let Type::Array(item) = &items.ty else {
            return None;
        };
        Some(Paging {
            page,
            items_field: items.name.clone(),
            items_optional: optional(items),
            item: (**item).clone(),
            next_link,
        })
    }
}

type ParameterDataRef = openapiv3::ParameterData;

/// The inclusive bounds an integer parameter's schema gives, if any.
fn integer_range(data: &ParameterDataRef) -> Option<(Option<i64>, Option<i64>)> {
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
    (minimum.is_some() || maximum.is_some()).then_some((minimum, maximum))
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

/// Splits a path template into segments; rejects segments this generator cannot build.
fn split_template(path: &str) -> Result<Vec<Segment>, String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.strip_prefix('{') {
            Some(rest) => match rest.split_once('}') {
                Some((name, suffix)) if !name.is_empty() && !name.contains('{') && !suffix.contains(['{', '}']) => {
                    Ok(Segment::Param(name.to_owned()))
                }
                _ => Err(format!("path segment `{segment}` is not supported (expected `{{name}}`, optionally followed by a literal suffix)")),
            },
            None if segment.contains(['{', '}']) => {
                Err(format!("path segment `{segment}` is not supported (a parameter must start its segment)"))
            }
            None => Ok(Segment::Literal(segment.to_owned())),
        })
        .collect()
}

/// How many leading literal segments every path shares and may be skipped: each must be
/// followed, in every path, by another literal (so every path keeps one to be named by).
fn shared_literal_prefix<'s>(paths: impl Iterator<Item = &'s [Segment]> + Clone) -> usize {
    let Some(first) = paths.clone().next() else {
        return 0;
    };
    let mut skip = 0;
    while let Some(Segment::Literal(literal)) = first.get(skip) {
        let shared = paths.clone().all(|segments| {
            segments.get(skip) == Some(&Segment::Literal(literal.clone()))
                && matches!(segments.get(skip + 1), Some(Segment::Literal(_)))
        });
        if !shared {
            break;
        }
        skip += 1;
    }
    skip
}

/// The resource tree under construction, keyed by the shape of the path up to each node.
#[derive(Default)]
struct Tree {
    nodes: Vec<Node>,
    keys: BTreeMap<String, usize>,
}

impl Tree {
    /// Finds or creates the node of a path; returns it and the operation's own trailing
    /// parameter, if the path ends with one.
    fn attach(
        &mut self,
        segments: &[Segment],
        skip: usize,
        path_params: &[PathParam],
    ) -> Option<(usize, Option<PathParam>)> {
        let mut params = path_params.iter();
        let mut current: Option<usize> = None;
        let mut pending: Option<PathParam> = None;
        let mut key = String::new();
        let mut path = String::new();
        for (index, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Param(name) => {
                    path.push_str(&format!("/{{{name}}}"));
                    if index < skip {
                        continue;
                    }
                    pending = params.next().cloned();
                    key.push_str("/{}");
                }
                Segment::Literal(literal) => {
                    path.push('/');
                    path.push_str(literal);
                    if index < skip {
                        continue;
                    }
                    let name = literal.strip_suffix(".json").unwrap_or(literal);
                    key.push('/');
                    key.push_str(name);
                    let node = match self.keys.get(&key) {
                        Some(node) => *node,
                        None => {
                            let mut params = current
                                .map_or_else(Vec::new, |parent| self.nodes[parent].params.clone());
                            if let Some(mut param) = pending.clone() {
                                // `/A/{id}/B/{id}` would give the handle two fields of one name,
                                // and a builder's own fields must stay free as well.
                                let mut names = Namer::with_reserved(BUILDER_RESERVED);
                                params
                                    .iter()
                                    .for_each(|other| drop(names.claim(other.name.clone())));
                                param.name = names.claim(param.name);
                                pending = Some(param.clone());
                                params.push(param);
                            }
                            self.nodes.push(Node {
                                segment: name.to_owned(),
                                path: path.clone(),
                                parent: current,
                                parent_param: pending.clone(),
                                params,
                                children: Vec::new(),
                                operations: Vec::new(),
                                class_name: None,
                            });
                            let node = self.nodes.len() - 1;
                            if let Some(parent) = current {
                                self.nodes[parent].children.push(node);
                            }
                            self.keys.insert(key.clone(), node);
                            node
                        }
                    };
                    pending = None;
                    current = Some(node);
                }
            }
        }
        current.map(|node| (node, pending))
    }

    /// Names the handles and their methods, and turns the nodes into resources.
    fn finish(self, operations: &mut [Operation], type_names: &mut Namer) -> Vec<Resource> {
        let mut client_methods = Namer::with_reserved(CLIENT_METHODS);
        let mut handle_methods: Vec<Namer> = self.nodes.iter().map(|_| Namer::default()).collect();
        for (index, node) in self.nodes.iter().enumerate() {
            // Methods are named by the first word of their operationId (`ListAssistants`
            // -> `list`); when two operations of one resource share it, both keep their
            // whole operationId instead, so neither name depends on the other's order.
            let first_words: Vec<String> = node
                .operations
                .iter()
                .map(|op| first_word(&operations[*op].id))
                .collect();
            for (op, word) in node.operations.iter().zip(&first_words) {
                let shared = first_words.iter().filter(|other| *other == word).count() > 1;
                let name = if shared {
                    snake(&operations[*op].id)
                } else {
                    snake(word)
                };
                operations[*op].method_name = handle_methods[index].claim(name);
            }
        }
        let mut resources: Vec<Resource> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let names = match node.parent {
                Some(parent) => &mut handle_methods[parent],
                None => &mut client_methods,
            };
            let accessor = names.claim(snake(&node.segment));
            // Twilio's `className` names a deep resource by what it is
            // (`/Flows/{}/Executions/{}/Steps` is an `ExecutionStep`); without one, the
            // name is the parent's followed by the segment.
            let lineage = match (&node.class_name, node.parent) {
                (Some(class_name), _) => pascal(class_name),
                (None, Some(parent)) => {
                    format!("{}{}", resources[parent].name, pascal(&node.segment))
                }
                (None, None) => pascal(&node.segment),
            };
            resources.push(Resource {
                name: type_names.claim(lineage),
                accessor,
                segment: node.segment.clone(),
                path: node.path.clone(),
                parent: node.parent.map(ResourceId),
                parent_param: node.parent_param.clone(),
                params: node.params.clone(),
                children: node.children.iter().copied().map(ResourceId).collect(),
                operations: node.operations.clone(),
            });
        }
        resources
    }
}

/// `x-twilio: {className: ...}` of a path item: Twilio's own name for its resource.
fn class_name(item: &PathItem) -> Option<String> {
    item.extensions
        .get("x-twilio")?
        .get("className")?
        .as_str()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
}

fn first_word(operation_id: &str) -> String {
    let snake = snake(operation_id);
    let snake = crate::ident::bare(&snake);
    snake.split('_').next().unwrap_or(snake).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_params() {
        assert_eq!(
            split_template("/v1/Calls/{Sid}.json").unwrap(),
            vec![
                Segment::Literal("v1".into()),
                Segment::Literal("Calls".into()),
                Segment::Param("Sid".into())
            ]
        );
        assert!(split_template("/v1/a{b}").is_err());
        assert!(split_template("/v1/{a}{b}").is_err());
    }

    #[test]
    fn only_prefixes_followed_by_literals_are_skipped() {
        let a = split_template("/v1/Assistants/{id}").unwrap();
        let b = split_template("/v1/Tools").unwrap();
        assert_eq!(
            shared_literal_prefix([a.as_slice(), b.as_slice()].into_iter()),
            1
        );
        let c = split_template("/v1").unwrap();
        assert_eq!(
            shared_literal_prefix([b.as_slice(), c.as_slice()].into_iter()),
            0
        );
    }

    #[test]
    fn first_word_of_an_operation_id() {
        assert_eq!(first_word("ListAssistants"), "list");
        assert_eq!(first_word("getPetById"), "get");
        assert_eq!(first_word("Type"), "type");
    }
}
