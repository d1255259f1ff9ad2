//! Turning the device's errors into the [`Failure`] the UI shows.

use samverka_device::StoreError;
use samverka_device::sync::SyncError;
use samverka_model::app::Failure;

/// The Swedish sentence shown when the phone's own storage fails; the detail goes to the log.
const STORAGE_FAILED: &str =
    "Kunde inte spara på telefonen. Det som redan var sparat finns kvar. Försök igen.";

/// A refused tap names its fields; anything else is a storage failure.
pub fn from_store(e: StoreError) -> Failure {
    if let Some(rejection) = e.rejection() {
        let message = rejection
            .errors
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_default();
        return Failure {
            kind: "invalid".into(),
            message,
            errors: rejection.errors.clone(),
        };
    }
    tracing::error!("store: {e}");
    Failure::new("storage", STORAGE_FAILED)
}

/// Enrolment and manual sync errors, in words a nurse can act on.
pub fn from_sync(e: SyncError) -> Failure {
    tracing::warn!("sync: {e}");
    match e {
        SyncError::Store(s) => from_store(s),
        SyncError::Unauthorized => Failure::new(
            "refused",
            "Regionen känner inte igen telefonen. Be coachen om en ny inskrivningskod.",
        ),
        SyncError::Revoked => Failure::new(
            "revoked",
            "Regionen har spärrat telefonen. Patientuppgifterna på den har raderats. Be coachen om en ny inskrivningskod.",
        ),
        SyncError::Tls(_) => Failure::new(
            "network",
            "Regionens certifikat godtas inte. Kontrollera adressen; en lokal region behöver sitt certifikat (SAMVERKA_REGION_CA).",
        ),
        SyncError::Certificate(_) | SyncError::CertificateFile { .. } => Failure::new(
            "network",
            "Certifikatet som telefonen ska lita på går inte att läsa (SAMVERKA_REGION_CA).",
        ),
        SyncError::Refused { status, code, .. } if status == 403 || status == 404 => Failure::new(
            "refused",
            format!(
                "Regionen godtog inte koden ({code}). Koden kan vara använd eller för gammal; be coachen om en ny."
            ),
        ),
        SyncError::Refused { code, message, .. } => {
            Failure::new("refused", format!("Regionen svarade: {message} ({code})."))
        }
        SyncError::NotEnrolled => Failure::new(
            "not_enrolled",
            "Telefonen är inte inskriven i någon region än.",
        ),
        other if other.is_transient() => Failure::new(
            "network",
            "Når inte regionen. Kontrollera adressen och nätet; allt sparas på telefonen under tiden.",
        ),
        other => Failure::new("network", format!("Kunde inte nå regionen: {other}")),
    }
}
