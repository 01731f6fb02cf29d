//! `/v1/Assistants`: `ListAssistants`, `CreateAssistant`, `FetchAssistant` (with the
//! Assistant's Tools and Knowledge), `UpdateAssistant`, `DeleteAssistant`.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId};
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, ResponseTemplate};

/// `ListAssistants` sends `GET /v1/Assistants` with exactly the `Page`, `PageSize` and
/// `PageToken` query parameters, no body, Basic auth, and decodes the page: every
/// assistant field (dates as UTC date-times) and the `meta` paging object.
#[tokio::test]
async fn list_assistants_sends_paging_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants", server.uri());
    let next = format!("{list}?PageSize=2&Page=2&PageToken=PT2");
    let body = json!({
        "assistants": [assistant_json("aia_asst_1", "Support"), assistant_json("aia_asst_2", "Sales")],
        "meta": meta_json("assistants", &list, 1, 2, Some(&next))
    });
    api("GET", "/v1/Assistants")
        .and(query_is(&[
            ("Page", "1"),
            ("PageSize", "2"),
            ("PageToken", "PT1"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .assistants()
        .list()
        .page(1)
        .page_size(2)
        .page_token("PT1")
        .send()
        .await
        .expect("ListAssistants succeeds");

    assert_eq!(page.assistants.len(), 2);
    assert_assistant(&page.assistants[0], "aia_asst_1", "Support");
    assert_assistant(&page.assistants[1], "aia_asst_2", "Sales");
    assert_eq!(page.meta.key, "assistants");
    assert_eq!(page.meta.page, 1);
    assert_eq!(page.meta.page_size, 2);
    assert_eq!(page.meta.next_page_url.as_deref(), Some(next.as_str()));
    assert_eq!(
        page.meta.previous_page_url,
        Some(format!("{list}?PageSize=2&Page=0"))
    );
    assert_eq!(
        page.meta.first_page_url,
        format!("{list}?PageSize=2&Page=0")
    );
    assert_eq!(page.meta.url, format!("{list}?PageSize=2&Page=1"));
}

/// `CreateAssistant` sends `POST /v1/Assistants` with no query and a JSON body holding
/// exactly the name and every optional field that was set (nested `customer_ai` and
/// `segment_credential` included), and decodes the 201 answer as an `Assistant`.
#[tokio::test]
async fn create_assistant_posts_the_json_body_and_decodes_the_201_answer() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "name": "Support",
            "owner": "Owl Inc",
            "personality_prompt": "You are a helpful assistant.",
            "customer_ai": {"perception_engine_enabled": true, "personalization_engine_enabled": false},
            "segment_credential": {"profile_api_key": "pk", "space_id": "spa_1", "write_key": "wk"}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(assistant_json("aia_asst_1", "Support")))
        .expect(1)
        .mount(&server)
        .await;

    let assistant = client_for(&server)
        .assistants()
        .create("Support")
        .owner("Owl Inc")
        .personality_prompt("You are a helpful assistant.")
        .customer_ai(models::CustomerAi {
            perception_engine_enabled: true,
            personalization_engine_enabled: false,
            ..Default::default()
        })
        .segment_credential(models::SegmentCredential {
            profile_api_key: Some("pk".into()),
            space_id: Some("spa_1".into()),
            write_key: Some("wk".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("CreateAssistant succeeds");

    assert_assistant(&assistant, "aia_asst_1", "Support");
}

/// `CreateAssistant` with only the required name sends exactly `{"name": ...}`: optional
/// fields that were not set are left out, not sent as `null`.
#[tokio::test]
async fn create_assistant_omits_unset_optional_fields() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants")
        .and(body_json(json!({"name": "Minimal"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(assistant_json("aia_asst_9", "Minimal")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let assistant = client_for(&server)
        .assistants()
        .create("Minimal")
        .send()
        .await
        .expect("CreateAssistant succeeds");
    assert_assistant(&assistant, "aia_asst_9", "Minimal");
}

/// `FetchAssistant` sends `GET /v1/Assistants/{id}` without query or body and decodes an
/// `AssistantWithToolsAndKnowledge`: the attached tools and knowledge sources, their
/// enums (`KnowledgeStatus`, `KnowledgeType`, `ToolType`), and a date sent with a
/// non-UTC offset converted to UTC.
#[tokio::test]
async fn fetch_assistant_decodes_tools_and_knowledge() {
    let server = MockServer::start().await;
    let mut body = assistant_json("aia_asst_1", "Support");
    body["tools"] = json!([tool_json("aia_tool_1", "order-status")]);
    body["knowledge"] = json!([
        {
            "description": "The public FAQ.",
            "id": "aia_know_1",
            "account_sid": ACCOUNT_SID,
            "knowledge_source_details": {"source": "https://example.com/faq"},
            "name": "FAQ",
            "status": "COMPLETED",
            "type": "Web",
            "url": "https://assistants.twilio.com/v1/Knowledge/aia_know_1",
            "embedding_model": "text-embedding-3-small",
            "date_created": "2024-05-01T12:00:00+02:00",
            "date_updated": UPDATED
        },
        {
            "id": "aia_know_2",
            "name": "Notes",
            "type": "Text",
            "date_created": CREATED,
            "date_updated": UPDATED
        }
    ]);
    api("GET", "/v1/Assistants/aia_asst_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let assistant = client_for(&server)
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("FetchAssistant succeeds");

    assert_eq!(assistant.id, "aia_asst_1");
    assert_eq!(assistant.account_sid, ACCOUNT_SID);
    assert_eq!(assistant.name, "Support");
    assert_eq!(assistant.model, "gpt-4o-mini");
    assert_eq!(assistant.owner, "Owl Inc");
    assert_eq!(assistant.personality_prompt, "You are a helpful assistant.");
    assert_eq!(assistant.customer_ai.perception_engine_enabled, Some(true));
    assert_eq!(assistant.date_created.timestamp(), CREATED_TS);
    assert_eq!(assistant.date_updated.timestamp(), UPDATED_TS);
    assert_eq!(assistant.tools.len(), 1);
    assert_tool(&assistant.tools[0], "aia_tool_1", "order-status");
    assert_eq!(assistant.knowledge.len(), 2);
    let faq = &assistant.knowledge[0];
    assert_eq!(faq.id, "aia_know_1");
    assert_eq!(faq.name, "FAQ");
    assert_eq!(faq.description.as_deref(), Some("The public FAQ."));
    assert_eq!(text(&faq.account_sid), Some(ACCOUNT_SID));
    assert_eq!(
        faq.knowledge_source_details,
        Some(json!({"source": "https://example.com/faq"}))
    );
    assert_eq!(faq.status, Some(models::KnowledgeStatus::Completed));
    assert_eq!(faq.r#type, models::KnowledgeType::Web);
    assert_eq!(
        faq.embedding_model.as_deref(),
        Some("text-embedding-3-small")
    );
    // 12:00 at +02:00 is 10:00 UTC.
    assert_eq!(faq.date_created.timestamp(), CREATED_TS);
    assert_eq!(faq.date_created.to_rfc3339(), "2024-05-01T10:00:00+00:00");
    let notes = &assistant.knowledge[1];
    assert_eq!(notes.r#type, models::KnowledgeType::Text);
    assert_eq!(notes.status, None);
    assert_eq!(notes.description, None);
    assert_eq!(notes.url, None);
}

/// `UpdateAssistant` sends `PUT /v1/Assistants/{id}` with a JSON body holding exactly the
/// fields that were set, and decodes the updated `Assistant`.
#[tokio::test]
async fn update_assistant_puts_only_the_fields_set() {
    let server = MockServer::start().await;
    api("PUT", "/v1/Assistants/aia_asst_1")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"name": "Renamed", "personality_prompt": "Be brief."}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(assistant_json("aia_asst_1", "Renamed")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let assistant = client_for(&server)
        .assistants()
        .update(id::<AssistantId>("aia_asst_1"))
        .name("Renamed")
        .personality_prompt("Be brief.")
        .send()
        .await
        .expect("UpdateAssistant succeeds");

    assert_assistant(&assistant, "aia_asst_1", "Renamed");
}

/// `DeleteAssistant` sends `DELETE /v1/Assistants/{id}` without query or body and maps
/// the 204 No Content answer to `Ok(())`.
#[tokio::test]
async fn delete_assistant_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Assistants/aia_asst_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .assistants()
        .delete(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("DeleteAssistant succeeds");
}
