//! Documents of scalar fields that several phones may edit: the record's text fields, SBAR,
//! the statistics form. Each field is a last-writer-wins register stamped with the [`Hlc`] of the
//! entry that set it, so merging is per field and order-independent.

use crate::error::{CommandError, ErrorCode, FieldError};
use crate::hlc::Hlc;
use crate::sv;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A struct whose fields are all `Option`s, skipped when `None`, so that a partial value is a
/// patch. Implemented by [`crate::record::RecordText`], [`crate::sbar::SbarText`] and
/// [`crate::form::StatsForm`].
pub trait DocFields: Serialize + DeserializeOwned + Default + Clone {
    /// The key prefix of this document's fields, e.g. `form`.
    const PREFIX: &'static str;
    /// The names of every field (what a patch may clear).
    const FIELDS: &'static [&'static str];
}

/// A change to some fields of a document: values to set and fields to empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "T: DocFields")]
pub struct Patch<T: DocFields> {
    /// The fields to set (the `None` ones are untouched).
    #[serde(default)]
    pub set: T,
    /// Fields to empty.
    #[serde(default, skip_serializing_if = "crate::wire::empty")]
    pub clear: Vec<String>,
}

impl<T: DocFields> Patch<T> {
    /// A patch of one field by its name, as a form field saves on its own (one tap, one
    /// entry): `value` set, or the field emptied when it is `None`, `null` or blank text.
    /// Text is trimmed. A name this document lacks, or a value its field cannot hold (a choice
    /// not in the list, text for a number), is refused on the field's full key.
    pub fn one(field: &str, value: Option<serde_json::Value>) -> Result<Self, CommandError> {
        let key = format!("{}.{field}", T::PREFIX);
        if !T::FIELDS.contains(&field) {
            return Err(FieldError::new(key, ErrorCode::Unknown, sv::UNKNOWN_FIELD).into());
        }
        let value = match value {
            Some(serde_json::Value::String(t)) => Some(serde_json::Value::String(t.trim().into()))
                .filter(|v| v.as_str().is_some_and(|t| !t.is_empty())),
            v => v.filter(|v| !v.is_null()),
        };
        let Some(value) = value else {
            return Ok(Self {
                set: T::default(),
                clear: vec![field.to_owned()],
            });
        };
        let mut one = serde_json::Map::new();
        one.insert(field.to_owned(), value);
        serde_json::from_value(serde_json::Value::Object(one))
            .map(Self::set)
            .map_err(|_| FieldError::new(key, ErrorCode::Invalid, sv::UNKNOWN_CHOICE).into())
    }

    /// A patch that sets what `set` has.
    pub fn set(set: T) -> Self {
        Self {
            set,
            clear: Vec::new(),
        }
    }

    /// The fields this patch touches, by full key (`form.benefit`), with the JSON value it
    /// writes (`null` for a cleared field).
    pub fn touched(&self) -> Vec<(String, serde_json::Value)> {
        let mut out = Vec::new();
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&self.set) {
            out.extend(
                map.into_iter()
                    .map(|(k, v)| (format!("{}.{k}", T::PREFIX), v)),
            );
        }
        for k in &self.clear {
            out.push((format!("{}.{k}", T::PREFIX), serde_json::Value::Null));
        }
        out
    }

    /// Field names in `clear` that the document does not have.
    pub fn unknown_clears(&self) -> Vec<&str> {
        self.clear
            .iter()
            .map(String::as_str)
            .filter(|k| !T::FIELDS.contains(k))
            .collect()
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.touched().is_empty()
    }
}

/// A document with the stamp of the last write to each field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(bound = "T: DocFields")]
pub struct Doc<T: DocFields> {
    /// The current value of every field.
    pub value: T,
    /// The stamp of the write that set each field.
    pub stamps: BTreeMap<String, Hlc>,
}

impl<T: DocFields> Doc<T> {
    /// Merges a patch written at `hlc`: each field takes the patch's value only if `hlc` is
    /// newer than that field's stamp. Applying the same patches in any order gives the same doc.
    pub fn apply(&mut self, patch: &Patch<T>, hlc: Hlc) {
        let Ok(serde_json::Value::Object(mut current)) = serde_json::to_value(&self.value) else {
            return;
        };
        let mut writes: Vec<(String, serde_json::Value)> = Vec::new();
        if let Ok(serde_json::Value::Object(set)) = serde_json::to_value(&patch.set) {
            writes.extend(set);
        }
        writes.extend(
            patch
                .clear
                .iter()
                .filter(|k| T::FIELDS.contains(&k.as_str()))
                .map(|k| (k.clone(), serde_json::Value::Null)),
        );
        let mut changed = false;
        for (key, value) in writes {
            if self.stamps.get(&key).is_none_or(|s| hlc > *s) {
                if value.is_null() {
                    current.remove(&key);
                } else {
                    current.insert(key.clone(), value);
                }
                self.stamps.insert(key, hlc);
                changed = true;
            }
        }
        // Both sides are a serialised `T` with only optional fields, so this cannot fail; if it
        // ever did, keeping the previous value is safer than losing it.
        if changed && let Ok(v) = serde_json::from_value(serde_json::Value::Object(current)) {
            self.value = v;
        }
    }
}
