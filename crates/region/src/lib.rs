//! Samverka's regional backend: where the phones' work meets.
//!
//! - [`storage`]: the [`storage::Storage`] trait, on PostgreSQL (production) or SQLite (local).
//! - [`api`]: API v1 over axum — enrolment, push, pull, health — errors as JSON.
//! - [`push`]: the rules a pushed batch must follow.
//! - [`stats_import`]: reading a file of historical statistics forms, checked against the
//!   published content ([`published`]: the form's lists of every year, the municipalities).
//! - [`report`]: the annual report and the quarter's figures as a document (HTML printed to
//!   PDF by headless Chromium).
//! - [`coach`]: the coaches' corner — introduction lists, readiness for IVPA, quality-test
//!   results and their per-question figures.
//! - [`requests`]: assistance requests from health centres — the requester's form checked by
//!   the model, delivery to the unit's phones (audited), answers stored once.
//! - [`dashboard`]: the statistics dashboard for coaches and the operative group.
//! - [`tls`]: rustls server configuration and self-signed certificates for local runs.
//! - [`cli`]: the `samverka-region` command (serve, migrate, enroll, nurses, units, devices,
//!   content, stats, report, staff, audit, tls-cert).
//!
//! Security: roles nurse (an enrolled device), coach and admin, each scoped to a unit except
//! admins ([`api::access`]); every read of identifying entries goes to an append-only audit log
//! before it is answered; enrolment and login are rate-limited per client address; TLS with
//! `serve --tls-cert --tls-key`; security headers on every answer. A revoked device's token
//! gets 401 with the code `revoked`.

pub mod api;
pub mod cli;
pub mod coach;
pub mod config;
pub mod csv_out;
pub mod dashboard;
pub mod published;
pub mod push;
pub mod report;
pub mod requests;
pub mod restore;
pub mod serve;
pub mod stats_import;
pub mod storage;
pub mod telemetry;
pub mod tls;

use samverka_model::Timestamp;

/// The current wall-clock time.
pub fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
}
