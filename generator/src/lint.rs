//! Warnings about documents that generate, but into a worse client: operations and
//! schemas with nothing to document them, responses without a type, inline schemas whose
//! generated names are poor, optional path parameters.
//!
//! Warnings never stop generation; `cargo xtask generate --deny-warnings` turns them into
//! a failure for CI.

use openapiv3::{OpenAPI, Parameter, ReferenceOr};

use crate::error::{Diagnostic, Location, Pointer};
use crate::ir::{Api, ModelKind, Type};

/// Inline names longer than this read as a path through the document, not as a name.
const LONG_NAME: usize = 32;

/// The warnings for `document`, which lowered into `api`, in document order by kind.
pub fn lint(document: &OpenAPI, api: &Api) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
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
    for (path, item) in &document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_pointer = Pointer::root().join("paths").join(path);
        let shared = item
            .parameters
            .iter()
            .enumerate()
            .map(|(index, parameter)| (path_pointer.join("parameters").join(index), parameter));
        let own = item.iter().flat_map(|(method, operation)| {
            let pointer = path_pointer.join(method).join("parameters");
            operation
                .parameters
                .iter()
                .enumerate()
                .map(move |(index, parameter)| (pointer.join(index), parameter))
        });
        for (pointer, parameter) in shared.chain(own) {
            if let Some(Parameter::Path { parameter_data, .. }) = resolve(document, parameter) {
                if !parameter_data.required {
                    warn(
                        &pointer.to_string(),
                        format!(
                            "path parameter `{}` is not `required: true`; a path parameter is always required, and the client treats it so",
                            parameter_data.name
                        ),
                    );
                }
            }
        }
    }
    warnings
}

/// The parameter itself, or the component a local `$ref` names.
fn resolve<'a>(
    document: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(parameter) => Some(parameter),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match document.components.as_ref()?.parameters.get(name)? {
                ReferenceOr::Item(parameter) => Some(parameter),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}
