//! `application/x-www-form-urlencoded` request bodies in Twilio's conventions: one pair per
//! property under its wire name (`FriendlyName=...`), an array as the same key repeated
//! (`Tags=a&Tags=b`), booleans as `true`/`false`, dates as ISO 8601 text, absent and null
//! properties left out, and a nested object sent as its JSON text (how Twilio takes
//! parameters such as `Attributes`).

use super::call::Call;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// What a form value keeps as it is: letters, digits and `*-._`, as HTML forms do.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

impl Call {
    /// Sets an `application/x-www-form-urlencoded` body, in the conventions above.
    pub fn form(&mut self, body: &impl Serialize) {
        self.set_body("application/x-www-form-urlencoded", encode(body));
    }
}

/// The form encoding of `body`, which must serialize to a JSON object.
pub(crate) fn encode(body: &impl Serialize) -> Result<Vec<u8>, String> {
    let Value::Object(fields) = serde_json::to_value(body).map_err(|error| error.to_string())?
    else {
        return Err("a form body must be an object".to_owned());
    };
    let mut out = String::new();
    for (name, value) in &fields {
        field(&mut out, name, value);
    }
    Ok(out.into_bytes())
}

/// Writes the property `name` in the conventions above: nothing for `null`, a pair per
/// element for an array, one pair otherwise.
pub(crate) fn field(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                pair(out, name, &text(item));
            }
        }
        value => pair(out, name, &text(value)),
    }
}

/// A value as the text of one pair: a string as itself, numbers and booleans as they
/// print, objects (and arrays inside arrays) as JSON text. The parameter styles write
/// scalars with it too.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Appends `name=text`, both percent-encoded, to a form body.
pub(crate) fn pair(out: &mut String, name: &str, text: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    out.extend(utf8_percent_encode(name, FORM));
    out.push('=');
    out.extend(utf8_percent_encode(text, FORM));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_follow_twilios_conventions() {
        let body = json!({
            "FriendlyName": "a b&c=d",
            "Tags": ["x", "y"],
            "Enabled": true,
            "Count": 3,
            "Skipped": null,
            "Attributes": {"k": 1}
        });
        let text = String::from_utf8(encode(&body).expect("an object encodes")).unwrap();
        assert_eq!(
            text,
            "Attributes=%7B%22k%22%3A1%7D&Count=3&Enabled=true&FriendlyName=a%20b%26c%3Dd\
             &Tags=x&Tags=y"
        );
        assert!(encode(&json!([1])).is_err());
    }
}
