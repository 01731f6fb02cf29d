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

/// What became of one call.
pub type Outcome = Result<(), Failure>;

/// The argument the JSON `sample` decodes to: a sample the type does not accept is a
/// failure of the operation (a document whose example breaks its own schema, or a type
/// the generator chose wrongly), not a panic.
pub fn sample<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|error| {
        format!("the sample {json} does not decode as the argument's type: {error}")
    })
}

/// The identifier `text` as the identifier type `T`, which checks its pattern.
pub fn id<T>(text: &str) -> Result<T, Failure>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|error| format!("the sample {text:?} is not a valid identifier: {error}"))
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
pub fn sent<T>(result: client::Result<T>) -> Outcome {
    result.map(drop).map_err(failure)
}

/// The answer of an operation that documents no success, only errors (the Petstore's
/// `addPet` documents only `405 Invalid input`): a mock can only answer one of those, so a
/// documented status passes. Whether the mock found the request valid is read from its
/// log by the contract run, as for every other call.
pub fn answered<T>(result: client::Result<T>, documented: &[u16]) -> Outcome {
    match result {
        Err(client::Error::Api(answer)) if documented.contains(&answer.status) => Ok(()),
        other => sent(other),
    }
}

/// The answer of an operation that documents no response at all (`responses: {}`): any
/// status passes, as the mock has nothing it could answer (Prism says 500); a body that
/// cannot be read still fails.
pub fn any_answer<T>(result: client::Result<T>) -> Outcome {
    match result {
        Err(client::Error::Api(_)) => Ok(()),
        other => sent(other),
    }
}

/// Reads a few pages of a list. A next-page link to another host (mock servers make them
/// up) stops the paging with `Error::ForeignLink`, which is the client refusing to send
/// credentials there, as it must; a mock that gives the same next page again stops it
/// with `Error::PageLoop`, the client refusing to loop. Neither is a failure.
pub async fn pages<P>(pages: impl client::Stream<Item = client::Result<P>>) -> Outcome {
    let mut pages = std::pin::pin!(pages.take(READ_AT_MOST));
    while let Some(page) = pages.next().await {
        match page {
            Ok(_) => {}
            Err(client::Error::ForeignLink { .. } | client::Error::PageLoop { .. }) => {
                return Ok(())
            }
            Err(error) => return Err(failure(error)),
        }
    }
    Ok(())
}

/// Reads a few events of an event stream.
pub async fn events<E>(
    stream: client::Result<impl client::Stream<Item = client::Result<E>>>,
) -> Outcome {
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
    /// Operations there is no call to make for, with why.
    skipped: Vec<(&'static str, &'static str)>,
}

impl Run {
    /// Records one call of the operation `id` (`request` is its method and path template,
    /// `what` which arguments the call passed).
    pub fn record(
        &mut self,
        id: &'static str,
        request: &str,
        what: &str,
        result: Outcome,
    ) {
        let failure = result.err().map(|why| format!("{request} ({what}): {why}"));
        match self.operations.iter_mut().find(|(known, _)| *known == id) {
            Some((_, failures)) => failures.extend(failure),
            None => self.operations.push((id, failure.into_iter().collect())),
        }
    }

    /// Records that the operation `id` cannot be called, and why.
    pub fn skip(&mut self, id: &'static str, why: &'static str) {
        self.skipped.push((id, why));
    }

    /// Prints one line per operation and the total, and fails unless every operation
    /// passed.
    pub fn finish(self) -> ExitCode {
        for (id, why) in &self.skipped {
            println!("skip  {id}: {why}");
        }
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
        println!(
            "contract: {passed}/{} operations, {} skipped",
            self.operations.len(),
            self.skipped.len()
        );
        if passed == self.operations.len() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
