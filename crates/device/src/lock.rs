//! The app lock's state on the device: the PIN as an Argon2id hash and the count of wrong
//! attempts, with the wait they earn (`samverka_model::lock`). Whether the app is locked right
//! now is the shell's business (it lives as long as the process); what must survive a restart
//! lives here.

use crate::error::StoreError;
use crate::store::Store;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngExt;
use rusqlite::params;
use samverka_model::Timestamp;
use samverka_model::lock::{Unlock, check_pin, wait_after};

impl Store {
    /// Whether a PIN has been chosen.
    pub fn has_pin(&self) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT pin_hash IS NOT NULL FROM app_lock WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// Sets (or changes) the PIN, after the model's checks, and clears the wrong attempts.
    pub fn set_pin(&mut self, pin: &str) -> Result<(), StoreError> {
        check_pin("pin", pin).map_err(|e| StoreError::Rejected(e.into()))?;
        let salt: [u8; 16] = rand::rng().random();
        let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Config(e.to_string()))?;
        let hash = Argon2::default()
            .hash_password(pin.as_bytes(), &salt)
            .map_err(|e| StoreError::Config(e.to_string()))?
            .to_string();
        self.conn().execute(
            "UPDATE app_lock SET pin_hash = ?1, failures = 0, failed_at = NULL WHERE singleton = 1",
            [hash],
        )?;
        Ok(())
    }

    /// Wrong attempts in a row, and how long until the next attempt is allowed at `now`.
    pub fn pin_wait(&self, now: Timestamp) -> Result<(u32, u64), StoreError> {
        let (failures, failed_at): (i64, Option<i64>) = self.conn().query_row(
            "SELECT failures, failed_at FROM app_lock WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let failures = u32::try_from(failures).unwrap_or(u32::MAX);
        let until = failed_at.unwrap_or(0) + i64::try_from(wait_after(failures)).unwrap_or(0);
        Ok((failures, u64::try_from(until - now.millis()).unwrap_or(0)))
    }

    /// Checks a PIN at `now`. Refused unchecked while a wait runs, so waiting cannot be
    /// skipped by guessing faster; a wrong PIN adds to the count, a right one clears it.
    pub fn check_unlock_pin(&mut self, pin: &str, now: Timestamp) -> Result<Unlock, StoreError> {
        let (failures, wait_ms) = self.pin_wait(now)?;
        if wait_ms > 0 {
            return Ok(Unlock::Wait { wait_ms });
        }
        let stored: Option<String> = self.conn().query_row(
            "SELECT pin_hash FROM app_lock WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?;
        let Some(stored) = stored else {
            // No PIN chosen: nothing to unlock.
            return Ok(Unlock::Unlocked);
        };
        let right = PasswordHash::new(&stored).is_ok_and(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        });
        if right {
            self.conn().execute(
                "UPDATE app_lock SET failures = 0, failed_at = NULL WHERE singleton = 1",
                [],
            )?;
            return Ok(Unlock::Unlocked);
        }
        let failures = failures.saturating_add(1);
        self.conn().execute(
            "UPDATE app_lock SET failures = ?1, failed_at = ?2 WHERE singleton = 1",
            params![failures, now.millis()],
        )?;
        Ok(Unlock::Wrong {
            failures,
            wait_ms: wait_after(failures),
        })
    }
}
