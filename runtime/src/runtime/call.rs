//! One request as a generated operation describes it: a [`Call`] with its path, query,
//! headers, body and options, and how values are written as parameters ([`ToParam`]).

use super::client::Request;
use super::error::InvalidId;
use super::retry::RequestOptions;
use super::transport::{Body, File, Piece};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use std::borrow::Cow;

/// What a path segment may contain unencoded: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One request, as a generated operation describes it.
#[derive(Debug, Clone)]
#[must_use = "a call does nothing until a client sends it"]
pub struct Call {
    pub(super) operation: &'static str,
    /// The server of an operation that declares its own, instead of the API's default.
    pub(super) server: Option<&'static str>,
    pub(super) method: reqwest::Method,
    pub(super) template: &'static str,
    pub(super) path: String,
    /// Query pairs; a name is owned when a style makes it (`filter[state]` of `deepObject`).
    pub(super) query: Vec<(Cow<'static, str>, String)>,
    /// Header parameters of the operation, sent with every attempt and every page.
    pub(super) headers: Vec<(&'static str, String)>,
    /// The body, shared by every attempt and every clone (see [`Body`]).
    pub(super) body: Option<Body>,
    /// The media type of `body`; a multipart form's names its boundary.
    pub(super) content_type: Cow<'static, str>,
    /// The media type asked for with `Accept`, when the operation names one; otherwise
    /// each way of sending asks for what it reads (JSON, an event stream, anything).
    pub(super) accept: Option<&'static str>,
    pub(super) invalid: Option<String>,
    /// An identifier argument that was refused (see [`Call::with_refused`]).
    pub(super) refused: Option<InvalidId>,
    pub(super) encode_error: Option<String>,
    pub(super) options: RequestOptions,
    /// The operation's security requirements when they differ from the document's (see
    /// [`Call::with_security`]); `None` for the document's.
    pub(super) security: Option<&'static [&'static [&'static str]]>,
    /// Statuses besides 2xx that are the operation's answer (see [`Call::with_success`]).
    pub(super) success: &'static [u16],
}

impl Call {
    /// A call of `operation` to `template` (such as `/v1/Assistants/{}`), each `{}` filled
    /// with the next of `params`, percent-encoded as one path segment.
    pub fn new(
        operation: &'static str,
        method: reqwest::Method,
        template: &'static str,
        params: &[&str],
    ) -> Self {
        let mut path = String::with_capacity(template.len() + 32);
        let mut invalid = None;
        let mut params = params.iter();
        let mut pieces = template.split("{}");
        path.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            let param = params.next().copied().unwrap_or_default();
            match encode_path(param) {
                Ok(segment) => path.push_str(&segment),
                Err(message) => invalid = Some(message),
            }
            path.push_str(piece);
        }
        Call {
            operation,
            server: None,
            method,
            template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: Cow::Borrowed("application/json"),
            accept: None,
            invalid,
            refused: None,
            encode_error: None,
            options: RequestOptions::default(),
            security: None,
            success: &[],
        }
    }

    /// The call sent to `server` (a path or operation `servers` entry) instead of the
    /// API's default base URL.
    pub fn with_server(mut self, server: &'static str) -> Self {
        self.server = Some(server);
        self
    }

    /// The call with the operation's own security requirements, for an operation whose
    /// `security` differs from the document's: any one of `requirements` is enough, and
    /// each is a list of scheme names sent together (`&[&["bearerAuth"], &["apiKey"]]`).
    /// `&[]` sends the operation without credentials (`security: []`), and an empty
    /// requirement among others (`{}`) lets it go without them when no other is met.
    pub fn with_security(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(requirements);
        self
    }

    /// The call with `statuses` taken as success besides 2xx: for an operation that
    /// documents a redirect with a body as its only answer (Twilio's `307` with
    /// `redirect_to`), which is then decoded rather than turned into [`crate::Error::Api`].
    pub fn with_success(mut self, statuses: &'static [u16]) -> Self {
        self.success = statuses;
        self
    }

    /// The call refused with `refused`, the identifier argument its builder could not
    /// accept (text that is not an id of its kind), which `send` then returns as
    /// [`crate::Error::InvalidId`] without sending anything.
    pub fn with_refused(mut self, refused: Option<&InvalidId>) -> Self {
        self.refused = refused.cloned();
        self
    }

    /// The call with the timeout and retry policy of `options`, which take precedence
    /// over the client's.
    pub fn with_options(mut self, options: &RequestOptions) -> Self {
        self.options = options.clone();
        self
    }

    /// Refuses the call before sending when the query parameter `name` is outside the
    /// inclusive bounds its schema gives (such as `PageSize` in 1..=1000).
    pub fn check_range(
        &mut self,
        name: &str,
        value: impl Into<i64>,
        minimum: Option<i64>,
        maximum: Option<i64>,
    ) {
        let value: i64 = value.into();
        let rule = match (minimum, maximum) {
            (Some(minimum), Some(maximum)) if !(minimum..=maximum).contains(&value) => {
                format!("between {minimum} and {maximum}")
            }
            (Some(minimum), None) if value < minimum => format!("at least {minimum}"),
            (None, Some(maximum)) if value > maximum => format!("at most {maximum}"),
            _ => return,
        };
        self.invalid = Some(format!("`{name}` is {value} but must be {rule}"));
    }

    /// The request this call makes to `url`.
    pub(super) fn request(&self, url: reqwest::Url) -> Request<'_> {
        Request {
            operation: self.operation,
            template: self.template,
            method: self.method.clone(),
            url,
            body: self.body.as_ref(),
            content_type: &self.content_type,
            accept: self.accept.unwrap_or("application/json"),
            headers: &self.headers,
            options: &self.options,
            security: self.security,
            success: self.success,
        }
    }

    /// Adds a header parameter; call it once per element for an array.
    pub fn header(&mut self, name: &'static str, value: impl ToParam) {
        self.headers.push((name, value.to_param()));
    }

    /// Adds a query parameter; call it once per element for an array.
    pub fn query(&mut self, name: &'static str, value: impl ToParam) {
        self.query.push((Cow::Borrowed(name), value.to_param()));
    }

    /// Adds a header parameter when it has a value.
    pub fn optional_header(&mut self, name: &'static str, value: Option<impl ToParam>) {
        if let Some(value) = value {
            self.header(name, value);
        }
    }

    /// Adds a query parameter when it has a value.
    pub fn optional_query(&mut self, name: &'static str, value: Option<impl ToParam>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Values joined with commas into one parameter (`explode: false`), for
    /// [`Call::query`] or [`Call::header`].
    pub fn join<T: ToParam>(values: impl Iterator<Item = T>) -> String {
        values
            .map(|value| value.to_param())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The text of the parameter `name` from a value that has no text of its own (a
    /// `oneOf` of strings, an untyped value): its JSON when that is a string (without the
    /// quotes), a number or a boolean.
    ///
    /// # Errors
    ///
    /// Why the value is not one parameter value: it is an object, an array or `null`, or
    /// it cannot be serialized. [`Call::checked`] refuses the call with it.
    pub fn scalar(name: &str, value: &impl Serialize) -> Result<String, String> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => Ok(text),
            Ok(serde_json::Value::Number(number)) => Ok(number.to_string()),
            Ok(serde_json::Value::Bool(value)) => Ok(value.to_string()),
            Ok(other) => {
                let what = match other {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Array(_) => "an array",
                    _ => "an object",
                };
                Err(format!(
                    "`{name}` is {what}, which cannot be sent as one parameter value"
                ))
            }
            Err(error) => Err(format!("`{name}` cannot be written: {error}")),
        }
    }

    /// [`Call::scalar`] of each value, joined with commas (`explode: false`).
    ///
    /// # Errors
    ///
    /// The error of [`Call::scalar`] for the first value that has no text.
    pub fn scalars<'v, T: Serialize + 'v>(
        name: &str,
        values: impl Iterator<Item = &'v T>,
    ) -> Result<String, String> {
        values
            .map(|value| Self::scalar(name, value))
            .collect::<Result<Vec<_>, _>>()
            .map(|texts| texts.join(","))
    }

    /// The text [`Call::scalar`] made, or an empty text and the call refused before it is
    /// sent, with why the value could not be written.
    pub fn checked(&mut self, text: Result<String, String>) -> String {
        text.unwrap_or_else(|why| {
            self.invalid = Some(why);
            String::new()
        })
    }

    /// Sets the JSON body.
    pub fn json(&mut self, body: &impl Serialize) {
        let bytes = serde_json::to_vec(body).map_err(|error| error.to_string());
        self.set_body("application/json", bytes);
    }

    /// Sets a text body of the media type `content_type` (`text/plain`, `text/csv`...),
    /// sent as its UTF-8 bytes.
    pub fn text(&mut self, content_type: &'static str, body: impl Into<String>) {
        self.set_body(content_type, Ok(body.into().into_bytes()));
    }

    /// Sets a body that is sent as it is: bytes, a file read from disk when the request is
    /// sent, or a caller's stream (see [`File`]), of the media type `content_type`
    /// (`application/octet-stream`, `application/pdf`, `image/png`...) unless the
    /// `File` names its own. A request whose body is a stream is never retried.
    pub fn binary(&mut self, content_type: &'static str, body: impl Into<File>) {
        let body: File = body.into();
        let content_type = match body.media_type() {
            Some(own) if reqwest::header::HeaderValue::from_str(own).is_err() => {
                self.encode_error = Some(format!("`{own}` is not a valid media type"));
                return;
            }
            Some(own) => Cow::Owned(own.to_owned()),
            None => Cow::Borrowed(content_type),
        };
        self.set_body_from(content_type, Ok(Body::new([body.source])));
    }

    /// Asks for the media type `media` with the `Accept` header, instead of what the
    /// response is read as (`application/json`, `text/event-stream` for events, `*/*`
    /// for bytes, text and downloads).
    pub fn accept(&mut self, media: &'static str) {
        self.accept = Some(media);
    }

    /// Sets the body and its media type, or keeps why it could not be encoded, which
    /// refuses the call before it is sent.
    pub(super) fn set_body(&mut self, content_type: &'static str, bytes: Result<Vec<u8>, String>) {
        let body = bytes.map(|bytes| Body::new([Piece::Bytes(bytes.into())]));
        self.set_body_from(Cow::Borrowed(content_type), body);
    }

    /// [`Call::set_body`] with a body of any kind and a media type made at run time.
    pub(super) fn set_body_from(
        &mut self,
        content_type: Cow<'static, str>,
        body: Result<Body, String>,
    ) {
        self.content_type = content_type;
        match body {
            Ok(body) => self.body = Some(body),
            Err(error) => self.encode_error = Some(error),
        }
    }
}

/// Percent-encodes a path parameter as one segment. Empty values and the dot segments `.`
/// and `..` are refused: URL normalisation would turn them into another route.
pub(crate) fn encode_path(value: &str) -> Result<String, String> {
    match value {
        "" => Err("a path parameter is empty".to_owned()),
        "." | ".." => Err(format!("`{value}` is not a valid path parameter")),
        _ => Ok(utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

/// A value as it is written in a query string.
pub trait ToParam {
    /// The value as text.
    fn to_param(&self) -> String;
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

impl ToParam for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ToParam for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

macro_rules! to_param_by_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

to_param_by_display!(
    i32,
    i64,
    f32,
    f64,
    bool,
    chrono::NaiveDate,
    serde_json::Value
);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_values_are_comma_separated() {
        assert_eq!(Call::join([1, 2, 3].iter()), "1,2,3");
        assert_eq!(Call::join(std::iter::empty::<&str>()), "");
    }

    #[test]
    fn values_are_written_by_their_json_when_it_is_one_value() {
        #[derive(Serialize)]
        #[serde(untagged)]
        enum NameOrId {
            Name(String),
            Id(u32),
        }
        assert_eq!(
            Call::scalar("a", &NameOrId::Name("x y".into())).unwrap(),
            "x y"
        );
        assert_eq!(Call::scalar("a", &NameOrId::Id(7)).unwrap(), "7");
        assert_eq!(Call::scalar("a", &true).unwrap(), "true");
        let ids = [NameOrId::Id(1), NameOrId::Name("b".into())];
        assert_eq!(Call::scalars("a", ids.iter()).unwrap(), "1,b");
        let mut call = Call::new("Op", reqwest::Method::GET, "/a", &[]);
        for bad in [
            serde_json::json!({"a": 1}),
            serde_json::json!([1]),
            serde_json::Value::Null,
        ] {
            let text = call.checked(Call::scalar("filter", &bad));
            assert_eq!(text, "");
            assert!(call.invalid.as_deref().unwrap().starts_with("`filter` is "));
        }
    }

    #[test]
    fn path_parameters_cannot_change_the_route() {
        let call = Call::new(
            "Op",
            reqwest::Method::GET,
            "/v1/Assistants/{}/Tools/{}",
            &["../Tools", "a/b?c#d e"],
        );
        assert_eq!(
            call.path,
            "/v1/Assistants/..%2FTools/Tools/a%2Fb%3Fc%23d%20e"
        );
        assert!(call.invalid.is_none());
        for bad in ["", ".", ".."] {
            let call = Call::new("Op", reqwest::Method::GET, "/v1/Assistants/{}", &[bad]);
            assert!(call.invalid.is_some(), "{bad:?} must be refused");
        }
    }
}
