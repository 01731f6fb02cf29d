//! Path templates such as `/v1/Assistants/{assistantId}/Tools/{id}`, read the same way by
//! the tools that match operations by route rather than by `operationId`: the drift check
//! (`cargo xtask drift`) pairs two documents' operations on [`normalise`], and the
//! contract suite (`client-tests`) the operations it called with those of the document
//! Prism serves; and emit, whose `Call::new` takes the normalised template and fills each
//! `{}` with the next path argument. Lowering splits templates into resource segments and
//! refuses the ones it cannot build, so what emit sees is always well-formed.

/// A piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part<'a> {
    /// Text as written, such as `/v1/Assistants/` or `.json`.
    Literal(&'a str),
    /// The name between the braces of a parameter, such as `assistantId`.
    Parameter(&'a str),
}

/// The pieces of `template` in order. A parameter is a `{`, a name without braces and a
/// `}`; any other brace (a `{` that is not closed, or is opened again before it closes,
/// and a `}` that closes nothing) is literal text.
fn parts(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut literal = 0;
    let mut at = 0;
    while let Some(open) = template[at..].find('{').map(|offset| at + offset) {
        let after = &template[open + 1..];
        match after.find(['{', '}']) {
            Some(close) if after[close..].starts_with('}') => {
                if literal < open {
                    parts.push(Part::Literal(&template[literal..open]));
                }
                parts.push(Part::Parameter(&after[..close]));
                at = open + 1 + close + 1;
                literal = at;
            }
            _ => at = open + 1,
        }
    }
    if literal < template.len() {
        parts.push(Part::Literal(&template[literal..]));
    }
    parts
}

/// `template` with the names of its parameters left out, each parameter written `{}`:
/// `/v1/Assistants/{assistantId}/Tools/{id}` becomes `/v1/Assistants/{}/Tools/{}`. Two
/// templates name the same route when their normalised forms are equal, whatever their
/// parameters are called. Braces that do not form a parameter are kept as written, so a
/// malformed template never matches a well-formed one.
pub fn normalise(template: &str) -> String {
    let mut normalised = String::with_capacity(template.len());
    for part in parts(template) {
        match part {
            Part::Literal(text) => normalised.push_str(text),
            Part::Parameter(_) => normalised.push_str("{}"),
        }
    }
    normalised
}

/// The names of the parameters of `template`, in order, one for each `{}` of its
/// [`normalise`]d form: `["assistantId", "id"]` for `/v1/Assistants/{assistantId}/Tools/{id}`.
pub fn parameters(template: &str) -> Vec<&str> {
    parts(template)
        .into_iter()
        .filter_map(|part| match part {
            Part::Parameter(name) => Some(name),
            Part::Literal(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names_are_left_out() {
        assert_eq!(
            normalise("/v1/Assistants/{assistantId}/Tools/{id}"),
            "/v1/Assistants/{}/Tools/{}"
        );
        assert_eq!(
            normalise("/v1/Assistants/{id}"),
            normalise("/v1/Assistants/{assistantId}")
        );
        assert_eq!(normalise("/v1/Calls/{Sid}.json"), "/v1/Calls/{}.json");
        assert_eq!(normalise("/v1/Tools"), "/v1/Tools");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn braces_that_form_no_parameter_are_kept() {
        assert_eq!(normalise("/v1/Things/{id"), "/v1/Things/{id");
        assert_eq!(normalise("/v1/Things}/{id}"), "/v1/Things}/{}");
        assert_eq!(normalise("/v1/{a{b}/c"), "/v1/{a{}/c");
        assert_ne!(normalise("/v1/Things/{id"), normalise("/v1/Things/{other"));
    }

    #[test]
    fn parameters_are_named_in_order() {
        assert_eq!(
            parameters("/v1/Assistants/{assistantId}/Tools/{id}"),
            ["assistantId", "id"]
        );
        assert_eq!(parameters("/v1/Calls/{Sid}.json"), ["Sid"]);
        assert_eq!(parameters("/v1/{a{b}/{c"), ["b"]);
        assert!(parameters("/v1/Tools").is_empty());
    }
}
