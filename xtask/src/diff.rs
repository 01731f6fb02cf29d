//! `cargo xtask diff OLD NEW [--json | --markdown]`: what changed in the generated crate's
//! public API between two documents, each change judged breaking or compatible, and the
//! semver bump it implies. The same comparison `generate` prints when its output changes;
//! `--markdown` writes it for a pull request's description.

/// The options of one `diff` run.
#[derive(Debug)]
pub struct Options {
    old: String,
    new: String,
    json: bool,
    markdown: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut paths = Vec::new();
        let mut json = false;
        let mut markdown = false;
        for arg in args {
            match arg.as_str() {
                "--json" => json = true,
                "--markdown" => markdown = true,
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `diff`"))
                }
                path => paths.push(path.to_owned()),
            }
        }
        let [old, new] = <[String; 2]>::try_from(paths)
            .map_err(|_| "`diff` takes two documents: OLD NEW".to_owned())?;
        if json && markdown {
            return Err("`diff` takes `--json` or `--markdown`, not both".to_owned());
        }
        Ok(Options {
            old,
            new,
            json,
            markdown,
        })
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let (old, new) = build_both(&options.old, &options.new)?;
    let api_diff = generator::diff(&old.surface, &new.surface, old.files != new.files);
    if options.markdown {
        print!("{}", api_diff.to_markdown(&old.surface, &new.surface));
    } else if options.json {
        println!("{}", api_diff.to_json());
    } else {
        println!("{api_diff}");
    }
    Ok(())
}

/// The crates generated from the documents at `old` and `new`.
fn build_both(old: &str, new: &str) -> Result<(generator::Output, generator::Output), String> {
    let [old, new] = [old, new].map(|path| {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("error: cannot read {path}: {error}"))?;
        // Both crates get the same name in their headers, so that only what the
        // documents say can make their files differ.
        generator::build(&text, "the document", &generator::Settings::new("diff"))
            .map_err(|errors| errors.to_string().replace("the document", path))
    });
    Ok((old?, new?))
}

#[cfg(test)]
mod tests {
    use generator::diff::Bump;

    /// The diff between the crates generated from the documents at `old` and `new`.
    fn compare(old: &str, new: &str) -> Result<generator::diff::ApiDiff, String> {
        let (old, new) = super::build_both(old, new)?;
        Ok(generator::diff(
            &old.surface,
            &new.surface,
            old.files != new.files,
        ))
    }

    fn pair(case: &str, name: &str) -> String {
        crate::root()
            .join(format!("generator/tests/fixtures/diff/{case}/{name}.yaml"))
            .display()
            .to_string()
    }

    #[test]
    fn two_documents_compare_by_their_generated_api() {
        let api_diff = compare(&pair("servers", "old"), &pair("servers", "new")).unwrap();
        assert_eq!(api_diff.bump, Bump::Minor);
        let docs = compare(&pair("docs_only", "old"), &pair("docs_only", "new")).unwrap();
        assert_eq!(docs.bump, Bump::Patch, "{docs}");
        let same = compare(&pair("docs_only", "old"), &pair("docs_only", "old")).unwrap();
        assert_eq!(same.bump, Bump::None, "{same}");
    }

    #[test]
    fn errors_name_the_document() {
        let broken = crate::root().join("generator/tests/fixtures/invalid/missing_openapi.yaml");
        let broken = broken.display().to_string();
        let error = compare(&pair("servers", "old"), &broken).unwrap_err();
        assert!(error.contains(&format!("error: {broken}")), "{error}");
        let error = compare("no/such.yaml", &broken).unwrap_err();
        assert!(error.contains("cannot read no/such.yaml"), "{error}");
    }

    #[test]
    fn options_take_two_documents_and_json() {
        let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
        assert!(
            super::Options::parse(&args(&["a.yaml", "b.yaml", "--json"]))
                .unwrap()
                .json
        );
        assert!(super::Options::parse(&args(&["a.yaml"])).is_err());
        assert!(super::Options::parse(&args(&["a", "b", "--yaml"])).is_err());
    }
}
