//! `cargo xtask ci`: every check CI runs, in order, stopping at the first failure: format,
//! clippy, generated code up to date, all tests, the fixtures' generated crates compiled
//! and linted as stand-alone code, and the contract run against Prism on spec/. With
//! `--reference PATH` (CI passes Twilio's official document), also `drift` against it
//! and the contract run against Prism serving it; with `--corpus DIR`, the corpus run, the
//! contract run of every document's generated harness (`contract-corpus --strict`), and a
//! 60 s generator fuzz run that mutates its documents; with `--public-corpus DIR`, the
//! corpus run with `--skip-invalid` on documents from outside Twilio, and a fuzz run on
//! them too; with `--history DIR`, the history run with witnesses of each folder of
//! document versions in DIR (or of DIR itself when it holds the versions), the last 30 steps
//! of each.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The options of one `ci` run: the documents that live outside the project, which CI
/// passes and a user's clone may not have.
#[derive(Debug, Default)]
pub struct Options {
    reference: Option<String>,
    corpus: Option<String>,
    public_corpus: Option<String>,
    history: Option<String>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--reference" => options.reference = Some(crate::value(&mut args, arg)?),
                "--corpus" => options.corpus = Some(crate::value(&mut args, arg)?),
                "--public-corpus" => options.public_corpus = Some(crate::value(&mut args, arg)?),
                "--history" => options.history = Some(crate::value(&mut args, arg)?),
                other => return Err(format!("unknown option `{other}` for `ci`")),
            }
        }
        Ok(options)
    }
}

/// Clippy on every target of a workspace, warnings denied.
const CLIPPY: &[&str] = &[
    "clippy",
    "--workspace",
    "--all-targets",
    "--",
    "-D",
    "warnings",
];

pub fn run(options: &Options) -> Result<(), String> {
    let mut clock = Clock::default();
    let result = steps(options, &mut clock);
    clock.report();
    result?;
    println!("ci: all checks passed");
    Ok(())
}

/// The steps, in order, each timed by `clock`; the first failure ends the run.
fn steps(options: &Options, clock: &mut Clock) -> Result<(), String> {
    let reference = options.reference.as_deref();
    let root = crate::root();
    clock.cargo(&root, &["fmt", "--all", "--", "--check"])?;
    clock.cargo(&root, CLIPPY)?;
    clock.step("cargo xtask generate --check".to_owned(), || {
        crate::generate::run(&crate::generate::Options::check_workspace())
    })?;
    clock.cargo(&root, &["test", "--workspace"])?;
    // The features change what compiles and decodes: `strict` makes unknown fields
    // errors, `blocking` adds `blocking::block_on`, `webhooks` the webhook validator (and
    // the code of the crate's webhook example and README); the runtime's and the client's
    // tests run again with them on, after clippy has seen that code.
    let features = "runtime/strict runtime/blocking runtime/webhooks client-tests/strict \
                    client-tests/blocking twilio-assistants/webhooks";
    let packages = [
        "-p",
        "runtime",
        "-p",
        "client-tests",
        "-p",
        "twilio-assistants",
    ];
    let mut with_features = |command: &str, rest: &[&str]| {
        let mut args = vec![command];
        args.extend(packages);
        args.extend(["--features", features]);
        args.extend(rest);
        clock.cargo(&root, &args)
    };
    with_features("clippy", &["--all-targets", "--", "-D", "warnings"])?;
    with_features("test", &[])?;
    // The client-tests turn on the client's `serialize` and `deserialize`, so the client
    // alone is checked once more as users get it, with no feature.
    clock.cargo(
        &root,
        &[
            "clippy",
            "-p",
            "twilio-assistants",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The client's documentation is its guide: no broken link or bad markup, whatever the
    // features.
    let doc = [
        "doc",
        "-p",
        "twilio-assistants",
        "--no-deps",
        "--features",
        "webhooks blocking strict",
    ];
    clock.step(
        format!("RUSTDOCFLAGS=-Dwarnings cargo {}", doc.join(" ")),
        || cargo_with(&root, &doc, &[("RUSTDOCFLAGS", OsStr::new("-Dwarnings"))]),
    )?;
    // The runtime's `auth` module has two sources; `twilio` tests Twilio's (the one
    // Twilio crates get) in place of the generic one.
    let twilio = [
        "-p",
        "runtime",
        "--features",
        "twilio blocking strict webhooks",
    ];
    clock.cargo(
        &root,
        &[
            &["clippy"][..],
            &twilio,
            &["--all-targets", "--", "-D", "warnings"],
        ]
        .concat(),
    )?;
    clock.cargo(&root, &[&["test"][..], &twilio].concat())?;
    clock.step("the fixtures' crates".to_owned(), || {
        check_fixture_crates(&root)
    })?;
    clock.step("cargo xtask contract".to_owned(), || {
        crate::contract::run_with_spec(&root.join(crate::generate::SPEC), true)
    })?;
    if let Some(reference) = reference {
        clock.step(format!("cargo xtask drift {reference}"), || {
            crate::drift::run(&crate::drift::Options::against(reference))
        })?;
        clock.step(format!("cargo xtask contract --spec {reference}"), || {
            crate::contract::run_with_spec(Path::new(reference), false)
        })?;
    }
    let corpora = [(&options.corpus, false), (&options.public_corpus, true)];
    for (corpus, skip_invalid) in corpora {
        let Some(corpus) = corpus else { continue };
        let flag = if skip_invalid { " --skip-invalid" } else { "" };
        clock.step(format!("cargo xtask corpus {corpus}{flag}"), || {
            crate::corpus::run(&crate::corpus::Options::new(corpus, skip_invalid))
        })?;
        // Every operation of every document, through its generated harness, against
        // Prism: what the documents' APIs accept, not only what compiles.
        if !skip_invalid {
            clock.step(
                format!("cargo xtask contract-corpus {corpus} --strict"),
                || {
                    crate::contract::run_corpus(&crate::contract::CorpusOptions::parse(&[
                        corpus.clone(),
                        "--strict".to_owned(),
                    ])?)
                },
            )?;
        }
        // `cargo test` already fuzzed the documents of this repository briefly; the corpus
        // brings far more shapes to mutate.
        clock.step(format!("cargo xtask fuzz {corpus} --seconds 60"), || {
            crate::fuzz::run(&crate::fuzz::Options::parse(&[
                corpus.clone(),
                "--seconds".to_owned(),
                "60".to_owned(),
            ])?)
        })?;
    }
    if let Some(history) = &options.history {
        for dir in history_folders(Path::new(history))? {
            let name = format!(
                "cargo xtask history {} --steps {HISTORY_STEPS}",
                dir.display()
            );
            clock.step(name, || {
                crate::history::run(&crate::history::Options::new(dir, Some(HISTORY_STEPS)))
            })?;
        }
    }
    Ok(())
}

/// How long each step of a run took, so that a CI log says where its time goes.
#[derive(Debug, Default)]
struct Clock {
    steps: Vec<(String, Duration)>,
}

impl Clock {
    /// Runs one step, named on a line before it starts and with its time after it ends.
    fn step(
        &mut self,
        name: String,
        run: impl FnOnce() -> Result<(), String>,
    ) -> Result<(), String> {
        println!("ci: {name}");
        let started = Instant::now();
        let result = run();
        let elapsed = started.elapsed();
        println!("ci: {name}: {:.0} s", elapsed.as_secs_f64());
        self.steps.push((name, elapsed));
        result
    }

    /// Runs cargo in `dir` with `args` as one step.
    fn cargo(&mut self, dir: &Path, args: &[&str]) -> Result<(), String> {
        self.step(format!("cargo {}", args.join(" ")), || {
            cargo_with(dir, args, &[])
        })
    }

    /// Prints the steps run so far, slowest first, and their total.
    fn report(&self) {
        let mut steps: Vec<_> = self.steps.iter().collect();
        steps.sort_by_key(|(_, elapsed)| std::cmp::Reverse(*elapsed));
        let total: Duration = self.steps.iter().map(|(_, elapsed)| *elapsed).sum();
        println!(
            "ci: {} steps in {:.0} s, slowest first:",
            steps.len(),
            total.as_secs_f64()
        );
        for (name, elapsed) in steps {
            println!("ci: {:>6.0} s  {name}", elapsed.as_secs_f64());
        }
    }
}

/// The steps of each history CI runs with witnesses: a short history whole, the most recent
/// steps of a long one (each step builds the new version's crate and the witnesses twice).
const HISTORY_STEPS: usize = 30;

/// The folders of document versions under `dir`, in name order; `dir` itself when it holds
/// documents.
fn history_folders(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    if !crate::corpus::documents(dir)?.is_empty() {
        return Ok(vec![dir.to_owned()]);
    }
    let mut folders: Vec<_> = std::fs::read_dir(dir)
        .map_err(|error| format!("error: cannot list {}: {error}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    Ok(folders)
}

/// Runs cargo in the scratch workspace `dir` with `args`, after a line that names the
/// command.
fn scratch_cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    println!("ci: cargo {}", args.join(" "));
    cargo_with(
        dir,
        args,
        &[("CARGO_TARGET_DIR", crate::scratch_target().as_os_str())],
    )
}

/// Runs cargo in `dir` with `args` and extra environment variables; its output passes
/// through, and a failure names the command.
pub fn cargo_with(dir: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Result<(), String> {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .status()
        .map_err(|error| format!("error: cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: `cargo {}` failed ({status})",
            args.join(" ")
        ))
    }
}

/// Generates a crate and its contract harness for every valid fixture into one scratch
/// workspace under `target/` and runs clippy on it, which proves the generated code
/// compiles without warnings outside this workspace too.
fn check_fixture_crates(root: &Path) -> Result<(), String> {
    let scratch = root.join("target").join("fixture-crates");
    let mut members = Vec::new();
    let mut tested = Vec::new();
    // The hostile documents (deep nesting, long `$ref` chains, huge enums, collisions) are
    // too large to snapshot, so compiling them here is their main test.
    for (folder, prefix) in [("fixtures", ""), ("fixtures/hostile", "hostile-")] {
        let fixtures = root.join("generator").join("tests").join(folder);
        let mut entries: Vec<_> = std::fs::read_dir(&fixtures)
            .map_err(|error| format!("error: cannot list {}: {error}", fixtures.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| crate::corpus::is_document(path))
            .collect();
        entries.sort();
        for path in entries {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let name = format!("{prefix}{stem}");
            let text = std::fs::read_to_string(&path)
                .map_err(|error| format!("error: cannot read {}: {error}", path.display()))?;
            let settings =
                generator::Settings::new(format!("fixture-{name}")).with_standalone(false);
            let file_name = path.file_name().unwrap_or_default().to_string_lossy();
            let files = generator::generate(
                &text,
                &format!("generator/tests/{folder}/{file_name}"),
                &settings,
            )
            .map_err(|errors| errors.to_string())?;
            crate::generate::write_files(&files, &scratch.join(&name), false)?;
            // Its contract harness too: every construct of the fixtures must give a
            // harness that compiles without warnings, which the contract runs rely on.
            let source = format!("generator/tests/{folder}/{file_name}");
            let harness = generator::contract(&text, &source, &settings, &format!("../{name}"))
                .map_err(|errors| errors.to_string())?;
            crate::generate::write_files(
                &harness,
                &scratch.join(format!("{name}-contract")),
                false,
            )?;
            members.push(format!("\"{name}-contract\""));
            // A fixture's behaviour tests (round trips of its models) run in its crate.
            let tests = root
                .join("generator/tests/fixture-tests")
                .join(format!("{stem}.rs"));
            if tests.exists() {
                let target = scratch.join(&name).join("tests");
                std::fs::create_dir_all(&target)
                    .and_then(|()| std::fs::copy(&tests, target.join("fixture.rs")))
                    .map_err(|error| format!("error: cannot copy {}: {error}", tests.display()))?;
                tested.push(format!("fixture-{name}"));
            }
            members.push(format!("{name:?}"));
        }
    }
    crate::corpus::write_workspace(root, &scratch, &members)?;
    // First the crates as users get them, with no feature; then everything, with what the
    // harnesses (`deserialize`) and the round trips (both directions) turn on.
    scratch_cargo(
        &scratch,
        &[
            "clippy",
            "--workspace",
            "--exclude",
            "*-contract",
            "--lib",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    let features: Vec<String> = tested
        .iter()
        .map(|package| format!("{package}/serialize {package}/deserialize"))
        .collect();
    let features = features.join(" ");
    scratch_cargo(
        &scratch,
        &[&CLIPPY[..3], &["--features", &features], &CLIPPY[3..]].concat(),
    )?;
    if tested.is_empty() {
        return Ok(());
    }
    let mut args = vec!["test", "--tests", "--features", &features];
    for package in &tested {
        args.extend(["-p", package.as_str()]);
    }
    scratch_cargo(&scratch, &args)
}
