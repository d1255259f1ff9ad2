//! What running several region nodes on one database asks of the store (#21): attempt limits
//! that every node shares, whether the schema is the one this binary expects (`/ready`), and
//! the connection pool's figures (`/metrics`). The SQL for both stores lives here; the
//! [`super::Storage`] implementations call it with their pool or connection.
//!
//! The attempt limit is GCRA (the algorithm `governor` uses in memory) kept in one row per
//! scope and client: `tat`, the theoretical arrival time. An attempt at `now` is allowed when
//! `max(tat, now) <= now + tolerance`, and then moves `tat` to `max(tat, now) + interval`;
//! both happen in one `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`, which the
//! database runs atomically per row, so two nodes cannot both take the last attempt.

use super::StorageError;
use samverka_model::Timestamp;

/// The GCRA of an attempt limit, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptRule {
    /// Time between attempts at the sustained pace (60,000 / attempts per minute).
    pub interval_ms: i64,
    /// Attempts allowed at once before the pace applies (at least 1).
    pub burst: u32,
}

impl AttemptRule {
    /// How far ahead of `now` the theoretical arrival time may be for an attempt to pass.
    fn tolerance_ms(self) -> i64 {
        self.interval_ms
            .saturating_mul(i64::from(self.burst.max(1) - 1))
    }
}

/// What a store says about one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Counted and allowed.
    Allowed,
    /// Refused: the next attempt is allowed after this many milliseconds (at least 1).
    Wait(u64),
}

/// The connection pool, as `/metrics` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open now, idle or in use.
    pub size: u32,
    /// Open connections waiting for work.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}

/// Rows whose theoretical arrival time passed this long ago are deleted on the next attempt:
/// they allow a full burst, exactly as a missing row does.
const FORGET_AFTER_MS: i64 = 60_000;

/// The wait a refused attempt is told, from the stored `tat`.
fn wait_of(tat: Option<i64>, rule: AttemptRule, now: Timestamp) -> Attempt {
    let wait = tat
        .map(|tat| tat - rule.tolerance_ms() - now.millis())
        .unwrap_or(rule.interval_ms);
    Attempt::Wait(u64::try_from(wait).unwrap_or(0).max(1))
}

/// [`super::Storage::take_attempt`] on PostgreSQL.
pub(crate) async fn pg_take_attempt(
    pool: &sqlx::PgPool,
    scope: &str,
    client: &str,
    rule: AttemptRule,
    now: Timestamp,
) -> Result<Attempt, StorageError> {
    sqlx::query("DELETE FROM attempt_limits WHERE tat < $1")
        .bind(now.millis() - FORGET_AFTER_MS)
        .execute(pool)
        .await?;
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO attempt_limits AS a (scope, client, tat) VALUES ($1, $2, $3 + $4)
         ON CONFLICT (scope, client) DO UPDATE SET tat = GREATEST(a.tat, $3) + $4
         WHERE GREATEST(a.tat, $3) <= $3 + $5
         RETURNING tat",
    )
    .bind(scope)
    .bind(client)
    .bind(now.millis())
    .bind(rule.interval_ms)
    .bind(rule.tolerance_ms())
    .fetch_optional(pool)
    .await?;
    if taken.is_some() {
        return Ok(Attempt::Allowed);
    }
    let tat: Option<i64> =
        sqlx::query_scalar("SELECT tat FROM attempt_limits WHERE scope = $1 AND client = $2")
            .bind(scope)
            .bind(client)
            .fetch_optional(pool)
            .await?;
    Ok(wait_of(tat, rule, now))
}

/// [`super::Storage::take_attempt`] on SQLite (one connection: the upsert is atomic anyway).
pub(crate) fn sqlite_take_attempt(
    conn: &rusqlite::Connection,
    scope: &str,
    client: &str,
    rule: AttemptRule,
    now: Timestamp,
) -> Result<Attempt, StorageError> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("DELETE FROM attempt_limits WHERE tat < ?1")?
        .execute([now.millis() - FORGET_AFTER_MS])?;
    let taken: Option<i64> = conn
        .prepare_cached(
            "INSERT INTO attempt_limits AS a (scope, client, tat) VALUES (?1, ?2, ?3 + ?4)
             ON CONFLICT (scope, client) DO UPDATE SET tat = max(a.tat, ?3) + ?4
             WHERE max(a.tat, ?3) <= ?3 + ?5
             RETURNING tat",
        )?
        .query_row(
            rusqlite::params![
                scope,
                client,
                now.millis(),
                rule.interval_ms,
                rule.tolerance_ms()
            ],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Ok(Attempt::Allowed);
    }
    let tat: Option<i64> = conn
        .prepare_cached("SELECT tat FROM attempt_limits WHERE scope = ?1 AND client = ?2")?
        .query_row([scope, client], |r| r.get(0))
        .optional()?;
    Ok(wait_of(tat, rule, now))
}

/// [`super::Storage::missing_migrations`] on PostgreSQL: the migrations `migrator` embeds that
/// the database has not applied successfully. A database migrated further by a newer node is
/// current for this one (migrations only add).
pub(crate) async fn pg_missing_migrations(
    pool: &sqlx::PgPool,
    migrator: &sqlx::migrate::Migrator,
) -> Result<usize, StorageError> {
    let table: Option<String> = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
        .fetch_one(pool)
        .await?;
    let applied: Vec<i64> = if table.is_some() {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    Ok(migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .filter(|m| !applied.contains(&m.version))
        .count())
}

/// [`super::Storage::missing_migrations`] on SQLite: rusqlite_migration counts the applied
/// migrations in `user_version`.
pub(crate) fn sqlite_missing_migrations(
    conn: &rusqlite::Connection,
    embedded: usize,
) -> Result<usize, StorageError> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(embedded.saturating_sub(usize::try_from(applied).unwrap_or(0)))
}

/// [`super::Storage::pool_stats`] on PostgreSQL.
pub(crate) fn pg_pool_stats(pool: &sqlx::PgPool) -> PoolStats {
    PoolStats {
        size: pool.size(),
        idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
        max: pool.options().get_max_connections(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
        conn.execute_batch(include_str!(
            "../../../../migrations/region-sqlite/10-attempt-limits/up.sql"
        ))
        .expect("the migration");
        conn
    }

    #[test]
    fn a_burst_then_one_per_interval_and_the_wait_is_until_the_next() {
        let conn = store();
        let rule = AttemptRule {
            interval_ms: 6_000,
            burst: 3,
        };
        let at = |ms: i64| Timestamp(1_000_000 + ms);
        let take = |client: &str, ms| {
            sqlite_take_attempt(&conn, "login", client, rule, at(ms)).expect("attempt")
        };
        for _ in 0..3 {
            assert_eq!(take("192.0.2.1", 0), Attempt::Allowed);
        }
        assert_eq!(take("192.0.2.1", 0), Attempt::Wait(6_000));
        assert_eq!(take("192.0.2.1", 5_999), Attempt::Wait(1));
        // Refused attempts cost nothing: the next one is due on time.
        assert_eq!(take("192.0.2.1", 6_000), Attempt::Allowed);
        assert_eq!(take("192.0.2.1", 6_000), Attempt::Wait(6_000));
        // Another address, and the same address at enrolment, are counted apart.
        assert_eq!(take("192.0.2.2", 6_000), Attempt::Allowed);
        assert_eq!(
            sqlite_take_attempt(&conn, "enroll", "192.0.2.1", rule, at(6_000)).expect("attempt"),
            Attempt::Allowed
        );
        // After a quiet spell the burst is whole again, and old rows are gone.
        for _ in 0..3 {
            assert_eq!(take("192.0.2.1", 200_000), Attempt::Allowed);
        }
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM attempt_limits", [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 1, "only the address just seen is remembered");
    }
}
