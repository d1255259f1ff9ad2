//! The endpoints and layers for running the region (#21): `/health` (the process answers; no
//! database), `/ready` (the database answers and has every migration this binary has: a load
//! balancer sends traffic only then), `/metrics` (Prometheus text, for loopback, an allow-list
//! or a bearer token only), and the layers every request passes: the client's address behind
//! trusted proxies, a request id echoed as `x-request-id`, a log span, and the metrics.

use super::client::{self, REQUEST_ID, ResolvedClient, TrustedProxies};
use super::{ApiError, AppState};
use crate::storage::SharedStorage;
use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ipnet::IpNet;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Who may read `/metrics` (what it renders is the process's [`crate::telemetry`]).
#[derive(Clone)]
pub struct MetricsEndpoint {
    /// Client networks that may read it without a token (loopback by default).
    pub allow: Arc<[IpNet]>,
    /// SHA-256 of the bearer token that may read it from anywhere, if one is set.
    pub token_sha256: Option<[u8; 32]>,
}

impl std::fmt::Debug for MetricsEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsEndpoint")
            .field("allow", &self.allow)
            .field("token", &self.token_sha256.map(|_| "…"))
            .finish()
    }
}

impl MetricsEndpoint {
    /// Readable by `allow` and by whoever sends `token` as a bearer token.
    pub fn new(allow: Vec<IpNet>, token: Option<&str>) -> Self {
        Self {
            allow: allow.into(),
            token_sha256: token.map(|t| Sha256::digest(t.as_bytes()).into()),
        }
    }

    /// Whether a request from `client` with `headers` may read the metrics.
    fn admits(&self, client: Option<ResolvedClient>, headers: &HeaderMap) -> Result<(), ApiError> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "));
        if let (Some(expected), Some(given)) = (self.token_sha256, bearer) {
            // Compared as digests: the time taken says nothing about the token's bytes.
            let given: [u8; 32] = Sha256::digest(given.as_bytes()).into();
            return if given == expected {
                Ok(())
            } else {
                Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "wrong metrics token",
                ))
            };
        }
        if client.is_some_and(|c| self.allow.iter().any(|n| n.contains(&c.ip))) {
            return Ok(());
        }
        Err(ApiError::forbidden(
            "metrics_forbidden",
            "metrics are for the region's monitoring only",
        ))
    }
}

/// The networks that may read `/metrics` without a token when none are configured: loopback.
pub fn loopback() -> Vec<IpNet> {
    ["127.0.0.0/8", "::1/128"]
        .iter()
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// `GET /health`: the process is up. Asks nothing of the database, so a database outage does
/// not make a supervisor restart healthy nodes.
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "status": "alive",
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

/// `GET /ready`: the database answers and has every migration of this binary; otherwise 503,
/// and the load balancer sends this node nothing.
async fn ready(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    match state.storage.missing_migrations().await? {
        0 => Ok(Json(serde_json::json!({
            "status": "ready",
            "store": state.storage.kind(),
        }))),
        n => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "schema_behind",
            format!(
                "{n} migration(s) of this version are not applied: run `samverka-region migrate`"
            ),
        )),
    }
}

/// `GET /metrics`: Prometheus text format, for the region's monitoring only.
async fn metrics(
    State((endpoint, storage)): State<(MetricsEndpoint, SharedStorage)>,
    req: Request,
) -> Response {
    let client = req.extensions().get::<ResolvedClient>().copied();
    if let Err(e) = endpoint.admits(client, req.headers()) {
        return e.into_response();
    }
    if let Some(pool) = storage.pool_stats() {
        crate::telemetry::pool(pool);
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::telemetry::render(),
    )
        .into_response()
}

/// The routes: `/health`, `/ready`, and `/metrics` when asked for.
pub(super) fn routes(
    storage: &SharedStorage,
    metrics: Option<MetricsEndpoint>,
) -> Router<AppState> {
    let routes = Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready));
    match metrics {
        Some(endpoint) => routes.route(
            "/metrics",
            get(self::metrics).with_state((endpoint, storage.clone())),
        ),
        None => routes,
    }
}

/// The layers around every route, outermost last: the metrics, the request id echoed, the log
/// span, the request id made (or a trusted proxy's kept), the client's address.
pub(super) fn layers(app: Router<AppState>, trusted: TrustedProxies) -> Router<AppState> {
    app.layer(middleware::from_fn(crate::telemetry::observe))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(middleware::from_fn_with_state(
            trusted,
            client::resolve_client,
        ))
}

/// The span every line logged for a request carries: its id, method, path and client.
fn span(req: &Request) -> tracing::Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let client = req
        .extensions()
        .get::<ResolvedClient>()
        .map(|c| c.ip.to_string())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.uri().path(),
        client = %client,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn endpoint(token: Option<&str>) -> MetricsEndpoint {
        MetricsEndpoint::new(loopback(), token)
    }

    fn from(ip: &str, via_proxy: bool) -> Option<ResolvedClient> {
        ip.parse().ok().map(|ip| ResolvedClient { ip, via_proxy })
    }

    fn bearer(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&format!("Bearer {token}")) {
            h.insert(header::AUTHORIZATION, v);
        }
        h
    }

    #[test]
    fn metrics_are_for_loopback_or_the_token_only() {
        let open = endpoint(None);
        assert!(
            open.admits(from("127.0.0.1", false), &HeaderMap::new())
                .is_ok()
        );
        assert!(open.admits(from("::1", false), &HeaderMap::new()).is_ok());
        assert!(
            open.admits(from("198.51.100.7", false), &HeaderMap::new())
                .is_err()
        );
        // A client a proxy forwarded is judged by its own address, not the proxy's.
        assert!(
            open.admits(from("198.51.100.7", true), &HeaderMap::new())
                .is_err()
        );
        assert!(open.admits(None, &HeaderMap::new()).is_err());
        let locked = endpoint(Some("a-long-monitoring-token"));
        assert!(
            locked
                .admits(
                    from("198.51.100.7", false),
                    &bearer("a-long-monitoring-token")
                )
                .is_ok()
        );
        let wrong = locked.admits(from("127.0.0.1", false), &bearer("guess"));
        assert_eq!(wrong.map_err(|e| e.code()), Err("unauthorized"));
    }
}
