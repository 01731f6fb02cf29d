//! The client: credentials, endpoint, timeouts, retries and the transport every generated
//! operation goes through ([`Call`] describes one request, [`Client::send`] performs it,
//! retrying by the [`RetryPolicy`]).

use super::config;
use super::error::{ApiError, DecodeError, Error, Result};
use super::response::{request_id, Response};
use super::retry::{may_retry, retry_after, RequestOptions, RetryPolicy};
use super::transport;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

/// What a path segment may contain unencoded: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A client of the API: credentials, endpoint, timeouts, retry policy and a connection
/// pool. Cloning is cheap and clones share the pool.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    http: reqwest::Client,
    base_url: reqwest::Url,
    /// Where operations with a server of their own are sent: to the explicit base URL, or
    /// to that server in the client's region and edge.
    servers: Servers,
    account_sid: String,
    /// The API key SID when authenticating with an API key; the Basic auth user is this
    /// or else the Account SID.
    api_key_sid: Option<String>,
    /// The Basic `Authorization` header of every request (marked sensitive), encoded once
    /// rather than on every request.
    authorization: reqwest::header::HeaderValue,
    user_agent: reqwest::header::HeaderValue,
    /// The timeout of each attempt; `None` leaves it to a caller's own HTTP client.
    timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: u64,
    /// Whether a page stream requests the next page as soon as a page arrives.
    pub(super) prefetch_pages: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The auth token or API key secret never appears in debug output.
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("account_sid", &inner.account_sid)
            .field("api_key_sid", &inner.api_key_sid)
            .field("authorization", &"<redacted>")
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
    pub(super) body: Option<&'a [u8]>,
    /// The media type of `body`.
    pub(super) content_type: &'static str,
    pub(super) headers: &'a [(&'static str, String)],
    pub(super) options: &'a RequestOptions,
}

/// What one attempt received: any status, with its headers and whole body.
pub(super) struct Received {
    pub(super) status: u16,
    pub(super) headers: reqwest::header::HeaderMap,
    pub(super) body: Vec<u8>,
}

impl Client {
    /// A client for the API's default base URL with an Account SID and its auth token.
    /// (An API key SID and its secret work here too, but then [`Client::account_sid`] is
    /// the key's SID; [`ClientBuilder::api_key`] keeps the two apart.)
    pub fn new(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Result<Self> {
        Client::builder()
            .credentials(account_sid, auth_token)
            .build()
    }

    /// A client configured from the environment: credentials as
    /// [`ClientBuilder::credentials_from_env`] reads them (`TWILIO_ACCOUNT_SID` with
    /// `TWILIO_AUTH_TOKEN`, or with `TWILIO_API_KEY` and `TWILIO_API_SECRET`), region and
    /// edge from `TWILIO_REGION` and `TWILIO_EDGE`, and the base URL from the variable
    /// [`Client::base_url_variable`] names when it is set (plain http only to this
    /// machine; see [`ClientBuilder::base_url_from_env`]).
    pub fn from_env() -> Result<Self> {
        Client::builder()
            .credentials_from_env()?
            .endpoint_from_env()
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

    /// A builder for a client with more settings: API key, region and edge, base URL,
    /// timeouts, retries, response size limit, user agent.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to. An operation that the API document gives a
    /// server of its own goes to that server instead (in the same region and edge), unless
    /// the base URL was set explicitly.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str().trim_end_matches('/')
    }

    /// The Account SID requests act for (with [`Client::new`] and
    /// [`ClientBuilder::credentials`], whatever SID was given).
    pub fn account_sid(&self) -> &str {
        &self.inner.account_sid
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or_default()
    }

    /// Performs a call and decodes its JSON body.
    pub async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        self.send_with_response(call)
            .await
            .map(Response::into_value)
    }

    /// Performs a call and decodes its JSON body, keeping the status and headers.
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
    pub async fn send_empty(&self, call: Call) -> Result<()> {
        self.send_empty_with_response(call).await.map(drop)
    }

    /// Performs a call whose success has no body, keeping the status and headers.
    pub async fn send_empty_with_response(&self, call: Call) -> Result<Response<()>> {
        let received = self.exchange(&call).await?;
        Ok(Response {
            status: received.status,
            headers: received.headers,
            value: (),
        })
    }

    /// Sends a call, as often as its retry policy allows, and receives the answer.
    async fn exchange(&self, call: &Call) -> Result<Received> {
        let url = self.url(call)?;
        self.execute(&call.request(url)).await
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
        // The path was encoded segment by segment in `Call::new`; it is appended as text so
        // that no URL normalisation can change it.
        let base = self.base_of(call)?;
        let base = base.as_str().trim_end_matches('/');
        let mut url = reqwest::Url::parse(&format!("{base}{}", call.path)).map_err(|error| {
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

    /// Sends `request` until it succeeds, fails in a way that is not retried, or the retry
    /// policy is used up; a non-2xx answer becomes [`Error::Api`].
    pub(super) async fn execute(&self, request: &Request<'_>) -> Result<Received> {
        let operation = request.operation;
        let policy = request.options.retry().unwrap_or(&self.inner.retry);
        let started = Instant::now();
        let mut attempt: u32 = 1;
        loop {
            let (error, wait) = match self.attempt(request, attempt).await {
                Ok(received) if (200..300).contains(&received.status) => return Ok(received),
                Ok(received) => {
                    let wait = retry_after(&received.headers, SystemTime::now());
                    let mut error = ApiError::new(
                        operation,
                        received.status,
                        request_id(&received.headers).map(str::to_owned),
                        &received.body,
                    );
                    error.retry_after = wait;
                    (Error::Api(Box::new(error)), wait)
                }
                Err(error) => (error, None),
            };
            if policy.attempts() <= 1 || !may_retry(&request.method, &error) {
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

    /// One attempt of `request`, in its own span.
    async fn attempt(&self, request: &Request<'_>, attempt: u32) -> Result<Received> {
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
            return self.send_once(request).await;
        }
        let started = Instant::now();
        let result = self.send_once(request).instrument(span.clone()).await;
        span.record("latency_ms", millis(started.elapsed()));
        match &result {
            Ok(received) => span.record("status", received.status),
            Err(error) => span.record("error", transport::kind(error)),
        };
        result
    }

    async fn send_once(&self, request: &Request<'_>) -> Result<Received> {
        let inner = &self.inner;
        let operation = request.operation;
        let mut builder = inner
            .http
            .request(request.method.clone(), request.url.clone())
            .header(reqwest::header::AUTHORIZATION, inner.authorization.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone());
        if let Some(timeout) = request.options.timeout().or(inner.timeout) {
            builder = builder.timeout(timeout);
        }
        for (name, value) in request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(body) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, request.content_type)
                .body(body.to_vec());
        }
        let mut response = builder
            .send()
            .await
            .map_err(|error| transport::classify(operation, error))?;
        let status = response.status().as_u16();
        transport::warn_if_deprecated(operation, response.headers());
        let body = transport::read_body(operation, &mut response, inner.max_response_bytes).await?;
        Ok(Received {
            status,
            headers: std::mem::take(response.headers_mut()),
            body,
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
    let fail = |path: String, message: String| {
        Error::Decode(Box::new(DecodeError {
            operation,
            status,
            path,
            message,
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    };
    // Tracking the path costs about a fifth of the decoding time, so a body is decoded
    // plainly first and only decoded again, with the path, when that fails.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
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

/// How the base URL of an operation with a server of its own is found.
enum Servers {
    /// An explicit base URL replaces every server.
    Base,
    /// Each server, in the client's region and edge.
    Regional {
        region: Option<String>,
        edge: Option<String>,
    },
}

/// Settings of a [`Client`] under construction.
#[derive(Default)]
pub struct ClientBuilder {
    account_sid: Option<String>,
    auth_token: Option<String>,
    api_key: Option<(String, String)>,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    allow_http: bool,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_bytes: Option<u64>,
    user_agent_suffix: Option<String>,
    prefetch_pages: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets are shown only as being there or not.
        let redacted = |secret: Option<&String>| secret.map(|_| "<redacted>");
        f.debug_struct("ClientBuilder")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &redacted(self.auth_token.as_ref()))
            .field(
                "api_key_sid",
                &self.api_key.as_ref().map(|(sid, _)| sid.as_str()),
            )
            .field(
                "api_key_secret",
                &redacted(self.api_key.as_ref().map(|(_, secret)| secret)),
            )
            .field("base_url", &self.base_url)
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("allow_http", &self.allow_http)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("prefetch_pages", &self.prefetch_pages)
            .finish_non_exhaustive()
    }
}

/// The value of the environment variable `name`, when it is set and not empty.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// [`env_var`], or a configuration error naming the variable.
fn required_env_var(name: &str) -> Result<String> {
    env_var(name)
        .ok_or_else(|| Error::Config(format!("the environment variable `{name}` is not set")))
}

impl ClientBuilder {
    /// Authenticates with an Account SID and its auth token. (An API key SID and its
    /// secret work here too, but then [`Client::account_sid`] is the key's SID; see
    /// [`ClientBuilder::api_key`].) Replaces an API key given before.
    pub fn credentials(
        mut self,
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        self.account_sid = Some(account_sid.into());
        self.auth_token = Some(auth_token.into());
        self.api_key = None;
        self
    }

    /// Authenticates with an API key (its SID, `SK...`, and its secret) instead of the
    /// auth token; the Account SID it belongs to must be given with
    /// [`ClientBuilder::account_sid`]. Replaces an auth token given before.
    pub fn api_key(mut self, key_sid: impl Into<String>, secret: impl Into<String>) -> Self {
        self.api_key = Some((key_sid.into(), secret.into()));
        self.auth_token = None;
        self
    }

    /// The Account SID requests act for; with [`ClientBuilder::api_key`], the account
    /// of the key.
    pub fn account_sid(mut self, account_sid: impl Into<String>) -> Self {
        self.account_sid = Some(account_sid.into());
        self
    }

    /// Authenticates from the environment: `TWILIO_ACCOUNT_SID` with either
    /// `TWILIO_API_KEY` and `TWILIO_API_SECRET` (an API key, used when either is set) or
    /// `TWILIO_AUTH_TOKEN`. Empty variables count as unset; a missing one is a
    /// configuration error that names it.
    pub fn credentials_from_env(self) -> Result<Self> {
        let account_sid = required_env_var("TWILIO_ACCOUNT_SID")?;
        if env_var("TWILIO_API_KEY").is_some() || env_var("TWILIO_API_SECRET").is_some() {
            let key_sid = required_env_var("TWILIO_API_KEY")?;
            let secret = required_env_var("TWILIO_API_SECRET")?;
            return Ok(self.api_key(key_sid, secret).account_sid(account_sid));
        }
        Ok(self.credentials(account_sid, required_env_var("TWILIO_AUTH_TOKEN")?))
    }

    /// Sends requests to a Twilio region, such as `ie1` or `au1`: the host
    /// `assistants.twilio.com` becomes `assistants.ie1.twilio.com` (or, with an edge,
    /// `assistants.{edge}.{region}.twilio.com`). An explicit base URL takes precedence.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends requests through a Twilio edge location, such as `dublin` or `sydney`: the
    /// host becomes `assistants.{edge}.{region}.twilio.com`, with the region `us1` when
    /// none is set. An explicit base URL takes precedence.
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.edge = Some(edge.into());
        self
    }

    /// Takes the region from `TWILIO_REGION` and the edge from `TWILIO_EDGE`, each when
    /// it is set and not empty.
    pub fn endpoint_from_env(mut self) -> Self {
        if let Some(region) = env_var("TWILIO_REGION") {
            self.region = Some(region);
        }
        if let Some(edge) = env_var("TWILIO_EDGE") {
            self.edge = Some(edge);
        }
        self
    }

    /// Takes the base URL from the variable [`Client::base_url_variable`] names, when it
    /// is set and not empty. A plain `http://` URL from there is accepted without
    /// [`ClientBuilder::allow_http`] when its host is this machine (`localhost`,
    /// `127.0.0.1`, `::1`), as local mock servers are; any other needs `allow_http`.
    pub fn base_url_from_env(mut self) -> Self {
        let Some(url) = env_var(&Client::base_url_variable()) else {
            return self;
        };
        if reqwest::Url::parse(&url)
            .is_ok_and(|parsed| parsed.scheme() == "http" && config::is_loopback(&parsed))
        {
            self.allow_http = true;
        }
        self.base_url(url)
    }

    /// Sends requests to `base_url` instead of the API's default, for proxies and tests;
    /// for example `http://127.0.0.1:8080` (plain `http` needs
    /// [`ClientBuilder::allow_http`]). It takes precedence over a region and edge, and
    /// over the servers that single operations declare: every request goes here.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Allows a plain `http://` base URL, which sends the credentials unencrypted: for
    /// local tests. Without it such a base URL is a configuration error.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Uses this HTTP client, with its own pool, proxy and TLS settings. Its own timeout
    /// applies unless [`ClientBuilder::timeout`] is set too; a connect timeout must be set
    /// on it, not here.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Limits each attempt of a request, from connecting until the whole response body
    /// has arrived, to `timeout` (default 60 s); a request can set its own with
    /// `.timeout(..)`. A stalled body read counts, too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits opening a connection (TCP and TLS) to `timeout` (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries failed requests by `policy` (default [`RetryPolicy::default`]); a request
    /// can set its own with `.retry(..)`.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Refuses response bodies larger than `bytes` (default 10 MiB) with
    /// [`Error::ResponseTooLarge`]; reading stops at the limit.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Makes item streams (`.stream()` of a list) request the next page as soon as a page
    /// arrives, while its items are consumed, instead of when they run out (default off).
    /// The wait for each page then overlaps with what the caller does with the one before
    /// (in `cargo xtask bench`, with 2 ms per page at the server and 2 ms of awaited work per
    /// page, about 0.6x the time). At most one page is requested ahead, none past a stream's
    /// `limit`, and a stream dropped early may have requested one page in vain.
    pub fn prefetch_pages(mut self, prefetch: bool) -> Self {
        self.prefetch_pages = prefetch;
        self
    }

    /// Appends `suffix`, such as `my-app/1.2`, to the `User-Agent`
    /// (`twilio-assistants/0.1.0 (linux x86_64) rust my-app/1.2`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let (account_sid, api_key_sid, secret) =
            match (self.account_sid, self.auth_token, self.api_key) {
                (Some(account_sid), _, Some((key_sid, secret))) => {
                    (account_sid, Some(key_sid), secret)
                }
                (None, _, Some(_)) => {
                    return Err(Error::Config(
                        "an API key needs the Account SID it belongs to: call `account_sid`"
                            .to_owned(),
                    ))
                }
                (Some(account_sid), Some(auth_token), None) => (account_sid, None, auth_token),
                _ => {
                    return Err(Error::Config(
                        "no credentials: call `credentials`, `api_key` or `credentials_from_env`"
                            .to_owned(),
                    ))
                }
            };
        let servers = match self.base_url {
            Some(_) => Servers::Base,
            None => Servers::Regional {
                region: self.region.clone(),
                edge: self.edge.clone(),
            },
        };
        let base = match self.base_url {
            Some(base) => base,
            None => config::regional_base_url(
                crate::spec::DEFAULT_BASE_URL,
                self.region.as_deref(),
                self.edge.as_deref(),
            )?,
        };
        let base_url = reqwest::Url::parse(&base)
            .ok()
            .filter(|url| url.has_host() && matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| Error::Config(format!("`{base}` is not an http(s) URL")))?;
        if base_url.scheme() == "http" && !self.allow_http {
            return Err(Error::Config(format!(
                "`{base}` is plain http, which would send the credentials unencrypted: \
                 use https, or call `allow_http(true)` for local tests"
            )));
        }
        let (http, timeout) = match self.http {
            Some(_) if self.connect_timeout.is_some() => {
                return Err(Error::Config(
                    "a connect timeout cannot be added to a caller's HTTP client: \
                     set it on that client"
                        .to_owned(),
                ));
            }
            Some(http) => (http, self.timeout),
            None => {
                let http = reqwest::Client::builder()
                    .connect_timeout(
                        self.connect_timeout
                            .unwrap_or(config::DEFAULT_CONNECT_TIMEOUT),
                    )
                    .build()
                    .map_err(|error| {
                        Error::Config(format!("cannot set up the HTTP client: {error}"))
                    })?;
                (http, Some(self.timeout.unwrap_or(config::DEFAULT_TIMEOUT)))
            }
        };
        let user = api_key_sid.as_ref().unwrap_or(&account_sid);
        let authorization = basic_authorization(&http, user, &secret)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                servers,
                account_sid,
                api_key_sid,
                authorization,
                user_agent: config::user_agent(self.user_agent_suffix.as_deref())?,
                timeout,
                retry: self.retry.unwrap_or_default(),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(config::DEFAULT_MAX_RESPONSE_BYTES),
                prefetch_pages: self.prefetch_pages,
            }),
        })
    }
}

/// The Basic `Authorization` header for `user` and `secret`, encoded by reqwest itself on
/// a request that is built but never sent, so that it is exactly what `basic_auth` sends.
fn basic_authorization(
    http: &reqwest::Client,
    user: &str,
    secret: &str,
) -> Result<reqwest::header::HeaderValue> {
    http.get("http://localhost/")
        .basic_auth(user, Some(secret))
        .build()
        .ok()
        .and_then(|request| {
            request
                .headers()
                .get(reqwest::header::AUTHORIZATION)
                .cloned()
        })
        .ok_or_else(|| {
            Error::Config(
                "the credentials cannot be sent as a Basic authorization header".to_owned(),
            )
        })
}

/// One request, as a generated operation describes it.
#[derive(Debug, Clone)]
pub struct Call {
    pub(super) operation: &'static str,
    /// The server of an operation that declares its own, instead of the API's default.
    server: Option<&'static str>,
    method: reqwest::Method,
    template: &'static str,
    path: String,
    pub(super) query: Vec<(&'static str, String)>,
    /// Header parameters of the operation, sent with every attempt and every page.
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    /// The media type of `body`.
    content_type: &'static str,
    invalid: Option<String>,
    encode_error: Option<String>,
    options: RequestOptions,
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
            content_type: "application/json",
            invalid,
            encode_error: None,
            options: RequestOptions::default(),
        }
    }

    /// The call sent to `server` (a path or operation `servers` entry) instead of the
    /// API's default base URL.
    pub fn with_server(mut self, server: &'static str) -> Self {
        self.server = Some(server);
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
            body: self.body.as_deref(),
            content_type: self.content_type,
            headers: &self.headers,
            options: &self.options,
        }
    }

    /// Adds a header parameter; call it once per element for an array.
    pub fn header(&mut self, name: &'static str, value: impl ToParam) {
        self.headers.push((name, value.to_param()));
    }

    /// Adds a query parameter; call it once per element for an array.
    pub fn query(&mut self, name: &'static str, value: impl ToParam) {
        self.query.push((name, value.to_param()));
    }

    /// Values joined with commas into one parameter (`explode: false`), for
    /// [`Call::query`] or [`Call::header`].
    pub fn join<T: ToParam>(values: impl Iterator<Item = T>) -> String {
        values
            .map(|value| value.to_param())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Sets the JSON body.
    pub fn json(&mut self, body: &impl Serialize) {
        let bytes = serde_json::to_vec(body).map_err(|error| error.to_string());
        self.set_body("application/json", bytes);
    }

    /// Sets the body and its media type, or keeps why it could not be encoded, which
    /// refuses the call before it is sent.
    pub(super) fn set_body(&mut self, content_type: &'static str, bytes: Result<Vec<u8>, String>) {
        self.content_type = content_type;
        match bytes {
            Ok(bytes) => self.body = Some(bytes),
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

    /// A builder with a base URL, since the API document may not give one.
    fn builder() -> ClientBuilder {
        Client::builder().base_url("https://api.example.com")
    }

    #[test]
    fn joined_values_are_comma_separated() {
        assert_eq!(Call::join([1, 2, 3].iter()), "1,2,3");
        assert_eq!(Call::join(std::iter::empty::<&str>()), "");
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

    #[test]
    fn debug_output_never_shows_the_token_or_secret() {
        let client = builder()
            .credentials("AC123", "very-secret-token")
            .build()
            .unwrap();
        let keyed = builder()
            .api_key("SK456", "api-key-secret")
            .account_sid("AC123")
            .build()
            .unwrap();
        let text = format!(
            "{client:?} {keyed:?} {:?} {:?}",
            Client::builder().credentials("AC123", "very-secret-token"),
            Client::builder().api_key("SK456", "api-key-secret"),
        );
        assert!(!text.contains("very-secret-token"), "{text}");
        assert!(!text.contains("api-key-secret"), "{text}");
        assert!(text.contains("AC123") && text.contains("SK456"), "{text}");
        assert_eq!(keyed.account_sid(), "AC123");
    }

    #[test]
    fn the_builder_checks_credentials_scheme_and_endpoint() {
        let config_error = |builder: ClientBuilder| match builder.build() {
            Err(Error::Config(message)) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        };
        let message = config_error(Client::builder().api_key("SK1", "secret"));
        assert!(message.contains("account_sid"), "{message}");
        let message = config_error(
            Client::builder()
                .credentials("AC1", "token")
                .base_url("http://example.com"),
        );
        assert!(message.contains("allow_http"), "{message}");
        let message = config_error(
            builder()
                .credentials("AC1", "token")
                .http_client(reqwest::Client::new())
                .connect_timeout(Duration::from_secs(1)),
        );
        assert!(message.contains("connect timeout"), "{message}");

        let plain = Client::builder()
            .credentials("AC1", "token")
            .base_url("http://example.com")
            .allow_http(true)
            .build()
            .unwrap();
        assert_eq!(plain.base_url(), "http://example.com");
        // A region applies to Twilio's hosts only; this runtime is also shipped into clients
        // of other APIs.
        let regional = Client::builder()
            .credentials("AC1", "token")
            .region("ie1")
            .edge("dublin")
            .build();
        let default = crate::spec::DEFAULT_BASE_URL;
        match regional {
            Ok(client) => assert_eq!(
                client.base_url(),
                default.replace(".twilio.com", ".dublin.ie1.twilio.com")
            ),
            Err(Error::Config(_)) => assert!(!default.contains(".twilio.com"), "{default}"),
            Err(other) => panic!("{other:?}"),
        }
        // An explicit base URL takes precedence over region and edge.
        let explicit = Client::builder()
            .credentials("AC1", "token")
            .region("ie1")
            .base_url("https://proxy.example.com")
            .build()
            .unwrap();
        assert_eq!(explicit.base_url(), "https://proxy.example.com");
        // The last of `credentials` and `api_key` wins.
        let token = builder()
            .api_key("SK1", "secret")
            .credentials("AC1", "token")
            .build()
            .unwrap();
        assert!(token.inner.api_key_sid.is_none());
        // `AC1:token` in base64, marked sensitive so that logs of headers hide it.
        assert_eq!(token.inner.authorization, "Basic QUMxOnRva2Vu");
        assert!(token.inner.authorization.is_sensitive());
    }

    #[test]
    fn an_operation_server_follows_the_region_unless_a_base_url_is_set() {
        let call = || {
            Call::new("Op", reqwest::Method::GET, "/v1/Numbers/{}", &["PN1"])
                .with_server("https://lookups.twilio.com")
        };
        let regional = Client::builder()
            .credentials("AC1", "token")
            .region("ie1")
            .build();
        // The default base URL of a document without a Twilio host cannot be regional.
        if let Ok(regional) = regional {
            assert_eq!(
                regional.url(&call()).unwrap().as_str(),
                "https://lookups.ie1.twilio.com/v1/Numbers/PN1"
            );
        }
        let plain = builder().credentials("AC1", "token").build().unwrap();
        let proxied = Client::builder()
            .credentials("AC1", "token")
            .base_url("https://proxy.example.com/")
            .build()
            .unwrap();
        assert_eq!(
            proxied.url(&call()).unwrap().as_str(),
            "https://proxy.example.com/v1/Numbers/PN1"
        );
        // `builder()` sets a base URL as well; a call without a server of its own uses it.
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
    fn defaults_and_request_options_reach_the_request() {
        let client = builder().credentials("AC1", "token").build().unwrap();
        assert_eq!(client.inner.timeout, Some(config::DEFAULT_TIMEOUT));
        assert_eq!(client.inner.retry, RetryPolicy::default());
        assert_eq!(
            client.inner.max_response_bytes,
            config::DEFAULT_MAX_RESPONSE_BYTES
        );
        assert!(
            client
                .user_agent()
                .ends_with(&format!(") rust spec/{}", &crate::spec::SHA256[..12])),
            "{}",
            client.user_agent()
        );
        let custom = builder()
            .credentials("AC1", "token")
            .http_client(reqwest::Client::new())
            .build()
            .unwrap();
        assert_eq!(
            custom.inner.timeout, None,
            "the caller's client keeps its own"
        );

        let mut options = RequestOptions::default();
        options.set_timeout(Duration::from_millis(1500));
        options.set_retry(RetryPolicy::none());
        let call = Call::new("Op", reqwest::Method::GET, "/v1/Things", &[]).with_options(&options);
        assert_eq!(call.options.timeout(), Some(Duration::from_millis(1500)));
        assert_eq!(call.options.retry(), Some(&RetryPolicy::none()));
        let url = reqwest::Url::parse("https://example.com/v1/Things").unwrap();
        let request = call.request(url);
        assert_eq!(request.template, "/v1/Things");
        assert_eq!(request.options.timeout(), Some(Duration::from_millis(1500)));
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
