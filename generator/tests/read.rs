//! The hand-written document reader (`generator::parse`'s fast path) against openapiv3's
//! derive, which defines what a document means: on every document here it must read the
//! same value, or leave the document to the derive.

use generator::parse::{check_reader, ReaderCheck};
use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "yaml")
        {
            found.push(path);
        }
    }
}

fn check(path: &Path) -> ReaderCheck {
    check_reader(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn every_valid_document_is_read_by_hand_to_the_same_value() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = Vec::new();
    yaml_files(&root.join("../spec"), &mut documents);
    yaml_files(&root.join("tests/fixtures"), &mut documents);
    documents.retain(|path| !path.components().any(|part| part.as_os_str() == "invalid"));
    documents.sort();
    assert!(documents.len() > 30, "{documents:?}");
    for path in &documents {
        assert_eq!(check(path), ReaderCheck::Same, "{}", path.display());
    }
}

#[test]
fn invalid_documents_are_never_read_differently() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = Vec::new();
    yaml_files(&root.join("tests/fixtures/invalid"), &mut documents);
    assert!(!documents.is_empty());
    for path in &documents {
        let check = check(path);
        assert!(
            !matches!(check, ReaderCheck::Differs(_)),
            "{}: {check:?}",
            path.display()
        );
    }
}

/// Values the derive refuses, and shapes whose meaning in the derive is subtle, are left
/// to the derive.
#[test]
fn unusual_shapes_are_left_to_the_derive() {
    let base = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";
    for (what, rest) in [
        ("a number where a flag goes", "paths: {/a: {get: {deprecated: 1, responses: {}}}}"),
        ("a missing `responses`", "paths: {/a: {get: {operationId: A}}}"),
        ("a null parameter list", "paths: {/a: {parameters: null}}"),
        ("a number as a key", "paths: {/a: {get: {responses: {200: {description: OK}}}}}"),
        ("a `$ref` that is not a string", "paths: {/a: {$ref: 5}}"),
        (
            "a parameter with both `schema` and `content`",
            "paths: {/a: {parameters: [{name: a, in: query, schema: {type: string}, content: {}}]}}",
        ),
        (
            "a header parameter with a query parameter's field",
            "paths: {/a: {parameters: [{name: a, in: header, schema: {type: string}, allowReserved: true}]}}",
        ),
        ("an unknown location", "paths: {/a: {parameters: [{name: a, in: body, schema: {}}]}}"),
        ("a response without a description", "paths: {/a: {get: {responses: {'200': {}}}}}"),
        ("a boolean schema", "paths: {}\ncomponents: {schemas: {A: true}}"),
        ("a negative length", "paths: {}\ncomponents: {schemas: {A: {type: string, maxLength: -1}}}"),
        ("a tagged value", "paths: {}\nx-a: !custom 1"),
        // serde_yaml reads `null` as an empty list or map; the derive's buffers do not
        // (found by `cargo xtask fuzz`).
        ("a null list of tags", "paths: {/a: {get: {tags: null, responses: {}}}}"),
        ("a null server list", "paths: {}\nservers: null"),
        ("a null list of scopes", "paths: {}\nsecurity: [{basic: null}]"),
        (
            "a tag inside a list of names (found by `cargo xtask fuzz`)",
            "paths: {}\ncomponents: {schemas: {A: {type: object, required: [a, ! b]}}}",
        ),
        ("no paths", "components: {}"),
    ] {
        let text = format!("{base}{rest}\n");
        assert_eq!(check_reader(&text), ReaderCheck::Declined, "{what}");
    }
}
