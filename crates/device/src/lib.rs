//! Samverka's device core: the phone's store.
//!
//! Every tap becomes one [`samverka_model::Entry`], appended to an SQLite log in the same
//! transaction that updates the job's read model, so what the nurse saw saved is saved, even if
//! the battery dies the next millisecond. Entries from other devices (via the region) are
//! ingested by the same fold. The file is encrypted as a whole (SQLCipher) under a key from the
//! platform keystore ([`key`]). No Tauri and no UI here: the shell calls this, tests call this.

pub mod cli;
mod coach;
mod content;
mod error;
pub mod export;
pub mod key;
mod lock;
pub mod position;
pub mod privacy;
mod quarantine;
mod requests;
mod rows;
mod schema;
pub mod search;
mod settings;
mod store;
pub mod sync;
mod sync_state;

pub use error::StoreError;
pub use key::{DatabaseKey, KeyStore, KeyStoreError};
pub use requests::AnswerDelivery;
pub use schema::MIGRATIONS_DIR;
pub use store::{JobSummary, Store, now};
pub use sync_state::{Enrollment, SyncStatus};
