//! Warnings about documents that generate, but into a worse client: operations and
//! schemas with nothing to document them, responses without a type, inline schemas whose
//! generated names are poor, optional path parameters.
//!
//! Warnings never stop generation; `cargo xtask generate --deny-warnings` turns them into
//! a failure for CI.

use crate::error::{Diagnostic, Location};
use crate::ir::{Api, ModelKind, Type};

/// Inline names longer than this read as a path through the document, not as a name.
const LONG_NAME: usize = 32;

/// The warnings for the document that lowered into `api`, in document order by kind.
pub fn lint(api: &Api) -> Vec<Diagnostic> {
    let mut warnings = api.notes.clone();
    let mut warn = |pointer: &str, message: String| {
        warnings.push(Diagnostic {
            location: Location::Pointer(pointer.to_owned()),
            message,
        })
    };
    for operation in &api.operations {
        if operation.summary.is_none() && operation.description.is_none() {
            warn(
                &operation.source,
                format!(
                    "operation `{}` has no summary or description, so its method `{}` is documented only by its path",
                    operation.id, operation.method_name
                ),
            );
        }
        if matches!(operation.success.ty, Some(Type::Json)) {
            warn(
                &format!("{}/responses", operation.source),
                format!(
                    "the success response of `{}` has no schema type, so it decodes to `serde_json::Value`",
                    operation.id
                ),
            );
        }
    }
    for model in &api.models {
        let component = model.source.strip_prefix("#/components/schemas/");
        let documented = model.docs.is_some() || matches!(model.kind, ModelKind::Id { .. });
        if component.is_some() && !documented {
            warn(
                &model.source,
                format!(
                    "schema has no description, so the type `{}` is undocumented",
                    model.name
                ),
            );
        }
        let numbered = model
            .name
            .ends_with(|character: char| character.is_ascii_digit());
        if component.is_none() && (numbered || model.name.len() > LONG_NAME) {
            warn(
                &model.source,
                format!(
                    "this inline schema becomes the type `{}`, a name made from where it sits; give it a name under `components/schemas`",
                    model.name
                ),
            );
        }
    }
    // A path parameter declared on its path item is shared by the item's operations, and
    // each of a handle's parameters by the handle's operations: each is warned about once.
    let mut seen = std::collections::BTreeSet::new();
    let path_params = api
        .resources
        .iter()
        .flat_map(|resource| &resource.params)
        .chain(
            api.operations
                .iter()
                .flat_map(|operation| &operation.instance_params),
        );
    for param in path_params {
        if !param.declared_required && seen.insert(&param.source) {
            warn(
                &param.source,
                format!(
                    "path parameter `{}` is not `required: true`; a path parameter is always required, and the client treats it so",
                    param.wire_name
                ),
            );
        }
    }
    warnings
}
