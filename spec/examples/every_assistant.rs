//! Lists every Assistant of the account, page after page, and keeps what arrived when a
//! page fails.
//!
//! `TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... cargo run --example every_assistant`

use twilio_assistants::{Client, StreamExt};

#[tokio::main]
async fn main() -> twilio_assistants::Result<()> {
    let client = Client::from_env()?;

    // `stream()` requests the next page when the items of the previous one are used up;
    // it is pinned to be polled in place.
    let mut assistants = std::pin::pin!(client.assistants().list().page_size(50).stream());
    while let Some(assistant) = assistants.next().await {
        let assistant = assistant?;
        println!(
            "{} {} (owner: {})",
            assistant.id, assistant.name, assistant.owner
        );
    }

    // Collecting instead: the Assistants that arrived come back with the error, if any.
    let (all, error) = client.assistants().list().collect_until_error().await;
    println!("{} assistants in all", all.len());
    match error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}
