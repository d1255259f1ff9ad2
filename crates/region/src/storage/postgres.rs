//! The region on PostgreSQL (production). Pushes of one unit are serialised by a transaction
//! advisory lock, so a unit's entries commit in `region_seq` order and a pull cursor never
//! skips an entry that commits late.

use super::requests::{self, check_requester};
use super::stats::{
    RollupPlan, RowValues, Source, actions_sql, bulk_insert_sql_pg, cell, doc_upsert_sql,
    grouped_dim, key_dims, merge_cells, report_sql_grouping_sets, rollup_sql, row_values,
    upsert_sql,
};
use super::{
    AnswerStored, AuditEvent, AuditQuery, AuditRecord, DeviceAuth, Publication, PullPage,
    QuarantineIn, REQUEST_LIST, RequestReadEvent, RequestReadRecord, RequesterAccount, Role, Staff,
    StaffAuth, Storage, StorageError, StoredBatch, StoredContent, SyncState, Unit, answers_json,
    audit_record, check_continuity, check_staff, corrupt, encode_content, entry_from_columns,
    i64_of, iso_day, item_code, mark_from_columns, quiz_figures, quiz_from_columns, u32_of, u64_of,
};
use async_trait::async_trait;
use samverka_model::coach::{ChecklistMark, QuestionStats, QuizResult};
use samverka_model::content::{ContentBundle, UnitKind};
use samverka_model::request::{
    AnswerOutcome, RequestAnswered, RequestId, RequestRecord, RequestUnit, answer_outcome,
};
use samverka_model::stats::Dim;
use samverka_model::stats::{Cell, Filter, StatsRow, UNANSWERED};
use samverka_model::sync::QuarantinedEntry;
use samverka_model::{
    DeviceId, Entry, EntryBody, JobId, MunicipalityId, PerformerKind, Timestamp, UnitId, UserId,
};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Row, migrate::Migrator};

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/region-postgres");

/// The PostgreSQL storage.
#[derive(Clone)]
pub struct PostgresStorage {
    pool: PgPool,
}

impl PostgresStorage {
    /// Connects a pool to `url`.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Self { pool })
    }

    /// Runs one SQL statement directly, as an operator at the database prompt would, and
    /// returns the rows it changed. The API never calls it; tests use it to check what the
    /// database itself refuses (the append-only triggers).
    pub async fn execute_as_operator(&self, sql: &str) -> Result<u64, StorageError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// The report counted from the forms themselves, for a filter the roll-up cannot answer.
    async fn stats_from_forms(&self, filter: &Filter) -> Result<Vec<Cell>, StorageError> {
        // The dimensions in two halves, each one pass with GROUPING SETS, and the actions: three
        // queries on three connections at once, all reading one exported snapshot, so the
        // counts agree with each other and the report uses more than one core.
        let dims: Vec<Dim> = key_dims().collect();
        let (first, second) = dims.split_at(dims.len() / 2);
        static SQL: std::sync::OnceLock<[String; 3]> = std::sync::OnceLock::new();
        let [sql_a, sql_b, sql_actions] = SQL.get_or_init(|| {
            [
                report_sql_grouping_sets(first, true, false),
                report_sql_grouping_sets(second, false, false),
                actions_sql(false),
            ]
        });
        let values = filter.column_values();
        let mut leader = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *leader)
            .await?;
        let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut *leader)
            .await?;
        let run = |sql: &'static str| {
            let (values, snapshot, pool) = (values.clone(), snapshot.clone(), self.pool.clone());
            async move {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SET TRANSACTION SNAPSHOT '{snapshot}'"
                )))
                .execute(&mut *tx)
                .await?;
                // Every grouping set hashed in memory: with the default 4 MB PostgreSQL sorts
                // instead, once per set.
                sqlx::query("SET LOCAL work_mem = '64MB'")
                    .execute(&mut *tx)
                    .await?;
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for v in &values {
                    q = q.bind(v.clone());
                }
                let rows = q.fetch_all(&mut *tx).await?;
                tx.commit().await?;
                Ok::<_, StorageError>(rows)
            }
        };
        let (rows_a, rows_b, action_rows) = tokio::try_join!(
            run(sql_a.as_str()),
            run(sql_b.as_str()),
            run(sql_actions.as_str())
        )?;
        leader.commit().await?;
        let mut cells = Vec::new();
        for (rows, part) in [(rows_a, first), (rows_b, second)] {
            for r in rows {
                cells.push(grouped_cell(&r, part)?);
            }
        }
        for r in action_rows {
            cells.push(cell(
                "action",
                &r.try_get::<String, _>(0)?,
                &r.try_get::<String, _>(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            )?);
        }
        cells.sort();
        Ok(cells)
    }
}

/// One row of a `GROUPING SETS` query over `dims` — job type, outcome, the grouping mask, a key
/// column per dimension, then the count and the minutes — as the model's cell.
fn grouped_cell(r: &sqlx::postgres::PgRow, dims: &[Dim]) -> Result<Cell, StorageError> {
    let mask: i32 = r.try_get(2)?;
    let (dim, key) = match grouped_dim(mask, dims.len()) {
        None => ("total", "all".to_owned()),
        Some(i) => (dims[i].key(), r.try_get::<String, _>(3 + i)?),
    };
    let n = 3 + dims.len();
    cell(
        dim,
        &r.try_get::<String, _>(0)?,
        &r.try_get::<String, _>(1)?,
        key,
        r.try_get(n)?,
        r.try_get(n + 1)?,
    )
}

fn to_auth(row: &sqlx::postgres::PgRow) -> Result<DeviceAuth, StorageError> {
    let device: String = row.try_get(0)?;
    Ok(DeviceAuth {
        device: device
            .parse()
            .map_err(|_| corrupt(format!("device id {device}")))?,
        unit: UnitId::new(row.try_get::<String, _>(1)?),
        user: UserId::new(row.try_get::<String, _>(2)?),
    })
}

fn entry_of(row: &sqlx::postgres::PgRow) -> Result<(u64, Entry), StorageError> {
    let region_seq: i64 = row.try_get(0)?;
    let cols = [
        row.try_get::<String, _>(1)?,
        row.try_get::<String, _>(3)?,
        row.try_get::<String, _>(4)?,
        row.try_get::<String, _>(5)?,
        row.try_get::<String, _>(6)?,
        row.try_get::<String, _>(7)?,
    ];
    let seq: i64 = row.try_get(2)?;
    Ok((u64_of(region_seq), entry_from_columns(cols, seq)?))
}

/// The columns `entry_of` reads, as a literal so queries stay static strings (sqlx refuses
/// dynamic SQL).
macro_rules! entry_select {
    () => {
        "SELECT region_seq, device_id, seq, job_id, hlc, author, kind, payload FROM entries"
    };
}

/// The advisory-lock key of a unit: a stable 64-bit hash of its code.
fn unit_lock_key(unit: &UnitId) -> i64 {
    // FNV-1a: stable across processes and versions, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in unit.as_str().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

/// Writes one stats row and its actions; whether it was written (a later app submission of
/// the same job replaces an earlier one, nothing replaces an import).
async fn put_stats(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    v: &RowValues,
) -> Result<bool, StorageError> {
    static UPSERT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = UPSERT.get_or_init(|| upsert_sql(&|n| format!("${n}")));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
    for h in &v.head {
        q = q.bind(h);
    }
    q = q.bind(v.minutes);
    for k in &v.keys {
        q = q.bind(k);
    }
    if q.execute(&mut **tx).await?.rows_affected() == 0 {
        return Ok(false);
    }
    let job = &v.head[0];
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    sqlx::query(sqlx::AssertSqlSafe(
        DOC.get_or_init(|| doc_upsert_sql(&|n| format!("${n}")))
            .as_str(),
    ))
    .bind(job)
    .bind(&v.form)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM stats_form_actions WHERE job_id = $1")
        .bind(job)
        .execute(&mut **tx)
        .await?;
    let actions: Vec<&String> = v
        .actions
        .iter()
        .filter(|a| a.as_str() != UNANSWERED)
        .collect();
    sqlx::query(
        "INSERT INTO stats_form_actions (job_id, action) SELECT $1, a FROM unnest($2::text[]) AS a",
    )
    .bind(job)
    .bind(&actions)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

#[async_trait]
impl Storage for PostgresStorage {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> Result<(), StorageError> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StorageError::Database(format!("migration: {e}")))
    }

    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn take_attempt(
        &self,
        scope: &str,
        client: &str,
        rule: super::AttemptRule,
        now: Timestamp,
    ) -> Result<super::Attempt, StorageError> {
        super::ops::pg_take_attempt(&self.pool, scope, client, rule, now).await
    }

    async fn missing_migrations(&self) -> Result<usize, StorageError> {
        super::ops::pg_missing_migrations(&self.pool, &MIGRATOR).await
    }

    fn pool_stats(&self) -> Option<super::PoolStats> {
        Some(super::ops::pg_pool_stats(&self.pool))
    }

    async fn put_unit(&self, unit: &Unit) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO units (unit_id, name, municipality) VALUES ($1, $2, $3)
             ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name, municipality = excluded.municipality",
        )
        .bind(unit.id.as_str())
        .bind(&unit.name)
        .bind(unit.municipality.as_ref().map(|m| m.as_str()))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn units(&self) -> Result<Vec<Unit>, StorageError> {
        let rows = sqlx::query("SELECT unit_id, name, municipality FROM units ORDER BY unit_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Unit {
                    id: UnitId::new(r.try_get::<String, _>(0)?),
                    name: r.try_get(1)?,
                    municipality: r.try_get::<Option<String>, _>(2)?.map(MunicipalityId::new),
                })
            })
            .collect()
    }

    async fn add_enrolment(
        &self,
        code_hash: &str,
        unit: &UnitId,
        user: &UserId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError> {
        let known = sqlx::query("SELECT 1 FROM units WHERE unit_id = $1")
            .bind(unit.as_str())
            .fetch_optional(&self.pool)
            .await?;
        if known.is_none() {
            return Err(StorageError::NotFound(format!("unit {unit}")));
        }
        sqlx::query(
            "INSERT INTO enrolments (code_hash, unit_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(code_hash)
        .bind(unit.as_str())
        .bind(user.as_str())
        .bind(now.millis())
        .bind(expires_at.millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn redeem_enrolment(
        &self,
        code_hash: &str,
        device: DeviceId,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<DeviceAuth>, StorageError> {
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE enrolments SET used_at = $2, device_id = $3
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
             RETURNING unit_id, user_id",
        )
        .bind(code_hash)
        .bind(now.millis())
        .bind(device.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = claimed else { return Ok(None) };
        let unit: String = row.try_get(0)?;
        let user: String = row.try_get(1)?;
        // A device id already enrolled for another unit or nurse is never rebound (the phone
        // holding it keeps its token); the code stays unused (the transaction rolls back). The
        // same unit and nurse again: a new token, the revocation lifted.
        let bound = sqlx::query(
            "INSERT INTO devices (device_id, unit_id, user_id, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (device_id) DO UPDATE SET token_hash = excluded.token_hash,
               enrolled_at = excluded.enrolled_at, revoked_at = NULL
             WHERE devices.unit_id = excluded.unit_id AND devices.user_id = excluded.user_id",
        )
        .bind(device.to_string())
        .bind(&unit)
        .bind(&user)
        .bind(token_hash)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        if bound.rows_affected() == 0 {
            return Err(StorageError::DeviceTaken(device));
        }
        tx.commit().await?;
        Ok(Some(DeviceAuth {
            device,
            unit: UnitId::new(unit),
            user: UserId::new(user),
        }))
    }

    async fn authenticate(&self, token_hash: &str) -> Result<Option<DeviceAuth>, StorageError> {
        let row = sqlx::query(
            "SELECT device_id, unit_id, user_id FROM devices WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(to_auth).transpose()
    }

    async fn revoke_device(&self, device: DeviceId, now: Timestamp) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE devices SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL",
        )
        .bind(device.to_string())
        .bind(now.millis())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn is_revoked(&self, token_hash: &str) -> Result<bool, StorageError> {
        let row =
            sqlx::query("SELECT 1 FROM devices WHERE token_hash = $1 AND revoked_at IS NOT NULL")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    async fn job_entries(&self, job: JobId) -> Result<Vec<Entry>, StorageError> {
        let rows = sqlx::query(concat!(
            entry_select!(),
            " WHERE job_id = $1 ORDER BY region_seq"
        ))
        .bind(job.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(entry_of(r)?.1)).collect()
    }

    async fn job_units(&self, jobs: &[JobId]) -> Result<Vec<(JobId, UnitId)>, StorageError> {
        let ids: Vec<String> = jobs.iter().map(ToString::to_string).collect();
        let rows = sqlx::query("SELECT job_id, unit_id FROM jobs WHERE job_id = ANY($1)")
            .bind(&ids)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let job: String = r.try_get(0)?;
                Ok((
                    job.parse().map_err(|_| corrupt(format!("job {job}")))?,
                    UnitId::new(r.try_get::<String, _>(1)?),
                ))
            })
            .collect()
    }

    async fn store_entries(
        &self,
        auth: &DeviceAuth,
        entries: &[Entry],
        now: Timestamp,
    ) -> Result<StoredBatch, StorageError> {
        let device = auth.device.to_string();
        let mut tx = self.pool.begin().await?;
        // A push is a handful of round trips, each folding what used to be two or three: the
        // region's CPU per request is mostly per statement (issue #19). The unit's advisory
        // lock is taken in the select list, below the row lock: every push takes the two in
        // the same order.
        let high_water: i64 = sqlx::query(
            "SELECT high_water, pg_advisory_xact_lock($1) FROM devices WHERE device_id = $2 FOR UPDATE",
        )
        .bind(unit_lock_key(&auth.unit))
        .bind(&device)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StorageError::NotFound(format!("device {device}")))?
        .try_get(0)?;
        let high_water = u64_of(high_water);
        check_continuity(entries, high_water)?;

        // Register the jobs this batch creates and read every job it names, with the facts a
        // submitted form's statistics need. A job created in this statement is not yet visible
        // to its own `SELECT` (one snapshot), so the created rows come from `RETURNING`.
        let mut created: (Vec<String>, Vec<bool>, Vec<i64>) = Default::default();
        for e in entries {
            if let EntryBody::JobCreated(h) = &e.body {
                created.0.push(e.job.to_string());
                created.1.push(h.practice);
                created.2.push(h.requested_at.millis());
            }
        }
        let mut jobs: Vec<String> = entries.iter().map(|e| e.job.to_string()).collect();
        jobs.sort();
        jobs.dedup();
        let rows = sqlx::query(
            "WITH created AS (
                 INSERT INTO jobs (job_id, unit_id, created_by, practice, requested_at)
                 SELECT j, $4, $5, p, r FROM unnest($1::text[], $2::boolean[], $3::bigint[]) AS t(j, p, r)
                 ON CONFLICT DO NOTHING
                 RETURNING job_id, unit_id, practice, requested_at)
             SELECT job_id, unit_id, practice, requested_at FROM created
             UNION ALL
             SELECT job_id, unit_id, practice, requested_at FROM jobs
             WHERE job_id = ANY($6) AND job_id NOT IN (SELECT job_id FROM created)",
        )
        .bind(&created.0)
        .bind(&created.1)
        .bind(&created.2)
        .bind(auth.unit.as_str())
        .bind(&device)
        .bind(&jobs)
        .fetch_all(&mut *tx)
        .await?;
        let mut job_of = std::collections::HashMap::new();
        for r in &rows {
            let facts: (String, bool, Option<i64>) = (r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
            job_of.insert(r.try_get::<String, _>(0)?, facts);
        }
        // In entry order, so the refusal names the first entry at fault (the phone
        // quarantines it and pushes the rest). A job another unit's push is creating at this
        // very moment is not in this snapshot: refused as unknown rather than as the other
        // unit's, a refusal either way.
        for e in entries {
            match job_of.get(&e.job.to_string()) {
                None => return Err(StorageError::UnknownJob(e.job, e.seq)),
                Some((u, ..)) if u != auth.unit.as_str() => {
                    return Err(StorageError::JobOfOtherUnit(e.job, e.seq));
                }
                Some(_) => {}
            }
        }

        // The whole batch and the device's new high-water in one round trip (a refusal below
        // rolls both back); conflicts are read back and compared.
        let new_high = entries.last().map_or(high_water, |e| e.seq.max(high_water));
        let mut cols: [Vec<String>; 6] = Default::default();
        let mut seqs: Vec<i64> = Vec::with_capacity(entries.len());
        for e in entries {
            let (kind, payload) = e.body.to_parts().map_err(corrupt)?;
            cols[0].push(device.clone());
            cols[1].push(e.job.to_string());
            cols[2].push(e.hlc.to_string());
            cols[3].push(e.author.as_str().to_owned());
            cols[4].push(kind.to_owned());
            cols[5].push(payload);
            seqs.push(i64_of(e.seq));
        }
        let inserted: Vec<i64> = sqlx::query_scalar(
            "WITH high AS (UPDATE devices SET high_water = $10 WHERE device_id = $11)
             INSERT INTO entries (device_id, seq, job_id, unit_id, hlc, author, kind, payload, received_at)
             SELECT d, s, j, $8, h, a, k, p, $9
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                  AS t(d, s, j, h, a, k, p)
             ON CONFLICT (device_id, seq) DO NOTHING
             RETURNING seq",
        )
        .bind(&cols[0])
        .bind(&seqs)
        .bind(&cols[1])
        .bind(&cols[2])
        .bind(&cols[3])
        .bind(&cols[4])
        .bind(&cols[5])
        .bind(auth.unit.as_str())
        .bind(now.millis())
        .bind(i64_of(new_high))
        .bind(&device)
        .fetch_all(&mut *tx)
        .await?;
        let fresh: std::collections::HashSet<i64> = inserted.iter().copied().collect();
        // Entries sent again after a restore that the phone had purged meanwhile: named.
        for e in entries.iter().filter(|e| fresh.contains(&i64_of(e.seq))) {
            if let Some(what) = super::unrestorable(e) {
                sqlx::query(
                    "INSERT INTO restore_log (device_id, seq, unit_id, job_id, what, logged_at)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                )
                .bind(e.device.to_string())
                .bind(i64_of(e.seq))
                .bind(auth.unit.as_str())
                .bind(e.job.to_string())
                .bind(what)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            }
        }
        // Newly stored submissions of real jobs become statistics in the same transaction.
        for e in entries.iter().filter(|e| fresh.contains(&i64_of(e.seq))) {
            let EntryBody::FormSubmitted { form, .. } = &e.body else {
                continue;
            };
            let Some((_, practice, requested_at)) = job_of.get(&e.job.to_string()) else {
                continue; // not reached: every entry's job was checked above
            };
            if let Some(row) = StatsRow::from_submission(
                &e.job,
                &auth.unit,
                *practice,
                Timestamp(requested_at.unwrap_or(now.millis())),
                form,
            ) {
                put_stats(&mut tx, &row_values(&row, Source::App, &e.hlc.to_string())).await?;
            }
        }
        if inserted.len() < entries.len() {
            let held: Vec<i64> = seqs
                .iter()
                .copied()
                .filter(|s| !fresh.contains(s))
                .collect();
            let rows = sqlx::query(concat!(
                entry_select!(),
                " WHERE device_id = $1 AND seq = ANY($2)"
            ))
            .bind(&device)
            .bind(&held)
            .fetch_all(&mut *tx)
            .await?;
            for row in &rows {
                let (_, stored) = entry_of(row)?;
                if entries.iter().find(|e| e.seq == stored.seq) != Some(&stored) {
                    return Err(StorageError::EntryConflict(stored.entry_ref()));
                }
            }
        }
        tx.commit().await?;
        Ok(StoredBatch {
            high_water: new_high,
            added: inserted.len() as u64,
        })
    }

    async fn quarantine_entry(
        &self,
        auth: &DeviceAuth,
        entry: &QuarantineIn,
        now: Timestamp,
    ) -> Result<u64, StorageError> {
        let device = auth.device.to_string();
        let mut tx = self.pool.begin().await?;
        let high_water: i64 =
            sqlx::query("SELECT high_water FROM devices WHERE device_id = $1 FOR UPDATE")
                .bind(&device)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StorageError::NotFound(format!("device {device}")))?
                .try_get(0)?;
        let high_water = u64_of(high_water);
        if entry.seq > high_water.saturating_add(1) {
            return Err(StorageError::SeqGap {
                first: entry.seq,
                high_water,
            });
        }
        sqlx::query(
            "INSERT INTO quarantine (device_id, seq, unit_id, user_id, job_id, kind, code, message, entry, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (device_id, seq) DO NOTHING",
        )
        .bind(&device)
        .bind(i64_of(entry.seq))
        .bind(auth.unit.as_str())
        .bind(auth.user.as_str())
        .bind(entry.job.map(|j| j.to_string()))
        .bind(&entry.kind)
        .bind(&entry.code)
        .bind(&entry.message)
        .bind(&entry.entry)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        let new_high = high_water.max(entry.seq);
        sqlx::query("UPDATE devices SET high_water = $2 WHERE device_id = $1")
            .bind(&device)
            .bind(i64_of(new_high))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(new_high)
    }

    async fn quarantined(
        &self,
        unit: Option<&UnitId>,
        limit: u32,
    ) -> Result<Vec<QuarantinedEntry>, StorageError> {
        let rows = sqlx::query(
            "SELECT device_id, seq, job_id, kind, user_id, code, message, received_at FROM quarantine
             WHERE $1::text IS NULL OR unit_id = $1 ORDER BY received_at DESC, device_id, seq LIMIT $2",
        )
        .bind(unit.map(UnitId::as_str))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                super::sqlite::quarantined_of((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                    r.try_get(5)?,
                    r.try_get(6)?,
                    r.try_get(7)?,
                ))
            })
            .collect()
    }

    async fn high_water(&self, device: DeviceId) -> Result<u64, StorageError> {
        let row = sqlx::query("SELECT high_water FROM devices WHERE device_id = $1")
            .bind(device.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => u64_of(r.try_get(0)?),
            None => 0,
        })
    }

    async fn pull(
        &self,
        unit: &UnitId,
        except: DeviceId,
        cursor: u64,
        limit: u32,
    ) -> Result<PullPage, StorageError> {
        let rows = sqlx::query(concat!(
            entry_select!(),
            " WHERE unit_id = $1 AND region_seq > $2 AND device_id <> $3 ORDER BY region_seq LIMIT $4"
        ))
        .bind(unit.as_str())
        .bind(i64_of(cursor))
        .bind(except.to_string())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut next = cursor;
        let mut entries = Vec::with_capacity(rows.len());
        for row in &rows {
            let (region_seq, e) = entry_of(row)?;
            next = next.max(region_seq);
            entries.push(e);
        }
        Ok(PullPage {
            entries,
            cursor: next,
        })
    }

    async fn epoch(&self) -> Result<String, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT epoch FROM region_epoch WHERE singleton")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn renew_epoch(
        &self,
        seen: &str,
        by: DeviceId,
        now: Timestamp,
    ) -> Result<String, StorageError> {
        let by = by.to_string();
        let mut tx = self.pool.begin().await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM epoch_renewals WHERE device_id = $1 AND renewed_at > $2",
        )
        .bind(&by)
        .bind(now.millis() - super::RENEWAL_PER_DEVICE_MS)
        .fetch_one(&mut *tx)
        .await?;
        if recent == 0 {
            // Of nodes racing here only the first changes it (the row's lock); all answer the
            // new one.
            let changed = sqlx::query(
                "UPDATE region_epoch SET epoch = $1, since = $2 WHERE singleton AND epoch = $3",
            )
            .bind(super::new_epoch())
            .bind(now.millis())
            .bind(seen)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                sqlx::query("INSERT INTO epoch_renewals (device_id, renewed_at) VALUES ($1, $2)")
                    .bind(&by)
                    .bind(now.millis())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let current: String = sqlx::query_scalar("SELECT epoch FROM region_epoch WHERE singleton")
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(current)
    }

    async fn sync_state(&self, device: DeviceId) -> Result<SyncState, StorageError> {
        let row = sqlx::query(
            "SELECT (SELECT epoch FROM region_epoch WHERE singleton),
                    (SELECT high_water FROM devices WHERE device_id = $1),
                    (SELECT max(region_seq) FROM entries),
                    (SELECT max(version) FROM content_bundles)",
        )
        .bind(device.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok(SyncState {
            epoch: row.try_get(0)?,
            high_water: row.try_get::<Option<i64>, _>(1)?.map_or(0, u64_of),
            last_region_seq: row.try_get::<Option<i64>, _>(2)?.map_or(0, u64_of),
            content_version: row.try_get::<Option<i64>, _>(3)?.map(u64_of),
        })
    }

    async fn restore_log(&self, limit: u32) -> Result<Vec<super::RestoreLogEntry>, StorageError> {
        let rows = sqlx::query(
            "SELECT device_id, seq, unit_id, job_id, what, logged_at FROM restore_log
             ORDER BY logged_at DESC, device_id, seq LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let device: String = r.try_get(0)?;
                let job: String = r.try_get(3)?;
                Ok(super::RestoreLogEntry {
                    device: device
                        .parse()
                        .map_err(|e| corrupt(format!("device {device}: {e}")))?,
                    seq: u64_of(r.try_get(1)?),
                    unit: UnitId::new(r.try_get::<String, _>(2)?),
                    job: job
                        .parse()
                        .map_err(|e| corrupt(format!("job {job}: {e}")))?,
                    what: r.try_get(4)?,
                    logged_at: Timestamp(r.try_get(5)?),
                })
            })
            .collect()
    }

    async fn entry_counts(&self) -> Result<(u64, u64), StorageError> {
        let row = sqlx::query(
            "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT device_id, seq FROM entries) d) FROM entries",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((u64_of(row.try_get(0)?), u64_of(row.try_get(1)?)))
    }

    async fn publish_content(
        &self,
        bundle: &ContentBundle,
        now: Timestamp,
    ) -> Result<Publication, StorageError> {
        let mut tx = self.pool.begin().await?;
        // Two publishers at once would both pick the same next version; one waits instead.
        sqlx::query("LOCK TABLE content_bundles IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
        let latest = sqlx::query(
            "SELECT version, bundle_sha256 FROM content_bundles ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let latest: Option<(i64, String)> = latest
            .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
            .transpose()?;
        let next = latest.as_ref().map_or(1, |(v, _)| u64_of(*v) + 1);
        let (bundle_sha, stored) = encode_content(bundle, next, now)?;
        if let Some((v, sha)) = latest
            && sha == bundle_sha
        {
            return Ok(Publication {
                version: u64_of(v),
                new: false,
            });
        }
        sqlx::query(
            "INSERT INTO content_bundles (version, published_at, bundle_sha256, body, body_sha256)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(i64_of(next))
        .bind(now.millis())
        .bind(bundle_sha)
        .bind(stored.body)
        .bind(stored.body_sha256)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Publication {
            version: next,
            new: true,
        })
    }

    async fn latest_content_version(&self) -> Result<Option<u64>, StorageError> {
        let row = sqlx::query("SELECT max(version) FROM content_bundles")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<Option<i64>, _>(0)?.map(u64_of))
    }

    async fn content(&self, version: u64) -> Result<Option<StoredContent>, StorageError> {
        let row = sqlx::query("SELECT body, body_sha256 FROM content_bundles WHERE version = $1")
            .bind(i64_of(version))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(StoredContent {
                version,
                body: r.try_get(0)?,
                body_sha256: r.try_get(1)?,
            })
        })
        .transpose()
    }

    async fn stats(&self, filter: &Filter) -> Result<Vec<Cell>, StorageError> {
        // Whole months from the roll-up (migration 13, kept by triggers), the period's partly
        // covered months from their forms, in one snapshot; a filter on a column the roll-up
        // does not keep counts the forms.
        let Some(plan) = RollupPlan::of(filter) else {
            return self.stats_from_forms(filter).await;
        };
        static EDGES: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
        let [sql_edges, sql_edge_actions] = EDGES.get_or_init(|| {
            let dims: Vec<Dim> = key_dims().collect();
            [
                report_sql_grouping_sets(&dims, true, true),
                actions_sql(true),
            ]
        });
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
        let rows = sqlx::query(rollup_sql())
            .bind(plan.after.as_deref())
            .bind(plan.before.as_deref())
            .bind(filter.column_values()[2].as_deref())
            .fetch_all(&mut *tx)
            .await?;
        let mut cells = Vec::with_capacity(rows.len());
        for r in rows {
            cells.push(cell(
                &r.try_get::<String, _>(0)?,
                &r.try_get::<String, _>(1)?,
                &r.try_get::<String, _>(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            )?);
        }
        if !plan.edges.is_empty() {
            let values = filter.column_values();
            let bind = |sql: &'static str| {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for v in &values {
                    q = q.bind(v.clone());
                }
                q.bind(plan.edges.clone())
            };
            let dims: Vec<Dim> = key_dims().collect();
            for r in bind(sql_edges.as_str()).fetch_all(&mut *tx).await? {
                cells.push(grouped_cell(&r, &dims)?);
            }
            for r in bind(sql_edge_actions.as_str()).fetch_all(&mut *tx).await? {
                cells.push(cell(
                    "action",
                    &r.try_get::<String, _>(0)?,
                    &r.try_get::<String, _>(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                )?);
            }
        }
        tx.commit().await?;
        Ok(merge_cells(cells))
    }

    async fn import_stats(&self, rows: &[StatsRow]) -> Result<usize, StorageError> {
        let mut tx = self.pool.begin().await?;
        let ids: Vec<&str> = rows.iter().map(|r| r.job_id.as_str()).collect();
        let taken: Option<String> =
            sqlx::query_scalar("SELECT job_id FROM stats_forms WHERE job_id = ANY($1) LIMIT 1")
                .bind(&ids)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(job) = taken {
            return Err(StorageError::Duplicate(format!("job {job}")));
        }
        // In batches, each one statement of arrays: 100,000 paper forms in seconds.
        static BULK: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = BULK.get_or_init(bulk_insert_sql_pg);
        for chunk in rows.chunks(2_000) {
            let values: Vec<RowValues> = chunk
                .iter()
                .map(|r| row_values(r, Source::Import, ""))
                .collect();
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for i in 0..6 {
                q = q.bind(values.iter().map(|v| v.head[i].clone()).collect::<Vec<_>>());
            }
            q = q.bind(values.iter().map(|v| v.minutes).collect::<Vec<_>>());
            for k in 0..values.first().map_or(0, |v| v.keys.len()) {
                q = q.bind(values.iter().map(|v| v.keys[k].clone()).collect::<Vec<_>>());
            }
            q.execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO stats_form_docs (job_id, form)
                 SELECT * FROM unnest($1::text[], $2::text[])",
            )
            .bind(values.iter().map(|v| v.head[0].clone()).collect::<Vec<_>>())
            .bind(values.iter().map(|v| v.form.clone()).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
            let (jobs, actions): (Vec<&str>, Vec<&str>) = values
                .iter()
                .flat_map(|v| {
                    v.actions
                        .iter()
                        .filter(|a| a.as_str() != UNANSWERED)
                        .map(move |a| (v.head[0].as_str(), a.as_str()))
                })
                .unzip();
            sqlx::query(
                "INSERT INTO stats_form_actions (job_id, action)
                 SELECT * FROM unnest($1::text[], $2::text[])",
            )
            .bind(&jobs)
            .bind(&actions)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    async fn put_staff(&self, staff: &Staff, now: Timestamp) -> Result<(), StorageError> {
        check_staff(staff)?;
        let mut tx = self.pool.begin().await?;
        if let Some(unit) = &staff.unit {
            let known = sqlx::query("SELECT 1 FROM units WHERE unit_id = $1")
                .bind(unit.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StorageError::NotFound(format!("unit {unit}")));
            }
        }
        sqlx::query(
            "INSERT INTO staff (name, role, unit_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (name) DO UPDATE SET role = excluded.role, unit_id = excluded.unit_id,
               centre = NULL, password_hash = excluded.password_hash",
        )
        .bind(&staff.name)
        .bind(staff.role.code())
        .bind(staff.unit.as_ref().map(UnitId::as_str))
        .bind(&staff.password_hash)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn staff(&self, name: &str) -> Result<Option<Staff>, StorageError> {
        let row =
            sqlx::query("SELECT name, role, unit_id, password_hash FROM staff WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| {
            let role: String = r.try_get(1)?;
            Ok(Staff {
                name: r.try_get(0)?,
                role: Role::stored(&role)?,
                unit: r.try_get::<Option<String>, _>(2)?.map(UnitId::new),
                password_hash: r.try_get(3)?,
            })
        })
        .transpose()
    }

    async fn add_session(
        &self,
        token_hash: &str,
        name: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, name, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(name)
        .bind(now.millis())
        .bind(expires_at.millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<StaffAuth>, StorageError> {
        let row = sqlx::query(
            "SELECT s.name, f.role, f.unit_id FROM staff_sessions s JOIN staff f ON f.name = s.name
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.millis())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let role: String = r.try_get(1)?;
            Ok(StaffAuth {
                name: r.try_get(0)?,
                role: Role::stored(&role)?,
                unit: r.try_get::<Option<String>, _>(2)?.map(UnitId::new),
            })
        })
        .transpose()
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn append_audit(&self, events: &[AuditEvent]) -> Result<(), StorageError> {
        if events.is_empty() {
            return Ok(());
        }
        // One statement of arrays: a pull page may name many jobs, all or none of them logged.
        let mut cols: (
            Vec<i64>,
            [Vec<String>; 3],
            [Vec<Option<String>>; 2],
            [Vec<String>; 2],
        ) = Default::default();
        for e in events {
            cols.0.push(e.at.millis());
            cols.1[0].push(e.action.code().to_owned());
            cols.1[1].push(e.role.code().to_owned());
            cols.1[2].push(e.actor.clone());
            cols.2[0].push(e.device.map(|d| d.to_string()));
            cols.2[1].push(e.client.clone());
            cols.3[0].push(e.job.to_string());
            cols.3[1].push(e.unit.as_str().to_owned());
        }
        sqlx::query(
            "INSERT INTO audit_log (at, action, role, actor, device_id, job_id, unit_id, client)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
                                  $6::text[], $7::text[], $8::text[])",
        )
        .bind(&cols.0)
        .bind(&cols.1[0])
        .bind(&cols.1[1])
        .bind(&cols.1[2])
        .bind(&cols.2[0])
        .bind(&cols.3[0])
        .bind(&cols.3[1])
        .bind(&cols.2[1])
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StorageError> {
        let rows = sqlx::query(
            "SELECT audit_id, at, action, role, actor, device_id, job_id, unit_id, client
             FROM audit_log
             WHERE ($1::text IS NULL OR job_id = $1) AND ($2::bigint IS NULL OR at >= $2)
             ORDER BY audit_id DESC LIMIT $3",
        )
        .bind(query.job.map(|j| j.to_string()))
        .bind(query.since.map(Timestamp::millis))
        .bind(i64::from(query.limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                audit_record(
                    r.try_get(0)?,
                    r.try_get(1)?,
                    &r.try_get::<String, _>(2)?,
                    &r.try_get::<String, _>(3)?,
                    r.try_get(4)?,
                    r.try_get(5)?,
                    r.try_get(6)?,
                    r.try_get(7)?,
                    r.try_get(8)?,
                )
            })
            .collect()
    }

    async fn store_quiz_result(
        &self,
        result: &QuizResult,
        now: Timestamp,
    ) -> Result<bool, StorageError> {
        let answers = answers_json(result)?;
        let (passed, right, asked) = quiz_figures(result);
        let id = result.id.to_string();
        let mut tx = self.pool.begin().await?;
        let known = sqlx::query("SELECT 1 FROM units WHERE unit_id = $1")
            .bind(result.unit.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StorageError::NotFound(format!("unit {}", result.unit)));
        }
        // A concurrent upload of the same id waits here on the key until the first commits,
        // then finds it held.
        let inserted = sqlx::query(
            "INSERT INTO quiz_results (result_id, unit_id, nurse_id, content_version, started_at,
               finished_at, passed, right_count, asked, answers, received_at)
             VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
             ON CONFLICT (result_id) DO NOTHING",
        )
        .bind(&id)
        .bind(result.unit.as_str())
        .bind(result.nurse.as_str())
        .bind(i64_of(result.content_version))
        .bind(result.started_at.millis())
        .bind(result.finished_at.millis())
        .bind(passed)
        .bind(i32::try_from(right).unwrap_or(i32::MAX))
        .bind(i32::try_from(asked).unwrap_or(i32::MAX))
        .bind(&answers)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            let r = sqlx::query(
                "SELECT nurse_id, unit_id, content_version, started_at, finished_at, answers::text
                 FROM quiz_results WHERE result_id = $1::uuid",
            )
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
            let held = quiz_from_columns(
                result.id,
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
                &r.try_get::<String, _>(5)?,
            )?;
            return if &held == result {
                Ok(false)
            } else {
                Err(StorageError::ResultConflict(result.id))
            };
        }
        let positions: Vec<i32> = (0..result.answers.len())
            .map(|i| i32::try_from(i).unwrap_or(i32::MAX))
            .collect();
        let banks: Vec<&str> = result.answers.iter().map(|a| a.bank.as_str()).collect();
        let questions: Vec<&str> = result.answers.iter().map(|a| a.question.as_str()).collect();
        let correct: Vec<bool> = result.answers.iter().map(|a| a.correct).collect();
        sqlx::query(
            "INSERT INTO quiz_answers (result_id, position, bank, question, correct)
             SELECT $1::uuid, p, b, q, c
             FROM unnest($2::integer[], $3::text[], $4::text[], $5::boolean[]) AS t(p, b, q, c)",
        )
        .bind(&id)
        .bind(&positions)
        .bind(&banks)
        .bind(&questions)
        .bind(&correct)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn passed_quiz_results(
        &self,
        unit: &UnitId,
    ) -> Result<Vec<(UserId, Timestamp)>, StorageError> {
        let rows = sqlx::query(
            "SELECT nurse_id, finished_at FROM quiz_results
             WHERE unit_id = $1 AND passed ORDER BY nurse_id, finished_at",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    UserId::new(r.try_get::<String, _>(0)?),
                    Timestamp(r.try_get(1)?),
                ))
            })
            .collect()
    }

    async fn put_mark(&self, mark: &ChecklistMark, now: Timestamp) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        let known = sqlx::query("SELECT 1 FROM units WHERE unit_id = $1")
            .bind(mark.unit.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StorageError::NotFound(format!("unit {}", mark.unit)));
        }
        let (item, day) = (item_code(mark.item), iso_day(mark.done_on));
        sqlx::query(
            "INSERT INTO checklist_marks (unit_id, nurse_id, item, done_on, confirmed_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (unit_id, nurse_id, item) DO UPDATE SET done_on = excluded.done_on,
               confirmed_by = excluded.confirmed_by, recorded_at = excluded.recorded_at",
        )
        .bind(mark.unit.as_str())
        .bind(mark.nurse.as_str())
        .bind(&item)
        .bind(&day)
        .bind(&mark.confirmed_by)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO checklist_mark_history (unit_id, nurse_id, item, done_on, confirmed_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(mark.unit.as_str())
        .bind(mark.nurse.as_str())
        .bind(&item)
        .bind(&day)
        .bind(&mark.confirmed_by)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn marks(&self, unit: &UnitId) -> Result<Vec<ChecklistMark>, StorageError> {
        let rows = sqlx::query(
            "SELECT unit_id, nurse_id, item, done_on, confirmed_by FROM checklist_marks
             WHERE unit_id = $1 ORDER BY nurse_id, item",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                mark_from_columns(
                    r.try_get(0)?,
                    r.try_get(1)?,
                    &r.try_get::<String, _>(2)?,
                    &r.try_get::<String, _>(3)?,
                    r.try_get(4)?,
                )
            })
            .collect()
    }

    async fn unit_nurses(&self, unit: &UnitId) -> Result<Vec<UserId>, StorageError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT nurse_id FROM checklist_marks WHERE unit_id = $1
             UNION SELECT nurse_id FROM quiz_results WHERE unit_id = $1
             UNION SELECT user_id FROM devices WHERE unit_id = $1 AND revoked_at IS NULL
             ORDER BY 1",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(UserId::new).collect())
    }

    async fn put_nurse_name(
        &self,
        unit: &UnitId,
        nurse: &UserId,
        display_name: &str,
        now: Timestamp,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        let known = sqlx::query("SELECT 1 FROM units WHERE unit_id = $1")
            .bind(unit.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StorageError::NotFound(format!("unit {unit}")));
        }
        sqlx::query(
            "INSERT INTO nurse_names (unit_id, nurse_id, display_name, updated_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (unit_id, nurse_id) DO UPDATE SET
               display_name = excluded.display_name, updated_at = excluded.updated_at",
        )
        .bind(unit.as_str())
        .bind(nurse.as_str())
        .bind(display_name)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn nurse_names(&self, unit: &UnitId) -> Result<Vec<(UserId, String)>, StorageError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT nurse_id, display_name FROM nurse_names WHERE unit_id = $1 ORDER BY nurse_id",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(nurse, name)| (UserId::new(nurse), name))
            .collect())
    }

    async fn question_stats(&self, unit: &UnitId) -> Result<Vec<QuestionStats>, StorageError> {
        let rows = sqlx::query(
            "SELECT a.bank, a.question, count(*), count(*) FILTER (WHERE a.correct)
             FROM quiz_answers a JOIN quiz_results r ON r.result_id = a.result_id
             WHERE r.unit_id = $1 GROUP BY a.bank, a.question ORDER BY a.bank, a.question",
        )
        .bind(unit.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let question: String = r.try_get(1)?;
                Ok(QuestionStats {
                    bank: r.try_get(0)?,
                    text: question.clone(),
                    question,
                    asked: u32_of(r.try_get(2)?),
                    right: u32_of(r.try_get(3)?),
                })
            })
            .collect()
    }

    async fn put_unit_kind(&self, unit: &UnitId, kind: UnitKind) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE units SET kind = $2 WHERE unit_id = $1")
            .bind(unit.as_str())
            .bind(samverka_model::codes::code(&kind))
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound(format!("unit {unit}")));
        }
        Ok(())
    }

    async fn request_units(&self) -> Result<Vec<RequestUnit>, StorageError> {
        let rows = sqlx::query(
            "SELECT unit_id, name, kind FROM units WHERE kind IN ('municipal', 'ambulance')
             ORDER BY name, unit_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RequestUnit {
                    kind: performer_of(&r.try_get::<String, _>(2)?)?,
                    id: UnitId::new(r.try_get::<String, _>(0)?),
                    name: r.try_get(1)?,
                })
            })
            .collect()
    }

    async fn put_requester(
        &self,
        requester: &RequesterAccount,
        now: Timestamp,
    ) -> Result<(), StorageError> {
        check_requester(requester)?;
        sqlx::query(
            "INSERT INTO staff (name, role, unit_id, centre, password_hash, created_at)
             VALUES ($1, 'requester', NULL, $2, $3, $4)
             ON CONFLICT (name) DO UPDATE SET role = 'requester', unit_id = NULL,
               centre = excluded.centre, password_hash = excluded.password_hash",
        )
        .bind(requester.name.trim())
        .bind(requester.centre.trim())
        .bind(&requester.password_hash)
        .bind(now.millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn requester_centre(&self, name: &str) -> Result<Option<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT centre FROM staff WHERE name = $1 AND role = 'requester'")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn store_request(&self, record: &RequestRecord) -> Result<(), StorageError> {
        let request = requests::to_json("request", &record.request)?;
        let answer = record
            .answer
            .as_ref()
            .map(|a| requests::to_json("answer", a))
            .transpose()?;
        let mut tx = self.pool.begin().await?;
        let known = sqlx::query("SELECT 1 FROM units WHERE unit_id = $1")
            .bind(record.request.unit.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StorageError::NotFound(format!(
                "unit {}",
                record.request.unit
            )));
        }
        let inserted = sqlx::query(
            "INSERT INTO requests (request_id, unit_id, centre, requested_by, created_at,
               request, status, answer, answered_device, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (request_id) DO NOTHING",
        )
        .bind(record.id.to_string())
        .bind(record.request.unit.as_str())
        .bind(&record.centre)
        .bind(&record.requested_by)
        .bind(record.created_at.millis())
        .bind(request)
        .bind(requests::status_code(record))
        .bind(answer)
        .bind(record.answer.as_ref().map(|a| a.device.to_string()))
        .bind(record.answer.as_ref().map(|a| a.answered_at.millis()))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(StorageError::Duplicate(format!("request {}", record.id)));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn request(&self, id: RequestId) -> Result<Option<RequestRecord>, StorageError> {
        sqlx::query(concat!(request_select!(), " WHERE request_id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(request_of)
            .transpose()
    }

    async fn centre_requests(
        &self,
        centre: &str,
        limit: u32,
    ) -> Result<Vec<RequestRecord>, StorageError> {
        sqlx::query(concat!(
            request_select!(),
            " WHERE centre = $1 ORDER BY created_at DESC, request_id LIMIT $2"
        ))
        .bind(centre)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(request_of)
        .collect()
    }

    async fn unit_requests(
        &self,
        unit: &UnitId,
        answered_since: Timestamp,
    ) -> Result<Vec<RequestRecord>, StorageError> {
        sqlx::query(concat!(
            request_select!(),
            " WHERE unit_id = $1 AND (answer IS NULL OR answered_at >= $2)
             ORDER BY created_at, request_id"
        ))
        .bind(unit.as_str())
        .bind(answered_since.millis())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(request_of)
        .collect()
    }

    async fn answer_request(
        &self,
        id: RequestId,
        answered: &RequestAnswered,
    ) -> Result<AnswerStored, StorageError> {
        let answer_json = requests::to_json("answer", answered)?;
        let mut tx = self.pool.begin().await?;
        // The row lock makes two phones answering at once take turns: the second sees the first.
        let Some(mut held) = sqlx::query(concat!(
            request_select!(),
            " WHERE request_id = $1 FOR UPDATE"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(request_of)
        .transpose()?
        else {
            return Err(StorageError::NotFound(format!("request {id}")));
        };
        match answer_outcome(held.answer.as_ref(), answered.device, &answered.answer) {
            AnswerOutcome::Repeat => return Ok(AnswerStored::Repeat(held)),
            AnswerOutcome::AlreadyAnswered => return Ok(AnswerStored::AlreadyAnswered(held)),
            AnswerOutcome::Store => {}
        }
        held.answer = Some(answered.clone());
        sqlx::query(
            "UPDATE requests SET status = $2, answer = $3, answered_device = $4, answered_at = $5
             WHERE request_id = $1",
        )
        .bind(id.to_string())
        .bind(requests::status_code(&held))
        .bind(answer_json)
        .bind(answered.device.to_string())
        .bind(answered.answered_at.millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AnswerStored::Stored(held))
    }

    async fn append_request_audit(&self, events: &[RequestReadEvent]) -> Result<(), StorageError> {
        if events.is_empty() {
            return Ok(());
        }
        // One statement of arrays: all of a list's requests logged, or none.
        let mut at = Vec::new();
        let mut texts: [Vec<String>; 4] = Default::default();
        let mut optional: [Vec<Option<String>>; 2] = Default::default();
        for e in events {
            at.push(e.at.millis());
            texts[0].push(e.role.code().to_owned());
            texts[1].push(e.actor.clone());
            texts[2].push(e.request.to_string());
            texts[3].push(e.unit.as_str().to_owned());
            optional[0].push(e.device.map(|d| d.to_string()));
            optional[1].push(e.client.clone());
        }
        sqlx::query(
            "INSERT INTO request_audit_log
               (at, action, role, actor, device_id, request_id, unit_id, client)
             SELECT a, $2, r, ac, d, rq, u, c
             FROM unnest($1::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::text[], $8::text[]) AS t(a, r, ac, d, rq, u, c)",
        )
        .bind(&at)
        .bind(REQUEST_LIST)
        .bind(&texts[0])
        .bind(&texts[1])
        .bind(&optional[0])
        .bind(&texts[2])
        .bind(&texts[3])
        .bind(&optional[1])
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn request_audit(
        &self,
        request: Option<RequestId>,
        limit: u32,
    ) -> Result<Vec<RequestReadRecord>, StorageError> {
        let rows = sqlx::query(
            "SELECT audit_id, at, role, actor, device_id, request_id, unit_id, client
             FROM request_audit_log WHERE ($1::text IS NULL OR request_id = $1)
             ORDER BY audit_id DESC LIMIT $2",
        )
        .bind(request.map(|r| r.to_string()))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                requests::read_record(
                    r.try_get(0)?,
                    r.try_get(1)?,
                    &r.try_get::<String, _>(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                    &r.try_get::<String, _>(5)?,
                    r.try_get(6)?,
                    r.try_get(7)?,
                )
            })
            .collect()
    }
}

/// The columns a stored request is read back from, as a literal so queries stay static text.
macro_rules! request_select {
    () => {
        "SELECT request_id, centre, requested_by, created_at, request, answer FROM requests"
    };
}
use request_select;

fn request_of(r: &sqlx::postgres::PgRow) -> Result<RequestRecord, StorageError> {
    requests::record_from_columns(
        &r.try_get::<String, _>(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        &r.try_get::<String, _>(4)?,
        r.try_get::<Option<String>, _>(5)?.as_deref(),
    )
}

/// A stored unit kind as the performer a request goes to.
fn performer_of(kind: &str) -> Result<PerformerKind, StorageError> {
    match kind {
        "municipal" => Ok(PerformerKind::Municipal),
        "ambulance" => Ok(PerformerKind::Ambulance),
        other => Err(corrupt(format!("unit kind {other} for a request"))),
    }
}
