//! The API diff on pairs of documents under `fixtures/diff/<case>/{old,new}.yaml`, one
//! case per class of change, each pinned as an insta snapshot of the text `cargo xtask
//! diff` prints and of its JSON.

use std::path::Path;

use generator::diff::{Bump, Surface};
use generator::{build, Settings};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn diffs_of_fixture_pairs() {
    insta::glob!("fixtures/diff/*/old.yaml", |old_path| {
        let case = old_path.parent().unwrap();
        let source = format!(
            "fixtures/diff/{}",
            case.file_name().unwrap().to_string_lossy()
        );
        let [old, new] = [old_path.to_owned(), case.join("new.yaml")].map(|path| {
            build(&read(&path), &source, &Settings::new("fixture"))
                .unwrap_or_else(|errors| panic!("{errors}"))
        });
        let api_diff = generator::diff(&old.surface, &new.surface, old.files != new.files);
        insta::assert_snapshot!(format!("{api_diff}\n\n{}", api_diff.to_json()));
    });
}

/// A document compared with itself has no change and needs no bump.
#[test]
fn the_same_document_is_no_change() {
    let text = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/assistants_v1.yaml"));
    let output = build(&text, "spec", &Settings::new("same")).unwrap();
    let api_diff = generator::diff(&output.surface, &output.surface, false);
    assert_eq!(api_diff.bump, Bump::None);
    assert!(api_diff.changes.is_empty());
    assert_eq!(api_diff.to_string(), "no change; semver bump: none");
}

/// `api.json` holds the surface, and reading it back gives the same surface.
#[test]
fn the_surface_file_reads_back() {
    let text = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/assistants_v1.yaml"));
    let output = build(&text, "spec", &Settings::new("same")).unwrap();
    let file = output
        .files
        .iter()
        .find(|file| file.path == generator::SURFACE_FILE)
        .expect("api.json is generated");
    assert_eq!(Surface::from_json(&file.contents), Ok(output.surface));
    let error = Surface::from_json("{\"format\": 2, \"operations\": 1}").unwrap_err();
    assert!(error.contains("invalid type"), "{error}");
    // A record of another layout is refused as such, not misread.
    let error = Surface::from_json("{\"operations\": []}").unwrap_err();
    assert!(
        error.contains("another version of the generator"),
        "{error}"
    );
}

/// The fingerprint is the SHA-256 of the document's bytes, and only they change it.
#[test]
fn the_spec_fingerprint_is_the_documents_sha256() {
    // The digest of "abc" from FIPS 180-2, appendix B.1.
    assert_eq!(
        generator::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let text = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/assistants_v1.yaml"));
    let spec_file = |text: &str, source: &str| {
        build(text, source, &Settings::new("same"))
            .unwrap()
            .files
            .into_iter()
            .find(|file| file.path == "runtime/src/spec.rs")
            .expect("runtime/src/spec.rs is generated")
            .contents
    };
    let digest = generator::sha256_hex(text.as_bytes());
    let file = spec_file(&text, "spec");
    assert!(
        file.contains(&format!("pub const SHA256: &str = \"{digest}\";")),
        "{file}"
    );
    assert_eq!(file, spec_file(&text, "spec"), "deterministic");
    let edited = format!("{text}\n# a comment\n");
    assert!(!spec_file(&edited, "spec").contains(&digest));
}

/// The Markdown for a pull request groups the changes by verdict, breaking first, then by
/// the resource handle of their operation, models last.
#[test]
fn markdown_groups_changes_by_verdict_and_resource() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/operations");
    let [old, new] = ["old.yaml", "new.yaml"].map(|name| {
        build(
            &read(&case.join(name)),
            "fixture",
            &Settings::new("fixture"),
        )
        .unwrap()
    });
    let api_diff = generator::diff(&old.surface, &new.surface, old.files != new.files);
    let markdown = api_diff.to_markdown(&old.surface, &new.surface);
    let breaking = markdown.find("### Breaking").expect("a breaking section");
    let compatible = markdown
        .find("### Compatible")
        .expect("a compatible section");
    assert!(breaking < compatible, "{markdown}");
    for change in &api_diff.changes {
        assert!(markdown.contains(&change.describe()), "{markdown}");
    }
    insta::assert_snapshot!(markdown);
}
