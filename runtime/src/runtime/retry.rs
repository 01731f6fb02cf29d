//! When a failed request is sent again, and after how long: the [`RetryPolicy`], the
//! per-request [`RequestOptions`] that can override it, exponential backoff with full
//! jitter, and the `Retry-After` header.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// When and how often a failed request is sent again.
///
/// Which failures are retried depends on the HTTP method, because Twilio has no
/// idempotency key:
///
/// - `GET`, `PUT`, `DELETE`, `HEAD` and `OPTIONS` (and the next-page requests of paging)
///   are retried after connection errors, timeouts, `429 Too Many Requests` and any `5xx`;
/// - `POST` and `PATCH` are retried only after `429` and after connection errors that
///   prove the request never reached the server (the connection could not be opened),
///   since a repeated create could create twice;
/// - other `4xx` answers, and bodies that do not decode, are never retried.
///
/// That rule is [`Error::is_retryable`](crate::Error::is_retryable), which a caller that
/// resends requests itself can use too.
///
/// Between attempts the client waits a random time between zero and an exponentially
/// growing bound (`initial_backoff`, doubled per retry, at most `max_backoff`: "full
/// jitter"), or what the server's `Retry-After` header asks for, capped at `max_backoff`.
/// No attempt is started after `max_elapsed` has passed since the first one.
///
/// When the last allowed attempt still fails with a retryable failure, the error is
/// [`Error::TooManyRetries`](crate::Error::TooManyRetries) carrying that failure; with
/// [`RetryPolicy::none`] the failure is returned as it is.
///
/// The default: 3 attempts in all, backoff from 500 ms up to 10 s, at most 120 s in all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a retry policy applies only once it is given to a client builder or a request"]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Never retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Sends a request at most `attempts` times in all, the first one included; 0 counts
    /// as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The bound of the wait before the first retry; it doubles with every further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest wait between two attempts, also for a longer `Retry-After`.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No attempt is started when this much time has passed since the first one began,
    /// or would have passed by the end of the wait before it.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// How many attempts the policy allows in all.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time budget of all attempts together.
    pub(crate) fn elapsed_budget(&self) -> Duration {
        self.max_elapsed
    }

    /// The wait before retry number `retry` (1 for the first retry): the server's
    /// `retry_after` when it sent one, else full jitter over the exponential bound; either
    /// is capped at the maximum backoff.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_backoff);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let bound = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        jitter(bound, random_u64())
    }
}

/// A uniformly random duration in `[0, bound]`, from the random number `random`.
fn jitter(bound: Duration, random: u64) -> Duration {
    // Nanoseconds are capped at u64::MAX (about 584 years), so that the product below fits
    // in a u128 and no bound can overflow.
    let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
    let scaled = (u128::from(nanos) * u128::from(random)) >> 64;
    Duration::from_nanos(u64::try_from(scaled).unwrap_or(u64::MAX))
}

/// A random number good enough for jitter: the standard library's randomly keyed hasher
/// over a counter and the clock, so that no random-number crate is needed.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = SystemTime::now().duration_since(UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

/// The wait the `Retry-After` header asks for, in seconds or as an HTTP date (a date in
/// the past means no wait); `None` without a usable header.
pub(crate) fn retry_after(
    headers: &reqwest::header::HeaderMap,
    now: SystemTime,
) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // HTTP dates (IMF-fixdate, `Wed, 21 Oct 2015 07:28:00 GMT`) are RFC 2822 dates.
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Settings of one request that override the client's: set through the builder methods
/// `.timeout(..)` and `.retry(..)` of every request builder.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl RequestOptions {
    /// Limits each attempt of the request, from connecting until the whole body has
    /// arrived, to `timeout` instead of the client's.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Retries the request by `policy` instead of the client's.
    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// The timeout of each attempt, when this request has its own.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The retry policy, when this request has its own.
    pub(crate) fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    #[test]
    fn backoff_grows_exponentially_with_full_jitter_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(policy.delay(1, None) <= Duration::from_millis(100));
            assert!(policy.delay(2, None) <= Duration::from_millis(200));
            assert!(policy.delay(3, None) <= Duration::from_millis(350));
            assert!(policy.delay(40, None) <= Duration::from_millis(350));
        }
        // The jitter spans the whole range, from zero to the bound.
        let bound = Duration::from_secs(1);
        assert_eq!(jitter(bound, 0), Duration::ZERO);
        assert!(jitter(bound, u64::MAX) > Duration::from_millis(999));
        assert_eq!(jitter(bound, 1 << 63), Duration::from_millis(500));
        assert!(jitter(Duration::MAX, u64::MAX) > Duration::ZERO);
        // Random numbers differ from call to call.
        let draws: std::collections::BTreeSet<u64> = (0..20).map(|_| random_u64()).collect();
        assert!(draws.len() > 15, "{draws:?}");
    }

    #[test]
    fn retry_after_is_read_in_seconds_or_as_a_date_and_capped() {
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_470);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(10)));
        let later = now + Duration::from_secs(3600);
        assert_eq!(retry_after(&headers, later), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);

        let policy = RetryPolicy::default().max_backoff(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn policies_and_options_are_built_by_methods() {
        assert_eq!(RetryPolicy::default().attempts(), 3);
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
        let policy = RetryPolicy::none().max_elapsed(Duration::from_secs(9));
        assert_eq!(policy.elapsed_budget(), Duration::from_secs(9));

        let mut options = RequestOptions::default();
        assert_eq!(options.timeout(), None);
        assert!(options.retry().is_none());
        options.set_timeout(Duration::from_secs(2));
        options.set_retry(RetryPolicy::none());
        assert_eq!(options.timeout(), Some(Duration::from_secs(2)));
        assert_eq!(options.retry(), Some(&RetryPolicy::none()));
    }

    #[test]
    fn only_failures_that_are_safe_to_repeat_are_retried() {
        use super::super::error::Error;
        use reqwest::Method;
        let api = |method: &Method, status| {
            Error::Api(Box::new(super::super::error::ApiError::new(
                "Op",
                method.clone(),
                status,
                None,
                None,
                b"",
            )))
        };
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            for status in [429, 500, 502, 503, 504] {
                assert!(api(&method, status).is_retryable(), "{method} {status}");
            }
            for status in [400, 401, 403, 404, 409, 422] {
                assert!(!api(&method, status).is_retryable(), "{method} {status}");
            }
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(api(&method, 429).is_retryable(), "{method} 429");
            for status in [400, 404, 500, 502, 503] {
                assert!(!api(&method, status).is_retryable(), "{method} {status}");
            }
        }
        let invalid = Error::InvalidArgument {
            operation: "Op",
            message: "no".to_owned(),
        };
        assert!(!invalid.is_retryable());
    }
}
