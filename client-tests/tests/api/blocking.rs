//! `twilio_assistants::blocking::block_on` (feature `blocking`; `main.rs` leaves this
//! module out without it) from plain threads, without an async runtime of the caller's:
//! a fetch decodes, a list stream collects, and a call from inside an async runtime is
//! refused instead of blocking it. The server is a plain `std::net` listener on
//! 127.0.0.1 that answers each connection with one canned response.

use crate::common::assistant_json;
use std::io::{Read, Write};
use std::net::TcpListener;
use twilio_assistants::blocking::block_on;
use twilio_assistants::{Client, Error, RetryPolicy, TryStreamExt};

/// Serves `body` as a 200 JSON response to `connections` connections, one request each,
/// and returns the base URL and the request lines it saw.
fn serve(body: String, connections: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..connections {
            let Ok((mut stream, _)) = listener.accept() else {
                break;
            };
            let mut request = [0u8; 4096];
            let read = stream.read(&mut request).unwrap_or(0);
            let text = String::from_utf8_lossy(&request[..read]).into_owned();
            seen.push(text.lines().next().unwrap_or_default().to_owned());
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
        seen
    });
    (url, handle)
}

fn client(url: &str) -> Client {
    Client::builder()
        .credentials("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token")
        .base_url(url)
        .allow_http(true)
        .retry(RetryPolicy::none())
        .build()
        .expect("a client for the local server")
}

#[test]
fn a_blocking_fetch_decodes_the_response() {
    let mut body = assistant_json("aia_asst_1", "Support");
    body["tools"] = serde_json::json!([]);
    body["knowledge"] = serde_json::json!([]);
    let (url, server) = serve(body.to_string(), 1);
    let assistant =
        block_on(client(&url).assistants().fetch("aia_asst_1").send()).expect("decodes");
    assert_eq!(assistant.name, "Support");
    let seen = server.join().expect("the server thread ends");
    assert_eq!(seen, ["GET /v1/Assistants/aia_asst_1 HTTP/1.1"]);
}

#[test]
fn a_blocking_stream_collects_every_item() {
    let body = serde_json::json!({
        "assistants": [assistant_json("aia_asst_1", "A"), assistant_json("aia_asst_2", "B")],
        "meta": {"first_page_url": "u", "key": "assistants", "next_page_url": null, "page": 0,
                 "page_size": 50, "previous_page_url": null, "url": "u"}
    });
    let (url, server) = serve(body.to_string(), 1);
    let client = client(&url);
    let names: Vec<String> = block_on(
        client
            .assistants()
            .list()
            .stream()
            .map_ok(|assistant| assistant.name)
            .try_collect(),
    )
    .expect("one page");
    assert_eq!(names, ["A", "B"]);
    assert_eq!(server.join().expect("the server thread ends").len(), 1);
}

#[test]
fn block_on_inside_an_async_runtime_is_refused() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let client = client("http://127.0.0.1:9");
    let result = runtime.block_on(async { block_on(client.tools().list().send()) });
    match result {
        Err(Error::Config(message)) => assert!(message.contains("async runtime"), "{message}"),
        other => panic!("expected a Config error, got {other:?}"),
    }
}
