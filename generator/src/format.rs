//! Stage 4, format: token streams -> Rust source text, through `syn` and `prettyplease`,
//! with the `@generated` header on top. The output is accepted as prettyplease prints it.

use crate::error::{Diagnostic, Errors, Location};
use proc_macro2::TokenStream;

/// Formats one generated file; an error here is a generator bug, reported as such.
pub fn format(
    tokens: TokenStream,
    header: &str,
    path: &str,
    source: &str,
) -> Result<String, Errors> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Errors {
        source: source.to_owned(),
        diagnostics: vec![Diagnostic {
            location: Location::Pointer("#".to_owned()),
            message: format!("internal error: the code generated for `{path}` does not parse ({error}); please report this with the document"),
        }],
    })?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}
