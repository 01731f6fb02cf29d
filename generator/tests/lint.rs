//! The lint warnings: every kind on `fixtures/lint/poor.yaml`, pinned as an insta
//! snapshot with their JSON pointers, and none on this workspace's own spec.

use std::path::Path;

use generator::{build, Settings};

fn warnings(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let output = build(&text, "poor.yaml", &Settings::new("lint"))
        .unwrap_or_else(|errors| panic!("{errors}"));
    output
        .warnings
        .iter()
        .map(|warning| format!("{}: {}\n", warning.location, warning.message))
        .collect()
}

#[test]
fn every_kind_of_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!(warnings(&root.join("tests/fixtures/lint/poor.yaml")));
}

#[test]
fn the_workspace_spec_has_no_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(warnings(&root.join("../spec/assistants_v1.yaml")), "");
}
