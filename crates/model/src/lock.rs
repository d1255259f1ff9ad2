//! The app lock: the PIN a nurse chooses at enrolment, what counts as a guessable one, and how
//! long the app makes a guesser wait. The device stores only the PIN's Argon2id hash and the
//! count of wrong attempts; the shell enforces the lock on every command that reads patients.

use crate::error::{ErrorCode, FieldError};
use crate::sv;
use serde::{Deserialize, Serialize};

/// The shortest PIN accepted.
pub const MIN_PIN_DIGITS: usize = 6;
/// The longest PIN accepted.
pub const MAX_PIN_DIGITS: usize = 12;
/// Wrong attempts before the first wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// The first wait, doubled with each further wrong attempt.
pub const FIRST_WAIT_MS: u64 = 30_000;
/// The longest wait (a quarter of an hour): the data is never wiped for wrong PINs, because it
/// may not have reached the region yet.
pub const MAX_WAIT_MS: u64 = 15 * 60_000;
/// Idle time before the app locks, by default.
pub const DEFAULT_IDLE_SECS: u32 = 120;

/// Checks a PIN the nurse chose: digits only (a number pad, with gloves), 6–12 of them, and
/// not one of the first guesses (all one digit, a run up or down).
pub fn check_pin(field: &str, pin: &str) -> Result<(), FieldError> {
    let digits: Vec<u8> = pin.bytes().collect();
    if digits.len() < MIN_PIN_DIGITS
        || digits.len() > MAX_PIN_DIGITS
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return Err(FieldError::new(field, ErrorCode::Invalid, sv::PIN_FORMAT));
    }
    let steps: Vec<i16> = digits
        .windows(2)
        .map(|w| i16::from(w[1]) - i16::from(w[0]))
        .collect();
    let run = |d: i16| steps.iter().all(|&s| s == d || s == d - 10 * d.signum());
    if run(0) || run(1) || run(-1) {
        return Err(FieldError::new(field, ErrorCode::Invalid, sv::PIN_TRIVIAL));
    }
    Ok(())
}

/// Checks the PIN and its repetition, every error at once.
pub fn check_new_pin(pin: &str, repeat: &str) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = check_pin("pin", pin).err().into_iter().collect();
    if errors.is_empty() && pin != repeat {
        errors.push(FieldError::new(
            "pin_repeat",
            ErrorCode::Invalid,
            sv::PIN_MISMATCH,
        ));
    }
    errors
}

/// How long the app refuses attempts after `failures` wrong PINs in a row.
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS)
}

/// The lock as the UI sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockState {
    /// Whether a PIN has been chosen (no PIN, no lock: only before enrolment).
    pub has_pin: bool,
    /// Whether the app is locked now.
    pub locked: bool,
    /// Wrong attempts in a row.
    pub failures: u32,
    /// Milliseconds until the next attempt is allowed (0: now).
    pub wait_ms: u64,
    /// Idle time after which the app locks.
    pub idle_secs: u32,
}

/// The answer to an unlock attempt. Externally tagged (`"unlocked"`, `{"wrong": {…}}`): an
/// internally tagged enum makes serde buffer the whole answer first, which cost the UI's wasm
/// 9 KB of code for three variants (issue #19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unlock {
    /// The PIN was right.
    Unlocked,
    /// The PIN was wrong; the next attempt is allowed after `wait_ms`.
    Wrong {
        /// Wrong attempts in a row.
        failures: u32,
        /// Milliseconds to wait.
        wait_ms: u64,
    },
    /// Too early: still waiting after earlier wrong attempts (the PIN was not checked).
    Wait {
        /// Milliseconds left.
        wait_ms: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_six_to_twelve_digits_and_not_a_first_guess() {
        for ok in ["246810", "918273", "5550123", "135792468024"] {
            assert_eq!(check_pin("pin", ok), Ok(()), "{ok}");
        }
        for (bad, msg) in [
            ("12345", sv::PIN_FORMAT),
            ("1234567890123", sv::PIN_FORMAT),
            ("12a456", sv::PIN_FORMAT),
            ("", sv::PIN_FORMAT),
            ("000000", sv::PIN_TRIVIAL),
            ("123456", sv::PIN_TRIVIAL),
            ("654321", sv::PIN_TRIVIAL),
            ("890123", sv::PIN_TRIVIAL),
            ("210987", sv::PIN_TRIVIAL),
        ] {
            assert_eq!(
                check_pin("pin", bad).map_err(|e| e.message),
                Err(msg.into()),
                "{bad}"
            );
        }
        assert!(check_new_pin("246810", "246810").is_empty());
        assert_eq!(check_new_pin("246810", "246811")[0].field, "pin_repeat");
        assert_eq!(check_new_pin("1", "1")[0].field, "pin");
    }

    #[test]
    fn waits_grow_after_three_wrong_pins_and_stop_at_a_quarter_hour() {
        let waits: Vec<u64> = (0..10).map(wait_after).collect();
        assert_eq!(
            waits,
            [
                0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000
            ]
        );
        assert_eq!(wait_after(u32::MAX), MAX_WAIT_MS);
    }
}
