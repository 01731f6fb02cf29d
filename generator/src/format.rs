//! Stage 4, format: token streams -> Rust source text, through `syn` and `prettyplease`,
//! with the `@generated` header on top. The output is accepted as prettyplease prints it.

use crate::error::{Diagnostic, Errors, Location};
use proc_macro2::TokenStream;

/// Formats one generated file from its pieces (see [`crate::emit::Emitted`]), with a blank
/// line between items (but not between `use` declarations, nor `mod name;` declarations)
/// as a person would write them; an error here is a generator bug, reported as such.
///
/// prettyplease ends every item with a line break and keeps no state between items, so
/// formatting the items one at a time and joining the text gives the same file as
/// formatting them together, with a working set of one item.
pub fn format(
    pieces: Vec<TokenStream>,
    header: &str,
    path: &str,
    source: &str,
) -> Result<String, Errors> {
    let mut text = format!("{header}\n");
    let mut first = true;
    let mut previous = Kind::Other;
    for piece in pieces {
        let file: syn::File = syn::parse2(piece).map_err(|error| Errors {
            source: source.to_owned(),
            diagnostics: vec![Diagnostic {
                location: Location::Pointer("#".to_owned()),
                message: format!("internal error: the code generated for `{path}` does not parse ({error}); please report this with the document"),
            }],
        })?;
        // Inner attributes one at a time: prettyplease ends a `#![doc = include_str!(..)]`
        // without a line break, which would join it to the next attribute.
        for attr in file.attrs {
            text.push_str(&prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: vec![attr],
                items: Vec::new(),
            }));
            if !text.ends_with('\n') {
                text.push('\n');
            }
            first = false;
        }
        for item in file.items {
            // `use` declarations in a row stay together, as rustfmt keeps them, and so do
            // declarations of modules in files of their own.
            let kind = Kind::of(&item);
            if !first && (kind == Kind::Other || kind != previous) {
                text.push('\n');
            }
            first = false;
            previous = kind;
            text.push_str(&prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: vec![item],
            }));
        }
    }
    Ok(text)
}

/// What decides whether an item is set apart from the one before it by a blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Use,
    /// `mod name;`, whose content is in a file of its own.
    ModDeclaration,
    Other,
}

impl Kind {
    fn of(item: &syn::Item) -> Kind {
        match item {
            syn::Item::Use(_) => Kind::Use,
            syn::Item::Mod(module) if module.content.is_none() => Kind::ModDeclaration,
            _ => Kind::Other,
        }
    }
}
