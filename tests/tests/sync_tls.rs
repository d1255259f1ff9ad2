//! Sync over HTTPS with a region whose certificate it generated itself (`tls-cert`): a phone
//! that pins that certificate enrols, pushes and pulls; a phone that does not, or pins another,
//! gets a TLS error and never reaches the region (its code stays unused); a certificate that
//! cannot be read is an error before any request.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::sync::{Batches, ClientOptions, SyncClient, SyncError};
use samverka_system_tests::phone::Phone;
use samverka_system_tests::region::{Region, region_cli};

const ENTRIES: u64 = 120;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phones_that_pin_the_regions_certificate_enrol_and_sync_over_https() {
    let region = Region::sqlite_tls();
    let url = region.url();
    assert!(url.starts_with("https://"), "{url}");
    let pem = std::fs::read(region.tls_cert().unwrap()).unwrap();

    let mut anna =
        Phone::enroll_trusting(&url, &url, &region.code_for("unit-a", "anna"), &pem).await;
    let britt = Phone::enroll_trusting(&url, &url, &region.code_for("unit-a", "britt"), &pem).await;
    anna.write(ENTRIES);
    let pushed = anna.sync(Batches::default()).await.unwrap();
    assert_eq!(pushed.pushed, ENTRIES);
    assert_eq!(anna.pending(), 0);

    // What one phone pushed over TLS arrives on the other.
    let pulled = britt.sync(Batches::default()).await.unwrap();
    assert_eq!(pulled.pulled, ENTRIES);
    assert_eq!(britt.views(), anna.views());
    assert!(!britt.views().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_that_does_not_trust_the_certificate_gets_a_tls_error_and_no_answer() {
    let region = Region::sqlite_tls();
    let url = region.url();
    let pem = std::fs::read(region.tls_cert().unwrap()).unwrap();
    let code = region.code_for("unit-a", "anna");

    // No pin: only the public roots, which never signed this certificate.
    let err = Phone::try_enroll(&url, &url, &code, None)
        .await
        .err()
        .expect("enrolment without the pin must fail");
    assert!(matches!(err, SyncError::Tls(_)), "{err}");
    assert!(!err.is_transient(), "a certificate needs a person: {err}");

    // Pinning another region's certificate (same names, other key) is no better.
    let other = tempfile::tempdir().unwrap();
    let other_dir = other.path().join("tls");
    region_cli(
        region.db(),
        &["tls-cert", "--out", other_dir.to_str().unwrap()],
    );
    let wrong = std::fs::read(other_dir.join("cert.pem")).unwrap();
    let err = Phone::try_enroll(&url, &url, &code, Some(&wrong))
        .await
        .err()
        .expect("enrolment with another certificate must fail");
    assert!(matches!(err, SyncError::Tls(_)), "{err}");

    // Neither attempt reached the region: the one-time code is still good, over TLS.
    let phone = Phone::enroll_trusting(&url, &url, &code, &pem).await;
    assert_eq!(phone.unit.as_str(), "unit-a");
}

#[test]
fn a_certificate_that_cannot_be_read_is_an_error_before_any_request() {
    let options = |pem: &[u8]| ClientOptions {
        trusted_root_pem: Some(pem.to_vec()),
        ..ClientOptions::default()
    };
    for garbage in [
        &b"not a certificate"[..],
        b"",
        b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
    ] {
        let err = SyncClient::new("https://127.0.0.1:9", &options(garbage))
            .err()
            .expect("an unusable certificate must be refused");
        assert!(matches!(err, SyncError::Certificate(_)), "{err}");
    }
    let missing = tempfile::tempdir().unwrap().path().join("cert.pem");
    let err = ClientOptions::default()
        .trusting_pem_file(&missing)
        .expect_err("a missing file must be refused");
    assert!(
        matches!(err, SyncError::CertificateFile { ref path, .. } if *path == missing),
        "{err}"
    );
}
