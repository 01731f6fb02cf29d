//! The conversation operations:
//! - sending a message to an Assistant: `CreateMessage` (`POST
//!   /v1/Assistants/{id}/Messages`), with a successful and a failed outcome;
//! - feedback on an Assistant's answers: `ListFeedback` and `CreateFeedback`
//!   (`/v1/Assistants/{id}/Feedbacks`);
//! - reading conversations back: `ListSessions`, `FetchSession` and `ListMessages`
//!   (`/v1/Sessions`, `/v1/Sessions/{id}`, `/v1/Sessions/{sessionId}/Messages`), whose
//!   session ids are caller-chosen plain strings.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId, MessageId};
use twilio_assistants::TryStreamExt;
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, ResponseTemplate};

// ----------------------------------------------------- /v1/Assistants/{id}/Messages

/// `CreateMessage` sends `POST /v1/Assistants/{id}/Messages` with a JSON body holding
/// the two required arguments and every optional field set (`mode` written as `"chat"`),
/// and decodes a successful `SendMessageResponse`.
#[tokio::test]
async fn create_message_posts_the_json_body_and_decodes_the_answer() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants/aia_asst_1/Messages")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "identity": "user@example.com",
            "body": "Where is my order?",
            "session_id": "support-chat-42",
            "webhook": "https://example.com/assistant-answers",
            "mode": "chat"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success",
            "flagged": false,
            "aborted": false,
            "session_id": "support-chat-42",
            "account_sid": ACCOUNT_SID,
            "body": "Your order shipped yesterday."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let reply = client_for(&server)
        .assistants()
        .messages(id::<AssistantId>("aia_asst_1"))
        .create("user@example.com", "Where is my order?")
        .session_id("support-chat-42")
        .webhook("https://example.com/assistant-answers")
        .mode(models::MessageMode::Chat)
        .send()
        .await
        .expect("CreateMessage succeeds");

    assert_eq!(reply.status, models::SendMessageStatus::Success);
    assert_eq!(reply.flagged, Some(false));
    assert_eq!(reply.aborted, Some(false));
    assert_eq!(reply.session_id, "support-chat-42");
    assert_eq!(reply.account_sid, ACCOUNT_SID);
    assert_eq!(reply.body.as_deref(), Some("Your order shipped yesterday."));
    assert_eq!(reply.error, None);
}

/// `CreateMessage` with only the required arguments sends exactly `{"identity": ...,
/// "body": ...}`, and a `202 Accepted` answer whose outcome is a failure decodes with its
/// `error` and without a `body`.
#[tokio::test]
async fn create_message_with_required_fields_only_decodes_a_202_failure() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants/aia_asst_1/Messages")
        .and(query_is(&[]))
        .and(body_json(
            json!({"identity": "user@example.com", "body": "Hello?"}),
        ))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "status": "failure",
            "aborted": true,
            "session_id": "a1b2c3",
            "account_sid": ACCOUNT_SID,
            "error": "The assistant has no model configured."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let reply = client_for(&server)
        .assistants()
        .messages(id::<AssistantId>("aia_asst_1"))
        .create("user@example.com", "Hello?")
        .send()
        .await
        .expect("CreateMessage succeeds");

    assert_eq!(reply.status, models::SendMessageStatus::Failure);
    assert_eq!(reply.aborted, Some(true));
    assert_eq!(reply.flagged, None);
    assert_eq!(reply.session_id, "a1b2c3");
    assert_eq!(reply.account_sid, ACCOUNT_SID);
    assert_eq!(reply.body, None);
    assert_eq!(
        reply.error.as_deref(),
        Some("The assistant has no model configured.")
    );
}

// ---------------------------------------------------- /v1/Assistants/{id}/Feedbacks

/// `ListFeedback` sends `GET /v1/Assistants/{id}/Feedbacks` with exactly the `Page`,
/// `PageSize` and `PageToken` query parameters and no body, and decodes a `FeedbackList`
/// with every field of each entry (the score as a number).
#[tokio::test]
async fn list_feedback_sends_paging_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants/aia_asst_1/Feedbacks", server.uri());
    let mut low = feedback_json("aia_fdbk_2", "aia_asst_1", 0.25);
    low["text"] = json!("The answer was outdated.");
    api("GET", "/v1/Assistants/aia_asst_1/Feedbacks")
        .and(query_is(&[
            ("Page", "2"),
            ("PageSize", "2"),
            ("PageToken", "PT2"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "feedbacks": [feedback_json("aia_fdbk_1", "aia_asst_1", 0.9), low],
            "meta": meta_json("feedbacks", &list, 2, 2, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .assistants()
        .feedbacks(id::<AssistantId>("aia_asst_1"))
        .list()
        .page(2)
        .page_size(2)
        .page_token("PT2")
        .send()
        .await
        .expect("ListFeedback succeeds");

    assert_eq!(page.feedbacks.len(), 2);
    let first = &page.feedbacks[0];
    assert_eq!(first.id, "aia_fdbk_1");
    assert_eq!(first.assistant_id, "aia_asst_1");
    assert_eq!(text(&first.account_sid), Some(ACCOUNT_SID));
    assert_eq!(text(&first.user_sid), Some(USER_SID));
    assert_eq!(first.message_id, "aia_msg_2");
    assert_eq!(first.score, 0.9);
    assert_eq!(first.session_id, "support-chat-42");
    assert_eq!(first.text, "The answer was right.");
    assert_eq!(first.date_created.timestamp(), CREATED_TS);
    assert_eq!(first.date_updated.timestamp(), UPDATED_TS);
    assert_eq!(page.feedbacks[1].id, "aia_fdbk_2");
    assert_eq!(page.feedbacks[1].score, 0.25);
    assert_eq!(page.feedbacks[1].text, "The answer was outdated.");
    assert_eq!(page.meta.key, "feedbacks");
    assert_eq!(page.meta.page, 2);
    assert_eq!(
        page.meta.previous_page_url,
        Some(format!("{list}?PageSize=2&Page=1"))
    );
}

/// `CreateFeedback` sends `POST /v1/Assistants/{id}/Feedbacks` with a JSON body holding
/// the required `session_id` and every optional field set (the score written as `0.9`),
/// and decodes the 201 answer as a `Feedback`.
#[tokio::test]
async fn create_feedback_posts_the_json_body_and_decodes_the_201_answer() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants/aia_asst_1/Feedbacks")
        .and(query_is(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "session_id": "support-chat-42",
            "message_id": "aia_msg_2",
            "score": 0.9,
            "text": "The answer was right."
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(feedback_json(
            "aia_fdbk_1",
            "aia_asst_1",
            0.9,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let feedback = client_for(&server)
        .assistants()
        .feedbacks(id::<AssistantId>("aia_asst_1"))
        .create("support-chat-42")
        .message_id(id::<MessageId>("aia_msg_2"))
        .score(0.9)
        .text("The answer was right.")
        .send()
        .await
        .expect("CreateFeedback succeeds");

    assert_eq!(feedback.id, "aia_fdbk_1");
    assert_eq!(feedback.assistant_id, "aia_asst_1");
    assert_eq!(feedback.message_id, "aia_msg_2");
    assert_eq!(feedback.session_id, "support-chat-42");
    assert_eq!(feedback.score, 0.9);
    assert_eq!(feedback.text, "The answer was right.");
    assert_eq!(text(&feedback.user_sid), Some(USER_SID));
    assert_eq!(feedback.date_created.timestamp(), CREATED_TS);

    let requests = server.received_requests().await.expect("recording is on");
    let sent = String::from_utf8_lossy(&requests[0].body);
    assert!(sent.contains(r#""score":0.9"#), "{sent}");
}

/// `CreateFeedback` with only the required session id sends exactly
/// `{"session_id": ...}`.
#[tokio::test]
async fn create_feedback_omits_unset_optional_fields() {
    let server = MockServer::start().await;
    api("POST", "/v1/Assistants/aia_asst_1/Feedbacks")
        .and(query_is(&[]))
        .and(body_json(json!({"session_id": "support-chat-42"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(feedback_json(
            "aia_fdbk_3",
            "aia_asst_1",
            1.0,
        )))
        .expect(1)
        .mount(&server)
        .await;

    let feedback = client_for(&server)
        .assistants()
        .feedbacks(id::<AssistantId>("aia_asst_1"))
        .create("support-chat-42")
        .send()
        .await
        .expect("CreateFeedback succeeds");

    assert_eq!(feedback.id, "aia_fdbk_3");
    assert_eq!(feedback.score, 1.0);
}

// ------------------------------------------------------------------- /v1/Sessions

/// `ListSessions` sends `GET /v1/Sessions` with exactly the `Page`, `PageSize` and
/// `PageToken` query parameters and no body, and decodes a `SessionList` with every
/// field of each session (and a session that has only an id).
#[tokio::test]
async fn list_sessions_sends_paging_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Sessions", server.uri());
    let next = format!("{list}?PageSize=2&Page=1&PageToken=PT1");
    api("GET", "/v1/Sessions")
        .and(query_is(&[
            ("Page", "0"),
            ("PageSize", "2"),
            ("PageToken", "PT0"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "sessions": [session_json("support-chat-42", "user@example.com"), {"id": "bare"}],
            "meta": meta_json("sessions", &list, 0, 2, Some(&next))
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .sessions()
        .list()
        .page(0)
        .page_size(2)
        .page_token("PT0")
        .send()
        .await
        .expect("ListSessions succeeds");

    assert_eq!(page.sessions.len(), 2);
    let session = &page.sessions[0];
    assert_eq!(session.id.as_deref(), Some("support-chat-42"));
    assert_eq!(text(&session.account_sid), Some(ACCOUNT_SID));
    assert_eq!(text(&session.assistant_id), Some("aia_asst_1"));
    assert_eq!(session.verified, Some(true));
    assert_eq!(session.identity.as_deref(), Some("user@example.com"));
    assert_eq!(
        session.date_created.map(|date| date.timestamp()),
        Some(CREATED_TS)
    );
    assert_eq!(
        session.date_updated.map(|date| date.timestamp()),
        Some(UPDATED_TS)
    );
    assert_eq!(
        page.sessions[1],
        models::Session {
            id: Some("bare".into()),
            ..Default::default()
        }
    );
    assert_eq!(page.meta.key, "sessions");
    assert_eq!(page.meta.next_page_url.as_deref(), Some(next.as_str()));
}

/// `FetchSession` sends `GET /v1/Sessions/{id}` with the caller-chosen session name as
/// the id (percent-encoded: `support chat/42` is one segment), without query or body,
/// and decodes the `Session`.
#[tokio::test]
async fn fetch_session_decodes_every_field() {
    let server = MockServer::start().await;
    api("GET", "/v1/Sessions/support-chat-42")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(session_json("support-chat-42", "user@example.com")),
        )
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Sessions/support%20chat%2F42")
        .and(query_is(&[]))
        .and(NoBody)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(session_json("support chat/42", "user@example.com")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let session = client
        .sessions()
        .fetch("support-chat-42")
        .send()
        .await
        .expect("FetchSession succeeds");
    assert_eq!(session.id.as_deref(), Some("support-chat-42"));
    assert_eq!(text(&session.account_sid), Some(ACCOUNT_SID));
    assert_eq!(text(&session.assistant_id), Some("aia_asst_1"));
    assert_eq!(session.verified, Some(true));
    assert_eq!(session.identity.as_deref(), Some("user@example.com"));
    assert_eq!(
        session.date_created.map(|date| date.timestamp()),
        Some(CREATED_TS)
    );
    assert!(session.extra.is_empty());

    let session = client
        .sessions()
        .fetch(String::from("support chat/42"))
        .send()
        .await
        .expect("FetchSession succeeds");
    assert_eq!(session.id.as_deref(), Some("support chat/42"));
}

/// `ListMessages` sends `GET /v1/Sessions/{sessionId}/Messages` with exactly the `Page`,
/// `PageSize` and `PageToken` query parameters and no body, and decodes a `MessageList`:
/// the user's message and the Assistant's answer with every field.
#[tokio::test]
async fn list_messages_sends_paging_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Sessions/support-chat-42/Messages", server.uri());
    api("GET", "/v1/Sessions/support-chat-42/Messages")
        .and(query_is(&[
            ("Page", "0"),
            ("PageSize", "50"),
            ("PageToken", "PT0"),
        ]))
        .and(NoBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messages": [
                message_json("aia_msg_1", "user", "Where is my order?"),
                message_json("aia_msg_2", "assistant", "Your order shipped yesterday.")
            ],
            "meta": meta_json("messages", &list, 0, 50, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server)
        .sessions()
        .messages("support-chat-42")
        .list()
        .page(0)
        .page_size(50)
        .page_token("PT0")
        .send()
        .await
        .expect("ListMessages succeeds");

    assert_eq!(page.messages.len(), 2);
    let question = &page.messages[0];
    assert_eq!(text(&question.id), Some("aia_msg_1"));
    assert_eq!(text(&question.account_sid), Some(ACCOUNT_SID));
    assert_eq!(text(&question.assistant_id), Some("aia_asst_1"));
    assert_eq!(question.session_id.as_deref(), Some("support-chat-42"));
    assert_eq!(question.identity.as_deref(), Some("user@example.com"));
    assert_eq!(question.role.as_deref(), Some("user"));
    assert_eq!(
        question.content,
        Some(json!({"text": "Where is my order?"}))
    );
    assert_eq!(question.meta, Some(json!({"channel": "chat"})));
    assert_eq!(
        question.date_created.map(|date| date.timestamp()),
        Some(CREATED_TS)
    );
    assert_eq!(
        question.date_updated.map(|date| date.timestamp()),
        Some(UPDATED_TS)
    );
    let answer = &page.messages[1];
    assert_eq!(text(&answer.id), Some("aia_msg_2"));
    assert_eq!(answer.role.as_deref(), Some("assistant"));
    assert_eq!(
        answer.content,
        Some(json!({"text": "Your order shipped yesterday."}))
    );
    assert_eq!(page.meta.key, "messages");
    assert_eq!(page.meta.page_size, 50);
}

/// `ListMessages` `.stream()` walks the pages of a session and yields the messages in
/// order; `.limit(3)` stops before requesting a third page.
#[tokio::test]
async fn list_messages_stream_walks_the_pages_up_to_the_limit() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Sessions/support-chat-42/Messages", server.uri());
    for (page, token, next) in [(0, None, Some("PT1")), (1, Some("PT1"), Some("PT2"))] {
        let query: Vec<(&str, &str)> = match token {
            None => vec![("PageSize", "2")],
            Some(token) => vec![("PageSize", "2"), ("PageToken", token)],
        };
        let next = next.map(|token| format!("{list}?PageSize=2&PageToken={token}"));
        api("GET", "/v1/Sessions/support-chat-42/Messages")
            .and(query_is(&query))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "messages": [
                    message_json(&format!("aia_msg_{}", 2 * page + 1), "user", "question"),
                    message_json(&format!("aia_msg_{}", 2 * page + 2), "assistant", "answer")
                ],
                "meta": meta_json("messages", &list, page, 2, next.as_deref())
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    api("GET", "/v1/Sessions/support-chat-42/Messages")
        .and(query_is(&[("PageSize", "2"), ("PageToken", "PT2")]))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let ids: Vec<Option<MessageId>> = client_for(&server)
        .sessions()
        .messages("support-chat-42")
        .list()
        .page_size(2)
        .limit(3)
        .stream()
        .map_ok(|message| message.id)
        .try_collect()
        .await
        .expect("the pages decode");

    let ids: Vec<&str> = ids.iter().filter_map(text).collect();
    assert_eq!(ids, ["aia_msg_1", "aia_msg_2", "aia_msg_3"]);
}
