//! Splits the resources of a large document into groups, each behind a cargo feature of
//! the generated crate, and works out which groups need each handle and model
//! ([`ResourceFeatures`]): a user who calls a few resources of a large API compiles those.

use super::{request_types, response_types};
use crate::ir::{Model, Operation, Resource, ResourceFeatures, ResourceGroup, ResourceId};
use std::collections::BTreeSet;

/// Documents with more operations than this get resource features: below it, a crate
/// compiles in about the time of its dependencies' metadata, and features would only
/// add names to learn.
pub const FEATURES_ABOVE: usize = 100;

/// Feature names the crate already has, which no group may take.
const TAKEN: &[&str] = &[
    "default",
    "all-resources",
    "strict",
    "blocking",
    "webhooks",
    "serialize",
    "deserialize",
];

/// The groups of a document with more than `above` operations: each top-level resource
/// with everything under it, except that a resource holding more than a quarter of the
/// operations is split into its own operations and its children, each grouped the same
/// way (Twilio's `Accounts`, under which all of api.twilio.com sits).
pub(super) fn resource_features(
    models: &[Model],
    resources: &[Resource],
    operations: &[Operation],
    above: usize,
) -> Option<ResourceFeatures> {
    if operations.len() <= above {
        return None;
    }
    // Parents come before their children, so one backward pass sums every subtree.
    let mut subtree: Vec<usize> = resources.iter().map(|r| r.operations.len()).collect();
    for index in (0..resources.len()).rev() {
        if let Some(parent) = resources[index].parent {
            subtree[parent.0] += subtree[index];
        }
    }
    let mut split = Split {
        resources,
        subtree: &subtree,
        largest: operations.len() / 4,
        groups: Vec::new(),
        of_resource: vec![None; resources.len()],
        names: TAKEN.iter().map(|name| (*name).to_owned()).collect(),
    };
    for (index, resource) in resources.iter().enumerate() {
        if resource.parent.is_none() {
            split.visit(ResourceId(index));
        }
    }
    let Split {
        groups,
        of_resource,
        ..
    } = split;
    // Every operation's resource has ops in its subtree, so it was given a group.
    let of_operation: Vec<usize> = operations
        .iter()
        .map(|operation| of_resource[operation.resource.0].unwrap_or_default())
        .collect();
    let count = groups.len();
    let every = |set: BTreeSet<usize>| -> Vec<usize> {
        if set.len() == count {
            Vec::new()
        } else {
            set.into_iter().collect()
        }
    };
    let mut served = vec![BTreeSet::new(); resources.len()];
    for (operation, group) in operations.iter().zip(&of_operation) {
        let mut node = Some(operation.resource);
        while let Some(id) = node {
            served[id.0].insert(*group);
            node = resources[id.0].parent;
        }
    }
    let mut needed = vec![BTreeSet::new(); models.len()];
    for group in 0..groups.len() {
        let roots = operations
            .iter()
            .zip(&of_operation)
            .filter(|(_, of)| **of == group)
            .flat_map(|(operation, _)| {
                request_types(resources, operation).chain(response_types(operation))
            });
        for (index, reached) in crate::ir::reachable(models, roots).into_iter().enumerate() {
            if reached {
                needed[index].insert(group);
            }
        }
    }
    Some(ResourceFeatures {
        groups,
        operations: of_operation,
        resources: served.into_iter().map(every).collect(),
        models: needed.into_iter().map(every).collect(),
    })
}

/// An accessor as a feature name: `incoming_phone_numbers` -> `incoming-phone-numbers`.
fn kebab(accessor: &str) -> String {
    accessor.trim_start_matches("r#").replace('_', "-")
}

/// The state of the split: the groups made so far and the group of each resource.
struct Split<'a> {
    resources: &'a [Resource],
    subtree: &'a [usize],
    largest: usize,
    groups: Vec<ResourceGroup>,
    of_resource: Vec<Option<usize>>,
    names: BTreeSet<String>,
}

impl Split<'_> {
    fn visit(&mut self, id: ResourceId) {
        let resource = &self.resources[id.0];
        if self.subtree[id.0] == 0 {
            return;
        }
        if self.subtree[id.0] <= self.largest || resource.children.is_empty() {
            let group = self.group(id, false);
            self.assign(id, group);
            return;
        }
        if !resource.operations.is_empty() {
            let group = self.group(id, true);
            self.of_resource[id.0] = Some(group);
        }
        let resources = self.resources;
        for child in &resources[id.0].children {
            self.visit(*child);
        }
    }

    /// A new group named after `id`'s accessor (`incoming_phone_numbers` ->
    /// `incoming-phone-numbers`), or after its parent's and its own when that is taken.
    fn group(&mut self, id: ResourceId, own_only: bool) -> usize {
        let resource = &self.resources[id.0];
        let own = kebab(&resource.accessor);
        let parent = resource
            .parent
            .map(|parent| kebab(&self.resources[parent.0].accessor));
        let mut candidates = vec![own.clone()];
        candidates.extend(parent.map(|parent| format!("{parent}-{own}")));
        let feature = candidates
            .into_iter()
            .chain((2..).map(|number| format!("{own}-{number}")))
            .find(|name| !self.names.contains(name))
            .unwrap_or(own);
        self.names.insert(feature.clone());
        self.groups.push(ResourceGroup {
            feature,
            resource: id,
            own_only,
        });
        self.groups.len() - 1
    }

    /// Puts `id` and everything under it in `group`.
    fn assign(&mut self, id: ResourceId, group: usize) {
        self.of_resource[id.0] = Some(group);
        let resources = self.resources;
        for child in &resources[id.0].children {
            self.assign(*child, group);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::{lower_with, Options};

    const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets:
    get:
      operationId: ListPets
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } } }
  /pets/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: FetchPet
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Shared" } } } } }
  /pets/{id}/toys:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: ListToys
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Toy" } } } } }
  /owners:
    get:
      operationId: ListOwners
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Shared" } } } } }
components:
  schemas:
    Pet: { type: object, properties: { name: { type: string } } }
    Toy: { type: object, properties: { name: { type: string } } }
    Shared: { type: object, properties: { name: { type: string } } }
"##;

    #[test]
    fn groups_split_large_resources_and_models_follow_their_operations() {
        let document = crate::parse::read(DOCUMENT, "pets.yaml")
            .expect("parses")
            .document;
        let lowered = |features_above| {
            let options = Options {
                features_above,
                ..Options::default()
            };
            lower_with(&document, "pets.yaml", options).expect("lowers")
        };
        assert_eq!(lowered(4).features, None, "4 operations are not above 4");
        let api = lowered(0);
        let features = api.features.as_ref().expect("features above 0 operations");
        let names: Vec<(&str, bool)> = features
            .groups
            .iter()
            .map(|group| (group.feature.as_str(), group.own_only))
            .collect();
        // `pets` holds 3 of 4 operations, more than a quarter: its own operations are one
        // group and `toys` under it another.
        assert_eq!(names, [("pets", true), ("toys", false), ("owners", false)]);
        let group_of = |id: &str| {
            let index = api
                .operations
                .iter()
                .position(|op| op.id == id)
                .expect("operation");
            features.groups[features.operations[index]].feature.as_str()
        };
        assert_eq!(group_of("FetchPet"), "pets");
        assert_eq!(group_of("ListToys"), "toys");
        assert_eq!(group_of("ListOwners"), "owners");
        let model_groups = |name: &str| {
            let index = api
                .models
                .iter()
                .position(|m| m.name == name)
                .expect("model");
            features.models[index]
                .iter()
                .map(|group| features.groups[*group].feature.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(model_groups("Pet"), ["pets"]);
        assert_eq!(model_groups("Toy"), ["toys"]);
        assert_eq!(model_groups("Shared"), ["pets", "owners"]);
        // The `pets` handle serves its own group and `toys`: not every group.
        let pets = api
            .resources
            .iter()
            .position(|r| r.accessor == "pets")
            .expect("pets");
        assert_eq!(features.resources[pets], [0, 1]);
    }
}
