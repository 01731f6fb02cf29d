//! `cargo xtask generate`: runs the generator on a document and writes the crate, only
//! the files that changed, and prints what changed in the crate's public API; with
//! `--check`, compares instead and names the stale files; `--watch` keeps regenerating as
//! the document is saved. The records of releases, and `--bump`, which makes one, are in
//! [`crate::release`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use generator::diff::Surface;

use crate::release::{self, Generation, Release};

/// The default document and crate of this workspace.
pub const SPEC: &str = "spec/assistants_v1.yaml";
pub const OUT: &str = "generated";
pub const CRATE_NAME: &str = "twilio-assistants";
/// The hand-written example programs of `generated/`, copied into its `examples/`.
pub const EXAMPLES: &str = "spec/examples";

/// How often `--watch` looks at the document, and how long it must stay unchanged after
/// a change before generation starts (editors save in several writes).
const POLL: Duration = Duration::from_millis(100);
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The options of one `generate` run.
#[derive(Debug, Default, Clone)]
pub struct Options {
    check: bool,
    bump: bool,
    watch: bool,
    deny_warnings: bool,
    /// `--skip-invalid`: see [`generator::Settings::skip_invalid`].
    skip_invalid: bool,
    spec: Option<String>,
    out: Option<String>,
    crate_name: Option<String>,
    /// `--env-prefix`: see [`generator::Settings::env_prefix`].
    env_prefix: Option<String>,
}

impl Options {
    /// `generate --check --deny-warnings` of the workspace's own crate.
    pub fn check_workspace() -> Self {
        Options {
            check: true,
            deny_warnings: true,
            ..Options::default()
        }
    }

    /// The command that makes this output, as the `@generated` headers name it: the
    /// options that choose the document, the folder and the crate name, not how often or
    /// how strictly it runs.
    fn command(&self) -> String {
        let mut command = "cargo xtask generate".to_owned();
        for (flag, value) in [
            ("--spec", &self.spec),
            ("--out", &self.out),
            ("--crate-name", &self.crate_name),
            ("--env-prefix", &self.env_prefix),
        ] {
            if let Some(value) = value {
                command.push_str(&format!(" {flag} {value}"));
            }
        }
        if self.skip_invalid {
            command.push_str(" --skip-invalid");
        }
        command
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--check" => options.check = true,
                "--bump" => options.bump = true,
                "--watch" => options.watch = true,
                "--deny-warnings" => options.deny_warnings = true,
                "--skip-invalid" => options.skip_invalid = true,
                "--spec" => options.spec = Some(crate::value(&mut args, arg)?),
                "--out" => options.out = Some(crate::value(&mut args, arg)?),
                "--crate-name" => options.crate_name = Some(crate::value(&mut args, arg)?),
                "--env-prefix" => options.env_prefix = Some(crate::value(&mut args, arg)?),
                other => return Err(format!("unknown option `{other}` for `generate`")),
            }
        }
        if options.check && (options.bump || options.watch) {
            return Err(
                "`--check` only compares; it cannot be combined with `--bump` or `--watch`"
                    .to_owned(),
            );
        }
        if options.bump && options.watch {
            return Err(
                "`--bump` makes a release; run it once when the spec is ready, not on every save"
                    .to_owned(),
            );
        }
        Ok(options)
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    if options.watch {
        watch(options, &AtomicBool::new(false), |result| {
            if let Err(message) = result {
                eprintln!("{message}");
            }
        });
        return Ok(());
    }
    run_once(options)
}

/// Where a run reads from and writes to.
struct Paths {
    spec: PathBuf,
    out: PathBuf,
    /// The document's name in errors and `@generated` headers.
    source: String,
    in_workspace: bool,
}

impl Paths {
    fn of(options: &Options) -> Paths {
        let root = crate::root();
        // Relative paths are taken from where the command was run, as a user expects;
        // the defaults are the workspace's own.
        Paths {
            spec: options
                .spec
                .as_deref()
                .map_or_else(|| root.join(SPEC), PathBuf::from),
            out: options
                .out
                .as_deref()
                .map_or_else(|| root.join(OUT), PathBuf::from),
            source: options.spec.clone().unwrap_or_else(|| SPEC.to_owned()),
            in_workspace: options.out.is_none(),
        }
    }
}

fn run_once(options: &Options) -> Result<(), String> {
    let paths = Paths::of(options);
    let text = std::fs::read_to_string(&paths.spec)
        .map_err(|error| format!("error: cannot read {}: {error}", paths.spec.display()))?;
    let version = release::current_version(&paths.out).unwrap_or_else(|| "0.1.0".to_owned());
    let settings = generator::Settings::new(options.crate_name.as_deref().unwrap_or(CRATE_NAME))
        .with_version(version)
        .with_standalone(!paths.in_workspace)
        .with_command(options.command())
        .with_skip_invalid(options.skip_invalid);
    let settings = match &options.env_prefix {
        Some(prefix) => settings.with_env_prefix(prefix),
        None => settings,
    };
    // The examples are written for the Assistants API, so only its crate ships them.
    let settings = match paths.in_workspace {
        true => settings.with_examples(examples(&crate::root().join(EXAMPLES))?),
        false => settings,
    };
    let output =
        generator::build(&text, &paths.source, &settings).map_err(|errors| errors.to_string())?;
    for warning in &output.warnings {
        println!(
            "warning: {} at {}: {}",
            paths.source, warning.location, warning.message
        );
    }
    if options.deny_warnings && !output.warnings.is_empty() {
        return Err(format!(
            "error: {} warning(s) in {} and `--deny-warnings` was given",
            output.warnings.len(),
            paths.source
        ));
    }
    if options.check {
        return check(&output.files, &paths.out, paths.in_workspace);
    }
    let generation = Generation {
        text: &text,
        source: &paths.source,
        out: &paths.out,
        settings: &settings,
        output: &output,
    };
    let last = Release::last(&paths.out, options.bump)?;
    if options.bump {
        return release::bump(last, &generation);
    }
    // The surface of the last generation, read before this one overwrites it.
    let previous = read_surface(&paths.out.join(generator::SURFACE_FILE));
    if write_crate(&output.files, &paths.out, true)? > 0 {
        match previous {
            Ok(Some(previous)) => {
                println!("{}", generator::diff(&previous, &output.surface, true))
            }
            Ok(None) => println!(
                "no {} in {} before: a first generation, nothing to compare with",
                generator::SURFACE_FILE,
                paths.out.display()
            ),
            Err(message) => eprintln!("note: {message}; no API diff this time"),
        }
    }
    release::record_or_report(last, &generation)
}

/// A surface written by the generator (`api.json`), `None` if there is none.
fn read_surface(path: &Path) -> Result<Option<Surface>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Surface::from_json(&text)
            .map(Some)
            .map_err(|error| format!("cannot read {}: {error}", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// Regenerates whenever the document's contents change, until `stop` is set: once at the
/// start, then after each change that the document keeps for [`DEBOUNCE`]. Each run's
/// result goes to `report`; an error (a broken document mid-edit) does not end the loop.
pub fn watch(options: &Options, stop: &AtomicBool, mut report: impl FnMut(&Result<(), String>)) {
    let options = Options {
        watch: false,
        ..options.clone()
    };
    let spec = Paths::of(&options).spec;
    println!("watching {} (Ctrl-C to stop)", spec.display());
    let read = || std::fs::read(&spec).ok();
    let mut generated_from = read();
    report(&run_once(&options));
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(POLL);
        let mut seen = read();
        if seen == generated_from {
            continue;
        }
        // Wait until the document has stopped changing.
        let mut quiet = Duration::ZERO;
        while quiet < DEBOUNCE && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(POLL);
            let now = read();
            if now == seen {
                quiet += POLL;
            } else {
                seen = now;
                quiet = Duration::ZERO;
            }
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
        generated_from = seen;
        println!("\n{} changed", spec.display());
        report(&run_once(&options));
    }
}

/// Writes the files that differ from what is on disk, printing each when `verbose`.
/// Returns how many files were written.
pub fn write_files(
    files: &[generator::GeneratedFile],
    out: &Path,
    verbose: bool,
) -> Result<usize, String> {
    let changed: Vec<&generator::GeneratedFile> =
        files.iter().filter(|file| !is_current(file, out)).collect();
    // Every changed file is first written beside its destination under a temporary name;
    // only when all are written are they renamed into place, so a failed run (a full
    // disk, a path that cannot be created) leaves the previous crate as it was.
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(changed.len());
    let staging = changed.iter().try_for_each(|file| {
        let path = out.join(&file.path);
        let temporary = temporary_path(&path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("error: cannot create {}: {error}", parent.display()))?;
        }
        std::fs::write(&temporary, &file.contents)
            .map_err(|error| format!("error: cannot write {}: {error}", temporary.display()))?;
        staged.push((temporary, path));
        Ok::<(), String>(())
    });
    if let Err(error) = staging {
        for (temporary, _) in &staged {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(format!("{error}; nothing in {} was changed", out.display()));
    }
    for (index, (temporary, path)) in staged.iter().enumerate() {
        if let Err(error) = std::fs::rename(temporary, path) {
            // The files before this one are in place already; the rest are removed so that
            // no temporary file is left behind.
            for (temporary, _) in &staged[index..] {
                let _ = std::fs::remove_file(temporary);
            }
            return Err(format!(
                "error: cannot move {} into place: {error}; {} of {} changed files were written",
                temporary.display(),
                index,
                staged.len()
            ));
        }
        if verbose {
            println!("wrote {}", path.display());
        }
    }
    if changed.is_empty() && verbose {
        println!("{} is up to date ({} files)", out.display(), files.len());
    }
    Ok(staged.len())
}

/// [`write_files`] of a whole crate: also removes the generated modules an earlier run
/// wrote and this one does not make. Returns how many files were written or removed.
pub fn write_crate(
    files: &[generator::GeneratedFile],
    out: &Path,
    verbose: bool,
) -> Result<usize, String> {
    let written = write_files(files, out, verbose)?;
    Ok(written + remove_leftovers(files, out, verbose)?)
}

/// The example programs in `folder` (its `.rs` files, by name), for
/// [`generator::Settings::examples`].
fn examples(folder: &Path) -> Result<Vec<generator::Example>, String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|error| format!("error: cannot read {}: {error}", folder.display()))?;
    let mut examples = Vec::new();
    for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("error: cannot read {}: {error}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        examples.push(generator::Example {
            source: format!("{EXAMPLES}/{name}"),
            name: name.into_owned(),
            text,
        });
    }
    examples.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(examples)
}

/// The Rust files under `out/src`, `out/runtime/src` and `out/examples` that an earlier
/// generation wrote (their first line says `@generated`) and this one does not: a runtime
/// module the document no longer needs, an example that was removed, or the runtime's
/// files under `src/`, where it was before it became a crate of its own.
fn leftovers(files: &[generator::GeneratedFile], out: &Path) -> Vec<PathBuf> {
    let made: std::collections::BTreeSet<PathBuf> =
        files.iter().map(|file| out.join(&file.path)).collect();
    let mut found = Vec::new();
    let mut folders = vec![
        out.join("src"),
        out.join("runtime").join("src"),
        out.join("examples"),
    ];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs")
                && !made.contains(&path)
                && std::fs::read_to_string(&path).is_ok_and(|text| {
                    text.lines()
                        .next()
                        .is_some_and(|line| line.contains("@generated"))
                })
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Removes what [`leftovers`] finds, and says so.
fn remove_leftovers(
    files: &[generator::GeneratedFile],
    out: &Path,
    verbose: bool,
) -> Result<usize, String> {
    let leftovers = leftovers(files, out);
    for path in &leftovers {
        std::fs::remove_file(path)
            .map_err(|error| format!("error: cannot remove {}: {error}", path.display()))?;
        if verbose {
            println!("removed {}", path.display());
        }
        // A folder left empty goes too (`src/runtime/`); one that is not stays.
        if let Some(folder) = path.parent() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    Ok(leftovers.len())
}

/// A hidden name beside `path` for its new contents, unique to this process.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Whether `out` already holds `file` exactly.
fn is_current(file: &generator::GeneratedFile, out: &Path) -> bool {
    std::fs::read_to_string(out.join(&file.path))
        .ok()
        .as_deref()
        == Some(file.contents.as_str())
}

fn check(files: &[generator::GeneratedFile], out: &Path, in_workspace: bool) -> Result<(), String> {
    let stale: Vec<String> = files
        .iter()
        .filter(|file| !is_current(file, out))
        .map(|file| format!("  {}", out.join(&file.path).display()))
        .chain(
            leftovers(files, out)
                .iter()
                .map(|path| format!("  {} (no longer generated)", path.display())),
        )
        .collect();
    if stale.is_empty() {
        println!("{} is up to date ({} files)", out.display(), files.len());
        return Ok(());
    }
    let fix = if in_workspace {
        "cargo xtask generate".to_owned()
    } else {
        "the same command without --check".to_owned()
    };
    Err(format!(
        "error: {} generated file(s) differ from what the generator makes:\n{}\nrun `{fix}` and commit the result",
        stale.len(),
        stale.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    /// A fixture pair of the API diff tests: `generator/tests/fixtures/diff/CASE/NAME.yaml`.
    fn pair(case: &str, name: &str) -> String {
        let path = crate::root().join(format!("generator/tests/fixtures/diff/{case}/{name}.yaml"));
        std::fs::read_to_string(path).unwrap()
    }

    /// A fresh directory under the system's temporary one, with the options of a
    /// stand-alone `generate` from `DIR/spec.yaml` into `DIR/out`.
    fn scratch(name: &str) -> (PathBuf, super::Options) {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let options = super::Options {
            spec: Some(dir.join("spec.yaml").display().to_string()),
            out: Some(dir.join("out").display().to_string()),
            crate_name: Some("scratch".to_owned()),
            ..super::Options::default()
        };
        (dir, options)
    }

    /// A release is made once, not on every save, and only from a spec being compared.
    #[test]
    fn bump_refuses_watch_and_check() {
        let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
        assert!(super::Options::parse(&args(&["--bump", "--watch"])).is_err());
        assert!(super::Options::parse(&args(&["--bump", "--check"])).is_err());
        assert!(super::Options::parse(&args(&["--bump"])).is_ok());
    }

    /// `--deny-warnings` fails on a document the linter warns about, before writing.
    #[test]
    fn deny_warnings_fails_on_lint_warnings() {
        let (dir, options) = scratch("deny");
        let lint = crate::root().join("generator/tests/fixtures/lint/poor.yaml");
        std::fs::copy(lint, dir.join("spec.yaml")).unwrap();
        let deny = super::Options {
            deny_warnings: true,
            ..options.clone()
        };
        let error = super::run_once(&deny).unwrap_err();
        assert!(error.contains("7 warning(s)"), "{error}");
        assert!(!dir.join("out").exists());
        super::run_once(&options).unwrap();
        assert!(dir.join("out/src/lib.rs").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The watch loop generates once, again after each change of the document, reports a
    /// broken document as an error and goes on.
    #[test]
    fn the_watch_loop_regenerates_after_a_change() {
        let (dir, options) = scratch("watch");
        let spec = dir.join("spec.yaml");
        let surface = dir.join("out").join(generator::SURFACE_FILE);
        std::fs::write(&spec, pair("servers", "old")).unwrap();
        let stop = AtomicBool::new(false);
        let (sender, reports) = std::sync::mpsc::channel();
        let next = || {
            reports
                .recv_timeout(Duration::from_secs(60))
                .expect("a report within a minute")
        };
        std::thread::scope(|scope| {
            scope.spawn(|| {
                super::watch(&options, &stop, move |result| {
                    sender.send(result.clone()).unwrap()
                })
            });
            next().unwrap();
            let first = std::fs::read_to_string(&surface).unwrap();
            assert!(first.contains("things.example.com"));

            std::fs::write(&spec, pair("servers", "new")).unwrap();
            next().unwrap();
            let second = std::fs::read_to_string(&surface).unwrap();
            assert!(second.contains("things.twilio.com"), "{second}");

            std::fs::write(&spec, "openapi: [broken").unwrap();
            let error = next().unwrap_err();
            assert!(error.contains("spec.yaml"), "{error}");
            assert_eq!(std::fs::read_to_string(&surface).unwrap(), second);

            std::fs::write(&spec, pair("servers", "old")).unwrap();
            next().unwrap();
            assert_eq!(std::fs::read_to_string(&surface).unwrap(), first);
            stop.store(true, Ordering::Relaxed);
        });
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The same guard as `cargo xtask generate --check`: the checked-in crate is what the
    /// generator makes from the checked-in spec.
    #[test]
    fn generated_crate_is_up_to_date() {
        if let Err(message) = super::run(&super::Options::check_workspace()) {
            panic!("{message}");
        }
    }

    /// A run that cannot write every file changes none: the file it could write is not
    /// left half-updated beside the one it could not, and no temporary file remains.
    #[test]
    fn a_failed_write_leaves_the_previous_output_untouched() {
        let out = std::env::temp_dir().join(format!("xtask-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/lib.rs"), "old").unwrap();
        // `blocked` is a file, so nothing can be created under it.
        std::fs::write(out.join("blocked"), "").unwrap();
        let file = |path: &str, contents: &str| generator::GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        };
        let files = [file("src/lib.rs", "new"), file("blocked/models.rs", "new")];
        let error = super::write_files(&files, &out, false).unwrap_err();
        assert!(error.contains("nothing in"), "{error}");
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "old"
        );
        let leftovers: Vec<_> = std::fs::read_dir(out.join("src"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["lib.rs"]);

        super::write_files(&files[..1], &out, false).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "new"
        );
        std::fs::remove_dir_all(&out).unwrap();
    }

    /// A generated module the document no longer needs is removed by the next run (and
    /// reported by `--check`); a file the user wrote beside the generated ones is kept.
    #[test]
    fn modules_no_longer_generated_are_removed() {
        let out = std::env::temp_dir().join(format!("xtask-leftovers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(out.join("src/runtime")).unwrap();
        let old = "// @generated by `cargo xtask generate`. Do not edit.\n";
        std::fs::write(out.join("src/runtime/events.rs"), old).unwrap();
        std::fs::write(out.join("src/own.rs"), "// mine\n").unwrap();
        let files = [generator::GeneratedFile {
            path: "src/lib.rs".to_owned(),
            contents: old.to_owned(),
        }];
        let error = super::check(&files, &out, false).unwrap_err();
        assert!(error.contains("events.rs (no longer generated)"), "{error}");
        // Writing one file (as a release writes its record) removes nothing.
        let record = [generator::GeneratedFile {
            path: "api.release.json".to_owned(),
            contents: "{}".to_owned(),
        }];
        super::write_files(&record, &out, false).unwrap();
        assert!(out.join("src/runtime/events.rs").exists());
        assert_eq!(super::write_crate(&files, &out, false).unwrap(), 2);
        assert!(!out.join("src/runtime/events.rs").exists());
        assert!(out.join("src/own.rs").exists());
        super::check(&files, &out, false).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
    }
}
