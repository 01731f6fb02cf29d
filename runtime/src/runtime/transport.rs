//! The parts of one HTTP exchange that do not depend on the client's settings: the
//! request body as each attempt sends it (`Body`) and the [`File`]s it can be made of,
//! sorting the HTTP client's failures into the [`Error`] variants, reading a body up to a
//! limit, and warning about deprecated operations.

use super::error::{Error, Result, Stage};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

/// The error a caller's body stream may fail with.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A stream of body bytes, as a caller hands it over or as a file is read.
pub(crate) type ByteStream =
    Pin<Box<dyn Stream<Item = std::result::Result<Bytes, BoxError>> + Send>>;

/// How much of a file one read takes, and so the most an upload holds at once.
const FILE_CHUNK: usize = 64 * 1024;

/// A request body: pieces sent one after the other. Bytes are shared by every attempt
/// without copying, a file is opened and read anew by each attempt, and a caller's
/// stream can be sent by one attempt only, so a body with a stream is never retried.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pieces: Arc<[Piece]>,
}

/// A piece of a request body.
#[derive(Clone)]
pub(crate) enum Piece {
    /// Bytes in memory.
    Bytes(Bytes),
    /// A file, opened by each attempt.
    Path(PathBuf),
    /// A caller's stream, taken by the first attempt that sends it.
    Stream(Arc<Mutex<Option<ByteStream>>>),
}

impl fmt::Debug for Piece {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Piece::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Piece::Path(path) => f.debug_tuple("Path").field(path).finish(),
            Piece::Stream(_) => f.write_str("Stream"),
        }
    }
}

/// The content of an upload: bytes in memory, a file read from disk when the request is
/// sent, or a stream the caller supplies, with an optional file name and media type.
/// A request body of its own (`Call::binary`, the upload methods of a generated builder)
/// or one part of a multipart form.
///
/// Bytes and files are sent again by each attempt the retry policy makes, a file read
/// anew each time and never held whole in memory. A stream is sent once: a request with
/// a stream in its body is never retried, and sending it a second time (a clone of the
/// request) fails with [`Error::InvalidArgument`] before anything is sent.
///
/// `Vec<u8>`, `&'static [u8]`, `String`, `&'static str` and `Bytes` convert into a
/// `File` of those bytes.
#[derive(Debug, Clone)]
pub struct File {
    pub(crate) source: Piece,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// The bytes `bytes`, shared (not copied) by every attempt.
    pub fn bytes(bytes: impl Into<Bytes>) -> File {
        File::of(Piece::Bytes(bytes.into()))
    }

    /// The file at `path`, opened and read in chunks by each attempt; a file that cannot
    /// be opened refuses the request with [`Error::InvalidArgument`]. Its file name is the
    /// path's last component (non-UTF-8 bytes in it replaced), unless
    /// [`File::file_name`] sets another.
    pub fn path(path: impl Into<PathBuf>) -> File {
        let path: PathBuf = path.into();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        File {
            name,
            ..File::of(Piece::Path(path))
        }
    }

    /// The chunks of `stream`, sent as they come, once: a request with a stream body is
    /// never retried (see [`File`]).
    pub fn stream<S, E>(stream: S) -> File
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream: ByteStream = Box::pin(stream.map(|chunk| chunk.map_err(Into::into)));
        File::of(Piece::Stream(Arc::new(Mutex::new(Some(stream)))))
    }

    /// The file name sent with the file in a multipart form (`filename="..."`).
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> File {
        self.name = Some(file_name.into());
        self
    }

    /// The media type of the content (such as `image/png`), sent as its
    /// `Content-Type`; it takes precedence over the one the API document gives.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name, from [`File::file_name`] or the path.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The media type [`File::content_type`] set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    fn of(source: Piece) -> File {
        File {
            source,
            name: None,
            content_type: None,
        }
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> File {
        File::bytes(bytes)
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> File {
        File::bytes(bytes)
    }
}

impl From<&'static [u8]> for File {
    fn from(bytes: &'static [u8]) -> File {
        File::bytes(Bytes::from_static(bytes))
    }
}

impl From<String> for File {
    fn from(text: String) -> File {
        File::bytes(text)
    }
}

impl From<&'static str> for File {
    fn from(text: &'static str) -> File {
        File::bytes(Bytes::from_static(text.as_bytes()))
    }
}

impl Body {
    /// A body of `pieces`, adjacent bytes joined, so that a body without files or
    /// streams is one buffer.
    pub(crate) fn new(pieces: impl IntoIterator<Item = Piece>) -> Body {
        let mut joined: Vec<Piece> = Vec::new();
        for piece in pieces {
            match (joined.last_mut(), piece) {
                (Some(Piece::Bytes(last)), Piece::Bytes(bytes)) => {
                    let mut both = Vec::with_capacity(last.len() + bytes.len());
                    both.extend_from_slice(last);
                    both.extend_from_slice(&bytes);
                    *last = Bytes::from(both);
                }
                (_, piece) => joined.push(piece),
            }
        }
        Body {
            pieces: joined.into(),
        }
    }

    /// Whether every attempt can send this body again: it holds no caller's stream.
    pub(crate) fn repeatable(&self) -> bool {
        !self
            .pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Stream(_)))
    }

    /// The body for one attempt, and its length when it is known and reqwest cannot
    /// tell it from the body (files: their size now). Files are opened here, so that a
    /// missing file refuses the request before anything is sent; `Err` says why.
    pub(crate) async fn open(&self) -> std::result::Result<(reqwest::Body, Option<u64>), String> {
        if let [Piece::Bytes(bytes)] = &self.pieces[..] {
            return Ok((reqwest::Body::from(bytes.clone()), None));
        }
        let mut streams: Vec<ByteStream> = Vec::with_capacity(self.pieces.len());
        let mut length = Some(0u64);
        for piece in self.pieces.iter() {
            let (stream, size) = match piece {
                Piece::Bytes(bytes) => {
                    let chunk: std::result::Result<Bytes, BoxError> = Ok(bytes.clone());
                    let stream: ByteStream = Box::pin(futures_util::stream::once(async { chunk }));
                    (stream, Some(bytes.len() as u64))
                }
                Piece::Path(path) => {
                    let (stream, size) = read_file(path).await?;
                    (stream, Some(size))
                }
                Piece::Stream(slot) => {
                    // A poisoned lock only means a thread panicked while taking the stream;
                    // the slot is still usable.
                    let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
                    let stream = taken.ok_or_else(|| {
                        "the request body is a stream that an earlier attempt or an earlier \
                         send of this request already consumed; a stream can be sent once"
                            .to_owned()
                    })?;
                    (stream, None)
                }
            };
            length = length.zip(size).map(|(sum, size)| sum.saturating_add(size));
            streams.push(stream);
        }
        let body = reqwest::Body::wrap_stream(futures_util::stream::iter(streams).flatten());
        Ok((body, length))
    }
}

/// The file at `path` as a stream of chunks, and its size when it was opened. The stream
/// ends after that many bytes, and fails if the file has become shorter, so the body
/// matches the `Content-Length` sent with it.
async fn read_file(path: &Path) -> std::result::Result<(ByteStream, u64), String> {
    use tokio::io::AsyncReadExt;
    let cannot = |error: std::io::Error| format!("cannot read `{}`: {error}", path.display());
    let file = tokio::fs::File::open(path).await.map_err(cannot)?;
    let size = file.metadata().await.map_err(cannot)?.len();
    let path = path.to_owned();
    let stream = futures_util::stream::try_unfold((file, size), move |(mut file, left)| {
        let path = path.clone();
        async move {
            if left == 0 {
                return Ok(None);
            }
            let mut chunk =
                vec![0; usize::try_from(left).map_or(FILE_CHUNK, |left| left.min(FILE_CHUNK))];
            let read = file.read(&mut chunk).await?;
            if read == 0 {
                let message = format!("`{}` became shorter while it was sent", path.display());
                return Err(BoxError::from(message));
            }
            chunk.truncate(read);
            Ok(Some((Bytes::from(chunk), (file, left - read as u64))))
        }
    });
    Ok((Box::pin(stream), size))
}

/// The attempt a failure of the HTTP client is reported for: its operation, its method
/// (which decides whether resending is safe) and the timeout it had.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    pub(crate) operation: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) timeout: Option<std::time::Duration>,
}

/// The [`Error`] for a failure the HTTP client reported during `attempt`: a connection
/// that could not be opened, or broke before the whole response arrived, is
/// [`Error::Connection`]; a timeout is [`Error::Timeout`]; anything else
/// [`Error::Transport`]. Each says how far the attempt had come.
pub(crate) fn classify(attempt: &Attempt, source: reqwest::Error) -> Error {
    let stage = if source.is_connect() {
        Stage::Connecting
    } else if source.is_body() || source.is_decode() {
        Stage::ReadingBody
    } else {
        Stage::Waiting
    };
    let (operation, method) = (attempt.operation, attempt.method.clone());
    // A connect timeout is both; it is a connection error, which proves that the request
    // was never sent.
    if source.is_connect() || broken_connection(&source) {
        Error::Connection {
            operation,
            method,
            stage,
            source,
        }
    } else if source.is_timeout() {
        Error::Timeout {
            operation,
            method,
            stage,
            after: attempt.timeout,
            source,
        }
    } else {
        Error::Transport { operation, source }
    }
}

/// Whether the causes of `error` include an I/O error of a connection that was reset or
/// closed early.
fn broken_connection(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(error) = cause {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind;
            if matches!(
                io.kind(),
                ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::UnexpectedEof
                    | ErrorKind::NotConnected
            ) {
                return true;
            }
        }
        // hyper reports a connection closed before any response as an error of its own,
        // without an I/O cause; its text is all that identifies it.
        if error
            .to_string()
            .contains("connection closed before message completed")
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// A short name of the kind of `error`, for logs: never a body or a secret.
pub(crate) fn kind(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "api",
        Error::Transport { .. } => "transport",
        Error::Connection { .. } => "connection",
        Error::Timeout { .. } => "timeout",
        Error::TooManyRetries { .. } => "too_many_retries",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Decode(_) => "decode",
        Error::InvalidArgument { .. } => "invalid_argument",
        Error::Credentials { .. } => "credentials",
        Error::ForeignLink { .. } => "foreign_link",
        Error::PageLoop { .. } => "page_loop",
        Error::InvalidId(_) => "invalid_id",
        Error::Config(_) => "config",
    }
}

/// The whole body of `response`, read chunk by chunk; a body larger than `limit` bytes is
/// refused as soon as its announced length or the bytes read so far exceed the limit, so
/// nothing beyond the limit is kept.
pub(crate) async fn read_body(
    attempt: &Attempt,
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>> {
    let operation = attempt.operation;
    let too_large = || Error::ResponseTooLarge { operation, limit };
    let announced = response.content_length().unwrap_or(0);
    if announced > limit {
        return Err(too_large());
    }
    // The announced length is trusted for the first allocation only up to 64 KiB.
    let capacity = usize::try_from(announced.min(64 * 1024)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| classify(attempt, error))?
    {
        let length = u64::try_from(body.len() + chunk.len()).unwrap_or(u64::MAX);
        if length > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Logs a warning, once per operation and process, when an answer carries a `Deprecation`
/// or `Sunset` header: the API is announcing that the operation goes away.
pub(crate) fn warn_if_deprecated(operation: &'static str, headers: &reqwest::header::HeaderMap) {
    // The operations warned about so far, in this process.
    static WARNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (deprecation, sunset) = (header("deprecation"), header("sunset"));
    if deprecation.is_none() && sunset.is_none() {
        return;
    }
    // A poisoned lock only means another thread panicked while inserting; the set is
    // still usable.
    let first = WARNED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(operation);
    if first {
        tracing::warn!(
            operation,
            deprecation,
            sunset,
            "`{operation}` is deprecated by the API (Deprecation or Sunset header)"
        );
    }
}
