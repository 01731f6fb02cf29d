//! Stage 1, parse: YAML or JSON text -> [`openapiv3::OpenAPI`].
//!
//! The text is read once into a `serde_yaml::Value` tree (JSON by serde_json, anything else
//! by serde_yaml: see [`read`]; syntax errors carry `line:column`). What openapiv3, a model
//! of OpenAPI 3.0, cannot hold is then rewritten in the tree, node by node, so that errors
//! still point into the original document: an OpenAPI 3.1 document's keywords (see
//! [`v31`]) and integer bounds beyond `i64` (see [`schemas`]). openapiv3's serde derive
//! then converts the tree into the typed document; a structural error carries the JSON
//! pointer of the value that did not fit. [`read()`] also returns warnings, such as the
//! parts of a 3.1 document that are not generated.

mod read;
mod schemas;
mod v31;

use crate::error::{Diagnostic, Errors, Location, Pointer};
use openapiv3::OpenAPI;

/// A document read by [`read()`]: the typed document, and what the reader noted on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document, in openapiv3's (OpenAPI 3.0) model.
    pub document: OpenAPI,
    /// What was read but is worth a note; these never stop generation.
    pub warnings: Vec<Diagnostic>,
}

/// Parses an OpenAPI 3.0 document from YAML or JSON text; `source` names it in errors, and
/// a name ending in `.json` means JSON. [`read()`] also returns the reader's warnings.
pub fn parse(text: &str, source: &str) -> Result<OpenAPI, Errors> {
    read(text, source).map(|parsed| parsed.document)
}

/// The document's text as a value tree, read as [`parse()`] reads it (JSON or YAML; an
/// integer beyond 64 bits becomes a float), before any OpenAPI checks: for tools that need
/// the document as it is written, such as the contract run's copy for its mock server.
pub fn tree(text: &str, source: &str) -> Result<serde_yaml::Value, Errors> {
    read::tree(text, source).map_err(|error| Errors {
        source: source.to_owned(),
        diagnostics: vec![Diagnostic {
            location: error.location,
            message: error.message,
        }],
    })
}

/// [`parse()`], also returning the reader's warnings.
pub fn read(text: &str, source: &str) -> Result<Parsed, Errors> {
    crate::with_stack(|| read_here(text, source))
}

/// [`read()`] on the caller's stack.
pub(crate) fn read_here(text: &str, source: &str) -> Result<Parsed, Errors> {
    let fail = |location, message| Errors {
        source: source.to_owned(),
        diagnostics: vec![Diagnostic { location, message }],
    };
    let root = Pointer::root();
    let (value, warnings) = prepared(text, source)?;
    if let Some((at, message)) = deep_schema_error(&value, &root) {
        return Err(fail(
            Location::Pointer(at.to_string()),
            format!("does not match the OpenAPI 3.0 schema: {message}"),
        ));
    }
    // A panic inside the OpenAPI reader is a bug there, but it must still end as an error
    // here: the generator never panics on a document.
    let reader_failed = || {
        fail(
            Location::Pointer(root.to_string()),
            "the OpenAPI reader (openapiv3) failed on this document; please report it with the \
             document"
                .to_owned(),
        )
    };
    // The derive converts the value by value first, which moves its strings instead of
    // copying them and tracks no path; only when that fails is it read again, with the
    // path, to say where.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        <OpenAPI as serde::Deserialize>::deserialize(value)
    })) {
        Ok(Ok(document)) => return Ok(Parsed { document, warnings }),
        Ok(Err(_)) => {}
        Err(_) => return Err(reader_failed()),
    }
    let (value, _) = prepared(text, source)?;
    let located =
        std::panic::catch_unwind(|| serde_path_to_error::deserialize::<_, OpenAPI>(&value));
    match located {
        Err(_) => Err(reader_failed()),
        Ok(Ok(document)) => Ok(Parsed { document, warnings }),
        Ok(Err(error)) => {
            let (pointer, message) = refine(
                &value,
                pointer(&root, error.path()),
                error.inner().to_string(),
            );
            Err(fail(
                Location::Pointer(pointer.to_string()),
                format!("does not match the OpenAPI 3.0 schema: {message}"),
            ))
        }
    }
}

/// The document's value tree, ready for openapiv3: read, its version checked, merge keys
/// applied, and what openapiv3 cannot hold rewritten (see [`schemas`]); with the warnings
/// of the rewriting. Errors carry the location of the problem.
fn prepared(text: &str, source: &str) -> Result<(serde_yaml::Value, Vec<Diagnostic>), Errors> {
    let fail = |location, message| Errors {
        source: source.to_owned(),
        diagnostics: vec![Diagnostic { location, message }],
    };
    let mut value =
        read::tree(text, source).map_err(|error| fail(error.location, error.message))?;
    let root = Pointer::root();
    let Some(mapping) = value.as_mapping() else {
        return Err(fail(
            Location::Pointer(root.to_string()),
            format!(
                "expected an OpenAPI document (a mapping), found {}",
                kind(&value)
            ),
        ));
    };
    let is_31 = match mapping.get("openapi").and_then(serde_yaml::Value::as_str) {
        Some(version) if version.starts_with("3.0.") || version == "3.0" => false,
        Some(version) if v31::is_31(version) => true,
        Some(version) => {
            return Err(fail(
                Location::Pointer(root.join("openapi").to_string()),
                format!("OpenAPI version `{version}` is not supported; this generator reads 3.0.x and 3.1.x documents"),
            ))
        }
        None if mapping.contains_key("swagger") => {
            return Err(fail(
                Location::Pointer(root.join("swagger").to_string()),
                "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3.0.x first".to_owned(),
            ))
        }
        None => {
            return Err(fail(
                Location::Pointer(root.to_string()),
                "missing the `openapi` version field (expected `openapi: 3.0.x`)".to_owned(),
            ))
        }
    };
    // Merge keys (`<<: *anchor`) are part of YAML as people write it; apply them before
    // the typed conversion so anchors behave as the author expects. Walking the whole
    // tree for them costs about 1% of generating a large document, so a text that cannot
    // hold one is not walked.
    if may_hold_merge_keys(text) {
        if let Err(error) = value.apply_merge() {
            return Err(fail(
                Location::Pointer(root.to_string()),
                format!("invalid YAML merge key: {error}"),
            ));
        }
    }
    // JSON has no NaN or infinity; openapiv3 reads a failing value a second time through
    // `serde_json::Value`, which turns them into `null`, and panics when that succeeds.
    if let Some(at) = non_finite(&value, &root) {
        return Err(fail(
            Location::Pointer(at.to_string()),
            "`.nan` and `.inf` are not numbers an OpenAPI document (JSON) can hold".to_owned(),
        ));
    }
    let mut warnings = Vec::new();
    if is_31 {
        if let Some(mapping) = value.as_mapping_mut() {
            warnings = v31::document(mapping);
        }
        schemas::visit_schemas(&mut value, &mut |schema| {
            v31::schema(schema);
            schemas::integer_bounds(schema);
        });
    } else {
        // `type: "null"` and lists of types are OpenAPI 3.1, but 3.0 documents use them too
        // (OpenAI's last 3.0 document has `anyOf: [..., {type: "null"}]`); openapiv3 would
        // read them as schemas of an unknown type, or refuse them, so they are read as in 3.1.
        schemas::visit_schemas(&mut value, &mut |schema| {
            v31::type_lists(schema);
            schemas::integer_bounds(schema);
        });
    }
    Ok((value, warnings))
}

/// Whether `text` may contain a YAML merge key: the key `<<`, written plainly, quoted,
/// with `<` escaped in a double-quoted string (`\x3c`, `\u003c`, `\U0000003c`), or split
/// by an escaped line break. A `true` may be wrong; a `false` never is.
fn may_hold_merge_keys(text: &str) -> bool {
    text.contains("<<")
        || text.match_indices('\\').any(|(at, _)| {
            let rest = &text.as_bytes()[at + 1..];
            let escape = |prefix: &[u8]| {
                rest.len() >= prefix.len() + 2
                    && rest.starts_with(prefix)
                    && rest[prefix.len()..prefix.len() + 2].eq_ignore_ascii_case(b"3c")
            };
            matches!(rest.first(), Some(b'\n' | b'\r'))
                || escape(b"x")
                || escape(b"u00")
                || escape(b"U000000")
        })
}

/// How deep a schema may nest before it is checked on its own; see [`deep_schema_error`].
const CHECK_DEPTH: usize = 6;

/// The first error inside a deeply nested schema, found bottom-up.
///
/// openapiv3 reads schemas through untagged enums, which try each alternative in turn and
/// read a failing value once more for the message: an error `n` schemas deep costs about
/// `2^n` readings (a 16-level document took 2 s, a 30-level one would take hours). So
/// every schema that has `CHECK_DEPTH` levels below it is read on its own, deepest first,
/// before the whole document: an error is then never more than `CHECK_DEPTH` levels below
/// the schema being read. Documents without deep schemas skip this entirely.
fn deep_schema_error(document: &serde_yaml::Value, root: &Pointer) -> Option<(Pointer, String)> {
    use serde_yaml::Value;
    type SchemaOrRef = openapiv3::ReferenceOr<openapiv3::Schema>;
    fn reads(value: &Value) -> bool {
        serde::Deserialize::deserialize(value)
            .map(|_: SchemaOrRef| ())
            .is_ok()
    }
    /// The schemas directly inside a schema, with their pointers.
    fn children<'v>(value: &'v Value, at: &Pointer) -> Vec<(Pointer, &'v Value)> {
        let key_text = |key: &Value| {
            key.as_str()
                .map_or_else(|| format!("{key:?}"), str::to_owned)
        };
        let mut found = Vec::new();
        for (key, child) in value.as_mapping().into_iter().flatten() {
            match key.as_str() {
                Some(name @ ("items" | "not" | "additionalProperties")) => {
                    found.push((at.join(name), child));
                }
                Some(name @ ("properties" | "allOf" | "oneOf" | "anyOf")) => {
                    let at = at.join(name);
                    if let Some(entries) = child.as_mapping() {
                        found.extend(
                            entries
                                .iter()
                                .map(|(key, sub)| (at.join(key_text(key)), sub)),
                        );
                    } else if let Some(items) = child.as_sequence() {
                        found.extend(
                            items
                                .iter()
                                .enumerate()
                                .map(|(index, sub)| (at.join(index), sub)),
                        );
                    }
                }
                _ => {}
            }
        }
        found
    }
    /// The innermost schema below a failing one that fails too, with the reader's message.
    fn narrow(value: &Value, at: Pointer) -> (Pointer, String) {
        if let Some((at, child)) = children(value, &at)
            .into_iter()
            .find(|(_, child)| !reads(child))
        {
            return narrow(child, at);
        }
        match serde_path_to_error::deserialize::<_, SchemaOrRef>(value) {
            Err(error) => (pointer(&at, error.path()), error.inner().to_string()),
            Ok(_) => (at, "invalid schema".to_owned()),
        }
    }
    /// The depth of the schema `value` (1 for one without sub-schemas), after checking
    /// each of its deep sub-schemas.
    fn depth(value: &Value, at: &Pointer) -> Result<usize, (Pointer, String)> {
        if !value.is_mapping() {
            return Ok(0);
        }
        let mut below = 0;
        for (child_at, child) in children(value, at) {
            below = below.max(depth(child, &child_at)?);
        }
        if below >= CHECK_DEPTH && !reads(value) {
            return Err(narrow(value, at.clone()));
        }
        Ok(below + 1)
    }
    /// Finds schemas: the values of `schema` keys and of `components/schemas`.
    fn walk(value: &Value, at: &Pointer, in_schemas: bool) -> Result<(), (Pointer, String)> {
        match value {
            Value::Mapping(mapping) => mapping.iter().try_for_each(|(key, child)| {
                let name = key
                    .as_str()
                    .map_or_else(|| format!("{key:?}"), str::to_owned);
                let child_at = at.join(&name);
                if in_schemas || name == "schema" {
                    depth(child, &child_at).map(drop)
                } else {
                    let schemas = name == "schemas" && at.to_string() == "#/components";
                    walk(child, &child_at, schemas)
                }
            }),
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(index, item)| walk(item, &at.join(index), false)),
            _ => Ok(()),
        }
    }
    // Most documents have no deep schemas, and none has a failing one when it is valid, so
    // a first pass without pointers decides whether the located pass is needed at all.
    if !fails_deep(document, false, true) {
        return None;
    }
    walk(document, root, false).err()
}

/// Whether a deep schema of the document fails to read (see [`deep_schema_error`]); the
/// same walk without pointers, for speed.
fn fails_deep(value: &serde_yaml::Value, in_schemas: bool, at_root: bool) -> bool {
    use serde_yaml::Value;
    /// The schema's depth, or `None` when one of its deep sub-schemas fails.
    fn depth(value: &Value) -> Option<usize> {
        let mapping = value.as_mapping()?;
        let mut below = 0;
        for (key, child) in mapping {
            let deepest = match key.as_str() {
                Some("items" | "not" | "additionalProperties") => depth(child).unwrap_or(0),
                Some("properties" | "allOf" | "oneOf" | "anyOf") => match child {
                    Value::Mapping(entries) => {
                        entries.values().map(|sub| depth(sub).unwrap_or(0)).max()
                    }
                    Value::Sequence(items) => items.iter().map(|sub| depth(sub).unwrap_or(0)).max(),
                    _ => None,
                }
                .unwrap_or(0),
                _ => 0,
            };
            below = below.max(deepest);
        }
        // A failure below is passed up as `usize::MAX`, without reading this schema: reading
        // it would be the slow path this walk avoids.
        if below == usize::MAX {
            return Some(usize::MAX);
        }
        let fails = below >= CHECK_DEPTH
            && serde::Deserialize::deserialize(value)
                .map(|_: openapiv3::ReferenceOr<openapiv3::Schema>| ())
                .is_err();
        Some(if fails { usize::MAX } else { below + 1 })
    }
    match value {
        Value::Mapping(mapping) => mapping.iter().any(|(key, child)| {
            let name = key.as_str().unwrap_or_default();
            if in_schemas || name == "schema" {
                depth(child) == Some(usize::MAX)
            } else {
                // `components/schemas` is a map of schemas; other keys are walked on.
                let schemas = at_root && name == "components";
                match child.as_mapping() {
                    Some(components) if schemas => components.iter().any(|(key, child)| {
                        fails_deep(child, key.as_str() == Some("schemas"), false)
                    }),
                    _ => fails_deep(child, false, false),
                }
            }
        }),
        Value::Sequence(items) => items.iter().any(|item| fails_deep(item, false, false)),
        _ => false,
    }
}

/// The pointer of the first number that is NaN or infinite, depth first.
fn non_finite(value: &serde_yaml::Value, at: &Pointer) -> Option<Pointer> {
    use serde_yaml::Value;
    /// The keys from the value found up to `value`, innermost first; built only on the
    /// way back up from a find, since most documents have none.
    fn find(value: &Value) -> Option<Vec<String>> {
        match value {
            Value::Number(number) if number.as_f64().is_some_and(|n| !n.is_finite()) => {
                Some(Vec::new())
            }
            Value::Sequence(items) => items.iter().enumerate().find_map(|(index, item)| {
                let mut path = find(item)?;
                path.push(index.to_string());
                Some(path)
            }),
            Value::Mapping(entries) => entries.iter().find_map(|(key, item)| {
                let mut path = find(item)?;
                path.push(
                    key.as_str()
                        .map_or_else(|| format!("{key:?}"), str::to_owned),
                );
                Some(path)
            }),
            Value::Tagged(tagged) => find(&tagged.value),
            _ => None,
        }
    }
    let path = find(value)?;
    Some(
        path.iter()
            .rev()
            .fold(at.clone(), |pointer, key| pointer.join(key)),
    )
}

fn pointer(base: &Pointer, path: &serde_path_to_error::Path) -> Pointer {
    path.iter()
        .fold(base.clone(), |pointer, segment| match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.join(index),
            serde_path_to_error::Segment::Map { key } => pointer.join(key),
            serde_path_to_error::Segment::Enum { variant } => pointer.join(variant),
            serde_path_to_error::Segment::Unknown => pointer,
        })
}

/// openapiv3 flattens extensions into `paths` and `components`, which hides the path below
/// them from serde; an error located there is looked up again entry by entry, so that it
/// points at the path item or schema that does not fit.
fn refine(document: &serde_yaml::Value, pointer: Pointer, message: String) -> (Pointer, String) {
    fn first_error<T: serde::de::DeserializeOwned>(
        entries: &serde_yaml::Value,
        base: &Pointer,
    ) -> Option<(Pointer, String)> {
        entries.as_mapping()?.iter().find_map(|(key, entry)| {
            let base = base.join(key.as_str()?);
            let error = serde_path_to_error::deserialize::<_, T>(entry.clone()).err()?;
            Some((
                self::pointer(&base, error.path()),
                error.inner().to_string(),
            ))
        })
    }
    let root = Pointer::root();
    let paths = root.join("paths");
    let schemas = root.join("components").join("schemas");
    let found = if pointer == paths {
        first_error::<openapiv3::PathItem>(&document["paths"], &paths)
    } else if pointer == root.join("components") || pointer == schemas {
        first_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(
            &document["components"]["schemas"],
            &schemas,
        )
    } else {
        None
    };
    found.unwrap_or((pointer, message))
}

fn kind(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "an empty document",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a sequence",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    /// A merge key brings the anchored mapping's keys in, as YAML users expect.
    #[test]
    fn merge_keys_are_applied() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Base: &base {type: object, description: shared}\n    Thing: {<<: *base, title: thing}\n";
        let document = super::parse(text, "merge.yaml").unwrap();
        let schemas = &document.components.unwrap().schemas;
        let openapiv3::ReferenceOr::Item(thing) = &schemas["Thing"] else {
            panic!("an inline schema")
        };
        assert_eq!(thing.schema_data.description.as_deref(), Some("shared"));
        assert_eq!(thing.schema_data.title.as_deref(), Some("thing"));
    }

    #[test]
    fn merge_keys_are_looked_for_in_every_spelling() {
        for text in [
            "a: &x {b: 1}\nc: {<<: *x}",
            "c: {'<<': *x}",
            "c: {\"\\x3c\\x3C\": *x}",
            "c: {\"\\u003c<\": *x}",
            "c: {\"<\\U0000003C\": *x}",
            "? \"<\\\n  <\"\n: *x",
        ] {
            assert!(super::may_hold_merge_keys(text), "{text}");
        }
        for text in ["a: {b: '<'}", "pattern: '^\\d+$'", "a: \"\\x3d\\\\\""] {
            assert!(!super::may_hold_merge_keys(text), "{text}");
        }
    }

    use super::*;

    fn message(text: &str) -> String {
        parse(text, "t.yaml").unwrap_err().to_string()
    }

    #[test]
    fn yaml_syntax_errors_carry_line_and_column() {
        let text = "openapi: 3.0.3\ninfo:\n  title: x\n   version: 1\n";
        assert!(
            message(text).starts_with("error: t.yaml:4:"),
            "{}",
            message(text)
        );
    }

    #[test]
    fn structural_errors_carry_a_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let text = message(text);
        assert!(text.contains("at #/paths/~1a/get/responses:"), "{text}");
        let text = message("openapi: 3.0.3\ninfo: 7\npaths: {}\n");
        assert!(text.contains("at #/info:"), "{text}");
    }

    /// An OpenAPI 3.1 document reads as the 3.0 document that says the same.
    #[test]
    fn openapi_31_reads_as_30() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\nwebhooks:\n  ping: {post: {responses: {'200': {description: OK}}}}\ncomponents:\n  schemas:\n    Name: {type: [string, 'null'], examples: [Ada]}\n    Count: {type: integer, exclusiveMinimum: 0, maximum: 100.0}\n    Either: {anyOf: [{$ref: '#/components/schemas/Name', description: beside}, {type: 'null'}]}\n    Kind: {const: fixed}\n    File: {type: string, contentMediaType: application/pdf}\n";
        let parsed = read(text, "t.yaml").unwrap();
        let warnings: Vec<String> = parsed
            .warnings
            .iter()
            .map(|warning| format!("{}: {}", warning.location, warning.message))
            .collect();
        assert_eq!(warnings, ["#/webhooks/ping: webhooks are not generated"]);
        let document = parsed.document;
        assert_eq!(document.openapi, "3.0.3");
        assert!(document.paths.paths.is_empty());
        let schemas = document.components.unwrap().schemas;
        let json = |name: &str| serde_json::to_value(&schemas[name]).unwrap();
        assert_eq!(
            json("Name"),
            serde_json::json!({"type": "string", "nullable": true, "example": "Ada"})
        );
        assert_eq!(
            json("Count"),
            serde_json::json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 100})
        );
        assert_eq!(
            json("Either"),
            serde_json::json!({"anyOf": [{"$ref": "#/components/schemas/Name"}, {"nullable": true, "enum": [null]}]})
        );
        assert_eq!(json("Kind"), serde_json::json!({"enum": ["fixed"]}));
        assert_eq!(
            json("File"),
            serde_json::json!({"type": "string", "format": "binary"})
        );
    }

    /// A 3.0 document is not rewritten as 3.1: `const` means nothing there. Only `type`
    /// lists and `type: "null"`, which 3.0 documents use by mistake, are read as in 3.1.
    #[test]
    fn openapi_30_is_not_read_as_31() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Kind: {type: string, const: fixed}\n    Maybe: {anyOf: [{type: string}, {type: 'null'}]}\n";
        let schemas = parse(text, "t.yaml").unwrap().components.unwrap().schemas;
        assert_eq!(
            serde_json::to_value(&schemas["Kind"]).unwrap(),
            serde_json::json!({"type": "string"})
        );
        assert_eq!(
            serde_json::to_value(&schemas["Maybe"]).unwrap(),
            serde_json::json!({"anyOf": [{"type": "string"}, {"nullable": true, "enum": [null]}]})
        );
    }

    /// Errors in a 3.1 document point where they point in the 3.0 document that says the
    /// same.
    #[test]
    fn errors_in_31_documents_point_into_the_original() {
        let document = |version: &str, name: &str| {
            format!(
                "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{{name}, properties: {{b: {{type: object, required: 7}}}}}}\n"
            )
        };
        let v31 = message(&document("3.1.0", "type: [object, 'null']"));
        let v30 = message(&document("3.0.3", "type: object, nullable: true"));
        assert_eq!(v31, v30);
        assert!(v31.contains("at #/components/schemas/A:"), "{v31}");
    }

    /// A JSON document with big integers and emoji escapes reads, and a JSON syntax error
    /// is located in the text.
    #[test]
    fn json_documents_read_as_json() {
        let text = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"\\ud83d\\ude80\", \"version\": \"1\"}, \"paths\": {},\n \"components\": {\"schemas\": {\"Seed\": {\"type\": \"integer\", \"minimum\": -9223372036854776000}}}}";
        let document = parse(text, "t.json").unwrap();
        assert_eq!(document.info.title, "🚀");
        let text = "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"x\" \"version\": \"1\"}}";
        let error = parse(text, "t.json").unwrap_err().to_string();
        assert!(
            error.starts_with("error: t.json:2:24: invalid JSON: expected"),
            "{error}"
        );
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        assert!(message("openapi: 3.2.0\n").contains("`3.2.0` is not supported"));
        assert!(message("openapi: 4.0.0\n").contains("`4.0.0` is not supported"));
        assert!(message("openapi: '3.10.0'\n").contains("`3.10.0` is not supported"));
        assert!(message("swagger: '2.0'\n").contains("Swagger 2.0"));
        assert!(message("- a\n").contains("found a sequence"));
    }
}
