//! Sends a message to an Assistant as a user and prints its answer, then the messages of
//! the session so far.
//!
//! `TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... cargo run --example send_message -- aia_asst_... "Where is my order?"`

use twilio_assistants::{models, Client, Error};

#[tokio::main]
async fn main() -> twilio_assistants::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(assistant), Some(text)) = (args.next(), args.next()) else {
        eprintln!("usage: send_message ASSISTANT_ID MESSAGE");
        std::process::exit(2);
    };
    let client = Client::from_env()?;

    // The id is text here: it is checked as an `AssistantId` before anything is sent.
    let reply = match client
        .assistants()
        .messages(assistant.as_str())
        .create("user@example.com", text)
        .session_id("order-questions")
        .send()
        .await
    {
        Ok(reply) => reply,
        Err(Error::InvalidId(invalid)) => {
            eprintln!("{invalid}");
            std::process::exit(2);
        }
        Err(error) => return Err(error),
    };
    match reply.status {
        models::SendMessageStatus::Success => {
            println!("{}", reply.body.unwrap_or_default());
        }
        status => println!("the Assistant did not answer: {status:?}"),
    }

    let messages = client
        .sessions()
        .messages(reply.session_id)
        .list()
        .send()
        .await?;
    for message in messages.messages {
        let role = message.role.as_deref().unwrap_or("unknown");
        println!("{role}: {}", message.content.unwrap_or_default());
    }
    Ok(())
}
