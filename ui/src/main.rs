//! Samverka's UI: a Yew app in the Tauri webview, built for a phone held in one hand at night.
//!
//! Pages (`pages/`) are function components holding only screen state; every rule (what may be
//! recorded, NEWS2, the SBAR draft, the form's pre-fill) comes from `samverka-model`, and every
//! read or write goes through `api` to the shell.

mod api;
mod app;
mod components;
mod hooks;
mod idle;
mod pages;
mod strings;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
