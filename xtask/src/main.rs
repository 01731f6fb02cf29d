//! `cargo xtask`: the development commands of this workspace. A thin front end: it parses
//! arguments, resolves paths from the workspace root, and reads, writes or checks files;
//! the generator library does the work.

mod bench;
mod ci;
mod contract;
mod corpus;
mod diff;
mod drift;
mod fuzz;
mod generate;
mod harness;
mod history;
mod release;
mod witness;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A parsed command line: the subcommand and its options.
enum Command {
    Bench(bench::Options),
    BenchWorker(Vec<String>),
    Ci(ci::Options),
    Contract(contract::Options),
    ContractCorpus(contract::CorpusOptions),
    Corpus(corpus::Options),
    Diff(diff::Options),
    Drift(drift::Options),
    Fuzz(fuzz::Options),
    Generate(generate::Options),
    History(history::Options),
    Help,
}

/// One subcommand as the user sees it: the row of [`SUBCOMMANDS`] that both the usage text
/// and the dispatcher read.
struct Subcommand {
    /// The name typed after `cargo xtask`.
    name: &'static str,
    /// The arguments it takes, one line of the usage text each.
    args: &'static [&'static str],
    /// What it does, one line of the usage text each.
    about: &'static [&'static str],
    /// Reads the arguments after the name.
    parse: fn(&[String]) -> Result<Command, String>,
}

/// Every subcommand, in the order of the usage text.
const SUBCOMMANDS: &[Subcommand] = &[
    Subcommand {
        name: "generate",
        args: &[
            "[--check] [--bump] [--watch] [--deny-warnings] [--skip-invalid]",
            "[--spec PATH] [--out DIR] [--crate-name NAME] [--env-prefix PREFIX]",
        ],
        about: &[
            "regenerate generated/ from spec/assistants_v1.yaml and print what changed in",
            "its public API (breaking or compatible, and the semver bump); --check only",
            "compares and fails when generated/ is stale; --bump applies the bump to the",
            "crate's version and adds a CHANGELOG.md entry; --watch regenerates on every",
            "save of the document; --deny-warnings fails on the document's lint warnings;",
            "--skip-invalid leaves out (and names) operations the generator cannot build;",
            "--spec/--out/--crate-name write a stand-alone crate for any document into DIR;",
            "--env-prefix names its credential variables (PREFIX_TOKEN; default: the crate name)",
        ],
        parse: |args| generate::Options::parse(args).map(Command::Generate),
    },
    Subcommand {
        name: "diff",
        args: &["OLD.yaml NEW.yaml [--json | --markdown]"],
        about: &[
            "the public API change between the crates two documents generate, each",
            "change breaking or compatible, and the semver bump it implies; --markdown",
            "writes it for a pull request, grouped by resource, breaking first",
        ],
        parse: |args| diff::Options::parse(args).map(Command::Diff),
    },
    Subcommand {
        name: "history",
        args: &["DIR [--json | --markdown] [--no-witnesses] [--steps N]"],
        about: &[
            "every version of one document in DIR (oldest first, by file name) generated",
            "and compared with the version before it: per step the changes to the public",
            "API, the breaking ones, the semver bump and the generation time; a version",
            "the generator refuses is reported with its error",
        ],
        parse: |args| history::Options::parse(args).map(Command::History),
    },
    Subcommand {
        name: "drift",
        args: &["OTHER.yaml [--allow FILE]"],
        about: &[
            "compare spec/ with another document operation by operation; differences not",
            "listed in the allow-file (default spec/reference-drift.allow) fail",
        ],
        parse: |args| drift::Options::parse(args).map(Command::Drift),
    },
    Subcommand {
        name: "contract",
        args: &["[--spec PATH] [--strict] [--skip-invalid] [--verbose]"],
        about: &[
            "start the Prism mock server (installed under target/ with npm) and run the",
            "client against it: on spec/, the hand-written suite, the README quickstart",
            "and the generated harness; on --spec PATH, the harness generated for PATH,",
            "which calls every operation (two Prism seeds; --strict adds a round without",
            "padding and with the client's `strict` feature); one line per failure and",
            "`contract: N/M operations`",
        ],
        parse: |args| contract::Options::parse(args).map(Command::Contract),
    },
    Subcommand {
        name: "contract-corpus",
        args: &["DIR [--strict] [--skip-invalid] [--verbose]"],
        about: &[
            "the generated harness of every document in DIR against Prism, as contract",
            "--spec does; a table of operations, passes and time per document, and",
            "`contract: N/M operations in D/E documents`",
        ],
        parse: |args| contract::CorpusOptions::parse(args).map(Command::ContractCorpus),
    },
    Subcommand {
        name: "corpus",
        args: &["DIR [--skip-invalid]"],
        about: &[
            "generate a crate for every document (.yaml, .json) in DIR under target/corpus/",
            "and lint each with clippy -D warnings; one line per document and `corpus: N/M",
            "pass`; --skip-invalid leaves out operations the generator cannot build",
        ],
        parse: |args| corpus::Options::parse(args).map(Command::Corpus),
    },
    Subcommand {
        name: "fuzz",
        args: &["[DIR...] [--seconds N | --executions N] [--seed N]"],
        about: &[
            "mutate the documents of spec/, the generator's fixtures and each DIR (such as",
            "../shared/corpus) and run the generator on each mutant: no panic, and every",
            "generated file parses; findings are saved under target/fuzz/ (default 60 s)",
        ],
        parse: |args| fuzz::Options::parse(args).map(Command::Fuzz),
    },
    Subcommand {
        name: "ci",
        args: &["[--reference PATH] [--corpus DIR]"],
        about: &[
            "run every check CI runs: fmt, clippy, generate --check, all tests, the",
            "fixtures' generated crates under clippy, and the contract run on spec/; with",
            "--reference, also drift and the contract run against that document; with",
            "--corpus, also `corpus DIR` and a 60 s `fuzz DIR`",
        ],
        parse: |args| ci::Options::parse(args).map(Command::Ci),
    },
    Subcommand {
        name: "bench",
        args: &[
            "[--reference PATH] [--large PATH] [--corpus DIR] [--feature NAME] [--quick]",
            "[--only SECTION]",
        ],
        about: &[
            "performance figures on release builds (generation per stage against its floor,",
            "scaling to 100x, the generated crate's build cost, compile times of a large",
            "crate and against progenitor, the client at run time), one `target` line per",
            "goal; PATHs default to ../shared's reference document and twilio_api_v2010.yaml,",
            "DIR to ../shared/corpus, NAME (a resource feature of the large crate) to",
            "messages; --quick leaves out the cold and first builds; --only runs one of",
            "generation, scaling, crate, compile, client",
        ],
        parse: |args| bench::Options::parse(args).map(Command::Bench),
    },
    Subcommand {
        name: "help",
        args: &[],
        about: &["print this text"],
        parse: |_| Ok(Command::Help),
    },
];

/// The usage text, made from [`SUBCOMMANDS`].
fn usage() -> String {
    let mut text = "usage: cargo xtask <command> [options]\n\ncommands:\n".to_owned();
    for subcommand in SUBCOMMANDS {
        let mut synopsis = format!("  {}", subcommand.name);
        // The lines of the arguments after the first line up under it.
        let indent = " ".repeat(synopsis.len() + 1);
        for (index, line) in subcommand.args.iter().enumerate() {
            let separator = if index == 0 { " " } else { indent.as_str() };
            synopsis.push_str(separator);
            synopsis.push_str(line);
            synopsis.push('\n');
        }
        if subcommand.args.is_empty() {
            synopsis.push('\n');
        }
        text.push_str(&synopsis);
        for line in subcommand.about {
            text.push_str(&format!("      {line}\n"));
        }
    }
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Bench(options) => bench::run(&options),
        Command::BenchWorker(args) => bench::worker_main(&args),
        Command::Ci(options) => ci::run(&options),
        Command::Contract(options) => contract::run(&options),
        Command::ContractCorpus(options) => contract::run_corpus(&options),
        Command::Corpus(options) => corpus::run(&options),
        Command::Diff(options) => diff::run(&options),
        Command::Drift(options) => drift::run(&options),
        Command::Fuzz(options) => fuzz::run(&options),
        Command::Generate(options) => generate::run(&options),
        Command::History(options) => history::run(&options),
        Command::Help => {
            print!("{}", usage());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The command `args` ask for; an error (a missing or unknown subcommand, or options it
/// does not take) is shown with the usage text.
fn parse(args: &[String]) -> Result<Command, String> {
    let Some((name, rest)) = args.split_first() else {
        return Err("no command given".to_owned());
    };
    let name = match name.as_str() {
        // `bench` runs each measurement in a child process of its own through this name,
        // which is not for users and so not in the usage text.
        "bench-worker" => return Ok(Command::BenchWorker(rest.to_vec())),
        "--help" | "-h" => "help",
        name => name,
    };
    let subcommand = SUBCOMMANDS
        .iter()
        .find(|subcommand| subcommand.name == name)
        .ok_or_else(|| format!("unknown command `{name}`"))?;
    (subcommand.parse)(rest)
}

/// The workspace root: the parent of this package's directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// The target directory every scratch workspace builds in (the fixtures' crates, the corpus
/// crates, the contract harnesses, the history's crates and witnesses). Their crates share
/// one dependency tree, so one directory builds it once per feature set instead of once per
/// workspace.
fn scratch_target() -> PathBuf {
    root().join("target").join("scratch")
}

/// `cargo` to run in the scratch workspace `dir`, building in [`scratch_target`].
fn scratch_cargo(dir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch_target());
    command
}

/// The value after a flag such as `--spec`.
fn value<'a>(args: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<String, String> {
    args.next()
        .cloned()
        .ok_or_else(|| format!("`{flag}` needs a value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn every_subcommand_is_in_the_usage_and_dispatched_by_name() {
        let usage = usage();
        for subcommand in SUBCOMMANDS {
            assert!(
                usage.contains(&format!("\n  {} ", subcommand.name))
                    || usage.contains(&format!("\n  {}\n", subcommand.name)),
                "{} is not in the usage text",
                subcommand.name
            );
            if let Err(message) = parse(&args(&[subcommand.name])) {
                assert!(!message.starts_with("unknown command"), "{message}");
            }
        }
    }

    #[test]
    fn no_command_or_an_unknown_one_is_an_error() {
        assert!(parse(&[]).is_err());
        assert_eq!(
            parse(&args(&["spec-diff"])).err().as_deref(),
            Some("unknown command `spec-diff`")
        );
        assert!(matches!(parse(&args(&["--help"])), Ok(Command::Help)));
        assert!(matches!(
            parse(&args(&["bench-worker", "x"])),
            Ok(Command::BenchWorker(rest)) if rest == ["x"]
        ));
    }
}
