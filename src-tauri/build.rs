//! Generates the shell's context and the permissions of its commands. Every app command gets an
//! `allow-…` permission and only those listed in `capabilities/` reach the webview.

fn main() {
    let dist = std::path::Path::new("../ui/dist/index.html");
    if !dist.exists() {
        // generate_context! would fail later with a less helpful message.
        println!(
            "cargo::warning=ui/dist is missing: build the UI first with `make ui` (the shell embeds it)"
        );
    }
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "jobs",
        "job",
        "create_job",
        "record",
        "history",
        "enroll",
        "sync_now",
        "save_settings",
        "ui_ready",
        "content_status",
        "content_seen",
        "documents",
        "document",
        "search",
        "contacts",
        "dial",
        "lock_state",
        "lock_now",
        "still_here",
        "unlock",
        "quiz_setup",
        "submit_quiz",
        "quiz_results",
        "scenarios",
        "start_practice",
        "introduction",
        "locate_arrival",
        "choose_municipality",
        "municipalities",
        "export_job",
        "requests",
        "accept_request",
        "decline_request",
    ]);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build configuration: {e:#}");
    }
}
