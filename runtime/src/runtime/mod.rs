//! The hand-written runtime that generated code calls: the client and its transport
//! ([`client`], [`transport`]), one request as an operation describes it ([`call`]), the
//! client's settings ([`builder`]) and what is worked out from them ([`config`]), how
//! requests authenticate ([`auth`]), retries and per-request options ([`retry`]), the
//! error type ([`error`]), responses with their headers and responses read as a stream
//! ([`response`]), and the parts only some documents need: the methods every request
//! builder has ([`request`]), paging ([`paging`]), string enum values ([`enums`]), form
//! bodies ([`form`]), multipart
//! bodies ([`multipart`]), server-sent events ([`events`]), identifier types ([`id`]),
//! properties a model does not declare ([`fields`]) and fields that tell absent from
//! `null` ([`nullable`]). With the `webhooks` feature, `webhook` checks that a request a
//! service receives comes from Twilio; generated code does not call it.
//!
//! A generated crate gets the modules its document needs and no others, so nothing in
//! it is unused; generated code names items by their module path. `auth` has two
//! sources with one interface: `auth.rs` authenticates by the document's security
//! schemes, `twilio.rs` the Twilio way (Account SID, regions and edges); a crate gets
//! the one its API needs as its `auth.rs` (the runtime crate's tests take `twilio.rs`
//! with its `twilio` feature).

#[cfg_attr(feature = "twilio", path = "twilio.rs")]
pub mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod builder;
pub mod call;
pub mod client;
pub mod config;
pub mod enums;
pub mod error;
pub mod events;
pub mod fields;
pub mod form;
pub mod id;
pub mod multipart;
pub mod nullable;
pub mod paging;
pub mod params;
pub mod request;
pub mod response;
pub mod retry;
pub mod transport;
#[cfg(feature = "webhooks")]
pub mod webhook;
