//! The background sync loop as the app will run it: with the region down the phone works on
//! and reports "offline, N waiting"; when the region is back, a trigger (or the backoff) brings
//! the count to 0 without a tap, and the state says when it last synced. A burst of taps goes
//! out in one sync, not one each.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::SyncStatus;
use samverka_device::sync::{LoopOptions, spawn_loop};
use samverka_system_tests::phone::Phone;
use samverka_system_tests::prometheus::Scrape;
use samverka_system_tests::region::Region;
use std::time::Duration;
use tokio::sync::watch;

async fn wait_for(
    rx: &mut watch::Receiver<SyncStatus>,
    what: &str,
    ok: impl Fn(&SyncStatus) -> bool,
) -> SyncStatus {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let now = rx.borrow_and_update().clone();
        if ok(&now) {
            return now;
        }
        if tokio::time::timeout_at(deadline, rx.changed())
            .await
            .is_err()
        {
            panic!("timed out waiting for {what}; last status {now:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_then_online_without_a_tap() {
    let mut region = Region::sqlite();
    let url = region.url();
    let mut phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    region.kill();

    phone.write(7);
    let options = LoopOptions {
        interval: Duration::from_secs(60),
        backoff_base: Duration::from_millis(50),
        backoff_cap: Duration::from_millis(400),
        ..LoopOptions::default()
    };
    let handle = spawn_loop(phone.store.clone(), phone.client.clone(), options).unwrap();
    let mut rx = handle.status();
    let offline = wait_for(
        &mut rx,
        "an attempt that found the region offline, 7 waiting",
        |s| !s.online && s.pending == 7 && s.last_error.is_some(),
    )
    .await;
    assert!(
        offline.enrolled && offline.last_synced_at.is_none(),
        "{offline:?}"
    );

    // The nurse keeps working while offline.
    phone.write(3);
    handle.trigger();
    wait_for(&mut rx, "offline with 10 waiting", |s| {
        !s.online && s.pending == 10 && s.last_error.is_some()
    })
    .await;

    region.start();
    let online = wait_for(&mut rx, "synced", |s| s.online && s.pending == 0).await;
    assert!(
        online.last_synced_at.is_some() && online.last_error.is_none(),
        "{online:?}"
    );
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    assert_eq!(storage.entry_counts().await.unwrap(), (10, 10));

    // A tap followed by a trigger reaches the region at once, not at the next interval (60 s).
    let before = online.last_synced_at;
    phone.write(1);
    handle.trigger();
    wait_for(&mut rx, "a sync after the trigger", |s| {
        s.online && s.pending == 0 && s.last_synced_at > before
    })
    .await;
    assert_eq!(storage.entry_counts().await.unwrap(), (11, 11));
    handle.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_shows_as_waiting_before_the_network_answers() {
    let region = Region::sqlite();
    let url = region.url();
    let mut phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    // A "region" that accepts connections and never answers: every attempt hangs to the timeout.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let options = samverka_device::sync::ClientOptions {
        timeout: Duration::from_secs(3),
        keep_alive: false,
        ..samverka_device::sync::ClientOptions::default()
    };
    let client = samverka_device::sync::SyncClient::new(&silent_url, &options).unwrap();
    let loop_options = LoopOptions {
        backoff_base: Duration::from_secs(30),
        backoff_cap: Duration::from_secs(30),
        ..LoopOptions::default()
    };
    phone.write(2);
    let handle = spawn_loop(phone.store.clone(), client, loop_options).unwrap();
    let mut rx = handle.status();
    wait_for(&mut rx, "the first attempt to fail", |s| {
        s.last_error.is_some() && s.pending == 2
    })
    .await;

    phone.write(3);
    let tapped = std::time::Instant::now();
    handle.trigger();
    wait_for(&mut rx, "5 waiting", |s| s.pending == 5).await;
    assert!(
        tapped.elapsed() < Duration::from_secs(1),
        "took {:?}: waited for the network",
        tapped.elapsed()
    );
    handle.stop();
    drop(silent);
}

/// The pushes the region has accepted, from its `/metrics` (loopback may read them).
async fn pushes(region: &Region) -> f64 {
    let text = reqwest::get(format!("{}/metrics", region.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    Scrape::parse(&text)
        .unwrap()
        .sum("samverka_sync_pushes_total", &[])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_taps_goes_out_in_one_sync_and_shows_as_waiting_at_once() {
    let region = Region::sqlite();
    let url = region.url();
    let mut phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let options = LoopOptions {
        min_gap: Duration::from_secs(3),
        ..LoopOptions::default()
    };
    phone.write(1);
    let handle = spawn_loop(phone.store.clone(), phone.client.clone(), options).unwrap();
    let mut rx = handle.status();
    wait_for(&mut rx, "the first sync", |s| s.online && s.pending == 0).await;
    let before = pushes(&region).await;
    assert!(before >= 1.0, "the first sync pushed nothing: {before}");

    // Ten taps, each triggering, all within the gap since the first sync started: the first
    // shows as waiting at once, and the ten go out together when the gap has passed.
    let tapped = std::time::Instant::now();
    phone.write(1);
    handle.trigger();
    let waiting = tokio::time::timeout(
        Duration::from_secs(2),
        wait_for(&mut rx, "1 waiting", |s| s.pending == 1),
    )
    .await;
    assert!(
        waiting.is_ok(),
        "the tap not shown as waiting within 2 s: {:?}",
        *rx.borrow()
    );
    for _ in 1..10 {
        phone.write(1);
        handle.trigger();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    wait_for(&mut rx, "the burst synced", |s| s.online && s.pending == 0).await;
    assert!(
        tapped.elapsed() < Duration::from_secs(10),
        "the burst took {:?} to reach the region",
        tapped.elapsed()
    );
    assert_eq!(
        pushes(&region).await - before,
        1.0,
        "ten taps within the gap should go out in one push"
    );
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    assert_eq!(storage.entry_counts().await.unwrap(), (11, 11));
    handle.stop();
}
