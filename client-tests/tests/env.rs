//! `Client::from_env` against the real process environment. This is its own test binary
//! (so its own process) because it sets variables that no other test may see change.

use twilio_assistants::{Client, Error};
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn expect_config_error(result: twilio_assistants::Result<Client>, variable: &str) {
    match result {
        Err(Error::Config(message)) => assert!(message.contains(variable), "{message}"),
        other => panic!("expected Error::Config naming {variable}, got {other:?}"),
    }
}

/// The credentials come from `TWILIO_ACCOUNT_SID` / `TWILIO_AUTH_TOKEN` and are sent as
/// Basic auth; a missing or empty variable is a configuration error that names it. One
/// test function, so that no two threads of this binary touch the environment at once.
#[tokio::test]
async fn client_from_env_reads_the_twilio_variables() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/Tools"))
        .and(basic_auth("ACenv", "env-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "tools": [],
            "meta": {"first_page_url": "u", "key": "tools", "next_page_url": null, "page": 0,
                     "page_size": 50, "previous_page_url": null, "url": "u"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    std::env::set_var("TWILIO_ACCOUNT_SID", "ACenv");
    std::env::set_var("TWILIO_AUTH_TOKEN", "env-token");
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.account_sid(), "ACenv");
    assert_eq!(client.base_url(), "https://assistants.twilio.com");
    let client = Client::builder()
        .credentials_from_env()
        .expect("the variables are set")
        .base_url(server.uri())
        .build()
        .unwrap();
    client
        .tools()
        .list()
        .send()
        .await
        .expect("authenticated with the environment's credentials");

    std::env::set_var("TWILIO_AUTH_TOKEN", "");
    expect_config_error(Client::from_env(), "TWILIO_AUTH_TOKEN");
    std::env::remove_var("TWILIO_ACCOUNT_SID");
    expect_config_error(Client::from_env(), "TWILIO_ACCOUNT_SID");
}
