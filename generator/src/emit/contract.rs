//! Emits the contract harness of a generated crate: a binary that calls every operation
//! once through the crate's public API, as a user would, against a server given on its
//! command line (a validating mock such as Prism), and reads every response.
//!
//! Each operation gets a function with up to two calls: one with only the required
//! arguments, and one that also sets every optional parameter, body field and part. The
//! values come from [`crate::sample`] as JSON and are decoded into the argument's type
//! when the harness runs (`sample(..)?`), so one expression serves every type, and a value
//! the type does not accept is a failure of that operation rather than code that does
//! not compile. List operations read a few pages, event streams a few events.

use super::resources::is_raw;
use super::{ident, type_tokens};
use crate::ir::{
    Api, Body, BodyEncoding, ModelKind, Operation, Param, ParamLocation, Part, PartKind,
    ResponseMedia, SchemeKind, Type,
};
use crate::sample::Sampler;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The path of the harness's copy of the shared support code.
pub const SUPPORT_FILE: &str = "src/support.rs";

/// The shared support code, hand-written in `generator/harness/`.
pub const SUPPORT: &str = include_str!("../../harness/support.rs");

/// `src/main.rs` of the harness, as pieces: the module docs and `main`, then one
/// function per operation.
pub fn main_rs(api: &Api, sampler: &Sampler<'_>, crate_name: &str) -> Vec<TokenStream> {
    let docs = super::inner_docs(&format!(
        "The contract harness of `{crate_name}`: calls each of its {} operations through \
         the crate's public API against the server whose base URL is the first argument, \
         and prints one line per operation.",
        operation_count(api)
    ));
    let calls = api.operations.iter().map(|operation| {
        let function = function_name(operation);
        quote!(#function(&client, &mut run).await;)
    });
    let credentials = credentials(api);
    let recursion_limit = super::krate::recursion_limit(api);
    // A document without operations still builds its client, which checks the
    // credentials, and prints an empty tally.
    let (client_binding, mutable) = match api.operations.is_empty() {
        true => (quote!(_client), None),
        false => (quote!(client), Some(quote!(mut))),
    };
    let head = quote! {
        #docs
        #recursion_limit
        // Every operation is called, the deprecated ones too.
        #![allow(deprecated)]
        // Not every harness reads every kind of response.
        #[allow(dead_code)]
        mod support;

        use support::Run;

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> std::process::ExitCode {
            let Some(base_url) = std::env::args().nth(1) else {
                eprintln!("usage: contract BASE_URL");
                return std::process::ExitCode::FAILURE;
            };
            // Redirects are not followed: a mock makes up their `Location`, and the
            // documented redirect is the answer to check.
            let http = client::reqwest::Client::builder()
                .redirect(client::reqwest::redirect::Policy::none())
                .build();
            let http = match http {
                Ok(http) => http,
                Err(error) => {
                    eprintln!("error: cannot build the HTTP client: {error}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            // No retries, and a short timeout: a request that fails fails at once, and a
            // server that stopped answering does not hold the run for minutes.
            let client = client::Client::builder()
                .base_url(base_url)
                .allow_http(true)
                .http_client(http)
                .retry(client::RetryPolicy::none())
                .timeout(std::time::Duration::from_secs(20))
                #credentials
                .build();
            let #client_binding = match client {
                Ok(client) => client,
                Err(error) => {
                    eprintln!("error: cannot build the client: {error}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let #mutable run = Run::default();
            #( #calls )*
            run.finish()
        }
    };
    std::iter::once(head)
        .chain(
            api.operations
                .iter()
                .map(|operation| operation_fn(api, sampler, operation)),
        )
        .collect()
}

/// The number of distinct operations: the encodings of one body are one operation.
fn operation_count(api: &Api) -> usize {
    api.operations
        .iter()
        .filter(|operation| operation.variant_of.is_none())
        .count()
}

/// Made-up credentials for every scheme the API declares.
fn credentials(api: &Api) -> TokenStream {
    if api.runtime.twilio {
        return quote!(.credentials(support::ACCOUNT_SID, support::SECRET));
    }
    let mut calls = Vec::new();
    let mut bearer = false;
    for scheme in &api.auth.schemes {
        match &scheme.kind {
            SchemeKind::Basic => calls.push(quote!(.basic_auth("contract", support::SECRET))),
            SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect if !bearer => {
                bearer = true;
                calls.push(quote!(.bearer_token(support::SECRET)));
            }
            SchemeKind::ApiKey { .. } => {
                let name = &scheme.name;
                calls.push(quote!(.api_key_for(#name, support::SECRET)));
            }
            _ => {}
        }
    }
    quote!(#( #calls )*)
}

/// The function that calls one operation (one encoding of its body): with the required
/// arguments, then, when it has optional ones, with every argument.
fn operation_fn(api: &Api, sampler: &Sampler<'_>, operation: &Operation) -> TokenStream {
    let function = function_name(operation);
    let id = &operation.id;
    let request = format!("{} {}", operation.http_method, operation.path);
    let doc = super::docs(&format!("`{id}`: `{request}`."));
    let call = |every: bool| {
        let builder = builder(api, sampler, operation, every);
        let read = read(operation);
        quote!(async {
            let builder = #builder;
            #read
        }
        .await)
    };
    // A protocol upgrade is not a request and an answer, so there is no call to make.
    let upgrades = operation.success.statuses.is_empty()
        && operation
            .errors
            .iter()
            .any(|error| error.status == Some(101));
    if upgrades {
        return quote! {
            #doc
            async fn #function(_client: &client::Client, run: &mut Run) {
                run.skip(#id, "it answers 101 Switching Protocols (a WebSocket), not an HTTP response");
            }
        };
    }
    let required = call(false);
    let optional = has_optional(api, operation).then(|| {
        let every = call(true);
        quote! {
            let every: support::Outcome = #every;
            run.record(ID, REQUEST, "every argument", every);
        }
    });
    quote! {
        #doc
        async fn #function(client: &client::Client, run: &mut Run) {
            const ID: &str = #id;
            const REQUEST: &str = #request;
            let required: support::Outcome = #required;
            run.record(ID, REQUEST, "required arguments", required);
            #optional
        }
    }
}

/// The function that calls an operation: `call_` and its builder's name in snake case,
/// which is unique in the crate (and so never `main`).
fn function_name(operation: &Operation) -> proc_macro2::Ident {
    let name = heck::ToSnakeCase::to_snake_case(operation.builder.as_str());
    proc_macro2::Ident::new(&format!("call_{name}"), proc_macro2::Span::call_site())
}

/// How a call sends the request and reads the response.
fn read(operation: &Operation) -> TokenStream {
    if operation.paging.is_some() {
        return quote!(support::pages(builder.pages()).await);
    }
    let documented: Vec<Literal> = operation
        .errors
        .iter()
        .filter_map(|error| error.status)
        .map(Literal::u16_unsuffixed)
        .collect();
    match operation.success.media {
        ResponseMedia::Events => quote!(support::events(builder.send().await).await),
        _ if operation.success.statuses.is_empty() && !documented.is_empty() => {
            quote!(support::answered(builder.send().await, &[#( #documented ),*]))
        }
        _ if operation.success.statuses.is_empty() && operation.errors.is_empty() => {
            quote!(support::any_answer(builder.send().await))
        }
        _ => quote!(support::sent(builder.send().await)),
    }
}

/// Whether the operation has an argument the required call leaves out.
fn has_optional(api: &Api, operation: &Operation) -> bool {
    let params = operation.params.iter().any(|param| !param.required);
    let body = operation
        .body
        .as_ref()
        .is_some_and(|body| match struct_fields(api, body) {
            _ if !body.required => true,
            Some(fields) => fields.iter().any(|field| !field.required),
            None => body.parts.iter().any(|part| !part.required),
        });
    params || body
}

fn struct_fields<'a>(api: &'a Api, body: &Body) -> Option<&'a [crate::ir::Field]> {
    if is_raw(body) || !body.parts.is_empty() {
        return None;
    }
    match &api.struct_of(&body.ty)?.kind {
        ModelKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}

/// The expression that makes the request builder: the resource handles from the client
/// down, the operation's method with its required arguments, and with `every` the
/// setters of the optional ones.
fn builder(api: &Api, sampler: &Sampler<'_>, operation: &Operation, every: bool) -> TokenStream {
    let mut chain = Vec::new();
    let mut resource = Some(operation.resource);
    while let Some(id) = resource {
        chain.push(&api.resources[id.0]);
        resource = api.resources[id.0].parent;
    }
    let handles = chain.iter().rev().map(|resource| {
        let accessor = ident(&resource.accessor);
        let args = resource
            .parent_params
            .iter()
            .map(|param| argument(api, &param.ty, &path_value(sampler, &param.source)));
        quote!(.#accessor(#( #args ),*))
    });
    let method = ident(&operation.method_name);
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for param in &operation.instance_params {
        args.push(argument(
            api,
            &param.ty,
            &path_value(sampler, &param.source),
        ));
    }
    for param in &operation.params {
        let value = argument(api, &param.ty, &param_value(sampler, operation, param));
        if param.required {
            args.push(value);
        } else if every {
            let name = ident(&param.name);
            setters.push(quote!(.#name(#value)));
        }
    }
    if let Some(body) = &operation.body {
        body_arguments(
            api,
            sampler,
            operation,
            body,
            every,
            &mut args,
            &mut setters,
        );
    }
    quote!(client #( #handles )* .#method(#( #args ),*) #( #setters )*)
}

/// The body's arguments and setters, in the order the method takes them.
fn body_arguments(
    api: &Api,
    sampler: &Sampler<'_>,
    operation: &Operation,
    body: &Body,
    every: bool,
    args: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) {
    let schema = sampler.body_schema(&operation.source, &body.content_type);
    let property = |wire_name: &str| {
        schema
            .and_then(|schema| sampler.property(schema, wire_name))
            .map_or(Value::String("contract".to_owned()), |schema| {
                sampler.sample(schema)
            })
    };
    let mut add = |required: bool, value: TokenStream, setter: &str| {
        if required {
            args.push(value);
        } else if every {
            let setter = ident(setter);
            setters.push(quote!(.#setter(#value)));
        }
    };
    if is_raw(body) {
        let value = match body.encoding {
            BodyEncoding::Text => {
                let sample = schema.map(|schema| sampler.sample(schema));
                let text = match sample {
                    Some(Value::String(text)) => text,
                    Some(other) if body.content_type.contains("xml") => {
                        let name = sampler.xml_name(&operation.source, &body.content_type);
                        crate::sample::xml(&name, &other)
                    }
                    Some(other) => other.to_string(),
                    None => "contract".to_owned(),
                };
                quote!(#text)
            }
            _ => quote!(client::File::from("contract")),
        };
        add(body.required, value, "body");
        return;
    }
    if !body.parts.is_empty() {
        for part in &body.parts {
            add(
                part.required,
                part_value(api, part, &property(&part.wire_name)),
                &part.name,
            );
        }
        return;
    }
    let Some(model) = api.struct_of(&body.ty) else {
        let whole = schema.map_or(Value::Null, |schema| sampler.sample(schema));
        add(body.required, argument(api, &body.ty, &whole), "body");
        return;
    };
    let ModelKind::Struct {
        fields,
        required_order,
        ..
    } = &model.kind
    else {
        return;
    };
    // The method's order: the required fields by their place in the schema's `required`
    // list (which may also name fields that are optional one way, such as `readOnly`).
    let mut required: Vec<usize> = (0..fields.len())
        .filter(|index| fields[*index].required)
        .collect();
    required.sort_by_key(|index| required_order.iter().position(|place| place == index));
    for index in required {
        let field = &fields[index];
        let value = argument(api, &field.ty, &property(&field.wire_name));
        let value = if field.nullable {
            quote!(Some(#value))
        } else {
            value
        };
        add(true, value, &field.name);
    }
    // Optional fields that the schema's alternatives require (one of them must be set)
    // are set in the call with the required arguments too.
    let needed = schema.map_or_else(Vec::new, |schema| sampler.alternative_required(schema));
    for (field, setter) in fields.iter().zip(&body.setters) {
        if !field.required && (every || needed.contains(&field.wire_name)) {
            let value = argument(api, &field.ty, &property(&field.wire_name));
            let setter = ident(&setter.name);
            setters.push(quote!(.#setter(#value)));
        }
    }
}

/// A multipart part's value: a small file for a file part.
fn part_value(api: &Api, part: &Part, sample: &Value) -> TokenStream {
    let file = quote!(client::File::from("contract").file_name("contract.txt"));
    match &part.kind {
        PartKind::File => file,
        PartKind::Files => quote!(vec![#file]),
        PartKind::FileOr(_) => quote!(client::FileOr::File(#file)),
        PartKind::Value(ty) => argument(api, ty, sample),
    }
}

/// The sample of a path parameter, from its declaration at `source`.
fn path_value(sampler: &Sampler<'_>, source: &str) -> Value {
    sampler
        .at(source)
        .map_or(Value::String("contract".to_owned()), |parameter| {
            sampler.parameter_value(parameter)
        })
}

/// The sample of a query, header or cookie parameter.
fn param_value(sampler: &Sampler<'_>, operation: &Operation, param: &Param) -> Value {
    let location = match param.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    sampler
        .parameter(&operation.source, location, &param.wire_name)
        .map_or(Value::String("contract".to_owned()), |parameter| {
            sampler.parameter_value(parameter)
        })
}

/// The expression for an argument of type `ty` from its sample: `sample(json)?`, with the
/// type named where the method takes `impl Into<..>` (strings and identifiers) and
/// inferred from the method's signature everywhere else.
fn argument(api: &Api, ty: &Type, value: &Value) -> TokenStream {
    let json = Literal::string(&value.to_string());
    let is_id = matches!(super::model_kind(api, ty), Some(ModelKind::Id { .. }));
    match (ty, value) {
        (Type::String, Value::String(text)) => quote!(#text),
        (Type::String, _) => quote!(support::sample::<String>(#json)?),
        (_, Value::String(text)) if is_id => {
            let ty = type_tokens(api, ty, &quote!(client::models::));
            quote!(support::id::<#ty>(#text)?)
        }
        _ if is_id => {
            let ty = type_tokens(api, ty, &quote!(client::models::));
            quote!(support::sample::<#ty>(#json)?)
        }
        _ => quote!(support::sample(#json)?),
    }
}

/// The harness's manifest: a binary crate beside the client crate, at `client_path`
/// relative to it.
pub fn manifest(settings: &crate::Settings, client_path: &str, header: &str) -> String {
    let name = &settings.crate_name;
    format!(
        "{header}\n[package]\nname = \"{name}-contract\"\nversion = \"0.1.0\"\n\
         edition = \"2021\"\npublish = false\n\n[dependencies]\n\
         # `deserialize`: arguments are decoded from the document's JSON samples.\n\
         client = {{ package = \"{name}\", path = {client_path:?}, features = [\"deserialize\"] }}\n\
         serde = \"1\"\nserde_json = \"1\"\n\
         tokio = {{ version = \"1\", default-features = false, features = [\"rt\", \"macros\"] }}\n\n\
         [features]\n# The client's `strict` feature: undeclared fields and enum values fail decoding.\n\
         strict = [\"client/strict\"]\n"
    )
}
