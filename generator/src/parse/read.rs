//! Stage 1, parse, its first step: the document's text -> a `serde_yaml::Value` tree.
//!
//! A text that is JSON (named `.json`, or starting with `{`) is read by serde_json, which
//! is several times faster than the YAML reader on the multi-megabyte documents vendors
//! publish as JSON, and reads what the YAML reader refuses in valid JSON: surrogate-pair
//! escapes such as `"\ud83d\ude80"`, which Python's `json` writes for every emoji. Any other
//! text is read as YAML. Both readers report syntax errors with a line and column.

use crate::error::Location;
use serde_yaml::Value;

/// A syntax error of the text: where, and what, ready for the user.
#[derive(Debug)]
pub(super) struct SyntaxError {
    pub(super) location: Location,
    pub(super) message: String,
}

/// Reads `text` into a value tree, as JSON or as YAML; see the module documentation.
pub(super) fn tree(text: &str, source: &str) -> Result<Value, SyntaxError> {
    // serde_json refuses a byte order mark, which Windows editors write; the YAML reader
    // skips it.
    let json_text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let named_json = source.to_ascii_lowercase().ends_with(".json");
    if !named_json && !json_text.trim_start().starts_with('{') {
        return yaml(text);
    }
    match serde_json::from_str::<Value>(json_text) {
        Ok(value) => Ok(value),
        // A YAML document may be written in flow style, `{openapi: 3.0.3, ...}`, which is
        // not JSON; when the YAML reader takes it, it was YAML. When neither does, the JSON
        // reader's error is the one that describes a text that looks like JSON.
        Err(error) => match yaml(text) {
            Ok(value) if !named_json => Ok(value),
            _ => Err(json_error(&error)),
        },
    }
}

fn yaml(text: &str) -> Result<Value, SyntaxError> {
    serde_yaml::from_str(text).map_err(|error| {
        let location = error
            .location()
            .map_or(Location::Text { line: 1, column: 1 }, |at| Location::Text {
                line: at.line(),
                column: at.column(),
            });
        let message = strip_position(&error.to_string()).to_owned();
        let message = if message.ends_with("recursion limit exceeded") {
            // serde_yaml stops at 128 levels of nesting rather than overflow the stack.
            "invalid YAML: nested more than 128 levels deep, which the YAML reader refuses; \
             move inner schemas into `components/schemas` and refer to them"
                .to_owned()
        } else {
            format!("invalid YAML: {message}")
        };
        SyntaxError { location, message }
    })
}

fn json_error(error: &serde_json::Error) -> SyntaxError {
    // serde_json counts a line's columns from 1 but reports 0 for an error before the
    // first character (an empty text); the location counts from 1 in either case.
    let location = Location::Text {
        line: error.line().max(1),
        column: error.column().max(1),
    };
    let message = error.to_string();
    let message = strip_position(&message);
    let message = if message.ends_with("recursion limit exceeded") {
        // serde_json stops at 128 levels of nesting, as serde_yaml does.
        "invalid JSON: nested more than 128 levels deep, which the JSON reader refuses; \
         move inner schemas into `components/schemas` and refer to them"
            .to_owned()
    } else {
        format!("invalid JSON: {message}")
    };
    SyntaxError { location, message }
}

/// serde_yaml and serde_json append " at line X column Y" to their messages; the location
/// is reported separately, so the suffix would only repeat it.
fn strip_position(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |at| &message[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(result: Result<Value, SyntaxError>) -> (String, String) {
        match result {
            Ok(value) => panic!("read {value:?}"),
            Err(error) => (error.location.to_string(), error.message),
        }
    }

    #[test]
    fn json_with_surrogate_pairs_is_read() {
        let value = tree("{\"title\": \"\\ud83d\\ude80 rocket\"}", "doc.json").unwrap();
        assert_eq!(value["title"].as_str(), Some("🚀 rocket"));
        // Whatever the name, a text that starts with `{` is JSON.
        let value = tree("\u{feff}\n  {\"a\": \"\\ud83d\\ude80\"}", "doc.txt").unwrap();
        assert_eq!(value["a"].as_str(), Some("🚀"));
    }

    #[test]
    fn json_syntax_errors_carry_line_and_column() {
        let (at, message) = location(tree("{\n  \"a\": 1,\n  \"b\": }\n", "doc.json"));
        assert_eq!(at, "3:8");
        assert!(
            message.starts_with("invalid JSON: expected value"),
            "{message}"
        );
        // A lone surrogate is not a character.
        let (at, message) = location(tree("{\"a\": \"\\ud800\"}", "doc.json"));
        assert!(at.starts_with("1:"), "{at}");
        assert!(message.starts_with("invalid JSON"), "{message}");
        let (_, message) = location(tree("", "doc.json"));
        assert!(message.starts_with("invalid JSON"), "{message}");
    }

    #[test]
    fn yaml_in_flow_style_is_still_yaml() {
        let value = tree("{openapi: 3.0.3, info: {title: t}}", "doc.yaml").unwrap();
        assert_eq!(value["info"]["title"].as_str(), Some("t"));
        // A `.json` name means JSON: the YAML reader is not asked.
        let (_, message) = location(tree("{openapi: 3.0.3}", "doc.json"));
        assert!(message.starts_with("invalid JSON"), "{message}");
    }

    #[test]
    fn deep_json_is_refused_with_a_location() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let (at, message) = location(tree(&text, "deep.json"));
        assert!(at.starts_with("1:12"), "{at}");
        assert!(message.contains("nested more than 128 levels"), "{message}");
    }
}
