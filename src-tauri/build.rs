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
    let mut commands = vec![
        "app_info",
        "jobs",
        "job",
        "form_options",
        "create_job",
        "record",
        "record_field",
        "sbar_draft",
        "save_sbar",
        "history",
        "enroll",
        "sync_now",
        "save_settings",
        "ui_ready",
        "ui_words",
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
        "quarantine",
        "locate_arrival",
        "choose_municipality",
        "municipalities",
        "export_job",
        "requests",
        "accept_request",
        "decline_request",
    ];
    // The end-to-end tests' lifecycle hook exists only in builds with the `e2e` feature.
    if std::env::var_os("CARGO_FEATURE_E2E").is_some() {
        commands.push("emulate_lifecycle");
    }
    // tauri-build keeps the list for the whole build script: leaking it once is what it asks.
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice()));
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build configuration: {e:#}");
    }
    android_permissions();
}

/// On an Android build (`cargo tauri android build` sets `TAURI_ANDROID_PROJECT_PATH`), writes
/// the permissions kept in `android/permissions.xml` into the generated project's manifest,
/// between markers, as Tauri's own plugins do: `cargo tauri android init` regenerates that
/// manifest, so the repository's copy is the one that lasts.
fn android_permissions() {
    println!("cargo::rerun-if-changed=android/permissions.xml");
    println!("cargo::rerun-if-env-changed=TAURI_ANDROID_PROJECT_PATH");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("android") {
        return;
    }
    // A regenerated project (`cargo tauri android init`) gets its permissions back even when
    // nothing of the crate changed.
    if let Some(project) = std::env::var_os("TAURI_ANDROID_PROJECT_PATH") {
        let manifest = std::path::Path::new(&project).join("app/src/main/AndroidManifest.xml");
        println!("cargo::rerun-if-changed={}", manifest.display());
    }
    let permissions = match std::fs::read_to_string("android/permissions.xml") {
        Ok(p) => p,
        Err(e) => panic!("src-tauri/android/permissions.xml: {e}"),
    };
    // The file's own comment stays in the repository; only the elements go into the manifest.
    let elements: Vec<&str> = permissions
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<uses-"))
        .collect();
    if let Err(e) = tauri_utils::build::update_android_manifest(
        "SAMVERKA PERMISSIONS",
        "manifest",
        elements.join("\n"),
    ) {
        panic!("writing the Android permissions into the manifest: {e:#}");
    }
}
