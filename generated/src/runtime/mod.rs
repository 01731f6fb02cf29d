//! The hand-written runtime that generated code calls: the client and its transport
//! ([`client`]), the error type ([`error`]) and paging ([`paging`]).

mod client;
mod error;
mod paging;

pub(crate) use client::Call;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error, Result};
pub(crate) use paging::{items, pages, Page};
