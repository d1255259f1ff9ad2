//! Turning the device's errors into the [`Failure`] the UI shows. Every sentence is a row of
//! the model's message table (`samverka_model::msg`): sent in Swedish with its key, so the UI
//! can say it in the nurse's language.

use samverka_device::StoreError;
use samverka_device::sync::SyncError;
use samverka_model::app::Failure;
use samverka_model::msg::{self, Arg};

/// A refused tap names its fields; anything else is a storage failure.
pub fn from_store(e: StoreError) -> Failure {
    if let Some(rejection) = e.rejection() {
        return Failure::invalid(rejection.errors.clone());
    }
    tracing::error!("store: {e}");
    // The detail goes to the log; the nurse learns what she needs to act.
    Failure::new("storage", msg::STORAGE_FAILED)
}

/// Enrolment and manual sync errors, in words a nurse can act on.
pub fn from_sync(e: SyncError) -> Failure {
    tracing::warn!("sync: {e}");
    match e {
        SyncError::Store(s) => from_store(s),
        SyncError::Unauthorized => Failure::new("refused", msg::DEVICE_UNKNOWN),
        SyncError::Revoked => Failure::new("revoked", msg::DEVICE_REVOKED),
        SyncError::Tls(_) => Failure::new("network", msg::TLS_REFUSED),
        SyncError::Certificate(_) | SyncError::CertificateFile { .. } => {
            Failure::new("network", msg::CERTIFICATE_UNREADABLE)
        }
        SyncError::Refused { status, code, .. } if status == 403 || status == 404 => {
            Failure::new("refused", msg::CODE_REFUSED.with("code", Arg::text(code)))
        }
        // The region's own words (Swedish) go inside the sentence as they came.
        SyncError::Refused { code, message, .. } => Failure::new(
            "refused",
            msg::REGION_SAID
                .with("message", Arg::text(message))
                .with("code", Arg::text(code)),
        ),
        SyncError::NotEnrolled => Failure::new("not_enrolled", msg::NOT_ENROLLED),
        other if other.is_transient() => Failure::new("network", msg::REGION_UNREACHABLE),
        other => Failure::new(
            "network",
            msg::REGION_FAILED.with("detail", Arg::text(other.to_string())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::settings::Language;

    #[test]
    fn the_shells_failures_keep_their_swedish_and_carry_their_keys() {
        let revoked = from_sync(SyncError::Revoked);
        assert_eq!(
            revoked.message,
            "Regionen har spärrat telefonen. Patientuppgifterna på den har raderats. Be coachen om en ny inskrivningskod."
        );
        assert_eq!(
            revoked.msg.as_ref().map(|m| m.key.as_str()),
            Some("device_revoked")
        );
        let refused = from_sync(SyncError::Refused {
            status: 404,
            code: "unknown_code".into(),
            message: "Okänd kod".into(),
            seq: None,
        });
        assert_eq!(
            refused.message,
            "Regionen godtog inte koden (unknown_code). Koden kan vara använd eller för gammal; be coachen om en ny."
        );
        assert_eq!(
            refused.localized(Language::En).message,
            "The region did not accept the code (unknown_code). The code may have been used or be too old; ask the coach for a new one."
        );
        let storage = from_store(StoreError::NotEncrypted);
        assert_eq!(
            storage.message,
            "Kunde inte spara på telefonen. Det som redan var sparat finns kvar. Försök igen."
        );
    }
}
