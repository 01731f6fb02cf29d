//! `cargo xtask contract`: runs the generated client against the Stoplight Prism mock
//! server, which answers every operation of an OpenAPI document with responses generated
//! from its schemas and rejects requests that do not match the document.
//!
//! The command installs the Prism version pinned in `xtask/prism/` into `target/prism/`
//! with `npm ci` (once; later runs reuse it), starts `prism mock` on the document
//! (`spec/assistants_v1.yaml` unless `--spec` names another) on a free port of
//! 127.0.0.1, waits until it answers, and runs two programs of `client-tests` against it:
//! the contract suite (`--bin contract`) and the README quickstart
//! (`--example quickstart`). They find the server through `TWILIO_ASSISTANTS_BASE_URL`
//! and get made-up credentials. Prism's output goes to `target/prism/prism.log`, and
//! Prism is stopped whatever the outcome.
//!
//! Prism pads every object with random properties the document does not declare, which
//! tests that the client keeps them. The strict run (the default for spec/, `--strict`
//! for another document) then starts Prism again without that padding and runs the suite
//! with the client's `strict` feature, where any undeclared property or unknown enum value
//! fails decoding: what remains is drift between the document and the generated client.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release pinned in `xtask/prism/package.json`: the last 5.x that runs on
/// Node 20.
pub const PRISM_VERSION: &str = "5.14.2";

/// The address Prism listens on; nothing outside this machine needs to reach it.
const HOST: &str = "127.0.0.1";

/// The seed of Prism's generated responses in the hand-written suite's runs, so every run
/// sees the same data.
const SEED: &str = "1";

/// How long Prism may take to load the document and start listening: Stripe's 4 MB
/// document takes it over a minute here.
const STARTUP_DEADLINE: Duration = Duration::from_secs(300);

/// Made-up credentials in Twilio's format (an account SID is `AC` and 32 hex digits);
/// Prism only checks that Basic authentication is present.
const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AUTH_TOKEN: &str = "contract-test-auth-token";

/// How many lines of Prism's log an error shows.
const LOG_TAIL_LINES: usize = 15;

/// The options of one `contract` run.
#[derive(Debug, Default)]
pub struct Options {
    spec: Option<String>,
    harness: crate::harness::Options,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--spec" => options.spec = Some(crate::value(&mut args, arg)?),
                "--strict" => options.harness.strict = true,
                "--skip-invalid" => options.harness.skip_invalid = true,
                "--verbose" => options.harness.verbose = true,
                other => return Err(format!("unknown option `{other}` for `contract`")),
            }
        }
        Ok(options)
    }
}

/// With `--spec`, the generated harness of that document ([`crate::harness`]); without,
/// the hand-written suite and the quickstart on spec/, then spec/'s generated harness.
pub fn run(options: &Options) -> Result<(), String> {
    // A relative `--spec` is taken from where the command was run, as with `generate`.
    if let Some(spec) = &options.spec {
        let outcomes = crate::harness::run(&[PathBuf::from(spec)], &options.harness)?;
        return crate::harness::report(&outcomes);
    }
    let spec = crate::root().join(crate::generate::SPEC);
    run_with_spec(&spec, true)?;
    let harness = crate::harness::Options {
        strict: true,
        ..options.harness.clone()
    };
    crate::harness::report(&crate::harness::run(&[spec], &harness)?)
}

/// The options of `contract-corpus DIR`: the harness run on every document of a folder.
#[derive(Debug)]
pub struct CorpusOptions {
    dir: String,
    harness: crate::harness::Options,
}

impl CorpusOptions {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut dir = None;
        let mut harness = crate::harness::Options::default();
        for arg in args {
            match arg.as_str() {
                "--strict" => harness.strict = true,
                "--skip-invalid" => harness.skip_invalid = true,
                "--verbose" => harness.verbose = true,
                other if !other.starts_with('-') && dir.is_none() => dir = Some(other.to_owned()),
                other => return Err(format!("unknown option `{other}` for `contract-corpus`")),
            }
        }
        let dir = dir.ok_or("`contract-corpus` takes the folder of documents")?;
        Ok(CorpusOptions { dir, harness })
    }
}

/// `contract-corpus DIR`: the generated harness of every document in DIR against Prism.
pub fn run_corpus(options: &CorpusOptions) -> Result<(), String> {
    let documents = crate::corpus::documents(Path::new(&options.dir))?;
    crate::harness::report(&crate::harness::run(&documents, &options.harness)?)
}

/// A run of the client programs against one Prism server.
struct Round {
    /// Extra arguments of `prism mock`.
    prism_args: &'static [&'static str],
    /// The programs: a name and the arguments of `cargo run -p client-tests`.
    programs: &'static [(&'static str, &'static [&'static str])],
}

/// Random padding of objects, the lenient client, and the quickstart.
const LENIENT: Round = Round {
    prism_args: &[],
    programs: &[
        ("contract suite", &["--bin", "contract"]),
        ("quickstart", &["--example", "quickstart"]),
    ],
};

/// No padding, and the client with its `strict` feature.
const STRICT: Round = Round {
    prism_args: &["--json-schema-faker-fillProperties=false"],
    programs: &[(
        "strict contract suite",
        &["--features", "strict", "--bin", "contract"],
    )],
};

/// Starts Prism on `spec` and runs the contract suite and the quickstart against it, then,
/// when `strict`, the strict round; every program runs even when one before it failed, so
/// one run reports every failure.
pub fn run_with_spec(spec: &Path, strict: bool) -> Result<(), String> {
    let root = crate::root();
    // Prism runs from another directory than the caller, so it gets an absolute path;
    // resolving it here also reports a missing document before anything is installed.
    let spec = std::fs::canonicalize(spec)
        .map_err(|error| format!("error: cannot read {}: {error}", spec.display()))?;
    let prism_dir = root.join("target").join("prism");
    let bin = install_prism(&root, &prism_dir)?;
    let log = prism_dir.join("prism.log");
    let mut failed = Vec::new();
    let rounds: &[Round] = if strict {
        &[LENIENT, STRICT]
    } else {
        &[LENIENT]
    };
    for round in rounds {
        let server = Prism::start(&bin, &spec, &log, SEED, round.prism_args)?;
        println!(
            "contract: Prism {PRISM_VERSION} serves {} at {} (log: {})",
            spec.display(),
            server.base_url(),
            server.log.display()
        );
        for (name, args) in round.programs {
            if let Err(message) = run_client_program(&root, &server.base_url(), &spec, name, args) {
                eprintln!("{message}");
                failed.push(*name);
            }
        }
        // Prism goes away here, before the next round or the result.
        drop(server);
    }
    if failed.is_empty() {
        println!("contract: all passed");
        Ok(())
    } else {
        Err(format!(
            "error: contract: {} failed against Prism (its log: {})",
            failed.join(" and "),
            prism_dir.join("prism.log").display()
        ))
    }
}

/// Runs one program of `client-tests` (`cargo run -p client-tests` with `args`) in the
/// workspace root against the mock server at `base_url`; its output passes through.
fn run_client_program(
    root: &Path,
    base_url: &str,
    spec: &Path,
    name: &str,
    args: &[&str],
) -> Result<(), String> {
    let mut command_line = vec!["run", "--quiet", "-p", "client-tests"];
    command_line.extend_from_slice(args);
    println!("contract: {name}: cargo {}", command_line.join(" "));
    crate::ci::cargo_with(
        root,
        &command_line,
        &[
            ("TWILIO_ASSISTANTS_BASE_URL", base_url.as_ref()),
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.as_ref()),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.as_ref()),
            // The suite checks that it called every operation of the document Prism serves.
            ("CONTRACT_SPEC", spec.as_os_str()),
        ],
    )
    .map_err(|message| format!("{message} (contract: {name})"))
}

/// Makes sure the pinned Prism is installed in `dir` and returns the path of its `prism`
/// executable. Installs with `npm ci --ignore-scripts` from the package files committed
/// in `xtask/prism/` only when `dir` does not hold exactly that install yet, so reruns
/// start at once.
pub fn install_prism(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let source = root.join("xtask").join("prism");
    let manifest = read(&source.join("package.json"))?;
    let lock = read(&source.join("package-lock.json"))?;
    let bin = dir.join("node_modules").join(".bin").join("prism");
    // The stamp is a copy of the lock file written after a successful install, so an
    // interrupted install or a changed pin both lead to a fresh one.
    let stamp = dir.join("installed-package-lock.json");
    if bin.is_file()
        && std::fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str())
        && installed_version(dir).as_deref() == Some(PRISM_VERSION)
    {
        return Ok(bin);
    }
    println!(
        "contract: installing @stoplight/prism-cli {PRISM_VERSION} into {} (npm ci)",
        dir.display()
    );
    std::fs::create_dir_all(dir)
        .map_err(|error| format!("error: cannot create {}: {error}", dir.display()))?;
    if stamp.exists() {
        std::fs::remove_file(&stamp)
            .map_err(|error| format!("error: cannot remove {}: {error}", stamp.display()))?;
    }
    write(&dir.join("package.json"), &manifest)?;
    write(&dir.join("package-lock.json"), &lock)?;
    // `--ignore-scripts` because none of Prism's dependencies needs an install script,
    // and not running them keeps the install from executing code fetched from the
    // registry.
    let status = Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .map_err(|error| format!("error: cannot run npm (is Node.js 20 installed?): {error}"))?;
    if !status.success() {
        return Err(format!(
            "error: `npm ci --ignore-scripts` in {} failed ({status})",
            dir.display()
        ));
    }
    let version = installed_version(dir);
    if version.as_deref() != Some(PRISM_VERSION) || !bin.is_file() {
        return Err(format!(
            "error: npm installed @stoplight/prism-cli {} into {}, expected {PRISM_VERSION}; \
             check xtask/prism/package.json",
            version.as_deref().unwrap_or("(none)"),
            dir.display()
        ));
    }
    write(&stamp, &lock)?;
    Ok(bin)
}

/// The version of `@stoplight/prism-cli` installed in `dir`, if any: the first
/// `"version"` key of its manifest, which is the top-level one.
fn installed_version(dir: &Path) -> Option<String> {
    let manifest = dir
        .join("node_modules")
        .join("@stoplight")
        .join("prism-cli")
        .join("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("\"version\""))?;
    let value = line.split_once(':')?.1;
    Some(
        value
            .trim()
            .trim_end_matches(',')
            .trim_matches('"')
            .to_owned(),
    )
}

/// A running `prism mock` server. Dropping it stops the server, so every way out of
/// [`run_with_spec`], an early `?` included, leaves no server behind.
pub struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    /// Starts `bin mock spec` in the dynamic mode with `seed` on a port the system picks,
    /// with its output in `log`, and waits until it answers HTTP.
    pub fn start(
        bin: &Path,
        spec: &Path,
        log: &Path,
        seed: &str,
        extra: &[&str],
    ) -> Result<Prism, String> {
        let out = File::create(log)
            .map_err(|error| format!("error: cannot create {}: {error}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|error| format!("error: cannot open {}: {error}", log.display()))?;
        println!("contract: starting Prism on {}", spec.display());
        // `bin` is npm's link to Prism's script, which the kernel starts through its
        // `#!/usr/bin/env node` line, so the child is the Node process that serves; it
        // forks no workers (only `--multiprocess` would). Prism stays in this process
        // group so that Ctrl-C, which skips `Drop`, stops it together with this command.
        let child = Command::new(bin)
            .arg("mock")
            .arg(spec)
            .args(["-h", HOST, "-p", "0", "-d", "--seed", seed])
            .args(extra)
            // A plain log without colour codes, whatever the caller's environment says.
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|error| format!("error: cannot start {}: {error}", bin.display()))?;
        let mut prism = Prism {
            child,
            port: 0,
            log: log.to_owned(),
        };
        // On error `prism` is dropped here, which stops the server.
        prism.port = prism.wait_until_ready()?;
        Ok(prism)
    }

    /// The URL clients use, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{HOST}:{}", self.port)
    }

    /// Waits for the port Prism logs once it listens, then for an HTTP answer there.
    /// With `-p 0` the system picks the port, so there is no race with other programs
    /// for a port chosen in advance.
    fn wait_until_ready(&mut self) -> Result<u16, String> {
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "error: Prism exited before it was ready ({status}); its log, {}, ends with:\n{}",
                    self.log.display(),
                    log_tail(&self.log)
                ));
            }
            let port = std::fs::read_to_string(&self.log)
                .ok()
                .and_then(|text| listening_port(&text));
            if let Some(port) = port {
                if answers_http(port) {
                    return Ok(port);
                }
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "error: Prism did not answer within {} s; its log, {}, ends with:\n{}",
                    STARTUP_DEADLINE.as_secs(),
                    self.log.display(),
                    log_tail(&self.log)
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    /// Kills the server and reaps it. Errors are ignored: they only mean that it has
    /// exited already.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port in Prism 5's start-up line, which reads
/// `[3:30:10 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:33293`.
fn listening_port(log: &str) -> Option<u16> {
    let line = log
        .lines()
        .find(|line| line.contains("Prism is listening on "))?;
    let address = line.split("Prism is listening on ").nth(1)?;
    let authority = address.split_once("://")?.1;
    let (_, rest) = authority.rsplit_once(':')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Whether something answers a plain HTTP request on the port. Any status will do: the
/// root path is no operation, so Prism answers 404.
fn answers_http(port: u16) -> bool {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_secs(1)) else {
        return false;
    };
    let timeout = Some(Duration::from_secs(5));
    if stream.set_read_timeout(timeout).is_err() || stream.set_write_timeout(timeout).is_err() {
        return false;
    }
    let request = format!("GET / HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut start = [0; 7];
    stream.read_exact(&mut start).is_ok() && &start == b"HTTP/1."
}

/// The last lines of Prism's log for an error message. A failed start prints the
/// `fatal` line first and then the whole usage text, so `fatal` lines are shown in
/// any case.
fn log_tail(log: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(log) else {
        return format!("  (cannot read {})", log.display());
    };
    let lines: Vec<&str> = text.lines().collect();
    let tail_start = lines.len().saturating_sub(LOG_TAIL_LINES);
    let fatal = lines[..tail_start]
        .iter()
        .filter(|line| line.contains(" fatal "));
    let shown: Vec<String> = fatal
        .chain(lines[tail_start..].iter())
        .map(|line| format!("  {line}"))
        .collect();
    if shown.is_empty() {
        "  (empty)".to_owned()
    } else {
        shown.join("\n")
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("error: cannot read {}: {error}", path.display()))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::write(path, contents)
        .map_err(|error| format!("error: cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_port_in_prisms_start_line() {
        let log = "[3:30:10 PM] › [CLI] …  awaiting  Starting Prism…\n\
                   [3:30:10 PM] › [CLI] ℹ  info      GET        http://127.0.0.1:33293/v1/Tools\n\
                   [3:30:10 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:33293\n";
        assert_eq!(listening_port(log), Some(33293));
        assert_eq!(
            listening_port("Prism is listening on http://127.0.0.1:4010\u{1b}[39m"),
            Some(4010)
        );
        assert_eq!(listening_port("awaiting  Starting Prism…"), None);
    }

    #[test]
    fn the_account_sid_has_twilios_format() {
        assert_eq!(ACCOUNT_SID.len(), 34);
        assert!(ACCOUNT_SID.starts_with("AC"));
        assert!(ACCOUNT_SID[2..].chars().all(|c| c.is_ascii_hexdigit()));
    }
}
