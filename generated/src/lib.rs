//! A typed async client for a Twilio REST API, generated from the API's OpenAPI document.
//!
//! Start with a [`Client`] (credentials from arguments or from the `TWILIO_ACCOUNT_SID` and
//! `TWILIO_AUTH_TOKEN` environment variables); its methods return the API's resources
//! ([`resources`]), whose methods return request builders: required values are arguments,
//! optional ones are builder methods, and `.send().await` performs the request. List
//! requests also offer `.stream()`, every item of every page, and `.pages()`.
//!
//! This file and `src/runtime/` are hand-written and shipped unchanged into every generated
//! crate; `src/models.rs`, `src/resources.rs` and `src/spec.rs` are generated from the
//! document.

#![deny(missing_docs)]

// The runtime is the same for every API, and an API uses only the parts its operations
// need (one without list operations never pages, one without query parameters never adds
// any), so parts unused by one document are expected.
#[allow(dead_code, unused_imports, unused_macros)]
mod runtime;

#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod resources;
#[rustfmt::skip]
pub mod spec;

pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use reqwest;
pub use runtime::{
    page_token, ApiError, Client, ClientBuilder, DecodeError, Error, InvalidId, NextPage,
    RequestOptions, Response, Result, RetryPolicy, UnknownFields,
};
pub use serde_json;

#[cfg(feature = "blocking")]
pub use runtime::blocking;
