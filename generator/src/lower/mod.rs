//! Stage 2, lower: [`openapiv3::OpenAPI`] -> [`crate::ir::Api`].
//!
//! Resolves `$ref`s, validates what the emitter relies on, names everything with
//! [`crate::ident`], and builds the resource tree from the paths. Problems are collected,
//! not returned one by one: a run reports every problem of the document.

mod compose;
mod features;
mod ids;
mod operations;
mod schema;
mod security;
mod tree;

use crate::error::{Collector, Errors, Pointer};
use crate::ident::Namer;
use crate::ir::{Api, Field, Flow, Model, ModelId, ModelKind, Operation, PartKind, Resource, Type};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::BTreeMap;

/// Lowers a parsed document into the IR, or returns every problem found.
pub fn lower(doc: &OpenAPI, source: &str) -> Result<Api, Errors> {
    crate::with_stack(|| lower_here(doc, source))
}

/// [`lower`] with `options`.
pub fn lower_with(doc: &OpenAPI, source: &str, options: Options) -> Result<Api, Errors> {
    crate::with_stack(|| lower_here_with(doc, source, options))
}

pub use features::FEATURES_ABOVE;

/// How lowering treats what it cannot handle, and when it makes resource features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Leaves out an operation (or a path) whose lowering reports an error, with a warning
    /// naming it and its first error, instead of failing; errors outside operations, such
    /// as in component schemas, stay errors.
    pub skip_invalid: bool,
    /// A document with more operations than this gets a cargo feature per group of
    /// resources ([`crate::ir::ResourceFeatures`]); [`FEATURES_ABOVE`] by default.
    pub features_above: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            skip_invalid: false,
            features_above: FEATURES_ABOVE,
        }
    }
}

/// [`lower`] on the caller's stack.
pub(crate) fn lower_here(doc: &OpenAPI, source: &str) -> Result<Api, Errors> {
    lower_here_with(doc, source, Options::default())
}

/// [`lower_here`] with `options`.
pub(crate) fn lower_here_with(
    doc: &OpenAPI,
    source: &str,
    options: Options,
) -> Result<Api, Errors> {
    let mut lowerer = Lowerer {
        doc,
        options,
        base_url: base_url(doc),
        errors: Collector::default(),
        models: Vec::new(),
        components: BTreeMap::new(),
        type_names: Namer::default(),
        id_names: BTreeMap::new(),
        id_models: BTreeMap::new(),
        format_enums: BTreeMap::new(),
    };
    lowerer.declare_components();
    lowerer.name_ids();
    lowerer.define_components();
    lowerer.check_alias_cycles();
    let auth = lowerer.auth();
    let (resources, operations) = lowerer.paths(&auth);
    lowerer.box_recursive_fields();
    lowerer.box_large_variants();
    lowerer.order_alternatives();
    let (mut resources, mut operations) = (resources, operations);
    apart_from_models(&lowerer.models, &mut resources, &mut operations);
    mark_flows(&mut lowerer.models, &resources, &operations);
    let features = features::resource_features(
        &lowerer.models,
        &resources,
        &operations,
        options.features_above,
    );
    let notes = lowerer.errors.take_warnings();
    let api = Api {
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        base_url: lowerer.base_url.clone(),
        resources,
        runtime: crate::ir::RuntimeParts::of(&operations, &lowerer.models, &auth),
        features,
        auth,
        operations,
        models: lowerer.models,
        notes,
    };
    lowerer.errors.finish(source, api)
}

/// Renames the handles and builders (the `resources` module) whose names a model (the
/// `models` module) has, so that a user can import both modules' types without aliases: a
/// builder gets `Builder` appended, a handle a number, then the first free number.
fn apart_from_models(
    models: &[crate::ir::Model],
    resources: &mut [crate::ir::Resource],
    operations: &mut [crate::ir::Operation],
) {
    let model_names: std::collections::BTreeSet<&str> =
        models.iter().map(|model| model.name.as_str()).collect();
    let taken: Vec<&str> = model_names
        .iter()
        .copied()
        .chain(resources.iter().map(|resource| resource.name.as_str()))
        .chain(
            operations
                .iter()
                .map(|operation| operation.builder.as_str()),
        )
        .collect();
    let mut names = Namer::with_reserved(&taken);
    for resource in resources.iter_mut() {
        if model_names.contains(resource.name.as_str()) {
            resource.name = names.claim(resource.name.clone());
        }
    }
    for operation in operations.iter_mut() {
        if model_names.contains(operation.builder.as_str()) {
            operation.builder = names.claim(format!("{}Builder", operation.builder));
        }
    }
}

/// Sets each model's [`Flow`]: sent when a request reaches it (a path, query, header or
/// cookie parameter, a body or one of its parts), received when a response does (a success
/// or error body). A model no operation reaches is both, and so is everything inside it,
/// so that the traits of a type hold for the types of its fields.
fn mark_flows(models: &mut [Model], resources: &[Resource], operations: &[Operation]) {
    let requests: Vec<&Type> = operations
        .iter()
        .flat_map(|operation| request_types(resources, operation))
        .collect();
    let responses: Vec<&Type> = operations.iter().flat_map(response_types).collect();
    let sent = crate::ir::reachable(models, requests.iter().copied());
    let received = crate::ir::reachable(models, responses.iter().copied());
    let unreached: Vec<Type> = (0..models.len())
        .filter(|index| !sent[*index] && !received[*index])
        .map(|index| Type::Model(ModelId(index)))
        .collect();
    let sent = crate::ir::reachable(models, requests.into_iter().chain(&unreached));
    let received = crate::ir::reachable(models, responses.into_iter().chain(&unreached));
    for (index, model) in models.iter_mut().enumerate() {
        model.flow = Flow {
            sent: sent[index],
            received: received[index],
        };
    }
}

/// The types a request of `operation` carries: its path, query, header and cookie
/// parameters, its body and the body's parts.
fn request_types<'a>(
    resources: &'a [Resource],
    operation: &'a Operation,
) -> impl Iterator<Item = &'a Type> {
    let resource = &resources[operation.resource.0];
    let params = resource.params.iter().chain(&resource.parent_params);
    let parts = operation.body.iter().flat_map(|body| {
        body.parts.iter().filter_map(|part| match &part.kind {
            PartKind::FileOr(ty) | PartKind::Value(ty) => Some(ty),
            PartKind::File | PartKind::Files => None,
        })
    });
    params
        .chain(&operation.instance_params)
        .map(|param| &param.ty)
        .chain(operation.params.iter().map(|param| &param.ty))
        .chain(operation.body.iter().map(|body| &body.ty))
        .chain(parts)
}

/// The types a response of `operation` carries: its success and error bodies.
fn response_types(operation: &Operation) -> impl Iterator<Item = &Type> {
    let errors = operation
        .errors
        .iter()
        .filter_map(|error| error.ty.as_ref());
    operation.success.ty.iter().chain(errors)
}

/// The state of one lowering run.
pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    options: Options,
    /// The client's default base URL, from [`base_url`].
    base_url: Option<String>,
    errors: Collector,
    models: Vec<crate::ir::Model>,
    /// Component schema name -> its model.
    components: BTreeMap<String, ModelId>,
    /// The namespace of model names.
    type_names: Namer,
    /// Identifier pattern -> the name its type gets, from [`Lowerer::name_ids`].
    id_names: BTreeMap<String, String>,
    /// Identifier pattern -> its model, once made.
    id_models: BTreeMap<String, ModelId>,
    /// A string format that names inline enums (`format: http-method`) -> the values of
    /// the enum named after it, and its model, from [`Lowerer::format_enum`].
    format_enums: BTreeMap<String, (Vec<String>, ModelId)>,
}

impl<'d> Lowerer<'d> {
    /// The fields of the struct model `ty` names, looking through aliases.
    fn struct_of(&self, ty: &Type) -> Option<(ModelId, &[Field])> {
        match crate::ir::follow_aliases(&self.models, ty) {
            Some((
                id,
                Model {
                    kind: ModelKind::Struct { fields, .. },
                    ..
                },
            )) => Some((id, fields)),
            _ => None,
        }
    }

    /// The component `item` is or refers to ([`crate::resolve`]); a reference that does
    /// not resolve is reported at its `$ref`.
    fn resolve<T: crate::resolve::Component>(
        &mut self,
        item: &'d ReferenceOr<T>,
        at: &Pointer,
    ) -> Option<&'d T> {
        match crate::resolve::resolve(self.doc, item) {
            Ok(resolved) => Some(resolved.item),
            Err(message) => {
                self.errors.at(&at.join("$ref"), message);
                None
            }
        }
    }
}

/// The default base URL: the document's first server or, when it declares none, the first
/// server a path item or operation declares (Twilio's documents repeat theirs on every
/// path).
fn base_url(doc: &OpenAPI) -> Option<String> {
    let path_servers = doc
        .paths
        .iter()
        .filter_map(|(_, item)| item.as_item())
        .flat_map(|item| {
            item.servers
                .iter()
                .chain(item.iter().flat_map(|(_, operation)| &operation.servers))
        });
    doc.servers
        .iter()
        .chain(path_servers)
        .next()
        .map(|server| server_url(&server.url))
}

/// A server URL as the client joins paths to it: without a trailing slash.
pub(crate) fn server_url(url: &str) -> String {
    url.trim_end_matches('/').to_owned()
}

/// Documentation from a title and a description: both when they differ, else the one
/// that is there.
pub(crate) fn docs_of(title: Option<&str>, description: Option<&str>) -> Option<String> {
    fn clean(text: Option<&str>) -> Option<&str> {
        text.map(str::trim).filter(|text| !text.is_empty())
    }
    match (clean(title), clean(description)) {
        (Some(title), Some(description)) if title != description => {
            Some(format!("{title}\n\n{description}"))
        }
        (_, Some(text)) | (Some(text), None) => Some(text.to_owned()),
        (None, None) => None,
    }
}
