//! The one error type of the client: what the API said, what the transport said, what did
//! not decode, what was refused before sending, and when retries gave up.

use std::fmt;
use std::time::Duration;

/// The result of every call of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status other than 2xx.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request could not be sent, or the response could not be read, for another
    /// reason than a broken connection or a timeout (such as too many redirects).
    #[error("`{operation}` failed in transport: {}", describe(.source))]
    Transport {
        /// The operation that was called.
        operation: &'static str,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The connection failed: it could not be opened (refused, unreachable, TLS
    /// handshake, or not within the connect timeout; then `stage` is
    /// [`Stage::Connecting`] and the request was never sent), or it was reset or closed
    /// before the whole response had arrived.
    #[error("`{operation}` failed: {}: {}", stage.broken(), root_cause(.source))]
    Connection {
        /// The operation that was called.
        operation: &'static str,
        /// The HTTP method of the request, which decides whether it is safe to send again.
        method: reqwest::Method,
        /// How far the attempt had come.
        stage: Stage,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// An attempt took longer than the request timeout, which runs from connecting until
    /// the whole body has arrived.
    #[error("`{operation}` timed out: {}", stage.late(*.after))]
    Timeout {
        /// The operation that was called.
        operation: &'static str,
        /// The HTTP method of the request, which decides whether it is safe to send again.
        method: reqwest::Method,
        /// How far the attempt had come: waiting for the answer, or reading its body.
        stage: Stage,
        /// The timeout that ran out, when the client knows it.
        after: Option<Duration>,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// Every attempt the retry policy allows failed with a retryable failure, or its time
    /// budget was spent; `last` is the failure of the last attempt.
    #[error("`{operation}` gave up after {attempts} attempt(s): {last}")]
    TooManyRetries {
        /// The operation that was called.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The failure of the last attempt.
        #[source]
        last: Box<Error>,
    },
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes));
    /// reading stopped at the limit.
    #[error(
        "`{operation}` was stopped: the response body is larger than the limit of {limit} bytes"
    )]
    ResponseTooLarge {
        /// The operation that was called.
        operation: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
    /// The response arrived, but its body does not have the documented shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// An argument was refused before any request was sent.
    #[error("`{operation}` was not sent: {message}")]
    InvalidArgument {
        /// The operation that was called.
        operation: &'static str,
        /// What is wrong with the argument.
        message: String,
    },
    /// A page linked to a next page on another origin than the client's base URL; the
    /// client does not send credentials there.
    #[error("`{operation}` was stopped: the next page `{url}` is not on the client's base URL `{base_url}`")]
    ForeignLink {
        /// The list operation that was being paged.
        operation: &'static str,
        /// The link the page gave.
        url: String,
        /// The client's base URL.
        base_url: String,
    },
    /// A page linked to a next page that was already requested (the same link or the same
    /// page token): following it would loop forever.
    #[error("`{operation}` was stopped: the next page `{url}` was already requested, so paging would loop")]
    PageLoop {
        /// The list operation that was being paged.
        operation: &'static str,
        /// The repeated link.
        url: String,
    },
    /// The credentials of the request could not be had: the token provider given to
    /// `ClientBuilder::token_provider` failed, or gave a token that cannot be sent in a
    /// header. The request was not sent, and is not retried.
    #[error("`{operation}` was not sent: no credentials: {source}")]
    Credentials {
        /// The operation that was called.
        operation: &'static str,
        /// What the token provider reported.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A string is not a valid identifier of the kind it was meant to be.
    #[error(transparent)]
    InvalidId(#[from] InvalidId),
    /// The client could not be built: missing credentials, an unusable base URL (or plain
    /// http without [`ClientBuilder::allow_http`](crate::ClientBuilder::allow_http)), an
    /// invalid region, edge or user agent suffix.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of an [`Error::Api`] or [`Error::Decode`] error, also when it is
    /// the last failure of [`Error::TooManyRetries`].
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::TooManyRetries { last, .. } => last.status(),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed and is safe: the failure may
    /// pass ([`Self::is_transient`]) and the request cannot take effect twice, because its
    /// method is idempotent (`GET`, `PUT`, `DELETE`, ...) or because it was not carried
    /// out (`429 Too Many Requests`, a connection that could not be opened). A `500`
    /// answered to a `POST` is not retryable: the create may have happened. This is the
    /// rule the client's own retries follow (see [`RetryPolicy`](crate::RetryPolicy)); for
    /// [`Error::TooManyRetries`], it is its last failure's.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(error) if error.status == 429 => true,
            Error::Api(error) => (500..600).contains(&error.status) && idempotent(&error.method),
            Error::Connection { stage, method, .. } => {
                *stage == Stage::Connecting || idempotent(method)
            }
            Error::Timeout { method, .. } => idempotent(method),
            Error::TooManyRetries { last, .. } => last.is_retryable(),
            _ => false,
        }
    }

    /// Whether the failure may pass when a request is sent again later, whatever the
    /// request: a broken connection, a timeout, `429 Too Many Requests` or a `5xx`
    /// answer. Whether resending this request is safe is [`Self::is_retryable`].
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Connection { .. } | Error::Timeout { .. } => true,
            Error::Api(error) => error.status == 429 || (500..600).contains(&error.status),
            Error::TooManyRetries { last, .. } => last.is_transient(),
            _ => false,
        }
    }

    /// The request id of the answer (`Twilio-Request-Id`, `Request-Id` or `X-Request-Id`), for
    /// support requests, when there was one.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id.as_deref(),
            Error::TooManyRetries { last, .. } => last.request_id(),
            _ => None,
        }
    }

    /// Whether the API answered 404 Not Found.
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }
}

/// The `# Errors` section of a method that sends a request, written once here, in a module
/// every crate has, for [`Client`](crate::Client)'s methods and the request builders':
/// `send_errors_doc!(@json)` for an answer decoded from JSON, `@whole` for one read whole
/// as it is, `@text` for one read as text, `@download` for one read as a stream and
/// `@events` for server-sent events.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `send_errors_doc` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __send_errors_doc {
    (@json) => {
        $crate::runtime::error::send_errors_doc!(
            "An answer that is not 2xx is [`Error::Api`](crate::Error::Api), and a body that \
             does not have the documented shape is [`Error::Decode`](crate::Error::Decode)."
        )
    };
    (@whole) => {
        $crate::runtime::error::send_errors_doc!(
            "An answer that is not 2xx is [`Error::Api`](crate::Error::Api)."
        )
    };
    (@text) => {
        $crate::runtime::error::send_errors_doc!(
            "An answer that is not 2xx is [`Error::Api`](crate::Error::Api), and a body that \
             is not UTF-8 is [`Error::Decode`](crate::Error::Decode)."
        )
    };
    (@download) => {
        $crate::runtime::error::send_errors_doc!(
            "An answer that is not 2xx is read whole and is [`Error::Api`](crate::Error::Api); \
             a failure while the body arrives is an error item of the download instead."
        )
    };
    (@events) => {
        $crate::runtime::error::send_errors_doc!(
            "An answer that is not 2xx is read whole and is [`Error::Api`](crate::Error::Api), \
             and a 2xx answer of another media type than `text/event-stream` is \
             [`Error::Decode`](crate::Error::Decode); a failure while events arrive is an \
             error item of the stream instead."
        )
    };
    ($answer:literal) => {
        concat!(
            "# Errors\n\n",
            $answer,
            " A failed exchange is [`Error::Connection`](crate::Error::Connection), \
             [`Error::Timeout`](crate::Error::Timeout) or \
             [`Error::Transport`](crate::Error::Transport), and a body read whole that is \
             larger than the client's `max_response_bytes` is \
             [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge); once retries run \
             out, the last retryable failure comes wrapped in \
             [`Error::TooManyRetries`](crate::Error::TooManyRetries). An argument refused \
             before anything is sent is [`Error::InvalidArgument`](crate::Error::InvalidArgument) \
             or [`Error::InvalidId`](crate::Error::InvalidId), and a failure of the token \
             provider, for a client that has one, is \
             [`Error::Credentials`](crate::Error::Credentials)."
        )
    };
}

#[doc(hidden)]
pub use crate::__send_errors_doc as send_errors_doc;

/// Whether requests of `method` can be repeated without taking effect twice (RFC 9110's
/// idempotent methods).
pub(crate) fn idempotent(method: &reqwest::Method) -> bool {
    matches!(
        *method,
        reqwest::Method::GET
            | reqwest::Method::HEAD
            | reqwest::Method::OPTIONS
            | reqwest::Method::PUT
            | reqwest::Method::DELETE
            | reqwest::Method::TRACE
    )
}

/// How far an attempt had come when its connection failed or its time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Opening the connection (and the TLS handshake): nothing was sent.
    Connecting,
    /// Sending the request or waiting for the head of the answer.
    Waiting,
    /// Reading the body of the answer, whose status and headers had arrived.
    ReadingBody,
}

impl Stage {
    /// What a broken connection at this stage means, for [`Error::Connection`].
    fn broken(self) -> &'static str {
        match self {
            Stage::Connecting => "could not connect",
            Stage::Waiting => "the connection was closed before the answer arrived",
            Stage::ReadingBody => "the connection was closed while the answer's body was read",
        }
    }

    /// What a timeout of `after` at this stage means, for [`Error::Timeout`].
    fn late(self, after: Option<Duration>) -> String {
        let within = after
            .map(|after| format!(" within {}", seconds(after)))
            .unwrap_or_default();
        match self {
            Stage::Connecting => format!("no connection{within}"),
            Stage::Waiting => format!("no answer arrived{within}"),
            Stage::ReadingBody => {
                format!("the answer's body did not arrive in full{within} (it was being read)")
            }
        }
    }
}

/// `after` in seconds, as a person writes it: `30 s`, `1.5 s`, `0.25 s`.
fn seconds(after: Duration) -> String {
    format!("{} s", after.as_secs_f64())
}

/// A non-2xx answer of the API: its status, the message its body gives in any of the
/// common shapes (Twilio's, an RFC 9457 problem, `{"error": {"message": ...}}` as OpenAI
/// and Stripe send it, GitHub's `message`, OAuth's `error_description`), and the whole
/// body, which [`ApiError::decode`] reads as the error type the API document declares.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP method of the request, which decides whether it is safe to send again.
    pub method: reqwest::Method,
    /// The HTTP status code.
    pub status: u16,
    /// A numeric error code in the body, such as Twilio's 20404 (see
    /// <https://www.twilio.com/docs/errors>).
    pub code: Option<i64>,
    /// The error message the body gives, in whichever of the shapes above it has.
    pub message: Option<String>,
    /// The RFC 9457 problem the API answered with (`application/problem+json`).
    pub problem: Option<Problem>,
    /// A link to the documentation of the error code.
    pub more_info: Option<String>,
    /// Further details Twilio sent, if any.
    pub details: Option<serde_json::Value>,
    /// The request id the API gave in a response header (`Twilio-Request-Id`,
    /// `Request-Id`, `X-Request-Id`), for support requests.
    pub request_id: Option<String>,
    /// How long the `Retry-After` response header asks to wait before trying again.
    pub retry_after: Option<Duration>,
    /// The response body as it was sent.
    pub body: String,
}

/// An RFC 9457 problem detail: what an API that answers `application/problem+json` says
/// went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Problem {
    /// A URI that names the kind of problem (`type`).
    pub kind: Option<String>,
    /// A short summary of the kind of problem.
    pub title: Option<String>,
    /// The HTTP status the problem says.
    pub status: Option<u16>,
    /// What went wrong this time.
    pub detail: Option<String>,
    /// A URI that names this occurrence.
    pub instance: Option<String>,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        method: reqwest::Method,
        status: u16,
        request_id: Option<String>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let at = |path: &[&str]| {
            path.iter()
                .try_fold(parsed.as_ref()?, |value, name| value.get(name))
        };
        let text = |path: &[&str]| {
            at(path)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let problem = content_type
            .and_then(|media| media.split(';').next())
            .filter(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/problem+json")
            })
            .and(parsed.as_ref())
            .map(|_| Problem {
                kind: text(&["type"]),
                title: text(&["title"]),
                status: at(&["status"])
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|status| u16::try_from(status).ok()),
                detail: text(&["detail"]),
                instance: text(&["instance"]),
            });
        // The first message of the shapes APIs use, Twilio's first.
        let message = text(&["message"])
            .or_else(|| problem.as_ref().and_then(|problem| problem.detail.clone()))
            .or_else(|| problem.as_ref().and_then(|problem| problem.title.clone()))
            .or_else(|| text(&["error", "message"]))
            .or_else(|| text(&["error_description"]))
            .or_else(|| text(&["error"]));
        ApiError {
            operation,
            method,
            status,
            code: at(&["code"]).and_then(serde_json::Value::as_i64),
            message,
            problem,
            more_info: text(&["more_info"]),
            details: at(&["details"]).cloned(),
            request_id,
            retry_after: None,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The body decoded as `T`, such as the error model the API document declares for
    /// this status (`models::Error`).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body does not have the shape of `T`.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        super::client::decode(self.operation, self.status, self.body.as_bytes())
    }

    /// Whether the body is one of Twilio's errors, which link to their documentation.
    fn is_twilio(&self) -> bool {
        self.more_info
            .as_deref()
            .is_some_and(|link| link.starts_with("https://www.twilio.com/"))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` failed with HTTP {}", self.operation, self.status)?;
        match (&self.code, &self.message) {
            (Some(code), Some(message)) if self.is_twilio() => {
                write!(
                    f,
                    ": Twilio error {code}: {message} (https://www.twilio.com/docs/errors/{code})"
                )
            }
            (_, Some(message)) => write!(f, ": {message}"),
            _ if self.body.trim().is_empty() => Ok(()),
            _ => write!(f, ": {}", excerpt(&self.body)),
        }
    }
}

impl std::error::Error for ApiError {}

/// A response body that does not have the documented shape.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP status of the response.
    pub status: u16,
    /// Where in the body decoding failed, such as `assistants[3].date_created`.
    pub path: String,
    /// What the JSON decoder reported.
    pub message: String,
    /// The response body as it was sent.
    pub body: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response of `{}` (HTTP {}) at `{}`: {}; body: {}",
            self.operation,
            self.status,
            self.path,
            self.message,
            excerpt(&self.body)
        )
    }
}

impl std::error::Error for DecodeError {}

/// The message of `error` and, when it differs, that of its innermost cause, which names
/// the actual fault ("error decoding response body: Connection reset by peer").
/// The innermost cause of `error`, which says what happened (`connection reset by peer`)
/// where the HTTP client's own message names only the step (`error decoding response
/// body`).
fn root_cause(error: &reqwest::Error) -> String {
    let mut root: &(dyn std::error::Error + 'static) = error;
    while let Some(cause) = root.source() {
        root = cause;
    }
    root.to_string()
}

fn describe(error: &reqwest::Error) -> String {
    let mut root: &(dyn std::error::Error + 'static) = error;
    while let Some(cause) = root.source() {
        root = cause;
    }
    let (top, bottom) = (error.to_string(), root.to_string());
    if top == bottom {
        top
    } else {
        format!("{top}: {bottom}")
    }
}

/// At most 200 characters of a body, so that an error message stays readable.
fn excerpt(body: &str) -> String {
    const LIMIT: usize = 200;
    let body = body.trim();
    match body.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}… ({} bytes in all)", &body[..end], body.len()),
        None => body.to_owned(),
    }
}

/// A string that does not have the shape of the identifier it was meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId {
    /// The identifier type, such as `AssistantId`.
    pub kind: &'static str,
    /// The pattern the API document gives for it.
    pub pattern: &'static str,
    /// The value that was refused.
    pub value: String,
}

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid {}: it must match `{}`",
            self.value, self.kind, self.pattern
        )
    }
}

impl std::error::Error for InvalidId {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_show_twilio_code_message_and_link() {
        let body = br#"{"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#;
        let error = ApiError::new(
            "FetchAssistant",
            reqwest::Method::GET,
            404,
            Some("RQ1".into()),
            None,
            body,
        );
        assert_eq!(error.code, Some(20404));
        assert_eq!(
            error.to_string(),
            "`FetchAssistant` failed with HTTP 404: Twilio error 20404: The requested resource was not found (https://www.twilio.com/docs/errors/20404)"
        );
        assert!(Error::Api(Box::new(error)).is_not_found());
    }

    #[test]
    fn messages_are_read_from_the_shapes_apis_use() {
        let message = |content_type: Option<&str>, body: &str| {
            ApiError::new(
                "Op",
                reqwest::Method::GET,
                400,
                None,
                content_type,
                body.as_bytes(),
            )
            .message
        };
        let openai = r#"{"error": {"message": "Invalid API key", "type": "invalid_request_error", "code": "invalid_api_key"}}"#;
        assert_eq!(message(None, openai).as_deref(), Some("Invalid API key"));
        let github = r#"{"message": "Not Found", "documentation_url": "https://docs.github.com"}"#;
        assert_eq!(message(None, github).as_deref(), Some("Not Found"));
        let oauth = r#"{"error": "invalid_grant", "error_description": "The code expired"}"#;
        assert_eq!(message(None, oauth).as_deref(), Some("The code expired"));
        assert_eq!(
            message(None, r#"{"error": "denied"}"#).as_deref(),
            Some("denied")
        );
        let problem = r#"{"type": "https://example.com/probs/out-of-credit", "title": "You do not have enough credit.", "status": 403, "detail": "Your balance is 30, but that costs 50.", "instance": "/account/12345/msgs/abc"}"#;
        let error = ApiError::new(
            "Op",
            reqwest::Method::GET,
            403,
            None,
            Some("application/problem+json; charset=utf-8"),
            problem.as_bytes(),
        );
        let parsed = error.problem.clone().expect("a problem");
        assert_eq!(
            parsed.kind.as_deref(),
            Some("https://example.com/probs/out-of-credit")
        );
        assert_eq!(parsed.status, Some(403));
        assert_eq!(parsed.instance.as_deref(), Some("/account/12345/msgs/abc"));
        assert_eq!(
            error.to_string(),
            "`Op` failed with HTTP 403: Your balance is 30, but that costs 50."
        );
        // The same body as plain JSON is no problem document.
        assert_eq!(
            ApiError::new(
                "Op",
                reqwest::Method::GET,
                403,
                None,
                Some("application/json"),
                problem.as_bytes()
            )
            .problem,
            None
        );
        // A numeric code without Twilio's link is not shown as Twilio's.
        let other = ApiError::new(
            "Op",
            reqwest::Method::GET,
            400,
            None,
            None,
            br#"{"code": 7, "message": "Bad"}"#,
        );
        assert_eq!(other.to_string(), "`Op` failed with HTTP 400: Bad");
    }

    #[test]
    fn error_bodies_decode_into_the_documents_error_type() {
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct Failure {
            reason: String,
        }
        let error = ApiError::new(
            "Op",
            reqwest::Method::GET,
            422,
            None,
            None,
            br#"{"reason": "taken"}"#,
        );
        assert_eq!(
            error.decode::<Failure>().unwrap(),
            Failure {
                reason: "taken".into()
            }
        );
        let other = ApiError::new(
            "Op",
            reqwest::Method::GET,
            422,
            None,
            None,
            br#"{"cause": "taken"}"#,
        );
        assert!(matches!(other.decode::<Failure>(), Err(Error::Decode(_))));
    }

    #[test]
    fn non_json_error_bodies_are_kept_and_shortened() {
        let body = "<html>".to_owned() + &"x".repeat(500);
        let error = ApiError::new(
            "FetchAssistant",
            reqwest::Method::GET,
            502,
            None,
            None,
            body.as_bytes(),
        );
        assert_eq!(error.code, None);
        assert_eq!(error.body, body);
        assert!(
            error.to_string().ends_with("… (506 bytes in all)"),
            "{error}"
        );
    }

    #[test]
    fn given_up_retries_report_the_last_failure() {
        let mut last = ApiError::new(
            "ListThings",
            reqwest::Method::GET,
            429,
            Some("RQ9".into()),
            None,
            b"{}",
        );
        last.retry_after = Some(Duration::from_secs(2));
        let error = Error::TooManyRetries {
            operation: "ListThings",
            attempts: 3,
            last: Box::new(Error::Api(Box::new(last))),
        };
        assert_eq!(error.status(), Some(429));
        assert_eq!(error.request_id(), Some("RQ9"));
        assert!(error.is_retryable());
        assert!(!error.is_not_found());
        assert_eq!(
            error.to_string(),
            "`ListThings` gave up after 3 attempt(s): `ListThings` failed with HTTP 429: {}"
        );
        let not_found = Error::Api(Box::new(ApiError::new(
            "Op",
            reqwest::Method::GET,
            404,
            None,
            None,
            b"",
        )));
        assert!(!not_found.is_retryable());
        let too_large = Error::ResponseTooLarge {
            operation: "Op",
            limit: 10,
        };
        assert!(!too_large.is_retryable());
        assert_eq!(too_large.status(), None);
    }

    #[test]
    fn a_failure_is_retryable_only_where_resending_is_safe() {
        let api = |method: reqwest::Method, status| {
            Error::Api(Box::new(ApiError::new(
                "Op", method, status, None, None, b"",
            )))
        };
        // A 500 answered to a create may hide a create that happened.
        let create = api(reqwest::Method::POST, 500);
        assert!(create.is_transient());
        assert!(!create.is_retryable());
        assert!(api(reqwest::Method::GET, 503).is_retryable());
        assert!(api(reqwest::Method::DELETE, 500).is_retryable());
        // A 429 was refused before it was carried out, whatever the method.
        assert!(api(reqwest::Method::POST, 429).is_retryable());
        assert!(!api(reqwest::Method::GET, 400).is_transient());
    }

    #[test]
    fn stages_say_what_happened_and_how_long_was_waited() {
        assert_eq!(
            Stage::ReadingBody.late(Some(Duration::from_secs(30))),
            "the answer's body did not arrive in full within 30 s (it was being read)"
        );
        assert_eq!(
            Stage::Waiting.late(Some(Duration::from_millis(1500))),
            "no answer arrived within 1.5 s"
        );
        assert_eq!(Stage::Waiting.late(None), "no answer arrived");
        assert_eq!(
            Stage::ReadingBody.broken(),
            "the connection was closed while the answer's body was read"
        );
    }
}
