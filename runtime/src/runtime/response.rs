//! What a call returns besides a decoded value: a [`Response`] keeps the HTTP status and
//! headers next to the value, for callers that need more than the value (the request id,
//! rate-limit headers), and a [`Download`] is an answer whose body is read as a stream,
//! never held whole.

use super::error::Result;
use super::transport;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::header::HeaderMap;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A decoded response value with the status and headers of the answer that carried it;
/// `send_with_response()` of a request builder returns it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The HTTP status code, such as 200 or 201.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
}

impl<T> Response<T> {
    /// The request id header (`Twilio-Request-Id`, `Request-Id` or `X-Request-Id`), for
    /// support requests.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The value without the status and headers.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The same response with the value changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }
}

/// The request id header of `headers`, when it is present and text.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    // Twilio's own header first; the others are what most APIs send (Stripe's
    // `Request-Id`, OpenAI's `X-Request-Id`).
    ["twilio-request-id", "request-id", "x-request-id"]
        .into_iter()
        .find_map(|name| headers.get(name))
        .and_then(|value| value.to_str().ok())
}

/// The chunks of a response body as the HTTP client reads them.
type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A successful answer whose body is read as it arrives: a [`Stream`] of chunks, which
/// the caller consumes without the whole body in memory, however large it is (the
/// client's `max_response_bytes` does not apply). `send_download` returns it, or a
/// builder's `download()`.
///
/// The status and headers are those of the answer. A failure while the body arrives is
/// an item [`Error::Connection`](crate::Error::Connection) or
/// [`Error::Timeout`](crate::Error::Timeout) (the client's timeout covers the
/// whole download: set a longer one per request with `.timeout(..)` for large bodies),
/// after which the stream ends; retries only cover getting the answer's head.
pub struct Download {
    status: u16,
    headers: HeaderMap,
    attempt: transport::Attempt,
    chunks: Chunks,
    /// Whether the body has ended or failed: nothing more is read.
    done: bool,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.attempt.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Download {
    /// The download of `response`, whose status and headers have been taken.
    pub(crate) fn new(
        attempt: transport::Attempt,
        status: u16,
        headers: HeaderMap,
        response: Option<reqwest::Response>,
        body: Vec<u8>,
    ) -> Download {
        let chunks: Chunks = match response {
            Some(response) => Box::pin(response.bytes_stream()),
            // A body that was read already is handed out as it is.
            None => Box::pin(futures_util::stream::iter(
                (!body.is_empty()).then(|| Ok(Bytes::from(body))),
            )),
        };
        Download {
            status,
            headers,
            attempt,
            chunks,
            done: false,
        }
    }

    /// The HTTP status code, such as 200 or 206.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id header (`Twilio-Request-Id`, `Request-Id` or `X-Request-Id`), for
    /// support requests.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The `Content-Type` header, when it is present and text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The length the `Content-Length` header announces, when there is one.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(reqwest::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse().ok())
    }

    /// The next chunk of the body, or `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::Connection`](crate::Error::Connection),
    /// [`Error::Timeout`](crate::Error::Timeout) or
    /// [`Error::Transport`](crate::Error::Transport) when the body stops arriving; the
    /// download ends after it.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>> {
        self.next().await.transpose()
    }

    /// Writes the rest of the body to `writer` as it arrives, flushes it, and returns the
    /// number of bytes written.
    ///
    /// # Errors
    ///
    /// An I/O error of the writer as it is, and a failure of the download (see
    /// [`Download::chunk`]) as an I/O error of kind `Other` that wraps this crate's
    /// [`Error`](crate::Error) (`error.get_ref()` and `downcast_ref::<Error>()` recover
    /// it), as `tokio::io::copy` reports errors.
    pub async fn write_to<W>(mut self, writer: &mut W) -> std::io::Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        while let Some(chunk) = self.chunk().await.map_err(std::io::Error::other)? {
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }

    /// Writes the rest of the body to a file at `path`, created or truncated, as it
    /// arrives, and returns the number of bytes written. A download that fails leaves the
    /// part already written.
    ///
    /// # Errors
    ///
    /// The I/O error of creating or writing the file, and a failure of the download, as
    /// [`Download::write_to`] reports them.
    pub async fn save(self, path: impl AsRef<std::path::Path>) -> std::io::Result<u64> {
        let mut file = tokio::fs::File::create(path).await?;
        self.write_to(&mut file).await
    }
}

impl Stream for Download {
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(Some(Err(error))) => {
                this.done = true;
                Poll::Ready(Some(Err(transport::classify(&this.attempt, error))))
            }
            Poll::Ready(None) => {
                this.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
