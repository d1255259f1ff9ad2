//! The app lock's memory: the PIN is kept only as a hash, wrong attempts earn growing waits
//! that a restart does not reset, a right PIN clears them, and nothing is ever wiped.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::Store;
use samverka_model::lock::Unlock;
use samverka_model::{JobType, Timestamp};

#[test]
fn wrong_pins_wait_longer_and_longer_across_restarts_and_never_wipe() {
    let (_dir, path) = temp_db();
    let t = |s: i64| Timestamp(1_800_000_000_000 + s * 1000);
    let mut s = Store::open(&path, &key()).unwrap();
    assert!(!s.has_pin().unwrap());
    assert!(s.set_pin("123456").is_err(), "a run is refused");
    s.set_pin("246810").unwrap();
    assert!(s.has_pin().unwrap());
    let job = s
        .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap()
        .job;
    // The hash, not the PIN.
    let stored: String = raw_conn_of(&s)
        .query_row("SELECT pin_hash FROM app_lock", [], |r| r.get(0))
        .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("246810"));

    for n in 1..=2 {
        assert_eq!(
            s.check_unlock_pin("111111", t(n)).unwrap(),
            Unlock::Wrong {
                failures: n as u32,
                wait_ms: 0
            }
        );
    }
    assert_eq!(
        s.check_unlock_pin("111111", t(3)).unwrap(),
        Unlock::Wrong {
            failures: 3,
            wait_ms: 30_000
        }
    );
    // During the wait even the right PIN is not checked.
    assert_eq!(
        s.check_unlock_pin("246810", t(13)).unwrap(),
        Unlock::Wait { wait_ms: 20_000 }
    );
    drop(s);

    // A restart does not reset the count or the wait.
    let mut s = Store::open(&path, &key()).unwrap();
    assert_eq!(s.pin_wait(t(23)).unwrap(), (3, 10_000));
    assert_eq!(
        s.check_unlock_pin("222222", t(33)).unwrap(),
        Unlock::Wrong {
            failures: 4,
            wait_ms: 60_000
        }
    );
    assert!(matches!(
        s.check_unlock_pin("246810", t(90)).unwrap(),
        Unlock::Wait { .. }
    ));
    assert_eq!(
        s.check_unlock_pin("246810", t(93)).unwrap(),
        Unlock::Unlocked
    );
    assert_eq!(s.pin_wait(t(94)).unwrap(), (0, 0));
    // Nothing was wiped on the way.
    assert!(s.job(job).unwrap().is_some());
}

fn raw_conn_of(s: &Store) -> rusqlite::Connection {
    raw_conn(&s.path().unwrap())
}
