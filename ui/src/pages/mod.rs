//! The app's screens.

pub mod coach;
pub mod contacts;
pub mod document;
pub mod export;
pub mod form;
pub mod guides;
pub mod home;
pub mod identity;
pub mod job;
pub mod more;
pub mod position;
pub mod quiz;
pub mod record;
pub mod requests;
pub mod sbar;
pub mod settings;
pub mod timeline;
