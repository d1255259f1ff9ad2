//! `GET /api/v1/audit?job=&since=&limit=`: the audit log of identifying reads, newest first,
//! for admins only; `GET /api/v1/audit/requests?request=&limit=`: the same for deliveries of
//! health centres' requests (their own log, since a request is not a job).

use super::AppState;
use super::access::Caller;
use super::error::ApiError;
use crate::storage::{AuditQuery, AuditRecord, RequestReadRecord};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use samverka_model::request::RequestId;
use samverka_model::{JobId, Timestamp};
use serde::{Deserialize, Serialize};

/// How many records an answer holds when the query does not say.
pub const DEFAULT_AUDIT_LIMIT: u32 = 100;
/// The most records one answer holds.
pub const MAX_AUDIT_LIMIT: u32 = 1000;

/// `?job=UUID&since=MILLIS&limit=N`, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AuditParams {
    job: Option<JobId>,
    /// Milliseconds since the epoch.
    since: Option<i64>,
    limit: Option<u32>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    /// The records, newest first.
    pub records: Vec<AuditRecord>,
}

pub(super) async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Json<AuditLog>, ApiError> {
    caller.must_be_admin()?;
    let Query(q) = q.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let records = state
        .storage
        .audit(&AuditQuery {
            job: q.job,
            since: q.since.map(Timestamp),
            limit: q
                .limit
                .unwrap_or(DEFAULT_AUDIT_LIMIT)
                .clamp(1, MAX_AUDIT_LIMIT),
        })
        .await?;
    Ok(Json(AuditLog { records }))
}

/// `?request=UUID&limit=N`, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RequestAuditParams {
    request: Option<RequestId>,
    limit: Option<u32>,
}

/// The answer of `GET /api/v1/audit/requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestAuditLog {
    /// The records, newest first.
    pub records: Vec<RequestReadRecord>,
}

pub(super) async fn request_audit(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<RequestAuditParams>, QueryRejection>,
) -> Result<Json<RequestAuditLog>, ApiError> {
    caller.must_be_admin()?;
    let Query(q) = q.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let limit = q
        .limit
        .unwrap_or(DEFAULT_AUDIT_LIMIT)
        .clamp(1, MAX_AUDIT_LIMIT);
    let records = state.storage.request_audit(q.request, limit).await?;
    Ok(Json(RequestAuditLog { records }))
}
