//! What the integration tests share: a client builder that builds whichever `auth` module
//! is under test (the generic one, or Twilio's with the `twilio` feature).

use runtime::{Client, ClientBuilder};

/// `Client::builder()` with an Account SID and auth token, which Twilio's `auth` requires.
#[cfg(feature = "twilio")]
pub fn builder() -> ClientBuilder {
    Client::builder().credentials("AC1", "token")
}

/// `Client::builder()` with Basic auth, which the generic `auth` sends by the stand-in
/// document's requirements.
#[cfg(not(feature = "twilio"))]
pub fn builder() -> ClientBuilder {
    Client::builder().basic_auth("AC1", "token")
}
