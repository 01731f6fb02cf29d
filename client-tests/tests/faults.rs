//! The client against servers that fail: refused connections, connections reset or closed
//! mid-body, stalls past the timeout, 5xx and 429 answers (retried or not, by method),
//! `Retry-After`, Twilio and HTML error bodies, malformed and oversized bodies, and page
//! links that loop. Servers are wiremock on 127.0.0.1, or raw TCP servers (below) where
//! the fault is below HTTP. Nothing may panic; each fault yields the error its test
//! names, and a failure that is not retried is sent exactly once. (A `next_page_url` on
//! another host is `tests/client.rs`'
//! `next_page_links_to_another_origin_are_refused_before_sending`.)
//!
//! Also here: what every request carries and what the client shows of itself, which
//! belong with the faults because they are the same production settings: the
//! `User-Agent`, plain http refused without permission, the API key secret never shown,
//! and the `tracing` spans and deprecation warnings.
//!
//! Retries use a policy with backoffs of a few milliseconds, so the tests stay fast.

mod common;

use common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use twilio_assistants::models::AssistantId;
use twilio_assistants::{Client, Error, NextPage, RetryPolicy};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ------------------------------------------------------------------------- helpers

/// The default policy (3 attempts) with backoffs of at most a few milliseconds.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

/// A client for `base_url` (plain http on 127.0.0.1) with the test credentials and
/// `policy`.
fn client(base_url: impl Into<String>, policy: RetryPolicy) -> Client {
    Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(base_url)
        .allow_http(true)
        .retry(policy)
        .build()
        .expect("a client")
}

/// A raw HTTP server on 127.0.0.1: `handler` gets each connection with its number (0
/// for the first); `connections` counts them.
struct RawServer {
    uri: String,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(usize, TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let number = counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handler(number, stream));
            }
        });
        RawServer {
            uri: format!("http://{address}"),
            connections,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads one request (head and `Content-Length` body) from `stream`.
async fn read_request(stream: &mut TcpStream) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
        let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        if received.len() >= end + 4 + length {
            return;
        }
    }
}

/// The head of a 200 JSON response that announces `length` body bytes.
fn head_200(length: usize) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}

/// Answers with a whole 200 response carrying `body`.
async fn answer_200(stream: &mut TcpStream, body: &str) {
    let response = head_200(body.len()) + body;
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Answers with the head of a 200 response and the first part of its body, then waits so
/// that the client has read them.
async fn answer_part(stream: &mut TcpStream) {
    let body = fetched_json("aia_asst_1", "Support").to_string();
    let response = head_200(body.len()) + &body[..body.len() / 3];
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.flush().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// An Assistant as `FetchAssistant` returns it: with its (here empty) Tools and
/// Knowledge.
fn fetched_json(id: &str, name: &str) -> serde_json::Value {
    let mut assistant = assistant_json(id, name);
    assistant["tools"] = json!([]);
    assistant["knowledge"] = json!([]);
    assistant
}

/// A Twilio error body.
fn twilio_error(code: u16, message: &str, status: u16) -> String {
    json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status
    })
    .to_string()
}

// ------------------------------------------------------------------ connections

/// Connection refused: the connection was never opened, so the request was never sent
/// and even a POST is retried; after the last attempt the error is
/// `TooManyRetries { attempts: 3, last: Connection }` (with `source.is_connect()`).
/// Without retries it is `Connection` itself.
#[tokio::test]
async fn connection_refused_is_retried_even_for_post_then_reported() {
    let base = format!("http://127.0.0.1:{}", closed_port());
    let retrying = client(&base, fast_retries());
    let get = retrying.assistants().list().send().await;
    let post = retrying.assistants().create("Support").send().await;
    for (result, operation) in [
        (get.map(drop), "ListAssistants"),
        (post.map(drop), "CreateAssistant"),
    ] {
        match result {
            Err(Error::TooManyRetries {
                operation: name,
                attempts: 3,
                last,
            }) => {
                assert_eq!(name, operation);
                assert!(
                    matches!(&*last, Error::Connection { source, .. } if source.is_connect()),
                    "{last:?}"
                );
            }
            other => panic!("{operation}: expected TooManyRetries, got {other:?}"),
        }
    }

    let error = client(&base, RetryPolicy::none())
        .assistants()
        .list()
        .send()
        .await
        .expect_err("nothing listens");
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert!(
        matches!(&error, Error::Connection { operation: "ListAssistants", source } if source.is_connect()),
        "{error:?}"
    );
}

/// A connection reset in the middle of the body is `Error::Connection` (not a connect
/// error: the request reached the server). A POST is not sent again (one connection);
/// a GET is, and succeeds on the second connection.
#[tokio::test]
async fn a_reset_mid_body_is_a_connection_error_and_only_a_get_is_resent() {
    let resetting = |_, mut stream: TcpStream| async move {
        read_request(&mut stream).await;
        answer_part(&mut stream).await;
        // Closing with a zero linger time sends a reset instead of a clean close.
        let _ = stream.set_zero_linger();
    };
    let server = RawServer::start(resetting).await;
    let error = client(&server.uri, fast_retries())
        .assistants()
        .create("Support")
        .send()
        .await
        .expect_err("the connection is reset");
    match &error {
        Error::Connection { operation, source } => {
            assert_eq!(*operation, "CreateAssistant");
            assert!(!source.is_connect(), "{source:?}");
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
    assert_eq!(
        server.connections(),
        1,
        "a POST is never resent after a reset"
    );

    // The GET: reset on the first connection, answered on the second.
    let body = fetched_json("aia_asst_1", "Support").to_string();
    let server = RawServer::start(move |number, mut stream| {
        let body = body.clone();
        async move {
            if number == 0 {
                resetting(number, stream).await;
            } else {
                read_request(&mut stream).await;
                answer_200(&mut stream, &body).await;
            }
        }
    })
    .await;
    let assistant = client(&server.uri, fast_retries())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("the GET is resent after the reset and succeeds");
    assert_eq!(assistant.id, "aia_asst_1");
    assert_eq!(server.connections(), 2);
}

/// A server that sends nothing, or the head and part of the body, and then stalls: the
/// request timeout ends the attempt with `Error::Timeout` in both cases (the timeout
/// covers the body). A GET is retried after a timeout: with 3 attempts it ends as
/// `TooManyRetries { attempts: 3, last: Timeout }` after 3 connections.
#[tokio::test]
async fn a_server_that_stalls_past_the_timeout_times_out() {
    let timeout = Duration::from_millis(250);
    let builder = |uri: &str, policy| {
        Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(uri)
            .allow_http(true)
            .timeout(timeout)
            .retry(policy)
            .build()
            .expect("a client")
    };

    // No answer at all.
    let silent = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let started = Instant::now();
    let error = builder(&silent.uri, RetryPolicy::none())
        .assistants()
        .list()
        .send()
        .await
        .expect_err("the server never answers");
    assert!(started.elapsed() >= timeout);
    assert!(
        matches!(&error, Error::Timeout { operation: "ListAssistants", source } if source.is_timeout()),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(silent.connections(), 1);

    // The head and a third of the body, then nothing.
    let stalling = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        answer_part(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let error = builder(&stalling.uri, fast_retries())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("the body never ends");
    match &error {
        Error::TooManyRetries {
            operation: "FetchAssistant",
            attempts: 3,
            last,
        } => assert!(
            matches!(**last, Error::Timeout { .. }),
            "the body read timed out: {last:?}"
        ),
        other => panic!("expected TooManyRetries, got {other:?}"),
    }
    assert_eq!(stalling.connections(), 3);
}

/// A body that ends early (the server closes the connection cleanly after a third of
/// the announced `Content-Length`) is `Error::Connection`, not a decode error of the
/// partial JSON.
#[tokio::test]
async fn a_truncated_body_is_a_connection_error() {
    let server = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        answer_part(&mut stream).await;
        let _ = stream.shutdown().await;
    })
    .await;
    let error = client(&server.uri, RetryPolicy::none())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("the body is incomplete");
    match &error {
        Error::Connection { operation, source } => {
            assert_eq!(*operation, "FetchAssistant");
            assert!(!source.is_connect(), "{source:?}");
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.starts_with("`FetchAssistant` failed: connection error: "),
        "{shown}"
    );
    assert_eq!(server.connections(), 1);
}

// ------------------------------------------------------------------- HTTP answers

/// A GET answered 500 and then 200 is retried once and succeeds: exactly 2 requests.
#[tokio::test]
async fn a_get_answered_500_then_200_is_retried_once() {
    let server = MockServer::start().await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(
            500,
            &twilio_error(20500, "Internal Server Error", 500),
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fetched_json("aia_asst_1", "Support")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let assistant = client(server.uri(), fast_retries())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(assistant.id, "aia_asst_1");
    assert_eq!(assistant.name, "Support");
}

/// A POST answered 500 is not retried (it may have been carried out): `Error::Api`
/// with status 500 after exactly 1 request.
#[tokio::test]
async fn a_post_answered_500_is_not_retried() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants")
        .respond_with(json_response(
            500,
            &twilio_error(20500, "Internal Server Error", 500),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(server.uri(), fast_retries())
        .assistants()
        .create("Support")
        .send()
        .await
        .expect_err("the server fails");
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 500);
            assert_eq!(api.operation, "CreateAssistant");
            assert_eq!(api.code, Some(20500));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(
        error.is_retryable(),
        "retryable in itself, but not for a POST"
    );
}

/// A 503 with `Retry-After: 1` is retried after waiting about a second (the wait is
/// the server's, not the policy's few milliseconds), and the retry succeeds.
#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(
            json_response(503, &twilio_error(20503, "Service Unavailable", 503))
                .insert_header("Retry-After", "1"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fetched_json("aia_asst_1", "Support")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    client(
        server.uri(),
        fast_retries().max_backoff(Duration::from_secs(5)),
    )
    .assistants()
    .fetch(id::<AssistantId>("aia_asst_1"))
    .send()
    .await
    .expect("the retry succeeds");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

/// 429 on every attempt: a GET and a POST are both retried (429 means the request was
/// not carried out), and give up after the policy's 3 attempts with
/// `TooManyRetries { attempts: 3, last: Api(429) }`; `status()` is the last status.
#[tokio::test]
async fn a_429_that_never_ends_gives_up_after_max_attempts() {
    let server = MockServer::start().await;
    let limited = || {
        json_response(429, &twilio_error(20429, "Too Many Requests", 429))
            .insert_header("Twilio-Request-Id", "RQ429")
    };
    api("GET", "/v1/Assistants")
        .respond_with(limited())
        .expect(3)
        .mount(&server)
        .await;
    api("POST", "/v1/Assistants")
        .respond_with(limited())
        .expect(3)
        .mount(&server)
        .await;

    let client = client(server.uri(), fast_retries());
    let list = client.assistants().list().send().await.map(drop);
    let create = client.assistants().create("Support").send().await.map(drop);
    for (result, operation) in [(list, "ListAssistants"), (create, "CreateAssistant")] {
        let error = result.expect_err("always 429");
        assert_eq!(error.status(), Some(429), "{error:?}");
        assert_eq!(error.request_id(), Some("RQ429"));
        match &error {
            Error::TooManyRetries {
                operation: name,
                attempts: 3,
                last,
            } => {
                assert_eq!(*name, operation);
                assert!(
                    matches!(&**last, Error::Api(api) if api.code == Some(20429)),
                    "{last:?}"
                );
            }
            other => panic!("expected TooManyRetries, got {other:?}"),
        }
        assert!(
            error.to_string().contains("gave up after 3 attempt(s)"),
            "{error}"
        );
    }
}

/// A 400 with Twilio's error body is `Error::Api` with the code, message and
/// documentation link, after 1 request (a 4xx is never retried).
#[tokio::test]
async fn a_400_with_a_twilio_error_body_is_an_api_error() {
    let server = MockServer::start().await;
    api("GET", "/v1/Assistants")
        .respond_with(json_response(
            400,
            &twilio_error(20001, "Invalid PageSize", 400),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(server.uri(), fast_retries())
        .assistants()
        .list()
        .send()
        .await
        .expect_err("the request is refused");
    assert!(!error.is_retryable());
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 400);
            assert_eq!(api.code, Some(20001));
            assert_eq!(api.message.as_deref(), Some("Invalid PageSize"));
            assert_eq!(
                api.more_info.as_deref(),
                Some("https://www.twilio.com/docs/errors/20001")
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "`ListAssistants` failed with HTTP 400: Twilio error 20001: Invalid PageSize (https://www.twilio.com/docs/errors/20001)"
    );
}

/// A 404 with an HTML body (a proxy's page) is `Error::Api` without a Twilio code; the
/// body is kept whole and shown shortened; 1 request.
#[tokio::test]
async fn a_404_with_an_html_body_is_an_api_error_that_keeps_the_body() {
    let server = MockServer::start().await;
    let html = format!(
        "<html><body><h1>Not Found</h1>{}</body></html>",
        "<p>x</p>".repeat(100)
    );
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(404).set_body_raw(html.clone(), "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(server.uri(), fast_retries())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("not found");
    assert!(error.is_not_found());
    match &error {
        Error::Api(api) => {
            assert_eq!(api.code, None);
            assert_eq!(api.body, html);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.starts_with("`FetchAssistant` failed with HTTP 404: <html>"),
        "{shown}"
    );
    assert!(
        shown.ends_with(&format!("({} bytes in all)", html.len())),
        "{shown}"
    );
}

/// A 200 whose body is not JSON is `Error::Decode` with the body; it is not retried.
#[tokio::test]
async fn a_200_with_malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(200, r#"{"id": "aia_asst_1", "name": "#))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(server.uri(), fast_retries())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("the body is cut off");
    match &error {
        Error::Decode(decode) => {
            assert_eq!(decode.status, 200);
            assert_eq!(decode.operation, "FetchAssistant");
            assert_eq!(decode.body, r#"{"id": "aia_asst_1", "name": "#);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(!error.is_retryable());
}

/// A body above the client's size limit is `Error::ResponseTooLarge`, whether its length
/// is announced (refused before reading) or it streams without end (reading stops at
/// the limit: the client is not filled up); error bodies are limited too. 1 request.
#[tokio::test]
async fn a_body_above_the_size_cap_is_refused() {
    let limited = |uri: &str| {
        Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(uri)
            .allow_http(true)
            .retry(fast_retries())
            .max_response_bytes(4096)
            .build()
            .expect("a client")
    };
    let server = MockServer::start().await;
    let big = fetched_json("aia_asst_1", &"x".repeat(5000)).to_string();
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(200, &big))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_2")
        .respond_with(json_response(503, &big))
        .expect(1)
        .mount(&server)
        .await;
    let small = fetched_json("aia_asst_3", "Support").to_string();
    assert!(small.len() < 4096);
    api("GET", "/v1/Assistants/aia_asst_3")
        .respond_with(json_response(200, &small))
        .expect(1)
        .mount(&server)
        .await;

    let client = limited(&server.uri());
    for name in ["aia_asst_1", "aia_asst_2"] {
        let error = client
            .assistants()
            .fetch(id::<AssistantId>(name))
            .send()
            .await
            .expect_err("too large");
        assert!(
            matches!(
                error,
                Error::ResponseTooLarge {
                    operation: "FetchAssistant",
                    limit: 4096
                }
            ),
            "{error:?}"
        );
    }
    client
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_3"))
        .send()
        .await
        .expect("a body under the limit is read");

    // A chunked body without end and without a length.
    let written = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&written);
    let endless = RawServer::start(move |_, mut stream| {
        let counter = Arc::clone(&counter);
        async move {
            read_request(&mut stream).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = format!("400\r\n{}\r\n", " ".repeat(0x400));
            // Writing stops when the client has closed the connection; the bound only
            // keeps a broken client from running the test forever.
            while counter.load(Ordering::SeqCst) < 256 * 1024 * 1024 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
                counter.fetch_add(chunk.len(), Ordering::SeqCst);
            }
        }
    })
    .await;
    let error = limited(&endless.uri)
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 4096, .. }),
        "{error:?}"
    );
    assert_eq!(endless.connections(), 1, "too large is not retried");
}

// ------------------------------------------------------------------------- paging

/// A page whose next link was already followed, or whose page token was already used,
/// ends the stream with `Error::PageLoop` after the items already received, instead of
/// requesting pages forever. The token of a page's next page can be read to resume later.
#[tokio::test]
async fn a_next_page_link_that_repeats_stops_paging() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    let again = format!("{list}?PageToken=PT1");
    api("GET", "/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "first")],
            "meta": meta_json("tools", &list, 0, 1, Some(&again))
        })))
        .expect(2)
        .mount(&server)
        .await;
    // The same link again.
    api("GET", "/v1/Tools")
        .and(query_is(&[("PageToken", "PT1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "second")],
            "meta": meta_json("tools", &list, 1, 1, Some(&again))
        })))
        .expect(2)
        .mount(&server)
        .await;
    // The same token in another link, from a request that resumed with a token.
    api("GET", "/v1/Tools")
        .and(query_is(&[("PageToken", "PT9")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_3", "third")],
            "meta": meta_json("tools", &list, 1, 1, Some(&format!("{list}?Page=2&PageToken=PT9")))
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(server.uri(), RetryPolicy::none());
    let streamed: Vec<_> = client.tools().list().stream().collect().await;
    assert_eq!(streamed.len(), 3, "{streamed:?}");
    assert!(matches!(&streamed[0], Ok(tool) if tool.id == "aia_tool_1"));
    assert!(matches!(&streamed[1], Ok(tool) if tool.id == "aia_tool_2"));
    match &streamed[2] {
        Err(Error::PageLoop { operation, url }) => {
            assert_eq!(*operation, "ListTools");
            assert_eq!(url, &again);
        }
        other => panic!("expected Error::PageLoop, got {other:?}"),
    }

    let pages: Vec<_> = client
        .tools()
        .list()
        .page_token("PT9")
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(
        matches!(&pages[1], Err(Error::PageLoop { url, .. }) if url.ends_with("Page=2&PageToken=PT9")),
        "{pages:?}"
    );

    // The first page tells the token of the next one.
    let first = client.tools().list().send().await.expect("the first page");
    assert_eq!(first.next_page_token().as_deref(), Some("PT1"));
    assert_eq!(first.next_page_link(), Some(again.as_str()));
    assert_eq!(
        twilio_assistants::page_token(&again).as_deref(),
        Some("PT1")
    );
    let ids: Vec<_> = client
        .tools()
        .list()
        .page_token(first.next_page_token().unwrap_or_default())
        .stream()
        .take(1)
        .map_ok(|tool| tool.id)
        .try_collect()
        .await
        .expect("resumed at the second page");
    assert_eq!(ids, ["aia_tool_2"]);
}

// ------------------------------------------------------- identity and configuration

/// Every request carries `User-Agent: twilio-assistants/VERSION (OS ARCH) rust spec/SHA`,
/// SHA being the first 12 digits of the spec fingerprint, and the caller's suffix.
#[tokio::test]
async fn the_user_agent_names_crate_platform_spec_and_suffix() {
    let server = MockServer::start().await;
    // The crate's version moves with `cargo xtask generate --bump`.
    let version = include_str!("../../generated/Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = "))
        .expect("a version")
        .trim_matches('"');
    let user_agent = format!(
        "twilio-assistants/{version} ({} {}) rust spec/{} my-app/1.2",
        std::env::consts::OS,
        std::env::consts::ARCH,
        &twilio_assistants::spec::SHA256[..12]
    );
    api("DELETE", "/v1/Assistants/aia_asst_1")
        .and(header("user-agent", user_agent.as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(server.uri())
        .allow_http(true)
        .user_agent_suffix("my-app/1.2")
        .build()
        .expect("a client");
    assert_eq!(client.user_agent(), user_agent);
    client
        .assistants()
        .delete(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("the user agent matches");
}

/// A plain http base URL is refused unless `allow_http(true)` says so, on this machine
/// too: the credentials would travel unencrypted.
#[test]
fn plain_http_needs_permission() {
    for base in [
        "http://127.0.0.1:4010",
        "http://example.com",
        "http://[::1]:1",
    ] {
        match Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(base)
            .build()
        {
            Err(Error::Config(message)) => {
                assert!(message.contains("allow_http"), "{message}");
                assert!(!message.contains(AUTH_TOKEN), "{message}");
            }
            other => panic!("{base}: expected Error::Config, got {other:?}"),
        }
        let allowed = Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(base)
            .allow_http(true)
            .build()
            .expect("allowed");
        assert_eq!(allowed.base_url(), base);
    }
}

/// With an API key, Basic auth uses the key SID and secret, `account_sid()` is the
/// account's, and the secret appears neither in the debug output of the client and its
/// builder nor in the errors of its requests (an API error, a refused connection).
#[tokio::test]
async fn an_api_key_authenticates_and_its_secret_is_never_shown() {
    const KEY_SID: &str = "SKcccccccccccccccccccccccccccccccc";
    const SECRET: &str = "api-key-secret-for-tests";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/Assistants/aia_asst_1"))
        .and(wiremock::matchers::basic_auth(KEY_SID, SECRET))
        .respond_with(json_response(
            401,
            &twilio_error(20003, "Authentication Error", 401),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let builder = |uri: String| {
        Client::builder()
            .api_key(KEY_SID, SECRET)
            .account_sid(ACCOUNT_SID)
            .base_url(uri)
            .allow_http(true)
            .retry(fast_retries())
    };
    let mut shown = format!("{:?}", builder(server.uri()));
    let client = builder(server.uri()).build().expect("a client");
    assert_eq!(client.account_sid(), ACCOUNT_SID);
    let error = client
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("401");
    assert_eq!(error.status(), Some(401));
    let refused = builder(format!("http://127.0.0.1:{}", closed_port()))
        .build()
        .expect("a client")
        .assistants()
        .create("Support")
        .send()
        .await
        .expect_err("refused");
    shown += &format!("{client:?} {error:?} {error} {refused:?} {refused}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains(KEY_SID),
        "the key SID is not secret: {shown}"
    );
}

// ------------------------------------------------------------------------ tracing

/// A `tracing` subscriber for the whole test binary that keeps what each thread logged
/// in that thread's own list, so that tests running in parallel do not see each other's
/// lines (`#[tokio::test]` runs a test on its own thread).
mod capture {
    use std::cell::RefCell;
    use std::fmt::{Debug, Write};
    use std::sync::atomic::{AtomicU64, Ordering};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    thread_local! {
        static LINES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    struct Capture {
        next_id: AtomicU64,
    }

    /// Writes fields as ` name=value`.
    struct Fields(String);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
    }

    fn push(line: String) {
        LINES.with(|lines| lines.borrow_mut().push(line));
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let id = self.next_id.fetch_add(1, Ordering::SeqCst);
            let metadata = span.metadata();
            let mut fields = Fields(format!(
                "span#{id} {} {}:",
                metadata.level(),
                metadata.name()
            ));
            span.record(&mut fields);
            push(fields.0);
            Id::from_u64(id)
        }

        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut fields = Fields(format!("record#{}:", span.into_u64()));
            values.record(&mut fields);
            push(fields.0);
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let metadata = event.metadata();
            let mut fields = Fields(format!("event {} {}:", metadata.level(), metadata.target()));
            event.record(&mut fields);
            push(fields.0);
        }

        fn enter(&self, _: &Id) {}

        fn exit(&self, _: &Id) {}
    }

    /// Installs the subscriber once for the binary, and empties this thread's list.
    pub fn start() {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            let _ = tracing::subscriber::set_global_default(Capture {
                next_id: AtomicU64::new(1),
            });
        });
        take();
    }

    /// What this thread logged since the last call.
    pub fn take() -> Vec<String> {
        LINES.with(|lines| std::mem::take(&mut *lines.borrow_mut()))
    }
}

/// Every attempt is an info-level `http_request` span with the operation, method, path
/// template, attempt, and then the status and latency; a retry is logged at debug level;
/// a `Deprecation` or `Sunset` header is a warning once per operation; no secret and no
/// body appears in any of it.
#[tokio::test]
async fn requests_are_traced_and_deprecations_warned_once() {
    capture::start();
    let server = MockServer::start().await;
    let body = fetched_json("aia_asst_1", "Support-body-text");
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(503, "{}"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&body)
                .insert_header("Deprecation", "true")
                .insert_header("Sunset", "Wed, 01 Jan 2031 00:00:00 GMT"),
        )
        .expect(2)
        .mount(&server)
        .await;

    let client = client(server.uri(), fast_retries());
    for _ in 0..2 {
        client
            .assistants()
            .fetch(id::<AssistantId>("aia_asst_1"))
            .send()
            .await
            .expect("the retry succeeds");
    }
    let lines = capture::take();
    let all = lines.join("\n");

    let spans: Vec<&String> = lines
        .iter()
        .filter(|line| line.contains(" INFO http_request:"))
        .collect();
    assert_eq!(spans.len(), 3, "{all}");
    let first = spans[0];
    for field in [
        "operation=\"FetchAssistant\"",
        "method=\"GET\"",
        "path=\"/v1/Assistants/{}\"",
        "attempt=1",
    ] {
        assert!(first.contains(field), "{field} in {first}");
    }
    assert!(spans[1].contains("attempt=2"), "{all}");
    let id = first
        .strip_prefix("span#")
        .and_then(|rest| rest.split(' ').next())
        .expect("a span id");
    let records: String = lines
        .iter()
        .filter(|line| line.starts_with(&format!("record#{id}:")))
        .cloned()
        .collect();
    assert!(records.contains("status=503"), "{all}");
    assert!(records.contains("latency_ms="), "{all}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("event DEBUG") && line.contains("retrying")),
        "{all}"
    );
    let warnings: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("event WARN") && line.contains("deprecated"))
        .collect();
    assert_eq!(warnings.len(), 1, "{all}");
    assert!(warnings[0].contains("FetchAssistant"), "{all}");
    assert!(warnings[0].contains("2031"), "{all}");
    assert!(!all.contains(AUTH_TOKEN), "{all}");
    assert!(!all.contains("Support-body-text"), "{all}");
}

// ------------------------------------------------------------- per-request options

/// A request's own `.timeout(..)` and `.retry(..)` take precedence over the client's,
/// also for the next-page requests of its stream.
#[tokio::test]
async fn per_request_timeout_and_retry_override_the_clients() {
    // The client waits 30 s and retries; the request gives up after 200 ms at once.
    let silent = RawServer::start(|_, mut stream| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let patient = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(&silent.uri)
        .allow_http(true)
        .timeout(Duration::from_secs(30))
        .retry(fast_retries())
        .build()
        .expect("a client");
    let error = patient
        .assistants()
        .list()
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("the request's own timeout");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(silent.connections(), 1);

    // The client never retries; the request's stream does, on its second page too.
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    let next = format!("{list}?PageToken=PT1");
    api("GET", "/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "first")],
            "meta": meta_json("tools", &list, 0, 1, Some(&next))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Tools")
        .and(query_is(&[("PageToken", "PT1")]))
        .respond_with(json_response(502, "<html>Bad Gateway</html>"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Tools")
        .and(query_is(&[("PageToken", "PT1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "second")],
            "meta": meta_json("tools", &list, 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;
    let names: Vec<String> = client(server.uri(), RetryPolicy::none())
        .tools()
        .list()
        .retry(fast_retries())
        .stream()
        .map_ok(|tool| tool.name)
        .try_collect()
        .await
        .expect("the 502 of page 2 is retried");
    assert_eq!(names, ["first", "second"]);
}

/// `send_with_response()` returns the status and headers (the request id) with the
/// value, for operations with and without a body.
#[tokio::test]
async fn send_with_response_returns_status_headers_and_the_value() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants")
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(assistant_json("aia_asst_1", "Support"))
                .insert_header("Twilio-Request-Id", "RQcreate")
                .insert_header("X-Rate-Limit-Remaining", "99"),
        )
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(204).insert_header("Twilio-Request-Id", "RQdelete"))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(server.uri(), RetryPolicy::none());
    let created = client
        .assistants()
        .create("Support")
        .send_with_response()
        .await
        .expect("created");
    assert_eq!(created.status, 201);
    assert_eq!(created.request_id(), Some("RQcreate"));
    assert_eq!(created.headers["x-rate-limit-remaining"], "99");
    assert_assistant(&created.value, "aia_asst_1", "Support");
    let deleted = client
        .assistants()
        .delete(id::<AssistantId>("aia_asst_1"))
        .send_with_response()
        .await
        .expect("deleted");
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.request_id(), Some("RQdelete"));
}
