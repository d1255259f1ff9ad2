//! The app's screens.

pub mod form;
pub mod home;
pub mod job;
pub mod record;
pub mod sbar;
pub mod settings;
pub mod timeline;
