//! Helpers shared by the end-to-end test binaries in `tests/` (each `tests/<area>/main.rs`
//! includes this module with `#[path = "../common/mod.rs"] mod common;`): the test
//! credentials, clients for a wiremock server or any base URL, a retry policy with short
//! backoffs, a mock builder that checks method, path and authentication, request matchers
//! for the exact query and for the absence of a body, a raw TCP server for faults below
//! HTTP, JSON fixtures of every resource as the API sends it (valid against
//! `spec/assistants_v1.yaml`) and of Twilio's error body, and assertions on the decoded
//! fixtures.

// Every test binary uses its own subset of these helpers.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::fmt::Debug;
use std::future::Future;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use twilio_assistants::{models, Client, Error, RetryPolicy};
use wiremock::matchers::{basic_auth, header, method, path};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

/// A syntactically valid Account SID (`AC` and 32 hex digits).
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// A syntactically valid User SID (`US` and 32 hex digits).
pub const USER_SID: &str = "USbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
/// The auth token the test clients authenticate with.
pub const AUTH_TOKEN: &str = "auth-token-for-tests";
/// `date_created` of every fixture, and its Unix timestamp.
pub const CREATED: &str = "2024-05-01T10:00:00Z";
pub const CREATED_TS: i64 = 1_714_557_600;
/// `date_updated` of every fixture, and its Unix timestamp.
pub const UPDATED: &str = "2024-05-02T11:30:00Z";
pub const UPDATED_TS: i64 = 1_714_649_400;

// ------------------------------------------------------------------ ids and text

/// An identifier of type `T` (`models::AssistantId`, `models::ToolId`, ...) parsed from
/// `value`; panics when `value` does not match the type's pattern.
pub fn id<T>(value: &str) -> T
where
    T: FromStr,
    T::Err: Debug,
{
    value
        .parse()
        .unwrap_or_else(|error| panic!("{value:?} is not a valid id: {error:?}"))
}

/// An optional id (or any other text) as `Option<&str>`, to compare with literals;
/// identifier types do not dereference to `str`, so `Option::as_deref` does not apply.
pub fn text<T: AsRef<str>>(value: &Option<T>) -> Option<&str> {
    value.as_ref().map(AsRef::as_ref)
}

// ------------------------------------------------------------------ client and mocks

/// A client for `server` with the test credentials: plain http allowed (the server is on
/// 127.0.0.1) and no retries, so that every call is exactly one request and each mock's
/// expected count is exact; `tests/transport/` tests the retries.
pub fn client_for(server: &MockServer) -> Client {
    paging_client_for(server, false)
}

/// [`client_for`], with item streams prefetching the next page or not.
pub fn paging_client_for(server: &MockServer, prefetch: bool) -> Client {
    Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(server.uri())
        .allow_http(true)
        .retry(RetryPolicy::none())
        .prefetch_pages(prefetch)
        .build()
        .expect("a client for the mock server")
}

/// A client for `base_url` (plain http on 127.0.0.1) with the test credentials and
/// `policy`.
pub fn client_with(base_url: impl Into<String>, policy: RetryPolicy) -> Client {
    Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(base_url)
        .allow_http(true)
        .retry(policy)
        .build()
        .expect("a client")
}

/// The default policy (3 attempts) with backoffs of at most a few milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

/// A mock of one API request: this method and path, Basic auth with the test
/// credentials, and `Accept: application/json`.
pub fn api(http_method: &str, request_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(request_path))
        .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
        .and(header("accept", "application/json"))
}

/// Matches when the query string holds exactly these name/value pairs (in any order)
/// and nothing else; an empty list means no query parameters at all.
pub struct QueryIs(Vec<(String, String)>);

impl Match for QueryIs {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        got.sort();
        let mut want = self.0.clone();
        want.sort();
        got == want
    }
}

/// See [`QueryIs`].
pub fn query_is(pairs: &[(&str, &str)]) -> QueryIs {
    QueryIs(
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
    )
}

/// Matches a request without a body and without a `Content-Type`.
pub struct NoBody;

impl Match for NoBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty() && !request.headers.contains_key("content-type")
    }
}

/// A JSON response with `status` and exactly the bytes of `body`.
pub fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

// ------------------------------------------------------------------ raw TCP servers

/// A raw HTTP server on 127.0.0.1: `handler` gets each connection with its number (0
/// for the first); `connections` counts them.
pub struct RawServer {
    pub uri: String,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(usize, TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("local address");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let number = counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handler(number, stream));
            }
        });
        RawServer {
            uri: format!("http://{address}"),
            connections,
        }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads one request (head and `Content-Length` body) from `stream`.
pub async fn read_request(stream: &mut TcpStream) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
        let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        if received.len() >= end + 4 + length {
            return;
        }
    }
}

// ------------------------------------------------------------------------ fixtures

/// The `meta` object of a list page.
pub fn meta_json(
    key: &str,
    list_url: &str,
    page: i64,
    page_size: i64,
    next: Option<&str>,
) -> Value {
    json!({
        "first_page_url": format!("{list_url}?PageSize={page_size}&Page=0"),
        "key": key,
        "next_page_url": next,
        "page": page,
        "page_size": page_size,
        "previous_page_url": if page == 0 { None } else { Some(format!("{list_url}?PageSize={page_size}&Page={}", page - 1)) },
        "url": format!("{list_url}?PageSize={page_size}&Page={page}")
    })
}

/// An Assistant as the API sends it (every required field, and `url`).
pub fn assistant_json(id: &str, name: &str) -> Value {
    json!({
        "account_sid": ACCOUNT_SID,
        "customer_ai": {
            "perception_engine_enabled": true,
            "personalization_engine_enabled": false
        },
        "id": id,
        "model": "gpt-4o-mini",
        "name": name,
        "owner": "Owl Inc",
        "url": format!("https://assistants.twilio.com/v1/Assistants/{id}"),
        "personality_prompt": "You are a helpful assistant.",
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// A Tool as the API sends it (every required field, `account_sid` and `url`).
pub fn tool_json(id: &str, name: &str) -> Value {
    json!({
        "account_sid": ACCOUNT_SID,
        "description": "Looks up the status of an order.",
        "enabled": true,
        "id": id,
        "meta": {
            "method": "POST",
            "url": "https://example.com/orders/status",
            "input_schema": {"type": "object", "properties": {"order_id": {"type": "string"}}}
        },
        "name": name,
        "requires_auth": false,
        "type": "WEBHOOK",
        "url": format!("https://assistants.twilio.com/v1/Tools/{id}"),
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// A Knowledge source as the API sends it: every property of the schema, a `Web` source
/// that has been processed.
pub fn knowledge_json(id: &str, name: &str) -> Value {
    json!({
        "description": "The public FAQ.",
        "id": id,
        "account_sid": ACCOUNT_SID,
        "knowledge_source_details": {"source": "https://example.com/faq"},
        "name": name,
        "status": "COMPLETED",
        "type": "Web",
        "url": format!("https://assistants.twilio.com/v1/Knowledge/{id}"),
        "embedding_model": "text-embedding-3-small",
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// A Policy as the API sends it: every property of the schema.
pub fn policy_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "Only for verified users.",
        "account_sid": ACCOUNT_SID,
        "user_sid": USER_SID,
        "type": "ACCESS",
        "policy_details": {"require": "verification"},
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// A Feedback entry as the API sends it: every property of the schema.
pub fn feedback_json(id: &str, assistant_id: &str, score: f64) -> Value {
    json!({
        "assistant_id": assistant_id,
        "id": id,
        "account_sid": ACCOUNT_SID,
        "user_sid": USER_SID,
        "message_id": "aia_msg_2",
        "score": score,
        "session_id": "support-chat-42",
        "text": "The answer was right.",
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// A Session as the API sends it: every property of the schema.
pub fn session_json(id: &str, identity: &str) -> Value {
    json!({
        "id": id,
        "account_sid": ACCOUNT_SID,
        "assistant_id": "aia_asst_1",
        "verified": true,
        "identity": identity,
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// A Message of the session `support-chat-42` as the API sends it: every property of
/// the schema.
pub fn message_json(id: &str, role: &str, text: &str) -> Value {
    json!({
        "id": id,
        "account_sid": ACCOUNT_SID,
        "assistant_id": "aia_asst_1",
        "session_id": "support-chat-42",
        "identity": "user@example.com",
        "role": role,
        "content": {"text": text},
        "meta": {"channel": "chat"},
        "date_created": CREATED,
        "date_updated": UPDATED
    })
}

/// An Assistant as `FetchAssistant` returns it: with its (here empty) Tools and
/// Knowledge.
pub fn fetched_json(id: &str, name: &str) -> Value {
    let mut assistant = assistant_json(id, name);
    assistant["tools"] = json!([]);
    assistant["knowledge"] = json!([]);
    assistant
}

/// A Twilio error body.
pub fn twilio_error(code: u16, message: &str, status: u16) -> String {
    json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status
    })
    .to_string()
}

// ---------------------------------------------------------------------- assertions

/// The `DecodeError` of a result that must be `Error::Decode`.
pub fn decode_error<T: Debug>(
    result: twilio_assistants::Result<T>,
) -> Box<twilio_assistants::DecodeError> {
    match result {
        Err(Error::Decode(error)) => error,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// Asserts every field of an [`assistant_json`] fixture after decoding.
pub fn assert_assistant(assistant: &models::Assistant, id: &str, name: &str) {
    assert_eq!(assistant.account_sid, ACCOUNT_SID);
    assert_eq!(assistant.id, id);
    assert_eq!(assistant.name, name);
    assert_eq!(assistant.model, "gpt-4o-mini");
    assert_eq!(assistant.owner, "Owl Inc");
    assert_eq!(assistant.personality_prompt, "You are a helpful assistant.");
    assert_eq!(assistant.customer_ai.perception_engine_enabled, Some(true));
    assert_eq!(
        assistant.customer_ai.personalization_engine_enabled,
        Some(false)
    );
    assert_eq!(
        assistant.url.as_deref(),
        Some(format!("https://assistants.twilio.com/v1/Assistants/{id}").as_str())
    );
    assert_eq!(assistant.date_created.timestamp(), CREATED_TS);
    assert_eq!(
        assistant.date_created.to_rfc3339(),
        "2024-05-01T10:00:00+00:00"
    );
    assert_eq!(assistant.date_updated.timestamp(), UPDATED_TS);
    assert!(assistant.extra.is_empty(), "{:?}", assistant.extra);
}

/// Asserts every field of a [`tool_json`] fixture after decoding.
pub fn assert_tool(tool: &models::Tool, id: &str, name: &str) {
    assert_eq!(text(&tool.account_sid), Some(ACCOUNT_SID));
    assert_eq!(tool.description, "Looks up the status of an order.");
    assert!(tool.enabled);
    assert_eq!(tool.id, id);
    assert_eq!(tool.meta["method"], "POST");
    assert_eq!(
        tool.meta["input_schema"]["properties"]["order_id"]["type"],
        "string"
    );
    assert_eq!(tool.name, name);
    assert!(!tool.requires_auth);
    assert_eq!(tool.r#type, models::ToolType::Webhook);
    assert_eq!(
        tool.url.as_deref(),
        Some(format!("https://assistants.twilio.com/v1/Tools/{id}").as_str())
    );
    assert_eq!(tool.date_created.timestamp(), CREATED_TS);
    assert_eq!(tool.date_updated.timestamp(), UPDATED_TS);
    assert!(tool.extra.is_empty(), "{:?}", tool.extra);
}

/// Asserts every field of a [`knowledge_json`] fixture after decoding.
pub fn assert_knowledge(knowledge: &models::Knowledge, id: &str, name: &str) {
    assert_eq!(knowledge.id, id);
    assert_eq!(knowledge.name, name);
    assert_eq!(knowledge.description.as_deref(), Some("The public FAQ."));
    assert_eq!(text(&knowledge.account_sid), Some(ACCOUNT_SID));
    assert_eq!(
        knowledge.knowledge_source_details,
        Some(json!({"source": "https://example.com/faq"}))
    );
    assert_eq!(knowledge.status, Some(models::KnowledgeStatus::Completed));
    assert_eq!(knowledge.r#type, models::KnowledgeType::Web);
    assert_eq!(
        knowledge.url.as_deref(),
        Some(format!("https://assistants.twilio.com/v1/Knowledge/{id}").as_str())
    );
    assert_eq!(
        knowledge.embedding_model.as_deref(),
        Some("text-embedding-3-small")
    );
    assert_eq!(knowledge.date_created.timestamp(), CREATED_TS);
    assert_eq!(knowledge.date_updated.timestamp(), UPDATED_TS);
    assert!(knowledge.extra.is_empty(), "{:?}", knowledge.extra);
}

/// Asserts every field of a [`policy_json`] fixture after decoding.
pub fn assert_policy(policy: &models::Policy, id: &str, name: &str) {
    assert_eq!(text(&policy.id), Some(id));
    assert_eq!(policy.name.as_deref(), Some(name));
    assert_eq!(
        policy.description.as_deref(),
        Some("Only for verified users.")
    );
    assert_eq!(text(&policy.account_sid), Some(ACCOUNT_SID));
    assert_eq!(text(&policy.user_sid), Some(USER_SID));
    assert_eq!(policy.r#type, "ACCESS");
    assert_eq!(policy.policy_details, json!({"require": "verification"}));
    assert_eq!(
        policy.date_created.map(|date| date.timestamp()),
        Some(CREATED_TS)
    );
    assert_eq!(
        policy.date_updated.map(|date| date.timestamp()),
        Some(UPDATED_TS)
    );
    assert!(policy.extra.is_empty(), "{:?}", policy.extra);
}
