//! Identifier hygiene, in one place: wire names -> Rust names (snake_case for values,
//! PascalCase for types), keywords escaped, and collisions resolved deterministically.

use heck::{ToPascalCase, ToSnakeCase};
use std::collections::BTreeSet;

/// Every Rust keyword, strict and reserved, including 2024's `gen`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so they get a `_` suffix instead of `r#`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Prelude names the generated code uses unqualified, which a generated type must not
/// shadow (a struct named `Send` would break `impl Stream + Send`).
const PRELUDE_TYPES: &[&str] = &[
    "Box", "Option", "Result", "String", "Vec", "Some", "None", "Ok", "Err", "Send", "Sync",
    "Sized", "Into", "From",
];

/// A snake_case value name (field, method, argument) for a wire name.
pub fn snake(wire: &str) -> String {
    let cleaned = ascii_words(wire);
    let name = cleaned.to_snake_case();
    finish(
        if name.is_empty() {
            "value".to_owned()
        } else {
            name
        },
        "n",
    )
}

/// A PascalCase type or variant name for a wire name.
pub fn pascal(wire: &str) -> String {
    let cleaned = ascii_words(wire);
    let name = cleaned.to_pascal_case();
    let name = if name.is_empty() {
        "Value".to_owned()
    } else {
        name
    };
    let name = if PRELUDE_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    };
    finish(name, "N")
}

/// Keeps ASCII letters and digits, turning every other character into a word break, so
/// `DateSent<`, `page-size` and `a.b` all convert cleanly and the result is a valid
/// identifier in every edition.
fn ascii_words(wire: &str) -> String {
    // Twilio filters such as `DateSent<` and `DateSent>` differ only in the comparison.
    let wire = wire.replace('<', " before ").replace('>', " after ");
    wire.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Prefixes names that start with a digit (an identifier cannot) and escapes keywords.
fn finish(name: String, digit_prefix: &str) -> String {
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Hands out unique names within one namespace: the first claim of a name gets it as is,
/// later claims get `2`, `3`, ... appended (with `_` for snake_case names). Claims are
/// made in document order, so the result is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A namer in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namer {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Claims `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(bare(&name).to_owned()) {
            return name;
        }
        // A type name takes the number directly (`Self2`, not `Self__2`, which rustc's
        // camel-case lint refuses); a value name after an underscore (`self_2`).
        let base = bare(&name).trim_end_matches('_');
        let base = if base.is_empty() { bare(&name) } else { base };
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Gives back a name claimed by mistake, so a later claim can have it.
    pub fn release(&mut self, name: &str) {
        self.taken.remove(bare(name));
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_stay_in_their_case_style() {
        let mut types = Namer::default();
        assert_eq!(types.claim("Self_".to_owned()), "Self_");
        assert_eq!(types.claim("Self_".to_owned()), "Self2");
        assert_eq!(types.claim("Thing".to_owned()), "Thing");
        assert_eq!(types.claim("Thing".to_owned()), "Thing2");
        let mut values = Namer::default();
        assert_eq!(values.claim("self_".to_owned()), "self_");
        assert_eq!(values.claim("self_".to_owned()), "self_2");
        assert_eq!(values.claim("value".to_owned()), "value");
        assert_eq!(values.claim("value".to_owned()), "value_2");
    }

    #[test]
    fn converts_case_and_escapes_keywords() {
        assert_eq!(snake("PageSize"), "page_size");
        assert_eq!(snake("assistantId"), "assistant_id");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("DateSent<"), "date_sent_before");
        assert_eq!(snake("DateSent>"), "date_sent_after");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake("***"), "value");
        assert_eq!(
            pascal("assistants.v1.service.tool"),
            "AssistantsV1ServiceTool"
        );
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(pascal("option"), "OptionModel");
        assert_eq!(pascal("send"), "SendModel");
        assert_eq!(pascal("2010-04-01"), "N20100401");
        assert_eq!(pascal("é"), "Value");
    }

    #[test]
    fn namer_numbers_collisions_in_claim_order() {
        let mut namer = Namer::with_reserved(&["send"]);
        assert_eq!(namer.claim("send".into()), "send_2");
        assert_eq!(namer.claim("page_size".into()), "page_size");
        assert_eq!(namer.claim("page_size".into()), "page_size_2");
        assert_eq!(namer.claim("Tool".into()), "Tool");
        assert_eq!(namer.claim("Tool".into()), "Tool2");
        assert_eq!(namer.claim("r#type".into()), "r#type");
        assert_eq!(namer.claim("r#type".into()), "type_2");
    }
}
