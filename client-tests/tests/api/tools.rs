//! `/v1/Tools`: `ListTools`, `CreateTool`, `FetchTool` (with the Tool's Policies),
//! `UpdateTool`, `DeleteTool`; and `/v1/Assistants/{assistantId}/Tools`:
//! `ListAssistantTools`, `AttachAssistantTool`, `DetachAssistantTool`.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId, ToolId};
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, ResponseTemplate};

// ----------------------------------------------------------------------- /v1/Tools

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

// ---------------------------------------------- /v1/Assistants/{assistantId}/Tools

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
