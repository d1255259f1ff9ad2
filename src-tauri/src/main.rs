//! The desktop entry point; phones enter through `samverka_app::run` directly.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    samverka_app::run();
}
