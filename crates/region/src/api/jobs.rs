//! `GET /api/v1/jobs/{job}`: one job's entries for a nurse or coach of its unit, or an admin.
//! A job with identity entries is written to the audit log before it is answered.

use super::AppState;
use super::access::{Caller, ClientAddr};
use super::error::ApiError;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samverka_model::{Entry, EntryBody, JobId, UnitId};
use serde::{Deserialize, Serialize};

/// The answer: the job's entries in region order, as the model's [`Entry`] list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobEntries {
    /// The job.
    pub job: JobId,
    /// Its unit.
    pub unit: UnitId,
    /// Every entry of it the region holds, in the order the region stored them.
    pub entries: Vec<Entry>,
}

/// Whether an entry identifies the patient (personal identity number, name).
pub fn is_identifying(entry: &Entry) -> bool {
    matches!(entry.body, EntryBody::Identity(_))
}

pub(super) async fn job(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientAddr,
    job: Result<Path<JobId>, PathRejection>,
) -> Result<Json<JobEntries>, ApiError> {
    let Path(job) = job.map_err(|e| ApiError::bad_request("invalid_job_id", e.body_text()))?;
    let unit = state
        .storage
        .job_units(&[job])
        .await?
        .into_iter()
        .next()
        .map(|(_, unit)| unit)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_job",
                format!("the region holds no job {job}"),
            )
        })?;
    caller.may_read_unit(&unit)?;
    let entries = state.storage.job_entries(job).await?;
    if entries.iter().any(is_identifying) {
        // No unaudited read: if this fails, the answer is an error, not the entries.
        let read = caller.read_of(
            crate::storage::AuditAction::JobRead,
            job,
            &unit,
            &client,
            crate::now(),
        );
        state.storage.append_audit(&[read]).await?;
    }
    Ok(Json(JobEntries { job, unit, entries }))
}
