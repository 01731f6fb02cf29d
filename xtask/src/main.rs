//! `cargo xtask`: the development commands of this workspace. A thin front end: it parses
//! arguments, resolves paths from the workspace root, and reads, writes or checks files;
//! the generator library does the work.

mod ci;
mod generate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The subcommands, one per name.
enum Command {
    Ci,
    Generate(generate::Options),
    Help,
}

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  generate [--check] [--spec PATH] [--out DIR] [--crate-name NAME]
      regenerate generated/ from spec/assistants_v1.yaml; --check only compares and
      fails when generated/ is stale; --spec/--out/--crate-name write a stand-alone
      crate for any document into DIR
  ci
      run every check CI runs: fmt, clippy, generate --check, all tests, and the
      fixtures' generated crates under clippy
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
        Command::Ci => ci::run(),
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
        "ci" if rest.is_empty() => Ok(Command::Ci),
        "ci" => Err("`ci` takes no options".to_owned()),
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
