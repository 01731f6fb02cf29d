//! Turns an OpenAPI 3.0 document into a typed async Rust client crate.
//!
//! The pipeline is [`generate`]: [`parse()`] the YAML, [`lower()`] it into the [`ir`],
//! [`emit()`] token streams, [`format()`] them with prettyplease, and return the crate's
//! files. It does no I/O: `xtask` reads the document and writes or checks the files.
//! [`build`] does the same and also returns the crate's public API as a [`diff::Surface`],
//! which [`diff()`] compares between versions, and the [`lint()`] warnings.

pub mod diff;
pub mod emit;
pub mod error;
pub mod format;
pub mod ident;
pub mod ir;
pub mod lint;
pub mod lower;
pub mod parse;
pub mod paths;
pub mod resolve;
pub mod sample;

pub use diff::diff;
pub use emit::emit;
pub use error::{Diagnostic, Errors, Location};
pub use format::format;
pub use lint::lint;
pub use lower::lower;
pub use parse::parse;

/// The knobs of one generation run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The package name of the generated crate, such as `twilio-assistants`.
    pub crate_name: String,
    /// The package version of the generated crate.
    pub crate_version: String,
    /// Whether the crate stands alone (its manifest gets an empty `[workspace]` table, so it
    /// builds wherever it is written) rather than being a member of this workspace.
    pub standalone: bool,
    /// The command that generates the crate, named in every file's `@generated` header.
    pub command: String,
    /// Leaves out the operations the generator cannot build (an invalid operation, a
    /// parameter no style writes exactly), each named in a warning, instead of refusing the
    /// document; see [`lower::Options::skip_invalid`].
    pub skip_invalid: bool,
    /// The prefix of the environment variables a client of a non-Twilio API reads its
    /// credentials from (`{prefix}_TOKEN`, `{prefix}_API_KEY`...); `None` derives it from
    /// the crate name (`OPENAI` for `openai`, `MY_API` for `my-api`).
    pub env_prefix: Option<String>,
    /// Hand-written programs shipped in the crate's `examples/` folder, as they are.
    pub examples: Vec<Example>,
    /// A document with more operations than this gets a cargo feature per group of
    /// resources; see [`lower::Options::features_above`].
    pub features_above: usize,
}

/// A hand-written example program for the generated crate (`examples/<name>`), such as
/// one of `spec/examples/`: written for this API, so not something the generator makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The file name, such as `send_message.rs`.
    pub name: String,
    /// Where the program comes from, named in the copy's `@generated` header.
    pub source: String,
    /// The program.
    pub text: String,
}

impl Settings {
    /// Settings for a stand-alone crate named `crate_name`, version 0.1.0.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Settings {
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_owned(),
            standalone: true,
            command: "cargo xtask generate".to_owned(),
            skip_invalid: false,
            features_above: lower::FEATURES_ABOVE,
            env_prefix: None,
            examples: Vec::new(),
        }
    }

    /// Sets the example programs; see [`Settings::examples`].
    pub fn with_examples(mut self, examples: Vec<Example>) -> Self {
        self.examples = examples;
        self
    }

    /// Sets the package version.
    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = version.into();
        self
    }

    /// Sets the command named in the `@generated` headers; see [`Settings::command`].
    pub fn with_command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Sets the size above which resources get features; see [`Settings::features_above`].
    pub fn with_features_above(mut self, operations: usize) -> Self {
        self.features_above = operations;
        self
    }

    /// The options lowering runs with.
    fn lower_options(&self) -> lower::Options {
        lower::Options {
            skip_invalid: self.skip_invalid,
            features_above: self.features_above,
        }
    }

    /// Sets whether invalid operations are left out; see [`Settings::skip_invalid`].
    pub fn with_skip_invalid(mut self, skip_invalid: bool) -> Self {
        self.skip_invalid = skip_invalid;
        self
    }

    /// Sets the prefix of the credential environment variables; see
    /// [`Settings::env_prefix`].
    pub fn with_env_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.env_prefix = Some(prefix.into());
        self
    }

    /// The prefix of the credential environment variables: [`Settings::env_prefix`], or
    /// the crate name in upper case with `_` for anything but letters and digits.
    pub fn env_prefix(&self) -> String {
        self.env_prefix.clone().unwrap_or_else(|| {
            self.crate_name
                .chars()
                .map(|c| match c.is_ascii_alphanumeric() {
                    true => c.to_ascii_uppercase(),
                    false => '_',
                })
                .collect()
        })
    }

    /// Sets whether the crate stands alone; see [`Settings::standalone`].
    pub fn with_standalone(mut self, standalone: bool) -> Self {
        self.standalone = standalone;
        self
    }
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path inside the crate, `/`-separated, such as `src/models.rs`.
    pub path: String,
    /// The whole contents.
    pub contents: String,
}

/// Everything one run makes from a document.
#[derive(Debug, Clone)]
pub struct Output {
    /// The crate's files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// The crate's public API, also among the files as `api.json`.
    pub surface: diff::Surface,
    /// What the reader noted ([`parse::read`]), then what [`lint()`] found; generation went
    /// ahead regardless.
    pub warnings: Vec<Diagnostic>,
}

/// The name of the file in the generated crate that records its public API, which the
/// next generation compares with.
pub const SURFACE_FILE: &str = "api.json";

/// Generates the client crate for the document `text`; `source` names it in errors and
/// in the `@generated` headers (usually its path relative to the workspace).
pub fn generate(
    text: &str,
    source: &str,
    settings: &Settings,
) -> Result<Vec<GeneratedFile>, Errors> {
    build(text, source, settings).map(|output| output.files)
}

/// [`generate`], also returning the crate's public API and the document's warnings.
pub fn build(text: &str, source: &str, settings: &Settings) -> Result<Output, Errors> {
    with_stack(|| build_here(text, source, settings))
}

fn build_here(text: &str, source: &str, settings: &Settings) -> Result<Output, Errors> {
    let parse::Parsed {
        document,
        warnings: mut parse_warnings,
    } = parse::read_here(text, source)?;
    let options = settings.lower_options();
    let api = lower::lower_here_with(&document, source, options)?;
    // The reader's notes come first, as the document is read first.
    parse_warnings.extend(lint(&api));
    let warnings = parse_warnings;
    let surface = diff::Surface::of(&api);
    let emitted = emit(&api, settings, source, &sha256_hex(text.as_bytes()));
    let mut files = vec![GeneratedFile {
        path: SURFACE_FILE.to_owned(),
        contents: surface.to_json(),
    }];
    files.extend(emitted.text);
    for (path, pieces) in emitted.rust {
        let contents = format(pieces, &emitted.header, path, source)?;
        files.push(GeneratedFile {
            path: path.to_owned(),
            contents,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output {
        files,
        surface,
        warnings,
    })
}

/// The contract harness of the crate [`generate`] makes from `text` with `settings`: a
/// binary crate (`Cargo.toml`, `src/main.rs`, `src/support.rs`) that calls every
/// operation through the crate's public API against the server whose base URL is its
/// first argument; see [`emit::contract`]. `client_path` is where the client crate is,
/// relative to the harness crate.
pub fn contract(
    text: &str,
    source: &str,
    settings: &Settings,
    client_path: &str,
) -> Result<Vec<GeneratedFile>, Errors> {
    with_stack(|| {
        let parsed = parse::read_here(text, source)?;
        let options = settings.lower_options();
        let api = lower::lower_here_with(&parsed.document, source, options)?;
        // The pointers the IR carries address the document as `lower` read it (a 3.1
        // document already in 3.0's shape), so the samples are taken from that.
        let document = serde_json::to_value(&parsed.document).map_err(|error| Errors {
            source: source.to_owned(),
            diagnostics: vec![Diagnostic {
                location: Location::Pointer("#".to_owned()),
                message: format!("internal error: the document does not convert to JSON ({error})"),
            }],
        })?;
        let sampler = sample::Sampler::new(&document);
        let header = format!(
            "// @generated by `{}` from {source}. Do not edit.\n",
            settings.command
        );
        let pieces = emit::contract::main_rs(&api, &sampler, &settings.crate_name);
        let main = format(pieces, &header, "src/main.rs", source)?;
        let support = format!(
            "// @generated by `{}`: a copy of generator/harness/support.rs. Do not edit.\n\n{}",
            settings.command,
            emit::contract::SUPPORT
        );
        let manifest =
            emit::contract::manifest(settings, client_path, &header.replacen("//", "#", 1));
        Ok(vec![
            GeneratedFile {
                path: "Cargo.toml".to_owned(),
                contents: manifest,
            },
            GeneratedFile {
                path: "src/main.rs".to_owned(),
                contents: main,
            },
            GeneratedFile {
                path: emit::contract::SUPPORT_FILE.to_owned(),
                contents: support,
            },
        ])
    })
}

/// The SHA-256 of `bytes` in lowercase hexadecimal, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Runs `work` with a stack that fits the deepest document the YAML reader accepts (128
/// levels of nesting, such as `additionalProperties` 124 deep), whatever the caller's thread
/// has: the stages recurse once per level, which for that document needs about 5.5 MiB of
/// stack in a debug build (more than the 2 MiB of a spawned thread, a test thread or a
/// tokio worker) and 1 MiB in a release build. The stack is grown on the caller's
/// thread rather than on a thread of its own, because a new thread also gets a fresh heap
/// from the allocator, and faulting that in cost a large document about a tenth of its
/// generation time; growing costs no measurable time.
fn with_stack<T>(work: impl FnOnce() -> T) -> T {
    const STACK_BYTES: usize = 64 << 20;
    stacker::maybe_grow(STACK_BYTES, STACK_BYTES, work)
}
