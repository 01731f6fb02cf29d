//! `cargo xtask spec-diff OTHER.yaml [--allow FILE]`: compares the hand-written
//! `spec/assistants_v1.yaml` with another OpenAPI 3.0 document, operation by operation, and
//! fails on every difference that the allow-file (default `spec/reference-drift.allow`) does
//! not list. CI runs it against the official document in `../shared/reference/`.
//!
//! Operations are matched by HTTP method and path template with the path parameters'
//! names left out (`/v1/Assistants/{}/Tools/{}`), not by `operationId`, because spec/
//! renames some operations on purpose. For each matched operation it compares the
//! `operationId`; the path parameters (names by position, schemas); the query, header and
//! cookie parameters (name with its exact case, required flag, schema); the request body
//! (presence, required flag, media types, schema); the success (2xx) status codes and, for
//! each, the media types and the schema. Schemas are followed through `$ref`s into nested
//! objects and array items: the properties present, the required properties of each
//! object, and for each schema its type (type, format, nullable, the items' type), its enum
//! values and its pattern, each a kind of difference of its own.
//!
//! Each difference is one line, `<where>: <spec value> (spec) vs <other value> (other)`,
//! where `<where>` names the operation (method and path template), the place in it and
//! the aspect compared:
//!
//! ```text
//! GET /v1/Assistants/{id}: response 200 property customer_ai.engine_sid: string (spec) vs missing (other)
//! GET /v1/Tools: query parameter AssistantId pattern: ^aia_asst_.+$ (spec) vs none (other)
//! ```
//!
//! The allow-file lists accepted differences, one per line, as `<difference>  # <reason>`
//! with the difference exactly as printed, values included: a difference whose values
//! change is new drift and has to be looked at again. Blank lines and lines starting with
//! `#` are comments. An entry without a reason, a duplicate entry, or an entry that matches
//! no difference (a stale one) fails the command, so that the file stays true.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use openapiv3::{
    Components, Content, IntegerFormat, NumberFormat, OpenAPI, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PathItem, ReferenceOr, Response, Schema, SchemaKind, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// The workspace's allow-file, relative to the workspace root.
const ALLOW: &str = "spec/reference-drift.allow";

/// How many `$ref`s in a row are followed before a chain is taken for a loop.
const MAX_REF_HOPS: usize = 32;

/// The options of one `spec-diff` run.
#[derive(Debug)]
pub struct Options {
    /// The document to compare spec/ with, as given (relative to the current directory).
    other: String,
    /// The allow-file given with `--allow`, if any (relative to the current directory).
    allow: Option<String>,
}

impl Options {
    /// A comparison with `other` and the default allow-file.
    pub fn against(other: &str) -> Self {
        Options {
            other: other.to_owned(),
            allow: None,
        }
    }

    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut other = None;
        let mut allow = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--allow" => allow = Some(crate::value(&mut args, arg)?),
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown option `{flag}` for `spec-diff`"));
                }
                path if other.is_none() => other = Some(path.to_owned()),
                extra => {
                    return Err(format!(
                        "`spec-diff` compares spec/ with one document; unexpected `{extra}`"
                    ));
                }
            }
        }
        let other =
            other.ok_or_else(|| "`spec-diff` needs the document to compare with".to_owned())?;
        Ok(Options { other, allow })
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::root();
    let spec = Document::read(&root.join(crate::generate::SPEC), crate::generate::SPEC)?;
    let other = Document::read(Path::new(&options.other), &options.other)?;
    let differences = diff(&spec, &other)?;
    // Relative paths are taken from where the command was run, as a user expects; the
    // default is the workspace's own allow-file.
    let (allow_path, allow_label) = match &options.allow {
        Some(path) => (PathBuf::from(path), path.clone()),
        None => (root.join(ALLOW), ALLOW.to_owned()),
    };
    let entries = parse_allow(&read(&allow_path)?, &allow_label)?;
    let verdict = judge(&differences, &entries);
    print!("{}", verdict.report(&allow_label));
    if verdict.new.is_empty() && verdict.stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "error: spec-diff: {} new difference(s), {} stale allow-file entry(ies); fix {} or \
             list each difference in {allow_label} as `<difference>  # <reason>`, and remove \
             the stale entries",
            verdict.new.len(),
            verdict.stale.len(),
            crate::generate::SPEC,
        ))
    }
}

/// Reads a text file, with an error message that names it.
fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("error: cannot read {}: {error}", path.display()))
}

// ---------------------------------------------------------------------------------- documents

/// A parsed OpenAPI document and the name that messages give it.
struct Document {
    label: String,
    api: OpenAPI,
}

impl Document {
    fn read(path: &Path, label: &str) -> Result<Self, String> {
        Self::parse(&read(path)?, label)
    }

    /// Parses `text`, refusing what is not YAML or not OpenAPI 3.0 with a message that
    /// names `label`.
    fn parse(text: &str, label: &str) -> Result<Self, String> {
        let value: serde_yaml::Value = serde_yaml::from_str(text)
            .map_err(|error| format!("error: {label}: not valid YAML: {error}"))?;
        let version = match value.get("openapi") {
            Some(serde_yaml::Value::String(version)) => version.clone(),
            // An unquoted `openapi: 3.0` is read by YAML as a number.
            Some(serde_yaml::Value::Number(version)) => version.to_string(),
            _ => {
                return Err(format!(
                    "error: {label}: not an OpenAPI 3.0 document (no `openapi: 3.0.x` field)"
                ));
            }
        };
        if version != "3.0" && !version.starts_with("3.0.") {
            return Err(format!(
                "error: {label}: OpenAPI {version} is not supported; spec-diff reads OpenAPI 3.0"
            ));
        }
        // Parsed from the text again rather than from `value` so that errors keep their
        // line and column.
        let api = serde_yaml::from_str(text).map_err(|error| {
            format!("error: {label}: not a valid OpenAPI 3.0 document: {error}")
        })?;
        Ok(Document {
            label: label.to_owned(),
            api,
        })
    }

    /// Follows `item` through `$ref`s into `#/components/<section>/`, where `lookup` finds
    /// a component by name. Returns the item and the name of the last component followed,
    /// which recursion guards use; the error is a sentence without location.
    fn resolve<'a, T>(
        &'a self,
        mut item: &'a ReferenceOr<T>,
        section: &str,
        lookup: impl Fn(&'a Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Result<(&'a T, Option<String>), String> {
        let mut name = None;
        for _ in 0..MAX_REF_HOPS {
            let reference = match item {
                ReferenceOr::Item(found) => return Ok((found, name)),
                ReferenceOr::Reference { reference } => reference,
            };
            let target = component_name(reference, section);
            let next = target.as_deref().and_then(|target| {
                let components = self.api.components.as_ref()?;
                lookup(components, target)
            });
            match next {
                Some(next) => {
                    name = target;
                    item = next;
                }
                None => {
                    return Err(format!(
                        "`$ref: {reference}` does not name a component of #/components/{section}"
                    ));
                }
            }
        }
        Err(format!(
            "more than {MAX_REF_HOPS} `$ref`s in a row in #/components/{section}; a loop?"
        ))
    }

    /// Resolves a schema, through `$ref`s and through an `allOf` with a single member, the
    /// usual way of giving a `$ref` siblings.
    fn schema<'a>(&'a self, schema: SchemaRef<'a>) -> Result<(&'a Schema, Option<String>), String> {
        let mut current = schema;
        let mut name = None;
        for _ in 0..MAX_REF_HOPS {
            let schema = match current {
                SchemaRef::Inline(schema) => schema,
                SchemaRef::Reference(reference) => {
                    let target = component_name(reference, "schemas");
                    let found = target
                        .as_deref()
                        .and_then(|target| self.api.components.as_ref()?.schemas.get(target));
                    let Some(found) = found else {
                        return Err(format!(
                            "`$ref: {reference}` does not name a component of #/components/schemas"
                        ));
                    };
                    let (schema, last) = self.resolve(found, "schemas", |components, target| {
                        components.schemas.get(target)
                    })?;
                    name = last.or(target);
                    schema
                }
            };
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                    current = SchemaRef::from(&all_of[0]);
                }
                _ => return Ok((schema, name)),
            }
        }
        Err(format!(
            "more than {MAX_REF_HOPS} `$ref`s or single-member `allOf`s in a row; a loop?"
        ))
    }
}

/// The component name that `reference` points to in `#/components/<section>/`, with the
/// JSON pointer escapes (`~1` for `/`, `~0` for `~`) undone; `None` for any other target.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// A schema or a `$ref` to one, whether openapiv3 boxed it (properties, items) or not.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Reference(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// One operation of a document.
struct Op<'a> {
    /// The method in upper case, as printed: `GET`.
    method: String,
    /// The path template as the document writes it: `/v1/Assistants/{assistantId}/Tools`.
    template: &'a str,
    /// The path item, for the parameters that all its operations share.
    item: &'a PathItem,
    operation: &'a Operation,
}

/// The operations of `document`, keyed by normalised path template and method.
fn operations(document: &Document) -> Result<BTreeMap<(String, String), Op<'_>>, String> {
    let mut operations = BTreeMap::new();
    let mut templates: BTreeMap<String, &str> = BTreeMap::new();
    for (template, item) in document.api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            return Err(format!(
                "error: {}: #/paths/{template}: path item `$ref`s are not supported",
                document.label
            ));
        };
        let normalised = normalise(template);
        if let Some(first) = templates.insert(normalised.clone(), template) {
            return Err(format!(
                "error: {}: the paths `{first}` and `{template}` differ only in the names of \
                 their parameters",
                document.label
            ));
        }
        for (method, operation) in item.iter() {
            let method = method.to_uppercase();
            let op = Op {
                method: method.clone(),
                template,
                item,
                operation,
            };
            operations.insert((normalised.clone(), method), op);
        }
    }
    Ok(operations)
}

/// The path template with the names of its parameters left out: `/v1/Tools/{}`.
fn normalise(template: &str) -> String {
    let mut normalised = String::with_capacity(template.len());
    let mut in_parameter = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_parameter = true;
                normalised.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => normalised.push(c),
        }
    }
    normalised
}

/// The names of the parameters of a path template, in order.
fn template_parameters(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

// -------------------------------------------------------------------------------- differences

/// One difference between spec/ and the other document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    /// The normalised path template and method of the operation; first, so that sorting
    /// keeps the differences of an operation together and operations in path order.
    order: (String, String),
    /// What differs: the operation, the place in it and the aspect, e.g.
    /// `GET /v1/Tools: query parameter AssistantId pattern`.
    key: String,
    /// The value in spec/.
    spec: String,
    /// The value in the other document.
    other: String,
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
fn diff(spec: &Document, other: &Document) -> Result<Vec<Difference>, String> {
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
    ) -> Option<(&'a Schema, Option<String>)> {
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
            let resolved = document.resolve(parameter, "parameters", |components, name| {
                components.parameters.get(name)
            });
            match resolved {
                Ok((parameter, _)) => {
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
        let names = template_parameters(spec.template)
            .into_iter()
            .zip(template_parameters(other.template));
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
        let lookup = |components: &'a Components, name: &str| components.request_bodies.get(name);
        let spec_body = self.spec.resolve(spec_body, "requestBodies", lookup);
        let other_body = self.other.resolve(other_body, "requestBodies", lookup);
        let (spec_body, other_body) = match (spec_body, other_body) {
            (Ok((spec_body, _)), Ok((other_body, _))) => (spec_body, other_body),
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
        let lookup = |components: &'a Components, name: &str| components.responses.get(name);
        for (code, spec_response) in &spec_codes {
            let Some(other_response) = other_codes.get(code) else {
                continue;
            };
            let place = format!("response {code}");
            let spec_response = self.spec.resolve(spec_response, "responses", lookup);
            let other_response = self.other.resolve(other_response, "responses", lookup);
            match (spec_response, other_response) {
                (Ok((spec_response, _)), Ok((other_response, _))) => {
                    self.contents(&place, &spec_response.content, &other_response.content);
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
        let (Some((spec, spec_name)), Some((other, other_name))) = (spec, other) else {
            return;
        };
        let (spec, other) = (Shape::of(spec), Shape::of(other));
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
            Some((items, _)) => {
                format!("{} of {}", shape.type_name(), Shape::of(items).type_name())
            }
            None => shape.type_name(),
        }
    }

    /// The type of a schema with its enum values, for a property that only one side has.
    fn describe(&mut self, side: Side, schema: SchemaRef<'a>, place: &str) -> String {
        let Some((schema, _)) = self.schema(side, schema, place) else {
            return "unresolved".to_owned();
        };
        let shape = Shape::of(schema);
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

/// The parts of one schema that are compared, from whichever form openapiv3 parsed it into.
struct Shape<'a> {
    /// The OpenAPI type (`string`, `object`, ...), `any` for none, or the composition
    /// keyword (`oneOf`, ...).
    kind: String,
    format: Option<String>,
    nullable: bool,
    /// The enum values joined with commas, `None` when the schema is not an enum.
    enumeration: Option<String>,
    pattern: Option<&'a str>,
    properties: BTreeMap<&'a str, SchemaRef<'a>>,
    required: BTreeSet<&'a str>,
    items: Option<SchemaRef<'a>>,
}

impl<'a> Shape<'a> {
    fn of(schema: &'a Schema) -> Self {
        let mut shape = Shape {
            kind: String::new(),
            format: None,
            nullable: schema.schema_data.nullable,
            enumeration: None,
            pattern: None,
            properties: BTreeMap::new(),
            required: BTreeSet::new(),
            items: None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                shape.kind = "string".to_owned();
                shape.format = format_name(&string.format, string_format);
                shape.pattern = string.pattern.as_deref();
                shape.enumeration = values(&string.enumeration, |value| value.clone());
            }
            SchemaKind::Type(Type::Number(number)) => {
                shape.kind = "number".to_owned();
                shape.format = format_name(&number.format, number_format);
                shape.enumeration = values(&number.enumeration, ToString::to_string);
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                shape.kind = "integer".to_owned();
                shape.format = format_name(&integer.format, integer_format);
                shape.enumeration = values(&integer.enumeration, ToString::to_string);
            }
            SchemaKind::Type(Type::Boolean(boolean)) => {
                shape.kind = "boolean".to_owned();
                shape.enumeration = values(&boolean.enumeration, ToString::to_string);
            }
            SchemaKind::Type(Type::Object(object)) => {
                shape.kind = "object".to_owned();
                shape.properties = properties(&object.properties);
                shape.required = object.required.iter().map(String::as_str).collect();
            }
            SchemaKind::Type(Type::Array(array)) => {
                shape.kind = "array".to_owned();
                shape.items = array.items.as_ref().map(SchemaRef::from);
            }
            SchemaKind::OneOf { .. } => shape.kind = "oneOf".to_owned(),
            SchemaKind::AllOf { .. } => shape.kind = "allOf".to_owned(),
            SchemaKind::AnyOf { .. } => shape.kind = "anyOf".to_owned(),
            SchemaKind::Not { .. } => shape.kind = "not".to_owned(),
            // openapiv3 parses a schema whose keywords do not fit one type (a string with
            // a `minimum`, say) as `Any`; its parts are still there to compare.
            SchemaKind::Any(any) => {
                shape.kind = any.typ.clone().unwrap_or_else(|| {
                    if any.properties.is_empty() {
                        "any".to_owned()
                    } else {
                        "object".to_owned()
                    }
                });
                shape.format = any.format.clone();
                shape.pattern = any.pattern.as_deref();
                if !any.enumeration.is_empty() {
                    let values: Vec<String> =
                        any.enumeration.iter().map(ToString::to_string).collect();
                    shape.enumeration = Some(values.join(", "));
                }
                shape.properties = properties(&any.properties);
                shape.required = any.required.iter().map(String::as_str).collect();
                shape.items = any.items.as_ref().map(SchemaRef::from);
            }
        }
        shape
    }

    /// The type as printed: `string`, `string(date-time)`, `string(uri), nullable`.
    fn type_name(&self) -> String {
        let mut name = self.kind.clone();
        if let Some(format) = &self.format {
            name = format!("{name}({format})");
        }
        if self.nullable {
            name.push_str(", nullable");
        }
        name
    }
}

/// The properties of an object schema by name.
fn properties<'a>(
    properties: impl IntoIterator<Item = (&'a String, &'a ReferenceOr<Box<Schema>>)>,
) -> BTreeMap<&'a str, SchemaRef<'a>> {
    properties
        .into_iter()
        .map(|(name, schema)| (name.as_str(), SchemaRef::from(schema)))
        .collect()
}

/// The enum values joined with commas (`null` for a null member), `None` when there are none.
fn values<T>(values: &[Option<T>], show: impl Fn(&T) -> String) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    let values: Vec<String> = values
        .iter()
        .map(|value| value.as_ref().map_or_else(|| "null".to_owned(), &show))
        .collect();
    Some(values.join(", "))
}

/// The `format` of a schema as written, `None` when it has none; `known` spells the
/// formats that openapiv3 parses into a variant.
fn format_name<T>(
    format: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(format) => Some(known(format).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The OpenAPI spelling of a string format.
fn string_format(format: &StringFormat) -> &'static str {
    match format {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

/// The OpenAPI spelling of a number format.
fn number_format(format: &NumberFormat) -> &'static str {
    match format {
        NumberFormat::Float => "float",
        NumberFormat::Double => "double",
    }
}

/// The OpenAPI spelling of an integer format.
fn integer_format(format: &IntegerFormat) -> &'static str {
    match format {
        IntegerFormat::Int32 => "int32",
        IntegerFormat::Int64 => "int64",
    }
}

// --------------------------------------------------------------------------------- allow-file

/// One entry of the allow-file: an accepted difference and why it is accepted.
#[derive(Debug, PartialEq)]
struct AllowEntry {
    /// The line of the entry, from 1.
    line: usize,
    /// The difference, exactly as printed.
    difference: String,
}

/// Parses an allow-file; `label` names it in messages. Every entry needs a reason and may
/// appear once; all problems are reported together, each with its line.
fn parse_allow(text: &str, label: &str) -> Result<Vec<AllowEntry>, String> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(difference) = entry_difference(line) else {
            problems.push(format!(
                "{label}:{number}: the entry has no reason; write it as `<difference>  # <reason>`"
            ));
            continue;
        };
        if let Some(first) = seen.insert(difference, number) {
            problems.push(format!(
                "{label}:{number}: the entry repeats the one on line {first}"
            ));
            continue;
        }
        entries.push(AllowEntry {
            line: number,
            difference: difference.to_owned(),
        });
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(format!(
            "error: invalid allow-file\n{}",
            problems.join("\n")
        ))
    }
}

/// The difference of an entry `<difference>  # <reason>`: what comes before the first `#`
/// with whitespace on both sides; `None` when there is no such `#` or no reason after it.
fn entry_difference(line: &str) -> Option<&str> {
    let mut rest = line;
    let mut offset = 0;
    while let Some(at) = rest.find('#') {
        let before = line[..offset + at].chars().next_back();
        let after = rest[at + 1..].chars().next();
        if before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace) {
            let difference = line[..offset + at].trim_end();
            let reason = rest[at + 1..].trim();
            return (!reason.is_empty()).then_some(difference);
        }
        offset += at + 1;
        rest = &rest[at + 1..];
    }
    None
}

/// The differences set against the allow-file.
struct Verdict<'a> {
    /// How many differences there are in all.
    total: usize,
    /// The differences that no entry allows.
    new: Vec<&'a Difference>,
    /// How many differences an entry allows.
    allowed: usize,
    /// The entries that allow no difference.
    stale: Vec<&'a AllowEntry>,
}

/// Sets `differences` against the allow-file's `entries`.
fn judge<'a>(differences: &'a [Difference], entries: &'a [AllowEntry]) -> Verdict<'a> {
    let lines: BTreeSet<String> = differences.iter().map(ToString::to_string).collect();
    let allowed: BTreeSet<&str> = entries
        .iter()
        .map(|entry| entry.difference.as_str())
        .collect();
    let new: Vec<&Difference> = differences
        .iter()
        .filter(|difference| !allowed.contains(difference.to_string().as_str()))
        .collect();
    Verdict {
        total: differences.len(),
        allowed: differences.len() - new.len(),
        new,
        stale: entries
            .iter()
            .filter(|entry| !lines.contains(&entry.difference))
            .collect(),
    }
}

impl Verdict<'_> {
    /// The report printed: the new differences, ready to be copied into the allow-file,
    /// the stale entries with their lines, and a summary line.
    fn report(&self, allow_label: &str) -> String {
        let mut report = String::new();
        for difference in &self.new {
            report.push_str(&format!("{difference}\n"));
        }
        for entry in &self.stale {
            report.push_str(&format!(
                "{allow_label}:{}: stale entry, no such difference: {}\n",
                entry.line, entry.difference
            ));
        }
        report.push_str(&format!(
            "spec-diff: {} differences, {} allowed, {} new, {} stale\n",
            self.total,
            self.allowed,
            self.new.len(),
            self.stale.len()
        ));
        report
    }
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

    #[test]
    fn documents_that_are_not_openapi_3_0_are_refused_by_name() {
        let error = |text: &str| Document::parse(text, "doc.yaml").err().unwrap_or_default();
        assert!(error("a: [").starts_with("error: doc.yaml: not valid YAML"));
        assert!(error("swagger: '2.0'\n").contains("doc.yaml: not an OpenAPI 3.0 document"));
        assert!(error("openapi: 3.1.0\n").contains("OpenAPI 3.1.0 is not supported"));
        assert!(error("openapi: 3.0.3\npaths: 1\n").contains("doc.yaml: not a valid OpenAPI"));
    }

    #[test]
    fn an_entry_without_a_reason_is_an_error_with_its_line() {
        let text = "# comment\n\nGET /a: operation: present (spec) vs missing (other)\n\
                    GET /b: operation: present (spec) vs missing (other)  #   \n";
        let error = parse_allow(text, "drift.allow").err().unwrap_or_default();
        assert!(
            error.contains("drift.allow:3: the entry has no reason"),
            "{error}"
        );
        assert!(
            error.contains("drift.allow:4: the entry has no reason"),
            "{error}"
        );
    }

    #[test]
    fn a_repeated_entry_is_an_error() {
        let text =
            "GET /a: x: 1 (spec) vs 2 (other)  # why\nGET /a: x: 1 (spec) vs 2 (other)  # why\n";
        let error = parse_allow(text, "drift.allow").err().unwrap_or_default();
        assert!(
            error.contains("drift.allow:2: the entry repeats the one on line 1"),
            "{error}"
        );
    }

    #[test]
    fn entries_allow_differences_and_stale_ones_are_found() -> Result<(), String> {
        let found = |key: &str| Difference {
            order: (String::new(), String::new()),
            key: key.to_owned(),
            spec: "^a#b$".to_owned(),
            other: "none".to_owned(),
        };
        let differences = [found("GET /a: pattern"), found("GET /b: pattern")];
        let text = "GET /a: pattern: ^a#b$ (spec) vs none (other)  # the reason\n\
                    GET /c: pattern: ^a#b$ (spec) vs none (other)\t#\tgone\n";
        let entries = parse_allow(text, "drift.allow")?;
        let verdict = judge(&differences, &entries);
        assert_eq!(verdict.allowed, 1);
        assert_eq!(verdict.new, [&differences[1]]);
        assert_eq!(
            verdict
                .stale
                .iter()
                .map(|entry| entry.line)
                .collect::<Vec<_>>(),
            [2]
        );
        assert_eq!(
            verdict.report("drift.allow"),
            "GET /b: pattern: ^a#b$ (spec) vs none (other)\n\
             drift.allow:2: stale entry, no such difference: GET /c: pattern: ^a#b$ (spec) vs \
             none (other)\n\
             spec-diff: 2 differences, 1 allowed, 1 new, 1 stale\n"
        );
        Ok(())
    }

    #[test]
    fn options_need_one_document() {
        let args = |list: &[&str]| list.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
        assert!(Options::parse(&args(&[])).is_err());
        assert!(Options::parse(&args(&["a.yaml", "b.yaml"])).is_err());
        assert!(Options::parse(&args(&["a.yaml", "--allow"])).is_err());
        assert!(Options::parse(&args(&["a.yaml", "--strict"])).is_err());
        let options = Options::parse(&args(&["a.yaml", "--allow", "x.allow"]));
        assert!(matches!(
            options,
            Ok(Options { other, allow: Some(allow) }) if other == "a.yaml" && allow == "x.allow"
        ));
    }
}
