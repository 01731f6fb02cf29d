//! With the `strict` feature (`cargo test -p client-tests --features strict`; `main.rs`
//! builds this module only then), fields and enum values the document does not declare
//! are decode errors at the field that holds them: the counterparts of the tests in
//! `unknown_values.rs`.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{AssistantId, KnowledgeId};
use wiremock::{MockServer, ResponseTemplate};

/// With the `strict` feature, the undeclared properties of
/// `unknown_values::unknown_fields_in_a_response_survive_decoding_and_serialising` are
/// decode errors whose message names the property; the path is that of the object
/// holding it (`.` for the top level, `tools[0]` for a nested tool), not of the property
/// itself.
#[tokio::test]
async fn strict_unknown_fields_in_a_response_are_decode_errors() {
    let server = MockServer::start().await;
    let mut sent = assistant_json("aia_asst_1", "Support");
    sent["new_field"] = json!({"a": 1});
    api("POST", "/v1/Assistants")
        .respond_with(ResponseTemplate::new(201).set_body_json(&sent))
        .expect(1)
        .mount(&server)
        .await;
    let mut with_tools = assistant_json("aia_asst_1", "Support");
    let mut tool = tool_json("aia_tool_1", "order-status");
    tool["rate_limit"] = json!(10);
    with_tools["tools"] = json!([tool]);
    with_tools["knowledge"] = json!([]);
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(200).set_body_json(&with_tools))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = decode_error(client.assistants().create("Support").send().await);
    assert_eq!(error.operation, "CreateAssistant");
    assert_eq!(error.path, ".");
    assert!(
        error.message.contains("unknown field `new_field`"),
        "{}",
        error.message
    );

    let error = decode_error(
        client
            .assistants()
            .fetch(id::<AssistantId>("aia_asst_1"))
            .send()
            .await,
    );
    assert_eq!(error.path, "tools[0]");
    assert!(
        error.message.contains("unknown field `rate_limit`"),
        "{}",
        error.message
    );
}

/// With the `strict` feature, an enum value the client does not know is a decode error
/// at the field that holds it, naming the enum.
#[tokio::test]
async fn strict_unknown_enum_values_are_decode_errors() {
    let server = MockServer::start().await;
    api("GET", "/v1/Knowledge/aia_know_1/Status")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "INDEXING"})))
        .expect(1)
        .mount(&server)
        .await;

    let error = decode_error(
        client_for(&server)
            .knowledge()
            .status(id::<KnowledgeId>("aia_know_1"))
            .fetch()
            .send()
            .await,
    );

    assert_eq!(error.operation, "FetchKnowledgeStatus");
    assert_eq!(error.path, "status");
    // serde's message for an enum with an untagged fallback variant names the enum but
    // not the value ("data did not match any variant of untagged enum KnowledgeStatus");
    // the value is in the body that the error keeps.
    assert!(
        error.message.contains("KnowledgeStatus"),
        "{}",
        error.message
    );
    assert!(error.body.contains("INDEXING"), "{}", error.body);
}
