//! `cargo xtask fuzz`: mutates real OpenAPI documents and feeds them to the generator.
//!
//! Seeds are every `.yaml` document in the given folders (spec/, the generator's valid
//! fixtures, and ../shared/corpus when passed). Each execution picks a seed, applies one to four
//! mutations, and runs [`generator::generate`]. Most mutations work on the YAML tree, so
//! that the result is still a document and reaches the later stages: delete a key, replace
//! a value with an interesting one, graft a subtree elsewhere, rename a key, insert a
//! keyword with a value that stresses it (`$ref`, `type`, `enum`, `oneOf`, `pattern`, ...).
//! The rest mutate the text (flip, drop or insert characters, truncate), to reach the
//! YAML reader's error paths. One mutated tree in four is written as JSON instead (and
//! named `fuzz.json`), sometimes with its text mutated too, for the JSON reader's paths;
//! the valid fixtures include an OpenAPI 3.1 document, for the 3.1 rewriting.
//!
//! A run passes when no execution panics or hangs and every successful generation yields
//! Rust files that `syn` parses. A panic is caught, the input saved under `target/fuzz/`
//! and reported; the run continues and fails at the end. A generation that runs over a minute is a hang: its input is
//! saved and the run stops at once.

use serde_yaml::{Mapping, Value};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Options {
    pub dirs: Vec<PathBuf>,
    pub budget: Budget,
    pub seed: u64,
}

/// How long a run lasts.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    Seconds(u64),
    Executions(u64),
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let root = crate::root();
        let mut options = Options {
            dirs: vec![root.join("spec"), root.join("generator/tests/fixtures")],
            budget: Budget::Seconds(60),
            seed: 1,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let number = |value: String| {
                value
                    .parse::<u64>()
                    .map_err(|_| format!("`{arg}` needs a whole number, not `{value}`"))
            };
            match arg.as_str() {
                "--seconds" => {
                    options.budget = Budget::Seconds(number(crate::value(&mut args, arg)?)?)
                }
                "--executions" => {
                    options.budget = Budget::Executions(number(crate::value(&mut args, arg)?)?)
                }
                "--seed" => options.seed = number(crate::value(&mut args, arg)?)?,
                dir if !dir.starts_with('-') => options.dirs.push(PathBuf::from(dir)),
                other => return Err(format!("unknown option `{other}` for `fuzz`")),
            }
        }
        Ok(options)
    }
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    pub executions: u64,
    pub generated: u64,
    pub refused: u64,
    /// Saved inputs that made the generator panic or emit code that does not parse.
    pub findings: Vec<PathBuf>,
    pub slowest: Duration,
}

pub fn run(options: &Options) -> Result<(), String> {
    let report = fuzz(options)?;
    if report.findings.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz: {} finding(s), inputs saved: {}",
            report.findings.len(),
            report
                .findings
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Runs the fuzzer and prints a summary line.
pub fn fuzz(options: &Options) -> Result<Report, String> {
    let seeds = seeds(&options.dirs)?;
    let out = crate::root().join("target").join("fuzz");
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut report = Report::default();
    let started = Instant::now();
    let watchdog = Watchdog::start(out.clone());
    let mut progress = Instant::now();
    // A panic is an expected outcome here, reported with its input; the default hook
    // would print a backtrace for each.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while match options.budget {
        Budget::Seconds(seconds) => started.elapsed() < Duration::from_secs(seconds),
        Budget::Executions(count) => report.executions < count,
    } {
        let (name, text) = &seeds[rng.usize(..seeds.len())];
        let input = mutate(&mut rng, text);
        let began = Instant::now();
        watchdog.watch(&input, report.executions);
        let source = source_name(&input);
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            generator::generate(&input, source, &generator::Settings::new("fuzz"))
        }));
        watchdog.done();
        report.slowest = report.slowest.max(began.elapsed());
        report.executions += 1;
        if progress.elapsed() > Duration::from_secs(300) {
            progress = Instant::now();
            println!(
                "fuzz: {} executions, {} findings after {:.0} s",
                report.executions,
                report.findings.len(),
                started.elapsed().as_secs_f64()
            );
        }
        let problem = match outcome {
            Err(panic) => Some(format!("panic: {}", panic_text(&panic))),
            Ok(Err(_)) => {
                report.refused += 1;
                None
            }
            Ok(Ok(files)) => {
                report.generated += 1;
                files
                    .iter()
                    .filter(|file| file.path.ends_with(".rs"))
                    .find_map(|file| {
                        syn::parse_file(&file.contents)
                            .err()
                            .map(|error| (file, error))
                    })
                    .map(|(file, error)| format!("{} does not parse: {error}", file.path))
            }
        };
        if let Some(problem) = problem {
            std::fs::create_dir_all(&out)
                .map_err(|error| format!("cannot create {}: {error}", out.display()))?;
            let extension = source.rsplit('.').next().unwrap_or("yaml");
            let saved = out.join(format!("finding-{}.{extension}", report.findings.len() + 1));
            std::fs::write(&saved, &input)
                .map_err(|error| format!("cannot write {}: {error}", saved.display()))?;
            println!(
                "fuzz: {problem} (from {name}; input saved as {})",
                saved.display()
            );
            report.findings.push(saved);
        }
    }
    std::panic::set_hook(hook);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {} executions in {seconds:.0} s ({:.0}/s) from {} seeds: {} generated, {} refused \
         with errors, {} findings; slowest input {} ms",
        report.executions,
        report.executions as f64 / seconds.max(0.001),
        seeds.len(),
        report.generated,
        report.refused,
        report.findings.len(),
        report.slowest.as_millis()
    );
    Ok(report)
}

/// How long one generation may take before the run counts it as a hang; the slowest
/// real document takes under 2 s in a debug build.
const HANG: Duration = Duration::from_secs(60);

/// A thread that ends the run when one execution hangs: a hung generation cannot be
/// interrupted, so the watchdog saves its input, reports it and exits the process.
struct Watchdog {
    current: std::sync::Arc<std::sync::Mutex<Option<(Instant, String, u64)>>>,
}

impl Watchdog {
    fn start(out: PathBuf) -> Watchdog {
        let current: std::sync::Arc<std::sync::Mutex<Option<(Instant, String, u64)>>> =
            Default::default();
        let watched = current.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let hung = watched.lock().ok().and_then(|current| {
                current
                    .as_ref()
                    .filter(|(began, _, _)| began.elapsed() > HANG)
                    .map(|(_, input, executions)| (input.clone(), *executions))
            });
            if let Some((input, executions)) = hung {
                let saved = out.join("hang.yaml");
                let _ = std::fs::create_dir_all(&out);
                let _ = std::fs::write(&saved, input);
                println!(
                    "fuzz: HANG: one generation ran over {} s after {executions} executions; \
                     input saved as {}",
                    HANG.as_secs(),
                    saved.display()
                );
                std::process::exit(1);
            }
        });
        Watchdog { current }
    }

    fn watch(&self, input: &str, executions: u64) {
        if let Ok(mut current) = self.current.lock() {
            *current = Some((Instant::now(), input.to_owned(), executions));
        }
    }

    fn done(&self) {
        if let Ok(mut current) = self.current.lock() {
            *current = None;
        }
    }
}

/// Every `.yaml` file directly in `dirs`, as (name, text), in a stable order.
fn seeds(dirs: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    let mut paths = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir)
            .map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
        paths.extend(
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| {
                    path.extension()
                        .is_some_and(|extension| extension == "yaml")
                }),
        );
    }
    paths.sort();
    let seeds: Vec<(String, String)> = paths
        .iter()
        .filter_map(|path: &PathBuf| {
            let text = std::fs::read_to_string(path).ok()?;
            Some((file_name(path), text))
        })
        .collect();
    if seeds.is_empty() {
        return Err("fuzz: no .yaml documents to start from".to_owned());
    }
    Ok(seeds)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// Keys whose values the generator interprets; a mutation that adds or renames to one of
/// them reaches a decision the seed never made.
const KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "required",
    "nullable",
    "additionalProperties",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
    "discriminator",
    "mapping",
    "propertyName",
    "readOnly",
    "writeOnly",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "in",
    "name",
    "schema",
    "explode",
    "style",
    "content",
    "requestBody",
    "responses",
    "parameters",
    "operationId",
    "servers",
    "url",
    "x-twilio",
    "className",
    "default",
    "description",
    "components",
    "schemas",
    "paths",
    "openapi",
];

/// Values that stress the generator where they land.
fn interesting(rng: &mut fastrand::Rng, refs: &[String]) -> Value {
    match rng.u8(..18) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => Value::from(rng.i64(..)),
        3 => Value::from(-1),
        4 => Value::from(f64::NAN),
        5 => Value::from(""),
        6 => Value::from(
            [
                "string", "integer", "number", "boolean", "array", "object", "wat", "null",
            ][rng.usize(..8)],
        ),
        7 => Value::from(
            [
                "{id}",
                "/",
                "{",
                "}",
                "a{b}c",
                "/v1/{a}/{b}",
                "*/",
                "#[x]",
                "r#type",
                "self",
                "ünï",
                "🚀",
                "DateSent<",
                "^AC[0-9a-fA-F]{32}$",
                "^aia_.+$",
                "^(",
                "3.0.0",
                "3.1.0",
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded",
                "date-time",
                "int32",
                "binary",
                "uri",
            ][rng.usize(..25)],
        ),
        8 | 9 if !refs.is_empty() => Value::from(refs[rng.usize(..refs.len())].clone()),
        8 | 9 => Value::from("#/components/schemas/Missing"),
        10 => Value::from("#/components/schemas/~1odd~0name"),
        11 => Value::Sequence(Vec::new()),
        12 => Value::Mapping(Mapping::new()),
        13 => {
            let mut mapping = Mapping::new();
            mapping.insert(Value::from("$ref"), interesting(rng, refs));
            Value::Mapping(mapping)
        }
        14 => Value::Sequence(
            (0..rng.usize(1..4))
                .map(|_| interesting(rng, refs))
                .collect(),
        ),
        15 => {
            let mut mapping = Mapping::new();
            mapping.insert(
                Value::from(KEYWORDS[rng.usize(..KEYWORDS.len())]),
                interesting(rng, refs),
            );
            Value::Mapping(mapping)
        }
        16 => Value::from("x".repeat(rng.usize(1..2000))),
        _ => Value::from(rng.u32(..) as f64 / 7.0),
    }
}

/// One to four mutations of `text`.
fn mutate(rng: &mut fastrand::Rng, text: &str) -> String {
    // One input in eight is mutated as text; the rest as a YAML tree when it is one.
    if rng.u8(..8) == 0 {
        return mutate_text(rng, text);
    }
    let Ok(mut document) = serde_yaml::from_str::<Value>(text) else {
        return mutate_text(rng, text);
    };
    let refs = component_refs(&document);
    for _ in 0..rng.usize(1..=4) {
        mutate_tree(rng, &mut document, &refs);
    }
    // A tree with keys JSON cannot have (numbers, tags) stays YAML.
    if rng.u8(..4) == 0 {
        if let Ok(json) = serde_json::to_string_pretty(&document) {
            return if rng.u8(..4) == 0 {
                mutate_text(rng, &json)
            } else {
                json
            };
        }
    }
    serde_yaml::to_string(&document).unwrap_or_else(|_| mutate_text(rng, text))
}

/// The name a mutated input is generated under: a JSON text is named `.json`, so that a
/// mutation that breaks it still goes to the JSON reader.
fn source_name(input: &str) -> &'static str {
    if input.trim_start().starts_with('{') {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    }
}

/// `#/components/schemas/X` for every schema of the document.
fn component_refs(document: &Value) -> Vec<String> {
    document
        .get("components")
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|schemas| {
            schemas
                .keys()
                .filter_map(Value::as_str)
                .map(|name| format!("#/components/schemas/{name}"))
                .collect()
        })
        .unwrap_or_default()
}

/// Counts the mappings and sequences of a tree (the places a mutation can act).
fn containers(value: &Value) -> usize {
    1 + match value {
        Value::Mapping(mapping) => mapping.values().map(containers).sum(),
        Value::Sequence(sequence) => sequence.iter().map(containers).sum(),
        Value::Tagged(tagged) => containers(&tagged.value),
        _ => 0,
    }
}

/// The `index`-th node in pre-order.
fn nth_mut<'v>(value: &'v mut Value, index: &mut usize) -> Option<&'v mut Value> {
    if *index == 0 {
        return Some(value);
    }
    *index -= 1;
    match value {
        Value::Mapping(mapping) => mapping.values_mut().find_map(|child| nth_mut(child, index)),
        Value::Sequence(sequence) => sequence.iter_mut().find_map(|child| nth_mut(child, index)),
        Value::Tagged(tagged) => nth_mut(&mut tagged.value, index),
        _ => None,
    }
}

fn mutate_tree(rng: &mut fastrand::Rng, document: &mut Value, refs: &[String]) {
    let count = containers(document);
    let graft = {
        let mut index = rng.usize(..count);
        nth_mut(document, &mut index).cloned()
    };
    let mut index = rng.usize(..count);
    let Some(node) = nth_mut(document, &mut index) else {
        return;
    };
    match node {
        Value::Mapping(mapping) if !mapping.is_empty() => {
            let key = mapping.keys().nth(rng.usize(..mapping.len())).cloned();
            let Some(key) = key else { return };
            match rng.u8(..6) {
                0 => drop(mapping.remove(&key)),
                1 => {
                    let value = interesting(rng, refs);
                    mapping.insert(key, value);
                }
                2 => {
                    if let Some(value) = mapping.remove(&key) {
                        let new_key = KEYWORDS[rng.usize(..KEYWORDS.len())];
                        mapping.insert(Value::from(new_key), value);
                    }
                }
                3 => {
                    if let Some(graft) = graft {
                        mapping.insert(key, graft);
                    }
                }
                _ => {
                    let value = interesting(rng, refs);
                    mapping.insert(Value::from(KEYWORDS[rng.usize(..KEYWORDS.len())]), value);
                }
            }
        }
        Value::Sequence(sequence) if !sequence.is_empty() => {
            let at = rng.usize(..sequence.len());
            match rng.u8(..3) {
                0 => drop(sequence.remove(at)),
                1 => sequence.insert(at, interesting(rng, refs)),
                _ => {
                    let copy = sequence[at].clone();
                    sequence.push(copy);
                }
            }
        }
        other => *other = interesting(rng, refs),
    }
}

fn mutate_text(rng: &mut fastrand::Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.usize(1..=8) {
        if chars.is_empty() {
            break;
        }
        let at = rng.usize(..chars.len());
        match rng.u8(..5) {
            0 => drop(chars.remove(at)),
            1 => chars.insert(
                at,
                [
                    ':', '-', ' ', '\n', '{', '[', '\'', '"', '&', '*', '!', '\t', '#', '\0',
                ][rng.usize(..14)],
            ),
            2 => chars[at] = rng.char(..),
            3 => chars.truncate(at),
            _ => {
                let line_end = chars[at..]
                    .iter()
                    .position(|c| *c == '\n')
                    .map_or(chars.len(), |end| at + end);
                let line: Vec<char> = chars[at..line_end].to_vec();
                chars.splice(at..at, line);
            }
        }
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bounded run over the documents in this repository (no ../shared needed): no
    /// panic, and every generated file parses. `cargo xtask ci` runs a longer one that
    /// includes the corpus.
    #[test]
    fn mutated_documents_never_panic_the_generator() {
        let options = Options::parse(&["--executions".to_owned(), "300".to_owned()]).unwrap();
        let report = fuzz(&options).unwrap();
        assert_eq!(report.executions, 300);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        // The mutations must leave enough documents valid to reach code generation.
        assert!(report.generated > 30, "{report:?}");
        assert!(report.refused > 30, "{report:?}");
    }

    #[test]
    fn mutations_are_deterministic_for_a_seed() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let run = || {
            let mut rng = fastrand::Rng::with_seed(7);
            (0..20).map(|_| mutate(&mut rng, text)).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }
}
