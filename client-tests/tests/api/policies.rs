//! `ListPolicies` (`GET /v1/Policies`): the `ToolId` and `KnowledgeId` filters (typed
//! ids, sent as they are), the paging parameters, the decoded `Policy` fields, and
//! `.stream()` over two pages.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, KnowledgeId, PolicyId, ToolId};
use twilio_assistants::TryStreamExt;
use wiremock::{MockServer, ResponseTemplate};

/// `ListPolicies` sends `GET /v1/Policies` with exactly the `ToolId`, `Page`, `PageSize`
/// and `PageToken` query parameters and no body, and decodes a `PolicyList`: a policy
/// with every field, and one with only the required `type` and `policy_details`.
#[tokio::test]
async fn list_policies_of_a_tool_sends_the_filter_and_paging_parameters() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Policies", server.uri());
    api("GET", "/v1/Policies")
        .and(query_is(&[
            ("ToolId", "aia_tool_1"),
            ("Page", "0"),
            ("PageSize", "10"),
            ("PageToken", "PT0"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "policies": [
                policy_json("aia_plcy_1", "verified-only"),
                {"type": "RATE_LIMIT", "policy_details": {"per_minute": 10}}
            ],
            "meta": meta_json("policies", &list, 0, 10, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .policies()
        .list()
        .tool_id(id::<ToolId>("aia_tool_1"))
        .page(0)
        .page_size(10)
        .page_token("PT0")
        .send()
        .await
        .expect("ListPolicies succeeds");

    assert_eq!(page.policies.len(), 2);
    assert_policy(&page.policies[0], "aia_plcy_1", "verified-only");
    assert_eq!(
        page.policies[1],
        models::Policy {
            r#type: "RATE_LIMIT".into(),
            policy_details: json!({"per_minute": 10}),
            ..Default::default()
        }
    );
    assert_eq!(page.meta.key, "policies");
    assert_eq!(page.meta.page_size, 10);
    assert_eq!(page.meta.next_page_url, None);
}

/// `ListPolicies` filtered by a knowledge source sends exactly `KnowledgeId`; both
/// filters together send both, and no filter sends no query at all.
#[tokio::test]
async fn list_policies_sends_exactly_the_filters_that_were_set() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Policies", server.uri());
    let cases: [&[(&str, &str)]; 3] = [
        &[("KnowledgeId", "aia_know_1")],
        &[("ToolId", "aia_tool_1"), ("KnowledgeId", "aia_know_1")],
        &[],
    ];
    for (index, query) in cases.into_iter().enumerate() {
        api("GET", "/v1/Policies")
            .and(query_is(query))
            .and(NoBody)
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "policies": [policy_json(&format!("aia_plcy_{index}"), "p")],
                "meta": meta_json("policies", &list, 0, 50, None)
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client_for(&server);
    let tool: ToolId = id("aia_tool_1");
    let knowledge: KnowledgeId = id("aia_know_1");

    let by_knowledge = client
        .policies()
        .list()
        .knowledge_id(&knowledge)
        .send()
        .await
        .expect("ListPolicies succeeds");
    let by_both = client
        .policies()
        .list()
        .tool_id(&tool)
        .knowledge_id(&knowledge)
        .send()
        .await
        .expect("ListPolicies succeeds");
    let unfiltered = client
        .policies()
        .list()
        .send()
        .await
        .expect("ListPolicies succeeds");

    let first_ids: Vec<Option<&PolicyId>> = [&by_knowledge, &by_both, &unfiltered]
        .iter()
        .map(|page| page.policies[0].id.as_ref())
        .collect();
    assert_eq!(
        first_ids,
        [
            Some(&id::<PolicyId>("aia_plcy_0")),
            Some(&id("aia_plcy_1")),
            Some(&id("aia_plcy_2"))
        ]
    );
}

/// `ListPolicies` `.stream()` follows `meta.next_page_url` and keeps the filter of the
/// first request in the link it follows, yielding the policies of both pages.
#[tokio::test]
async fn list_policies_stream_follows_the_next_page_link() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Policies", server.uri());
    let next = format!("{list}?ToolId=aia_tool_1&PageSize=1&Page=1&PageToken=PT1");
    api("GET", "/v1/Policies")
        .and(query_is(&[("ToolId", "aia_tool_1"), ("PageSize", "1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "policies": [policy_json("aia_plcy_1", "first")],
            "meta": meta_json("policies", &list, 0, 1, Some(&next))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Policies")
        .and(query_is(&[
            ("ToolId", "aia_tool_1"),
            ("PageSize", "1"),
            ("Page", "1"),
            ("PageToken", "PT1"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "policies": [policy_json("aia_plcy_2", "second")],
            "meta": meta_json("policies", &list, 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let policies: Vec<models::Policy> = client_for(&server)
        .policies()
        .list()
        .tool_id(id::<ToolId>("aia_tool_1"))
        .page_size(1)
        .stream()
        .try_collect()
        .await
        .expect("both pages decode");

    assert_eq!(policies.len(), 2);
    assert_policy(&policies[0], "aia_plcy_1", "first");
    assert_policy(&policies[1], "aia_plcy_2", "second");
}
