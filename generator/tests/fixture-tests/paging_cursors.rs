//! The pages of `paging_cursors.yaml` name their next page as the document's convention
//! says: the cursor field, the last item's id while `has_more` is true, nothing on the last
//! page.

use fixture_paging_cursors::{models, NextPage};

fn page<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
    serde_json::from_value(json).expect("the page decodes")
}

#[test]
fn a_cursor_field_names_the_next_page() {
    let more: models::ListInstancesResponse =
        page(serde_json::json!({"items": [{"id": "a"}], "next_page": "c2"}));
    assert_eq!(more.next_page_cursor().as_deref(), Some("c2"));
    let last: models::ListInstancesResponse =
        page(serde_json::json!({"items": [], "next_page": null}));
    assert_eq!(last.next_page_cursor(), None);
}

#[test]
fn openai_pages_go_on_from_their_last_id_while_there_are_more() {
    let more: models::ListAssistantsResponse = page(serde_json::json!({
        "data": [{"id": "asst_1"}, {"id": "asst_2"}],
        "first_id": "asst_1", "last_id": "asst_2", "has_more": true
    }));
    assert_eq!(more.next_page_cursor().as_deref(), Some("asst_2"));
    let last: models::ListAssistantsResponse = page(serde_json::json!({
        "data": [{"id": "asst_3"}], "last_id": "asst_3", "has_more": false
    }));
    assert_eq!(last.next_page_cursor(), None);
}

#[test]
fn stripe_pages_go_on_from_their_last_items_id_while_there_are_more() {
    let more: models::ListChargesResponse = page(serde_json::json!({
        "data": [{"id": "ch_1"}, {"id": "ch_2"}], "has_more": true, "url": "/v1/charges"
    }));
    assert_eq!(more.next_page_cursor().as_deref(), Some("ch_2"));
    let last: models::ListChargesResponse =
        page(serde_json::json!({"data": [{"id": "ch_3"}], "has_more": false}));
    assert_eq!(last.next_page_cursor(), None);
}

#[test]
fn a_declared_cursor_is_read_where_x_paging_says() {
    let more: models::ListReportsResponse = page(serde_json::json!({
        "results": ["r1"], "paging": {"next": "t2", "more": true}
    }));
    assert_eq!(more.next_page_cursor().as_deref(), Some("t2"));
    let last: models::ListReportsResponse = page(serde_json::json!({
        "results": ["r2"], "paging": {"next": "t3", "more": false}
    }));
    assert_eq!(last.next_page_cursor(), None);
}
