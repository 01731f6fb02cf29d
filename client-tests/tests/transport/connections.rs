//! Faults below HTTP: nothing listening on the port (connection refused) and, on raw TCP
//! servers, a connection reset or closed cleanly in the middle of the body and a server
//! that stalls past the timeout.

use crate::common::*;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use twilio_assistants::models::AssistantId;
use twilio_assistants::{Client, Error, RetryPolicy, Stage, StreamExt};

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

/// A base URL on which nothing listens (connection refused) becomes `Error::Connection`
/// naming the operation and carrying the connect error; it has no HTTP status. (Without
/// retries here; the next test shows the retries.)
#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let client = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .allow_http(true)
        .retry(twilio_assistants::RetryPolicy::none())
        .build()
        .expect("a client");

    let error = client
        .assistants()
        .list()
        .send()
        .await
        .expect_err("nothing listens");

    assert_eq!(error.status(), None);
    assert!(!error.is_not_found());
    match &error {
        Error::Connection {
            operation,
            stage,
            source,
            ..
        } => {
            assert_eq!((*operation, *stage), ("ListAssistants", Stage::Connecting));
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("`ListAssistants` failed: could not connect: "),
        "{error}"
    );

    let streamed: Vec<_> = client.tools().list().stream().collect().await;
    assert!(
        matches!(
            streamed.as_slice(),
            [Err(Error::Connection {
                operation: "ListTools",
                ..
            })]
        ),
        "{streamed:?}"
    );
}

/// Connection refused: the connection was never opened, so the request was never sent
/// and even a POST is retried; after the last attempt the error is
/// `TooManyRetries { attempts: 3, last: Connection }` (with `source.is_connect()`).
/// Without retries it is `Connection` itself.
#[tokio::test]
async fn connection_refused_is_retried_even_for_post_then_reported() {
    let base = format!("http://127.0.0.1:{}", closed_port());
    let retrying = client_with(&base, fast_retries());
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

    let error = client_with(&base, RetryPolicy::none())
        .assistants()
        .list()
        .send()
        .await
        .expect_err("nothing listens");
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert!(
        matches!(&error, Error::Connection { operation: "ListAssistants", source, .. } if source.is_connect()),
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
    let error = client_with(&server.uri, fast_retries())
        .assistants()
        .create("Support")
        .send()
        .await
        .expect_err("the connection is reset");
    match &error {
        Error::Connection {
            operation,
            stage,
            source,
            ..
        } => {
            assert_eq!(
                (*operation, *stage),
                ("CreateAssistant", Stage::ReadingBody)
            );
            assert!(!source.is_connect(), "{source:?}");
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
    // The create may have happened: the failure may pass, but resending is not safe.
    assert!(error.is_transient() && !error.is_retryable());
    assert!(
        error.to_string().starts_with(
            "`CreateAssistant` failed: the connection was closed while the answer's body was read: "
        ),
        "{error}"
    );
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
    let assistant = client_with(&server.uri, fast_retries())
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
        matches!(&error, Error::Timeout { operation: "ListAssistants", stage: Stage::Waiting, after: Some(after), source, .. } if source.is_timeout() && *after == timeout),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "`ListAssistants` timed out: no answer arrived within 0.25 s"
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
        } => {
            assert!(
                matches!(
                    **last,
                    Error::Timeout {
                        stage: Stage::ReadingBody,
                        ..
                    }
                ),
                "the body read timed out: {last:?}"
            );
            assert_eq!(
                last.to_string(),
                "`FetchAssistant` timed out: the answer's body did not arrive in full within \
                 0.25 s (it was being read)"
            );
        }
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
    let error = client_with(&server.uri, RetryPolicy::none())
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("the body is incomplete");
    match &error {
        Error::Connection {
            operation,
            stage,
            source,
            ..
        } => {
            assert_eq!((*operation, *stage), ("FetchAssistant", Stage::ReadingBody));
            assert!(!source.is_connect(), "{source:?}");
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.starts_with(
            "`FetchAssistant` failed: the connection was closed while the answer's body was read: "
        ),
        "{shown}"
    );
    assert_eq!(server.connections(), 1);
}
