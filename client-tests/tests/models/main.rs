//! The generated models: what they make of the bodies the server sends and how requests
//! are written. Unknown fields and enum values, kept (or decode errors with the `strict`
//! feature: the lenient tests only run without it and the strict ones only with it, so
//! both builds pass); identifier types; clearable update fields; a serde round trip of
//! every model over random inputs; and the response fuzzer. Servers are wiremock on
//! 127.0.0.1 (every mock carries `.expect(n)`), or the fuzzer's loopback server.

#[path = "../common/mod.rs"]
mod common;

mod clearable_fields;
mod fuzz;
mod ids;
mod round_trip;
// Unknown fields and enum values: kept, or decode errors with `strict`.
#[cfg(feature = "strict")]
mod strict;
#[cfg(not(feature = "strict"))]
mod unknown_values;
