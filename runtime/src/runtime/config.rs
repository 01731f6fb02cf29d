//! The client's defaults, and the parts of its configuration that are worked out from
//! settings: the `User-Agent`, the host of a Twilio region and edge, whether a base URL
//! is on this machine, and a Basic `Authorization` header.

use super::error::{Error, Result};
use std::time::Duration;

/// How long opening a connection may take, unless the builder says otherwise.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt may take, from connecting until the whole body has arrived, unless
/// the builder or the request says otherwise.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body read, unless the builder says otherwise: 10 MiB.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: u64 = 10 * 1024 * 1024;

/// The region Twilio implies when only an edge is given.
const DEFAULT_REGION: &str = "us1";

/// The `User-Agent` of every request: this crate's name and version, the operating system
/// and architecture, the spec fingerprint and the caller's `suffix`, such as
/// `twilio-assistants/0.1.0 (linux x86_64) rust spec/3f1c0de2a9b4 my-app/1.2`.
pub(crate) fn user_agent(suffix: Option<&str>) -> Result<reqwest::header::HeaderValue> {
    // The spec fingerprint names the exact contract compiled in, for bug reports and
    // server-side logs; 12 hex digits are plenty to tell documents apart.
    let spec = crate::spec::SHA256;
    let mut text = format!(
        "{}/{} ({} {}) rust spec/{}",
        crate::spec::CRATE_NAME,
        crate::spec::CRATE_VERSION,
        std::env::consts::OS,
        std::env::consts::ARCH,
        spec.get(..12).unwrap_or(spec)
    );
    if let Some(suffix) = suffix.map(str::trim).filter(|suffix| !suffix.is_empty()) {
        text.push(' ');
        text.push_str(suffix);
    }
    reqwest::header::HeaderValue::from_str(&text).map_err(|_| {
        Error::Config(format!(
            "the user agent suffix `{}` is not valid in an HTTP header",
            suffix.unwrap_or_default()
        ))
    })
}

/// The base URL `default` moved to a Twilio region and edge, by Twilio's rule: the host
/// `product.twilio.com` becomes `product.{edge}.{region}.twilio.com`; an edge without a
/// region implies the region `us1`, a region without an edge gives
/// `product.{region}.twilio.com`. A region or edge already in `default` is kept unless
/// replaced.
pub(crate) fn regional_base_url(
    default: &str,
    region: Option<&str>,
    edge: Option<&str>,
) -> Result<String> {
    let region = region.map(|region| label("region", region)).transpose()?;
    let edge = edge.map(|edge| label("edge", edge)).transpose()?;
    if region.is_none() && edge.is_none() {
        return Ok(default.to_owned());
    }
    let not_twilio = || {
        Error::Config(format!(
            "a region or edge applies only to a twilio.com API, not to `{default}`"
        ))
    };
    let mut url = reqwest::Url::parse(default).map_err(|_| not_twilio())?;
    let host = url.host_str().ok_or_else(not_twilio)?.to_ascii_lowercase();
    let pieces: Vec<&str> = host.split('.').collect();
    let (product, old_edge, old_region) = match pieces.as_slice() {
        [product, "twilio", "com"] => (*product, None, None),
        [product, region, "twilio", "com"] => (*product, None, Some(*region)),
        [product, edge, region, "twilio", "com"] => (*product, Some(*edge), Some(*region)),
        _ => return Err(not_twilio()),
    };
    let edge = edge.as_deref().or(old_edge);
    let region = region
        .as_deref()
        .or(old_region)
        .or(edge.map(|_| DEFAULT_REGION));
    let host: Vec<&str> = [Some(product), edge, region, Some("twilio"), Some("com")]
        .into_iter()
        .flatten()
        .collect();
    url.set_host(Some(&host.join(".")))
        .map_err(|error| Error::Config(format!("cannot set the regional host: {error}")))?;
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A region or edge name as one lower-case DNS label; anything else (a dot, a slash) could
/// send the credentials to another host, so it is refused.
fn label(what: &str, value: &str) -> Result<String> {
    let value = value.trim();
    let valid = !value.is_empty()
        && value.len() <= 63
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if valid {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(Error::Config(format!(
            "`{value}` is not a valid Twilio {what}: it must be letters, digits and `-`"
        )))
    }
}

/// Whether `url`'s host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come in brackets, as in `http://[::1]:8080`.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

/// The Basic `Authorization` header for `user` and `secret`, marked sensitive, encoded by
/// reqwest itself on a request that is built but never sent, so that it is exactly what
/// `basic_auth` sends.
pub(crate) fn basic_authorization(
    http: &reqwest::Client,
    user: &str,
    secret: &str,
) -> Result<reqwest::header::HeaderValue> {
    http.get("http://localhost/")
        .basic_auth(user, Some(secret))
        .build()
        .ok()
        .and_then(|request| {
            request
                .headers()
                .get(reqwest::header::AUTHORIZATION)
                .cloned()
        })
        .ok_or_else(|| {
            Error::Config(
                "the credentials cannot be sent as a Basic authorization header".to_owned(),
            )
        })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_edges_follow_twilios_host_rule() {
        let base = "https://assistants.twilio.com";
        let cases = [
            (None, None, "https://assistants.twilio.com"),
            (Some("ie1"), None, "https://assistants.ie1.twilio.com"),
            (
                Some("au1"),
                Some("sydney"),
                "https://assistants.sydney.au1.twilio.com",
            ),
            (
                None,
                Some("dublin"),
                "https://assistants.dublin.us1.twilio.com",
            ),
            (
                Some("IE1"),
                Some(" Dublin "),
                "https://assistants.dublin.ie1.twilio.com",
            ),
        ];
        for (region, edge, want) in cases {
            assert_eq!(
                regional_base_url(base, region, edge).unwrap(),
                want,
                "{region:?} {edge:?}"
            );
        }
        // A region or edge in the default is kept unless replaced.
        assert_eq!(
            regional_base_url("https://api.ie1.twilio.com", None, Some("dublin")).unwrap(),
            "https://api.dublin.ie1.twilio.com"
        );
        assert_eq!(
            regional_base_url("https://api.dublin.ie1.twilio.com/v2", Some("au1"), None).unwrap(),
            "https://api.dublin.au1.twilio.com/v2"
        );
        for bad in ["", "a.b", "evil.com/", "x y", "-a", "ü"] {
            assert!(
                matches!(
                    regional_base_url(base, Some(bad), None),
                    Err(Error::Config(_))
                ),
                "{bad:?}"
            );
            assert!(
                matches!(
                    regional_base_url(base, None, Some(bad)),
                    Err(Error::Config(_))
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            regional_base_url("https://api.example.com", Some("ie1"), None),
            Err(Error::Config(_))
        ));
        assert_eq!(
            regional_base_url("https://api.example.com", None, None).unwrap(),
            "https://api.example.com"
        );
    }

    #[test]
    fn the_user_agent_names_crate_version_platform_spec_and_suffix() {
        let plain = user_agent(None).unwrap();
        let spec = &crate::spec::SHA256[..12];
        let want = format!(
            "{}/{} ({} {}) rust spec/{spec}",
            crate::spec::CRATE_NAME,
            crate::spec::CRATE_VERSION,
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        assert_eq!(plain.to_str().unwrap(), want);
        let suffixed = user_agent(Some("my-app/1.2")).unwrap();
        assert!(suffixed
            .to_str()
            .unwrap()
            .ends_with(&format!(") rust spec/{spec} my-app/1.2")));
        assert!(user_agent(Some("bad\nvalue")).is_err());
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for (url, want) in [
            ("http://127.0.0.1:8080", true),
            ("http://127.1.2.3", true),
            ("http://localhost:1", true),
            ("http://LOCALHOST", true),
            ("http://[::1]:4010", true),
            ("http://10.0.0.1", false),
            ("http://example.com", false),
            ("http://localhost.example.com", false),
        ] {
            assert_eq!(
                is_loopback(&reqwest::Url::parse(url).unwrap()),
                want,
                "{url}"
            );
        }
    }
}
