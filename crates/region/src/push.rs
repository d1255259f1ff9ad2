//! The rules a push must follow, whatever the storage: only the token's own device's entries,
//! bounded batches, jobs created only for the device's own unit.

use crate::api::ApiError;
use crate::storage::{DeviceAuth, Storage};
use samverka_model::sync::MAX_PUSH_ENTRIES;
use samverka_model::{Entry, EntryBody};

/// Checks a batch and stores it; returns the device's new high-water mark.
pub async fn accept(
    storage: &dyn Storage,
    auth: &DeviceAuth,
    entries: &[Entry],
) -> Result<u64, ApiError> {
    if entries.len() > MAX_PUSH_ENTRIES {
        return Err(ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            format!("at most {MAX_PUSH_ENTRIES} entries per push"),
        ));
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
    for e in entries {
        if let EntryBody::JobCreated(h) = &e.body
            && h.performer.unit != auth.unit
        {
            return Err(ApiError::forbidden(
                "foreign_unit",
                format!(
                    "job {} is created for unit {}, not this device's unit",
                    e.job, h.performer.unit
                ),
            ));
        }
    }
    if entries.is_empty() {
        return Ok(storage.high_water(auth.device).await?);
    }
    Ok(storage.store_entries(auth, entries, crate::now()).await?)
}
