//! Patient data on the phone, against a real region: identifying data is purged the retention
//! time after the region acknowledged the job while the record and the statistics form stay;
//! a revoked device wipes every patient's data at its next sync and says how much never arrived.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::sync::{Batches, SyncError};
use samverka_device::{Store, now};
use samverka_model::stats::StatsRow;
use samverka_model::{EntryBody, JobId, JobType, MunicipalityId, Timestamp, UserId};
use samverka_system_tests::phone::{Phone, finished_job, patient_identity};
use samverka_system_tests::region::Region;

const HOUR: i64 = 3_600_000;

fn nurse() -> UserId {
    UserId::new("anna")
}

fn stats_of(s: &Store, job: JobId, phone: &Phone) -> Vec<StatsRow> {
    let v = s.job(job).unwrap().unwrap();
    let sub = v.submitted.unwrap().value;
    StatsRow::from_submission(&job, &phone.unit, false, sub.at, &sub.form)
        .into_iter()
        .collect()
}

#[tokio::test]
async fn identifying_data_goes_the_retention_time_after_acknowledgement_the_statistics_stay() {
    let region = Region::sqlite();
    let url = region.url();
    let phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let t0 = now();
    let (done, id_entry, open) = {
        let mut s = phone.store.lock().unwrap();
        let (done, id_entry) = finished_job(&mut s, &phone, t0);
        // A job still in progress keeps its identity however old.
        let header = samverka_model::sample::header(
            JobType::Ivpa,
            &phone.unit,
            &MunicipalityId::new("orust"),
            t0,
        );
        let open = s.create_job(&nurse(), header, t0).unwrap().job;
        s.record(&nurse(), open, patient_identity(), t0).unwrap();
        // Not acknowledged yet: nothing is purged, however late.
        assert!(
            s.purge_identities(Timestamp(t0.0 + 1000 * HOUR))
                .unwrap()
                .is_empty()
        );
        assert_eq!(s.acknowledged_at(done).unwrap(), None);
        (done, id_entry, open)
    };

    phone.sync(Batches::default()).await.unwrap();
    let mut s = phone.store.lock().unwrap();
    let acked = s.acknowledged_at(done).unwrap().expect("noted at sync");
    assert_eq!(
        s.acknowledged_at(open).unwrap(),
        None,
        "an open job is not finished"
    );
    let stats_before = stats_of(&s, done, &phone);
    assert_eq!(stats_before.len(), 1);

    // 71 hours later: still there. 72: gone.
    assert!(
        s.purge_identities(Timestamp(acked.0 + 71 * HOUR))
            .unwrap()
            .is_empty()
    );
    assert!(
        s.job(done)
            .unwrap()
            .unwrap()
            .identity
            .value
            .personal_number
            .is_some()
    );
    assert_eq!(
        s.purge_identities(Timestamp(acked.0 + 72 * HOUR)).unwrap(),
        vec![done]
    );

    let view = s.job(done).unwrap().unwrap();
    assert!(view.identity.value.is_empty(), "{:?}", view.identity);
    assert!(s.identity_purged_at(done).unwrap().is_some());
    for e in s.job_entries(done).unwrap() {
        if let EntryBody::Identity(p) = &e.body {
            assert!(p.is_empty(), "identity entry {} still holds data", e.seq);
        }
    }
    // A rebuild from the log gives the same: the data is gone from the log, not just hidden.
    s.rebuild_read_models().unwrap();
    assert!(s.job(done).unwrap().unwrap().identity.value.is_empty());
    // The record and the statistics are untouched.
    assert_eq!(view.record.value.chief_complaint.as_deref(), Some("Yrsel"));
    assert_eq!(stats_of(&s, done, &phone), stats_before);
    assert!(s.job(open).unwrap().unwrap().identity.value.name.is_some());
    assert_eq!(s.integrity_check().unwrap(), "ok");

    // The region sending the identity entry again (a re-enrolment pulls from the start) is
    // no conflict, and does not bring the data back.
    assert_eq!(s.ingest(std::slice::from_ref(&id_entry), now()).unwrap(), 0);
    assert!(s.job(done).unwrap().unwrap().identity.value.is_empty());
}

#[tokio::test]
async fn a_revoked_device_wipes_its_patient_data_at_the_next_sync_and_says_what_never_arrived() {
    let region = Region::sqlite();
    let url = region.url();
    let mut phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    phone.write(30);
    phone.sync(Batches::default()).await.unwrap();
    let (old_device, job) = {
        let mut s = phone.store.lock().unwrap();
        let job = phone.own_jobs[0];
        s.record(&nurse(), job, patient_identity(), now()).unwrap();
        (s.device_id(), job)
    };
    phone.write(4);
    assert_eq!(phone.pending(), 5);

    region.cli(&["devices", "revoke", &old_device.to_string()]);
    let err = phone.sync(Batches::default()).await.unwrap_err();
    assert!(matches!(err, SyncError::Revoked), "{err}");

    let s = phone.store.lock().unwrap();
    assert_eq!(s.job(job).unwrap(), None);
    assert!(s.all_jobs().unwrap().is_empty());
    assert_eq!(s.entry_count().unwrap(), 0);
    let status = s.sync_status().unwrap();
    assert!(status.revoked_at.is_some());
    assert_eq!(
        status.wiped_unsent,
        Some(5),
        "the nurse is told what never arrived"
    );
    assert!(!status.enrolled, "the revoked token is gone");
    assert_ne!(
        s.device_id(),
        old_device,
        "a wiped phone is a new installation"
    );
    assert_eq!(s.integrity_check().unwrap(), "ok");
    // Reopened from disk: still empty.
    let path = s.path().unwrap();
    drop(s);
    let reopened = Store::open(&path, &phone.key).unwrap();
    assert!(reopened.all_jobs().unwrap().is_empty());
}

#[tokio::test]
async fn a_token_the_region_does_not_know_wipes_nothing() {
    let region = Region::sqlite();
    let url = region.url();
    let mut phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    phone.write(10);
    phone.sync(Batches::default()).await.unwrap();
    phone.write(3);
    // A region restored from a backup older than the enrolment knows no such token: that is
    // no revocation, and the phone keeps everything for a new enrolment to send.
    {
        let mut s = phone.store.lock().unwrap();
        let mut e = s.enrollment().unwrap().unwrap();
        e.token = format!("svk1_{}", "0".repeat(64));
        s.set_enrollment(&e).unwrap();
    }
    let err = phone.sync(Batches::default()).await.unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized), "{err}");
    let s = phone.store.lock().unwrap();
    assert_eq!(s.entry_count().unwrap(), 13);
    assert_eq!(s.sync_status().unwrap().revoked_at, None);
    assert_eq!(s.sync_status().unwrap().pending, 3);
}
