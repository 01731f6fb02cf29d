//! The client and the transport every generated operation goes through: a
//! [`Call`] describes one request, [`Client::send`] performs it, retrying by the
//! [`RetryPolicy`]. [`ClientBuilder`](super::builder::ClientBuilder) makes clients.

use super::auth;
use super::builder::ClientBuilder;
use super::call::Call;
use super::config;
use super::error::{ApiError, DecodeError, Error, Result};
use super::response::{request_id, Download, Response};
use super::retry::{retry_after, RequestOptions, RetryPolicy};
use super::transport::{self, Body};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

/// A client of the API: credentials, endpoint, timeouts, retry policy and a connection
/// pool. Cloning is cheap and clones share the pool.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// The generated crate's `Client` and `ClientBuilder`: a client of this runtime under the
/// generated crate's own name, so that the crate can give it the API's resources as
/// methods (`client.assistants()`), which only the crate that defines a type can; the
/// runtime client's methods (`base_url`, `send` ...) are reached through `Deref`.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `client_type` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __client_type {
    () => {
        /// A client of the API: credentials, endpoint, timeouts, retry policy and a
        /// connection pool. Cloning is cheap and clones share the pool. Its methods are
        /// the API's resources; the settings and the requests it makes are those of the
        /// runtime client it dereferences to.
        #[derive(Clone)]
        pub struct Client($crate::runtime::client::Client);

        /// Settings of a [`Client`] under construction.
        pub type ClientBuilder = $crate::runtime::builder::ClientBuilder<Client>;

        impl Client {
            /// A builder for a client with more settings: credentials, base URL, timeouts,
            /// retries, response size limit, user agent.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The environment variable that overrides the base URL in
            /// [`Client::from_env`]: the crate's name in upper case with `_BASE_URL`, such
            /// as `TWILIO_ASSISTANTS_BASE_URL`, so that clients of several APIs in one
            /// process each have their own.
            #[must_use]
            pub fn base_url_variable() -> String {
                $crate::runtime::client::Client::base_url_variable()
            }
        }

        $crate::runtime::auth::client_constructors!();

        impl std::ops::Deref for Client {
            type Target = $crate::runtime::client::Client;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl From<$crate::runtime::client::Client> for Client {
            fn from(client: $crate::runtime::client::Client) -> Self {
                Self(client)
            }
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

#[doc(hidden)]
pub use crate::__client_type as client_type;

pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: reqwest::Url,
    /// Where operations with a server of their own are sent: to the explicit base URL, or
    /// to that server in the client's region and edge.
    pub(super) servers: Servers,
    /// What authenticates each attempt (the `auth` module's).
    pub(super) credentials: auth::Credentials,
    pub(super) user_agent: reqwest::header::HeaderValue,
    /// The timeout of each attempt; `None` leaves it to a caller's own HTTP client.
    pub(super) timeout: Option<Duration>,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_bytes: u64,
    /// Whether a page stream requests the next page as soon as a page arrives.
    pub(super) prefetch_pages: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credentials' own `Debug` never shows a secret.
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("credentials", &inner.credentials)
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("prefetch_pages", &inner.prefetch_pages)
            .finish()
    }
}

/// One request ready to be sent, as often as the retry policy allows.
pub(super) struct Request<'a> {
    pub(super) operation: &'static str,
    pub(super) template: &'static str,
    pub(super) method: reqwest::Method,
    pub(super) url: reqwest::Url,
    pub(super) body: Option<&'a Body>,
    /// The media type of `body`.
    pub(super) content_type: &'a str,
    /// The media type asked for with `Accept`.
    pub(super) accept: &'static str,
    pub(super) headers: &'a [(&'static str, String)],
    pub(super) options: &'a RequestOptions,
    /// The operation's security requirements when they are not the document's: any one
    /// of them, each a list of scheme names; `Some(&[])` sends no credentials.
    pub(super) security: Option<&'static [&'static [&'static str]]>,
    /// Statuses besides 2xx that are the operation's answer.
    pub(super) success: &'static [u16],
}

impl Request<'_> {
    /// Whether an answer with `status` is the operation's success.
    pub(super) fn succeeded(&self, status: u16) -> bool {
        (200..300).contains(&status) || self.success.contains(&status)
    }
}

/// How much of a successful answer an exchange reads before it returns; an answer that
/// is not 2xx is always read whole, for [`Error::Api`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// The whole body, up to the client's `max_response_bytes`.
    Whole,
    /// The status and headers only: the body is left to the caller, as a stream.
    Head,
}

/// What one attempt received: any status, with its headers and whole body, or, for a
/// successful answer read with [`Reading::Head`], the response whose body is still to be
/// read.
pub(super) struct Received {
    pub(super) status: u16,
    pub(super) headers: reqwest::header::HeaderMap,
    /// The whole body; empty when `unread` holds it.
    pub(super) body: Vec<u8>,
    /// The response of a [`Reading::Head`] exchange, its body not yet read.
    pub(super) unread: Option<reqwest::Response>,
}

impl Client {
    /// The environment variable that overrides the base URL in [`Client::from_env`]: the
    /// crate's name in upper case with `_BASE_URL`, such as `TWILIO_ASSISTANTS_BASE_URL`,
    /// so that clients of several APIs in one process each have their own.
    #[must_use]
    pub fn base_url_variable() -> String {
        let name: String = crate::spec::CRATE_NAME
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

    /// A builder for a client with more settings: credentials, base URL, timeouts,
    /// retries, response size limit, user agent.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to. An operation that the API document gives a
    /// server of its own goes to that server instead (in the same region and edge), unless
    /// the base URL was set explicitly.
    #[must_use]
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The `User-Agent` sent with every request.
    #[must_use]
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or_default()
    }

    /// Performs a call and decodes its JSON body.
    ///
    #[doc = super::error::send_errors_doc!(@json)]
    pub async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        self.send_with_response(call)
            .await
            .map(Response::into_value)
    }

    /// Performs a call and decodes its JSON body, keeping the status and headers.
    ///
    /// # Errors
    ///
    /// As with [`Client::send`].
    pub async fn send_with_response<T: DeserializeOwned>(&self, call: Call) -> Result<Response<T>> {
        let received = self.exchange(&call).await?;
        let value = decode(call.operation, received.status, &received.body)?;
        Ok(Response {
            status: received.status,
            headers: received.headers,
            value,
        })
    }

    /// Performs a call whose success has no body.
    ///
    #[doc = super::error::send_errors_doc!(@whole)]
    pub async fn send_empty(&self, call: Call) -> Result<()> {
        self.send_empty_with_response(call).await.map(drop)
    }

    /// Performs a call whose success has no body, keeping the status and headers.
    ///
    /// # Errors
    ///
    /// As with [`Client::send_empty`].
    pub async fn send_empty_with_response(&self, call: Call) -> Result<Response<()>> {
        let received = self.exchange(&call).await?;
        Ok(Response {
            status: received.status,
            headers: received.headers,
            value: (),
        })
    }

    /// Performs a call and returns its whole body as it was sent, held in memory up to
    /// [`ClientBuilder::max_response_bytes`] (`send_download` reads a body as a stream
    /// instead). Unless the call names a media type, it asks for any (`Accept: */*`).
    ///
    #[doc = super::error::send_errors_doc!(@whole)]
    pub async fn send_bytes(&self, call: Call) -> Result<Bytes> {
        self.send_bytes_with_response(call)
            .await
            .map(Response::into_value)
    }

    /// [`Client::send_bytes`], keeping the status and headers.
    ///
    /// # Errors
    ///
    /// As with [`Client::send_bytes`].
    pub async fn send_bytes_with_response(&self, call: Call) -> Result<Response<Bytes>> {
        let received = self.receive(&call, Reading::Whole, "*/*").await?;
        Ok(Response {
            status: received.status,
            headers: received.headers,
            value: Bytes::from(received.body),
        })
    }

    /// Performs a call and returns its whole body as text, held in memory up to
    /// [`ClientBuilder::max_response_bytes`]. A body that is not UTF-8 is an
    /// [`Error::Decode`], whatever charset the answer names: nothing is replaced or
    /// converted. Unless the call names a media type, it asks for any (`Accept: */*`).
    ///
    #[doc = super::error::send_errors_doc!(@text)]
    pub async fn send_text(&self, call: Call) -> Result<String> {
        self.send_text_with_response(call)
            .await
            .map(Response::into_value)
    }

    /// [`Client::send_text`], keeping the status and headers.
    ///
    /// # Errors
    ///
    /// As with [`Client::send_text`].
    pub async fn send_text_with_response(&self, call: Call) -> Result<Response<String>> {
        let received = self.receive(&call, Reading::Whole, "*/*").await?;
        let value = String::from_utf8(received.body).map_err(|error| {
            let at = error.utf8_error().valid_up_to();
            Error::Decode(Box::new(DecodeError {
                operation: call.operation,
                status: received.status,
                path: ".".to_owned(),
                message: format!("the body is not UTF-8 text: invalid byte at offset {at}"),
                body: String::from_utf8_lossy(error.as_bytes()).into_owned(),
            }))
        })?;
        Ok(Response {
            status: received.status,
            headers: received.headers,
            value,
        })
    }

    /// Performs a call and returns the answer with its body unread, as a `Download`: a
    /// stream of chunks that is never held whole, so the client's `max_response_bytes`
    /// does not apply. Retries cover getting the answer's head; an answer that is not
    /// 2xx is read whole (up to the limit) and is an [`Error::Api`] as with
    /// [`Client::send`]. Unless the call names a media type, it asks for any
    /// (`Accept: */*`).
    ///
    #[doc = super::error::send_errors_doc!(@download)]
    pub async fn send_download(&self, call: Call) -> Result<Download> {
        let received = self.receive(&call, Reading::Head, "*/*").await?;
        Ok(Download::new(
            self.attempt_of(call.operation, &call.method, &call.options),
            received.status,
            received.headers,
            received.unread,
            received.body,
        ))
    }

    /// Sends a call, as often as its retry policy allows, and receives the whole answer.
    pub(super) async fn exchange(&self, call: &Call) -> Result<Received> {
        self.receive(call, Reading::Whole, "application/json").await
    }

    /// Sends a call, as often as its retry policy allows, reads as much of a successful
    /// answer as `reading` says, and asks for the media type the call names, else
    /// `accept`. Every way of sending a call goes through here.
    pub(super) async fn receive(
        &self,
        call: &Call,
        reading: Reading,
        accept: &'static str,
    ) -> Result<Received> {
        let url = self.url(call)?;
        let mut request = call.request(url);
        request.accept = call.accept.unwrap_or(accept);
        self.execute_reading(&request, reading).await
    }

    /// The base URL `call` is sent to: the client's, unless the operation declares a
    /// server of its own and no explicit base URL replaces every server.
    pub(super) fn base_of(&self, call: &Call) -> Result<Cow<'_, reqwest::Url>> {
        match (call.server, &self.inner.servers) {
            (Some(server), Servers::Regional { region, edge }) => {
                let base = config::regional_base_url(server, region.as_deref(), edge.as_deref())?;
                reqwest::Url::parse(&base)
                    .map(Cow::Owned)
                    .map_err(|error| Error::Config(format!("`{base}` is not a URL: {error}")))
            }
            _ => Ok(Cow::Borrowed(&self.inner.base_url)),
        }
    }

    fn url(&self, call: &Call) -> Result<reqwest::Url> {
        if let Some(refused) = &call.refused {
            return Err(Error::InvalidId(refused.clone()));
        }
        if let Some(message) = &call.invalid {
            return Err(Error::InvalidArgument {
                operation: call.operation,
                message: message.clone(),
            });
        }
        if let Some(error) = &call.encode_error {
            return Err(Error::InvalidArgument {
                operation: call.operation,
                message: format!("the request body cannot be encoded: {error}"),
            });
        }
        // The path was encoded segment by segment in `Call::new`; it is appended to the base
        // URL's path as text, so that no URL normalisation can change it. Setting the path
        // alone spares parsing the whole URL again, its host above all, which was a tenth
        // of the CPU time of a request to a loopback server. A template with a query or a
        // fragment of its own, or a base URL with one, is parsed as a whole, as written.
        let base = self.base_of(call)?;
        let mut url = if call.path.contains(['?', '#'])
            || base.query().is_some()
            || base.fragment().is_some()
        {
            let text = format!("{}{}", base.as_str().trim_end_matches('/'), call.path);
            reqwest::Url::parse(&text).map_err(|error| {
                Error::Config(format!(
                    "cannot join the base URL and `{}`: {error}",
                    call.path
                ))
            })?
        } else {
            let mut url = base.into_owned();
            let path = format!("{}{}", url.path().trim_end_matches('/'), call.path);
            url.set_path(&path);
            url
        };
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(
                call.query
                    .iter()
                    .map(|(name, value)| (name.as_ref(), value.as_str())),
            );
        }
        Ok(url)
    }

    /// What a failure of a request of `operation` with `method` and `options` is reported
    /// with: the timeout is the request's own, else the client's.
    pub(super) fn attempt_of(
        &self,
        operation: &'static str,
        method: &reqwest::Method,
        options: &RequestOptions,
    ) -> transport::Attempt {
        transport::Attempt {
            operation,
            method: method.clone(),
            timeout: options.timeout().or(self.inner.timeout),
        }
    }

    /// Sends `request` until it succeeds, fails in a way that is not retried, or the retry
    /// policy is used up, and reads as much of a successful answer as `reading` says; a
    /// non-2xx answer becomes [`Error::Api`]. A request whose body is a caller's stream is
    /// sent once: the stream is gone after the first attempt.
    pub(super) async fn execute_reading(
        &self,
        request: &Request<'_>,
        reading: Reading,
    ) -> Result<Received> {
        let operation = request.operation;
        let policy = request.options.retry().unwrap_or(&self.inner.retry);
        let repeatable = request.body.is_none_or(Body::repeatable);
        let started = Instant::now();
        let mut attempt: u32 = 1;
        loop {
            let (error, wait) = match self.attempt(request, attempt, reading).await {
                Ok(received) if request.succeeded(received.status) => return Ok(received),
                Ok(received) => {
                    let wait = retry_after(&received.headers, SystemTime::now());
                    let content_type = received
                        .headers
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|value| value.to_str().ok());
                    let mut error = ApiError::new(
                        operation,
                        request.method.clone(),
                        received.status,
                        request_id(&received.headers).map(str::to_owned),
                        content_type,
                        &received.body,
                    );
                    error.retry_after = wait;
                    (Error::Api(Box::new(error)), wait)
                }
                Err(error) => (error, None),
            };
            if policy.attempts() <= 1 || !repeatable || !error.is_retryable() {
                return Err(error);
            }
            let delay = policy.delay(attempt, wait);
            let out_of_time = started.elapsed().saturating_add(delay) > policy.elapsed_budget();
            if attempt >= policy.attempts() || out_of_time {
                tracing::debug!(operation, attempts = attempt, "giving up: {error}");
                return Err(Error::TooManyRetries {
                    operation,
                    attempts: attempt,
                    last: Box::new(error),
                });
            }
            tracing::debug!(
                operation,
                attempt,
                status = error.status(),
                delay_ms = millis(delay),
                "retrying: {}",
                transport::kind(&error)
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt of `request`, in its own span, which ends when the head (with
    /// [`Reading::Head`]) or the whole answer has arrived.
    async fn attempt(
        &self,
        request: &Request<'_>,
        attempt: u32,
        reading: Reading,
    ) -> Result<Received> {
        let span = tracing::info_span!(
            "http_request",
            operation = request.operation,
            method = request.method.as_str(),
            path = request.template,
            attempt,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            error = tracing::field::Empty,
        );
        if span.is_disabled() {
            // Nothing listens: no span to enter and no latency to record. Awaiting the
            // request directly also spares moving its large future into a wrapper, which
            // cost about 2% of a loopback request.
            return self.send_once(request, reading).await;
        }
        let started = Instant::now();
        let result = self
            .send_once(request, reading)
            .instrument(span.clone())
            .await;
        span.record("latency_ms", millis(started.elapsed()));
        match &result {
            Ok(received) => span.record("status", received.status),
            Err(error) => span.record("error", transport::kind(error)),
        };
        result
    }

    /// Sends `request` once, with the credentials its operation asks for, and reads as
    /// much of the answer as `reading` says.
    async fn send_once(&self, request: &Request<'_>, reading: Reading) -> Result<Received> {
        let inner = &self.inner;
        let operation = request.operation;
        let attempt = self.attempt_of(operation, &request.method, request.options);
        let mut builder = inner
            .http
            .request(request.method.clone(), request.url.clone())
            .header(reqwest::header::ACCEPT, request.accept)
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone());
        if let Some(timeout) = attempt.timeout {
            builder = builder.timeout(timeout);
        }
        for (name, value) in request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(body) = request.body {
            let (body, length) = body
                .open()
                .await
                .map_err(|message| Error::InvalidArgument { operation, message })?;
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, request.content_type)
                .body(body);
            // A streamed body of known length (a file) is sent with its length, which
            // some servers require, rather than in chunks.
            if let Some(length) = length {
                builder = builder.header(reqwest::header::CONTENT_LENGTH, length);
            }
        }
        let mut http = builder
            .build()
            .map_err(|error| transport::classify(&attempt, error))?;
        // Credentials are added to the finished request, so that an API key cookie joins
        // the cookie parameters in one header; an operation that needs none gets none.
        if !matches!(request.security, Some([])) {
            inner.credentials.apply(&mut http, request).await?;
        }
        // An API key in the query must not show in errors, which name the URL.
        let signed = http.url() != &request.url;
        let mut response = inner.http.execute(http).await.map_err(|error| {
            let error = if signed && error.url().is_some() {
                error.with_url(request.url.clone())
            } else {
                error
            };
            transport::classify(&attempt, error)
        })?;
        let status = response.status().as_u16();
        transport::warn_if_deprecated(operation, response.headers());
        if reading == Reading::Head && request.succeeded(status) {
            return Ok(Received {
                status,
                headers: std::mem::take(response.headers_mut()),
                body: Vec::new(),
                unread: Some(response),
            });
        }
        let body = transport::read_body(&attempt, &mut response, inner.max_response_bytes).await?;
        Ok(Received {
            status,
            headers: std::mem::take(response.headers_mut()),
            body,
            unread: None,
        })
    }
}

/// A duration in whole milliseconds, for logs.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

pub(super) fn decode<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    body: &[u8],
) -> Result<T> {
    // One generic decode per type: where it failed is found afterwards in the text, by
    // the non-generic `failed_at`, rather than by a second, path-tracking decode, which
    // doubled the deserialization code compiled for every response type.
    serde_json::from_slice(body).map_err(|error| {
        let message = error.to_string();
        Error::Decode(Box::new(DecodeError {
            operation,
            status,
            path: failed_at(body, &error, &message),
            message,
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    })
}

/// Where in `body` decoding failed with `error`, as a path (`items[1].count`, `.` for the
/// whole body): the value that the error's position is in or just after; for a missing
/// field, the field in the object that lacks it, and for an unknown one, the object.
fn failed_at(body: &[u8], error: &serde_json::Error, message: &str) -> String {
    let Open { mut open, closed } = open_at(body, offset(body, error.line(), error.column()));
    let field = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    // An unknown field is reported just after its key, which the path leaves out, or
    // (by the `strict` feature's check of the properties a model keeps) just after the
    // object that has it.
    let unknown = field("unknown field `");
    if let Some(unknown) = &unknown {
        if let Some((Step::Key(key), at_value)) = open.last_mut() {
            *at_value &= key != unknown;
        }
    }
    let mut path: Vec<Step> = open
        .into_iter()
        .filter(|(_, at_value)| *at_value)
        .map(|(step, _)| step)
        .collect();
    if let Some(missing) = field("missing field `") {
        // A missing field is reported just after the object that lacks it.
        path.push(Step::Key(missing));
    } else if let (None, Some((key, true))) = (&unknown, closed) {
        // An error that serde raises after serde_json has read the value (an untagged or
        // tagged union, which is read whole first) is placed after the object that holds
        // the value when the value is the object's last: the path ends at that value.
        path.push(key);
    }
    let mut text = String::new();
    for step in &path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(index) => {
                text.push('[');
                text.push_str(&index.to_string());
                text.push(']');
            }
        }
    }
    if text.is_empty() {
        text.push('.');
    }
    text
}

/// One step of a path into a JSON document.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The byte offset of the 1-based `line` and `column` serde_json reports (its columns
/// count bytes).
fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let start: usize = body
        .split(|byte| *byte == b'\n')
        .take(line.saturating_sub(1))
        .map(|line| line.len() + 1)
        .sum();
    (start + column).min(body.len())
}

/// The containers open after the first `end` bytes of `body`, outermost first, each
/// with its current index or key, and whether it is at a value (an object is not until
/// its current key has been read); and the object that the last of those bytes closed.
fn open_at(body: &[u8], end: usize) -> Open {
    let mut open: Vec<(Step, bool)> = Vec::new();
    let mut closed = None;
    let mut at = 0;
    while at < end {
        if !body[at].is_ascii_whitespace() {
            closed = None;
        }
        match body[at] {
            b'{' => open.push((Step::Key(String::new()), false)),
            b'[' => open.push((Step::Index(0), true)),
            b'}' => closed = open.pop(),
            b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some((Step::Index(index), _)) => *index += 1,
                Some((_, keyed)) => *keyed = false,
                None => {}
            },
            b'"' => {
                let close = string_end(body, at);
                if let Some((Step::Key(key), keyed @ false)) = open.last_mut() {
                    *key = serde_json::from_slice(&body[at..close]).unwrap_or_default();
                    *keyed = true;
                }
                at = close;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    Open { open, closed }
}

/// The containers open at a point of a JSON document ([`open_at`]), and the object that
/// closed just before it, if one did.
struct Open {
    open: Vec<(Step, bool)>,
    closed: Option<(Step, bool)>,
}

/// The offset just after the string that starts at `start` (its opening quote).
fn string_end(body: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < body.len() {
        match body[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    body.len()
}

/// How the base URL of an operation with a server of its own is found.
pub(super) enum Servers {
    /// An explicit base URL replaces every server.
    Base,
    /// Each server, in the client's region and edge.
    Regional {
        region: Option<String>,
        edge: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A builder with the credentials the `auth` module under test needs.
    fn builder() -> ClientBuilder {
        crate::authenticated(Client::builder())
    }

    #[test]
    fn an_operation_server_follows_the_region_unless_a_base_url_is_set() {
        let call = || {
            Call::new("Op", reqwest::Method::GET, "/v1/Numbers/{}", &["PN1"])
                .with_server("https://lookups.twilio.com")
        };
        // Regions are Twilio's; the default base URL of a document without a Twilio host
        // cannot be regional.
        #[cfg(feature = "twilio")]
        if let Ok(regional) = builder().region("ie1").build() {
            assert_eq!(
                regional.url(&call()).unwrap().as_str(),
                "https://lookups.ie1.twilio.com/v1/Numbers/PN1"
            );
        }
        let plain = builder()
            .base_url("https://api.example.com")
            .build()
            .unwrap();
        let proxied = builder()
            .base_url("https://proxy.example.com/")
            .build()
            .unwrap();
        assert_eq!(
            proxied.url(&call()).unwrap().as_str(),
            "https://proxy.example.com/v1/Numbers/PN1"
        );
        // A call without a server of its own uses the base URL.
        let own = Call::new("Op", reqwest::Method::GET, "/v1/Things", &[]);
        assert_eq!(
            plain.url(&own).unwrap().as_str(),
            "https://api.example.com/v1/Things"
        );
        let unset = Client {
            inner: Arc::new(Inner {
                servers: Servers::Regional {
                    region: None,
                    edge: None,
                },
                ..Arc::try_unwrap(plain.inner).ok().unwrap()
            }),
        };
        assert_eq!(
            unset.url(&call()).unwrap().as_str(),
            "https://lookups.twilio.com/v1/Numbers/PN1"
        );
    }

    #[test]
    fn a_calls_url_is_the_base_and_the_path_as_one_parse_would_read_them() {
        let cases = [
            ("https://api.example.com", "/v1/Things/{}", "a b/ü?#%"),
            (
                "https://api.example.com/",
                "/v1/Things/{}",
                "~!$&'()*+,;=:@",
            ),
            (
                "https://api.example.com/prefix/",
                "/v1/Things/{}/Items",
                "x",
            ),
            ("http://127.0.0.1:4010/v2", "/{}", "%41"),
            ("https://api.example.com", "/v1/Things?kind=a&id={}", "1"),
            ("https://api.example.com/?key=k", "/v1/Things/{}", "1"),
        ];
        for (base, template, param) in cases {
            let client = builder().base_url(base).allow_http(true).build().unwrap();
            let mut call = Call::new("Op", reqwest::Method::GET, template, &[param]);
            call.optional_query("Page", Some(&"2"));
            let whole =
                reqwest::Url::parse(&format!("{}{}", base.trim_end_matches('/'), call.path)).map(
                    |mut url| {
                        url.query_pairs_mut().append_pair("Page", "2");
                        url
                    },
                );
            assert_eq!(
                client.url(&call).map(|url| url.to_string()).ok(),
                whole.map(|url| url.to_string()).ok(),
                "{base} {template} {param}"
            );
        }
    }

    #[test]
    fn decode_errors_name_the_path_of_the_failing_value() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            #[serde(default)]
            items: Vec<Inner>,
            #[serde(default)]
            nested: Option<Inner>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            count: i64,
            #[serde(default)]
            note: Option<String>,
        }
        let path = |body: &str| match decode::<Outer>("Op", 200, body.as_bytes()) {
            Err(Error::Decode(error)) => error.path,
            other => panic!("expected a decode error, got {other:?}"),
        };
        assert_eq!(
            path(r#"{"items": [{"count": 1}, {"count": true}]}"#),
            "items[1].count"
        );
        // A missing field, also in an empty object and after other fields.
        assert_eq!(path(r#"{"nested": {}}"#), "nested.count");
        assert_eq!(path(r#"{"items": [{"note": "a"}]}"#), "items[0].count");
        // An unknown field names the object that has it.
        assert_eq!(path(r#"{"items": [{"count": 1, "extra": 2}]}"#), "items[0]");
        assert_eq!(path(r#"{"other": 1}"#), ".");
        // Keys with escapes and strings with brackets, braces and quotes, over lines.
        let tricky = "{\"items\": [{\"note\": \"a \\\" ] } , [\",\n \"count\": \"x\"}]}";
        assert_eq!(path(tricky), "items[0].count");
        assert_eq!(path("{\"nested\": {\"count\": 1}} trailing"), ".");
        assert_eq!(
            path("{\"items\": [{\"count\": 1},\n{\"count\": 2, \"note\": 3}]}"),
            "items[1].note"
        );
        // A union is read whole before its alternatives are tried, so its error comes
        // after the object that holds it; the path still ends at it.
        #[derive(Debug, serde::Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        enum Union {
            Number(i64),
            Flag(bool),
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Holder {
            first: Option<Union>,
            last: Union,
        }
        let union_path = |body: &str| match decode::<Vec<Holder>>("Op", 200, body.as_bytes()) {
            Err(Error::Decode(error)) => error.path,
            other => panic!("expected a decode error, got {other:?}"),
        };
        assert_eq!(union_path(r#"[{"first": 1, "last": "x"}]"#), "[0].last");
        assert_eq!(union_path(r#"[{"first": "x", "last": 1}]"#), "[0].first");
        assert_eq!(
            union_path(r#"[{"last": 2}, {"last": {"a": 1} }]"#),
            "[1].last"
        );
        // An identifier is checked while it is read, so even as an object's last field
        // its error is at the field.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Owner {
            id: crate::models::ExampleId,
        }
        let Err(Error::Decode(error)) = decode::<Vec<Owner>>("Op", 200, br#"[{"id": "EX1"}]"#)
        else {
            panic!("expected a decode error")
        };
        assert_eq!(error.path, "[0].id");
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
