//! The methods every request builder has, written once here rather than in every builder.
//!
//! Generated code declares a builder struct with `client: crate::Client` and
//! `options: crate::RequestOptions` fields (and `limit: Option<usize>` for a paged list),
//! its own setters, and a `fn call(&self) -> Call` that describes the request; then
//! [`request_methods!`] adds `timeout`, `retry`, `send` and `send_with_response` (and
//! `download` or `events` for the responses that have them), and
//! [`paged_methods!`](super::paging::paged_methods) adds `limit`, `stream` and `pages`.

/// The per-request settings and the sending methods of a request builder:
/// `request_methods!(Builder -> Output, METHOD, "What it does.")` for a response that
/// decodes to `Output`, or `request_methods!(Builder -> (), ...)` for one without a body.
/// `METHOD` is the HTTP method, which decides when the request is retried (see
/// [`Error::is_retryable`](crate::Error::is_retryable)) and so what `send`'s documentation says.
///
/// Responses that are not JSON: `Builder -> @bytes` (`send` returns the body as `Bytes`,
/// `download` as a stream), `Builder -> @text` (`send` returns a `String`, `download` a
/// stream) and `Builder -> @events` (`send` returns the server-sent events). A JSON
/// response that the operation can also stream as events (OpenAI's `stream: true`) is
/// `Builder -> Output | @events`, which adds `events` next to `send`.
///
/// The methods are `#[inline]`, so that they are compiled to machine code in the crate that
/// sends the request rather than for each of an API's operations whether used or not.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `request_methods` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __request_methods {
    ($builder:ident -> @bytes, $method:ident, $what:literal $(,)?) => {
        impl $builder {
            $crate::runtime::request::request_methods!(@options);

            #[doc = concat!("Sends the request and returns the whole response body. ", $what)]
            #[doc = ""]
            #[doc = "The body is held in memory, up to the client's `max_response_bytes`; \
                     [`Self::download`] reads it as a stream instead."]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            #[doc = ""]
            #[doc = $crate::runtime::error::send_errors_doc!(@whole)]
            #[inline]
            pub async fn send(self) -> $crate::Result<bytes::Bytes> {
                self.client.send_bytes(self.call()).await
            }

            /// Sends the request like [`Self::send`], and returns the HTTP status and headers
            /// (request id, rate limits) with the body.
            ///
            /// # Errors
            ///
            /// As with [`Self::send`].
            #[inline]
            pub async fn send_with_response(self) -> $crate::Result<$crate::Response<bytes::Bytes>> {
                self.client.send_bytes_with_response(self.call()).await
            }

            $crate::runtime::request::request_methods!(@download $method);
        }
    };
    ($builder:ident -> @text, $method:ident, $what:literal $(,)?) => {
        impl $builder {
            $crate::runtime::request::request_methods!(@options);

            #[doc = concat!("Sends the request and returns the response body as text. ", $what)]
            #[doc = ""]
            #[doc = "The body is held in memory, up to the client's `max_response_bytes`; \
                     [`Self::download`] reads it as a stream instead. A body that is not \
                     UTF-8 is an `Error::Decode`."]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            #[doc = ""]
            #[doc = $crate::runtime::error::send_errors_doc!(@text)]
            #[inline]
            pub async fn send(self) -> $crate::Result<String> {
                self.client.send_text(self.call()).await
            }

            /// Sends the request like [`Self::send`], and returns the HTTP status and headers
            /// (request id, rate limits) with the text.
            ///
            /// # Errors
            ///
            /// As with [`Self::send`].
            #[inline]
            pub async fn send_with_response(self) -> $crate::Result<$crate::Response<String>> {
                self.client.send_text_with_response(self.call()).await
            }

            $crate::runtime::request::request_methods!(@download $method);
        }
    };
    ($builder:ident -> @events, $method:ident, $what:literal $(,)?) => {
        impl $builder {
            $crate::runtime::request::request_methods!(@options);

            #[doc = concat!("Sends the request and returns the server-sent events of the answer, \
                             as they arrive. ", $what)]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            #[doc = "Retries cover getting the answer's head; a failure while events arrive \
                     ends the stream with an error."]
            #[doc = ""]
            #[doc = $crate::runtime::error::send_errors_doc!(@events)]
            #[inline]
            pub async fn send(self) -> $crate::Result<$crate::runtime::events::EventStream> {
                self.client.send_events(self.call()).await
            }
        }
    };
    ($builder:ident -> $output:ty | @events, $method:ident, $what:literal $(,)?) => {
        $crate::runtime::request::request_methods!($builder -> $output, $method, $what);

        impl $builder {
            #[doc = concat!("Sends the request and returns the answer as server-sent events, \
                             as they arrive, rather than one decoded value. ", $what)]
            #[doc = ""]
            #[doc = "The request must ask for a stream (such as OpenAI's `stream: true`); \
                     each event's data is then decoded with `Event::json`."]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            #[doc = "Retries cover getting the answer's head; a failure while events arrive \
                     ends the stream with an error."]
            #[doc = ""]
            #[doc = $crate::runtime::error::send_errors_doc!(@events)]
            #[inline]
            pub async fn events(self) -> $crate::Result<$crate::runtime::events::EventStream> {
                self.client.send_events(self.call()).await
            }
        }
    };
    ($builder:ident -> (), $method:ident, $what:literal $(,)?) => {
        impl $builder {
            $crate::runtime::request::request_methods!(@options);

            #[doc = concat!("Sends the request. ", $what)]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            #[doc = ""]
            #[doc = $crate::runtime::error::send_errors_doc!(@whole)]
            #[inline]
            pub async fn send(self) -> $crate::Result<()> {
                self.client.send_empty(self.call()).await
            }

            /// Sends the request like [`Self::send`], and returns the HTTP status and headers
            /// (request id, rate limits).
            ///
            /// # Errors
            ///
            /// As with [`Self::send`].
            #[inline]
            pub async fn send_with_response(self) -> $crate::Result<$crate::Response<()>> {
                self.client.send_empty_with_response(self.call()).await
            }
        }
    };
    ($builder:ident -> $output:ty, $method:ident, $what:literal $(,)?) => {
        impl $builder {
            $crate::runtime::request::request_methods!(@options);

            #[doc = concat!("Sends the request. ", $what)]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            #[doc = ""]
            #[doc = $crate::runtime::error::send_errors_doc!(@json)]
            #[inline]
            pub async fn send(self) -> $crate::Result<$output> {
                self.client.send(self.call()).await
            }

            /// Sends the request like [`Self::send`], and returns the HTTP status and headers
            /// (request id, rate limits) with the decoded value.
            ///
            /// # Errors
            ///
            /// As with [`Self::send`].
            #[inline]
            pub async fn send_with_response(self) -> $crate::Result<$crate::Response<$output>> {
                self.client.send_with_response(self.call()).await
            }
        }
    };
    (@download $method:ident) => {
        /// Sends the request and returns the answer with its body unread: a stream of
        /// chunks that is never held whole (the client's `max_response_bytes` does not
        /// apply), with `write_to` and `save` to copy it to a writer or a file.
        ///
        #[doc = $crate::runtime::request::retry_doc!($method)]
        /// Retries cover getting the answer's head; a failure while the body arrives is an
        /// error item of the stream.
        ///
        #[doc = $crate::runtime::error::send_errors_doc!(@download)]
        #[inline]
        pub async fn download(self) -> $crate::Result<$crate::runtime::response::Download> {
            self.client.send_download(self.call()).await
        }
    };
    (@options) => {
        /// Gives up on this request after `timeout` (connecting, sending and reading the
        /// whole response), instead of the client's timeout.
        #[inline]
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.set_timeout(timeout);
            self
        }

        /// Retries this request by `policy` instead of the client's policy.
        #[inline]
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.options.set_retry(policy);
            self
        }
    };
}

#[doc(hidden)]
pub use crate::__request_methods as request_methods;

/// When a request of an HTTP method is retried, as its `send` documentation states it; the
/// rule itself is [`Error::is_retryable`](crate::Error::is_retryable).
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `retry_doc` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __retry_doc {
    (GET) => { $crate::runtime::request::retry_doc!(@repeatable) };
    (HEAD) => { $crate::runtime::request::retry_doc!(@repeatable) };
    (OPTIONS) => { $crate::runtime::request::retry_doc!(@repeatable) };
    (PUT) => { $crate::runtime::request::retry_doc!(@repeatable) };
    (DELETE) => { $crate::runtime::request::retry_doc!(@repeatable) };
    (TRACE) => { $crate::runtime::request::retry_doc!(@repeatable) };
    (@repeatable) => {
        "Retried (by the client's [`RetryPolicy`](crate::RetryPolicy) or [`Self::retry`]) on \
         connection errors, timeouts, 429 Too Many Requests and 5xx answers; never on other 4xx."
    };
    ($other:ident) => {
        "Retried (by the client's [`RetryPolicy`](crate::RetryPolicy) or [`Self::retry`]) only \
         on 429 Too Many Requests and when the connection could not be made, because a \
         request that reached the server may have taken effect and the API has no idempotency \
         key."
    };
}

#[doc(hidden)]
pub use crate::__retry_doc as retry_doc;
