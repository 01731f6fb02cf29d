//! Witness programs for the changes `cargo xtask history` reports: for each change to
//! something a user can name, a small function that uses the old crate's API at exactly
//! that point, the way a user would (calls the operation with its arguments, calls the
//! builder method, reads the field, names the variant, builds the model). The functions are
//! only type-checked, never run. A witness must build against the old crate, and build
//! against the new one exactly when the change's verdict is compatible.

use generator::diff::{ApiDiff, ChangeKind, Item, Shape, Surface, Verdict};

/// One witness: the change it is for (its index in the diff) and the function's code.
#[derive(Debug)]
pub struct Witness {
    pub change: usize,
    pub code: String,
}

/// The witnesses of the changes of `diff` that concern something of `old` a user can name;
/// a change to nothing the old crate had (an addition) gets one only where old code could
/// notice it (a struct built field by field, an enum matched).
pub fn witnesses(old: &Surface, diff: &ApiDiff) -> Vec<Witness> {
    // A model that breaks as a whole (it lost `Default`, changed shape) breaks the code that
    // builds it, whatever fields it gains, and an operation whose call breaks breaks every
    // use of it: that code is the model's or the operation's witness, and a compatible
    // change inside either has none of its own.
    let broken = |item: Item| -> std::collections::BTreeSet<&str> {
        diff.changes
            .iter()
            .filter(|change| change.item == item && change.verdict == Verdict::Breaking)
            .map(|change| change.name.as_str())
            .collect()
    };
    let (broken_models, broken_operations) = (broken(Item::Model), broken(Item::Operation));
    // Likewise an enum that loses a variant breaks the `match` that a new variant's
    // witness writes over the old ones.
    let broken_enums: std::collections::BTreeSet<&str> = broken(Item::Variant)
        .into_iter()
        .filter_map(|name| name.split_once("::").map(|(model, _)| model))
        .collect();
    diff.changes
        .iter()
        .enumerate()
        .filter_map(|(index, change)| {
            let code = match change.item {
                Item::Operation | Item::Argument | Item::Response | Item::Method
                    if change.verdict == Verdict::Compatible
                        && broken_operations
                            .contains(change.name.split('.').next().unwrap_or_default()) =>
                {
                    return None;
                }
                Item::Operation | Item::Argument | Item::Response => {
                    let id = change.name.split('.').next().unwrap_or_default();
                    let operation = old.operations.iter().find(|operation| operation.id == id)?;
                    if change.item == Item::Response {
                        send(operation)?
                    } else {
                        call(operation, None)?
                    }
                }
                Item::Method => {
                    let (id, method) = change.name.split_once('.')?;
                    let operation = old.operations.iter().find(|operation| operation.id == id)?;
                    let method = operation
                        .methods
                        .iter()
                        .find(|input| input.name == method)?;
                    call(operation, Some(method))?
                }
                Item::Model => {
                    let model = old.models.iter().find(|model| model.name == change.name)?;
                    model_use(&model.name, &model.shape)?
                }
                Item::Field => {
                    let (name, field) = change.name.split_once('.')?;
                    if change.change == ChangeKind::Added && broken_models.contains(name) {
                        return None;
                    }
                    let model = old.models.iter().find(|model| model.name == name)?;
                    field_use(name, &model.shape, field, model.request, change.change)?
                }
                Item::Variant => {
                    let (name, variant) = change.name.split_once("::")?;
                    if change.change == ChangeKind::Added && broken_enums.contains(name) {
                        return None;
                    }
                    let model = old.models.iter().find(|model| model.name == name)?;
                    variant_use(name, &model.shape, variant, change.change)?
                }
                Item::BaseUrl => return None,
            };
            Some(Witness {
                change: index,
                code,
            })
        })
        .collect()
}

/// `client.a(X).b()`, with every argument type `T` written as a value `any::<T>()`.
fn expression(operation: &generator::diff::OperationSurface) -> Option<String> {
    let steps = operation.call_steps()?;
    let steps: Vec<String> = steps
        .iter()
        .map(|(name, types)| {
            if name == "client" {
                return name.clone();
            }
            let values: Vec<String> = types.iter().map(|ty| format!("any::<{ty}>()")).collect();
            format!("{name}({})", values.join(", "))
        })
        .collect();
    Some(steps.join("."))
}

/// Calls the operation as the old crate did, naming its handle and builder types, and then
/// `method` when given.
fn call(
    operation: &generator::diff::OperationSurface,
    method: Option<&generator::diff::InputSurface>,
) -> Option<String> {
    let expression = expression(operation)?;
    let last = expression.rfind(").")? + 1;
    let (handle, request) = expression.split_at(last);
    let mut code = format!(
        "    let handle: api::resources::{} = {handle};\n    let builder: api::resources::{} = handle{request};\n",
        operation.handle, operation.builder
    );
    if let Some(method) = method {
        let argument = if method.ty.is_empty() {
            String::new()
        } else {
            format!("any::<{}>()", method.ty)
        };
        code.push_str(&format!(
            "    let builder = builder.{}({argument});\n",
            method.name
        ));
    }
    code.push_str("    drop(builder);\n");
    Some(format!(
        "pub fn witness(client: api::Client) {{\n{code}}}\n"
    ))
}

/// Sends the operation and names what it returns (and, for a list, what its stream yields).
fn send(operation: &generator::diff::OperationSurface) -> Option<String> {
    let expression = expression(operation)?;
    let mut code = format!(
        "    let value: api::Result<{}> = {expression}.send().await;\n    drop(value);\n",
        operation.returns
    );
    if let Some(item) = &operation.items {
        code.push_str(&format!(
            "    let item: Option<api::Result<{item}>> = api::StreamExt::next(&mut std::pin::pin!({expression}.stream())).await;\n    drop(item);\n"
        ));
    }
    Some(format!(
        "pub async fn witness(client: api::Client) {{\n{code}}}\n"
    ))
}

/// Uses a model as a whole: names it, takes a struct apart by its fields (and builds it with
/// `Default` where it had that), names an enum's first variant or an identifier's parsing.
fn model_use(name: &str, shape: &Shape) -> Option<String> {
    let mut code = format!("    let value: Option<{name}> = None;\n    drop(value);\n");
    match shape {
        Shape::Struct { fields, default } => {
            let bindings: String = fields
                .iter()
                .map(|field| format!("{}, ", field.name))
                .collect();
            code.push_str(&format!(
                "    let {name} {{ {bindings}.. }} = any::<{name}>();\n"
            ));
            if *default {
                code.push_str(&format!(
                    "    let value = {name}::default();\n    drop(value);\n"
                ));
            }
        }
        Shape::Enum { values } => {
            let (variant, _) = values.first()?;
            code.push_str(&format!(
                "    let value = {name}::{variant};\n    drop(value);\n"
            ));
        }
        Shape::Id { .. } => {
            code.push_str(&format!(
                "    let value: Result<{name}, _> = \"\".parse();\n    drop(value);\n"
            ));
        }
        Shape::OneOf { variants, .. } => {
            let (variant, ty) = variants.first()?;
            code.push_str(&format!(
                "    let value = {name}::{variant}(any::<{ty}>());\n    drop(value);\n"
            ));
        }
        Shape::Alias { target } => {
            code.push_str(&format!(
                "    let value: {name} = any::<{target}>();\n    drop(value);\n"
            ));
        }
    }
    Some(format!("pub fn witness() {{\n{code}}}\n"))
}

/// Uses one field of a struct: reads it with its old type; for an added field, builds the
/// struct as a user of the old crate would (with `..Default::default()` where it has
/// `Default`, else field by field, which a request model needs).
fn field_use(
    name: &str,
    shape: &Shape,
    field: &str,
    request: bool,
    change: ChangeKind,
) -> Option<String> {
    let Shape::Struct { fields, default } = shape else {
        return None;
    };
    let code = if change == ChangeKind::Added {
        if !request {
            // Responses are read, not built: the crate's convention (docs/releasing.md).
            format!("    let value: {name} = any();\n    let {name} {{ .. }} = value;\n")
        } else if *default {
            format!("    let value = {name} {{ ..Default::default() }};\n    drop(value);\n")
        } else {
            let all: Vec<String> = fields
                .iter()
                .map(|field| format!("{}: any::<{}>()", field.name, field.ty))
                .collect();
            format!(
                "    let value = {name} {{ {} }};\n    drop(value);\n",
                all.join(", ")
            )
        }
    } else {
        let old = fields.iter().find(|candidate| candidate.name == field)?;
        format!(
            "    let value: {name} = any();\n    let field: &{} = &value.{};\n    drop(field);\n",
            old.ty, old.name
        )
    };
    Some(format!("pub fn witness() {{\n{code}}}\n"))
}

/// Uses one variant: names it (with a value of its old type, for a `oneOf`); for an added
/// one, matches every old variant as a user must (with a wildcard arm: string and `oneOf`
/// enums are `#[non_exhaustive]`).
fn variant_use(name: &str, shape: &Shape, variant: &str, change: ChangeKind) -> Option<String> {
    let code = match (shape, change) {
        (Shape::Enum { values }, ChangeKind::Added) => {
            let arms: String = values
                .iter()
                .map(|(variant, _)| format!("        {name}::{variant} => {{}}\n"))
                .collect();
            format!("    match any::<{name}>() {{\n{arms}        _ => {{}}\n    }}\n")
        }
        (Shape::Enum { .. }, _) => {
            format!("    let value = {name}::{variant};\n    drop(value);\n")
        }
        (Shape::OneOf { variants, .. }, ChangeKind::Added) => {
            let arms: String = variants
                .iter()
                .map(|(variant, _)| format!("        {name}::{variant}(_) => {{}}\n"))
                .collect();
            format!("    match any::<{name}>() {{\n{arms}        _ => {{}}\n    }}\n")
        }
        (Shape::OneOf { variants, .. }, _) => {
            let (_, ty) = variants
                .iter()
                .find(|(candidate, _)| candidate == variant)?;
            format!("    let value = {name}::{variant}(any::<{ty}>());\n    drop(value);\n")
        }
        _ => return None,
    };
    Some(format!("pub fn witness() {{\n{code}}}\n"))
}

/// The witness crate's `src/lib.rs`: one module per witness, each in its own file so that a
/// compiler error names the change it belongs to.
pub fn lib(witnesses: &[Witness]) -> String {
    let mut text = String::from(
        "//! Witness programs of one history step; type-checked, never run.\n\
         #![allow(unused, clippy::all)]\n\n\
         /// A value of any type, for type-checking only.\n\
         pub fn any<T>() -> T {\n    unreachable!()\n}\n\n",
    );
    for witness in witnesses {
        text.push_str(&format!("mod w{};\n", witness.change));
    }
    text
}

/// The file of one witness module.
pub fn module(witness: &Witness) -> String {
    // The types of the surface are spelled as the crate's own code spells them: models and
    // re-exports unqualified, dates by their chrono names.
    format!(
        "#![allow(unused_imports)]\nuse crate::any;\nuse api::models::*;\nuse api::*;\n\
         use chrono::{{DateTime, NaiveDate, Utc}};\nuse std::collections::HashMap;\n\n{}",
        witness.code
    )
}

/// A witness whose build disagrees with its change's verdict.
#[derive(Debug)]
pub struct Mismatch {
    /// The change's index in the diff.
    pub change: usize,
    /// What went wrong, with what the compiler said.
    pub problem: String,
}

/// Builds the witnesses against the old crate (in `old`) and the new one (in `new`) in the
/// witness crate at `scratch`, and returns where a build disagrees with a verdict: a witness
/// must build against the old crate, and against the new one exactly when its change is
/// compatible.
pub fn check(
    scratch: &std::path::Path,
    [old, new]: [&std::path::Path; 2],
    diff: &ApiDiff,
    witnesses: &[Witness],
) -> Result<Vec<Mismatch>, String> {
    let source = scratch.join("src");
    if source.exists() {
        std::fs::remove_dir_all(&source)
            .map_err(|error| format!("error: cannot clear {}: {error}", source.display()))?;
    }
    std::fs::create_dir_all(&source)
        .map_err(|error| format!("error: cannot create {}: {error}", source.display()))?;
    write(&source.join("lib.rs"), &lib(witnesses))?;
    for witness in witnesses {
        write(
            &source.join(format!("w{}.rs", witness.change)),
            &module(witness),
        )?;
    }
    let mut mismatches = Vec::new();
    let against_old = build(scratch, old)?;
    for witness in witnesses {
        if let Some(message) = against_old.get(&witness.change) {
            mismatches.push(Mismatch {
                change: witness.change,
                problem: format!("the witness does not build against the old crate: {message}"),
            });
        }
    }
    let against_new = build(scratch, new)?;
    for witness in witnesses {
        if against_old.contains_key(&witness.change) {
            continue;
        }
        let verdict = diff.changes[witness.change].verdict;
        match (
            verdict == Verdict::Breaking,
            against_new.get(&witness.change),
        ) {
            (true, None) => mismatches.push(Mismatch {
                change: witness.change,
                problem: "judged breaking, but the witness builds against the new crate".to_owned(),
            }),
            (false, Some(message)) => mismatches.push(Mismatch {
                change: witness.change,
                problem: format!("judged compatible, but the witness fails: {message}"),
            }),
            _ => {}
        }
    }
    Ok(mismatches)
}

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text)
        .map_err(|error| format!("error: cannot write {}: {error}", path.display()))
}

/// Type-checks the witness crate against the crate in `api`; the first error of each
/// witness module, by the change it is for.
fn build(
    scratch: &std::path::Path,
    api: &std::path::Path,
) -> Result<std::collections::BTreeMap<usize, String>, String> {
    let manifest = format!(
        "[package]\nname = \"witness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\napi = {{ package = \"history\", path = {:?} }}\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\
         serde_json = \"1\"\n\n[workspace]\n",
        api.display().to_string()
    );
    write(&scratch.join("Cargo.toml"), &manifest)?;
    let output = crate::scratch_cargo(scratch)
        .args(["check", "--quiet", "--message-format=json", "--lib"])
        .output()
        .map_err(|error| format!("error: cannot run cargo: {error}"))?;
    let mut errors = std::collections::BTreeMap::new();
    let mut outside = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let message = &value["message"];
        if value["reason"] != "compiler-message" || message["level"] != "error" {
            continue;
        }
        let rendered = message["rendered"].as_str().unwrap_or_default();
        let first = rendered.lines().take(2).collect::<Vec<_>>().join(" ");
        // The witness an error belongs to: the file of its primary span, else of any span
        // in a witness (a type error may point into the crate under test first).
        let spans = message["spans"].as_array().cloned().unwrap_or_default();
        let witness_of = |span: &serde_json::Value| {
            span["file_name"]
                .as_str()?
                .strip_prefix("src/w")?
                .strip_suffix(".rs")?
                .parse::<usize>()
                .ok()
        };
        let change = spans
            .iter()
            .filter(|span| span["is_primary"] == true)
            .chain(&spans)
            .find_map(witness_of);
        match change {
            Some(change) => {
                errors.entry(change).or_insert(first);
            }
            None => outside.push(first),
        }
    }
    if !output.status.success() && errors.is_empty() {
        return Err(format!(
            "error: the witness crate against {} failed outside any witness: {}{}",
            api.display(),
            outside.join("; "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface_and_diff(case: &str) -> (Surface, ApiDiff) {
        let build = |name: &str| {
            let path =
                crate::root().join(format!("generator/tests/fixtures/diff/{case}/{name}.yaml"));
            let text = std::fs::read_to_string(path).unwrap();
            generator::build(&text, "the document", &generator::Settings::new("history")).unwrap()
        };
        let (old, new) = (build("old"), build("new"));
        let diff = generator::diff(&old.surface, &new.surface, old.files != new.files);
        (old.surface, diff)
    }

    /// The witness of the change named `name` (of `item`).
    fn witness_of<'a>(
        witnesses: &'a [Witness],
        diff: &ApiDiff,
        item: Item,
        name: &str,
    ) -> Option<&'a str> {
        witnesses
            .iter()
            .find(|witness| {
                let change = &diff.changes[witness.change];
                change.item == item && change.name == name
            })
            .map(|witness| witness.code.as_str())
    }

    #[test]
    fn operations_are_called_as_the_old_crate_called_them() {
        let (old, diff) = surface_and_diff("string_to_id");
        let witnesses = super::witnesses(&old, &diff);
        let code = witness_of(&witnesses, &diff, Item::Operation, "CreateThing").unwrap();
        assert!(code.contains("handle.create(any::<String>())"), "{code}");
        assert!(code.contains("api::resources::CreateThing = "), "{code}");
        let method = witness_of(&witnesses, &diff, Item::Method, "CreateThing.parent_id").unwrap();
        assert!(method.contains(".parent_id(any::<String>())"), "{method}");
        // The identifiers the new version adds are nothing old code could use.
        assert!(witness_of(&witnesses, &diff, Item::Model, "OwnerId").is_none());
    }

    #[test]
    fn fields_and_variants_are_used_as_a_user_would() {
        let (old, diff) = surface_and_diff("fields");
        let witnesses = super::witnesses(&old, &diff);
        assert!(!witnesses.is_empty());
        for witness in &witnesses {
            let change = &diff.changes[witness.change];
            if change.item == Item::Field && change.change == ChangeKind::Removed {
                let field = change.name.split('.').nth(1).unwrap();
                assert!(
                    witness.code.contains(&format!("&value.{field};")),
                    "{}",
                    witness.code
                );
            }
        }
        let (old, diff) = surface_and_diff("variants");
        let witnesses = super::witnesses(&old, &diff);
        let removed = diff
            .changes
            .iter()
            .position(|change| change.item == Item::Variant && change.change == ChangeKind::Removed)
            .unwrap();
        let code = &witnesses
            .iter()
            .find(|witness| witness.change == removed)
            .unwrap()
            .code;
        assert!(
            code.contains(&format!("let value = {};", diff.changes[removed].name)),
            "{code}"
        );
    }
}
