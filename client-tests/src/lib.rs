//! End-to-end tests of the generated client live in `tests/`; this library only compiles the
//! README's Rust examples as doctests, so that they cannot drift from the generated API.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
