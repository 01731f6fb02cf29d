//! The hand-written runtime that generated code calls: the client and its transport
//! ([`client`]), the error type ([`error`]), identifiers and unknown fields ([`id`]) and
//! paging ([`paging`]).

mod client;
mod error;
pub(crate) mod id;
mod paging;

pub(crate) use client::{Call, ToParam};
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error, Result};
pub(crate) use id::{id_impls, nullable, unknown_fields, Rest};
pub use id::{InvalidId, UnknownFields};
pub(crate) use paging::{items, pages, Page};
