//! A decoded value together with the HTTP status and headers it came with, for callers
//! that need more than the value (the request id, rate-limit headers).

use reqwest::header::HeaderMap;

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
    /// The `Twilio-Request-Id` header, for support requests.
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

/// The `Twilio-Request-Id` header of `headers`, when it is present and text.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("twilio-request-id")
        .and_then(|value| value.to_str().ok())
}
