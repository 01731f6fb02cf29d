//! Lowering of `components/securitySchemes` and the `security` requirements of the
//! document and its operations into [`Auth`]: how the client authenticates each request.

use super::Lowerer;
use crate::error::Pointer;
use crate::ir::{Auth, ParamLocation, Requirement, SchemeKind, SecurityScheme};
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement};

impl<'d> Lowerer<'d> {
    /// The document's security schemes and the requirement of operations that state none.
    pub(super) fn auth(&mut self) -> Auth {
        let pointer = Pointer::root().join("components").join("securitySchemes");
        let mut schemes = Vec::new();
        let declared = self
            .doc
            .components
            .iter()
            .flat_map(|components| &components.security_schemes);
        for (name, scheme) in declared {
            let at = pointer.join(name);
            let Some(scheme) = self.security_scheme(scheme, &at) else {
                continue;
            };
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (SchemeKind::Basic, description),
                    "bearer" => (SchemeKind::Bearer, description),
                    other => {
                        self.errors.warn(
                            &at,
                            format!(
                                "the HTTP `{other}` scheme is not supported (only `basic` and \
                                 `bearer`); requests that need it are sent without it, and the \
                                 caller can add its header with a custom HTTP client"
                            ),
                        );
                        continue;
                    }
                },
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SchemeKind::ApiKey {
                        location: match location {
                            APIKeyLocation::Query => ParamLocation::Query,
                            APIKeyLocation::Header => ParamLocation::Header,
                            APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                // A token from an OAuth 2 flow or OpenID Connect is sent as a bearer token;
                // getting and refreshing it is the caller's (a token provider).
                openapiv3::SecurityScheme::OAuth2 { description, .. } => {
                    (SchemeKind::OAuth2, description)
                }
                openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::OpenIdConnect, description)
                }
            };
            schemes.push(SecurityScheme {
                name: name.clone(),
                kind,
                docs: super::docs_of(None, description.as_deref()),
            });
        }
        let default = match &self.doc.security {
            Some(requirements) => {
                self.requirements(requirements, &schemes, &Pointer::root().join("security"))
            }
            None => Vec::new(),
        };
        // Twilio's Account SID auth is HTTP Basic; a Twilio API that declares another
        // scheme (the Organizations API's OAuth 2 client credentials) gets the generic
        // auth module, which sends what the document asks for.
        let basic_only = schemes
            .iter()
            .all(|scheme| scheme.kind == SchemeKind::Basic);
        Auth {
            twilio: basic_only && self.base_url.as_deref().is_some_and(is_twilio),
            schemes,
            default,
        }
    }

    /// An operation's own `security`, when it states one: `Some(vec![])` for
    /// `security: []`, which sends no credentials.
    pub(super) fn operation_security(
        &mut self,
        operation: &openapiv3::Operation,
        schemes: &[SecurityScheme],
        pointer: &Pointer,
    ) -> Option<Vec<Requirement>> {
        let requirements = operation.security.as_ref()?;
        Some(self.requirements(requirements, schemes, &pointer.join("security")))
    }

    /// The requirements of a `security` list. An empty requirement (`{}`) lets a request
    /// go without credentials; a scheme the document does not declare is an error; one
    /// this generator left out (with a warning) drops the requirements that need it.
    fn requirements(
        &mut self,
        requirements: &[SecurityRequirement],
        schemes: &[SecurityScheme],
        pointer: &Pointer,
    ) -> Vec<Requirement> {
        let declared: Vec<&str> = self
            .doc
            .components
            .iter()
            .flat_map(|components| components.security_schemes.keys())
            .map(String::as_str)
            .collect();
        let mut lowered = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut names = Vec::new();
            let mut usable = true;
            for name in requirement.keys() {
                if schemes.iter().any(|scheme| scheme.name == *name) {
                    names.push(name.clone());
                } else if declared.contains(&name.as_str()) {
                    usable = false;
                } else {
                    self.errors.at(
                        &pointer.join(index).join(name),
                        format!("security scheme `{name}` is not declared in `components/securitySchemes`"),
                    );
                    usable = false;
                }
            }
            if usable {
                lowered.push(Requirement { schemes: names });
            }
        }
        lowered
    }

    fn security_scheme(
        &mut self,
        scheme: &'d ReferenceOr<openapiv3::SecurityScheme>,
        at: &Pointer,
    ) -> Option<&'d openapiv3::SecurityScheme> {
        match scheme {
            ReferenceOr::Item(scheme) => Some(scheme),
            ReferenceOr::Reference { reference } => {
                self.errors.at(
                    &at.join("$ref"),
                    format!("security scheme references (`{reference}`) are not supported"),
                );
                None
            }
        }
    }
}

/// Whether a base URL is Twilio's (`https://assistants.twilio.com`): the client then
/// authenticates with an Account SID as Twilio's helper libraries do, and follows regions
/// and edges.
fn is_twilio(base_url: &str) -> bool {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    host == "twilio.com" || host.ends_with(".twilio.com")
}

#[cfg(test)]
mod tests {
    use super::is_twilio;

    #[test]
    fn twilio_is_known_by_its_host() {
        assert!(is_twilio("https://assistants.twilio.com"));
        assert!(is_twilio("https://api.twilio.com/2010-04-01"));
        assert!(!is_twilio("https://api.example.com/twilio.com"));
        assert!(!is_twilio("https://nottwilio.com"));
    }
}
