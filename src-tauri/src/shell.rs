//! The state the shell keeps between commands: the store and the running sync loop.

use crate::keystore::PlatformKeyStore;
use samverka_device::sync::SyncHandle;
use samverka_device::{Store, StoreError};
use samverka_model::DeviceId;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tauri::{AppHandle, Manager};

/// Overrides where the database lives (tests, and several app instances on one desktop).
pub const DATA_DIR_ENV: &str = "SAMVERKA_DATA_DIR";

/// The database file inside the data directory.
const DB_FILE: &str = "samverka.db";

/// Why the app could not open its database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The data directory could not be created.
    #[error("cannot create the data directory {0}: {1}")]
    Dir(PathBuf, #[source] std::io::Error),
    /// The database could not be opened or migrated.
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    /// The platform keystore did not give the database key.
    #[error("cannot get the database key: {0}")]
    Key(#[from] samverka_device::KeyStoreError),
}

/// The app's state, managed by Tauri.
pub struct Shell {
    store: Arc<Mutex<Store>>,
    sync: Mutex<Option<SyncHandle>>,
    started: Instant,
}

impl Shell {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        std::fs::create_dir_all(dir).map_err(|e| OpenError::Dir(dir.to_owned(), e))?;
        // Only this user may list or read the app's files (the database is encrypted as well).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| OpenError::Dir(dir.to_owned(), e))?;
        }
        let db = dir.join(DB_FILE);
        let keystore = PlatformKeyStore::for_database(&db)?;
        let key = samverka_device::key::load_or_create(&keystore, &db)?;
        let store = Store::open(&db, &key)?;
        Ok(Self {
            store: Arc::new(Mutex::new(store)),
            sync: Mutex::new(None),
            started: Instant::now(),
        })
    }

    /// This installation's id.
    pub fn device_id(&self) -> DeviceId {
        self.store().device_id()
    }

    /// The store, for one command's work. A panic in another command while holding it leaves
    /// the database consistent (every write is one transaction), so a poisoned lock is reused.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The store, shared with the sync loop.
    pub fn shared_store(&self) -> Arc<Mutex<Store>> {
        Arc::clone(&self.store)
    }

    /// Replaces the running sync loop (after enrolment) or sets the first one.
    pub fn set_sync(&self, handle: SyncHandle) {
        let mut slot = self.sync.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(old) = slot.replace(handle) {
            old.stop();
        }
    }

    /// Asks the sync loop, if there is one, to run now.
    pub fn trigger_sync(&self) {
        let slot = self.sync.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = slot.as_ref() {
            h.trigger();
        }
    }

    /// Time since the shell was set up.
    pub fn uptime_ms(&self) -> u128 {
        self.started.elapsed().as_millis()
    }
}

/// Where the database lives: `$SAMVERKA_DATA_DIR`, else the platform's app data directory.
pub fn data_dir(app: &AppHandle) -> Result<PathBuf, tauri::Error> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(d) if !d.is_empty() => Ok(PathBuf::from(d)),
        _ => app.path().app_data_dir(),
    }
}
