//! Stage 1, parse: an OpenAPI 3.1 document's value tree rewritten into the OpenAPI 3.0 model
//! that openapiv3 reads, before the typed conversion.
//!
//! Each rewrite changes one schema mapping (or one top-level key) in place and nothing above
//! it, so a located error of the later stages still points into the original document.
//!
//! | 3.1 | 3.0, as read |
//! |---|---|
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `type: "null"`, `type: ["null"]` | `nullable: true, enum: [null]` (the "null only" schema) |
//! | `type: [T, U]` (and `"null"`) | `anyOf: [{type: T}, {type: U}]` (and `nullable: true`) |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, ...]` in a schema | `example: a`, unless there is an `example` |
//! | `exclusiveMinimum: 5` (a number) | `minimum: 5, exclusiveMinimum: true`, or the stricter `minimum` |
//! | `contentEncoding: base64` on a string | `format: byte`, unless there is a `format` |
//! | a binary `contentMediaType` on a string | `format: binary`, unless there is a `format` |
//! | a boolean schema, `true` / `false` | `{}` / `{not: {}}` |
//! | `webhooks` | removed, with a warning for each |
//! | no `paths` | `paths: {}` |
//!
//! With several types, the keywords that apply to only some of them (`items` to arrays,
//! `properties` to objects, `maxLength` to strings, `minimum` to numbers, ...) move into
//! those alternatives; the rest (`description`, `enum`, `default`, ...) stay on the schema.
//! A schema that already has an `anyOf` gets the alternatives as one more `allOf` part.
//!
//! A `$ref` with keywords beside it (`description`, `summary`, `title`, `examples`,
//! `deprecated`, `readOnly`, `writeOnly`, `default`) is left alone: openapiv3 reads it as
//! the reference and drops the rest, as it does in 3.0, where they were not allowed. They
//! annotate the use of a schema, and the generator documents the schema itself.
//!
//! What openapiv3 reads past without harm is left as it is: `jsonSchemaDialect`,
//! `info.summary`, `license.identifier`, `components/pathItems`, and the JSON Schema
//! keywords the 3.0 model does not have (`$defs`, `prefixItems`, `if`, ...).

use crate::error::{Diagnostic, Location, Pointer};
use serde_yaml::{Mapping, Value};

/// Whether `version` is one of OpenAPI 3.1 (3.1.0, 3.1.1, ...).
pub(super) fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites the top level of a 3.1 document for openapiv3, returning a warning for each
/// part that is not generated. Its schemas are rewritten by [`schema`].
pub(super) fn document(document: &mut Mapping) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let webhooks = Pointer::root().join("webhooks");
    match document.shift_remove("webhooks") {
        Some(Value::Mapping(hooks)) => {
            warnings.extend(hooks.keys().map(|name| Diagnostic {
                location: Location::Pointer(webhooks.join(key_text(name)).to_string()),
                message: "webhooks are not generated".to_owned(),
            }));
        }
        Some(_) => warnings.push(Diagnostic {
            location: Location::Pointer(webhooks.to_string()),
            message: "webhooks are not generated".to_owned(),
        }),
        None => {}
    }
    // OpenAPI 3.1 lets a document have only webhooks or only components; openapiv3 (3.0)
    // requires `paths`.
    if !document.contains_key("paths") {
        document.insert(Value::from("paths"), Value::Mapping(Mapping::new()));
    }
    document.insert(Value::from("openapi"), Value::from("3.0.3"));
    warnings
}

/// Rewrites one schema of a 3.1 document into the 3.0 model; see the module documentation.
/// The schemas inside it are rewritten when the walk reaches them.
pub(super) fn schema(value: &mut Value) {
    let mapping = match value {
        Value::Mapping(mapping) => mapping,
        Value::Bool(true) => {
            *value = Value::Mapping(Mapping::new());
            return;
        }
        Value::Bool(false) => {
            let mut never = Mapping::new();
            never.insert(Value::from("not"), Value::Mapping(Mapping::new()));
            *value = Value::Mapping(never);
            return;
        }
        _ => return,
    };
    if let Some(constant) = mapping.shift_remove("const") {
        mapping.insert(Value::from("enum"), Value::Sequence(vec![constant]));
    }
    if matches!(mapping.get("examples"), Some(Value::Sequence(_))) {
        if let Some(Value::Sequence(mut examples)) = mapping.shift_remove("examples") {
            if !mapping.contains_key("example") && !examples.is_empty() {
                mapping.insert(Value::from("example"), examples.swap_remove(0));
            }
        }
    }
    exclusive_bound(mapping, "minimum", "exclusiveMinimum", |bound, other| {
        bound > other
    });
    exclusive_bound(mapping, "maximum", "exclusiveMaximum", |bound, other| {
        bound < other
    });
    types(mapping);
    content_format(mapping);
}

/// A numeric `exclusiveMinimum` (or `exclusiveMaximum`) becomes the bound with the 3.0
/// boolean flag; when the schema also has the inclusive bound, the stricter of the two is
/// kept (`stricter(inclusive, exclusive)` says whether the inclusive one is).
fn exclusive_bound(
    mapping: &mut Mapping,
    bound: &str,
    exclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(limit)) = mapping.get(exclusive) else {
        return;
    };
    let limit = limit.clone();
    let inclusive = mapping
        .get(bound)
        .and_then(Value::as_f64)
        .zip(limit.as_f64())
        .is_some_and(|(inclusive, limit)| stricter(inclusive, limit));
    if inclusive {
        mapping.shift_remove(exclusive);
    } else {
        mapping.insert(Value::from(bound), Value::Number(limit));
        mapping.insert(Value::from(exclusive), Value::Bool(true));
    }
}

/// The keywords of integers and numbers alike.
const NUMERIC_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "format",
];

/// The keywords that apply to values of one type only, by type; they move into that
/// type's alternative when a schema of several types is split. `format` is listed for
/// each type that has formats.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    (
        "string",
        &[
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "contentEncoding",
            "contentMediaType",
        ],
    ),
    ("integer", NUMERIC_KEYWORDS),
    ("number", NUMERIC_KEYWORDS),
    (
        "array",
        &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "prefixItems",
            "contains",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
        ],
    ),
];

/// Rewrites the `type` of one schema when it is `"null"` or a list of types, as [`schema`]
/// does; 3.0 documents get this rewrite alone.
pub(super) fn type_lists(schema: &mut Value) {
    if let Value::Mapping(mapping) = schema {
        types(mapping);
    }
}

/// Rewrites a `type` that is `"null"` or a list of types; see the module documentation.
fn types(mapping: &mut Mapping) {
    let names: Vec<String> = match mapping.get("type") {
        Some(Value::String(name)) if name == "null" => vec![name.clone()],
        Some(Value::Sequence(names)) => {
            let mut found = Vec::with_capacity(names.len());
            for name in names {
                // A list with something other than type names is left for openapiv3 to
                // refuse where it is.
                let Some(name) = name.as_str() else { return };
                if !found.iter().any(|seen| seen == name) {
                    found.push(name.to_owned());
                }
            }
            found
        }
        _ => return,
    };
    let nullable = names.iter().any(|name| name == "null");
    let others: Vec<&String> = names.iter().filter(|name| *name != "null").collect();
    match others.as_slice() {
        // `type: []` allows nothing; openapiv3 refuses it where it is.
        [] if !nullable => return,
        [] => {
            mapping.shift_remove("type");
            mapping.insert(Value::from("enum"), Value::Sequence(vec![Value::Null]));
        }
        [only] => {
            mapping.insert(Value::from("type"), Value::from(only.as_str()));
        }
        several => {
            mapping.shift_remove("type");
            let alternatives = several
                .iter()
                .map(|name| alternative(mapping, name))
                .collect::<Vec<_>>();
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in *keywords {
                    let moved = several.iter().any(|name| applies(keyword, name));
                    if moved {
                        mapping.shift_remove(*keyword);
                    }
                }
            }
            let alternatives = Value::Sequence(alternatives);
            if mapping.contains_key("anyOf") {
                let mut part = Mapping::new();
                part.insert(Value::from("anyOf"), alternatives);
                match mapping.get_mut("allOf") {
                    Some(Value::Sequence(parts)) => parts.push(Value::Mapping(part)),
                    _ => {
                        mapping.insert(
                            Value::from("allOf"),
                            Value::Sequence(vec![Value::Mapping(part)]),
                        );
                    }
                }
            } else {
                mapping.insert(Value::from("anyOf"), alternatives);
            }
        }
    }
    if nullable {
        mapping.insert(Value::from("nullable"), Value::Bool(true));
    }
}

/// Whether `keyword` applies to values of the type `name` only (among others).
fn applies(keyword: &str, name: &str) -> bool {
    TYPE_KEYWORDS
        .iter()
        .any(|(type_name, keywords)| *type_name == name && keywords.contains(&keyword))
}

/// The alternative of type `name` when a schema of several types is split: the type, and
/// copies of the parent's keywords that apply to it.
fn alternative(parent: &Mapping, name: &str) -> Value {
    let mut alternative = Mapping::new();
    alternative.insert(Value::from("type"), Value::from(name));
    for (key, value) in parent {
        let Some(keyword) = key.as_str() else {
            continue;
        };
        if applies(keyword, name) {
            alternative.insert(key.clone(), value.clone());
        }
    }
    Value::Mapping(alternative)
}

/// `contentEncoding: base64` and a binary `contentMediaType` on a string without a
/// `format`, as the 3.0 formats `byte` and `binary` that say the same.
fn content_format(mapping: &mut Mapping) {
    if mapping.get("type").and_then(Value::as_str) != Some("string")
        || mapping.contains_key("format")
    {
        return;
    }
    let encoding = mapping.get("contentEncoding").and_then(Value::as_str);
    let media_type = mapping.get("contentMediaType").and_then(Value::as_str);
    let format = if encoding.is_some_and(|encoding| encoding.eq_ignore_ascii_case("base64")) {
        "byte"
    } else if encoding.is_none() && media_type.is_some_and(is_binary) {
        "binary"
    } else {
        return;
    };
    mapping.insert(Value::from("format"), Value::from(format));
}

/// Whether a media type's content is bytes rather than text: anything but `text/*`, JSON,
/// XML, YAML and forms.
fn is_binary(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let textual = essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence.ends_with("yaml")
        || essence == "application/x-www-form-urlencoded"
        || essence == "application/javascript";
    !essence.is_empty() && !textual
}

fn key_text(key: &Value) -> String {
    key.as_str()
        .map_or_else(|| format!("{key:?}"), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    /// `before` rewritten (the node only, as the walk would visit it) equals `after`.
    fn check(before: &str, after: &str) {
        let mut value = yaml(before);
        schema(&mut value);
        assert_eq!(value, yaml(after), "{before}");
    }

    #[test]
    fn null_in_a_type_list_is_nullable() {
        check(
            "{type: [string, 'null'], maxLength: 3}",
            "{type: string, maxLength: 3, nullable: true}",
        );
        check(
            "{type: ['null', integer]}",
            "{type: integer, nullable: true}",
        );
        check("{type: [object]}", "{type: object}");
        check(
            "{type: 'null', description: d}",
            "{description: d, enum: [null], nullable: true}",
        );
        check("{type: ['null']}", "{enum: [null], nullable: true}");
        // Neither a plain type nor something other than names is touched.
        check("{type: string}", "{type: string}");
        check("{type: [string, 7]}", "{type: [string, 7]}");
        check("{type: []}", "{type: []}");
    }

    #[test]
    fn several_types_become_alternatives() {
        check(
            "{type: [string, integer, 'null'], description: d, maxLength: 3, minimum: 1, format: int64, enum: [a, 1, null]}",
            "{description: d, enum: [a, 1, null], anyOf: [{type: string, maxLength: 3, format: int64}, {type: integer, minimum: 1, format: int64}], nullable: true}",
        );
        check(
            "{type: [array, object], items: {type: string}, properties: {a: {}}, required: [a], title: t}",
            "{title: t, anyOf: [{type: array, items: {type: string}}, {type: object, properties: {a: {}}, required: [a]}]}",
        );
        // `format` with no type that has formats stays where it is.
        check(
            "{type: [array, boolean], format: f}",
            "{format: f, anyOf: [{type: array}, {type: boolean}]}",
        );
        check(
            "{type: [string, boolean], anyOf: [{minLength: 1}, {type: boolean}]}",
            "{anyOf: [{minLength: 1}, {type: boolean}], allOf: [{anyOf: [{type: string}, {type: boolean}]}]}",
        );
    }

    #[test]
    fn const_and_examples_become_enum_and_example() {
        check("{type: string, const: a}", "{type: string, enum: [a]}");
        check("{const: null}", "{enum: [null]}");
        check("{examples: [a, b]}", "{example: a}");
        check("{example: x, examples: [a, b]}", "{example: x}");
        check("{examples: []}", "{}");
        // An `examples` map (of a parameter, say) is not a schema's, and is left.
        check("{examples: {a: {value: 1}}}", "{examples: {a: {value: 1}}}");
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        check(
            "{type: number, exclusiveMinimum: 5}",
            "{type: number, minimum: 5, exclusiveMinimum: true}",
        );
        check(
            "{type: number, exclusiveMaximum: 1.5}",
            "{type: number, maximum: 1.5, exclusiveMaximum: true}",
        );
        // The stricter of both bounds wins.
        check("{minimum: 7, exclusiveMinimum: 5}", "{minimum: 7}");
        check(
            "{minimum: 5, exclusiveMinimum: 5}",
            "{minimum: 5, exclusiveMinimum: true}",
        );
        check(
            "{minimum: 3, exclusiveMinimum: 5}",
            "{minimum: 5, exclusiveMinimum: true}",
        );
        check("{maximum: 3, exclusiveMaximum: 5}", "{maximum: 3}");
        check(
            "{maximum: 9, exclusiveMaximum: 5}",
            "{maximum: 5, exclusiveMaximum: true}",
        );
        // A 3.0 flag in a 3.1 document is read as it was meant.
        check(
            "{minimum: 1, exclusiveMinimum: true}",
            "{minimum: 1, exclusiveMinimum: true}",
        );
    }

    #[test]
    fn content_keywords_become_formats() {
        check(
            "{type: string, contentEncoding: base64}",
            "{type: string, contentEncoding: base64, format: byte}",
        );
        check(
            "{type: string, contentMediaType: application/octet-stream}",
            "{type: string, contentMediaType: application/octet-stream, format: binary}",
        );
        check(
            "{type: string, contentMediaType: image/png, contentEncoding: base64}",
            "{type: string, contentMediaType: image/png, contentEncoding: base64, format: byte}",
        );
        for unchanged in [
            "{type: string, contentMediaType: application/json}",
            "{type: string, contentMediaType: text/plain; charset=utf-8}",
            "{type: string, contentEncoding: base64, format: uri}",
            "{contentEncoding: base64}",
        ] {
            check(unchanged, unchanged);
        }
    }

    #[test]
    fn boolean_schemas_become_mappings() {
        check("true", "{}");
        check("false", "{not: {}}");
    }

    #[test]
    fn the_top_level_reads_as_3_0() {
        let mut document = yaml(
            "openapi: 3.1.1\ninfo: {title: t, version: '1', summary: s}\nwebhooks:\n  newPet: {post: {}}\n  a/b: {}\n",
        );
        let Value::Mapping(mapping) = &mut document else {
            panic!("a mapping")
        };
        let warnings = super::document(mapping);
        assert_eq!(
            document,
            yaml("openapi: 3.0.3\ninfo: {title: t, version: '1', summary: s}\npaths: {}\n")
        );
        let warnings: Vec<String> = warnings
            .iter()
            .map(|warning| format!("{}: {}", warning.location, warning.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "#/webhooks/newPet: webhooks are not generated",
                "#/webhooks/a~1b: webhooks are not generated"
            ]
        );
    }
}
