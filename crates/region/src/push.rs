//! The rules a push must follow, whatever the storage: only the token's own device's entries,
//! bounded batches, jobs created only for the device's own unit, and each entry read strictly
//! and checked by the model ([`samverka_model::sync::check_entry`]): written by the token's
//! user, stamped by the token's device, not stamped too far ahead of the region's clock, its
//! form codes in the lists in force.
//!
//! A refusal that names one entry carries its seq, so the phone can quarantine that entry
//! (`POST /api/v1/quarantine`) and push the rest.

use crate::api::ApiError;
use crate::storage::{DeviceAuth, Storage, StorageError};
use axum::http::StatusCode;
use samverka_model::form::FormOptions;
use samverka_model::sync::{EntryRefusal, MAX_PUSH_ENTRIES, check_entry, refusal};
use samverka_model::{Entry, EntryBody, Timestamp};

/// Reads a pushed batch strictly, entry by entry: an entry that does not read as the model's
/// (an unknown field at any depth, a wrong type, an unknown kind) is refused with 400
/// `invalid_entry` and its seq, where one can be read.
pub fn read_entries(raw: Vec<serde_json::Value>) -> Result<Vec<Entry>, ApiError> {
    if raw.len() > MAX_PUSH_ENTRIES {
        return Err(batch_too_large());
    }
    raw.into_iter()
        .map(|v| {
            let seq = v.get("seq").and_then(serde_json::Value::as_u64);
            serde_json::from_value::<Entry>(v).map_err(|e| {
                let err = ApiError::bad_request(
                    refusal::INVALID_ENTRY,
                    format!("an entry does not read as an entry: {e}"),
                );
                match seq {
                    Some(seq) => err.with_seq(seq),
                    None => err,
                }
            })
        })
        .collect()
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

/// Checks a batch and stores it; returns the device's new high-water mark.
pub async fn accept(
    storage: &dyn Storage,
    auth: &DeviceAuth,
    entries: &[Entry],
) -> Result<u64, ApiError> {
    accept_at(storage, auth, entries, crate::now()).await
}

/// [`accept`] with the region's clock given (tests set it).
pub async fn accept_at(
    storage: &dyn Storage,
    auth: &DeviceAuth,
    entries: &[Entry],
    now: Timestamp,
) -> Result<u64, ApiError> {
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
    // The lists the phones' forms offer: the same `FormOptions` every phone validates with.
    let options = FormOptions::sample();
    for e in entries {
        check_entry(e, &auth.user, now, &options).map_err(refused)?;
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
        return Ok(storage.high_water(auth.device).await?);
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
