//! The parts of one HTTP exchange that do not depend on the client's settings: sorting
//! the HTTP client's failures into the [`Error`] variants, reading a body up to a limit,
//! and warning about deprecated operations.

use super::error::{Error, Result};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The [`Error`] for a failure the HTTP client reported during `operation`: a connection
/// that could not be opened, or broke before the whole response arrived, is
/// [`Error::Connection`]; a timeout is [`Error::Timeout`]; anything else
/// [`Error::Transport`].
pub(crate) fn classify(operation: &'static str, source: reqwest::Error) -> Error {
    // A connect timeout is both; it is a connection error, which proves that the request
    // was never sent.
    if source.is_connect() || broken_connection(&source) {
        Error::Connection { operation, source }
    } else if source.is_timeout() {
        Error::Timeout { operation, source }
    } else {
        Error::Transport { operation, source }
    }
}

/// Whether the causes of `error` include an I/O error of a connection that was reset or
/// closed early.
fn broken_connection(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(error) = cause {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof | NotConnected
            ) {
                return true;
            }
        }
        // hyper reports a connection closed before any response as an error of its own,
        // without an I/O cause; its text is all that identifies it.
        if error
            .to_string()
            .contains("connection closed before message completed")
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// A short name of the kind of `error`, for logs: never a body or a secret.
pub(crate) fn kind(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "api",
        Error::Transport { .. } => "transport",
        Error::Connection { .. } => "connection",
        Error::Timeout { .. } => "timeout",
        Error::TooManyRetries { .. } => "too_many_retries",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Decode(_) => "decode",
        Error::InvalidArgument { .. } => "invalid_argument",
        Error::ForeignLink { .. } => "foreign_link",
        Error::PageLoop { .. } => "page_loop",
        Error::InvalidId(_) => "invalid_id",
        Error::Config(_) => "config",
    }
}

/// The whole body of `response`, read chunk by chunk; a body larger than `limit` bytes is
/// refused as soon as its announced length or the bytes read so far exceed the limit, so
/// nothing beyond the limit is kept.
pub(crate) async fn read_body(
    operation: &'static str,
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>> {
    let too_large = || Error::ResponseTooLarge { operation, limit };
    let announced = response.content_length().unwrap_or(0);
    if announced > limit {
        return Err(too_large());
    }
    // The announced length is trusted for the first allocation only up to 64 KiB.
    let capacity = usize::try_from(announced.min(64 * 1024)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| classify(operation, error))?
    {
        let length = u64::try_from(body.len() + chunk.len()).unwrap_or(u64::MAX);
        if length > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Logs a warning, once per operation and process, when an answer carries a `Deprecation`
/// or `Sunset` header: the API is announcing that the operation goes away.
pub(crate) fn warn_if_deprecated(operation: &'static str, headers: &reqwest::header::HeaderMap) {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (deprecation, sunset) = (header("deprecation"), header("sunset"));
    if deprecation.is_none() && sunset.is_none() {
        return;
    }
    static WARNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    // A poisoned lock only means another thread panicked while inserting; the set is
    // still usable.
    let first = WARNED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(operation);
    if first {
        tracing::warn!(
            operation,
            deprecation,
            sunset,
            "`{operation}` is deprecated by the API (Deprecation or Sunset header)"
        );
    }
}
