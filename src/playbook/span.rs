//! The span-aware value the playbook format's types hold: `model.rs`
//! names it through here, so that build.rs, which compiles the built-in
//! playbooks with those types, can give it its own.
//!
//! It reads a value two ways. From YAML, as serde-saphyr's own `Spanned`
//! does: the YAML reader hands it the value with the place it is used and
//! the place it is defined (an anchor's). From the built-in playbooks as
//! build.rs compiled them: `{"$s": [value, line, column, line, column]}`,
//! a fifth of the text serde-saphyr's own form takes, read in about half
//! the time (a plan reads a whole playbook at every run).

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
pub use serde_saphyr::Location;
use std::fmt;
use std::marker::PhantomData;

/// A value and where it was in the YAML file: where it is used
/// (`referenced`) and where it was written (`defined`: an anchor's place
/// for a value used through an alias, else the same).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub referenced: Location,
    pub defined: Location,
}

impl<T> Spanned<T> {
    pub const fn new(value: T, referenced: Location, defined: Location) -> Self {
        Self {
            value,
            referenced,
            defined,
        }
    }

    fn unplaced(value: T) -> Self {
        Self::new(value, Location::UNKNOWN, Location::UNKNOWN)
    }
}

/// Written as the value alone, as serde-saphyr's `Spanned` is.
impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// The newtype name serde-saphyr's YAML reader answers with a value's places.
const YAML_SPANNED: &str = "__yaml_spanned";
/// The first key of the map the YAML reader then hands over.
const YAML_MARKER: &str = "__serde_saphyr_private_spanned";
/// The key of build.rs's compact form.
pub const COMPACT: &str = "$s";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(YAML_SPANNED, Newtype(PhantomData))
    }
}

struct Newtype<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Newtype<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Placed(PhantomData))
    }
}

/// The first key of a map: one of the two forms' markers, or a key of a
/// value that is itself a map.
enum Key {
    Yaml,
    Compact,
    Value,
    Referenced,
    Defined,
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    YAML_MARKER => Key::Yaml,
                    COMPACT => Key::Compact,
                    "value" => Key::Value,
                    "referenced" => Key::Referenced,
                    "defined" => Key::Defined,
                    other => Key::Other(other.to_string()),
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

impl Key {
    fn name(&self) -> &str {
        match self {
            Key::Yaml => YAML_MARKER,
            Key::Compact => COMPACT,
            Key::Value => "value",
            Key::Referenced => "referenced",
            Key::Defined => "defined",
            Key::Other(k) => k,
        }
    }
}

/// A value with its places (either form), or a plain value with none (as
/// serde hands over values it buffered, for `#[serde(flatten)]`).
struct Placed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Placed<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value, or a value with its place in the file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let first = match map.next_key::<Key>()? {
            None => {
                return T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Spanned::unplaced);
            }
            Some(Key::Compact) => {
                let v = map.next_value::<Compact<T>>()?.0;
                while map.next_key::<de::IgnoredAny>()?.is_some() {
                    map.next_value::<de::IgnoredAny>()?;
                }
                return Ok(v);
            }
            Some(Key::Yaml) => Key::Yaml,
            Some(other) => {
                // A map that is the value itself.
                return T::deserialize(de::value::MapAccessDeserializer::new(Prepended {
                    first: Some(other.name().to_string()),
                    rest: map,
                }))
                .map(Spanned::unplaced);
            }
        };
        debug_assert!(matches!(first, Key::Yaml));
        map.next_value::<de::IgnoredAny>()?;
        let (mut value, mut referenced, mut defined) = (None, None, None);
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Value if value.is_none() => value = Some(map.next_value()?),
                Key::Referenced if referenced.is_none() => referenced = Some(map.next_value()?),
                Key::Defined if defined.is_none() => defined = Some(map.next_value()?),
                Key::Value | Key::Referenced | Key::Defined => {
                    return Err(de::Error::custom(format_args!(
                        "duplicate field `{}`",
                        key.name()
                    )));
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(Spanned::new(
            value.ok_or_else(|| de::Error::missing_field("value"))?,
            referenced.ok_or_else(|| de::Error::missing_field("referenced"))?,
            defined.ok_or_else(|| de::Error::missing_field("defined"))?,
        ))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Spanned::unplaced)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        T::deserialize(().into_deserializer()).map(Spanned::unplaced)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        T::deserialize(().into_deserializer()).map(Spanned::unplaced)
    }
}

/// A map's entries with its first key put back in front.
struct Prepended<A> {
    first: Option<String>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prepended<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(k) => seed.deserialize(k.into_deserializer()).map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        self.rest.next_value_seed(seed)
    }
}

/// build.rs's form: `[value, line, column, line, column]`, or
/// `[value, line, column]` where the value is defined where it is used.
struct Compact<T>(Spanned<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Compact<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
            type Value = Compact<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("[value, line, column] or [value, line, column, line, column]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Compact<T>, A::Error> {
                let missing = || de::Error::custom("a value and two or four numbers are expected");
                let value = seq.next_element()?.ok_or_else(missing)?;
                let line = seq.next_element()?.ok_or_else(missing)?;
                let column = seq.next_element()?.ok_or_else(missing)?;
                let referenced = location(line, column)?;
                let defined = match seq.next_element::<u32>()? {
                    None => referenced,
                    Some(line) => location(line, seq.next_element()?.ok_or_else(missing)?)?,
                };
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(missing());
                }
                Ok(Compact(Spanned::new(value, referenced, defined)))
            }
        }
        d.deserialize_seq(SeqVisitor(PhantomData))
    }
}

/// A line and column as a `Location` (serde-saphyr makes them only by
/// reading them).
fn location<E: de::Error>(line: u32, column: u32) -> Result<Location, E> {
    let fields = [("line", line), ("column", column)];
    Location::deserialize(de::value::MapDeserializer::<_, de::value::Error>::new(
        fields.into_iter(),
    ))
    .map_err(de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        a: Spanned<String>,
        b: Spanned<serde_json::Value>,
    }

    fn at(l: &Location) -> (u64, u64) {
        (l.line(), l.column())
    }

    #[derive(Debug, serde::Deserialize)]
    struct Theirs {
        a: serde_saphyr::Spanned<String>,
        b: serde_saphyr::Spanned<serde_json::Value>,
    }

    /// From YAML: where each value is used and where it is defined (an
    /// anchor's place for an alias), as serde-saphyr's own `Spanned` reads.
    #[test]
    fn yaml_gives_each_value_its_places_as_serde_saphyr_does() {
        let yaml = "a: &x hello\nb: *x\n";
        let d: Doc = serde_saphyr::from_str(yaml).unwrap();
        let t: Theirs = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(d.a.value, "hello");
        assert_eq!(d.b.value, serde_json::json!("hello"));
        assert_eq!((d.a.referenced, d.a.defined), (t.a.referenced, t.a.defined));
        assert_eq!((d.b.referenced, d.b.defined), (t.b.referenced, t.b.defined));
        assert_eq!(at(&d.a.defined), (1, 7));
        assert_eq!((at(&d.b.referenced), at(&d.b.defined)), ((2, 4), (1, 7)));
    }

    /// The compact form reads back the same places; a plain value (a
    /// map included) has none.
    #[test]
    fn compact_and_plain_forms() {
        let d: Doc =
            serde_json::from_str(r#"{"a":{"$s":["hello",1,4,1,4]},"b":{"$s":[[1,2],2,4,1,4]}}"#)
                .unwrap();
        assert_eq!(d.a.value, "hello");
        assert_eq!((at(&d.a.referenced), at(&d.a.defined)), ((1, 4), (1, 4)));
        assert_eq!(d.b.value, serde_json::json!([1, 2]));
        assert_eq!((at(&d.b.referenced), at(&d.b.defined)), ((2, 4), (1, 4)));

        let d: Doc = serde_json::from_str(r#"{"a":"plain","b":{"k":[1]}}"#).unwrap();
        assert_eq!(d.a.value, "plain");
        assert_eq!(d.a.referenced, Location::UNKNOWN);
        assert_eq!(d.b.value, serde_json::json!({"k": [1]}));
        assert_eq!(d.b.defined, Location::UNKNOWN);

        // Defined where it is used: one place.
        let d: Doc =
            serde_json::from_str(r#"{"a":{"$s":["short",3,7]},"b":{"$s":[null,5,1]}}"#).unwrap();
        assert_eq!((at(&d.a.referenced), at(&d.a.defined)), ((3, 7), (3, 7)));
        assert_eq!((at(&d.b.referenced), at(&d.b.defined)), ((5, 1), (5, 1)));

        for bad in [r#"["x",1]"#, r#"["x",1,4,2]"#, r#"["x",1,4,2,3,9]"#] {
            let text = format!(r#"{{"a":{{"$s":{bad}}},"b":1}}"#);
            let e = serde_json::from_str::<Doc>(&text).unwrap_err();
            assert!(e.to_string().contains("two or four numbers"), "{bad}: {e}");
        }
    }
}
