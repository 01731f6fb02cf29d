//! Fields that tell "absent" from `null`: an optional, nullable property of a model that
//! is only ever sent, where absent leaves a value unchanged and `null` clears it.

use serde::{Deserialize, Deserializer};

/// Decodes a field that tells "absent" (`None`) from `null` (`Some(None)`).
///
/// # Errors
///
/// The deserializer's error when the value is neither `null` nor a `T`.
#[allow(
    clippy::option_option,
    reason = "the outer `Option` is whether the field is there, the inner one whether it is `null`"
)]
#[cfg_attr(
    not(feature = "deserialize"),
    allow(
        dead_code,
        reason = "its fields are in models that are only sent, which decode with the `deserialize` feature"
    )
)]
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::models::Clearable;

    #[test]
    fn absent_null_and_a_value_stay_apart() {
        let decode = |text: &str| serde_json::from_str::<Clearable>(text).unwrap().note;
        assert_eq!(decode("{}"), None);
        assert_eq!(decode(r#"{"note": null}"#), Some(None));
        assert_eq!(decode(r#"{"note": "x"}"#), Some(Some("x".to_owned())));
    }
}
