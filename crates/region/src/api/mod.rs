//! API v1: thin handlers over the storage; the rules a push must follow live in [`crate::push`].
//!
//! Who may call what is in [`access`] (roles nurse, coach, admin; a unit scope for nurses and
//! coaches); reads of identifying entries are logged in the audit log ([`jobs`], pull,
//! [`audit`]); enrolment and login are rate-limited per client address ([`limit`]); every
//! answer carries the security headers (`nosniff`, `DENY` framing, no referrer, `no-store`
//! unless a route caches on purpose, HSTS under TLS).

pub mod access;
pub mod audit;
mod auth;
pub mod client;
pub mod coach;
mod error;
pub mod guard;
mod handlers;
pub mod jobs;
pub mod limit;
pub mod ops;
pub mod quarantine;
pub mod requests;
pub mod staff;
pub mod stats;

pub use auth::{hash_secret, new_enrolment_code, new_token, normalise_code};
pub use error::{ApiError, ErrorCode};

use crate::storage::SharedStorage;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};
use limit::{AttemptLimiter, AttemptRate};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

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

/// The request timeout answers before any handler, with an empty body; say it in JSON.
async fn json_timeout(resp: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    if resp.status() == StatusCode::REQUEST_TIMEOUT
        && resp.headers().get(header::CONTENT_TYPE).is_none()
    {
        return ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "the request took too long to arrive",
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
    /// Whether the region is served over TLS: session cookies are then `Secure`.
    pub tls: bool,
    /// The published content's form lists, read once per version.
    pub lists: crate::published::ListsCache,
}

/// How the application is set up beyond its storage.
#[derive(Debug, Clone)]
pub struct RouterOptions {
    /// Attempts per client address at enrolment, and (counted separately) at login.
    pub attempts: AttemptRate,
    /// Whether the region is served over TLS: then every answer carries
    /// `Strict-Transport-Security`.
    pub tls: bool,
    /// How long a whole request, body included, may take: past it the answer is 408
    /// `request_timeout` (a client trickling its body holds nothing for long).
    pub request_timeout: std::time::Duration,
    /// The load balancers whose `X-Forwarded-For` names the client ([`client`]); none by
    /// default.
    pub trusted_proxies: client::TrustedProxies,
    /// `/metrics` and who may read it; `None` serves no metrics (no recorder installed).
    pub metrics: Option<ops::MetricsEndpoint>,
}

impl Default for RouterOptions {
    fn default() -> Self {
        Self {
            attempts: AttemptRate::default(),
            tls: false,
            request_timeout: crate::serve::Limits::default().request_timeout,
            trusted_proxies: client::TrustedProxies::default(),
            metrics: None,
        }
    }
}

/// The whole HTTP application with the default options (plain HTTP, default attempt limits).
pub fn router(storage: SharedStorage) -> Router {
    router_with(storage, RouterOptions::default())
}

/// The whole HTTP application. Serve it with `into_make_service_with_connect_info::<SocketAddr>()`
/// so the rate limits and the audit log see each client's address.
pub fn router_with(storage: SharedStorage, options: RouterOptions) -> Router {
    let enrol_limiter = AttemptLimiter::enrolment(storage.clone(), options.attempts);
    let login_limiter = AttemptLimiter::login(storage.clone(), options.attempts);
    let v1 = Router::new()
        .route("/health", get(handlers::health))
        .route(
            "/enroll",
            post(handlers::enroll).layer(middleware::from_fn_with_state(
                enrol_limiter,
                limit::limit_api,
            )),
        )
        .route("/push", post(handlers::push))
        .route("/pull", get(handlers::pull))
        .route("/quarantine", post(quarantine::post).get(quarantine::list))
        .route("/content/{version}", get(handlers::content))
        .route("/jobs/{job}", get(jobs::job))
        .route("/quiz-results", post(coach::post_result))
        .route("/introduction", get(coach::introduction))
        .route("/introduction/marks", post(coach::post_mark))
        .route("/quiz-stats", get(coach::quiz_stats))
        .route("/requests", get(requests::list))
        .route("/requests/{id}/answer", post(requests::answer))
        .route("/audit", get(audit::audit))
        .route("/audit/requests", get(audit::request_audit))
        .route(
            "/login",
            post(stats::login_api).layer(middleware::from_fn_with_state(
                login_limiter.clone(),
                limit::limit_api,
            )),
        )
        .route("/stats", get(stats::stats))
        .route("/stats/compare", get(stats::compare))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint in API v1",
            )
        });
    let app = Router::new()
        .nest("/api/v1", v1)
        .merge(crate::dashboard::routes(login_limiter))
        .merge(ops::routes(&storage, options.metrics.clone()))
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
        // Innermost: every handler sees a request already checked for NUL characters and
        // cross-site writes (see [`guard`]).
        .layer(middleware::from_fn(guard::refuse_nul))
        .layer(middleware::from_fn_with_state(
            options.tls,
            guard::same_origin,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            options.request_timeout,
        ))
        .layer(axum::middleware::map_response(json_timeout))
        .layer(axum::middleware::map_response(json_too_large))
        .layer(RequestDecompressionLayer::new())
        // Most answers (a high-water mark, an empty pull) are a few dozen bytes: gzip costs
        // more than it saves below a kilobyte.
        // The fastest level: a pull answer is entry JSON that compresses to a few per cent
        // at any level, and the default level's extra ratio cost the region a twentieth of its
        // CPU (gzip was 5 % of a loaded region's samples at the default, `perf`).
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(SizeAbove::new(1024)),
        );
    let app = with_security_headers(app, options.tls);
    ops::layers(app, options.trusted_proxies.clone()).with_state(AppState {
        storage,
        tls: options.tls,
        lists: crate::published::ListsCache::default(),
    })
}

/// One year: the `max-age` of `Strict-Transport-Security`.
const HSTS: &str = "max-age=31536000";

/// The headers every answer carries, outermost so errors of the body limit and the fallbacks
/// get them too. `Cache-Control: no-store` and a deny-all CSP only where a route set nothing
/// itself: published content stays cacheable and the dashboard keeps its own policy.
fn with_security_headers(app: Router<AppState>, tls: bool) -> Router<AppState> {
    let fixed =
        |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    let default =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    let app = app
        .layer(default(header::CACHE_CONTROL, "no-store"))
        .layer(default(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::REFERRER_POLICY, "no-referrer"));
    if tls {
        app.layer(fixed(header::STRICT_TRANSPORT_SECURITY, HSTS))
    } else {
        app
    }
}
