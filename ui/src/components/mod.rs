//! Small pieces every page uses.

pub mod choice;
pub mod content_banner;
pub mod field;
pub mod held_back;
pub mod icon;
pub mod lock_screen;
pub mod numpad;
pub mod saved_input;
pub mod sync_badge;
pub mod top_bar;
pub mod tour;
