//! Authentication by the API document's security schemes: the credentials a caller gives
//! the builder (a bearer token or a provider of tokens, a user and password, API keys),
//! and how each attempt of a request sends those its operation asks for.
//!
//! The generator writes the document's schemes into `spec::SECURITY_SCHEMES`, the
//! requirements of operations that state none into `spec::SECURITY`, and the prefix of
//! the credential environment variables into `spec::ENV_PREFIX`; an operation with
//! requirements of its own calls [`Call::with_security`](super::call::Call::with_security).
//! A client of a Twilio API gets `twilio.rs` as this module instead, with the same
//! crate-internal interface.

use super::builder::{env_var, ClientBuilder};
use super::client::Request;
use super::config;
use super::error::{Error, Result};
use super::transport::BoxError;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A way of authenticating that the API document declares (`components/securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scheme {
    /// The scheme's name in the document, which requirements and
    /// [`ClientBuilder::api_key_for`] use.
    pub name: &'static str,
    /// What is sent for it.
    pub kind: SchemeKind,
}

/// What a [`Scheme`] sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// HTTP Basic auth, from [`ClientBuilder::basic_auth`].
    Basic,
    /// A bearer token (HTTP Bearer, OAuth 2, OpenID Connect), from
    /// [`ClientBuilder::bearer_token`] or [`ClientBuilder::token_provider`].
    Bearer,
    /// An API key, from [`ClientBuilder::api_key`] or [`ClientBuilder::api_key_for`].
    ApiKey {
        /// Where the key is sent.
        location: KeyLocation,
        /// The name of the header, query parameter or cookie.
        name: &'static str,
    },
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyLocation {
    /// In a header.
    Header,
    /// In a query parameter.
    Query,
    /// In a cookie, in the request's one `Cookie` header.
    Cookie,
}

/// A future of a token, as a token provider returns it.
type TokenFuture = Pin<Box<dyn Future<Output = std::result::Result<String, BoxError>> + Send>>;

/// A caller's token provider, called before each attempt.
type Provider = Arc<dyn Fn() -> TokenFuture + Send + Sync>;

/// A bearer token: one token, or a provider asked before each attempt.
enum Token<T> {
    Fixed(T),
    Provider(Provider),
}

impl<T> fmt::Debug for Token<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Token::Fixed(_) => "<redacted>",
            Token::Provider(_) => "<provider>",
        })
    }
}

/// The credentials of a client under construction.
#[derive(Default)]
pub(super) struct Settings {
    token: Option<Token<String>>,
    basic: Option<(String, String)>,
    /// API keys by scheme name; `None` is the document's only API key scheme.
    api_keys: Vec<(Option<String>, String)>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A Basic user can be a secret too (an API key as the user, as some APIs take
        // it); only the schemes of API keys are shown.
        let keys: Vec<&str> = self
            .api_keys
            .iter()
            .map(|(scheme, _)| scheme.as_deref().unwrap_or("<the API key scheme>"))
            .collect();
        f.debug_struct("Settings")
            .field("bearer_token", &self.token)
            .field("basic_auth", &self.basic.as_ref().map(|_| "<redacted>"))
            .field("api_keys", &keys)
            .finish()
    }
}

impl Settings {
    /// The credentials of the client, ready to send: a configuration error when an API
    /// key names no API key scheme of the document, or a credential cannot be sent.
    pub(super) fn build(self, http: &reqwest::Client) -> Result<Credentials> {
        self.resolve(http, crate::spec::SECURITY_SCHEMES, crate::spec::SECURITY)
    }

    /// [`Settings::build`] for the document's `schemes` and `default` requirements.
    fn resolve(
        self,
        http: &reqwest::Client,
        schemes: &'static [Scheme],
        default: &'static [&'static [&'static str]],
    ) -> Result<Credentials> {
        let token = match self.token {
            Some(Token::Fixed(token)) => Some(Token::Fixed(bearer(&token).ok_or_else(|| {
                Error::Config("the bearer token cannot be sent in a header".to_owned())
            })?)),
            Some(Token::Provider(provider)) => Some(Token::Provider(provider)),
            None => None,
        };
        let basic = self
            .basic
            .map(|(user, password)| config::basic_authorization(http, &user, &password))
            .transpose()?;
        let mut keys: Vec<Key> = Vec::new();
        for (name, value) in self.api_keys {
            let (scheme, location, name) = key_scheme(schemes, name.as_deref())?;
            let cannot = |what: &str| {
                Error::Config(format!(
                    "the API key of `{scheme}` cannot be sent in {what} `{name}`"
                ))
            };
            let send = match location {
                KeyLocation::Header => {
                    let header = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| cannot("the header"))?;
                    let mut value =
                        HeaderValue::from_str(&value).map_err(|_| cannot("the header"))?;
                    value.set_sensitive(true);
                    KeySend::Header(header, value)
                }
                KeyLocation::Query => KeySend::Query(name, value),
                KeyLocation::Cookie => {
                    // RFC 6265: a cookie's name is a token, its value has no space, `"`,
                    // `,`, `;` or `\`.
                    let octets = |text: &str, also: &[u8]| {
                        text.bytes().all(|byte| {
                            byte.is_ascii_graphic()
                                && !b"\",;\\".contains(&byte)
                                && !also.contains(&byte)
                        })
                    };
                    if name.is_empty() || !octets(name, b"=()<>@:/[]?{}") || !octets(&value, b"") {
                        return Err(cannot("the cookie"));
                    }
                    KeySend::Cookie(format!("{name}={value}"))
                }
            };
            keys.retain(|key| key.scheme != scheme);
            keys.push(Key { scheme, send });
        }
        Ok(Credentials {
            schemes,
            default,
            token,
            basic,
            keys,
        })
    }
}

/// The API key scheme named `name`, or the document's only one for `None`: its name,
/// where the key goes and under what name; a configuration error naming the schemes
/// there are when there is no such scheme.
fn key_scheme(
    schemes: &'static [Scheme],
    name: Option<&str>,
) -> Result<(&'static str, KeyLocation, &'static str)> {
    let keys: Vec<(&'static str, KeyLocation, &'static str)> = schemes
        .iter()
        .filter_map(|scheme| match scheme.kind {
            SchemeKind::ApiKey { location, name } => Some((scheme.name, location, name)),
            _ => None,
        })
        .collect();
    let names = || {
        let names: Vec<String> = keys.iter().map(|(name, ..)| format!("`{name}`")).collect();
        if names.is_empty() {
            "the API document declares no API key scheme".to_owned()
        } else {
            format!("its API key schemes are {}", names.join(", "))
        }
    };
    match (name, keys.as_slice()) {
        (None, [only]) => Ok(*only),
        (None, _) => Err(Error::Config(format!(
            "`api_key` needs the API's only API key scheme, but {}: call `api_key_for`",
            names()
        ))),
        (Some(name), _) => keys
            .iter()
            .find(|(scheme, ..)| *scheme == name)
            .copied()
            .ok_or_else(|| {
                Error::Config(format!(
                    "`{name}` is not an API key scheme of the API: {}",
                    names()
                ))
            }),
    }
}

/// The `Authorization` header of a bearer token, marked sensitive; `None` when the token
/// cannot be sent in a header.
fn bearer(token: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// An API key, as it is sent.
struct Key {
    /// Its scheme's name.
    scheme: &'static str,
    send: KeySend,
}

/// How an API key is sent.
enum KeySend {
    /// As this header (marked sensitive).
    Header(HeaderName, HeaderValue),
    /// As the query parameter of this name.
    Query(&'static str, String),
    /// As this `name=value` pair of the `Cookie` header.
    Cookie(String),
}

/// The credentials of a client, ready to send, and the document's schemes and the
/// requirements of operations that state none.
pub(super) struct Credentials {
    schemes: &'static [Scheme],
    default: &'static [&'static [&'static str]],
    token: Option<Token<HeaderValue>>,
    basic: Option<HeaderValue>,
    keys: Vec<Key>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The document's schemes and requirements are left out: they are the same for
        // every client of the crate.
        let keys: Vec<&str> = self.keys.iter().map(|key| key.scheme).collect();
        f.debug_struct("Credentials")
            .field("bearer_token", &self.token)
            .field("basic_auth", &self.basic.as_ref().map(|_| "<redacted>"))
            .field("api_keys", &keys)
            .finish_non_exhaustive()
    }
}

/// A credential of a scheme, as [`Credentials::apply`] sends it.
enum Part<'a> {
    Basic(&'a HeaderValue),
    Bearer(&'a Token<HeaderValue>),
    Key(&'a KeySend),
}

impl Credentials {
    /// Authenticates one attempt of a request (called again for each attempt, so that a
    /// token provider can give a fresh token): the first of the operation's requirements
    /// whose schemes all have credentials is sent, preferring one that sends credentials
    /// over an empty one. When none can be met the request goes without, and the server's
    /// answer says what is missing. When the document declares no schemes at all, a
    /// bearer token or else a Basic user the caller gave is sent with every request.
    pub(super) async fn apply(
        &self,
        http: &mut reqwest::Request,
        request: &Request<'_>,
    ) -> Result<()> {
        let operation = request.operation;
        if self.schemes.is_empty() {
            // Some documents declare no scheme although the API takes a token (GitHub's).
            if let Some(token) = &self.token {
                let value = token_header(token, operation).await?;
                set_header(http, AUTHORIZATION, value);
            } else if let Some(basic) = &self.basic {
                set_header(http, AUTHORIZATION, basic.clone());
            }
            return Ok(());
        }
        let each: Vec<&'static [&'static str]>;
        let alternatives = match request.security {
            Some(stated) => stated,
            None if !self.default.is_empty() => self.default,
            None => {
                // The document states no requirement: any one declared scheme will do.
                each = self
                    .schemes
                    .iter()
                    .map(|scheme| std::slice::from_ref(&scheme.name))
                    .collect();
                &each
            }
        };
        let met = alternatives
            .iter()
            .filter(|names| !names.is_empty())
            .find(|names| names.iter().all(|name| self.part(name).is_some()));
        let Some(names) = met else {
            if !alternatives.iter().any(|names| names.is_empty()) {
                tracing::debug!(
                    operation,
                    "no credentials for any of the operation's security requirements: \
                     sending it without"
                );
            }
            return Ok(());
        };
        let mut cookies: Vec<&str> = Vec::new();
        for part in names.iter().filter_map(|name| self.part(name)) {
            match part {
                Part::Basic(value) => set_header(http, AUTHORIZATION, value.clone()),
                Part::Bearer(token) => {
                    let value = token_header(token, operation).await?;
                    set_header(http, AUTHORIZATION, value);
                }
                Part::Key(KeySend::Header(name, value)) => {
                    set_header(http, name.clone(), value.clone());
                }
                Part::Key(KeySend::Query(name, value)) => {
                    let url = http.url_mut();
                    // A link to a next page may already carry the key: it is replaced.
                    if url.query_pairs().any(|(key, _)| key == *name) {
                        let kept: Vec<(String, String)> = url
                            .query_pairs()
                            .filter(|(key, _)| key != name)
                            .map(|(key, value)| (key.into_owned(), value.into_owned()))
                            .collect();
                        url.query_pairs_mut().clear().extend_pairs(kept);
                    }
                    url.query_pairs_mut().append_pair(name, value);
                }
                Part::Key(KeySend::Cookie(pair)) => cookies.push(pair),
            }
        }
        if !cookies.is_empty() {
            // The cookie parameters of the call and the keys go in one `Cookie` header.
            let mut text = String::new();
            if let Some(own) = http.headers().get(COOKIE) {
                text.push_str(own.to_str().unwrap_or_default());
                text.push_str("; ");
            }
            text.push_str(&cookies.join("; "));
            let mut value = HeaderValue::from_str(&text).map_err(|_| Error::InvalidArgument {
                operation,
                message: "the cookies cannot be sent in a header".to_owned(),
            })?;
            value.set_sensitive(true);
            http.headers_mut().insert(COOKIE, value);
        }
        Ok(())
    }

    /// The credential of the scheme `name`, when the caller gave one.
    fn part(&self, name: &str) -> Option<Part<'_>> {
        let scheme = self.schemes.iter().find(|scheme| scheme.name == name)?;
        match scheme.kind {
            SchemeKind::Basic => self.basic.as_ref().map(Part::Basic),
            SchemeKind::Bearer => self.token.as_ref().map(Part::Bearer),
            SchemeKind::ApiKey { .. } => self
                .keys
                .iter()
                .find(|key| key.scheme == name)
                .map(|key| Part::Key(&key.send)),
        }
    }
}

/// Sets the header `name` unless the request has it already: a header parameter of the
/// operation that the caller set wins over the client's credentials.
fn set_header(http: &mut reqwest::Request, name: HeaderName, value: HeaderValue) {
    http.headers_mut().entry(name).or_insert(value);
}

/// The `Authorization` header of a bearer token, asking the provider for one if need be.
async fn token_header(token: &Token<HeaderValue>, operation: &'static str) -> Result<HeaderValue> {
    match token {
        Token::Fixed(value) => Ok(value.clone()),
        Token::Provider(provider) => {
            let token = provider()
                .await
                .map_err(|source| Error::Credentials { operation, source })?;
            bearer(&token).ok_or_else(|| Error::Credentials {
                operation,
                source: "the token from the token provider cannot be sent in a header".into(),
            })
        }
    }
}

/// `name` in upper snake case, as in an environment variable: `apiKeyAuth` and
/// `api-key-auth` become `API_KEY_AUTH`.
fn upper_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (at, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        let before = at.checked_sub(1).map(|at| chars[at]);
        let after = chars.get(at + 1);
        // A word starts at an upper-case letter after a lower-case letter or digit, or
        // before a lower-case letter after upper-case ones (`APIKey` is `API_KEY`).
        let starts = c.is_ascii_uppercase()
            && (before.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                || (before.is_some_and(|b| b.is_ascii_uppercase())
                    && after.is_some_and(char::is_ascii_lowercase)));
        if starts && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out.trim_end_matches('_').to_owned()
}

impl<C> ClientBuilder<C> {
    /// Authenticates with a bearer token (`Authorization: Bearer <token>`), for every
    /// bearer, OAuth 2 and OpenID Connect scheme of the API. Replaces a token provider
    /// given before.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth.token = Some(Token::Fixed(token.into()));
        self
    }

    /// Authenticates with bearer tokens from `provider`, which is called before each
    /// attempt of each request (and each page), so that it can refresh a token that
    /// expires: it should cache the token and return it quickly until then. A provider
    /// that fails stops the request with [`Error::Credentials`], before anything is sent.
    /// Replaces a bearer token given before.
    pub fn token_provider<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<String, Box<dyn std::error::Error + Send + Sync>>>
            + Send
            + 'static,
    {
        let provider: Provider = Arc::new(move || -> TokenFuture { Box::pin(provider()) });
        self.auth.token = Some(Token::Provider(provider));
        self
    }

    /// Authenticates with HTTP Basic auth, for the API's Basic schemes (some APIs take an
    /// API key as the user and an empty password).
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth.basic = Some((user.into(), password.into()));
        self
    }

    /// Authenticates with an API key, for the API's only API key scheme; with several,
    /// [`ClientBuilder::api_key_for`] names the scheme. An API without an API key scheme,
    /// or with several, makes [`ClientBuilder::build`] fail with [`Error::Config`].
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.auth.api_keys.push((None, key.into()));
        self
    }

    /// Authenticates with an API key for the API key scheme named `scheme` in the API
    /// document (`components/securitySchemes`); a name that is not one makes
    /// [`ClientBuilder::build`] fail with [`Error::Config`], which lists the names.
    pub fn api_key_for(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.auth.api_keys.push((Some(scheme.into()), key.into()));
        self
    }

    /// Takes credentials from the environment, each when its variable is set and not
    /// empty, with the crate's prefix (by default its name in upper case, such as
    /// `OPENAI`): a bearer token from `{PREFIX}_TOKEN`, Basic auth from
    /// `{PREFIX}_USERNAME` and `{PREFIX}_PASSWORD` (empty if unset), and an API key
    /// from `{PREFIX}_API_KEY` when the API has one API key scheme, or else for each from
    /// `{PREFIX}_{SCHEME}`, the scheme's name in upper snake case (`apiKeyAuth` is read
    /// from `{PREFIX}_API_KEY_AUTH`). Unset variables are not an error: some APIs need no
    /// credentials.
    pub fn credentials_from_env(mut self) -> Self {
        let var = |name: &str| env_var(&format!("{}_{name}", crate::spec::ENV_PREFIX));
        if let Some(token) = var("TOKEN") {
            self = self.bearer_token(token);
        }
        if let Some(user) = var("USERNAME") {
            self = self.basic_auth(user, var("PASSWORD").unwrap_or_default());
        }
        let keys: Vec<&str> = crate::spec::SECURITY_SCHEMES
            .iter()
            .filter(|scheme| matches!(scheme.kind, SchemeKind::ApiKey { .. }))
            .map(|scheme| scheme.name)
            .collect();
        match keys.as_slice() {
            [only] => {
                if let Some(key) = var("API_KEY") {
                    self = self.api_key_for(*only, key);
                }
            }
            several => {
                for scheme in several {
                    if let Some(key) = var(&upper_snake(scheme)) {
                        self = self.api_key_for(*scheme, key);
                    }
                }
            }
        }
        self
    }
}

/// The constructors of the generated crate's `Client` (see `client_type!`) that this
/// `auth` module's credentials decide.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `client_constructors` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __client_constructors {
    () => {
        impl Client {
            /// A client configured from the environment: credentials as
            /// [`ClientBuilder::credentials_from_env`] reads them (`{PREFIX}_TOKEN`,
            /// `{PREFIX}_API_KEY`...), and the base URL from the variable
            /// [`Client::base_url_variable`] names when it is set (plain http only to this
            /// machine; see [`ClientBuilder::base_url_from_env`]).
            ///
            /// # Errors
            ///
            /// `Error::Config` when the credentials or the base URL from the environment
            /// cannot be used (see [`ClientBuilder::build`]); unset variables are not an
            /// error.
            pub fn from_env() -> $crate::runtime::error::Result<Self> {
                Self::builder()
                    .credentials_from_env()
                    .base_url_from_env()
                    .build()
            }
        }
    };
}

#[doc(hidden)]
pub use crate::__client_constructors as client_constructors;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::call::Call;

    const SCHEMES: &[Scheme] = &[
        Scheme {
            name: "basicAuth",
            kind: SchemeKind::Basic,
        },
        Scheme {
            name: "bearerAuth",
            kind: SchemeKind::Bearer,
        },
        Scheme {
            name: "apiKey",
            kind: SchemeKind::ApiKey {
                location: KeyLocation::Header,
                name: "X-Api-Key",
            },
        },
    ];

    /// The headers and URL `settings` send for a call of `security` (`None`: the
    /// document's `default`), with the document's `schemes`.
    async fn sent(
        settings: Settings,
        schemes: &'static [Scheme],
        default: &'static [&'static [&'static str]],
        security: Option<&'static [&'static [&'static str]]>,
    ) -> reqwest::Request {
        let http = reqwest::Client::new();
        let credentials = settings.resolve(&http, schemes, default).unwrap();
        let mut call = Call::new("Op", reqwest::Method::GET, "/v1/Things", &[]);
        if let Some(security) = security {
            call = call.with_security(security);
        }
        let url = reqwest::Url::parse("https://api.example.com/v1/Things").unwrap();
        let request = call.request(url.clone());
        let mut outgoing = reqwest::Request::new(reqwest::Method::GET, url);
        credentials.apply(&mut outgoing, &request).await.unwrap();
        outgoing
    }

    fn authorization(request: &reqwest::Request) -> Option<&str> {
        request
            .headers()
            .get(AUTHORIZATION)
            .map(|value| value.to_str().unwrap())
    }

    #[tokio::test]
    async fn without_declared_schemes_a_token_or_basic_auth_is_sent_anyway() {
        let token = Settings::default().bearer("t0ken");
        let request = sent(token, &[], &[], None).await;
        assert_eq!(authorization(&request), Some("Bearer t0ken"));
        assert!(request.headers()[AUTHORIZATION].is_sensitive());
        let basic = Settings {
            basic: Some(("user".to_owned(), "pass".to_owned())),
            ..Settings::default()
        };
        let request = sent(basic, &[], &[], None).await;
        assert_eq!(authorization(&request), Some("Basic dXNlcjpwYXNz"));
        let request = sent(Settings::default(), &[], &[], None).await;
        assert_eq!(authorization(&request), None);
    }

    #[tokio::test]
    async fn without_stated_requirements_any_declared_scheme_is_sent() {
        let token = Settings::default().bearer("t0ken");
        let request = sent(token, SCHEMES, &[], None).await;
        assert_eq!(authorization(&request), Some("Bearer t0ken"));
        // The default requirements decide when the document states them.
        let token = Settings::default().bearer("t0ken");
        let request = sent(token, SCHEMES, &[&["apiKey"]], None).await;
        assert_eq!(authorization(&request), None);
        // All the schemes of one requirement are sent together.
        let both = Settings {
            api_keys: vec![(None, "k3y".to_owned())],
            ..Settings::default().bearer("t0ken")
        };
        let request = sent(both, SCHEMES, &[&["bearerAuth", "apiKey"]], None).await;
        assert_eq!(authorization(&request), Some("Bearer t0ken"));
        assert_eq!(request.headers()["x-api-key"], "k3y");
        assert!(request.headers()["x-api-key"].is_sensitive());
        // A requirement that cannot be met whole sends nothing of it.
        let token = Settings::default().bearer("t0ken");
        let request = sent(token, SCHEMES, &[&["bearerAuth", "apiKey"]], None).await;
        assert_eq!(authorization(&request), None);
        // An empty requirement comes after any that sends credentials.
        let token = Settings::default().bearer("t0ken");
        let request = sent(token, SCHEMES, &[&[], &["bearerAuth"]], None).await;
        assert_eq!(authorization(&request), Some("Bearer t0ken"));
    }

    #[test]
    fn api_keys_must_name_an_api_key_scheme() {
        let http = reqwest::Client::new();
        let build = |settings: Settings, schemes: &'static [Scheme]| match settings.resolve(
            &http,
            schemes,
            &[],
        ) {
            Err(Error::Config(message)) => message,
            Ok(_) => panic!("expected Error::Config"),
            Err(other) => panic!("expected Error::Config, got {other:?}"),
        };
        let key = |scheme: Option<&str>| Settings {
            api_keys: vec![(scheme.map(str::to_owned), "k3y".to_owned())],
            ..Settings::default()
        };
        let message = build(key(None), &[]);
        assert!(message.contains("declares no API key scheme"), "{message}");
        let message = build(key(Some("bearerAuth")), SCHEMES);
        assert!(message.contains("`apiKey`"), "{message}");
        assert!(!message.contains("k3y"), "{message}");
        assert!(key(None).resolve(&http, SCHEMES, &[]).is_ok());
        assert!(key(Some("apiKey")).resolve(&http, SCHEMES, &[]).is_ok());
        let newline = Settings {
            api_keys: vec![(None, "k3y\n".to_owned())],
            ..Settings::default()
        };
        let message = build(newline, SCHEMES);
        assert!(message.contains("X-Api-Key"), "{message}");
        let message = build(Settings::default().bearer("a\nb"), SCHEMES);
        assert!(message.contains("bearer token"), "{message}");
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let settings = Settings {
            basic: Some(("user-secret".to_owned(), "password-secret".to_owned())),
            api_keys: vec![(Some("apiKey".to_owned()), "key-secret".to_owned())],
            ..Settings::default().bearer("token-secret")
        };
        let shown = format!("{settings:?}");
        let credentials = settings
            .resolve(&reqwest::Client::new(), SCHEMES, &[])
            .unwrap();
        let shown = format!("{shown} {credentials:?}");
        for secret in [
            "user-secret",
            "password-secret",
            "key-secret",
            "token-secret",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("apiKey"), "{shown}");
    }

    #[test]
    fn scheme_names_become_variable_names() {
        for (name, want) in [
            ("apiKeyAuth", "API_KEY_AUTH"),
            ("api-key", "API_KEY"),
            ("APIKey", "API_KEY"),
            ("X-API-Key", "X_API_KEY"),
            ("oauth2", "OAUTH2"),
            ("petstore_auth", "PETSTORE_AUTH"),
            ("key v2 ", "KEY_V2"),
        ] {
            assert_eq!(upper_snake(name), want, "{name}");
        }
    }

    impl Settings {
        fn bearer(mut self, token: &str) -> Settings {
            self.token = Some(Token::Fixed(token.to_owned()));
            self
        }
    }
}
