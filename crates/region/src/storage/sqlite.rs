//! The region on SQLite: one connection, owned by a thread of its own
//! ([`ConnectionThread`]). Enough for a local region and tests; production runs PostgreSQL.

use super::requests::{self, check_requester};
use super::sqlite_thread::ConnectionThread;
use super::stats::{RowValues, Source, cell, doc_upsert_sql, report_sql, row_values, upsert_sql};
use super::{
    AnswerStored, AuditEvent, AuditQuery, AuditRecord, DeviceAuth, Publication, PullPage,
    QuarantineIn, REQUEST_LIST, RequestReadEvent, RequestReadRecord, RequesterAccount, Role, Staff,
    StaffAuth, Storage, StorageError, StoredBatch, StoredContent, SyncState, Unit, answers_json,
    audit_record, check_continuity, check_staff, corrupt, encode_content, entry_from_columns,
    i64_of, iso_day, item_code, mark_from_columns, quiz_figures, quiz_from_columns, u32_of, u64_of,
};
use async_trait::async_trait;
use include_dir::{Dir, include_dir};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use samverka_model::coach::{ChecklistMark, QuestionStats, QuizResult};
use samverka_model::content::{ContentBundle, UnitKind};
use samverka_model::request::{
    AnswerOutcome, RequestAnswered, RequestId, RequestRecord, RequestUnit, answer_outcome,
};
use samverka_model::stats::{Cell, Filter, StatsRow, UNANSWERED};
use samverka_model::sync::QuarantinedEntry;
use samverka_model::{
    DeviceId, Entry, EntryBody, JobId, MunicipalityId, PerformerKind, Timestamp, UnitId, UserId,
};
use std::time::Duration;

static MIGRATIONS: Dir<'static> =
    include_dir!("$CARGO_MANIFEST_DIR/../../migrations/region-sqlite");

/// The SQLite storage.
#[derive(Clone)]
pub struct SqliteStorage {
    conn: ConnectionThread,
}

impl SqliteStorage {
    /// Opens (creating) the database at `path`, in WAL mode with full fsync on commit and
    /// the WAL checkpointed by a thread of its own (`checkpoint`).
    pub fn open(path: &str) -> Result<Self, StorageError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let path = path.to_owned();
        // An in-memory database has no WAL, and no second connection could reach it.
        let wal = mode.eq_ignore_ascii_case("wal");
        Ok(Self {
            conn: ConnectionThread::spawn_with(conn, move |conn| {
                if wal {
                    super::checkpoint::attach(conn, &path)?;
                }
                Ok(())
            })?,
        })
    }

    /// Runs one SQL statement directly, as an operator at the database prompt would, and
    /// returns the rows it changed. The API never calls it; tests use it to check what the
    /// database itself refuses (the append-only triggers).
    pub async fn execute_as_operator(&self, sql: &str) -> Result<u64, StorageError> {
        let sql = sql.to_owned();
        self.with(move |conn| Ok(conn.execute(&sql, [])? as u64))
            .await
    }

    /// Runs `f` with the connection, on its thread.
    async fn with<T, F>(&self, f: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StorageError> + Send + 'static,
    {
        self.conn.run(f).await
    }
}

fn auth_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

fn to_auth((device, unit, user): (String, String, String)) -> Result<DeviceAuth, StorageError> {
    Ok(DeviceAuth {
        device: device
            .parse()
            .map_err(|_| corrupt(format!("device id {device}")))?,
        unit: UnitId::new(unit),
        user: UserId::new(user),
    })
}

fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, [String; 6], i64)> {
    Ok((
        r.get(0)?,
        [
            r.get(1)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ],
        r.get(2)?,
    ))
}

const ENTRY_SELECT: &str =
    "SELECT region_seq, device_id, seq, job_id, hlc, author, kind, payload FROM entries";

/// Writes one stats row and its actions; whether it was written (a later app submission of
/// the same job replaces an earlier one, nothing replaces an import).
fn put_stats(tx: &rusqlite::Transaction<'_>, v: &RowValues) -> Result<bool, StorageError> {
    static UPSERT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = UPSERT.get_or_init(|| upsert_sql(&|n| format!("?{n}")));
    let mut stmt = tx.prepare_cached(sql)?;
    let mut values: Vec<&dyn rusqlite::ToSql> =
        v.head.iter().map(|s| s as &dyn rusqlite::ToSql).collect();
    values.push(&v.minutes);
    values.extend(v.keys.iter().map(|s| s as &dyn rusqlite::ToSql));
    if stmt.execute(values.as_slice())? == 0 {
        return Ok(false);
    }
    let job = &v.head[0];
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    tx.prepare_cached(DOC.get_or_init(|| doc_upsert_sql(&|n| format!("?{n}"))))?
        .execute(params![job, v.form])?;
    tx.execute("DELETE FROM stats_form_actions WHERE job_id = ?1", [job])?;
    let mut add =
        tx.prepare_cached("INSERT INTO stats_form_actions (job_id, action) VALUES (?1, ?2)")?;
    for a in v.actions.iter().filter(|a| a.as_str() != UNANSWERED) {
        add.execute(params![job, a])?;
    }
    Ok(true)
}

#[async_trait]
impl Storage for SqliteStorage {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> Result<(), StorageError> {
        self.with(|conn| {
            rusqlite_migration::Migrations::from_directory(&MIGRATIONS)
                .and_then(|m| m.to_latest(conn))
                .map_err(|e| StorageError::Database(format!("migration: {e}")))
        })
        .await
    }

    async fn ping(&self) -> Result<(), StorageError> {
        self.with(|conn| Ok(conn.query_row("SELECT 1", [], |_| Ok(()))?))
            .await
    }

    async fn take_attempt(
        &self,
        scope: &str,
        client: &str,
        rule: super::AttemptRule,
        now: Timestamp,
    ) -> Result<super::Attempt, StorageError> {
        let (scope, client) = (scope.to_owned(), client.to_owned());
        self.with(move |conn| super::ops::sqlite_take_attempt(conn, &scope, &client, rule, now))
            .await
    }

    async fn missing_migrations(&self) -> Result<usize, StorageError> {
        // Each migration is a directory of its own (`NN-name/up.sql`).
        let embedded = MIGRATIONS.dirs().count();
        self.with(move |conn| super::ops::sqlite_missing_migrations(conn, embedded))
            .await
    }

    async fn put_unit(&self, unit: &Unit) -> Result<(), StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO units (unit_id, name, municipality) VALUES (?1, ?2, ?3)
                 ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name, municipality = excluded.municipality",
                params![unit.id.as_str(), unit.name, unit.municipality.as_ref().map(|m| m.as_str())],
            )?;
            Ok(())
        })
        .await
    }

    async fn units(&self) -> Result<Vec<Unit>, StorageError> {
        self.with(|conn| {
            let mut stmt =
                conn.prepare("SELECT unit_id, name, municipality FROM units ORDER BY unit_id")?;
            let rows = stmt.query_map([], |r| {
                Ok(Unit {
                    id: UnitId::new(r.get::<_, String>(0)?),
                    name: r.get(1)?,
                    municipality: r.get::<_, Option<String>>(2)?.map(MunicipalityId::new),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn add_enrolment(
        &self,
        code_hash: &str,
        unit: &UnitId,
        user: &UserId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError> {
        let (code_hash, unit, user) = (code_hash.to_owned(), unit.clone(), user.clone());
        self.with(move |conn| {
            let known: Option<i64> =
                conn.query_row("SELECT 1 FROM units WHERE unit_id = ?1", [unit.as_str()], |r| r.get(0)).optional()?;
            if known.is_none() {
                return Err(StorageError::NotFound(format!("unit {unit}")));
            }
            conn.execute(
                "INSERT INTO enrolments (code_hash, unit_id, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![code_hash, unit.as_str(), user.as_str(), now.millis(), expires_at.millis()],
            )?;
            Ok(())
        })
        .await
    }

    async fn redeem_enrolment(
        &self,
        code_hash: &str,
        device: DeviceId,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<DeviceAuth>, StorageError> {
        let (code_hash, token_hash) = (code_hash.to_owned(), token_hash.to_owned());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let claimed: Option<(String, String)> = tx
                .query_row(
                    "UPDATE enrolments SET used_at = ?2, device_id = ?3
                     WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2
                     RETURNING unit_id, user_id",
                    params![code_hash, now.millis(), device.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((unit, user)) = claimed else { return Ok(None) };
            // A device id already enrolled for another unit or nurse is never rebound (the
            // phone holding it keeps its token); the code stays unused (the transaction rolls
            // back). The same unit and nurse again: a new token, the revocation lifted.
            let bound = tx.execute(
                "INSERT INTO devices (device_id, unit_id, user_id, token_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (device_id) DO UPDATE SET token_hash = excluded.token_hash,
                   enrolled_at = excluded.enrolled_at, revoked_at = NULL
                 WHERE devices.unit_id = excluded.unit_id AND devices.user_id = excluded.user_id",
                params![device.to_string(), unit, user, token_hash, now.millis()],
            )?;
            if bound == 0 {
                return Err(StorageError::DeviceTaken(device));
            }
            tx.commit()?;
            Ok(Some(DeviceAuth { device, unit: UnitId::new(unit), user: UserId::new(user) }))
        })
        .await
    }

    async fn authenticate(&self, token_hash: &str) -> Result<Option<DeviceAuth>, StorageError> {
        let token_hash = token_hash.to_owned();
        self.with(move |conn| {
            let row = conn
                .prepare_cached(
                    "SELECT device_id, unit_id, user_id FROM devices WHERE token_hash = ?1 AND revoked_at IS NULL",
                )?
                .query_row([token_hash], auth_row)
                .optional()?;
            row.map(to_auth).transpose()
        })
        .await
    }

    async fn revoke_device(&self, device: DeviceId, now: Timestamp) -> Result<bool, StorageError> {
        self.with(move |conn| {
            let n = conn.execute(
                "UPDATE devices SET revoked_at = ?2 WHERE device_id = ?1 AND revoked_at IS NULL",
                params![device.to_string(), now.millis()],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn is_revoked(&self, token_hash: &str) -> Result<bool, StorageError> {
        let token_hash = token_hash.to_owned();
        self.with(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT 1 FROM devices WHERE token_hash = ?1 AND revoked_at IS NOT NULL",
                )?
                .exists([token_hash])?)
        })
        .await
    }

    async fn job_entries(&self, job: JobId) -> Result<Vec<Entry>, StorageError> {
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{ENTRY_SELECT} WHERE job_id = ?1 ORDER BY region_seq"
            ))?;
            let rows = stmt
                .query_map([job.to_string()], read_entry)?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(_, cols, seq)| entry_from_columns(cols, seq))
                .collect()
        })
        .await
    }

    async fn job_units(&self, jobs: &[JobId]) -> Result<Vec<(JobId, UnitId)>, StorageError> {
        let jobs = jobs.to_vec();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached("SELECT unit_id FROM jobs WHERE job_id = ?1")?;
            let mut out = Vec::new();
            for j in jobs {
                if let Some(u) = stmt
                    .query_row([j.to_string()], |r| r.get::<_, String>(0))
                    .optional()?
                {
                    out.push((j, UnitId::new(u)));
                }
            }
            Ok(out)
        })
        .await
    }

    async fn store_entries(
        &self,
        auth: &DeviceAuth,
        entries: &[Entry],
        now: Timestamp,
    ) -> Result<StoredBatch, StorageError> {
        let (auth, entries) = (auth.clone(), entries.to_vec());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let device = auth.device.to_string();
            let high_water: i64 = tx
                .prepare_cached("SELECT high_water FROM devices WHERE device_id = ?1")?
                .query_row([&device], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StorageError::NotFound(format!("device {device}")))?;
            let high_water = u64_of(high_water);
            check_continuity(&entries, high_water)?;
            let mut added = 0;
            {
                let mut job_row = tx.prepare_cached(
                    "SELECT unit_id, practice, requested_at FROM jobs WHERE job_id = ?1",
                )?;
                let mut add_job = tx.prepare_cached(
                    "INSERT INTO jobs (job_id, unit_id, created_by, practice, requested_at)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                )?;
                let mut insert = tx.prepare_cached(
                    "INSERT INTO entries (device_id, seq, job_id, unit_id, hlc, author, kind, payload, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (device_id, seq) DO NOTHING",
                )?;
                let mut existing = tx.prepare_cached(&format!("{ENTRY_SELECT} WHERE device_id = ?1 AND seq = ?2"))?;
                // A batch touches few jobs: read each once, its unit to check and the facts a
                // submitted form's statistics need (a job's row never changes).
                let mut facts: std::collections::HashMap<JobId, (bool, Option<i64>)> =
                    std::collections::HashMap::new();
                for e in &entries {
                    let job = e.job.to_string();
                    if let EntryBody::JobCreated(h) = &e.body {
                        add_job.execute(params![
                            job,
                            auth.unit.as_str(),
                            device,
                            h.practice,
                            h.requested_at.millis()
                        ])?;
                    }
                    if let std::collections::hash_map::Entry::Vacant(slot) = facts.entry(e.job) {
                        let row: Option<(String, bool, Option<i64>)> = job_row
                            .query_row([&job], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                            .optional()?;
                        match row {
                            None => return Err(StorageError::UnknownJob(e.job, e.seq)),
                            Some((u, ..)) if u != auth.unit.as_str() => return Err(StorageError::JobOfOtherUnit(e.job, e.seq)),
                            Some((_, practice, requested_at)) => {
                                slot.insert((practice, requested_at));
                            }
                        }
                    }
                    let (kind, payload) = e.body.to_parts().map_err(corrupt)?;
                    let n = insert.execute(params![
                        device,
                        i64_of(e.seq),
                        job,
                        auth.unit.as_str(),
                        e.hlc.to_string(),
                        e.author.as_str(),
                        kind,
                        payload,
                        now.millis()
                    ])?;
                    if n == 0 {
                        let (_, cols, seq) = existing.query_row(params![device, i64_of(e.seq)], read_entry)?;
                        if &entry_from_columns(cols, seq)? != e {
                            return Err(StorageError::EntryConflict(e.entry_ref()));
                        }
                        continue;
                    }
                    added += 1;
                    if let Some(what) = super::unrestorable(e) {
                        tx.prepare_cached(
                            "INSERT INTO restore_log (device_id, seq, unit_id, job_id, what, logged_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                        )?
                        .execute(params![device, i64_of(e.seq), auth.unit.as_str(), job, what, now.millis()])?;
                    } else if let EntryBody::FormSubmitted { form, .. } = &e.body {
                        let Some(&(practice, requested_at)) = facts.get(&e.job) else {
                            continue; // not reached: every entry's job was read above
                        };
                        if let Some(row) = StatsRow::from_submission(
                            &e.job,
                            &auth.unit,
                            practice,
                            Timestamp(requested_at.unwrap_or(now.millis())),
                            form,
                        ) {
                            put_stats(&tx, &row_values(&row, Source::App, &e.hlc.to_string()))?;
                        }
                    }
                }
            }
            let new_high = entries.last().map_or(high_water, |e| e.seq.max(high_water));
            tx.prepare_cached("UPDATE devices SET high_water = ?2 WHERE device_id = ?1")?
                .execute(params![device, i64_of(new_high)])?;
            tx.commit()?;
            Ok(StoredBatch { high_water: new_high, added })
        })
        .await
    }

    async fn quarantine_entry(
        &self,
        auth: &DeviceAuth,
        entry: &QuarantineIn,
        now: Timestamp,
    ) -> Result<u64, StorageError> {
        let (auth, q) = (auth.clone(), entry.clone());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let device = auth.device.to_string();
            let high_water: i64 = tx
                .query_row("SELECT high_water FROM devices WHERE device_id = ?1", [&device], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StorageError::NotFound(format!("device {device}")))?;
            let high_water = u64_of(high_water);
            if q.seq > high_water.saturating_add(1) {
                return Err(StorageError::SeqGap { first: q.seq, high_water });
            }
            tx.execute(
                "INSERT INTO quarantine (device_id, seq, unit_id, user_id, job_id, kind, code, message, entry, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (device_id, seq) DO NOTHING",
                params![
                    device,
                    i64_of(q.seq),
                    auth.unit.as_str(),
                    auth.user.as_str(),
                    q.job.map(|j| j.to_string()),
                    q.kind,
                    q.code,
                    q.message,
                    q.entry,
                    now.millis()
                ],
            )?;
            let new_high = high_water.max(q.seq);
            tx.execute("UPDATE devices SET high_water = ?2 WHERE device_id = ?1", params![device, i64_of(new_high)])?;
            tx.commit()?;
            Ok(new_high)
        })
        .await
    }

    async fn quarantined(
        &self,
        unit: Option<&UnitId>,
        limit: u32,
    ) -> Result<Vec<QuarantinedEntry>, StorageError> {
        let unit = unit.map(|u| u.as_str().to_owned());
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT device_id, seq, job_id, kind, user_id, code, message, received_at FROM quarantine
                 WHERE ?1 IS NULL OR unit_id = ?1 ORDER BY received_at DESC, device_id, seq LIMIT ?2",
            )?;
            let rows = stmt
                .query_map(params![unit, limit], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, i64>(7)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(quarantined_of).collect()
        })
        .await
    }

    async fn high_water(&self, device: DeviceId) -> Result<u64, StorageError> {
        self.with(move |conn| {
            let hw: Option<i64> = conn
                .query_row(
                    "SELECT high_water FROM devices WHERE device_id = ?1",
                    [device.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(hw.map_or(0, u64_of))
        })
        .await
    }

    async fn pull(
        &self,
        unit: &UnitId,
        except: DeviceId,
        cursor: u64,
        limit: u32,
    ) -> Result<PullPage, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{ENTRY_SELECT} WHERE unit_id = ?1 AND region_seq > ?2 AND device_id <> ?3 ORDER BY region_seq LIMIT ?4"
            ))?;
            let rows = stmt
                .query_map(params![unit.as_str(), i64_of(cursor), except.to_string(), limit], read_entry)?
                .collect::<Result<Vec<_>, _>>()?;
            let mut next = cursor;
            let mut entries = Vec::with_capacity(rows.len());
            for (region_seq, cols, seq) in rows {
                next = next.max(u64_of(region_seq));
                entries.push(entry_from_columns(cols, seq)?);
            }
            Ok(PullPage { entries, cursor: next })
        })
        .await
    }

    async fn epoch(&self) -> Result<String, StorageError> {
        self.with(|conn| {
            Ok(conn.query_row(
                "SELECT epoch FROM region_epoch WHERE singleton = 1",
                [],
                |r| r.get(0),
            )?)
        })
        .await
    }

    async fn renew_epoch(
        &self,
        seen: &str,
        by: DeviceId,
        now: Timestamp,
    ) -> Result<String, StorageError> {
        let (seen, fresh, by) = (seen.to_owned(), super::new_epoch(), by.to_string());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let recent: i64 = tx.query_row(
                "SELECT count(*) FROM epoch_renewals WHERE device_id = ?1 AND renewed_at > ?2",
                params![by, now.millis() - super::RENEWAL_PER_DEVICE_MS],
                |r| r.get(0),
            )?;
            if recent == 0
                && tx.execute(
                    "UPDATE region_epoch SET epoch = ?1, since = ?2 WHERE singleton = 1 AND epoch = ?3",
                    params![fresh, now.millis(), seen],
                )? == 1
            {
                tx.execute(
                    "INSERT INTO epoch_renewals (device_id, renewed_at) VALUES (?1, ?2)",
                    params![by, now.millis()],
                )?;
            }
            let current: String = tx.query_row(
                "SELECT epoch FROM region_epoch WHERE singleton = 1",
                [],
                |r| r.get(0),
            )?;
            tx.commit()?;
            Ok(current)
        })
        .await
    }

    async fn sync_state(&self, device: DeviceId) -> Result<SyncState, StorageError> {
        self.with(move |conn| {
            let (epoch, high_water, last, content): (
                String,
                Option<i64>,
                Option<i64>,
                Option<i64>,
            ) = conn
                .prepare_cached(
                    "SELECT (SELECT epoch FROM region_epoch WHERE singleton = 1),
                            (SELECT high_water FROM devices WHERE device_id = ?1),
                            (SELECT max(region_seq) FROM entries),
                            (SELECT max(version) FROM content_bundles)",
                )?
                .query_row([device.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            Ok(SyncState {
                epoch,
                high_water: high_water.map_or(0, u64_of),
                last_region_seq: last.map_or(0, u64_of),
                content_version: content.map(u64_of),
            })
        })
        .await
    }

    async fn restore_log(&self, limit: u32) -> Result<Vec<super::RestoreLogEntry>, StorageError> {
        self.with(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT device_id, seq, unit_id, job_id, what, logged_at FROM restore_log
                 ORDER BY logged_at DESC, device_id, seq LIMIT ?1",
            )?;
            let rows = stmt
                .query_map([i64::from(limit)], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(device, seq, unit, job, what, at)| {
                    Ok(super::RestoreLogEntry {
                        device: device
                            .parse()
                            .map_err(|e| corrupt(format!("device {device}: {e}")))?,
                        seq: u64_of(seq),
                        unit: UnitId::new(unit),
                        job: job
                            .parse()
                            .map_err(|e| corrupt(format!("job {job}: {e}")))?,
                        what,
                        logged_at: Timestamp(at),
                    })
                })
                .collect()
        })
        .await
    }

    async fn entry_counts(&self) -> Result<(u64, u64), StorageError> {
        self.with(|conn| {
            let (all, distinct): (i64, i64) = conn.query_row(
                "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT device_id, seq FROM entries)) FROM entries",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok((u64_of(all), u64_of(distinct)))
        })
        .await
    }

    async fn publish_content(
        &self,
        bundle: &ContentBundle,
        now: Timestamp,
    ) -> Result<Publication, StorageError> {
        let bundle = bundle.clone();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let latest: Option<(i64, String)> = tx
                .query_row(
                    "SELECT version, bundle_sha256 FROM content_bundles
                     ORDER BY version DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let next = latest.as_ref().map_or(1, |(v, _)| u64_of(*v) + 1);
            let (bundle_sha, stored) = encode_content(&bundle, next, now)?;
            if let Some((v, sha)) = latest
                && sha == bundle_sha
            {
                return Ok(Publication {
                    version: u64_of(v),
                    new: false,
                });
            }
            tx.execute(
                "INSERT INTO content_bundles (version, published_at, bundle_sha256, body, body_sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![i64_of(next), now.millis(), bundle_sha, stored.body, stored.body_sha256],
            )?;
            tx.commit()?;
            Ok(Publication {
                version: next,
                new: true,
            })
        })
        .await
    }

    async fn latest_content_version(&self) -> Result<Option<u64>, StorageError> {
        self.with(|conn| {
            let v: Option<i64> =
                conn.query_row("SELECT max(version) FROM content_bundles", [], |r| r.get(0))?;
            Ok(v.map(u64_of))
        })
        .await
    }

    async fn content(&self, version: u64) -> Result<Option<StoredContent>, StorageError> {
        self.with(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT body, body_sha256 FROM content_bundles WHERE version = ?1",
                    [i64_of(version)],
                    |r| {
                        Ok(StoredContent {
                            version,
                            body: r.get(0)?,
                            body_sha256: r.get(1)?,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    async fn stats(&self, filter: &Filter) -> Result<Vec<Cell>, StorageError> {
        let values = filter.column_values();
        self.with(move |conn| {
            static REPORT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let sql = REPORT.get_or_init(|| report_sql(&|n| format!("?{n}")));
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?;
            let mut cells = Vec::new();
            for row in rows {
                let (dim, t, o, key, n, minutes) = row?;
                cells.push(cell(&dim, &t, &o, key, n, minutes)?);
            }
            cells.sort();
            Ok(cells)
        })
        .await
    }

    async fn import_stats(&self, rows: &[StatsRow]) -> Result<usize, StorageError> {
        let rows = rows.to_vec();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut exists =
                    tx.prepare_cached("SELECT 1 FROM stats_forms WHERE job_id = ?1")?;
                for row in &rows {
                    if exists.exists([&row.job_id])? {
                        return Err(StorageError::Duplicate(format!("job {}", row.job_id)));
                    }
                    put_stats(&tx, &row_values(row, Source::Import, ""))?;
                }
            }
            tx.commit()?;
            Ok(rows.len())
        })
        .await
    }

    async fn put_staff(&self, staff: &Staff, now: Timestamp) -> Result<(), StorageError> {
        check_staff(staff)?;
        let staff = staff.clone();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(unit) = &staff.unit
                && !tx.prepare_cached("SELECT 1 FROM units WHERE unit_id = ?1")?.exists([unit.as_str()])?
            {
                return Err(StorageError::NotFound(format!("unit {unit}")));
            }
            tx.execute(
                "INSERT INTO staff (name, role, unit_id, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (name) DO UPDATE SET role = excluded.role, unit_id = excluded.unit_id,
                   centre = NULL, password_hash = excluded.password_hash",
                params![
                    staff.name,
                    staff.role.code(),
                    staff.unit.as_ref().map(UnitId::as_str),
                    staff.password_hash,
                    now.millis()
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn staff(&self, name: &str) -> Result<Option<Staff>, StorageError> {
        let name = name.to_owned();
        self.with(move |conn| {
            let row: Option<(String, String, Option<String>, String)> = conn
                .query_row(
                    "SELECT name, role, unit_id, password_hash FROM staff WHERE name = ?1",
                    [&name],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            row.map(|(name, role, unit, password_hash)| {
                Ok(Staff {
                    role: Role::stored(&role)?,
                    name,
                    unit: unit.map(UnitId::new),
                    password_hash,
                })
            })
            .transpose()
        })
        .await
    }

    async fn add_session(
        &self,
        token_hash: &str,
        name: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError> {
        let (token_hash, name) = (token_hash.to_owned(), name.to_owned());
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO staff_sessions (token_hash, name, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, name, now.millis(), expires_at.millis()],
            )?;
            Ok(())
        })
        .await
    }

    async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<StaffAuth>, StorageError> {
        let token_hash = token_hash.to_owned();
        self.with(move |conn| {
            let row: Option<(String, String, Option<String>)> = conn
                .query_row(
                    "SELECT s.name, f.role, f.unit_id FROM staff_sessions s JOIN staff f ON f.name = s.name
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                    params![token_hash, now.millis()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            row.map(|(name, role, unit)| {
                Ok(StaffAuth {
                    name,
                    role: Role::stored(&role)?,
                    unit: unit.map(UnitId::new),
                })
            })
            .transpose()
        })
        .await
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StorageError> {
        let token_hash = token_hash.to_owned();
        self.with(move |conn| {
            conn.execute(
                "DELETE FROM staff_sessions WHERE token_hash = ?1",
                [token_hash],
            )?;
            Ok(())
        })
        .await
    }

    async fn append_audit(&self, events: &[AuditEvent]) -> Result<(), StorageError> {
        if events.is_empty() {
            return Ok(());
        }
        let events = events.to_vec();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO audit_log (at, action, role, actor, device_id, job_id, unit_id, client)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?;
                for e in &events {
                    insert.execute(params![
                        e.at.millis(),
                        e.action.code(),
                        e.role.code(),
                        e.actor,
                        e.device.map(|d| d.to_string()),
                        e.job.to_string(),
                        e.unit.as_str(),
                        e.client
                    ])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StorageError> {
        let query = query.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT audit_id, at, action, role, actor, device_id, job_id, unit_id, client
                 FROM audit_log
                 WHERE (?1 IS NULL OR job_id = ?1) AND (?2 IS NULL OR at >= ?2)
                 ORDER BY audit_id DESC LIMIT ?3",
            )?;
            let rows = stmt.query_map(
                params![
                    query.job.map(|j| j.to_string()),
                    query.since.map(Timestamp::millis),
                    query.limit
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, Option<String>>(8)?,
                    ))
                },
            )?;
            let mut out = Vec::new();
            for row in rows {
                let (id, at, action, role, actor, device, job, unit, client) = row?;
                out.push(audit_record(
                    id, at, &action, &role, actor, device, job, unit, client,
                )?);
            }
            Ok(out)
        })
        .await
    }

    async fn store_quiz_result(
        &self,
        result: &QuizResult,
        now: Timestamp,
    ) -> Result<bool, StorageError> {
        let result = result.clone();
        let answers = answers_json(&result)?;
        let (passed, right, asked) = quiz_figures(&result);
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !tx
                .prepare_cached("SELECT 1 FROM units WHERE unit_id = ?1")?
                .exists([result.unit.as_str()])?
            {
                return Err(StorageError::NotFound(format!("unit {}", result.unit)));
            }
            let id = result.id.to_string();
            let inserted = tx.execute(
                "INSERT INTO quiz_results (result_id, unit_id, nurse_id, content_version, started_at,
                   finished_at, passed, right_count, asked, answers, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (result_id) DO NOTHING",
                params![
                    id,
                    result.unit.as_str(),
                    result.nurse.as_str(),
                    i64_of(result.content_version),
                    result.started_at.millis(),
                    result.finished_at.millis(),
                    passed,
                    right,
                    asked,
                    answers,
                    now.millis()
                ],
            )?;
            if inserted == 0 {
                let held = tx.query_row(
                    "SELECT nurse_id, unit_id, content_version, started_at, finished_at, answers
                     FROM quiz_results WHERE result_id = ?1",
                    [&id],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, i64>(4)?,
                            r.get::<_, String>(5)?,
                        ))
                    },
                )?;
                let (nurse, unit, version, started, finished, json) = held;
                let held =
                    quiz_from_columns(result.id, nurse, unit, version, started, finished, &json)?;
                return if held == result {
                    Ok(false)
                } else {
                    Err(StorageError::ResultConflict(result.id))
                };
            }
            {
                let mut add = tx.prepare_cached(
                    "INSERT INTO quiz_answers (result_id, position, bank, question, correct)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for (i, a) in result.answers.iter().enumerate() {
                    add.execute(params![
                        id,
                        i64::try_from(i).unwrap_or(i64::MAX),
                        a.bank,
                        a.question,
                        a.correct
                    ])?;
                }
            }
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn passed_quiz_results(
        &self,
        unit: &UnitId,
    ) -> Result<Vec<(UserId, Timestamp)>, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT nurse_id, finished_at FROM quiz_results
                 WHERE unit_id = ?1 AND passed = 1 ORDER BY nurse_id, finished_at",
            )?;
            let rows = stmt.query_map([unit.as_str()], |r| {
                Ok((UserId::new(r.get::<_, String>(0)?), Timestamp(r.get(1)?)))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn put_mark(&self, mark: &ChecklistMark, now: Timestamp) -> Result<(), StorageError> {
        let mark = mark.clone();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !tx
                .prepare_cached("SELECT 1 FROM units WHERE unit_id = ?1")?
                .exists([mark.unit.as_str()])?
            {
                return Err(StorageError::NotFound(format!("unit {}", mark.unit)));
            }
            let values = params![
                mark.unit.as_str(),
                mark.nurse.as_str(),
                item_code(mark.item),
                iso_day(mark.done_on),
                mark.confirmed_by,
                now.millis()
            ];
            tx.execute(
                "INSERT INTO checklist_marks (unit_id, nurse_id, item, done_on, confirmed_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (unit_id, nurse_id, item) DO UPDATE SET done_on = excluded.done_on,
                   confirmed_by = excluded.confirmed_by, recorded_at = excluded.recorded_at",
                values,
            )?;
            tx.execute(
                "INSERT INTO checklist_mark_history (unit_id, nurse_id, item, done_on, confirmed_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                values,
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn marks(&self, unit: &UnitId) -> Result<Vec<ChecklistMark>, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT unit_id, nurse_id, item, done_on, confirmed_by FROM checklist_marks
                 WHERE unit_id = ?1 ORDER BY nurse_id, item",
            )?;
            let rows = stmt
                .query_map([unit.as_str()], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(u, n, i, d, c)| mark_from_columns(u, n, &i, &d, c))
                .collect()
        })
        .await
    }

    async fn unit_nurses(&self, unit: &UnitId) -> Result<Vec<UserId>, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT nurse_id FROM checklist_marks WHERE unit_id = ?1
                 UNION SELECT nurse_id FROM quiz_results WHERE unit_id = ?1
                 UNION SELECT user_id FROM devices WHERE unit_id = ?1 AND revoked_at IS NULL
                 ORDER BY 1",
            )?;
            let rows =
                stmt.query_map([unit.as_str()], |r| Ok(UserId::new(r.get::<_, String>(0)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn put_nurse_name(
        &self,
        unit: &UnitId,
        nurse: &UserId,
        display_name: &str,
        now: Timestamp,
    ) -> Result<(), StorageError> {
        let (unit, nurse, name) = (unit.clone(), nurse.clone(), display_name.to_owned());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !tx
                .prepare_cached("SELECT 1 FROM units WHERE unit_id = ?1")?
                .exists([unit.as_str()])?
            {
                return Err(StorageError::NotFound(format!("unit {unit}")));
            }
            tx.execute(
                "INSERT INTO nurse_names (unit_id, nurse_id, display_name, updated_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (unit_id, nurse_id) DO UPDATE SET
                   display_name = excluded.display_name, updated_at = excluded.updated_at",
                params![unit.as_str(), nurse.as_str(), name, now.millis()],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn nurse_names(&self, unit: &UnitId) -> Result<Vec<(UserId, String)>, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT nurse_id, display_name FROM nurse_names WHERE unit_id = ?1
                 ORDER BY nurse_id",
            )?;
            let rows = stmt.query_map([unit.as_str()], |r| {
                Ok((UserId::new(r.get::<_, String>(0)?), r.get::<_, String>(1)?))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn question_stats(&self, unit: &UnitId) -> Result<Vec<QuestionStats>, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT a.bank, a.question, count(*), sum(a.correct)
                 FROM quiz_answers a JOIN quiz_results r ON r.result_id = a.result_id
                 WHERE r.unit_id = ?1 GROUP BY a.bank, a.question ORDER BY a.bank, a.question",
            )?;
            let rows = stmt.query_map([unit.as_str()], |r| {
                let question: String = r.get(1)?;
                Ok(QuestionStats {
                    bank: r.get(0)?,
                    text: question.clone(),
                    question,
                    asked: u32_of(r.get(2)?),
                    right: u32_of(r.get(3)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn put_unit_kind(&self, unit: &UnitId, kind: UnitKind) -> Result<(), StorageError> {
        let (unit, kind) = (unit.clone(), samverka_model::codes::code(&kind));
        self.with(move |conn| {
            let n = conn.execute(
                "UPDATE units SET kind = ?2 WHERE unit_id = ?1",
                params![unit.as_str(), kind],
            )?;
            if n == 0 {
                return Err(StorageError::NotFound(format!("unit {unit}")));
            }
            Ok(())
        })
        .await
    }

    async fn request_units(&self) -> Result<Vec<RequestUnit>, StorageError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT unit_id, name, kind FROM units WHERE kind IN ('municipal', 'ambulance')
                 ORDER BY name, unit_id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            rows.map(|row| {
                let (id, name, kind) = row?;
                Ok(RequestUnit {
                    kind: performer_of(&kind)?,
                    id: UnitId::new(id),
                    name,
                })
            })
            .collect()
        })
        .await
    }

    async fn put_requester(
        &self,
        requester: &RequesterAccount,
        now: Timestamp,
    ) -> Result<(), StorageError> {
        check_requester(requester)?;
        let r = requester.clone();
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO staff (name, role, unit_id, centre, password_hash, created_at)
                 VALUES (?1, 'requester', NULL, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET role = 'requester', unit_id = NULL,
                   centre = excluded.centre, password_hash = excluded.password_hash",
                params![
                    r.name.trim(),
                    r.centre.trim(),
                    r.password_hash,
                    now.millis()
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn requester_centre(&self, name: &str) -> Result<Option<String>, StorageError> {
        let name = name.to_owned();
        self.with(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT centre FROM staff WHERE name = ?1 AND role = 'requester'",
                    [&name],
                    |r| r.get(0),
                )
                .optional()?)
        })
        .await
    }

    async fn store_request(&self, record: &RequestRecord) -> Result<(), StorageError> {
        let request = requests::to_json("request", &record.request)?;
        let answer = record
            .answer
            .as_ref()
            .map(|a| requests::to_json("answer", a))
            .transpose()?;
        let status = requests::status_code(record);
        let r = record.clone();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !tx
                .prepare_cached("SELECT 1 FROM units WHERE unit_id = ?1")?
                .exists([r.request.unit.as_str()])?
            {
                return Err(StorageError::NotFound(format!("unit {}", r.request.unit)));
            }
            let id = r.id.to_string();
            if tx
                .prepare_cached("SELECT 1 FROM requests WHERE request_id = ?1")?
                .exists([&id])?
            {
                return Err(StorageError::Duplicate(format!("request {id}")));
            }
            tx.execute(
                "INSERT INTO requests (request_id, unit_id, centre, requested_by, created_at,
                   request, status, answer, answered_device, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    r.request.unit.as_str(),
                    r.centre,
                    r.requested_by,
                    r.created_at.millis(),
                    request,
                    status,
                    answer,
                    r.answer.as_ref().map(|a| a.device.to_string()),
                    r.answer.as_ref().map(|a| a.answered_at.millis()),
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn request(&self, id: RequestId) -> Result<Option<RequestRecord>, StorageError> {
        self.with(move |conn| read_request(conn, id)).await
    }

    async fn centre_requests(
        &self,
        centre: &str,
        limit: u32,
    ) -> Result<Vec<RequestRecord>, StorageError> {
        let centre = centre.to_owned();
        self.with(move |conn| {
            let sql = format!(
                "{REQUEST_SELECT} WHERE centre = ?1 ORDER BY created_at DESC, request_id LIMIT ?2"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![centre, i64::from(limit)], request_row)?;
            rows.map(|row| request_of(row?)).collect()
        })
        .await
    }

    async fn unit_requests(
        &self,
        unit: &UnitId,
        answered_since: Timestamp,
    ) -> Result<Vec<RequestRecord>, StorageError> {
        let unit = unit.clone();
        self.with(move |conn| {
            let sql = format!(
                "{REQUEST_SELECT} WHERE unit_id = ?1 AND (answer IS NULL OR answered_at >= ?2)
                 ORDER BY created_at, request_id"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows =
                stmt.query_map(params![unit.as_str(), answered_since.millis()], request_row)?;
            rows.map(|row| request_of(row?)).collect()
        })
        .await
    }

    async fn answer_request(
        &self,
        id: RequestId,
        answered: &RequestAnswered,
    ) -> Result<AnswerStored, StorageError> {
        let answered = answered.clone();
        let answer_json = requests::to_json("answer", &answered)?;
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(mut held) = read_request(&tx, id)? else {
                return Err(StorageError::NotFound(format!("request {id}")));
            };
            match answer_outcome(held.answer.as_ref(), answered.device, &answered.answer) {
                AnswerOutcome::Repeat => return Ok(AnswerStored::Repeat(held)),
                AnswerOutcome::AlreadyAnswered => return Ok(AnswerStored::AlreadyAnswered(held)),
                AnswerOutcome::Store => {}
            }
            held.answer = Some(answered.clone());
            tx.execute(
                "UPDATE requests SET status = ?2, answer = ?3, answered_device = ?4,
                   answered_at = ?5 WHERE request_id = ?1",
                params![
                    id.to_string(),
                    requests::status_code(&held),
                    answer_json,
                    answered.device.to_string(),
                    answered.answered_at.millis(),
                ],
            )?;
            tx.commit()?;
            Ok(AnswerStored::Stored(held))
        })
        .await
    }

    async fn append_request_audit(&self, events: &[RequestReadEvent]) -> Result<(), StorageError> {
        if events.is_empty() {
            return Ok(());
        }
        let events = events.to_vec();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO request_audit_log
                       (at, action, role, actor, device_id, request_id, unit_id, client)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?;
                for e in &events {
                    insert.execute(params![
                        e.at.millis(),
                        REQUEST_LIST,
                        e.role.code(),
                        e.actor,
                        e.device.map(|d| d.to_string()),
                        e.request.to_string(),
                        e.unit.as_str(),
                        e.client,
                    ])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn request_audit(
        &self,
        request: Option<RequestId>,
        limit: u32,
    ) -> Result<Vec<RequestReadRecord>, StorageError> {
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT audit_id, at, role, actor, device_id, request_id, unit_id, client
                 FROM request_audit_log WHERE (?1 IS NULL OR request_id = ?1)
                 ORDER BY audit_id DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(
                params![request.map(|r| r.to_string()), i64::from(limit)],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                    ))
                },
            )?;
            rows.map(|row| {
                let (id, at, role, actor, device, request, unit, client) = row?;
                requests::read_record(id, at, &role, actor, device, &request, unit, client)
            })
            .collect()
        })
        .await
    }
}

/// The columns a stored request is read back from.
const REQUEST_SELECT: &str =
    "SELECT request_id, centre, requested_by, created_at, request, answer FROM requests";

type RequestRow = (String, String, String, i64, String, Option<String>);

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RequestRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn request_of(
    (id, centre, by, created_at, request, answer): RequestRow,
) -> Result<RequestRecord, StorageError> {
    requests::record_from_columns(&id, centre, by, created_at, &request, answer.as_deref())
}

fn read_request(conn: &Connection, id: RequestId) -> Result<Option<RequestRecord>, StorageError> {
    let sql = format!("{REQUEST_SELECT} WHERE request_id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id.to_string()], request_row)
        .optional()?
        .map(request_of)
        .transpose()
}

/// A stored unit kind as the performer a request goes to.
fn performer_of(kind: &str) -> Result<PerformerKind, StorageError> {
    match kind {
        "municipal" => Ok(PerformerKind::Municipal),
        "ambulance" => Ok(PerformerKind::Ambulance),
        other => Err(corrupt(format!("unit kind {other} for a request"))),
    }
}

/// A quarantine row as the model's [`QuarantinedEntry`].
pub(crate) fn quarantined_of(
    (device, seq, job, kind, user, code, message, at): (
        String,
        i64,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        i64,
    ),
) -> Result<QuarantinedEntry, StorageError> {
    Ok(QuarantinedEntry {
        device: device
            .parse()
            .map_err(|_| corrupt(format!("device {device}")))?,
        seq: u64_of(seq),
        job: job.and_then(|j| j.parse().ok()),
        kind,
        user: UserId::new(user),
        code,
        message,
        at: Timestamp(at),
        reported: true,
    })
}
