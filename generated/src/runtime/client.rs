//! The client: credentials, base URL, and the transport every generated operation goes
//! through ([`Call`] describes one request, [`Client::send`] performs it).

use super::error::{ApiError, DecodeError, Error, Result};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// What a path segment may contain unencoded: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A client of the API: credentials, base URL and a connection pool. Cloning is cheap
/// and clones share the pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: reqwest::Url,
    account_sid: String,
    auth_token: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The auth token is a secret: it never appears in debug output.
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("account_sid", &self.inner.account_sid)
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

impl Client {
    /// A client for the API's default base URL with an Account SID (or API key SID) and
    /// its auth token (or API key secret).
    pub fn new(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Result<Self> {
        Client::builder()
            .credentials(account_sid, auth_token)
            .build()
    }

    /// A client with credentials from `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`, and
    /// the base URL from the variable [`Client::base_url_variable`] names when it is set.
    pub fn from_env() -> Result<Self> {
        Client::builder()
            .credentials_from_env()?
            .base_url_from_env()
            .build()
    }

    /// The environment variable that overrides the base URL in [`Client::from_env`]: the
    /// crate's name in upper case with `_BASE_URL`, such as `TWILIO_ASSISTANTS_BASE_URL`,
    /// so that clients of several APIs in one process each have their own.
    pub fn base_url_variable() -> String {
        let name: String = env!("CARGO_PKG_NAME")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        format!("{name}_BASE_URL")
    }

    /// A builder for a client with more settings, such as another base URL.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The Account SID (or API key SID) requests are authenticated with.
    pub fn account_sid(&self) -> &str {
        &self.inner.account_sid
    }

    /// Performs a call and decodes its JSON body.
    pub(crate) async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        let operation = call.operation;
        let url = self.url(&call)?;
        let (status, body) = self.execute(operation, call.method, url, call.body).await?;
        decode(operation, status, &body)
    }

    /// Performs a call whose success has no body.
    pub(crate) async fn send_empty(&self, call: Call) -> Result<()> {
        let operation = call.operation;
        let url = self.url(&call)?;
        self.execute(operation, call.method, url, call.body)
            .await
            .map(drop)
    }

    /// Fetches a page link (`next_page_url`, absolute, or `next_page_uri`, relative to the
    /// base URL); refuses links to another origin, which would receive the credentials.
    pub(crate) async fn follow<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        link: &str,
    ) -> Result<T> {
        let base = &self.inner.base_url;
        let url = if link.starts_with('/') {
            reqwest::Url::parse(&format!("{}{link}", self.base_url()))
        } else {
            reqwest::Url::parse(link)
        };
        let url = match url {
            Ok(url) if url.origin() == base.origin() => url,
            _ => {
                return Err(Error::ForeignLink {
                    operation,
                    url: link.to_owned(),
                    base_url: self.base_url().to_owned(),
                })
            }
        };
        let (status, body) = self
            .execute(operation, reqwest::Method::GET, url, None)
            .await?;
        decode(operation, status, &body)
    }

    fn url(&self, call: &Call) -> Result<reqwest::Url> {
        if let Some(message) = &call.invalid {
            return Err(Error::InvalidArgument {
                operation: call.operation,
                message: message.clone(),
            });
        }
        if let Some(error) = &call.encode_error {
            return Err(Error::InvalidArgument {
                operation: call.operation,
                message: format!("the request body cannot be encoded as JSON: {error}"),
            });
        }
        // The path was encoded segment by segment in `Call::new`; it is appended as text so
        // that no URL normalisation can change it.
        let mut url =
            reqwest::Url::parse(&format!("{}{}", self.base_url(), call.path)).map_err(|error| {
                Error::Config(format!(
                    "cannot join the base URL and `{}`: {error}",
                    call.path
                ))
            })?;
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(
                call.query
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            );
        }
        Ok(url)
    }

    async fn execute(
        &self,
        operation: &'static str,
        method: reqwest::Method,
        url: reqwest::Url,
        body: Option<Vec<u8>>,
    ) -> Result<(u16, Vec<u8>)> {
        let transport = |source| Error::Transport { operation, source };
        let mut request = self
            .inner
            .http
            .request(method, url)
            .basic_auth(&self.inner.account_sid, Some(&self.inner.auth_token))
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("twilio-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?.to_vec();
        if (200..300).contains(&status) {
            Ok((status, body))
        } else {
            Err(Error::Api(Box::new(ApiError::new(
                operation, status, request_id, &body,
            ))))
        }
    }
}

fn decode<T: DeserializeOwned>(operation: &'static str, status: u16, body: &[u8]) -> Result<T> {
    let fail = |path: String, message: String| {
        Error::Decode(Box::new(DecodeError {
            operation,
            status,
            path,
            message,
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        // serde reports a missing field at the object that lacks it; the path is more
        // useful when it ends at the field itself.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let path = match missing {
            Some(field) if path == "." => field.to_owned(),
            Some(field) => format!("{path}.{field}"),
            None => path,
        };
        fail(path, message)
    })?;
    deserializer
        .end()
        .map_err(|error| fail(".".to_owned(), error.to_string()))?;
    Ok(value)
}

/// Settings of a [`Client`] under construction.
#[derive(Default)]
pub struct ClientBuilder {
    account_sid: Option<String>,
    auth_token: Option<String>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("account_sid", &self.account_sid)
            .field(
                "auth_token",
                &self.auth_token.as_ref().map(|_| "<redacted>"),
            )
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Authenticates with an Account SID (or API key SID) and its auth token (or API key
    /// secret).
    pub fn credentials(
        mut self,
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        self.account_sid = Some(account_sid.into());
        self.auth_token = Some(auth_token.into());
        self
    }

    /// Authenticates with `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`.
    pub fn credentials_from_env(self) -> Result<Self> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.is_empty())
                .ok_or_else(|| {
                    Error::Config(format!("the environment variable `{name}` is not set"))
                })
        };
        Ok(self.credentials(var("TWILIO_ACCOUNT_SID")?, var("TWILIO_AUTH_TOKEN")?))
    }

    /// Takes the base URL from the variable [`Client::base_url_variable`] names, when it
    /// is set and not empty.
    pub fn base_url_from_env(self) -> Self {
        match std::env::var(Client::base_url_variable()) {
            Ok(url) if !url.is_empty() => self.base_url(url),
            _ => self,
        }
    }

    /// Sends requests to `base_url` instead of the API's default, for proxies and tests;
    /// for example `http://127.0.0.1:8080`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Uses this HTTP client, with its own pool, proxy and timeout settings.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let (Some(account_sid), Some(auth_token)) = (self.account_sid, self.auth_token) else {
            return Err(Error::Config(
                "no credentials: call `credentials` or `credentials_from_env`".to_owned(),
            ));
        };
        let base = self
            .base_url
            .unwrap_or_else(|| crate::resources::DEFAULT_BASE_URL.to_owned());
        let base_url = reqwest::Url::parse(&base)
            .ok()
            .filter(|url| url.has_host() && matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| Error::Config(format!("`{base}` is not an http(s) URL")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|error| {
                    Error::Config(format!("cannot set up the HTTP client: {error}"))
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                account_sid,
                auth_token,
            }),
        })
    }
}

/// One request, as a generated operation describes it.
#[derive(Debug)]
pub(crate) struct Call {
    operation: &'static str,
    method: reqwest::Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    invalid: Option<String>,
    encode_error: Option<String>,
}

impl Call {
    /// A call of `operation` to `template` (such as `/v1/Assistants/{}`), each `{}` filled
    /// with the next of `params`, percent-encoded as one path segment.
    pub(crate) fn new(
        operation: &'static str,
        method: reqwest::Method,
        template: &str,
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
            method,
            path,
            query: Vec::new(),
            body: None,
            invalid,
            encode_error: None,
        }
    }

    /// The operation this call performs.
    pub(crate) fn operation(&self) -> &'static str {
        self.operation
    }

    /// Adds a query parameter; call it once per element for an array.
    pub(crate) fn query(&mut self, name: &'static str, value: impl ToParam) {
        self.query.push((name, value.to_param()));
    }

    /// Sets the JSON body.
    pub(crate) fn json(&mut self, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(error) => self.encode_error = Some(error.to_string()),
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
pub(crate) trait ToParam {
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

    #[test]
    fn debug_output_never_shows_the_token() {
        let client = Client::new("AC123", "very-secret-token").unwrap();
        let text = format!(
            "{client:?} {:?}",
            Client::builder().credentials("AC123", "very-secret-token")
        );
        assert!(!text.contains("very-secret-token"), "{text}");
        assert!(text.contains("AC123"));
    }

    #[test]
    fn decode_names_the_failing_field_and_keeps_the_body() {
        #[derive(Debug, serde::Deserialize)]
        struct Page {
            #[allow(dead_code)]
            items: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            count: i64,
        }
        let body = br#"{"items": [{"count": 1}, {"count": "two"}]}"#;
        let Err(Error::Decode(error)) = decode::<Page>("ListItems", 200, body) else {
            panic!("expected a decode error")
        };
        assert_eq!(error.path, "items[1].count");
        assert_eq!(error.body.as_bytes(), body);
        assert!(matches!(
            decode::<Item>("Op", 200, br#"{"count": 1} trailing"#),
            Err(Error::Decode(_))
        ));
    }
}
