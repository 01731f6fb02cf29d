//! `cargo xtask corpus DIR`: the generality check. Every OpenAPI document in DIR is
//! generated into a crate under `target/corpus/`, and every crate that generated is linted
//! with `cargo clippy -- -D warnings` in one scratch workspace, so dependencies build once.
//! One line per document (operations, schemas, generated lines, generation time, and pass
//! or the first error), then `corpus: N/M pass`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The attribute every generated request builder carries, one per operation.
const BUILDER_MARK: &str = "#[must_use = \"a request does nothing until it is sent\"]";

#[derive(Debug)]
pub struct Options {
    dir: String,
}

impl Options {
    /// A run over the documents in `dir`.
    pub fn new(dir: &str) -> Self {
        Options {
            dir: dir.to_owned(),
        }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        match args {
            [dir] if !dir.starts_with('-') => Ok(Options { dir: dir.clone() }),
            _ => Err("`corpus` takes one argument: the folder of documents".to_owned()),
        }
    }
}

/// What became of one document.
struct Outcome {
    name: String,
    operations: usize,
    schemas: usize,
    lines: usize,
    millis: u128,
    /// The first error, or `None` while it passes.
    error: Option<String>,
}

pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::root();
    let scratch = root.join("target").join("corpus");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&options.dir)
        .map_err(|error| format!("error: cannot list {}: {error}", options.dir))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml" || extension == "yml")
        })
        .collect();
    documents.sort();
    let mut outcomes: Vec<Outcome> = documents
        .iter()
        .map(|path| generate(path, &scratch))
        .collect();
    let members: Vec<String> = outcomes
        .iter()
        .filter(|outcome| outcome.error.is_none())
        .map(|outcome| format!("{:?}", outcome.name))
        .collect();
    if !members.is_empty() {
        write_workspace(&root, &scratch, &members)?;
        for outcome in outcomes
            .iter_mut()
            .filter(|outcome| outcome.error.is_none())
        {
            outcome.error = clippy(&scratch, &crate_name(&outcome.name)).err();
        }
    }
    let passed = outcomes
        .iter()
        .filter(|outcome| outcome.error.is_none())
        .count();
    for outcome in &outcomes {
        println!(
            "corpus: {:<28} {:>4} operations {:>4} schemas {:>7} lines {:>6} ms  {}",
            outcome.name,
            outcome.operations,
            outcome.schemas,
            outcome.lines,
            outcome.millis,
            outcome.error.as_deref().unwrap_or("pass")
        );
    }
    println!("corpus: {passed}/{} pass", outcomes.len());
    if passed == outcomes.len() {
        Ok(())
    } else {
        Err(format!(
            "error: {} of {} documents failed",
            outcomes.len() - passed,
            outcomes.len()
        ))
    }
}

/// The crate name of a document's file stem.
fn crate_name(stem: &str) -> String {
    format!("corpus-{}", stem.replace('_', "-"))
}

/// Generates the crate of one document into `scratch/STEM`.
fn generate(path: &Path, scratch: &Path) -> Outcome {
    let name = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut outcome = Outcome {
        name: name.clone(),
        operations: 0,
        schemas: 0,
        lines: 0,
        millis: 0,
        error: None,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            outcome.error = Some(format!("cannot read {}: {error}", path.display()));
            return outcome;
        }
    };
    let document = serde_yaml::from_str::<openapiv3::OpenAPI>(&text).ok();
    if let Some(document) = &document {
        outcome.operations = document.operations().count();
        outcome.schemas = document
            .components
            .as_ref()
            .map_or(0, |components| components.schemas.len());
    }
    let source = path.display().to_string();
    let settings = generator::Settings::new(crate_name(&name)).with_standalone(false);
    let started = Instant::now();
    let generated = generator::generate(&text, &source, &settings);
    outcome.millis = started.elapsed().as_millis();
    match generated {
        Ok(files) => {
            outcome.lines = files
                .iter()
                .filter(|file| file.path == "src/models.rs" || file.path == "src/resources.rs")
                .map(|file| file.contents.lines().count())
                .sum();
            // Every operation must have become a request builder; a missing one would be
            // an operation dropped without an error.
            let builders = files
                .iter()
                .filter(|file| file.path == "src/resources.rs")
                .map(|file| file.contents.matches(BUILDER_MARK).count())
                .sum::<usize>();
            if builders != outcome.operations {
                outcome.error = Some(format!(
                    "{} operations in the document but {builders} request builders",
                    outcome.operations
                ));
                return outcome;
            }
            if let Some(document) = &document {
                if let Err(message) = schemas_kept(document, &text, &source) {
                    outcome.error = Some(message);
                    return outcome;
                }
            }
            if let Err(message) = crate::generate::write_files(&files, &scratch.join(&name), false)
            {
                outcome.error = Some(message);
            }
        }
        Err(errors) => {
            let text = errors.to_string();
            outcome.error = Some(text.lines().next().unwrap_or_default().to_owned());
        }
    }
    outcome
}

/// Checks that every component schema became a named type, and that every property of a
/// plain object schema became a field: a schema or field dropped without an error is a
/// defect even when the crate compiles.
fn schemas_kept(document: &openapiv3::OpenAPI, text: &str, source: &str) -> Result<(), String> {
    use generator::ir::ModelKind;
    use openapiv3::{ReferenceOr, SchemaKind, Type};
    let api = generator::parse(text, source)
        .and_then(|parsed| generator::lower(&parsed, source))
        .map_err(|errors| errors.to_string())?;
    let Some(components) = &document.components else {
        return Ok(());
    };
    for (name, schema) in &components.schemas {
        let pointer = format!(
            "#/components/schemas/{}",
            name.replace('~', "~0").replace('/', "~1")
        );
        let Some(model) = api.models.iter().find(|model| model.source == pointer) else {
            return Err(format!("schema `{name}` has no generated type"));
        };
        let properties = match schema {
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => object.properties.len(),
                _ => continue,
            },
            ReferenceOr::Reference { .. } => continue,
        };
        if let ModelKind::Struct { fields, .. } = &model.kind {
            if fields.len() != properties {
                return Err(format!(
                    "schema `{name}` has {properties} properties but `{}` has {} fields",
                    model.name,
                    fields.len()
                ));
            }
        }
    }
    Ok(())
}

/// A scratch workspace of generated crates, with this workspace's lock file so that they
/// build against the same dependency versions without resolving anew.
pub fn write_workspace(root: &Path, scratch: &Path, members: &[String]) -> Result<(), String> {
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest)
        .map_err(|error| format!("error: cannot write {}: {error}", scratch.display()))?;
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .map_err(|error| format!("error: cannot copy Cargo.lock: {error}"))?;
    Ok(())
}

/// Lints one crate of the scratch workspace; the error is clippy's first message.
fn clippy(scratch: &Path, package: &str) -> Result<(), String> {
    println!("corpus: cargo clippy -p {package}");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "-p", package, "--", "-D", "warnings"])
        .current_dir(scratch)
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr
        .lines()
        .find(|line| line.starts_with("error") || line.starts_with("warning"))
        .unwrap_or("clippy failed")
        .to_owned();
    // The location line follows the message; it says where.
    let location = stderr
        .lines()
        .find(|line| line.trim_start().starts_with("-->"))
        .map(|line| format!(" ({})", line.trim_start().trim_start_matches("--> ")))
        .unwrap_or_default();
    Err(format!("{first}{location}"))
}
