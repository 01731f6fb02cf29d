//! Valid but hostile documents (`fixtures/hostile/`): deep nesting, long `$ref` chains and
//! cycles, a huge enum, names that collide many times over. Each must lower and generate
//! code that parses, deterministically, with every value and name kept distinct; `cargo
//! xtask ci` also compiles each as a crate with clippy. They are too large to snapshot.

use generator::ir::{Api, ModelKind};
use generator::{generate, Settings};
use std::collections::BTreeSet;
use std::path::Path;

fn lowered(name: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let source = format!("fixtures/hostile/{name}");
    let settings = Settings::new("hostile");
    let files = generate(&text, &source, &settings).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(
        files,
        generate(&text, &source, &settings).unwrap(),
        "{name}: output differs between two runs"
    );
    let document = generator::parse(&text, &source).unwrap();
    generator::lower(&document, &source).unwrap()
}

fn distinct<'a>(names: impl Iterator<Item = &'a String>) -> usize {
    names.collect::<BTreeSet<_>>().len()
}

#[test]
fn deep_nesting_becomes_one_struct_per_level() {
    let api = lowered("deep_nesting.yaml");
    let structs = api
        .models
        .iter()
        .filter(|model| matches!(model.kind, ModelKind::Struct { .. }))
        .count();
    assert_eq!(structs, 60);
    assert_eq!(api.nesting_depth(), 60);
    assert_eq!(
        distinct(api.models.iter().map(|model| &model.name)),
        api.models.len()
    );
}

#[test]
fn long_reference_chains_and_a_long_cycle_are_kept() {
    let api = lowered("chains.yaml");
    // 401 objects and 401 aliases (the last alias is the string itself).
    assert_eq!(api.models.len(), 802);
    let boxed = api
        .models
        .iter()
        .filter_map(|model| match &model.kind {
            ModelKind::Struct { fields, .. } => Some(fields.iter().filter(|f| f.boxed).count()),
            _ => None,
        })
        .sum::<usize>();
    assert!(
        boxed >= 1,
        "the cycle through all objects must be boxed somewhere"
    );
}

#[test]
fn a_huge_enum_keeps_every_value_under_a_distinct_name() {
    let api = lowered("huge_enum.yaml");
    let variants = api
        .models
        .iter()
        .find_map(|model| match &model.kind {
            ModelKind::Enum { variants } if model.name == "Status" => Some(variants),
            _ => None,
        })
        .expect("the Status enum");
    assert_eq!(variants.len(), 2019);
    assert_eq!(distinct(variants.iter().map(|variant| &variant.name)), 2019);
    assert_eq!(
        distinct(variants.iter().map(|variant| &variant.wire_name)),
        2019
    );
    assert!(variants.iter().all(|variant| variant.name != "Unknown"));
}

#[test]
fn colliding_names_all_get_distinct_names() {
    let api = lowered("collisions.yaml");
    assert_eq!(api.operations.len(), 20);
    assert_eq!(distinct(api.operations.iter().map(|op| &op.builder)), 20);
    assert_eq!(api.models.len(), 10);
    assert_eq!(distinct(api.models.iter().map(|model| &model.name)), 10);
    for model in &api.models {
        let ModelKind::Struct { fields, .. } = &model.kind else {
            panic!("{} is not a struct", model.name)
        };
        assert_eq!(fields.len(), 10, "{}", model.name);
        assert_eq!(distinct(fields.iter().map(|field| &field.name)), 10);
    }
    assert_eq!(
        distinct(api.resources.iter().map(|resource| &resource.name)),
        api.resources.len()
    );
}

/// The deepest nesting the YAML reader accepts, in each shape, generated from a thread with
/// a small stack (tokio's workers and test threads have 2 MiB): the generator must grow its
/// own stack rather than overflow the caller's. Without growing, a debug build needs about
/// 5.5 MiB for `additionalProperties` nested 124 deep, and a release build 1 MiB.
#[test]
fn the_deepest_accepted_documents_generate_on_a_small_stack() {
    fn document(wrap: &str, levels: usize) -> String {
        let mut schema = "{type: string}".to_owned();
        for _ in 0..levels {
            schema = wrap.replace("{}", &schema);
        }
        format!(
            "openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\n\
             components:\n  schemas:\n    Deep: {schema}\n"
        )
    }
    // A schema level takes one YAML level (`items`) or two (`properties: {inner: ...}`);
    // serde_yaml accepts 128 levels, of which the root, `components`, `schemas` and the
    // innermost schema take four.
    for (wrap, deepest) in [
        ("{type: object, properties: {inner: {}}}", 62),
        ("{type: array, items: {}}", 124),
        ("{type: object, additionalProperties: {}}", 124),
        ("{allOf: [{}]}", 62),
    ] {
        let refused = generate(
            &document(wrap, deepest + 1),
            "deep.yaml",
            &Settings::new("deep"),
        )
        .expect_err("one level deeper than the YAML reader accepts");
        assert!(
            refused.to_string().contains("nested more than 128 levels"),
            "{refused}"
        );
        let text = document(wrap, deepest);
        let generated = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || {
                generate(&text, "deep.yaml", &Settings::new("deep")).map(|files| files.len())
            })
            .unwrap()
            .join()
            .expect("generation on a 256 KiB stack must not overflow it");
        assert!(
            generated.unwrap_or_else(|errors| panic!("{wrap}: {errors}")) > 0,
            "{wrap}"
        );
    }
}

/// Hostile texts for the JSON reader and the OpenAPI 3.1 rewriting: each is refused with a
/// located error or read, never a panic. A syntax error of JSON carries `file:line:col`.
#[test]
fn hostile_json_and_31_documents_are_refused_with_a_location() {
    let head = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}"#;
    let deep = format!(
        "{head}, \"components\": {{\"schemas\": {{\"A\": {{\"enum\": [{}1{}]}}}}}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let cases = [
        ("an invalid escape", format!("{head}, \"x\": \"\\q\"}}")),
        ("a lone surrogate", format!("{head}, \"x\": \"\\ud800\"}}")),
        (
            "a lone trailing surrogate",
            format!("{head}, \"x\": \"\\udc00\\u0041\"}}"),
        ),
        ("a number beyond f64", format!("{head}, \"x\": 1e400}}")),
        ("deeply nested arrays", deep),
        ("a truncated document", head.to_owned()),
        (
            "a control character",
            format!("{head}, \"x\": \"a\u{1}b\"}}"),
        ),
    ];
    for (what, text) in &cases {
        let errors = generate(text, "hostile.json", &Settings::new("hostile"))
            .expect_err(what)
            .to_string();
        assert!(
            errors.starts_with("error: hostile.json:1:"),
            "{what}: {errors}"
        );
    }
    // Valid JSON and 3.1 documents that stress the reader are read or refused, never a panic.
    let schemas = [
        r#"{"type": ["null", "null"]}"#,
        r#"{"type": []}"#,
        r#"{"type": [["string"]]}"#,
        r#"{"type": ["string", "integer", "number", "boolean", "array", "object", "null", "wat"]}"#,
        r#"{"type": "integer", "minimum": -99999999999999999999999999999, "maximum": 1.5e300}"#,
        r#"{"type": "integer", "exclusiveMinimum": 1e300, "exclusiveMaximum": -1e300}"#,
        r#"{"type": "integer", "multipleOf": 1e300, "minimum": 0.5, "exclusiveMinimum": 7}"#,
        r#"{"const": {"a": [1, {"b": null}]}, "examples": []}"#,
        r#"{"examples": 7, "const": null, "type": "null"}"#,
        r#"{"type": "string", "contentEncoding": 7, "contentMediaType": ";"}"#,
        r#"{"anyOf": true, "type": ["string", "null"]}"#,
        r#"{"properties": {"a": false, "b": true}, "items": false}"#,
        r##"{"$ref": "#/components/schemas/A", "type": ["object", "null"], "const": 1}"##,
        r#"{"type": "\ud83d\ude80", "title": "\u0000"}"#,
        "18446744073709551616",
    ];
    for version in ["3.0.3", "3.1.0", "3.1.1"] {
        for schema in schemas {
            let text = format!(
                r#"{{"openapi": "{version}", "info": {{"title": "t", "version": "1"}}, "webhooks": [], "components": {{"schemas": {{"A": {schema}, "B": {{"type": "object", "properties": {{"c": {schema}}}}}}}}}}}"#
            );
            let outcome = std::panic::catch_unwind(|| {
                generate(&text, "hostile.json", &Settings::new("hostile")).map(|_| ())
            });
            match outcome {
                Err(_) => panic!("{version} {schema}: the generator panicked"),
                Ok(Err(errors)) => assert!(
                    errors.to_string().contains("hostile.json"),
                    "{version} {schema}: {errors}"
                ),
                Ok(Ok(())) => {}
            }
        }
    }
}

#[test]
fn composition_cycles_are_taken_apart_once() {
    let api = lowered("composition_cycles.yaml");
    let model = |name: &str| {
        api.models
            .iter()
            .find(|model| model.name == name)
            .unwrap_or_else(|| panic!("no model {name}"))
    };
    // `A` and `B` join into structs of the one property any of them declares.
    for name in ["A", "B"] {
        let ModelKind::Struct { fields, .. } = &model(name).kind else {
            panic!("{name} is a struct");
        };
        let names: Vec<&str> = fields
            .iter()
            .map(|field| field.wire_name.as_str())
            .collect();
        assert_eq!(names, ["b"], "{name}");
    }
    // Every alternative of `P` that holds `P` is boxed, so the enum has a size.
    let ModelKind::OneOf { variants, .. } = &model("P").kind else {
        panic!("P is an enum");
    };
    assert_eq!(variants.len(), 11);
    assert!(variants
        .iter()
        .all(|variant| variant.boxed == (variant.ty != generator::ir::Type::String)));
}

#[test]
fn every_hostile_document_gets_a_contract_harness() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let files = generator::contract(&text, &name, &Settings::new("hostile"), "../hostile")
            .unwrap_or_else(|errors| panic!("{name}: {errors}"));
        let main = files
            .iter()
            .find(|file| file.path == "src/main.rs")
            .unwrap();
        assert!(main.contents.contains("run.finish()"), "{name}");
    }
}
