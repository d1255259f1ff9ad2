//! Failover (#21): the region's PostgreSQL primary killed under load, its synchronous streaming
//! standby promoted, the database address moved to it (as a virtual IP or DNS name would be),
//! the region reconnecting on its own and the phones syncing on. No entry the region
//! acknowledged before the kill is lost: the standby had each commit before the primary
//! answered it (`synchronous_standby_names`, `synchronous_commit = on`).
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::sync::Batches;
use samverka_system_tests::phone::{Phone, sync_all};
use samverka_system_tests::postgres::replicated;
use samverka_system_tests::region::Region;
use samverka_system_tests::relay::Relay;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;

const PHONES: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_primary_killed_under_load_loses_no_acknowledged_entry() {
    let (mut primary, standby) = replicated();
    primary.sql("CREATE DATABASE region");
    let address = Relay::start(primary.port()).await;
    let db = format!("postgres://samverka@127.0.0.1:{}/region", address.port());
    let mut region = Region::postgres(db);
    let url = region.url();
    let mut phones = Vec::new();
    for i in 0..PHONES {
        let unit = if i % 2 == 0 { "unit-a" } else { "unit-b" };
        let nurse = format!("nurse-{i}");
        let phone = Phone::enroll(&url, &url, &region.code_for(unit, &nurse)).await;
        phones.push(Arc::new(Mutex::new(phone)));
    }

    // Every phone writes and syncs in a loop; a sync that fails (the database gone) is
    // simply tried again, as the app's loop does.
    let running = Arc::new(AtomicBool::new(true));
    let mut load = Vec::new();
    for p in &phones {
        let (p, running) = (Arc::clone(p), Arc::clone(&running));
        load.push(tokio::spawn(async move {
            while running.load(Ordering::SeqCst) {
                let mut phone = p.lock().await;
                phone.write(5);
                let _ = phone.sync(Batches::default()).await;
                drop(phone);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    // The primary dies mid-load. Whatever a phone was told is stored by now was committed on
    // the standby too: nothing more can be acknowledged until the promotion.
    primary.kill();
    let mut acknowledged = Vec::new();
    for p in &phones {
        let phone = p.lock().await;
        let s = phone.store.lock().unwrap();
        acknowledged.push((s.device_id(), s.acked_seq().unwrap()));
    }
    assert!(
        acknowledged.iter().all(|(_, acked)| *acked > 0),
        "the load ran: {acknowledged:?}"
    );
    standby.promote();
    address.retarget(standby.port());

    // The phones keep syncing through the same region process, which reconnects by itself.
    tokio::time::sleep(Duration::from_secs(3)).await;
    running.store(false, Ordering::SeqCst);
    for task in load {
        task.await.unwrap();
    }
    let mut all = Vec::new();
    for p in &phones {
        all.push(Arc::clone(p).lock_owned().await);
    }
    let refs: Vec<&Phone> = all.iter().map(|g| &**g).collect();
    sync_all(&refs).await;

    let storage = samverka_region::storage::open(&format!(
        "postgres://samverka@127.0.0.1:{}/region",
        standby.port()
    ))
    .await
    .unwrap();
    for (device, acked) in &acknowledged {
        let held = storage.high_water(*device).await.unwrap();
        assert!(
            held >= *acked,
            "{device}: acknowledged up to {acked} before the kill, the promoted standby holds {held}"
        );
    }
    let (stored, distinct) = storage.entry_counts().await.unwrap();
    let written: u64 = refs.iter().map(|p| p.written()).sum();
    assert_eq!(stored, distinct, "no entry stored twice");
    assert_eq!(stored, written, "written = stored");
    for p in &refs {
        assert_eq!(p.pending(), 0, "nothing waits");
    }
    region.kill();
}
