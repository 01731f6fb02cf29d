//! The response size limit (`max_response_bytes`): a body above it is refused with
//! `Error::ResponseTooLarge`, whether its length is announced or it streams without end.

use crate::common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use twilio_assistants::models::AssistantId;
use twilio_assistants::{Client, Error};
use wiremock::MockServer;

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
