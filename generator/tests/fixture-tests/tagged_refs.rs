//! Decoding in the crate generated from `fixtures/tagged_refs.yaml`, run by `cargo xtask ci`
//! inside that fixture's crate: a `null` where a nullable component is referenced, and a
//! discriminator value that is the alternative's own `type` rather than its schema's name.

use fixture_tagged_refs::models::{OutputItem, Response};

#[test]
fn a_null_metadata_and_the_servers_type_values_decode() {
    let body = r#"{"id": "r1", "metadata": null, "output": [
        {"type": "web_search_call", "id": "ws1"},
        {"type": "message", "text": "hi"},
        {"type": "WebSearchToolCall", "id": "ws2"}
    ]}"#;
    let response: Response = serde_json::from_str(body).expect("decodes");
    assert!(response.metadata.is_none());
    assert!(matches!(&response.output[0], OutputItem::WebSearchToolCall(call) if call.id == "ws1"));
    assert!(matches!(&response.output[1], OutputItem::OutputMessage(message) if message.text == "hi"));
    assert!(matches!(&response.output[2], OutputItem::WebSearchToolCall(call) if call.id == "ws2"));
    let again = serde_json::to_value(&response).expect("encodes");
    assert_eq!(again["output"][0]["type"], "web_search_call");
}
