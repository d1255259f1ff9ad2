//! Tauri's build step, with the one command's permission generated.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["ui_ready"]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build configuration: {e:#}");
    }
}
