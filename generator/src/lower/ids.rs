//! Identifier types. A string schema whose `pattern` starts with a literal prefix
//! (`^aia_asst_.+$`, `^AC[0-9a-fA-F]{32}$`) becomes a newtype that checks the pattern when
//! it is parsed or decoded. There is one type per pattern, so an Assistant's `id`, the
//! `assistant_id` of a Feedback and the `{assistantId}` of a path all share `AssistantId`,
//! and a Tool id passed where an Assistant id is expected does not compile.
//!
//! The name comes from how the document uses the pattern, before any type is lowered:
//! every property or parameter named `*_id` / `*_sid` votes for its own name
//! (`assistant_id` -> `AssistantId`), and an `id` / `sid` property votes for its schema's
//! name (`Assistant.id` -> `AssistantId`). The most common name wins; a component schema
//! that is itself such a string keeps its own name.

use super::Lowerer;
use crate::error::Pointer;
use crate::ident::{pascal, snake};
use crate::ir::{Flow, IdRest, Model, ModelId, ModelKind, Type};
use openapiv3::{Parameter, ReferenceOr, Schema, SchemaKind};
use std::collections::BTreeMap;

/// The literal prefix and the rest of an identifier pattern, or `None` when the pattern
/// does not pin a prefix (`^[a-z]+$`, alternations, no `^`).
pub(crate) fn parse_pattern(pattern: &str) -> Option<(String, IdRest)> {
    let body = pattern.strip_prefix('^')?;
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(body.len());
    let (prefix, rest) = body.split_at(end);
    // A quantifier after the literal applies to its last character, so the prefix would
    // not be fixed; an alternation may not start with the prefix at all.
    if prefix.len() < 2 || rest.starts_with(['*', '+', '?', '{']) || rest.contains('|') {
        return None;
    }
    let rest = match rest.strip_suffix('$').unwrap_or(rest) {
        "" if rest == "$" => return None,
        "" | ".*" => IdRest::Any,
        ".+" => IdRest::NonEmpty,
        other => hex_length(other).map_or(IdRest::Unchecked, IdRest::Hex),
    };
    Some((prefix.to_owned(), rest))
}

/// `n` for a run of exactly `n` hexadecimal digits such as `[0-9a-fA-F]{32}`.
fn hex_length(rest: &str) -> Option<usize> {
    let (class, count) = rest.split_once('{')?;
    let count = count.strip_suffix('}')?.parse().ok()?;
    matches!(
        class,
        "[0-9a-fA-F]" | "[a-fA-F0-9]" | "[0-9A-Fa-f]" | "[A-Fa-f0-9]" | "[0-9a-f]" | "[0-9A-F]"
    )
    .then_some(count)
}

/// The pattern of a plain string schema, if it has one that names an identifier, with its
/// prefix and rest.
fn id_pattern(schema: &Schema) -> Option<(&str, String, IdRest)> {
    let pattern = match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(string))
            if string.enumeration.is_empty() && string.format.is_empty() =>
        {
            string.pattern.as_deref()
        }
        SchemaKind::Any(any)
            if any.typ.as_deref() == Some("string")
                && any.enumeration.is_empty()
                && any.format.is_none() =>
        {
            any.pattern.as_deref()
        }
        _ => None,
    }?;
    parse_pattern(pattern).map(|(prefix, rest)| (pattern, prefix, rest))
}

/// The name a property or parameter called `wire` votes for; `owner` is the Rust name of
/// the schema a property belongs to.
fn vote(wire: &str, owner: Option<&str>) -> Option<String> {
    let name = snake(wire);
    match (name.as_str(), owner) {
        ("id" | "sid", Some(owner)) => Some(format!("{owner}{}", pascal(&name))),
        _ if name.ends_with("_id") || name.ends_with("_sid") => Some(pascal(&name)),
        _ => None,
    }
}

/// The votes of every pattern: name -> count.
type Ballots = BTreeMap<String, BTreeMap<String, usize>>;

impl Lowerer<'_> {
    /// Names the identifier type of every pattern in the document. Runs after the
    /// component schemas are declared (their names are the owners of `id` properties) and
    /// before any schema is lowered.
    pub(super) fn name_ids(&mut self) {
        let doc = self.doc;
        let mut ballots = Ballots::new();
        if let Some(components) = &doc.components {
            for (name, schema) in &components.schemas {
                let Some(schema) = schema.as_item() else {
                    continue;
                };
                let id = self.components[name];
                if let Some((pattern, ..)) = id_pattern(schema) {
                    // A component that is itself an identifier is that identifier's type.
                    self.id_models.entry(pattern.to_owned()).or_insert(id);
                }
                let owner = self.models[id.0].name.clone();
                count_properties(schema, &owner, &mut ballots, 0);
            }
            for parameter in components.parameters.values() {
                if let ReferenceOr::Item(parameter) = parameter {
                    count_parameter(parameter, &mut ballots);
                }
            }
        }
        for item in doc.paths.paths.values().filter_map(ReferenceOr::as_item) {
            let operations = item.iter().map(|(_, operation)| &operation.parameters);
            for list in std::iter::once(&item.parameters).chain(operations) {
                for parameter in list.iter().filter_map(ReferenceOr::as_item) {
                    count_parameter(parameter, &mut ballots);
                }
            }
        }
        for (pattern, votes) in ballots {
            // The most votes win; then the shorter name, then the first in order.
            let winner = votes
                .into_iter()
                .max_by(|(a, x), (b, y)| x.cmp(y).then(b.len().cmp(&a.len())).then(b.cmp(a)))
                .map(|(name, _)| name);
            if let Some(name) = winner {
                self.id_names.insert(pattern, name);
            }
        }
    }

    /// The identifier type of a string schema with an identifier pattern, made the first
    /// time the pattern is met; `None` for any other schema.
    pub(super) fn id_type(&mut self, schema: &Schema, pointer: &Pointer) -> Option<Type> {
        let (pattern, prefix, rest) = id_pattern(schema)?;
        if let Some(id) = self.id_models.get(pattern) {
            return Some(Type::Model(*id));
        }
        let wanted = self
            .id_names
            .get(pattern)
            .cloned()
            .unwrap_or_else(|| format!("{}Id", pascal(&prefix)));
        let id = ModelId(self.models.len());
        self.models.push(Model {
            name: self.type_names.claim(wanted),
            source: pointer.to_string(),
            docs: None,
            kind: ModelKind::Id {
                pattern: pattern.to_owned(),
                prefix,
                rest,
            },
            flow: Flow::default(),
        });
        self.id_models.insert(pattern.to_owned(), id);
        Some(Type::Model(id))
    }

    /// The model kind of a component schema that is itself an identifier type.
    pub(super) fn component_id_kind(&self, id: ModelId, schema: &Schema) -> Option<ModelKind> {
        let (pattern, prefix, rest) = id_pattern(schema)?;
        (self.id_models.get(pattern) == Some(&id)).then(|| ModelKind::Id {
            pattern: pattern.to_owned(),
            prefix,
            rest,
        })
    }
}

/// Counts the votes of a schema's properties, into nested objects and arrays.
fn count_properties(schema: &Schema, owner: &str, ballots: &mut Ballots, depth: usize) {
    // Documents can nest inline objects without end only through `$ref`s, which this
    // walk does not follow; the bound is a guard, not a limit real documents reach.
    if depth > 32 {
        return;
    }
    let properties = match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        SchemaKind::Type(openapiv3::Type::Array(array)) => {
            if let Some(ReferenceOr::Item(items)) = &array.items {
                count_properties(items, owner, ballots, depth + 1);
            }
            return;
        }
        _ => return,
    };
    for (wire, property) in properties {
        let ReferenceOr::Item(property) = property else {
            continue;
        };
        if let Some((pattern, ..)) = id_pattern(property) {
            if let Some(name) = vote(wire, Some(owner)) {
                cast(ballots, pattern, name);
            }
        }
        count_properties(
            property,
            &format!("{owner}{}", pascal(wire)),
            ballots,
            depth + 1,
        );
    }
}

fn count_parameter(parameter: &Parameter, ballots: &mut Ballots) {
    let data = parameter.parameter_data_ref();
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format
    else {
        return;
    };
    if let (Some((pattern, ..)), Some(name)) = (id_pattern(schema), vote(&data.name, None)) {
        cast(ballots, pattern, name);
    }
}

/// One vote of `name` for the type of `pattern`.
fn cast(ballots: &mut Ballots, pattern: &str, name: String) {
    *ballots
        .entry(pattern.to_owned())
        .or_default()
        .entry(name)
        .or_default() += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_with_a_literal_prefix_are_identifiers() {
        let cases = [
            ("^aia_asst_.+$", Some(("aia_asst_", IdRest::NonEmpty))),
            ("^AC[0-9a-fA-F]{32}$", Some(("AC", IdRest::Hex(32)))),
            ("^KS.*$", Some(("KS", IdRest::Any))),
            ("^KS", Some(("KS", IdRest::Any))),
            ("^US[0-9]+$", Some(("US", IdRest::Unchecked))),
            ("^AC$", None),
            ("^A.+$", None),
            ("^ACa+$", None),
            ("^[a-z]+$", None),
            ("AC[0-9a-fA-F]{32}", None),
            ("^AC.+$|^US.+$", None),
        ];
        for (pattern, expected) in cases {
            let parsed = parse_pattern(pattern);
            let parsed = parsed
                .as_ref()
                .map(|(prefix, rest)| (prefix.as_str(), *rest));
            assert_eq!(parsed, expected, "{pattern}");
        }
    }

    #[test]
    fn names_come_from_id_and_sid_properties() {
        assert_eq!(vote("assistant_id", None).as_deref(), Some("AssistantId"));
        assert_eq!(vote("assistantId", None).as_deref(), Some("AssistantId"));
        assert_eq!(vote("AccountSid", None).as_deref(), Some("AccountSid"));
        assert_eq!(vote("id", Some("Tool")).as_deref(), Some("ToolId"));
        assert_eq!(vote("id", None), None);
        assert_eq!(vote("name", Some("Tool")), None);
    }
}
