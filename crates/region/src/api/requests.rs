//! The device's side of assistance requests, thin over [`crate::requests`]:
//!
//! - `GET /api/v1/requests` (a nurse's device): its unit's open requests and those answered in
//!   the last day, as [`RequestsResponse`]; each delivery is in the request audit log.
//! - `POST /api/v1/requests/{id}/answer` (a device of the request's unit): an [`AnswerBody`];
//!   answers the [`RequestRecord`] as it then stands. Repeating the same answer from the same
//!   device is harmless; an answered request refuses any other answer with 409
//!   `already_answered`.

use super::AppState;
use super::access::ClientAddr;
use super::auth::Device;
use super::error::ApiError;
use super::handlers::body;
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use samverka_model::request::{AnswerBody, RequestId, RequestRecord, RequestsResponse};

pub(super) async fn list(
    State(state): State<AppState>,
    Device(auth): Device,
    client: ClientAddr,
) -> Result<Json<RequestsResponse>, ApiError> {
    Ok(Json(
        crate::requests::unit_list(&state.storage, &auth, &client, crate::now()).await?,
    ))
}

pub(super) async fn answer(
    State(state): State<AppState>,
    Device(auth): Device,
    id: Result<Path<RequestId>, PathRejection>,
    req: Result<Json<AnswerBody>, JsonRejection>,
) -> Result<Json<RequestRecord>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request("invalid_request_id", e.body_text()))?;
    let answer = body(req)?;
    Ok(Json(
        crate::requests::answer(&state.storage, &auth, id, answer, crate::now()).await?,
    ))
}
