//! Success answers whose body does not have the documented shape become `Error::Decode`
//! with the operation, the status, the path of the failing field and the raw body:
//! malformed JSON, a missing required field, a field of the wrong type, a bad field of a
//! nested object, and a body that is not JSON at all. (Unknown fields and enum values,
//! and ids that do not match their pattern, are in `tests/models/`.)

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId};
use twilio_assistants::Error;
use wiremock::{MockServer, ResponseTemplate};

/// A 200 whose body is not JSON is `Error::Decode` with the body; it is not retried.
#[tokio::test]
async fn a_200_with_malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(200, r#"{"id": "aia_asst_1", "name": "#))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_with(server.uri(), fast_retries())
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

/// A 200 page whose first item lacks a required field becomes `Error::Decode` whose
/// path leads to that item and whose message names the missing field, with the raw body
/// and the status kept.
#[tokio::test]
async fn missing_required_field_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants", server.uri());
    let mut broken = assistant_json("aia_asst_1", "Support");
    broken
        .as_object_mut()
        .expect("an object")
        .remove("date_created");
    let body = json!({"assistants": [broken], "meta": meta_json("assistants", &list, 0, 50, None)})
        .to_string();
    api("GET", "/v1/Assistants")
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server)
        .assistants()
        .list()
        .send()
        .await
        .expect_err("the body does not decode");

    assert_eq!(error.status(), Some(200));
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.operation, "ListAssistants");
    assert_eq!(decode.status, 200);
    // serde reports a missing field at the object that lacks it; the client completes
    // the path with the field's name.
    assert_eq!(decode.path, "assistants[0].date_created");
    assert!(
        decode.message.contains("missing field `date_created`"),
        "{}",
        decode.message
    );
    assert_eq!(decode.body, body);
    let shown = decode.to_string();
    assert!(shown.contains("`assistants[0].date_created`"), "{shown}");
}

/// A 200 page with a field of the wrong type becomes `Error::Decode` whose path is the
/// field itself (`assistants[1].date_created`), with the raw body kept.
#[tokio::test]
async fn wrong_field_type_is_a_decode_error_with_the_field_path() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants", server.uri());
    let mut broken = assistant_json("aia_asst_2", "Sales");
    broken["date_created"] = json!("yesterday");
    let body = json!({
        "assistants": [assistant_json("aia_asst_1", "Support"), broken],
        "meta": meta_json("assistants", &list, 0, 50, None)
    })
    .to_string();
    api("GET", "/v1/Assistants")
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server)
        .assistants()
        .list()
        .send()
        .await
        .expect_err("the body does not decode");

    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.path, "assistants[1].date_created");
    assert_eq!(decode.body, body);
    assert!(
        decode.to_string().contains("assistants[1].date_created"),
        "{decode}"
    );
}

/// Decode errors name paths inside nested objects of single-resource answers too
/// (`tools[0].enabled` of a fetched assistant), and a 2xx body that is not JSON at all
/// is a decode error, not a panic or a success.
#[tokio::test]
async fn nested_and_non_json_bodies_are_decode_errors() {
    let server = MockServer::start().await;
    let mut body = assistant_json("aia_asst_1", "Support");
    let mut tool = tool_json("aia_tool_1", "order-status");
    tool["enabled"] = json!("yes");
    body["tools"] = json!([tool]);
    body["knowledge"] = json!([]);
    let body = body.to_string();
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&server)
        .await;
    api("POST", "/v1/Tools")
        .respond_with(ResponseTemplate::new(201).set_body_raw("<html>created</html>", "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = client
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("the body does not decode");
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.operation, "FetchAssistant");
    assert_eq!(decode.path, "tools[0].enabled");
    assert_eq!(decode.body, body);

    let error = client
        .tools()
        .create("order-status", models::ToolType::Webhook, true)
        .send()
        .await
        .expect_err("HTML is not a tool");
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.operation, "CreateTool");
    assert_eq!(decode.status, 201);
    assert_eq!(decode.body, "<html>created</html>");
}
