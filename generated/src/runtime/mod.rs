//! The hand-written runtime that generated code calls: the client and its transport
//! ([`client`], [`transport`]), settings worked out from configuration ([`config`]),
//! retries and per-request options ([`retry`]), the error type ([`error`]), responses
//! with their headers ([`response`]), identifiers and unknown fields ([`id`]) and paging
//! ([`paging`]).

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod config;
mod error;
mod form;
pub(crate) mod id;
mod paging;
mod response;
mod retry;
mod transport;

pub(crate) use client::{join, Call, ToParam};
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error, Result};
pub(crate) use id::{id_impls, nullable, unknown_fields, Rest};
pub use id::{InvalidId, UnknownFields};
pub(crate) use paging::{items, pages, Page};
pub use paging::{page_token, NextPage};
pub use response::Response;
pub use retry::{RequestOptions, RetryPolicy};
