//! The device schema: migrations embedded from `migrations/device/` and the connection set-up.

use crate::error::StoreError;
use include_dir::{Dir, include_dir};
use rusqlite::Connection;
use rusqlite_migration::Migrations;
use std::time::Duration;

/// The device migrations, embedded at build time (`NN-name/up.sql`).
pub static MIGRATIONS_DIR: Dir<'static> =
    include_dir!("$CARGO_MANIFEST_DIR/../../migrations/device");

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
    let migrations = Migrations::from_directory(&MIGRATIONS_DIR)?;
    migrations.to_latest(conn)?;
    Ok(())
}
