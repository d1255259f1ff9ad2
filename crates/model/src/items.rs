//! Lists that only grow (vital signs, interventions, drugs). A correction adds the new item and
//! a tombstone for the old; the old item stays, marked superseded, so the history is visible.

use crate::hlc::Hlc;
use crate::ids::{EntryRef, UserId};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Something recorded at a clinical time (not the time it was typed).
pub trait Timed {
    /// When it happened.
    fn at(&self) -> Option<Timestamp>;
}

/// One recorded item with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item<T> {
    /// The entry that recorded it.
    pub entry: EntryRef,
    /// That entry's stamp.
    pub hlc: Hlc,
    /// Who recorded it.
    pub author: UserId,
    /// The item.
    pub value: T,
    /// The entry that corrected or retracted it, if any (the earliest, if several did).
    pub superseded_by: Option<EntryRef>,
}

/// A tombstone: `by` supersedes or retracts `target`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tombstone {
    /// The item that no longer counts.
    pub target: EntryRef,
    /// The correcting or retracting entry.
    pub by: EntryRef,
}

/// A grow-only set of items plus tombstones, kept sorted by clinical time so that two phones
/// that hold the same entries hold the same list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "T: Serialize + serde::de::DeserializeOwned")]
pub struct ItemList<T> {
    /// Every item ever recorded, current and superseded.
    pub items: Vec<Item<T>>,
    /// Every tombstone, sorted.
    pub tombstones: Vec<Tombstone>,
}

impl<T> Default for ItemList<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            tombstones: Vec::new(),
        }
    }
}

impl<T: Timed> ItemList<T> {
    /// Adds an item (idempotent: the same entry twice is one item).
    pub fn insert(&mut self, entry: EntryRef, hlc: Hlc, author: UserId, value: T) {
        if self.items.iter().any(|i| i.entry == entry) {
            return;
        }
        let superseded_by = self
            .tombstones
            .iter()
            .find(|t| t.target == entry)
            .map(|t| t.by);
        let key = (value.at(), hlc);
        let pos = self.items.partition_point(|i| (i.value.at(), i.hlc) < key);
        self.items.insert(
            pos,
            Item {
                entry,
                hlc,
                author,
                value,
                superseded_by,
            },
        );
    }

    /// Records that `by` supersedes `target` (idempotent, order-independent).
    pub fn tombstone(&mut self, target: EntryRef, by: EntryRef) {
        let t = Tombstone { target, by };
        match self.tombstones.binary_search(&t) {
            Ok(_) => return,
            Err(pos) => self.tombstones.insert(pos, t),
        }
        if let Some(item) = self.items.iter_mut().find(|i| i.entry == target) {
            // Tombstones are sorted, so the first for this target is the earliest `by`.
            item.superseded_by = self
                .tombstones
                .iter()
                .find(|t| t.target == target)
                .map(|t| t.by);
        }
    }

    /// The items that count now (not superseded), in clinical time order.
    pub fn current(&self) -> impl Iterator<Item = &Item<T>> {
        self.items.iter().filter(|i| i.superseded_by.is_none())
    }
}
