//! End-to-end tests of the contract features of the generated models, against
//! in-process wiremock servers on 127.0.0.1:
//! - unknown fields: a property the document does not declare survives decoding in the
//!   `extra` map of the object that holds it, and is written again by `serde_json`;
//! - identifier types in responses: an id that does not match its pattern is an
//!   `Error::Decode` naming the field's path, the type and the pattern;
//! - clearable update fields: `.clear_personality_prompt()` / `.clear_owner()` send JSON
//!   `null`, setters that are not called leave their field out of the body;
//! - unknown enum values decode into `Unknown(..)` and are sent as they are;
//! - the `strict` feature (`cargo test -p client-tests --features strict`), which makes
//!   unknown fields and enum values decode errors: the lenient tests only run without
//!   it and the strict ones only with it, so both builds pass.
//!
//! Every mock carries `.expect(n)`. The helpers and fixtures are in `common/mod.rs`.

mod common;

use common::*;
use serde_json::json;
use twilio_assistants::models::{AssistantId, KnowledgeId};
use twilio_assistants::Error;
use wiremock::matchers::body_json;
use wiremock::{MockServer, ResponseTemplate};

/// The `DecodeError` of a result that must be `Error::Decode`.
fn decode_error<T: std::fmt::Debug>(
    result: twilio_assistants::Result<T>,
) -> Box<twilio_assistants::DecodeError> {
    match result {
        Err(Error::Decode(error)) => error,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// -------------------------------------------------------------------- unknown fields

/// An Assistant with a property the document does not declare (`"new_field": {"a": 1}`)
/// decodes with that property in `assistant.extra`, and serialising the decoded value
/// with `serde_json` gives back exactly the JSON that was received, `new_field`
/// included. Nested objects (a tool of a fetched assistant) keep theirs the same way.
#[cfg(not(feature = "strict"))]
#[tokio::test]
async fn unknown_fields_in_a_response_survive_decoding_and_serialising() {
    let server = MockServer::start().await;
    let mut sent = assistant_json("aia_asst_1", "Support");
    sent["new_field"] = json!({"a": 1});
    api("POST", "/v1/Assistants")
        .and(body_json(json!({"name": "Support"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(&sent))
        .expect(1)
        .mount(&server)
        .await;
    let mut with_tools = assistant_json("aia_asst_1", "Support");
    let mut tool = tool_json("aia_tool_1", "order-status");
    tool["rate_limit"] = json!(10);
    with_tools["tools"] = json!([tool]);
    with_tools["knowledge"] = json!([]);
    with_tools["model_settings"] = json!({"temperature": 0.2});
    api("GET", "/v1/Assistants/aia_asst_1")
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(&with_tools))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let assistant = client
        .assistants()
        .create("Support")
        .send()
        .await
        .expect("unknown fields are accepted");
    assert_eq!(assistant.extra.len(), 1);
    assert_eq!(assistant.extra["new_field"], json!({"a": 1}));
    assert_eq!(assistant.name, "Support");
    let written = serde_json::to_value(&assistant).expect("an Assistant serialises");
    assert_eq!(written["new_field"], json!({"a": 1}));
    assert_eq!(written, sent, "nothing is lost or added");
    let compact = serde_json::to_string(&assistant).expect("an Assistant serialises");
    assert!(compact.contains(r#""new_field":{"a":1}"#), "{compact}");

    let fetched = client
        .assistants()
        .fetch(&assistant.id)
        .send()
        .await
        .expect("unknown fields are accepted");
    assert_eq!(fetched.extra["model_settings"], json!({"temperature": 0.2}));
    assert_eq!(fetched.tools[0].extra["rate_limit"], json!(10));
    assert_eq!(
        serde_json::to_value(&fetched).expect("serialises"),
        with_tools
    );
}

/// With the `strict` feature, the same property is a decode error whose message names
/// it; the path is that of the object holding it (`.` for the top level, `tools[0]` for
/// a nested tool), not of the property itself.
#[cfg(feature = "strict")]
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

// ------------------------------------------------------------ ids in responses

/// An id that does not match its pattern is an `Error::Decode` whose path is the field
/// (`id`, `assistants[1].id`, `tools[0].id`, `account_sid`) and whose message names the
/// type, the pattern and the value; the raw body is kept. `"tool_1"` is not an
/// `AssistantId`, nor is a tool's id, and an Account SID needs 32 hex digits.
#[tokio::test]
async fn an_invalid_id_in_a_response_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let mut created = assistant_json("aia_asst_1", "Support");
    created["id"] = json!("tool_1");
    let created = created.to_string();
    api("POST", "/v1/Assistants")
        .respond_with(json_response(201, &created))
        .expect(1)
        .mount(&server)
        .await;
    let list = format!("{}/v1/Assistants", server.uri());
    api("GET", "/v1/Assistants")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "assistants": [assistant_json("aia_asst_1", "a"), assistant_json("aia_tool_2", "b")],
            "meta": meta_json("assistants", &list, 0, 50, None)
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut fetched = assistant_json("aia_asst_1", "Support");
    fetched["tools"] = json!([tool_json("aia_asst_9", "not-a-tool")]);
    fetched["knowledge"] = json!([]);
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(200).set_body_json(fetched))
        .expect(1)
        .mount(&server)
        .await;
    let mut bad_sid = assistant_json("aia_asst_1", "Support");
    bad_sid["account_sid"] = json!("AC123");
    api("PUT", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(200).set_body_json(bad_sid))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let assistant_id: AssistantId = id("aia_asst_1");

    let error = decode_error(client.assistants().create("Support").send().await);
    assert_eq!(error.operation, "CreateAssistant");
    assert_eq!(error.status, 201);
    assert_eq!(error.path, "id");
    for part in ["`tool_1`", "AssistantId", "^aia_asst_.+$"] {
        assert!(error.message.contains(part), "{part}: {}", error.message);
    }
    assert_eq!(error.body, created);
    assert!(error.to_string().contains("at `id`"), "{error}");

    let error = decode_error(client.assistants().list().send().await);
    assert_eq!(error.path, "assistants[1].id");
    assert!(error.message.contains("`aia_tool_2`"), "{}", error.message);

    let error = decode_error(client.assistants().fetch(&assistant_id).send().await);
    assert_eq!(error.path, "tools[0].id");
    assert!(error.message.contains("ToolId"), "{}", error.message);
    assert!(error.message.contains("^aia_tool_.+$"), "{}", error.message);

    let error = decode_error(
        client
            .assistants()
            .update(&assistant_id)
            .name("Support")
            .send()
            .await,
    );
    assert_eq!(error.path, "account_sid");
    assert!(
        error.message.contains("^AC[0-9a-fA-F]{32}$"),
        "{}",
        error.message
    );
}

// ------------------------------------------------------------ clearable fields

/// `UpdateAssistant` sends `null` for a field cleared with `.clear_personality_prompt()`
/// or `.clear_owner()`, and leaves out every field whose setter was not called: only
/// `.clear_personality_prompt()` sends exactly `{"personality_prompt":null}`, only
/// `.name("x")` sends exactly `{"name":"x"}`, and a later setter replaces an earlier
/// clear.
#[tokio::test]
async fn update_sends_null_for_cleared_fields_and_leaves_out_unset_ones() {
    let server = MockServer::start().await;
    let bodies = [
        json!({"personality_prompt": null}),
        json!({"name": "x"}),
        json!({"name": "x", "owner": null, "personality_prompt": "Be brief."}),
        json!({"owner": "New owner"}),
    ];
    for body in &bodies {
        api("PUT", "/v1/Assistants/aia_asst_1")
            .and(query_is(&[]))
            .and(body_json(body))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(assistant_json("aia_asst_1", "x")),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client_for(&server);
    let assistants = client.assistants();
    let assistant_id: AssistantId = id("aia_asst_1");

    let updated = assistants
        .update(&assistant_id)
        .clear_personality_prompt()
        .send()
        .await
        .expect("UpdateAssistant succeeds");
    assert_assistant(&updated, "aia_asst_1", "x");
    assistants
        .update(&assistant_id)
        .name("x")
        .send()
        .await
        .expect("UpdateAssistant succeeds");
    assistants
        .update(&assistant_id)
        .name("x")
        .clear_owner()
        .personality_prompt("Be brief.")
        .send()
        .await
        .expect("UpdateAssistant succeeds");
    assistants
        .update(&assistant_id)
        .clear_owner()
        .owner("New owner")
        .send()
        .await
        .expect("UpdateAssistant succeeds");

    let requests = server.received_requests().await.expect("recording is on");
    let sent: Vec<String> = requests
        .iter()
        .map(|request| String::from_utf8_lossy(&request.body).into_owned())
        .collect();
    assert_eq!(sent[0], r#"{"personality_prompt":null}"#);
    assert_eq!(sent[1], r#"{"name":"x"}"#);
}

// ------------------------------------------------------------ unknown enum values

/// Enum values the client does not know decode into `Unknown(..)` (the current and the
/// previous status of a knowledge source), are written back as they were received, and
/// an `Unknown(..)` value in a request (a message mode, a knowledge type) is sent as its
/// text.
#[cfg(not(feature = "strict"))]
#[tokio::test]
async fn unknown_enum_values_decode_into_unknown_and_are_sent_as_they_are() {
    use twilio_assistants::models;

    let server = MockServer::start().await;
    let report = json!({"status": "INDEXING", "last_status": "ARCHIVED"});
    api("GET", "/v1/Knowledge/aia_know_1/Status")
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(&report))
        .expect(1)
        .mount(&server)
        .await;
    api("POST", "/v1/Assistants/aia_asst_1/Messages")
        .and(body_json(
            json!({"identity": "u", "body": "hi", "mode": "sms"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "session_id": "s", "account_sid": ACCOUNT_SID
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut video = knowledge_json("aia_know_2", "Tutorial");
    video["type"] = json!("Video");
    api("POST", "/v1/Knowledge")
        .and(body_json(json!({"name": "Tutorial", "type": "Video"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(video))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let status = client
        .knowledge()
        .status(id::<KnowledgeId>("aia_know_1"))
        .fetch()
        .send()
        .await
        .expect("unknown statuses decode");
    assert_eq!(
        status.status,
        models::KnowledgeStatus::Unknown("INDEXING".into())
    );
    assert_eq!(status.status.as_str(), "INDEXING");
    assert_eq!(
        status.last_status,
        Some(models::KnowledgeStatus::Unknown("ARCHIVED".into()))
    );
    assert_eq!(serde_json::to_value(&status).expect("serialises"), report);

    client
        .assistants()
        .messages(id::<AssistantId>("aia_asst_1"))
        .create("u", "hi")
        .mode(models::MessageMode::Unknown("sms".into()))
        .send()
        .await
        .expect("CreateMessage succeeds");
    let knowledge = client
        .knowledge()
        .create("Tutorial", models::KnowledgeType::Unknown("Video".into()))
        .send()
        .await
        .expect("CreateKnowledge succeeds");
    assert_eq!(
        knowledge.r#type,
        models::KnowledgeType::Unknown("Video".into())
    );
}

/// With the `strict` feature, an enum value the client does not know is a decode error
/// at the field that holds it, naming the enum.
#[cfg(feature = "strict")]
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
