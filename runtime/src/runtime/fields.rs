//! The properties of a JSON object that its model does not declare.

use serde::{Deserialize, Deserializer};

/// The properties of a JSON object that its model does not declare, kept so that decoding
/// and encoding again loses nothing. With the `strict` feature, any such property is a
/// decode error instead, which shows where the API document and the server differ.
pub type UnknownFields = serde_json::Map<String, serde_json::Value>;

/// Decodes the [`UnknownFields`] of a model.
///
/// # Errors
///
/// The deserializer's error when the value is not an object; with the `strict` feature,
/// also one that names the first property, since every property here is undeclared.
#[cfg_attr(
    not(feature = "deserialize"),
    allow(
        dead_code,
        reason = "a crate whose received models all declare every property calls it only with the `deserialize` feature"
    )
)]
pub fn unknown_fields<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<UnknownFields, D::Error> {
    let fields = UnknownFields::deserialize(deserializer)?;
    #[cfg(feature = "strict")]
    if let Some(name) = fields.keys().next() {
        return Err(serde::de::Error::custom(format!(
            "unknown field `{name}` (the `strict` feature is on)"
        )));
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use crate::models::Example;

    #[test]
    #[cfg(not(feature = "strict"))]
    fn undeclared_properties_are_kept_and_sent_again() {
        let text = r#"{"note":"x","other":[1,2]}"#;
        let example: Example = serde_json::from_str(text).unwrap();
        assert_eq!(example.extra["other"], serde_json::json!([1, 2]));
        assert_eq!(serde_json::to_string(&example).unwrap(), text);
    }

    #[test]
    #[cfg(feature = "strict")]
    fn undeclared_properties_are_errors_when_strict() {
        let error = serde_json::from_str::<Example>(r#"{"other":1}"#).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `other`"),
            "{error}"
        );
    }
}
