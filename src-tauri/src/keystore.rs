//! The platform keystore that holds the database key (`samverka_device::KeyStore`): the
//! `keyring` crate's store for this platform, one entry per database file.

use samverka_device::{DatabaseKey, KeyStore, KeyStoreError};
use std::path::Path;

/// The keystore service name the key is filed under.
pub const SERVICE: &str = "se.samverka.app";

/// The database key's entry in the platform keystore.
pub struct PlatformKeyStore {
    #[cfg(not(target_os = "android"))]
    entry: keyring::Entry,
}

impl PlatformKeyStore {
    /// The entry for the database at `db_path` (the path tells apart several app instances on
    /// one desktop, as the end-to-end tests run them).
    pub fn for_database(db_path: &Path) -> Result<Self, KeyStoreError> {
        #[cfg(not(target_os = "android"))]
        {
            let account = format!("database-key:{}", db_path.display());
            let entry = keyring::Entry::new(SERVICE, &account).map_err(unavailable)?;
            Ok(Self { entry })
        }
        #[cfg(target_os = "android")]
        {
            // The Android keystore needs a Kotlin bridge (a Tauri mobile plugin) that is not
            // built yet: refuse rather than keep the key anywhere weaker.
            let _ = db_path;
            Err(KeyStoreError::Unavailable(
                "the Android keystore bridge is not built yet".into(),
            ))
        }
    }
}

#[cfg(not(target_os = "android"))]
fn unavailable(e: keyring::Error) -> KeyStoreError {
    KeyStoreError::Unavailable(e.to_string())
}

#[cfg(not(target_os = "android"))]
impl KeyStore for PlatformKeyStore {
    fn load(&self) -> Result<Option<DatabaseKey>, KeyStoreError> {
        match self.entry.get_password() {
            Ok(hex) => Ok(Some(DatabaseKey::from_hex(&hex)?)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn save(&self, key: &DatabaseKey) -> Result<(), KeyStoreError> {
        self.entry.set_password(&key.to_hex()).map_err(unavailable)
    }

    fn delete(&self) -> Result<(), KeyStoreError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[cfg(target_os = "android")]
impl KeyStore for PlatformKeyStore {
    fn load(&self) -> Result<Option<DatabaseKey>, KeyStoreError> {
        Ok(None)
    }

    fn save(&self, _key: &DatabaseKey) -> Result<(), KeyStoreError> {
        Err(KeyStoreError::Unavailable(
            "the Android keystore bridge is not built yet".into(),
        ))
    }

    fn delete(&self) -> Result<(), KeyStoreError> {
        Ok(())
    }
}
