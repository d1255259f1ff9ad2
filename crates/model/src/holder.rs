//! Who holds a job: the nurse who created it, until she hands it on to another nurse of the
//! unit or to the next shift (lämna över till nästkommande pass). Every hand-on is an entry, so
//! the history of holders is the log's and every phone folds the same one.

use crate::hlc::Hlc;
use crate::ids::UserId;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// The longest note a hand-on may carry (what the next nurse should know first).
pub const MAX_NOTE_CHARS: usize = 500;

/// Whom a job is handed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    tag = "kind",
    content = "nurse",
    rename_all = "snake_case"
)]
pub enum Holder {
    /// A named nurse of the unit.
    Nurse(UserId),
    /// Whoever is on the next shift: the job waits in the unit's list until a nurse takes it.
    NextShift,
}

/// One hand-on, as folded into the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandOn {
    /// The new holder.
    pub to: Holder,
    /// When it was handed on.
    pub at: Timestamp,
    /// What the receiver should know first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One line of a job's holder history: who held it from when, and who put it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    /// The holder.
    pub holder: Holder,
    /// From when (the creation's request time for the first holder).
    pub since: Timestamp,
    /// Who handed it on (the creator for the first line).
    pub by: UserId,
    /// The hand-on's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A hand-on with the stamp that orders it among racing phones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampedHandOn {
    /// The hand-on.
    pub hand_on: HandOn,
    /// Its entry's stamp: the history's order, and the key that makes folding it twice a no-op.
    pub hlc: Hlc,
    /// Who handed it on.
    pub by: UserId,
}

/// Inserts `h` in HLC order unless it is already there: the fold of hand-ons is a set.
pub(crate) fn insert(list: &mut Vec<StampedHandOn>, h: StampedHandOn) {
    match list.binary_search_by(|x| x.hlc.cmp(&h.hlc)) {
        Ok(_) => {}
        Err(i) => list.insert(i, h),
    }
}
