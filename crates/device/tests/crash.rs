//! Kill -9 while writing, 200 times: after each kill the database opens, passes SQLite's
//! integrity check, holds every entry whose append had returned, holds both entries of every
//! two-entry tap or neither, and its read models equal a fresh fold of the log.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use rand::{RngExt, SeedableRng};
use samverka_device::Store;
use samverka_model::doc::Patch;
use samverka_model::record::RecordText;
use samverka_model::{EntryBody, JobType};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: u64 = 200;
const DB_ENV: &str = "SAMVERKA_CRASH_DB";

/// One tap of two entries (as SBAR's "handed over" is), told apart by their notes.
fn pair(i: u64) -> Vec<EntryBody> {
    ["a", "b"]
        .map(|half| {
            EntryBody::Record(Patch::set(RecordText {
                notes: Some(format!("pair {i} {half}")),
                ..RecordText::default()
            }))
        })
        .into()
}

/// Every half of a two-entry tap the log holds, as `(seq, "i half")`, in seq order.
fn halves(store: &Store) -> Vec<(u64, String)> {
    store
        .entries_after(store.device_id(), 0, usize::MAX >> 1)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.body {
            EntryBody::Record(p) => Some((e.seq, p.set.notes?.strip_prefix("pair ")?.to_owned())),
            _ => None,
        })
        .collect()
}

/// The child: appends entries forever, printing each seq once `record` has returned; every
/// twelfth tap (offset 6) is two entries through `record_all`.
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
            Some(j) if i % 12 == 6 => store
                .record_all(&nurse(1), j, pair(i), at(minute))
                .map(|mut both| both.pop().unwrap()),
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
    let mut pairs = 0;
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
        // A two-entry tap is one transaction: no kill leaves half of one. Its halves are next
        // to each other in the log, `a` then `b` of the same tap.
        let halves = halves(&store);
        let mut rest = halves.iter();
        pairs = 0;
        while let Some((seq, first)) = rest.next() {
            let tap = first.strip_suffix(" a");
            let second = rest.next();
            assert!(
                tap.is_some()
                    && second.is_some_and(|(s, h)| {
                        *s == seq + 1 && tap.is_some_and(|t| h == &format!("{t} b"))
                    }),
                "round {round}: seq {seq} ({first}) is half a tap; next: {second:?}"
            );
            pairs += 1;
        }
    }
    println!(
        "{KILLS} kills, {} acknowledged entries, all present; {pairs} two-entry taps, all whole",
        acked_total.len()
    );
    assert!(pairs > 0, "the children wrote no two-entry tap");
    assert!(
        acked_total.len() as u64 > KILLS,
        "the children wrote too little to prove anything"
    );
}
