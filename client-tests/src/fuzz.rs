//! The response fuzzer: the generated client must never panic on what a server sends.
//!
//! A loopback HTTP/1.1 server (raw TCP on 127.0.0.1, so it can send anything) answers every
//! request with the response the fuzzer scripted for it. Each execution picks one of the
//! API's operations, scripts a response and calls the operation through the public API,
//! as a user would; the call must return `Ok` or an `Error`, never panic. List operations
//! are also streamed, which follows page links.
//!
//! Responses: a status (mostly the operation's success status, also error and odd ones),
//! headers that the client reads (`Content-Type`, `Retry-After`, `Twilio-Request-Id`) with
//! odd values, and a body that is one of: a valid body for the operation built from its
//! schema in spec/, the same with one to four JSON mutations (a field removed, a value of
//! the wrong type, an unknown enum value, an id with the wrong prefix, deep nesting, huge
//! numbers, unicode), or arbitrary bytes.
//!
//! Examples are built from spec/assistants_v1.yaml in this repository.

use futures_util::TryStreamExt;
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use twilio_assistants::{models, Client, Error, RetryPolicy};

/// The operationIds [`call`] knows, in the order of spec/.
pub const OPERATIONS: &[&str] = &[
    "ListAssistants",
    "CreateAssistant",
    "FetchAssistant",
    "UpdateAssistant",
    "DeleteAssistant",
    "ListAssistantTools",
    "AttachAssistantTool",
    "DetachAssistantTool",
    "ListAssistantKnowledge",
    "AttachAssistantKnowledge",
    "DetachAssistantKnowledge",
    "ListFeedback",
    "CreateFeedback",
    "CreateMessage",
    "ListKnowledge",
    "CreateKnowledge",
    "FetchKnowledge",
    "UpdateKnowledge",
    "DeleteKnowledge",
    "FetchKnowledgeStatus",
    "ListKnowledgeChunks",
    "ListTools",
    "CreateTool",
    "FetchTool",
    "UpdateTool",
    "DeleteTool",
    "ListPolicies",
    "ListSessions",
    "FetchSession",
    "ListMessages",
];

/// Calls `operation` through the public API; list operations are also streamed to the
/// end (at most 50 items), which follows the page links of the scripted response.
pub async fn call(client: &Client, operation: &str) -> Result<(), Error> {
    let assistant: models::AssistantId = "aia_asst_fuzz".parse()?;
    let tool: models::ToolId = "aia_tool_fuzz".parse()?;
    let knowledge: models::KnowledgeId = "aia_know_fuzz".parse()?;
    let assistants = client.assistants();
    match operation {
        "ListAssistants" => {
            assistants.list().send().await?;
            assistants
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "CreateAssistant" => assistants.create("fuzz").send().await.map(drop),
        "FetchAssistant" => assistants.fetch(&assistant).send().await.map(drop),
        "UpdateAssistant" => assistants
            .update(&assistant)
            .name("x")
            .send()
            .await
            .map(drop),
        "DeleteAssistant" => assistants.delete(&assistant).send().await,
        "ListAssistantTools" => {
            let tools = assistants.tools(&assistant);
            tools.list().send().await?;
            tools
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "AttachAssistantTool" => assistants.tools(&assistant).attach(&tool).send().await,
        "DetachAssistantTool" => assistants.tools(&assistant).detach(&tool).send().await,
        "ListAssistantKnowledge" => {
            let attached = assistants.knowledge(&assistant);
            attached.list().send().await?;
            attached
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "AttachAssistantKnowledge" => {
            assistants
                .knowledge(&assistant)
                .attach(&knowledge)
                .send()
                .await
        }
        "DetachAssistantKnowledge" => {
            assistants
                .knowledge(&assistant)
                .detach(&knowledge)
                .send()
                .await
        }
        "ListFeedback" => {
            let feedbacks = assistants.feedbacks(&assistant);
            feedbacks.list().send().await?;
            feedbacks
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "CreateFeedback" => assistants
            .feedbacks(&assistant)
            .create("s")
            .send()
            .await
            .map(drop),
        "CreateMessage" => assistants
            .messages(&assistant)
            .create("identity", "hello")
            .send()
            .await
            .map(drop),
        "ListKnowledge" => {
            client.knowledge().list().send().await?;
            client
                .knowledge()
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "CreateKnowledge" => client
            .knowledge()
            .create("fuzz", models::KnowledgeType::Web)
            .send()
            .await
            .map(drop),
        "FetchKnowledge" => client.knowledge().fetch(&knowledge).send().await.map(drop),
        "UpdateKnowledge" => client.knowledge().update(&knowledge).send().await.map(drop),
        "DeleteKnowledge" => client.knowledge().delete(&knowledge).send().await,
        "FetchKnowledgeStatus" => client
            .knowledge()
            .status(&knowledge)
            .fetch()
            .send()
            .await
            .map(drop),
        "ListKnowledgeChunks" => {
            let chunks = client.knowledge().chunks(&knowledge);
            chunks.list().send().await?;
            chunks
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "ListTools" => {
            client.tools().list().send().await?;
            client
                .tools()
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "CreateTool" => client
            .tools()
            .create("fuzz", models::ToolType::Webhook, true)
            .send()
            .await
            .map(drop),
        "FetchTool" => client.tools().fetch(&tool).send().await.map(drop),
        "UpdateTool" => client.tools().update(&tool).send().await.map(drop),
        "DeleteTool" => client.tools().delete(&tool).send().await,
        "ListPolicies" => {
            client.policies().list().send().await?;
            client
                .policies()
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "ListSessions" => {
            client.sessions().list().send().await?;
            client
                .sessions()
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        "FetchSession" => client.sessions().fetch("s").send().await.map(drop),
        "ListMessages" => {
            let messages = client.sessions().messages("s");
            messages.list().send().await?;
            messages
                .list()
                .limit(50)
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        other => Err(Error::InvalidArgument {
            operation: "fuzz",
            message: format!("the fuzzer does not know the operation `{other}`"),
        }),
    }
}

/// What the spec says an operation returns: its success status and the JSON schema of
/// the body (`None` for an empty one).
#[derive(Debug, Clone)]
pub struct Expected {
    pub operation: String,
    pub status: u16,
    pub schema: Option<serde_yaml::Value>,
}

/// spec/ as this repository has it, and every operation's expected response.
pub struct Spec {
    document: serde_yaml::Value,
    pub operations: Vec<Expected>,
}

impl Spec {
    pub fn load() -> Spec {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/assistants_v1.yaml");
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        let document: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec/ is YAML");
        let mut operations = Vec::new();
        let paths = document["paths"].as_mapping().cloned().unwrap_or_default();
        for item in paths.values() {
            for operation in item.as_mapping().into_iter().flat_map(|item| item.values()) {
                let Some(id) = operation["operationId"].as_str() else {
                    continue;
                };
                let responses = operation["responses"]
                    .as_mapping()
                    .cloned()
                    .unwrap_or_default();
                let (status, response) = responses
                    .iter()
                    .find_map(|(status, response)| {
                        let status = status.as_str()?.parse::<u16>().ok()?;
                        (200..300)
                            .contains(&status)
                            .then(|| (status, response.clone()))
                    })
                    .unwrap_or((200, serde_yaml::Value::Null));
                let schema = response["content"]["application/json"]["schema"].clone();
                operations.push(Expected {
                    operation: id.to_owned(),
                    status,
                    schema: (!schema.is_null()).then_some(schema),
                });
            }
        }
        Spec {
            document,
            operations,
        }
    }

    /// A valid JSON value for `schema`: every property (required and optional; `null` when
    /// nullable), the first enum value, ids with their prefix, date-times, one item per
    /// array.
    pub fn example(&self, schema: &serde_yaml::Value) -> Value {
        self.example_at(schema, 0)
    }

    fn example_at(&self, schema: &serde_yaml::Value, depth: usize) -> Value {
        if depth > 16 {
            return Value::Null;
        }
        if let Some(reference) = schema["$ref"].as_str() {
            let name = reference.rsplit('/').next().unwrap_or_default();
            return self.example_at(&self.document["components"]["schemas"][name], depth + 1);
        }
        if schema["nullable"].as_bool() == Some(true) {
            // Valid, and it keeps a list example to one page (`next_page_url: null`).
            return Value::Null;
        }
        if let Some(first) = schema["enum"]
            .as_sequence()
            .and_then(|values| values.first())
        {
            return serde_json::to_value(first).unwrap_or(Value::Null);
        }
        match schema["type"].as_str() {
            Some("object") | None if schema["properties"].is_mapping() => {
                let mut object = Map::new();
                for (name, property) in schema["properties"].as_mapping().into_iter().flatten() {
                    if let Some(name) = name.as_str() {
                        object.insert(name.to_owned(), self.example_at(property, depth + 1));
                    }
                }
                Value::Object(object)
            }
            Some("object") => json!({"key": "value"}),
            Some("array") => json!([self.example_at(&schema["items"], depth + 1)]),
            Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(1)),
            Some("number") => json!(0.5),
            Some("boolean") => json!(true),
            Some("string") => match (schema["format"].as_str(), schema["pattern"].as_str()) {
                (Some("date-time"), _) => json!("2024-05-01T10:00:00Z"),
                (Some("date"), _) => json!("2024-05-01"),
                (_, Some(pattern)) => json!(id_example(pattern)),
                _ => json!("text"),
            },
            _ => Value::Null,
        }
    }
}

/// A value that matches an id pattern such as `^aia_asst_.+$` or `^AC[0-9a-fA-F]{32}$`.
fn id_example(pattern: &str) -> String {
    let body = pattern.trim_start_matches('^').trim_end_matches('$');
    let prefix: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if body[prefix.len()..].starts_with("[0-9a-fA-F]{32}") {
        format!("{prefix}{}", "a".repeat(32))
    } else {
        format!("{prefix}fuzz")
    }
}

/// One to four mutations of a JSON value.
pub fn mutate(rng: &mut fastrand::Rng, value: &mut Value) {
    for _ in 0..rng.usize(1..=4) {
        let count = nodes(value);
        let mut index = rng.usize(..count);
        if let Some(node) = nth_mut(value, &mut index) {
            mutate_node(rng, node);
        }
    }
}

fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Object(object) => object.values().map(nodes).sum(),
        Value::Array(array) => array.iter().map(nodes).sum(),
        _ => 0,
    }
}

fn nth_mut<'v>(value: &'v mut Value, index: &mut usize) -> Option<&'v mut Value> {
    if *index == 0 {
        return Some(value);
    }
    *index -= 1;
    match value {
        Value::Object(object) => object.values_mut().find_map(|child| nth_mut(child, index)),
        Value::Array(array) => array.iter_mut().find_map(|child| nth_mut(child, index)),
        _ => None,
    }
}

fn mutate_node(rng: &mut fastrand::Rng, node: &mut Value) {
    match node {
        Value::Object(object) if !object.is_empty() && rng.bool() => {
            let key = object.keys().nth(rng.usize(..object.len())).cloned();
            if let Some(key) = key {
                if rng.bool() {
                    object.remove(&key);
                } else {
                    object.insert(key, odd_value(rng));
                }
            }
        }
        Value::Object(object) => {
            object.insert(odd_string(rng), odd_value(rng));
        }
        Value::Array(array) if !array.is_empty() && rng.bool() => {
            let copy = array[rng.usize(..array.len())].clone();
            array.extend(std::iter::repeat_n(copy, rng.usize(1..50)));
        }
        Value::String(text) if rng.bool() => {
            // Near misses of what the field expects: a changed prefix, an enum value in
            // another case, a date-time with junk.
            let mut chars: Vec<char> = text.chars().collect();
            if !chars.is_empty() {
                let at = rng.usize(..chars.len());
                chars[at] = rng.char(..);
            }
            *text = chars.into_iter().collect();
        }
        other => *other = odd_value(rng),
    }
}

fn odd_string(rng: &mut fastrand::Rng) -> String {
    [
        "",
        "id",
        "meta",
        "next_page_url",
        "sid",
        "type",
        "__proto__",
        "ünï",
        "🚀",
        "\u{0}",
        "a\"b",
        "unknown_field",
    ][rng.usize(..12)]
    .to_owned()
}

fn odd_value(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(..16) {
        0 => Value::Null,
        1 => json!(rng.bool()),
        2 => json!(i64::MAX),
        3 => json!(u64::MAX),
        4 => json!(-1),
        5 => json!(1e308),
        6 => json!(odd_string(rng)),
        7 => json!("2024-13-45T99:99:99Z"),
        8 => json!("aia_asst_"),
        9 => json!("https://elsewhere.example/v1/Assistants?PageToken=x"),
        10 => json!("/v1/Assistants?PageToken=next"),
        11 => json!([]),
        12 => json!({}),
        13 => (0..rng.usize(1..200)).fold(json!(1), |inner, _| json!([inner])),
        14 => json!("x".repeat(rng.usize(0..100_000))),
        _ => json!(rng.f64()),
    }
}

/// A whole HTTP/1.1 response for `expected`: status, headers and body.
pub fn response(rng: &mut fastrand::Rng, spec: &Spec, expected: &Expected) -> Vec<u8> {
    let status = match rng.u8(..10) {
        0 => [400, 401, 404, 409, 429, 500, 503][rng.usize(..7)],
        // Not 1xx: an informational status without a final one is a server that never
        // answers, which only tests the timeout (tests/transport/connections.rs does).
        1 => rng.u16(200..600),
        _ => expected.status,
    };
    let body: Vec<u8> = match rng.u8(..8) {
        0 => (0..rng.usize(..512)).map(|_| rng.u8(..)).collect(),
        1 => Vec::new(),
        2 => {
            json!({"code": rng.i64(..), "message": odd_string(rng), "more_info": null, "status": status})
                .to_string()
                .into_bytes()
        }
        3 => {
            let mut value = expected
                .schema
                .as_ref()
                .map_or(Value::Null, |schema| spec.example(schema));
            let text = value.take().to_string();
            text.as_bytes()[..rng.usize(..=text.len())].to_vec()
        }
        4 => expected
            .schema
            .as_ref()
            .map_or(Value::Null, |schema| spec.example(schema))
            .to_string()
            .into_bytes(),
        _ => {
            let mut value = expected
                .schema
                .as_ref()
                .map_or_else(|| odd_value(rng), |schema| spec.example(schema));
            mutate(rng, &mut value);
            value.to_string().into_bytes()
        }
    };
    let content_type = [
        "application/json",
        "text/html",
        "",
        "application/json; charset=utf-8",
    ][rng.usize(..4)];
    let retry_after = [
        "",
        "0",
        "1",
        "-5",
        "soon",
        "99999999999999999999",
        "Wed, 21 Oct 2015 07:28:00 GMT",
    ][rng.usize(..7)];
    let mut head = format!(
        "HTTP/1.1 {status} Fuzz\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !content_type.is_empty() {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    if !retry_after.is_empty() {
        head.push_str(&format!("Retry-After: {retry_after}\r\n"));
    }
    if rng.bool() {
        head.push_str("Twilio-Request-Id: RQ\u{7f}fuzz\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// A loopback server that answers every request with the currently scripted response.
pub struct Server {
    pub port: u16,
    script: Arc<Mutex<Vec<u8>>>,
}

impl Server {
    pub async fn start() -> Server {
        let script = Arc::new(Mutex::new(Vec::new()));
        let shared = script.clone();
        let port = serve(move |_| {
            shared
                .lock()
                .map(|script| script.clone())
                .unwrap_or_default()
        })
        .await;
        Server { port, script }
    }

    /// The response every following request gets.
    pub fn script(&self, response: Vec<u8>) {
        if let Ok(mut script) = self.script.lock() {
            *script = response;
        }
    }

    /// A client of this server that does not retry, so each call is one exchange.
    pub fn client(&self) -> Client {
        client_for(self.port)
    }
}

/// A client of the loopback server on `port`, without retries.
pub fn client_for(port: u16) -> Client {
    builder_for(port).build().expect("a valid client")
}

/// The settings of [`client_for`], for a client that needs one more.
pub fn builder_for(port: u16) -> twilio_assistants::ClientBuilder {
    Client::builder()
        .credentials("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token")
        .base_url(format!("http://127.0.0.1:{port}"))
        .allow_http(true)
        .retry(RetryPolicy::none())
        .timeout(std::time::Duration::from_secs(10))
}

/// Starts an HTTP/1.1 server on 127.0.0.1 that answers each request with the bytes
/// `respond` makes from the request's head (request line and headers); returns its port.
pub async fn serve(respond: impl Fn(&str) -> Vec<u8> + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local address").port();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, respond.clone()));
        }
    });
    port
}

/// Reads requests (head, then as many body bytes as `Content-Length` says) and answers
/// each with `respond`, until the client closes the connection.
async fn connection<R: Fn(&str) -> Vec<u8>>(mut stream: TcpStream, respond: Arc<R>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let head_end = loop {
            if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let length: usize = head
            .to_ascii_lowercase()
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        while buffer.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        }
        buffer.drain(..head_end + length);
        if stream.write_all(&respond(&head)).await.is_err() {
            return;
        }
    }
}

/// What a run saw.
#[derive(Debug, Default)]
pub struct Report {
    pub executions: u64,
    pub ok: u64,
    pub errors: u64,
    /// `operation: panic message` of each call that panicked.
    pub panics: Vec<String>,
}

/// Runs the fuzzer until `more(executions)` says stop.
pub async fn run(seed: u64, mut more: impl FnMut(u64) -> bool) -> Report {
    let spec = Spec::load();
    let server = Server::start().await;
    let client = server.client();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut report = Report::default();
    while more(report.executions) {
        let expected = &spec.operations[rng.usize(..spec.operations.len())];
        server.script(response(&mut rng, &spec, expected));
        let client = client.clone();
        let operation = expected.operation.clone();
        // A panic in the client ends its task, not this loop; it is counted and reported.
        let outcome = tokio::spawn(async move { call(&client, &operation).await }).await;
        report.executions += 1;
        match outcome {
            Ok(Ok(())) => report.ok += 1,
            Ok(Err(_)) => report.errors += 1,
            Err(join) => {
                let message =
                    join.try_into_panic()
                        .ok()
                        .and_then(|panic| {
                            panic.downcast_ref::<String>().cloned().or_else(|| {
                                panic.downcast_ref::<&str>().map(|text| (*text).to_owned())
                            })
                        })
                        .unwrap_or_default();
                report
                    .panics
                    .push(format!("{}: {message}", expected.operation));
            }
        }
    }
    report
}
