//! Unit enums written as one snake_case key (`very_good`): on the wire, in the databases, in CSV
//! and in the UI's element ids. [`keyed!`](crate::keyed) declares the keys once and derives the
//! rest from them, so a key cannot differ between serde, the stores and the UI.
//!
//! Serde goes through one visitor shared by every such enum, not one per enum as
//! `#[derive(Deserialize)]` writes: the UI's wasm carries each enum as its table of keys instead
//! of a reader of its own (issue #19). The wire form is what the derive with
//! `rename_all = "snake_case"` wrote: a JSON string.

use serde::de::{self, Visitor};

/// A unit enum with one key per value.
pub trait Keyed: Copy + 'static {
    /// Every value, in declaration order.
    const VALUES: &'static [Self];
    /// Their keys, in the same order.
    const KEYS: &'static [&'static str];

    /// This value's key.
    fn key(self) -> &'static str;

    /// The value whose key is `key`; `None` for a key the type does not have.
    fn from_key(key: &str) -> Option<Self> {
        position(Self::KEYS, key).map(|i| Self::VALUES[i])
    }
}

fn position(keys: &[&str], key: &str) -> Option<usize> {
    keys.iter().position(|k| *k == key)
}

/// Reads a key as its index in a table of keys. Not generic over the enum, so every keyed enum
/// read by one deserializer shares this code.
#[doc(hidden)]
pub struct KeyVisitor(pub &'static [&'static str]);

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        position(self.0, v).ok_or_else(|| E::unknown_variant(v, self.0))
    }
}

/// Declares the keys of a unit enum defined just above it: implements [`Keyed`], serde (as the
/// key string) and an inherent `key()`. The `match` in `key()` is exhaustive, so a variant added
/// to the enum and not here fails to compile.
#[macro_export]
macro_rules! keyed {
    ($t:ident { $($variant:ident = $key:literal),+ $(,)? }) => {
        impl $t {
            /// The value's key, as stored and sent (`snake_case`).
            pub const fn key(self) -> &'static str {
                match self {
                    $($t::$variant => $key),+
                }
            }
        }

        impl $crate::keyed::Keyed for $t {
            const VALUES: &'static [Self] = &[$($t::$variant),+];
            const KEYS: &'static [&'static str] = &[$($key),+];

            fn key(self) -> &'static str {
                $t::key(self)
            }
        }

        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($t::key(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let keys = <$t as $crate::keyed::Keyed>::KEYS;
                let values = <$t as $crate::keyed::Keyed>::VALUES;
                d.deserialize_str($crate::keyed::KeyVisitor(keys)).map(|i| values[i])
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Keyed;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Mood {
        Good,
        VeryGood,
    }
    crate::keyed!(Mood {
        Good = "good",
        VeryGood = "very_good",
    });

    #[test]
    fn keys_go_both_ways_and_serde_writes_the_key() -> Result<(), serde_json::Error> {
        assert_eq!(Mood::VALUES, [Mood::Good, Mood::VeryGood]);
        assert_eq!(Mood::VeryGood.key(), "very_good");
        assert_eq!(Mood::from_key("very_good"), Some(Mood::VeryGood));
        assert_eq!(Mood::from_key("VeryGood"), None);
        assert_eq!(serde_json::to_string(&Mood::VeryGood)?, "\"very_good\"");
        assert_eq!(serde_json::from_str::<Mood>("\"good\"")?, Mood::Good);
        // An escaped string is read too (serde_json hands it over owned, not borrowed).
        assert_eq!(serde_json::from_str::<Mood>("\"go\\u006fd\"")?, Mood::Good);
        let err = serde_json::from_str::<Mood>("\"bad\"").map_err(|e| e.to_string());
        assert!(
            matches!(&err, Err(e) if e.contains("unknown variant `bad`, expected `good` or `very_good`")),
            "{err:?}"
        );
        assert!(serde_json::from_str::<Mood>("1").is_err());
        // As a map key, the form the statistics tables use.
        let m: std::collections::BTreeMap<Mood, u8> = serde_json::from_str(r#"{"very_good": 1}"#)?;
        assert_eq!(m.get(&Mood::VeryGood), Some(&1));
        assert_eq!(serde_json::to_string(&m)?, r#"{"very_good":1}"#);
        Ok(())
    }
}

#[cfg(test)]
mod every_keyed_enum {
    use super::Keyed;

    /// Each key unique, snake_case, and read back by serde as the value it was written from.
    fn check<
        T: Keyed + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
    >() {
        assert_eq!(T::VALUES.len(), T::KEYS.len());
        for (i, (v, k)) in T::VALUES.iter().zip(T::KEYS).enumerate() {
            assert_eq!(v.key(), *k);
            assert!(!T::KEYS[..i].contains(k), "{k} twice");
            assert!(
                k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{k}"
            );
            let json = serde_json::to_string(v).unwrap_or_default();
            assert_eq!(json, format!("\"{k}\""));
            assert_eq!(serde_json::from_str::<T>(&json).ok().as_ref(), Some(v));
        }
    }

    #[test]
    fn keys_are_unique_snake_case_and_round_trip() {
        use crate::*;
        check::<coach::TrainingItem>();
        check::<content::DocKind>();
        check::<content::Audience>();
        check::<content::IvpaService>();
        check::<content::UnitKind>();
        check::<entry::ItemKind>();
        check::<error::ErrorCode>();
        check::<form::Outcome>();
        check::<form::InfoMatched>();
        check::<form::PreventedVisit>();
        check::<form::Benefit>();
        check::<form::Arrival>();
        check::<form::ListKind>();
        check::<job::JobType>();
        check::<job::PerformerKind>();
        check::<job::Step>();
        check::<job::Status>();
        check::<news2::Spo2Scale>();
        check::<news2::Parameter>();
        check::<news2::RiskBand>();
        check::<position::MissingReason>();
        check::<record::Sex>();
        check::<record::InterventionKind>();
        check::<record::Route>();
        check::<request::TaskKind>();
        check::<request::RequestStatus>();
        check::<settings::Language>();
        check::<settings::Theme>();
        check::<stats::Dim>();
        check::<vitals::Acvpu>();
    }
}
