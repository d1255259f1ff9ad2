//! End to end on both stores: three phones in two units write 10,000 entries offline, then
//! sync. The region holds each entry exactly once; the phones of a unit converge to the same
//! read models; no phone ever receives another unit's jobs.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::sync::Batches;
use samverka_system_tests::phone::Phone;
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::region::Region;

const TOTAL: u64 = 10_000;
const SHARED: u64 = 25;

async fn sync_all(phones: &[&Phone]) {
    for _ in 0..2 {
        for p in phones {
            p.sync(Batches::default()).await.unwrap();
        }
    }
}

async fn three_phones_two_units(region: &Region) {
    let url = region.url();
    let mut a1 = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let mut a2 = Phone::enroll(&url, &url, &region.code_for("unit-a", "britt")).await;
    let mut b1 = Phone::enroll(&url, &url, &region.code_for("unit-b", "cecilia")).await;

    // Offline: each phone documents its own jobs.
    let first = TOTAL - 2 * SHARED;
    a1.write(first / 3 + first % 3);
    a2.write(first / 3);
    b1.write(first / 3);
    assert_eq!(a1.pending() + a2.pending() + b1.pending(), first);
    sync_all(&[&a1, &a2, &b1]).await;

    // Then the two nurses of unit A write on each other's jobs, offline again.
    let (job_of_a1, job_of_a2) = (a1.own_jobs[0], a2.own_jobs[0]);
    a2.write_on(job_of_a1, SHARED);
    a1.write_on(job_of_a2, SHARED);
    sync_all(&[&a1, &a2, &b1]).await;

    let written = a1.written() + a2.written() + b1.written();
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    let (stored, distinct) = storage.entry_counts().await.unwrap();
    println!("written {written}, stored {stored}, distinct {distinct}");
    assert_eq!(written, TOTAL);
    assert_eq!(
        (stored, distinct),
        (TOTAL, TOTAL),
        "each entry exactly once"
    );
    for p in [&a1, &a2, &b1] {
        assert_eq!(p.pending(), 0);
    }

    let (va1, va2, vb1) = (a1.views(), a2.views(), b1.views());
    assert_eq!(va1, va2, "unit A's phones converge");
    let mut unit_a_jobs: Vec<_> = a1.own_jobs.iter().chain(&a2.own_jobs).copied().collect();
    unit_a_jobs.sort();
    assert_eq!(va1.iter().map(|v| v.id).collect::<Vec<_>>(), unit_a_jobs);
    let shared = va1.iter().find(|v| v.id == job_of_a1).unwrap();
    let authors: std::collections::BTreeSet<_> = shared
        .vitals
        .items
        .iter()
        .map(|i| i.author.clone())
        .collect();
    assert!(!authors.is_empty());
    // Unit B sees only its own jobs, and unit A none of B's.
    let mut b_jobs = b1.own_jobs.clone();
    b_jobs.sort();
    assert_eq!(vb1.iter().map(|v| v.id).collect::<Vec<_>>(), b_jobs);
    for v in &vb1 {
        assert_eq!(
            v.header.as_ref().unwrap().value.performer.unit.as_str(),
            "unit-b"
        );
    }
    for v in &va1 {
        assert_eq!(
            v.header.as_ref().unwrap().value.performer.unit.as_str(),
            "unit-a"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_region_three_phones_two_units() {
    let region = Region::sqlite();
    three_phones_two_units(&region).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_region_three_phones_two_units() {
    let pg = Postgres::start();
    let region = Region::postgres(pg.database("e2e"));
    three_phones_two_units(&region).await;
}
