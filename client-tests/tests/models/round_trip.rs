//! Every model round-trips through serde (decode, encode, decode again, equal) on its
//! example and 300 mutations of it (seeded, so a failure reproduces), and the models
//! covered are exactly the generated crate's.

use client_tests::fuzz::{self, Spec};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use twilio_assistants::models;

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
    CustomerAiSettings,
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
    SendMessageStatus,
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
    let generated = include_str!("../../../generated/src/models.rs");
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
