//! The documents of `cargo xtask drift`: reading an OpenAPI 3.0 document, resolving its
//! `$ref`s (schemas also through a single-member `allOf`), and listing its operations by
//! method and normalised path template, the key on which two documents' operations meet.

use std::collections::BTreeMap;
use std::path::Path;

use openapiv3::{Components, OpenAPI, Operation, PathItem, ReferenceOr, Schema, SchemaKind};

/// How many `$ref`s in a row are followed before a chain is taken for a loop.
const MAX_REF_HOPS: usize = 32;

/// A parsed OpenAPI document and the name that messages give it.
pub(super) struct Document {
    pub(super) label: String,
    pub(super) api: OpenAPI,
}

impl Document {
    pub(super) fn read(path: &Path, label: &str) -> Result<Self, String> {
        Self::parse(&super::read(path)?, label)
    }

    /// Parses `text`, refusing what is not YAML or not OpenAPI 3.0 with a message that
    /// names `label`.
    pub(super) fn parse(text: &str, label: &str) -> Result<Self, String> {
        let value: serde_yaml::Value = serde_yaml::from_str(text)
            .map_err(|error| format!("error: {label}: not valid YAML: {error}"))?;
        let version = match value.get("openapi") {
            Some(serde_yaml::Value::String(version)) => version.clone(),
            // An unquoted `openapi: 3.0` is read by YAML as a number.
            Some(serde_yaml::Value::Number(version)) => version.to_string(),
            _ => {
                return Err(format!(
                    "error: {label}: not an OpenAPI 3.0 document (no `openapi: 3.0.x` field)"
                ));
            }
        };
        if version != "3.0" && !version.starts_with("3.0.") {
            return Err(format!(
                "error: {label}: OpenAPI {version} is not supported; drift reads OpenAPI 3.0"
            ));
        }
        // Parsed from the text again rather than from `value` so that errors keep their
        // line and column.
        let api = serde_yaml::from_str(text).map_err(|error| {
            format!("error: {label}: not a valid OpenAPI 3.0 document: {error}")
        })?;
        Ok(Document {
            label: label.to_owned(),
            api,
        })
    }

    /// Follows `item` through `$ref`s into `#/components/<section>/`, where `lookup` finds
    /// a component by name. Returns the item and the name of the last component followed,
    /// which recursion guards use; the error is a sentence without location.
    pub(super) fn resolve<'a, T>(
        &'a self,
        mut item: &'a ReferenceOr<T>,
        section: &str,
        lookup: impl Fn(&'a Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Result<(&'a T, Option<String>), String> {
        let mut name = None;
        for _ in 0..MAX_REF_HOPS {
            let reference = match item {
                ReferenceOr::Item(found) => return Ok((found, name)),
                ReferenceOr::Reference { reference } => reference,
            };
            let target = component_name(reference, section);
            let next = target.as_deref().and_then(|target| {
                let components = self.api.components.as_ref()?;
                lookup(components, target)
            });
            match next {
                Some(next) => {
                    name = target;
                    item = next;
                }
                None => {
                    return Err(format!(
                        "`$ref: {reference}` does not name a component of #/components/{section}"
                    ));
                }
            }
        }
        Err(format!(
            "more than {MAX_REF_HOPS} `$ref`s in a row in #/components/{section}; a loop?"
        ))
    }

    /// Resolves a schema, through `$ref`s and through an `allOf` with a single member, the
    /// usual way of giving a `$ref` siblings.
    pub(super) fn schema<'a>(
        &'a self,
        schema: SchemaRef<'a>,
    ) -> Result<(&'a Schema, Option<String>), String> {
        let mut current = schema;
        let mut name = None;
        for _ in 0..MAX_REF_HOPS {
            let schema = match current {
                SchemaRef::Inline(schema) => schema,
                SchemaRef::Reference(reference) => {
                    let target = component_name(reference, "schemas");
                    let found = target
                        .as_deref()
                        .and_then(|target| self.api.components.as_ref()?.schemas.get(target));
                    let Some(found) = found else {
                        return Err(format!(
                            "`$ref: {reference}` does not name a component of #/components/schemas"
                        ));
                    };
                    let (schema, last) = self.resolve(found, "schemas", |components, target| {
                        components.schemas.get(target)
                    })?;
                    name = last.or(target);
                    schema
                }
            };
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                    current = SchemaRef::from(&all_of[0]);
                }
                _ => return Ok((schema, name)),
            }
        }
        Err(format!(
            "more than {MAX_REF_HOPS} `$ref`s or single-member `allOf`s in a row; a loop?"
        ))
    }
}

/// The component name that `reference` points to in `#/components/<section>/`, with the
/// JSON pointer escapes (`~1` for `/`, `~0` for `~`) undone; `None` for any other target.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// A schema or a `$ref` to one, whether openapiv3 boxed it (properties, items) or not.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Reference(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// One operation of a document.
pub(super) struct Op<'a> {
    /// The method in upper case, as printed: `GET`.
    pub(super) method: String,
    /// The path template as the document writes it: `/v1/Assistants/{assistantId}/Tools`.
    pub(super) template: &'a str,
    /// The path item, for the parameters that all its operations share.
    pub(super) item: &'a PathItem,
    pub(super) operation: &'a Operation,
}

/// The operations of `document`, keyed by normalised path template and method.
pub(super) fn operations(
    document: &Document,
) -> Result<BTreeMap<(String, String), Op<'_>>, String> {
    let mut operations = BTreeMap::new();
    let mut templates: BTreeMap<String, &str> = BTreeMap::new();
    for (template, item) in document.api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            return Err(format!(
                "error: {}: #/paths/{template}: path item `$ref`s are not supported",
                document.label
            ));
        };
        let normalised = normalise(template);
        if let Some(first) = templates.insert(normalised.clone(), template) {
            return Err(format!(
                "error: {}: the paths `{first}` and `{template}` differ only in the names of \
                 their parameters",
                document.label
            ));
        }
        for (method, operation) in item.iter() {
            let method = method.to_uppercase();
            let op = Op {
                method: method.clone(),
                template,
                item,
                operation,
            };
            operations.insert((normalised.clone(), method), op);
        }
    }
    Ok(operations)
}

/// The path template with the names of its parameters left out: `/v1/Tools/{}`.
fn normalise(template: &str) -> String {
    let mut normalised = String::with_capacity(template.len());
    let mut in_parameter = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_parameter = true;
                normalised.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => normalised.push(c),
        }
    }
    normalised
}

/// The names of the parameters of a path template, in order.
/// The names of the parameters of a path template, in order.
pub(super) fn template_parameters(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_that_are_not_openapi_3_0_are_refused_by_name() {
        let error = |text: &str| Document::parse(text, "doc.yaml").err().unwrap_or_default();
        assert!(error("a: [").starts_with("error: doc.yaml: not valid YAML"));
        assert!(error("swagger: '2.0'\n").contains("doc.yaml: not an OpenAPI 3.0 document"));
        assert!(error("openapi: 3.1.0\n").contains("OpenAPI 3.1.0 is not supported"));
        assert!(error("openapi: 3.0.3\npaths: 1\n").contains("doc.yaml: not a valid OpenAPI"));
    }
}
