//! A stand-in for the `spec` module the generator writes into each crate, with values of
//! the same shape, so that the runtime compiles and its tests run on their own.

/// The SHA-256 of the API document, in lowercase hexadecimal.
pub const SHA256: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The base URL of the API, from the first `servers` entry of the document.
pub const DEFAULT_BASE_URL: &str = "https://example.twilio.com";
