//! End-to-end tests of the generated `twilio_assistants` client against in-process
//! wiremock servers on 127.0.0.1 (no test talks to Twilio or leaves the machine).
//!
//! What is covered:
//! - the 13 operations on Assistants, Tools and the Tools of an Assistant: HTTP method,
//!   path, the exact set of query parameters, the exact JSON body, the Basic auth and
//!   `Accept` headers, and the decoded response (dates as `chrono::DateTime<Utc>`,
//!   enums, typed ids, nested models); the other 17 operations are covered by
//!   `knowledge.rs`, `conversations.rs` and `policies.rs`;
//! - paging: `.stream()` across three pages linked by `meta.next_page_url`, `.limit(n)`
//!   not requesting pages it does not need, `.pages()`, and errors in the middle of a
//!   stream, each also with the next page prefetched (`prefetch_pages`);
//! - error mapping: Twilio error bodies, non-JSON error bodies, bodies that do not have
//!   the documented shape (with the failing path and the raw body), unknown enum values
//!   and fields;
//! - safety: next-page links to another origin are refused before anything is sent;
//!   path parameters, even hostile but valid ids such as `aia_asst_a/../b?c#d`, are
//!   percent-encoded as one segment; values that would change the route (empty, `.`,
//!   `..`) cannot be built as ids at all, and are refused before anything is sent where
//!   a path parameter is a plain string (Session ids);
//! - transport failures and client configuration (builder, base URLs).
//!
//! Every mock carries `.expect(n)`, so a request that does not match exactly (wrong
//! method, path, query, body or credentials) makes the test fail, either because the
//! server answers 404 and the call errors, or because the expectation is not met when
//! the server is verified or dropped. The helpers and fixtures are in `common/mod.rs`.

mod common;

use common::*;
use serde_json::{json, Value};
use twilio_assistants::models::{self, AssistantId, KnowledgeId, ToolId};
use twilio_assistants::{Client, Error, StreamExt, TryStreamExt};
use wiremock::matchers::{basic_auth, body_json, header, header_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ------------------------------------------------------------------------ helpers

/// One page of [`mount_three_pages`]: the exact query it answers, the ids of its
/// assistants, and its `next_page_url`.
type PageSpec<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>, Option<String>);

/// Mounts three linked pages of assistants (`PageSize=2`: two, two and one items);
/// `expected[i]` is how many times page `i + 1` must be requested.
async fn mount_three_pages(server: &MockServer, expected: [u64; 3]) {
    let list = format!("{}/v1/Assistants", server.uri());
    let pages: [PageSpec; 3] = [
        (
            vec![("PageSize", "2")],
            vec!["aia_asst_1", "aia_asst_2"],
            Some(format!("{list}?PageSize=2&Page=1&PageToken=PT2")),
        ),
        (
            vec![("PageSize", "2"), ("Page", "1"), ("PageToken", "PT2")],
            vec!["aia_asst_3", "aia_asst_4"],
            Some(format!("{list}?PageSize=2&Page=2&PageToken=PT3")),
        ),
        (
            vec![("PageSize", "2"), ("Page", "2"), ("PageToken", "PT3")],
            vec!["aia_asst_5"],
            None,
        ),
    ];
    for (index, ((query, ids, next), times)) in pages.into_iter().zip(expected).enumerate() {
        let assistants: Vec<Value> = ids
            .iter()
            .map(|id| assistant_json(id, &format!("Assistant {id}")))
            .collect();
        let body = json!({
            "assistants": assistants,
            "meta": meta_json("assistants", &list, index as i64, 2, next.as_deref())
        });
        api("GET", "/v1/Assistants")
            .and(query_is(&query))
            .and(NoBody)
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(times)
            .named(format!("page {}", index + 1))
            .mount(server)
            .await;
    }
}

// ------------------------------------------------------- operations: assistants

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
    assert_eq!(assistant.customer_ai["perception_engine_enabled"], true);
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

// ------------------------------------------------ operations: assistant <-> tools

/// `ListAssistantTools` sends `GET /v1/Assistants/{assistantId}/Tools` with exactly the
/// `Page`, `PageSize` and `PageToken` query parameters and decodes a `ToolList`.
#[tokio::test]
async fn list_assistant_tools_sends_paging_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants/aia_asst_1/Tools", server.uri());
    let body = json!({
        "tools": [tool_json("aia_tool_1", "order-status"), tool_json("aia_tool_2", "refund")],
        "meta": meta_json("tools", &list, 0, 20, None)
    });
    api("GET", "/v1/Assistants/aia_asst_1/Tools")
        .and(query_is(&[
            ("Page", "0"),
            ("PageSize", "20"),
            ("PageToken", "PT0"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .list()
        .page(0)
        .page_size(20)
        .page_token("PT0")
        .send()
        .await
        .expect("ListAssistantTools succeeds");

    assert_eq!(page.tools.len(), 2);
    assert_tool(&page.tools[0], "aia_tool_1", "order-status");
    assert_tool(&page.tools[1], "aia_tool_2", "refund");
    assert_eq!(page.meta.key, "tools");
    assert_eq!(page.meta.page, 0);
    assert_eq!(page.meta.page_size, 20);
    assert_eq!(page.meta.next_page_url, None);
    assert_eq!(page.meta.previous_page_url, None);
}

/// `AttachAssistantTool` sends `POST /v1/Assistants/{assistantId}/Tools/{id}` with no
/// query and no body, and maps the 204 answer to `Ok(())`.
#[tokio::test]
async fn attach_assistant_tool_posts_without_a_body_and_accepts_204() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants/aia_asst_1/Tools/aia_tool_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .attach(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("AttachAssistantTool succeeds");
}

/// `DetachAssistantTool` sends `DELETE /v1/Assistants/{assistantId}/Tools/{id}` with no
/// query and no body, and maps the 204 answer to `Ok(())`.
#[tokio::test]
async fn detach_assistant_tool_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Assistants/aia_asst_1/Tools/aia_tool_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .detach(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("DetachAssistantTool succeeds");
}

// ------------------------------------------------------------- operations: tools

/// `ListTools` sends `GET /v1/Tools` with exactly the `AssistantId`, `Page`, `PageSize`
/// and `PageToken` query parameters and decodes a `ToolList`.
#[tokio::test]
async fn list_tools_sends_the_assistant_filter_and_paging_parameters() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    let body = json!({
        "tools": [tool_json("aia_tool_1", "order-status")],
        "meta": meta_json("tools", &list, 3, 1, None)
    });
    api("GET", "/v1/Tools")
        .and(query_is(&[
            ("AssistantId", "aia_asst_1"),
            ("Page", "3"),
            ("PageSize", "1"),
            ("PageToken", "PT3"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .tools()
        .list()
        .assistant_id(id::<AssistantId>("aia_asst_1"))
        .page(3)
        .page_size(1)
        .page_token("PT3")
        .send()
        .await
        .expect("ListTools succeeds");

    assert_eq!(page.tools.len(), 1);
    assert_tool(&page.tools[0], "aia_tool_1", "order-status");
    assert_eq!(page.meta.page, 3);
    assert_eq!(page.meta.page_size, 1);
}

/// `ListTools` without any option sends no query string at all.
#[tokio::test]
async fn list_tools_without_options_sends_no_query() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .and(query_is(&[]))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"tools": [], "meta": meta_json("tools", &list, 0, 50, None)}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .tools()
        .list()
        .send()
        .await
        .expect("ListTools succeeds");
    assert!(page.tools.is_empty());
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests[0].url.query(), None, "no `?` at all");
}

/// `CreateTool` sends `POST /v1/Tools` with a JSON body holding the three required
/// arguments (`type` written as `"WEBHOOK"`) and every optional field set, including a
/// nested policy, and decodes the 201 answer as a `Tool`.
#[tokio::test]
async fn create_tool_posts_the_json_body_and_decodes_the_201_answer() {
    let server = MockServer::start().await;
    let meta = json!({"method": "POST", "url": "https://example.com/orders/status"});
    api("POST", "/v1/Tools")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "enabled": true,
            "name": "order-status",
            "type": "WEBHOOK",
            "assistant_id": "aia_asst_1",
            "description": "Looks up the status of an order.",
            "meta": meta,
            "policy": {
                "description": "Only for verified users.",
                "name": "verified-only",
                "policy_details": {"require": "verification"},
                "type": "ACCESS"
            }
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(tool_json("aia_tool_1", "order-status")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let tool = client_for(&server)
        .tools()
        .create("order-status", models::ToolType::Webhook, true)
        .assistant_id(id::<AssistantId>("aia_asst_1"))
        .description("Looks up the status of an order.")
        .meta(meta.clone())
        .policy(models::CreatePolicyRequest {
            description: Some("Only for verified users.".into()),
            id: None,
            name: Some("verified-only".into()),
            policy_details: json!({"require": "verification"}),
            r#type: Some("ACCESS".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("CreateTool succeeds");

    assert_tool(&tool, "aia_tool_1", "order-status");
}

/// `FetchTool` sends `GET /v1/Tools/{id}` and decodes a `ToolWithPolicies`, including
/// its policies with their optional dates.
#[tokio::test]
async fn fetch_tool_decodes_the_policies() {
    let server = MockServer::start().await;
    let mut body = tool_json("aia_tool_1", "order-status");
    body["policies"] = json!([
        {
            "id": "aia_plcy_1",
            "name": "verified-only",
            "description": "Only for verified users.",
            "account_sid": ACCOUNT_SID,
            "user_sid": "USbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "type": "ACCESS",
            "policy_details": {"require": "verification"},
            "date_created": CREATED,
            "date_updated": UPDATED
        },
        {"type": "RATE_LIMIT", "policy_details": {"per_minute": 10}}
    ]);
    api("GET", "/v1/Tools/aia_tool_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let tool = client_for(&server)
        .tools()
        .fetch(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("FetchTool succeeds");

    assert_eq!(tool.id, "aia_tool_1");
    assert_eq!(tool.name, "order-status");
    assert_eq!(tool.r#type, models::ToolType::Webhook);
    assert!(tool.enabled);
    assert!(!tool.requires_auth);
    assert_eq!(tool.description, "Looks up the status of an order.");
    assert_eq!(tool.date_created.timestamp(), CREATED_TS);
    let policies = tool.policies.expect("policies are present");
    assert_eq!(policies.len(), 2);
    assert_eq!(text(&policies[0].id), Some("aia_plcy_1"));
    assert_eq!(
        text(&policies[0].user_sid),
        Some("USbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
    );
    assert_eq!(policies[0].r#type, "ACCESS");
    assert_eq!(
        policies[0].policy_details,
        json!({"require": "verification"})
    );
    assert_eq!(
        policies[0].date_created.map(|date| date.timestamp()),
        Some(CREATED_TS)
    );
    assert_eq!(
        policies[0].date_updated.map(|date| date.timestamp()),
        Some(UPDATED_TS)
    );
    assert_eq!(policies[1].r#type, "RATE_LIMIT");
    assert_eq!(policies[1].id, None);
    assert_eq!(policies[1].date_created, None);
}

/// `UpdateTool` sends `PUT /v1/Tools/{id}` with a JSON body holding exactly the fields
/// that were set (`enabled: false` is sent, not dropped) and decodes the updated `Tool`.
#[tokio::test]
async fn update_tool_puts_only_the_fields_set() {
    let server = MockServer::start().await;
    let mut answer = tool_json("aia_tool_1", "order-lookup");
    answer["enabled"] = json!(false);
    api("PUT", "/v1/Tools/aia_tool_1")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"enabled": false, "name": "order-lookup", "type": "WEBHOOK"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let tool = client_for(&server)
        .tools()
        .update(id::<ToolId>("aia_tool_1"))
        .enabled(false)
        .name("order-lookup")
        .r#type(models::ToolType::Webhook)
        .send()
        .await
        .expect("UpdateTool succeeds");

    assert_eq!(tool.id, "aia_tool_1");
    assert_eq!(tool.name, "order-lookup");
    assert!(!tool.enabled);
    assert_eq!(tool.r#type, models::ToolType::Webhook);
    assert_eq!(tool.date_updated.timestamp(), UPDATED_TS);
}

/// `DeleteTool` sends `DELETE /v1/Tools/{id}` without query or body and maps the 204
/// answer to `Ok(())`.
#[tokio::test]
async fn delete_tool_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Tools/aia_tool_1")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .tools()
        .delete(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("DeleteTool succeeds");
}

/// Every request carries the client's `User-Agent` (`twilio-assistants/<version>`), and
/// requests with a body declare it as JSON.
#[tokio::test]
async fn requests_carry_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(header_regex(
        "user-agent",
        r"^twilio-assistants/\d+\.\d+\.\d+",
    ))
    .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
    .respond_with(ResponseTemplate::new(204))
    .expect(2)
    .mount(&server)
    .await;

    let client = client_for(&server);
    client
        .tools()
        .delete(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("DeleteTool succeeds");
    client
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .attach(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("AttachAssistantTool succeeds");
}

// ------------------------------------------------------------------------- paging

/// `.stream()` follows `meta.next_page_url` across three pages (each request
/// authenticated and carrying the link's query exactly) and yields all five items in
/// order, stopping at the page whose `next_page_url` is null; the same with the next page
/// prefetched.
#[tokio::test]
async fn stream_follows_next_page_links_across_three_pages() {
    for prefetch in [false, true] {
        let server = MockServer::start().await;
        mount_three_pages(&server, [1, 1, 1]).await;

        let ids: Vec<AssistantId> = paging_client_for(&server, prefetch)
            .assistants()
            .list()
            .page_size(2)
            .stream()
            .map_ok(|assistant| assistant.id)
            .try_collect()
            .await
            .expect("every page decodes");

        assert_eq!(
            ids,
            [
                "aia_asst_1",
                "aia_asst_2",
                "aia_asst_3",
                "aia_asst_4",
                "aia_asst_5"
            ],
            "prefetch {prefetch}"
        );
        server.verify().await;
    }
}

/// `.limit(n)` stops the stream after `n` items and requests no page it does not need:
/// 3 items need pages 1 and 2, 2 items need only page 1, 0 items need no request, and a
/// limit above the total yields everything; with the next page prefetched or not.
#[tokio::test]
async fn limit_stops_early_without_requesting_further_pages() {
    let cases: [(usize, &[&str], [u64; 3]); 4] = [
        (3, &["aia_asst_1", "aia_asst_2", "aia_asst_3"], [1, 1, 0]),
        (2, &["aia_asst_1", "aia_asst_2"], [1, 0, 0]),
        (0, &[], [0, 0, 0]),
        (
            10,
            &[
                "aia_asst_1",
                "aia_asst_2",
                "aia_asst_3",
                "aia_asst_4",
                "aia_asst_5",
            ],
            [1, 1, 1],
        ),
    ];
    for ((limit, expected_ids, expected_requests), prefetch) in cases
        .into_iter()
        .flat_map(|case| [(case, false), (case, true)])
    {
        let server = MockServer::start().await;
        mount_three_pages(&server, expected_requests).await;

        let ids: Vec<AssistantId> = paging_client_for(&server, prefetch)
            .assistants()
            .list()
            .page_size(2)
            .limit(limit)
            .stream()
            .map_ok(|assistant| assistant.id)
            .try_collect()
            .await
            .expect("every page decodes");

        assert_eq!(ids, expected_ids, "limit {limit}, prefetch {prefetch}");
        server.verify().await;
    }
}

/// With `prefetch_pages`, the next page is requested as soon as a page arrives: after the
/// first item, and with the stream not polled again, the server sees the second page's
/// request; without it, only the first.
#[tokio::test]
async fn prefetch_requests_the_next_page_before_the_items_run_out() {
    for prefetch in [false, true] {
        let server = MockServer::start().await;
        mount_three_pages(&server, [1, u64::from(prefetch), 0]).await;
        let client = paging_client_for(&server, prefetch);
        let mut stream = Box::pin(client.assistants().list().page_size(2).stream());
        let first = stream.next().await.expect("an item").expect("it decodes");
        assert_eq!(first.id, "aia_asst_1");

        let started = std::time::Instant::now();
        let mut seen = 0;
        while started.elapsed()
            < std::time::Duration::from_millis(if prefetch { 5000 } else { 300 })
        {
            seen = server
                .received_requests()
                .await
                .map_or(0, |requests| requests.len());
            if seen == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(seen, 1 + usize::from(prefetch), "prefetch {prefetch}");
        drop(stream);
        server.verify().await;
    }
}

/// `.pages()` yields each page whole, in order, with its own `meta`.
#[tokio::test]
async fn pages_yields_every_page_with_its_meta() {
    let server = MockServer::start().await;
    mount_three_pages(&server, [1, 1, 1]).await;

    let pages: Vec<models::AssistantList> = client_for(&server)
        .assistants()
        .list()
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .expect("every page decodes");

    assert_eq!(
        pages
            .iter()
            .map(|page| page.assistants.len())
            .collect::<Vec<_>>(),
        [2, 2, 1]
    );
    assert_eq!(
        pages.iter().map(|page| page.meta.page).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(pages[0]
        .meta
        .next_page_url
        .as_deref()
        .is_some_and(|link| link.ends_with("PageToken=PT2")));
    assert_eq!(pages[2].meta.next_page_url, None);
    server.verify().await;
}

/// A `next_page_url` that is an empty string ends the stream like `null` does.
#[tokio::test]
async fn empty_next_page_url_ends_the_stream() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "only")],
            "meta": meta_json("tools", &list, 0, 50, Some(""))
        })))
        .expect(1)
        .mount(&server)
        .await;

    let tools: Vec<models::Tool> = client_for(&server)
        .tools()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("the page decodes");
    assert_eq!(tools.len(), 1);
    assert_tool(&tools[0], "aia_tool_1", "only");
}

/// A next-page link given relative to the API (`/v1/...`, as `next_page_uri` would be)
/// is resolved against the client's base URL and followed with the credentials.
#[tokio::test]
async fn relative_next_page_link_is_resolved_against_the_base_url() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants/aia_asst_1/Tools", server.uri());
    api("GET", "/v1/Assistants/aia_asst_1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "first")],
            "meta": meta_json("tools", &list, 0, 1, Some("/v1/Assistants/aia_asst_1/Tools?PageSize=1&Page=1&PageToken=PT1"))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_1/Tools")
        .and(query_is(&[
            ("PageSize", "1"),
            ("Page", "1"),
            ("PageToken", "PT1"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "second")],
            "meta": meta_json("tools", &list, 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let names: Vec<String> = client_for(&server)
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .list()
        .stream()
        .map_ok(|tool| tool.name)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(names, ["first", "second"]);
}

/// An error answer on a later page is yielded after the items of the earlier pages, and
/// the stream ends after it; also when that page was requested ahead.
#[tokio::test]
async fn an_error_on_a_later_page_is_yielded_and_ends_the_stream() {
    for prefetch in [false, true] {
        an_error_on_a_later_page(prefetch).await;
    }
}

async fn an_error_on_a_later_page(prefetch: bool) {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "a"), tool_json("aia_tool_2", "b")],
            "meta": meta_json("tools", &list, 0, 2, Some(&format!("{list}?Page=1&PageToken=PT1")))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Tools")
        .and(query_is(&[("Page", "1"), ("PageToken", "PT1")]))
        .respond_with(json_response(
            503,
            r#"{"code":20503,"message":"Service unavailable","more_info":"https://www.twilio.com/docs/errors/20503","status":503}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut stream = Box::pin(paging_client_for(&server, prefetch).tools().list().stream());
    assert_eq!(
        stream
            .next()
            .await
            .expect("item 1")
            .expect("item 1 decodes")
            .id,
        "aia_tool_1"
    );
    assert_eq!(
        stream
            .next()
            .await
            .expect("item 2")
            .expect("item 2 decodes")
            .id,
        "aia_tool_2"
    );
    match stream.next().await.expect("an error item") {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 503);
            assert_eq!(error.code, Some(20503));
            assert_eq!(error.operation, "ListTools");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

/// A next-page link to another origin (another host, port or scheme, or a host hidden
/// behind user info) is refused with `Error::ForeignLink` after the first page's items,
/// before anything is sent there: the credentials never leave the base URL's origin.
#[tokio::test]
async fn next_page_links_to_another_origin_are_refused_before_sending() {
    let server = MockServer::start().await;
    let address = server.address();
    let foreign = [
        "http://127.0.0.2:9/v1/Assistants?PageToken=x".to_owned(),
        format!(
            "http://127.0.0.1:{}/v1/Assistants?PageToken=x",
            closed_port()
        ),
        format!("https://{address}/v1/Assistants?PageToken=x"),
        format!("http://{address}@127.0.0.2:9/v1/Assistants?PageToken=x"),
    ];
    let list = format!("{}/v1/Assistants", server.uri());
    for (index, link) in foreign.iter().enumerate() {
        let token = format!("case{index}");
        api("GET", "/v1/Assistants")
            .and(query_is(&[("PageToken", &token)]))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "assistants": [assistant_json("aia_asst_1", "Support")],
                "meta": meta_json("assistants", &list, 0, 1, Some(link))
            })))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client_for(&server);
    for (index, link) in foreign.iter().enumerate() {
        let mut stream = Box::pin(
            client
                .assistants()
                .list()
                .page_token(format!("case{index}"))
                .stream(),
        );
        let first = stream
            .next()
            .await
            .expect("the first page's item")
            .expect("the first page decodes");
        assert_assistant(&first, "aia_asst_1", "Support");
        match stream.next().await.expect("an error item") {
            Err(Error::ForeignLink {
                operation,
                url,
                base_url,
            }) => {
                assert_eq!(operation, "ListAssistants");
                assert_eq!(&url, link);
                assert_eq!(base_url, server.uri());
            }
            other => panic!("expected Error::ForeignLink for {link}, got {other:?}"),
        }
        assert!(
            stream.next().await.is_none(),
            "the stream ends after the refusal"
        );
    }

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        foreign.len(),
        "only the first pages were requested"
    );
}

// ----------------------------------------------------------------- error mapping

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

/// Values the client does not know yet are kept, not refused: an unknown tool `type`
/// decodes to `ToolType::Unknown("MCP")` (shown as `MCP`), an unknown knowledge status
/// and type to `KnowledgeStatus::Unknown` / `KnowledgeType::Unknown`, and properties the
/// document does not declare land in the `extra` map of the object that holds them (an
/// item or the page itself). With the `strict` feature these are decode errors instead
/// (see `tests/model_features.rs`), so this test only runs without it.
#[cfg(not(feature = "strict"))]
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

// ------------------------------------------------------------- path parameters

/// Path parameters are percent-encoded as one segment, whatever they hold. Identifier
/// types only check their prefix, so `aia_asst_a/../b?c#d` is a valid `AssistantId`; it
/// is requested as `/v1/Assistants/aia_asst_a%2F..%2Fb%3Fc%23d` (not as a deeper or a
/// shorter path, a query or a fragment). Spaces and non-ASCII characters are encoded in
/// nested paths too, and so are the plain-string Session ids. A hostile id in a query
/// parameter stays one parameter.
#[tokio::test]
async fn path_parameters_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    let hostile = "aia_asst_a/../b?c#d";
    let mut body = assistant_json(hostile, "Odd");
    body["tools"] = json!([]);
    body["knowledge"] = json!([]);
    api("GET", "/v1/Assistants/aia_asst_a%2F..%2Fb%3Fc%23d")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    api(
        "DELETE",
        "/v1/Assistants/aia_asst_x%20y%23z/Tools/aia_tool_%C3%A9t%C3%A9",
    )
    .and(query_is(&[]))
    .respond_with(ResponseTemplate::new(204))
    .expect(1)
    .mount(&server)
    .await;
    api("GET", "/v1/Knowledge/aia_know_..%2F..%2FTools/Status")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "QUEUED"})))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Sessions/a%2Fb%3Fc%23d")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json("a/b?c#d", "u")))
        .expect(1)
        .mount(&server)
        .await;
    let sessions = format!("{}/v1/Sessions/..%2FSessions/Messages", server.uri());
    api("GET", "/v1/Sessions/..%2FSessions/Messages")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"messages": [], "meta": meta_json("messages", &sessions, 0, 50, None)}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let tools = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .and(query_is(&[("AssistantId", "aia_asst_1&PageSize=1#x")]))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"tools": [], "meta": meta_json("tools", &tools, 0, 50, None)}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let hostile_id: AssistantId = id(hostile);
    let assistant = client
        .assistants()
        .fetch(&hostile_id)
        .send()
        .await
        .expect("the encoded path is requested");
    assert_eq!(assistant.id, hostile_id);
    assert_eq!(assistant.id, hostile);
    client
        .assistants()
        .tools(id::<AssistantId>("aia_asst_x y#z"))
        .detach(id::<ToolId>("aia_tool_été"))
        .send()
        .await
        .expect("the encoded path is requested");
    let status = client
        .knowledge()
        .status(id::<KnowledgeId>("aia_know_../../Tools"))
        .fetch()
        .send()
        .await
        .expect("the encoded path is requested");
    assert_eq!(status.status, models::KnowledgeStatus::Queued);
    let session = client
        .sessions()
        .fetch("a/b?c#d")
        .send()
        .await
        .expect("the encoded path is requested");
    assert_eq!(session.id.as_deref(), Some("a/b?c#d"));
    let messages = client
        .sessions()
        .messages("../Sessions")
        .list()
        .send()
        .await
        .expect("the encoded path is requested");
    assert!(messages.messages.is_empty());
    client
        .tools()
        .list()
        .assistant_id(id::<AssistantId>("aia_asst_1&PageSize=1#x"))
        .send()
        .await
        .expect("the encoded query is sent");

    let requests = server.received_requests().await.expect("recording is on");
    let paths: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/v1/Assistants/aia_asst_a%2F..%2Fb%3Fc%23d",
            "/v1/Assistants/aia_asst_x%20y%23z/Tools/aia_tool_%C3%A9t%C3%A9",
            "/v1/Knowledge/aia_know_..%2F..%2FTools/Status",
            "/v1/Sessions/a%2Fb%3Fc%23d",
            "/v1/Sessions/..%2FSessions/Messages",
            "/v1/Tools",
        ]
    );
}

/// Identifier types cannot hold values that would change a route: ``, `.`, `..`, a bare
/// prefix, another type's id, or anything else that does not match the type's pattern
/// is refused by `parse`, `TryFrom<&str>` and `TryFrom<String>` with an `InvalidId`
/// naming the type, the pattern and the value, and `?` turns it into
/// `Error::InvalidId`. Valid values keep their text.
#[test]
fn identifier_types_refuse_values_that_do_not_match_their_pattern() {
    for bad in [
        "",
        ".",
        "..",
        "aia_asst_",
        "aia_tool_1",
        "../aia_asst_1",
        " aia_asst_1",
    ] {
        for result in [
            bad.parse::<AssistantId>(),
            AssistantId::try_from(bad),
            AssistantId::try_from(bad.to_owned()),
        ] {
            let error = result.expect_err(bad);
            assert_eq!(error.kind, "AssistantId");
            assert_eq!(error.pattern, "^aia_asst_.+$");
            assert_eq!(error.pattern, AssistantId::PATTERN);
            assert_eq!(error.value, bad);
            let shown = error.to_string();
            assert!(shown.contains("^aia_asst_.+$"), "{shown}");
            assert!(shown.contains("AssistantId"), "{shown}");
            assert!(shown.contains(&format!("`{bad}`")), "{shown}");
        }
    }
    for bad in ["", ".", ".."] {
        let error = bad.parse::<ToolId>().expect_err(bad);
        assert_eq!((error.kind, error.pattern), ("ToolId", "^aia_tool_.+$"));
        let error = bad.parse::<KnowledgeId>().expect_err(bad);
        assert_eq!(
            (error.kind, error.pattern),
            ("KnowledgeId", "^aia_know_.+$")
        );
    }
    // Account SIDs are `AC` and exactly 32 hexadecimal digits.
    for bad in [
        "AC",
        "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ACgggggggggggggggggggggggggggggggg",
    ] {
        let error = bad.parse::<models::AccountSid>().expect_err(bad);
        assert!(error.to_string().contains("^AC[0-9a-fA-F]{32}$"), "{error}");
    }

    fn parse_with_question_mark(value: &str) -> twilio_assistants::Result<AssistantId> {
        Ok(value.parse::<AssistantId>()?)
    }
    match parse_with_question_mark("..") {
        Err(Error::InvalidId(error)) => {
            assert_eq!(error.value, "..");
            assert_eq!(error.kind, "AssistantId");
        }
        other => panic!("expected Error::InvalidId, got {other:?}"),
    }
    let error = parse_with_question_mark("").expect_err("empty");
    assert!(error.to_string().contains("^aia_asst_.+$"), "{error}");

    let valid = parse_with_question_mark("aia_asst_1").expect("a valid id");
    assert_eq!(valid.as_str(), "aia_asst_1");
    assert_eq!(valid.to_string(), "aia_asst_1");
    assert_eq!(AsRef::<str>::as_ref(&valid), "aia_asst_1");
    assert_eq!(String::from(valid.clone()), "aia_asst_1");
    assert_eq!(valid.into_string(), "aia_asst_1");
    let sid: models::AccountSid = id(ACCOUNT_SID);
    assert_eq!(sid, ACCOUNT_SID);
}

/// Empty, `.` and `..` path parameters, which URL normalisation would turn into another
/// route, are still possible where the parameter is a plain string (the Session ids of
/// `FetchSession` and `ListMessages`). They are refused with `Error::InvalidArgument`
/// naming the operation, by `.send()` and by `.stream()`, and no request is sent.
#[tokio::test]
async fn dot_and_empty_path_parameters_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);

    for bad in ["", ".", ".."] {
        let results: [(&str, twilio_assistants::Result<()>); 2] = [
            (
                "FetchSession",
                client.sessions().fetch(bad).send().await.map(drop),
            ),
            (
                "ListMessages",
                client
                    .sessions()
                    .messages(bad)
                    .list()
                    .page_size(10)
                    .send()
                    .await
                    .map(drop),
            ),
        ];
        for (expected_operation, result) in results {
            match result {
                Err(Error::InvalidArgument { operation, message }) => {
                    assert_eq!(operation, expected_operation, "{bad:?}");
                    assert!(message.contains("path parameter"), "{message}");
                }
                other => panic!("{expected_operation} with {bad:?}: expected Error::InvalidArgument, got {other:?}"),
            }
        }
        let streamed: Vec<_> = client
            .sessions()
            .messages(bad)
            .list()
            .stream()
            .collect()
            .await;
        assert_eq!(streamed.len(), 1, "the stream yields the refusal and ends");
        assert!(
            matches!(
                streamed[0],
                Err(Error::InvalidArgument {
                    operation: "ListMessages",
                    ..
                })
            ),
            "{streamed:?}"
        );
    }

    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing was sent: {requests:?}");
}

// ------------------------------------------------------ transport and configuration

/// A base URL on which nothing listens (connection refused) becomes `Error::Connection`
/// naming the operation and carrying the connect error; it has no HTTP status. (Without
/// retries here; `tests/faults.rs` shows the retries.)
#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let client = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .allow_http(true)
        .retry(twilio_assistants::RetryPolicy::none())
        .build()
        .expect("a client");

    let error = client
        .assistants()
        .list()
        .send()
        .await
        .expect_err("nothing listens");

    assert_eq!(error.status(), None);
    assert!(!error.is_not_found());
    match &error {
        Error::Connection { operation, source } => {
            assert_eq!(*operation, "ListAssistants");
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
    assert!(error.to_string().contains("ListAssistants"), "{error}");

    let streamed: Vec<_> = client.tools().list().stream().collect().await;
    assert!(
        matches!(
            streamed.as_slice(),
            [Err(Error::Connection {
                operation: "ListTools",
                ..
            })]
        ),
        "{streamed:?}"
    );
}

/// A base URL with a trailing slash or with a path prefix (a proxy) is joined with the
/// operation paths without doubling or dropping slashes, and page links under the
/// prefix are followed.
#[tokio::test]
async fn base_urls_with_trailing_slash_or_prefix_are_joined_correctly() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Tools/aia_tool_1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let prefix = format!("{}/proxy/twilio", server.uri());
    api("GET", "/proxy/twilio/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "a")],
            "meta": meta_json("tools", &format!("{prefix}/v1/Tools"), 0, 1, Some(&format!("{prefix}/v1/Tools?Page=1")))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/proxy/twilio/v1/Tools")
        .and(query_is(&[("Page", "1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "b")],
            "meta": meta_json("tools", &format!("{prefix}/v1/Tools"), 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let slash = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(format!("{}/", server.uri()))
        .allow_http(true)
        .build()
        .expect("a client");
    assert_eq!(slash.base_url(), server.uri());
    slash
        .tools()
        .delete(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("DeleteTool succeeds");

    let prefixed = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(&prefix)
        .allow_http(true)
        .build()
        .expect("a client");
    let ids: Vec<ToolId> = prefixed
        .tools()
        .list()
        .stream()
        .map_ok(|tool| tool.id)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(ids, ["aia_tool_1", "aia_tool_2"]);
}

/// Building a client: without credentials, or with a base URL that is not an absolute
/// http(s) URL, is `Error::Config`; `Client::new` uses Twilio's base URL; the debug
/// output of clients and builders never shows the auth token.
#[test]
fn client_configuration_is_validated_and_the_token_is_never_shown() {
    match Client::builder().build() {
        Err(Error::Config(message)) => assert!(message.contains("credentials"), "{message}"),
        other => panic!("expected Error::Config, got {other:?}"),
    }
    for bad in [
        "not a url",
        "ftp://127.0.0.1/",
        "/v1",
        "mailto:someone@example.com",
        "",
    ] {
        match Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(bad)
            .build()
        {
            Err(Error::Config(_)) => {}
            other => panic!("{bad:?}: expected Error::Config, got {other:?}"),
        }
    }

    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN).expect("a client");
    assert_eq!(client.base_url(), "https://assistants.twilio.com");
    assert_eq!(
        client.base_url(),
        twilio_assistants::resources::DEFAULT_BASE_URL
    );
    assert_eq!(client.account_sid(), ACCOUNT_SID);
    let shown = format!(
        "{client:?} {:?}",
        Client::builder().credentials(ACCOUNT_SID, AUTH_TOKEN)
    );
    assert!(!shown.contains(AUTH_TOKEN), "{shown}");
    assert!(shown.contains(ACCOUNT_SID), "{shown}");
}

/// `PageSize` outside the spec's 1..=1000 (and `Page` below 0) is refused before any
/// request is sent: the server sees nothing.
#[tokio::test]
async fn page_size_outside_its_bounds_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    for (page_size, page) in [(0, 0), (1001, 0), (50, -1)] {
        let result = client
            .assistants()
            .list()
            .page_size(page_size)
            .page(page)
            .send()
            .await;
        match result {
            Err(Error::InvalidArgument { operation, message }) => {
                assert_eq!(operation, "ListAssistants");
                let name = if page < 0 { "`Page`" } else { "`PageSize`" };
                assert!(message.contains(name), "{message}");
            }
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "nothing may be sent: {received:?}");
}
