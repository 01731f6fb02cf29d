//! Settings of a client under construction, and how they are taken from the environment.
//! The credentials, and the builder methods that set them, are the `auth` module's.

use super::auth;
use super::client::{Client, Inner, Servers};
use super::config;
use super::error::{Error, Result};
use super::retry::RetryPolicy;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// Settings of a [`Client`] under construction.
///
/// `C` is the client `build` makes: this runtime's, or the generated crate's, which wraps
/// it (the generated crate's `ClientBuilder` names that one).
#[must_use = "a builder makes no client until `build` is called"]
pub struct ClientBuilder<C = Client> {
    /// The credentials, as the `auth` module's builder methods set them.
    pub(super) auth: auth::Settings,
    base_url: Option<String>,
    /// A Twilio region and edge, which move the default host and the servers of single
    /// operations (set by Twilio's `auth` module, which has the builder methods).
    pub(super) region: Option<String>,
    pub(super) edge: Option<String>,
    allow_http: bool,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_bytes: Option<u64>,
    user_agent_suffix: Option<String>,
    prefetch_pages: bool,
    client: PhantomData<fn() -> C>,
}

// Not derived, which would ask `C: Default`.
impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self {
            auth: auth::Settings::default(),
            base_url: None,
            region: None,
            edge: None,
            allow_http: false,
            http: None,
            timeout: None,
            connect_timeout: None,
            retry: None,
            max_response_bytes: None,
            user_agent_suffix: None,
            prefetch_pages: false,
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credentials' own `Debug` never shows a secret.
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
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
pub(super) fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

impl<C> ClientBuilder<C> {
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
    /// [`ClientBuilder::allow_http`]). It takes precedence over the servers that single
    /// operations declare, and over a region and edge where the API has them: every
    /// request goes here.
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
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the settings make no usable client: credentials that are
    /// missing where the API needs them or that cannot be used, a base URL that is not
    /// `http(s)` (or plain `http` without [`ClientBuilder::allow_http`]), a connect timeout
    /// together with [`ClientBuilder::http_client`], an invalid region, edge or user agent
    /// suffix, or an HTTP client that cannot be set up.
    pub fn build(self) -> Result<C>
    where
        C: From<Client>,
    {
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
                without_tls(&base_url, cfg!(feature = "rustls-tls"))?;
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
        let credentials = self.auth.build(&http)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                servers,
                credentials,
                user_agent: config::user_agent(self.user_agent_suffix.as_deref())?,
                timeout,
                retry: self.retry.unwrap_or_default(),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(config::DEFAULT_MAX_RESPONSE_BYTES),
                prefetch_pages: self.prefetch_pages,
            }),
        }
        .into())
    }
}

/// The error of an https base URL for the client's own HTTP client when the crate was
/// built without TLS (`has_tls` false): said when the client is built, not at its first
/// request, as reqwest would.
fn without_tls(base_url: &reqwest::Url, has_tls: bool) -> Result<()> {
    if has_tls || base_url.scheme() != "https" {
        return Ok(());
    }
    Err(Error::Config(format!(
        "`{base_url}` is https, and this crate was built without TLS: turn on its \
         `rustls-tls` feature (a default feature), or pass a reqwest client built with the \
         TLS of your choice to `http_client`"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::call::Call;
    use crate::runtime::retry::RequestOptions;

    /// A builder with a base URL, since the API document may not give one, and the
    /// credentials the `auth` module under test needs.
    fn builder() -> ClientBuilder {
        crate::authenticated(Client::builder()).base_url("https://api.example.com")
    }

    #[test]
    fn the_builder_checks_scheme_and_http_client() {
        let config_error = |builder: ClientBuilder| match builder.build() {
            Err(Error::Config(message)) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        };
        let message = config_error(builder().base_url("http://example.com"));
        assert!(message.contains("allow_http"), "{message}");
        let message = config_error(
            builder()
                .http_client(reqwest::Client::new())
                .connect_timeout(Duration::from_secs(1)),
        );
        assert!(message.contains("connect timeout"), "{message}");
        for bad in ["not a url", "ftp://example.com", "/v1", ""] {
            config_error(builder().base_url(bad));
        }

        let plain = builder()
            .base_url("http://example.com")
            .allow_http(true)
            .build()
            .unwrap();
        assert_eq!(plain.base_url(), "http://example.com");
    }

    #[test]
    fn without_tls_only_plain_http_or_a_callers_client_will_do() {
        let https = reqwest::Url::parse("https://api.example.com").unwrap();
        let http = reqwest::Url::parse("http://127.0.0.1:4010").unwrap();
        assert!(without_tls(&https, true).is_ok());
        assert!(without_tls(&http, false).is_ok());
        match without_tls(&https, false) {
            Err(Error::Config(message)) => {
                assert!(message.contains("`rustls-tls` feature"), "{message}");
                assert!(message.contains("`http_client`"), "{message}");
            }
            other => panic!("expected Error::Config, got {other:?}"),
        }
        // This crate's tests build it with TLS, the default.
        assert!(builder().build().is_ok());
    }

    #[test]
    fn defaults_and_request_options_reach_the_request() {
        let client = builder().build().unwrap();
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
        assert_eq!(request.security, None);
    }
}
