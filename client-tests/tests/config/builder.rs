//! Building a client by hand: credentials are required, and neither an auth token nor an
//! API key's secret is ever shown; base URLs must be absolute http(s) URLs, plain http
//! needs permission, and a trailing slash or a path prefix is joined correctly.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{AssistantId, ToolId};
use twilio_assistants::{Client, Error, TryStreamExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Building a client: without credentials, or with a base URL that is not an absolute
/// http(s) URL, is `Error::Config`; `Client::new` uses Twilio's base URL; the debug
/// output of clients and builders never shows the auth token.
#[test]
fn client_configuration_is_validated_and_the_token_is_never_shown() {
    match Client::builder().build() {
        Err(Error::Config(message)) => assert!(message.contains("credentials"), "{message}"),
        other => panic!("expected Error::Config, got {other:?}"),
    }
    for bad in [
        "not a url",
        "ftp://127.0.0.1/",
        "/v1",
        "mailto:someone@example.com",
        "",
    ] {
        match Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(bad)
            .build()
        {
            Err(Error::Config(_)) => {}
            other => panic!("{bad:?}: expected Error::Config, got {other:?}"),
        }
    }

    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN).expect("a client");
    assert_eq!(client.base_url(), "https://assistants.twilio.com");
    assert_eq!(
        client.base_url(),
        twilio_assistants::resources::DEFAULT_BASE_URL
    );
    assert_eq!(client.account_sid(), ACCOUNT_SID);
    let shown = format!(
        "{client:?} {:?}",
        Client::builder().credentials(ACCOUNT_SID, AUTH_TOKEN)
    );
    assert!(!shown.contains(AUTH_TOKEN), "{shown}");
    assert!(shown.contains(ACCOUNT_SID), "{shown}");
}

/// With an API key, Basic auth uses the key SID and secret, `account_sid()` is the
/// account's, and the secret appears neither in the debug output of the client and its
/// builder nor in the errors of its requests (an API error, a refused connection).
#[tokio::test]
async fn an_api_key_authenticates_and_its_secret_is_never_shown() {
    const KEY_SID: &str = "SKcccccccccccccccccccccccccccccccc";
    const SECRET: &str = "api-key-secret-for-tests";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/Assistants/aia_asst_1"))
        .and(wiremock::matchers::basic_auth(KEY_SID, SECRET))
        .respond_with(json_response(
            401,
            &twilio_error(20003, "Authentication Error", 401),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let builder = |uri: String| {
        Client::builder()
            .api_key(KEY_SID, SECRET)
            .account_sid(ACCOUNT_SID)
            .base_url(uri)
            .allow_http(true)
            .retry(fast_retries())
    };
    let mut shown = format!("{:?}", builder(server.uri()));
    let client = builder(server.uri()).build().expect("a client");
    assert_eq!(client.account_sid(), ACCOUNT_SID);
    let error = client
        .assistants()
        .fetch(id::<AssistantId>("aia_asst_1"))
        .send()
        .await
        .expect_err("401");
    assert_eq!(error.status(), Some(401));
    let refused = builder(format!("http://127.0.0.1:{}", closed_port()))
        .build()
        .expect("a client")
        .assistants()
        .create("Support")
        .send()
        .await
        .expect_err("refused");
    shown += &format!("{client:?} {error:?} {error} {refused:?} {refused}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains(KEY_SID),
        "the key SID is not secret: {shown}"
    );
}

/// A plain http base URL is refused unless `allow_http(true)` says so, on this machine
/// too: the credentials would travel unencrypted.
#[test]
fn plain_http_needs_permission() {
    for base in [
        "http://127.0.0.1:4010",
        "http://example.com",
        "http://[::1]:1",
    ] {
        match Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(base)
            .build()
        {
            Err(Error::Config(message)) => {
                assert!(message.contains("allow_http"), "{message}");
                assert!(!message.contains(AUTH_TOKEN), "{message}");
            }
            other => panic!("{base}: expected Error::Config, got {other:?}"),
        }
        let allowed = Client::builder()
            .credentials(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(base)
            .allow_http(true)
            .build()
            .expect("allowed");
        assert_eq!(allowed.base_url(), base);
    }
}

/// A base URL with a trailing slash or with a path prefix (a proxy) is joined with the
/// operation paths without doubling or dropping slashes, and page links under the
/// prefix are followed.
#[tokio::test]
async fn base_urls_with_trailing_slash_or_prefix_are_joined_correctly() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Tools/aia_tool_1")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let prefix = format!("{}/proxy/twilio", server.uri());
    api("GET", "/proxy/twilio/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "a")],
            "meta": meta_json("tools", &format!("{prefix}/v1/Tools"), 0, 1, Some(&format!("{prefix}/v1/Tools?Page=1")))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/proxy/twilio/v1/Tools")
        .and(query_is(&[("Page", "1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "b")],
            "meta": meta_json("tools", &format!("{prefix}/v1/Tools"), 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let slash = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(format!("{}/", server.uri()))
        .allow_http(true)
        .build()
        .expect("a client");
    assert_eq!(slash.base_url(), server.uri());
    slash
        .tools()
        .delete(id::<ToolId>("aia_tool_1"))
        .send()
        .await
        .expect("DeleteTool succeeds");

    let prefixed = Client::builder()
        .credentials(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(&prefix)
        .allow_http(true)
        .build()
        .expect("a client");
    let ids: Vec<ToolId> = prefixed
        .tools()
        .list()
        .stream()
        .map_ok(|tool| tool.id)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(ids, ["aia_tool_1", "aia_tool_2"]);
}
