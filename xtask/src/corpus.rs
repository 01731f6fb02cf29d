//! `cargo xtask corpus DIR [--skip-invalid]`: the generality check. Every OpenAPI
//! document (`.yaml`, `.yml`, `.json`) in DIR is generated into a crate under
//! `target/corpus/`, and every crate that generated is linted with `cargo clippy -- -D
//! warnings` in one scratch workspace, so dependencies build once. One line per document
//! (operations generated and skipped, schemas, generated lines, generation time, and pass
//! or the first error), then `corpus: N/M pass`.
//!
//! With `--skip-invalid` (public documents, whose media types and object parameters part
//! of the generator does not handle yet), operations the generator cannot build are left
//! out, each named on a line; every other operation must still become a request builder.
//! A document in [`INVALID_AS_A_WHOLE`] passes when it is refused with a located error.

use std::path::{Path, PathBuf};
use std::time::Instant;

/// How every request builder's `call` starts, followed by its operation's id.
const CALL_MARK: &str = "Call::new(";

/// Documents of the sample folders that are not valid OpenAPI as a whole, with why: the
/// right answer for them is a located error, which the run checks.
const INVALID_AS_A_WHOLE: &[(&str, &str)] = &[(
    "oag-rust-rust-test.yaml",
    "uses `type: long`, `float` and `double`, which OpenAPI does not define",
)];

#[derive(Debug)]
pub struct Options {
    dir: String,
    skip_invalid: bool,
}

impl Options {
    /// A run over the documents in `dir`; see [`Options::skip_invalid`].
    pub fn new(dir: &str, skip_invalid: bool) -> Self {
        Options {
            dir: dir.to_owned(),
            skip_invalid,
        }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        match args {
            [dir] if !dir.starts_with('-') => Ok(Options::new(dir, false)),
            [dir, flag] | [flag, dir] if flag == "--skip-invalid" && !dir.starts_with('-') => {
                Ok(Options::new(dir, true))
            }
            _ => Err(
                "`corpus` takes the folder of documents, and optionally `--skip-invalid`"
                    .to_owned(),
            ),
        }
    }
}

/// What became of one document.
struct Outcome {
    name: String,
    /// The crate's directory and package name stem: the file name with its extension.
    stem: String,
    operations: usize,
    /// Operations left out by `--skip-invalid`.
    skipped: usize,
    schemas: usize,
    lines: usize,
    millis: u128,
    /// How long clippy took on the crate, the first crate's dependencies included.
    clippy_seconds: f64,
    /// The first error, or `None` while it passes.
    error: Option<String>,
    /// Refused with a located error, as [`INVALID_AS_A_WHOLE`] expects.
    refused: bool,
}

pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::root();
    let scratch = root.join("target").join("corpus");
    let documents = documents(Path::new(&options.dir))?;
    let mut outcomes: Vec<Outcome> = documents
        .iter()
        .map(|path| generate(path, &scratch, options.skip_invalid))
        .collect();
    let members: Vec<String> = outcomes
        .iter()
        .filter(|outcome| outcome.error.is_none() && !outcome.refused)
        .map(|outcome| format!("{:?}", outcome.stem))
        .collect();
    if !members.is_empty() {
        write_workspace(&root, &scratch, &members)?;
        for outcome in outcomes
            .iter_mut()
            .filter(|outcome| outcome.error.is_none() && !outcome.refused)
        {
            let started = Instant::now();
            outcome.error = clippy(&scratch, &crate_name(&outcome.stem)).err();
            outcome.clippy_seconds = started.elapsed().as_secs_f64();
        }
    }
    let passed = outcomes
        .iter()
        .filter(|outcome| outcome.error.is_none())
        .count();
    for outcome in &outcomes {
        println!(
            "corpus: {:<46} {:>4} operations {:>4} skipped {:>4} schemas {:>7} lines {:>6} ms {:>6.1} s clippy  {}",
            outcome.name,
            outcome.operations,
            outcome.skipped,
            outcome.schemas,
            outcome.lines,
            outcome.millis,
            outcome.clippy_seconds,
            match (&outcome.error, outcome.refused) {
                (Some(error), _) => error.as_str(),
                (None, true) => "pass (refused as expected)",
                (None, false) => "pass",
            }
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

/// The documents in `dir`, sorted by path.
pub fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| format!("error: cannot list {}: {error}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| is_document(path))
        .collect();
    documents.sort();
    Ok(documents)
}

/// Whether a file is an API document by its extension: YAML or JSON.
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml" || extension == "json")
}

/// The crate name of a document's file stem.
fn crate_name(stem: &str) -> String {
    format!("corpus-{}", stem.replace('_', "-"))
}

/// Generates the crate of one document into `scratch/STEM`.
fn generate(path: &Path, scratch: &Path, skip_invalid: bool) -> Outcome {
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    // The extension is part of the crate's name: a folder may hold `x.yaml` and `x.json`.
    let stem = name.replace('.', "-");
    let expected_refusal = INVALID_AS_A_WHOLE
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, reason)| *reason);
    let mut outcome = Outcome {
        name,
        stem,
        operations: 0,
        skipped: 0,
        schemas: 0,
        lines: 0,
        millis: 0,
        clippy_seconds: 0.0,
        error: None,
        refused: false,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            outcome.error = Some(format!("cannot read {}: {error}", path.display()));
            return outcome;
        }
    };
    let source = path.display().to_string();
    let document = generator::parse(&text, &source).ok();
    if let Some(document) = &document {
        outcome.operations = document.operations().count();
        outcome.schemas = document
            .components
            .as_ref()
            .map_or(0, |components| components.schemas.len());
    }
    let settings = generator::Settings::new(crate_name(&outcome.stem))
        .with_standalone(false)
        .with_skip_invalid(skip_invalid);
    let started = Instant::now();
    let generated = generator::build(&text, &source, &settings);
    outcome.millis = started.elapsed().as_millis();
    let output = match (generated, expected_refusal) {
        (Ok(output), None) => output,
        (Ok(_), Some(reason)) => {
            outcome.error = Some(format!("generated, but it {reason} and should be refused"));
            return outcome;
        }
        (Err(errors), Some(_)) => {
            // A refusal must say where: a pointer or a line and column.
            let located = errors.diagnostics.iter().all(|diagnostic| {
                !matches!(&diagnostic.location, generator::Location::Pointer(pointer) if pointer.is_empty())
            });
            outcome.refused = located;
            if !located {
                outcome.error = Some(format!("refused without a location: {errors}"));
            }
            return outcome;
        }
        (Err(errors), None) => {
            let text = errors.to_string();
            outcome.error = Some(text.lines().next().unwrap_or_default().to_owned());
            return outcome;
        }
    };
    let files = output.files;
    outcome.lines = files
        .iter()
        .filter(|file| file.path == "src/models.rs" || file.path == "src/resources.rs")
        .map(|file| file.contents.lines().count())
        .sum();
    for warning in output
        .warnings
        .iter()
        .filter(|warning| skip_warning(warning))
    {
        println!(
            "corpus: {}: {} at {}",
            outcome.name, warning.message, warning.location
        );
        outcome.skipped += 1;
    }
    // Every operation must have become a request builder or been named as skipped; a
    // missing one would be an operation dropped without a word. An operation whose body
    // comes in several encodings has a builder for each, all naming the operation.
    let built: std::collections::BTreeSet<&str> = files
        .iter()
        .filter(|file| file.path == "src/resources.rs")
        .flat_map(|file| file.contents.split(CALL_MARK).skip(1))
        .filter_map(|rest| rest.trim_start().strip_prefix('"')?.split('"').next())
        .collect();
    if built.len() + outcome.skipped != outcome.operations {
        outcome.error = Some(format!(
            "{} operations in the document but {} with request builders and {} skipped",
            outcome.operations,
            built.len(),
            outcome.skipped
        ));
        return outcome;
    }
    if let Some(document) = &document {
        if let Err(message) = schemas_kept(document, &source, skip_invalid) {
            outcome.error = Some(message);
            return outcome;
        }
    }
    if let Err(message) = crate::generate::write_files(&files, &scratch.join(&outcome.stem), false)
    {
        outcome.error = Some(message);
    }
    outcome
}

/// Whether a warning is the one `--skip-invalid` gives for each operation it leaves out.
fn skip_warning(warning: &generator::Diagnostic) -> bool {
    warning.message.starts_with("operation ") && warning.message.contains(" skipped: ")
}

/// Checks that every component schema became a named type, and that every property of a
/// plain object schema became a field: a schema or field dropped without an error is a
/// defect even when the crate compiles.
fn schemas_kept(
    document: &openapiv3::OpenAPI,
    source: &str,
    skip_invalid: bool,
) -> Result<(), String> {
    use generator::ir::ModelKind;
    use openapiv3::{ReferenceOr, SchemaKind, Type};
    let options = generator::lower::Options {
        skip_invalid,
        ..Default::default()
    };
    let api = generator::lower::lower_with(document, source, options)
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
    let output = crate::scratch_cargo(scratch)
        .args(["clippy", "--quiet", "-p", package, "--", "-D", "warnings"])
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
