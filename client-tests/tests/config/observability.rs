//! The client's `tracing` output: a span per attempt with the operation, method, path
//! template, attempt, status and latency; retries at debug level; a deprecation warning
//! once per operation; no secret and no body in any of it.

use crate::common::*;
use twilio_assistants::models::AssistantId;
use wiremock::{MockServer, ResponseTemplate};

/// A `tracing` subscriber for the whole test binary that keeps what each thread logged
/// in that thread's own list, so that tests running in parallel do not see each other's
/// lines (`#[tokio::test]` runs a test on its own thread).
mod capture {
    use std::cell::RefCell;
    use std::fmt::{Debug, Write};
    use std::sync::atomic::{AtomicU64, Ordering};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    thread_local! {
        static LINES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    struct Capture {
        next_id: AtomicU64,
    }

    /// Writes fields as ` name=value`.
    struct Fields(String);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
    }

    fn push(line: String) {
        LINES.with(|lines| lines.borrow_mut().push(line));
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let id = self.next_id.fetch_add(1, Ordering::SeqCst);
            let metadata = span.metadata();
            let mut fields = Fields(format!(
                "span#{id} {} {}:",
                metadata.level(),
                metadata.name()
            ));
            span.record(&mut fields);
            push(fields.0);
            Id::from_u64(id)
        }

        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut fields = Fields(format!("record#{}:", span.into_u64()));
            values.record(&mut fields);
            push(fields.0);
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let metadata = event.metadata();
            let mut fields = Fields(format!("event {} {}:", metadata.level(), metadata.target()));
            event.record(&mut fields);
            push(fields.0);
        }

        fn enter(&self, _: &Id) {}

        fn exit(&self, _: &Id) {}
    }

    /// Installs the subscriber once for the binary, and empties this thread's list.
    pub fn start() {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            let _ = tracing::subscriber::set_global_default(Capture {
                next_id: AtomicU64::new(1),
            });
        });
        take();
    }

    /// What this thread logged since the last call.
    pub fn take() -> Vec<String> {
        LINES.with(|lines| std::mem::take(&mut *lines.borrow_mut()))
    }
}

/// Every attempt is an info-level `http_request` span with the operation, method, path
/// template, attempt, and then the status and latency; a retry is logged at debug level;
/// a `Deprecation` or `Sunset` header is a warning once per operation; no secret and no
/// body appears in any of it.
#[tokio::test]
async fn requests_are_traced_and_deprecations_warned_once() {
    capture::start();
    let server = MockServer::start().await;
    let body = fetched_json("aia_asst_1", "Support-body-text");
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(json_response(503, "{}"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/v1/Assistants/aia_asst_1")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&body)
                .insert_header("Deprecation", "true")
                .insert_header("Sunset", "Wed, 01 Jan 2031 00:00:00 GMT"),
        )
        .expect(2)
        .mount(&server)
        .await;

    let client = client_with(server.uri(), fast_retries());
    for _ in 0..2 {
        client
            .assistants()
            .fetch(id::<AssistantId>("aia_asst_1"))
            .send()
            .await
            .expect("the retry succeeds");
    }
    let lines = capture::take();
    let all = lines.join("\n");

    let spans: Vec<&String> = lines
        .iter()
        .filter(|line| line.contains(" INFO http_request:"))
        .collect();
    assert_eq!(spans.len(), 3, "{all}");
    let first = spans[0];
    for field in [
        "operation=\"FetchAssistant\"",
        "method=\"GET\"",
        "path=\"/v1/Assistants/{}\"",
        "attempt=1",
    ] {
        assert!(first.contains(field), "{field} in {first}");
    }
    assert!(spans[1].contains("attempt=2"), "{all}");
    let id = first
        .strip_prefix("span#")
        .and_then(|rest| rest.split(' ').next())
        .expect("a span id");
    let records: String = lines
        .iter()
        .filter(|line| line.starts_with(&format!("record#{id}:")))
        .cloned()
        .collect();
    assert!(records.contains("status=503"), "{all}");
    assert!(records.contains("latency_ms="), "{all}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("event DEBUG") && line.contains("retrying")),
        "{all}"
    );
    let warnings: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("event WARN") && line.contains("deprecated"))
        .collect();
    assert_eq!(warnings.len(), 1, "{all}");
    assert!(warnings[0].contains("FetchAssistant"), "{all}");
    assert!(warnings[0].contains("2031"), "{all}");
    assert!(!all.contains(AUTH_TOKEN), "{all}");
    assert!(!all.contains("Support-body-text"), "{all}");
}
