//! A stand-in for the `resources` module the generator writes: request builders as the
//! generator declares them, so that the runtime's builder macros are used and tested here.

use crate::models;
use crate::runtime::call::Call;

/// A list request, as the generator writes one for a paged `GET`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListExamples {
    client: crate::Client,
    options: crate::RequestOptions,
    page_size: Option<i64>,
    limit: Option<usize>,
}

impl ListExamples {
    /// A request of the first page.
    pub fn new(client: &crate::Client) -> Self {
        ListExamples {
            client: client.clone(),
            options: crate::RequestOptions::default(),
            page_size: None,
            limit: None,
        }
    }

    /// How many examples each page holds.
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = Some(page_size);
        self
    }

    fn call(&self) -> Call {
        let mut call = Call::new("ListExamples", reqwest::Method::GET, "/v1/Examples", &[])
            .with_options(&self.options);
        if let Some(value) = &self.page_size {
            call.check_range("PageSize", *value, Some(1), Some(1000));
            call.query("PageSize", value);
        }
        call
    }
}

crate::runtime::request::request_methods!(
    ListExamples -> models::ExamplePage,
    GET,
    "Lists the examples.",
);
crate::runtime::paging::paged_methods!(ListExamples, models::ExamplePage => models::Example);

/// A delete request, as the generator writes one for a response without a body.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct DeleteExample {
    client: crate::Client,
    options: crate::RequestOptions,
    id: models::ExampleId,
    refused: crate::runtime::id::Refused,
}

impl DeleteExample {
    /// A request to delete the example `id`: an id, a reference to one, or text, which
    /// `send` refuses with `Error::InvalidId` when it is not an id.
    pub fn new(client: &crate::Client, id: impl crate::IntoId<models::ExampleId>) -> Self {
        let mut refused = crate::runtime::id::Refused::default();
        DeleteExample {
            client: client.clone(),
            options: crate::RequestOptions::default(),
            id: refused.id(id),
            refused,
        }
    }

    fn call(&self) -> Call {
        Call::new(
            "DeleteExample",
            reqwest::Method::DELETE,
            "/v1/Examples/{}",
            &[self.id.as_str()],
        )
        .with_options(&self.options)
        .with_refused(self.refused.get())
    }
}

crate::runtime::request::request_methods!(
    DeleteExample -> (),
    DELETE,
    "Deletes the example.",
);

/// A download, as the generator writes one for a response of `application/octet-stream`
/// or another binary media type.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct FetchExampleContent {
    client: crate::Client,
    options: crate::RequestOptions,
    id: models::ExampleId,
}

impl FetchExampleContent {
    /// A request of the content of the example `id`.
    pub fn new(client: &crate::Client, id: models::ExampleId) -> Self {
        FetchExampleContent {
            client: client.clone(),
            options: crate::RequestOptions::default(),
            id,
        }
    }

    fn call(&self) -> Call {
        let mut call = Call::new(
            "FetchExampleContent",
            reqwest::Method::GET,
            "/v1/Examples/{}/Content",
            &[self.id.as_str()],
        )
        .with_options(&self.options);
        call.accept("application/octet-stream");
        call
    }
}

crate::runtime::request::request_methods!(
    FetchExampleContent -> @bytes,
    GET,
    "Fetches the content of the example.",
);

/// A request whose response is text, as the generator writes one for `text/plain`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct FetchExampleNote {
    client: crate::Client,
    options: crate::RequestOptions,
    id: models::ExampleId,
}

impl FetchExampleNote {
    /// A request of the note of the example `id`.
    pub fn new(client: &crate::Client, id: models::ExampleId) -> Self {
        FetchExampleNote {
            client: client.clone(),
            options: crate::RequestOptions::default(),
            id,
        }
    }

    fn call(&self) -> Call {
        let mut call = Call::new(
            "FetchExampleNote",
            reqwest::Method::GET,
            "/v1/Examples/{}/Note",
            &[self.id.as_str()],
        )
        .with_options(&self.options);
        call.accept("text/plain");
        call
    }
}

crate::runtime::request::request_methods!(
    FetchExampleNote -> @text,
    GET,
    "Fetches the note of the example.",
);

/// A request whose response is an event stream, as the generator writes one for
/// `text/event-stream`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct WatchExamples {
    client: crate::Client,
    options: crate::RequestOptions,
}

impl WatchExamples {
    /// A request of the changes to examples.
    pub fn new(client: &crate::Client) -> Self {
        WatchExamples {
            client: client.clone(),
            options: crate::RequestOptions::default(),
        }
    }

    fn call(&self) -> Call {
        Call::new(
            "WatchExamples",
            reqwest::Method::GET,
            "/v1/Examples/Events",
            &[],
        )
        .with_options(&self.options)
    }
}

crate::runtime::request::request_methods!(
    WatchExamples -> @events,
    GET,
    "Watches the examples change.",
);

/// An upload as the generator writes one for a `multipart/form-data` body, whose JSON
/// response can also be streamed as events.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateExample {
    client: crate::Client,
    options: crate::RequestOptions,
    file: crate::File,
    note: Option<String>,
    stream: Option<bool>,
}

impl CreateExample {
    /// A request to create an example from `file`.
    pub fn new(client: &crate::Client, file: impl Into<crate::File>) -> Self {
        CreateExample {
            client: client.clone(),
            options: crate::RequestOptions::default(),
            file: file.into(),
            note: None,
            stream: None,
        }
    }

    /// A note on the example.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Whether the answer is streamed as events (with [`Self::events`]).
    pub fn stream(mut self, stream: bool) -> Self {
        self.stream = Some(stream);
        self
    }

    fn call(&self) -> Call {
        let mut call = Call::new("CreateExample", reqwest::Method::POST, "/v1/Examples", &[])
            .with_options(&self.options);
        let mut form = crate::runtime::multipart::Multipart::new();
        form.file("File", self.file.clone(), None);
        if let Some(value) = &self.note {
            form.text("Note", value.clone());
        }
        if let Some(value) = &self.stream {
            form.value("Stream", value, None);
        }
        call.multipart(form);
        call
    }
}

crate::runtime::request::request_methods!(
    CreateExample -> models::Example | @events,
    POST,
    "Creates an example.",
);
