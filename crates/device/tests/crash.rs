//! Kill -9 while writing, 200 times: after each kill the database opens, passes SQLite's
//! integrity check, holds every entry whose append had returned, and its read models equal a
//! fresh fold of the log.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use rand::{Rng, SeedableRng};
use samverka_device::Store;
use samverka_model::JobType;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: u64 = 200;
const DB_ENV: &str = "SAMVERKA_CRASH_DB";

/// The child: appends entries forever, printing each seq once `record` has returned.
/// Run only by `kill_while_appending`, which re-executes this test binary.
#[test]
#[ignore = "child process of kill_while_appending"]
fn crash_child() {
    let Ok(path) = std::env::var(DB_ENV) else {
        return;
    };
    let mut store = Store::open(&path, &key()).unwrap();
    println!("device {}", store.device_id());
    let mut job = None;
    for i in 0.. {
        let minute = (i % 500) as i64;
        let result = match job {
            Some(j) if i % 12 != 0 => store.record(&nurse(1), j, tap(i, minute), at(minute)),
            _ => store.create_job(&nurse(1), header(JobType::Ivpa, minute), at(minute)),
        };
        match result {
            Ok(e) => {
                job = Some(e.job);
                println!("acked {}", e.seq);
            }
            Err(e) if e.rejection().is_some() => {}
            Err(e) => panic!("store failed: {e}"),
        }
    }
}

#[test]
fn kill_while_appending() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let exe = std::env::current_exe().unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5a3e_2026);
    let mut acked_total = BTreeSet::new();
    let mut device = None;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "crash_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DB_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => lines.push(l),
                    Err(_) => break,
                }
            }
            lines
        });
        std::thread::sleep(Duration::from_micros(rng.random_range(2_000..60_000)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        for l in &lines {
            if let Some(d) = l.strip_prefix("device ") {
                assert!(
                    device.is_none_or(|x: String| x == d),
                    "device identity changed"
                );
                device = Some(d.to_owned());
            }
            if let Some(seq) = l.strip_prefix("acked ") {
                acked_total.insert(seq.parse::<u64>().unwrap());
            }
        }

        let store = Store::open(&path, &key())
            .unwrap_or_else(|e| panic!("round {round}: cannot open: {e}"));
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        let held: BTreeSet<u64> = store
            .entries_after(store.device_id(), 0, usize::MAX >> 1)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        let lost: Vec<_> = acked_total.difference(&held).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged entries lost: {lost:?}"
        );
        // Seqs have no gaps: each append was all or nothing.
        assert_eq!(
            held.len() as u64,
            held.last().copied().unwrap_or(0),
            "round {round}"
        );
        assert!(
            store.stale_read_models().unwrap().is_empty(),
            "round {round}"
        );
    }
    println!(
        "{KILLS} kills, {} acknowledged entries, all present",
        acked_total.len()
    );
    assert!(
        acked_total.len() as u64 > KILLS,
        "the children wrote too little to prove anything"
    );
}
