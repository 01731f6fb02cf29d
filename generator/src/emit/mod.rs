//! Stage 3, emit: [`crate::ir::Api`] -> token streams, one per generated file.
//!
//! Only what varies with the document is emitted: the models, and the resource handles and
//! request builders that call the hand-written runtime (`src/runtime/`) of the crate.

mod models;
mod resources;

use crate::ir::{Api, ModelKind, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The token streams of the generated Rust files, each file as a list of pieces (its
/// module docs, then one item or a few at a time), which [`crate::format()`] formats one
/// by one: the working set stays small however large the document.
pub struct Emitted {
    /// `src/models.rs`.
    pub models: Vec<TokenStream>,
    /// `src/resources.rs`.
    pub resources: Vec<TokenStream>,
}

/// Emits the generated Rust files of an API.
pub fn emit(api: &Api) -> Emitted {
    Emitted {
        models: models::emit(api),
        resources: resources::emit(api),
    }
}

/// `src/spec.rs`: which document the crate was generated from. `sha256` is the hex digest
/// of the document's bytes; the runtime sends its first 12 digits in the `User-Agent`.
pub fn spec(api: &Api, sha256: &str) -> Vec<TokenStream> {
    let title = &api.title;
    let version = &api.version;
    let module_docs = inner_docs("The OpenAPI document this crate was generated from.");
    vec![quote! {
        #module_docs

        /// The SHA-256 of the document's bytes in lowercase hexadecimal (what `sha256sum`
        /// prints for the file): the exact contract compiled into this crate. Its first 12
        /// digits are sent in every request's `User-Agent` as `spec/…`.
        pub const SHA256: &str = #sha256;

        /// The document's `info.title`.
        pub const TITLE: &str = #title;

        /// The document's `info.version`.
        pub const VERSION: &str = #version;
    }]
}

/// An identifier token from an IR name, raw (`r#type`) where the name says so.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes for a text, one per line, made safe for rustdoc: code fences get
/// the `text` language so rustdoc does not compile them as doctests, and indentation is
/// dropped so it cannot start an indented (and so compiled) code block.
fn docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc]` attributes, for a module's own documentation.
fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

fn doc_lines(text: &str) -> Vec<String> {
    let text = visible(text);
    let mut in_fence = false;
    let lines = text.trim().lines().map(|line| {
        let trimmed = line.trim();
        if let Some(language) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && rustdoc_would_compile(language) {
                return " ```text".to_owned();
            }
            return format!(" {trimmed}");
        }
        if in_fence {
            format!(" {line}")
        } else if trimmed.is_empty() {
            String::new()
        } else {
            format!(" {trimmed}")
        }
    });
    let mut lines: Vec<String> = lines.collect();
    if in_fence {
        // An unclosed fence would swallow every doc line after it.
        lines.push(" ```".to_owned());
    }
    lines
}

/// The text with control characters other than line breaks and tabs written as `\u{..}`
/// escapes, so that a NUL or an escape sequence in a description never reaches the source.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether rustdoc would compile a code block with this fence info string as a doctest:
/// no language, `rust`, or only rustdoc's own attributes (`no_run`, `ignore`, ...).
fn rustdoc_would_compile(info: &str) -> bool {
    const RUSTDOC: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "test_harness",
        "standalone_crate",
    ];
    info.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|token| !token.is_empty())
        .all(|token| RUSTDOC.contains(&token) || token.starts_with("edition"))
}

/// Documentation from the document, or `fallback` when the document has none.
fn docs_or(text: Option<&str>, fallback: impl FnOnce() -> String) -> TokenStream {
    match text {
        Some(text) => docs(text),
        None => docs(&fallback()),
    }
}

/// How a type is spelled; `models` is the path prefix of model names (empty inside the
/// models module).
fn type_tokens(api: &Api, ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Type::Date => quote!(chrono::NaiveDate),
        Type::Json => quote!(serde_json::Value),
        Type::Array(item) => {
            let item = type_tokens(api, item, models);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = type_tokens(api, value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Type::Model(id) => {
            let name = ident(&api.models[id.0].name);
            quote!(#models #name)
        }
    }
}

/// The model a type names, looking through aliases.
fn model_kind<'a>(api: &'a Api, ty: &Type) -> Option<&'a ModelKind> {
    let mut ty = ty;
    for _ in 0..=api.models.len() {
        let Type::Model(id) = ty else { return None };
        match &api.models[id.0].kind {
            ModelKind::Alias { target } => ty = target,
            kind => return Some(kind),
        }
    }
    None
}

/// Whether a type is, through aliases, a string enum or an identifier: a model whose
/// wire text is `.as_str()`.
fn has_as_str(api: &Api, ty: &Type) -> bool {
    matches!(
        model_kind(api, ty),
        Some(ModelKind::Enum { .. } | ModelKind::Id { .. })
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_neutralise_code_and_keep_text() {
        let tokens = docs("Intro\n\n    indented\n```\nlet x = 1;\n```\nend */");
        let text = tokens.to_string();
        assert!(text.contains("\" ```text\""), "{text}");
        assert!(text.contains("\" indented\""), "{text}");
        assert!(text.contains("\" end */\""), "{text}");
    }

    #[test]
    fn fences_rustdoc_would_compile_become_text() {
        for info in [
            "",
            "rust",
            "no_run",
            "rust,ignore",
            "should_panic edition2021",
        ] {
            let text = docs(&format!("```{info}\nboom()\n```")).to_string();
            assert!(text.contains("\" ```text\""), "{info}: {text}");
        }
        let json = docs("```json\n{}\n```").to_string();
        assert!(json.contains("\" ```json\""), "{json}");
    }

    #[test]
    fn control_characters_are_escaped() {
        let lines = doc_lines("a\u{0}b\u{1b}[31m\tc");
        assert_eq!(lines, vec![" a\\u{0}b\\u{1b}[31m\tc".to_owned()]);
    }

    #[test]
    fn unclosed_fences_are_closed() {
        let text = docs("```json\n{").to_string();
        assert!(text.ends_with("\" ```\"]"), "{text}");
    }
}
