//! The rules a push must follow, whatever the storage: only the token's own device's entries,
//! bounded batches, jobs created only for the device's own unit, and each entry read strictly
//! and checked by the model ([`samverka_model::sync::check_entry`]): written by the token's
//! user, stamped by the token's device, not stamped too far ahead of the region's clock, its
//! form codes in the lists in force.
//!
//! A refusal that names one entry carries its seq, so the phone can quarantine that entry
//! (`POST /api/v1/quarantine`) and push the rest.

use crate::api::ApiError;
use crate::published::{ListsCache, Published};
use crate::storage::{DeviceAuth, Storage, StorageError, StoredBatch};
use axum::http::StatusCode;
use samverka_model::JobId;
use samverka_model::sync::{EntryRefusal, MAX_PUSH_ENTRIES, check_entry, refusal};
use samverka_model::timestamp::Zone;
use samverka_model::{Entry, EntryBody, Timestamp};
use serde_json::value::RawValue;
use std::collections::{BTreeSet, HashMap};

/// Reads a pushed batch strictly, entry by entry: an entry that does not read as the model's
/// (an unknown field at any depth, a wrong type, an unknown kind) is refused with 400
/// `invalid_entry` and its seq, where one can be read.
///
/// Each entry arrives as its raw JSON text and is read straight into an [`Entry`]: going through
/// a `serde_json::Value` first built a tree of maps and strings per entry only to throw it away,
/// most of a push's allocations. The seq is looked for only when an entry is refused.
pub fn read_entries(raw: Vec<Box<RawValue>>) -> Result<Vec<Entry>, ApiError> {
    if raw.len() > MAX_PUSH_ENTRIES {
        return Err(batch_too_large());
    }
    raw.into_iter()
        .map(|v| {
            serde_json::from_str::<Entry>(v.get()).map_err(|e| {
                let err = ApiError::bad_request(
                    refusal::INVALID_ENTRY,
                    format!("an entry does not read as an entry: {e}"),
                );
                match serde_json::from_str::<SeqOf>(v.get()) {
                    Ok(SeqOf { seq }) => err.with_seq(seq),
                    Err(_) => err,
                }
            })
        })
        .collect()
}

/// The seq of an entry that was refused, if it has one that reads as a number.
#[derive(serde::Deserialize)]
struct SeqOf {
    seq: u64,
}

fn batch_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "batch_too_large",
        format!("at most {MAX_PUSH_ENTRIES} entries per push"),
    )
}

/// An entry the model refuses, as the API's answer: 400 for what cannot be an entry, 403 for
/// one written or stamped as someone else, 422 for a wrong clock or a code not in force.
fn refused(r: EntryRefusal) -> ApiError {
    let status = match r.code {
        refusal::FOREIGN_AUTHOR | refusal::FOREIGN_NODE => StatusCode::FORBIDDEN,
        refusal::CLOCK_AHEAD | refusal::UNKNOWN_CODE => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiError::new(status, r.code, r.message).with_seq(r.seq)
}

/// Checks a batch and stores it; returns the device's new high-water mark and how many entries
/// were new. A form's codes are checked against the lists in force on its job's day, from
/// `lists` (the published content).
pub async fn accept(
    storage: &dyn Storage,
    auth: &DeviceAuth,
    entries: &[Entry],
    lists: &ListsCache,
) -> Result<StoredBatch, ApiError> {
    // Only a batch with a form needs the lists (most pushes carry none).
    let published = if entries.iter().any(has_form) {
        lists.get(storage).await?
    } else {
        Default::default()
    };
    accept_at(storage, auth, entries, crate::now(), &published).await
}

/// Whether an entry carries form answers whose codes must be checked.
fn has_form(e: &Entry) -> bool {
    matches!(e.body, EntryBody::Form(_) | EntryBody::FormSubmitted { .. })
}

/// The day of each job a form of `entries` is on: from its creating entry in the batch, else
/// from the region's copy of the job. A job the region does not know yet is missing (the
/// storage refuses its entries anyway).
async fn form_days(
    storage: &dyn Storage,
    entries: &[Entry],
) -> Result<HashMap<JobId, String>, ApiError> {
    let mut days: HashMap<JobId, String> = entries
        .iter()
        .filter_map(|e| match &e.body {
            EntryBody::JobCreated(h) => Some((e.job, h.requested_at.date(Zone::Sweden))),
            _ => None,
        })
        .collect();
    let wanted: BTreeSet<JobId> = entries
        .iter()
        .filter(|e| has_form(e) && !days.contains_key(&e.job))
        .map(|e| e.job)
        .collect();
    for job in wanted {
        let created = storage
            .job_entries(job)
            .await?
            .into_iter()
            .find_map(|e| match e.body {
                EntryBody::JobCreated(h) => Some(h.requested_at.date(Zone::Sweden)),
                _ => None,
            });
        if let Some(day) = created {
            days.insert(job, day);
        }
    }
    Ok(days)
}

/// [`accept`] with the region's clock and lists given (tests set them).
pub async fn accept_at(
    storage: &dyn Storage,
    auth: &DeviceAuth,
    entries: &[Entry],
    now: Timestamp,
    published: &Published,
) -> Result<StoredBatch, ApiError> {
    if entries.len() > MAX_PUSH_ENTRIES {
        return Err(batch_too_large());
    }
    if let Some(e) = entries.iter().find(|e| e.device != auth.device) {
        return Err(ApiError::forbidden(
            "foreign_device",
            format!(
                "entry {} was written by another device than this token's",
                e.entry_ref()
            ),
        ));
    }
    // The lists the phones' forms offered: the version in force on each job's day, as the
    // phone chose it. Before any lists are published, codes are checked for their form only.
    let days = if published.lists.is_empty() || !entries.iter().any(has_form) {
        HashMap::new()
    } else {
        form_days(storage, entries).await?
    };
    let today = now.date(Zone::Sweden);
    for e in entries {
        let day = days.get(&e.job).unwrap_or(&today);
        check_entry(e, &auth.user, now, published.lists.in_force(day)).map_err(refused)?;
        if let EntryBody::JobCreated(h) = &e.body
            && h.performer.unit != auth.unit
        {
            return Err(ApiError::forbidden(
                refusal::FOREIGN_UNIT,
                format!(
                    "job {} is created for unit {}, not this device's unit",
                    e.job, h.performer.unit
                ),
            )
            .with_seq(e.seq));
        }
    }
    if entries.is_empty() {
        return Ok(StoredBatch {
            high_water: storage.high_water(auth.device).await?,
            added: 0,
        });
    }
    match storage.store_entries(auth, entries, now).await {
        Ok(high_water) => Ok(high_water),
        Err(e @ StorageError::SeqGap { .. }) => {
            // The phone was told more was stored than is: the region lost the end of its log.
            crate::restore::lost_log(storage, auth.device, now).await;
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
