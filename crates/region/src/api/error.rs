//! Errors as responses: every failure is `{"error": {"code", "message"}}` with a fitting status.

use crate::storage::StorageError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samverka_model::sync::{ErrorBody, ErrorDetail};

/// An API error: status, stable code, message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    high_water: Option<u64>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            high_water: None,
        }
    }

    /// 401: no or bad token.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid device token is required",
        )
    }

    /// 400: the request is malformed.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 403: authenticated but not allowed.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound(what) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_reference",
                format!("unknown {what}"),
            ),
            StorageError::EntryConflict(r) => Self::new(
                StatusCode::CONFLICT,
                "entry_conflict",
                format!("entry {r} is already stored with different content"),
            ),
            StorageError::JobOfOtherUnit(j) => {
                Self::forbidden("foreign_job", format!("job {j} belongs to another unit"))
            }
            StorageError::SeqGap { first, high_water } => Self {
                high_water: Some(high_water),
                ..Self::new(
                    StatusCode::CONFLICT,
                    "seq_gap",
                    format!("batch starts at seq {first}; resume after {high_water}"),
                )
            },
            StorageError::Duplicate(what) => Self::new(
                StatusCode::CONFLICT,
                "duplicate",
                format!("already stored: {what}"),
            ),
            StorageError::Database(msg) => {
                tracing::error!(%msg, "storage failed");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_unavailable",
                    "storage is unavailable, retry later",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                high_water: self.high_water,
            },
        };
        (self.status, Json(body)).into_response()
    }
}
