//! Blocking use, for programs without an async runtime (cargo feature `blocking`).
//!
//! [`block_on`] runs any request of this crate to completion on one runtime that the
//! crate starts once and keeps, so connections are pooled across calls as in async code:
//!
//! ```text
//! let page = blocking::block_on(client.assistants().list().send())?;
//! ```

use super::error::{Error, Result};
use std::future::Future;
use std::sync::OnceLock;

/// The runtime every blocking call runs on, or why it could not be started.
fn runtime() -> std::result::Result<&'static tokio::runtime::Runtime, String> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> =
        OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            // One worker is enough: requests are I/O, and the caller's thread waits anyway.
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("twilio-blocking")
                .enable_all()
                .build()
                .map_err(|error| error.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Runs `request` (any `.send()`, or a stream collected with `try_collect`) to completion
/// and returns its result.
///
/// # Errors
///
/// The error of `request`, and [`Error::Config`] when `block_on` is called from inside an
/// async runtime (it refuses rather than block that runtime's thread) or when its own
/// runtime cannot be started.
pub fn block_on<T>(request: impl Future<Output = Result<T>>) -> Result<T> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Config(
            "`blocking::block_on` was called inside an async runtime; use `.await` there"
                .to_owned(),
        ));
    }
    let runtime = runtime()
        .map_err(|error| Error::Config(format!("cannot start the blocking runtime: {error}")))?;
    runtime.block_on(request)
}
