//! The quarantine: entries the region refused for good, handed over by the phones that wrote
//! them, kept apart from the record for a coach to see.
//!
//! - `POST /api/v1/quarantine` (a device): a [`QuarantineRequest`] naming one of its own
//!   entries and the permanent code it was refused with; answers `{high_water}`, now past the
//!   entry, so the phone pushes the rest. A repeat changes nothing.
//! - `GET /api/v1/quarantine[?unit=U&limit=N]` (a coach: own unit; an admin: every unit, or U):
//!   [`QuarantineList`], newest first, without the entries' payloads.

use super::AppState;
use super::access::Caller;
use super::auth::Device;
use super::error::ApiError;
use super::handlers::body;
use crate::storage::{QuarantineIn, Role};
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use samverka_model::sync::{PushResponse, QuarantineList, QuarantineRequest, refusal};
use samverka_model::{DeviceId, JobId, UnitId};
use serde::Deserialize;

/// The longest quarantined entry taken, as JSON text: far above any entry a phone writes.
pub const MAX_QUARANTINED_BYTES: usize = 256 * 1024;
/// The longest refusal message kept.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

pub(super) async fn post(
    State(state): State<AppState>,
    Device(auth): Device,
    req: Result<Json<QuarantineRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let req = body(req)?;
    let invalid = |m: &str| ApiError::bad_request("invalid_quarantine", m.to_owned());
    if !refusal::is_permanent(&req.code) {
        return Err(invalid(
            "only an entry refused for good (a permanent refusal code) is quarantined",
        ));
    }
    if req.message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(invalid("the message is too long"));
    }
    let field = |k: &str| req.entry.get(k);
    let device = field("device")
        .and_then(|d| d.as_str())
        .and_then(|d| d.parse::<DeviceId>().ok())
        .ok_or_else(|| invalid("the entry names no device"))?;
    if device != auth.device {
        return Err(ApiError::forbidden(
            "foreign_device",
            "only this device's own entries can be quarantined",
        ));
    }
    let seq = field("seq")
        .and_then(serde_json::Value::as_u64)
        .filter(|s| *s >= 1)
        .ok_or_else(|| invalid("the entry has no seq of 1 or more"))?;
    let text = serde_json::to_string(&req.entry).map_err(|e| invalid(&e.to_string()))?;
    if text.len() > MAX_QUARANTINED_BYTES {
        return Err(invalid("the entry is too large"));
    }
    let kind = field("body")
        .and_then(|b| b.get("kind"))
        .and_then(|k| k.as_str())
        .filter(|k| k.len() <= 64)
        .map(str::to_owned);
    let job = field("job")
        .and_then(|j| j.as_str())
        .and_then(|j| j.parse::<JobId>().ok());
    let high_water = state
        .storage
        .quarantine_entry(
            &auth,
            &QuarantineIn {
                seq,
                job,
                kind,
                code: req.code,
                message: req.message,
                entry: text,
            },
            crate::now(),
        )
        .await?;
    tracing::warn!(device = %auth.device, seq, "an entry refused for good was quarantined");
    Ok(Json(PushResponse { high_water }))
}

/// `?unit=U&limit=N`, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListParams {
    unit: Option<String>,
    limit: Option<u32>,
}

pub(super) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<QuarantineList>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let unit = match &caller {
        Caller::Device(_) => {
            return Err(ApiError::forbidden(
                "staff_only",
                "the quarantine is for coaches and admins",
            ));
        }
        Caller::Staff(s) if s.role == Role::Admin => q.unit.map(UnitId::new),
        Caller::Staff(s) => {
            let own = s.unit.clone();
            if let Some(asked) = q.unit.map(UnitId::new)
                && Some(&asked) != own.as_ref()
            {
                return Err(ApiError::forbidden(
                    "other_unit",
                    "a coach sees the quarantine of their own unit",
                ));
            }
            Some(own.ok_or_else(|| ApiError::forbidden("other_unit", "this coach has no unit"))?)
        }
    };
    let limit = q.limit.unwrap_or(100).clamp(1, 1_000);
    let entries = state.storage.quarantined(unit.as_ref(), limit).await?;
    Ok(Json(QuarantineList { entries }))
}
