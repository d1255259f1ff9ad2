//! What the region tells the people who run it (#21): logs through `tracing` (one JSON object
//! per line in production, with the request's id on every line of that request), and
//! Prometheus metrics (the `prometheus` crate's registry, rendered at `/metrics` by
//! [`crate::api::ops`]).
//!
//! Metrics are per process: a Prometheus server scrapes every node and sums them (`sum by
//! (route)`), and a restarted node starts from zero, which Prometheus's `rate()` and
//! `increase()` expect of counters. Until [`install`] has run (a router under test), counting
//! does nothing.
//!
//! | metric | kind | labels |
//! |---|---|---|
//! | `samverka_http_requests_total` | counter | `route`, `method`, `status` |
//! | `samverka_http_request_duration_seconds` | histogram | `route`, `method` |
//! | `samverka_rejected_requests_total` | counter | `code` (the API's error code) |
//! | `samverka_sync_pushes_total` | counter | — (accepted pushes) |
//! | `samverka_sync_entries_stored_total` | counter | — (new entries, not repeats) |
//! | `samverka_sync_pulls_total` | counter | — (answered pulls) |
//! | `samverka_sync_entries_pulled_total` | counter | — |
//! | `samverka_db_pool_connections` | gauge | `state` (`open`, `idle`, `max`) |
//! | `samverka_build_info` | gauge (1) | `version`, `store` |

use crate::api::ErrorCode;
use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use prometheus::{
    Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use std::sync::OnceLock;
use std::time::Instant;

/// Latency buckets in seconds: a sync request's budget is 50 ms at p99, a slow report takes
/// seconds.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's metrics.
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    rejected: IntCounterVec,
    pushes: IntCounter,
    entries_stored: IntCounter,
    pulls: IntCounter,
    entries_pulled: IntCounter,
    db_pool: IntGaugeVec,
}

static METRICS: OnceLock<Metrics> = OnceLock::new();

/// Registers `metric` (a name the registry refuses is a programming error, caught by the
/// tests: the metrics are then simply not rendered).
fn registered<M: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    metric: M,
) -> M {
    if let Err(e) = registry.register(Box::new(metric.clone())) {
        tracing::error!(error = %e, "a metric could not be registered");
    }
    metric
}

impl Metrics {
    fn new(store: &str) -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let r = &registry;
        let build = registered(
            r,
            IntGaugeVec::new(
                Opts::new("samverka_build_info", "The region's version and store."),
                &["version", "store"],
            )?,
        );
        build
            .with_label_values(&[env!("CARGO_PKG_VERSION"), store])
            .set(1);
        Ok(Self {
            http_requests: registered(
                r,
                IntCounterVec::new(
                    Opts::new(
                        "samverka_http_requests_total",
                        "Requests answered, by route, method and status.",
                    ),
                    &["route", "method", "status"],
                )?,
            ),
            http_duration: registered(
                r,
                HistogramVec::new(
                    HistogramOpts::new(
                        "samverka_http_request_duration_seconds",
                        "Time to answer a request, by route and method.",
                    )
                    .buckets(BUCKETS.to_vec()),
                    &["route", "method"],
                )?,
            ),
            rejected: registered(
                r,
                IntCounterVec::new(
                    Opts::new(
                        "samverka_rejected_requests_total",
                        "Requests refused, by the API's error code.",
                    ),
                    &["code"],
                )?,
            ),
            pushes: registered(
                r,
                IntCounter::new("samverka_sync_pushes_total", "Pushes accepted.")?,
            ),
            entries_stored: registered(
                r,
                IntCounter::new(
                    "samverka_sync_entries_stored_total",
                    "Entries stored for the first time.",
                )?,
            ),
            pulls: registered(
                r,
                IntCounter::new("samverka_sync_pulls_total", "Pulls answered.")?,
            ),
            entries_pulled: registered(
                r,
                IntCounter::new(
                    "samverka_sync_entries_pulled_total",
                    "Entries delivered by pulls.",
                )?,
            ),
            db_pool: registered(
                r,
                IntGaugeVec::new(
                    Opts::new(
                        "samverka_db_pool_connections",
                        "Database pool connections by state (open, idle, max).",
                    ),
                    &["state"],
                )?,
            ),
            registry,
        })
    }

    /// The latency histogram of one route and method.
    fn duration(&self, route: &str, method: &str) -> Histogram {
        self.http_duration.with_label_values(&[route, method])
    }
}

/// Starts counting in this process (once: later calls keep the first store's label).
pub fn install(store: &'static str) -> Result<(), prometheus::Error> {
    if METRICS.get().is_none() {
        let _ = METRICS.set(Metrics::new(store)?);
    }
    Ok(())
}

/// Everything counted, in Prometheus's text format; empty before [`install`].
pub fn render() -> String {
    METRICS
        .get()
        .and_then(|m| {
            TextEncoder::new()
                .encode_to_string(&m.registry.gather())
                .ok()
        })
        .unwrap_or_default()
}

/// Counts an accepted push that stored `new_entries` for the first time.
pub fn pushed(new_entries: u64) {
    if let Some(m) = METRICS.get() {
        m.pushes.inc();
        m.entries_stored.inc_by(new_entries);
    }
}

/// Counts an answered pull delivering `entries`.
pub fn pulled(entries: usize) {
    if let Some(m) = METRICS.get() {
        m.pulls.inc();
        m.entries_pulled
            .inc_by(u64::try_from(entries).unwrap_or(u64::MAX));
    }
}

/// Sets the pool gauges (at each scrape).
pub fn pool(stats: crate::storage::PoolStats) {
    if let Some(m) = METRICS.get() {
        for (state, n) in [
            ("open", stats.size),
            ("idle", stats.idle),
            ("max", stats.max),
        ] {
            m.db_pool.with_label_values(&[state]).set(i64::from(n));
        }
    }
}

/// A method as a label: the standard ones by name, anything else as `other`, so a client
/// inventing methods cannot grow the metrics without bound.
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// Middleware on every route: its latency and status, and the code of a refusal. The route is
/// the router's pattern (`/api/v1/jobs/{job}`), never the path asked for, and `unmatched` for
/// the fallbacks, so the label set stays the router's.
pub(crate) async fn observe(req: Request, next: Next) -> Response {
    let Some(m) = METRICS.get() else {
        return next.run(req).await;
    };
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = method_label(req.method());
    let resp = next.run(req).await;
    m.duration(&route, method)
        .observe(start.elapsed().as_secs_f64());
    m.http_requests
        .with_label_values(&[route.as_str(), method, resp.status().as_str()])
        .inc();
    if let Some(ErrorCode(code)) = resp.extensions().get::<ErrorCode>() {
        m.rejected.with_label_values(&[*code]).inc();
    }
    resp
}

/// How the log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (tracing-subscriber's JSON formatter): for journald, Loki,
    /// Elasticsearch.
    #[default]
    Json,
    /// Lines for people at a terminal.
    Text,
}

/// Starts the log on standard error, filtered by `RUST_LOG` (default `info`).
pub fn init_logs(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        // The request's span (its id, method, route, client) on every line logged inside it.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        LogFormat::Text => builder.init(),
    }
}
