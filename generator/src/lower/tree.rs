//! The resource tree: the literal segments of each path name the resources
//! (`/v1/Assistants/{assistantId}/Tools` hangs a `Tools` node under `Assistants`); the run
//! of parameters after the last literal makes an instance operation that takes them as
//! arguments. A run is every parameter between two literals: one (`{id}`), several in a row
//! (`/repos/{owner}/{repo}`), or several in one segment (`/compare/{base}...{head}`); the
//! accessor of the node after a run takes all of it. A path without a literal segment (`/`,
//! `/{id}`) hangs off a node named by the operation's first tag. A leading run of literals
//! that every path shares (`/v1`) names no resource.

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
    /// A segment with parameters, by name in order, and possibly literal text around them:
    /// `{Sid}`, `{Sid}.json`, `v{version}`, `{base}...{head}`. The URL is built from the
    /// operation's own template, so the text around the parameters only matters there.
    Params {
        /// The segment as written.
        text: String,
        /// The names between braces.
        names: Vec<String>,
    },
}

/// A resource node while the tree is being built.
pub(super) struct Node {
    segment: String,
    path: String,
    parent: Option<usize>,
    parent_params: Vec<PathParam>,
    pub(super) params: Vec<PathParam>,
    children: Vec<usize>,
    pub(super) operations: Vec<usize>,
    /// `x-twilio.className` of the first path item of this node that has one.
    pub(super) class_name: Option<String>,
}

/// Splits a path template into segments; rejects segments whose braces do not form
/// parameters (`{`, `{}`, `{a{b}`).
pub(super) fn split_template(path: &str) -> Result<Vec<Segment>, String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            if !segment.contains(['{', '}']) {
                return Ok(Segment::Literal(segment.to_owned()));
            }
            let names = crate::paths::parameters(segment);
            let braces = segment.matches(['{', '}']).count();
            if braces != 2 * names.len() || names.iter().any(|name| name.is_empty()) {
                return Err(format!(
                    "path segment `{segment}` is not supported (each parameter must be `{{name}}`, with no other braces)"
                ));
            }
            Ok(Segment::Params {
                text: segment.to_owned(),
                names: names.into_iter().map(str::to_owned).collect(),
            })
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
    /// Finds or creates the node of a path; returns it and the operation's own parameters,
    /// the run after its last literal segment. A path without a literal segment after the
    /// `skip`ped prefix hangs off the root node named `fallback` (a tag), and every one of
    /// its parameters is the operation's own.
    pub(super) fn attach(
        &mut self,
        segments: &[Segment],
        skip: usize,
        path_params: &[PathParam],
        fallback: &str,
    ) -> (usize, Vec<PathParam>) {
        let mut params = path_params.iter();
        let mut current: Option<usize> = None;
        let mut pending: Vec<PathParam> = Vec::new();
        let mut key = String::new();
        let mut path = String::new();
        for (index, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Params { text, names } => {
                    path.push('/');
                    path.push_str(text);
                    pending.extend(params.by_ref().take(names.len()).cloned());
                    if index < skip {
                        continue;
                    }
                    key.push_str(&"/{}".repeat(names.len()));
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
                    let node = self.node(&key, name, &path, current, std::mem::take(&mut pending));
                    current = Some(node);
                }
            }
        }
        match current {
            Some(node) => (node, pending),
            None => {
                let name = fallback.trim();
                let node = self.node(&format!("/{name}"), name, "/", None, Vec::new());
                (node, pending)
            }
        }
    }

    /// The node of `key`, created under `parent` when new, its accessor taking the
    /// parameters of `run`.
    fn node(
        &mut self,
        key: &str,
        segment: &str,
        path: &str,
        parent: Option<usize>,
        run: Vec<PathParam>,
    ) -> usize {
        if let Some(node) = self.keys.get(key) {
            return *node;
        }
        let mut params = parent.map_or_else(Vec::new, |parent| self.nodes[parent].params.clone());
        // `/A/{id}/B/{id}` would give the handle two fields of one name, and a builder's
        // own fields must stay free as well.
        let mut names = Namer::with_reserved(BUILDER_RESERVED);
        params
            .iter()
            .for_each(|other| drop(names.claim(other.name.clone())));
        let run: Vec<PathParam> = run
            .into_iter()
            .map(|param| PathParam {
                name: names.claim(param.name.clone()),
                ..param
            })
            .collect();
        params.extend(run.iter().cloned());
        self.nodes.push(Node {
            segment: segment.to_owned(),
            path: path.to_owned(),
            parent,
            parent_params: run,
            params,
            children: Vec::new(),
            operations: Vec::new(),
            class_name: None,
        });
        let node = self.nodes.len() - 1;
        if let Some(parent) = parent {
            self.nodes[parent].children.push(node);
        }
        self.keys.insert(key.to_owned(), node);
        node
    }

    /// Names the handles and the methods of their operations (`ids` are the operationIds,
    /// by operation index), and turns the nodes into resources; returns them with the
    /// method name of each operation.
    /// `variants[op]` is, for an operation that is another encoding of an operation's body,
    /// that operation's index and the encoding's word: its method is named after the
    /// other's (`create_multipart`).
    pub(super) fn finish(
        self,
        ids: &[&str],
        variants: &[Option<(usize, &str)>],
        type_names: &mut Namer,
    ) -> (Vec<Resource>, Vec<String>) {
        let mut method_names = vec![String::new(); ids.len()];
        let mut client_methods = Namer::with_reserved(CLIENT_METHODS);
        let mut handle_methods: Vec<Namer> = self.nodes.iter().map(|_| Namer::default()).collect();
        for (index, node) in self.nodes.iter().enumerate() {
            // Methods are named by the first word of their operationId (`ListAssistants`
            // -> `list`); when two operations of one resource share it, both keep their
            // whole operationId instead, so neither name depends on the other's order.
            let own: Vec<usize> = node
                .operations
                .iter()
                .copied()
                .filter(|op| variants[*op].is_none())
                .collect();
            let first_words: Vec<String> = own
                .iter()
                .map(|op| first_word(method_source(ids[*op])))
                .collect();
            for (op, word) in own.iter().zip(&first_words) {
                let shared = first_words.iter().filter(|other| *other == word).count() > 1;
                let name = if shared {
                    snake(method_source(ids[*op]))
                } else {
                    snake(word)
                };
                method_names[*op] = handle_methods[index].claim(name);
            }
            for op in &node.operations {
                if let Some((base, suffix)) = variants[*op] {
                    let name = format!("{}_{suffix}", crate::ident::bare(&method_names[base]));
                    method_names[*op] = handle_methods[index].claim(name);
                }
            }
        }
        let mut resources: Vec<Resource> = Vec::with_capacity(self.nodes.len());
        // What each resource is called before the `Resource` suffix; a child's is its
        // parent's followed by its segment.
        let mut lineages: Vec<String> = Vec::with_capacity(self.nodes.len());
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
                (None, Some(parent)) => format!("{}{}", lineages[parent], pascal(&node.segment)),
                (None, None) => pascal(&node.segment),
            };
            // Handles end in `Resource`, so that a handle and the model of what it serves
            // (`KnowledgeStatusResource`, `models::KnowledgeStatus`) can be imported side
            // by side.
            let name = type_names.claim(format!("{lineage}Resource"));
            lineages.push(lineage);
            resources.push(Resource {
                name,
                accessor,
                segment: node.segment.clone(),
                path: node.path.clone(),
                parent: node.parent.map(ResourceId),
                parent_params: node.parent_params.clone(),
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

/// The part of an operationId that names its method: the text after the last `/` of an id
/// that groups operations by resource the way GitHub's do (`repos/list-for-org` ->
/// `list-for-org`), since the resource already says what the group says; the whole id
/// otherwise.
fn method_source(operation_id: &str) -> &str {
    operation_id
        .rsplit('/')
        .next()
        .filter(|last| last.chars().any(char::is_alphanumeric))
        .unwrap_or(operation_id)
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
                Segment::Params {
                    text: "{Sid}.json".into(),
                    names: vec!["Sid".into()]
                }
            ]
        );
        assert_eq!(
            split_template("/compare/{base}...{head}").unwrap()[1],
            Segment::Params {
                text: "{base}...{head}".into(),
                names: vec!["base".into(), "head".into()]
            }
        );
        for bad in ["/v1/a{", "/v1/{}", "/v1/{a{b}", "/v1/a}b"] {
            assert!(split_template(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn runs_of_parameters_go_to_the_next_node_or_the_operation() {
        let param = |name: &str| PathParam {
            name: name.into(),
            wire_name: name.into(),
            ty: crate::ir::Type::String,
            docs: None,
            source: String::new(),
            declared_required: true,
        };
        let mut tree = Tree::default();
        let segments = split_template("/repos/{owner}/{repo}/issues/{number}").unwrap();
        let params = [param("owner"), param("repo"), param("number")];
        let (node, own) = tree.attach(&segments, 0, &params, "repos");
        let names =
            |params: &[PathParam]| params.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&own), ["number"]);
        assert_eq!(names(&tree.nodes[node].parent_params), ["owner", "repo"]);
        let segments = split_template("/repos/{owner}/{repo}").unwrap();
        let (repos, own) = tree.attach(&segments, 0, &params[..2], "repos");
        assert_eq!(tree.nodes[node].parent, Some(repos));
        assert_eq!(names(&own), ["owner", "repo"]);
        let (root, own) = tree.attach(&split_template("/{id}").unwrap(), 0, &[param("id")], "meta");
        assert_eq!(names(&own), ["id"]);
        assert_eq!(tree.nodes[root].segment, "meta");
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
        assert_eq!(method_source("repos/list-for-org"), "list-for-org");
        assert_eq!(method_source("ListAssistants"), "ListAssistants");
        assert_eq!(method_source("odd/"), "odd/");
    }
}
