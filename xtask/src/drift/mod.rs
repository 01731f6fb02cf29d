//! `cargo xtask drift OTHER.yaml [--allow FILE]`: compares the hand-written
//! `spec/assistants_v1.yaml` with another OpenAPI 3.0 document, operation by operation, and
//! fails on every difference that the allow-file (default `spec/reference-drift.allow`) does
//! not list. CI runs it against the official document in `../shared/reference/`.
//!
//! The command reads both documents ([`document`]), lists their differences ([`compare`],
//! which compares schemas by their [`shape`]) and sets them against the allow-file
//! ([`allow`]).
//!
//! Operations are matched by HTTP method and path template with the path parameters'
//! names left out (`/v1/Assistants/{}/Tools/{}`), not by `operationId`, because spec/
//! renames some operations on purpose. For each matched operation it compares the
//! `operationId`; the path parameters (names by position, schemas); the query, header and
//! cookie parameters (name with its exact case, required flag, schema); the request body
//! (presence, required flag, media types, schema); the success (2xx) status codes and, for
//! each, the media types and the schema. Schemas are followed through `$ref`s into nested
//! objects and array items: the properties present, the required properties of each
//! object, and for each schema its type (type, format, nullable, the items' type), its enum
//! values and its pattern, each a kind of difference of its own.
//!
//! Each difference is one line, `<where>: <spec value> (spec) vs <other value> (other)`,
//! where `<where>` names the operation (method and path template), the place in it and
//! the aspect compared:
//!
//! ```text
//! GET /v1/Assistants/{id}: response 200 property customer_ai.engine_sid: string (spec) vs missing (other)
//! GET /v1/Tools: query parameter AssistantId pattern: ^aia_asst_.+$ (spec) vs none (other)
//! ```
//!
//! The allow-file lists accepted differences, one per line, as `<difference>  # <reason>`
//! with the difference exactly as printed, values included: a difference whose values
//! change is new drift and has to be looked at again. Blank lines and lines starting with
//! `#` are comments. An entry without a reason, a duplicate entry, or an entry that matches
//! no difference (a stale one) fails the command, so that the file stays true.

mod allow;
mod compare;
mod document;
mod shape;

use std::path::{Path, PathBuf};

use document::Document;

/// The workspace's allow-file, relative to the workspace root.
const ALLOW: &str = "spec/reference-drift.allow";

/// The options of one `drift` run.
#[derive(Debug)]
pub struct Options {
    /// The document to compare spec/ with, as given (relative to the current directory).
    other: String,
    /// The allow-file given with `--allow`, if any (relative to the current directory).
    allow: Option<String>,
}

impl Options {
    /// A comparison with `other` and the default allow-file.
    pub fn against(other: &str) -> Self {
        Options {
            other: other.to_owned(),
            allow: None,
        }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut other = None;
        let mut allow = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--allow" => allow = Some(crate::value(&mut args, arg)?),
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `drift`"));
                }
                path if other.is_none() => other = Some(path.to_owned()),
                extra => {
                    return Err(format!(
                        "`drift` compares spec/ with one document; unexpected `{extra}`"
                    ));
                }
            }
        }
        let other = other.ok_or_else(|| "`drift` needs the document to compare with".to_owned())?;
        Ok(Options { other, allow })
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::root();
    let spec = Document::read(&root.join(crate::generate::SPEC), crate::generate::SPEC)?;
    let other = Document::read(Path::new(&options.other), &options.other)?;
    let differences = compare::diff(&spec, &other)?;
    // Relative paths are taken from where the command was run, as a user expects; the
    // default is the workspace's own allow-file.
    let (allow_path, allow_label) = match &options.allow {
        Some(path) => (PathBuf::from(path), path.clone()),
        None => (root.join(ALLOW), ALLOW.to_owned()),
    };
    let entries = allow::parse(&read(&allow_path)?, &allow_label)?;
    let verdict = allow::judge(&differences, &entries);
    print!("{}", verdict.report(&allow_label));
    if verdict.new.is_empty() && verdict.stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "error: drift: {} new difference(s), {} stale allow-file entry(ies); fix {} or \
             list each difference in {allow_label} as `<difference>  # <reason>`, and remove \
             the stale entries",
            verdict.new.len(),
            verdict.stale.len(),
            crate::generate::SPEC,
        ))
    }
}

/// Reads a text file, with an error message that names it.
fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("error: cannot read {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_need_one_document() {
        let args = |list: &[&str]| list.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
        assert!(Options::parse(&args(&[])).is_err());
        assert!(Options::parse(&args(&["a.yaml", "b.yaml"])).is_err());
        assert!(Options::parse(&args(&["a.yaml", "--allow"])).is_err());
        assert!(Options::parse(&args(&["a.yaml", "--strict"])).is_err());
        let options = Options::parse(&args(&["a.yaml", "--allow", "x.allow"]));
        assert!(matches!(
            options,
            Ok(Options { other, allow: Some(allow) }) if other == "a.yaml" && allow == "x.allow"
        ));
    }
}
