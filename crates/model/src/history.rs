//! The history of one field: every value it had, who set it and when, including what was
//! corrected — what a medical record must be able to show.

use crate::entry::Entry;
use crate::hlc::Hlc;
use crate::ids::{EntryRef, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One value a field had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The entry that wrote it.
    pub entry: EntryRef,
    /// Its stamp.
    pub hlc: Hlc,
    /// Who wrote it.
    pub author: UserId,
    /// The value written (`null`: the field was emptied).
    pub value: serde_json::Value,
    /// Whether this value still counts: for a scalar field, the newest write; for a list
    /// (`vitals`, `interventions`, `drugs`), an item nobody corrected or retracted.
    pub current: bool,
}

/// The history of `field` (e.g. `record.chief_complaint`, `timeline.arrive`, `vitals`) in the
/// given entries of one job, oldest first.
pub fn field_history<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    field: &str,
) -> Vec<FieldChange> {
    let entries: Vec<&Entry> = entries.into_iter().collect();
    let is_list = matches!(field, "vitals" | "interventions" | "drugs");
    let superseded: BTreeSet<EntryRef> =
        entries.iter().filter_map(|e| e.body.supersedes()).collect();
    let mut out: Vec<FieldChange> = entries
        .iter()
        .flat_map(|e| {
            e.body
                .touched()
                .into_iter()
                .filter(|(k, _)| k == field)
                .map(|(_, value)| FieldChange {
                    entry: e.entry_ref(),
                    hlc: e.hlc,
                    author: e.author.clone(),
                    value,
                    current: false,
                })
        })
        .collect();
    out.sort_by_key(|c| c.hlc);
    out.dedup_by_key(|c| c.entry);
    if is_list {
        for c in &mut out {
            c.current = !superseded.contains(&c.entry) && c.value.get("retracted").is_none();
        }
    } else if let Some(last) = out.last_mut() {
        last.current = true;
    }
    out
}
