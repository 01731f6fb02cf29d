//! Emits `src/models.rs`: one Rust type per model of the IR.

use super::{docs, docs_or, feature_cfg, gated, ident, inner_docs, type_tokens};
use crate::ident::bare;
use crate::ir::{
    Api, Discriminator, Field, Flow, IdRest, Model, ModelId, ModelKind, OneOfVariant, Type,
    Wrapping,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The file's module docs, then one token stream per model.
pub(super) fn emit(api: &Api) -> Vec<TokenStream> {
    let module_docs = inner_docs(&format!(
        "The data types of {}: request and response bodies and the values inside them.",
        api.title.trim()
    ));
    std::iter::once(module_docs)
        .chain(api.models.iter().enumerate().map(|(index, model)| {
            let groups = api
                .features
                .as_ref()
                .map(|features| &features.models[index]);
            let cfg = groups.and_then(|groups| feature_cfg(api, groups));
            gated(emit_model(api, ModelId(index), model), cfg)
        }))
        .collect()
}

fn emit_model(api: &Api, id: ModelId, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let model_docs = docs_or(model.docs.as_deref(), || {
        format!("See `{}` in the API document.", model.source)
    });
    match &model.kind {
        ModelKind::Struct {
            fields,
            unknown_fields: Some(unknown),
            ..
        } => {
            let default = api.has_default(id).then(|| quote!(Default,));
            let extra = ident(unknown);
            let declared = fields.iter().map(|field| {
                let name = ident(&field.name);
                let docs = field_docs(field);
                let ty = field_type(api, field, &TokenStream::new());
                quote!(#docs pub #name: #ty,)
            });
            let (serialize, deserialize) = serde_gates(model.flow);
            let properties = fields.iter().map(|field| {
                let member = ident(&field.name);
                let wire = &field.wire_name;
                let kind = match field.wrapping() {
                    Wrapping::Plain => quote!(required),
                    Wrapping::Optional if field.required => quote!(nullable),
                    Wrapping::Optional => quote!(optional),
                    Wrapping::Clearable => quote!(clearable),
                };
                quote!(#kind #member = #wire)
            });
            quote! {
                #model_docs
                #[derive(Debug, Clone, #default PartialEq)]
                pub struct #name {
                    #( #declared )*
                    /// The properties the API document does not declare, kept as received.
                    pub #extra: crate::UnknownFields,
                }

                crate::runtime::fields::open_struct!(
                    #name { #( #properties ),* } #extra,
                    #serialize serialize,
                    #deserialize deserialize
                );
            }
        }
        ModelKind::Struct { fields, .. } => {
            let default = api.has_default(id).then(|| quote!(Default,));
            let fields = fields.iter().map(|field| emit_field(api, field));
            let (serde, gated) = serde_derives(model.flow);
            // A schema that allows no other property is closed in both directions.
            quote! {
                #model_docs
                #[derive(Debug, Clone, #default PartialEq, #serde)]
                #gated
                #[serde(deny_unknown_fields)]
                pub struct #name {
                    #( #fields )*
                }
            }
        }
        ModelKind::Id {
            pattern,
            prefix,
            rest,
        } => {
            let rest = match rest {
                IdRest::Any => quote!(Any),
                IdRest::NonEmpty => quote!(NonEmpty),
                IdRest::Hex(length) => {
                    let length = proc_macro2::Literal::usize_unsuffixed(*length);
                    quote!(Hex(#length))
                }
                IdRest::Unchecked => quote!(Unchecked),
            };
            let checked = format!(
                "An identifier of the form `{pattern}`, checked when it is parsed \
                 (`str::parse`, `TryFrom`) and when it is decoded."
            );
            let model_docs = docs(&match &model.docs {
                Some(text) => format!("{text}\n\n{checked}"),
                None => checked,
            });
            quote! {
                #model_docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
                #[serde(transparent)]
                pub struct #name(String);
                crate::runtime::id::id_impls!(#name, #pattern, #prefix, #rest);
            }
        }
        ModelKind::Enum { variants } => {
            let names: Vec<_> = variants
                .iter()
                .map(|variant| ident(&variant.name))
                .collect();
            let wires: Vec<_> = variants
                .iter()
                .map(|variant| variant.wire_name.as_str())
                .collect();
            let variant_docs = wires.iter().map(|wire| {
                docs(&if wire.is_empty() {
                    "The empty string.".to_owned()
                } else {
                    format!("`{wire}`")
                })
            });
            let (serialize, deserialize) = serde_gates(model.flow);
            quote! {
                #model_docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #( #variant_docs #names, )*
                    /// A value this client does not know yet, kept as it was sent. With the
                    /// `strict` feature, an unknown value is a decode error instead.
                    Unknown(String),
                }

                crate::runtime::enums::string_enum!(
                    #name { #( #names = #wires ),* },
                    #serialize serialize,
                    #deserialize deserialize
                );
            }
        }
        ModelKind::OneOf {
            variants,
            discriminator,
            decode_order,
        } => emit_one_of(
            api,
            &name,
            model_docs,
            model.flow,
            variants,
            discriminator.as_ref(),
            decode_order,
        ),
        ModelKind::Alias { target } => {
            let target = type_tokens(api, target, &TokenStream::new());
            quote! {
                #model_docs
                pub type #name = #target;
            }
        }
    }
}

/// A `oneOf` enum. It serializes as the alternative it holds; it decodes by the
/// discriminator's value when the document gives one, else as the first alternative that
/// decodes, in `decode_order` (serde's `untagged` when that is the written order).
fn emit_one_of(
    api: &Api,
    name: &proc_macro2::Ident,
    model_docs: TokenStream,
    flow: Flow,
    variants: &[OneOfVariant],
    discriminator: Option<&Discriminator>,
    decode_order: &[usize],
) -> TokenStream {
    let names: Vec<_> = variants
        .iter()
        .map(|variant| ident(&variant.name))
        .collect();
    let types = variants.iter().map(|variant| {
        let ty = type_tokens(api, &variant.ty, &TokenStream::new());
        if variant.boxed {
            quote!(Box<#ty>)
        } else {
            ty
        }
    });
    let variant_docs = variants.iter().map(|variant| {
        docs(&format!(
            "The `{}` alternative.",
            crate::ident::bare(&variant.name)
        ))
    });
    // The alternatives no discriminator value selects, tried in order: one statement each.
    let covered = |index: &usize| {
        discriminator.is_some_and(|discriminator| {
            discriminator
                .values
                .iter()
                .any(|value| value.variant == *index)
        })
    };
    let tried: Vec<_> = decode_order
        .iter()
        .filter(|index| !covered(index))
        .map(|index| &names[*index])
        .collect();
    let (serialize, deserialize) = serde_gates(flow);
    // The value is written as the alternative it holds, as serde's `untagged` would.
    let serialize = quote! {
        #serialize
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#names(value) => serde::Serialize::serialize(value, serializer), )*
                }
            }
        }
    };
    let no_match = format!("the value matches none of the alternatives of `{name}`");
    let try_in_order = quote! {
        #( if let Ok(decoded) = serde::Deserialize::deserialize(&value) {
            return Ok(Self::#tried(decoded));
        } )*
    };
    // A string enum keeps unknown values, so beside another alternative that takes strings
    // it would take that one's values too: a string it knows goes to it first, and any
    // other string is decoded in order.
    let enums: Vec<usize> = (0..variants.len())
        .filter(|index| is_string_enum(api, &variants[*index].ty))
        .collect();
    let shared_strings = !enums.is_empty()
        && variants
            .iter()
            .enumerate()
            .any(|(index, variant)| !enums.contains(&index) && takes_strings(api, &variant.ty))
        || enums.len() > 1;
    let known_first = shared_strings.then(|| {
        let statements = enums.iter().map(|index| {
            let variant = &names[*index];
            let ty = type_tokens(api, &variants[*index].ty, &TokenStream::new());
            let wrap = if variants[*index].boxed {
                quote!(Box::new(decoded))
            } else {
                quote!(decoded)
            };
            quote! {
                if let Ok(decoded) = <#ty as serde::Deserialize>::deserialize(&value) {
                    if !matches!(decoded, #ty::Unknown(_)) {
                        return Ok(Self::#variant(#wrap));
                    }
                }
            }
        });
        quote!(#( #statements )*)
    });
    let Some(discriminator) = discriminator else {
        if known_first.is_none() && decode_order.iter().copied().eq(0..variants.len()) {
            let (serde, gated) = serde_derives(flow);
            return quote! {
                #model_docs
                #[derive(Debug, Clone, PartialEq, #serde)]
                #gated
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #( #variant_docs #names(#types), )*
                }
            };
        }
        return quote! {
            #model_docs
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #names(#types), )*
            }

            #serialize

            #deserialize
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    use serde::de::Error;
                    let value = serde_json::Value::deserialize(deserializer)?;
                    #known_first
                    #try_in_order
                    Err(D::Error::custom(#no_match))
                }
            }
        };
    };
    let property = &discriminator.property;
    let values = discriminator.values.iter().map(|value| &value.value);
    let selected = discriminator
        .values
        .iter()
        .map(|value| &names[value.variant]);
    let expected = discriminator
        .values
        .iter()
        .map(|value| format!("`{}`", value.value))
        .collect::<Vec<_>>()
        .join(", ");
    quote! {
        #model_docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names(#types), )*
        }

        #serialize

        #deserialize
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str);
                match tag {
                    #( Some(#values) => serde_json::from_value(value).map(Self::#selected).map_err(D::Error::custom), )*
                    other => {
                        // Alternatives the discriminator names no value for are tried in
                        // order before the value is refused.
                        #try_in_order
                        Err(D::Error::custom(format!(
                            "`{}` is {:?}, expected one of {}",
                            #property, other, #expected
                        )))
                    }
                }
            }
        }
    }
}

/// The serde derives of a model by its [`Flow`]: the traits in its `derive` list, and an
/// attribute that derives each other one with the crate feature of its name.
fn serde_derives(flow: Flow) -> (TokenStream, TokenStream) {
    let mut derived = Vec::new();
    let mut gated = Vec::new();
    for (always, feature, path) in [
        (flow.serializes(), "serialize", quote!(serde::Serialize)),
        (
            flow.deserializes(),
            "deserialize",
            quote!(serde::Deserialize),
        ),
    ] {
        if always {
            derived.push(path);
        } else {
            gated.push(quote!(#[cfg_attr(feature = #feature, derive(#path))]));
        }
    }
    (quote!(#( #derived ),*), quote!(#( #gated )*))
}

/// For a model whose serde impls are written out: the `cfg` attribute of its `Serialize`
/// impl (the `serialize` feature when the model is never sent) and of its `Deserialize`
/// impl (the `deserialize` feature when it is never received).
fn serde_gates(flow: Flow) -> (Option<TokenStream>, Option<TokenStream>) {
    let gate = |always: bool, feature: &str| (!always).then(|| quote!(#[cfg(feature = #feature)]));
    (
        gate(flow.serializes(), "serialize"),
        gate(flow.deserializes(), "deserialize"),
    )
}

/// Whether `ty` is a string enum model (which keeps unknown values).
fn is_string_enum(api: &Api, ty: &Type) -> bool {
    matches!(
        crate::ir::follow_aliases(&api.models, ty),
        Some((
            _,
            Model {
                kind: ModelKind::Enum { .. },
                ..
            }
        ))
    )
}

/// Whether some strings decode as `ty`.
fn takes_strings(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::String | Type::DateTime | Type::Date | Type::Json => true,
        Type::Model(_) => match crate::ir::follow_aliases(&api.models, ty) {
            Some((_, model)) => match &model.kind {
                ModelKind::Enum { .. } | ModelKind::Id { .. } => true,
                ModelKind::OneOf { variants, .. } => variants
                    .iter()
                    .any(|variant| matches!(variant.ty, Type::String | Type::Json)),
                ModelKind::Struct { .. } | ModelKind::Alias { .. } => false,
            },
            // An alias cycle is no type at all.
            None => false,
        },
        _ => false,
    }
}

/// A field's documentation, or a line naming its property.
fn field_docs(field: &Field) -> TokenStream {
    docs_or(field.docs.as_deref(), || {
        format!("The `{}` property.", field.wire_name)
    })
}

fn emit_field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let docs = field_docs(field);
    let wire = &field.wire_name;
    let rename = (bare(&field.name) != wire).then(|| quote!(#[serde(rename = #wire)]));
    let skip = if field.clearable {
        Some(quote! {
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::runtime::nullable::nullable"
            )]
        })
    } else {
        (!field.required)
            .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]))
    };
    let ty = field_type(api, field, &TokenStream::new());
    quote! {
        #docs
        #rename
        #skip
        pub #name: #ty,
    }
}

/// The Rust type of a struct field: boxed when recursive, optional when not required or
/// nullable, `Option<Option<_>>` when clearable (absent, `null`, or a value).
fn field_type(api: &Api, field: &Field, models: &TokenStream) -> TokenStream {
    let ty = type_tokens(api, &field.ty, models);
    let ty = if field.boxed { quote!(Box<#ty>) } else { ty };
    match field.wrapping() {
        Wrapping::Plain => ty,
        Wrapping::Optional => quote!(Option<#ty>),
        Wrapping::Clearable => quote!(Option<Option<#ty>>),
    }
}
