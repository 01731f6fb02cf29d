//! Request bodies beyond JSON and forms, as they arrive at a mock server on 127.0.0.1:
//! multipart forms byte for byte, raw bodies from bytes, files and streams, text, the
//! `Accept` header, and which bodies are retried.

mod common;

use runtime::runtime::call::Call;
use runtime::runtime::multipart::Multipart;
use runtime::{Bytes, Client, Error, File, RetryPolicy};
use std::path::PathBuf;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    common::builder()
        .base_url(server.uri())
        .allow_http(true)
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .build()
        .expect("a client")
}

/// A mock that answers `POST`/`PUT` `/v1/Up` with `{}`.
async fn accept_uploads(server: &MockServer) {
    Mock::given(path("/v1/Up"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(server)
        .await;
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

/// A file in the temporary directory, named for the test, holding `content`.
fn temporary_file(name: &str, content: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("runtime-{}-{name}", std::process::id()));
    std::fs::write(&path, content).expect("a temporary file");
    path
}

#[tokio::test]
async fn a_multipart_form_is_sent_byte_for_byte() {
    let server = MockServer::start().await;
    accept_uploads(&server).await;
    let pdf = temporary_file("report.pdf", b"%PDF-1.7 \x00\xFF binary");
    let mut form = Multipart::new();
    form.text("FriendlyName", "a \"quoted\" name");
    form.value("Attributes", &serde_json::json!({"k": [1, 2]}), None);
    form.value("Tags", &["x", "y"], None);
    form.file(
        "Photo",
        File::bytes(&b"\x89PNG\r\n"[..])
            .file_name("photo.png")
            .content_type("image/png"),
        None,
    );
    form.file("Report", File::path(&pdf), Some("application/pdf"));
    let mut call = Call::new("CreateUpload", reqwest::Method::POST, "/v1/Up", &[]);
    call.multipart(form);
    let _: serde_json::Value = client(&server).send(call).await.expect("sent");

    let request = only_request(&server).await;
    let content_type = header(&request, "content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let b = boundary;
    let name = pdf.file_name().unwrap().to_str().unwrap();
    let expected = [
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"FriendlyName\"\r\n\r\n\
             a \"quoted\" name\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"Attributes\"\r\n\
             Content-Type: application/json\r\n\r\n{{\"k\":[1,2]}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"Tags\"\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"Tags\"\r\n\r\ny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"Photo\"; filename=\"photo.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
        b"\x89PNG\r\n",
        format!(
            "\r\n--{b}\r\nContent-Disposition: form-data; name=\"Report\"; filename=\"{name}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
        b"%PDF-1.7 \x00\xFF binary",
        format!("\r\n--{b}--\r\n").as_bytes(),
    ]
    .concat();
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
    // A form with a file is streamed, with the length the file had when it was opened.
    assert_eq!(
        header(&request, "content-length"),
        expected.len().to_string()
    );
    std::fs::remove_file(pdf).ok();
}

#[tokio::test]
async fn binary_bodies_come_from_bytes_files_and_streams() {
    let server = MockServer::start().await;
    accept_uploads(&server).await;
    let client = client(&server);
    let content = b"\x00\x01binary\xFE\xFF".repeat(10_000);
    let file = temporary_file("upload.bin", &content);
    let chunks: Vec<Result<Bytes, std::io::Error>> = content
        .chunks(7_000)
        .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
        .collect();
    let bodies: [(&str, File); 4] = [
        ("bytes", File::from(content.clone())),
        ("path", File::path(&file)),
        ("stream", File::stream(futures_util::stream::iter(chunks))),
        (
            "own type",
            File::bytes(content.clone()).content_type("image/png"),
        ),
    ];
    for (kind, body) in bodies {
        let mut call = Call::new("PutUpload", reqwest::Method::PUT, "/v1/Up", &[]);
        call.binary("application/octet-stream", body);
        client.send_empty(call).await.expect(kind);
        let request = only_request(&server).await;
        assert_eq!(request.body, content, "{kind}");
        let expected_type = if kind == "own type" {
            "image/png"
        } else {
            "application/octet-stream"
        };
        assert_eq!(header(&request, "content-type"), expected_type, "{kind}");
        server.reset().await;
        accept_uploads(&server).await;
    }
    std::fs::remove_file(file).ok();
}

#[tokio::test]
async fn a_stream_body_is_sent_once_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);

    let mut call = Call::new("PutUpload", reqwest::Method::PUT, "/v1/Up", &[]);
    call.binary("application/octet-stream", "in memory");
    let error = client.send_empty(call).await.expect_err("503");
    assert!(
        matches!(error, Error::TooManyRetries { attempts: 3, .. }),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    server.reset().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;

    let chunks = vec![Ok::<_, std::io::Error>(Bytes::from_static(b"streamed"))];
    let mut call = Call::new("PutUpload", reqwest::Method::PUT, "/v1/Up", &[]);
    call.binary(
        "application/octet-stream",
        File::stream(futures_util::stream::iter(chunks)),
    );
    let again = call.clone();
    let error = client.send_empty(call).await.expect_err("503");
    assert_eq!(error.status(), Some(503), "{error}");
    assert!(matches!(error, Error::Api(_)), "not retried: {error}");
    assert_eq!(only_request(&server).await.body, b"streamed");

    // A clone of the call shares the stream, which is gone: refused before sending.
    let error = client.send_empty(again).await.expect_err("consumed");
    assert!(
        matches!(&error, Error::InvalidArgument { message, .. } if message.contains("stream")),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_missing_file_refuses_the_request() {
    let server = MockServer::start().await;
    accept_uploads(&server).await;
    let mut call = Call::new("PutUpload", reqwest::Method::PUT, "/v1/Up", &[]);
    call.binary(
        "application/pdf",
        File::path("/nonexistent/runtime-test.pdf"),
    );
    let error = client(&server).send_empty(call).await.expect_err("missing");
    assert!(
        matches!(&error, Error::InvalidArgument { message, .. }
            if message.contains("/nonexistent/runtime-test.pdf")),
        "{error}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn text_bodies_and_the_accept_header() {
    let server = MockServer::start().await;
    accept_uploads(&server).await;
    let client = client(&server);

    let mut call = Call::new("PutNote", reqwest::Method::PUT, "/v1/Up", &[]);
    call.text("text/csv", "a,b\r\n1,2\r\n");
    let _: serde_json::Value = client.send(call).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.body, b"a,b\r\n1,2\r\n");
    assert_eq!(header(&request, "content-type"), "text/csv");
    assert_eq!(header(&request, "accept"), "application/json");
    server.reset().await;
    accept_uploads(&server).await;

    let mut call = Call::new("PutNote", reqwest::Method::PUT, "/v1/Up", &[]);
    call.accept("application/vnd.example+json");
    let _: serde_json::Value = client.send(call).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), "application/vnd.example+json");
}

#[test]
fn calls_and_their_futures_can_cross_threads() {
    fn send_and_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let client = common::builder().build().expect("a client");
    let mut call = Call::new("PutUpload", reqwest::Method::PUT, "/v1/Up", &[]);
    let chunks = vec![Ok::<_, std::io::Error>(Bytes::from_static(b"streamed"))];
    call.binary(
        "application/octet-stream",
        File::stream(futures_util::stream::iter(chunks)),
    );
    send_and_sync(&call);
    send(&client.send_empty(call.clone()));
    send(&client.send_download(call.clone()));
    send(&client.send_events(call));
}
