//! Sample values for the contract harness ([`crate::contract`]): for a parameter or a
//! schema of the document, one JSON value it accepts. The document's own `example` or
//! `examples` come first; otherwise the value is made from the schema: the first `enum`
//! value, a string in the declared `format`, a string that matches the `pattern` (made by
//! walking the pattern's syntax tree: the first alternative, the first letter or digit of
//! a class, the fewest repetitions but one), numbers inside `minimum`/`maximum` and a
//! multiple of `multipleOf`, lengths inside `minLength`/`maxLength` and `minItems`.
//!
//! It reads the document as JSON rather than as `openapiv3` types, because the pointers
//! the IR carries ([`crate::ir::Operation::source`], [`crate::ir::PathParam::source`])
//! address it that way, and `$ref`s are JSON pointers into it too.

use serde_json::{json, Map, Value};

/// How deep a sample nests objects, arrays and compositions; deeper, an object is empty
/// and anything else the plain string. (A schema that contains itself through a `$ref`
/// ends sooner: see [`Sampler::sample`].)
const MAX_DEPTH: usize = 24;

/// The string sampled when nothing in the schema asks for another.
const PLAIN: &str = "contract";

/// Where a parameter goes, as the document's `in` says it.
pub type In<'a> = &'a str;

/// Sample values for one document.
pub struct Sampler<'d> {
    document: &'d Value,
    /// The `$ref`s being sampled, outermost first: one met again inside itself is a cycle.
    expanding: std::cell::RefCell<Vec<String>>,
}

impl<'d> Sampler<'d> {
    /// A sampler over `document`, the whole OpenAPI document as JSON.
    pub fn new(document: &'d Value) -> Self {
        Sampler {
            document,
            expanding: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The value at the JSON pointer `pointer` (`#/paths/...` or `/paths/...`), following
    /// a `$ref` found there.
    pub fn at(&self, pointer: &str) -> Option<&'d Value> {
        let found = self.document.pointer(pointer.trim_start_matches('#'))?;
        Some(self.follow(found))
    }

    /// `value` itself, or what its `$ref` chain ends at (at most 32 hops).
    fn follow(&self, value: &'d Value) -> &'d Value {
        let mut value = value;
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            match self
                .document
                .pointer(reference.trim_start_matches('#'))
                .filter(|_| reference.starts_with('#'))
            {
                Some(target) => value = target,
                None => return value,
            }
        }
        value
    }

    /// The parameter `name` in `location` of the operation at `operation` (a pointer to
    /// the operation object): the operation's own declaration, or its path item's.
    pub fn parameter(&self, operation: &str, location: In<'_>, name: &str) -> Option<&'d Value> {
        let path_item = operation.rsplit_once('/').map(|(item, _)| item)?;
        [operation, path_item].into_iter().find_map(|at| {
            self.at(at)?
                .get("parameters")?
                .as_array()?
                .iter()
                .map(|parameter| self.follow(parameter))
                .find(|parameter| {
                    parameter.get("in").and_then(Value::as_str) == Some(location)
                        && parameter.get("name").and_then(Value::as_str) == Some(name)
                })
        })
    }

    /// A value for a parameter object: its `example`, the first of its `examples`, or a
    /// sample of its schema.
    pub fn parameter_value(&self, parameter: &Value) -> Value {
        let schema = parameter.get("schema").map(|schema| self.follow(schema));
        let example = self
            .example_of(parameter)
            .and_then(|example| fitted(example, schema.unwrap_or(&Value::Null)));
        match (example, schema) {
            (Some(example), _) => example,
            (None, Some(schema)) => self.sample(schema),
            (None, None) => json!(PLAIN),
        }
    }

    /// The element name of an XML body: the body schema's `xml.name`, else the name of the
    /// component it refers to, else `root`.
    pub fn xml_name(&self, operation: &str, content_type: &str) -> String {
        let schema = self.at(operation).and_then(|operation| {
            let body = self.follow(operation.get("requestBody")?);
            body.get("content")?.get(content_type)?.get("schema")
        });
        let Some(schema) = schema else {
            return "root".to_owned();
        };
        let declared = self
            .follow(schema)
            .get("xml")
            .and_then(|xml| xml.get("name"))
            .and_then(Value::as_str);
        let component = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.rsplit('/').next());
        declared.or(component).unwrap_or("root").to_owned()
    }

    /// The schema of the request body of the operation at `operation` in `content_type`.
    pub fn body_schema(&self, operation: &str, content_type: &str) -> Option<&'d Value> {
        let body = self.follow(self.at(operation)?.get("requestBody")?);
        let media = body.get("content")?.get(content_type)?;
        media.get("schema").map(|schema| self.follow(schema))
    }

    /// The properties an object schema requires through its first `anyOf`/`oneOf`
    /// alternative when the alternatives only list `required` names (OpenAI's file batch:
    /// `anyOf: [{required: [file_ids]}, {required: [files]}]`): a request must set them,
    /// though no one of them is required alone.
    pub fn alternative_required(&self, schema: &Value) -> Vec<String> {
        let schema = self.follow(schema);
        let first = ["anyOf", "oneOf"]
            .iter()
            .filter_map(|key| schema.get(*key)?.as_array()?.first())
            .map(|member| self.follow(member))
            .find(|member| member.get("type").is_none() && member.get("properties").is_none());
        first
            .and_then(|member| member.get("required")?.as_array())
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The schema of the property `name` of the object schema `schema`, looking into
    /// `allOf`, `oneOf` and `anyOf` members.
    pub fn property(&self, schema: &'d Value, name: &str) -> Option<&'d Value> {
        self.property_within(schema, name, 0)
    }

    fn property_within(&self, schema: &'d Value, name: &str, depth: usize) -> Option<&'d Value> {
        let schema = self.follow(schema);
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(found) = schema
            .get("properties")
            .and_then(|properties| properties.get(name))
        {
            return Some(self.follow(found));
        }
        ["allOf", "oneOf", "anyOf"]
            .iter()
            .filter_map(|key| schema.get(*key)?.as_array())
            .flatten()
            .find_map(|member| self.property_within(member, name, depth + 1))
    }

    /// The document's example for `item` (a schema, a parameter or a media type), when it
    /// gives one: `example`, or the first of `examples` (a list in a 3.1 schema, a map of
    /// example objects elsewhere).
    fn example_of(&self, item: &Value) -> Option<Value> {
        if let Some(example) = item.get("example").filter(|example| !example.is_null()) {
            return Some(example.clone());
        }
        match item.get("examples")? {
            Value::Array(list) => list.first().cloned(),
            Value::Object(named) => named
                .values()
                .find_map(|example| self.follow(example).get("value").cloned()),
            _ => None,
        }
    }

    /// A value that `schema` accepts. A `$ref` met again inside its own sample (a schema
    /// that is its own member, `allOf: [$ref: self]`, or contains itself) gives the plain
    /// string there, so each component is taken apart once per path and the work stays
    /// linear in the document.
    pub fn sample(&self, schema: &Value) -> Value {
        self.sample_within(schema, 0)
    }

    fn sample_within(&self, schema: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json!(PLAIN);
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| self.document.pointer(pointer));
            let cycle = self.expanding.borrow().iter().any(|seen| seen == reference);
            let Some(target) = target.filter(|_| !cycle) else {
                return json!(PLAIN);
            };
            self.expanding.borrow_mut().push(reference.to_owned());
            let value = self.sample_within(target, depth);
            self.expanding.borrow_mut().pop();
            return value;
        }
        if let Some(example) = self
            .example_of(schema)
            .and_then(|example| fitted(example, schema))
        {
            return example;
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|value| !value.is_null()))
        {
            return first.clone();
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        for key in ["oneOf", "anyOf"] {
            let alternatives = schema.get(key).and_then(Value::as_array);
            if let Some(first) = alternatives.and_then(|list| {
                list.iter()
                    .find(|member| self.follow(member).get("type") != Some(&json!("null")))
            }) {
                return self.sample_within(first, depth + 1);
            }
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(schema, members, depth);
        }
        match type_of(schema) {
            "string" => string(schema),
            "integer" => integer(schema),
            "number" => number(schema),
            "boolean" => json!(true),
            "array" => self.array(schema, depth),
            "object" => self.object(schema, depth),
            _ => json!(PLAIN),
        }
    }

    /// An `allOf`: the members' object samples merged, or the first member's sample when
    /// they are not objects.
    fn all_of(&self, schema: &Value, members: &[Value], depth: usize) -> Value {
        let own = (schema.get("properties").is_some()).then(|| self.object(schema, depth));
        let samples: Vec<Value> = members
            .iter()
            .map(|member| self.sample_within(member, depth + 1))
            .chain(own)
            .collect();
        // The objects merged, when a member is one (a member that is the schema itself
        // gave the plain string); else the first member's value.
        let mut objects = samples.iter().filter_map(Value::as_object).peekable();
        if objects.peek().is_none() {
            return samples.into_iter().next().unwrap_or(json!(PLAIN));
        }
        let mut merged = Map::new();
        for fields in objects {
            merged.extend(fields.clone());
        }
        Value::Object(merged)
    }

    /// An array of two items (or `minItems`, or `maxItems` when that is one): with one
    /// item, an array in a form body or query (`Tag=a`) is the same on the wire as a single
    /// value, and a server that reads it without the schema's help sees a string. Nested
    /// deeper than a property, an array has its `minItems` (often none), which also ends a
    /// schema that contains itself through an array.
    fn array(&self, schema: &Value, depth: usize) -> Value {
        let max = schema.get("maxItems").and_then(Value::as_u64).unwrap_or(2);
        let min = schema.get("minItems").and_then(Value::as_u64);
        let count = match depth {
            0 | 1 => min.unwrap_or(2).max(2).min(max.max(1)),
            _ => min.unwrap_or(0),
        };
        if depth >= MAX_DEPTH {
            return json!([]);
        }
        let item = match schema.get("items") {
            Some(items) => self.sample_within(items, depth + 1),
            None => json!(PLAIN),
        };
        // Distinct items for `uniqueItems`, where the item is a string or a number (a
        // string's pattern may then not hold); equal ones otherwise.
        let unique = schema.get("uniqueItems") == Some(&json!(true));
        let items = (0..count.min(16)).map(|index| match (&item, index) {
            (_, 0) => item.clone(),
            (Value::String(text), _) if unique => json!(format!("{text}{index}")),
            (Value::Number(number), _) if unique => {
                json!(number.as_i64().unwrap_or(0) + index as i64)
            }
            _ => item.clone(),
        });
        Value::Array(items.collect())
    }

    /// An object with its required properties (and none that are `readOnly`), and one
    /// entry for a map.
    fn object(&self, schema: &Value, depth: usize) -> Value {
        let mut fields = Map::new();
        if depth >= MAX_DEPTH {
            return Value::Object(fields);
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let read_only = self.follow(property).get("readOnly") == Some(&json!(true));
                if required.contains(&name.as_str()) && !read_only {
                    fields.insert(name.clone(), self.sample_within(property, depth + 1));
                }
            }
        }
        if fields.is_empty() {
            if let Some(values) = schema
                .get("additionalProperties")
                .filter(|values| values.is_object())
            {
                fields.insert("key".to_owned(), self.sample_within(values, depth + 1));
            }
        }
        Value::Object(fields)
    }
}

/// `value` as an XML element named `name` (a schema's `xml.name`, or its component's
/// name): an object's properties as child elements, an array's items as repeated elements
/// named after the property (OpenAPI's default, unwrapped), text escaped.
pub fn xml(name: &str, value: &Value) -> String {
    let mut out = String::new();
    write_xml(name, value, &mut out);
    out
}

fn write_xml(name: &str, value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| write_xml(name, item, out)),
        Value::Object(fields) => {
            out.push_str(&format!("<{name}>"));
            for (field, value) in fields {
                write_xml(field, value, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::String(text) => {
            let text = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            out.push_str(&format!("<{name}>{text}</{name}>"));
        }
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

/// The document's `example` when it fits the schema's type and format, converted where
/// it is the text of a value (`"true"` for a boolean, `"5"` for an integer, which
/// examples of query parameters often are); `None` when it does not fit, and the sample
/// is made from the schema instead.
fn fitted(example: Value, schema: &Value) -> Option<Value> {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    match (type_of(schema), example) {
        ("boolean", Value::String(text)) => text.parse::<bool>().ok().map(Value::Bool),
        ("integer", Value::String(text)) => text.parse::<i64>().ok().map(|number| json!(number)),
        ("number", Value::String(text)) => text.parse::<f64>().ok().map(|number| json!(number)),
        ("string", Value::String(text)) => {
            let fits = match format {
                "date-time" => looks_like_date_time(&text),
                "date" => text.len() == 10 && looks_like_date_time(&format!("{text}T00:00:00Z")),
                _ => true,
            };
            fits.then_some(Value::String(text))
        }
        ("string", _) => None,
        ("boolean", example @ Value::Bool(_)) => Some(example),
        ("integer" | "number", example @ Value::Number(_)) => Some(example),
        ("boolean" | "integer" | "number", _) => None,
        ("array", example @ Value::Array(_)) => Some(example),
        ("object", example @ Value::Object(_)) => Some(example),
        ("array" | "object", _) => None,
        (_, example) => Some(example),
    }
}

/// Whether `text` has the shape of an RFC 3339 date-time: `2024-01-02T03:04:05` with a
/// zone (`Z` or an offset) and optional fractions.
fn looks_like_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let zone = text
        .get(19..)
        .map(|rest| rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit()))
        .is_some_and(|zone| {
            zone == "Z"
                || zone == "z"
                || (zone.len() == 6 && (zone.starts_with('+') || zone.starts_with('-')))
        });
    digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(bytes.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && digits(14..16)
        && digits(17..19)
        && zone
}

/// The schema's type: `type` (the first that is not `null` of a 3.1 list), or what its
/// keywords imply.
fn type_of(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(ty)) => ty,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|ty| *ty != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
            "object"
        }
        _ if schema.get("items").is_some() => "array",
        _ => "",
    }
}

/// A string in the schema's `format`, else matching its `pattern`, at least `minLength`
/// and at most `maxLength` long.
fn string(schema: &Value) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let formatted = match format {
        "date-time" => Some("2024-01-02T03:04:05Z"),
        "date" => Some("2024-01-02"),
        "time" => Some("03:04:05Z"),
        "uri" | "url" | "uri-reference" | "iri" | "iri-reference" => {
            Some("https://example.com/contract")
        }
        "email" | "idn-email" => Some("contract@example.com"),
        "uuid" => Some("8c2a9e4e-3b1f-4d5a-9f0e-1a2b3c4d5e6f"),
        "ipv4" => Some("192.0.2.1"),
        "ipv6" => Some("2001:db8::1"),
        "hostname" | "idn-hostname" => Some("example.com"),
        "byte" => Some("Y29udHJhY3Q="),
        "phone-number" => Some("+15005550006"),
        _ => None,
    };
    if let Some(formatted) = formatted {
        return json!(formatted);
    }
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|max| max as usize);
    if let Some(matching) = schema
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(matching)
    {
        return json!(matching);
    }
    let mut text = PLAIN.to_owned();
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    json!(text)
}

fn integer(schema: &Value) -> Value {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| schema.get(key) == Some(&json!(true));
    // 3.1 writes exclusive bounds as numbers, 3.0 as flags beside `minimum`/`maximum`.
    let low = match (bound("minimum"), bound("exclusiveMinimum")) {
        (_, Some(low)) => Some(low.floor() as i64 + 1),
        (Some(low), None) if exclusive("exclusiveMinimum") => Some(low.floor() as i64 + 1),
        (Some(low), None) => Some(low.ceil() as i64),
        (None, None) => None,
    };
    let high = match (bound("maximum"), bound("exclusiveMaximum")) {
        (_, Some(high)) => Some(high.ceil() as i64 - 1),
        (Some(high), None) if exclusive("exclusiveMaximum") => Some(high.ceil() as i64 - 1),
        (Some(high), None) => Some(high.floor() as i64),
        (None, None) => None,
    };
    let mut value = match (low, high) {
        (Some(low), _) => low.max(1).min(high.unwrap_or(i64::MAX)),
        (None, Some(high)) => high.min(1),
        (None, None) => 1,
    };
    if let Some(step) = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .map(|step| step as i64)
        .filter(|step| *step > 0)
    {
        value = (value + step - 1).div_euclid(step) * step;
    }
    json!(value)
}

fn number(schema: &Value) -> Value {
    if schema.get("multipleOf").is_some() {
        return integer(schema);
    }
    let low = schema.get("minimum").and_then(Value::as_f64);
    let high = schema.get("maximum").and_then(Value::as_f64);
    let value = match (low, high) {
        (Some(low), Some(high)) => (low + high) / 2.0,
        (Some(low), None) => low.max(0.0) + 1.0,
        (None, Some(high)) => high - 1.0,
        (None, None) => 1.5,
    };
    json!(value)
}

/// A string that matches the ECMAScript `pattern`, or `None` when the pattern is not one
/// `regex-syntax` reads (lookarounds, backreferences).
pub fn matching(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    write_match(&hir, &mut out);
    Some(out)
}

fn write_match(hir: &regex_syntax::hir::Hir, out: &mut String) {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class
                .ranges()
                .iter()
                .map(|range| (range.start(), range.end()));
            out.extend(pick(ranges));
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges = class
                .ranges()
                .iter()
                .map(|range| (char::from(range.start()), char::from(range.end())));
            out.extend(pick(ranges));
        }
        HirKind::Repetition(repetition) => {
            let count = repetition
                .min
                .max(1)
                .min(repetition.max.unwrap_or(u32::MAX));
            for _ in 0..count {
                write_match(&repetition.sub, out);
            }
        }
        HirKind::Capture(capture) => write_match(&capture.sub, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| write_match(part, out)),
        HirKind::Alternation(alternatives) => {
            if let Some(first) = alternatives.first() {
                write_match(first, out);
            }
        }
    }
}

/// The character a class contributes: a lowercase letter, else a digit, an uppercase
/// letter, a printable ASCII character, or the first it allows, in that order.
fn pick(ranges: impl Iterator<Item = (char, char)> + Clone) -> Option<char> {
    let preferred = [('a', 'z'), ('0', '9'), ('A', 'Z'), ('!', '~')];
    preferred
        .iter()
        .find_map(|(low, high)| {
            ranges.clone().find_map(|(start, end)| {
                let start = start.max(*low);
                (start <= end.min(*high)).then_some(start)
            })
        })
        .or_else(|| ranges.clone().next().map(|(start, _)| start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_get_matching_strings() {
        let sid = matching("^AC[0-9a-fA-F]{32}$").unwrap();
        assert_eq!(sid, format!("AC{}", "a".repeat(32)));
        assert_eq!(matching("^(SM|MM)[0-9a-f]{2}$").unwrap(), "SMaa");
        assert_eq!(matching(r"^\+?[1-9]\d{1,14}$").unwrap(), "+10");
        assert_eq!(matching("^[^/]+$").unwrap(), "a");
        assert_eq!(matching("x*y?").unwrap(), "xy");
        assert_eq!(matching("(?=x)"), None);
    }

    #[test]
    fn numbers_stay_inside_their_bounds() {
        let sample = |schema: Value| Sampler::new(&Value::Null).sample(&schema);
        assert_eq!(sample(json!({"type": "integer", "minimum": 5})), json!(5));
        assert_eq!(
            sample(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true})),
            json!(6)
        );
        assert_eq!(sample(json!({"type": "integer", "maximum": 0})), json!(0));
        assert_eq!(
            sample(json!({"type": "integer", "minimum": 1, "multipleOf": 15})),
            json!(15)
        );
        assert_eq!(
            sample(json!({"type": "number", "minimum": 0, "maximum": 1})),
            json!(0.5)
        );
    }

    #[test]
    fn examples_enums_and_formats_come_before_made_up_values() {
        let document = json!({"components": {"schemas": {
            "Kind": {"type": "string", "enum": ["b", "a"]},
            "Box": {"type": "object", "required": ["kind", "id"], "properties": {
                "kind": {"$ref": "#/components/schemas/Kind"},
                "id": {"type": "string", "readOnly": true},
                "at": {"type": "string", "format": "date-time"},
                "size": {"type": "integer", "example": 7}
            }}
        }}});
        let sampler = Sampler::new(&document);
        let boxed = json!({"$ref": "#/components/schemas/Box"});
        assert_eq!(sampler.sample(&boxed), json!({"kind": "b"}));
        let schema = sampler.at("#/components/schemas/Box").unwrap();
        let size = sampler.property(schema, "size").unwrap();
        assert_eq!(sampler.sample(size), json!(7));
        let at = sampler.property(schema, "at").unwrap();
        assert_eq!(sampler.sample(at), json!("2024-01-02T03:04:05Z"));
        let text = json!({"type": "string", "minLength": 10, "maxLength": 12});
        assert_eq!(sampler.sample(&text), json!("contractxx"));
    }

    #[test]
    fn examples_that_do_not_fit_their_schema_give_way() {
        let sampler = Sampler::new(&Value::Null);
        let flag = json!({"in": "query", "name": "Beta", "schema": {"type": "boolean"}, "example": "true"});
        assert_eq!(sampler.parameter_value(&flag), json!(true));
        let date = json!({"type": "string", "format": "date-time", "example": "2008-01-02"});
        assert_eq!(sampler.sample(&date), json!("2024-01-02T03:04:05Z"));
        let good = json!({"type": "string", "format": "date-time", "example": "2008-01-02T10:00:00+01:00"});
        assert_eq!(sampler.sample(&good), json!("2008-01-02T10:00:00+01:00"));
        let count = json!({"type": "integer", "example": "many"});
        assert_eq!(sampler.sample(&count), json!(1));
    }

    #[test]
    fn schemas_that_contain_themselves_end_and_deep_ones_do_not() {
        let document = json!({"components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
            "B": {"type": "object", "required": ["b", "next"], "properties": {
                "b": {"type": "integer", "enum": [512]},
                "next": {"$ref": "#/components/schemas/B"}
            }},
            "Deep": {"oneOf": [{"type": "object", "required": ["source"], "properties": {
                "source": {"allOf": [{"oneOf": [{"allOf": [{"$ref": "#/components/schemas/B"}]}]}]}
            }}]}
        }}});
        let sampler = Sampler::new(&document);
        let a = sampler.sample(&json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(a, json!({"b": 512, "next": "contract"}));
        let deep = sampler.sample(&json!({"$ref": "#/components/schemas/Deep"}));
        assert_eq!(deep["source"]["b"], json!(512));
    }

    #[test]
    fn alternatives_that_only_require_name_what_a_request_must_set() {
        let sampler = Sampler::new(&Value::Null);
        let batch = json!({"type": "object",
            "properties": {"file_ids": {"type": "array"}, "files": {"type": "array"}},
            "anyOf": [{"required": ["file_ids"]}, {"required": ["files"]}]});
        assert_eq!(sampler.alternative_required(&batch), ["file_ids"]);
        let typed = json!({"oneOf": [{"type": "object", "required": ["a"]}]});
        assert!(sampler.alternative_required(&typed).is_empty());
    }

    #[test]
    fn xml_bodies_are_elements_with_repeated_items() {
        let pet = json!({"name": "a<b", "photoUrls": ["x", "y"], "id": 1});
        assert_eq!(
            xml("Pet", &pet),
            "<Pet><id>1</id><name>a&lt;b</name><photoUrls>x</photoUrls><photoUrls>y</photoUrls></Pet>"
        );
    }

    #[test]
    fn arrays_have_two_items_distinct_when_unique() {
        let sampler = Sampler::new(&Value::Null);
        let tags = json!({"type": "array", "items": {"type": "string"}});
        assert_eq!(sampler.sample(&tags), json!(["contract", "contract"]));
        let unique = json!({"type": "array", "uniqueItems": true, "items": {"type": "string"}});
        assert_eq!(sampler.sample(&unique), json!(["contract", "contract1"]));
        let one = json!({"type": "array", "maxItems": 1, "items": {"type": "integer"}});
        assert_eq!(sampler.sample(&one), json!([1]));
    }
}
