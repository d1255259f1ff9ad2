//! An empty Tauri shell: opens its window and, when the UI says it is ready, writes
//! `$SAMVERKA_READY_FILE` exactly as Samverka's shell does.

use std::time::Instant;

#[tauri::command]
fn ui_ready(started: tauri::State<'_, Instant>) {
    let ms = started.elapsed().as_millis();
    if let Some(path) = std::env::var_os("SAMVERKA_READY_FILE") {
        let _ = std::fs::write(path, format!("{ms}\n"));
    }
}

fn main() {
    let result = tauri::Builder::default()
        .manage(Instant::now())
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("empty app: {e}");
        std::process::exit(1);
    }
}
