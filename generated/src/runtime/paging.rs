//! Paging: a list response is a page of items plus a link to the next page; these streams
//! follow the links until the last page, and stop with an error when a link repeats.

use super::client::{Call, Client};
use super::error::{Error, Result};
use futures_util::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use std::collections::HashSet;

/// A page of a list response; generated for every page model.
pub(crate) trait Page: DeserializeOwned + Send + 'static {
    /// The type of the items.
    type Item: Send + 'static;

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

/// Every page: the first from `first`, then each next link, until a page has none. Every
/// page is requested with the options of `first`; a link or page token that repeats
/// ends the stream with [`Error::PageLoop`] instead of requesting it again.
pub(crate) fn pages<P: Page>(
    client: Client,
    first: Call,
) -> impl Stream<Item = Result<P>> + Send + 'static {
    let mut tokens = HashSet::new();
    if let Some(token) = first.page_token() {
        tokens.insert(token.to_owned());
    }
    let state = Paging {
        first,
        next: Next::First,
        links: HashSet::new(),
        tokens,
    };
    futures_util::stream::try_unfold(state, move |mut state| {
        let client = client.clone();
        async move {
            let page: P = match std::mem::replace(&mut state.next, Next::Done) {
                Next::First => client.send(state.first.clone()).await?,
                Next::Link(link) => client.follow(&state.first, &link).await?,
                Next::Loop(url) => {
                    return Err(Error::PageLoop {
                        operation: state.first.operation(),
                        url,
                    })
                }
                Next::Done => return Ok(None),
            };
            state.next = state.after(page.next_link());
            Ok(Some((page, state)))
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
