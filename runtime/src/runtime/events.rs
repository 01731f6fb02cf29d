//! Server-sent events: an answer of type `text/event-stream`, read as it arrives and
//! parsed into [`Event`]s by the rules of the WHATWG HTML standard ("Server-sent events",
//! the event stream interpretation). [`Client::send_events`] sends a call and returns its
//! [`EventStream`].

use super::call::Call;
use super::client::{decode, Client, Reading};
use super::error::{DecodeError, Error, Result};
use super::response::Download;
use futures_util::{Stream, StreamExt};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// One event of an event stream.
///
/// A stream that ends with a sentinel rather than by closing, such as OpenAI's
/// `data: [DONE]`, gives it as an ordinary event whose `data` is `[DONE]`: stop there
/// (for example with `take_while`) before decoding events with [`Event::json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The event type (the `event` field), or `None` for the default type, `message`.
    pub event: Option<String>,
    /// The data: the `data` fields of the event, joined with line feeds.
    pub data: String,
    /// The last event ID the stream has set (an `id` field of this or an earlier event),
    /// or `None` when it has set none or has reset it; a client that reconnects sends it
    /// as `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time the stream last asked for (a `retry` field of this or an
    /// earlier event).
    pub retry: Option<Duration>,
    operation: &'static str,
    status: u16,
}

impl Event {
    /// The data decoded from JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`], naming the operation and the failing field, when the data does
    /// not have the shape of `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode(self.operation, self.status, self.data.as_bytes())
    }
}

/// The events of an answer, parsed as its body arrives: a [`Stream`] of [`Event`]s. The
/// status and headers are those of the answer.
///
/// Lines may end in CRLF, LF or CR and may be split anywhere between chunks; a byte order
/// mark at the start and comment lines (`:`) are skipped; an event is dispatched at a
/// blank line, and one without `data` is not dispatched; a last event the body does not
/// end with a blank line is dropped. A line, or the data of one event, longer than the
/// client's `max_response_bytes` ends the stream with [`Error::ResponseTooLarge`], and
/// a line that is not UTF-8 with [`Error::Decode`] (a browser would replace the bytes;
/// nothing is replaced here). A broken connection or a timeout (the client's timeout
/// covers the whole stream: set a longer one per request with `.timeout(..)`) ends it with
/// [`Error::Connection`] or [`Error::Timeout`]. The stream ends after an error.
#[derive(Debug)]
pub struct EventStream {
    body: Download,
    parser: Parser,
    /// An error to hand out once the events parsed before it have been.
    failed: Option<Error>,
    /// Whether the body has ended or failed.
    done: bool,
}

impl EventStream {
    /// The HTTP status code of the answer.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.body.status()
    }

    /// The response headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        self.body.headers()
    }

    /// The request id header (`Twilio-Request-Id`, `Request-Id` or `X-Request-Id`), for
    /// support requests.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.body.request_id()
    }
}

impl Stream for EventStream {
    type Item = Result<Event>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.parser.ready.pop_front() {
                return Poll::Ready(Some(Ok(event)));
            }
            if let Some(error) = this.failed.take() {
                return Poll::Ready(Some(Err(error)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match this.body.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Err(error) = this.parser.feed(&chunk) {
                        this.failed = Some(error);
                        this.done = true;
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    this.failed = Some(error);
                    this.done = true;
                }
                // The standard drops an event that the body does not finish.
                Poll::Ready(None) => this.done = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl Client {
    /// Performs a call and returns its answer as a stream of server-sent events (see
    /// `EventStream`). Unless the call names a media type, it asks for
    /// `text/event-stream`. Retries cover getting the answer's head; an answer that is not
    /// 2xx is read whole and is an [`Error::Api`], and a 2xx answer of another media type
    /// than `text/event-stream` (when it names one) is an [`Error::Decode`] with its body,
    /// rather than a stream without events.
    ///
    #[doc = super::error::send_errors_doc!(@events)]
    pub async fn send_events(&self, call: Call) -> Result<EventStream> {
        let operation = call.operation;
        let received = self
            .receive(&call, Reading::Head, "text/event-stream")
            .await?;
        let status = received.status;
        let limit = self.inner.max_response_bytes;
        let body = Download::new(
            self.attempt_of(operation, &call.method, &call.options),
            status,
            received.headers,
            received.unread,
            received.body,
        );
        if let Some(media) = body.content_type() {
            let essence = media.split(';').next().unwrap_or_default().trim();
            if !essence.eq_ignore_ascii_case("text/event-stream") {
                let message = format!("the answer is `{media}`, not `text/event-stream`");
                return Err(Error::Decode(Box::new(DecodeError {
                    operation,
                    status,
                    path: ".".to_owned(),
                    message,
                    body: excerpt(body, limit).await,
                })));
            }
        }
        Ok(EventStream {
            body,
            parser: Parser::new(operation, status, limit),
            failed: None,
            done: false,
        })
    }
}

/// The body of `download` as text, up to `limit` bytes, for an error message; a failure
/// to read it ends the text there.
async fn excerpt(mut download: Download, limit: u64) -> String {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = download.chunk().await {
        let room = limit.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// The event stream interpretation: bytes in, events out.
#[derive(Debug)]
struct Parser {
    operation: &'static str,
    status: u16,
    /// The most a line, or the data of one event, may hold.
    limit: usize,
    /// The line read so far, without its end.
    line: Vec<u8>,
    /// Whether the last byte was a CR, so that an LF next ends no line of its own.
    after_cr: bool,
    /// Whether no line has been processed yet: the first may start with a byte order mark.
    first_line: bool,
    /// The data buffer: each `data` field's value and a line feed.
    data: String,
    /// The event type buffer.
    event: String,
    /// The last event ID buffer, which outlives events.
    last_id: String,
    /// The reconnection time, which outlives events.
    retry: Option<Duration>,
    /// Events dispatched and not yet handed out.
    ready: VecDeque<Event>,
}

impl Parser {
    fn new(operation: &'static str, status: u16, limit: u64) -> Parser {
        Parser {
            operation,
            status,
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: String::new(),
            event: String::new(),
            last_id: String::new(),
            retry: None,
            ready: VecDeque::new(),
        }
    }

    /// Parses the next chunk of the body; dispatched events wait in `ready`.
    fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            // The LF of a CRLF that the previous chunk ended in the middle of.
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        while let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.extend_line(&rest[..end])?;
            let mut next = end + 1;
            if rest[end] == b'\r' {
                match rest.get(next) {
                    Some(b'\n') => next += 1,
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            let mut line = std::mem::take(&mut self.line);
            let processed = self.process(&line);
            // The buffer is kept, so that lines of one size need one allocation.
            line.clear();
            self.line = line;
            processed?;
            rest = &rest[next..];
        }
        self.extend_line(rest)
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<()> {
        if self.line.len().saturating_add(bytes.len()) > self.limit {
            return Err(self.too_large());
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn too_large(&self) -> Error {
        Error::ResponseTooLarge {
            operation: self.operation,
            limit: u64::try_from(self.limit).unwrap_or(u64::MAX),
        }
    }

    /// Processes one whole line, without its end.
    fn process(&mut self, mut line: &[u8]) -> Result<()> {
        if std::mem::take(&mut self.first_line) {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return Ok(());
        }
        let line = std::str::from_utf8(line).map_err(|error| {
            Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                path: ".".to_owned(),
                message: format!(
                    "a line of the event stream is not UTF-8: invalid byte at offset {}",
                    error.valid_up_to()
                ),
                body: String::from_utf8_lossy(line).into_owned(),
            }))
        })?;
        let (field, value) = match line.split_once(':') {
            Some(("", _)) => return Ok(()),
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.data.len().saturating_add(value.len() + 1) > self.limit {
                    return Err(self.too_large());
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_id),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // A value too large for milliseconds is ignored, as one with other
                // characters is.
                if let Ok(millis) = value.parse() {
                    self.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Dispatches the event the buffers hold, if it has data.
    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(Event {
            event: (!event.is_empty()).then_some(event),
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry: self.retry,
            operation: self.operation,
            status: self.status,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]], limit: u64) -> Result<Vec<Event>> {
        let mut parser = Parser::new("Op", 200, limit);
        for chunk in chunks {
            parser.feed(chunk)?;
        }
        Ok(parser.ready.into_iter().collect())
    }

    fn event(kind: Option<&str>, data: &str, id: Option<&str>, retry: Option<u64>) -> Event {
        Event {
            event: kind.map(str::to_owned),
            data: data.to_owned(),
            id: id.map(str::to_owned),
            retry: retry.map(Duration::from_millis),
            operation: "Op",
            status: 200,
        }
    }

    /// A fuzzer of the parser: random streams made of the format's pieces and stray bytes,
    /// fed whole and cut at random places, must parse the same (the same events, or an
    /// error for both) and never panic.
    #[test]
    fn chunk_boundaries_never_change_what_a_stream_parses_to() {
        const FIELDS: &[&[u8]] = &[
            b"data:", b"data: ", b"data: ", b"event: ", b"id: ", b"retry: ", b":", b"", b"da",
        ];
        const VALUES: &[&[u8]] = &[
            b"x",
            b"12",
            b"[DONE]",
            b"\xC3\xA9",
            b"",
            b" y z",
            b"{\"a\":1}",
        ];
        const ENDS: &[&[u8]] = &[b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n"];
        // Rarely, a byte order mark, invalid UTF-8 or a NUL anywhere.
        const NOISE: &[&[u8]] = &[b"\xEF\xBB\xBF", b"\xFF", b"\0"];
        // xorshift64*: deterministic, so a failure names its case.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: usize| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % bound
        };
        let mut events = 0;
        for case in 0..3000 {
            let mut stream = Vec::new();
            for _ in 0..next(12) {
                for pieces in [FIELDS, VALUES, ENDS] {
                    if next(40) == 0 {
                        stream.extend_from_slice(NOISE[next(NOISE.len())]);
                    }
                    stream.extend_from_slice(pieces[next(pieces.len())]);
                }
            }
            let limit = [16, 4096, 4096][next(3)];
            let whole = parse(&[&stream], limit);
            let mut cuts: Vec<usize> = (0..next(6)).map(|_| next(stream.len() + 1)).collect();
            cuts.sort_unstable();
            let mut chunks: Vec<&[u8]> = Vec::new();
            let mut start = 0;
            for cut in cuts {
                chunks.push(&stream[start..cut]);
                start = cut;
            }
            chunks.push(&stream[start..]);
            let split = parse(&chunks, limit);
            match (&whole, &split) {
                (Ok(whole), Ok(split)) => {
                    assert_eq!(whole, split, "case {case}: {stream:?}");
                    events += whole.len();
                }
                (Err(_), Err(_)) => {}
                _ => panic!("case {case}: {stream:?} parsed to {whole:?} whole, {split:?} cut"),
            }
        }
        // The streams are varied enough to hold events, not only errors.
        assert!(events > 1000, "only {events} events in all");
    }

    #[test]
    fn events_are_parsed_by_the_standard() {
        let stream: &[u8] = b"\xEF\xBB\xBFdata: one\n\n: a comment\r\nevent: add\r\ndata:two\r\n\
            data:  three\r\nid: 7\r\nretry: 1500\r\n\r\nid\nevent: empty\n\ndata\n\n\
            retry: 1x\nfield without colon\ndata: [DONE]\r\rdata: unfinished";
        let expected = vec![
            event(None, "one", None, None),
            event(Some("add"), "two\n three", Some("7"), Some(1500)),
            event(None, "", None, Some(1500)),
            event(None, "[DONE]", None, Some(1500)),
        ];
        assert_eq!(parse(&[stream], 1 << 20).unwrap(), expected);
        // Every split of the stream into two chunks, and one byte at a time, parse alike:
        // mid-line, between CR and LF, inside the byte order mark.
        for at in 0..=stream.len() {
            let (a, b) = stream.split_at(at);
            assert_eq!(parse(&[a, b], 1 << 20).unwrap(), expected, "split at {at}");
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(parse(&bytes, 1 << 20).unwrap(), expected);
    }

    #[test]
    fn a_cr_at_the_end_of_a_chunk_ends_one_line_only() {
        let events = parse(&[b"data: a\r", b"\r", b"\ndata: b\r\n", b"\r\n"], 1024).unwrap();
        assert_eq!(
            events,
            vec![event(None, "a", None, None), event(None, "b", None, None)]
        );
    }

    #[test]
    fn long_lines_and_bad_text_are_errors() {
        assert!(matches!(
            parse(&[b"data: 0123", b"456789"], 12),
            Err(Error::ResponseTooLarge { limit: 12, .. })
        ));
        assert!(matches!(
            parse(&[b"data:0123456\ndata:0123456\n"], 12),
            Err(Error::ResponseTooLarge { .. })
        ));
        let Err(Error::Decode(error)) = parse(&[b"data: \xFF\n\n"], 1024) else {
            panic!("expected a decode error")
        };
        assert!(error.message.contains("not UTF-8"), "{}", error.message);
    }

    #[test]
    fn json_data_decodes_and_names_the_operation() {
        let events = parse(&[b"data: {\"n\": 1}\n\ndata: {\"n\": \"x\"}\n\n"], 1024).unwrap();
        let value: serde_json::Value = events[0].json().unwrap();
        assert_eq!(value["n"], 1);
        #[derive(Debug, serde::Deserialize)]
        struct N {
            #[allow(dead_code)]
            n: u8,
        }
        let Err(Error::Decode(error)) = events[1].json::<N>() else {
            panic!("expected a decode error")
        };
        assert_eq!((error.operation, error.path.as_str()), ("Op", "n"));
    }
}
