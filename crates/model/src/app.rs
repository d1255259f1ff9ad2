//! The contract between the app's shell and its UI: what the shell's commands return and what
//! its events carry. Both sides compile this module, so a renamed field breaks the build, not
//! the nurse's screen.

use crate::error::FieldError;
use crate::holder::Holder;
use crate::ids::{DeviceId, JobId, UnitId, UserId};
use crate::job::{JobType, Status};
use crate::settings::Settings;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// The event the shell emits whenever the sync state changes; its payload is a [`SyncStatus`].
pub const SYNC_STATE_EVENT: &str = "sync-state";

/// The event the shell emits when it locked on its own (the app went to the background); its
/// payload is a [`crate::lock::LockState`].
pub const LOCK_STATE_EVENT: &str = "lock-state";

/// What the UI shows about sync. The default is a phone that was never enrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncStatus {
    /// Whether the device is enrolled with a region at all.
    pub enrolled: bool,
    /// Whether the last attempt reached the region.
    pub online: bool,
    /// Own entries the region has not acknowledged yet.
    pub pending: u64,
    /// When a sync last completed.
    pub last_synced_at: Option<Timestamp>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// When the region revoked this device; its patient data was wiped then.
    #[serde(default)]
    pub revoked_at: Option<Timestamp>,
    /// How many wiped entries had never reached the region.
    #[serde(default)]
    pub wiped_unsent: Option<u64>,
    /// How many of this phone's entries the region refused for good: kept on the phone, in
    /// quarantine (listed by the shell's `quarantine` command, shown to a coach at the region).
    #[serde(default)]
    pub quarantined: u64,
    /// Whether the region last refused an entry because this phone's clock is too far ahead
    /// ("telefonens klocka går fel", `sv::CLOCK_WRONG`); cleared by the next accepted push.
    #[serde(default)]
    pub clock_wrong: bool,
}

/// One line of the home screen's list of jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSummary {
    /// The job.
    pub id: JobId,
    /// Its type, once known.
    pub job_type: Option<JobType>,
    /// Where it is.
    pub status: Status,
    /// When it was requested.
    pub requested_at: Option<Timestamp>,
    /// A practice job.
    pub practice: bool,
    /// The chief complaint, if written.
    pub chief_complaint: Option<String>,
    /// Who holds it now (the creator until it is handed on).
    #[serde(default)]
    pub holder: Option<Holder>,
}

/// The open jobs as the home screen lists them: the nurse's own (and any nobody holds), the
/// next shift's, her colleagues', and practice jobs apart from all of them, each list newest
/// request first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeLists {
    /// Held by the nurse herself, or by nobody named.
    pub mine: Vec<JobSummary>,
    /// Left for the next shift: waiting until a nurse takes one.
    pub next_shift: Vec<JobSummary>,
    /// Held by a named colleague.
    pub others: Vec<JobSummary>,
    /// Practice jobs, whoever holds them: never mixed with real work.
    pub practice: Vec<JobSummary>,
}

impl HomeLists {
    /// Sorts `jobs` into the four lists for the nurse `me` (`None` before enrolment, when only
    /// a job nobody holds is hers).
    pub fn sort(mut jobs: Vec<JobSummary>, me: Option<&UserId>) -> Self {
        // Newest request first, a job without its header last, ties by id: the same order on
        // every phone, whatever order the jobs came in.
        jobs.sort_by(|a, b| {
            b.requested_at
                .cmp(&a.requested_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut lists = Self::default();
        for j in jobs {
            let list = match (&j.holder, j.practice) {
                (_, true) => &mut lists.practice,
                (Some(Holder::NextShift), _) => &mut lists.next_shift,
                (Some(Holder::Nurse(u)), _) if Some(u) != me => &mut lists.others,
                _ => &mut lists.mine,
            };
            list.push(j);
        }
        lists
    }
}

/// Where the device is enrolled, without the token (which never leaves the shell).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolledAs {
    /// The region's address.
    pub region_url: String,
    /// The device's unit: new jobs are created for it.
    pub unit: UnitId,
    /// The nurse: the author of every entry.
    pub user: UserId,
}

/// Everything the UI needs to draw its first screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    /// This installation.
    pub device: DeviceId,
    /// The enrolment, if any.
    pub enrolled: Option<EnrolledAs>,
    /// The nurse's preferences.
    pub settings: Settings,
    /// Sync state now.
    pub sync: SyncStatus,
    /// The app's version.
    pub version: String,
}

/// Why a shell command failed. `errors` names the fields a nurse must fix (shown next to them);
/// `message` is for everything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// A machine-readable kind: `invalid`, `not_enrolled`, `network`, `refused`, `storage`.
    pub kind: String,
    /// A sentence for the nurse: Swedish as sent, in the nurse's language once the UI has
    /// [`Failure::localized`] it.
    pub message: String,
    /// The sentence's key and arguments in `crate::msg` (`None` for words from outside it).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub msg: Option<crate::msg::Message>,
    /// Field errors, when the input was refused by the model's rules.
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

impl Failure {
    /// A failure without field errors. `message` is a row of `crate::msg` (a `Text`, a
    /// formatted `Message`, or a constant of `sv`, which finds its row), or words from outside.
    pub fn new(kind: impl Into<String>, message: impl Into<crate::msg::Said>) -> Self {
        let (message, msg) = message.into().into_parts();
        Self {
            kind: kind.into(),
            message,
            msg,
            errors: Vec::new(),
        }
    }

    /// A refused input: its field errors, the first one's message as the sentence.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let (message, msg) = errors
            .first()
            .map(|e| (e.message.clone(), e.msg.clone()))
            .unwrap_or_default();
        Self {
            kind: "invalid".into(),
            message,
            msg,
            errors,
        }
    }

    /// The same failure with every sentence said in `lang`, from the keys (words without a
    /// key this build knows stay as sent).
    pub fn localized(mut self, lang: crate::settings::Language) -> Self {
        if let Some(text) = self.msg.as_ref().and_then(|m| m.render(lang)) {
            self.message = text;
        }
        self.errors = self.errors.into_iter().map(|e| e.localized(lang)).collect();
        self
    }

    /// The error for `field`, if the model named it.
    pub fn field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks what a nurse typed as the region's address: `http://` or `https://` and a host.
/// Returns the address without a trailing slash.
pub fn check_region_url(input: &str) -> Result<String, FieldError> {
    let url = input.trim().trim_end_matches('/');
    // Plain http only to this machine (a local region while developing): patient data never
    // crosses a network unencrypted.
    let rest = url.strip_prefix("https://").or_else(|| {
        url.strip_prefix("http://").filter(|r| {
            ["localhost", "127.0.0.1", "[::1]"].iter().any(|h| {
                *r == *h || r.starts_with(&format!("{h}:")) || r.starts_with(&format!("{h}/"))
            })
        })
    });
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(url.to_owned()),
        _ => Err(FieldError::new(
            "region_url",
            crate::ErrorCode::Invalid,
            crate::sv::REGION_URL,
        )),
    }
}

/// Checks an enrolment code: letters, digits and dashes, as the region issues them.
pub fn check_enrollment_code(input: &str) -> Result<String, FieldError> {
    let code = input.trim();
    if code.is_empty() {
        return Err(FieldError::new(
            "code",
            crate::ErrorCode::Required,
            crate::sv::REQUIRED,
        ));
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(FieldError::new(
            "code",
            crate::ErrorCode::Invalid,
            crate::sv::ENROLLMENT_CODE,
        ));
    }
    Ok(code.to_owned())
}

/// What asking for the position at arrival found: the job as it now stands, and why there is
/// no position if there is none (the app then asks the nurse for the municipality).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivalPosition {
    /// The job with its position (or its missing one) recorded.
    pub page: crate::page::JobPage,
    /// Why there is no fix.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub missing: Option<crate::position::MissingReason>,
}

/// A job exported for the journal system (the legal record is made there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobExport {
    /// The emergency record and SBAR as Swedish text to copy and paste.
    pub text: String,
    /// An HL7 FHIR R4 Bundle, as pretty JSON.
    pub fhir: String,
    /// The printable handover sheet, an escaped HTML fragment.
    pub sheet: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_addresses_need_a_scheme_and_a_host() {
        assert_eq!(
            check_region_url(" http://127.0.0.1:8080/ "),
            Ok("http://127.0.0.1:8080".to_owned())
        );
        assert!(check_region_url("https://region.example").is_ok());
        assert!(check_region_url("http://localhost:8080").is_ok());
        assert!(check_region_url("http://[::1]:8080").is_ok());
        // Plain http to another machine would carry patient data unencrypted.
        for bad in [
            "",
            "127.0.0.1:8080",
            "http://",
            "ftp://x",
            "http://a b",
            "http://region.example",
            "http://127.0.0.1.evil.example",
        ] {
            let e = check_region_url(bad).expect_err(bad);
            assert_eq!(e.field, "region_url");
        }
    }

    #[test]
    fn enrollment_codes_are_trimmed_and_plain() {
        assert_eq!(check_enrollment_code(" AB12-cd "), Ok("AB12-cd".to_owned()));
        assert_eq!(
            check_enrollment_code("  ").map_err(|e| e.code),
            Err(crate::ErrorCode::Required)
        );
        assert!(check_enrollment_code("ab;drop").is_err());
    }

    #[test]
    fn a_failure_finds_its_field_errors() {
        let f = Failure::invalid(vec![FieldError::new(
            "spo2",
            crate::ErrorCode::OutOfRange,
            "för högt",
        )]);
        assert!(f.field("spo2").is_some());
        assert!(f.field("pulse").is_none());
    }

    #[test]
    fn a_failure_is_said_in_the_nurses_language_from_its_keys() {
        use crate::settings::Language;
        let f = Failure::invalid(vec![
            FieldError::new(
                "identity.personal_number",
                crate::ErrorCode::Invalid,
                crate::sv::PNR_CHECKSUM,
            ),
            FieldError::new(
                "vitals.temperature",
                crate::ErrorCode::OutOfRange,
                crate::sv::out_of_range("vitals.temperature", 300, 440),
            ),
            // The UI's own words (already in the nurse's language) have no key and stay.
            FieldError::new(
                "form.patient_age",
                crate::ErrorCode::Invalid,
                "Not a number",
            ),
        ]);
        // Sent in Swedish, as always.
        assert_eq!(f.message, crate::sv::PNR_CHECKSUM);
        let json = serde_json::to_string(&f).unwrap_or_default();
        let back: Failure = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        let en = back.localized(Language::En);
        assert_eq!(
            en.message,
            "The check digit does not match – check the personal identity number."
        );
        let said: Vec<_> = en.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            said,
            [
                "The check digit does not match – check the personal identity number.",
                "Temperature must be 30.0–44.0 °C.",
                "Not a number",
            ]
        );
        // Swedish stays exactly as sent.
        assert_eq!(f.clone().localized(Language::Sv), f);
        // A shell failure without field errors.
        let storage = Failure::new("storage", crate::msg::STORAGE_FAILED);
        assert_eq!(
            storage.localized(Language::En).message,
            "Could not save on the phone. What was already saved is still there. Try again."
        );
    }
}
