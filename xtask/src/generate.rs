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
    let mut changed = 0;
    for file in files {
        let path = out.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("error: cannot create {}: {error}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|error| format!("error: cannot write {}: {error}", path.display()))?;
        if verbose {
            println!("wrote {}", path.display());
        }
        changed += 1;
    }
    if changed == 0 && verbose {
        println!("{} is up to date ({} files)", out.display(), files.len());
    }
    Ok(())
}

fn check(files: &[generator::GeneratedFile], out: &Path, in_workspace: bool) -> Result<(), String> {
    let stale: Vec<String> = files
        .iter()
        .filter(|file| {
            std::fs::read_to_string(out.join(&file.path))
                .ok()
                .as_deref()
                != Some(file.contents.as_str())
        })
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
}
