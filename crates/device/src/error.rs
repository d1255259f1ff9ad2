//! What can go wrong in the store.

use samverka_model::{CommandError, EntryRef};

/// An error from the device store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The model refused the tap; nothing was written. Carries the field-level errors.
    #[error("refused: {0}")]
    Rejected(#[from] CommandError),
    /// SQLite failed (disk full, I/O error, locked database …).
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The database key does not open this database file (or the file is not a database).
    #[error("the database key does not open this database (wrong key, or not a Samverka database)")]
    WrongKey,
    /// The SQLite linked in has no SQLCipher: it would store patient data in plain text.
    #[error("this build's SQLite has no SQLCipher; refusing to store data unencrypted")]
    NotEncrypted,
    /// The platform keystore failed.
    #[error(transparent)]
    KeyStore(#[from] crate::key::KeyStoreError),
    /// A setting outside what the store accepts.
    #[error("{0}")]
    Config(String),
    /// A stored row could not be read back as the model's types.
    #[error("stored data is unreadable ({what}): {source}")]
    Corrupt {
        /// Which row or column.
        what: String,
        /// Why.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Another entry with the same (device, seq) but different content arrived: a forged or
    /// broken sync. The stored entry is kept; the new one is refused.
    #[error("entry {0} arrived again with different content; the stored one is kept")]
    ConflictingEntry(EntryRef),
}

impl StoreError {
    pub(crate) fn corrupt(
        what: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::Corrupt {
            what: what.into(),
            source: Box::new(source),
        }
    }

    /// The field-level errors if the model refused the tap.
    pub fn rejection(&self) -> Option<&CommandError> {
        match self {
            StoreError::Rejected(e) => Some(e),
            _ => None,
        }
    }
}
