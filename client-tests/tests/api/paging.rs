//! Paging: `.stream()` across three pages linked by `meta.next_page_url`, `.limit(n)`
//! not requesting pages it does not need, `.pages()`, each also with the next page
//! prefetched (`prefetch_pages`); empty and relative next-page links; an error in the
//! middle of a stream; next-page links that loop or lead to another origin; and `Page` /
//! `PageSize` outside their bounds, refused before sending.

use crate::common::*;
use serde_json::{json, Value};
use twilio_assistants::models::{self, AssistantId};
use twilio_assistants::{Error, NextPage, RetryPolicy, StreamExt, TryStreamExt};
use wiremock::{MockServer, ResponseTemplate};

/// One page of [`mount_three_pages`]: the exact query it answers, the ids of its
/// assistants, and its `next_page_url`.
type PageSpec<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>, Option<String>);

/// Mounts three linked pages of assistants (`PageSize=2`: two, two and one items);
/// `expected[i]` is how many times page `i + 1` must be requested.
async fn mount_three_pages(server: &MockServer, expected: [u64; 3]) {
    let list = format!("{}/v1/Assistants", server.uri());
    let pages: [PageSpec; 3] = [
        (
            vec![("PageSize", "2")],
            vec!["aia_asst_1", "aia_asst_2"],
            Some(format!("{list}?PageSize=2&Page=1&PageToken=PT2")),
        ),
        (
            vec![("PageSize", "2"), ("Page", "1"), ("PageToken", "PT2")],
            vec!["aia_asst_3", "aia_asst_4"],
            Some(format!("{list}?PageSize=2&Page=2&PageToken=PT3")),
        ),
        (
            vec![("PageSize", "2"), ("Page", "2"), ("PageToken", "PT3")],
            vec!["aia_asst_5"],
            None,
        ),
    ];
    for (index, ((query, ids, next), times)) in pages.into_iter().zip(expected).enumerate() {
        let assistants: Vec<Value> = ids
            .iter()
            .map(|id| assistant_json(id, &format!("Assistant {id}")))
            .collect();
        let body = json!({
            "assistants": assistants,
            "meta": meta_json("assistants", &list, index as i64, 2, next.as_deref())
        });
        api("GET", "/v1/Assistants")
            .and(query_is(&query))
            .and(NoBody)
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(times)
            .named(format!("page {}", index + 1))
            .mount(server)
            .await;
    }
}

/// `.stream()` follows `meta.next_page_url` across three pages (each request
/// authenticated and carrying the link's query exactly) and yields all five items in
/// order, stopping at the page whose `next_page_url` is null; the same with the next page
/// prefetched.
#[tokio::test]
async fn stream_follows_next_page_links_across_three_pages() {
    for prefetch in [false, true] {
        let server = MockServer::start().await;
        mount_three_pages(&server, [1, 1, 1]).await;

        let ids: Vec<AssistantId> = paging_client_for(&server, prefetch)
            .assistants()
            .list()
            .page_size(2)
            .stream()
            .map_ok(|assistant| assistant.id)
            .try_collect()
            .await
            .expect("every page decodes");

        assert_eq!(
            ids,
            [
                "aia_asst_1",
                "aia_asst_2",
                "aia_asst_3",
                "aia_asst_4",
                "aia_asst_5"
            ],
            "prefetch {prefetch}"
        );
        server.verify().await;
    }
}

/// `.limit(n)` stops the stream after `n` items and requests no page it does not need:
/// 3 items need pages 1 and 2, 2 items need only page 1, 0 items need no request, and a
/// limit above the total yields everything; with the next page prefetched or not.
#[tokio::test]
async fn limit_stops_early_without_requesting_further_pages() {
    let cases: [(usize, &[&str], [u64; 3]); 4] = [
        (3, &["aia_asst_1", "aia_asst_2", "aia_asst_3"], [1, 1, 0]),
        (2, &["aia_asst_1", "aia_asst_2"], [1, 0, 0]),
        (0, &[], [0, 0, 0]),
        (
            10,
            &[
                "aia_asst_1",
                "aia_asst_2",
                "aia_asst_3",
                "aia_asst_4",
                "aia_asst_5",
            ],
            [1, 1, 1],
        ),
    ];
    for ((limit, expected_ids, expected_requests), prefetch) in cases
        .into_iter()
        .flat_map(|case| [(case, false), (case, true)])
    {
        let server = MockServer::start().await;
        mount_three_pages(&server, expected_requests).await;

        let ids: Vec<AssistantId> = paging_client_for(&server, prefetch)
            .assistants()
            .list()
            .page_size(2)
            .limit(limit)
            .stream()
            .map_ok(|assistant| assistant.id)
            .try_collect()
            .await
            .expect("every page decodes");

        assert_eq!(ids, expected_ids, "limit {limit}, prefetch {prefetch}");
        server.verify().await;
    }
}

/// With `prefetch_pages`, the next page is requested as soon as a page arrives: after the
/// first item, and with the stream not polled again, the server sees the second page's
/// request; without it, only the first.
#[tokio::test]
async fn prefetch_requests_the_next_page_before_the_items_run_out() {
    for prefetch in [false, true] {
        let server = MockServer::start().await;
        mount_three_pages(&server, [1, u64::from(prefetch), 0]).await;
        let client = paging_client_for(&server, prefetch);
        let mut stream = Box::pin(client.assistants().list().page_size(2).stream());
        let first = stream.next().await.expect("an item").expect("it decodes");
        assert_eq!(first.id, "aia_asst_1");

        let started = std::time::Instant::now();
        let mut seen = 0;
        while started.elapsed()
            < std::time::Duration::from_millis(if prefetch { 5000 } else { 300 })
        {
            seen = server
                .received_requests()
                .await
                .map_or(0, |requests| requests.len());
            if seen == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(seen, 1 + usize::from(prefetch), "prefetch {prefetch}");
        drop(stream);
        server.verify().await;
    }
}

/// `.pages()` yields each page whole, in order, with its own `meta`.
#[tokio::test]
async fn pages_yields_every_page_with_its_meta() {
    let server = MockServer::start().await;
    mount_three_pages(&server, [1, 1, 1]).await;

    let pages: Vec<models::AssistantList> = client_for(&server)
        .assistants()
        .list()
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .expect("every page decodes");

    assert_eq!(
        pages
            .iter()
            .map(|page| page.assistants.len())
            .collect::<Vec<_>>(),
        [2, 2, 1]
    );
    assert_eq!(
        pages.iter().map(|page| page.meta.page).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(pages[0]
        .meta
        .next_page_url
        .as_deref()
        .is_some_and(|link| link.ends_with("PageToken=PT2")));
    assert_eq!(pages[2].meta.next_page_url, None);
    server.verify().await;
}

/// A `next_page_url` that is an empty string ends the stream like `null` does.
#[tokio::test]
async fn empty_next_page_url_ends_the_stream() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "only")],
            "meta": meta_json("tools", &list, 0, 50, Some(""))
        })))
        .expect(1)
        .mount(&server)
        .await;

    let tools: Vec<models::Tool> = client_for(&server)
        .tools()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("the page decodes");
    assert_eq!(tools.len(), 1);
    assert_tool(&tools[0], "aia_tool_1", "only");
}

/// A next-page link given relative to the API (`/v1/...`, as `next_page_uri` would be)
/// is resolved against the client's base URL and followed with the credentials.
#[tokio::test]
async fn relative_next_page_link_is_resolved_against_the_base_url() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Assistants/aia_asst_1/Tools", server.uri());
    api("GET", "/v1/Assistants/aia_asst_1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "first")],
            "meta": meta_json("tools", &list, 0, 1, Some("/v1/Assistants/aia_asst_1/Tools?PageSize=1&Page=1&PageToken=PT1"))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_1/Tools")
        .and(query_is(&[
            ("PageSize", "1"),
            ("Page", "1"),
            ("PageToken", "PT1"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "second")],
            "meta": meta_json("tools", &list, 1, 1, None)
        })))
        .expect(1)
        .mount(&server)
        .await;

    let names: Vec<String> = client_for(&server)
        .assistants()
        .tools(id::<AssistantId>("aia_asst_1"))
        .list()
        .stream()
        .map_ok(|tool| tool.name)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(names, ["first", "second"]);
}

/// An error answer on a later page is yielded after the items of the earlier pages, and
/// the stream ends after it; also when that page was requested ahead.
#[tokio::test]
async fn an_error_on_a_later_page_is_yielded_and_ends_the_stream() {
    for prefetch in [false, true] {
        an_error_on_a_later_page(prefetch).await;
    }
}

async fn an_error_on_a_later_page(prefetch: bool) {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "a"), tool_json("aia_tool_2", "b")],
            "meta": meta_json("tools", &list, 0, 2, Some(&format!("{list}?Page=1&PageToken=PT1")))
        })))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Tools")
        .and(query_is(&[("Page", "1"), ("PageToken", "PT1")]))
        .respond_with(json_response(
            503,
            r#"{"code":20503,"message":"Service unavailable","more_info":"https://www.twilio.com/docs/errors/20503","status":503}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut stream = Box::pin(paging_client_for(&server, prefetch).tools().list().stream());
    assert_eq!(
        stream
            .next()
            .await
            .expect("item 1")
            .expect("item 1 decodes")
            .id,
        "aia_tool_1"
    );
    assert_eq!(
        stream
            .next()
            .await
            .expect("item 2")
            .expect("item 2 decodes")
            .id,
        "aia_tool_2"
    );
    match stream.next().await.expect("an error item") {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 503);
            assert_eq!(error.code, Some(20503));
            assert_eq!(error.operation, "ListTools");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

/// A page whose next link was already followed, or whose page token was already used,
/// ends the stream with `Error::PageLoop` after the items already received, instead of
/// requesting pages forever. The token of a page's next page can be read to resume later.
#[tokio::test]
async fn a_next_page_link_that_repeats_stops_paging() {
    let server = MockServer::start().await;
    let list = format!("{}/v1/Tools", server.uri());
    let again = format!("{list}?PageToken=PT1");
    api("GET", "/v1/Tools")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_1", "first")],
            "meta": meta_json("tools", &list, 0, 1, Some(&again))
        })))
        .expect(2)
        .mount(&server)
        .await;
    // The same link again.
    api("GET", "/v1/Tools")
        .and(query_is(&[("PageToken", "PT1")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_2", "second")],
            "meta": meta_json("tools", &list, 1, 1, Some(&again))
        })))
        .expect(2)
        .mount(&server)
        .await;
    // The same token in another link, from a request that resumed with a token.
    api("GET", "/v1/Tools")
        .and(query_is(&[("PageToken", "PT9")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tools": [tool_json("aia_tool_3", "third")],
            "meta": meta_json("tools", &list, 1, 1, Some(&format!("{list}?Page=2&PageToken=PT9")))
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_with(server.uri(), RetryPolicy::none());
    let streamed: Vec<_> = client.tools().list().stream().collect().await;
    assert_eq!(streamed.len(), 3, "{streamed:?}");
    assert!(matches!(&streamed[0], Ok(tool) if tool.id == "aia_tool_1"));
    assert!(matches!(&streamed[1], Ok(tool) if tool.id == "aia_tool_2"));
    match &streamed[2] {
        Err(Error::PageLoop { operation, url }) => {
            assert_eq!(*operation, "ListTools");
            assert_eq!(url, &again);
        }
        other => panic!("expected Error::PageLoop, got {other:?}"),
    }

    let pages: Vec<_> = client
        .tools()
        .list()
        .page_token("PT9")
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(
        matches!(&pages[1], Err(Error::PageLoop { url, .. }) if url.ends_with("Page=2&PageToken=PT9")),
        "{pages:?}"
    );

    // The first page tells the token of the next one.
    let first = client.tools().list().send().await.expect("the first page");
    assert_eq!(first.next_page_token().as_deref(), Some("PT1"));
    assert_eq!(first.next_page_link(), Some(again.as_str()));
    assert_eq!(
        twilio_assistants::page_token(&again).as_deref(),
        Some("PT1")
    );
    let ids: Vec<_> = client
        .tools()
        .list()
        .page_token(first.next_page_token().unwrap_or_default())
        .stream()
        .take(1)
        .map_ok(|tool| tool.id)
        .try_collect()
        .await
        .expect("resumed at the second page");
    assert_eq!(ids, ["aia_tool_2"]);
}

/// A next-page link to another origin (another host, port or scheme, or a host hidden
/// behind user info) is refused with `Error::ForeignLink` after the first page's items,
/// before anything is sent there: the credentials never leave the base URL's origin.
#[tokio::test]
async fn next_page_links_to_another_origin_are_refused_before_sending() {
    let server = MockServer::start().await;
    let address = server.address();
    let foreign = [
        "http://127.0.0.2:9/v1/Assistants?PageToken=x".to_owned(),
        format!(
            "http://127.0.0.1:{}/v1/Assistants?PageToken=x",
            closed_port()
        ),
        format!("https://{address}/v1/Assistants?PageToken=x"),
        format!("http://{address}@127.0.0.2:9/v1/Assistants?PageToken=x"),
    ];
    let list = format!("{}/v1/Assistants", server.uri());
    for (index, link) in foreign.iter().enumerate() {
        let token = format!("case{index}");
        api("GET", "/v1/Assistants")
            .and(query_is(&[("PageToken", &token)]))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "assistants": [assistant_json("aia_asst_1", "Support")],
                "meta": meta_json("assistants", &list, 0, 1, Some(link))
            })))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client_for(&server);
    for (index, link) in foreign.iter().enumerate() {
        let mut stream = Box::pin(
            client
                .assistants()
                .list()
                .page_token(format!("case{index}"))
                .stream(),
        );
        let first = stream
            .next()
            .await
            .expect("the first page's item")
            .expect("the first page decodes");
        assert_assistant(&first, "aia_asst_1", "Support");
        match stream.next().await.expect("an error item") {
            Err(Error::ForeignLink {
                operation,
                url,
                base_url,
            }) => {
                assert_eq!(operation, "ListAssistants");
                assert_eq!(&url, link);
                assert_eq!(base_url, server.uri());
            }
            other => panic!("expected Error::ForeignLink for {link}, got {other:?}"),
        }
        assert!(
            stream.next().await.is_none(),
            "the stream ends after the refusal"
        );
    }

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        foreign.len(),
        "only the first pages were requested"
    );
}

/// `PageSize` outside the spec's 1..=1000 (and `Page` below 0) is refused before any
/// request is sent: the server sees nothing.
#[tokio::test]
async fn page_size_outside_its_bounds_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    for (page_size, page) in [(0, 0), (1001, 0), (50, -1)] {
        let result = client
            .assistants()
            .list()
            .page_size(page_size)
            .page(page)
            .send()
            .await;
        match result {
            Err(Error::InvalidArgument { operation, message }) => {
                assert_eq!(operation, "ListAssistants");
                let name = if page < 0 { "`Page`" } else { "`PageSize`" };
                assert!(message.contains(name), "{message}");
            }
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "nothing may be sent: {received:?}");
}
