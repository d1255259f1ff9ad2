//! Who holds a job: the nurse who created it, until she hands it on to another nurse of the
//! unit or to the next shift (lämna över till nästkommande pass). Every hand-on is an entry, so
//! the history of holders is the log's and every phone folds the same one.

use crate::hlc::Hlc;
use crate::ids::UserId;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// The longest note a hand-on may carry (what the next nurse should know first).
pub const MAX_NOTE_CHARS: usize = 500;

/// Whom a job is handed to. In JSON `{"kind": "nurse", "nurse": "anna"}` or
/// `{"kind": "next_shift"}`: serde's adjacently tagged form, written and read by [`Holder`]'s
/// own `Serialize` and `Deserialize` (what the derive wrote and read, held by the tests). In
/// the UI's binary form ([`crate::wire`]) the nurse or none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Holder {
    /// A named nurse of the unit.
    Nurse(UserId),
    /// Whoever is on the next shift: the job waits in the unit's list until a nurse takes it.
    NextShift,
}

/// A holder's fields as they arrive, before they are checked to make one [`Holder`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolderFields {
    kind: HolderKind,
    #[serde(default)]
    nurse: Option<UserId>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum HolderKind {
    Nurse,
    NextShift,
}

impl Holder {
    /// The nurse named, `None` for the next shift.
    fn nurse(&self) -> Option<&UserId> {
        match self {
            Self::Nurse(u) => Some(u),
            Self::NextShift => None,
        }
    }
}

impl Serialize for Holder {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if !s.is_human_readable() {
            return self.nurse().serialize(s);
        }
        let (kind, fields) = match self {
            Self::Nurse(_) => (HolderKind::Nurse, 2),
            Self::NextShift => (HolderKind::NextShift, 1),
        };
        let mut st = s.serialize_struct("Holder", fields)?;
        st.serialize_field("kind", &kind)?;
        if let Self::Nurse(u) = self {
            st.serialize_field("nurse", u)?;
        }
        st.end()
    }
}

/// Read as a plain struct and then checked, rather than derived: the derived reader of an
/// adjacently tagged enum buffers the value in serde's private `Content`, which cost the UI's
/// wasm about 18 KB of code for this one type (issue #19). Accepts exactly what the derive
/// accepted (`holder::tests::reads_exactly_what_the_derive_read`).
impl<'de> Deserialize<'de> for Holder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            return Ok(Option::<UserId>::deserialize(d)?.map_or(Self::NextShift, Self::Nurse));
        }
        let HolderFields { kind, nurse } = HolderFields::deserialize(d)?;
        match (kind, nurse) {
            (HolderKind::Nurse, Some(user)) => Ok(Self::Nurse(user)),
            (HolderKind::Nurse, None) => Err(serde::de::Error::missing_field("nurse")),
            (HolderKind::NextShift, None) => Ok(Self::NextShift),
            (HolderKind::NextShift, Some(_)) => Err(serde::de::Error::custom(
                "a hand-on to the next shift names no nurse",
            )),
        }
    }
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
    #[serde(default, skip_serializing_if = "crate::wire::none")]
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
    #[serde(default, skip_serializing_if = "crate::wire::none")]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The derive `Holder` had before it read itself: the reference for what must be accepted.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(
        deny_unknown_fields,
        tag = "kind",
        content = "nurse",
        rename_all = "snake_case"
    )]
    enum Derived {
        Nurse(UserId),
        NextShift,
    }

    fn same(d: Derived) -> Holder {
        match d {
            Derived::Nurse(u) => Holder::Nurse(u),
            Derived::NextShift => Holder::NextShift,
        }
    }

    #[test]
    fn reads_exactly_what_the_derive_read() {
        let inputs = [
            r#"{"kind":"nurse","nurse":"anna"}"#,
            r#"{"nurse":"anna","kind":"nurse"}"#,
            r#"{"kind":"next_shift"}"#,
            r#"{"kind":"next_shift","nurse":null}"#,
            r#"{"kind":"next_shift","nurse":"anna"}"#,
            r#"{"kind":"nurse"}"#,
            r#"{"kind":"nurse","nurse":null}"#,
            r#"{"kind":"nurse","nurse":7}"#,
            r#"{"kind":"doctor","nurse":"anna"}"#,
            r#"{"nurse":"anna"}"#,
            r#"{"kind":"nurse","nurse":"anna","note":"x"}"#,
            r#"{"kind":"nurse","kind":"nurse","nurse":"anna"}"#,
            r#"{"kind":"nurse","nurse":"anna","nurse":"britt"}"#,
            r#"{}"#,
            r#""nurse""#,
            r#"null"#,
        ];
        for input in inputs {
            let ours = serde_json::from_str::<Holder>(input).ok();
            let derived = serde_json::from_str::<Derived>(input).ok().map(same);
            assert_eq!(ours, derived, "{input}");
        }
    }

    #[test]
    fn writes_what_the_derive_wrote() {
        for (ours, derived) in [
            (
                Holder::Nurse(UserId::new("anna")),
                Derived::Nurse(UserId::new("anna")),
            ),
            (Holder::NextShift, Derived::NextShift),
        ] {
            assert_eq!(
                serde_json::to_string(&ours).ok(),
                serde_json::to_string(&derived).ok()
            );
        }
    }

    #[test]
    fn writes_what_it_reads() {
        for h in [Holder::Nurse(UserId::new("anna")), Holder::NextShift] {
            let json = serde_json::to_string(&h).expect("json");
            assert_eq!(
                serde_json::from_str::<Holder>(&json).ok(),
                Some(h),
                "{json}"
            );
        }
        assert_eq!(
            serde_json::to_string(&Holder::Nurse(UserId::new("anna"))).ok(),
            Some(r#"{"kind":"nurse","nurse":"anna"}"#.to_owned())
        );
        assert_eq!(
            serde_json::to_string(&Holder::NextShift).ok(),
            Some(r#"{"kind":"next_shift"}"#.to_owned())
        );
    }
}
