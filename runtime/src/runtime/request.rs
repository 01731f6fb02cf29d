//! The methods every request builder has, written once here rather than in every builder.
//!
//! Generated code declares a builder struct with `client: crate::Client` and
//! `options: crate::RequestOptions` fields (and `limit: Option<usize>` for a paged list),
//! its own setters, and a `fn call(&self) -> Call` that describes the request; then
//! [`request_methods!`] adds `timeout`, `retry`, `send` and `send_with_response`, and
//! [`paged_methods!`](super::paging::paged_methods) adds `limit`, `stream` and `pages`.

/// The per-request settings and the sending methods of a request builder:
/// `request_methods!(Builder -> Output, METHOD, "What it does.")` for a response that
/// decodes to `Output`, or `request_methods!(Builder -> (), ...)` for one without a body.
/// `METHOD` is the HTTP method, which decides when the request is retried (see
/// [`may_retry`](super::retry::may_retry)) and so what `send`'s documentation says.
macro_rules! request_methods {
    ($builder:ident -> (), $method:ident, $what:literal $(,)?) => {
        impl $builder {
            $crate::runtime::request::request_methods!(@options);

            #[doc = concat!("Sends the request. ", $what)]
            #[doc = ""]
            #[doc = $crate::runtime::request::retry_doc!($method)]
            pub async fn send(self) -> $crate::Result<()> {
                self.client.send_empty(self.call()).await
            }

            /// Sends the request like [`Self::send`], and returns the HTTP status and headers
            /// (request id, rate limits).
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
            pub async fn send(self) -> $crate::Result<$output> {
                self.client.send(self.call()).await
            }

            /// Sends the request like [`Self::send`], and returns the HTTP status and headers
            /// (request id, rate limits) with the decoded value.
            pub async fn send_with_response(self) -> $crate::Result<$crate::Response<$output>> {
                self.client.send_with_response(self.call()).await
            }
        }
    };
    (@options) => {
        /// Gives up on this request after `timeout` (connecting, sending and reading the
        /// whole response), instead of the client's timeout.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.set_timeout(timeout);
            self
        }

        /// Retries this request by `policy` instead of the client's policy.
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.options.set_retry(policy);
            self
        }
    };
}

pub(crate) use request_methods;

/// When a request of an HTTP method is retried, as its `send` documentation states it; the
/// rule itself is [`may_retry`](super::retry::may_retry).
macro_rules! retry_doc {
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

pub(crate) use retry_doc;
