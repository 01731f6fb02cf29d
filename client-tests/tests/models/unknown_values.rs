//! Without the `strict` feature (`main.rs` builds this module only then), fields and enum
//! values the document does not declare are kept: a property lands in the `extra` map of
//! the object that holds it and is written again by `serde_json`, an enum value decodes
//! into `Unknown(..)` and is sent as it is.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId, KnowledgeId};
use wiremock::matchers::body_json;
use wiremock::{MockServer, ResponseTemplate};

// ------------------------------------------------------------------ unknown fields

/// An Assistant with a property the document does not declare (`"new_field": {"a": 1}`)
/// decodes with that property in `assistant.extra`, and serialising the decoded value
/// with `serde_json` gives back exactly the JSON that was received, `new_field`
/// included. Nested objects (a tool of a fetched assistant) keep theirs the same way.
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

// ------------------------------------------------------------- unknown enum values

/// Enum values the client does not know decode into `Unknown(..)` (the current and the
/// previous status of a knowledge source), are written back as they were received, and
/// an `Unknown(..)` value in a request (a message mode, a knowledge type) is sent as its
/// text.
#[tokio::test]
async fn unknown_enum_values_decode_into_unknown_and_are_sent_as_they_are() {
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

// ----------------------------------------------- both, in lists and nested objects

/// Values the client does not know yet are kept, not refused: an unknown tool `type`
/// decodes to `ToolType::Unknown("MCP")` (shown as `MCP`), an unknown knowledge status
/// and type to `KnowledgeStatus::Unknown` / `KnowledgeType::Unknown`, and properties the
/// document does not declare land in the `extra` map of the object that holds them (an
/// item or the page itself). With the `strict` feature these are decode errors instead
/// (`strict.rs`), so this test only runs without it.
#[tokio::test]
async fn unknown_enum_values_and_fields_are_kept() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    let mut mcp = tool_json("aia_tool_2", "mcp-server");
    mcp["type"] = json!("MCP");
    mcp["a_field_added_later"] = json!({"anything": [1, 2, 3]});
    api("GET", "/v1/Tools")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "order-status"), mcp],
            "meta": meta_json("tools", &list, 0, 50, None),
            "another_field_added_later": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut assistant = assistant_json("aia_asst_1", "Support");
    assistant["tools"] = json!([]);
    assistant["knowledge"] = json!([{
        "id": "aia_know_1", "name": "FAQ", "type": "Video", "status": "INDEXING",
        "date_created": CREATED, "date_updated": UPDATED
    }]);
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let page = client
        .tools()
        .list()
        .send()
        .await
        .expect("unknown values decode");
    assert_eq!(page.tools[0].r#type, models::ToolType::Webhook);
    assert!(page.tools[0].extra.is_empty());
    assert_eq!(
        page.tools[1].r#type,
        models::ToolType::Unknown("MCP".into())
    );
    assert_eq!(page.tools[1].r#type.as_str(), "MCP");
    assert_eq!(page.tools[1].r#type.to_string(), "MCP");
    assert_eq!(page.tools[1].extra.len(), 1);
    assert_eq!(
        page.tools[1].extra["a_field_added_later"],
        json!({"anything": [1, 2, 3]})
    );
    assert_eq!(page.extra.len(), 1);
    assert_eq!(page.extra["another_field_added_later"], json!(true));
    assert!(page.meta.extra.is_empty());

    let fetched = client
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("unknown values decode");
    assert_eq!(
        fetched.knowledge[0].status,
        Some(models::KnowledgeStatus::Unknown("INDEXING".into()))
    );
    assert_eq!(
        fetched.knowledge[0].r#type,
        models::KnowledgeType::Unknown("Video".into())
    );
    assert!(fetched.extra.is_empty());
}
