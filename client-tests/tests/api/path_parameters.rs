//! Path parameters: percent-encoded as one segment, even hostile but valid ids such as
//! `aia_asst_a/../b?c#d`; empty, `.` and `..`, which would change the route, refused
//! before anything is sent where a path parameter is a plain string (Session ids); and,
//! over random text (seeded, so a failure reproduces), a Session id stays one path
//! segment: the route never changes. (Identifier types refuse such values when parsed:
//! `tests/models/ids.rs`.)

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId, KnowledgeId, ToolId};
use twilio_assistants::{Error, StreamExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Path parameters are percent-encoded as one segment, whatever they hold. Identifier
/// types only check their prefix, so `aia_asst_a/../b?c#d` is a valid `AssistantId`; it
/// is requested as `/v1/Assistants/aia_asst_a%2F..%2Fb%3Fc%23d` (not as a deeper or a
/// shorter path, a query or a fragment). Spaces and non-ASCII characters are encoded in
/// nested paths too, and so are the plain-string Session ids. A hostile id in a query
/// parameter stays one parameter.
#[tokio::test]
async fn path_parameters_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    let hostile = "aia_asst_a/../b?c#d";
    let mut body = assistant_json(hostile, "Odd");
    body["tools"] = json!([]);
    body["knowledge"] = json!([]);
    api("GET", "/v1/Assistants/aia_asst_a%2F..%2Fb%3Fc%23d")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    api(
        "DELETE",
        "/v1/Assistants/aia_asst_x%20y%23z/Tools/aia_tool_%C3%A9t%C3%A9",
    )
    .and(query_is(&[]))
    .respond_with(ResponseTemplate::new(204))
    .expect(1)
    .mount(&server)
    .await;
    api("GET", "/v1/Knowledge/aia_know_..%2F..%2FTools/Status")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "QUEUED"})))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Sessions/a%2Fb%3Fc%23d")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json("a/b?c#d", "u")))
        .expect(1)
        .mount(&server)
        .await;
    let sessions = format!("{}/v1/Sessions/..%2FSessions/Messages", server.uri());
    api("GET", "/v1/Sessions/..%2FSessions/Messages")
        .and(query_is(&[]))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"messages": [], "meta": meta_json("messages", &sessions, 0, 50, None)}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let tools = format!("{}/v1/Tools", server.uri());
    api("GET", "/v1/Tools")
        .and(query_is(&[("AssistantId", "aia_asst_1&PageSize=1#x")]))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"tools": [], "meta": meta_json("tools", &tools, 0, 50, None)}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let hostile_id: AssistantId = id(hostile);
    let assistant = client
        .assistants()
        .fetch(&hostile_id)
        .send()
        .await
        .expect("the encoded path is requested");
    assert_eq!(assistant.id, hostile_id);
    assert_eq!(assistant.id, hostile);
    client
        .assistants()
        .tools(id::<AssistantId>("aia_asst_x y#z"))
        .detach(id::<ToolId>("aia_tool_été"))
        .send()
        .await
        .expect("the encoded path is requested");
    let status = client
        .knowledge()
        .status(id::<KnowledgeId>("aia_know_../../Tools"))
        .fetch()
        .send()
        .await
        .expect("the encoded path is requested");
    assert_eq!(status.status, models::KnowledgeStatus::Queued);
    let session = client
        .sessions()
        .fetch("a/b?c#d")
        .send()
        .await
        .expect("the encoded path is requested");
    assert_eq!(session.id.as_deref(), Some("a/b?c#d"));
    let messages = client
        .sessions()
        .messages("../Sessions")
        .list()
        .send()
        .await
        .expect("the encoded path is requested");
    assert!(messages.messages.is_empty());
    client
        .tools()
        .list()
        .assistant_id(id::<AssistantId>("aia_asst_1&PageSize=1#x"))
        .send()
        .await
        .expect("the encoded query is sent");

    let requests = server.received_requests().await.expect("recording is on");
    let paths: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/v1/Assistants/aia_asst_a%2F..%2Fb%3Fc%23d",
            "/v1/Assistants/aia_asst_x%20y%23z/Tools/aia_tool_%C3%A9t%C3%A9",
            "/v1/Knowledge/aia_know_..%2F..%2FTools/Status",
            "/v1/Sessions/a%2Fb%3Fc%23d",
            "/v1/Sessions/..%2FSessions/Messages",
            "/v1/Tools",
        ]
    );
}

/// Empty, `.` and `..` path parameters, which URL normalisation would turn into another
/// route, are still possible where the parameter is a plain string (the Session ids of
/// `FetchSession` and `ListMessages`). They are refused with `Error::InvalidArgument`
/// naming the operation, by `.send()` and by `.stream()`, and no request is sent.
#[tokio::test]
async fn dot_and_empty_path_parameters_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);

    for bad in ["", ".", ".."] {
        let results: [(&str, twilio_assistants::Result<()>); 2] = [
            (
                "FetchSession",
                client.sessions().fetch(bad).send().await.map(drop),
            ),
            (
                "ListMessages",
                client
                    .sessions()
                    .messages(bad)
                    .list()
                    .page_size(10)
                    .send()
                    .await
                    .map(drop),
            ),
        ];
        for (expected_operation, result) in results {
            match result {
                Err(Error::InvalidArgument { operation, message }) => {
                    assert_eq!(operation, expected_operation, "{bad:?}");
                    assert!(message.contains("path parameter"), "{message}");
                }
                other => panic!("{expected_operation} with {bad:?}: expected Error::InvalidArgument, got {other:?}"),
            }
        }
        let streamed: Vec<_> = client
            .sessions()
            .messages(bad)
            .list()
            .stream()
            .collect()
            .await;
        assert_eq!(streamed.len(), 1, "the stream yields the refusal and ends");
        assert!(
            matches!(
                streamed[0],
                Err(Error::InvalidArgument {
                    operation: "ListMessages",
                    ..
                })
            ),
            "{streamed:?}"
        );
    }

    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing was sent: {requests:?}");
}

/// A random string with the characters that could change a route: `/`, `?`, `#`, `%`,
/// dots, backslashes, spaces, control characters, and unicode.
fn path_text(rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &[
        "/", "?", "#", "%", "%2F", ".", "..", "\\", " ", "\t", "\n", "\u{0}", "&", "=", "+", ";",
        "@", ":", "ü", "🚀", "\u{202e}", "a", "Z", "9", "-", "_", "~",
    ];
    (0..rng.usize(..12))
        .map(|_| PIECES[rng.usize(..PIECES.len())])
        .collect()
}

#[tokio::test]
async fn a_path_parameter_never_changes_the_route() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut rng = fastrand::Rng::with_seed(5);
    let mut sent = 0;
    for _ in 0..300 {
        let session = path_text(&mut rng);
        let before = server.received_requests().await.unwrap_or_default().len();
        let result = client.sessions().fetch(session.clone()).send().await;
        let requests = server.received_requests().await.unwrap_or_default();
        if matches!(session.as_str(), "" | "." | "..") {
            // These would name another route, so they are refused before sending.
            assert!(
                matches!(result, Err(Error::InvalidArgument { .. })),
                "{session:?}"
            );
            assert_eq!(requests.len(), before, "{session:?} was sent");
            continue;
        }
        assert_eq!(requests.len(), before + 1, "{session:?} was not sent");
        let url = &requests[before].url;
        let segments: Vec<&str> = url.path().split('/').collect();
        assert_eq!(segments.len(), 4, "{session:?} became {url}");
        assert_eq!(
            &segments[..3],
            ["", "v1", "Sessions"],
            "{session:?} became {url}"
        );
        let decoded = percent_decode(segments[3]);
        assert_eq!(decoded, session, "{url}");
        assert_eq!(url.query(), None, "{session:?} became {url}");
        assert_eq!(url.fragment(), None, "{session:?} became {url}");
        sent += 1;
    }
    assert!(sent > 250, "{sent}");
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = segment
            .get(index + 1..index + 3)
            .filter(|_| bytes[index] == b'%')
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).expect("the encoding of a string decodes to UTF-8")
}

/// Identifiers given as text are checked by their type's pattern: a valid one is sent as
/// the typed id would be; an invalid one, directly or through a handle, or as a body field,
/// is `Error::InvalidId` from `send` with nothing sent.
#[tokio::test]
async fn identifiers_given_as_text_are_checked_before_sending() {
    let server = MockServer::start().await;
    api("DELETE", "/v1/Assistants/aia_asst_1/Tools/aia_tool_2")
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let tool: ToolId = id("aia_tool_2");
    client
        .assistants()
        .tools("aia_asst_1")
        .detach(&tool)
        .send()
        .await
        .unwrap();
    let assistant = String::from("aia_asst_1");
    client
        .assistants()
        .tools(&assistant)
        .detach("aia_tool_2")
        .send()
        .await
        .unwrap();

    let refused = |error: Error| match error {
        Error::InvalidId(invalid) => (invalid.kind, invalid.value),
        other => panic!("expected InvalidId, got {other:?}"),
    };
    let error = client
        .assistants()
        .fetch("asst_1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused(error), ("AssistantId", "asst_1".to_owned()));
    let handle = client.assistants().tools("aia_tool_2");
    let error = handle.detach(&tool).send().await.unwrap_err();
    assert_eq!(refused(error), ("AssistantId", "aia_tool_2".to_owned()));
    let error = client
        .knowledge()
        .create("FAQ", models::KnowledgeType::Web)
        .assistant_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused(error), ("AssistantId", "nope".to_owned()));
    // The two valid requests and nothing else reached the server.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
