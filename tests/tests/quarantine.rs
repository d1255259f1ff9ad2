//! #16: one refused push cannot stop a phone's sync, and a phone with a wrong clock is told.
//! Against the real region binary, on both stores.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::sync::Batches;
use samverka_model::sync::refusal;
use samverka_model::{EntryBody, JobType, MunicipalityId, Timestamp, UserId};
use samverka_system_tests::phone::Phone;
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::region::Region;
use serde_json::Value;

/// A permanently refused entry (written as another nurse) goes to quarantine on the phone and
/// at the region, while the 100 entries after it and a colleague's pull still go through.
async fn one_refusal_stops_nothing(region: &Region) {
    let url = region.url();
    let mut anna = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let mut berit = Phone::enroll(&url, &url, &region.code_for("unit-a", "berit")).await;
    anna.write(5);
    anna.sync(Batches::default()).await.unwrap();
    // An entry written as someone else: the region refuses it for good (`foreign_author`).
    let job = anna.own_jobs[0];
    let forged = anna
        .store
        .lock()
        .unwrap()
        .record(
            &UserId::new("mallory"),
            job,
            samverka_model::sample::tap(6, samverka_device::now()),
            samverka_device::now(),
        )
        .unwrap();
    anna.write(100);
    berit.write(3);
    berit.sync(Batches::default()).await.unwrap();

    let report = anna
        .sync(Batches {
            push: 40,
            ..Batches::default()
        })
        .await
        .unwrap();
    assert_eq!(report.quarantined, 1, "{report:?}");
    assert_eq!(report.pushed, 100, "{report:?}");
    assert_eq!(
        report.pulled, 3,
        "the colleague's entries still arrive: {report:?}"
    );
    {
        let s = anna.store.lock().unwrap();
        let q = s.quarantined().unwrap();
        assert_eq!(q.len(), 1);
        assert_eq!(
            (q[0].seq, q[0].code.as_str(), q[0].reported),
            (forged.seq, refusal::FOREIGN_AUTHOR, true)
        );
        assert_eq!(q[0].user.as_str(), "mallory");
        // Kept, never deleted: the entry is still in the phone's log.
        assert_eq!(s.own_entry(forged.seq).unwrap(), Some(forged.clone()));
        let status = s.sync_status().unwrap();
        assert_eq!(
            (status.quarantined, status.pending, status.clock_wrong),
            (1, 0, false)
        );
    }

    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    let device = anna.store.lock().unwrap().device_id();
    assert_eq!(storage.high_water(device).await.unwrap(), 106);
    assert_eq!(storage.entry_counts().await.unwrap().0, 5 + 100 + 3);
    let held = storage
        .quarantined(Some(&samverka_model::UnitId::new("unit-a")), 10)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (
            held[0].device,
            held[0].seq,
            held[0].job,
            held[0].code.as_str()
        ),
        (device, forged.seq, Some(job), refusal::FOREIGN_AUTHOR)
    );

    // The colleague gets anna's 100 later entries (the first 5 came at her first sync),
    // never the quarantined one.
    let report = berit.sync(Batches::default()).await.unwrap();
    assert_eq!(report.pulled, 100);
    // A second sync changes nothing and hands nothing over again.
    let again = anna.sync(Batches::default()).await.unwrap();
    assert_eq!((again.pushed, again.quarantined), (0, 0));

    // A coach of the unit sees it; a phone does not.
    let http = reqwest::Client::new();
    let coach = region
        .staff_session(
            &http,
            "coach.q",
            "coach",
            Some("unit-a"),
            "ett långt lösenord 2",
        )
        .await;
    let list: Value = http
        .get(format!("{url}/api/v1/quarantine"))
        .bearer_auth(&coach)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["entries"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["entries"][0]["code"], "foreign_author");
    let token = anna
        .store
        .lock()
        .unwrap()
        .enrollment()
        .unwrap()
        .unwrap()
        .token;
    let refused = http
        .get(format!("{url}/api/v1/quarantine"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::FORBIDDEN);
}

/// A phone whose clock is a year ahead: what it writes is refused (`clock_ahead`), kept in
/// quarantine, and the phone is told; once its clock is right again its entries go through
/// with true times (its HLC did not stay a year ahead).
async fn a_phone_a_year_ahead_is_refused_and_told(region: &Region) {
    let url = region.url();
    let cecilia = Phone::enroll(&url, &url, &region.code_for("unit-a", "cecilia")).await;
    let user = UserId::new("cecilia");
    let municipality = MunicipalityId::new("test");
    let year = 365 * 24 * 3_600_000;
    let ahead = Timestamp(samverka_device::now().millis() + year);
    let header =
        |at| samverka_model::sample::header(JobType::Ivpa, &cecilia.unit, &municipality, at);
    cecilia
        .store
        .lock()
        .unwrap()
        .create_job(&user, header(ahead), ahead)
        .unwrap();
    let report = cecilia.sync(Batches::default()).await.unwrap();
    assert_eq!(report.quarantined, 1);
    {
        let s = cecilia.store.lock().unwrap();
        let status = s.sync_status().unwrap();
        assert!(status.clock_wrong, "{status:?}");
        assert_eq!(status.quarantined, 1);
        assert_eq!(s.quarantined().unwrap()[0].code, refusal::CLOCK_AHEAD);
    }
    assert!(samverka_model::sv::CLOCK_WRONG.starts_with("Telefonens klocka går fel"));

    // The clock set right: a new job is stamped with the true time and accepted.
    let now = samverka_device::now();
    let e = cecilia
        .store
        .lock()
        .unwrap()
        .create_job(&user, header(now), now)
        .unwrap();
    assert!(
        e.hlc.wall <= u64::try_from(now.millis()).unwrap() + 1_000,
        "{:?}",
        e.hlc
    );
    let report = cecilia.sync(Batches::default()).await.unwrap();
    assert_eq!((report.pushed, report.quarantined), (1, 0));
    let status = cecilia.store.lock().unwrap().sync_status().unwrap();
    assert!(!status.clock_wrong, "{status:?}");
    assert!(matches!(
        cecilia
            .store
            .lock()
            .unwrap()
            .own_entry(1)
            .unwrap()
            .map(|e| e.body),
        Some(EntryBody::JobCreated(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_quarantine_and_clock() {
    let region = Region::sqlite();
    one_refusal_stops_nothing(&region).await;
    a_phone_a_year_ahead_is_refused_and_told(&region).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_quarantine_and_clock() {
    let pg = Postgres::start();
    let region = Region::postgres(pg.database("quarantine"));
    one_refusal_stops_nothing(&region).await;
    a_phone_a_year_ahead_is_refused_and_told(&region).await;
}
