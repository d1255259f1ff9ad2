//! Errors as responses: every failure is `{"error": {"code", "message"}}` with a fitting status.

use crate::storage::StorageError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samverka_model::sync::{ErrorBody, ErrorDetail};

/// The code of a refusal, left on its response for the metrics layer (`/metrics` counts
/// refused requests by it: `samverka_rejected_requests_total{code}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode(pub &'static str);

/// An API error: status, stable code, message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    high_water: Option<u64>,
    seq: Option<u64>,
    retry_after: Option<u64>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            high_water: None,
            seq: None,
            retry_after: None,
        }
    }

    /// The same error, naming the one entry of a push it refuses (the phone quarantines it).
    pub fn with_seq(self, seq: u64) -> Self {
        Self {
            seq: Some(seq),
            ..self
        }
    }

    /// 429: too many attempts from this address; `Retry-After` says how many seconds to wait.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many attempts from this address; retry in {retry_after_secs} s"),
            )
        }
    }

    /// 401 for a token of a revoked device (a phone reported lost): it must be enrolled again.
    pub fn revoked() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "revoked",
            "this device's token was revoked; enrol the device again",
        )
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
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
            )
            .with_seq(r.seq),
            StorageError::JobOfOtherUnit(j, seq) => {
                Self::forbidden("foreign_job", format!("job {j} belongs to another unit"))
                    .with_seq(seq)
            }
            StorageError::UnknownJob(j, seq) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_reference",
                format!("unknown job {j}"),
            )
            .with_seq(seq),
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
            StorageError::ResultConflict(id) => Self::new(
                StatusCode::CONFLICT,
                "result_conflict",
                format!("quiz result {id} is already stored with different content"),
            ),
            StorageError::Invalid(msg) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", msg)
            }
            StorageError::Refused(msg) => Self::bad_request("invalid_value", msg),
            StorageError::DeviceTaken(d) => Self::new(
                StatusCode::CONFLICT,
                "device_enrolled",
                format!(
                    "device {d} is enrolled for another unit or nurse; a new installation \
                     (a new device id) can be enrolled with this code"
                ),
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
                seq: self.seq,
            },
        };
        let mut resp = (self.status, Json(body)).into_response();
        resp.extensions_mut().insert(ErrorCode(self.code));
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        resp
    }
}
