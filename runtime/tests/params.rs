//! The exact bytes of parameters in each style, and of form bodies with styled properties,
//! as a mock server on 127.0.0.1 receives them.

mod common;

use runtime::runtime::call::Call;
use runtime::runtime::params::Style;
use runtime::Client;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with 204, and a client of it.
async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = common::builder()
        .base_url(server.uri())
        .allow_http(true)
        .build()
        .expect("a client of the mock server");
    (server, client)
}

/// The one request the server received.
async fn received(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn query_parameters_are_written_in_their_style() {
    let (server, client) = server().await;
    let mut call = Call::new("ListCharges", reqwest::Method::GET, "/charges", &[]);
    let range = json!({"gt": 1, "lt": 9});
    call.query_styled("created", Style::DeepObject, &range);
    call.query_styled("metadata", Style::DeepObject, &json!({"a b": "c&d"}));
    call.query_styled("expand", Style::DeepObject, &json!(["customer", "invoice"]));
    call.query_styled("page", Style::Form, &json!({"number": 2, "size": 10}));
    call.query_styled("bounds", Style::FormJoined, &range);
    call.query_styled("words", Style::SpaceDelimited, &json!(["x", "y"]));
    call.query_styled("ids", Style::PipeDelimited, &json!([1, 2]));
    call.query_styled("since", Style::DeepObject, &json!(1700000000));
    client.send_empty(call).await.expect("204");
    let request = received(&server).await;
    assert_eq!(
        request.url.query(),
        Some(
            "created%5Bgt%5D=1&created%5Blt%5D=9&metadata%5Ba+b%5D=c%26d\
             &expand%5B%5D=customer&expand%5B%5D=invoice&number=2&size=10&bounds=gt%2C1%2Clt%2C9\
             &words=x+y&ids=1%7C2&since=1700000000"
        )
    );
}

#[tokio::test]
async fn headers_and_cookies_are_written_in_their_style() {
    let (server, client) = server().await;
    let mut call = Call::new("Op", reqwest::Method::GET, "/a", &[]);
    call.header_styled("X-Range", Style::SimpleExploded, &json!({"gt": 1, "lt": 9}));
    call.header_styled("X-Ids", Style::Simple, &json!([1, 2]));
    call.cookie("session", &"s 1");
    call.cookie("flags", &json!(["a", "b"]));
    client.send_empty(call).await.expect("204");
    let request = received(&server).await;
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap())
    };
    assert_eq!(header("x-range"), Some("gt=1,lt=9"));
    assert_eq!(header("x-ids"), Some("1,2"));
    assert_eq!(header("cookie"), Some("session=s%201; flags=a,b"));
}

#[tokio::test]
async fn form_bodies_nest_styled_properties_as_stripe_reads_them() {
    let (server, client) = server().await;
    let mut call = Call::new("CreateCharge", reqwest::Method::POST, "/charges", &[]);
    let body = json!({
        "amount": 2000,
        "metadata": {"order_id": "6735"},
        "expand": ["customer"],
        "items": [{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
        "attributes": {"k": 1}
    });
    call.form_styled(
        &body,
        &[
            ("metadata", Style::DeepObject),
            ("expand", Style::DeepObject),
            ("items", Style::DeepObject),
        ],
    );
    client.send_empty(call).await.expect("204");
    let request = received(&server).await;
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "amount=2000&attributes=%7B%22k%22%3A1%7D&expand%5B%5D=customer\
         &items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p_2\
         &metadata%5Border_id%5D=6735"
    );
}

#[tokio::test]
async fn a_value_its_style_cannot_write_refuses_the_call() {
    let (server, client) = server().await;
    let mut call = Call::new("Op", reqwest::Method::GET, "/a", &[]);
    call.query_styled("filter", Style::Form, &json!({"nested": {"a": 1}}));
    let error = client.send_empty(call).await.unwrap_err();
    assert!(
        matches!(&error, runtime::Error::InvalidArgument { message, .. }
            if message.contains("`filter` holds a nested array or object")),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn identifiers_given_as_text_are_checked_before_anything_is_sent() {
    use runtime::models::ExampleId;
    use runtime::resources::DeleteExample;
    let (server, client) = server().await;
    let refused = DeleteExample::new(&client, "EX0a1")
        .send()
        .await
        .unwrap_err();
    match refused {
        runtime::Error::InvalidId(id) => {
            assert_eq!((id.kind, id.value.as_str()), ("ExampleId", "EX0a1"))
        }
        other => panic!("expected InvalidId, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    let id: ExampleId = "EX0a1F".parse().unwrap();
    DeleteExample::new(&client, String::from("EXbeef"))
        .send()
        .await
        .unwrap();
    DeleteExample::new(&client, &id).send().await.unwrap();
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/v1/Examples/EXbeef", "/v1/Examples/EX0a1F"]);
}
