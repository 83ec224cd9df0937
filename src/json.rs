//! A JSON payload read for classification only: the fields the rules read, with strings borrowed from the
//! input where they hold no escapes; every other field's value is skipped without being built. Parsed by
//! serde_json, so the syntax, the errors and the nesting limit are serde_json's.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A value as kept: what the rules read of it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool,
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Array,
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
    /// A field the rules only test for presence: its value was skipped.
    Skipped,
}

/// Every key the payload rules read, at any level. A field with another key keeps its key (for presence)
/// but not its value.
fn is_read(key: &str) -> bool {
    matches!(
        key,
        "name"
            | "errorName"
            | "exception"
            | "code"
            | "errorCode"
            | "error_code"
            | "message"
            | "errorMsg"
            | "localizedDescription"
            | "error_string"
            | "msg"
            | "reason"
            | "title"
            | "operation"
            | "method"
            | "api"
            | "type"
            | "description"
            | "status"
            | "statusCode"
            | "context"
            | "responseText"
            | "body"
            | "details"
            | "provider"
            | "vendor"
            | "platform"
            | "domain"
            | "errorDomain"
            | "error_domain"
            | "event"
            | "error"
            | "err"
            | "payload"
            | "cause"
    )
}

/// Parse `text` as a payload.
pub(crate) fn parse(text: &str) -> Result<Json<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Kept.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Deserializes a value whose fields are all kept or skipped by [`is_read`].
struct Kept;

impl<'de> DeserializeSeed<'de> for Kept {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Kept {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool)
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        Ok(Json::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(i64::try_from(n).map_or(Json::Float(n as f64), Json::Int))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json<'de>, E> {
        Ok(Json::Float(n))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(Json::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        // Error objects are small: one allocation for up to eight fields.
        let mut fields = Vec::with_capacity(8);
        while let Some(KeyText(key)) = map.next_key()? {
            let value = if is_read(&key) { map.next_value_seed(Kept)? } else { skip(&mut map)? };
            fields.push((key, value));
        }
        Ok(Json::Object(fields))
    }
}

/// Skip a value, keeping only whether it was null (`data: null` is no data).
fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Json<'de>, A::Error> {
    struct NullOrNot;
    impl<'de> DeserializeSeed<'de> for NullOrNot {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_option(NullOrNot)
        }
    }
    impl<'de> Visitor<'de> for NullOrNot {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_none<E>(self) -> Result<bool, E> {
            Ok(true)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(true)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            Skip.deserialize(d).map(|()| false)
        }
    }
    Ok(if map.next_value_seed(NullOrNot)? { Json::Null } else { Json::Skipped })
}

/// Skips a value through `deserialize_any`, so that serde_json parses it as it parses a `Value` (the same
/// errors, the same nesting limit), without building anything. (`IgnoredAny` takes another path in serde_json,
/// without the nesting limit.)
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

/// An object key, borrowed when it holds no escape.
struct KeyText<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A value to read, from either tree: this module's or a `serde_json::Value`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Field<'a> {
    Null,
    /// Present, but nothing the rules read: a boolean, an array, a skipped value.
    Other,
    Int(i64),
    Float(f64),
    Str(&'a str),
    Object(Object<'a>),
}

/// An object to read fields from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Object<'a> {
    Kept(&'a [(Cow<'a, str>, Json<'a>)]),
    Value(&'a Map<String, Value>),
}

impl<'a> Field<'a> {
    pub(crate) fn of_json(j: &'a Json<'a>) -> Field<'a> {
        match j {
            Json::Null => Field::Null,
            Json::Bool | Json::Array | Json::Skipped => Field::Other,
            Json::Int(n) => Field::Int(*n),
            Json::Float(f) => Field::Float(*f),
            Json::Str(s) => Field::Str(s),
            Json::Object(fields) => Field::Object(Object::Kept(fields)),
        }
    }

    pub(crate) fn of_value(v: &'a Value) -> Field<'a> {
        match v {
            Value::Null => Field::Null,
            Value::Bool(_) | Value::Array(_) => Field::Other,
            Value::Number(n) => match n.as_i64() {
                Some(i) => Field::Int(i),
                None => Field::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Field::Str(s),
            Value::Object(m) => Field::Object(Object::Value(m)),
        }
    }

    pub(crate) fn as_str(self) -> Option<&'a str> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_object(self) -> Option<Object<'a>> {
        match self {
            Field::Object(o) => Some(o),
            _ => None,
        }
    }
}

impl<'a> Object<'a> {
    /// The field `key`; of a key given twice, the last (as serde_json's map keeps it).
    pub(crate) fn get(self, key: &str) -> Option<Field<'a>> {
        match self {
            Object::Kept(fields) => fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| Field::of_json(v)),
            Object::Value(m) => m.get(key).map(Field::of_value),
        }
    }

    pub(crate) fn contains_key(self, key: &str) -> bool {
        match self {
            Object::Kept(fields) => fields.iter().any(|(k, _)| k == key),
            Object::Value(m) => m.contains_key(key),
        }
    }

    /// Whether both are the same object.
    pub(crate) fn is(self, other: Object<'a>) -> bool {
        match (self, other) {
            (Object::Kept(a), Object::Kept(b)) => std::ptr::eq(a, b),
            (Object::Value(a), Object::Value(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_are_kept_others_skipped() {
        let text = r#"{"name":"OT_X","stack":"Error\n at x","data":null,"extra":{"deep":[1,2,{"a":"b"}]},"error":{"code":1006,"message":"a\"b"}}"#;
        let Json::Object(fields) = parse(text).unwrap() else { panic!("an object") };
        let o = Object::Kept(&fields);
        assert_eq!(o.get("name").and_then(Field::as_str), Some("OT_X"));
        assert!(matches!(o.get("stack"), Some(Field::Other)));
        assert!(matches!(o.get("data"), Some(Field::Null)));
        assert!(matches!(o.get("extra"), Some(Field::Other)));
        let inner = o.get("error").and_then(Field::as_object).unwrap();
        assert!(matches!(inner.get("code"), Some(Field::Int(1006))));
        assert_eq!(inner.get("message").and_then(Field::as_str), Some("a\"b"));
    }

    #[test]
    fn the_last_of_a_repeated_key_wins_as_in_serde_json() {
        let text = r#"{"code":1,"code":2}"#;
        let Json::Object(fields) = parse(text).unwrap() else { panic!("an object") };
        let value: Value = serde_json::from_str(text).unwrap();
        assert!(matches!(Object::Kept(&fields).get("code"), Some(Field::Int(2))));
        assert!(matches!(Object::Value(value.as_object().unwrap()).get("code"), Some(Field::Int(2))));
    }

    #[test]
    fn what_serde_json_rejects_is_rejected() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        let deep_skipped = format!("{{\"stack\":{deep}}}");
        for bad in
            ["{", "{\"a\":}", "{} x", "[1,]", "{\"a\":1,}", deep.as_str(), deep_skipped.as_str(), "{\"a\":\"\\x\"}"]
        {
            assert_eq!(parse(bad).is_err(), serde_json::from_str::<Value>(bad).is_err(), "{bad}");
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
