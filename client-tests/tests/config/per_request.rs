//! The options of a single request: its own `.timeout(..)` and `.retry(..)` take
//! precedence over the client's, and `send_with_response()` returns the status and
//! headers with the value.

use crate::common::*;
use serde_json::json;
use std::time::Duration;
use twilio_assistants::models::AssistantId;
use twilio_assistants::{Client, Error, RetryPolicy, TryStreamExt};
use wiremock::{MockServer, ResponseTemplate};

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
    let names: Vec<String> = client_with(server.uri(), RetryPolicy::none())
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

    let client = client_with(server.uri(), RetryPolicy::none());
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
