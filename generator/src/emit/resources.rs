//! Emits `src/resources.rs`: the client's resource accessors, one handle type per resource
//! and one request builder per operation, each calling the hand-written runtime.
//!
//! The code of each operation (its constructor, setters, `call` and page methods) is
//! `#[inline]` or generic: a large API has thousands of such methods, and an `#[inline]`
//! function is compiled to machine code in the crate that calls it, like a generic one,
//! rather than in this crate for every operation whether used or not. On twilio_api_v2010
//! that cuts the crate's LLVM IR from 80 000 lines to 10 000, and the instructions of its
//! first build by 12%. A resource accessor is one per resource, a clone of the client into
//! a handle, and is left as it is.

use super::{
    docs, docs_or, feature_cfg, gated, has_as_str, ident, inner_docs, model_kind, type_tokens,
};
use crate::ir::{
    Api, Body, BodyEncoding, Cursor, Field, LinkStep, ModelKind, NextPage, Operation,
    OperationKind, Paging, Param, ParamLocation, ParamStyle, Part, PartKind, PathParam, Range,
    Resource, ResourceId, ResponseMedia, Type,
};
use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote};

/// The file's module docs and base URL, the client's accessors, then one token stream per
/// resource handle, request builder and page type.
pub(super) fn emit(api: &Api) -> Vec<TokenStream> {
    // The document's description is the crate's documentation (the README), not repeated.
    let module_docs = inner_docs(&format!(
        "The resources of {}, as handles that hang off [`crate::Client`], and one request \
         builder per operation.",
        api.title.trim(),
    ));
    let roots = api
        .resources
        .iter()
        .enumerate()
        .filter(|(_, resource)| resource.parent.is_none())
        .map(|(index, _)| accessor(api, ResourceId(index), quote!(self.clone()), &[]));
    // Imported only when used, so that a document without operations, or whose operations
    // name no model, gives no unused import.
    let models_import = mentions_models(api).then(|| {
        quote!(
            use crate::models;
        )
    });
    // These imports share the module with the builders, so lowering keeps builder names off
    // them: `RESOURCES_IMPORTS` in lower/operations.rs must list every name imported here.
    let call_import = (!api.operations.is_empty()).then(|| {
        quote!(
            use crate::runtime::call::Call;
            use reqwest::Method;
        )
    });
    let names_styles = api.operations.iter().any(|operation| {
        let params = operation
            .params
            .iter()
            .any(|param| param.location != ParamLocation::Cookie && param.is_styled(&api.models));
        params
            || operation
                .body
                .as_ref()
                .is_some_and(|body| !body.form_styles.is_empty())
    });
    let style_import = names_styles.then(|| {
        quote!(
            use crate::runtime::params::Style;
        )
    });
    let head = quote! {
        #module_docs
        pub use crate::spec::DEFAULT_BASE_URL;

        #models_import

        #call_import
        #style_import

        impl crate::Client {
            #( #roots )*
        }
    };
    std::iter::once(head)
        .chain((0..api.resources.len()).map(|index| emit_handle(api, ResourceId(index))))
        .chain(api.operations.iter().enumerate().map(|(index, operation)| {
            gated(emit_builder(api, operation), operation_cfg(api, index))
        }))
        .chain(emit_pages(api))
        .collect()
}

/// The method on a parent (or the client) that returns a resource's handle.
fn accessor(
    api: &Api,
    id: ResourceId,
    client: TokenStream,
    parent_params: &[PathParam],
) -> TokenStream {
    let resource = &api.resources[id.0];
    let method = ident(&resource.accessor);
    let handle = ident(&resource.name);
    let inherited = parent_params.iter().map(|param| inherit(api, param));
    let cfg = resource_cfg(api, id);
    let doc = docs(&format!(
        "The `{}` resource: `{}`.",
        resource.segment, resource.path
    ));
    let doc = quote!(#cfg #doc);
    let (start, refused_field) = refused_init(
        holds_ids(api, &resource.params),
        holds_ids(api, parent_params),
        holds_ids(api, &resource.parent_params),
    );
    if resource.parent_params.is_empty() {
        return quote! {
            #doc
            pub fn #method(&self) -> #handle {
                #handle { client: #client, #( #inherited, )* #refused_field }
            }
        };
    }
    let mut args = Vec::new();
    let mut param_docs = Vec::new();
    let mut inits = Vec::new();
    for param in &resource.parent_params {
        let name = ident(&param.name);
        let (arg_ty, value) = arg(api, &param.ty, &quote!(#name), false, &quote!(refused));
        args.push(quote!(#name: #arg_ty));
        param_docs.push(param_doc(&param.name, param.docs.as_deref()));
        inits.push(field_init(&name, value));
    }
    inits.extend(refused_field);
    quote! {
        #doc
        #[doc = ""]
        #( #param_docs )*
        pub fn #method(&self, #( #args ),*) -> #handle {
            #start
            #handle { client: #client, #( #inherited, )* #( #inits ),* }
        }
    }
}

fn param_doc(name: &str, text: Option<&str>) -> TokenStream {
    let name = crate::ident::bare(name);
    let line = match text {
        Some(text) => format!("- `{name}`: {}", text.trim().replace('\n', " ")),
        None => format!("- `{name}`"),
    };
    docs(&line)
}

/// `name: self.name`, a path parameter the handle holds, for a handle or builder made from
/// it: cloned, unless it is `Copy` (an integer), which clippy asks to be copied.
fn inherit(api: &Api, param: &PathParam) -> TokenStream {
    let name = ident(&param.name);
    if is_copy(api, &param.ty) {
        quote!(#name: self.#name)
    } else {
        quote!(#name: self.#name.clone())
    }
}

/// Whether values of `ty` are `Copy`: numbers, booleans and dates, through aliases.
fn is_copy(api: &Api, ty: &Type) -> bool {
    let mut ty = ty;
    // An alias chain is at most as long as the arena.
    for _ in 0..=api.models.len() {
        match ty {
            Type::Model(id) => match &api.models[id.0].kind {
                ModelKind::Alias { target } => ty = target,
                _ => return false,
            },
            Type::I32 | Type::I64 | Type::F64 | Type::Bool | Type::Date | Type::DateTime => {
                return true
            }
            _ => return false,
        }
    }
    false
}

/// An argument's type and the expression that stores it: strings take `impl Into<String>`,
/// identifiers `impl IntoId<Id>` (an `Id`, a `&Id` or text), checked by `refused` (the
/// `Refused` of the handle or builder being made, or `self.refused` in a setter).
fn arg(
    api: &Api,
    ty: &Type,
    name: &TokenStream,
    boxed: bool,
    refused: &TokenStream,
) -> (TokenStream, TokenStream) {
    let (arg_ty, value) = match ty {
        Type::String => (quote!(impl Into<String>), quote!(#name.into())),
        _ if is_id(api, ty) => {
            let ty = type_tokens(api, ty, &quote!(models::));
            (quote!(impl crate::IntoId<#ty>), quote!(#refused.id(#name)))
        }
        _ => (type_tokens(api, ty, &quote!(models::)), name.clone()),
    };
    let value = if boxed {
        quote!(Box::new(#value))
    } else {
        value
    };
    (arg_ty, value)
}

/// `#[inline]` for a method whose arguments (`name: Type`, or types) are all concrete (see
/// the module docs). A method that takes an `impl Trait` is generic, so it is compiled
/// where it is called already, and goes without the attribute.
fn inline_unless_generic(args: &[TokenStream]) -> Option<TokenStream> {
    let generic = args.iter().any(|arg| {
        arg.clone()
            .into_iter()
            .any(|token| matches!(token, TokenTree::Ident(word) if word == "impl"))
    });
    (!generic).then(|| quote!(#[inline]))
}

/// Whether `ty` is an identifier type.
fn is_id(api: &Api, ty: &Type) -> bool {
    matches!(model_kind(api, ty), Some(ModelKind::Id { .. }))
}

/// Whether a handle with `params` keeps a `Refused` for them: some is an identifier.
fn holds_ids(api: &Api, params: &[PathParam]) -> bool {
    params.iter().any(|param| is_id(api, &param.ty))
}

/// Whether the builder of `operation` keeps a `Refused`: its handle does, or it takes an
/// identifier as a path or query parameter, a body field or a part.
fn builder_holds_ids(api: &Api, operation: &Operation) -> bool {
    let resource = &api.resources[operation.resource.0];
    let body_ids = operation.body.as_ref().is_some_and(|body| {
        let fields = body_fields(api, body).map_or(&[][..], |(_, fields, ..)| fields);
        fields.iter().any(|field| is_id(api, &field.ty))
            || body.parts.iter().any(|part| match &part.kind {
                PartKind::Value(ty) => is_id(api, ty),
                _ => false,
            })
    });
    holds_ids(api, &resource.params)
        || holds_ids(api, &operation.instance_params)
        || operation.params.iter().any(|param| is_id(api, &param.ty))
        || body_ids
}

/// The field `refused` of a new handle or builder (when it `holds` one), and the statement
/// before it that makes the `refused` its identifier arguments are checked by, when
/// `takes_ids`. It starts from the parent's, when the parent keeps one.
fn refused_init(
    holds: bool,
    parent_holds: bool,
    takes_ids: bool,
) -> (Option<TokenStream>, Option<TokenStream>) {
    if !holds {
        return (None, None);
    }
    let start = if parent_holds {
        quote!(self.refused.clone())
    } else {
        quote!(crate::runtime::id::Refused::default())
    };
    if takes_ids {
        (
            Some(quote!(let mut refused = #start;)),
            Some(quote!(refused)),
        )
    } else {
        (None, Some(quote!(refused: #start)))
    }
}

fn emit_handle(api: &Api, id: ResourceId) -> TokenStream {
    let resource = &api.resources[id.0];
    let handle = ident(&resource.name);
    let fields = resource.params.iter().map(|param| {
        let name = ident(&param.name);
        let ty = type_tokens(api, &param.ty, &quote!(models::));
        quote!(#name: #ty)
    });
    let refused = holds_ids(api, &resource.params).then(|| {
        quote!(
            /// The first identifier argument that was refused, for `send` to return.
            refused: crate::runtime::id::Refused,
        )
    });
    let params = &resource.params;
    let children = resource.children.iter().map(|id| {
        let child = &api.resources[id.0];
        let inherited = &params[..child.params.len() - child.parent_params.len()];
        accessor(api, *id, quote!(self.client.clone()), inherited)
    });
    let methods = resource.operations.iter().map(|id| {
        let method = emit_method(api, resource, &api.operations[id.0]);
        let cfg = operation_cfg(api, id.0);
        quote!(#cfg #method)
    });
    let doc = docs(&format!(
        "The `{}` resource (`{}`), from [`crate::Client`]{}.",
        resource.segment,
        resource.path,
        resource
            .parent
            .map(|parent| format!(" through [`{}`]", api.resources[parent.0].name))
            .unwrap_or_default()
    ));
    let handle = quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a resource handle sends nothing until one of its requests is sent"]
        pub struct #handle {
            client: crate::Client,
            #( #fields, )*
            #refused
        }

        impl #handle {
            #( #methods )*
            #( #children )*
        }
    };
    gated(handle, resource_cfg(api, id))
}

/// The `cfg` of a resource's handle and accessor: the features of the groups it serves.
fn resource_cfg(api: &Api, id: ResourceId) -> Option<TokenStream> {
    let features = api.features.as_ref()?;
    feature_cfg(api, &features.resources[id.0])
}

/// The `cfg` of an operation's method, builder and page: its group's feature.
fn operation_cfg(api: &Api, operation: usize) -> Option<TokenStream> {
    let features = api.features.as_ref()?;
    feature_cfg(api, &[features.operations[operation]])
}

/// A struct body's model, fields, required order and unknown-fields map.
type BodyStruct<'a> = (
    &'a crate::ir::Model,
    &'a [Field],
    &'a [usize],
    Option<&'a str>,
);

/// The body struct's parts, when the body is a struct model.
fn body_fields<'a>(api: &'a Api, body: &Body) -> Option<BodyStruct<'a>> {
    let model = api.struct_of(&body.ty)?;
    match &model.kind {
        ModelKind::Struct {
            fields,
            required_order,
            unknown_fields,
        } => Some((model, fields, required_order, unknown_fields.as_deref())),
        _ => None,
    }
}

fn emit_method(api: &Api, resource: &Resource, operation: &Operation) -> TokenStream {
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder);
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let mut inits = vec![
        quote!(client: self.client.clone()),
        quote!(options: crate::RequestOptions::default()),
    ];
    for param in &resource.params {
        inits.push(inherit(api, param));
    }
    let refused = quote!(refused);
    // Whether an argument is an identifier, checked by the `refused` the builder takes.
    let mut takes_ids = false;
    for param in &operation.instance_params {
        let name = ident(&param.name);
        takes_ids |= is_id(api, &param.ty);
        let (arg_ty, value) = arg(api, &param.ty, &quote!(#name), false, &refused);
        args.push(quote!(#name: #arg_ty));
        arg_docs.push(param_doc(&param.name, param.docs.as_deref()));
        inits.push(field_init(&name, value));
    }
    for param in &operation.params {
        let name = ident(&param.name);
        if param.required {
            takes_ids |= is_id(api, &param.ty);
            let (arg_ty, value) = arg(api, &param.ty, &quote!(#name), false, &refused);
            args.push(quote!(#name: #arg_ty));
            arg_docs.push(param_doc(&param.name, param.docs.as_deref()));
            inits.push(field_init(&name, value));
        } else {
            inits.push(quote!(#name: None));
        }
    }
    if let Some(body) = operation.body.as_ref().filter(|body| is_raw(body)) {
        let (arg_ty, value) = raw_body_arg(body);
        if body.required {
            args.push(quote!(body: #arg_ty));
            arg_docs.push(param_doc("body", body.docs.as_deref()));
            inits.push(field_init(&ident("body"), value));
        } else {
            inits.push(quote!(body: None));
        }
    } else if let Some(body) = operation
        .body
        .as_ref()
        .filter(|body| !body.parts.is_empty())
    {
        for part in &body.parts {
            let name = ident(&part.name);
            if part.required {
                takes_ids |= matches!(&part.kind, PartKind::Value(ty) if is_id(api, ty));
                let (arg_ty, value) = part_arg(api, part, &quote!(#name), &refused);
                args.push(quote!(#name: #arg_ty));
                arg_docs.push(param_doc(&part.name, part.docs.as_deref()));
                inits.push(field_init(&name, value));
            } else {
                inits.push(quote!(#name: None));
            }
        }
    } else if let Some(body) = &operation.body {
        match body_fields(api, body) {
            Some((model, fields, required_order, unknown_fields)) => {
                let model_name = ident(&model.name);
                let mut required_args = Vec::new();
                let field_inits =
                    fields
                        .iter()
                        .zip(&body.setters)
                        .enumerate()
                        .map(|(index, (field, setter))| {
                            let field_name = ident(&field.name);
                            if field.required {
                                let setter_name = &setter.name;
                                let setter = ident(setter_name);
                                let (arg_ty, value) = if field.nullable {
                                    // The argument is the value itself; boxing it, when the
                                    // struct contains itself here, is the builder's job.
                                    let ty = type_tokens(api, &field.ty, &quote!(models::));
                                    let value = if field.boxed {
                                        quote!(#setter.map(Box::new))
                                    } else {
                                        quote!(#setter)
                                    };
                                    (quote!(Option<#ty>), value)
                                } else {
                                    takes_ids |= is_id(api, &field.ty);
                                    arg(api, &field.ty, &quote!(#setter), field.boxed, &refused)
                                };
                                required_args.push((
                                    index,
                                    quote!(#setter: #arg_ty),
                                    param_doc(setter_name, field.docs.as_deref()),
                                ));
                                field_init(&field_name, value)
                            } else {
                                quote!(#field_name: None)
                            }
                        });
                let field_inits: Vec<_> = field_inits.collect();
                required_args.sort_by_key(|(index, ..)| {
                    required_order.iter().position(|required| required == index)
                });
                for (_, arg, doc) in required_args {
                    args.push(arg);
                    arg_docs.push(doc);
                }
                let unknown_fields = unknown_fields
                    .map(|name| {
                        let name = ident(name);
                        quote!(#name: crate::UnknownFields::default(),)
                    })
                    .unwrap_or_default();
                inits.push(quote!(body: models::#model_name {
                    #( #field_inits, )*
                    #unknown_fields
                }));
            }
            None if body.required => {
                let ty = type_tokens(api, &body.ty, &quote!(models::));
                args.push(quote!(body: #ty));
                arg_docs.push(param_doc("body", body.docs.as_deref()));
                inits.push(quote!(body));
            }
            None => inits.push(quote!(body: None)),
        }
    }
    if operation.paging.is_some() {
        inits.push(quote!(limit: None));
    }
    let (start, refused_field) = refused_init(
        builder_holds_ids(api, operation),
        holds_ids(api, &resource.params),
        takes_ids,
    );
    inits.extend(refused_field);
    let mut text = String::new();
    for part in [&operation.summary, &operation.description]
        .into_iter()
        .flatten()
    {
        if !text.contains(part.as_str()) {
            text.push_str(part);
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!("`{} {}`", operation.http_method, operation.path));
    // The encodings of one body are methods side by side; each names the others.
    let content_type = |operation: &Operation| {
        operation
            .body
            .as_ref()
            .map_or(String::new(), |body| body.content_type.clone())
    };
    let siblings = resource
        .operations
        .iter()
        .map(|id| &api.operations[id.0])
        .filter(|other| other.id == operation.id && other.method_name != operation.method_name);
    for other in siblings {
        text.push_str(&format!(
            "\n\n[`Self::{}`] sends the body as `{}` instead.",
            crate::ident::bare(&other.method_name),
            content_type(other)
        ));
    }
    if !arg_docs.is_empty() {
        text.push_str("\n\n# Arguments");
    }
    let doc = docs(&text);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
    // The arguments are the operation's required values in the document's order; a
    // struct for them would only move the same list elsewhere.
    let many_arguments = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let inline = inline_unless_generic(&args);
    quote! {
        #doc
        #( #arg_docs )*
        #deprecated
        #many_arguments
        #inline
        pub fn #method(&self, #( #args ),*) -> #builder {
            #start
            #builder { #( #inits, )* }
        }
    }
}

/// What one parameter or the body adds to a request builder: private fields, builder
/// methods, and statements of its `call` method.
#[derive(Default)]
struct Parts {
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    statements: Vec<TokenStream>,
}

impl Parts {
    fn extend(&mut self, other: Parts) {
        self.fields.extend(other.fields);
        self.setters.extend(other.setters);
        self.statements.extend(other.statements);
    }
}

/// The request builder of an operation: a struct holding the client, the options and every
/// value of the request, its setters and `call` (which describes the request to the
/// runtime), and the runtime's sending and paging methods.
fn emit_builder(api: &Api, operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder);
    let resource = &api.resources[operation.resource.0];
    let mut parts = Parts {
        fields: vec![
            quote!(client: crate::Client),
            quote!(options: crate::RequestOptions),
        ],
        ..Parts::default()
    };
    let mut path_args = Vec::new();
    // Values written by their JSON (a `oneOf` of strings, say) are written before the call
    // is made, and the call is refused afterwards when one is not a single value.
    let mut path_texts = Vec::new();
    let mut path_checks = Vec::new();
    for param in resource.params.iter().chain(&operation.instance_params) {
        let name = ident(&param.name);
        let ty = type_tokens(api, &param.ty, &quote!(models::));
        parts.fields.push(quote!(#name: #ty));
        if text_kind(api, &param.ty) == TextKind::Json {
            let wire = &param.wire_name;
            path_texts.push(quote!(let #name = Call::scalar(#wire, &self.#name);));
            path_args.push(quote!(#name.as_deref().unwrap_or_default()));
            path_checks.push(quote!(call.checked(#name);));
        } else {
            path_args.push(path_value(api, &param.ty, quote!(self.#name)));
        }
    }
    parts.statements.extend(path_checks);
    let holds = builder_holds_ids(api, operation);
    if holds {
        parts.fields.push(quote!(
            /// The first identifier argument that was refused, for `send` to return.
            refused: crate::runtime::id::Refused
        ));
    }
    for param in &operation.params {
        parts.extend(param_parts(api, param));
    }
    match &operation.body {
        Some(body) if is_raw(body) => parts.extend(raw_body_parts(body)),
        Some(body) if body.encoding == BodyEncoding::Multipart => {
            parts.extend(multipart_parts(api, body));
        }
        Some(body) => parts.extend(body_parts(api, body)),
        None => {}
    }
    // Lowering accepted only well-formed templates, so each `{name}` becomes the `{}` that
    // `Call::new` fills with the next path argument.
    let template = crate::paths::normalise(&operation.path);
    let operation_id = &operation.id;
    let method = format_ident!("{}", operation.http_method.as_str());
    let server = operation
        .server
        .as_ref()
        .map(|server| quote!(.with_server(#server)));
    let security = operation.security.as_ref().map(|security| {
        let requirements = super::requirements(security);
        quote!(.with_security(#requirements))
    });
    // A redirect the operation documents as its answer (it documents no 2xx) is its
    // success, which the runtime must not take for an error.
    let redirects: Vec<proc_macro2::Literal> = operation
        .success
        .statuses
        .iter()
        .filter(|status| !(200..300).contains(*status))
        .map(|status| proc_macro2::Literal::u16_unsuffixed(*status))
        .collect();
    let success = (!redirects.is_empty()).then(|| quote!(.with_success(&[#( #redirects ),*])));
    let refuse = holds.then(|| quote!(.with_refused(self.refused.get())));
    let new_call = quote! {
        Call::new(#operation_id, Method::#method, #template, &[#( #path_args ),*])
            #server
            #security
            #success
            .with_options(&self.options)
            #refuse
    };
    if !operation.success.accept.is_empty()
        && matches!(
            operation.success.media,
            ResponseMedia::Text | ResponseMedia::Binary | ResponseMedia::Json
        )
    {
        let accept = operation.success.accept.join(", ");
        parts.statements.push(quote!(call.accept(#accept);));
    }
    let statements = &parts.statements;
    let call_body = if statements.is_empty() {
        new_call
    } else {
        quote! {
            #( #path_texts )*
            let mut call = #new_call;
            #( #statements )*
            call
        }
    };
    let success = match (operation.success.media, &operation.success.ty) {
        (ResponseMedia::Text, _) => quote!(@text),
        (ResponseMedia::Binary, _) => quote!(@bytes),
        (ResponseMedia::Events, _) => quote!(@events),
        (ResponseMedia::Json, Some(ty)) => {
            let ty = type_tokens(api, ty, &quote!(models::));
            match operation.success.also_events {
                true => quote!(#ty | @events),
                false => ty,
            }
        }
        (ResponseMedia::Json, None) => quote!(()),
    };
    let paging = operation.paging.as_ref().map(|paging| {
        parts.fields.push(quote!(limit: Option<usize>));
        let page = type_tokens(api, &page_type(paging), &quote!(models::));
        let item = type_tokens(api, &paging.item, &quote!(models::));
        quote!(crate::runtime::paging::paged_methods!(#builder, #page => #item);)
    });
    let method_link = format!(
        "[`{}::{}`]",
        resource.name,
        crate::ident::bare(&operation.method_name)
    );
    let doc = docs(&format!(
        "The `{}` request (`{} {}`), from {method_link}.",
        operation.id, operation.http_method, operation.path,
    ));
    let what = format!(
        "{} as described at {method_link}.",
        kind_verb(operation.kind)
    );
    let Parts {
        fields, setters, ..
    } = parts;
    // `call` is `#[inline]` like the setters (see the module docs), which also keeps the
    // body encoding it instantiates (a form model's `Serialize`) out of this crate.
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            #( #fields, )*
        }

        impl #builder {
            #( #setters )*

            #[inline]
            fn call(&self) -> Call {
                #call_body
            }
        }

        crate::runtime::request::request_methods!(#builder -> #success, #method, #what);

        #paging
    }
}

/// What a request of this kind does, as the first word of its `send` documentation.
fn kind_verb(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::List => "Lists",
        OperationKind::Create => "Creates",
        OperationKind::Fetch => "Fetches",
        OperationKind::Update => "Updates",
        OperationKind::Delete => "Deletes",
        OperationKind::Action => "Performs",
    }
}

/// A query or header parameter: a field (an `Option` unless required), a setter when
/// optional, and the statements that check its range and add it to the call.
fn param_parts(api: &Api, param: &Param) -> Parts {
    let name = ident(&param.name);
    let ty = type_tokens(api, &param.ty, &quote!(models::));
    let wire = &param.wire_name;
    let (add, location) = match param.location {
        ParamLocation::Header => (quote!(header), "header"),
        ParamLocation::Query => (quote!(query), "query"),
        ParamLocation::Cookie => (quote!(cookie), "cookie"),
    };
    let styled = param.is_styled(&api.models);
    let push = |place: Place<'_>| {
        if !styled {
            return query_push(
                api,
                &add,
                wire,
                &param.ty,
                place,
                param.style.joins_with_commas(),
            );
        }
        let value = place.reference();
        let style = format_ident!("{}", style_variant(param.style));
        match param.location {
            ParamLocation::Query => quote! {
                call.query_styled(#wire, Style::#style, #value);
            },
            ParamLocation::Header => quote! {
                call.header_styled(#wire, Style::#style, #value);
            },
            ParamLocation::Cookie => quote!(call.cookie(#wire, #value);),
        }
    };
    let check = |value: TokenStream| {
        param.range.map(|Range { minimum, maximum }| {
            let bound = |bound: Option<i64>| match bound {
                Some(bound) => {
                    let bound = proc_macro2::Literal::i64_unsuffixed(bound);
                    quote!(Some(#bound))
                }
                None => quote!(None),
            };
            let (minimum, maximum) = (bound(minimum), bound(maximum));
            quote!(call.check_range(#wire, #value, #minimum, #maximum);)
        })
    };
    if param.required {
        let check = check(quote!(self.#name));
        let push = push(Place::Field(&name));
        return Parts {
            fields: vec![quote!(#name: #ty)],
            setters: Vec::new(),
            statements: vec![quote!(#check #push)],
        };
    }
    // A plain value with nothing to check is added by one call, present or not.
    let plain = !styled
        && param.range.is_none()
        && param.location != ParamLocation::Cookie
        && text_kind(api, &param.ty) == TextKind::Plain;
    let statement = if plain {
        let add = format_ident!("optional_{add}");
        let value = if is_copy(api, &param.ty) {
            quote!(self.#name)
        } else {
            quote!(self.#name.as_ref())
        };
        quote!(call.#add(#wire, #value);)
    } else {
        let check = check(quote!(*value));
        let push = push(Place::Binding);
        quote!(if let Some(value) = &self.#name { #check #push })
    };
    let (arg_ty, value) = arg(api, &param.ty, &quote!(#name), false, &quote!(self.refused));
    let inline = inline_unless_generic(std::slice::from_ref(&arg_ty));
    let doc = docs_or(param.docs.as_deref(), || {
        format!("Sets the `{wire}` {location} parameter.")
    });
    Parts {
        fields: vec![quote!(#name: Option<#ty>)],
        setters: vec![quote! {
            #doc
            #inline
            pub fn #name(mut self, #name: #arg_ty) -> Self {
                self.#name = Some(#value);
                self
            }
        }],
        statements: vec![statement],
    }
}

/// The variant of the runtime's `params::Style` that writes `style`.
fn style_variant(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Form => "Form",
        ParamStyle::FormJoined => "FormJoined",
        ParamStyle::Simple => "Simple",
        ParamStyle::SimpleExploded => "SimpleExploded",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

/// The request body: the body field, the setters of its optional fields (and their
/// `clear_` methods) or of the whole body, and the statement that encodes it.
fn body_parts(api: &Api, body: &Body) -> Parts {
    let encode = |value: TokenStream| match body.encoding {
        BodyEncoding::Form if !body.form_styles.is_empty() => {
            let styles = body.form_styles.iter().map(|(name, style)| {
                let style = format_ident!("{}", style_variant(*style));
                quote!((#name, Style::#style))
            });
            quote!(call.form_styled(#value, &[#( #styles ),*]);)
        }
        BodyEncoding::Form => quote!(call.form(#value);),
        // Multipart, text and binary bodies are emitted by their own functions.
        BodyEncoding::Json
        | BodyEncoding::Multipart
        | BodyEncoding::Text
        | BodyEncoding::Binary => quote!(call.json(#value);),
    };
    let Some((model, model_fields, ..)) = body_fields(api, body) else {
        let ty = type_tokens(api, &body.ty, &quote!(models::));
        if body.required {
            return Parts {
                fields: vec![quote!(body: #ty)],
                setters: Vec::new(),
                statements: vec![encode(quote!(&self.body))],
            };
        }
        let doc = docs_or(body.docs.as_deref(), || "Sets the request body.".to_owned());
        return Parts {
            fields: vec![quote!(body: Option<#ty>)],
            setters: vec![quote! {
                #doc
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            }],
            statements: {
                let encode = encode(quote!(body));
                vec![quote!(if let Some(body) = &self.body { #encode })]
            },
        };
    };
    let model_name = ident(&model.name);
    let mut setters = Vec::new();
    for (field, setter) in model_fields
        .iter()
        .zip(&body.setters)
        .filter(|(field, _)| !field.required)
    {
        let field_name = ident(&field.name);
        let name = ident(&setter.name);
        let (arg_ty, value) = arg(
            api,
            &field.ty,
            &quote!(#name),
            field.boxed,
            &quote!(self.refused),
        );
        let value = if field.clearable {
            quote!(Some(#value))
        } else {
            value
        };
        let inline = inline_unless_generic(std::slice::from_ref(&arg_ty));
        let doc = docs_or(field.docs.as_deref(), || {
            format!("Sets the `{}` body field.", field.wire_name)
        });
        setters.push(quote! {
            #doc
            #inline
            pub fn #name(mut self, #name: #arg_ty) -> Self {
                self.body.#field_name = Some(#value);
                self
            }
        });
        if let Some(clearer) = &setter.clearer {
            let clearer = ident(clearer);
            let doc = docs(&format!(
                "Sends `null` for the `{}` body field, which clears it; leaving the field \
                 unset leaves it unchanged.",
                field.wire_name
            ));
            setters.push(quote! {
                #doc
                #[inline]
                pub fn #clearer(mut self) -> Self {
                    self.body.#field_name = Some(None);
                    self
                }
            });
        }
    }
    Parts {
        fields: vec![quote!(body: models::#model_name)],
        setters,
        statements: vec![encode(quote!(&self.body))],
    }
}

/// Whether a body is text or bytes the caller gives whole.
pub(super) fn is_raw(body: &Body) -> bool {
    matches!(body.encoding, BodyEncoding::Text | BodyEncoding::Binary)
}

/// The type a builder keeps a text or binary body in, the argument type that sets it and
/// the expression that stores the argument `body`.
fn raw_body_arg(body: &Body) -> (TokenStream, TokenStream) {
    match body.encoding {
        BodyEncoding::Text => (quote!(impl Into<String>), quote!(body.into())),
        _ => (quote!(impl Into<crate::File>), quote!(body.into())),
    }
}

/// A text or binary body: the field, its setter when optional, and the statement that
/// sends it with its media type.
fn raw_body_parts(body: &Body) -> Parts {
    let (ty, send) = match body.encoding {
        BodyEncoding::Text => (quote!(String), quote!(text)),
        _ => (quote!(crate::File), quote!(binary)),
    };
    let content_type = &body.content_type;
    let (arg_ty, value) = raw_body_arg(body);
    if body.required {
        return Parts {
            fields: vec![quote!(body: #ty)],
            setters: Vec::new(),
            statements: vec![quote!(call.#send(#content_type, self.body.clone());)],
        };
    }
    let doc = docs_or(body.docs.as_deref(), || {
        format!("Sets the request body (`{content_type}`).")
    });
    Parts {
        fields: vec![quote!(body: Option<#ty>)],
        setters: vec![quote! {
            #doc
            pub fn body(mut self, body: #arg_ty) -> Self {
                self.body = Some(#value);
                self
            }
        }],
        statements: vec![quote! {
            if let Some(body) = &self.body {
                call.#send(#content_type, body.clone());
            }
        }],
    }
}

/// The type a builder keeps a multipart part in, the argument type that sets it and the
/// expression that stores the argument `name`.
fn part_arg(
    api: &Api,
    part: &Part,
    name: &TokenStream,
    refused: &TokenStream,
) -> (TokenStream, TokenStream) {
    match &part.kind {
        PartKind::File => (quote!(impl Into<crate::File>), quote!(#name.into())),
        PartKind::Files => (quote!(Vec<crate::File>), name.clone()),
        PartKind::FileOr(ty) => {
            let ty = type_tokens(api, ty, &quote!(models::));
            (quote!(crate::FileOr<#ty>), name.clone())
        }
        PartKind::Value(ty) => arg(api, ty, name, false, refused),
    }
}

/// A `multipart/form-data` body: a field per part (an `Option` unless required), the
/// setters of the optional ones, and the statements that build the form in part order.
fn multipart_parts(api: &Api, body: &Body) -> Parts {
    let mut parts = Parts::default();
    let mut adds = Vec::new();
    for part in &body.parts {
        let name = ident(&part.name);
        let wire = &part.wire_name;
        let ty = match &part.kind {
            PartKind::File => quote!(crate::File),
            PartKind::Files => quote!(Vec<crate::File>),
            PartKind::FileOr(ty) => {
                let ty = type_tokens(api, ty, &quote!(models::));
                quote!(crate::FileOr<#ty>)
            }
            PartKind::Value(ty) => type_tokens(api, ty, &quote!(models::)),
        };
        let content_type = match &part.content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let add = |place: Place<'_>| {
            let (value, receiver) = (place.reference(), place.receiver());
            match &part.kind {
                PartKind::File => quote!(form.file(#wire, #receiver.clone(), #content_type);),
                PartKind::Files => quote! {
                    for file in #value {
                        form.file(#wire, file.clone(), #content_type);
                    }
                },
                PartKind::FileOr(_) => quote! {
                    match #value {
                        crate::FileOr::File(file) => form.file(#wire, file.clone(), #content_type),
                        crate::FileOr::Value(value) => form.value(#wire, value, #content_type),
                    }
                },
                PartKind::Value(_) => quote!(form.value(#wire, #value, #content_type);),
            }
        };
        if part.required {
            parts.fields.push(quote!(#name: #ty));
            adds.push(add(Place::Field(&name)));
            continue;
        }
        parts.fields.push(quote!(#name: Option<#ty>));
        let add = add(Place::Binding);
        adds.push(quote!(if let Some(value) = &self.#name { #add }));
        let (arg_ty, value) = part_arg(api, part, &quote!(#name), &quote!(self.refused));
        let inline = inline_unless_generic(std::slice::from_ref(&arg_ty));
        let doc = docs_or(part.docs.as_deref(), || format!("Sets the `{wire}` part."));
        parts.setters.push(quote! {
            #doc
            #inline
            pub fn #name(mut self, #name: #arg_ty) -> Self {
                self.#name = Some(#value);
                self
            }
        });
    }
    parts.statements.push(quote! {
        let mut form = crate::runtime::multipart::Multipart::new();
        #( #adds )*
        call.multipart(form);
    });
    parts
}

/// Whether the handles and builders name a model: through a path, query, header or body
/// parameter, a response or a page.
fn mentions_models(api: &Api) -> bool {
    let path_params = api.resources.iter().flat_map(|resource| &resource.params);
    let operation_types = api.operations.iter().flat_map(|operation| {
        let query = operation.params.iter().map(|param| &param.ty);
        let instance = operation.instance_params.iter().map(|param| &param.ty);
        let body = operation.body.iter().flat_map(|body| {
            let parts = body.parts.iter().filter_map(|part| match &part.kind {
                PartKind::Value(ty) => Some(ty),
                PartKind::FileOr(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            });
            std::iter::once(&body.ty).chain(parts)
        });
        query
            .chain(instance)
            .chain(body)
            .chain(&operation.success.ty)
    });
    api.operations
        .iter()
        .any(|operation| operation.paging.is_some())
        || path_params
            .map(|param| &param.ty)
            .chain(operation_types)
            .any(Type::mentions_model)
}

/// `name: value`, or the shorthand `name` when the value is the variable of that name.
fn field_init(name: &proc_macro2::Ident, value: TokenStream) -> TokenStream {
    if *name == value.to_string() {
        quote!(#name)
    } else {
        quote!(#name: #value)
    }
}

/// How a parameter's value is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// A string enum or an identifier: its `as_str()`.
    AsStr,
    /// A string, number, boolean or date: the runtime's `ToParam`.
    Plain,
    /// Anything else (a `oneOf`, an object, a schema-less value): written from its JSON,
    /// by `Call::scalar` in a path, by the runtime's styles elsewhere.
    Json,
}

fn text_kind(api: &Api, ty: &Type) -> TextKind {
    if has_as_str(api, ty) {
        TextKind::AsStr
    } else if crate::ir::is_text(&api.models, ty) {
        TextKind::Plain
    } else {
        TextKind::Json
    }
}

/// The `&str` of a path parameter's value, for a value that is not [`TextKind::Json`].
fn path_value(api: &Api, ty: &Type, value: TokenStream) -> TokenStream {
    if has_as_str(api, ty) {
        quote!(#value.as_str())
    } else if *ty == Type::String {
        quote!(&#value)
    } else {
        quote!(&#value.to_string())
    }
}

/// Where the value of a query or header parameter is: a required one in its field, an
/// optional one in the `value` bound by `if let Some(value) = &self.field`.
#[derive(Clone, Copy)]
enum Place<'a> {
    Field(&'a proc_macro2::Ident),
    Binding,
}

impl Place<'_> {
    /// A reference to the value.
    fn reference(self) -> TokenStream {
        match self {
            Place::Field(name) => quote!(&self.#name),
            Place::Binding => quote!(value),
        }
    }

    /// The value as a method receiver, which borrows it by itself.
    fn receiver(self) -> TokenStream {
        match self {
            Place::Field(name) => quote!(self.#name),
            Place::Binding => quote!(value),
        }
    }
}

/// The statements that add a query parameter: one pair per element for arrays.
/// `add` is `query` or `header`, the `Call` method that takes the pair; `joined` sends an
/// array as one comma-separated value.
fn query_push(
    api: &Api,
    add: &TokenStream,
    wire: &str,
    ty: &Type,
    place: Place<'_>,
    joined: bool,
) -> TokenStream {
    let value = place.reference();
    match ty {
        Type::Array(item) if joined => {
            let receiver = place.receiver();
            let text = match text_kind(api, item) {
                TextKind::AsStr => quote!(crate::runtime::call::Call::join(
                    #receiver.iter().map(|element| element.as_str())
                )),
                TextKind::Plain => quote!(crate::runtime::call::Call::join(#receiver.iter())),
                TextKind::Json => {
                    quote!(call.checked(Call::scalars(#wire, #receiver.iter())))
                }
            };
            if text_kind(api, item) == TextKind::Json {
                quote! {
                    let text = #text;
                    call.#add(#wire, text);
                }
            } else {
                quote!(call.#add(#wire, #text);)
            }
        }
        Type::Array(item) => {
            let push = scalar_push(api, add, wire, item, quote!(element), quote!(element));
            quote! {
                for element in #value {
                    #push
                }
            }
        }
        _ => scalar_push(api, add, wire, ty, value, place.receiver()),
    }
}

/// The statement that adds one value of type `ty` as a query or header parameter, from a
/// reference to it (`value`) or the value as a method receiver.
fn scalar_push(
    api: &Api,
    add: &TokenStream,
    wire: &str,
    ty: &Type,
    value: TokenStream,
    receiver: TokenStream,
) -> TokenStream {
    match text_kind(api, ty) {
        TextKind::AsStr => quote!(call.#add(#wire, #receiver.as_str());),
        // A `Copy` value is passed as it is, which clippy prefers to a borrow.
        TextKind::Plain if is_copy(api, ty) => quote!(call.#add(#wire, #receiver);),
        TextKind::Plain => quote!(call.#add(#wire, #value);),
        TextKind::Json => quote! {
            let text = call.checked(Call::scalar(#wire, #value));
            call.#add(#wire, text);
        },
    }
}

/// `impl Page` for every page model, once each.
fn emit_pages(api: &Api) -> Vec<TokenStream> {
    let mut seen = std::collections::BTreeSet::new();
    api.operations
        .iter()
        .filter_map(|operation| operation.paging.as_ref())
        // A bare array is a page by the runtime's own `impl Page for Vec<T>`.
        .filter_map(|paging| Some((paging.page?, paging)))
        .filter(|(page, _)| seen.insert(*page))
        .map(|(page, paging)| {
            let cfg = api
                .features
                .as_ref()
                .and_then(|features| feature_cfg(api, &features.models[page.0]));
            let page = type_tokens(api, &Type::Model(page), &quote!(models::));
            let item = type_tokens(api, &paging.item, &quote!(models::));
            let items_field = ident(&paging.items_field);
            let items = if paging.items_optional {
                quote!(self.#items_field.unwrap_or_default())
            } else {
                quote!(self.#items_field)
            };
            let next = match &paging.next {
                NextPage::BodyLink(chain) => {
                    let link = next_link(chain);
                    quote! {
                        #[inline]
                        fn next_link(&self) -> Option<&String> {
                            #link
                        }
                    }
                }
                // The runtime reads the header; the page itself has no way on.
                NextPage::LinkHeader => quote!(
                    const LINK_HEADER: bool = true;
                ),
                NextPage::Cursor {
                    parameter,
                    cursor,
                    has_more,
                } => {
                    let cursor = match cursor {
                        Cursor::Field(chain) => match chain.as_slice() {
                            [only] => {
                                let field = ident(&only.field);
                                match only.optional {
                                    true => quote!(self.#field.clone()),
                                    false => quote!(Some(self.#field.clone())),
                                }
                            }
                            _ => {
                                let link = next_link(chain);
                                quote!(#link.cloned())
                            }
                        },
                        Cursor::LastItem(id) => {
                            let last = if paging.items_optional {
                                quote!(self.#items_field.as_ref().and_then(|items| items.last()))
                            } else {
                                quote!(self.#items_field.last())
                            };
                            let id_field = ident(&id.field);
                            match id.optional {
                                true => quote!(#last.and_then(|item| item.#id_field.clone())),
                                false => quote!(#last.map(|item| item.#id_field.clone())),
                            }
                        }
                    };
                    let stop = has_more.as_ref().map(|chain| {
                        let last = match chain.as_slice() {
                            [only] => {
                                let flag = ident(&only.field);
                                match only.optional {
                                    true => quote!(self.#flag != Some(true)),
                                    false => quote!(!self.#flag),
                                }
                            }
                            _ => {
                                let flag = next_link(chain);
                                quote!(#flag != Some(&true))
                            }
                        };
                        quote! {
                            if #last {
                                return None;
                            }
                        }
                    });
                    quote! {
                        const CURSOR_PARAMETER: Option<&'static str> = Some(#parameter);

                        #[inline]
                        fn next_cursor(&self) -> Option<String> {
                            #stop
                            #cursor
                        }
                    }
                }
            };
            quote! {
                #cfg
                impl crate::runtime::paging::Page for #page {
                    type Item = #item;

                    #next

                    #[inline]
                    fn into_items(self) -> Vec<Self::Item> {
                        #items
                    }
                }
            }
        })
        .collect()
}

/// The type of a list's pages: its page model, or a bare array of its items.
fn page_type(paging: &Paging) -> Type {
    match paging.page {
        Some(page) => Type::Model(page),
        None => Type::Array(Box::new(paging.item.clone())),
    }
}

fn next_link(chain: &[LinkStep]) -> TokenStream {
    let mut expression = quote!(self);
    let mut optional = false;
    for step in chain {
        let field = ident(&step.field);
        let field_optional = step.optional;
        expression = match (optional, field_optional) {
            (false, false) => quote!(#expression.#field),
            (false, true) => quote!(#expression.#field.as_ref()),
            (true, false) => quote!(#expression.map(|link| &link.#field)),
            (true, true) => quote!(#expression.and_then(|link| link.#field.as_ref())),
        };
        optional |= field_optional;
    }
    if optional {
        expression
    } else {
        quote!(Some(&#expression))
    }
}
