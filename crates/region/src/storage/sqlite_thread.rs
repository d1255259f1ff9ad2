//! The thread that owns the region's SQLite connection: async callers send it work and await
//! the answer.
//!
//! It replaced a connection behind a mutex, reached with `spawn_blocking` for every call: under
//! load every waiting request held a blocking-pool thread parked on that mutex, and each unlock
//! woke one of hundreds of them, so a fifth of the region's CPU went to switching threads
//! (`perf`, region-load bench). One owner thread takes the calls in order and only sleeps when
//! there is nothing to do. (`tokio-rusqlite` does the same, but its releases are tied to
//! rusqlite 0.37 and 0.40, and the workspace's SQLCipher build is on 0.39.)

use super::StorageError;
use rusqlite::Connection;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle on the connection's thread; clones share it, and the thread ends (closing the
/// connection) when the last one is dropped.
#[derive(Clone)]
pub(super) struct ConnectionThread {
    jobs: mpsc::Sender<Job>,
}

impl ConnectionThread {
    /// Moves `conn` onto a new thread of its own.
    #[cfg(test)]
    pub(super) fn spawn(conn: Connection) -> Result<Self, StorageError> {
        Self::spawn_with(conn, |_| Ok(()))
    }

    /// Moves `conn` onto a new thread of its own and runs `setup` there first (what must
    /// happen on the thread that owns the connection, such as hooking its commits); its
    /// error is returned here.
    pub(super) fn spawn_with<S>(conn: Connection, setup: S) -> Result<Self, StorageError>
    where
        S: FnOnce(&Connection) -> Result<(), StorageError> + Send + 'static,
    {
        let (jobs, queue) = mpsc::channel::<Job>();
        let (ready, set_up) = mpsc::channel();
        std::thread::Builder::new()
            .name("region-sqlite".into())
            .spawn(move || {
                let mut conn = conn;
                let outcome = setup(&conn);
                let failed = outcome.is_err();
                let _ = ready.send(outcome);
                if failed {
                    return;
                }
                while let Ok(job) = queue.recv() {
                    job(&mut conn);
                }
            })
            .map_err(|e| StorageError::Database(format!("starting the database thread: {e}")))?;
        set_up.recv().map_err(|_| stopped())??;
        Ok(Self { jobs })
    }

    /// Runs `f` on the connection's thread, after the calls sent before it. A panic in `f` is
    /// answered as an error (an open transaction is rolled back as it unwinds) and the thread
    /// goes on serving the others.
    pub(super) async fn run<T, F>(&self, f: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StorageError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move |conn| {
                let out = catch_unwind(AssertUnwindSafe(|| f(conn)));
                // The caller may have gone (a dropped request); then nobody wants the answer.
                let _ = answer.send(out);
            }))
            .map_err(|_| stopped())?;
        match answered.await {
            Ok(Ok(out)) => out,
            Ok(Err(_)) => Err(StorageError::Database(
                "a storage call panicked; it was rolled back".into(),
            )),
            Err(_) => Err(stopped()),
        }
    }
}

fn stopped() -> StorageError {
    StorageError::Database("the database thread has stopped".into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn every_call_is_served_and_a_panic_rolls_back_without_stopping_the_thread() {
        let db = ConnectionThread::spawn(Connection::open_in_memory().unwrap()).unwrap();
        db.run(|c| Ok(c.execute_batch("CREATE TABLE t (n INTEGER)")?))
            .await
            .unwrap();
        let sent: Vec<_> = (0..50)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.run(move |c| Ok(c.execute("INSERT INTO t VALUES (?1)", [n])?))
                        .await
                })
            })
            .collect();
        for s in sent {
            s.await.unwrap().unwrap();
        }
        let panicked = db
            .run(|c| -> Result<(), StorageError> {
                let tx = c.transaction()?;
                tx.execute("INSERT INTO t VALUES (99)", [])?;
                panic!("a bug in a storage call")
            })
            .await;
        assert!(matches!(panicked, Err(StorageError::Database(m)) if m.contains("panicked")));
        let (count, max): (i64, i64) = db
            .run(|c| {
                Ok(c.query_row("SELECT count(*), max(n) FROM t", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?)
            })
            .await
            .unwrap();
        // All 50 inserts, and not the panicked call's: its transaction was rolled back.
        assert_eq!((count, max), (50, 49));
    }
}
