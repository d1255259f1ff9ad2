//! WAL checkpoints off the request path: a thread with its own connection copies the WAL back
//! into the database while the connection's thread goes on committing pushes.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, so one
//! push in about ten waited ~13 ms for it instead of ~1.5 ms (sync bench, issue #19). In WAL
//! mode a checkpoint from another connection runs beside the writer: it copies what was
//! committed before it started and never blocks a commit. The writer's WAL hook wakes it, and it
//! waits for the writer to pause before it starts: a checkpoint's copying and fsync beside a
//! burst of pushes slowed one sync in four by a third (sync bench: 193–195 ms instead of ~150).
//! Under steady load it runs at the latest `MAX_WAIT` after the wake; should it ever fall far
//! behind, the writer checkpoints itself, as SQLite would have.

use super::StorageError;
use rusqlite::Connection;
use std::cell::RefCell;
use std::ffi::c_int;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// WAL pages after which a commit wakes the checkpointer (SQLite's own default threshold).
const WAKE_PAGES: c_int = 1000;
/// WAL pages after which the committing connection checkpoints itself: the checkpointer has
/// fallen behind (or stopped), and the WAL must not grow without bound.
const INLINE_PAGES: c_int = 16 * WAKE_PAGES;
/// How long the writer must have been quiet (no commit past `WAKE_PAGES`) before a checkpoint.
const QUIET: Duration = Duration::from_millis(100);
/// The longest a checkpoint waits for that pause after its wake.
const MAX_WAIT: Duration = Duration::from_secs(2);

thread_local! {
    /// The checkpointer the connection on this thread wakes. Thread-local because SQLite's WAL
    /// hook is a plain function; each storage's connection has a thread of its own.
    static WAKE: RefCell<Option<mpsc::SyncSender<()>>> = const { RefCell::new(None) };
}

/// Starts the checkpointer for the database at `path` and hooks `conn`'s commits to it.
/// Call on the thread that will own `conn` for good (`ConnectionThread`'s).
pub(super) fn attach(conn: &Connection, path: &str) -> Result<(), StorageError> {
    let own = Connection::open(path)?;
    own.busy_timeout(Duration::from_secs(5))?;
    own.pragma_update(None, "synchronous", "FULL")?;
    // One wake pending is enough: a checkpoint copies everything committed before it starts.
    let (wake, woken) = mpsc::sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("region-checkpoint".into())
        .spawn(move || {
            // Ends when the connection's thread ends and drops the sender.
            while woken.recv().is_ok() {
                if !settle(&woken, QUIET, MAX_WAIT) {
                    break;
                }
                if let Err(e) = own.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!("WAL checkpoint: {e}");
                }
            }
        })
        .map_err(|e| StorageError::Database(format!("starting the checkpoint thread: {e}")))?;
    WAKE.with(|w| *w.borrow_mut() = Some(wake));
    conn.wal_hook(Some(on_commit));
    Ok(())
}

/// After a wake, waits until no further wake has come for `quiet`, or `max_wait` has passed
/// since this one. `false` when the writer has gone (the storage was dropped).
fn settle(woken: &mpsc::Receiver<()>, quiet: Duration, max_wait: Duration) -> bool {
    let since = Instant::now();
    loop {
        let left = max_wait.saturating_sub(since.elapsed());
        if left.is_zero() {
            return true;
        }
        match woken.recv_timeout(quiet.min(left)) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// After every commit, with the WAL's size in pages.
fn on_commit(wal: &rusqlite::hooks::Wal, pages: c_int) -> rusqlite::Result<()> {
    if pages >= WAKE_PAGES {
        WAKE.with(|w| {
            if let Some(wake) = &*w.borrow() {
                // Full means a wake is already pending; gone means the thread stopped, and
                // the inline checkpoint below takes over.
                let _ = wake.try_send(());
            }
        });
    }
    if pages >= INLINE_PAGES {
        wal.checkpoint()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::sqlite_thread::ConnectionThread;
    use super::*;

    type Waker = std::thread::JoinHandle<mpsc::SyncSender<()>>;

    /// Wakes every 10 ms for `for_ms`, from another thread, which then hands the sender back
    /// (the writer is still there, only quiet).
    fn waking(for_ms: u64) -> (mpsc::Receiver<()>, Waker) {
        let (wake, woken) = mpsc::sync_channel(1);
        let sender = std::thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < Duration::from_millis(for_ms) {
                let _ = wake.try_send(());
                std::thread::sleep(Duration::from_millis(10));
            }
            wake
        });
        (woken, sender)
    }

    /// `settle` as the checkpointer calls it, after the first wake; and how long it waited.
    fn timed_settle(woken: &mpsc::Receiver<()>, quiet_ms: u64, max_ms: u64) -> (bool, Duration) {
        woken.recv().unwrap();
        let start = Instant::now();
        let quiet = Duration::from_millis(quiet_ms);
        let settled = settle(woken, quiet, Duration::from_millis(max_ms));
        (settled, start.elapsed())
    }

    #[test]
    fn a_checkpoint_waits_while_the_writer_keeps_committing() {
        let (woken, sender) = waking(400);
        let (settled, waited) = timed_settle(&woken, 200, 30_000);
        assert!(settled);
        // The wakes came for 400 ms, 10 ms apart: no 200 ms pause before they stopped.
        assert!(waited >= Duration::from_millis(350), "{waited:?}");
        drop(sender.join().unwrap());
    }

    #[test]
    fn a_checkpoint_waits_no_longer_than_its_limit_and_stops_with_the_writer() {
        let (woken, sender) = waking(3_000);
        let (settled, waited) = timed_settle(&woken, 200, 300);
        assert!(settled);
        assert!(waited < Duration::from_millis(2_000), "{waited:?}");
        drop(sender.join().unwrap());
        // The writer is gone: the checkpointer ends.
        assert!(!settle(
            &woken,
            Duration::from_millis(200),
            Duration::from_secs(30)
        ));
    }

    /// The writer's own automatic checkpoint is off once the hook is set, so the data reaching
    /// the database file while the writer only commits is the checkpointer's work.
    #[tokio::test]
    async fn the_checkpointer_copies_the_wal_into_the_database_beside_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("region.db").to_string_lossy().into_owned();
        let conn = Connection::open(&path).unwrap();
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .unwrap();
        let p = path.clone();
        let db = ConnectionThread::spawn_with(conn, move |c| attach(c, &p)).unwrap();
        db.run(|c| Ok(c.execute_batch("CREATE TABLE t (b BLOB)")?))
            .await
            .unwrap();
        // 40 commits of 200 KB: about 2,000 WAL pages of 4 KB, past the wake threshold and
        // short of the writer's own.
        for _ in 0..40 {
            db.run(|c| Ok(c.execute("INSERT INTO t VALUES (zeroblob(200000))", [])?))
                .await
                .unwrap();
        }
        let file = std::path::Path::new(&path);
        let mut copied = 0;
        for _ in 0..100 {
            copied = std::fs::metadata(file).unwrap().len();
            if copied > 4_000_000 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            copied > 4_000_000,
            "the database file holds {copied} bytes: the WAL was not checkpointed"
        );
    }
}
