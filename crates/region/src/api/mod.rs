//! API v1: thin handlers over the storage; the rules a push must follow live in [`crate::push`].

mod auth;
mod error;
mod handlers;
pub mod staff;
pub mod stats;

pub use auth::{hash_secret, new_enrolment_code, new_token, normalise_code};
pub use error::ApiError;

use crate::storage::SharedStorage;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

/// The largest request body accepted, after decompression (a full push batch is well below).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The body limit answers before any handler runs, in plain text; say it in the API's JSON.
async fn json_too_large(resp: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let is_json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if resp.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("request bodies are limited to {MAX_BODY_BYTES} bytes"),
        )
        .into_response();
    }
    resp
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The storage.
    pub storage: SharedStorage,
}

/// The whole HTTP application.
pub fn router(storage: SharedStorage) -> Router {
    let v1 = Router::new()
        .route("/health", get(handlers::health))
        .route("/enroll", post(handlers::enroll))
        .route("/push", post(handlers::push))
        .route("/pull", get(handlers::pull))
        .route("/content/{version}", get(handlers::content))
        .route("/login", post(stats::login_api))
        .route("/stats", get(stats::stats))
        .route("/stats/compare", get(stats::compare))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint in API v1",
            )
        });
    Router::new()
        .nest("/api/v1", v1)
        .merge(crate::dashboard::routes())
        .fallback(|uri: axum::http::Uri| async move {
            if uri.path().starts_with("/api/") {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "unknown_api_version",
                    "this region speaks API v1 (/api/v1/…)",
                )
            } else {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such page")
            }
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(json_too_large))
        .layer(RequestDecompressionLayer::new())
        // Most answers (a high-water mark, an empty pull) are a few dozen bytes: gzip costs
        // more than it saves below a kilobyte.
        .layer(CompressionLayer::new().compress_when(SizeAbove::new(1024)))
        .with_state(AppState { storage })
}
