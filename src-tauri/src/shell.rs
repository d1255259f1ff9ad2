//! The state the shell keeps between commands: the store and the running sync loop.

use crate::keystore::PlatformKeyStore;
use samverka_device::sync::SyncHandle;
use samverka_device::{Store, StoreError};
use samverka_model::DeviceId;
use samverka_model::lock::{DEFAULT_IDLE_SECS, LockState};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
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

/// Overrides the idle time before the app locks, in seconds (the region's policy on managed
/// phones; the end-to-end tests use a short one).
pub const LOCK_IDLE_ENV: &str = "SAMVERKA_LOCK_IDLE_SECS";

/// Whether the app is locked, and since when the nurse was last active. In memory on purpose:
/// a restarted app starts locked.
struct LockGate {
    /// Whether a PIN exists, kept here so a tap does not ask the database each time.
    has_pin: bool,
    locked: bool,
    last_activity: Instant,
    idle: Duration,
}

/// The app's state, managed by Tauri.
pub struct Shell {
    store: Arc<Mutex<Store>>,
    sync: Mutex<Option<SyncHandle>>,
    gate: Mutex<LockGate>,
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
        let idle_secs = std::env::var(LOCK_IDLE_ENV)
            .ok()
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|s| (1..=3600).contains(s))
            .unwrap_or(DEFAULT_IDLE_SECS);
        let gate = LockGate {
            has_pin: store.has_pin()?,
            locked: store.has_pin()?,
            last_activity: Instant::now(),
            idle: Duration::from_secs(u64::from(idle_secs)),
        };
        Ok(Self {
            store: Arc::new(Mutex::new(store)),
            sync: Mutex::new(None),
            gate: Mutex::new(gate),
            started: Instant::now(),
        })
    }

    fn gate(&self) -> MutexGuard<'_, LockGate> {
        self.gate.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether patient data may be shown now. Locks first if the nurse was idle too long, so
    /// a UI that missed its own timer cannot keep the app open. Counts as activity when open.
    pub fn admit(&self) -> bool {
        let mut g = self.gate();
        if g.last_activity.elapsed() >= g.idle && g.has_pin {
            g.locked = true;
        }
        if !g.locked {
            g.last_activity = Instant::now();
        }
        !g.locked
    }

    /// The nurse touched the screen (the UI says so now and then while she types).
    pub fn activity(&self) -> bool {
        self.admit()
    }

    /// Locks now (idle timer in the UI, the app going to the background).
    pub fn lock(&self) {
        let mut g = self.gate();
        if g.has_pin {
            g.locked = true;
        }
    }

    /// Opens the lock after a right PIN, or after a PIN was just chosen (enrolment).
    pub fn open_lock(&self) {
        let mut g = self.gate();
        g.has_pin = true;
        g.locked = false;
        g.last_activity = Instant::now();
    }

    /// The lock as the UI sees it.
    pub fn lock_state(&self) -> Result<LockState, StoreError> {
        let admitted = self.admit();
        // Never hold the gate and the store at once.
        let idle = self.gate().idle;
        let store = self.store();
        let (failures, wait_ms) = store.pin_wait(samverka_device::now())?;
        Ok(LockState {
            has_pin: store.has_pin()?,
            locked: !admitted,
            failures,
            wait_ms,
            idle_secs: u32::try_from(idle.as_secs()).unwrap_or(DEFAULT_IDLE_SECS),
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
