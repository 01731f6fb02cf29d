//! The `User-Agent` every request carries: the crate and its version, the platform, the
//! spec's fingerprint and the caller's suffix.

use crate::common::*;
use twilio_assistants::models::{AssistantId, ToolId};
use twilio_assistants::Client;
use wiremock::matchers::{basic_auth, header, header_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every request carries the client's `User-Agent` (`twilio-assistants/<version>`), and
/// requests with a body declare it as JSON.
#[tokio::test]
async fn requests_carry_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(header_regex(
        "user-agent",
        r"^twilio-assistants/\d+\.\d+\.\d+",
    ))
    .and(basic_auth(ACCOUNT_SID, AUTH_TOKEN))
    .respond_with(ResponseTemplate::new(204))
    .expect(2)
    .mount(&server)
    .await;

    let client = client_for(&server);
    client
        .tools()
        .delete(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("DeleteTool succeeds");
    client
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .attach(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("AttachAssistantTool succeeds");
}

/// Every request carries `User-Agent: twilio-assistants/VERSION (OS ARCH) rust spec/SHA`,
/// SHA being the first 12 digits of the spec fingerprint, and the caller's suffix.
#[tokio::test]
async fn the_user_agent_names_crate_platform_spec_and_suffix() {
    let server = MockServer::start().await;
    // The crate's version moves with `cargo xtask generate --bump`.
    let version = include_str!("../../../generated/Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = "))
        .expect("a version")
        .trim_matches('"');
    let user_agent = format!(
        "twilio-assistants/{version} ({} {}) rust spec/{} my-app/1.2",
        std::env::consts::OS,
        std::env::consts::ARCH,
        &twilio_assistants::spec::SHA256[..12]
    );
    api("DELETE", "/v1/Assistants/aia_asst_1")
        .and(header("user-agent", user_agent.as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(server.uri())
        .allow_http(true)
        .user_agent_suffix("my-app/1.2")
        .build()
        .expect("a client");
    assert_eq!(client.user_agent(), user_agent);
    client
        .assistants()
        .delete(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect("the user agent matches");
}
