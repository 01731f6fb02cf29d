//! The documents of `cargo xtask drift`: reading an OpenAPI 3.0 document with the
//! generator's own [`generator::parse()`], resolving its `$ref`s with the generator's
//! resolver ([`generator::resolve`]; schemas also through a single-member `allOf`, a rule
//! of drift's own), and listing its operations by method and normalised path template,
//! the key on which two documents' operations meet.

use std::collections::BTreeMap;
use std::path::Path;

use generator::resolve::{self, Component, Resolved};
use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr, Schema, SchemaKind};

/// A parsed OpenAPI document and the name that messages give it.
pub(super) struct Document {
    pub(super) label: String,
    pub(super) api: OpenAPI,
}

impl Document {
    pub(super) fn read(path: &Path, label: &str) -> Result<Self, String> {
        Self::parse(&super::read(path)?, label)
    }

    /// Parses `text` as the generator does, so that drift reads exactly the documents the
    /// generator reads; what it refuses comes back with the generator's located errors,
    /// which name `label`.
    pub(super) fn parse(text: &str, label: &str) -> Result<Self, String> {
        let api = generator::parse(text, label).map_err(|errors| errors.to_string())?;
        Ok(Document {
            label: label.to_owned(),
            api,
        })
    }

    /// The item `item` is or refers to, by the generator's rules; the name of the last
    /// component followed is what recursion guards use, and the error is a sentence
    /// without location.
    pub(super) fn resolve<'a, T: Component>(
        &'a self,
        item: &'a ReferenceOr<T>,
    ) -> Result<Resolved<'a, T>, String> {
        resolve::resolve(&self.api, item)
    }

    /// Resolves a schema, through `$ref`s and through an `allOf` with a single member, the
    /// usual way of giving a `$ref` siblings.
    pub(super) fn schema<'a>(
        &'a self,
        schema: SchemaRef<'a>,
    ) -> Result<Resolved<'a, Schema>, String> {
        let mut current = schema;
        let mut name = None;
        for _ in 0..resolve::MAX_HOPS {
            let schema = match current {
                SchemaRef::Inline(schema) => schema,
                SchemaRef::Reference(reference) => {
                    let resolved = self.schema_component(reference)?;
                    name = resolved.name;
                    resolved.item
                }
            };
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                    current = SchemaRef::from(&all_of[0]);
                }
                _ => return Ok(Resolved { item: schema, name }),
            }
        }
        Err(format!(
            "more than {} `$ref`s or single-member `allOf`s in a row; is there a loop?",
            resolve::MAX_HOPS
        ))
    }

    /// The schema at the end of the `$ref` chain that starts at `reference`, with the name
    /// of the last component on the way. openapiv3 boxes the schemas of properties and
    /// items, so their `$ref`s arrive as text: the first component is looked up here and
    /// the rest of the chain left to the generator's resolver.
    fn schema_component<'a>(&'a self, reference: &'a str) -> Result<Resolved<'a, Schema>, String> {
        let name = resolve::component_name(reference, Schema::SECTION);
        let component = name
            .as_deref()
            .and_then(|name| Schema::lookup(self.api.components.as_ref()?, name));
        let (Some(name), Some(component)) = (name, component) else {
            return Err(resolve::unresolved::<Schema>(reference));
        };
        let resolved = resolve::resolve(&self.api, component)?;
        Ok(Resolved {
            item: resolved.item,
            name: resolved.name.or_else(|| Some(name.into_owned())),
        })
    }
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

/// The operations of `document`, keyed by normalised path template
/// ([`generator::paths::normalise`]) and method.
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
        let normalised = generator::paths::normalise(template);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents are read by the generator's parse, so drift refuses what the generator
    /// refuses, with the generator's located message naming the document.
    #[test]
    fn documents_the_generator_refuses_are_refused_by_name() {
        let error = |text: &str| Document::parse(text, "doc.yaml").err().unwrap_or_default();
        let yaml = error("a: [");
        assert!(
            yaml.starts_with("error: doc.yaml:2:1: invalid YAML"),
            "{yaml}"
        );
        assert!(error("swagger: '2.0'\n").contains("Swagger 2.0 documents are not supported"));
        assert!(error("openapi: 3.2.0\n").contains("OpenAPI version `3.2.0` is not supported"));
        let invalid = error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: 1\n");
        assert!(
            invalid.starts_with("error: doc.yaml at #/paths: "),
            "{invalid}"
        );
    }

    /// A `$ref` chain is followed with the generator's rules (escaped names included),
    /// and through single-member `allOf`s, to the schema at its end and its name.
    #[test]
    fn schema_refs_follow_chains_and_single_member_all_ofs() {
        let document = Document::parse(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
             schemas:\n    a/b: {$ref: '#/components/schemas/Wrapper'}\n    \
             Wrapper: {allOf: [{$ref: '#/components/schemas/Real'}]}\n    \
             Real: {type: integer}\n    Loop: {allOf: [{$ref: '#/components/schemas/Loop'}]}\n",
            "doc.yaml",
        )
        .unwrap();
        let found = document
            .schema(SchemaRef::Reference("#/components/schemas/a~1b"))
            .unwrap();
        assert!(matches!(
            found.item.schema_kind,
            SchemaKind::Type(openapiv3::Type::Integer(_))
        ));
        assert_eq!(found.name.as_deref(), Some("Real"));
        let missing = document.schema(SchemaRef::Reference("#/components/schemas/Nope"));
        assert!(missing
            .unwrap_err()
            .ends_with("no such schema in `components/schemas`"));
        let endless = document.schema(SchemaRef::Reference("#/components/schemas/Loop"));
        assert!(endless.unwrap_err().contains("is there a loop?"));
    }
}
