//! `cargo xtask history DIR [--json]`: the published versions of one document, oldest first
//! (in file name order), each generated and compared with the last one the generator
//! accepted, as `cargo xtask diff` compares two. Per step it prints how many changes the new
//! version makes to the generated crate's API, how many of them are breaking, the semver
//! bump and how long generating the version took; a version the generator refuses is
//! reported with its error and the run goes on. `--json` prints the steps, with every
//! change, as one JSON document instead.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::diff::{ApiDiff, Bump, Verdict};

/// The options of one `history` run.
#[derive(Debug)]
pub struct Options {
    dir: PathBuf,
    json: bool,
}

impl Options {
    /// A run over the versions in `dir`, printed as text.
    pub fn new(dir: PathBuf) -> Self {
        Options { dir, json: false }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut dirs = Vec::new();
        let mut json = false;
        for arg in args {
            match arg.as_str() {
                "--json" => json = true,
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `history`"))
                }
                dir => dirs.push(PathBuf::from(dir)),
            }
        }
        let [dir] = <[PathBuf; 1]>::try_from(dirs)
            .map_err(|_| "`history` takes one folder of document versions".to_owned())?;
        Ok(Options { dir, json })
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
    /// Why the generator refused the version, when it did.
    pub refused: Option<String>,
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
    let mut steps = Vec::new();
    let mut previous = None;
    for path in &versions {
        let step = step(path, &mut previous)?;
        if !options.json {
            println!("{}", describe(&step));
        }
        steps.push(step);
    }
    if options.json {
        let steps: Vec<_> = steps.iter().map(Step::to_json).collect();
        println!("{:#}", serde_json::Value::Array(steps));
    } else {
        println!("{}", summary(&steps));
    }
    Ok(())
}

/// Generates the version at `path` and compares it with `previous`, the output of the last
/// version the generator accepted, which it replaces when this one is accepted too.
fn step(path: &Path, previous: &mut Option<generator::Output>) -> Result<Step, String> {
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
            return Ok(Step {
                version,
                generation_ms,
                diff: None,
                refused: Some(
                    errors
                        .to_string()
                        .replace(SOURCE, &path.display().to_string()),
                ),
            })
        }
    };
    let diff = previous
        .as_ref()
        .map(|old| generator::diff(&old.surface, &output.surface, old.files != output.files));
    *previous = Some(output);
    Ok(Step {
        version,
        generation_ms,
        diff,
        refused: None,
    })
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
    format!(
        "{}: {what}, generated in {:.0} ms",
        step.version, step.generation_ms
    )
}

/// The last line: `history: 7 steps (3 major), 65 breaking, 0 refused`, a step being a
/// version compared with the one before it, and a breaking one a breaking change.
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
    format!("history: {compared} steps ({majors} major), {breaking} breaking, {refused} refused")
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
            .map(|path| step(path, &mut previous).unwrap())
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
            format!("history: 3 steps (2 major), {breaking} breaking, 1 refused")
        );
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
