//! The platform keystore that holds the database key (`samverka_device::KeyStore`): one
//! `keyring_core::Entry` per database file, in the store of the platform the app runs on.
//!
//! The entry code is the same everywhere; only the store behind it differs (`platform`):
//! Secret Service on Linux, the Android Keystore, the iOS data-protection keychain, the macOS
//! keychain, the Windows credential manager. None of them keeps the key in the app's files.

use samverka_device::{DatabaseKey, KeyStore, KeyStoreError};
use std::path::Path;

/// The keystore service name the key is filed under.
pub const SERVICE: &str = "se.samverka.app";

/// The database key's entry in the platform keystore.
pub struct PlatformKeyStore {
    entry: keyring_core::Entry,
}

impl PlatformKeyStore {
    /// The entry for the database at `db_path` (the path tells apart several app instances on
    /// one desktop, as the end-to-end tests run them).
    pub fn for_database(db_path: &Path) -> Result<Self, KeyStoreError> {
        platform::install()?;
        let account = format!("database-key:{}", db_path.display());
        let entry = keyring_core::Entry::new(SERVICE, &account).map_err(unavailable)?;
        Ok(Self { entry })
    }
}

fn unavailable(e: keyring_core::Error) -> KeyStoreError {
    KeyStoreError::Unavailable(e.to_string())
}

impl KeyStore for PlatformKeyStore {
    fn load(&self) -> Result<Option<DatabaseKey>, KeyStoreError> {
        match self.entry.get_password() {
            Ok(hex) => Ok(Some(DatabaseKey::from_hex(&hex)?)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn save(&self, key: &DatabaseKey) -> Result<(), KeyStoreError> {
        self.entry.set_password(&key.to_hex()).map_err(unavailable)
    }

    fn delete(&self) -> Result<(), KeyStoreError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Which store backs the entries on this platform, made the process's default once.
mod platform {
    use super::{KeyStoreError, unavailable};
    use keyring_core::CredentialStore;
    use std::sync::{Arc, Mutex};

    /// Whether the default store is in place. Not a `OnceLock` of the result: a keystore that
    /// was not up at the first try (a desktop session still starting) may be on the next.
    static INSTALLED: Mutex<bool> = Mutex::new(false);

    /// Makes this platform's store the default for new entries, once per process.
    pub fn install() -> Result<(), KeyStoreError> {
        let mut installed = INSTALLED.lock().unwrap_or_else(|p| p.into_inner());
        if !*installed {
            keyring_core::set_default_store(open().map_err(unavailable)?);
            *installed = true;
        }
        Ok(())
    }

    /// The desktop's Secret Service (GNOME Keyring, KWallet) over the session D-Bus.
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    fn open() -> keyring_core::Result<Arc<CredentialStore>> {
        Ok(zbus_secret_service_keyring_store::Store::new()?)
    }

    /// The Android Keystore: an AES key that never leaves AndroidKeyStore wraps the secret,
    /// which SharedPreferences holds only encrypted. The application context comes from
    /// `ndk-context`, which tao sets when the activity is created, before `run()`'s setup.
    #[cfg(target_os = "android")]
    fn open() -> keyring_core::Result<Arc<CredentialStore>> {
        let config = std::collections::HashMap::from([("name", "samverka")]);
        Ok(android_native_keyring_store::Store::new_with_configuration(
            &config,
        )?)
    }

    /// The iOS data-protection keychain, in the app's own access group, never synced to
    /// iCloud (the default configuration).
    #[cfg(target_os = "ios")]
    fn open() -> keyring_core::Result<Arc<CredentialStore>> {
        Ok(apple_native_keyring_store::protected::Store::new()?)
    }

    /// The macOS login keychain.
    #[cfg(target_os = "macos")]
    fn open() -> keyring_core::Result<Arc<CredentialStore>> {
        Ok(apple_native_keyring_store::keychain::Store::new()?)
    }

    /// The Windows credential manager.
    #[cfg(target_os = "windows")]
    fn open() -> keyring_core::Result<Arc<CredentialStore>> {
        Ok(windows_native_keyring_store::Store::new()?)
    }
}
