//! The README's quickstart, as a program: `cargo xtask contract` runs it against the Prism
//! mock server, and a test in `client-tests/src/lib.rs` checks that it and the README say
//! the same thing, so the README's example cannot drift from the wire format.

use twilio_assistants::{models, Client};

#[tokio::main(flavor = "current_thread")]
async fn main() -> twilio_assistants::Result<()> {
    // Credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.
    let client = Client::from_env()?;

    // Create an Assistant: required fields are arguments, optional ones builder methods.
    let assistant = client
        .assistants()
        .create("Your first Assistant")
        .personality_prompt("You are a helpful assistant.")
        .send()
        .await?;
    println!("created {} ({})", assistant.name, assistant.id);

    // Fetch it with its Tools and Knowledge; ids are typed (`AssistantId`, `ToolId`, ...).
    let fetched = client.assistants().fetch(&assistant.id).send().await?;
    println!("{} has {} tools", fetched.name, fetched.tools.len());

    // One page of Assistants (`.stream()` walks every page, see "Paging").
    let page = client.assistants().list().page_size(20).send().await?;
    println!("{} assistants on the first page", page.assistants.len());

    // Create a Tool, attach it to the Assistant, list the Assistant's Tools.
    let tool = client
        .tools()
        .create("Order lookup", models::ToolType::Webhook, true)
        .description("Looks up an order by its number.")
        .send()
        .await?;
    let tools = client.assistants().tools(&assistant.id);
    tools.attach(&tool.id).send().await?;
    println!("{} tools attached", tools.list().send().await?.tools.len());

    // Add a Knowledge source and check how its indexing is going.
    let faq = client
        .knowledge()
        .create("Product FAQ", models::KnowledgeType::Web)
        .assistant_id(&assistant.id)
        .send()
        .await?;
    let status = client.knowledge().status(&faq.id).fetch().send().await?;
    println!("knowledge {} is {}", faq.name, status.status);

    // Send the Assistant a message and read its answer.
    let reply = client
        .assistants()
        .messages(&assistant.id)
        .create("user@example.com", "Where is my order?")
        .send()
        .await?;
    println!("{}: {}", reply.session_id, reply.body.unwrap_or_default());

    // Change two fields and leave the others as they are.
    client
        .assistants()
        .update(&assistant.id)
        .name("Order helper")
        .owner("Support team")
        .send()
        .await?;

    // Detach and delete.
    tools.detach(&tool.id).send().await?;
    client.tools().delete(&tool.id).send().await?;
    client.knowledge().delete(&faq.id).send().await?;
    client.assistants().delete(&assistant.id).send().await?;
    Ok(())
}
