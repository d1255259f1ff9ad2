//! The device schema: migrations embedded from `migrations/device/` and the connection set-up.

use crate::error::StoreError;
use crate::key::DatabaseKey;
use include_dir::{Dir, include_dir};
use rusqlite::{Connection, ErrorCode, OptionalExtension};
use rusqlite_migration::Migrations;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The device migrations, embedded at build time (`NN-name/up.sql`).
pub static MIGRATIONS_DIR: Dir<'static> =
    include_dir!("$CARGO_MANIFEST_DIR/../../migrations/device");

/// Hands SQLCipher the key and checks it: SQLCipher only reads the file at the first statement,
/// so a wrong key shows here, before any migration could touch the file. Refuses to run on a
/// SQLite built without SQLCipher, which would ignore the key and write plain text.
pub(crate) fn unlock(conn: &Connection, key: &DatabaseKey) -> Result<(), StoreError> {
    let cipher: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()?;
    if cipher.is_none_or(|v| v.is_empty()) {
        return Err(StoreError::NotEncrypted);
    }
    wait_for_sqlcipher();
    conn.execute_batch(&key.pragma())?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            Err(StoreError::WrongKey)
        }
        Err(e) => Err(e.into()),
    }
}

/// Waits, once per process, until SQLCipher has finished setting itself up.
///
/// SQLite marks itself initialised before it runs SQLCipher's set-up (`SQLITE_EXTRA_INIT`), and
/// rusqlite 0.39 no longer serialises that first initialisation: a thread opening a database in
/// the window is refused a correct key ("An error occurred with PRAGMA key or rekey"). Setting a
/// key on a throw-away in-memory database succeeds exactly when the set-up is done; other threads
/// wait on the `OnceLock` meanwhile. If it never succeeds (SQLCipher could not start), the real
/// key below fails with SQLCipher's own error after this bounded wait.
fn wait_for_sqlcipher() {
    static READY: OnceLock<bool> = OnceLock::new();
    READY.get_or_init(|| {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let keyed = Connection::open_in_memory()
                .and_then(|probe| probe.execute_batch("PRAGMA key = 'ready';"));
            if keyed.is_ok() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Sets the connection up for durability and brings the schema to the latest version.
///
/// WAL with `synchronous=FULL`: a commit is on stable storage when it returns, so a tap survives
/// a dead battery, not only a killed app. WAL keeps readers off the writer's back.
pub(crate) fn prepare(conn: &mut Connection) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(StoreError::corrupt(
            "journal mode",
            std::io::Error::other(format!("SQLite refused WAL mode (got {mode})")),
        ));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // Purged identifying data is overwritten, not just unlinked from the b-tree.
    conn.pragma_update(None, "secure_delete", "ON")?;
    let migrations = Migrations::from_directory(&MIGRATIONS_DIR)?;
    migrations.to_latest(conn)?;
    Ok(())
}
