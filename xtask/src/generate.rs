//! `cargo xtask generate`: runs the generator on a document and writes the crate, only
//! the files that changed; with `--check`, compares instead and names the stale files.

use std::path::{Path, PathBuf};

/// The default document and crate of this workspace.
pub const SPEC: &str = "spec/assistants_v1.yaml";
pub const OUT: &str = "generated";
pub const CRATE_NAME: &str = "twilio-assistants";

/// The options of one `generate` run.
#[derive(Debug, Default)]
pub struct Options {
    check: bool,
    spec: Option<String>,
    out: Option<String>,
    crate_name: Option<String>,
}

impl Options {
    /// `generate --check` of the workspace's own crate.
    pub fn check_workspace() -> Self {
        Options {
            check: true,
            ..Options::default()
        }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--check" => options.check = true,
                "--spec" => options.spec = Some(crate::value(&mut args, arg)?),
                "--out" => options.out = Some(crate::value(&mut args, arg)?),
                "--crate-name" => options.crate_name = Some(crate::value(&mut args, arg)?),
                other => return Err(format!("unknown option `{other}` for `generate`")),
            }
        }
        Ok(options)
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::root();
    let in_workspace = options.out.is_none();
    // Relative paths are taken from where the command was run, as a user expects; the
    // defaults are the workspace's own.
    let spec_path = options
        .spec
        .as_deref()
        .map_or_else(|| root.join(SPEC), PathBuf::from);
    let out = options
        .out
        .as_deref()
        .map_or_else(|| root.join(OUT), PathBuf::from);
    let source = options.spec.clone().unwrap_or_else(|| SPEC.to_owned());
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|error| format!("error: cannot read {}: {error}", spec_path.display()))?;
    let settings = generator::Settings::new(options.crate_name.as_deref().unwrap_or(CRATE_NAME))
        .with_version(current_version(&out).unwrap_or_else(|| "0.1.0".to_owned()))
        .with_standalone(!in_workspace);
    let files =
        generator::generate(&text, &source, &settings).map_err(|errors| errors.to_string())?;
    if options.check {
        check(&files, &out, in_workspace)
    } else {
        write_files(&files, &out, true)
    }
}

/// The version in an existing generated manifest, so that regenerating keeps it.
fn current_version(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    let line = manifest
        .lines()
        .find(|line| line.starts_with("version = "))?;
    Some(
        line.trim_start_matches("version = ")
            .trim_matches('"')
            .to_owned(),
    )
}

/// Writes the files that differ from what is on disk, printing each when `verbose`.
pub fn write_files(
    files: &[generator::GeneratedFile],
    out: &Path,
    verbose: bool,
) -> Result<(), String> {
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
    for (temporary, path) in &staged {
        std::fs::rename(temporary, path).map_err(|error| {
            format!(
                "error: cannot move {} into place: {error}",
                temporary.display()
            )
        })?;
        if verbose {
            println!("wrote {}", path.display());
        }
    }
    if changed.is_empty() && verbose {
        println!("{} is up to date ({} files)", out.display(), files.len());
    }
    Ok(())
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
}
