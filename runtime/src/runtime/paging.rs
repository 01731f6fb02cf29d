//! Paging: a list response is a page of items plus a link to the next page; these streams
//! follow the links until the last page, and stop with an error when a link repeats.

use super::call::Call;
use super::client::{decode, Client, Reading};
use super::error::{Error, Result};
use futures_util::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use std::collections::HashSet;

/// A page of a list response; generated for every page model. Models are plain data, so
/// pages and items are `Unpin`, which lets [`Prefetch`] hold them without pinning.
pub trait Page: DeserializeOwned + Send + Unpin + 'static {
    /// The type of the items.
    type Item: Send + Unpin + 'static;

    /// The link to the next page, if there is one.
    fn next_link(&self) -> Option<&String>;

    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
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
}

impl<P: Page> NextPage for P {
    fn next_page_link(&self) -> Option<&str> {
        self.next_link()
            .map(String::as_str)
            .filter(|link| !link.is_empty())
    }
}

/// The `PageToken` query parameter of a page link, absolute (`next_page_url`) or relative
/// (`next_page_uri`).
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
    async fn follow<T: DeserializeOwned>(&self, first: &Call, link: &str) -> Result<T> {
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
        let received = self.execute_reading(&request, Reading::Whole).await?;
        decode(operation, received.status, &received.body)
    }
}

impl Call {
    /// The value of the `PageToken` query parameter, for a list call that resumes paging.
    fn page_token(&self) -> Option<&str> {
        self.query
            .iter()
            .find(|(name, _)| name == "PageToken")
            .map(|(_, value)| value.as_str())
    }
}

/// The paging methods of a list request builder with a `limit: Option<usize>` field:
/// `paged_methods!(Builder, Page => Item)`.
macro_rules! paged_methods {
    ($builder:ident, $page:ty => $item:ty) => {
        impl $builder {
            /// Stops [`Self::stream`] after this many items in all; pages are still
            /// requested with the page size the server or the request chooses.
            pub fn limit(mut self, limit: usize) -> Self {
                self.limit = Some(limit);
                self
            }

            /// Every item of every page, requesting the next page when the previous one
            /// is used up, until the last page or [`Self::limit`].
            pub fn stream(
                self,
            ) -> impl $crate::Stream<Item = $crate::Result<$item>> + Send + 'static {
                $crate::runtime::paging::items::<$page>(
                    self.client.clone(),
                    self.call(),
                    self.limit,
                )
            }

            /// Every page, the first one as [`Self::send`] returns it and then each next one.
            pub fn pages(
                self,
            ) -> impl $crate::Stream<Item = $crate::Result<$page>> + Send + 'static {
                $crate::runtime::paging::pages::<$page>(self.client.clone(), self.call())
            }
        }
    };
}

pub(crate) use paged_methods;

/// Where the next page comes from.
enum Next {
    First,
    Link(String),
    /// A link that was already followed: the stream ends with [`Error::PageLoop`].
    Loop(String),
    Done,
}

/// The state of a page stream: the first call (whose options every page uses), the
/// next step, and the links and page tokens requested so far.
struct Paging {
    first: Call,
    next: Next,
    links: HashSet<String>,
    tokens: HashSet<String>,
}

impl Paging {
    /// The step after a page that links to `link`: a link or page token seen before is a
    /// loop.
    fn after(&mut self, link: Option<&String>) -> Next {
        let Some(link) = link.filter(|link| !link.is_empty()) else {
            return Next::Done;
        };
        let new_token = page_token(link).is_none_or(|token| self.tokens.insert(token));
        let new_link = self.links.insert(link.clone());
        if new_link && new_token {
            Next::Link(link.clone())
        } else {
            Next::Loop(link.clone())
        }
    }
}

/// The paging state of a stream's first call.
fn start(first: Call) -> Paging {
    let mut tokens = HashSet::new();
    if let Some(token) = first.page_token() {
        tokens.insert(token.to_owned());
    }
    Paging {
        first,
        next: Next::First,
        links: HashSet::new(),
        tokens,
    }
}

/// Requests the page `state` is at; the page and the state after it, or `None` after the
/// last page.
async fn step<P: Page>(client: Client, mut state: Paging) -> Result<Option<(P, Paging)>> {
    let page: P = match std::mem::replace(&mut state.next, Next::Done) {
        Next::First => client.send(state.first.clone()).await?,
        Next::Link(link) => client.follow(&state.first, &link).await?,
        Next::Loop(url) => {
            return Err(Error::PageLoop {
                operation: state.first.operation,
                url,
            })
        }
        Next::Done => return Ok(None),
    };
    state.next = state.after(page.next_link());
    Ok(Some((page, state)))
}

/// Every page: the first from `first`, then each next link, until a page has none. Every
/// page is requested with the options of `first`; a link or page token that repeats
/// ends the stream with [`Error::PageLoop`] instead of requesting it again.
pub fn pages<P: Page>(
    client: Client,
    first: Call,
) -> impl Stream<Item = Result<P>> + Send + 'static {
    futures_util::stream::try_unfold(start(first), move |state| step(client.clone(), state))
}

/// Every item of every page, at most `limit` in all; no page is requested after the limit
/// is reached. With [`crate::ClientBuilder::prefetch_pages`], the next page is requested
/// as soon as a page arrives.
pub fn items<P: Page>(
    client: Client,
    first: Call,
    limit: Option<usize>,
) -> impl Stream<Item = Result<P::Item>> + Send + 'static {
    let limit = limit.unwrap_or(usize::MAX);
    if client.prefetches_pages() {
        let fetch = Box::pin(step::<P>(client.clone(), start(first)));
        return futures_util::future::Either::Left(Prefetch {
            client,
            items: Vec::new().into_iter(),
            fetch: Some(fetch),
            fetched: None,
            remaining: limit,
        });
    }
    futures_util::future::Either::Right(
        pages::<P>(client, first)
            .map_ok(|page| futures_util::stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
            .take(limit),
    )
}

/// A page request in flight.
type Fetch<P> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Option<(P, Paging)>>> + Send + 'static>,
>;

/// The items of every page, with the next page requested while the items of the current
/// one are handed out: the request is sent at once, and the answer waits in the socket
/// (or is read, whenever the stream is polled) until the items run out.
struct Prefetch<P: Page> {
    client: Client,
    /// The items of the current page not yet handed out.
    items: std::vec::IntoIter<P::Item>,
    /// The next page's request, while it is in flight.
    fetch: Option<Fetch<P>>,
    /// The next page (or the error or end of the stream) once it has arrived.
    fetched: Option<Result<Option<(P, Paging)>>>,
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
            match this.fetched.take() {
                Some(Ok(Some((page, state)))) => {
                    let items = page.into_items();
                    // The page after this one is requested now, unless this one holds
                    // all the items the stream may still hand out.
                    if items.len() < this.remaining {
                        this.fetch = Some(Box::pin(step::<P>(this.client.clone(), state)));
                    }
                    this.items = items.into_iter();
                }
                Some(Ok(None)) => return Poll::Ready(None),
                Some(Err(error)) => {
                    this.remaining = 0;
                    return Poll::Ready(Some(Err(error)));
                }
                // The request in flight was polled above, so this task wakes when it
                // can go on.
                None if this.fetch.is_some() => return Poll::Pending,
                None => return Poll::Ready(None),
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
}
