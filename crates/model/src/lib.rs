//! Samverka's domain model: the one place where jobs, the emergency record (akutjournal),
//! NEWS2, SBAR, the statistics form (statistikblanketten) and the entry log live.
//!
//! This crate does no I/O and reads no clock: every time is passed in. That keeps it
//! deterministic, testable, and buildable for `wasm32-unknown-unknown` so the UI runs the same
//! validation and scoring as the device store and the region.
//!
//! The central idea: everything a nurse does is an [`Entry`]; what the app shows is a
//! [`JobView`], the fold of a job's entries. The fold is a merge (per-field last-writer-wins by
//! [`Hlc`], item sets with tombstones, a status derived from the set of timeline marks), so the
//! same entries applied in any order, any number of times, give the same view.

pub mod answers;
pub mod app;
pub mod coach;
pub mod codes;
pub mod content;
pub mod doc;
pub mod entry;
pub mod error;
pub mod export;
pub mod form;
pub mod history;
pub mod hlc;
pub mod holder;
pub mod identity;
pub mod ids;
pub mod items;
pub mod job;
pub mod keyed;
pub mod lock;
pub mod msg;
pub mod news2;
pub mod pad;
pub mod page;
pub mod position;
pub mod prefill;
pub mod record;
pub mod request;
pub mod sample;
pub mod sbar;
pub mod settings;
pub mod stats;
pub mod sv;
pub mod sync;
pub mod timestamp;
pub mod view;
pub mod vitals;
pub mod wire;

pub use entry::{Entry, EntryBody};
pub use error::{CommandError, ErrorCode, FieldError};
pub use hlc::{Hlc, HlcClock};
pub use ids::{DeviceId, EntryRef, JobId, MunicipalityId, UnitId, UserId};
pub use job::{JobHeader, JobType, Performer, PerformerKind, Requester, Status, Step};
pub use timestamp::Timestamp;
pub use view::JobView;
