//! `cargo xtask history DIR [--json]`: the published versions of one document, oldest first
//! (in file name order), each generated and compared with the last one the generator
//! accepted, as `cargo xtask diff` compares two. Per step it prints how many changes the new
//! version makes to the generated crate's API, how many of them are breaking, the semver
//! bump and how long generating the version took; a version the generator refuses is
//! reported with its error and the run goes on. Each step's verdicts are checked by witness
//! programs (`witness.rs`), and the run fails when one disagrees. `--json` prints the steps,
//! with every change, as one JSON document instead.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::diff::{ApiDiff, Bump, Verdict};

/// The options of one `history` run.
#[derive(Debug)]
pub struct Options {
    dir: PathBuf,
    json: bool,
    /// Print each step's changes as Markdown for a pull request (`--markdown`).
    markdown: bool,
    /// Whether to build witness programs (`--no-witnesses` leaves them out).
    witnesses: bool,
    /// Only the last this many steps (`--steps N`), for a bounded run: the most recent
    /// history.
    steps: Option<usize>,
}

impl Options {
    /// A run over the versions in `dir` with witnesses, only the last `steps` steps when
    /// given, printed as text.
    pub fn new(dir: PathBuf, steps: Option<usize>) -> Self {
        Options {
            dir,
            json: false,
            markdown: false,
            witnesses: true,
            steps,
        }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut dirs = Vec::new();
        let mut json = false;
        let mut markdown = false;
        let mut witnesses = true;
        let mut steps = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--json" => json = true,
                "--markdown" => markdown = true,
                "--no-witnesses" => witnesses = false,
                "--steps" => {
                    let value = crate::value(&mut args, arg)?;
                    steps = Some(value.parse().map_err(|_| {
                        format!("`--steps` takes a number of steps, not `{value}`")
                    })?);
                }
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `history`"))
                }
                dir => dirs.push(PathBuf::from(dir)),
            }
        }
        let [dir] = <[PathBuf; 1]>::try_from(dirs)
            .map_err(|_| "`history` takes one folder of document versions".to_owned())?;
        if json && markdown {
            return Err("`history` takes `--json` or `--markdown`, not both".to_owned());
        }
        Ok(Options {
            dir,
            json,
            markdown,
            witnesses,
            steps,
        })
    }
}

/// One version of the document and what changed since the version before it.
#[derive(Debug)]
pub struct Step {
    /// The version's file name.
    pub version: String,
    /// How long generating it took, in milliseconds.
    pub generation_ms: f64,
    /// What it did to the generated API: the diff with the last accepted version, `None`
    /// for the first accepted one, which has nothing before it.
    pub diff: Option<ApiDiff>,
    /// The diff as Markdown for a pull request, when there is one.
    pub markdown: Option<String>,
    /// Why the generator refused the version, when it did.
    pub refused: Option<String>,
    /// How many witness programs were built for the step's changes.
    pub witnesses: usize,
    /// How long building the crates and the witnesses took, in milliseconds.
    pub witness_ms: f64,
    /// The changes whose witness disagreed with the verdict, each with what happened.
    pub mismatches: Vec<String>,
}

impl Step {
    /// The step as JSON: `{"version", "generation_ms", "diff", "refused"}`, `diff` as
    /// `cargo xtask diff --json` writes it.
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "version": self.version,
            "generation_ms": self.generation_ms,
            "diff": self.diff,
            "refused": self.refused,
            "witnesses": self.witnesses,
            "witness_ms": self.witness_ms,
            "mismatches": self.mismatches,
        })
    }

    /// How many of the step's changes are breaking.
    pub fn breaking(&self) -> usize {
        self.diff.as_ref().map_or(0, |diff| {
            diff.changes
                .iter()
                .filter(|change| change.verdict == Verdict::Breaking)
                .count()
        })
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let versions = crate::corpus::documents(&options.dir)?;
    if versions.is_empty() {
        return Err(format!(
            "error: {} holds no document (.yaml, .yml, .json)",
            options.dir.display()
        ));
    }
    let scratch =
        crate::root()
            .join("target")
            .join("history")
            .join(options.dir.file_name().map_or_else(
                || "document".into(),
                |name| name.to_string_lossy().into_owned(),
            ));
    let mut steps = Vec::new();
    let mut previous: Option<generator::Output> = None;
    let mut previous_dir: Option<PathBuf> = None;
    for path in &versions[first_version(versions.len(), options.steps)..] {
        let (mut step, output) = step(path, previous.as_ref())?;
        if let Some(output) = output.as_ref().filter(|_| options.witnesses) {
            let stem = path
                .file_stem()
                .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
            let dir = scratch.join("versions").join(stem);
            crate::generate::write_files(&output.files, &dir, false)?;
            if let (Some(old), Some(old_dir), Some(diff)) = (&previous, &previous_dir, &step.diff) {
                let started = Instant::now();
                let witnesses = crate::witness::witnesses(&old.surface, diff);
                let mismatches = crate::witness::check(
                    &scratch.join("witness"),
                    [old_dir, &dir],
                    diff,
                    &witnesses,
                )?;
                step.witnesses = witnesses.len();
                step.witness_ms = millis(started.elapsed());
                step.mismatches = mismatches
                    .iter()
                    .map(|mismatch| {
                        let change = &diff.changes[mismatch.change];
                        format!(
                            "{} {}: {}",
                            change.verdict.as_str(),
                            change.describe(),
                            mismatch.problem
                        )
                    })
                    .collect();
            }
            previous_dir = Some(dir);
        }
        if options.markdown {
            print!("{}", markdown_section(&step));
        } else if !options.json {
            println!("{}", describe(&step));
            for mismatch in &step.mismatches {
                println!("  witness mismatch: {mismatch}");
            }
        }
        steps.push(step);
        // A refused version leaves the last accepted one to compare the next with.
        if output.is_some() {
            previous = output;
        }
    }
    if options.json {
        let steps: Vec<_> = steps.iter().map(Step::to_json).collect();
        println!("{:#}", serde_json::Value::Array(steps));
    } else {
        println!("{}", summary(&steps));
    }
    // A verdict the compiler contradicts is a bug of the diff (or of the witness): the run
    // fails, so that CI does.
    let mismatches: usize = steps.iter().map(|step| step.mismatches.len()).sum();
    if mismatches > 0 {
        return Err(format!("error: {mismatches} witness mismatches"));
    }
    Ok(())
}

/// Generates the version at `path` and compares it with `previous`, the output of the last
/// version the generator accepted; the step, and the version's output when it is accepted.
fn step(
    path: &Path,
    previous: Option<&generator::Output>,
) -> Result<(Step, Option<generator::Output>), String> {
    let version = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("error: cannot read {}: {error}", path.display()))?;
    let started = Instant::now();
    // Every version gets the same crate name and source name (in the files' headers), so
    // that only what the documents say can make the generated files differ.
    let generated = generator::build(&text, SOURCE, &generator::Settings::new("history"));
    let generation_ms = millis(started.elapsed());
    let output = match generated {
        Ok(output) => output,
        Err(errors) => {
            let step = Step {
                version,
                generation_ms,
                diff: None,
                markdown: None,
                witnesses: 0,
                witness_ms: 0.0,
                mismatches: Vec::new(),
                refused: Some(
                    errors
                        .to_string()
                        .replace(SOURCE, &path.display().to_string()),
                ),
            };
            return Ok((step, None));
        }
    };
    let diff = previous
        .map(|old| generator::diff(&old.surface, &output.surface, old.files != output.files));
    let markdown = previous
        .zip(diff.as_ref())
        .map(|(old, diff)| diff.to_markdown(&old.surface, &output.surface));
    let step = Step {
        version,
        generation_ms,
        diff,
        markdown,
        refused: None,
        witnesses: 0,
        witness_ms: 0.0,
        mismatches: Vec::new(),
    };
    Ok((step, Some(output)))
}

/// The index of the first version a run over `versions` versions generates: the last
/// `steps` steps are the last `steps + 1` versions.
fn first_version(versions: usize, steps: Option<usize>) -> usize {
    steps.map_or(0, |steps| versions.saturating_sub(steps + 1))
}

/// The name every version is generated under.
const SOURCE: &str = "the document";

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// One line per step: `003-2.1.5.yaml: 4 changes, 1 breaking, bump major, generated in 12 ms`.
fn describe(step: &Step) -> String {
    let what = match (&step.refused, &step.diff) {
        (Some(error), _) => format!("refused: {}", error.lines().next().unwrap_or_default()),
        (None, None) => "the first version".to_owned(),
        (None, Some(diff)) => format!(
            "{} change{}, {} breaking, bump {}",
            diff.changes.len(),
            if diff.changes.len() == 1 { "" } else { "s" },
            step.breaking(),
            diff.bump
        ),
    };
    let witnessed = if step.witnesses == 0 {
        String::new()
    } else {
        format!(
            ", {} witnesses checked in {:.1} s",
            step.witnesses,
            step.witness_ms / 1000.0
        )
    };
    format!(
        "{}: {what}, generated in {:.0} ms{witnessed}",
        step.version, step.generation_ms
    )
}

/// A step as a section of Markdown: the version as a heading, then its changes as
/// [`ApiDiff::to_markdown`] writes them, why it was refused, and any witness mismatch;
/// nothing for a step that changes no API.
fn markdown_section(step: &Step) -> String {
    let body = match (&step.refused, &step.markdown, &step.diff) {
        (Some(error), _, _) => format!("Refused by the generator:\n\n```text\n{error}\n```\n"),
        (None, Some(markdown), Some(diff)) if diff.bump >= Bump::Minor => markdown.clone(),
        _ => return String::new(),
    };
    let mismatches: String = step
        .mismatches
        .iter()
        .map(|mismatch| format!("- witness mismatch: {mismatch}\n"))
        .collect();
    format!("## {}\n\n{body}{mismatches}\n", step.version)
}

/// The last line: `history: 7 steps (3 major), 61 breaking, 0 refused, 67 witnesses, 0
/// witness mismatches`, a step being a version compared with the one before it.
fn summary(steps: &[Step]) -> String {
    let compared = steps.iter().filter(|step| step.diff.is_some()).count();
    let majors = steps
        .iter()
        .filter(|step| {
            step.diff
                .as_ref()
                .is_some_and(|diff| diff.bump == Bump::Major)
        })
        .count();
    let breaking: usize = steps.iter().map(Step::breaking).sum();
    let refused = steps.iter().filter(|step| step.refused.is_some()).count();
    let witnesses: usize = steps.iter().map(|step| step.witnesses).sum();
    let mismatches: usize = steps.iter().map(|step| step.mismatches.len()).sum();
    format!(
        "history: {compared} steps ({majors} major), {breaking} breaking, {refused} refused, \
         {witnesses} witnesses, {mismatches} witness mismatches"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of versions made of a diff fixture: a version, one that changes it, one the
    /// generator refuses, the first again (compared with the second) and the same once more.
    fn history() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-history-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fixture = |name: &str| {
            let path = format!("generator/tests/fixtures/diff/operations/{name}.yaml");
            std::fs::read_to_string(crate::root().join(path)).unwrap()
        };
        for (file, text) in [
            ("001-a.yaml", fixture("old")),
            ("002-b.yaml", fixture("new")),
            ("003-c.yaml", "openapi: 3.0.0\n".to_owned()),
            ("004-d.yaml", fixture("old")),
            ("005-e.yaml", fixture("old")),
        ] {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    #[test]
    fn each_version_is_compared_with_the_last_accepted_one() {
        let dir = history();
        let mut previous = None;
        let steps: Vec<Step> = crate::corpus::documents(&dir)
            .unwrap()
            .iter()
            .map(|path| {
                let (step, output) = step(path, previous.as_ref()).unwrap();
                if output.is_some() {
                    previous = output;
                }
                step
            })
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        let bumps: Vec<Option<Bump>> = steps
            .iter()
            .map(|step| step.diff.as_ref().map(|diff| diff.bump))
            .collect();
        let none = Some(Bump::None);
        assert_eq!(
            bumps,
            [None, Some(Bump::Major), None, Some(Bump::Major), none]
        );
        assert!(steps[2].refused.is_some(), "{:?}", steps[2]);
        assert_eq!(steps[1].to_json()["diff"]["bump"], "major");
        let section = markdown_section(&steps[1]);
        assert!(
            section.starts_with("## 002-b.yaml\n\n**API changes**"),
            "{section}"
        );
        assert!(section.contains("### Breaking"), "{section}");
        assert!(markdown_section(&steps[2]).contains("Refused by the generator"));
        assert_eq!(markdown_section(&steps[4]), "");
        assert!(steps[2].to_json()["refused"].is_string());
        assert_eq!(steps[4].breaking(), 0);
        assert!(steps[1].breaking() > 0 && steps[3].breaking() > 0);
        assert_eq!(
            describe(&steps[0]).split(',').next(),
            Some("001-a.yaml: the first version")
        );
        assert!(
            describe(&steps[2]).starts_with("003-c.yaml: refused: "),
            "{}",
            describe(&steps[2])
        );
        let breaking = steps[1].breaking() + steps[3].breaking();
        assert_eq!(
            summary(&steps),
            format!(
                "history: 3 steps (2 major), {breaking} breaking, 1 refused, \
                 0 witnesses, 0 witness mismatches"
            )
        );
    }

    #[test]
    fn a_bounded_run_takes_the_last_steps() {
        assert_eq!(first_version(135, Some(30)), 104);
        assert_eq!(first_version(8, Some(30)), 0);
        assert_eq!(first_version(8, None), 0);
    }

    #[test]
    fn options_take_one_folder() {
        let args = |list: &[&str]| list.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
        assert!(Options::parse(&args(&["a", "--json"])).unwrap().json);
        assert!(Options::parse(&args(&[])).is_err());
        assert!(Options::parse(&args(&["a", "b"])).is_err());
        assert!(Options::parse(&args(&["a", "--html"])).is_err());
    }
}
