//! Which answers are retried: a 5xx for a GET but not for a POST (it may have been
//! carried out), a 429 for both until the policy's attempts run out, and after the
//! server's `Retry-After` when it sends one.

use crate::common::*;
use std::time::{Duration, Instant};
use twilio_assistants::models::AssistantId;
use twilio_assistants::Error;
use wiremock::{MockServer, ResponseTemplate};

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

    let assistant = client_with(server.uri(), fast_retries())
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

    let error = client_with(server.uri(), fast_retries())
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
    // The failure may pass, but the create may have happened: resending is not safe.
    assert!(error.is_transient());
    assert!(
        !error.is_retryable(),
        "a POST answered 500 is not safe to resend"
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
    client_with(
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

    let client = client_with(server.uri(), fast_retries());
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
