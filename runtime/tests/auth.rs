//! Authentication by the document's security schemes, as a mock server on 127.0.0.1
//! receives it: bearer tokens, token providers, Basic auth and API keys in a header, the
//! query or a cookie, chosen by the requirements of each operation. The stand-in
//! document (`src/spec.rs`) declares `basicAuth`, `bearerAuth`, `headerKey` (`X-Api-Key`),
//! `queryKey` (`api_key`) and `cookieKey` (`session`), and asks for `bearerAuth`, else
//! `basicAuth`, else `headerKey`. Twilio's `auth` module (the `twilio` feature) has its
//! own tests.

#![cfg(not(feature = "twilio"))]

use runtime::runtime::call::Call;
use runtime::{Client, ClientBuilder, Error, RetryPolicy};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with 204.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// A builder of a client of `server`, with quick retries.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .allow_http(true)
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
}

fn get() -> Call {
    Call::new("FetchThing", reqwest::Method::GET, "/v1/Things", &[])
}

/// The requests the server received.
async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The values of the header `name` of `request`, as text.
fn headers(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect()
}

/// Sends `call` with `client` and returns the one request the server received.
async fn send(server: &MockServer, client: &Client, call: Call) -> Request {
    client.send_empty(call).await.expect("sent");
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1);
    requests.pop().unwrap()
}

#[tokio::test]
async fn a_bearer_token_and_basic_auth_go_in_the_authorization_header() {
    let server = server().await;
    let client = builder(&server).bearer_token("t0ken").build().unwrap();
    let request = send(&server, &client, get()).await;
    assert_eq!(headers(&request, "authorization"), ["Bearer t0ken"]);

    let server = self::server().await;
    let client = builder(&server).basic_auth("user", "pass").build().unwrap();
    let request = send(&server, &client, get()).await;
    assert_eq!(headers(&request, "authorization"), ["Basic dXNlcjpwYXNz"]);
}

#[tokio::test]
async fn api_keys_go_in_a_header_the_query_or_a_cookie() {
    let keys = |server: &MockServer| {
        builder(server)
            .api_key_for("headerKey", "h3ader")
            .api_key_for("queryKey", "qu3ry")
            .api_key_for("cookieKey", "c00kie")
            .build()
            .unwrap()
    };
    let server = server().await;
    let request = send(&server, &keys(&server), get()).await;
    assert_eq!(headers(&request, "x-api-key"), ["h3ader"]);
    assert_eq!(request.url.query(), None);
    assert!(headers(&request, "cookie").is_empty());

    let server = self::server().await;
    let mut call = get().with_security(&[&["queryKey"]]);
    call.query("PageSize", 5);
    let request = send(&server, &keys(&server), call).await;
    assert_eq!(request.url.query(), Some("PageSize=5&api_key=qu3ry"));
    assert!(headers(&request, "x-api-key").is_empty());

    // A key cookie joins the cookie parameters in the one `Cookie` header.
    let server = self::server().await;
    let mut call = get().with_security(&[&["cookieKey"]]);
    call.cookie("theme", &"dark");
    let request = send(&server, &keys(&server), call).await;
    assert_eq!(headers(&request, "cookie"), ["theme=dark; session=c00kie"]);
    let server = self::server().await;
    let call = get().with_security(&[&["cookieKey"]]);
    let request = send(&server, &keys(&server), call).await;
    assert_eq!(headers(&request, "cookie"), ["session=c00kie"]);

    // `api_key` needs the only API key scheme; the stand-in has three.
    let message = match builder(&server).api_key("k3y").build() {
        Err(Error::Config(message)) => message,
        other => panic!("expected Error::Config, got {other:?}"),
    };
    assert!(message.contains("api_key_for"), "{message}");
    assert!(!message.contains("k3y"), "{message}");
    assert!(matches!(
        builder(&server).api_key_for("nope", "k3y").build(),
        Err(Error::Config(_))
    ));
}

#[tokio::test]
async fn each_operation_sends_what_its_requirements_ask_for() {
    let client = |server: &MockServer| {
        builder(server)
            .bearer_token("t0ken")
            .api_key_for("headerKey", "h3ader")
            .build()
            .unwrap()
    };
    // The document's requirements: the bearer token, the first that can be met.
    let server = server().await;
    let request = send(&server, &client(&server), get()).await;
    assert_eq!(headers(&request, "authorization"), ["Bearer t0ken"]);
    assert!(headers(&request, "x-api-key").is_empty());

    // An operation that asks for another scheme gets it instead.
    let server = self::server().await;
    let call = get().with_security(&[&["headerKey"]]);
    let request = send(&server, &client(&server), call).await;
    assert!(headers(&request, "authorization").is_empty());
    assert_eq!(headers(&request, "x-api-key"), ["h3ader"]);

    // `security: []` sends no credentials at all.
    let server = self::server().await;
    let call = get().with_security(&[]);
    let request = send(&server, &client(&server), call).await;
    assert!(headers(&request, "authorization").is_empty());
    assert!(headers(&request, "x-api-key").is_empty());

    // Credentials when there are some, else none (`{}`).
    let server = self::server().await;
    let call = get().with_security(&[&[], &["headerKey"]]);
    let request = send(&server, &client(&server), call).await;
    assert_eq!(headers(&request, "x-api-key"), ["h3ader"]);
    let server = self::server().await;
    let call = get().with_security(&[&[], &["basicAuth"]]);
    let request = send(&server, &client(&server), call).await;
    assert!(headers(&request, "authorization").is_empty());
}

#[tokio::test]
async fn without_credentials_the_request_goes_without_and_the_answer_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"message": "who?"}"#))
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    match client.send_empty(get()).await {
        Err(Error::Api(error)) => assert_eq!(error.status, 401),
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let requests = received(&server).await;
    assert!(headers(&requests[0], "authorization").is_empty());
}

#[tokio::test]
async fn a_token_provider_is_asked_before_each_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let client = builder(&server)
        .token_provider(move || {
            let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(format!("token-{n}")) }
        })
        .build()
        .unwrap();
    client.send_empty(get()).await.expect("the retry succeeds");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let sent: Vec<Vec<String>> = received(&server)
        .await
        .iter()
        .map(|request| headers(request, "authorization"))
        .collect();
    assert_eq!(sent, [["Bearer token-1"], ["Bearer token-2"]]);
}

#[tokio::test]
async fn a_failing_token_provider_stops_the_request_before_it_is_sent() {
    let server = server().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let client = builder(&server)
        .token_provider(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Err("the identity provider is down".into()) }
        })
        .build()
        .unwrap();
    match client.send_empty(get()).await {
        Err(Error::Credentials { operation, source }) => {
            assert_eq!(operation, "FetchThing");
            assert_eq!(source.to_string(), "the identity provider is down");
        }
        other => panic!("expected Error::Credentials, got {other:?}"),
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1, "not retried");
    assert!(received(&server).await.is_empty());

    // A token that cannot be sent in a header is refused the same way.
    let client = builder(&server)
        .token_provider(|| async { Ok("line\nbreak".to_owned()) })
        .build()
        .unwrap();
    let error = client.send_empty(get()).await.unwrap_err();
    assert!(matches!(error, Error::Credentials { .. }), "{error:?}");
    assert!(!error.to_string().contains("line\nbreak"), "{error}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn secrets_show_neither_in_debug_output_nor_in_errors() {
    // Nothing listens on port 1: the connection is refused, and the error names the URL.
    let builder = || {
        Client::builder()
            .base_url("http://127.0.0.1:1")
            .allow_http(true)
            .retry(RetryPolicy::none())
            .bearer_token("token-secret")
            .basic_auth("user-secret", "password-secret")
            .api_key_for("queryKey", "query-secret")
    };
    let client = builder().build().unwrap();
    let call = get().with_security(&[&["queryKey"]]);
    let error = client.send_empty(call).await.unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    let shown = format!("{:?} {client:?} {error:?} {error}", builder());
    for secret in [
        "token-secret",
        "user-secret",
        "password-secret",
        "query-secret",
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("127.0.0.1:1/v1/Things"), "{shown}");
}

/// The only test of this binary that touches the environment.
#[tokio::test]
async fn credentials_come_from_the_prefixed_environment_variables() {
    let variables = [
        ("EXAMPLE_TOKEN", "env-token"),
        ("EXAMPLE_USERNAME", "env-user"),
        ("EXAMPLE_PASSWORD", ""),
        ("EXAMPLE_HEADER_KEY", "env-header"),
        ("EXAMPLE_QUERY_KEY", "env-query"),
        ("EXAMPLE_COOKIE_KEY", ""),
        ("EXAMPLE_API_KEY", "not-read-with-several-key-schemes"),
    ];
    let saved: Vec<(&str, Option<std::ffi::OsString>)> = variables
        .iter()
        .map(|(name, _)| (*name, std::env::var_os(name)))
        .collect();
    for (name, value) in variables {
        std::env::set_var(name, value);
    }
    let server = server().await;
    let client = builder(&server).credentials_from_env().build();
    let shown = format!("{client:?}");
    for (name, value) in saved {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
    let client = client.expect("unset and empty variables are not errors");
    assert!(!shown.contains("env-"), "{shown}");
    const BASIC: &[&[&str]] = &[&["basicAuth"]];
    const HEADER_KEY: &[&[&str]] = &[&["headerKey"]];
    for (security, header, want) in [
        (None, "authorization", "Bearer env-token"),
        (Some(BASIC), "authorization", "Basic ZW52LXVzZXI6"),
        (Some(HEADER_KEY), "x-api-key", "env-header"),
    ] {
        let mut call = get();
        if let Some(security) = security {
            call = call.with_security(security);
        }
        client.send_empty(call).await.expect("sent");
        let requests = received(&server).await;
        assert_eq!(headers(requests.last().unwrap(), header), [want]);
    }
    let call = get().with_security(&[&["queryKey"]]);
    client.send_empty(call).await.expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        requests.last().unwrap().url.query(),
        Some("api_key=env-query")
    );
    // `EXAMPLE_COOKIE_KEY` is empty, so unset: the cookie key cannot be sent.
    let call = get().with_security(&[&["cookieKey"]]);
    client.send_empty(call).await.expect("sent");
    let requests = received(&server).await;
    assert!(headers(requests.last().unwrap(), "cookie").is_empty());
}
