//! Samverka's regional backend: where the phones' work meets.
//!
//! - [`storage`]: the [`storage::Storage`] trait, on PostgreSQL (production) or SQLite (local).
//! - [`api`]: API v1 over axum — enrolment, push, pull, health — errors as JSON.
//! - [`push`]: the rules a pushed batch must follow.
//! - [`stats_import`]: reading a file of historical statistics forms.
//! - [`dashboard`]: the statistics dashboard for coaches and the operative group.
//! - [`cli`]: the `samverka-region` command (serve, migrate, enroll, units, devices, content,
//!   stats, staff).

pub mod api;
pub mod cli;
pub mod dashboard;
pub mod push;
pub mod stats_import;
pub mod storage;

use samverka_model::Timestamp;

/// The current wall-clock time.
pub fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
}
