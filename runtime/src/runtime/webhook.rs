//! Checking that a request a service receives comes from Twilio: the `X-Twilio-Signature`
//! header of a webhook, checked as Twilio's own helper libraries check it (twilio-python's
//! `request_validator.py`, twilio-node's `webhooks.ts`). Generated code does not call this
//! module; a service that receives Twilio's webhooks does, with the `webhooks` feature on.
//!
//! The signature is the base64 HMAC-SHA1, keyed with the account's auth token, of the URL
//! Twilio requested (scheme, host, path and query) followed by the request's form
//! parameters: each name with its value, names sorted, the values of a repeated name
//! sorted and each taken once. A body that is not a form (JSON) is not signed itself: the
//! URL carries its SHA-256 in lowercase hex as the `bodySHA256` query parameter, the
//! signature covers the URL alone, and the body must hash to that parameter. As the
//! helper libraries do, the URL is tried as given and with its port the other way: the
//! scheme's default port (443, or 80) added when it has none, removed when it has one.

use super::builder::env_var;
use super::error::{Error, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

/// The header Twilio signs its requests in.
const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The query parameter that carries the SHA-256 of a body that is not a form.
const BODY_HASH: &str = "bodySHA256";

/// Why a request was not accepted as coming from Twilio. The messages never show an auth
/// token, nor the URL, which may carry a password of its own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no `X-Twilio-Signature` header, or an empty one.
    #[error("the request has no X-Twilio-Signature header: it may not come from Twilio")]
    MissingSignature,
    /// The signature matches none of the auth tokens for the URL and parameters: the
    /// request does not come from Twilio, was changed on the way, or the URL is not the
    /// one Twilio requested (behind a proxy, pass the public URL).
    #[error(
        "the X-Twilio-Signature header does not match the URL and parameters under any auth \
         token (is the URL the one Twilio requested, with its scheme, host, path and query?)"
    )]
    SignatureMismatch,
    /// The body is to be checked by its hash, but the URL has no `bodySHA256` query
    /// parameter.
    #[error("the URL has no bodySHA256 query parameter, which Twilio adds for a JSON body")]
    MissingBodyHash,
    /// The body's SHA-256 is not the URL's `bodySHA256` parameter: the body was changed.
    #[error("the body's SHA-256 does not match the URL's bodySHA256 query parameter")]
    BodyHashMismatch,
    /// The request has a body that is neither form-encoded nor covered by a `bodySHA256`
    /// query parameter, so nothing signs its content.
    #[error(
        "the body is not application/x-www-form-urlencoded and the URL has no bodySHA256 \
         query parameter, so nothing signs the body"
    )]
    UnsignedBody,
    /// The URL cannot be signed: it is not an absolute `http`, `https`, `ws` or `wss` URL
    /// with a host, or a request has no host to build it from.
    #[error("the webhook URL is unusable: {0}")]
    InvalidUrl(&'static str),
}

/// Checks the `X-Twilio-Signature` of requests Twilio sends, with one auth token or
/// several: while a secondary token is being promoted (token rotation) a request signed
/// with either is valid. [`RequestValidator::validate`] takes a whole `http::Request`;
/// `validate_form`, `validate_form_body` and `validate_json` take its parts, for servers
/// whose requests are of another type; [`RequestValidator::signature`] signs requests
/// for a service's own tests.
// No doc example: the generator copies this file into crates of other names, where a
// doctest's `use` would not resolve; the guide's section on webhooks has the example.
#[derive(Clone)]
pub struct RequestValidator {
    /// The auth tokens, the primary one first; never empty.
    tokens: Vec<String>,
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The tokens are secrets: only how many there are shows.
        let tokens: Vec<&str> = self.tokens.iter().map(|_| "<redacted>").collect();
        f.debug_struct("RequestValidator")
            .field("auth_tokens", &tokens)
            .finish()
    }
}

impl RequestValidator {
    /// A validator for requests signed with the account's auth token.
    pub fn new(auth_token: impl Into<String>) -> Self {
        RequestValidator {
            tokens: vec![auth_token.into()],
        }
    }

    /// Accepts requests signed with `auth_token` too, such as the account's secondary
    /// auth token while it replaces the primary one.
    #[must_use]
    pub fn with_token(mut self, auth_token: impl Into<String>) -> Self {
        self.tokens.push(auth_token.into());
        self
    }

    /// A validator for the auth token in `TWILIO_AUTH_TOKEN`, which also accepts the one
    /// in `TWILIO_SECONDARY_AUTH_TOKEN` when that is set (token rotation). Empty variables
    /// count as unset.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `TWILIO_AUTH_TOKEN` is unset or empty.
    pub fn from_env() -> Result<Self> {
        Self::from_variables(env_var)
    }

    /// [`RequestValidator::from_env`] with the variables that `var` looks up.
    fn from_variables(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let primary = var("TWILIO_AUTH_TOKEN").ok_or_else(|| {
            Error::Config("the environment variable `TWILIO_AUTH_TOKEN` is not set".to_owned())
        })?;
        let validator = RequestValidator::new(primary);
        Ok(match var("TWILIO_SECONDARY_AUTH_TOKEN") {
            Some(secondary) => validator.with_token(secondary),
            None => validator,
        })
    }

    /// The signature Twilio would send, under the primary auth token, for a request to
    /// `url` with the form parameters `params` (none for a JSON body, whose URL carries
    /// `bodySHA256`): for tests of a service, which can sign the requests they make.
    pub fn signature(
        &self,
        url: &str,
        params: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
    ) -> String {
        let mac = mac(&self.tokens[0], url, &signed_params(params));
        STANDARD.encode(mac.finalize().into_bytes())
    }

    /// Checks `signature` (the `X-Twilio-Signature` header) for a request to `url` (the
    /// URL Twilio requested, query included) whose form parameters are `params`, in any
    /// order; a repeated name comes once per value. A `&HashMap<String, String>` passes
    /// as it is, pairs in a `Vec` as `pairs.iter().map(|(name, value)| (name, value))`.
    ///
    /// # Errors
    ///
    /// [`WebhookError::MissingSignature`] for an empty signature,
    /// [`WebhookError::InvalidUrl`] for a URL that cannot be signed, and
    /// [`WebhookError::SignatureMismatch`] when the signature is not that of the URL and
    /// parameters under any of the auth tokens.
    pub fn validate_form(
        &self,
        url: &str,
        params: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
        signature: &str,
    ) -> Result<(), WebhookError> {
        self.check(url, &signed_params(params), signature)
    }

    /// [`RequestValidator::validate_form`] for the raw `application/x-www-form-urlencoded`
    /// body of the request (`+` is a space, `%XX` a byte of UTF-8), as it arrived.
    ///
    /// # Errors
    ///
    /// As with [`RequestValidator::validate_form`].
    pub fn validate_form_body(
        &self,
        url: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), WebhookError> {
        self.validate_form(url, form_urlencoded::parse(body), signature)
    }

    /// Checks `signature` for a request to `url` whose body is not a form (JSON): the
    /// signature covers the URL alone, and `body`, as it arrived, must have the SHA-256
    /// that the URL's `bodySHA256` query parameter gives.
    ///
    /// # Errors
    ///
    /// [`WebhookError::MissingBodyHash`] when the URL has no `bodySHA256` parameter,
    /// [`WebhookError::BodyHashMismatch`] when the body does not hash to it, and the
    /// errors of [`RequestValidator::validate_form`] for the signature of the URL.
    pub fn validate_json(
        &self,
        url: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), WebhookError> {
        let expected = body_hash_parameter(url).ok_or(WebhookError::MissingBodyHash)?;
        self.check_json(url, &expected, body, signature)
    }

    /// [`RequestValidator::validate_json`] once the URL's `bodySHA256` is `expected`.
    fn check_json(
        &self,
        url: &str,
        expected: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), WebhookError> {
        self.check(url, "", signature)?;
        // The hash of the body is no secret (whoever sent the body can compute it), so a
        // plain comparison does.
        if sha256_hex(body) == expected {
            Ok(())
        } else {
            Err(WebhookError::BodyHashMismatch)
        }
    }

    /// Checks a whole request: its `X-Twilio-Signature` header, against its body checked
    /// by hash when the URL has a `bodySHA256` query parameter, as a form when it is
    /// `application/x-www-form-urlencoded` or empty (a `GET`), and refused otherwise
    /// ([`WebhookError::UnsignedBody`]).
    ///
    /// The URL is `public_url` when given: the URL Twilio requested, query included, for
    /// a server behind a proxy or TLS terminator that sees another one. Otherwise it is
    /// the request's URI when that is absolute (HTTP/2), or `https://`, the `Host` header
    /// and the URI's path and query (an `http://` webhook needs `public_url`).
    ///
    /// # Errors
    ///
    /// [`WebhookError::MissingSignature`] when the header is missing or empty,
    /// [`WebhookError::UnsignedBody`] for a body that nothing signs,
    /// [`WebhookError::InvalidUrl`] when the request tells no URL (no `Host` header and no
    /// `public_url`), and otherwise the errors of [`RequestValidator::validate_json`] or
    /// [`RequestValidator::validate_form`].
    pub fn validate<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
        public_url: Option<&str>,
    ) -> Result<(), WebhookError> {
        let headers = request.headers();
        let signature = match headers.get(SIGNATURE_HEADER) {
            // A value that is not text matches no signature.
            Some(value) => value
                .to_str()
                .map_err(|_| WebhookError::SignatureMismatch)?,
            None => return Err(WebhookError::MissingSignature),
        };
        let url = match public_url {
            Some(url) => url.to_owned(),
            None => request_url(request)?,
        };
        let body = request.body().as_ref();
        if let Some(expected) = body_hash_parameter(&url) {
            return self.check_json(&url, &expected, body, signature);
        }
        let form = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|essence| {
                essence
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        if form || body.is_empty() {
            self.validate_form_body(&url, body, signature)
        } else {
            Err(WebhookError::UnsignedBody)
        }
    }

    /// Whether `signature` is the signature of `url`, as given or with its port the
    /// other way, followed by `params` (already in signed form), under any of the tokens.
    fn check(&self, url: &str, params: &str, signature: &str) -> Result<(), WebhookError> {
        if signature.is_empty() {
            return Err(WebhookError::MissingSignature);
        }
        let urls = [url.to_owned(), with_port_toggled(url)?];
        // Comparing the decoded digest is comparing the text: the standard engine accepts
        // only the canonical encoding (padding required, no stray bits).
        let signature = STANDARD
            .decode(signature)
            .map_err(|_| WebhookError::SignatureMismatch)?;
        // `verify_slice` compares every byte in constant time (with `subtle`), so the
        // time taken does not tell how much of a forged signature was right.
        let valid = self.tokens.iter().any(|token| {
            urls.iter()
                .any(|url| mac(token, url, params).verify_slice(&signature).is_ok())
        });
        if valid {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }
}

/// The HMAC-SHA1 of `url` followed by `params`, keyed with `token`.
fn mac(token: &str, url: &str, params: &str) -> Hmac<Sha1> {
    let mut mac =
        Hmac::<Sha1>::new_from_slice(token.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(url.as_bytes());
    mac.update(params.as_bytes());
    mac
}

/// The form parameters as signed: each name followed by a value, names in order, and
/// each different value of a name once, in order. Strings order by their code points,
/// as in the Python library.
fn signed_params(params: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>) -> String {
    let mut sorted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, value) in params {
        sorted
            .entry(name.as_ref().to_owned())
            .or_default()
            .insert(value.as_ref().to_owned());
    }
    let mut signed = String::new();
    for (name, values) in &sorted {
        for value in values {
            signed.push_str(name);
            signed.push_str(value);
        }
    }
    signed
}

/// The (first) `bodySHA256` query parameter of `url`, decoded.
fn body_hash_parameter(url: &str) -> Option<String> {
    let url = url.split('#').next().unwrap_or(url);
    let (_, query) = url.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == BODY_HASH)
        .map(|(_, value)| value.into_owned())
}

/// The SHA-256 of `body` in lowercase hex.
fn sha256_hex(body: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(body) {
        // Writing to a `String` cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// `url` with its port removed when it has one, or with the scheme's default port added
/// when it has none: the other form in which Twilio may have signed it.
fn with_port_toggled(url: &str) -> Result<String, WebhookError> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or(WebhookError::InvalidUrl("it has no scheme"))?;
    let is = |name: &str| scheme.eq_ignore_ascii_case(name);
    let default_port = if is("https") || is("wss") {
        443
    } else if is("http") || is("ws") {
        80
    } else {
        return Err(WebhookError::InvalidUrl(
            "its scheme is not http, https, ws or wss",
        ));
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    // A user name and password come before the host and may hold a colon of their own.
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_and_port = &authority[host_start..];
    // An IPv6 address has colons too; its port follows the closing bracket.
    let after_address = host_and_port.rfind(']').unwrap_or(0);
    let host_len = host_and_port[after_address..]
        .find(':')
        .map_or(host_and_port.len(), |colon| after_address + colon);
    if host_len == 0 {
        return Err(WebhookError::InvalidUrl("it has no host"));
    }
    let host_end = scheme.len() + "://".len() + host_start + host_len;
    let port = &host_and_port[host_len..];
    if port.is_empty() {
        return Ok(format!(
            "{}:{default_port}{}",
            &url[..host_end],
            &url[host_end..]
        ));
    }
    let digits = &port[1..];
    if !digits.bytes().all(|byte| byte.is_ascii_digit()) || digits.parse::<u16>().is_err() {
        return Err(WebhookError::InvalidUrl("its port is not a number"));
    }
    Ok(format!(
        "{}{}",
        &url[..host_end],
        &url[host_end + port.len()..]
    ))
}

/// The URL a request was sent to, as far as the request tells: its URI when absolute,
/// else `https://`, its `Host` header, and the URI's path and query.
fn request_url<B>(request: &http::Request<B>) -> Result<String, WebhookError> {
    let uri = request.uri();
    let path_and_query = uri.path_and_query().map_or("/", |path| path.as_str());
    let authority = match uri.authority() {
        Some(authority) => authority.as_str(),
        None => request
            .headers()
            .get(http::header::HOST)
            .and_then(|host| host.to_str().ok())
            .filter(|host| !host.is_empty())
            .ok_or(WebhookError::InvalidUrl(
                "the request has no Host header; pass the public URL",
            ))?,
    };
    // An origin-form URI does not tell the scheme. Twilio asks for https, and a server
    // behind a TLS terminator was reached by it too; an `http://` webhook passes its URL.
    let scheme = uri.scheme_str().unwrap_or("https");
    Ok(format!("{scheme}://{authority}{path_and_query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The vectors of Twilio's helper libraries: twilio-python's
    // tests/unit/test_request_validator.py and twilio-node's spec/validation.spec.js,
    // both with the auth token "12345".
    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const PARAMS: [(&str, &str); 5] = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
        ("Caller", "+14158675309"),
    ];
    const SIGNATURE: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    const BODY: &str = r#"{"property": "value", "boolean": true}"#;
    const BODY_SHA256: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    /// The signature of `URL` followed by `&bodySHA256=` and `BODY_SHA256`.
    const BODY_SIGNATURE: &str = "a9nBmqA0ju/hNViExpshrM61xv4=";

    fn validator() -> RequestValidator {
        RequestValidator::new(TOKEN)
    }

    fn json_url() -> String {
        format!("{URL}&bodySHA256={BODY_SHA256}")
    }

    /// `PARAMS` as Twilio sends them, form-encoded.
    const FORM: &str = "CallSid=CA1234567890ABCDE&Digits=1234&From=%2B14158675309\
                        &To=%2B18005551212&Caller=%2B14158675309";

    /// A request as a server sees it: an origin-form URI and a `Host` header.
    fn request(
        path: &str,
        content_type: Option<&str>,
        body: &str,
        signature: Option<&str>,
    ) -> http::Request<Vec<u8>> {
        let mut request = http::Request::post(path).header("Host", "mycompany.com");
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        if let Some(signature) = signature {
            request = request.header("X-Twilio-Signature", signature);
        }
        request.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn the_official_form_vector_signs_and_validates() {
        assert_eq!(validator().signature(URL, PARAMS), SIGNATURE);
        assert_eq!(validator().validate_form(URL, PARAMS, SIGNATURE), Ok(()));
        // The order the parameters come in makes no difference.
        let mut reversed = PARAMS;
        reversed.reverse();
        assert_eq!(validator().validate_form(URL, reversed, SIGNATURE), Ok(()));
        let map: std::collections::HashMap<String, String> = PARAMS
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        assert_eq!(validator().validate_form(URL, &map, SIGNATURE), Ok(()));
        assert_eq!(
            validator().validate_form_body(URL, FORM.as_bytes(), SIGNATURE),
            Ok(())
        );
    }

    #[test]
    fn the_official_port_vectors_validate() {
        let validator = validator();
        // An https URL with a port was signed without it.
        let with_port = URL.replace(".com", ".com:1234");
        assert_eq!(
            validator.validate_form(&with_port, PARAMS, SIGNATURE),
            Ok(())
        );
        // An http URL with a port, signed with it.
        let http_with_port = with_port.replace("https", "http");
        let signature = "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=";
        assert_eq!(
            validator.validate_form(&http_with_port, PARAMS, signature),
            Ok(())
        );
        // URLs without a port, signed with the default one.
        let signature = "kvajT1Ptam85bY51eRf/AJRuM3w=";
        assert_eq!(validator.validate_form(URL, PARAMS, signature), Ok(()));
        let http = URL.replace("https", "http");
        let signature = "0ZXoZLH/DfblKGATFgpif+LLRf4=";
        assert_eq!(validator.validate_form(&http, PARAMS, signature), Ok(()));
        // An explicit default port, signed without it.
        let with_443 = URL.replace(".com", ".com:443");
        assert_eq!(
            validator.validate_form(&with_443, PARAMS, SIGNATURE),
            Ok(())
        );
    }

    #[test]
    fn the_official_credential_vectors_validate() {
        let validator = validator();
        let with_credentials = "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2";
        let signature = "CukzLTc1tT5dXEDIHm/tKBanW10=";
        assert_eq!(
            validator.validate_form(with_credentials, PARAMS, signature),
            Ok(())
        );
        // The port goes after the host, not after the password.
        let signature = "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=";
        assert_eq!(
            validator.validate_form(with_credentials, PARAMS, signature),
            Ok(())
        );
        let with_user = "https://user@mycompany.com/myapp.php?foo=1&bar=2";
        let signature = "2YRLlVAflCqxaNicjMpJcSTgzSs=";
        assert_eq!(
            validator.validate_form(with_user, PARAMS, signature),
            Ok(())
        );
    }

    #[test]
    fn a_query_is_signed_as_given() {
        let url = format!("{URL}&Body=It's+amazing");
        let signature = "dsq4Ehbj6cs+KdTkpF5sSSplOWw=";
        assert_eq!(validator().validate_form(&url, PARAMS, signature), Ok(()));
    }

    #[test]
    fn repeated_parameters_count_each_value_once_in_order() {
        let validator = validator();
        let signature = "IK+Dwps556ElfBT0I3Rgjkr1wJU=";
        let params = [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
        ];
        assert_eq!(validator.signature(URL, params), signature);
        let body = b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234";
        assert_eq!(validator.validate_form_body(URL, body, signature), Ok(()));
        let signature = "83O6e2vORAoJHUNzJjDWN1jz+BA=";
        for addresses in [
            ["+1325xxxxxxx", "+1415xxxxxxx"],
            ["+1415xxxxxxx", "+1325xxxxxxx"],
        ] {
            let params = addresses.map(|address| ("MessagingBinding.Address", address));
            assert_eq!(validator.validate_form(URL, params, signature), Ok(()));
        }
    }

    #[test]
    fn the_official_json_vectors_validate() {
        let validator = validator();
        let url = json_url();
        assert_eq!(sha256_hex(BODY.as_bytes()), BODY_SHA256);
        assert_eq!(validator.signature(&url, [("", ""); 0]), BODY_SIGNATURE);
        assert_eq!(
            validator.validate_json(&url, BODY.as_bytes(), BODY_SIGNATURE),
            Ok(())
        );
        // The hash as the only query parameter.
        let url = format!("https://mycompany.com/myapp.php?bodySHA256={BODY_SHA256}");
        let signature = "y77kIzt2vzLz71DgmJGsen2scGs=";
        assert_eq!(
            validator.validate_json(&url, BODY.as_bytes(), signature),
            Ok(())
        );
        // An empty object, signed with the default port.
        let hash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
        let url = format!("{URL}&bodySHA256={hash}");
        let signature = "Ldidvp12m26NI7eqEvxnEpkd9Hc=";
        assert_eq!(validator.validate_json(&url, b"{}", signature), Ok(()));
    }

    #[test]
    fn changed_parameters_are_refused() {
        let validator = validator();
        let mut changed = PARAMS;
        changed[1].1 = "9999";
        assert_eq!(
            validator.validate_form(URL, changed, SIGNATURE),
            Err(WebhookError::SignatureMismatch)
        );
        let added = PARAMS.iter().copied().chain([("Extra", "1")]);
        assert_eq!(
            validator.validate_form(URL, added, SIGNATURE),
            Err(WebhookError::SignatureMismatch)
        );
        let removed = PARAMS.iter().copied().skip(1);
        assert_eq!(
            validator.validate_form(URL, removed, SIGNATURE),
            Err(WebhookError::SignatureMismatch)
        );
        let body = FORM.replace("Digits=1234", "Digits=1235");
        assert_eq!(
            validator.validate_form_body(URL, body.as_bytes(), SIGNATURE),
            Err(WebhookError::SignatureMismatch)
        );
        // Another query, another host or another scheme is another URL.
        for url in [
            "https://mycompany.com/myapp.php?foo=1&bar=3",
            "https://evil.example/myapp.php?foo=1&bar=2",
            "http://mycompany.com/myapp.php?foo=1&bar=2",
        ] {
            assert_eq!(
                validator.validate_form(url, PARAMS, SIGNATURE),
                Err(WebhookError::SignatureMismatch),
                "{url}"
            );
        }
    }

    #[test]
    fn a_changed_json_body_is_refused() {
        let validator = validator();
        let url = json_url();
        let changed = br#"{"property": "value", "boolean": false}"#;
        assert_eq!(
            validator.validate_json(&url, changed, BODY_SIGNATURE),
            Err(WebhookError::BodyHashMismatch)
        );
        // A hash changed in the URL to fit the new body breaks the signature.
        let url = format!("{URL}&bodySHA256={}", sha256_hex(changed));
        assert_eq!(
            validator.validate_json(&url, changed, BODY_SIGNATURE),
            Err(WebhookError::SignatureMismatch)
        );
        assert_eq!(
            validator.validate_json(URL, BODY.as_bytes(), SIGNATURE),
            Err(WebhookError::MissingBodyHash)
        );
    }

    #[test]
    fn bad_signatures_are_refused() {
        let validator = validator();
        for signature in [
            "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "RSOYDt4T1cUTdK1PDd93/VVr8B8",
            "RSOYDt4T1cUTdK1PDd93/VVr8B8= ",
            "rsoydt4t1cutdk1pdd93/vvr8b8=",
            "not base64!",
        ] {
            assert_eq!(
                validator.validate_form(URL, PARAMS, signature),
                Err(WebhookError::SignatureMismatch),
                "{signature}"
            );
        }
        assert_eq!(
            validator.validate_form(URL, PARAMS, ""),
            Err(WebhookError::MissingSignature)
        );
    }

    #[test]
    fn a_wrong_token_is_refused_and_a_secondary_token_accepted() {
        let wrong = RequestValidator::new("54321");
        assert_eq!(
            wrong.validate_form(URL, PARAMS, SIGNATURE),
            Err(WebhookError::SignatureMismatch)
        );
        let rotating = RequestValidator::new("54321").with_token(TOKEN);
        assert_eq!(rotating.validate_form(URL, PARAMS, SIGNATURE), Ok(()));
        let url = json_url();
        assert_eq!(
            rotating.validate_json(&url, BODY.as_bytes(), BODY_SIGNATURE),
            Ok(())
        );
        let request = request(
            "/myapp.php?foo=1&bar=2",
            Some("application/x-www-form-urlencoded"),
            FORM,
            Some(SIGNATURE),
        );
        assert_eq!(rotating.validate(&request, None), Ok(()));
        // The primary token still signs, and is the one `signature` uses.
        assert_eq!(
            validator().with_token("54321").signature(URL, PARAMS),
            SIGNATURE
        );
    }

    #[test]
    fn requests_are_read_whole() {
        let validator = validator();
        let form = Some("application/x-www-form-urlencoded; charset=utf-8");
        let path = "/myapp.php?foo=1&bar=2";
        assert_eq!(
            validator.validate(&request(path, form, FORM, Some(SIGNATURE)), None),
            Ok(())
        );
        let changed = FORM.replace("1234", "9999");
        assert_eq!(
            validator.validate(&request(path, form, &changed, Some(SIGNATURE)), None),
            Err(WebhookError::SignatureMismatch)
        );
        assert_eq!(
            validator.validate(&request(path, form, FORM, None), None),
            Err(WebhookError::MissingSignature)
        );
        // JSON, by the hash in the URL.
        let json = Some("application/json");
        let path = format!("/myapp.php?foo=1&bar=2&bodySHA256={BODY_SHA256}");
        let signed = request(&path, json, BODY, Some(BODY_SIGNATURE));
        assert_eq!(validator.validate(&signed, None), Ok(()));
        let changed = request(
            &path,
            json,
            r#"{"property": "other"}"#,
            Some(BODY_SIGNATURE),
        );
        assert_eq!(
            validator.validate(&changed, None),
            Err(WebhookError::BodyHashMismatch)
        );
        // A body that nothing signs is refused, whatever the signature.
        let unsigned = request("/myapp.php?foo=1&bar=2", json, BODY, Some(SIGNATURE));
        assert_eq!(
            validator.validate(&unsigned, None),
            Err(WebhookError::UnsignedBody)
        );
        // A GET: the query is all there is.
        let get = http::Request::get("/myapp.php?foo=1&bar=2")
            .header("Host", "mycompany.com")
            .header(
                "X-Twilio-Signature",
                validator.signature(URL, [("", ""); 0]),
            )
            .body(Vec::new())
            .unwrap();
        assert_eq!(validator.validate(&get, None), Ok(()));
    }

    #[test]
    fn a_public_url_stands_for_what_the_server_saw() {
        let validator = validator();
        // Behind a proxy: another host, plain http, another path.
        let seen = http::Request::post("http://10.0.0.7:8080/twilio/sms")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", SIGNATURE)
            .body(FORM)
            .unwrap();
        assert_eq!(
            validator.validate(&seen, None),
            Err(WebhookError::SignatureMismatch)
        );
        assert_eq!(validator.validate(&seen, Some(URL)), Ok(()));
        // An absolute URI (HTTP/2) is the URL as it is.
        let absolute = http::Request::post(URL)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", SIGNATURE)
            .body(FORM)
            .unwrap();
        assert_eq!(validator.validate(&absolute, None), Ok(()));
        let no_host = http::Request::post("/myapp.php")
            .header("X-Twilio-Signature", SIGNATURE)
            .body("")
            .unwrap();
        assert!(matches!(
            validator.validate(&no_host, None),
            Err(WebhookError::InvalidUrl(_))
        ));
    }

    #[test]
    fn form_bodies_decode_plus_and_percent() {
        let validator = validator();
        let params = [("Body", "It's a + b ñ"), ("Empty", ""), ("From", "+1")];
        let signature = validator.signature(URL, params);
        let body = b"Body=It%27s+a+%2B+b+%C3%B1&Empty=&From=%2B1";
        assert_eq!(validator.validate_form_body(URL, body, &signature), Ok(()));
        assert_eq!(
            validator.validate_form_body(
                URL,
                b"Body=It%27s+a+++b+%C3%B1&Empty=&From=%2B1",
                &signature
            ),
            Err(WebhookError::SignatureMismatch)
        );
    }

    #[test]
    fn the_port_is_toggled_after_the_host() {
        let cases = [
            ("https://a.example/p", "https://a.example:443/p"),
            ("http://a.example", "http://a.example:80"),
            ("wss://a.example?x=1", "wss://a.example:443?x=1"),
            ("HTTPS://a.example#f", "HTTPS://a.example:443#f"),
            ("https://a.example:8443/p", "https://a.example/p"),
            ("https://u:p@a.example/p", "https://u:p@a.example:443/p"),
            ("https://u:p@a.example:1/p", "https://u:p@a.example/p"),
            ("https://[::1]/p", "https://[::1]:443/p"),
            ("https://[::1]:8443/p", "https://[::1]/p"),
        ];
        for (url, toggled) in cases {
            assert_eq!(with_port_toggled(url).as_deref(), Ok(toggled), "{url}");
        }
        for url in [
            "mycompany.com/myapp.php",
            "ftp://a.example/p",
            "https:///p",
            "https://u@:1/p",
            "https://a.example:/p",
            "https://a.example:x/p",
            "https://a.example:99999/p",
        ] {
            assert!(
                matches!(with_port_toggled(url), Err(WebhookError::InvalidUrl(_))),
                "{url}"
            );
        }
        assert!(matches!(
            validator().validate_form("/myapp.php", PARAMS, SIGNATURE),
            Err(WebhookError::InvalidUrl(_))
        ));
    }

    #[test]
    fn tokens_come_from_the_environment() {
        fn vars(
            primary: Option<&'static str>,
            secondary: Option<&'static str>,
        ) -> impl Fn(&str) -> Option<String> {
            move |name| match name {
                "TWILIO_AUTH_TOKEN" => primary.map(str::to_owned),
                "TWILIO_SECONDARY_AUTH_TOKEN" => secondary.map(str::to_owned),
                _ => None,
            }
        }
        let validator = RequestValidator::from_variables(vars(Some(TOKEN), None)).unwrap();
        assert_eq!(validator.validate_form(URL, PARAMS, SIGNATURE), Ok(()));
        let rotating = RequestValidator::from_variables(vars(Some("54321"), Some(TOKEN))).unwrap();
        assert_eq!(rotating.validate_form(URL, PARAMS, SIGNATURE), Ok(()));
        let missing = RequestValidator::from_variables(vars(None, Some(TOKEN))).unwrap_err();
        assert!(
            matches!(&missing, Error::Config(message) if message.contains("TWILIO_AUTH_TOKEN"))
        );
    }

    #[test]
    fn debug_output_and_errors_never_show_a_token() {
        let validator = RequestValidator::new("very-secret-token").with_token("other-secret");
        let debug = format!("{validator:?}");
        assert_eq!(
            debug,
            r#"RequestValidator { auth_tokens: ["<redacted>", "<redacted>"] }"#
        );
        let error = validator
            .validate_form(URL, PARAMS, SIGNATURE)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("secret"), "{error}");
    }
}
