//! Snapshot tests of the generator: the IR and the public API of the crate generated from
//! `spec/`, the IR and the code generated for each fixture in `fixtures/` (one construct
//! each), and the error text of each invalid fixture in `fixtures/invalid/`.

use generator::{generate, GeneratedFile, Settings};
use std::path::Path;

const SPEC: &str = "spec/assistants_v1.yaml";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn workspace_file(path: &str) -> String {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path))
}

/// The generated Rust files of a document, concatenated in path order.
fn generated_code(files: &[GeneratedFile]) -> String {
    files
        .iter()
        .filter(|file| {
            matches!(
                file.path.as_str(),
                "src/models.rs" | "src/resources.rs" | "runtime/src/spec.rs"
            )
        })
        .map(|file| format!("// ---- {} ----\n{}", file.path, file.contents))
        .collect()
}

#[test]
fn ir_of_the_spec() {
    let text = workspace_file(SPEC);
    let document = generator::parse(&text, SPEC).unwrap();
    let api = generator::lower(&document, SPEC).unwrap();
    insta::assert_debug_snapshot!(api);
}

/// The public surface of the generated crate: every public item with its signature, bodies
/// and private parts left out. Changes to the API users see show up here for review; the
/// files themselves are guarded by `cargo xtask generate --check`.
#[test]
fn public_api_of_the_generated_crate() {
    let files = generate(
        &workspace_file(SPEC),
        SPEC,
        &Settings::new("twilio-assistants"),
    )
    .unwrap();
    let mut surface = String::new();
    for file in files.iter().filter(|file| {
        matches!(
            file.path.as_str(),
            "src/models.rs" | "src/resources.rs" | "runtime/src/spec.rs"
        )
    }) {
        let mut syntax: syn::File = syn::parse_file(&file.contents).unwrap();
        public_surface(&mut syntax);
        surface.push_str(&format!(
            "// ---- {} ----\n{}",
            file.path,
            prettyplease::unparse(&syntax)
        ));
    }
    insta::assert_snapshot!(surface);
}

/// Strips a file to what a user of the crate can name: public items and fields, function
/// signatures with empty bodies, no docs; the runtime macros called for a type (its
/// identifier methods, its serde impls, its sending methods) as they are called.
fn public_surface(file: &mut syn::File) {
    fn public(visibility: &syn::Visibility) -> bool {
        matches!(visibility, syn::Visibility::Public(_))
    }
    file.attrs.clear();
    file.items.retain_mut(|item| match item {
        syn::Item::Struct(item) => {
            item.attrs.retain(|attr| !attr.path().is_ident("doc"));
            if let syn::Fields::Named(fields) = &mut item.fields {
                fields.named = std::mem::take(&mut fields.named)
                    .into_iter()
                    .filter(|field| public(&field.vis))
                    .map(|mut field| {
                        field.attrs.clear();
                        field
                    })
                    .collect();
            }
            public(&item.vis)
        }
        syn::Item::Enum(item) => {
            item.attrs.retain(|attr| !attr.path().is_ident("doc"));
            item.variants
                .iter_mut()
                .for_each(|variant| variant.attrs.retain(|attr| !attr.path().is_ident("doc")));
            public(&item.vis)
        }
        syn::Item::Type(item) => {
            item.attrs.clear();
            public(&item.vis)
        }
        syn::Item::Const(item) => {
            item.attrs.clear();
            public(&item.vis)
        }
        syn::Item::Impl(item) => {
            item.items.retain_mut(|member| match member {
                syn::ImplItem::Fn(function) => {
                    function.attrs.clear();
                    function.block = syn::parse_quote!({});
                    public(&function.vis) || item.trait_.is_some()
                }
                _ => item.trait_.is_some(),
            });
            !item.items.is_empty()
        }
        syn::Item::Macro(item) => {
            item.attrs.retain(|attr| !attr.path().is_ident("doc"));
            true
        }
        _ => false,
    });
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.{yaml,json}", |path| {
        let source = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
        let files = generate(&read(path), &source, &Settings::new("fixture"))
            .unwrap_or_else(|errors| panic!("{errors}"));
        insta::assert_snapshot!(generated_code(&files));
    });
}

/// The IR of each fixture: what the lowering made of the construct, before any code.
#[test]
fn fixture_irs() {
    insta::glob!("fixtures/*.{yaml,json}", |path| {
        let source = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
        let document = generator::parse(&read(path), &source).unwrap();
        let api = generator::lower(&document, &source).unwrap_or_else(|errors| panic!("{errors}"));
        insta::assert_debug_snapshot!(api);
    });
}

#[test]
fn invalid_fixtures() {
    insta::glob!("fixtures/invalid/*.yaml", |path| {
        let source = format!(
            "fixtures/invalid/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let errors = generate(&read(path), &source, &Settings::new("fixture"))
            .expect_err("an invalid document must be refused");
        insta::assert_snapshot!(errors.to_string());
    });
}

#[test]
fn output_is_deterministic() {
    let text = workspace_file(SPEC);
    let settings = Settings::new("twilio-assistants");
    assert_eq!(
        generate(&text, SPEC, &settings).unwrap(),
        generate(&text, SPEC, &settings).unwrap()
    );
}
