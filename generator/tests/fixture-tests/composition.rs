//! Round trips of the `anyOf` and `oneOf` models generated from `fixtures/composition.yaml`,
//! run by `cargo xtask ci` inside that fixture's crate: many values of each alternative,
//! made by a small seeded generator, decode into a model and encode back to the same JSON.

use fixture_composition::models::{
    ChargeAmount, ChargeCustomer, Shape, UpdateChargeRequestShipping,
    UpdateChargeRequestShippingVariant2,
};
use serde_json::{json, Value};

/// A seeded xorshift generator: the same values on every run, no dependency.
struct Values(u64);

impl Values {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn integer(&mut self) -> i64 {
        match self.next() % 4 {
            0 => i64::MIN,
            1 => i64::MAX,
            2 => 0,
            _ => self.next() as i64,
        }
    }

    /// A string of up to 12 characters, digits and non-ASCII ones among them.
    fn string(&mut self) -> String {
        const CHARACTERS: &[char] = &['a', 'Z', '0', '7', ' ', '-', '"', '\\', 'é', '🚀', '{'];
        let length = self.next() % 13;
        (0..length)
            .map(|_| CHARACTERS[(self.next() % CHARACTERS.len() as u64) as usize])
            .collect()
    }

    /// An object with a random subset of `properties` set to strings.
    fn object(&mut self, properties: &[&str]) -> Value {
        let mut object = serde_json::Map::new();
        for property in properties {
            if self.next() % 2 == 0 {
                object.insert((*property).to_owned(), Value::String(self.string()));
            }
        }
        Value::Object(object)
    }
}

/// Decodes `value` as `T` and checks that it encodes back to the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{value} does not decode: {error}"));
    let encoded = serde_json::to_value(&decoded).expect("a model encodes");
    assert_eq!(&encoded, value, "{value} does not encode back");
    decoded
}

#[test]
fn an_expandable_field_holds_an_id_or_the_whole_object() {
    let mut values = Values(0x5eed);
    for _ in 0..500 {
        let id = Value::String(values.string());
        assert!(matches!(
            round_trip::<ChargeCustomer>(&id),
            ChargeCustomer::String(_)
        ));
        let customer = values.object(&["id", "name", "email", "phone", "unknown_to_the_document"]);
        assert!(matches!(
            round_trip::<ChargeCustomer>(&customer),
            ChargeCustomer::Customer(_)
        ));
    }
}

#[test]
fn integers_and_strings_keep_their_alternative() {
    let mut values = Values(0xa11);
    for _ in 0..500 {
        let integer = json!(values.integer());
        assert!(matches!(
            round_trip::<ChargeAmount>(&integer),
            ChargeAmount::Integer(_)
        ));
        // A string of digits stays a string: the first alternative does not take it.
        let digits = Value::String(values.integer().to_string());
        assert!(matches!(
            round_trip::<ChargeAmount>(&digits),
            ChargeAmount::String(_)
        ));
    }
    assert!(serde_json::from_value::<ChargeAmount>(json!(1.5)).is_err());
}

#[test]
fn the_empty_string_unsets_and_an_object_sets() {
    let empty = round_trip::<UpdateChargeRequestShipping>(&json!(""));
    assert_eq!(
        empty,
        UpdateChargeRequestShipping::Variant2(UpdateChargeRequestShippingVariant2::Empty)
    );
    let mut values = Values(0xadd);
    for _ in 0..200 {
        let address = values.object(&["line1", "city"]);
        assert!(matches!(
            round_trip::<UpdateChargeRequestShipping>(&address),
            UpdateChargeRequestShipping::Address(_)
        ));
    }
}

#[test]
fn properties_beside_one_of_reach_every_alternative() {
    let mut values = Values(0x54a9e);
    for _ in 0..200 {
        let name = values.string();
        let shape = json!({"name": name, "sides": values.integer()});
        let Shape::Variant1(decoded) = round_trip::<Shape>(&shape) else {
            panic!("{shape} is the first alternative")
        };
        assert_eq!(decoded.name, name);
        // Without `name`, which both alternatives require, nothing decodes.
        assert!(serde_json::from_value::<Shape>(json!({"sides": 3})).is_err());
    }
}

#[test]
fn a_null_alternative_makes_the_field_optional() {
    let charge = json!({"id": "ch_1", "customer": "cus_1", "refunded_by": null});
    let decoded: fixture_composition::models::Charge =
        serde_json::from_value(charge).expect("null is allowed");
    assert!(decoded.refunded_by.is_none());
}

#[test]
fn inline_alternatives_are_told_apart_by_their_one_value() {
    use fixture_composition::models::Detection;
    let semantic = json!({"type": "semantic_vad"});
    assert!(matches!(
        round_trip::<Detection>(&semantic),
        Detection::Variant2(_)
    ));
    let server = json!({"type": "server_vad", "threshold": 0.5});
    assert!(matches!(
        round_trip::<Detection>(&server),
        Detection::Variant1(_)
    ));
    assert!(serde_json::from_value::<Detection>(json!({"type": "other"})).is_err());
}

#[test]
fn enums_that_hold_each_other_nest() {
    use fixture_composition::models::{Expression, Operand};
    let nested = json!(7);
    assert_eq!(
        round_trip::<Expression>(&nested),
        Expression::Operand(Box::new(Operand::Integer(7)))
    );
    assert!(matches!(
        round_trip::<Expression>(&json!("x")),
        Expression::String(_)
    ));
}

#[test]
fn an_alternative_that_takes_any_object_is_tried_last() {
    use fixture_composition::models::{Animal, Partial};
    assert!(matches!(
        round_trip::<Animal>(&json!({"bark": "woof"})),
        Animal::Dog(_)
    ));
    assert!(matches!(
        round_trip::<Animal>(&json!({"city": "Oslo"})),
        Animal::Address(_)
    ));
    // A value the discriminator does not name goes to the alternative it does not cover.
    assert!(matches!(
        round_trip::<Partial>(&json!({"kind": "dog", "bark": "woof"})),
        Partial::Dog(_)
    ));
    assert!(matches!(
        round_trip::<Partial>(&json!({"kind": "refund", "id": "re_1"})),
        Partial::Refund(_)
    ));
}

#[test]
fn a_string_an_enum_knows_goes_to_that_enum() {
    use fixture_composition::models::{Color, ColorVariant2, Label, Tone};
    assert_eq!(
        round_trip::<Color>(&json!("blue")),
        Color::Variant2(ColorVariant2::Blue)
    );
    assert!(matches!(
        round_trip::<Color>(&json!("red")),
        Color::Variant1(_)
    ));
    assert_eq!(round_trip::<Tone>(&json!("a")), Tone::Label(Label::A));
    assert_eq!(
        round_trip::<Tone>(&json!("other")),
        Tone::String("other".to_owned())
    );
}
