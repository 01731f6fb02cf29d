//! Authentication the Twilio way, the `auth` module of a client of a Twilio API: an
//! Account SID with its auth token, or an API key with its secret, sent as HTTP Basic
//! auth; credentials from the `TWILIO_*` environment variables; and Twilio's regions and
//! edges, which move the API's host.
//!
//! The generator ships this file as `src/runtime/auth.rs` of a crate whose API is on
//! `twilio.com`, and `auth.rs` (authentication by the document's security schemes) to
//! any other; both give the client and its builder the same crate-internal interface.

use super::builder::{env_var, ClientBuilder};
use super::client::{Client, Request};
use super::config;
use super::error::{Error, Result};
use std::fmt;

/// The credentials of a client under construction.
#[derive(Default)]
pub(super) struct Settings {
    account_sid: Option<String>,
    auth_token: Option<String>,
    api_key: Option<(String, String)>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets are shown only as being there or not.
        let redacted = |secret: Option<&String>| secret.map(|_| "<redacted>");
        f.debug_struct("Settings")
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
            .finish()
    }
}

impl Settings {
    /// The credentials of the client, with the Basic `Authorization` header encoded once;
    /// a configuration error when they are missing or incomplete.
    pub(super) fn build(self, http: &reqwest::Client) -> Result<Credentials> {
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
        let user = api_key_sid.as_ref().unwrap_or(&account_sid);
        let authorization = config::basic_authorization(http, user, &secret)?;
        Ok(Credentials {
            account_sid,
            api_key_sid,
            authorization,
        })
    }
}

/// The credentials of a client: the account and the Basic authorization of every request.
pub(super) struct Credentials {
    pub(super) account_sid: String,
    /// The API key SID when authenticating with an API key; the Basic auth user is this
    /// or else the Account SID.
    api_key_sid: Option<String>,
    /// The Basic `Authorization` header of every request (marked sensitive), encoded once
    /// rather than on every request.
    authorization: reqwest::header::HeaderValue,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The auth token or API key secret never appears in debug output.
        f.debug_struct("Credentials")
            .field("account_sid", &self.account_sid)
            .field("api_key_sid", &self.api_key_sid)
            .field("authorization", &"<redacted>")
            .finish()
    }
}

impl Credentials {
    /// Authenticates one attempt of a request: every request of a Twilio API carries the
    /// account's Basic authorization.
    #[allow(
        clippy::unused_async,
        reason = "the client awaits the `apply` of either `auth` module, and the generic \
                  one's awaits a token provider"
    )]
    pub(super) async fn apply(
        &self,
        http: &mut reqwest::Request,
        _request: &Request<'_>,
    ) -> Result<()> {
        http.headers_mut()
            .append(reqwest::header::AUTHORIZATION, self.authorization.clone());
        Ok(())
    }
}

/// [`env_var`], or a configuration error naming the variable.
fn required_env_var(name: &str) -> Result<String> {
    env_var(name)
        .ok_or_else(|| Error::Config(format!("the environment variable `{name}` is not set")))
}

impl<C> ClientBuilder<C> {
    /// Authenticates with an Account SID and its auth token. (An API key SID and its
    /// secret work here too, but then [`Client::account_sid`] is the key's SID; see
    /// [`ClientBuilder::api_key`].) Replaces an API key given before.
    pub fn credentials(
        mut self,
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        self.auth.account_sid = Some(account_sid.into());
        self.auth.auth_token = Some(auth_token.into());
        self.auth.api_key = None;
        self
    }

    /// Authenticates with an API key (its SID, `SK...`, and its secret) instead of the
    /// auth token; the Account SID it belongs to must be given with
    /// [`ClientBuilder::account_sid`]. Replaces an auth token given before.
    pub fn api_key(mut self, key_sid: impl Into<String>, secret: impl Into<String>) -> Self {
        self.auth.api_key = Some((key_sid.into(), secret.into()));
        self.auth.auth_token = None;
        self
    }

    /// The Account SID requests act for; with [`ClientBuilder::api_key`], the account
    /// of the key.
    pub fn account_sid(mut self, account_sid: impl Into<String>) -> Self {
        self.auth.account_sid = Some(account_sid.into());
        self
    }

    /// Authenticates from the environment: `TWILIO_ACCOUNT_SID` with either
    /// `TWILIO_API_KEY` and `TWILIO_API_SECRET` (an API key, used when either is set) or
    /// `TWILIO_AUTH_TOKEN`. Empty variables count as unset.
    ///
    /// # Errors
    ///
    /// [`Error::Config`], naming the variable, when one of those that are needed is unset.
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
            /// A client for the API's default base URL with an Account SID and its auth token.
            /// (An API key SID and its secret work here too, but then [`Client::account_sid`] is
            /// the key's SID; [`ClientBuilder::api_key`] keeps the two apart.)
            ///
            /// # Errors
            ///
            /// `Error::Config` when the client cannot be set up (see [`ClientBuilder::build`]).
            pub fn new(
                account_sid: impl Into<String>,
                auth_token: impl Into<String>,
            ) -> $crate::runtime::error::Result<Self> {
                Self::builder().credentials(account_sid, auth_token).build()
            }

            /// A client configured from the environment: credentials as
            /// [`ClientBuilder::credentials_from_env`] reads them (`TWILIO_ACCOUNT_SID` with
            /// `TWILIO_AUTH_TOKEN`, or with `TWILIO_API_KEY` and `TWILIO_API_SECRET`), region and
            /// edge from `TWILIO_REGION` and `TWILIO_EDGE`, and the base URL from the variable
            /// [`Client::base_url_variable`] names when it is set (plain http only to this
            /// machine; see [`ClientBuilder::base_url_from_env`]).
            ///
            /// # Errors
            ///
            /// `Error::Config` when a credential variable is unset (see
            /// [`ClientBuilder::credentials_from_env`]), or when the region, edge or base URL from
            /// the environment cannot be used (see [`ClientBuilder::build`]).
            pub fn from_env() -> $crate::runtime::error::Result<Self> {
                Self::builder()
                    .credentials_from_env()?
                    .endpoint_from_env()
                    .base_url_from_env()
                    .build()
            }
        }
    };
}

#[doc(hidden)]
pub use crate::__client_constructors as client_constructors;

impl Client {
    /// The Account SID requests act for (with [`Client::new`] and
    /// [`ClientBuilder::credentials`], whatever SID was given).
    #[must_use]
    pub fn account_sid(&self) -> &str {
        &self.inner.credentials.account_sid
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
    fn the_builder_checks_credentials_and_region() {
        let config_error = |builder: ClientBuilder| match builder.build() {
            Err(Error::Config(message)) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        };
        let message = config_error(Client::builder().api_key("SK1", "secret"));
        assert!(message.contains("account_sid"), "{message}");
        let message = config_error(Client::builder());
        assert!(message.contains("no credentials"), "{message}");

        // A region applies to Twilio's hosts only.
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
        let credentials = &token.inner.credentials;
        assert!(credentials.api_key_sid.is_none());
        // `AC1:token` in base64, marked sensitive so that logs of headers hide it.
        assert_eq!(credentials.authorization, "Basic QUMxOnRva2Vu");
        assert!(credentials.authorization.is_sensitive());
        let keyed = builder()
            .credentials("AC1", "token")
            .api_key("SK1", "secret")
            .build()
            .unwrap();
        // `SK1:secret`: the key authenticates, for the account given first.
        assert_eq!(
            keyed.inner.credentials.authorization,
            "Basic U0sxOnNlY3JldA=="
        );
        assert_eq!(keyed.account_sid(), "AC1");
    }
}
