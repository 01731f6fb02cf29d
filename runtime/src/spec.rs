//! A stand-in for the `spec` module the generator writes into each crate, with values of
//! the same shape, so that the runtime compiles and its tests run on their own. The
//! security constants are those of a crate that is not Twilio's: the `twilio` feature,
//! which tests Twilio's `auth` module, leaves them out as a Twilio crate's `spec` does.

/// The generated crate's name, which the base URL variable and the `User-Agent` carry
/// (a generated runtime crate's own `CARGO_PKG_NAME` is `NAME-runtime`; this crate stands
/// in for the generated one).
pub(crate) const CRATE_NAME: &str = env!("CARGO_PKG_NAME");

/// The generated crate's version, which the `User-Agent` carries.
pub(crate) const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The SHA-256 of the API document, in lowercase hexadecimal.
pub const SHA256: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The base URL of the API, from the first `servers` entry of the document.
pub const DEFAULT_BASE_URL: &str = "https://example.twilio.com";

/// The document's security schemes, one of each kind (`components/securitySchemes`).
#[cfg(not(feature = "twilio"))]
pub(crate) const SECURITY_SCHEMES: &[crate::runtime::auth::Scheme] = &[
    crate::runtime::auth::Scheme {
        name: "basicAuth",
        kind: crate::runtime::auth::SchemeKind::Basic,
    },
    crate::runtime::auth::Scheme {
        name: "bearerAuth",
        kind: crate::runtime::auth::SchemeKind::Bearer,
    },
    crate::runtime::auth::Scheme {
        name: "headerKey",
        kind: crate::runtime::auth::SchemeKind::ApiKey {
            location: crate::runtime::auth::KeyLocation::Header,
            name: "X-Api-Key",
        },
    },
    crate::runtime::auth::Scheme {
        name: "queryKey",
        kind: crate::runtime::auth::SchemeKind::ApiKey {
            location: crate::runtime::auth::KeyLocation::Query,
            name: "api_key",
        },
    },
    crate::runtime::auth::Scheme {
        name: "cookieKey",
        kind: crate::runtime::auth::SchemeKind::ApiKey {
            location: crate::runtime::auth::KeyLocation::Cookie,
            name: "session",
        },
    },
];

/// The requirements of operations that state none (the document's `security`): any one
/// of them, each a list of scheme names; empty when the document states none.
#[cfg(not(feature = "twilio"))]
pub(crate) const SECURITY: &[&[&str]] = &[&["bearerAuth"], &["basicAuth"], &["headerKey"]];

/// The prefix of the environment variables credentials are read from.
#[cfg(not(feature = "twilio"))]
pub(crate) const ENV_PREFIX: &str = "EXAMPLE";
