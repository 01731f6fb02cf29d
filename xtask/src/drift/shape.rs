//! The shape of a schema for `cargo xtask drift`: the parts of one schema that are
//! compared (type, format, nullable, enum values, pattern, properties, required ones,
//! items), read from whichever form openapiv3 parsed it into, with the OpenAPI spelling of
//! each format.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::document::SchemaRef;

/// The parts of one schema that are compared, from whichever form openapiv3 parsed it into.
pub(super) struct Shape<'a> {
    /// The OpenAPI type (`string`, `object`, ...), `any` for none, or the composition
    /// keyword (`oneOf`, ...).
    pub(super) kind: String,
    format: Option<String>,
    nullable: bool,
    /// The enum values joined with commas, `None` when the schema is not an enum.
    pub(super) enumeration: Option<String>,
    pub(super) pattern: Option<&'a str>,
    pub(super) properties: BTreeMap<&'a str, SchemaRef<'a>>,
    pub(super) required: BTreeSet<&'a str>,
    pub(super) items: Option<SchemaRef<'a>>,
}

impl<'a> Shape<'a> {
    pub(super) fn of(schema: &'a Schema) -> Self {
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
    pub(super) fn type_name(&self) -> String {
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
