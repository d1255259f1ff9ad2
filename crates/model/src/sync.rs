//! The sync protocol's messages (API v1), shared by the device's client and the region.

use crate::entry::{Entry, EntryBody};
use crate::form::{FormOptions, StatsForm};
use crate::hlc::MAX_DRIFT_MS;
use crate::ids::{DeviceId, JobId, UnitId, UserId};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// The most entries one push may carry; the region refuses bigger batches.
pub const MAX_PUSH_ENTRIES: usize = 1_000;
/// The most entries one pull returns.
pub const MAX_PULL_ENTRIES: u32 = 1_000;

/// `POST /api/v1/enroll`: a device trades a one-time code for a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The code a coach or admin issued.
    pub code: String,
    /// The device's own id (generated on first start).
    pub device: DeviceId,
}

/// The answer to an enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// The bearer token for every later request. Shown once; the region keeps only a hash.
    pub token: String,
    /// The unit the device now belongs to.
    pub unit: UnitId,
    /// The user the device is enrolled for.
    pub user: UserId,
}

/// `POST /api/v1/push`: a batch of the device's own entries, consecutive by seq.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// The entries, in seq order, without gaps.
    pub entries: Vec<Entry>,
}

/// The answer to a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The region holds every entry of this device with seq ≤ this.
    pub high_water: u64,
}

/// The answer to `GET /api/v1/pull?cursor=N&limit=M`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Entries of the unit's jobs written by other devices, oldest first.
    pub entries: Vec<Entry>,
    /// The cursor to send next time.
    pub cursor: u64,
    /// Whether more are waiting right now.
    pub more: bool,
    /// The newest content bundle the region has published, if any: a phone holding an older
    /// one fetches `GET /api/v1/content/{version}`.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub content_version: Option<u64>,
    /// The region's incarnation the cursor belongs to. It changes when the region finds it was
    /// restored from a backup (a phone's acknowledged log or cursor beyond what it holds); a
    /// phone whose cursor belongs to another one is answered from the start, and keeps the new
    /// one with the new cursor. Absent from an older region.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub epoch: Option<String>,
    /// Where the region's copy of this device's own log ends. Below what the phone had been
    /// told before, the region lost entries (restored from a backup): the phone sends again
    /// from here. Absent from an older region.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub high_water: Option<u64>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the store answers.
    pub status: String,
    /// The region's version.
    pub version: String,
    /// Which store: `sqlite` or `postgres`.
    pub store: String,
}

/// Every error the API returns: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A machine code and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, for code to react to (`unauthorized`, `foreign_device`, `seq_gap` …).
    pub code: String,
    /// For a person reading logs.
    pub message: String,
    /// For `seq_gap`: the region's high-water mark for the device, to resume from.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub high_water: Option<u64>,
    /// For a push refused because of one entry: that entry's seq, so the phone can quarantine
    /// it and push the rest.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub seq: Option<u64>,
}

/// The machine codes of a push refused because of one of its entries, for good: sending it
/// again can never succeed. The phone quarantines such an entry (keeps it, shows it, reports it
/// to the region's quarantine) and pushes the rest; every other refusal is retried later.
pub mod refusal {
    /// The entry's author is not the user the device was enrolled for.
    pub const FOREIGN_AUTHOR: &str = "foreign_author";
    /// The entry's clock stamp names another device as its node.
    pub const FOREIGN_NODE: &str = "foreign_node";
    /// The entry's clock stamp is too far ahead of the region's clock: the phone's clock is
    /// wrong.
    pub const CLOCK_AHEAD: &str = "clock_ahead";
    /// The entry does not read as an entry of this region's model (unknown field, wrong type,
    /// unknown kind, seq 0, a NUL character, a clear of an unknown field).
    pub const INVALID_ENTRY: &str = "invalid_entry";
    /// A form value is not a code of the lists in force (problems, actions).
    pub const UNKNOWN_CODE: &str = "unknown_code";
    /// The entry is on another unit's job.
    pub const FOREIGN_JOB: &str = "foreign_job";
    /// The entry creates a job for another unit.
    pub const FOREIGN_UNIT: &str = "foreign_unit";
    /// The region holds another entry under the same device and seq.
    pub const ENTRY_CONFLICT: &str = "entry_conflict";
    /// The entry names a job the region does not know.
    pub const UNKNOWN_REFERENCE: &str = "unknown_reference";

    /// Every code that refuses an entry for good.
    pub const PERMANENT: [&str; 9] = [
        FOREIGN_AUTHOR,
        FOREIGN_NODE,
        CLOCK_AHEAD,
        INVALID_ENTRY,
        UNKNOWN_CODE,
        FOREIGN_JOB,
        FOREIGN_UNIT,
        ENTRY_CONFLICT,
        UNKNOWN_REFERENCE,
    ];

    /// Whether a push refused with `code` refuses an entry for good (see [`PERMANENT`]); the
    /// rest (`storage_unavailable`, `rate_limited`, `seq_gap`, a network failure …) are
    /// transient and retried.
    pub fn is_permanent(code: &str) -> bool {
        PERMANENT.contains(&code)
    }
}

/// Why the region refuses one pushed entry: a code from [`refusal`] and a message for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entry {seq}: {message}")]
pub struct EntryRefusal {
    /// The entry's seq.
    pub seq: u64,
    /// The machine code, one of [`refusal::PERMANENT`].
    pub code: &'static str,
    /// What is wrong, in English, for logs.
    pub message: String,
}

/// The longest text a pushed entry may carry in one string, in bytes: far above any note a
/// nurse types, far below what would fill a database.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Checks one pushed entry against what the token proves and the region's clock and lists:
/// it must be written by the token's user (`foreign_author`: a phone cannot claim another
/// nurse), stamped by the token's device (`foreign_node`), not stamped more than
/// [`MAX_DRIFT_MS`] ahead of `now` (`clock_ahead`), numbered from 1, free of NUL characters
/// and overlong strings, clear only fields the document has (`invalid_entry`), and name only
/// codes of `options` in its form (`unknown_code`). `options` are the form's lists in force
/// on the entry's job's day, found by the caller; `None` when the region has published none,
/// and then a code must still be a code ([`crate::form::is_code`]). A new job's requester is a
/// code too. The device is checked by the caller (it refuses a whole batch: `foreign_device`).
pub fn check_entry(
    entry: &Entry,
    user: &UserId,
    now: Timestamp,
    options: Option<&FormOptions>,
) -> Result<(), EntryRefusal> {
    let refuse = |code: &'static str, message: String| EntryRefusal {
        seq: entry.seq,
        code,
        message,
    };
    if entry.seq == 0 {
        return Err(refuse(refusal::INVALID_ENTRY, "seqs start at 1".to_owned()));
    }
    if &entry.author != user {
        return Err(refuse(
            refusal::FOREIGN_AUTHOR,
            format!(
                "written as {:?}, but this device is enrolled for {:?}",
                entry.author.as_str(),
                user.as_str()
            ),
        ));
    }
    if entry.hlc.node != entry.device {
        return Err(refuse(
            refusal::FOREIGN_NODE,
            format!(
                "clock stamp of device {}, not of this device",
                entry.hlc.node
            ),
        ));
    }
    let limit = u64::try_from(now.millis())
        .unwrap_or(0)
        .saturating_add(MAX_DRIFT_MS);
    if entry.hlc.wall > limit {
        return Err(refuse(
            refusal::CLOCK_AHEAD,
            format!(
                "stamped at {} ms, more than {} minutes ahead of the region's clock",
                entry.hlc.wall,
                MAX_DRIFT_MS / 60_000
            ),
        ));
    }
    let text = serde_json::to_value(entry)
        .map_err(|e| refuse(refusal::INVALID_ENTRY, format!("does not serialise: {e}")))?;
    if let Some(bad) = bad_text(&text) {
        return Err(refuse(refusal::INVALID_ENTRY, bad.to_owned()));
    }
    let unknown_clears = match &entry.body {
        EntryBody::Record(p) => p.unknown_clears(),
        EntryBody::Sbar(p) => p.unknown_clears(),
        EntryBody::Identity(p) => p.unknown_clears(),
        EntryBody::Form(p) => p.unknown_clears(),
        _ => Vec::new(),
    };
    if let Some(field) = unknown_clears.first() {
        return Err(refuse(
            refusal::INVALID_ENTRY,
            format!("clears {field:?}, which the document does not have"),
        ));
    }
    if let EntryBody::JobCreated(h) = &entry.body
        && !crate::form::is_code(h.requester.as_str())
    {
        return Err(refuse(
            refusal::UNKNOWN_CODE,
            format!("requester {:?} is not a code", h.requester.as_str()),
        ));
    }
    let form = match &entry.body {
        EntryBody::Form(p) => Some(&p.set),
        EntryBody::FormSubmitted { form, .. } => Some(form),
        _ => None,
    };
    if let Some(form) = form
        && let Some(bad) = unknown_form_code(form, options)
    {
        return Err(refuse(
            refusal::UNKNOWN_CODE,
            format!("{bad:?} is not a code of the form's lists in force"),
        ));
    }
    Ok(())
}

/// The first problem with a string anywhere in a JSON value: a NUL character (PostgreSQL
/// cannot store it in text, and no nurse types it) or more than [`MAX_TEXT_BYTES`].
pub fn bad_text(v: &serde_json::Value) -> Option<&'static str> {
    let bad = |s: &str| {
        if s.contains('\0') {
            Some("a text holds a NUL character")
        } else if s.len() > MAX_TEXT_BYTES {
            Some("a text is longer than 64 KiB")
        } else {
            None
        }
    };
    match v {
        serde_json::Value::String(s) => bad(s),
        serde_json::Value::Array(a) => a.iter().find_map(bad_text),
        serde_json::Value::Object(o) => o.iter().find_map(|(k, v)| bad(k).or_else(|| bad_text(v))),
        _ => None,
    }
}

/// A requester, problem or action code of `form` that `options` does not list (or, without
/// lists, that is not a code at all).
fn unknown_form_code<'a>(form: &'a StatsForm, options: Option<&FormOptions>) -> Option<&'a str> {
    use crate::form::ListKind;
    let known = |kind: ListKind, code: &str| {
        crate::form::is_code(code) && options.is_none_or(|o| o.label(kind, code).is_some())
    };
    let codes = form
        .requester
        .iter()
        .map(|r| (ListKind::Requester, r.as_str()))
        .chain(form.problem.iter().map(|p| (ListKind::Problem, p.as_str())))
        .chain(
            form.actions
                .iter()
                .flatten()
                .map(|a| (ListKind::Action, a.as_str())),
        );
    codes
        .filter(|&(kind, code)| !known(kind, code))
        .map(|(_, code)| code)
        .next()
}

/// `POST /api/v1/quarantine`: one of the device's own entries that the region refused for good
/// (a code of [`refusal::PERMANENT`]), handed over as it stands so a coach can see it. The
/// region keeps it apart from the record and moves the device's high-water mark past it, so
/// the entries after it can be pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuarantineRequest {
    /// The entry as the phone holds it (JSON; it may be one the region cannot read).
    pub entry: serde_json::Value,
    /// The code the region refused it with.
    pub code: String,
    /// The region's message then.
    pub message: String,
}

/// One quarantined entry, as a coach or the phone lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantinedEntry {
    /// The device that wrote it.
    pub device: DeviceId,
    /// Its seq on that device.
    pub seq: u64,
    /// Its job, when the entry names one.
    pub job: Option<JobId>,
    /// Its kind (`record`, `vitals` …), when the entry names one.
    pub kind: Option<String>,
    /// The nurse the device is enrolled for (the region) or the entry's author (the phone).
    pub user: UserId,
    /// The refusal's code.
    pub code: String,
    /// The refusal's message.
    pub message: String,
    /// When it was quarantined.
    pub at: Timestamp,
    /// On the phone: whether the region's quarantine has it. Always true at the region.
    pub reported: bool,
}

/// `GET /api/v1/quarantine`: the quarantined entries a coach (own unit) or admin may see,
/// newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantineList {
    /// The entries, without their payloads (they may identify a patient).
    pub entries: Vec<QuarantinedEntry>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hlc::Hlc;
    use crate::sample;
    use uuid::Uuid;

    fn entry(body: EntryBody, wall: u64) -> Entry {
        let device = DeviceId(Uuid::from_bytes([1; 16]));
        Entry {
            device,
            seq: 1,
            job: JobId(Uuid::from_bytes([9; 16])),
            hlc: Hlc {
                wall,
                counter: 0,
                node: device,
            },
            author: UserId::new("anna"),
            body,
        }
    }

    const NOW: i64 = 1_770_000_000_000;

    #[test]
    fn an_honest_entry_passes_and_each_forgery_has_its_code() {
        let options = FormOptions::sample();
        let anna = UserId::new("anna");
        let now = Timestamp(NOW);
        let honest = entry(sample::tap(6, now), NOW as u64);
        check_entry(&honest, &anna, now, Some(&options)).unwrap();
        let code = |e: &Entry| check_entry(e, &anna, now, Some(&options)).unwrap_err().code;

        let mut e = honest.clone();
        e.author = UserId::new("berit");
        assert_eq!(code(&e), refusal::FOREIGN_AUTHOR);
        let mut e = honest.clone();
        e.hlc.node = DeviceId(Uuid::from_bytes([2; 16]));
        assert_eq!(code(&e), refusal::FOREIGN_NODE);
        let mut e = honest.clone();
        e.hlc.wall = NOW as u64 + 365 * 24 * 3_600_000;
        assert_eq!(code(&e), refusal::CLOCK_AHEAD);
        let mut e = honest.clone();
        e.hlc.wall = NOW as u64 + MAX_DRIFT_MS;
        check_entry(&e, &anna, now, Some(&options)).unwrap();
        let mut e = honest.clone();
        e.seq = 0;
        assert_eq!(code(&e), refusal::INVALID_ENTRY);
        let mut e = honest.clone();
        e.author = UserId::new("anna\0");
        assert_eq!(code(&e), refusal::FOREIGN_AUTHOR);
        let nul = entry(
            EntryBody::Record(crate::doc::Patch::set(crate::record::RecordText {
                notes: Some("a\0b".into()),
                ..Default::default()
            })),
            NOW as u64,
        );
        assert_eq!(code(&nul), refusal::INVALID_ENTRY);
        let form = entry(
            EntryBody::Form(crate::doc::Patch::set(StatsForm {
                problem: Some("=HYPERLINK(\"http://x\")".into()),
                ..Default::default()
            })),
            NOW as u64,
        );
        assert_eq!(code(&form), refusal::UNKNOWN_CODE);
        // Without lists a code is still checked for its form; with them, against them.
        let unlisted = |problem: &str| {
            entry(
                EntryBody::Form(crate::doc::Patch::set(StatsForm {
                    problem: Some(problem.into()),
                    ..Default::default()
                })),
                NOW as u64,
            )
        };
        let without = |e: &Entry| check_entry(e, &anna, now, None).map_err(|r| r.code);
        assert_eq!(without(&form), Err(refusal::UNKNOWN_CODE));
        assert_eq!(without(&unlisted("abdominal_pain")), Ok(()));
        assert_eq!(code(&unlisted("abdominal_pain")), refusal::UNKNOWN_CODE);
        let requester = entry(
            EntryBody::Form(crate::doc::Patch::set(StatsForm {
                requester: Some(crate::Requester::new("neighbour")),
                ..Default::default()
            })),
            NOW as u64,
        );
        assert_eq!(code(&requester), refusal::UNKNOWN_CODE);
        let mut clear = crate::doc::Patch::<crate::record::RecordText>::default();
        clear.clear.push("is_admin".into());
        assert_eq!(
            code(&entry(EntryBody::Record(clear), NOW as u64)),
            refusal::INVALID_ENTRY
        );
        assert!(refusal::PERMANENT.iter().all(|c| refusal::is_permanent(c)));
        assert!(!refusal::is_permanent("storage_unavailable"));
        assert!(!refusal::is_permanent("seq_gap"));
    }

    /// Every object anywhere in an entry refuses a key the model does not know: the region
    /// must answer 400 for `{"set":{"notes":"n","is_admin":true}}`, not drop `is_admin`.
    #[test]
    fn an_unknown_key_at_any_depth_of_an_entry_is_refused() {
        fn objects(v: &serde_json::Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
            match v {
                serde_json::Value::Object(o) => {
                    out.push(path.clone());
                    for (k, v) in o {
                        let mut p = path.clone();
                        p.push(k.clone());
                        objects(v, p, out);
                    }
                }
                serde_json::Value::Array(a) => {
                    for (i, v) in a.iter().enumerate() {
                        let mut p = path.clone();
                        p.push(i.to_string());
                        objects(v, p, out);
                    }
                }
                _ => {}
            }
        }
        let now = Timestamp(NOW);
        let mut bodies: Vec<EntryBody> = (0..20).map(|k| sample::tap(k, now)).collect();
        bodies.push(EntryBody::Form(crate::doc::Patch::set(StatsForm {
            problem: Some("fall".into()),
            actions: Some(vec!["assessment".into()]),
            ..Default::default()
        })));
        let mut checked = 0;
        for body in bodies {
            let v = serde_json::to_value(entry(body, NOW as u64)).unwrap();
            let mut paths = Vec::new();
            objects(&v, Vec::new(), &mut paths);
            for path in paths {
                let mut bad = v.clone();
                let mut node = &mut bad;
                for k in &path {
                    node = match node {
                        serde_json::Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
                        other => &mut other[k.as_str()],
                    };
                }
                node.as_object_mut()
                    .unwrap()
                    .insert("is_admin".into(), serde_json::Value::Bool(true));
                assert!(
                    serde_json::from_value::<Entry>(bad.clone()).is_err(),
                    "unknown key at {path:?} accepted: {bad}"
                );
                checked += 1;
            }
        }
        assert!(checked > 40, "{checked}");
    }
}
