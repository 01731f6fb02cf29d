//! The releases of a generated crate, for `cargo xtask generate`: the record of the last
//! release beside the crate ([`RELEASE_FILE`]: its version, the document's SHA-256 and the
//! public API), which a plain generation writes when there is none yet and otherwise
//! compares with to say what a release would hold; and `--bump`, which moves the crate's
//! version by the semver bump implied since that release, regenerates the crate with it,
//! and adds a CHANGELOG.md entry.

use std::path::Path;
use std::time::SystemTime;

use generator::diff::{ApiDiff, Bump, Surface, Verdict};

/// The file beside the generated crate that records the API of its last release (the
/// version `--bump` last wrote), which the next `--bump` compares with.
pub const RELEASE_FILE: &str = "api.release.json";

/// One generation of a crate, which the records compare with the last release.
pub struct Generation<'a> {
    /// The document's text, whose SHA-256 the records keep.
    pub text: &'a str,
    /// The document's name in errors, `@generated` headers and the changelog.
    pub source: &'a str,
    /// The crate's folder, which holds [`RELEASE_FILE`] and CHANGELOG.md too.
    pub out: &'a Path,
    /// The settings of the generation; their version is the crate's current one.
    pub settings: &'a generator::Settings,
    /// What the generator made with them.
    pub output: &'a generator::Output,
}

/// What [`RELEASE_FILE`] holds.
pub struct Release {
    sha256: String,
    surface: Surface,
}

impl Release {
    /// The record of the last release in `out`, `None` when there is none yet. An
    /// unreadable record only matters to `--bump`, which must not guess: it is an
    /// error then, and otherwise a note.
    pub fn last(out: &Path, bump: bool) -> Result<Option<Release>, String> {
        match read_release(&out.join(RELEASE_FILE)) {
            Ok(release) => Ok(release),
            Err(message) if bump => Err(format!("error: {message}")),
            Err(message) => {
                eprintln!("note: {message}");
                Ok(None)
            }
        }
    }
}

/// After a plain generation: records the current version as released when there is no
/// record yet, else says what `--bump` would release since the last release.
pub fn record_or_report(last: Option<Release>, generation: &Generation) -> Result<(), String> {
    let version = &generation.settings.crate_version;
    let sha256 = generator::sha256_hex(generation.text.as_bytes());
    let surface = &generation.output.surface;
    let Some(release) = last else {
        return write_release(generation.out, version, &sha256, surface);
    };
    let pending = generator::diff(&release.surface, surface, release.sha256 != sha256);
    if pending.bump != Bump::None {
        println!(
            "since {version} was released: {} change(s), a {} bump; `cargo xtask generate --bump` releases them",
            pending.changes.len(),
            pending.bump
        );
    }
    Ok(())
}

/// `--bump`: moves the crate's version by the bump implied since the last release,
/// regenerates the crate with that version and writes it, then the CHANGELOG.md entry and
/// the new record; with nothing to release, only writes the crate.
pub fn bump(last: Option<Release>, generation: &Generation) -> Result<(), String> {
    let Some(release) = last else {
        return Err(format!(
            "error: `--bump` compares with {}, the API of the last release, and there is none yet; run `cargo xtask generate` once to record the current version as released",
            generation.out.join(RELEASE_FILE).display()
        ));
    };
    let version = &generation.settings.crate_version;
    let sha256 = generator::sha256_hex(generation.text.as_bytes());
    let surface = &generation.output.surface;
    let api_diff = generator::diff(&release.surface, surface, release.sha256 != sha256);
    let next = api_diff
        .bump
        .apply(version)
        .map_err(|message| format!("error: {message}"))?;
    if next == *version {
        crate::generate::write_crate(&generation.output.files, generation.out, true)?;
        println!("nothing to release: the crate is what version {version} was");
        return Ok(());
    }
    println!("since {version}:\n{api_diff}");
    let settings = generation.settings.clone().with_version(next.clone());
    let files = generator::generate(generation.text, generation.source, &settings)
        .map_err(|errors| errors.to_string())?;
    // The crate first, then the records of the release: a failure on the way leaves
    // no changelog entry or baseline for a version that was not written.
    crate::generate::write_crate(&files, generation.out, true)?;
    add_changelog_entry(generation.out, &next, generation.source, &sha256, &api_diff)?;
    write_release(generation.out, &next, &sha256, surface)?;
    println!("version {version} -> {next} ({} bump)", api_diff.bump);
    Ok(())
}

/// The record at `path`, `None` when there is none.
fn read_release(path: &Path) -> Result<Option<Release>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    let unreadable = |why: String| format!("cannot read {}: {why}", path.display());
    let mut record: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| unreadable(error.to_string()))?;
    let sha256 = record
        .get("sha256")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| unreadable("no `sha256`".to_owned()))?
        .to_owned();
    let surface = record
        .get_mut("surface")
        .map(serde_json::Value::take)
        .ok_or_else(|| unreadable("no `surface`".to_owned()))?;
    let surface = Surface::from_value(surface).map_err(unreadable)?;
    Ok(Some(Release { sha256, surface }))
}

/// Writes the record of the release of `version` into `out`.
fn write_release(out: &Path, version: &str, sha256: &str, surface: &Surface) -> Result<(), String> {
    let record = serde_json::json!({
        "version": version,
        "sha256": sha256,
        "surface": surface,
    });
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&record).map_err(|error| error.to_string())?
    );
    let file = generator::GeneratedFile {
        path: RELEASE_FILE.to_owned(),
        contents: text,
    };
    crate::generate::write_files(std::slice::from_ref(&file), out, false).map(drop)
}

/// Prepends an entry for `version` to `out/CHANGELOG.md`, creating the file if needed.
fn add_changelog_entry(
    out: &Path,
    version: &str,
    source: &str,
    sha256: &str,
    api_diff: &ApiDiff,
) -> Result<(), String> {
    const TITLE: &str = "# Changelog\n";
    let path = out.join("CHANGELOG.md");
    let previous = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(format!("error: cannot read {}: {error}", path.display())),
    };
    // The entry goes before the newest one, after the title and any text under it.
    let (head, rest) = match previous.find("\n## ") {
        Some(at) => previous.split_at(at + 1),
        None if previous.trim().is_empty() => (TITLE, ""),
        None => (previous.as_str(), ""),
    };
    let mut entry = format!(
        "## {version} ({})\n\nGenerated from `{source}` (SHA-256 `{sha256}`); semver bump: {}.\n",
        today(),
        api_diff.bump
    );
    for (verdict, heading) in [
        (Verdict::Breaking, "Breaking"),
        (Verdict::Compatible, "Compatible"),
    ] {
        let lines: Vec<String> = api_diff
            .changes
            .iter()
            .filter(|change| change.verdict == verdict)
            .map(|change| format!("- {}", change.describe()))
            .collect();
        if !lines.is_empty() {
            entry.push_str(&format!("\n### {heading}\n\n{}\n", lines.join("\n")));
        }
    }
    if api_diff.changes.is_empty() {
        entry.push_str("\nNo change to the public API.\n");
    }
    let text = format!("{}\n\n{entry}\n{rest}", head.trim_end());
    let text = format!("{}\n", text.trim_end());
    std::fs::write(&path, text)
        .map_err(|error| format!("error: cannot write {}: {error}", path.display()))
}

/// Today's date (UTC) as YYYY-MM-DD, from the days since 1970 by the proleptic
/// Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The version in an existing generated manifest, so that regenerating keeps it: the
/// first `version = "..."` (or `'...'`) line, a trailing comment allowed.
pub fn current_version(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("version")?
            .trim_start()
            .strip_prefix('=')?;
        let value = value.trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|quote| matches!(quote, '"' | '\''))?;
        let value = &value[1..];
        value.find(quote).map(|end| value[..end].to_owned())
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use generator::diff::ApiDiff;

    /// A fixture pair of the API diff tests: `generator/tests/fixtures/diff/CASE/NAME.yaml`.
    fn pair(case: &str, name: &str) -> String {
        let path = crate::root().join(format!("generator/tests/fixtures/diff/{case}/{name}.yaml"));
        std::fs::read_to_string(path).unwrap()
    }

    /// A fresh directory under the system's temporary one.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// `cargo xtask generate` of a stand-alone crate from `DIR/spec.yaml` into `DIR/out`,
    /// with `flags` added.
    fn generate(dir: &Path, flags: &[&str]) -> Result<(), String> {
        let mut args = vec![
            "--spec".to_owned(),
            dir.join("spec.yaml").display().to_string(),
            "--out".to_owned(),
            dir.join("out").display().to_string(),
            "--crate-name".to_owned(),
            "scratch".to_owned(),
        ];
        args.extend(flags.iter().map(|flag| (*flag).to_owned()));
        crate::generate::run(&crate::generate::Options::parse(&args)?)
    }

    fn version(out: &Path) -> String {
        super::current_version(out).unwrap()
    }

    /// `--bump` moves the version by the bump implied since the last release and records
    /// each release in CHANGELOG.md, newest first; plain runs in between do not move the
    /// baseline, and a run with nothing new releases nothing.
    #[test]
    fn bump_moves_the_version_and_writes_the_changelog() {
        let dir = scratch("bump");
        let out = dir.join("out");
        let spec = |case: &str, name: &str| {
            std::fs::write(dir.join("spec.yaml"), pair(case, name)).unwrap()
        };
        spec("servers", "old");
        generate(&dir, &[]).unwrap();
        assert_eq!(version(&out), "0.1.0");
        assert!(
            out.join(super::RELEASE_FILE).exists(),
            "the first run records the release"
        );

        // A new base URL: compatible, so a minor bump, which is the patch number below 1.0.
        spec("servers", "new");
        generate(&dir, &["--bump"]).unwrap();
        assert_eq!(version(&out), "0.1.1");
        spec("operations", "old");
        generate(&dir, &["--bump"]).unwrap();
        assert_eq!(version(&out), "0.1.2");
        // A plain run moves nothing; the next `--bump` still compares with 0.1.2.
        spec("operations", "new");
        generate(&dir, &[]).unwrap();
        assert_eq!(version(&out), "0.1.2");
        // An operation removed: breaking, the minor number below 1.0.
        generate(&dir, &["--bump"]).unwrap();
        assert_eq!(version(&out), "0.2.0");
        generate(&dir, &["--bump"]).unwrap();
        assert_eq!(version(&out), "0.2.0", "nothing changed, nothing bumped");

        let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
        assert!(
            changelog.starts_with("# Changelog\n\n## 0.2.0 ("),
            "{changelog}"
        );
        let positions: Vec<usize> = ["## 0.2.0", "## 0.1.2", "## 0.1.1"]
            .iter()
            .map(|heading| changelog.find(heading).expect(heading))
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] < pair[1]),
            "{changelog}"
        );
        assert!(
            changelog.contains("semver bump: major.\n\n### Breaking\n\n"),
            "{changelog}"
        );
        assert!(
            changelog.contains("\n- operation `DeleteThing` removed"),
            "{changelog}"
        );
        assert!(
            changelog.contains("### Compatible\n\n- base URL of `client` changed"),
            "{changelog}"
        );
        assert_eq!(changelog.matches("## 0.").count(), 3, "{changelog}");
        // The regenerated manifest carries the new version, so `--check` agrees.
        generate(&dir, &["--check"]).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The changelog entry goes after the title and its text, before the newest entry.
    #[test]
    fn changelog_entries_keep_the_introduction() {
        let dir = scratch("changelog");
        std::fs::write(
            dir.join("CHANGELOG.md"),
            "# Changes\n\nReleases of this crate.\n\n## 0.1.0\n\nFirst.\n",
        )
        .unwrap();
        let api_diff = ApiDiff {
            bump: generator::diff::Bump::Patch,
            changes: Vec::new(),
        };
        super::add_changelog_entry(&dir, "0.1.1", "spec.yaml", "ab", &api_diff).unwrap();
        let text = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
        assert!(
            text.starts_with("# Changes\n\nReleases of this crate.\n\n## 0.1.1 ("),
            "{text}"
        );
        assert!(text.ends_with("## 0.1.0\n\nFirst.\n"), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn versions_are_read_in_any_quoting() {
        let dir = scratch("version");
        for (line, want) in [
            ("version = \"1.2.3\"", "1.2.3"),
            ("version='0.4.0' # released", "0.4.0"),
        ] {
            std::fs::write(
                dir.join("Cargo.toml"),
                format!("[package]\nname = \"x\"\n{line}\n"),
            )
            .unwrap();
            assert_eq!(version(&dir), want);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
