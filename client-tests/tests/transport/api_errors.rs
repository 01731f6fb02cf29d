//! Error answers become `Error::Api`: Twilio's error body with its code, message,
//! documentation link and request id, or any other body (an HTML page from a proxy) kept
//! as sent; a 4xx is not retried.

use crate::common::*;
use twilio_assistants::models::{AssistantId, ToolId};
use twilio_assistants::Error;
use wiremock::{MockServer, ResponseTemplate};

/// A 404 with Twilio's error body becomes `Error::Api` with the status, code, message,
/// docs link, `Twilio-Request-Id` and raw body; `is_not_found()` is true and the
/// message shown to users names the code and links its documentation.
#[tokio::test]
async fn not_found_maps_to_api_error_with_twilio_fields() {
    let server = MockServer::start().await;
    let body = r#"{"code":20404,"message":"The requested resource was not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404}"#;
    api("GET", "/v1/Assistants/aia_asst_missing")
        .respond_with(
            json_response(404, body)
                .insert_header("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server)
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_missing"))
        .send()
        .await
        .expect_err("a 404 is an error");

    assert!(error.is_not_found());
    assert_eq!(error.status(), Some(404));
    let shown = error.to_string();
    assert!(shown.contains("20404"), "{shown}");
    assert!(
        shown.contains("https://www.twilio.com/docs/errors/20404"),
        "{shown}"
    );
    assert!(
        shown.contains("The requested resource was not found"),
        "{shown}"
    );
    let Error::Api(api_error) = error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api_error.operation, "FetchAssistant");
    assert_eq!(api_error.status, 404);
    assert_eq!(api_error.code, Some(20404));
    assert_eq!(
        api_error.message.as_deref(),
        Some("The requested resource was not found")
    );
    assert_eq!(
        api_error.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/20404")
    );
    assert_eq!(
        api_error.request_id.as_deref(),
        Some("RQ0123456789abcdef0123456789abcdef")
    );
    assert_eq!(api_error.details, None);
    assert_eq!(api_error.body, body);
}

/// A 500 with an HTML body (from a proxy, say) becomes `Error::Api` that keeps the body
/// as sent, with no code, message or request id, and is not a "not found"; this holds
/// for operations without a response body too.
#[tokio::test]
async fn server_error_with_html_body_keeps_the_body() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    api("DELETE", "/v1/Tools/aia_tool_1")
        .respond_with(ResponseTemplate::new(500).set_body_raw(html, "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server)
        .tools()
        .delete(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect_err("a 500 is an error");

    assert!(!error.is_not_found());
    assert_eq!(error.status(), Some(500));
    assert!(error.to_string().contains("500"), "{error}");
    let Error::Api(api_error) = error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api_error.operation, "DeleteTool");
    assert_eq!(api_error.status, 500);
    assert_eq!(api_error.code, None);
    assert_eq!(api_error.message, None);
    assert_eq!(api_error.more_info, None);
    assert_eq!(api_error.request_id, None);
    assert_eq!(api_error.body, html);
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

    let error = client_with(server.uri(), fast_retries())
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

    let error = client_with(server.uri(), fast_retries())
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
