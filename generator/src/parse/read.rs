//! Stage 1, parse, its first step: the document's text -> a `serde_yaml::Value` tree.
//!
//! A text that is JSON (named `.json`, or starting with `{`) is read by serde_json, which
//! is several times faster than the YAML reader on the multi-megabyte documents vendors
//! publish as JSON, and reads what the YAML reader refuses in valid JSON: surrogate-pair
//! escapes such as `"\ud83d\ude80"`, which Python's `json` writes for every emoji. Any other
//! text is read as YAML. Both readers report syntax errors with a line and column.
//!
//! Both build the tree through [`Tree`] rather than `serde_yaml::Value`'s own reader, for
//! one difference: an integer beyond 64 bits (OpenAI's documents bound an integer with
//! `minimum: -9223372036854776000`) becomes a float instead of an error that hides every
//! other problem of the document.

use crate::error::Location;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::fmt;

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
    match serde_json::from_str::<Tree>(json_text) {
        Ok(Tree(value)) => Ok(value),
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
    serde_yaml::from_str(text)
        .map(|Tree(value)| value)
        .map_err(|error| {
            let location = error
                .location()
                .map_or(Location::Text { line: 1, column: 1 }, |at| Location::Text {
                    line: at.line(),
                    column: at.column(),
                });
            let message = syntax_message("YAML", strip_position(&error.to_string()));
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
    let message = syntax_message("JSON", strip_position(&error.to_string()));
    SyntaxError { location, message }
}

/// The message of a syntax error of the `format` reader.
fn syntax_message(format: &str, message: &str) -> String {
    if message.ends_with("recursion limit exceeded") {
        // serde_yaml and serde_json stop at 128 levels of nesting rather than overflow
        // the stack.
        format!(
            "invalid {format}: nested more than 128 levels deep, which the {format} reader \
             refuses; move inner schemas into `components/schemas` and refer to them"
        )
    } else {
        format!("invalid {format}: {message}")
    }
}

/// A value tree read by either reader: what `serde_yaml::Value` reads, the same in every
/// other respect (tags, refused duplicate keys and their message), except that integers
/// beyond 64 bits become floats.
struct Tree(Value);

impl<'de> de::Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        Ok(match (i64::try_from(value), u64::try_from(value)) {
            (Ok(small), _) => Value::Number(small.into()),
            (_, Ok(unsigned)) => Value::Number(unsigned.into()),
            // Every bound and value an OpenAPI document holds fits a float's precision
            // for what the generator makes of it: an integer bound this far out is
            // clamped to i64's range anyway (see `bounds`).
            _ => Value::Number((value as f64).into()),
        })
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number((value as f64).into()),
        })
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut sequence = Vec::with_capacity(items.size_hint().unwrap_or(0).min(4096));
        while let Some(Tree(item)) = items.next_element()? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        use serde_yaml::mapping::Entry;
        let mut mapping = Mapping::new();
        while let Some(Tree(key)) = entries.next_key()? {
            match mapping.entry(key) {
                Entry::Occupied(entry) => {
                    return Err(de::Error::custom(duplicate_key(entry.key())));
                }
                Entry::Vacant(entry) => {
                    let Tree(value) = entries.next_value()?;
                    entry.insert(value);
                }
            }
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess as _;
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let value = contents.newtype_variant_seed(TreeSeed)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// [`Tree`] as a seed, for the value of a tagged node.
struct TreeSeed;

impl<'de> DeserializeSeed<'de> for TreeSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

/// serde_yaml's message for a key given twice, word for word.
fn duplicate_key(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_owned(),
        Value::Bool(boolean) => format!("duplicate entry with key `{boolean}`"),
        Value::Number(number) => format!("duplicate entry with key {number}"),
        Value::String(string) => format!("duplicate entry with key {string:?}"),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
            "duplicate entry in YAML map".to_owned()
        }
    }
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
    fn integers_beyond_64_bits_become_floats() {
        let yaml =
            "a: -9223372036854776000\nb: 18446744073709551616\nc: 18446744073709551615\nd: 3\n";
        let json = "{\"a\": -9223372036854776000, \"b\": 18446744073709551616, \"c\": 18446744073709551615, \"d\": 3}";
        for (text, source) in [(yaml, "big.yaml"), (json, "big.json")] {
            let value = tree(text, source).unwrap();
            assert_eq!(
                value["a"].as_f64(),
                Some(-9223372036854776000.0),
                "{source}"
            );
            assert!(value["a"].is_f64(), "{source}");
            assert_eq!(
                value["b"].as_f64(),
                Some(18446744073709551616.0),
                "{source}"
            );
            assert_eq!(value["c"].as_u64(), Some(u64::MAX), "{source}");
            assert_eq!(value["d"].as_i64(), Some(3), "{source}");
        }
    }

    /// The tree is the one `serde_yaml::Value` reads: tags, merge keys left for later, and
    /// the same message for a duplicate key.
    #[test]
    fn yaml_reads_as_serde_yaml_reads_it() {
        let text = "a: !tagged {b: [1, -2, 2.5, ~, true, x]}\n? [k]\n: &x {c: 1}\nd: {<<: *x}\n";
        assert_eq!(
            tree(text, "t.yaml").unwrap(),
            serde_yaml::from_str::<Value>(text).unwrap()
        );
        let text = "a: 1\nb: 2\na: 3\n";
        let expected = serde_yaml::from_str::<Value>(text).unwrap_err().to_string();
        let (_, message) = location(tree(text, "t.yaml"));
        assert_eq!(
            message,
            format!("invalid YAML: {}", strip_position(&expected))
        );
        let (_, message) = location(tree("{\"a\": 1, \"a\": 2}", "t.json"));
        assert!(
            message.contains("duplicate entry with key \"a\""),
            "{message}"
        );
    }

    #[test]
    fn deep_json_is_refused_with_a_location() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let (at, message) = location(tree(&text, "deep.json"));
        assert!(at.starts_with("1:12"), "{at}");
        assert!(message.contains("nested more than 128 levels"), "{message}");
    }
}
