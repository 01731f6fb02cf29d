//! The resource tree: the literal segments of each path name the resources
//! (`/v1/Assistants/{assistantId}/Tools` hangs a `Tools` node under `Assistants`); a
//! trailing `{param}` makes an instance operation that takes it as an argument. A leading
//! run of literals that every path shares (`/v1`) names no resource.

use super::operations::BUILDER_RESERVED;
use crate::ident::{pascal, snake, Namer};
use crate::ir::{OperationId, PathParam, Resource, ResourceId};
use openapiv3::PathItem;
use std::collections::BTreeMap;

/// Methods the hand-written runtime already defines on `Client`, public or crate-private.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "account_sid",
    "clone",
    "send",
    "send_empty",
    "follow",
    "url",
    "execute",
];
/// One segment of a path template.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Segment {
    /// A literal, such as `Assistants` or `Calls.json`.
    Literal(String),
    /// `{name}`, possibly followed by a literal suffix such as `.json`.
    Param(String),
}

/// A resource node while the tree is being built.
pub(super) struct Node {
    segment: String,
    path: String,
    parent: Option<usize>,
    parent_param: Option<PathParam>,
    pub(super) params: Vec<PathParam>,
    children: Vec<usize>,
    pub(super) operations: Vec<usize>,
    /// `x-twilio.className` of the first path item of this node that has one.
    pub(super) class_name: Option<String>,
}

/// Splits a path template into segments; rejects segments this generator cannot build.
pub(super) fn split_template(path: &str) -> Result<Vec<Segment>, String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.strip_prefix('{') {
            Some(rest) => match rest.split_once('}') {
                Some((name, suffix)) if !name.is_empty() && !name.contains('{') && !suffix.contains(['{', '}']) => {
                    Ok(Segment::Param(name.to_owned()))
                }
                _ => Err(format!("path segment `{segment}` is not supported (expected `{{name}}`, optionally followed by a literal suffix)")),
            },
            None if segment.contains(['{', '}']) => {
                Err(format!("path segment `{segment}` is not supported (a parameter must start its segment)"))
            }
            None => Ok(Segment::Literal(segment.to_owned())),
        })
        .collect()
}

/// How many leading literal segments every path shares and may be skipped: each must be
/// followed, in every path, by another literal (so every path keeps one to be named by).
pub(super) fn shared_literal_prefix<'s>(
    paths: impl Iterator<Item = &'s [Segment]> + Clone,
) -> usize {
    let Some(first) = paths.clone().next() else {
        return 0;
    };
    let mut skip = 0;
    while let Some(Segment::Literal(literal)) = first.get(skip) {
        let shared = paths.clone().all(|segments| {
            segments.get(skip) == Some(&Segment::Literal(literal.clone()))
                && matches!(segments.get(skip + 1), Some(Segment::Literal(_)))
        });
        if !shared {
            break;
        }
        skip += 1;
    }
    skip
}

/// The resource tree under construction, keyed by the shape of the path up to each node.
#[derive(Default)]
pub(super) struct Tree {
    pub(super) nodes: Vec<Node>,
    keys: BTreeMap<String, usize>,
}

impl Tree {
    /// Finds or creates the node of a path; returns it and the operation's own trailing
    /// parameter, if the path ends with one.
    pub(super) fn attach(
        &mut self,
        segments: &[Segment],
        skip: usize,
        path_params: &[PathParam],
    ) -> Option<(usize, Option<PathParam>)> {
        let mut params = path_params.iter();
        let mut current: Option<usize> = None;
        let mut pending: Option<PathParam> = None;
        let mut key = String::new();
        let mut path = String::new();
        for (index, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Param(name) => {
                    path.push_str(&format!("/{{{name}}}"));
                    if index < skip {
                        continue;
                    }
                    pending = params.next().cloned();
                    key.push_str("/{}");
                }
                Segment::Literal(literal) => {
                    path.push('/');
                    path.push_str(literal);
                    if index < skip {
                        continue;
                    }
                    let name = literal.strip_suffix(".json").unwrap_or(literal);
                    key.push('/');
                    key.push_str(name);
                    let node = match self.keys.get(&key) {
                        Some(node) => *node,
                        None => {
                            let mut params = current
                                .map_or_else(Vec::new, |parent| self.nodes[parent].params.clone());
                            if let Some(mut param) = pending.clone() {
                                // `/A/{id}/B/{id}` would give the handle two fields of one name,
                                // and a builder's own fields must stay free as well.
                                let mut names = Namer::with_reserved(BUILDER_RESERVED);
                                params
                                    .iter()
                                    .for_each(|other| drop(names.claim(other.name.clone())));
                                param.name = names.claim(param.name);
                                pending = Some(param.clone());
                                params.push(param);
                            }
                            self.nodes.push(Node {
                                segment: name.to_owned(),
                                path: path.clone(),
                                parent: current,
                                parent_param: pending.clone(),
                                params,
                                children: Vec::new(),
                                operations: Vec::new(),
                                class_name: None,
                            });
                            let node = self.nodes.len() - 1;
                            if let Some(parent) = current {
                                self.nodes[parent].children.push(node);
                            }
                            self.keys.insert(key.clone(), node);
                            node
                        }
                    };
                    pending = None;
                    current = Some(node);
                }
            }
        }
        current.map(|node| (node, pending))
    }

    /// Names the handles and the methods of their operations (`ids` are the operationIds,
    /// by operation index), and turns the nodes into resources; returns them with the
    /// method name of each operation.
    pub(super) fn finish(
        self,
        ids: &[&str],
        type_names: &mut Namer,
    ) -> (Vec<Resource>, Vec<String>) {
        let mut method_names = vec![String::new(); ids.len()];
        let mut client_methods = Namer::with_reserved(CLIENT_METHODS);
        let mut handle_methods: Vec<Namer> = self.nodes.iter().map(|_| Namer::default()).collect();
        for (index, node) in self.nodes.iter().enumerate() {
            // Methods are named by the first word of their operationId (`ListAssistants`
            // -> `list`); when two operations of one resource share it, both keep their
            // whole operationId instead, so neither name depends on the other's order.
            let first_words: Vec<String> = node
                .operations
                .iter()
                .map(|op| first_word(ids[*op]))
                .collect();
            for (op, word) in node.operations.iter().zip(&first_words) {
                let shared = first_words.iter().filter(|other| *other == word).count() > 1;
                let name = if shared { snake(ids[*op]) } else { snake(word) };
                method_names[*op] = handle_methods[index].claim(name);
            }
        }
        let mut resources: Vec<Resource> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let names = match node.parent {
                Some(parent) => &mut handle_methods[parent],
                None => &mut client_methods,
            };
            let accessor = names.claim(snake(&node.segment));
            // Twilio's `className` names a deep resource by what it is
            // (`/Flows/{}/Executions/{}/Steps` is an `ExecutionStep`); without one, the
            // name is the parent's followed by the segment.
            let lineage = match (&node.class_name, node.parent) {
                (Some(class_name), _) => pascal(class_name),
                (None, Some(parent)) => {
                    format!("{}{}", resources[parent].name, pascal(&node.segment))
                }
                (None, None) => pascal(&node.segment),
            };
            resources.push(Resource {
                name: type_names.claim(lineage),
                accessor,
                segment: node.segment.clone(),
                path: node.path.clone(),
                parent: node.parent.map(ResourceId),
                parent_param: node.parent_param.clone(),
                params: node.params.clone(),
                children: node.children.iter().copied().map(ResourceId).collect(),
                operations: node.operations.iter().copied().map(OperationId).collect(),
            });
        }
        (resources, method_names)
    }
}

/// `x-twilio: {className: ...}` of a path item: Twilio's own name for its resource.
pub(super) fn class_name(item: &PathItem) -> Option<String> {
    item.extensions
        .get("x-twilio")?
        .get("className")?
        .as_str()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
}

fn first_word(operation_id: &str) -> String {
    let snake = snake(operation_id);
    let snake = crate::ident::bare(&snake);
    snake.split('_').next().unwrap_or(snake).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_params() {
        assert_eq!(
            split_template("/v1/Calls/{Sid}.json").unwrap(),
            vec![
                Segment::Literal("v1".into()),
                Segment::Literal("Calls".into()),
                Segment::Param("Sid".into())
            ]
        );
        assert!(split_template("/v1/a{b}").is_err());
        assert!(split_template("/v1/{a}{b}").is_err());
    }

    #[test]
    fn only_prefixes_followed_by_literals_are_skipped() {
        let a = split_template("/v1/Assistants/{id}").unwrap();
        let b = split_template("/v1/Tools").unwrap();
        assert_eq!(
            shared_literal_prefix([a.as_slice(), b.as_slice()].into_iter()),
            1
        );
        let c = split_template("/v1").unwrap();
        assert_eq!(
            shared_literal_prefix([b.as_slice(), c.as_slice()].into_iter()),
            0
        );
    }

    #[test]
    fn first_word_of_an_operation_id() {
        assert_eq!(first_word("ListAssistants"), "list");
        assert_eq!(first_word("getPetById"), "get");
        assert_eq!(first_word("Type"), "type");
    }
}
