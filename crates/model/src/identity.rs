//! The job's identifying part: the patient's personal identity number (personnummer, or a
//! coordination number, samordningsnummer) and name. Kept apart from the anonymous record so the
//! device can purge it after the region has acknowledged the job while the statistics stay, and
//! so every place that shows it can mask it by default.

use crate::doc::DocFields;
use crate::error::{CommandError, ErrorCode, Errors};
use crate::sv;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Month};

/// A checked Swedish personal identity number or coordination number, held as its 12 digits
/// `YYYYMMDDNNNN` (the day plus 60 for a coordination number).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalNumber(String);

impl fmt::Debug for PersonalNumber {
    /// Masked, like `Display`: a `{:?}` in a log line must not leak the number either.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalNumber({})", self.masked())
    }
}

/// Why a typed personal identity number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonalNumberError {
    /// Not 10 or 12 digits with at most one `-` or `+` before the last four.
    #[error("a personal identity number is YYYYMMDD-NNNN or YYMMDD-NNNN")]
    Format,
    /// The digits do not name a real date (also after taking 60 off a coordination day).
    #[error("the date part is not a date")]
    Date,
    /// A date after the reference day.
    #[error("the date part lies in the future")]
    Future,
    /// The last digit does not match the Luhn checksum of the other nine.
    #[error("the check digit does not match")]
    Checksum,
}

impl PersonalNumberError {
    /// What to tell the nurse, in Swedish.
    pub fn message(self) -> &'static str {
        match self {
            Self::Format => sv::PNR_FORMAT,
            Self::Date => sv::PNR_DATE,
            Self::Future => sv::PNR_FUTURE,
            Self::Checksum => sv::PNR_CHECKSUM,
        }
    }
}

impl PersonalNumber {
    /// Parses a number as typed (`19121212-1212`, `191212121212`, `121212-1212`, `121212+1212`
    /// for someone 100 or older, spaces ignored). A 10-digit number gets the century that makes
    /// the person younger than 100 on `today` (with `+`: 100 or older), as Skatteverket reads it.
    pub fn parse(typed: &str, today: Date) -> Result<Self, PersonalNumberError> {
        let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let (digits, separator) = match compact.find(['-', '+']) {
            Some(i) if compact.len() - i == 5 => {
                let sep = compact.as_bytes()[i];
                (format!("{}{}", &compact[..i], &compact[i + 1..]), Some(sep))
            }
            Some(_) => return Err(PersonalNumberError::Format),
            None => (compact, None),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonalNumberError::Format);
        }
        let full = match (digits.len(), separator) {
            (12, Some(b'+')) => return Err(PersonalNumberError::Format),
            (12, _) => digits,
            (10, sep) => {
                let yy: i32 = number(&digits[0..2]);
                let mut year = today.year() - (today.year() - yy).rem_euclid(100);
                let (month, day): (u8, u8) = (number(&digits[2..4]), number(&digits[4..6]));
                // Born later this century-year than today: a hundred years earlier.
                if year == today.year()
                    && (month, day % 60) > (u8::from(today.month()), today.day())
                {
                    year -= 100;
                }
                if sep == Some(b'+') {
                    year -= 100;
                }
                format!("{year:04}{digits}", digits = &digits[2..])
            }
            _ => return Err(PersonalNumberError::Format),
        };
        let pnr = Self(full);
        let born = pnr.birth_date().ok_or(PersonalNumberError::Date)?;
        if born > today {
            return Err(PersonalNumberError::Future);
        }
        if !luhn_ok(&pnr.0[2..]) {
            return Err(PersonalNumberError::Checksum);
        }
        Ok(pnr)
    }

    /// [`PersonalNumber::parse`] with today taken from `now` (UTC date: a day's slack at
    /// midnight only decides whether a birth today counts as future).
    pub fn parse_at(typed: &str, now: crate::Timestamp) -> Result<Self, PersonalNumberError> {
        let today = time::OffsetDateTime::from_unix_timestamp(now.millis().div_euclid(1000))
            .map(|t| t.date())
            .map_err(|_| PersonalNumberError::Date)?;
        Self::parse(typed, today)
    }

    /// Whether this is a coordination number (day plus 60).
    pub fn is_coordination_number(&self) -> bool {
        number::<u8>(&self.0[6..8]) > 60
    }

    /// The date of birth it encodes.
    pub fn birth_date(&self) -> Option<Date> {
        let year: i32 = number(&self.0[0..4]);
        let month = Month::try_from(number::<u8>(&self.0[4..6])).ok()?;
        let mut day: u8 = number(&self.0[6..8]);
        if day > 60 {
            day -= 60;
        }
        Date::from_calendar_date(year, month, day).ok()
    }

    /// `YYYYMMDD-NNNN`.
    pub fn formatted(&self) -> String {
        format!("{}-{}", &self.0[..8], &self.0[8..])
    }

    /// `YYYYMMDD-****`: what the app shows until the nurse asks to see the whole number.
    pub fn masked(&self) -> String {
        format!("{}-****", &self.0[..8])
    }

    /// The 12 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// Parses digits known to be ASCII digits; the callers check that first.
fn number<T: std::str::FromStr + Default>(s: &str) -> T {
    s.parse().unwrap_or_default()
}

/// The Luhn check over the ten digits `YYMMDDNNNN`.
fn luhn_ok(ten: &str) -> bool {
    let sum: u32 = ten
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            let d = if i % 2 == 0 { d * 2 } else { d };
            d / 10 + d % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

impl fmt::Display for PersonalNumber {
    /// Masked: a number never reaches a log or a debug print whole by accident.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl TryFrom<String> for PersonalNumber {
    type Error = PersonalNumberError;

    /// From the stored 12 digits (already checked when typed; the date is not re-checked
    /// against a today so stored entries always read back).
    fn try_from(s: String) -> Result<Self, Self::Error> {
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonalNumberError::Format);
        }
        let pnr = Self(s);
        pnr.birth_date().ok_or(PersonalNumberError::Date)?;
        if !luhn_ok(&pnr.0[2..]) {
            return Err(PersonalNumberError::Checksum);
        }
        Ok(pnr)
    }
}

impl From<PersonalNumber> for String {
    fn from(p: PersonalNumber) -> Self {
        p.0
    }
}

/// The identifying part of a job. A document of last-writer-wins fields like the record, so two
/// nurses on one job merge, and a separate entry kind so it can be purged on its own.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatientIdentity {
    /// Personal identity or coordination number.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub personal_number: Option<PersonalNumber>,
    /// The patient's name.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub name: Option<String>,
}

impl DocFields for PatientIdentity {
    const PREFIX: &'static str = "identity";
    const FIELDS: &'static [&'static str] = &["personal_number", "name"];
}

/// The longest name accepted.
pub const MAX_NAME_CHARS: usize = 200;

impl PatientIdentity {
    /// Checks the name (the number is checked when it is parsed).
    pub fn validate(&self) -> Result<(), CommandError> {
        let mut errors = Errors::default();
        if let Some(name) = &self.name {
            if name.trim().is_empty() {
                errors.push("identity.name", ErrorCode::Required, sv::REQUIRED);
            } else if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
                errors.push("identity.name", ErrorCode::Invalid, sv::NAME_INVALID);
            }
        }
        errors.into_result()
    }

    /// Whether it holds nothing (never entered, or purged).
    pub fn is_empty(&self) -> bool {
        self.personal_number.is_none() && self.name.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn parse(s: &str) -> Result<PersonalNumber, PersonalNumberError> {
        PersonalNumber::parse(s, TODAY)
    }

    #[test]
    fn skatteverkets_test_number_passes_in_every_written_form() {
        let formatted = |s: &str| parse(s).map(|p| p.formatted());
        for typed in ["19121212-1212", "191212121212", " 1912 1212 1212 "] {
            assert_eq!(formatted(typed), Ok("19121212-1212".into()), "{typed}");
        }
        // Ten digits: the century that makes the person younger than 100, `+` for 100 or older.
        assert_eq!(formatted("121212-1212"), Ok("20121212-1212".into()));
        assert_eq!(formatted("1212121212"), Ok("20121212-1212".into()));
        assert_eq!(formatted("121212+1212"), Ok("19121212-1212".into()));
        // Born later in the year than today: the previous century.
        assert_eq!(formatted("261224-1238"), Ok("19261224-1238".into()));
    }

    #[test]
    fn the_check_digit_date_and_future_are_checked() {
        assert_eq!(parse("19121212-1213"), Err(PersonalNumberError::Checksum));
        assert_eq!(parse("19121332-1212"), Err(PersonalNumberError::Date));
        assert_eq!(parse("19120230-1212"), Err(PersonalNumberError::Date));
        assert_eq!(parse("20301212-1212"), Err(PersonalNumberError::Future));
        assert_eq!(parse("19121212"), Err(PersonalNumberError::Format));
        assert_eq!(parse("19121212-12a2"), Err(PersonalNumberError::Format));
        assert_eq!(parse("191212-121212"), Err(PersonalNumberError::Format));
        assert_eq!(parse(""), Err(PersonalNumberError::Format));
    }

    #[test]
    fn coordination_numbers_add_sixty_to_the_day() {
        let p = parse("19121272-1219");
        assert!(p.as_ref().is_ok_and(PersonalNumber::is_coordination_number));
        assert_eq!(
            p.ok().and_then(|p| p.birth_date()),
            Some(date!(1912 - 12 - 12))
        );
        assert_eq!(parse("19121272-1212"), Err(PersonalNumberError::Checksum));
        assert_eq!(parse("19121292-1212"), Err(PersonalNumberError::Date));
    }

    #[test]
    fn shown_masked_and_stored_whole() {
        let p = parse("19121212-1212").ok();
        assert_eq!(
            p.as_ref().map(PersonalNumber::masked).as_deref(),
            Some("19121212-****")
        );
        assert_eq!(
            p.as_ref().map(ToString::to_string).as_deref(),
            Some("19121212-****")
        );
        let json = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(json, "\"191212121212\"");
        let back: Option<PersonalNumber> = serde_json::from_str(&json).ok().flatten();
        assert_eq!(back, p);
        assert!(serde_json::from_str::<PersonalNumber>("\"191212121213\"").is_err());
    }

    #[test]
    fn names_must_be_plain_text() {
        let named = |n: &str| PatientIdentity {
            name: Some(n.into()),
            ..Default::default()
        };
        assert!(named("Tolvan Tolvansson").validate().is_ok());
        assert!(named("  ").validate().is_err());
        assert!(named("a\u{0}b").validate().is_err());
        assert!(named(&"x".repeat(201)).validate().is_err());
    }
}
