//! The differ of `cargo xtask drift`: matches the operations of two documents by method
//! and normalised path template and lists every [`Difference`] between each pair (the
//! operationId, parameters, request body, success responses and their schemas, followed
//! recursively), sorted, or every problem of the documents found on the way.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use generator::resolve::Resolved;
use openapiv3::{
    Content, Operation, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr, Response,
    Schema, StatusCode,
};

use super::document::{operations, Document, Op, SchemaRef};
use super::shape::Shape;

/// One difference between spec/ and the other document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Difference {
    /// The normalised path template and method of the operation; first, so that sorting
    /// keeps the differences of an operation together and operations in path order.
    pub(super) order: (String, String),
    /// What differs: the operation, the place in it and the aspect, e.g.
    /// `GET /v1/Tools: query parameter AssistantId pattern`.
    pub(super) key: String,
    /// The value in spec/.
    pub(super) spec: String,
    /// The value in the other document.
    pub(super) other: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (spec) vs {} (other)",
            self.key, self.spec, self.other
        )
    }
}

/// Compares `spec` with `other`: every difference, sorted, or every problem (such as a
/// `$ref` that names nothing) found on the way.
pub(super) fn diff(spec: &Document, other: &Document) -> Result<Vec<Difference>, String> {
    let spec_operations = operations(spec)?;
    let other_operations = operations(other)?;
    let mut differ = Differ {
        spec,
        other,
        differences: Vec::new(),
        errors: BTreeSet::new(),
        order: (String::new(), String::new()),
        operation: String::new(),
    };
    let keys: BTreeSet<&(String, String)> = spec_operations
        .keys()
        .chain(other_operations.keys())
        .collect();
    for key in keys {
        let (spec_op, other_op) = (spec_operations.get(key), other_operations.get(key));
        let Some(shown) = spec_op.or(other_op) else {
            continue;
        };
        differ.order = key.clone();
        differ.operation = format!("{} {}", shown.method, shown.template);
        match (spec_op, other_op) {
            (Some(spec_op), Some(other_op)) => differ.operations(spec_op, other_op),
            (spec_op, _) => differ.push("operation", present(spec_op), present(other_op)),
        }
    }
    if !differ.errors.is_empty() {
        return Err(differ.errors.into_iter().collect::<Vec<_>>().join("\n"));
    }
    let mut differences = differ.differences;
    differences.sort();
    differences.dedup();
    Ok(differences)
}

/// `present` or `missing`, for the side of a difference where a thing may be absent.
fn present<T>(thing: Option<T>) -> &'static str {
    if thing.is_some() {
        "present"
    } else {
        "missing"
    }
}

/// The parameters of an operation by location (`query`, ...) and name.
type Parameters<'a> = BTreeMap<(&'static str, &'a str), &'a ParameterData>;

/// Which of the two documents a schema or parameter comes from.
#[derive(Clone, Copy)]
enum Side {
    Spec,
    Other,
}

/// The `$ref` names being expanded on each side, to stop at recursive schemas.
#[derive(Default)]
struct Stacks {
    spec: Vec<String>,
    other: Vec<String>,
}

/// The comparison in progress: the two documents, what was found so far and the
/// operation being compared.
struct Differ<'a> {
    spec: &'a Document,
    other: &'a Document,
    differences: Vec<Difference>,
    /// Problems of the documents themselves, such as a `$ref` that names nothing.
    errors: BTreeSet<String>,
    /// The `order` of the differences of the current operation.
    order: (String, String),
    /// The current operation as printed: `GET /v1/Tools`.
    operation: String,
}

impl<'a> Differ<'a> {
    fn document(&self, side: Side) -> &'a Document {
        match side {
            Side::Spec => self.spec,
            Side::Other => self.other,
        }
    }

    /// Records a difference of the current operation at `place` (place and aspect).
    fn push(&mut self, place: &str, spec: impl Into<String>, other: impl Into<String>) {
        self.differences.push(Difference {
            order: self.order.clone(),
            key: format!("{}: {place}", self.operation),
            spec: spec.into(),
            other: other.into(),
        });
    }

    /// Records that the documents differ at `place` when `spec` and `other` do.
    fn compare(&mut self, place: &str, spec: String, other: String) {
        if spec != other {
            self.push(place, spec, other);
        }
    }

    /// Records a problem of the document on `side` at `place` of the current operation.
    fn error(&mut self, side: Side, place: &str, problem: &str) {
        let label = &self.document(side).label;
        let at = format!("{}: {place}", self.operation);
        self.errors
            .insert(format!("error: {label}: {at}: {problem}"));
    }

    /// Resolves a schema of `side`, recording a problem as an error of `place`.
    fn schema(
        &mut self,
        side: Side,
        schema: SchemaRef<'a>,
        place: &str,
    ) -> Option<Resolved<'a, Schema>> {
        match self.document(side).schema(schema) {
            Ok(found) => Some(found),
            Err(problem) => {
                self.error(side, place, &problem);
                None
            }
        }
    }

    /// Compares two operations that have the same method and path.
    fn operations(&mut self, spec: &Op<'a>, other: &Op<'a>) {
        self.compare(
            "operationId",
            or_none(spec.operation.operation_id.as_deref()),
            or_none(other.operation.operation_id.as_deref()),
        );
        let spec_parameters = self.parameters(Side::Spec, spec);
        let other_parameters = self.parameters(Side::Other, other);
        self.path_parameters(spec, other, &spec_parameters, &other_parameters);
        self.other_parameters(&spec_parameters, other_parameters);
        self.request_bodies(spec, other);
        self.responses(spec, other);
    }

    /// The parameters of an operation by location and name, its own replacing those of
    /// its path item, as OpenAPI specifies.
    fn parameters(&mut self, side: Side, op: &Op<'a>) -> Parameters<'a> {
        let document = self.document(side);
        let mut parameters = BTreeMap::new();
        for parameter in op.item.parameters.iter().chain(&op.operation.parameters) {
            match document.resolve(parameter) {
                Ok(Resolved {
                    item: parameter, ..
                }) => {
                    let data = parameter.parameter_data_ref();
                    parameters.insert((location(parameter), data.name.as_str()), data);
                }
                Err(problem) => self.error(side, "parameters", &problem),
            }
        }
        parameters
    }

    /// Compares the path parameters: their names, by position in the template, and
    /// their schemas.
    fn path_parameters(
        &mut self,
        spec: &Op<'a>,
        other: &Op<'a>,
        spec_parameters: &Parameters<'a>,
        other_parameters: &Parameters<'a>,
    ) {
        let names = generator::paths::parameters(spec.template)
            .into_iter()
            .zip(generator::paths::parameters(other.template));
        for (index, (spec_name, other_name)) in names.enumerate() {
            let place = format!("path parameter {spec_name}");
            self.compare(
                &format!("path parameter {} name", index + 1),
                spec_name.to_owned(),
                other_name.to_owned(),
            );
            let spec_data = spec_parameters.get(&("path", spec_name)).copied();
            let other_data = other_parameters.get(&("path", other_name)).copied();
            match (spec_data, other_data) {
                (Some(spec_data), Some(other_data)) => {
                    self.parameter_schemas(&place, spec_data, other_data);
                }
                (spec_data, other_data) => self.push(
                    &format!("{place} declaration"),
                    declared(spec_data),
                    declared(other_data),
                ),
            }
        }
    }

    /// Compares the query, header and cookie parameters. Names are matched exactly, then
    /// without case, so that `pagesize` against `PageSize` reads as one name difference.
    fn other_parameters(
        &mut self,
        spec_parameters: &Parameters<'a>,
        mut other_parameters: Parameters<'a>,
    ) {
        other_parameters.retain(|(location, _), _| *location != "path");
        let mut unmatched = Vec::new();
        for (&(location, name), &spec_data) in spec_parameters {
            if location == "path" {
                continue;
            }
            match other_parameters.remove(&(location, name)) {
                Some(other_data) => self.parameter(location, spec_data, other_data),
                None => unmatched.push((location, name, spec_data)),
            }
        }
        for (location, name, spec_data) in unmatched {
            let same_but_case = other_parameters
                .keys()
                .find(|(other_location, other_name)| {
                    *other_location == location && other_name.eq_ignore_ascii_case(name)
                })
                .copied();
            match same_but_case.and_then(|key| other_parameters.remove(&key)) {
                Some(other_data) => self.parameter(location, spec_data, other_data),
                None => self.push(
                    &format!("{location} parameter {name}"),
                    "present",
                    "missing",
                ),
            }
        }
        for (location, name) in other_parameters.into_keys() {
            self.push(
                &format!("{location} parameter {name}"),
                "missing",
                "present",
            );
        }
    }

    /// Compares two parameters of the same location that are taken for the same one.
    fn parameter(&mut self, location: &str, spec: &'a ParameterData, other: &'a ParameterData) {
        let place = format!("{location} parameter {}", spec.name);
        self.compare(
            &format!("{place} name"),
            spec.name.clone(),
            other.name.clone(),
        );
        self.compare(
            &format!("{place} required"),
            spec.required.to_string(),
            other.required.to_string(),
        );
        self.parameter_schemas(&place, spec, other);
    }

    /// Compares the schemas of two parameters; a parameter described by `content`
    /// instead of a schema only differs in that.
    fn parameter_schemas(
        &mut self,
        place: &str,
        spec: &'a ParameterData,
        other: &'a ParameterData,
    ) {
        match (&spec.format, &other.format) {
            (ParameterSchemaOrContent::Schema(spec), ParameterSchemaOrContent::Schema(other)) => {
                self.schemas(place, "", spec.into(), other.into(), &mut Stacks::default());
            }
            (spec, other) => self.compare(
                &format!("{place} described by"),
                described_by(spec).to_owned(),
                described_by(other).to_owned(),
            ),
        }
    }

    /// Compares the request bodies: presence, required flag, media types and schemas.
    fn request_bodies(&mut self, spec: &Op<'a>, other: &Op<'a>) {
        let spec_body = spec.operation.request_body.as_ref();
        let other_body = other.operation.request_body.as_ref();
        let (Some(spec_body), Some(other_body)) = (spec_body, other_body) else {
            if spec_body.is_some() != other_body.is_some() {
                self.push("request body", present(spec_body), present(other_body));
            }
            return;
        };
        let spec_body = self.spec.resolve(spec_body);
        let other_body = self.other.resolve(other_body);
        let (spec_body, other_body) = match (spec_body, other_body) {
            (Ok(spec_body), Ok(other_body)) => (spec_body.item, other_body.item),
            (spec_body, other_body) => {
                for (side, problem) in [
                    (Side::Spec, spec_body.err()),
                    (Side::Other, other_body.err()),
                ] {
                    if let Some(problem) = problem {
                        self.error(side, "request body", &problem);
                    }
                }
                return;
            }
        };
        self.compare(
            "request body required",
            spec_body.required.to_string(),
            other_body.required.to_string(),
        );
        self.contents("request body", &spec_body.content, &other_body.content);
    }

    /// Compares the success (2xx) status codes and, for each code in both, the response.
    fn responses(&mut self, spec: &Op<'a>, other: &Op<'a>) {
        let spec_codes = success_responses(spec.operation);
        let other_codes = success_responses(other.operation);
        self.compare(
            "success status codes",
            codes(&spec_codes),
            codes(&other_codes),
        );
        for (code, spec_response) in &spec_codes {
            let Some(other_response) = other_codes.get(code) else {
                continue;
            };
            let place = format!("response {code}");
            let spec_response = self.spec.resolve(spec_response);
            let other_response = self.other.resolve(other_response);
            match (spec_response, other_response) {
                (Ok(spec_response), Ok(other_response)) => {
                    let (spec_content, other_content) =
                        (&spec_response.item.content, &other_response.item.content);
                    self.contents(&place, spec_content, other_content);
                }
                (spec_response, other_response) => {
                    for (side, problem) in [
                        (Side::Spec, spec_response.err()),
                        (Side::Other, other_response.err()),
                    ] {
                        if let Some(problem) = problem {
                            self.error(side, &place, &problem);
                        }
                    }
                }
            }
        }
    }

    /// Compares the media types of a body and, for each media type in both, the schema.
    /// The place of a schema names its media type unless it is `application/json`.
    fn contents(&mut self, place: &str, spec: &'a Content, other: &'a Content) {
        self.compare(
            &format!("{place} media types"),
            list(spec.keys().map(String::as_str)),
            list(other.keys().map(String::as_str)),
        );
        for (media_type, spec_media) in spec {
            let Some(other_media) = other.get(media_type) else {
                continue;
            };
            let place = if media_type == "application/json" {
                place.to_owned()
            } else {
                format!("{place} {media_type}")
            };
            match (&spec_media.schema, &other_media.schema) {
                (Some(spec_schema), Some(other_schema)) => self.schemas(
                    &place,
                    "",
                    spec_schema.into(),
                    other_schema.into(),
                    &mut Stacks::default(),
                ),
                (spec_schema, other_schema) => self.compare(
                    &format!("{place} schema"),
                    present(spec_schema.as_ref()).to_owned(),
                    present(other_schema.as_ref()).to_owned(),
                ),
            }
        }
    }

    /// Compares two schemas found at `place` and property path `path` (empty for the
    /// schema itself): type, enum values and pattern, then the properties of objects and
    /// the items of arrays, recursively.
    fn schemas(
        &mut self,
        place: &str,
        path: &str,
        spec: SchemaRef<'a>,
        other: SchemaRef<'a>,
        stacks: &mut Stacks,
    ) {
        let subject = subject(place, path);
        let spec = self.schema(Side::Spec, spec, &subject);
        let other = self.schema(Side::Other, other, &subject);
        let (Some(spec), Some(other)) = (spec, other) else {
            return;
        };
        let (spec_name, other_name) = (spec.name, other.name);
        let (spec, other) = (Shape::of(spec.item), Shape::of(other.item));
        let spec_type = self.type_text(Side::Spec, &spec, &subject);
        let other_type = self.type_text(Side::Other, &other, &subject);
        self.compare(&format!("{subject} type"), spec_type, other_type);
        self.compare(
            &format!("{subject} enum"),
            or_none(spec.enumeration.as_deref()),
            or_none(other.enumeration.as_deref()),
        );
        self.compare(
            &format!("{subject} pattern"),
            or_none(spec.pattern),
            or_none(other.pattern),
        );
        // A schema that is already being expanded further out is recursive: its shape was
        // compared there, and going on would never end.
        let recursive = spec_name
            .as_ref()
            .is_some_and(|name| stacks.spec.contains(name))
            || other_name
                .as_ref()
                .is_some_and(|name| stacks.other.contains(name));
        if recursive {
            return;
        }
        stacks.spec.extend(spec_name.clone());
        stacks.other.extend(other_name.clone());
        if spec.kind == "object" && other.kind == "object" {
            self.compare(
                &format!("{subject} required properties"),
                list(spec.required.iter().copied()),
                list(other.required.iter().copied()),
            );
            self.properties(place, path, &spec, &other, stacks);
        }
        if let (Some(spec_items), Some(other_items)) = (spec.items, other.items) {
            let path = format!("{path}[]");
            self.schemas(place, &path, spec_items, other_items, stacks);
        }
        if spec_name.is_some() {
            stacks.spec.pop();
        }
        if other_name.is_some() {
            stacks.other.pop();
        }
    }

    /// Compares the properties of two object schemas: those in one only, by their type,
    /// and those in both, recursively.
    fn properties(
        &mut self,
        place: &str,
        path: &str,
        spec: &Shape<'a>,
        other: &Shape<'a>,
        stacks: &mut Stacks,
    ) {
        let names: BTreeSet<&str> = spec
            .properties
            .keys()
            .chain(other.properties.keys())
            .copied()
            .collect();
        for name in names {
            let path = if path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            };
            match (spec.properties.get(name), other.properties.get(name)) {
                (Some(&spec), Some(&other)) => self.schemas(place, &path, spec, other, stacks),
                (spec, other) => {
                    let subject = subject(place, &path);
                    let spec = spec.map_or_else(
                        || "missing".to_owned(),
                        |&spec| self.describe(Side::Spec, spec, &subject),
                    );
                    let other = other.map_or_else(
                        || "missing".to_owned(),
                        |&other| self.describe(Side::Other, other, &subject),
                    );
                    self.push(&subject, spec, other);
                }
            }
        }
    }

    /// The type of a schema as printed, with `array of` and the items' type for arrays.
    fn type_text(&mut self, side: Side, shape: &Shape<'a>, place: &str) -> String {
        let Some(items) = shape.items else {
            return shape.type_name();
        };
        match self.schema(side, items, place) {
            Some(items) => {
                format!(
                    "{} of {}",
                    shape.type_name(),
                    Shape::of(items.item).type_name()
                )
            }
            None => shape.type_name(),
        }
    }

    /// The type of a schema with its enum values, for a property that only one side has.
    fn describe(&mut self, side: Side, schema: SchemaRef<'a>, place: &str) -> String {
        let Some(schema) = self.schema(side, schema, place) else {
            return "unresolved".to_owned();
        };
        let shape = Shape::of(schema.item);
        let text = self.type_text(side, &shape, place);
        match &shape.enumeration {
            Some(values) => format!("{text} enum {values}"),
            None => text,
        }
    }
}

/// Where a schema sits: the place itself or one of its properties.
fn subject(place: &str, path: &str) -> String {
    if path.is_empty() {
        place.to_owned()
    } else {
        format!("{place} property {path}")
    }
}

/// The value, or `none`.
fn or_none(value: Option<&str>) -> String {
    value.unwrap_or("none").to_owned()
}

/// Names joined with commas, or `none`.
fn list<'s>(names: impl Iterator<Item = &'s str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// The location of a parameter as OpenAPI spells it.
fn location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// `declared` or `undeclared`, for a path parameter that only one side declares.
fn declared<T>(parameter: Option<T>) -> &'static str {
    if parameter.is_some() {
        "declared"
    } else {
        "undeclared"
    }
}

/// How a parameter describes its value.
fn described_by(format: &ParameterSchemaOrContent) -> &'static str {
    match format {
        ParameterSchemaOrContent::Schema(_) => "schema",
        ParameterSchemaOrContent::Content(_) => "content",
    }
}

/// The success responses of an operation: the 2xx codes and the `2XX` range.
fn success_responses(operation: &Operation) -> BTreeMap<&StatusCode, &ReferenceOr<Response>> {
    operation
        .responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        })
        .collect()
}

/// Status codes joined with commas, or `none`.
fn codes<T>(responses: &BTreeMap<&StatusCode, T>) -> String {
    let codes: Vec<String> = responses.keys().map(ToString::to_string).collect();
    list(codes.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with the given `paths` and `components/schemas`, both indented as
    /// children of their keys.
    fn document(paths: &str, schemas: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo:\n  title: test\n  version: 1.0.0\npaths:\n{paths}\
             components:\n  schemas:\n{schemas}"
        )
    }

    /// The differences between two document texts, as printed.
    fn differences(spec: &str, other: &str) -> Result<Vec<String>, String> {
        let spec = Document::parse(spec, "spec.yaml")?;
        let other = Document::parse(other, "other.yaml")?;
        Ok(diff(&spec, &other)?
            .iter()
            .map(ToString::to_string)
            .collect())
    }

    /// A `GET /v1/Things` with one query parameter named `name` and a 200 response that
    /// is a `Thing`.
    fn list_things(name: &str) -> String {
        format!(
            "  /v1/Things:\n    get:\n      parameters:\n        - name: {name}\n          \
             in: query\n          schema:\n            type: integer\n      responses:\n        \
             '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema:\n                $ref: \
             '#/components/schemas/Thing'\n"
        )
    }

    /// A `Thing` schema whose `size` property has the given type lines.
    fn thing(size: &str) -> String {
        format!(
            "    Thing:\n      type: object\n      required: [size]\n      properties:\n        \
             size:\n{size}"
        )
    }

    const INTEGER: &str = "          type: integer\n";

    #[test]
    fn a_parameter_name_in_another_case_is_one_name_difference() -> Result<(), String> {
        let found = differences(
            &document(&list_things("pagesize"), &thing(INTEGER)),
            &document(&list_things("PageSize"), &thing(INTEGER)),
        )?;
        assert_eq!(
            found,
            ["GET /v1/Things: query parameter pagesize name: pagesize (spec) vs PageSize (other)"]
        );
        Ok(())
    }

    #[test]
    fn an_operation_in_one_document_only_is_reported() -> Result<(), String> {
        let delete = "    delete:\n      responses:\n        '204':\n          description: gone\n";
        let spec = document(&list_things("Page"), &thing(INTEGER));
        let other = document(&format!("{}{delete}", list_things("Page")), &thing(INTEGER));
        assert_eq!(
            differences(&spec, &other)?,
            ["DELETE /v1/Things: operation: missing (spec) vs present (other)"]
        );
        assert_eq!(
            differences(&other, &spec)?,
            ["DELETE /v1/Things: operation: present (spec) vs missing (other)"]
        );
        Ok(())
    }

    #[test]
    fn a_property_type_is_compared_through_refs() -> Result<(), String> {
        let found = differences(
            &document(&list_things("Page"), &thing(INTEGER)),
            &document(
                &list_things("Page"),
                &thing("          type: string\n          format: date-time\n"),
            ),
        )?;
        assert_eq!(
            found,
            [
                "GET /v1/Things: response 200 property size type: integer (spec) vs \
              string(date-time) (other)"
            ]
        );
        Ok(())
    }

    #[test]
    fn an_enum_and_a_pattern_are_differences_of_their_own() -> Result<(), String> {
        let found = differences(
            &document(
                &list_things("Page"),
                &thing("          type: string\n          enum: [a, b]\n"),
            ),
            &document(
                &list_things("Page"),
                &thing("          type: string\n          pattern: ^a#b$\n"),
            ),
        )?;
        assert_eq!(
            found,
            [
                "GET /v1/Things: response 200 property size enum: a, b (spec) vs none (other)",
                "GET /v1/Things: response 200 property size pattern: none (spec) vs ^a#b$ (other)",
            ]
        );
        Ok(())
    }

    #[test]
    fn missing_properties_and_required_ones_are_reported() -> Result<(), String> {
        let extra = format!(
            "{}        colour:\n          type: string\n          nullable: true\n",
            thing(INTEGER)
        )
        .replace("required: [size]", "required: [size, colour]");
        let found = differences(
            &document(&list_things("Page"), &extra),
            &document(&list_things("Page"), &thing(INTEGER)),
        )?;
        assert_eq!(
            found,
            [
                "GET /v1/Things: response 200 property colour: string, nullable (spec) vs \
                 missing (other)",
                "GET /v1/Things: response 200 required properties: colour, size (spec) vs \
                 size (other)",
            ]
        );
        Ok(())
    }

    #[test]
    fn operations_match_by_path_whatever_their_ids_and_parameter_names() -> Result<(), String> {
        let fetch = |name: &str, id: &str| {
            format!(
                "  /v1/Things/{{{name}}}:\n    get:\n      operationId: {id}\n      parameters:\n        \
                 - name: {name}\n          in: path\n          required: true\n          schema:\n            \
                 type: string\n      responses:\n        '200':\n          description: ok\n"
            )
        };
        let found = differences(
            &document(&fetch("id", "FetchThing"), &thing(INTEGER)),
            &document(&fetch("thingId", "GetThing"), &thing(INTEGER)),
        )?;
        assert_eq!(
            found,
            [
                "GET /v1/Things/{id}: operationId: FetchThing (spec) vs GetThing (other)",
                "GET /v1/Things/{id}: path parameter 1 name: id (spec) vs thingId (other)",
            ]
        );
        Ok(())
    }

    #[test]
    fn a_recursive_schema_is_compared_once() -> Result<(), String> {
        let tree = |leaf: &str| {
            format!(
                "    Thing:\n      type: object\n      properties:\n        leaf:\n          \
                 type: {leaf}\n        children:\n          type: array\n          items:\n            \
                 $ref: '#/components/schemas/Thing'\n"
            )
        };
        let found = differences(
            &document(&list_things("Page"), &tree("string")),
            &document(&list_things("Page"), &tree("boolean")),
        )?;
        assert_eq!(
            found,
            // `children[]` is a `Thing` again: its type is compared, not its properties.
            ["GET /v1/Things: response 200 property leaf type: string (spec) vs boolean (other)"]
        );
        Ok(())
    }

    #[test]
    fn a_ref_that_names_nothing_is_an_error() {
        let spec = document(&list_things("Page"), &thing(INTEGER));
        let other = document(&list_things("Page"), "    Other:\n      type: object\n");
        let error = differences(&spec, &other).err().unwrap_or_default();
        assert!(
            error.contains("other.yaml: GET /v1/Things: response 200"),
            "{error}"
        );
        assert!(error.contains("#/components/schemas/Thing"), "{error}");
    }
}
