//! The store: open, record a tap, ingest other devices' entries, rebuild, query.

use crate::error::StoreError;
use crate::key::DatabaseKey;
use crate::rows::{
    ENTRY_COLUMNS, JobLine, MAX_UNSAVED, RawEntry, Stored, find_entry, insert_entry,
    load_all_views, load_stored, load_view, save_line, save_snapshot, save_view,
};
use crate::schema;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
pub use samverka_model::app::JobSummary;
use samverka_model::form::{FormLists, FormOptions};
use samverka_model::history::{FieldChange, field_history};
use samverka_model::hlc::MAX_DRIFT_MS;
use samverka_model::holder::Holder;
use samverka_model::{
    DeviceId, Entry, EntryBody, Hlc, HlcClock, JobHeader, JobId, JobView, Timestamp, UserId,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// The current wall-clock time.
pub fn now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// The phone's store: one SQLite database holding the entry log and the read models.
pub struct Store {
    conn: Connection,
    device: DeviceId,
    clock: HlcClock,
    last_seq: u64,
    /// The form's lists from the installed content, every version: a tap on a job is checked
    /// against the version in force on the job's day.
    form_lists: FormLists,
    /// Views of recently touched jobs, exactly as committed: a tap on the job in hand skips
    /// reading and parsing its JSON. Only written after a commit succeeded.
    cache: ViewCache,
}

/// A small map of committed views, each with how far its snapshot lags; a nurse works on one or
/// two jobs at a time.
#[derive(Default)]
struct ViewCache {
    views: Vec<Stored>,
}

impl ViewCache {
    const CAPACITY: usize = 8;

    fn get(&self, id: JobId) -> Option<&JobView> {
        self.stored(id).map(|s| &s.view)
    }

    fn stored(&self, id: JobId) -> Option<&Stored> {
        self.views.iter().find(|s| s.view.id == id)
    }

    fn put(&mut self, view: JobView, unsaved: usize) {
        self.views.retain(|s| s.view.id != view.id);
        if self.views.len() == Self::CAPACITY {
            self.views.remove(0);
        }
        self.views.push(Stored { view, unsaved });
    }

    fn clear(&mut self) {
        self.views.clear();
    }
}

impl Store {
    /// Opens (creating if needed) the encrypted store at `path` with `key`, bringing its schema
    /// up to date. A new database gets a new device identity. A wrong key is
    /// [`StoreError::WrongKey`], and nothing is written.
    pub fn open(path: impl AsRef<Path>, key: &DatabaseKey) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        schema::unlock(&conn, key)?;
        Self::init(conn)
    }

    /// A store in memory, gone when dropped. For tests and previews.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        schema::prepare(&mut conn)?;
        let existing: Option<String> = conn
            .query_row(
                "SELECT device_id FROM device WHERE singleton = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let device = match existing {
            Some(id) => id
                .parse::<DeviceId>()
                .map_err(|e| StoreError::corrupt("device id", e))?,
            None => {
                let id = DeviceId(Uuid::new_v4());
                conn.execute(
                    "INSERT INTO device (singleton, device_id, created_at) VALUES (1, ?1, ?2)",
                    params![id.to_string(), now().millis()],
                )?;
                id
            }
        };
        let last_seq: Option<i64> = conn.query_row(
            "SELECT max(seq) FROM entries WHERE device_id = ?1",
            [device.to_string()],
            |r| r.get(0),
        )?;
        let clock = seeded_clock(&conn, device, now())?;
        let form_lists = crate::content::installed_form_lists(&conn)?;
        Ok(Self {
            conn,
            device,
            clock,
            last_seq: last_seq.and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
            form_lists,
            cache: ViewCache::default(),
        })
    }

    /// The database file, if the store is on disk.
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }

    /// This installation's device id.
    pub fn device_id(&self) -> DeviceId {
        self.device
    }

    /// The number of the last entry this device wrote (0 if none).
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// The form's lists in force for `job` (on the day it was requested), from the installed
    /// content; `None` before any content with lists arrived (the form then offers no lists,
    /// and the region checks the codes). An unknown job gets today's.
    pub fn form_options(&self, job: JobId) -> Result<Option<FormOptions>, StoreError> {
        let requested_at = match self.cache.get(job) {
            Some(v) => v.header.as_ref().map(|h| h.value.requested_at),
            // The line holds the request time; no need to read and fold the whole job.
            None => JobLine::stored(&self.conn, job)?.and_then(|l| l.requested_at()),
        };
        Ok(self.lists_requested_at(requested_at).cloned())
    }

    /// The form's lists in force for the job `view` shows, as [`Store::form_options`] finds
    /// them, for a caller that already holds the view (no second lookup, no copy).
    pub fn form_options_for(&self, view: &JobView) -> Option<&FormOptions> {
        self.lists_requested_at(view.header.as_ref().map(|h| h.value.requested_at))
    }

    /// The lists in force on the day a job was requested; today's when that is unknown.
    fn lists_requested_at(&self, requested_at: Option<Timestamp>) -> Option<&FormOptions> {
        self.form_lists.for_job(requested_at.unwrap_or_else(now))
    }

    /// Every version of the form's lists the installed content holds.
    pub fn form_lists(&self) -> &FormLists {
        &self.form_lists
    }

    pub(crate) fn set_form_lists(&mut self, lists: FormLists) {
        self.form_lists = lists;
    }

    /// Creates a new job and returns its first entry.
    pub fn create_job(
        &mut self,
        author: &UserId,
        header: JobHeader,
        now: Timestamp,
    ) -> Result<Entry, StoreError> {
        self.record(
            author,
            JobId(Uuid::new_v4()),
            EntryBody::JobCreated(header),
            now,
        )
    }

    /// Records one tap: checks it against the job as it stands, then appends the entry and
    /// updates the read model in one transaction. When this returns `Ok`, the entry is durable.
    /// When it returns an error, nothing was written and what was stored before is untouched.
    pub fn record(
        &mut self,
        author: &UserId,
        job: JobId,
        body: EntryBody,
        now: Timestamp,
    ) -> Result<Entry, StoreError> {
        let mut written = self.record_all(author, job, vec![body], now)?;
        written
            .pop()
            .ok_or_else(|| StoreError::Config("a tap wrote no entry".into()))
    }

    /// Records one tap that writes several entries on one job (SBAR's "handed over" saves the
    /// text and marks the step): each body checked against the job as the ones before it left
    /// it, all in one transaction. All or nothing: a refused body, or a crash before the
    /// commit, leaves none of them, so the log never holds half a tap.
    pub fn record_all(
        &mut self,
        author: &UserId,
        job: JobId,
        bodies: Vec<EntryBody>,
        now: Timestamp,
    ) -> Result<Vec<Entry>, StoreError> {
        self.record_all_with(author, job, bodies, now, |_| Ok(()))
    }

    /// Records several taps on one job as one: each checked against the job as the ones before
    /// it left it, all appended with consecutive seqs and increasing HLCs, with `also` run in
    /// the same transaction before it commits. All or nothing; what [`Store::record`] is for
    /// one tap.
    pub(crate) fn record_all_with(
        &mut self,
        author: &UserId,
        job: JobId,
        bodies: Vec<EntryBody>,
        now: Timestamp,
        also: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<Vec<Entry>, StoreError> {
        let wall = u64::try_from(now.millis()).unwrap_or(0);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // `None`: the job has no rows yet (its first entry), so this tap writes them.
        let stored = match self.cache.stored(job) {
            Some(s) => Some(Stored {
                view: s.view.clone(),
                unsaved: s.unsaved,
            }),
            None => load_stored(&tx, job)?,
        };
        let (mut view, unsaved, line) = match stored {
            Some(s) => {
                let line = JobLine::of(&s.view)?;
                (s.view, s.unsaved, Some(line))
            }
            None => (JobView::new(job), 0, None),
        };
        // Entries after the snapshot are found by a stamp past the snapshot's newest; one that
        // is not (the job holds a stamp from a clock ahead) must go into the snapshot now.
        let mut behind_snapshot = false;
        // A copy of the clock, kept only if the transaction commits.
        let mut clock = self.clock.clone();
        let mut written = Vec::with_capacity(bodies.len());
        for body in bodies {
            // The lists in force on the job's day: a job of last year keeps last year's form.
            let options = view
                .header
                .as_ref()
                .and_then(|h| self.form_lists.for_job(h.value.requested_at));
            view.check(&body, options)?;
            let entry = Entry {
                device: self.device,
                seq: self.last_seq + 1 + written.len() as u64,
                job,
                hlc: clock.tick(wall),
                author: author.clone(),
                body,
            };
            if !insert_entry(&tx, &entry, now)? {
                return Err(StoreError::ConflictingEntry(entry.entry_ref()));
            }
            behind_snapshot |= view.last_hlc.is_some_and(|last| entry.hlc <= last);
            view.apply(&entry);
            written.push(entry);
        }
        // The tap's entries are the record, durable in the log either way. The read model is
        // written only where it changed for a reader: the line when the home screen would list
        // the job otherwise, the snapshot (a page or more of JSON) when too many entries wait.
        // Half the taps then write two pages (the entry and its place in the job's index); the
        // rest are mostly those two trees' splits, not the read model.
        let new_line = JobLine::of(&view)?;
        if line.as_ref() != Some(&new_line) {
            save_line(&tx, job, &new_line)?;
        }
        let mut unsaved = unsaved + written.len();
        if line.is_none() || behind_snapshot || unsaved >= MAX_UNSAVED {
            save_snapshot(&tx, &view)?;
            unsaved = 0;
        }
        also(&tx)?;
        tx.commit()?;
        self.clock = clock;
        self.last_seq += written.len() as u64;
        self.cache.put(view, unsaved);
        Ok(written)
    }

    /// Stores entries written elsewhere (other phones, via the region) and folds them into the
    /// read models, in one transaction. Entries already held are skipped, so a repeated batch
    /// changes nothing; an entry that reuses a held (device, seq) with other content is
    /// refused and the whole batch rolled back. Returns how many were new.
    pub fn ingest(&mut self, entries: &[Entry], now: Timestamp) -> Result<usize, StoreError> {
        self.ingest_with(entries, now, |_| Ok(()))
    }

    /// [`Store::ingest`], running `also` in the same transaction before it commits.
    pub(crate) fn ingest_with(
        &mut self,
        entries: &[Entry],
        now: Timestamp,
        also: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Each touched job gets its line and its snapshot written: an entry from elsewhere
        // may carry any stamp, not only one past the snapshot's.
        let mut views: BTreeMap<JobId, JobView> = BTreeMap::new();
        let mut new = 0;
        let mut max_hlc: Option<Hlc> = None;
        let mut own_seq = self.last_seq;
        for e in entries {
            if !insert_entry(&tx, e, now)? {
                let held = find_entry(&tx, e.device, e.seq)?;
                if held.as_ref() != Some(e)
                    && !held.is_some_and(|h| crate::privacy::is_purged_copy(&h, e))
                {
                    return Err(StoreError::ConflictingEntry(e.entry_ref()));
                }
                continue;
            }
            new += 1;
            let view = match views.entry(e.job) {
                std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(load_view(&tx, e.job)?.unwrap_or_else(|| JobView::new(e.job)))
                }
            };
            view.apply(e);
            if e.hlc.wall <= wall_ms(now).saturating_add(MAX_DRIFT_MS) {
                max_hlc = max_hlc.max(Some(e.hlc));
            }
            if e.device == self.device {
                // Our own entries restored from the region (a reinstalled phone): never reuse a seq.
                own_seq = own_seq.max(e.seq);
            }
        }
        for v in views.values() {
            save_view(&tx, v)?;
        }
        also(&tx)?;
        tx.commit()?;
        for v in views.into_values() {
            if self.cache.get(v.id).is_some() {
                self.cache.put(v, 0);
            }
        }
        if let Some(h) = max_hlc {
            // Only believable stamps were kept above, so this cannot be refused.
            let _ = self.clock.observe(h, wall_ms(now));
        }
        self.last_seq = own_seq;
        Ok(new)
    }

    /// Forgets cached views, after a transaction of another module rewrote read models.
    pub(crate) fn forget_cached_views(&mut self) {
        self.cache.clear();
    }

    /// Gives this installation a new device identity inside `tx` (after a wipe: the region
    /// holds the old identity's seqs, which the emptied log would otherwise reuse). Call
    /// [`Store::adopt_identity`] with the result once `tx` committed.
    pub(crate) fn new_identity(tx: &rusqlite::Transaction<'_>) -> Result<DeviceId, StoreError> {
        let id = DeviceId(Uuid::new_v4());
        tx.execute(
            "UPDATE device SET device_id = ?1, created_at = ?2 WHERE singleton = 1",
            params![id.to_string(), now().millis()],
        )?;
        Ok(id)
    }

    /// Takes on the identity [`Store::new_identity`] wrote, with an empty log.
    pub(crate) fn adopt_identity(&mut self, device: DeviceId) {
        self.device = device;
        self.clock = HlcClock::new(device);
        self.last_seq = 0;
        self.cache.clear();
    }

    /// The connection, for the sync bookkeeping in `sync_state`.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for a transaction of the store's own modules.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// One job's read model.
    pub fn job(&self, id: JobId) -> Result<Option<JobView>, StoreError> {
        if let Some(v) = self.cache.get(id) {
            return Ok(Some(v.clone()));
        }
        load_view(&self.conn, id)
    }

    /// Jobs not yet done, declined or aborted, newest request first.
    pub fn open_jobs(&self) -> Result<Vec<JobSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT job_id, job_type, status, requested_at, practice, chief_complaint, holder
             FROM jobs WHERE closed = 0
             ORDER BY requested_at DESC, job_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (id, job_type, status, requested_at, practice, chief_complaint, holder) = row?;
            let what = || format!("job {id}");
            let holder = holder
                .map(|json| serde_json::from_str::<Holder>(&json))
                .transpose()
                .map_err(|e| StoreError::corrupt(what(), e))?;
            Ok(JobSummary {
                id: id.parse().map_err(|e| StoreError::corrupt(what(), e))?,
                job_type: job_type
                    .map(|t| crate::content::from_code(&what(), t))
                    .transpose()?,
                status: crate::content::from_code(&what(), status)?,
                requested_at: requested_at.map(Timestamp),
                practice,
                chief_complaint,
                holder,
            })
        })
        .collect()
    }

    /// Every job's read model (open and closed), by job id.
    pub fn all_jobs(&self) -> Result<Vec<JobView>, StoreError> {
        load_all_views(&self.conn)
    }

    /// Every entry of one job, in HLC order.
    pub fn job_entries(&self, id: JobId) -> Result<Vec<Entry>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE job_id = ?1 ORDER BY hlc");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raw = stmt
            .query_map([id.to_string()], RawEntry::from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter().map(RawEntry::into_entry).collect()
    }

    /// Every value a field of a job has had, oldest first (see
    /// [`samverka_model::history::field_history`] for the keys).
    pub fn field_history(&self, id: JobId, field: &str) -> Result<Vec<FieldChange>, StoreError> {
        Ok(field_history(&self.job_entries(id)?, field))
    }

    /// Entries written by `device` after `after_seq`, in seq order, at most `limit` of them.
    /// What a sync push sends.
    pub fn entries_after(
        &self,
        device: DeviceId,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE device_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let raw = stmt
            .query_map(
                params![
                    device.to_string(),
                    i64::try_from(after_seq).unwrap_or(i64::MAX),
                    i64::try_from(limit).unwrap_or(i64::MAX)
                ],
                RawEntry::from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter().map(RawEntry::into_entry).collect()
    }

    /// How many entries the log holds.
    pub fn entry_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Folds every job afresh from the log, in one pass.
    fn fold_all(&self) -> Result<BTreeMap<JobId, JobView>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries ORDER BY job_id, hlc");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut views: BTreeMap<JobId, JobView> = BTreeMap::new();
        for raw in stmt.query_map([], RawEntry::from_row)? {
            let e = raw?.into_entry()?;
            views
                .entry(e.job)
                .or_insert_with(|| JobView::new(e.job))
                .apply(&e);
        }
        Ok(views)
    }

    /// Throws the read models away and folds them again from the log. Returns the job count.
    pub fn rebuild_read_models(&mut self) -> Result<usize, StoreError> {
        let views = self.fold_all()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM jobs", [])?;
        tx.execute("DELETE FROM job_snapshots", [])?;
        for v in views.values() {
            save_view(&tx, v)?;
        }
        tx.commit()?;
        self.cache.clear();
        Ok(views.len())
    }

    /// Jobs whose stored read model (the row's snapshot with the entries after it, and the
    /// row's line) differs from a fresh fold of the log (should be none: an entry and whatever
    /// of the row it changes are written in one transaction). For diagnostics and the crash
    /// tests.
    pub fn stale_read_models(&self) -> Result<Vec<JobId>, StoreError> {
        let folded = self.fold_all()?;
        let mut stale = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT job_id FROM jobs UNION SELECT job_id FROM job_snapshots")?;
        let stored: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in &stored {
            let id: JobId = id.parse().map_err(|e| StoreError::corrupt("job id", e))?;
            let fold = folded.get(&id);
            let line = fold.map(JobLine::of).transpose()?;
            if load_view(&self.conn, id)?.as_ref() != fold
                || JobLine::stored(&self.conn, id)? != line
            {
                stale.push(id);
            }
        }
        stale.extend(folded.keys().filter(|id| !stored.contains(&id.to_string())));
        Ok(stale)
    }

    /// SQLite's own check of the file: `ok` or a list of problems.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(lines.join("\n"))
    }
}

/// An instant as the HLC's wall time (ms since the epoch; an instant before 1970 is 0).
pub(crate) fn wall_ms(t: Timestamp) -> u64 {
    u64::try_from(t.millis()).unwrap_or(0)
}

/// The clock as the log leaves it: going on from this phone's own last stamp that is not in
/// quarantine and the latest believable stamp of the others. A colleague's clock too far
/// ahead must not move it for good, and neither must this phone's own stamps that the region
/// refused as too far ahead (`clock_ahead`): once the phone's clock is set right, its new
/// entries get true times again.
fn seeded_clock(
    conn: &Connection,
    device: DeviceId,
    now: Timestamp,
) -> Result<HlcClock, StoreError> {
    let believable = format!("{:015}", wall_ms(now).saturating_add(MAX_DRIFT_MS));
    let parse = |h: Option<String>| -> Result<Option<Hlc>, StoreError> {
        h.map(|h| {
            h.parse::<Hlc>()
                .map_err(|e| StoreError::corrupt("entry hlc", e))
        })
        .transpose()
    };
    let own = parse(conn.query_row(
        "SELECT max(hlc) FROM entries WHERE device_id = ?1
           AND seq NOT IN (SELECT seq FROM quarantine)",
        [device.to_string()],
        |r| r.get(0),
    )?)?;
    let others = parse(conn.query_row(
        "SELECT max(hlc) FROM entries WHERE device_id <> ?1 AND substr(hlc, 1, 15) <= ?2",
        params![device.to_string(), believable],
        |r| r.get(0),
    )?)?;
    let mut clock = HlcClock::new(device);
    for h in [own, others].into_iter().flatten() {
        clock.seed(h);
    }
    Ok(clock)
}

impl Store {
    /// Restarts the clock from the log (see [`seeded_clock`]), after own entries went to
    /// quarantine for a wrong clock.
    pub(crate) fn reseed_clock(&mut self, now: Timestamp) -> Result<(), StoreError> {
        self.clock = seeded_clock(&self.conn, self.device, now)?;
        Ok(())
    }
}
