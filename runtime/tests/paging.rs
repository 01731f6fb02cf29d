//! Paging by each strategy against a mock server on 127.0.0.1: a cursor from the body, the
//! `Link` header, and a link in the body, across three pages; a repeated cursor or link
//! ends the stream with `Error::PageLoop` instead of a request.

use futures_util::TryStreamExt;
use runtime::runtime::call::Call;
use runtime::runtime::paging::{items, pages, Page};
use runtime::{Client, Error, NextPage};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A page of a cursor-paged list: `next_page` goes into `page_token`.
#[derive(Debug, Deserialize)]
struct CursorPage {
    items: Vec<u32>,
    next_page: Option<String>,
}

impl Page for CursorPage {
    type Item = u32;

    const CURSOR_PARAMETER: Option<&'static str> = Some("page_token");

    fn next_cursor(&self) -> Option<String> {
        self.next_page.clone()
    }

    fn into_items(self) -> Vec<u32> {
        self.items
    }
}

/// A page that links to the next one in its body.
#[derive(Debug, Deserialize)]
struct LinkPage {
    items: Vec<u32>,
    next: Option<String>,
}

impl Page for LinkPage {
    type Item = u32;

    fn next_link(&self) -> Option<&String> {
        self.next.as_ref()
    }

    fn into_items(self) -> Vec<u32> {
        self.items
    }
}

mod common;

fn client(server: &MockServer) -> Client {
    common::builder()
        .base_url(server.uri())
        .allow_http(true)
        .build()
        .expect("a client of the mock server")
}

fn list() -> Call {
    let mut call = Call::new("ListThings", reqwest::Method::GET, "/things", &[]);
    call.query("limit", 2);
    call
}

async fn page(server: &MockServer, cursor: Option<&str>, body: serde_json::Value) {
    let mock = Mock::given(method("GET")).and(path("/things"));
    let mock = match cursor {
        Some(cursor) => mock.and(query_param("page_token", cursor)),
        None => mock.and(query_param_is_missing("page_token")),
    };
    mock.and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn cursors_are_sent_as_their_parameter_until_the_last_page() {
    let server = MockServer::start().await;
    page(&server, None, json!({"items": [1, 2], "next_page": "c2"})).await;
    page(
        &server,
        Some("c2"),
        json!({"items": [3, 4], "next_page": "c3"}),
    )
    .await;
    page(
        &server,
        Some("c3"),
        json!({"items": [5], "next_page": null}),
    )
    .await;
    let all: Vec<u32> = items::<CursorPage>(&client(&server), list(), None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    page(&server, None, json!({"items": [1], "next_page": "c2"})).await;
    page(
        &server,
        Some("c2"),
        json!({"items": [2], "next_page": "c2"}),
    )
    .await;
    let mut stream = Box::pin(pages::<CursorPage>(&client(&server), list()));
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.next_page_cursor().as_deref(), Some("c2"));
    assert_eq!(stream.try_next().await.unwrap().unwrap().items, [2]);
    let error = stream.try_next().await.unwrap_err();
    assert!(
        matches!(&error, Error::PageLoop { url, .. } if url == "c2"),
        "{error:?}"
    );
}

#[tokio::test]
async fn link_headers_lead_from_page_to_page() {
    let server = MockServer::start().await;
    let next = |page: u32| {
        format!(
            "<{}/things?limit=2&page={page}>; rel=\"next\"",
            server.uri()
        )
    };
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([3, 4]))
                .insert_header("link", next(3).as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("page", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([5])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([1, 2]))
                .insert_header("link", next(2).as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let all: Vec<u32> = items::<Vec<u32>>(&client(&server), list(), None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn a_link_to_another_origin_or_a_repeated_link_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([1]))
                .insert_header(
                    "link",
                    "<https://elsewhere.example/things?page=2>; rel=\"next\"",
                ),
        )
        .mount(&server)
        .await;
    let error = items::<Vec<u32>>(&client(&server), list(), None)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ForeignLink { .. }), "{error:?}");

    let server = MockServer::start().await;
    let again = format!("{}/things?limit=2&again=1", server.uri());
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"items": [1], "next": again})),
        )
        .mount(&server)
        .await;
    let error = items::<LinkPage>(&client(&server), list(), None)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::PageLoop { .. }), "{error:?}");
}

#[tokio::test]
async fn items_before_a_failed_page_are_collected_with_the_error() {
    use runtime::resources::ListExamples;
    let server = MockServer::start().await;
    let next = format!("{}/v1/Examples?Page=1", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1/Examples"))
        .and(query_param_is_missing("Page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "examples": [{"note": "a"}, {"note": "b"}, {"note": "c"}],
            "next_page_url": next,
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/Examples"))
        .and(query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = client(&server);
    let (items, error) = ListExamples::new(&client).collect_until_error().await;
    let notes: Vec<Option<String>> = items.into_iter().map(|item| item.note.flatten()).collect();
    assert_eq!(
        notes,
        [Some("a".into()), Some("b".into()), Some("c".into())]
    );
    assert_eq!(error.expect("the second page failed").status(), Some(404));
    // A limit of any integer type stops the stream; a negative one yields nothing.
    let (items, error) = ListExamples::new(&client)
        .limit(2_i64)
        .collect_until_error()
        .await;
    assert_eq!((items.len(), error.is_none()), (2, true));
    let (items, error) = ListExamples::new(&client)
        .limit(-1)
        .collect_until_error()
        .await;
    assert_eq!((items.len(), error.is_none()), (0, true));
}
