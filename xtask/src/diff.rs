//! `cargo xtask diff OLD NEW [--json]`: what changed in the generated crate's public API
//! between two documents, each change judged breaking or compatible, and the semver bump
//! it implies. The same comparison `generate` prints when its output changes.

/// The options of one `diff` run.
#[derive(Debug)]
pub struct Options {
    old: String,
    new: String,
    json: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut paths = Vec::new();
        let mut json = false;
        for arg in args {
            match arg.as_str() {
                "--json" => json = true,
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `diff`"))
                }
                path => paths.push(path.to_owned()),
            }
        }
        let [old, new] = <[String; 2]>::try_from(paths)
            .map_err(|_| "`diff` takes two documents: OLD NEW".to_owned())?;
        Ok(Options { old, new, json })
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let api_diff = compare(&options.old, &options.new)?;
    if options.json {
        println!("{}", api_diff.to_json());
    } else {
        println!("{api_diff}");
    }
    Ok(())
}

/// The diff between the crates generated from the documents at `old` and `new`.
pub fn compare(old: &str, new: &str) -> Result<generator::diff::ApiDiff, String> {
    let [old, new] = [old, new].map(|path| {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("error: cannot read {path}: {error}"))?;
        // Both crates get the same name in their headers, so that only what the
        // documents say can make their files differ.
        generator::build(&text, "the document", &generator::Settings::new("diff"))
            .map_err(|errors| errors.to_string().replace("the document", path))
    });
    let (old, new) = (old?, new?);
    let output_changed = old.files != new.files;
    Ok(generator::diff(&old.surface, &new.surface, output_changed))
}
