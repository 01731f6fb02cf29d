//! The hand-written runtime of every generated client, as a crate of its own so that it
//! compiles and is tested alone: `cargo test -p runtime`.
//!
//! The generator copies `src/runtime/` into the runtime crate it writes beside each crate
//! it makes (`runtime/src/runtime/`), leaving out the `#[cfg(test)]` module at the end of
//! each file. This root stands in for a generated crate's `lib.rs` (the same re-exports and
//! the same `Client` newtype), [`spec`] for the one generated module the runtime reads, and
//! [`models`] and [`resources`] for generated code that calls it.

#![deny(missing_docs)]
#![allow(
    clippy::doc_markdown,
    reason = "as in a generated crate's root: names in the prose (OpenAI, OpenAPI, OpenID \
              Connect) are words, not code"
)]

pub mod models;
pub mod resources;
pub mod runtime;
pub mod spec;

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use reqwest;
#[cfg(not(feature = "twilio"))]
pub use runtime::auth::{KeyLocation, Scheme, SchemeKind};
pub use runtime::error::{ApiError, DecodeError, Error, InvalidId, Problem, Result, Stage};
pub use runtime::events::{Event, EventStream};
pub use runtime::fields::UnknownFields;
pub use runtime::id::IntoId;
pub use runtime::multipart::{FileOr, Multipart};
pub use runtime::paging::{page_token, NextPage};
pub use runtime::response::{Download, Response};
pub use runtime::retry::{RequestOptions, RetryPolicy};
pub use runtime::transport::File;
pub use serde_json;

runtime::client::client_type!();

#[cfg(feature = "blocking")]
pub use runtime::blocking;
#[cfg(feature = "webhooks")]
pub use runtime::webhook::{RequestValidator, WebhookError};

/// `builder` with an Account SID and auth token, which Twilio's `auth` module needs for
/// `build` to succeed.
#[cfg(all(test, feature = "twilio"))]
pub(crate) fn authenticated<C>(
    builder: runtime::builder::ClientBuilder<C>,
) -> runtime::builder::ClientBuilder<C> {
    builder.credentials("AC1", "token")
}

/// `builder` as it is: the generic `auth` module builds without credentials.
#[cfg(all(test, not(feature = "twilio")))]
pub(crate) fn authenticated<C>(
    builder: runtime::builder::ClientBuilder<C>,
) -> runtime::builder::ClientBuilder<C> {
    builder
}
