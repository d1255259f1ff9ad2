//! 1,000 sync cycles through a proxy that drops, delays, resets, refuses and duplicates
//! requests, with the region process killed at random moments and restarted. Afterwards:
//! entries written = entries stored, no duplicates, every phone of a unit converged.
#![allow(clippy::unwrap_used, missing_docs)]

use rand::{RngExt, SeedableRng};
use samverka_device::sync::Batches;
use samverka_system_tests::phone::Phone;
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::proxy::Proxy;
use samverka_system_tests::region::Region;
use std::time::Duration;

const CYCLES: u32 = 1_000;
/// Small batches, so a cycle is a few requests and faults land between them.
const BATCHES: Batches = Batches { push: 25, pull: 40 };

async fn faults(mut region: Region, seed: u64) {
    let url = region.url();
    let proxy = Proxy::start(region.port(), seed).await;
    let mut phones = vec![
        Phone::enroll(&url, &proxy.url(), &region.code_for("unit-a", "anna")).await,
        Phone::enroll(&url, &proxy.url(), &region.code_for("unit-a", "britt")).await,
        Phone::enroll(&url, &proxy.url(), &region.code_for("unit-b", "cecilia")).await,
    ];
    proxy.set_fault_rate(350);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (mut ok, mut failed, mut kills) = (0u32, 0u32, 0u32);
    for cycle in 0..CYCLES {
        for p in &mut phones {
            let n = rng.random_range(0..4);
            p.write(n);
        }
        // Now and then a phone documents on a colleague's job it has already pulled.
        if cycle % 50 == 25
            && let Some(job) = phones[0].own_jobs.first().copied()
            && phones[1].views().iter().any(|v| v.id == job)
        {
            phones[1].write_on(job, 2);
        }
        let killer = (rng.random_range(0..40) == 0).then(|| {
            let pid = region.pid().unwrap();
            let wait = Duration::from_millis(rng.random_range(0..40));
            std::thread::spawn(move || {
                std::thread::sleep(wait);
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
            })
        });
        match phones[cycle as usize % 3].sync(BATCHES).await {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(
                    e.is_transient(),
                    "cycle {cycle}: a fault must look transient, got {e}"
                );
                failed += 1;
            }
        }
        if let Some(k) = killer {
            k.join().unwrap();
            region.restart();
            kills += 1;
        }
    }

    // The network heals: everyone syncs until nothing is pending and pulls are complete.
    proxy.set_fault_rate(0);
    for _ in 0..3 {
        for p in &phones {
            p.sync(BATCHES).await.unwrap();
        }
    }
    let written: u64 = phones.iter().map(Phone::written).sum();
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    let (stored, distinct) = storage.entry_counts().await.unwrap();
    println!(
        "{CYCLES} cycles ({ok} completed, {failed} failed), {kills} region kills, faults {:?}",
        proxy.counts()
    );
    println!(
        "entries written {written}, stored {stored}, duplicates {}",
        stored - distinct
    );
    assert!(failed > 50 && kills > 5, "the faults must actually happen");
    assert_eq!(stored, written, "entries written = entries stored");
    assert_eq!(stored, distinct, "0 duplicates");
    for p in &phones {
        assert_eq!(p.pending(), 0);
    }
    assert_eq!(phones[0].views(), phones[1].views(), "unit A converged");
    let a_jobs = phones[0].views().len();
    assert_eq!(a_jobs, phones[0].own_jobs.len() + phones[1].own_jobs.len());
    assert_eq!(
        phones[2].views().len(),
        phones[2].own_jobs.len(),
        "unit B saw only its own jobs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_region_survives_faults_and_kills() {
    faults(Region::sqlite(), 0xFA17_0001).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_region_survives_faults_and_kills() {
    let pg = Postgres::start();
    faults(Region::postgres(pg.database("faults")), 0xFA17_0002).await;
}
