//! Clearable update fields: `.clear_personality_prompt()` / `.clear_owner()` send JSON
//! `null`, and setters that are not called leave their field out of the body.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::AssistantId;
use wiremock::matchers::body_json;
use wiremock::{MockServer, ResponseTemplate};

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
