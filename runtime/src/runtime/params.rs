//! Parameters in the styles OpenAPI names with `style` and `explode`, for values that are
//! more than one scalar: arrays joined by a delimiter, objects and maps as pairs
//! (`form`), as `name[key]=value` (`deepObject`) or as one list (`simple`), and cookies.
//! Form request bodies whose encoding object gives a property a style use the same rules
//! ([`Call::form_styled`]).
//!
//! A value a style cannot write exactly (an object inside a `form` object, an array of
//! objects joined by commas) refuses the call before it is sent.

use super::call::Call;
use super::form::text;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// How a parameter value is written, from the document's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form` exploded (the default of query parameters): an array as the name repeated
    /// (`id=1&id=2`), an object as one pair per property (`state=open&sort=asc`).
    Form,
    /// `form` with `explode: false`: `id=1,2`; an object as `filter=state,open,sort,asc`.
    FormJoined,
    /// `simple` (the style of headers): `1,2`; an object as `state,open,sort,asc`.
    Simple,
    /// `simple` exploded: an object as `state=open,sort=asc`.
    SimpleExploded,
    /// `spaceDelimited`: `id=1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// `deepObject`: `filter[state]=open`, nested objects as `a[b][c]=v`. OpenAPI leaves
    /// arrays undefined here; they are written as Stripe's APIs and Rails-style servers
    /// read them: `expand[]=a&expand[]=b`, and an array of objects with indices
    /// (`items[0][price]=p`). A scalar is written as `name=value`.
    DeepObject,
}

impl Style {
    /// The style's name in the document, for error messages.
    fn name(self) -> &'static str {
        match self {
            Style::Form | Style::FormJoined => "form",
            Style::Simple | Style::SimpleExploded => "simple",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
        }
    }

    /// The delimiter of a joined array or object.
    fn delimiter(self) -> &'static str {
        match self {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            _ => ",",
        }
    }
}

/// The pairs of a parameter: a name (owned when the style makes it) and a value.
type Pairs = Vec<(Cow<'static, str>, String)>;

impl Call {
    /// Adds the query parameter `name` written in `style`.
    pub fn query_styled(&mut self, name: &'static str, style: Style, value: &impl Serialize) {
        match pairs(Cow::Borrowed(name), style, value) {
            Ok(pairs) => self.query.extend(pairs),
            Err(why) => self.invalid = Some(why),
        }
    }

    /// Adds the header parameter `name` written in `style` (`simple`, exploded or not),
    /// which makes one value.
    pub fn header_styled(&mut self, name: &'static str, style: Style, value: &impl Serialize) {
        match pairs(Cow::Borrowed(name), style, value) {
            Ok(pairs) => {
                for (_, value) in pairs {
                    self.headers.push((name, value));
                }
            }
            Err(why) => self.invalid = Some(why),
        }
    }

    /// Adds the cookie parameter `name` (`form` style: a scalar, or an array as its
    /// elements joined by commas) to the request's one `Cookie` header; each value is
    /// percent-encoded.
    pub fn cookie(&mut self, name: &'static str, value: &impl Serialize) {
        let encode = |value: &Value| {
            scalar(name, Style::FormJoined, value)
                .map(|text| utf8_percent_encode(&text, COOKIE).to_string())
        };
        let text = match serde_json::to_value(value) {
            Ok(Value::Null) => return,
            Ok(Value::Array(items)) => items
                .iter()
                .map(encode)
                .collect::<Result<Vec<_>, _>>()
                .map(|texts| texts.join(",")),
            Ok(value) => encode(&value),
            Err(error) => Err(format!("`{name}` cannot be written: {error}")),
        };
        let pair = match text {
            Ok(text) => format!("{name}={text}"),
            Err(why) => {
                self.invalid = Some(why);
                return;
            }
        };
        match self
            .headers
            .iter_mut()
            .find(|(header, _)| *header == "cookie")
        {
            Some((_, cookies)) => {
                cookies.push_str("; ");
                cookies.push_str(&pair);
            }
            None => self.headers.push(("cookie", pair)),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body whose properties listed in
    /// `styles` (from the document's encoding object) are written in their style, such as
    /// `metadata[order]=6735` for `deepObject`; the others as [`Call::form`] writes them.
    pub fn form_styled(&mut self, body: &impl Serialize, styles: &[(&str, Style)]) {
        self.set_body("application/x-www-form-urlencoded", form(body, styles));
    }
}

/// The form body of [`Call::form_styled`].
fn form(body: &impl Serialize, styles: &[(&str, Style)]) -> Result<Vec<u8>, String> {
    let Value::Object(fields) = serde_json::to_value(body).map_err(|error| error.to_string())?
    else {
        return Err("a form body must be an object".to_owned());
    };
    let mut out = String::new();
    for (name, value) in &fields {
        match styles.iter().find(|(styled, _)| styled == name) {
            Some((_, style)) => {
                for (name, text) in write(Cow::Owned(name.clone()), *style, value)? {
                    super::form::pair(&mut out, &name, &text);
                }
            }
            None => super::form::field(&mut out, name, value),
        }
    }
    Ok(out.into_bytes())
}

/// What a cookie value escapes: what RFC 6265's cookie-octets leave out, and `%` itself.
const COOKIE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// The pairs of `value` as the parameter `name` in `style`.
fn pairs(name: Cow<'static, str>, style: Style, value: &impl Serialize) -> Result<Pairs, String> {
    let value = serde_json::to_value(value)
        .map_err(|error| format!("`{name}` cannot be written: {error}"))?;
    write(name, style, &value)
}

fn write(name: Cow<'static, str>, style: Style, value: &Value) -> Result<Pairs, String> {
    let mut out = Vec::new();
    match (value, style) {
        (Value::Null, _) => {}
        (Value::Array(items), Style::Form) => {
            for item in items {
                out.push((name.clone(), scalar(&name, style, item)?));
            }
        }
        (Value::Object(fields), Style::Form) => {
            for (key, value) in fields {
                // A `null` property is left out, as absent ones are.
                if !value.is_null() {
                    out.push((Cow::Owned(key.clone()), scalar(&name, style, value)?));
                }
            }
        }
        (value, Style::DeepObject) => deep(name.into_owned(), value, &mut out),
        (Value::Array(items), _) => {
            let texts = items
                .iter()
                .map(|item| scalar(&name, style, item))
                .collect::<Result<Vec<_>, _>>()?;
            out.push((name, texts.join(style.delimiter())));
        }
        (Value::Object(fields), _) => {
            let mut texts = Vec::with_capacity(fields.len() * 2);
            for (key, value) in fields.iter().filter(|(_, value)| !value.is_null()) {
                let value = scalar(&name, style, value)?;
                if style == Style::SimpleExploded {
                    texts.push(format!("{key}={value}"));
                } else {
                    texts.push(key.clone());
                    texts.push(value);
                }
            }
            out.push((name, texts.join(style.delimiter())));
        }
        (value, _) => out.push((name.clone(), scalar(&name, style, value)?)),
    }
    Ok(out)
}

/// `deepObject` pairs of `value` under `prefix`, depth first; `null` is left out.
fn deep(prefix: String, value: &Value, out: &mut Pairs) {
    match value {
        Value::Null => {}
        Value::Array(items) if items.iter().all(is_scalar) => {
            for item in items.iter().filter(|item| !item.is_null()) {
                out.push((Cow::Owned(format!("{prefix}[]")), text(item)));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep(format!("{prefix}[{index}]"), item, out);
            }
        }
        Value::Object(fields) => {
            for (key, value) in fields {
                deep(format!("{prefix}[{key}]"), value, out);
            }
        }
        scalar => out.push((Cow::Owned(prefix), text(scalar))),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// The text of a scalar; an array or object here is more nesting than `style` can write.
fn scalar(name: &str, style: Style, value: &Value) -> Result<String, String> {
    if is_scalar(value) {
        Ok(text(value))
    } else {
        Err(format!(
            "`{name}` holds a nested array or object, which the `{}` style cannot write",
            style.name()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(style: Style, value: Value) -> Result<Vec<(String, String)>, String> {
        pairs(Cow::Borrowed("p"), style, &value).map(|pairs| {
            pairs
                .into_iter()
                .map(|(name, value)| (name.into_owned(), value))
                .collect()
        })
    }

    fn pairs_of(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn each_style_writes_arrays_as_openapi_says() {
        let array = json!(["blue", "black", 3]);
        assert_eq!(
            written(Style::Form, array.clone()).unwrap(),
            pairs_of(&[("p", "blue"), ("p", "black"), ("p", "3")])
        );
        for (style, text) in [
            (Style::FormJoined, "blue,black,3"),
            (Style::Simple, "blue,black,3"),
            (Style::SimpleExploded, "blue,black,3"),
            (Style::SpaceDelimited, "blue black 3"),
            (Style::PipeDelimited, "blue|black|3"),
        ] {
            assert_eq!(
                written(style, array.clone()).unwrap(),
                pairs_of(&[("p", text)])
            );
        }
        assert_eq!(
            written(Style::DeepObject, array).unwrap(),
            pairs_of(&[("p[]", "blue"), ("p[]", "black"), ("p[]", "3")])
        );
    }

    #[test]
    fn each_style_writes_objects_as_openapi_says() {
        let object = json!({"R": 100, "G": 200, "skip": null});
        assert_eq!(
            written(Style::Form, object.clone()).unwrap(),
            pairs_of(&[("G", "200"), ("R", "100")])
        );
        for (style, text) in [
            (Style::FormJoined, "G,200,R,100"),
            (Style::Simple, "G,200,R,100"),
            (Style::SimpleExploded, "G=200,R=100"),
            (Style::SpaceDelimited, "G 200 R 100"),
            (Style::PipeDelimited, "G|200|R|100"),
        ] {
            assert_eq!(
                written(style, object.clone()).unwrap(),
                pairs_of(&[("p", text)])
            );
        }
        assert_eq!(
            written(Style::DeepObject, object).unwrap(),
            pairs_of(&[("p[G]", "200"), ("p[R]", "100")])
        );
    }

    #[test]
    fn deep_objects_nest_and_index_arrays_of_objects() {
        let value = json!({
            "metadata": {"order": "6735"},
            "items": [{"price": "p1", "quantity": 2}, {"price": "p2"}],
            "expand": ["customer"],
            "gone": null
        });
        assert_eq!(
            written(Style::DeepObject, value).unwrap(),
            pairs_of(&[
                ("p[expand][]", "customer"),
                ("p[items][0][price]", "p1"),
                ("p[items][0][quantity]", "2"),
                ("p[items][1][price]", "p2"),
                ("p[metadata][order]", "6735"),
            ])
        );
        // Stripe's `created`: an integer, or an object of bounds.
        assert_eq!(
            written(Style::DeepObject, json!(1700000000)).unwrap(),
            pairs_of(&[("p", "1700000000")])
        );
    }

    #[test]
    fn nesting_a_style_cannot_write_is_refused() {
        for style in [
            Style::Form,
            Style::FormJoined,
            Style::Simple,
            Style::PipeDelimited,
        ] {
            let error = written(style, json!({"a": {"b": 1}})).unwrap_err();
            assert!(
                error.contains("`p` holds a nested array or object"),
                "{error}"
            );
            assert!(written(style, json!([[1]])).is_err());
        }
        assert_eq!(written(Style::Form, json!(null)).unwrap(), Vec::new());
    }

    #[test]
    fn calls_take_styled_queries_headers_and_cookies() {
        let mut call = Call::new("Op", reqwest::Method::GET, "/a", &[]);
        call.query_styled("filter", Style::DeepObject, &json!({"state": "open"}));
        call.header_styled("X-Ids", Style::Simple, &json!([1, 2]));
        call.cookie("session", &"a b;c");
        call.cookie("ids", &json!([1, "x,y"]));
        assert_eq!(
            call.query,
            vec![(Cow::Owned("filter[state]".to_owned()), "open".to_owned())]
        );
        assert_eq!(
            call.headers,
            vec![
                ("X-Ids", "1,2".to_owned()),
                ("cookie", "session=a%20b%3Bc; ids=1,x%2Cy".to_owned())
            ]
        );
        assert!(call.invalid.is_none());
        call.query_styled("bad", Style::Form, &json!({"a": [1]}));
        assert!(call.invalid.is_some());
    }

    #[test]
    fn form_bodies_write_styled_properties_in_their_style() {
        let body = json!({"metadata": {"k": "v w"}, "Tags": ["x", "y"], "Attributes": {"a": 1}});
        let text = form(&body, &[("metadata", Style::DeepObject)]).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "Attributes=%7B%22a%22%3A1%7D&Tags=x&Tags=y&metadata%5Bk%5D=v%20w"
        );
        assert!(form(&json!({"a": {"b": [[1]]}}), &[("a", Style::Form)]).is_err());
    }
}
