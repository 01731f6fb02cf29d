//! Setting the client up, and what every request carries: `Client::from_env`, the
//! builder (credentials and API keys, base URLs, plain http), the `User-Agent`, the
//! `tracing` spans and deprecation warnings, and the options of a single request. Servers
//! are wiremock on 127.0.0.1, or raw TCP servers (`common::RawServer`).
//!
//! `env.rs` sets and removes the process's environment variables, so no other test of
//! this binary may read them: none calls `from_env`, `credentials_from_env` or
//! `base_url_from_env`. `observability.rs` installs a `tracing` subscriber for the whole
//! binary and expects the client's one deprecation warning per operation and process, so
//! no other test of this binary may answer with a `Deprecation` or `Sunset` header.

#[path = "../common/mod.rs"]
mod common;

mod builder;
mod env;
mod observability;
mod per_request;
mod user_agent;
