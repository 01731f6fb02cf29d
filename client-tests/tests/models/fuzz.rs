//! A bounded run of the response fuzzer (`client_tests::fuzz`): mutated and arbitrary
//! responses for every operation never make the client panic, and every operation's
//! example response decodes. The long run is
//! `cargo run --release -p client-tests --bin fuzz -- --seconds N`.

use client_tests::fuzz::{self, Spec, OPERATIONS};
use std::collections::BTreeSet;

#[tokio::test]
async fn the_client_never_panics_on_a_response() {
    let report = fuzz::run(7, |executions| executions < 1500).await;
    assert!(report.panics.is_empty(), "{:#?}", report.panics);
    assert_eq!(report.executions, 1500);
    // Both outcomes must be common, or the responses are too tame or too broken to
    // reach the decoders.
    assert!(report.ok > 150, "{report:?}");
    assert!(report.errors > 150, "{report:?}");
}

#[test]
fn the_fuzzer_calls_every_operation_of_the_spec() {
    let spec: BTreeSet<String> = Spec::load()
        .operations
        .into_iter()
        .map(|expected| expected.operation)
        .collect();
    let known: BTreeSet<String> = OPERATIONS.iter().map(|id| (*id).to_owned()).collect();
    assert_eq!(spec, known);
}

/// The examples the fuzzer mutates are valid: each operation's success response decodes.
#[tokio::test]
async fn every_operation_accepts_its_example_response() {
    let spec = Spec::load();
    let server = fuzz::Server::start().await;
    let client = server.client();
    for expected in &spec.operations {
        let body = expected
            .schema
            .as_ref()
            .map_or_else(String::new, |schema| spec.example(schema).to_string());
        server.script(
            format!(
                "HTTP/1.1 {} OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                expected.status,
                body.len()
            )
            .into_bytes(),
        );
        if let Err(error) = fuzz::call(&client, &expected.operation).await {
            // A list's example has no next page, so streaming it ends after one page.
            panic!("{}: {error}", expected.operation);
        }
    }
}
