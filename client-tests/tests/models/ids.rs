//! Identifier types (`AssistantId`, `ToolId`, `KnowledgeId`, `AccountSid`, ...): a value
//! that does not match the type's pattern, which includes every value that would change
//! a route (empty, `.`, `..`), is refused when parsed, and an id in a response that does
//! not match is a decode error naming the field, the type and the pattern.

use crate::common::*;
use serde_json::json;
use twilio_assistants::models::{self, AssistantId, KnowledgeId, ToolId};
use twilio_assistants::Error;
use wiremock::{MockServer, ResponseTemplate};

/// Identifier types cannot hold values that would change a route: ``, `.`, `..`, a bare
/// prefix, another type's id, or anything else that does not match the type's pattern
/// is refused by `parse`, `TryFrom<&str>` and `TryFrom<String>` with an `InvalidId`
/// naming the type, the pattern and the value, and `?` turns it into
/// `Error::InvalidId`. Valid values keep their text.
#[test]
fn identifier_types_refuse_values_that_do_not_match_their_pattern() {
    for bad in [
        "",
        ".",
        "..",
        "aia_asst_",
        "aia_tool_1",
        "../aia_asst_1",
        " aia_asst_1",
    ] {
        for result in [
            bad.parse::<AssistantId>(),
            AssistantId::try_from(bad),
            AssistantId::try_from(bad.to_owned()),
        ] {
            let error = result.expect_err(bad);
            assert_eq!(error.kind, "AssistantId");
            assert_eq!(error.pattern, "^aia_asst_.+$");
            assert_eq!(error.pattern, AssistantId::PATTERN);
            assert_eq!(error.value, bad);
            let shown = error.to_string();
            assert!(shown.contains("^aia_asst_.+$"), "{shown}");
            assert!(shown.contains("AssistantId"), "{shown}");
            assert!(shown.contains(&format!("`{bad}`")), "{shown}");
        }
    }
    for bad in ["", ".", ".."] {
        let error = bad.parse::<ToolId>().expect_err(bad);
        assert_eq!((error.kind, error.pattern), ("ToolId", "^aia_tool_.+$"));
        let error = bad.parse::<KnowledgeId>().expect_err(bad);
        assert_eq!(
            (error.kind, error.pattern),
            ("KnowledgeId", "^aia_know_.+$")
        );
    }
    // Account SIDs are `AC` and exactly 32 hexadecimal digits.
    for bad in [
        "AC",
        "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ACgggggggggggggggggggggggggggggggg",
    ] {
        let error = bad.parse::<models::AccountSid>().expect_err(bad);
        assert!(error.to_string().contains("^AC[0-9a-fA-F]{32}$"), "{error}");
    }

    fn parse_with_question_mark(value: &str) -> twilio_assistants::Result<AssistantId> {
        Ok(value.parse::<AssistantId>()?)
    }
    match parse_with_question_mark("..") {
        Err(Error::InvalidId(error)) => {
            assert_eq!(error.value, "..");
            assert_eq!(error.kind, "AssistantId");
        }
        other => panic!("expected Error::InvalidId, got {other:?}"),
    }
    let error = parse_with_question_mark("").expect_err("empty");
    assert!(error.to_string().contains("^aia_asst_.+$"), "{error}");

    let valid = parse_with_question_mark("aia_asst_1").expect("a valid id");
    assert_eq!(valid.as_str(), "aia_asst_1");
    assert_eq!(valid.to_string(), "aia_asst_1");
    assert_eq!(AsRef::<str>::as_ref(&valid), "aia_asst_1");
    assert_eq!(String::from(valid.clone()), "aia_asst_1");
    assert_eq!(valid.into_string(), "aia_asst_1");
    let sid: models::AccountSid = id(ACCOUNT_SID);
    assert_eq!(sid, ACCOUNT_SID);
}

/// An id that does not match its pattern is an `Error::Decode` whose path is the field
/// (`id`, `assistants[1].id`, `tools[0].id`, `account_sid`) and whose message names the
/// type, the pattern and the value; the raw body is kept. `"tool_1"` is not an
/// `AssistantId`, nor is a tool's id, and an Account SID needs 32 hex digits.
#[tokio::test]
async fn an_invalid_id_in_a_response_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let mut created = assistant_json("aia_asst_1", "Support");
    created["id"] = json!("tool_1");
    let created = created.to_string();
    api("POST", "/v1/Assistants")
        .respond_with(json_response(201, &created))
        .expect(1)
        .mount(&server)
        .await;
    let list = format!("{}/v1/Assistants", server.uri());
    api("GET", "/v1/Assistants")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "assistants": [assistant_json("aia_asst_1", "a"), assistant_json("aia_tool_2", "b")],
            "meta": meta_json("assistants", &list, 0, 50, None)
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut fetched = assistant_json("aia_asst_1", "Support");
    fetched["tools"] = json!([tool_json("aia_asst_9", "not-a-tool")]);
    fetched["knowledge"] = json!([]);
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(200).set_body_json(fetched))
        .expect(1)
        .mount(&server)
        .await;
    let mut bad_sid = assistant_json("aia_asst_1", "Support");
    bad_sid["account_sid"] = json!("AC123");
    api("PUT", "/v1/Assistants/aia_asst_1")
        .respond_with(ResponseTemplate::new(200).set_body_json(bad_sid))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let assistant_id: AssistantId = id("aia_asst_1");

    let error = decode_error(client.assistants().create("Support").send().await);
    assert_eq!(error.operation, "CreateAssistant");
    assert_eq!(error.status, 201);
    assert_eq!(error.path, "id");
    for part in ["`tool_1`", "AssistantId", "^aia_asst_.+$"] {
        assert!(error.message.contains(part), "{part}: {}", error.message);
    }
    assert_eq!(error.body, created);
    assert!(error.to_string().contains("at `id`"), "{error}");

    let error = decode_error(client.assistants().list().send().await);
    assert_eq!(error.path, "assistants[1].id");
    assert!(error.message.contains("`aia_tool_2`"), "{}", error.message);

    let error = decode_error(client.assistants().fetch(&assistant_id).send().await);
    assert_eq!(error.path, "tools[0].id");
    assert!(error.message.contains("ToolId"), "{}", error.message);
    assert!(error.message.contains("^aia_tool_.+$"), "{}", error.message);

    let error = decode_error(
        client
            .assistants()
            .update(&assistant_id)
            .name("Support")
            .send()
            .await,
    );
    assert_eq!(error.path, "account_sid");
    assert!(
        error.message.contains("^AC[0-9a-fA-F]{32}$"),
        "{}",
        error.message
    );
}
