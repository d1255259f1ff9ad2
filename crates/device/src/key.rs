//! The database key. The whole database file is encrypted with SQLCipher under a 256-bit key that
//! is generated on the device and kept in the platform's keystore (behind [`KeyStore`]), never in
//! a file: a copied or lost database file alone reveals nothing.

use rand::RngExt;
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// A 256-bit database key. Zeroed when dropped; its `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey(Zeroizing<[u8; 32]>);

/// A key that could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a database key is 64 hexadecimal digits")]
pub struct BadKey;

impl DatabaseKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rng().fill(&mut bytes[..]);
        Self(bytes)
    }

    /// From its 64 hex digits (how keystores hold it).
    pub fn from_hex(hex_digits: &str) -> Result<Self, BadKey> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_digits.trim(), &mut bytes[..]).map_err(|_| BadKey)?;
        Ok(Self(bytes))
    }

    /// Its 64 hex digits, zeroed when dropped.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(&self.0[..]))
    }

    /// The statement that hands the key to SQLCipher as a raw key (no passphrase derivation: it
    /// is already 256 random bits). Only hex digits are formatted in, so it cannot inject SQL.
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        let mut hex = self.to_hex();
        let stmt = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex.as_str()));
        hex.zeroize();
        stmt
    }
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(…)")
    }
}

/// Why the keystore failed.
#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    /// The platform keystore is not reachable (no Secret Service running, keychain locked …).
    #[error("the keystore is not available: {0}")]
    Unavailable(String),
    /// The keystore holds something that is not a key.
    #[error("the keystore holds an unreadable key: {0}")]
    Unreadable(#[from] BadKey),
    /// The database exists but its key is gone from the keystore: the data cannot be read.
    #[error(
        "the database {0} exists but its key is not in the keystore; it cannot be opened (was the keystore reset?)"
    )]
    Lost(String),
}

/// Where the database key lives: the platform keystore (the shell's `PlatformKeyStore`: Secret
/// Service on Linux, the Android Keystore, the iOS and macOS keychains, the Windows credential
/// manager). One key per database.
pub trait KeyStore {
    /// The stored key, if there is one.
    fn load(&self) -> Result<Option<DatabaseKey>, KeyStoreError>;
    /// Stores the key, replacing any earlier one.
    fn save(&self, key: &DatabaseKey) -> Result<(), KeyStoreError>;
    /// Forgets the key (after the database was deleted).
    fn delete(&self) -> Result<(), KeyStoreError>;
}

/// The key for the database at `db_path`: the stored one, or a new one (saved first) when no
/// database exists yet. A database without its key is an error, never a silent fresh start: it
/// may hold entries that have not reached the region.
pub fn load_or_create(
    store: &dyn KeyStore,
    db_path: &std::path::Path,
) -> Result<DatabaseKey, KeyStoreError> {
    if let Some(key) = store.load()? {
        return Ok(key);
    }
    if db_path.exists() {
        return Err(KeyStoreError::Lost(db_path.display().to_string()));
    }
    let key = DatabaseKey::generate();
    store.save(&key)?;
    // Read it back: a keystore that accepts a write but forgets it would lose the data later.
    match store.load()? {
        Some(back) if back == key => Ok(key),
        _ => Err(KeyStoreError::Unavailable(
            "the key written to the keystore did not read back".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_hex_and_never_print() {
        let k = DatabaseKey::generate();
        let hex = k.to_hex();
        assert_eq!(hex.len(), 64);
        assert_eq!(DatabaseKey::from_hex(&hex), Ok(k.clone()));
        assert_ne!(DatabaseKey::generate(), k);
        assert_eq!(format!("{k:?}"), "DatabaseKey(…)");
        assert_eq!(DatabaseKey::from_hex("xyz"), Err(BadKey));
        assert_eq!(DatabaseKey::from_hex(&hex[..62]), Err(BadKey));
        assert!(k.pragma().contains(hex.as_str()));
    }
}
