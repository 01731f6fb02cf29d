//! The API operations of the generated client end to end, one module per area of the
//! API, against in-process wiremock servers on 127.0.0.1 (no test talks to Twilio or
//! leaves the machine): all 30 operations, paging, and path parameters; with the
//! `blocking` feature, the blocking calls too.
//!
//! Each operation's tests check the HTTP method and path, the exact set of query
//! parameters, the exact JSON body (or that there is none), the Basic auth and `Accept`
//! headers, and every field of the decoded response (dates as `chrono::DateTime<Utc>`,
//! enums, typed ids, nested models). Every mock carries `.expect(n)`, so a request that
//! does not match exactly (wrong method, path, query, body or credentials) makes the test
//! fail, either because the server answers 404 and the call errors, or because the
//! expectation is not met when the server is verified or dropped. The helpers and
//! fixtures are in `tests/common/mod.rs`.

#[path = "../common/mod.rs"]
mod common;

mod assistants;
#[cfg(feature = "blocking")]
mod blocking;
mod conversations;
mod knowledge;
mod paging;
mod path_parameters;
mod policies;
mod tools;
