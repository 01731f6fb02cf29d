//! `Client::from_env` against the real process environment: the credentials from
//! `TWILIO_ACCOUNT_SID` / `TWILIO_AUTH_TOKEN` (or `TWILIO_API_KEY` / `TWILIO_API_SECRET`),
//! the region and edge from `TWILIO_REGION` / `TWILIO_EDGE`, and the base URL from
//! `TWILIO_ASSISTANTS_BASE_URL`. A single test function, because it sets variables that
//! no two threads may touch at once; no other test of this binary reads them (see
//! `main.rs`).

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
/// Basic auth; a missing or empty variable is a configuration error that names it. The
/// base URL comes from `TWILIO_ASSISTANTS_BASE_URL` (the name `base_url_variable()`
/// gives) when it is set and not empty, and requests go there; unset or empty, it is
/// Twilio's; a value that is not an http(s) URL, or plain http to another machine, is a
/// configuration error. `TWILIO_REGION` / `TWILIO_EDGE` move the default host; an API
/// key from `TWILIO_API_KEY` / `TWILIO_API_SECRET` replaces the auth token, and its
/// secret shows neither in the client's debug output nor in errors.
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
        .expect(2)
        .mount(&server)
        .await;

    let base_url_variable = Client::base_url_variable();
    assert_eq!(base_url_variable, "TWILIO_ASSISTANTS_BASE_URL");
    std::env::remove_var(&base_url_variable);
    std::env::set_var("TWILIO_ACCOUNT_SID", "ACenv");
    std::env::set_var("TWILIO_AUTH_TOKEN", "env-token");
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.account_sid(), "ACenv");
    assert_eq!(client.base_url(), "https://assistants.twilio.com");
    let client = Client::builder()
        .credentials_from_env()
        .expect("the variables are set")
        .base_url(server.uri())
        .allow_http(true)
        .build()
        .unwrap();
    client
        .tools()
        .list()
        .send()
        .await
        .expect("authenticated with the environment's credentials");

    // The base URL variable: requests go to the mock server, with the credentials.
    std::env::set_var(&base_url_variable, server.uri());
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.base_url(), server.uri());
    client
        .tools()
        .list()
        .send()
        .await
        .expect("sent to the base URL of the environment");
    let client = Client::builder()
        .base_url_from_env()
        .credentials("ACother", "other-token")
        .build()
        .expect("a client");
    assert_eq!(client.base_url(), server.uri());
    // Empty counts as unset; a value that is not an http(s) URL is refused.
    std::env::set_var(&base_url_variable, "");
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.base_url(), "https://assistants.twilio.com");
    std::env::set_var(&base_url_variable, "ftp://127.0.0.1/");
    expect_config_error(Client::from_env(), "ftp://127.0.0.1/");
    // Plain http from the variable is accepted for this machine only.
    std::env::set_var(&base_url_variable, "http://example.com");
    expect_config_error(Client::from_env(), "allow_http");
    std::env::remove_var(&base_url_variable);

    // Region and edge from TWILIO_REGION and TWILIO_EDGE; an edge alone implies `us1`;
    // the base URL variable takes precedence over both.
    std::env::set_var("TWILIO_REGION", "ie1");
    std::env::set_var("TWILIO_EDGE", "dublin");
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(
        client.base_url(),
        "https://assistants.dublin.ie1.twilio.com"
    );
    std::env::set_var("TWILIO_REGION", "");
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(
        client.base_url(),
        "https://assistants.dublin.us1.twilio.com"
    );
    std::env::set_var("TWILIO_EDGE", "no.dots");
    expect_config_error(Client::from_env(), "no.dots");
    std::env::set_var(&base_url_variable, server.uri());
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.base_url(), server.uri());
    std::env::remove_var("TWILIO_REGION");
    std::env::remove_var("TWILIO_EDGE");

    // An API key from TWILIO_API_KEY and TWILIO_API_SECRET authenticates for the account
    // of TWILIO_ACCOUNT_SID; both are needed, and the secret is never shown.
    Mock::given(method("GET"))
        .and(path("/v1/Tools"))
        .and(basic_auth("SKenv", "env-key-secret"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "code": 20003, "message": "Authenticate", "status": 401
        })))
        .expect(1)
        .mount(&server)
        .await;
    std::env::set_var("TWILIO_API_KEY", "SKenv");
    expect_config_error(Client::from_env(), "TWILIO_API_SECRET");
    std::env::set_var("TWILIO_API_SECRET", "env-key-secret");
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.account_sid(), "ACenv");
    let error = client
        .tools()
        .list()
        .send()
        .await
        .expect_err("the mock answers 401 to the API key");
    assert_eq!(error.status(), Some(401));
    let shown = format!("{client:?} {error:?} {error}");
    assert!(!shown.contains("env-key-secret"), "{shown}");
    std::env::remove_var("TWILIO_API_KEY");
    expect_config_error(Client::from_env(), "TWILIO_API_KEY");
    std::env::remove_var("TWILIO_API_SECRET");
    std::env::remove_var(&base_url_variable);

    std::env::set_var("TWILIO_AUTH_TOKEN", "");
    expect_config_error(Client::from_env(), "TWILIO_AUTH_TOKEN");
    std::env::remove_var("TWILIO_ACCOUNT_SID");
    expect_config_error(Client::from_env(), "TWILIO_ACCOUNT_SID");
}
