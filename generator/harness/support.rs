//! What every contract harness shares: building arguments from sample JSON, sending and
//! reading each kind of response, and the tally of operations that prints one line per
//! operation and `contract: N/M operations`.
//!
//! `generator::contract` copies this file into each harness crate beside the generated
//! `main.rs`, which calls every operation of its client (the dependency named `client`)
//! through its public API.

use client::StreamExt;
use std::process::ExitCode;

/// Made-up credentials that pass the format checks a mock server makes: an Account SID is
/// `AC` and 32 hexadecimal digits.
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// The secret of every made-up credential.
pub const SECRET: &str = "contract-secret";

/// How many pages of a list, and how many events of a stream, a call reads.
const READ_AT_MOST: usize = 3;

/// Why one call failed, as a line of text.
pub type Failure = String;

/// The argument the JSON `sample` decodes to: a sample the type does not accept is a
/// failure of the operation (a document whose example breaks its own schema, or a type
/// the generator chose wrongly), not a panic.
pub fn sample<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|error| {
        format!("the sample {json} does not decode as the argument's type: {error}")
    })
}

/// An error of the client as a failure: its message, and for an error answer the body as
/// the server sent it (a validating mock names what it rejected there).
pub fn failure(error: client::Error) -> Failure {
    match &error {
        client::Error::Api(answer) if !answer.body.is_empty() => {
            format!("{error}; the server answered {}", answer.body.trim())
        }
        _ => error.to_string(),
    }
}

/// A decoded response: the call passed.
pub fn sent<T>(result: client::Result<T>) -> Result<(), Failure> {
    result.map(drop).map_err(failure)
}

/// Reads a few pages of a list. A next-page link to another host (mock servers make them
/// up) stops the paging with `Error::ForeignLink`, which is the client refusing to send
/// credentials there, as it must: not a failure.
pub async fn pages<P>(pages: impl client::Stream<Item = client::Result<P>>) -> Result<(), Failure> {
    let mut pages = std::pin::pin!(pages.take(READ_AT_MOST));
    while let Some(page) = pages.next().await {
        match page {
            Ok(_) => {}
            Err(client::Error::ForeignLink { .. }) => return Ok(()),
            Err(error) => return Err(failure(error)),
        }
    }
    Ok(())
}

/// Reads a few events of an event stream.
pub async fn events<E>(
    stream: client::Result<impl client::Stream<Item = client::Result<E>>>,
) -> Result<(), Failure> {
    let stream = stream.map_err(failure)?;
    let mut events = std::pin::pin!(stream.take(READ_AT_MOST));
    while let Some(event) = events.next().await {
        event.map_err(failure)?;
    }
    Ok(())
}

/// The outcome of every call, by operation, in the order the operations were called.
#[derive(Default)]
pub struct Run {
    operations: Vec<(&'static str, Vec<Failure>)>,
}

impl Run {
    /// Records one call of the operation `id` (`request` is its method and path template,
    /// `what` which arguments the call passed).
    pub fn record(
        &mut self,
        id: &'static str,
        request: &str,
        what: &str,
        result: Result<(), Failure>,
    ) {
        let failure = result.err().map(|why| format!("{request} ({what}): {why}"));
        match self.operations.iter_mut().find(|(known, _)| *known == id) {
            Some((_, failures)) => failures.extend(failure),
            None => self.operations.push((id, failure.into_iter().collect())),
        }
    }

    /// Prints one line per operation and the total, and fails unless every operation
    /// passed.
    pub fn finish(self) -> ExitCode {
        let mut passed = 0;
        for (id, failures) in &self.operations {
            if failures.is_empty() {
                passed += 1;
                println!("ok    {id}");
            }
            for failure in failures {
                println!("FAIL  {id}: {failure}");
            }
        }
        println!("contract: {passed}/{} operations", self.operations.len());
        if passed == self.operations.len() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
