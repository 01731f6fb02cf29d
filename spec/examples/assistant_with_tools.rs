//! Creates an Assistant with a webhook Tool and a Knowledge source, attaches both, and
//! prints what the Assistant then has.
//!
//! `TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... cargo run --example assistant_with_tools -- https://tools.example.com/orders`
//! (the URL Twilio calls when the Assistant uses the Tool; see the `tool_webhook` example).

use serde_json::json;
use twilio_assistants::{models, Client};

#[tokio::main]
async fn main() -> twilio_assistants::Result<()> {
    let tool_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "https://tools.example.com/orders".to_owned());
    // Credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.
    let client = Client::from_env()?;

    let assistant = client
        .assistants()
        .create("Order helper")
        .personality_prompt("You help customers find out where their orders are.")
        .send()
        .await?;

    // The Tool's `meta` says how Twilio calls it: the method, the URL and the input the
    // Assistant fills in.
    let tool = client
        .tools()
        .create("Order lookup", models::ToolType::Webhook, true)
        .description("Looks up an order by its number.")
        .meta(json!({
            "url": tool_url,
            "method": "POST",
            "input_schema": "export type Data = { order_number: string }",
        }))
        .send()
        .await?;
    client
        .assistants()
        .tools(&assistant.id)
        .attach(&tool.id)
        .send()
        .await?;

    // A web page as Knowledge; `assistant_id` attaches it when it is created.
    let faq = client
        .knowledge()
        .create("Shipping FAQ", models::KnowledgeType::Web)
        .knowledge_source_details(json!({"source": "https://www.example.com/shipping"}))
        .assistant_id(&assistant.id)
        .send()
        .await?;

    let fetched = client.assistants().fetch(&assistant.id).send().await?;
    println!("{} ({})", fetched.name, fetched.id);
    for tool in &fetched.tools {
        println!("  tool {} ({})", tool.name, tool.id);
    }
    for knowledge in &fetched.knowledge {
        println!("  knowledge {} ({})", knowledge.name, knowledge.id);
    }
    let status = client.knowledge().status(&faq.id).fetch().send().await?;
    println!("{} is being indexed: {}", faq.name, status.status);
    Ok(())
}
