//! The comparison of two [`Surface`]s: [`diff()`] pairs up their operations and models,
//! records every difference a user of the crate would notice as a [`Change`] with a
//! [`Verdict`], and derives the semver [`Bump`]. It reads only surfaces (see
//! `surface.rs`); `report.rs` renders the resulting [`ApiDiff`] as text and JSON. The
//! verdicts follow the rules the parent module's docs state.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::surface::{FieldSurface, InputSurface, ModelSurface, OperationSurface, Shape, Surface};

/// What two versions of an API differ in, and the version bump that implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The bump the changes imply.
    pub bump: Bump,
    /// The changes, breaking ones first, each group in document order.
    pub changes: Vec<Change>,
}

/// One difference a user of the crate would notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether code written against the old crate may stop compiling or working.
    pub verdict: Verdict,
    /// What kind of thing changed.
    pub item: Item,
    /// Which one, such as `createAssistant`, `Assistant.owner` or `listTools(PageSize)`.
    pub name: String,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The particulars, such as ``type `String` -> `i64` ``.
    pub detail: String,
}

/// The verdict on a [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Code written against the old crate may stop compiling or behave differently.
    Breaking,
    /// Code written against the old crate keeps working.
    Compatible,
}

impl Verdict {
    /// The verdict as the diff prints it: `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::Compatible => "compatible",
        }
    }
}

/// What kind of thing a [`Change`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// The client's default base URL.
    BaseUrl,
    /// An operation.
    Operation,
    /// An argument of an operation's method: a path, query or header parameter, a body
    /// field, or the body.
    Argument,
    /// A builder method of an operation, which sets an optional parameter, body field or
    /// body.
    Method,
    /// What an operation returns.
    Response,
    /// A model.
    Model,
    /// A field of a struct model.
    Field,
    /// A value of an enum model or a variant of a `oneOf` model.
    Variant,
}

/// Whether a [`Change`] adds, removes or alters its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// The item is there in both, different.
    Changed,
}

/// A semver bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// The generated code changed without changing its API (documentation, fingerprint).
    Patch,
    /// Only compatible changes.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// The version after this bump, by Cargo's rules: below 1.0.0 a breaking change bumps
    /// the minor number and anything else the patch number.
    pub fn apply(self, version: &str) -> Result<String, String> {
        let numbers: Vec<u64> = version
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{version}` is not a MAJOR.MINOR.PATCH version"))?;
        let [major, minor, patch] = numbers[..] else {
            return Err(format!("`{version}` is not a MAJOR.MINOR.PATCH version"));
        };
        let next = |number: u64| {
            number
                .checked_add(1)
                .ok_or_else(|| format!("`{version}` cannot be bumped: a number would overflow"))
        };
        let (major, minor, patch) = match (self, major) {
            (Bump::None, _) => (major, minor, patch),
            (Bump::Major, 0) | (Bump::Minor, 1..) => (major, next(minor)?, 0),
            (Bump::Major, _) => (next(major)?, 0, 0),
            (Bump::Minor | Bump::Patch, _) => (major, minor, next(patch)?),
        };
        Ok(format!("{major}.{minor}.{patch}"))
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// Compares `old` with `new`. `output_changed` says whether the generated files differ at
/// all, which makes a patch bump when the API itself is the same.
pub fn diff(old: &Surface, new: &Surface, output_changed: bool) -> ApiDiff {
    let mut changes = Changes {
        list: Vec::new(),
        ids: new
            .models
            .iter()
            .filter(|model| matches!(model.shape, Shape::Id { .. }))
            .map(|model| model.name.clone())
            .collect(),
    };
    if old.base_url != new.base_url {
        changes.push(
            Verdict::Compatible,
            Item::BaseUrl,
            "client",
            ChangeKind::Changed,
            format!(
                "`{}` -> `{}`",
                old.base_url.as_deref().unwrap_or("none"),
                new.base_url.as_deref().unwrap_or("none")
            ),
        );
    }
    compare_operation_lists(&mut changes, &old.operations, &new.operations);
    compare_model_lists(&mut changes, &old.models, &new.models);
    let mut changes = changes.list;
    // A stable sort keeps document order inside each verdict.
    changes.sort_by_key(|change| change.verdict);
    let bump = match changes.first().map(|change| change.verdict) {
        Some(Verdict::Breaking) => Bump::Major,
        Some(Verdict::Compatible) => Bump::Minor,
        None if output_changed => Bump::Patch,
        None => Bump::None,
    };
    ApiDiff { bump, changes }
}

/// Compares the operations of two versions, paired by `operationId`, or by request line
/// where the `operationId` alone changed.
fn compare_operation_lists(
    changes: &mut Changes,
    old: &[OperationSurface],
    new: &[OperationSurface],
) {
    // An operation whose `operationId` changed but whose method and path did not is the
    // same operation renamed, compared as such rather than as one removed and one added.
    let old_ids: BTreeSet<&str> = old.iter().map(|operation| operation.id.as_str()).collect();
    let new_ids: BTreeSet<&str> = new.iter().map(|operation| operation.id.as_str()).collect();
    let renamed_from = |operation: &OperationSurface| {
        old.iter().find(|previous| {
            previous.request == operation.request && !new_ids.contains(previous.id.as_str())
        })
    };
    let renamed: BTreeSet<&str> = new
        .iter()
        .filter(|operation| !old_ids.contains(operation.id.as_str()))
        .filter_map(renamed_from)
        .map(|previous| previous.id.as_str())
        .collect();
    for_pairs(
        old,
        new,
        |operation| operation.id.as_str(),
        |pair| match pair {
            Pair::Removed(operation) if renamed.contains(operation.id.as_str()) => {}
            Pair::Removed(operation) => changes.push(
                Verdict::Breaking,
                Item::Operation,
                &operation.id,
                ChangeKind::Removed,
                format!("`{}` (`{}`)", operation.call, operation.request),
            ),
            Pair::Added(operation) => match renamed_from(operation) {
                Some(previous) => compare_operations(changes, previous, operation),
                None => changes.push(
                    Verdict::Compatible,
                    Item::Operation,
                    &operation.id,
                    ChangeKind::Added,
                    format!("`{}` (`{}`)", operation.call, operation.request),
                ),
            },
            Pair::Both(old, new) => compare_operations(changes, old, new),
        },
    );
}

/// Compares the models of two versions, paired by type name.
fn compare_model_lists(changes: &mut Changes, old: &[ModelSurface], new: &[ModelSurface]) {
    for_pairs(
        old,
        new,
        |model| model.name.as_str(),
        |pair| match pair {
            Pair::Removed(model) => changes.push(
                Verdict::Breaking,
                Item::Model,
                &model.name,
                ChangeKind::Removed,
                String::new(),
            ),
            Pair::Added(model) => changes.push(
                Verdict::Compatible,
                Item::Model,
                &model.name,
                ChangeKind::Added,
                String::new(),
            ),
            Pair::Both(old, new) => compare_models(changes, old, new),
        },
    );
}

/// The changes found so far, and what judging them needs to know of the new surface.
struct Changes {
    list: Vec<Change>,
    /// The identifier types of the new surface, which arguments take as `impl IntoId<_>`.
    ids: BTreeSet<String>,
}

impl Changes {
    fn push(
        &mut self,
        verdict: Verdict,
        item: Item,
        name: &str,
        change: ChangeKind,
        detail: String,
    ) {
        self.list.push(Change {
            verdict,
            item,
            name: name.to_owned(),
            change,
            detail,
        });
    }

    /// Records a change of type, which breaks code that names or matches the old one.
    fn retyped(&mut self, item: Item, name: &str, old: &str, new: &str) {
        if old != new {
            self.push(
                Verdict::Breaking,
                item,
                name,
                ChangeKind::Changed,
                format!("type `{old}` -> `{new}`"),
            );
        }
    }
}

enum Pair<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Calls `visit` for every item of `new` (in order, matched with the `old` item of the same
/// key) and then for every `old` item whose key is gone.
fn for_pairs<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> &str,
    mut visit: impl FnMut(Pair<'a, T>),
) {
    let old_by_key: std::collections::HashMap<&str, &T> =
        old.iter().map(|item| (key(item), item)).collect();
    let new_keys: BTreeSet<&str> = new.iter().map(&key).collect();
    for item in new {
        match old_by_key.get(key(item)) {
            Some(previous) => visit(Pair::Both(previous, item)),
            None => visit(Pair::Added(item)),
        }
    }
    for item in old {
        if !new_keys.contains(key(item)) {
            visit(Pair::Removed(item));
        }
    }
}

/// Whether code that calls `old` as its call reads calls `new` too: the same methods with as
/// many arguments, each of the same type or, where it was `String`, an identifier type
/// (taken as `impl IntoId<_>`, which a string is).
fn calls_alike(old: &OperationSurface, new: &OperationSurface, ids: &BTreeSet<String>) -> bool {
    if old.call == new.call {
        return true;
    }
    let (Some(old_steps), Some(new_steps)) = (old.call_steps(), new.call_steps()) else {
        return false;
    };
    old_steps.len() == new_steps.len()
        && old_steps
            .iter()
            .zip(&new_steps)
            .all(|((old_name, old_types), (new_name, new_types))| {
                old_name == new_name
                    && old_types.len() == new_types.len()
                    && old_types.iter().zip(new_types).all(|(old_type, new_type)| {
                        old_type == new_type || (old_type == "String" && ids.contains(new_type))
                    })
            })
}

fn compare_operations(changes: &mut Changes, old: &OperationSurface, new: &OperationSurface) {
    let id = new.id.as_str();
    // An argument that took a string and now takes an identifier still takes a string.
    let same_call = calls_alike(old, new, &changes.ids);
    let mut changed = |verdict, detail: String| {
        changes.push(verdict, Item::Operation, id, ChangeKind::Changed, detail)
    };
    if old.id != new.id {
        changed(
            Verdict::Compatible,
            format!("`operationId` was `{}`", old.id),
        );
    }
    // The callers' code is unchanged by a new request line: the request goes where the
    // document now says. Every other name here is one the callers' code spells.
    if old.call != new.call {
        let (verdict, why) = if same_call {
            (
                Verdict::Compatible,
                ": the identifiers it now takes are still taken as strings",
            )
        } else {
            (Verdict::Breaking, "")
        };
        changed(
            verdict,
            format!("called as `{}`, was `{}`{why}", new.call, old.call),
        );
    }
    for (verdict, what, old_name, new_name) in [
        (
            Verdict::Breaking,
            "on the handle type",
            &old.handle,
            &new.handle,
        ),
        (
            Verdict::Breaking,
            "builder type",
            &old.builder,
            &new.builder,
        ),
        (Verdict::Compatible, "sends", &old.request, &new.request),
    ] {
        if old_name != new_name {
            changed(verdict, format!("{what} `{new_name}`, was `{old_name}`"));
        }
    }
    // Nor by another server or body media type.
    if old.server != new.server {
        changed(
            Verdict::Compatible,
            format!(
                "server `{}`, was `{}`",
                new.server.as_deref().unwrap_or("the client's"),
                old.server.as_deref().unwrap_or("the client's")
            ),
        );
    }
    if old.content_type != new.content_type
        && old.content_type.is_some()
        && new.content_type.is_some()
    {
        changed(
            Verdict::Compatible,
            format!(
                "body sent as `{}`, was `{}`",
                new.content_type.as_deref().unwrap_or_default(),
                old.content_type.as_deref().unwrap_or_default()
            ),
        );
    }
    if old.deprecated != new.deprecated {
        let detail = if new.deprecated {
            "deprecated"
        } else {
            "no longer deprecated"
        };
        changed(Verdict::Compatible, detail.to_owned());
    }
    // Arguments are positional: when the call is unchanged they pair up by position, and
    // only what they send can differ.
    if same_call {
        for (old_argument, new_argument) in old.arguments.iter().zip(&new.arguments) {
            compare_inputs(changes, id, Item::Argument, old_argument, new_argument);
        }
    }
    compare_methods(changes, id, &old.methods, &new.methods);
    compare_responses(changes, id, old, new);
}

/// Compares the builder methods of the operation `id`, paired by name.
fn compare_methods(changes: &mut Changes, id: &str, old: &[InputSurface], new: &[InputSurface]) {
    for_pairs(
        old,
        new,
        |method| method.name.as_str(),
        |pair| match pair {
            Pair::Removed(method) => changes.push(
                Verdict::Breaking,
                Item::Method,
                &format!("{id}.{}", method.name),
                ChangeKind::Removed,
                format!("it set {}", target(method)),
            ),
            Pair::Added(method) => changes.push(
                Verdict::Compatible,
                Item::Method,
                &format!("{id}.{}", method.name),
                ChangeKind::Added,
                format!("sets {}{}", target(method), taking(method)),
            ),
            Pair::Both(old_method, new_method) => {
                compare_inputs(changes, id, Item::Method, old_method, new_method)
            }
        },
    );
}

/// Compares what the operation `id` returns: the type `send` returns and the items of a
/// paged list.
fn compare_responses(
    changes: &mut Changes,
    id: &str,
    old: &OperationSurface,
    new: &OperationSurface,
) {
    changes.retyped(Item::Response, id, &old.returns, &new.returns);
    match (&old.items, &new.items) {
        (None, None) => {}
        (Some(old_item), Some(new_item)) => changes.retyped(
            Item::Response,
            id,
            &format!("pages of {old_item}"),
            &format!("pages of {new_item}"),
        ),
        (None, Some(item)) => changes.push(
            Verdict::Compatible,
            Item::Response,
            id,
            ChangeKind::Changed,
            format!("now paged: `stream`, `pages` and `limit` yield `{item}`"),
        ),
        (Some(item), None) => changes.push(
            Verdict::Breaking,
            Item::Response,
            id,
            ChangeKind::Changed,
            format!("no longer paged (was pages of `{item}`)"),
        ),
    }
}

/// What an input sets, such as ``query `PageSize` ``.
fn target(input: &InputSurface) -> String {
    if input.wire.is_empty() {
        input.role.to_string()
    } else {
        format!("{} `{}`", input.role, input.wire)
    }
}

/// The type an input takes, such as ``, taking `u32` ``, or nothing for a method
/// without argument.
fn taking(input: &InputSurface) -> String {
    if input.ty.is_empty() {
        String::new()
    } else {
        format!(", taking `{}`", input.ty)
    }
}

/// Compares an argument or builder method present in both versions.
fn compare_inputs(
    changes: &mut Changes,
    id: &str,
    item: Item,
    old: &InputSurface,
    new: &InputSurface,
) {
    let name = format!("{id}.{}", new.name);
    if old.ty == "String" && changes.ids.contains(&new.ty) {
        // An identifier is taken as `impl IntoId<_>`, which a `String` or `&str` is.
        changes.push(
            Verdict::Compatible,
            item,
            &name,
            ChangeKind::Changed,
            format!(
                "type `String` -> `{}`: a string is still taken, and checked against the identifier's pattern before sending",
                new.ty
            ),
        );
    } else {
        changes.retyped(item, &name, &old.ty, &new.ty);
    }
    // A parameter moved between path, query and header still sets a parameter.
    let same_kind = old.role == new.role || (old.role.is_parameter() && new.role.is_parameter());
    if !same_kind {
        // The same name now sets something else: code that compiles sends other data.
        changes.push(
            Verdict::Breaking,
            item,
            &name,
            ChangeKind::Changed,
            format!("now sets {}, was {}", target(new), target(old)),
        );
    } else if old.role != new.role || old.wire != new.wire {
        changes.push(
            Verdict::Compatible,
            item,
            &name,
            ChangeKind::Changed,
            format!("sent as {}, was {}", target(new), target(old)),
        );
    }
    if old.range != new.range {
        let text = |range: &Option<(Option<i64>, Option<i64>)>| match range {
            None => "any value".to_owned(),
            Some((low, high)) => format!(
                "{}..={}",
                low.map(|low| low.to_string()).unwrap_or_default(),
                high.map(|high| high.to_string()).unwrap_or_default()
            ),
        };
        // A value the old range accepted may now be refused before sending.
        let (old_low, old_high) = old.range.unwrap_or((None, None));
        let (new_low, new_high) = new.range.unwrap_or((None, None));
        let narrower = new_low.is_some_and(|low| old_low.is_none_or(|old| low > old))
            || new_high.is_some_and(|high| old_high.is_none_or(|old| high < old));
        changes.push(
            if narrower {
                Verdict::Breaking
            } else {
                Verdict::Compatible
            },
            item,
            &name,
            ChangeKind::Changed,
            format!("accepts {}, was {}", text(&new.range), text(&old.range)),
        );
    }
    if old.joined != new.joined {
        changes.push(
            Verdict::Compatible,
            item,
            &name,
            ChangeKind::Changed,
            if new.joined {
                "sent as one comma-separated value".to_owned()
            } else {
                "sent as repeated keys".to_owned()
            },
        );
    }
    if old.style != new.style {
        let style = |style: &str| match style {
            "" => "the location's default style".to_owned(),
            style => format!("style {style}"),
        };
        changes.push(
            Verdict::Compatible,
            item,
            &name,
            ChangeKind::Changed,
            format!("sent in {}, was {}", style(&new.style), style(&old.style)),
        );
    }
}

/// "now required" or "now optional", with what that makes of the item when one is given.
fn optionality(required: bool, when_required: &str, when_optional: &str) -> String {
    let (state, consequence) = if required {
        ("now required", when_required)
    } else {
        ("now optional", when_optional)
    };
    if consequence.is_empty() {
        state.to_owned()
    } else {
        format!("{state}: {consequence}")
    }
}

/// Compares a model present in both versions: the dispatcher to one function per shape.
fn compare_models(changes: &mut Changes, old: &ModelSurface, new: &ModelSurface) {
    let name = new.name.as_str();
    // A model that neither requests nor responses carry is a struct body, which the
    // request builder fills: its changes show as the builder's arguments and methods.
    if !(old.request || old.response || new.request || new.response) {
        return;
    }
    match (&old.shape, &new.shape) {
        (
            Shape::Struct {
                fields: old_fields,
                default: old_default,
            },
            Shape::Struct {
                fields: new_fields,
                default,
            },
        ) => {
            compare_defaults(changes, name, *old_default, *default);
            compare_fields(changes, name, new.request, *default, old_fields, new_fields);
        }
        (Shape::Enum { values: old_values }, Shape::Enum { values: new_values }) => {
            compare_enum_values(changes, name, old_values, new_values)
        }
        (
            Shape::Id {
                prefix: old_prefix,
                pattern: old_pattern,
                rest: old_rest,
            },
            Shape::Id {
                prefix,
                pattern,
                rest,
            },
        ) => compare_ids(
            changes,
            name,
            (old_prefix, old_pattern, old_rest),
            (prefix, pattern, rest),
        ),
        (
            Shape::OneOf {
                variants: old_variants,
                discriminator: old_discriminator,
            },
            Shape::OneOf {
                variants: new_variants,
                discriminator,
            },
        ) => {
            compare_alternatives(
                changes,
                name,
                old_variants,
                new_variants,
                discriminator.is_none(),
            );
            compare_discriminators(changes, name, old_discriminator, discriminator);
        }
        (Shape::Alias { target: old_target }, Shape::Alias { target }) => {
            changes.retyped(Item::Model, name, old_target, target)
        }
        (old_shape, new_shape) => changes.push(
            Verdict::Breaking,
            Item::Model,
            name,
            ChangeKind::Changed,
            format!(
                "now {}, was {}",
                shape_name(new_shape),
                shape_name(old_shape)
            ),
        ),
    }
}

/// Compares whether the struct `name` implements `Default`.
fn compare_defaults(changes: &mut Changes, name: &str, old_default: bool, default: bool) {
    if old_default != default {
        changes.push(
            if default {
                Verdict::Compatible
            } else {
                Verdict::Breaking
            },
            Item::Model,
            name,
            ChangeKind::Changed,
            if default {
                "now implements `Default`"
            } else {
                "no longer implements `Default`, so `..Default::default()` no longer builds it"
            }
            .to_owned(),
        );
    }
}

/// Compares the fields of the struct `name`, paired by Rust name. `request` says whether
/// requests carry the new version and `default` whether it implements `Default`.
fn compare_fields(
    changes: &mut Changes,
    name: &str,
    request: bool,
    default: bool,
    old: &[FieldSurface],
    new: &[FieldSurface],
) {
    for_pairs(
        old,
        new,
        |field| field.name.as_str(),
        |pair| match pair {
            Pair::Removed(field) => changes.push(
                Verdict::Breaking,
                Item::Field,
                &format!("{name}.{}", field.name),
                ChangeKind::Removed,
                format!("`{}`", field.ty),
            ),
            Pair::Added(field) => {
                // A request must now set it: a new argument of the operations that
                // send the model, or a value to fill in where the model is built.
                // A request model without `Default` is built with every field
                // written out, so any new field breaks that code.
                let reason = if !request {
                    None
                } else if field.required {
                    Some("required in requests: ")
                } else if !default {
                    Some("in a request model without `Default`: ")
                } else {
                    None
                };
                changes.push(
                    if reason.is_some() {
                        Verdict::Breaking
                    } else {
                        Verdict::Compatible
                    },
                    Item::Field,
                    &format!("{name}.{}", field.name),
                    ChangeKind::Added,
                    format!("{}`{}`", reason.unwrap_or_default(), field.ty),
                )
            }
            Pair::Both(old_field, new_field) => {
                compare_field(changes, name, request, old_field, new_field)
            }
        },
    );
}

/// Compares a field of the struct `name` present in both versions.
fn compare_field(
    changes: &mut Changes,
    name: &str,
    request: bool,
    old: &FieldSurface,
    new: &FieldSurface,
) {
    let field_name = format!("{name}.{}", new.name);
    changes.retyped(Item::Field, &field_name, &old.ty, &new.ty);
    if old.required != new.required && old.ty == new.ty {
        // Same Rust type, so only requests see the difference: a
        // required field of a request body is an argument.
        changes.push(
            if request {
                Verdict::Breaking
            } else {
                Verdict::Compatible
            },
            Item::Field,
            &field_name,
            ChangeKind::Changed,
            optionality(new.required, "", ""),
        );
    }
    if old.wire != new.wire {
        changes.push(
            Verdict::Compatible,
            Item::Field,
            &field_name,
            ChangeKind::Changed,
            format!("sent as `{}`, was `{}`", new.wire, old.wire),
        );
    }
}

/// Compares the values of the string enum `name`, paired by variant name: code names the
/// variants, so a variant that now sends another value is compatible (as any value sent
/// differently under the same Rust name), and a value whose variant is now named otherwise
/// is the old variant removed and the new one added.
fn compare_enum_values(
    changes: &mut Changes,
    name: &str,
    old: &[(String, String)],
    new: &[(String, String)],
) {
    for_pairs(
        old,
        new,
        |(variant, _)| variant.as_str(),
        |pair| match pair {
            Pair::Removed((variant, wire)) => changes.push(
                Verdict::Breaking,
                Item::Variant,
                &format!("{name}::{variant}"),
                ChangeKind::Removed,
                format!("`{wire}`"),
            ),
            Pair::Added((variant, wire)) => changes.push(
                Verdict::Compatible,
                Item::Variant,
                &format!("{name}::{variant}"),
                ChangeKind::Added,
                format!("`{wire}`"),
            ),
            Pair::Both((_, old_wire), (variant, wire)) => {
                if old_wire != wire {
                    changes.push(
                        Verdict::Compatible,
                        Item::Variant,
                        &format!("{name}::{variant}"),
                        ChangeKind::Changed,
                        format!("sent as `{wire}`, was `{old_wire}`"),
                    );
                }
            }
        },
    );
}

/// Compares the rule of the identifier `name`, each version given as
/// `(prefix, pattern, rest)`.
fn compare_ids(
    changes: &mut Changes,
    name: &str,
    (old_prefix, old_pattern, old_rest): (&str, &str, &str),
    (prefix, pattern, rest): (&str, &str, &str),
) {
    if old_prefix != prefix {
        changes.push(
            Verdict::Breaking,
            Item::Model,
            name,
            ChangeKind::Changed,
            format!("identifiers start with `{prefix}`, was `{old_prefix}`"),
        );
    } else if old_rest != rest {
        // Parsing and decoding refuse what the new rule refuses; only a rule that
        // accepts anything after the prefix can never refuse an old value.
        changes.push(
            if rest == "anything" {
                Verdict::Compatible
            } else {
                Verdict::Breaking
            },
            Item::Model,
            name,
            ChangeKind::Changed,
            format!("`{prefix}` followed by {rest}, was {old_rest} (pattern `{pattern}`)"),
        );
    } else if old_pattern != pattern {
        changes.push(
            Verdict::Compatible,
            Item::Model,
            name,
            ChangeKind::Changed,
            format!("pattern `{pattern}`, was `{old_pattern}`"),
        );
    }
}

/// Compares the variants of the `oneOf` enum `name`, paired by variant name, and, when it
/// has no discriminator (`untagged`), the order in which they are tried.
fn compare_alternatives(
    changes: &mut Changes,
    name: &str,
    old_variants: &[(String, String)],
    new_variants: &[(String, String)],
    untagged: bool,
) {
    for_pairs(
        old_variants,
        new_variants,
        |(variant, _)| variant.as_str(),
        |pair| match pair {
            Pair::Removed((variant, ty)) => changes.push(
                Verdict::Breaking,
                Item::Variant,
                &format!("{name}::{variant}"),
                ChangeKind::Removed,
                format!("`{ty}`"),
            ),
            Pair::Added((variant, ty)) => changes.push(
                Verdict::Compatible,
                Item::Variant,
                &format!("{name}::{variant}"),
                ChangeKind::Added,
                format!("`{ty}`"),
            ),
            Pair::Both((_, old_ty), (variant, ty)) => {
                changes.retyped(Item::Variant, &format!("{name}::{variant}"), old_ty, ty)
            }
        },
    );
    let order = |variants: &[(String, String)], others: &[(String, String)]| {
        variants
            .iter()
            .filter(|(variant, _)| others.iter().any(|(other, _)| other == variant))
            .map(|(variant, _)| variant.clone())
            .collect::<Vec<_>>()
    };
    let (old_order, new_order) = (
        order(old_variants, new_variants),
        order(new_variants, old_variants),
    );
    if untagged && old_order != new_order {
        // Without a discriminator the first alternative that decodes is taken.
        changes.push(
            Verdict::Breaking,
            Item::Model,
            name,
            ChangeKind::Changed,
            format!(
                "alternatives tried in the order {}, was {}",
                new_order.join(", "),
                old_order.join(", ")
            ),
        );
    }
}

/// Compares the discriminator of the `oneOf` enum `name`: its property and, for each
/// value, the variant it selects.
fn compare_discriminators(
    changes: &mut Changes,
    name: &str,
    old_discriminator: &Option<(String, Vec<(String, String)>)>,
    discriminator: &Option<(String, Vec<(String, String)>)>,
) {
    if old_discriminator == discriminator {
        return;
    }
    let text = |discriminator: &Option<(String, Vec<(String, String)>)>| match discriminator {
        None => "none".to_owned(),
        Some((property, values)) => format!(
            "`{property}`: {}",
            values
                .iter()
                .map(|(value, variant)| format!("{value} -> {variant}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // Values that selected a variant and now select another, or none, decode
    // differently; new values only decode what failed before.
    let kept = match (old_discriminator, discriminator) {
        (Some((old_property, old_values)), Some((property, values))) => {
            old_property == property && old_values.iter().all(|value| values.contains(value))
        }
        _ => false,
    };
    changes.push(
        if kept {
            Verdict::Compatible
        } else {
            Verdict::Breaking
        },
        Item::Model,
        name,
        ChangeKind::Changed,
        format!(
            "discriminator {}, was {}",
            text(discriminator),
            text(old_discriminator)
        ),
    );
}

/// A shape in words, such as `a struct`.
fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct { .. } => "a struct",
        Shape::Enum { .. } => "a string enum",
        Shape::Id { .. } => "an identifier",
        Shape::OneOf { .. } => "a oneOf enum",
        Shape::Alias { .. } => "a type alias",
    }
}

#[cfg(test)]
mod tests {
    use super::Bump;

    #[test]
    fn bumps_follow_cargo_rules() {
        let cases = [
            (Bump::Major, "0.3.1", "0.4.0"),
            (Bump::Minor, "0.3.1", "0.3.2"),
            (Bump::Patch, "0.3.1", "0.3.2"),
            (Bump::None, "0.3.1", "0.3.1"),
            (Bump::Major, "1.2.3", "2.0.0"),
            (Bump::Minor, "1.2.3", "1.3.0"),
            (Bump::Patch, "1.2.3", "1.2.4"),
        ];
        for (bump, from, to) in cases {
            assert_eq!(bump.apply(from).as_deref(), Ok(to), "{bump} of {from}");
        }
        assert!(Bump::Minor.apply("1.2").is_err());
        assert!(Bump::Minor.apply("1.2.3-beta").is_err());
    }
}
