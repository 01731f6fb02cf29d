//! The contract suite: calls every operation of the API through the generated client's
//! public API against a server that validates requests (Stoplight Prism, started by
//! `cargo xtask contract`), and decodes every response.
//!
//! It fails when any call fails (Prism answers a request that does not match the document
//! with a 4xx problem, and a response that does not decode is an error too), and when an
//! operation of the document Prism serves was not called. The document's operations are
//! read from the file `CONTRACT_SPEC` names and matched by method and path template, so
//! the same suite judges spec/ and the official document, whose operationIds differ.
//!
//! The client comes from `Client::from_env()`: `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`
//! and `TWILIO_ASSISTANTS_BASE_URL`.

use std::collections::BTreeSet;
use std::process::ExitCode;
use twilio_assistants::{models, Client, Error, TryStreamExt};

/// An operation as the document names it: method and path template with the parameter
/// names left out ([`generator::paths::normalise`]), such as `GET /v1/Assistants/{}`.
type Key = (String, String);

/// What the suite called, and what went wrong.
#[derive(Default)]
struct Suite {
    called: BTreeSet<Key>,
    failures: Vec<String>,
}

impl Suite {
    /// Records the outcome of one call of `method template`.
    fn check<T>(&mut self, method: &str, template: &str, result: Result<T, Error>) -> Option<T> {
        let key = (method.to_owned(), generator::paths::normalise(template));
        match result {
            Ok(value) => {
                println!("contract: ok   {method} {template}");
                self.called.insert(key);
                Some(value)
            }
            Err(error) => {
                println!("contract: FAIL {method} {template}: {error}");
                self.failures.push(format!("{method} {template}: {error}"));
                None
            }
        }
    }
}

/// The operations of the document at `path`.
fn operations_of(path: &str) -> Result<BTreeSet<Key>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let document: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|error| format!("{path}: {error}"))?;
    let paths = document
        .get("paths")
        .and_then(serde_yaml::Value::as_mapping)
        .ok_or_else(|| format!("{path} has no `paths`"))?;
    let mut operations = BTreeSet::new();
    for (template, item) in paths {
        let (Some(template), Some(item)) = (template.as_str(), item.as_mapping()) else {
            continue;
        };
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.contains_key(method) {
                operations.insert((method.to_uppercase(), generator::paths::normalise(template)));
            }
        }
    }
    Ok(operations)
}

/// An id for when an earlier call failed and gave none; a valid one, so that the call
/// still goes out and is judged on its own.
fn fallback<T: std::str::FromStr>(value: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    value
        .parse()
        .expect("the fallback ids match their patterns")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let spec = std::env::var("CONTRACT_SPEC").unwrap_or_else(|_| "spec/assistants_v1.yaml".into());
    let expected = match operations_of(&spec) {
        Ok(operations) => operations,
        Err(message) => {
            eprintln!("contract: error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("contract: error: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "contract: {} operations in {spec}, against {}",
        expected.len(),
        client.base_url()
    );
    let mut suite = Suite::default();
    run(&client, &mut suite).await;

    let missing: Vec<_> = expected.difference(&suite.called).collect();
    let called = expected.intersection(&suite.called).count();
    for (method, template) in &missing {
        println!("contract: not called: {method} {template}");
    }
    println!("contract: {called}/{} operations", expected.len());
    if suite.failures.is_empty() && missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("contract: {} failed calls", suite.failures.len());
        ExitCode::FAILURE
    }
}

/// Every operation, in an order a user would call them in: create, read, change, delete.
async fn run(client: &Client, s: &mut Suite) {
    // Assistants.
    let assistant = s.check(
        "POST",
        "/v1/Assistants",
        client
            .assistants()
            .create("Contract assistant")
            .owner("Contract Inc")
            .personality_prompt("You are a helpful assistant.")
            .customer_ai(models::CustomerAi {
                perception_engine_enabled: true,
                personalization_engine_enabled: false,
                ..Default::default()
            })
            .send()
            .await,
    );
    let assistant_id: models::AssistantId =
        assistant.map_or_else(|| fallback("aia_asst_contract"), |assistant| assistant.id);
    s.check(
        "GET",
        "/v1/Assistants",
        client.assistants().list().page_size(5).send().await,
    );
    s.check(
        "GET",
        "/v1/Assistants/{id}",
        client.assistants().fetch(&assistant_id).send().await,
    );
    s.check(
        "PUT",
        "/v1/Assistants/{id}",
        client
            .assistants()
            .update(&assistant_id)
            .name("Renamed assistant")
            .send()
            .await,
    );

    // Tools, and attaching them to the Assistant.
    let tool = s.check(
        "POST",
        "/v1/Tools",
        client
            .tools()
            .create("Order lookup", models::ToolType::Webhook, true)
            .description("Looks up an order by its number.")
            .meta(serde_json::json!({"url": "https://example.com/orders"}))
            .send()
            .await,
    );
    let tool_id: models::ToolId =
        tool.map_or_else(|| fallback("aia_tool_contract"), |tool| tool.id);
    s.check(
        "GET",
        "/v1/Tools",
        client
            .tools()
            .list()
            .assistant_id(&assistant_id)
            .send()
            .await,
    );
    s.check(
        "GET",
        "/v1/Tools/{id}",
        client.tools().fetch(&tool_id).send().await,
    );
    s.check(
        "PUT",
        "/v1/Tools/{id}",
        client.tools().update(&tool_id).enabled(false).send().await,
    );
    let tools = client.assistants().tools(&assistant_id);
    s.check(
        "POST",
        "/v1/Assistants/{}/Tools/{}",
        tools.attach(&tool_id).send().await,
    );
    s.check("GET", "/v1/Assistants/{}/Tools", tools.list().send().await);
    s.check(
        "GET",
        "/v1/Policies",
        client.policies().list().tool_id(&tool_id).send().await,
    );

    // Knowledge, its status and chunks, and attaching it to the Assistant.
    let knowledge = s.check(
        "POST",
        "/v1/Knowledge",
        client
            .knowledge()
            .create("Product FAQ", models::KnowledgeType::Web)
            .description("Answers to common questions.")
            .send()
            .await,
    );
    let knowledge_id: models::KnowledgeId =
        knowledge.map_or_else(|| fallback("aia_know_contract"), |knowledge| knowledge.id);
    s.check(
        "GET",
        "/v1/Knowledge",
        client
            .knowledge()
            .list()
            .assistant_id(&assistant_id)
            .send()
            .await,
    );
    s.check(
        "GET",
        "/v1/Knowledge/{id}",
        client.knowledge().fetch(&knowledge_id).send().await,
    );
    s.check(
        "PUT",
        "/v1/Knowledge/{id}",
        client
            .knowledge()
            .update(&knowledge_id)
            .name("FAQ")
            .send()
            .await,
    );
    s.check(
        "GET",
        "/v1/Knowledge/{id}/Status",
        client
            .knowledge()
            .status(&knowledge_id)
            .fetch()
            .send()
            .await,
    );
    s.check(
        "GET",
        "/v1/Knowledge/{id}/Chunks",
        client
            .knowledge()
            .chunks(&knowledge_id)
            .list()
            .page_size(10)
            .send()
            .await,
    );
    let attached = client.assistants().knowledge(&assistant_id);
    s.check(
        "POST",
        "/v1/Assistants/{}/Knowledge/{}",
        attached.attach(&knowledge_id).send().await,
    );
    s.check(
        "GET",
        "/v1/Assistants/{}/Knowledge",
        attached.list().send().await,
    );

    // A conversation: a message, the sessions it made, feedback on it.
    let reply = s.check(
        "POST",
        "/v1/Assistants/{id}/Messages",
        client
            .assistants()
            .messages(&assistant_id)
            .create("user@example.com", "Where is my order?")
            .session_id("contract-session")
            .send()
            .await,
    );
    let session_id = reply
        .map(|reply| reply.session_id)
        .unwrap_or_else(|| "contract-session".to_owned());
    s.check("GET", "/v1/Sessions", client.sessions().list().send().await);
    s.check(
        "GET",
        "/v1/Sessions/{id}",
        client.sessions().fetch(&session_id).send().await,
    );
    s.check(
        "GET",
        "/v1/Sessions/{}/Messages",
        client.sessions().messages(&session_id).list().send().await,
    );
    let feedbacks = client.assistants().feedbacks(&assistant_id);
    s.check(
        "POST",
        "/v1/Assistants/{id}/Feedbacks",
        feedbacks
            .create(&session_id)
            .score(0.5)
            .text("Helpful.")
            .send()
            .await,
    );
    s.check(
        "GET",
        "/v1/Assistants/{id}/Feedbacks",
        feedbacks.list().send().await,
    );

    // Paging through every Assistant: Prism's `next_page_url` points at random hosts, so
    // the stream either ends or stops with `ForeignLink` before anything is sent there.
    let streamed: Result<Vec<models::Assistant>, Error> = client
        .assistants()
        .list()
        .limit(120)
        .stream()
        .try_collect()
        .await;
    match streamed {
        Ok(items) => println!("contract: streamed {} assistants", items.len()),
        Err(Error::ForeignLink { url, .. }) => {
            println!("contract: the stream refused the foreign next page {url}")
        }
        Err(error) => s.failures.push(format!("stream of assistants: {error}")),
    }

    // Detach and delete what was made.
    s.check(
        "DELETE",
        "/v1/Assistants/{}/Knowledge/{}",
        attached.detach(&knowledge_id).send().await,
    );
    s.check(
        "DELETE",
        "/v1/Assistants/{}/Tools/{}",
        tools.detach(&tool_id).send().await,
    );
    s.check(
        "DELETE",
        "/v1/Knowledge/{id}",
        client.knowledge().delete(&knowledge_id).send().await,
    );
    s.check(
        "DELETE",
        "/v1/Tools/{id}",
        client.tools().delete(&tool_id).send().await,
    );
    s.check(
        "DELETE",
        "/v1/Assistants/{id}",
        client.assistants().delete(&assistant_id).send().await,
    );
}
