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
mod release;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The subcommands, one per name.
enum Command {
    Bench(bench::Options),
    BenchWorker(Vec<String>),
    Ci(ci::Options),
    Contract(contract::Options),
    Corpus(corpus::Options),
    Diff(diff::Options),
    Drift(drift::Options),
    Fuzz(fuzz::Options),
    Generate(generate::Options),
    Help,
}

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  generate [--check] [--bump] [--watch] [--deny-warnings]
           [--spec PATH] [--out DIR] [--crate-name NAME]
      regenerate generated/ from spec/assistants_v1.yaml and print what changed in
      its public API (breaking or compatible, and the semver bump); --check only
      compares and fails when generated/ is stale; --bump applies the bump to the
      crate's version and adds a CHANGELOG.md entry; --watch regenerates on every
      save of the document; --deny-warnings fails on the document's lint warnings;
      --spec/--out/--crate-name write a stand-alone crate for any document into DIR
  diff OLD.yaml NEW.yaml [--json]
      the public API change between the crates two documents generate, each
      change breaking or compatible, and the semver bump it implies
  drift OTHER.yaml [--allow FILE]
      compare spec/ with another document operation by operation; differences not
      listed in the allow-file (default spec/reference-drift.allow) fail
  contract [--spec PATH] [--strict]
      start the Prism mock server (installed under target/ with npm) on PATH
      (default spec/) and run the generated client's contract suite and the README
      quickstart against it; the strict round (default for spec/) also runs the
      suite with the client's `strict` feature
  corpus DIR
      generate a crate for every document in DIR under target/corpus/ and lint each
      with clippy -D warnings; one line per document and `corpus: N/M pass`
  fuzz [DIR...] [--seconds N | --executions N] [--seed N]
      mutate the documents of spec/, the generator's fixtures and each DIR (such as
      ../shared/corpus) and run the generator on each mutant: no panic, and every
      generated file parses; findings are saved under target/fuzz/ (default 60 s)
  ci [--reference PATH] [--corpus DIR]
      run every check CI runs: fmt, clippy, generate --check, all tests, the
      fixtures' generated crates under clippy, and the contract run on spec/; with
      --reference, also drift and the contract run against that document; with
      --corpus, also `corpus DIR` and a 60 s `fuzz DIR`
  bench [--reference PATH] [--large PATH] [--quick] [--only SECTION]
      performance figures on release builds (generation per stage against its floor,
      scaling to 100x, the generated crate's build cost, the client at run time), one
      `target` line per goal; PATHs default to ../shared's reference document and
      twilio_api_v2010.yaml; --quick leaves out the two cold builds; --only runs
      one of generation, scaling, crate, client
  help
      print this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Bench(options) => bench::run(&options),
        Command::BenchWorker(args) => bench::worker_main(&args),
        Command::Ci(options) => ci::run(&options),
        Command::Contract(options) => contract::run(&options),
        Command::Corpus(options) => corpus::run(&options),
        Command::Diff(options) => diff::run(&options),
        Command::Drift(options) => drift::run(&options),
        Command::Fuzz(options) => fuzz::run(&options),
        Command::Generate(options) => generate::run(&options),
        Command::Help => {
            print!("{USAGE}");
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

fn parse(args: &[String]) -> Result<Command, String> {
    let Some((name, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    match name.as_str() {
        "generate" => generate::Options::parse(rest).map(Command::Generate),
        "drift" => drift::Options::parse(rest).map(Command::Drift),
        "contract" => contract::Options::parse(rest).map(Command::Contract),
        "corpus" => corpus::Options::parse(rest).map(Command::Corpus),
        "diff" => diff::Options::parse(rest).map(Command::Diff),
        "fuzz" => fuzz::Options::parse(rest).map(Command::Fuzz),
        "ci" => ci::Options::parse(rest).map(Command::Ci),
        "bench" => bench::Options::parse(rest).map(Command::Bench),
        "bench-worker" => Ok(Command::BenchWorker(rest.to_vec())),
        "help" | "--help" | "-h" => Ok(Command::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// The workspace root: the parent of this package's directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// The value after a flag such as `--spec`.
fn value<'a>(args: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<String, String> {
    args.next()
        .cloned()
        .ok_or_else(|| format!("`{flag}` needs a value"))
}
