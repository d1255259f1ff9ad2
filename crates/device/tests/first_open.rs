//! The first stores a process opens, opened at the same moment from several threads, all unlock.
//!
//! SQLite marks itself initialised before SQLCipher's own set-up (`SQLITE_EXTRA_INIT`) has run,
//! so a thread that opened a database in that window was refused its correct key ("An error
//! occurred with PRAGMA key or rekey") — once in CI, in a test that enrols two phones at once.
//! The window exists only once per process, so each round runs in a new child process: this test
//! binary started again with `SAMVERKA_FIRST_OPEN_CHILD` set.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::{DatabaseKey, Store};
use std::process::Command;
use std::sync::{Arc, Barrier};

const CHILD: &str = "SAMVERKA_FIRST_OPEN_CHILD";
const THREADS: usize = 8;
const ROUNDS: usize = 24;

#[test]
fn stores_opened_at_once_by_a_new_process_all_unlock() {
    if let Ok(dir) = std::env::var(CHILD) {
        open_at_once(std::path::Path::new(&dir));
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(&exe)
            .args([
                "--exact",
                "stores_opened_at_once_by_a_new_process_all_unlock",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "round {round}: a first open failed\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Opens `THREADS` stores in `dir`, all released by one barrier, and panics with every failure.
fn open_at_once(dir: &std::path::Path) {
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let path = dir.join(format!("phone-{i}.db"));
            std::thread::spawn(move || {
                let key = DatabaseKey::generate();
                barrier.wait();
                Store::open(&path, &key)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let failures: Vec<String> = handles
        .into_iter()
        .filter_map(|h| h.join().unwrap().err())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
