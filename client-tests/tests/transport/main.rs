//! The client against servers that fail, and what each failure becomes: refused
//! connections, connections reset or closed mid-body, stalls past the timeout, retries
//! (by method and status, after `Retry-After`, giving up), Twilio and HTML error bodies,
//! bodies that do not decode, and bodies above the size limit. Servers are wiremock on
//! 127.0.0.1, or raw TCP servers (`common::RawServer`) where the fault is below HTTP.
//! Nothing may panic; each fault yields the error its test names, and a failure that is
//! not retried is sent exactly once. Retries use a policy with backoffs of a few
//! milliseconds (`common::fast_retries`), so the tests stay fast. (Next-page links that
//! loop or lead to another origin are in `tests/api/paging.rs`.)

#[path = "../common/mod.rs"]
mod common;

mod api_errors;
mod connections;
mod decode_errors;
mod retries;
mod size_limit;
