//! Paging: a list response is a page of items plus a link to the next page; these streams
//! follow the links until the last page.

use super::client::{Call, Client};
use super::error::Result;
use futures_util::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

/// A page of a list response; generated for every page model.
pub(crate) trait Page: DeserializeOwned + Send + 'static {
    /// The type of the items.
    type Item: Send + 'static;

    /// The link to the next page, if there is one.
    fn next_link(&self) -> Option<&String>;

    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Where the next page comes from.
enum Next {
    First(Call),
    Link(String),
    Done,
}

/// Every page: the first from `first`, then each next link, until a page has none.
pub(crate) fn pages<P: Page>(
    client: Client,
    first: Call,
) -> impl Stream<Item = Result<P>> + Send + 'static {
    let operation = first.operation();
    futures_util::stream::try_unfold(Next::First(first), move |next| {
        let client = client.clone();
        async move {
            let page: P = match next {
                Next::First(call) => client.send(call).await?,
                Next::Link(link) => client.follow(operation, &link).await?,
                Next::Done => return Ok(None),
            };
            let next = match page.next_link() {
                Some(link) if !link.is_empty() => Next::Link(link.clone()),
                _ => Next::Done,
            };
            Ok(Some((page, next)))
        }
    })
}

/// Every item of every page, at most `limit` in all; no page is requested after the limit
/// is reached.
pub(crate) fn items<P: Page>(
    client: Client,
    first: Call,
    limit: Option<usize>,
) -> impl Stream<Item = Result<P::Item>> + Send + 'static {
    pages::<P>(client, first)
        .map_ok(|page| futures_util::stream::iter(page.into_items().into_iter().map(Ok)))
        .try_flatten()
        .take(limit.unwrap_or(usize::MAX))
}
