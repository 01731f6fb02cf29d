//! Paging: a list response is a page of items plus a way to the next page, which the
//! document makes plain ([`Strategy`]): a link in the body (Twilio's `next_page_url`), the
//! `Link` header's `rel="next"` (GitHub), or a cursor the next request sends as a query
//! parameter (`next_page` into `page_token`, Stripe's last item id into `starting_after`).
//! These streams go from page to page until the last, and stop with an error when a link
//! or cursor repeats.

use super::call::Call;
use super::client::{decode, Client, Reading, Received};
use super::error::{Error, Result};
use futures_util::{FutureExt, Stream, StreamExt, TryStreamExt};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::collections::HashSet;

/// A page of a list response; generated for every page model. Models are plain data, so
/// pages and items are `Unpin`, which lets [`Prefetch`] hold them without pinning.
///
/// How the next page is found is the page's to say, as the API document does: a link in
/// the body ([`Page::next_link`], the default), the answer's `Link` header
/// ([`Page::LINK_HEADER`]), or a cursor ([`Page::next_cursor`]) that the next request
/// sends as the query parameter [`Page::CURSOR_PARAMETER`].
pub trait Page: DeserializeOwned + Send + Unpin + 'static {
    /// The type of the items.
    type Item: Send + Unpin + 'static;

    /// The query parameter that takes [`Page::next_cursor`] in the next request, for a
    /// list paged by a cursor, such as `page_token` or `starting_after`.
    const CURSOR_PARAMETER: Option<&'static str> = None;

    /// Whether the next page is the `rel="next"` link of the answer's `Link` header
    /// (RFC 8288).
    const LINK_HEADER: bool = false;

    /// The link to the next page in the body, absolute or relative to the base URL.
    fn next_link(&self) -> Option<&String> {
        None
    }

    /// The cursor of the next page, for a list paged by a cursor.
    fn next_cursor(&self) -> Option<String> {
        None
    }

    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A list whose response is a bare array of items: its next page is named by the `Link`
/// header, as GitHub's lists do.
impl<T: DeserializeOwned + Send + Unpin + 'static> Page for Vec<T> {
    type Item = T;

    const LINK_HEADER: bool = true;

    fn into_items(self) -> Vec<T> {
        self
    }
}

/// How a list finds its next page, from its [`Page`] type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    /// A link in the page body.
    BodyLink,
    /// The `rel="next"` link of the answer's `Link` header.
    LinkHeader,
    /// A cursor from the page body, sent as this query parameter of the first request in
    /// place of the value it had.
    Cursor(&'static str),
}

impl Strategy {
    fn of<P: Page>() -> Self {
        match (P::CURSOR_PARAMETER, P::LINK_HEADER) {
            (Some(parameter), _) => Strategy::Cursor(parameter),
            (None, true) => Strategy::LinkHeader,
            (None, false) => Strategy::BodyLink,
        }
    }
}

/// What every page of a list response tells about the page after it, for resuming
/// paging later: pass [`NextPage::next_page_token`] to the list request's
/// `.page_token(..)`.
pub trait NextPage {
    /// The link to the next page, when there is one.
    fn next_page_link(&self) -> Option<&str>;

    /// The `PageToken` of the next page, when there is one.
    fn next_page_token(&self) -> Option<String> {
        self.next_page_link().and_then(page_token)
    }

    /// The cursor of the next page, for lists paged by a cursor: pass it to the list
    /// request's cursor parameter (`.page_token(..)`, `.starting_after(..)`) to resume.
    fn next_page_cursor(&self) -> Option<String>;
}

impl<P: Page> NextPage for P {
    fn next_page_link(&self) -> Option<&str> {
        self.next_link()
            .map(String::as_str)
            .filter(|link| !link.is_empty())
    }

    fn next_page_cursor(&self) -> Option<String> {
        self.next_cursor().filter(|cursor| !cursor.is_empty())
    }
}

/// The `PageToken` query parameter of a page link, absolute (`next_page_url`) or relative
/// (`next_page_uri`).
#[must_use]
pub fn page_token(link: &str) -> Option<String> {
    // A relative link is resolved against a placeholder; only its query matters.
    let url = reqwest::Url::parse(link)
        .or_else(|_| reqwest::Url::parse("http://localhost/").and_then(|base| base.join(link)))
        .ok()?;
    let token = url
        .query_pairs()
        .find(|(name, _)| name == "PageToken")
        .map(|(_, value)| value.into_owned());
    token.filter(|token| !token.is_empty())
}

impl Client {
    /// Whether item streams request the next page while the current one is consumed (see
    /// [`ClientBuilder::prefetch_pages`](crate::ClientBuilder::prefetch_pages)).
    fn prefetches_pages(&self) -> bool {
        self.inner.prefetch_pages
    }

    /// Fetches a page link (`next_page_url`, absolute, or `next_page_uri`, relative to the
    /// base URL) of the list call `first`, with its options and the retry rules of a `GET`;
    /// refuses links to another origin, which would receive the credentials.
    async fn follow(&self, first: &Call, link: &str) -> Result<Received> {
        let operation = first.operation;
        let base = self.base_of(first)?;
        let base_text = base.as_str().trim_end_matches('/');
        let url = if link.starts_with('/') {
            reqwest::Url::parse(&format!("{base_text}{link}"))
        } else {
            reqwest::Url::parse(link)
        };
        let url = match url {
            Ok(url) if url.origin() == base.origin() => url,
            _ => {
                return Err(Error::ForeignLink {
                    operation,
                    url: link.to_owned(),
                    base_url: base_text.to_owned(),
                })
            }
        };
        let mut request = first.request(url);
        request.method = reqwest::Method::GET;
        request.body = None;
        request.content_type = "application/json";
        self.execute_reading(&request, Reading::Whole).await
    }
}

impl Call {
    /// The value of the query parameter `name`, such as the `PageToken` of a list call
    /// that resumes paging.
    fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(query, _)| query == name)
            .map(|(_, value)| value.as_str())
    }

    /// The call with the query parameter `name` set to `value` alone.
    fn with_query(&self, name: &'static str, value: &str) -> Call {
        let mut call = self.clone();
        call.query.retain(|(query, _)| query != name);
        call.query.push((Cow::Borrowed(name), value.to_owned()));
        call
    }
}

/// The `rel="next"` target of a `Link` header (RFC 8288): `<https://...?page=2>;
/// rel="next", <...>; rel="last"`. Relation types are compared without case, and a `rel`
/// may list several (`rel="next last"`).
fn next_link_header(headers: &HeaderMap) -> Option<String> {
    let value = headers.get_all(reqwest::header::LINK);
    value
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            let next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|relation| relation.eq_ignore_ascii_case("next"))
            });
            next.then(|| target.to_owned())
        })
}

/// The paging methods of a list request builder with a `limit: Option<usize>` field:
/// `paged_methods!(Builder, Page => Item)`.
///
/// The methods are `#[inline]` so that, like `send`, the paging code of a list is compiled
/// to machine code in the crate that uses it rather than for every list of the API.
// Exported so that the generated crate, which depends on this one, can call it; it is
// named by its module path, `paged_methods` below.
#[doc(hidden)]
#[macro_export]
macro_rules! __paged_methods {
    ($builder:ident, $page:ty => $item:ty) => {
        impl $builder {
            /// Stops [`Self::stream`] after this many items in all; pages are still
            /// requested with the page size the server or the request chooses. Any
            /// integer type is taken, like the API's own counts (`page_size`); a negative
            /// limit yields nothing.
            #[inline]
            pub fn limit(mut self, limit: impl TryInto<usize>) -> Self {
                self.limit = Some(limit.try_into().unwrap_or(0));
                self
            }

            /// Every item of [`Self::stream`], collected; when a page fails, the items
            /// that arrived before it come back with the error instead of being lost
            /// (`try_collect` would drop them).
            #[inline]
            pub async fn collect_until_error(self) -> (Vec<$item>, Option<$crate::Error>) {
                $crate::runtime::paging::collect_until_error(self.stream()).await
            }

            /// Every item of every page, requesting the next page when the previous one
            /// is used up, until the last page or [`Self::limit`].
            #[inline]
            pub fn stream(
                self,
            ) -> impl $crate::Stream<Item = $crate::Result<$item>> + Send + 'static {
                $crate::runtime::paging::items::<$page>(&self.client, self.call(), self.limit)
            }

            /// Every page, the first one as [`Self::send`] returns it and then each next one.
            #[inline]
            pub fn pages(
                self,
            ) -> impl $crate::Stream<Item = $crate::Result<$page>> + Send + 'static {
                $crate::runtime::paging::pages::<$page>(&self.client, self.call())
            }
        }
    };
}

#[doc(hidden)]
pub use crate::__paged_methods as paged_methods;

/// Where the next page comes from.
enum Next {
    First,
    Link(String),
    Cursor(String),
    /// A link or cursor that was already followed: the stream ends with
    /// [`Error::PageLoop`].
    Loop(String),
    Done,
}

/// The state of a page stream: the first call (whose options every page uses), how it
/// pages, the next step, and the links, page tokens and cursors requested so far.
struct Paging {
    first: Call,
    strategy: Strategy,
    next: Next,
    links: HashSet<String>,
    tokens: HashSet<String>,
}

impl Paging {
    /// The step after a page that named `next` in its body (the link or the cursor, as
    /// the strategy reads it) and came with `headers`: a link, page token or cursor seen
    /// before is a loop.
    fn after(&mut self, next: Option<String>, headers: &HeaderMap) -> Next {
        let cursor = match self.strategy {
            Strategy::BodyLink => return self.after_link(next),
            Strategy::LinkHeader => return self.after_link(next_link_header(headers)),
            Strategy::Cursor(_) => next,
        };
        match cursor.filter(|cursor| !cursor.is_empty()) {
            None => Next::Done,
            Some(cursor) if self.tokens.insert(cursor.clone()) => Next::Cursor(cursor),
            Some(cursor) => Next::Loop(cursor),
        }
    }

    fn after_link(&mut self, link: Option<String>) -> Next {
        let Some(link) = link.filter(|link| !link.is_empty()) else {
            return Next::Done;
        };
        let new_token = page_token(&link).is_none_or(|token| self.tokens.insert(token));
        let new_link = self.links.insert(link.clone());
        if new_link && new_token {
            Next::Link(link)
        } else {
            Next::Loop(link)
        }
    }
}

/// The paging state of a stream's first call; the page token or cursor it resumes from
/// counts as requested.
fn start(first: Call, strategy: Strategy) -> Paging {
    let mut tokens = HashSet::new();
    let resumed = match strategy {
        Strategy::Cursor(parameter) => first.query_value(parameter),
        Strategy::BodyLink | Strategy::LinkHeader => first.query_value("PageToken"),
    };
    if let Some(token) = resumed {
        tokens.insert(token.to_owned());
    }
    Paging {
        first,
        strategy,
        next: Next::First,
        links: HashSet::new(),
        tokens,
    }
}

/// Requests the page `state` is at; its answer and the state, or `None` after the last
/// page. Nothing here depends on the page type, so this (and every future it awaits) is
/// compiled once for all lists, not once per page model.
async fn fetch(client: Client, mut state: Paging) -> Result<Option<(Received, Paging)>> {
    let received = match std::mem::replace(&mut state.next, Next::Done) {
        Next::First => client.exchange(&state.first).await?,
        Next::Link(link) => client.follow(&state.first, &link).await?,
        Next::Cursor(cursor) => {
            let Strategy::Cursor(parameter) = state.strategy else {
                return Ok(None);
            };
            client
                .exchange(&state.first.with_query(parameter, &cursor))
                .await?
        }
        Next::Loop(url) => {
            return Err(Error::PageLoop {
                operation: state.first.operation,
                url,
            })
        }
        Next::Done => return Ok(None),
    };
    Ok(Some((received, state)))
}

/// Decodes a fetched page and moves `state` past it: the one step of paging that depends on
/// the page type.
fn turn<P: Page>((received, mut state): (Received, Paging)) -> Result<(P, Paging)> {
    let page: P = decode(state.first.operation, received.status, &received.body)?;
    let next = match state.strategy {
        Strategy::BodyLink => page.next_link().cloned(),
        Strategy::Cursor(_) => page.next_cursor(),
        Strategy::LinkHeader => None,
    };
    state.next = state.after(next, &received.headers);
    Ok((page, state))
}

/// Every page: the first from `first`, then each next one as its [`Page`] type says, until a
/// page has none. Every page is requested with the options of `first`; a link, page
/// token or cursor that repeats ends the stream with [`Error::PageLoop`] instead of
/// requesting it again.
pub fn pages<P: Page>(
    client: &Client,
    first: Call,
) -> impl Stream<Item = Result<P>> + Send + 'static {
    let client = client.clone();
    let state = start(first, Strategy::of::<P>());
    futures_util::stream::try_unfold(state, move |state| {
        fetch(client.clone(), state).map(|fetched| fetched?.map(turn::<P>).transpose())
    })
}

/// Every item of every page, at most `limit` in all; no page is requested after the limit
/// is reached. With [`crate::ClientBuilder::prefetch_pages`], the next page is requested
/// as soon as a page arrives.
pub fn items<P: Page>(
    client: &Client,
    first: Call,
    limit: Option<usize>,
) -> impl Stream<Item = Result<P::Item>> + Send + 'static {
    let client = client.clone();
    let limit = limit.unwrap_or(usize::MAX);
    if client.prefetches_pages() {
        let state = start(first, Strategy::of::<P>());
        return futures_util::future::Either::Left(Prefetch::<P> {
            fetch: Some(Box::pin(fetch(client.clone(), state))),
            client,
            items: Vec::new().into_iter(),
            fetched: None,
            remaining: limit,
        });
    }
    futures_util::future::Either::Right(
        pages::<P>(&client, first)
            .map_ok(|page| futures_util::stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
            .take(limit),
    )
}

/// The items of `stream` in order, until its end or its first error, which is returned
/// with the items before it.
pub async fn collect_until_error<T>(
    stream: impl Stream<Item = Result<T>>,
) -> (Vec<T>, Option<Error>) {
    let mut stream = std::pin::pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => return (items, Some(error)),
        }
    }
    (items, None)
}

/// A page request in flight; the page is decoded when the stream reaches it.
type Fetch = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Option<(Received, Paging)>>> + Send + 'static>,
>;

/// The items of every page, with the next page requested while the items of the current
/// one are handed out: the request is sent at once, and the answer waits in the socket
/// (or is read, whenever the stream is polled) until the items run out.
struct Prefetch<P: Page> {
    client: Client,
    /// The items of the current page not yet handed out.
    items: std::vec::IntoIter<P::Item>,
    /// The next page's request, while it is in flight.
    fetch: Option<Fetch>,
    /// The next page's answer (or the error or end of the stream) once it has arrived.
    fetched: Option<Result<Option<(Received, Paging)>>>,
    /// How many more items the stream may hand out.
    remaining: usize,
}

impl<P: Page> Stream for Prefetch<P> {
    type Item = Result<P::Item>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            // The request in flight moves on whenever the stream is polled.
            if let Some(fetch) = this.fetch.as_mut() {
                if let Poll::Ready(fetched) = fetch.as_mut().poll(cx) {
                    this.fetch = None;
                    this.fetched = Some(fetched);
                }
            }
            if this.remaining == 0 {
                // A request still in flight is dropped, and with it its connection.
                this.fetch = None;
                return Poll::Ready(None);
            }
            if let Some(item) = this.items.next() {
                this.remaining -= 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match this
                .fetched
                .take()
                .map(|fetched| fetched?.map(turn::<P>).transpose())
            {
                Some(Ok(Some((page, state)))) => {
                    let items = page.into_items();
                    // The page after this one is requested now, unless this one holds
                    // all the items the stream may still hand out.
                    if items.len() < this.remaining {
                        this.fetch = Some(Box::pin(fetch(this.client.clone(), state)));
                    }
                    this.items = items.into_iter();
                }
                Some(Err(error)) => {
                    this.remaining = 0;
                    return Poll::Ready(Some(Err(error)));
                }
                // The request in flight was polled above, so this task wakes when it
                // can go on.
                None if this.fetch.is_some() => return Poll::Pending,
                // The last page has been handed out, or no page is to come.
                Some(Ok(None)) | None => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_are_read_from_absolute_and_relative_links() {
        assert_eq!(
            page_token("https://assistants.twilio.com/v1/Tools?PageSize=50&Page=1&PageToken=PT1")
                .as_deref(),
            Some("PT1")
        );
        assert_eq!(
            page_token("/v1/Tools?Page=2&PageToken=PT%202").as_deref(),
            Some("PT 2")
        );
        assert_eq!(page_token("/v1/Tools?Page=2"), None);
        assert_eq!(page_token("/v1/Tools?PageToken="), None);
    }

    #[test]
    fn the_next_link_is_read_from_link_headers() {
        let headers = |values: &[&str]| {
            let mut headers = HeaderMap::new();
            for value in values {
                headers.append(reqwest::header::LINK, value.parse().unwrap());
            }
            headers
        };
        let github = headers(&[
            "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
             <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"",
        ]);
        assert_eq!(
            next_link_header(&github).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let split = headers(&[
            "</a?page=1>; rel=prev",
            "</a?page=3>; title=x; REL=\"last next\"",
        ]);
        assert_eq!(next_link_header(&split).as_deref(), Some("/a?page=3"));
        assert_eq!(next_link_header(&headers(&["</a>; rel=\"last\""])), None);
        assert_eq!(next_link_header(&headers(&["garbage"])), None);
        assert_eq!(next_link_header(&HeaderMap::new()), None);
    }
}
