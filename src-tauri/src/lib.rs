//! Samverka's Tauri 2 shell.
//!
//! The shell owns nothing but wiring: it opens the device store, exposes it to the UI as a few
//! thin commands (`commands`), runs the background sync loop and forwards its state to the UI
//! as an event (`sync_task`). Every rule lives in `samverka-model`, every byte on disk in
//! `samverka-device`.

mod commands;
mod failure;
mod keystore;
mod lifecycle;
mod locate;
mod reply;
mod shell;
mod sync_task;

pub use shell::{DATA_DIR_ENV, Shell};

use tauri::Manager;

/// Starts the app: desktop `main`, and the mobile targets through the generated entry point.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    init_tracing();
    // The opener hands a contact's tel: link to the phone's dialler; the webview itself gets
    // no opener permission (capabilities/main.json).
    let builder = tauri::Builder::default().plugin(tauri_plugin_opener::init());
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_geolocation::init());
    let result = builder
        .setup(|app| {
            let dir = shell::data_dir(app.handle())?;
            let shell = Shell::open(&dir)?;
            tracing::info!(dir = %dir.display(), device = %shell.device_id(), "store open");
            app.manage(shell);
            sync_task::start_if_enrolled(app.handle());
            sync_task::enroll_from_env(app.handle());
            #[cfg(feature = "e2e")]
            commands::allow_test_hooks(app)?;
            Ok(())
        })
        .on_window_event(|window, event| {
            if let Some(change) = lifecycle::from_window_event(window, event) {
                lifecycle::handle(window, change);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::jobs,
            commands::job,
            commands::create_job,
            commands::record,
            commands::record_field,
            commands::sbar_draft,
            commands::save_sbar,
            commands::history,
            commands::enroll,
            commands::sync_now,
            commands::save_settings,
            commands::ui_ready,
            commands::ui_words,
            commands::content_status,
            commands::content_seen,
            commands::documents,
            commands::document,
            commands::search,
            commands::contacts,
            commands::dial,
            commands::lock_state,
            commands::lock_now,
            commands::still_here,
            commands::unlock,
            commands::quiz_setup,
            commands::submit_quiz,
            commands::quiz_results,
            commands::scenarios,
            commands::start_practice,
            commands::introduction,
            commands::quarantine,
            commands::locate_arrival,
            commands::choose_municipality,
            commands::municipalities,
            commands::export_job,
            commands::requests,
            commands::accept_request,
            commands::decline_request,
            #[cfg(feature = "e2e")]
            commands::emulate_lifecycle,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("samverka stopped: {e}");
        eprintln!("samverka: {e}");
        std::process::exit(1);
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SAMVERKA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second init (tests starting the app twice in one process) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
