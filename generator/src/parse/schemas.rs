//! Stage 1, parse: the schemas of a document's value tree, visited in place before the
//! typed conversion, so that what openapiv3 cannot hold is rewritten into what it can
//! (integer bounds beyond i64, here; OpenAPI 3.1 keywords, in [`super::v31`]).
//!
//! A schema is the value of a `schema` key anywhere outside a schema (parameters, media
//! types, headers, in paths, components and callbacks alike), an entry of
//! `components/schemas`, and, inside a schema, what openapiv3 reads as one: `properties`
//! entries, `items`, `additionalProperties`, `not` and the `allOf`/`anyOf`/`oneOf`
//! alternatives. Example values and `x-` extensions hold data, not schemas, and are not
//! walked. Each node is visited once, so the walk is linear in the size of the document;
//! it recurses once per level, as the document's own nesting does (the reader caps it).

use serde_yaml::Value;

/// Calls `visit` on every schema of `document`, a schema before the schemas inside it: what
/// `visit` leaves inside a schema (new `anyOf` alternatives, say) is visited in turn.
pub(super) fn visit_schemas(document: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
    outside(document, true, visit);
}

/// Walks a value outside any schema, looking for schemas.
fn outside(value: &mut Value, at_root: bool, visit: &mut dyn FnMut(&mut Value)) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping.iter_mut() {
                match key.as_str() {
                    Some("schema") => schema(child, visit),
                    Some("example" | "examples") => {}
                    Some(name) if name.starts_with("x-") => {}
                    Some("components") if at_root => {
                        for (key, child) in child.as_mapping_mut().into_iter().flatten() {
                            match (key.as_str(), child.as_mapping_mut()) {
                                (Some("schemas"), Some(schemas)) => {
                                    schemas.values_mut().for_each(|entry| schema(entry, visit));
                                }
                                (Some(name), _) if name.starts_with("x-") => {}
                                _ => outside(child, false, visit),
                            }
                        }
                    }
                    _ => outside(child, false, visit),
                }
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|item| outside(item, false, visit)),
        _ => {}
    }
}

/// Visits a schema, then the schemas inside it.
fn schema(value: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
    visit(value);
    let Some(mapping) = value.as_mapping_mut() else {
        return;
    };
    for (key, child) in mapping.iter_mut() {
        match key.as_str() {
            Some("items" | "not") => schema(child, visit),
            // `additionalProperties: true` is a boolean in OpenAPI 3.0 already, not a schema.
            Some("additionalProperties") if !child.is_bool() => schema(child, visit),
            Some("properties") => {
                for property in child
                    .as_mapping_mut()
                    .into_iter()
                    .flat_map(|p| p.values_mut())
                {
                    schema(property, visit);
                }
            }
            Some("allOf" | "anyOf" | "oneOf") => {
                for alternative in child.as_sequence_mut().into_iter().flatten() {
                    schema(alternative, visit);
                }
            }
            _ => {}
        }
    }
}

/// Rewrites the bounds of an integer schema that openapiv3 cannot hold (it keeps them as
/// `i64`) into ones it can, meaning the same for an `i64`:
///
/// - a float with an integral value (`maximum: 100.0`) becomes that integer;
/// - a fractional bound is rounded inwards (`minimum: 1.5` is `minimum: 2`: no integer lies
///   between), and an exclusive one becomes inclusive, since `x > 1.5` is `x >= 2`;
/// - a bound at or beyond i64's range (`minimum: -9223372036854776000`, as OpenAI writes
///   i64's least value after a trip through a float) is clamped to that range, inclusive:
///   it says nothing an `i64` does not.
///
/// Without this, openapiv3 reads such a schema as one of no particular type. A bound inside
/// the range is never dropped, and `multipleOf` with an integral float value becomes that
/// integer.
pub(super) fn integer_bounds(schema: &mut Value) {
    let Some(mapping) = schema.as_mapping_mut() else {
        return;
    };
    if mapping.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (bound, exclusive, round) in [
        ("minimum", "exclusiveMinimum", f64::ceil as fn(f64) -> f64),
        ("maximum", "exclusiveMaximum", f64::floor),
    ] {
        let Some(Value::Number(number)) = mapping.get(bound) else {
            continue;
        };
        if number.is_i64() {
            continue;
        }
        let Some(value) = number.as_f64().filter(|value| value.is_finite()) else {
            continue;
        };
        // i64's bounds as floats: -2^63 is exact, and 2^63 is the first float above i64::MAX.
        let rounded = round(value);
        let integer = if rounded <= i64::MIN as f64 {
            i64::MIN
        } else if rounded >= i64::MAX as f64 {
            i64::MAX
        } else {
            rounded as i64
        };
        mapping.insert(Value::from(bound), Value::from(integer));
        let exact = rounded == value && (i64::MIN as f64) < value && value < i64::MAX as f64;
        if !exact {
            mapping.shift_remove(exclusive);
        }
    }
    if let Some(Value::Number(number)) = mapping.get("multipleOf") {
        if let Some(value) = number.as_f64().filter(|value| {
            !number.is_i64() && value.fract() == 0.0 && value.abs() < i64::MAX as f64
        }) {
            mapping.insert(Value::from("multipleOf"), Value::from(value as i64));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    fn bounded(text: &str) -> Value {
        let mut value = yaml(text);
        integer_bounds(&mut value);
        value
    }

    #[test]
    fn integer_bounds_fit_an_i64() {
        let check = |text: &str, expected: &str| {
            assert_eq!(bounded(text), yaml(expected), "{text}");
        };
        check(
            "{type: integer, minimum: 1.0, maximum: 100.0, multipleOf: 5.0}",
            "{type: integer, minimum: 1, maximum: 100, multipleOf: 5}",
        );
        check(
            "{type: integer, minimum: 1.5, exclusiveMinimum: true, maximum: 9.5}",
            "{type: integer, minimum: 2, maximum: 9}",
        );
        check(
            "{type: integer, minimum: -9223372036854776000.0, exclusiveMinimum: true}",
            "{type: integer, minimum: -9223372036854775808}",
        );
        check(
            "{type: integer, minimum: -1e30, maximum: 18446744073709551615}",
            "{type: integer, minimum: -9223372036854775808, maximum: 9223372036854775807}",
        );
        // Bounds an i64 holds, and the bounds of other types, are left as they are.
        for text in [
            "{type: integer, minimum: -9223372036854775808, exclusiveMaximum: true, maximum: 3}",
            "{type: number, minimum: 1.5, maximum: -1e30}",
            "{minimum: 1.5}",
            "{type: integer, minimum: 2.0e0, exclusiveMinimum: true}",
        ] {
            let expected = if text.contains("2.0e0") {
                yaml("{type: integer, minimum: 2, exclusiveMinimum: true}")
            } else {
                yaml(text)
            };
            assert_eq!(bounded(text), expected, "{text}");
        }
    }

    /// OpenAI's document bounds a seed with i64's least value written as a float; it reads
    /// as an integer schema with that bound.
    #[test]
    fn an_integer_bound_below_i64_is_read_as_i64_min() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Seed: {type: integer, minimum: -9223372036854776000, maximum: 9223372036854776000}\n";
        let document = crate::parse(text, "big.yaml").unwrap();
        let openapiv3::ReferenceOr::Item(seed) = &document.components.unwrap().schemas["Seed"]
        else {
            panic!("an inline schema")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) = &seed.schema_kind
        else {
            panic!("an integer: {seed:?}")
        };
        assert_eq!(
            (integer.minimum, integer.maximum),
            (Some(i64::MIN), Some(i64::MAX))
        );
    }

    /// Every position a schema can take is visited, and no example value is.
    #[test]
    fn schemas_are_found_where_they_are() {
        let mut document = yaml(
            "paths:\n  /a:\n    parameters: [{name: p, schema: {type: integer}}]\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: object, properties: {a: {type: integer}}, additionalProperties: {items: {type: integer}}}\n              example: {schema: {type: integer}}\ncomponents:\n  schemas:\n    A: {allOf: [{type: integer}], not: {type: integer}}\n  x-b: {schema: {type: integer}}\n",
        );
        let mut integers = 0;
        visit_schemas(&mut document, &mut |schema| {
            integers += usize::from(schema["type"].as_str() == Some("integer"));
        });
        assert_eq!(integers, 5);
    }
}
