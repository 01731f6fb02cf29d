//! Settings of a client under construction, and how they are taken from the environment.

use super::client::{Client, Inner, Servers};
use super::config;
use super::error::{Error, Result};
use super::retry::RetryPolicy;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::call::Call;
    use crate::runtime::retry::RequestOptions;

    /// A builder with a base URL, since the API document may not give one.
    fn builder() -> ClientBuilder {
        Client::builder().base_url("https://api.example.com")
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
}
