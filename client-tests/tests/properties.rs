//! Property tests over random inputs (seeded, so a failure reproduces):
//! - every model round-trips through serde: decode, encode, decode again, equal;
//! - a path parameter, whatever its text, stays one path segment: the route never changes.

mod common;

use client_tests::fuzz::{self, Spec};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use twilio_assistants::{models, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes the schema's example and 300 mutations of it as `T`; every value that decodes
/// must encode and decode back to itself. Returns how many decoded.
fn round_trips<T>(spec: &Spec, name: &str, rng: &mut fastrand::Rng) -> usize
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let schema: serde_yaml::Value =
        serde_yaml::from_str(&format!("$ref: '#/components/schemas/{name}'")).unwrap();
    let example = spec.example(&schema);
    let mut decoded = 0;
    for round in 0..300 {
        let mut value = example.clone();
        if round > 0 {
            fuzz::mutate(rng, &mut value);
        }
        // From text, as the client decodes: serde_json limits nesting to 128 levels there,
        // so a value that decodes also encodes to text that decodes.
        let Ok(model) = serde_json::from_str::<T>(&value.to_string()) else {
            assert!(round > 0, "the example of {name} does not decode: {value}");
            continue;
        };
        let text = serde_json::to_string(&model)
            .unwrap_or_else(|error| panic!("{name} does not encode: {error}: {model:?}"));
        let again: T = serde_json::from_str(&text).unwrap_or_else(|error| {
            panic!("{name} does not decode its own encoding: {error}: {text}")
        });
        assert_eq!(
            model, again,
            "{name} changed in a round trip through {text}"
        );
        decoded += 1;
    }
    decoded
}

macro_rules! every_model {
    ($($name:ident),* $(,)?) => {
        /// The models this test covers, to compare with the generated crate's.
        const MODELS: &[&str] = &[$(stringify!($name)),*];

        #[test]
        fn every_model_round_trips_through_serde() {
            let spec = Spec::load();
            let mut rng = fastrand::Rng::with_seed(11);
            $(
                let decoded = round_trips::<models::$name>(&spec, stringify!($name), &mut rng);
                // With `strict`, a mutated enum value is always an error, so an enum may
                // decode only its example.
                let least = if cfg!(feature = "strict") { 1 } else { 2 };
                assert!(decoded >= least, "{}: only the example decoded", stringify!($name));
            )*
        }
    };
}

every_model!(
    ToolType,
    KnowledgeStatus,
    KnowledgeType,
    MessageMode,
    Assistant,
    AssistantWithToolsAndKnowledge,
    Knowledge,
    CustomerAi,
    SegmentCredential,
    CreateAssistantRequest,
    UpdateAssistantRequest,
    Tool,
    ToolWithPolicies,
    Policy,
    CreateToolRequest,
    UpdateToolRequest,
    CreatePolicyRequest,
    KnowledgeStatusReport,
    KnowledgeChunk,
    CreateKnowledgeRequest,
    UpdateKnowledgeRequest,
    Feedback,
    CreateFeedbackRequest,
    Session,
    Message,
    SendMessageRequest,
    SendMessageResponse,
    PageMeta,
    AssistantList,
    ToolList,
    KnowledgeList,
    KnowledgeChunkList,
    FeedbackList,
    PolicyList,
    SessionList,
    MessageList,
    TwilioError,
);

/// A model added to the spec must be added above, or this fails.
#[test]
fn the_round_trip_covers_every_struct_and_enum_model() {
    let generated = include_str!("../../generated/src/models.rs");
    let mut models: Vec<&str> = generated
        .lines()
        .filter_map(|line| {
            line.strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
        })
        .filter(|rest| !rest.contains('('))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    models.sort_unstable();
    let mut covered = MODELS.to_vec();
    covered.sort_unstable();
    assert_eq!(covered, models);
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
    let client = common::client_for(&server);
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
