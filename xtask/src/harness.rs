//! The contract run for any document: `cargo xtask contract --spec PATH` and
//! `cargo xtask contract-corpus DIR`. Each document's client crate and its generated
//! contract harness ([`generator::contract`]) are written under `target/contract/<name>/`
//! as members of one scratch workspace (dependencies build once for all), the harness is
//! built, and it runs against Prism serving the document, in rounds:
//!
//! - `seed 1` and `seed 2`: Prism's dynamic mode with two seeds, so responses are
//!   generated from the schemas with different random data (and objects padded with
//!   properties the document does not declare, which the client must keep);
//! - `strict` (with `--strict`): no padding, and the client built with its `strict`
//!   feature, where an undeclared property or enum value fails decoding.
//!
//! Prism validates each request against the document and answers 422 with what it
//! rejected; the harness prints one line per operation, so a failure names the
//! operation, its method and path and Prism's message. An operation passes when every
//! round passes it.

use crate::contract::{install_prism, Prism};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One run of the harness against a Prism server.
struct Round {
    name: &'static str,
    seed: &'static str,
    /// Extra arguments of `prism mock`.
    prism_args: &'static [&'static str],
    /// Whether the harness is built with the client's `strict` feature.
    strict: bool,
}

const ROUNDS: &[Round] = &[
    Round {
        name: "seed 1",
        seed: "1",
        prism_args: &[],
        strict: false,
    },
    Round {
        name: "seed 2",
        seed: "2",
        prism_args: &[],
        strict: false,
    },
    Round {
        name: "strict",
        seed: "1",
        prism_args: &["--json-schema-faker-fillProperties=false"],
        strict: true,
    },
];

/// The options of a `contract --spec` or `contract-corpus` run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Adds the strict round.
    pub strict: bool,
    /// Leaves out the operations the generator cannot build (documents from outside
    /// Twilio), as `corpus --skip-invalid` does.
    pub skip_invalid: bool,
    /// Prints every operation's line, not only the failures.
    pub verbose: bool,
}

/// What became of one document.
pub struct Outcome {
    name: String,
    tally: Tally,
    seconds: f64,
    /// The generator refused the document and `--skip-invalid` was given: it is listed,
    /// not run, and not a failure.
    refused: bool,
    /// Why the document failed as a whole (generation, the build or Prism failed, or Prism
    /// rejected requests).
    error: Option<String>,
}

/// Runs the harness of each document; one [`Outcome`] per document, in order.
pub fn run(documents: &[PathBuf], options: &Options) -> Result<Vec<Outcome>, String> {
    let root = crate::root();
    let scratch = root.join("target").join("contract");
    let prism_dir = root.join("target").join("prism");
    let prism = install_prism(&root, &prism_dir)?;
    std::fs::create_dir_all(&scratch)
        .map_err(|error| format!("error: cannot create {}: {error}", scratch.display()))?;
    let mut generated = Vec::new();
    let mut outcomes = Vec::new();
    for document in documents {
        let started = Instant::now();
        let stem = crate_stem(document);
        match write_crates(document, &scratch.join(&stem), &stem, options)? {
            Ok(()) => generated.push((document.clone(), stem, started.elapsed())),
            // With `--skip-invalid` the run covers the documents the generator accepts; a
            // refused one is listed with why, as the corpus run checks its refusal.
            Err(error) => outcomes.push(Outcome {
                name: file_name(document),
                tally: Tally::default(),
                seconds: started.elapsed().as_secs_f64(),
                refused: options.skip_invalid,
                error: Some(error),
            }),
        }
    }
    let members: Vec<String> = generated
        .iter()
        .flat_map(|(_, stem, _)| [format!("\"{stem}/client\""), format!("\"{stem}/harness\"")])
        .collect();
    crate::corpus::write_workspace(&root, &scratch, &members)?;
    let packages: Vec<String> = generated
        .iter()
        .map(|(_, stem, _)| format!("{stem}-contract"))
        .collect();
    if packages.len() > 1 {
        build_all(&scratch, &packages);
    }
    let rounds: Vec<&Round> = ROUNDS
        .iter()
        .filter(|round| options.strict || !round.strict)
        .collect();
    for (document, stem, generation) in generated {
        let started = Instant::now();
        let outcome = run_document(&scratch, &prism, &document, &stem, &rounds, options);
        let seconds = (generation + started.elapsed()).as_secs_f64();
        let (tally, error) = match outcome {
            Ok(tally) => (tally, None),
            Err(error) => (Tally::default(), Some(error)),
        };
        outcomes.push(Outcome {
            name: file_name(&document),
            tally,
            seconds,
            refused: false,
            error,
        });
    }
    Ok(outcomes)
}

/// The package name stem of a document's crates: its file name without the extension,
/// in lower case with `-` for anything but letters and digits.
fn crate_stem(document: &Path) -> String {
    let stem = document.file_stem().unwrap_or_default().to_string_lossy();
    stem.chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '-',
        })
        .collect()
}

fn file_name(document: &Path) -> String {
    document
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Generates the client crate into `dir/client` and its harness into `dir/harness`; the
/// inner error is the generator's refusal of the document, the outer one a file that
/// cannot be read or written.
fn write_crates(
    document: &Path,
    dir: &Path,
    stem: &str,
    options: &Options,
) -> Result<Result<(), String>, String> {
    let text = std::fs::read_to_string(document)
        .map_err(|error| format!("error: cannot read {}: {error}", document.display()))?;
    let source = document.display().to_string();
    let settings = generator::Settings::new(stem)
        .with_standalone(false)
        .with_skip_invalid(options.skip_invalid)
        .with_command("cargo xtask contract");
    let generated = generator::generate(&text, &source, &settings).and_then(|client| {
        let harness = generator::contract(&text, &source, &settings, "../client")?;
        Ok((client, harness))
    });
    let (client, harness) = match generated {
        Ok(crates) => crates,
        Err(errors) => return Ok(Err(errors.to_string())),
    };
    crate::generate::write_files(&client, &dir.join("client"), false)?;
    crate::generate::write_files(&harness, &dir.join("harness"), false)?;
    Ok(Ok(()))
}

/// What the rounds of one document came to.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Operations the harness called.
    operations: usize,
    /// Operations that passed every round.
    passed: usize,
    /// Operations there is no call to make for (a WebSocket upgrade).
    skipped: usize,
}

/// Builds the document's harness and runs every round.
fn run_document(
    scratch: &Path,
    prism: &Path,
    document: &Path,
    stem: &str,
    rounds: &[&Round],
    options: &Options,
) -> Result<Tally, String> {
    // A document without operations has nothing to call (and Prism refuses to serve it).
    let main = scratch
        .join(stem)
        .join("harness")
        .join("src")
        .join("main.rs");
    if !std::fs::read_to_string(&main).is_ok_and(|text| text.contains("async fn call_")) {
        println!("contract: {}: no operations to call", file_name(document));
        return Ok(Tally::default());
    }
    let spec = served_document(document, &scratch.join(stem))?;
    let package = format!("{stem}-contract");
    let log = scratch.join(stem).join("prism.log");
    // Whether each operation passed every round so far.
    let mut results: BTreeMap<String, bool> = BTreeMap::new();
    let mut rejections = 0;
    let mut skipped = 0;
    for (round_index, round) in rounds.iter().enumerate() {
        let binary = build(scratch, &package, round.strict)?;
        let server = Prism::start(prism, &spec, &log, round.seed, round.prism_args)?;
        let output = Command::new(&binary)
            .arg(server.base_url())
            .output()
            .map_err(|error| format!("error: cannot run {}: {error}", binary.display()))?;
        drop(server);
        // Prism answers some invalid requests with a status the document declares, which a
        // call may take for its answer; its log says which requests it rejected.
        for rejected in rejected_requests(&std::fs::read_to_string(&log).unwrap_or_default()) {
            println!(
                "contract: {} ({}): Prism rejected {rejected}",
                file_name(document),
                round.name
            );
            rejections += 1;
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut seen = 0;
        for line in stdout.lines() {
            let (passed, rest) = if let Some(rest) = line.strip_prefix("ok    ") {
                (true, rest)
            } else if let Some(rest) = line.strip_prefix("FAIL  ") {
                println!("contract: {} ({}): {line}", file_name(document), round.name);
                (false, rest)
            } else if line.starts_with("skip  ") {
                if round_index == 0 {
                    println!("contract: {}: {line}", file_name(document));
                    skipped += 1;
                }
                continue;
            } else {
                continue;
            };
            if options.verbose && passed {
                println!("contract: {} ({}): {line}", file_name(document), round.name);
            }
            let id = rest.split(": ").next().unwrap_or(rest).to_owned();
            seen += 1;
            let entry = results.entry(id).or_insert(true);
            *entry &= passed;
        }
        let summary = stdout
            .lines()
            .rev()
            .find(|line| line.starts_with("contract: "))
            .map(str::to_owned);
        match summary {
            Some(summary) => println!(
                "contract: {} ({}): {}",
                file_name(document),
                round.name,
                summary.trim_start_matches("contract: ")
            ),
            None => {
                return Err(format!(
                    "the harness stopped before its summary ({}); it printed {seen} lines, \
                     then: {}",
                    output.status,
                    stderr.trim()
                ))
            }
        }
    }
    let passed = results.values().filter(|passed| **passed).count();
    let tally = Tally {
        operations: results.len(),
        passed,
        skipped,
    };
    if rejections > 0 {
        return Err(format!(
            "Prism rejected {rejections} request(s), listed above ({passed}/{} operations passed \
             by their answers)",
            results.len()
        ));
    }
    Ok(tally)
}

/// The requests Prism's log says it rejected: for each error its validator logged after
/// "Request did not pass the validation rules", the request line and the message.
fn rejected_requests(log: &str) -> Vec<String> {
    let mut rejected = Vec::new();
    let mut request = "";
    let mut invalid = false;
    for line in log.lines() {
        if let Some(rest) = line.split("[HTTP SERVER] ").nth(1) {
            if rest.contains("Request received") {
                request = rest.split(" ℹ").next().unwrap_or(rest).trim();
                invalid = false;
            }
        } else if line.contains("Request did not pass the validation rules") {
            invalid = true;
        } else if invalid && line.contains("[VALIDATOR]") && line.contains(" error ") {
            let message = line.split(" error ").nth(1).unwrap_or(line).trim();
            // Each error is logged twice: as the message, and after the answer as
            // `Violation: <location> <message>`.
            let message = match message.strip_prefix("Violation: ") {
                Some(located) => located.split_once(' ').map_or(located, |(_, text)| text),
                None => message,
            };
            let entry = format!("{request}: {message}");
            if !rejected.contains(&entry) {
                rejected.push(entry);
            }
        }
    }
    rejected
}

/// The document Prism serves: `document` itself, or, when Prism needs it, a copy
/// (`served.json` in `dir`) that accepts the same messages: form arrays named in their
/// encoding ([`name_form_arrays`]), XML bodies unchecked ([`unchecked_xml_bodies`]),
/// huge `maxItems` dropped ([`drop_huge_bounds`]), and `$ref`s to other documents
/// renamed ([`rename_remote_refs`]). Each says why Prism needs it.
fn served_document(document: &Path, dir: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(document)
        .map_err(|error| format!("error: cannot read {}: {error}", document.display()))?;
    // Read as the generator reads it: an integer past 64 bits (OpenAI's `minimum:
    // -9223372036854776000`) becomes a float rather than an error.
    let yaml = generator::parse::tree(&text, &document.display().to_string())
        .map_err(|errors| errors.to_string())?;
    let mut value = serde_json::to_value(yaml).map_err(|error| {
        format!(
            "error: cannot convert {} to JSON: {error}",
            document.display()
        )
    })?;
    let named = name_form_arrays(&mut value);
    let xml = unchecked_xml_bodies(&mut value);
    let unbounded = drop_huge_bounds(&mut value);
    let offline = rename_remote_refs(&mut value);
    if !(named || xml || unbounded || offline) {
        return std::fs::canonicalize(document)
            .map_err(|error| format!("error: cannot read {}: {error}", document.display()));
    }
    let served = dir.join("served.json");
    let json = serde_json::to_string(&value).map_err(|error| format!("error: {error}"))?;
    std::fs::write(&served, json)
        .map_err(|error| format!("error: cannot write {}: {error}", served.display()))?;
    std::fs::canonicalize(&served)
        .map_err(|error| format!("error: cannot read {}: {error}", served.display()))
}

/// Adds an explicit `style: form, explode: true` encoding for every array property of
/// every `application/x-www-form-urlencoded` and `multipart/form-data` body that has none.
/// That is what OpenAPI defines for a form body without an encoding, and what the client
/// sends (`Tag=a&Tag=b`), so the copy means the same; but Prism 5 reads repeated keys as
/// one string unless the encoding says so (stoplightio/prism#2473, and #2654 for
/// multipart, where OpenAPI ignores `style`), and would reject every array of a form.
/// Whether it added one.
fn name_form_arrays(document: &mut serde_json::Value) -> bool {
    use serde_json::{json, Value};
    // The media objects first (a body may be a shared `components/requestBodies` entry),
    // then the array properties of each, read before anything is changed.
    let follow = |document: &Value, pointer: String| -> String {
        let mut pointer = pointer;
        for _ in 0..32 {
            match document
                .pointer(&pointer)
                .and_then(|value| value.get("$ref"))
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
            {
                Some(target) => pointer = target.to_owned(),
                None => break,
            }
        }
        pointer
    };
    let mut media = Vec::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for method in item.keys() {
                let body = format!("/paths/{}/{method}/requestBody", escape(path));
                if document.pointer(&body).is_some() {
                    let body = follow(document, body);
                    for form in ["application~1x-www-form-urlencoded", "multipart~1form-data"] {
                        media.push(format!("{body}/content/{form}"));
                    }
                }
            }
        }
    }
    let mut additions = Vec::new();
    let mut inlined = Vec::new();
    for pointer in media {
        if document.pointer(&format!("{pointer}/schema")).is_none() {
            continue;
        }
        let schema_pointer = follow(document, format!("{pointer}/schema"));
        let Some(properties) = document
            .pointer(&format!("{schema_pointer}/properties"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (name, property) in properties {
            let property = match property.get("$ref").and_then(Value::as_str) {
                Some(reference) => document
                    .pointer(reference.trim_start_matches('#'))
                    .unwrap_or(property),
                None => property,
            };
            let is_array = match property.get("type") {
                Some(Value::String(ty)) => ty == "array",
                Some(Value::Array(types)) => types.iter().any(|ty| ty == "array"),
                _ => false,
            };
            let named = document
                .pointer(&format!("{pointer}/encoding/{}", escape(name)))
                .is_some();
            if is_array && !named {
                additions.push((pointer.clone(), name.clone()));
            }
            // Prism splits repeated keys only for a plain `array` type, not for a nullable
            // one; a form cannot carry `null` anyway, so the copy drops `nullable` there.
            if is_array && property.get("nullable") == Some(&json!(true)) {
                let mut plain = property.clone();
                if let Value::Object(fields) = &mut plain {
                    fields.remove("nullable");
                }
                let at = format!("{schema_pointer}/properties/{}", escape(name));
                inlined.push((at, plain));
            }
        }
    }
    for (pointer, name) in &additions {
        if let Some(Value::Object(media)) = document.pointer_mut(pointer) {
            let encoding = media.entry("encoding").or_insert_with(|| json!({}));
            if let Value::Object(encoding) = encoding {
                encoding.insert(name.clone(), json!({"style": "form", "explode": true}));
            }
        }
    }
    for (at, plain) in &inlined {
        if let Some(slot) = document.pointer_mut(at) {
            *slot = plain.clone();
        }
    }
    !additions.is_empty() || !inlined.is_empty()
}

/// `token` as one token of a JSON pointer: `~` as `~0`, `/` as `~1`.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Removes the schema of every XML request body: Prism reads an XML body as a string and
/// checks that against the schema, which no XML passes (the Petstore's `addPet`). The
/// client sends XML as the text it is given, so there is nothing of its own to check.
/// Whether it removed one.
fn unchecked_xml_bodies(document: &mut serde_json::Value) -> bool {
    let mut bodies = Vec::new();
    if let Some(paths) = document.get("paths").and_then(serde_json::Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for method in item.keys() {
                bodies.push(format!("/paths/{}/{method}/requestBody", escape(path)));
            }
        }
    }
    if let Some(shared) = document
        .pointer("/components/requestBodies")
        .and_then(serde_json::Value::as_object)
    {
        for name in shared.keys() {
            bodies.push(format!("/components/requestBodies/{}", escape(name)));
        }
    }
    let mut removed = false;
    for body in bodies {
        let Some(content) = document
            .pointer_mut(&format!("{body}/content"))
            .and_then(serde_json::Value::as_object_mut)
        else {
            continue;
        };
        for (media_type, media) in content.iter_mut() {
            if media_type.contains("xml") {
                if let Some(media) = media.as_object_mut() {
                    removed |= media.remove("schema").is_some();
                }
            }
        }
    }
    removed
}

/// Removes every `maxItems` above [`HUGE`]: Prism's data generator picks an array length up
/// to it and runs out of memory (the Organizations API's `emails` has `maxItems:
/// 2147483647`), while no request or response comes near such a bound, so without it the
/// document accepts the same messages. Whether it removed one.
fn drop_huge_bounds(value: &mut serde_json::Value) -> bool {
    const HUGE: u64 = 1_000_000;
    match value {
        serde_json::Value::Object(fields) => {
            let huge = fields
                .get("maxItems")
                .and_then(serde_json::Value::as_u64)
                .is_some_and(|max| max > HUGE);
            if huge {
                fields.remove("maxItems");
            }
            let mut dropped = huge;
            for child in fields.values_mut() {
                dropped |= drop_huge_bounds(child);
            }
            dropped
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |dropped, item| drop_huge_bounds(item) | dropped),
        _ => false,
    }
}

/// Renames every `$ref` to another document (`x-remote-ref`): the generator refuses those
/// in schemas, so what is left is data, such as GitHub's examples that hold `$ref:
/// https://api.github.com/...`; Prism resolves every `$ref`, would download those, and
/// cannot start without the network. Examples are not what requests are checked against,
/// and the dynamic mode does not answer with them. Whether it renamed one.
fn rename_remote_refs(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(fields) => {
            let remote = fields
                .get("$ref")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|target| !target.starts_with('#'));
            if remote {
                if let Some(target) = fields.remove("$ref") {
                    fields.insert("x-remote-ref".to_owned(), target);
                }
            }
            fields
                .values_mut()
                .fold(remote, |renamed, child| rename_remote_refs(child) | renamed)
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |renamed, item| rename_remote_refs(item) | renamed),
        _ => false,
    }
}

/// Builds the harness (with the client's `strict` feature when `strict`) and returns the
/// path of its executable.
fn build(scratch: &Path, package: &str, strict: bool) -> Result<PathBuf, String> {
    let mut args = vec!["-p", package];
    if strict {
        args.extend(["--features", "strict"]);
    }
    cargo_build(scratch, &args)?;
    Ok(crate::scratch_target().join("debug").join(package))
}

/// Builds every harness of `packages` in one cargo call, before the rounds: cargo then
/// compiles two crates at once where building one crate at a time leaves a core idle most
/// of the time. A failure here is left to the round that builds the package alone, which
/// says which one failed.
fn build_all(scratch: &Path, packages: &[String]) {
    let mut args = Vec::new();
    for package in packages {
        args.extend(["-p", package.as_str()]);
    }
    if cargo_build(scratch, &args).is_err() {
        println!("contract: building every harness at once failed; each is built alone next");
    }
}

/// `cargo build --quiet ARGS` in the scratch workspace. Debug information is left out: the
/// crates are large, and nothing here runs in a debugger.
fn cargo_build(scratch: &Path, args: &[&str]) -> Result<(), String> {
    let args = [&["build", "--quiet"][..], args].concat();
    println!("contract: cargo {}", args.join(" "));
    let status = crate::scratch_cargo(scratch)
        .args(&args)
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .status()
        .map_err(|error| format!("error: cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` in {} failed ({status})",
            args.join(" "),
            scratch.display()
        ))
    }
}

/// Prints the table of a run and its total, and fails unless every operation of every
/// document passed.
pub fn report(outcomes: &[Outcome]) -> Result<(), String> {
    println!(
        "\n{:<44} {:>10} {:>7} {:>8} {:>8}",
        "document", "operations", "passed", "skipped", "seconds"
    );
    for outcome in outcomes {
        let Tally {
            operations,
            passed,
            skipped,
        } = outcome.tally;
        match &outcome.error {
            None => println!(
                "{:<44} {operations:>10} {passed:>7} {skipped:>8} {:>8.1}",
                outcome.name, outcome.seconds
            ),
            Some(error) if outcome.refused => {
                let first = error.lines().next().unwrap_or_default();
                println!("{:<44} refused by the generator: {first}", outcome.name);
            }
            Some(error) => println!("{:<44} error: {error}", outcome.name),
        }
    }
    let sum = |count: fn(&Tally) -> usize| -> usize {
        outcomes.iter().map(|outcome| count(&outcome.tally)).sum()
    };
    let run = outcomes.iter().filter(|outcome| !outcome.refused).count();
    let clean = outcomes
        .iter()
        .filter(|outcome| {
            outcome.error.is_none() && outcome.tally.passed == outcome.tally.operations
        })
        .count();
    println!(
        "contract: {}/{} operations in {clean}/{run} documents ({} operations skipped, {} \
         documents refused by the generator)",
        sum(|tally| tally.passed),
        sum(|tally| tally.operations),
        sum(|tally| tally.skipped),
        outcomes.len() - run,
    );
    if clean == run {
        Ok(())
    } else {
        Err("error: contract: some operations failed against Prism (see the FAIL lines)".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisms_log_names_each_rejected_request_once() {
        let log = "\
[7:47:12 AM] › [HTTP SERVER] put /pet ℹ  info      Request received
[7:47:12 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[7:47:12 AM] ›     [VALIDATOR] ✖  error     Request body must be object
[7:47:12 AM] ›     [NEGOTIATOR] ✔  success   Found response 400. I'll try with it.
[7:47:12 AM] ›     [VALIDATOR] ✖  error     Violation: request.body Request body must be object
[7:47:12 AM] › [HTTP SERVER] post /pet ℹ  info      Request received
[7:47:12 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[7:47:12 AM] ›     [NEGOTIATOR] ✔  success   Responding with the requested status code 405
";
        assert_eq!(
            rejected_requests(log),
            ["put /pet: Request body must be object"]
        );
    }

    #[test]
    fn form_arrays_are_named_in_the_served_copy_and_huge_bounds_dropped() {
        let mut document = serde_json::json!({
            "paths": {"/x": {"post": {"requestBody": {"$ref": "#/components/requestBodies/B"}}}},
            "components": {
                "requestBodies": {"B": {"content": {"application/x-www-form-urlencoded": {
                    "schema": {"properties": {
                        "Tags": {"type": "array", "nullable": true, "items": {"type": "string"}},
                        "Name": {"type": "string"},
                        "Emails": {"type": "array", "maxItems": 2147483647u64}
                    }}
                }}}}
            }
        });
        assert!(name_form_arrays(&mut document));
        assert!(drop_huge_bounds(&mut document));
        let media = &document["components"]["requestBodies"]["B"]["content"]
            ["application/x-www-form-urlencoded"];
        let explode = serde_json::json!({"style": "form", "explode": true});
        assert_eq!(media["encoding"]["Tags"], explode);
        assert_eq!(media["encoding"]["Emails"], explode);
        assert!(media["encoding"].get("Name").is_none());
        assert!(media["schema"]["properties"]["Tags"]
            .get("nullable")
            .is_none());
        assert!(media["schema"]["properties"]["Emails"]
            .get("maxItems")
            .is_none());
    }

    #[test]
    fn references_to_other_documents_are_renamed_and_local_ones_kept() {
        let mut document = serde_json::json!({"components": {
            "schemas": {"User": {"example": {"$ref": "https://api.github.com/scim/v2/Users/1"}}},
            "examples": {"local": {"value": {"$ref": "#/components/schemas/User"}}}
        }});
        assert!(rename_remote_refs(&mut document));
        let example = &document["components"]["schemas"]["User"]["example"];
        assert_eq!(
            example["x-remote-ref"],
            "https://api.github.com/scim/v2/Users/1"
        );
        assert!(example.get("$ref").is_none());
        let local = &document["components"]["examples"]["local"]["value"];
        assert_eq!(local["$ref"], "#/components/schemas/User");
    }
}
