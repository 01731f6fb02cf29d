//! Emits `src/models.rs`: one Rust type per model of the IR.

use super::{docs, docs_or, ident, inner_docs, type_tokens};
use crate::ident::bare;
use crate::ir::{Api, Field, Model, ModelKind};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(api: &Api) -> TokenStream {
    let models = api.models.iter().map(|model| emit_model(api, model));
    let module_docs = inner_docs(&format!(
        "The data types of {}: request and response bodies and the values inside them.",
        api.title.trim()
    ));
    quote! {
        #module_docs
        #( #models )*
    }
}

fn emit_model(api: &Api, model: &Model) -> TokenStream {
    let name = ident(&model.name);
    let model_docs = docs_or(model.docs.as_deref(), || {
        format!("See `{}` in the API document.", model.source)
    });
    match &model.kind {
        ModelKind::Struct { fields, .. } => {
            let fields = fields.iter().map(|field| emit_field(api, field));
            quote! {
                #model_docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #( #fields )*
                }
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
            let variant_docs = wires.iter().map(|wire| docs(&format!("`{wire}`")));
            let renames = variants.iter().map(|variant| {
                let wire = &variant.wire_name;
                (bare(&variant.name) != wire).then(|| quote!(#[serde(rename = #wire)]))
            });
            quote! {
                #model_docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
                pub enum #name {
                    #( #variant_docs #renames #names, )*
                    /// A value this client does not know yet, kept as it was sent.
                    #[serde(untagged)]
                    Unknown(String),
                }

                impl #name {
                    /// The value as it is sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#names => #wires, )*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        ModelKind::Alias { target } => {
            let target = type_tokens(api, target, &TokenStream::new());
            quote! {
                #model_docs
                pub type #name = #target;
            }
        }
    }
}

fn emit_field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let docs = docs_or(field.docs.as_deref(), || {
        format!("The `{}` property.", field.wire_name)
    });
    let wire = &field.wire_name;
    let rename = (bare(&field.name) != wire).then(|| quote!(#[serde(rename = #wire)]));
    let skip = (!field.required)
        .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    let ty = field_type(api, field, &TokenStream::new());
    quote! {
        #docs
        #rename
        #skip
        pub #name: #ty,
    }
}

/// The Rust type of a struct field: boxed when recursive, optional when not required or
/// nullable.
pub(super) fn field_type(api: &Api, field: &Field, models: &TokenStream) -> TokenStream {
    let ty = type_tokens(api, &field.ty, models);
    let ty = if field.boxed { quote!(Box<#ty>) } else { ty };
    if field.required && !field.nullable {
        ty
    } else {
        quote!(Option<#ty>)
    }
}
