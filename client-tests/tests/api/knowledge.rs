//! The Knowledge operations:
//! - `/v1/Knowledge`: `ListKnowledge`, `CreateKnowledge`, `FetchKnowledge`,
//!   `UpdateKnowledge`, `DeleteKnowledge`;
//! - `/v1/Knowledge/{id}/Status` and `/Chunks`: `FetchKnowledgeStatus`,
//!   `ListKnowledgeChunks` (paged with `PageSize` and `PageToken` only, also streamed);
//! - `/v1/Assistants/{assistantId}/Knowledge`: `ListAssistantKnowledge`,
//!   `AttachAssistantKnowledge`, `DetachAssistantKnowledge`.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId, KnowledgeId};
use twilio_assistants::TryStreamExt;
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, ResponseTemplate};

// ------------------------------------------------------------------- /v1/Knowledge

/// `ListKnowledge` sends `GET /v1/Knowledge` with exactly the `AssistantId`, `Page`,
/// `PageSize` and `PageToken` query parameters and no body, and decodes a
/// `KnowledgeList`: a complete knowledge source, a minimal one (optional fields absent),
/// and the `meta` paging object.
#[tokio::test]
async fn list_knowledge_sends_the_assistant_filter_and_paging_parameters() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Knowledge", server.uri());
    let next = format!("{list}?PageSize=2&Page=2&PageToken=PT2");
    let body = json!({
        "knowledge": [
            knowledge_json("aia_know_1", "FAQ"),
            {"id": "aia_know_2", "name": "Notes", "type": "Text",
             "date_created": CREATED, "date_updated": UPDATED}
        ],
        "meta": meta_json("knowledge", &list, 1, 2, Some(&next))
    });
    api("GET", "/v1/Knowledge")
        .and(query_is(&[
            ("AssistantId", "aia_asst_1"),
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
        .knowledge()
        .list()
        .assistant_id(id::<AssistantId>("aia_asst_1"))
        .page(1)
        .page_size(2)
        .page_token("PT1")
        .send()
        .await
        .expect("ListKnowledge succeeds");

    assert_eq!(page.knowledge.len(), 2);
    assert_knowledge(&page.knowledge[0], "aia_know_1", "FAQ");
    let notes = &page.knowledge[1];
    assert_eq!(notes.id, "aia_know_2");
    assert_eq!(notes.name, "Notes");
    assert_eq!(notes.r#type, models::KnowledgeType::Text);
    assert_eq!(notes.status, None);
    assert_eq!(notes.account_sid, None);
    assert_eq!(notes.description, None);
    assert_eq!(notes.knowledge_source_details, None);
    assert_eq!(notes.embedding_model, None);
    assert_eq!(notes.url, None);
    assert_eq!(notes.date_created.timestamp(), CREATED_TS);
    assert_eq!(page.meta.key, "knowledge");
    assert_eq!(page.meta.page, 1);
    assert_eq!(page.meta.page_size, 2);
    assert_eq!(page.meta.next_page_url.as_deref(), Some(next.as_str()));
    assert_eq!(
        page.meta.previous_page_url,
        Some(format!("{list}?PageSize=2&Page=0"))
    );
}

/// `ListKnowledge` without any option sends no query string at all.
#[tokio::test]
async fn list_knowledge_without_options_sends_no_query() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Knowledge", server.uri());
    api("GET", "/v1/Knowledge")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"knowledge": [], "meta": meta_json("knowledge", &list, 0, 50, None)}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .knowledge()
        .list()
        .send()
        .await
        .expect("ListKnowledge succeeds");

    assert!(page.knowledge.is_empty());
    assert_eq!(page.meta.page_size, 50);
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests[0].url.query(), None, "no `?` at all");
}

/// `CreateKnowledge` sends `POST /v1/Knowledge` with no query and a JSON body holding the
/// two required arguments (`type` written as `"Database"`) and every optional field that
/// was set, a nested policy included, and decodes the 201 answer as a `Knowledge`.
#[tokio::test]
async fn create_knowledge_posts_the_json_body_and_decodes_the_201_answer() {
    let server = MockServer::start().await;
    let details = json!({"connection": "postgres://db.example.com/faq", "table": "answers"});
    let mut answer = knowledge_json("aia_know_7", "Answers");
    answer["type"] = json!("Database");
    answer["status"] = json!("QUEUED");
    answer["knowledge_source_details"] = details.clone();
    answer["embedding_model"] = json!("text-embedding-3-large");
    api("POST", "/v1/Knowledge")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "name": "Answers",
            "type": "Database",
            "assistant_id": "aia_asst_1",
            "description": "The answers table.",
            "knowledge_source_details": details,
            "embedding_model": "text-embedding-3-large",
            "policy": {
                "name": "internal-only",
                "policy_details": {"audience": "internal"},
                "type": "ACCESS"
            }
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let knowledge = client_for(&server)
        .knowledge()
        .create("Answers", models::KnowledgeType::Database)
        .assistant_id(id::<AssistantId>("aia_asst_1"))
        .description("The answers table.")
        .knowledge_source_details(details.clone())
        .embedding_model("text-embedding-3-large")
        .policy(models::CreatePolicyRequest {
            name: Some("internal-only".into()),
            policy_details: json!({"audience": "internal"}),
            r#type: Some("ACCESS".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("CreateKnowledge succeeds");

    assert_eq!(knowledge.id, "aia_know_7");
    assert_eq!(knowledge.name, "Answers");
    assert_eq!(knowledge.r#type, models::KnowledgeType::Database);
    assert_eq!(knowledge.status, Some(models::KnowledgeStatus::Queued));
    assert_eq!(knowledge.knowledge_source_details, Some(details));
    assert_eq!(
        knowledge.embedding_model.as_deref(),
        Some("text-embedding-3-large")
    );
    assert_eq!(text(&knowledge.account_sid), Some(ACCOUNT_SID));
    assert_eq!(knowledge.date_created.timestamp(), CREATED_TS);
    assert_eq!(knowledge.date_updated.timestamp(), UPDATED_TS);
}

/// `CreateKnowledge` with only the required arguments sends exactly
/// `{"name": ..., "type": ...}`: optional fields that were not set are left out.
#[tokio::test]
async fn create_knowledge_omits_unset_optional_fields() {
    let server = MockServer::start().await;
    api("POST", "/v1/Knowledge")
        .and(query_is(&[]))
        .and(body_json(json!({"name": "FAQ", "type": "Web"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(knowledge_json("aia_know_1", "FAQ")))
        .expect(1)
        .mount(&server)
        .await;

    let knowledge = client_for(&server)
        .knowledge()
        .create("FAQ", models::KnowledgeType::Web)
        .send()
        .await
        .expect("CreateKnowledge succeeds");

    assert_knowledge(&knowledge, "aia_know_1", "FAQ");
}

/// `FetchKnowledge` sends `GET /v1/Knowledge/{id}` without query or body and decodes
/// every field of the `Knowledge`.
#[tokio::test]
async fn fetch_knowledge_decodes_every_field() {
    let server = MockServer::start().await;
    api("GET", "/v1/Knowledge/aia_know_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(knowledge_json("aia_know_1", "FAQ")))
        .expect(1)
        .mount(&server)
        .await;

    let knowledge = client_for(&server)
        .knowledge()
        .fetch(id::<KnowledgeId>("aia_know_1"))
        .send()
        .await
        .expect("FetchKnowledge succeeds");

    assert_knowledge(&knowledge, "aia_know_1", "FAQ");
}

/// `UpdateKnowledge` sends `PUT /v1/Knowledge/{id}` with a JSON body holding exactly the
/// fields that were set and decodes the updated `Knowledge`.
#[tokio::test]
async fn update_knowledge_puts_only_the_fields_set() {
    let server = MockServer::start().await;
    let mut answer = knowledge_json("aia_know_1", "Product FAQ");
    answer["description"] = json!("The FAQ of every product.");
    answer["knowledge_source_details"] = json!({"source": "https://example.com/products/faq"});
    answer["status"] = json!("PROCESSING");
    api("PUT", "/v1/Knowledge/aia_know_1")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "name": "Product FAQ",
            "description": "The FAQ of every product.",
            "knowledge_source_details": {"source": "https://example.com/products/faq"},
            "type": "Web"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let knowledge = client_for(&server)
        .knowledge()
        .update(id::<KnowledgeId>("aia_know_1"))
        .name("Product FAQ")
        .description("The FAQ of every product.")
        .knowledge_source_details(json!({"source": "https://example.com/products/faq"}))
        .r#type(models::KnowledgeType::Web)
        .send()
        .await
        .expect("UpdateKnowledge succeeds");

    assert_eq!(knowledge.id, "aia_know_1");
    assert_eq!(knowledge.name, "Product FAQ");
    assert_eq!(
        knowledge.description.as_deref(),
        Some("The FAQ of every product.")
    );
    assert_eq!(knowledge.status, Some(models::KnowledgeStatus::Processing));
    assert_eq!(knowledge.r#type, models::KnowledgeType::Web);
    assert_eq!(knowledge.date_updated.timestamp(), UPDATED_TS);
}

/// `UpdateKnowledge` with nothing set sends the empty object `{}` (the body is optional
/// in the document, but the client always sends one).
#[tokio::test]
async fn update_knowledge_without_fields_sends_an_empty_object() {
    let server = MockServer::start().await;
    api("PUT", "/v1/Knowledge/aia_know_1")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(200).set_body_json(knowledge_json("aia_know_1", "FAQ")))
        .expect(1)
        .mount(&server)
        .await;

    let knowledge = client_for(&server)
        .knowledge()
        .update(id::<KnowledgeId>("aia_know_1"))
        .send()
        .await
        .expect("UpdateKnowledge succeeds");

    assert_knowledge(&knowledge, "aia_know_1", "FAQ");
}

/// `DeleteKnowledge` sends `DELETE /v1/Knowledge/{id}` without query or body and maps the
/// 204 answer to `Ok(())`.
#[tokio::test]
async fn delete_knowledge_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Knowledge/aia_know_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .knowledge()
        .delete(id::<KnowledgeId>("aia_know_1"))
        .send()
        .await
        .expect("DeleteKnowledge succeeds");
}

// ------------------------------------------------- /v1/Knowledge/{id}/Status, /Chunks

/// `FetchKnowledgeStatus` sends `GET /v1/Knowledge/{id}/Status` without query or body and
/// decodes the current and the previous status as `KnowledgeStatus` values; a report
/// with only the required `status` decodes too.
#[tokio::test]
async fn fetch_knowledge_status_decodes_current_and_last_status() {
    let server = MockServer::start().await;
    api("GET", "/v1/Knowledge/aia_know_1/Status")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "account_sid": ACCOUNT_SID,
            "status": "PROCESSING",
            "last_status": "QUEUED",
            "date_updated": UPDATED
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Knowledge/aia_know_2/Status")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "FAILED"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let faq: KnowledgeId = id("aia_know_1");

    let report = client
        .knowledge()
        .status(&faq)
        .fetch()
        .send()
        .await
        .expect("FetchKnowledgeStatus succeeds");
    assert_eq!(text(&report.account_sid), Some(ACCOUNT_SID));
    assert_eq!(report.status, models::KnowledgeStatus::Processing);
    assert_eq!(report.status.to_string(), "PROCESSING");
    assert_eq!(report.last_status, Some(models::KnowledgeStatus::Queued));
    assert_eq!(
        report.date_updated.map(|date| date.timestamp()),
        Some(UPDATED_TS)
    );

    let report = client
        .knowledge()
        .status(id::<KnowledgeId>("aia_know_2"))
        .fetch()
        .send()
        .await
        .expect("FetchKnowledgeStatus succeeds");
    assert_eq!(report.status, models::KnowledgeStatus::Failed);
    assert_eq!(report.last_status, None);
    assert_eq!(report.account_sid, None);
    assert_eq!(report.date_updated, None);
}

/// `ListKnowledgeChunks` sends `GET /v1/Knowledge/{id}/Chunks` with exactly the
/// `PageSize` and `PageToken` query parameters (the operation has no `Page`) and decodes
/// a `KnowledgeChunkList`: content, metadata and dates of each chunk.
#[tokio::test]
async fn list_knowledge_chunks_sends_page_size_and_token_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Knowledge/aia_know_1/Chunks", server.uri());
    api("GET", "/v1/Knowledge/aia_know_1/Chunks")
        .and(query_is(&[("PageSize", "2"), ("PageToken", "PT1")]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "chunks": [
                {
                    "account_sid": ACCOUNT_SID,
                    "content": "Orders ship within two business days.",
                    "metadata": {"source": "https://example.com/faq", "position": 0},
                    "date_created": CREATED,
                    "date_updated": UPDATED
                },
                {"content": "Returns are free for 30 days."}
            ],
            "meta": meta_json("chunks", &list, 0, 2, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .knowledge()
        .chunks(id::<KnowledgeId>("aia_know_1"))
        .list()
        .page_size(2)
        .page_token("PT1")
        .send()
        .await
        .expect("ListKnowledgeChunks succeeds");

    assert_eq!(page.chunks.len(), 2);
    let first = &page.chunks[0];
    assert_eq!(text(&first.account_sid), Some(ACCOUNT_SID));
    assert_eq!(
        first.content.as_deref(),
        Some("Orders ship within two business days.")
    );
    assert_eq!(
        first.metadata,
        Some(json!({"source": "https://example.com/faq", "position": 0}))
    );
    assert_eq!(
        first.date_created.map(|date| date.timestamp()),
        Some(CREATED_TS)
    );
    assert_eq!(
        first.date_updated.map(|date| date.timestamp()),
        Some(UPDATED_TS)
    );
    let second = &page.chunks[1];
    assert_eq!(
        second.content.as_deref(),
        Some("Returns are free for 30 days.")
    );
    assert_eq!(second.metadata, None);
    assert_eq!(second.date_created, None);
    assert_eq!(page.meta.key, "chunks");
    assert_eq!(page.meta.next_page_url, None);
}

/// `ListKnowledgeChunks` `.stream()` follows `meta.next_page_url` (a `PageToken` link)
/// to the second page and yields the chunks of both pages in order.
#[tokio::test]
async fn list_knowledge_chunks_stream_follows_the_page_token_link() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Knowledge/aia_know_1/Chunks", server.uri());
    let next = format!("{list}?PageSize=1&PageToken=PT2");
    api("GET", "/v1/Knowledge/aia_know_1/Chunks")
        .and(query_is(&[("PageSize", "1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "chunks": [{"content": "first"}],
            "meta": meta_json("chunks", &list, 0, 1, Some(&next))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Knowledge/aia_know_1/Chunks")
        .and(query_is(&[("PageSize", "1"), ("PageToken", "PT2")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "chunks": [{"content": "second"}],
            "meta": meta_json("chunks", &list, 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let contents: Vec<Option<String>> = client_for(&server)
        .knowledge()
        .chunks(id::<KnowledgeId>("aia_know_1"))
        .list()
        .page_size(1)
        .stream()
        .map_ok(|chunk| chunk.content)
        .try_collect()
        .await
        .expect("both pages decode");

    assert_eq!(
        contents,
        [Some("first".to_owned()), Some("second".to_owned())]
    );
}

// ------------------------------------------------ /v1/Assistants/{assistantId}/Knowledge

/// `ListAssistantKnowledge` sends `GET /v1/Assistants/{assistantId}/Knowledge` with
/// exactly the `Page`, `PageSize` and `PageToken` query parameters and no body, and
/// decodes a `KnowledgeList`.
#[tokio::test]
async fn list_assistant_knowledge_sends_paging_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants/aia_asst_1/Knowledge", server.uri());
    api("GET", "/v1/Assistants/aia_asst_1/Knowledge")
        .and(query_is(&[
            ("Page", "0"),
            ("PageSize", "20"),
            ("PageToken", "PT0"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "knowledge": [knowledge_json("aia_know_1", "FAQ"), knowledge_json("aia_know_2", "Manual")],
            "meta": meta_json("knowledge", &list, 0, 20, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .assistants()
        .knowledge(id::<AssistantId>("aia_asst_1"))
        .list()
        .page(0)
        .page_size(20)
        .page_token("PT0")
        .send()
        .await
        .expect("ListAssistantKnowledge succeeds");

    assert_eq!(page.knowledge.len(), 2);
    assert_knowledge(&page.knowledge[0], "aia_know_1", "FAQ");
    assert_knowledge(&page.knowledge[1], "aia_know_2", "Manual");
    assert_eq!(page.meta.key, "knowledge");
    assert_eq!(page.meta.page, 0);
    assert_eq!(page.meta.page_size, 20);
    assert_eq!(page.meta.previous_page_url, None);
}

/// `AttachAssistantKnowledge` sends `POST /v1/Assistants/{assistantId}/Knowledge/{id}`
/// with no query and no body, and maps the 204 answer to `Ok(())`; ids taken from
/// decoded resources (`&knowledge.id`) are accepted as they are.
#[tokio::test]
async fn attach_assistant_knowledge_posts_without_a_body_and_accepts_204() {
    let server = MockServer::start().await;
    api("GET", "/v1/Knowledge/aia_know_1")
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(knowledge_json("aia_know_1", "FAQ")))
        .expect(1)
        .mount(&server)
        .await;
    api("POST", "/v1/Assistants/aia_asst_1/Knowledge/aia_know_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let knowledge = client
        .knowledge()
        .fetch(id::<KnowledgeId>("aia_know_1"))
        .send()
        .await
        .expect("FetchKnowledge succeeds");
    client
        .assistants()
        .knowledge(id::<AssistantId>("aia_asst_1"))
        .attach(&knowledge.id)
        .send()
        .await
        .expect("AttachAssistantKnowledge succeeds");
}

/// `DetachAssistantKnowledge` sends `DELETE /v1/Assistants/{assistantId}/Knowledge/{id}`
/// with no query and no body, and maps the 204 answer to `Ok(())`.
#[tokio::test]
async fn detach_assistant_knowledge_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Assistants/aia_asst_1/Knowledge/aia_know_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .assistants()
        .knowledge(id::<AssistantId>("aia_asst_1"))
        .detach(id::<KnowledgeId>("aia_know_1"))
        .send()
        .await
        .expect("DetachAssistantKnowledge succeeds");
}
