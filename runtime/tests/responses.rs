//! Responses that are not JSON, from servers on 127.0.0.1: whole bodies as bytes and
//! text, downloads streamed through without being held, and server-sent events split
//! across chunks at awkward places.

mod common;

use runtime::runtime::call::Call;
use runtime::{Client, Error, Event, RetryPolicy, StreamExt, TryStreamExt};
use std::future::Future;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str) -> Client {
    common::builder()
        .base_url(uri)
        .allow_http(true)
        .retry(RetryPolicy::none())
        .build()
        .expect("a client")
}

fn get(template: &'static str) -> Call {
    Call::new("FetchThing", reqwest::Method::GET, template, &[])
}

/// A server on 127.0.0.1 that answers each connection with `answer`, after reading the
/// request's head; its URI.
async fn raw_server<F, Fut>(answer: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = std::io::Result<()>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            stream.set_nodelay(true).ok();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte).await {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            tokio::spawn(answer(stream));
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn whole_bodies_as_bytes_and_text() {
    let server = MockServer::start().await;
    let binary = b"\x00\x9F\x92\x96 not text \xFF".to_vec();
    Mock::given(path("/v1/Binary"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(binary.clone(), "image/png"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/Text"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("héllo\r\n", "text/plain"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let bytes = client.send_bytes(get("/v1/Binary")).await.expect("bytes");
    assert_eq!(bytes, binary);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["accept"], "*/*");

    let text = client
        .send_text_with_response(get("/v1/Text"))
        .await
        .expect("text");
    assert_eq!((text.status, text.value.as_str()), (200, "héllo\r\n"));

    let Err(Error::Decode(error)) = client.send_text(get("/v1/Binary")).await else {
        panic!("invalid UTF-8 must be a decode error")
    };
    assert_eq!(error.operation, "FetchThing");
    assert!(error.message.contains("not UTF-8"), "{}", error.message);

    let small = common::builder()
        .base_url(server.uri())
        .allow_http(true)
        .max_response_bytes(4)
        .build()
        .unwrap();
    assert!(matches!(
        small.send_bytes(get("/v1/Binary")).await,
        Err(Error::ResponseTooLarge { limit: 4, .. })
    ));
}

/// The size of the streamed download: big enough that holding it would show, and quick
/// to stream through in a debug build.
const DOWNLOAD_BYTES: u64 = 100 * 1024 * 1024;

#[tokio::test]
async fn a_download_streams_through_without_the_size_cap() {
    // The server writes one 64 KiB buffer again and again, so neither side holds the body.
    let uri = raw_server(|mut stream| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\
             Content-Length: {DOWNLOAD_BYTES}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await?;
        let chunk = vec![7u8; 64 * 1024];
        let mut left = DOWNLOAD_BYTES;
        while left > 0 {
            let size = left.min(chunk.len() as u64) as usize;
            stream.write_all(&chunk[..size]).await?;
            left -= size as u64;
        }
        stream.flush().await
    })
    .await;
    let client = common::builder()
        .base_url(&uri)
        .allow_http(true)
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();

    let started = Instant::now();
    let mut download = client.send_download(get("/v1/Media")).await.expect("head");
    assert_eq!(download.status(), 200);
    assert_eq!(download.content_length(), Some(DOWNLOAD_BYTES));
    assert_eq!(download.content_type(), Some("application/octet-stream"));
    // Each chunk is counted and dropped: memory stays flat by construction.
    let mut received = 0u64;
    let mut largest = 0;
    while let Some(chunk) = download.chunk().await.expect("a chunk") {
        assert!(chunk.iter().all(|&byte| byte == 7));
        received += chunk.len() as u64;
        largest = largest.max(chunk.len());
    }
    assert_eq!(received, DOWNLOAD_BYTES);
    assert!(largest <= 1024 * 1024, "chunks arrive as read: {largest}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // `write_to` copies the stream into a writer as it arrives.
    let download = client.send_download(get("/v1/Media")).await.expect("head");
    let written = download
        .write_to(&mut tokio::io::sink())
        .await
        .expect("written");
    assert_eq!(written, DOWNLOAD_BYTES);
}

#[tokio::test]
async fn a_failed_download_is_an_api_error_and_a_cut_one_a_connection_error() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/Media"))
        .respond_with(ResponseTemplate::new(500).set_body_string(
            r#"{"code": 20500, "message": "Internal Server Error", "status": 500}"#,
        ))
        .mount(&server)
        .await;
    let Err(Error::Api(error)) = client(&server.uri()).send_download(get("/v1/Media")).await else {
        panic!("a 500 must be an API error")
    };
    assert_eq!((error.status, error.code), (500, Some(20500)));

    // A body cut short of its announced length ends the stream with a connection error.
    let uri = raw_server(|mut stream| async move {
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part")
            .await?;
        stream.shutdown().await
    })
    .await;
    let download = client(&uri).send_download(get("/v1/Media")).await.unwrap();
    let chunks: Vec<_> = download.collect().await;
    assert!(
        matches!(chunks.last(), Some(Err(Error::Connection { .. }))),
        "{chunks:?}"
    );
}

/// An event stream written in pieces that split lines, CRLFs and the byte order mark.
const PIECES: &[&[u8]] = &[
    b"\xEF\xBB",
    b"\xBF: a comment\r",
    b"\nretry: 2500\r\nid: 1\r\ndata: {\"n\":",
    b" 1}\r\n\r",
    b"\nevent: note\ndata: first line\ndata: second",
    b" line\n\n",
    b"id: 2\rdata: {\"n\": 2}\r\r",
    b"data: [DONE]\n",
    b"\n",
];

#[tokio::test]
async fn events_arrive_parsed_however_the_body_is_split() {
    let uri = raw_server(|mut stream| async move {
        stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                  Transfer-Encoding: chunked\r\n\r\n",
            )
            .await?;
        for piece in PIECES {
            // Each piece is a chunk of its own, flushed and given time to arrive alone.
            stream
                .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .await?;
            stream.write_all(piece).await?;
            stream.write_all(b"\r\n").await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stream.write_all(b"0\r\n\r\n").await?;
        stream.flush().await
    })
    .await;
    let mut call = Call::new("CreateCompletion", reqwest::Method::POST, "/v1/Chat", &[]);
    call.json(&serde_json::json!({"stream": true}));
    let events = client(&uri).send_events(call).await.expect("head");
    assert_eq!(events.status(), 200);
    let events: Vec<Event> = events.try_collect().await.expect("events");

    let summary: Vec<_> = events
        .iter()
        .map(|event| {
            (
                event.event.as_deref(),
                event.data.as_str(),
                event.id.as_deref(),
                event.retry,
            )
        })
        .collect();
    let retry = Some(Duration::from_millis(2500));
    assert_eq!(
        summary,
        [
            (None, "{\"n\": 1}", Some("1"), retry),
            (Some("note"), "first line\nsecond line", Some("1"), retry),
            (None, "{\"n\": 2}", Some("2"), retry),
            (None, "[DONE]", Some("2"), retry),
        ]
    );
    // OpenAI's end of stream is an ordinary event; a caller stops there.
    let numbers: Vec<u8> = events
        .iter()
        .filter(|event| event.event.is_none())
        .take_while(|event| event.data != "[DONE]")
        .map(|event| {
            event.json::<serde_json::Value>().unwrap()["n"]
                .as_u64()
                .unwrap() as u8
        })
        .collect();
    assert_eq!(numbers, [1, 2]);
    let Err(Error::Decode(error)) = events[3].json::<serde_json::Value>() else {
        panic!("`[DONE]` is not JSON")
    };
    assert_eq!(error.operation, "CreateCompletion");
}

#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/Chat"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"n": 1}"#))
        .mount(&server)
        .await;
    let result = client(&server.uri()).send_events(get("/v1/Chat")).await;
    let Err(Error::Decode(error)) = result else {
        panic!("a JSON answer is not an event stream")
    };
    assert!(
        error.message.contains("text/event-stream"),
        "{}",
        error.message
    );
    assert_eq!(error.body, r#"{"n": 1}"#);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["accept"], "text/event-stream");
}

#[tokio::test]
async fn a_documented_redirect_with_a_body_is_the_answer() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/Data"))
        .respond_with(ResponseTemplate::new(307).set_body_raw(
            r#"{"redirect_to":"https://example.com/x"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let answer: serde_json::Value = client
        .send(get("/v1/Data").with_success(&[307]))
        .await
        .expect("307 is this operation's answer");
    assert_eq!(answer["redirect_to"], "https://example.com/x");
    // Any other operation takes the same answer for an error.
    let error = client
        .send::<serde_json::Value>(get("/v1/Data"))
        .await
        .expect_err("307 is not success by default");
    assert_eq!(error.status(), Some(307));
}

#[tokio::test]
async fn a_json_answer_of_another_json_type_is_asked_for_by_name() {
    let server = MockServer::start().await;
    Mock::given(path("/scim/Users/1"))
        .and(wiremock::matchers::header(
            "accept",
            "application/scim+json",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"userName":"a"}"#, "application/scim+json"),
        )
        .mount(&server)
        .await;
    let mut call = get("/scim/Users/1");
    call.accept("application/scim+json");
    let user: serde_json::Value = client(&server.uri()).send(call).await.expect("decoded");
    assert_eq!(user["userName"], "a");
}
