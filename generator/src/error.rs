//! Located, collected errors: every problem the generator cannot handle becomes one
//! [`Diagnostic`] that says what is wrong and where, and a stage reports all of its
//! diagnostics together as one [`Errors`] value.

use std::fmt;

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A line and column of the YAML text, both counted from 1.
    Text {
        /// Line number, from 1.
        line: usize,
        /// Column number, from 1.
        column: usize,
    },
    /// A JSON pointer into the document, such as `#/paths/~1v1~1Assistants/post`.
    Pointer(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Text { line, column } => write!(f, "{line}:{column}"),
            Location::Pointer(pointer) => f.write_str(pointer),
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, as a sentence fragment without a trailing period.
    pub message: String,
}

/// All problems one stage found, in the order it found them; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors {
    /// The name of the input, as given to [`crate::generate`] (usually its path).
    pub source: String,
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.diagnostics.len();
        for diagnostic in &self.diagnostics {
            let separator = match diagnostic.location {
                Location::Text { .. } => ":",
                Location::Pointer(_) => " at ",
            };
            writeln!(
                f,
                "error: {}{separator}{}: {}",
                self.source, diagnostic.location, diagnostic.message
            )?;
        }
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} error{plural} in {}", self.source)
    }
}

impl std::error::Error for Errors {}

/// Collects diagnostics while a stage walks the document, so that one run reports
/// every problem instead of stopping at the first.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    diagnostics: Vec<Diagnostic>,
    /// What was accepted but is worth a warning; see [`Collector::warn`].
    warnings: Vec<Diagnostic>,
}

impl Collector {
    /// Records a problem at a JSON pointer.
    pub(crate) fn at(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            location: Location::Pointer(pointer.to_string()),
            message: message.into(),
        });
    }

    /// Records something the stage accepted but the user should hear about, such as a
    /// `required` name that is not a property: a warning, which never stops generation.
    pub(crate) fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic {
            location: Location::Pointer(pointer.to_string()),
            message: message.into(),
        });
    }

    /// How many problems were recorded so far: a mark for [`Collector::take_since`].
    pub(crate) fn mark(&self) -> usize {
        self.diagnostics.len()
    }

    /// Takes back the problems recorded since `mark`, in order.
    pub(crate) fn take_since(&mut self, mark: usize) -> Vec<Diagnostic> {
        self.diagnostics.split_off(mark.min(self.diagnostics.len()))
    }

    /// Takes the warnings recorded so far, in the order they were found.
    pub(crate) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    /// Returns `Ok(value)` when nothing was recorded, else every recorded problem.
    pub(crate) fn finish<T>(self, source: &str, value: T) -> Result<T, Errors> {
        if self.diagnostics.is_empty() {
            Ok(value)
        } else {
            Err(Errors {
                source: source.to_owned(),
                diagnostics: self.diagnostics,
            })
        }
    }
}

/// A JSON pointer under construction, escaped per RFC 6901 (`~` as `~0`, `/` as `~1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    /// The pointer to the document root, `#`.
    pub(crate) fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// The pointer one key or index deeper.
    pub(crate) fn join(&self, token: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // Lowering joins a pointer for every schema and parameter, so the token is written
        // straight into the new pointer and escaped only when it needs it.
        let mut pointer = String::with_capacity(self.0.len() + 24);
        pointer.push_str(&self.0);
        pointer.push('/');
        let start = pointer.len();
        let _ = write!(pointer, "{token}");
        if pointer[start..].contains(['~', '/']) {
            let escaped = pointer[start..].replace('~', "~0").replace('/', "~1");
            pointer.truncate(start);
            pointer.push_str(&escaped);
        }
        Pointer(pointer)
    }

    /// Parses a local `$ref` such as `#/components/schemas/Assistant`.
    pub(crate) fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let pointer = Pointer::root().join("paths").join("/v1/A~B");
        assert_eq!(pointer.to_string(), "#/paths/~1v1~1A~0B");
    }

    #[test]
    fn errors_display_every_diagnostic_and_a_count() {
        let errors = Errors {
            source: "spec.yaml".into(),
            diagnostics: vec![
                Diagnostic {
                    location: Location::Text { line: 3, column: 7 },
                    message: "bad indentation".into(),
                },
                Diagnostic {
                    location: Location::Pointer("#/paths".into()),
                    message: "no operations".into(),
                },
            ],
        };
        assert_eq!(
            errors.to_string(),
            "error: spec.yaml:3:7: bad indentation\nerror: spec.yaml at #/paths: no operations\n2 errors in spec.yaml"
        );
    }
}
