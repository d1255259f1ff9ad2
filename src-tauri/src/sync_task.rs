//! The background sync: the device's sync loop on Tauri's tokio runtime, its state forwarded to
//! the UI as the `sync-state` event.
//!
//! Environment:
//! - `SAMVERKA_REGION_CA`: a PEM file with the region's certificate, trusted besides the public
//!   roots, for a region whose certificate no public authority signed (`make run` points it at
//!   the one `samverka-region tls-cert` generated). Enrolment (`sync::enroll`, also from the
//!   settings screen) and the sync loop both read it, so they trust the same region. A set but
//!   unreadable file stops enrolment and sync with an error; nothing falls back to plain HTTP.
//! - `SAMVERKA_REGION_URL`, `SAMVERKA_ENROLL_CODE`: see [`enroll_from_env`].

use crate::shell::Shell;
use samverka_device::sync::{self, ClientOptions, LoopOptions, SyncClient};
use samverka_model::app::SYNC_STATE_EVENT;
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// How the app paces sync. A phone coming out of a dead zone should catch up within half a
/// minute without the nurse touching anything, so retries are capped lower than the library's
/// default; thousands of phones still spread out thanks to the jitter.
fn loop_options() -> LoopOptions {
    LoopOptions {
        interval: Duration::from_secs(30),
        backoff_base: Duration::from_secs(1),
        backoff_cap: Duration::from_secs(20),
        ..LoopOptions::default()
    }
}

/// Starts the loop if the device is enrolled (at app start).
pub fn start_if_enrolled(app: &AppHandle) {
    let shell = app.state::<Shell>();
    // Read first: a match on `shell.store()…` would hold the store's lock through `start`.
    let enrolled = shell.store().enrollment();
    match enrolled {
        Ok(Some(_)) => start(app, &shell),
        Ok(None) => tracing::info!("not enrolled: sync waits for enrolment"),
        Err(e) => tracing::error!("reading enrolment: {e}"),
    }
}

/// Starts (or restarts, after a new enrolment) the sync loop and its event forwarder.
pub fn start(app: &AppHandle, shell: &Shell) {
    let url = match shell.store().enrollment() {
        Ok(Some(e)) => e.region_url,
        Ok(None) => return,
        Err(e) => {
            tracing::error!("reading enrolment: {e}");
            return;
        }
    };
    // Read at each start, as enrolment reads it: the pinned certificate applies to both.
    let options = match ClientOptions::from_env() {
        Ok(o) => o,
        Err(e) => {
            tracing::error!("sync with {url} not started: {e}");
            return;
        }
    };
    let client = match SyncClient::new(&url, &options) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("sync client for {url}: {e}");
            return;
        }
    };
    let store = shell.shared_store();
    // The loop spawns onto Tauri's runtime; entering its context works from the main thread
    // (app start) and from a command already running on it (after enrolment).
    let runtime = tauri::async_runtime::handle();
    let handle = {
        let _context = runtime.inner().enter();
        sync::spawn_loop(store, client, loop_options())
    };
    let handle = match handle {
        Ok(h) => h,
        Err(e) => {
            tracing::error!("starting sync: {e}");
            return;
        }
    };
    let mut status = handle.status();
    shell.set_sync(handle);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        // The log says when the region is reached or lost (not every sync): what a person
        // running the app from a terminal needs to see that sync works.
        let mut reached: Option<(bool, Option<String>)> = None;
        loop {
            let now = status.borrow_and_update().clone();
            crate::reply::emit(&app, SYNC_STATE_EVENT, &now);
            let outcome = (now.online, now.last_error.clone());
            if reached.as_ref() != Some(&outcome) {
                match &now.last_error {
                    _ if now.online => tracing::info!(pending = now.pending, "synced"),
                    Some(e) => tracing::warn!("sync failed: {e}"),
                    // Not tried yet.
                    None => {}
                }
                reached = Some(outcome);
            }
            // Ends when the loop is replaced or stopped and its sender dropped.
            if status.changed().await.is_err() {
                break;
            }
        }
    });
    tracing::info!(region = %url, "sync loop started");
}

/// For `make run` and demos: enrol from `SAMVERKA_REGION_URL`, `SAMVERKA_ENROLL_CODE` and
/// `SAMVERKA_PIN` (the app lock's PIN, checked like one typed) when the phone is not enrolled
/// yet. In the field, enrolment is done on the settings screen.
pub fn enroll_from_env(app: &AppHandle) {
    let (Ok(url), Ok(code), Ok(pin)) = (
        std::env::var("SAMVERKA_REGION_URL"),
        std::env::var("SAMVERKA_ENROLL_CODE"),
        std::env::var("SAMVERKA_PIN"),
    ) else {
        return;
    };
    if let Err(e) = samverka_model::lock::check_pin("pin", &pin) {
        tracing::error!("SAMVERKA_PIN refused: {}", e.message);
        return;
    }
    let shell = app.state::<Shell>();
    if matches!(shell.store().enrollment(), Ok(Some(_))) {
        return;
    }
    let store = shell.shared_store();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match sync::enroll(&store, &url, &code).await {
            Ok(e) => {
                tracing::info!(unit = %e.unit.as_str(), "enrolled from the environment");
                let shell = app.state::<Shell>();
                if let Err(e) = shell.store().set_pin(&pin) {
                    tracing::error!("setting the PIN from the environment failed: {e}");
                }
                shell.open_lock();
                start(&app, &shell);
            }
            Err(e) => tracing::error!("enrolment from the environment failed: {e}"),
        }
    });
}
