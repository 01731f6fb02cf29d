//! `multipart/form-data` request bodies (RFC 7578): a [`Multipart`] form is an ordered
//! list of named parts, text, JSON values or [`File`]s, which [`Call::multipart`] encodes
//! with a boundary of its own.
//!
//! A form whose parts are all in memory is sent as one buffer; a form with a file is
//! sent as a stream that reads the file anew at each attempt, and a form with a caller's
//! stream is sent once, never retried.

use super::call::Call;
use super::transport::{Body, File, Piece};
use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};

/// A part that the API document lets be either a file or a value (OpenAI's video edits
/// take an uploaded video or a reference to one): the file is sent as a file part, the
/// value as [`Multipart::value`] writes it.
#[derive(Debug, Clone)]
pub enum FileOr<T> {
    /// A file, sent with its name and media type.
    File(File),
    /// A value, sent as its text or JSON.
    Value(T),
}

/// The parts of a `multipart/form-data` body, in the order they are added.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    /// Why a value could not be added, which refuses the call before it is sent.
    error: Option<String>,
}

/// One part of a form.
#[derive(Debug, Clone)]
struct Part {
    name: &'static str,
    /// The `filename` of a file part.
    file_name: Option<String>,
    /// The part's `Content-Type`, if it has one.
    content_type: Option<String>,
    body: Piece,
}

impl Multipart {
    /// An empty form.
    #[must_use]
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text part `name`, without a `Content-Type` (which the receiver takes as
    /// `text/plain` in UTF-8).
    pub fn text(&mut self, name: &'static str, value: impl Into<String>) {
        self.push(name, None, None, Piece::Bytes(Bytes::from(value.into())));
    }

    /// Adds the property `name` as the API document's schema describes it: a string as
    /// itself and a number or boolean as its JSON text, in a part without a
    /// `Content-Type`; an object as its JSON text with `Content-Type: application/json`;
    /// an array as one part per item, each by these rules, under the same name; `null`
    /// as nothing. `content_type`, from the document's encoding object, replaces the
    /// part's `Content-Type`, and a JSON one (`application/json`, `...+json`) makes a
    /// string its JSON text too. A value that cannot be serialized refuses the call
    /// before it is sent.
    pub fn value(
        &mut self,
        name: &'static str,
        value: &impl Serialize,
        content_type: Option<&'static str>,
    ) {
        match serde_json::to_value(value) {
            Ok(Value::Array(items)) => {
                for item in &items {
                    self.json_part(name, item, content_type);
                }
            }
            Ok(value) => self.json_part(name, &value, content_type),
            Err(error) => self.fail(format!("the part `{name}` cannot be written: {error}")),
        }
    }

    /// Adds the file part `name`, with the file's name (`filename`; the part's name when
    /// the file has none, so that the receiver takes the part as a file) and its media
    /// type: the file's own, else `content_type` from the API document, else
    /// `application/octet-stream`.
    pub fn file(&mut self, name: &'static str, file: File, content_type: Option<&'static str>) {
        let file_name = file.name().unwrap_or(name).to_owned();
        let media = file
            .media_type()
            .or(content_type)
            .unwrap_or("application/octet-stream")
            .to_owned();
        self.push(name, Some(file_name), Some(media), file.source);
    }

    /// Adds one part of a value that is not an array (an item of one, or a whole value).
    fn json_part(&mut self, name: &'static str, value: &Value, content_type: Option<&'static str>) {
        let json_type = content_type.is_some_and(is_json);
        let (text, media) = match value {
            Value::Null => return,
            Value::String(text) if !json_type => (text.clone(), content_type),
            Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                (value.to_string(), content_type)
            }
            Value::Array(_) | Value::Object(_) => {
                (value.to_string(), content_type.or(Some("application/json")))
            }
        };
        self.push(
            name,
            None,
            media.map(str::to_owned),
            Piece::Bytes(Bytes::from(text)),
        );
    }

    fn push(
        &mut self,
        name: &'static str,
        file_name: Option<String>,
        content_type: Option<String>,
        body: Piece,
    ) {
        if let Some(media) = &content_type {
            // A media type is written into the part's head as it is: a line break in it
            // would end the head early.
            if media.chars().any(char::is_control) {
                return self.fail(format!(
                    "the media type of the part `{name}` holds a control character"
                ));
            }
        }
        self.parts.push(Part {
            name,
            file_name,
            content_type,
            body,
        });
    }

    fn fail(&mut self, why: String) {
        self.error.get_or_insert(why);
    }

    /// The pieces of the encoded form with `boundary`: the parts' heads and in-memory
    /// bodies joined into buffers, files and streams between them.
    fn encode(self, boundary: &str) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut head = Vec::new();
        for part in self.parts {
            head.extend_from_slice(b"--");
            head.extend_from_slice(boundary.as_bytes());
            head.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            escape(&mut head, part.name);
            head.push(b'"');
            if let Some(file_name) = &part.file_name {
                head.extend_from_slice(b"; filename=\"");
                escape(&mut head, file_name);
                head.push(b'"');
            }
            head.extend_from_slice(b"\r\n");
            if let Some(media) = &part.content_type {
                head.extend_from_slice(b"Content-Type: ");
                head.extend_from_slice(media.as_bytes());
                head.extend_from_slice(b"\r\n");
            }
            head.extend_from_slice(b"\r\n");
            match part.body {
                Piece::Bytes(bytes) => head.extend_from_slice(&bytes),
                other => {
                    pieces.push(Piece::Bytes(Bytes::from(std::mem::take(&mut head))));
                    pieces.push(other);
                }
            }
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"--");
        head.extend_from_slice(boundary.as_bytes());
        head.extend_from_slice(b"--\r\n");
        pieces.push(Piece::Bytes(Bytes::from(head)));
        pieces
    }
}

impl Call {
    /// Sets a `multipart/form-data` body: the parts of `form` in order, with a boundary
    /// made for this form. A form with a stream part is never retried (see [`File`]).
    pub fn multipart(&mut self, mut form: Multipart) {
        if let Some(error) = form.error.take() {
            self.set_body_from(Cow::Borrowed("multipart/form-data"), Err(error));
            return;
        }
        let boundary = boundary();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let body = Body::new(form.encode(&boundary));
        self.set_body_from(Cow::Owned(content_type), Ok(body));
    }
}

/// Whether `media` is a JSON media type: `application/json` or a `+json` suffix.
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// Appends a name or file name to a part's head as browsers write it: `"`, CR and LF
/// percent-encoded, so that it cannot end the quoted string or the head.
fn escape(out: &mut Vec<u8>, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'"' => out.extend_from_slice(b"%22"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'\n' => out.extend_from_slice(b"%0A"),
            other => out.push(other),
        }
    }
}

/// A boundary for one form: 128 bits that no part is likely to contain, from the
/// standard library's randomly keyed hasher over a counter and the time, so that no
/// random-number crate is needed.
fn boundary() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static FORMS: AtomicU64 = AtomicU64::new(0);
    let form = FORMS.fetch_add(1, Ordering::Relaxed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    // Each `RandomState` has keys of its own, so the two halves are independent.
    let half = |salt: u8| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(form);
        hasher.write_u128(now);
        hasher.write_u8(salt);
        hasher.finish()
    };
    format!("form-boundary-{:016x}{:016x}", half(0), half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(form: Multipart, boundary: &str) -> String {
        let pieces = form.encode(boundary);
        let mut out = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Bytes(bytes) => out.extend_from_slice(&bytes),
                other => out.extend_from_slice(format!("<{other:?}>").as_bytes()),
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn values_become_parts_by_their_json_kind() {
        let mut form = Multipart::new();
        form.value("n", &3, None);
        form.value("s", &"x", None);
        form.value("none", &Option::<u8>::None, None);
        form.value("list", &serde_json::json!(["a", {"k": 1}, null]), None);
        form.value("meta", &serde_json::json!({"k": true}), None);
        form.value("quoted", &"x", Some("application/json"));
        form.value("xml", &"<a/>", Some("application/xml"));
        assert_eq!(
            text_of(form, "B"),
            "--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n\
             --B\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nx\r\n\
             --B\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\na\r\n\
             --B\r\nContent-Disposition: form-data; name=\"list\"\r\n\
             Content-Type: application/json\r\n\r\n{\"k\":1}\r\n\
             --B\r\nContent-Disposition: form-data; name=\"meta\"\r\n\
             Content-Type: application/json\r\n\r\n{\"k\":true}\r\n\
             --B\r\nContent-Disposition: form-data; name=\"quoted\"\r\n\
             Content-Type: application/json\r\n\r\n\"x\"\r\n\
             --B\r\nContent-Disposition: form-data; name=\"xml\"\r\n\
             Content-Type: application/xml\r\n\r\n<a/>\r\n\
             --B--\r\n"
        );
    }

    #[test]
    fn names_are_escaped_and_files_stay_pieces_of_their_own() {
        let mut form = Multipart::new();
        form.file(
            "up\"load",
            File::bytes("hi").file_name("a\r\n\"b\".txt"),
            None,
        );
        form.file("doc", File::path("/tmp/x.pdf"), Some("application/pdf"));
        let pieces = form.clone().encode("B");
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        assert_eq!(
            text_of(form, "B"),
            "--B\r\nContent-Disposition: form-data; name=\"up%22load\"; \
             filename=\"a%0D%0A%22b%22.txt\"\r\n\
             Content-Type: application/octet-stream\r\n\r\nhi\r\n\
             --B\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"x.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n<Path(\"/tmp/x.pdf\")>\r\n\
             --B--\r\n"
        );
        let mut empty = Multipart::new();
        empty.text("a", "");
        assert_eq!(
            text_of(empty, "B"),
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--B--\r\n"
        );
    }

    #[test]
    fn bad_values_refuse_the_call_and_boundaries_differ() {
        let mut form = Multipart::new();
        form.file(
            "f",
            File::bytes("x").content_type("text/plain\r\nX: y"),
            None,
        );
        let mut call = Call::new("Op", reqwest::Method::POST, "/a", &[]);
        call.multipart(form);
        assert!(call.encode_error.as_deref().unwrap().contains("control"));
        let map = std::collections::BTreeMap::from([(vec![1u8], 2u8)]);
        let mut form = Multipart::new();
        form.value("m", &map, None);
        assert!(form.error.is_some());
        assert_ne!(boundary(), boundary());
        assert!(
            boundary().len() <= 70,
            "RFC 2046 limits boundaries to 70 characters"
        );
    }
}
