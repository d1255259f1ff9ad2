//! The v1 handlers: each extracts typed input, calls one function, and answers JSON.

use super::AppState;
use super::access::{Caller, ClientAddr};
use super::auth::{Device, hash_secret, new_token, normalise_code};
use super::error::ApiError;
use super::jobs::is_identifying;
use crate::push;
use crate::storage::AuditAction;
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, StatusCode, header};
use axum::response::IntoResponse;
use samverka_model::JobId;
use samverka_model::content::DIGEST_HEADER;
use samverka_model::sync::{
    EnrollRequest, EnrollResponse, Health, MAX_PULL_ENTRIES, PullResponse, PushResponse,
};
use serde::Deserialize;

/// JSON body or a clear 4xx (malformed, wrong types, not JSON, not UTF-8).
pub(super) fn body<T>(r: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    r.map(|Json(v)| v).map_err(|e| match e {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send Content-Type: application/json",
        ),
        JsonRejection::BytesRejection(_) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "request body too large or unreadable",
        ),
        other => ApiError::bad_request("invalid_json", other.body_text()),
    })
}

pub(super) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.storage.ping().await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        store: state.storage.kind().into(),
    }))
}

pub(super) async fn enroll(
    State(state): State<AppState>,
    req: Result<Json<EnrollRequest>, JsonRejection>,
) -> Result<Json<EnrollResponse>, ApiError> {
    let req = body(req)?;
    let code = normalise_code(&req.code);
    if code.len() != super::auth::CODE_LEN {
        return Err(ApiError::bad_request(
            "invalid_code",
            "an enrolment code has 10 letters and digits",
        ));
    }
    let token = new_token();
    let auth = state
        .storage
        .redeem_enrolment(
            &hash_secret(&code),
            req.device,
            &hash_secret(&token),
            crate::now(),
        )
        .await?
        .ok_or_else(|| {
            ApiError::forbidden(
                "invalid_code",
                "the code is unknown, already used or expired",
            )
        })?;
    tracing::info!(device = %auth.device, unit = %auth.unit, "device enrolled");
    Ok(Json(EnrollResponse {
        token,
        unit: auth.unit,
        user: auth.user,
    }))
}

pub(super) async fn push(
    State(state): State<AppState>,
    Device(auth): Device,
    req: Result<Json<RawPush>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let req = body(req)?;
    let entries = push::read_entries(req.entries)?;
    let stored = push::accept(&*state.storage, &auth, &entries, &state.lists).await?;
    // Entries stored anew, so /metrics does not count a repeated batch again.
    crate::telemetry::pushed(stored.added);
    Ok(Json(PushResponse {
        high_water: stored.high_water,
    }))
}

/// `POST /api/v1/push`'s body as read: the batch strictly, each entry on its own so that one
/// that does not read is refused with its seq ([`push::read_entries`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPush {
    entries: Vec<Box<serde_json::value::RawValue>>,
}

/// `?cursor=N&limit=M`, and from a phone that knows them `&epoch=E&acked=A`: the incarnation
/// its cursor belongs to and how far it was told its own log is stored (`crate::restore`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PullQuery {
    #[serde(default)]
    cursor: u64,
    limit: Option<u32>,
    epoch: Option<String>,
    acked: Option<u64>,
}

pub(super) async fn pull(
    State(state): State<AppState>,
    Device(auth): Device,
    client: ClientAddr,
    q: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let limit = q
        .limit
        .unwrap_or(MAX_PULL_ENTRIES)
        .clamp(1, MAX_PULL_ENTRIES);
    let start = crate::restore::pull_start(
        &*state.storage,
        auth.device,
        q.cursor,
        q.epoch.as_deref(),
        q.acked,
        crate::now(),
    )
    .await?;
    let page = state
        .storage
        .pull(&auth.unit, auth.device, start.cursor, limit)
        .await?;
    let more = page.entries.len() == limit as usize;
    // One audit record per job whose identity entries this page delivers, written before the
    // page is answered: if the log cannot be written, the phone gets an error and pulls again.
    let mut identified: Vec<JobId> = Vec::new();
    for e in page.entries.iter().filter(|e| is_identifying(e)) {
        if !identified.contains(&e.job) {
            identified.push(e.job);
        }
    }
    if !identified.is_empty() {
        let now = crate::now();
        // Pull serves only the device's own unit, so that is every job's unit here.
        let unit = auth.unit.clone();
        let caller = Caller::Device(auth);
        let reads: Vec<_> = identified
            .into_iter()
            .map(|job| caller.read_of(AuditAction::Pull, job, &unit, &client, now))
            .collect();
        state.storage.append_audit(&reads).await?;
    }
    crate::telemetry::pulled(page.entries.len());
    Ok(Json(PullResponse {
        entries: page.entries,
        cursor: page.cursor,
        more,
        content_version: start.content_version,
        epoch: Some(start.epoch),
        high_water: Some(start.high_water),
    }))
}

/// `GET /api/v1/content/{version}`: a published bundle, byte for byte as stored, with its
/// SHA-256 in [`DIGEST_HEADER`] so the phone can tell a whole bundle from a cut-off one.
pub(super) async fn content(
    State(state): State<AppState>,
    Device(_): Device,
    version: Result<Path<u64>, PathRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Path(version) =
        version.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let stored = state.storage.content(version).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_content_version",
            format!("no content version {version} has been published"),
        )
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (HeaderName::from_static(DIGEST_HEADER), stored.body_sha256),
            // Published versions never change.
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
        ],
        stored.body,
    ))
}
