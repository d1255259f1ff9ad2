//! Conversions between the model's types and table rows.

use crate::error::StoreError;
use rusqlite::{Connection, OptionalExtension, Row, params};
use samverka_model::{DeviceId, Entry, EntryBody, Hlc, JobId, JobView, Timestamp, UserId};
use std::collections::BTreeMap;

/// The columns `read_entry` expects, in order.
pub(crate) const ENTRY_COLUMNS: &str = "device_id, seq, job_id, hlc, author, kind, payload";

/// Appends one entry. Returns false if (device, seq) was already there.
pub(crate) fn insert_entry(
    conn: &Connection,
    e: &Entry,
    stored_at: Timestamp,
) -> Result<bool, StoreError> {
    let (kind, payload) = e
        .body
        .to_parts()
        .map_err(|err| StoreError::corrupt("entry body", err))?;
    let n = conn
        .prepare_cached(
            "INSERT INTO entries (device_id, seq, job_id, hlc, author, kind, payload, stored_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (device_id, seq) DO NOTHING",
        )?
        .execute(params![
            e.device.to_string(),
            seq_to_sql(e.seq)?,
            e.job.to_string(),
            e.hlc.to_string(),
            e.author.as_str(),
            kind,
            payload,
            stored_at.millis(),
        ])?;
    Ok(n == 1)
}

/// The entry stored under (device, seq), if any.
pub(crate) fn find_entry(
    conn: &Connection,
    device: DeviceId,
    seq: u64,
) -> Result<Option<Entry>, StoreError> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE device_id = ?1 AND seq = ?2");
    let raw = conn
        .prepare_cached(&sql)?
        .query_row(
            params![device.to_string(), seq_to_sql(seq)?],
            RawEntry::from_row,
        )
        .optional()?;
    raw.map(RawEntry::into_entry).transpose()
}

fn seq_to_sql(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|e| StoreError::corrupt("entry seq", e))
}

/// An entry row as text, before parsing.
pub(crate) struct RawEntry {
    device: String,
    seq: i64,
    job: String,
    hlc: String,
    author: String,
    kind: String,
    payload: String,
}

impl RawEntry {
    /// Reads the columns of [`ENTRY_COLUMNS`].
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            device: r.get(0)?,
            seq: r.get(1)?,
            job: r.get(2)?,
            hlc: r.get(3)?,
            author: r.get(4)?,
            kind: r.get(5)?,
            payload: r.get(6)?,
        })
    }

    /// Parses the row into the model's entry.
    pub(crate) fn into_entry(self) -> Result<Entry, StoreError> {
        let what = || format!("entry {}#{}", self.device, self.seq);
        let body = EntryBody::from_parts(&self.kind, &self.payload)
            .map_err(|e| StoreError::corrupt(what(), e))?;
        Ok(Entry {
            device: self
                .device
                .parse::<DeviceId>()
                .map_err(|e| StoreError::corrupt(what(), e))?,
            seq: u64::try_from(self.seq).map_err(|e| StoreError::corrupt(what(), e))?,
            job: self
                .job
                .parse::<JobId>()
                .map_err(|e| StoreError::corrupt(what(), e))?,
            hlc: self
                .hlc
                .parse::<Hlc>()
                .map_err(|e| StoreError::corrupt(what(), e))?,
            author: UserId::new(self.author),
            body,
        })
    }
}

/// How far a job's snapshot may lag behind its log: a tap writes its entry (and the job's line
/// if it changes it), and the snapshot only once this many entries wait beyond it. Reading a
/// job folds at most this many.
pub(crate) const MAX_UNSAVED: usize = 16;

/// A job's read model as stored: its snapshot with the entries after it folded in.
pub(crate) struct Stored {
    /// The job's view, whole.
    pub(crate) view: JobView,
    /// Entries of the job its snapshot does not hold yet.
    pub(crate) unsaved: usize,
}

/// The stored read model of a job, whole (see [`Stored`]).
pub(crate) fn load_view(conn: &Connection, job: JobId) -> Result<Option<JobView>, StoreError> {
    Ok(load_stored(conn, job)?.map(|s| s.view))
}

/// The stored read model of a job, with how far its snapshot lags behind the log.
pub(crate) fn load_stored(conn: &Connection, job: JobId) -> Result<Option<Stored>, StoreError> {
    let what = || format!("job {job}");
    let row = conn
        .prepare_cached("SELECT view, last_hlc FROM job_snapshots WHERE job_id = ?1")?
        .query_row([job.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    let Some((json, last_hlc)) = row else {
        return Ok(None);
    };
    let mut view: JobView =
        serde_json::from_str(&json).map_err(|e| StoreError::corrupt(what(), e))?;
    let sql =
        format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE job_id = ?1 AND hlc > ?2 ORDER BY hlc");
    let tail = conn
        .prepare_cached(&sql)?
        .query_map(params![job.to_string(), last_hlc], RawEntry::from_row)?
        .map(|r| r.map_err(StoreError::from).and_then(RawEntry::into_entry))
        .collect::<Result<Vec<_>, _>>()?;
    for e in &tail {
        view.apply(e);
    }
    Ok(Some(Stored {
        view,
        unsaved: tail.len(),
    }))
}

/// Every job's read model, whole, by job id: the snapshots with the entries after each folded
/// in, read in two passes rather than two queries per job.
pub(crate) fn load_all_views(conn: &Connection) -> Result<Vec<JobView>, StoreError> {
    let mut views: BTreeMap<JobId, JobView> = BTreeMap::new();
    let mut stmt = conn.prepare_cached("SELECT job_id, view FROM job_snapshots")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, json) = row?;
        let id: JobId = id.parse().map_err(|e| StoreError::corrupt("job id", e))?;
        let view =
            serde_json::from_str(&json).map_err(|e| StoreError::corrupt(format!("job {id}"), e))?;
        views.insert(id, view);
    }
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM entries e
         WHERE e.hlc > (SELECT last_hlc FROM job_snapshots s WHERE s.job_id = e.job_id)
         ORDER BY job_id, hlc"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    for raw in stmt.query_map([], RawEntry::from_row)? {
        let e = raw?.into_entry()?;
        if let Some(v) = views.get_mut(&e.job) {
            v.apply(&e);
        }
    }
    Ok(views.into_values().collect())
}

/// A job's line: its row in `jobs`, the columns the home screen lists and filters on. Written
/// whenever a tap changes it, so the stored line is always the whole view's, however far the
/// snapshot lags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JobLine {
    job_type: Option<String>,
    status: String,
    closed: bool,
    unit: Option<String>,
    municipality: Option<String>,
    practice: bool,
    requested_at: Option<i64>,
    chief_complaint: Option<String>,
    /// The holder as its JSON.
    holder: Option<String>,
}

impl JobLine {
    /// The line of `view`.
    pub(crate) fn of(view: &JobView) -> Result<Self, StoreError> {
        let header = view.header.as_ref().map(|h| &h.value);
        Ok(Self {
            job_type: view.job_type().map(|t| t.key().to_owned()),
            status: view.status().key().to_owned(),
            closed: view.status().is_closed(),
            unit: header.map(|h| h.performer.unit.as_str().to_owned()),
            municipality: header.and_then(|h| {
                h.performer
                    .municipality
                    .as_ref()
                    .map(|m| m.as_str().to_owned())
            }),
            practice: view.is_practice(),
            requested_at: header.map(|h| h.requested_at.millis()),
            chief_complaint: view.record.value.chief_complaint.clone(),
            holder: view
                .holder()
                .map(|h| serde_json::to_string(&h))
                .transpose()
                .map_err(|e| StoreError::corrupt("job holder", e))?,
        })
    }

    /// When the job was requested, as its header says.
    pub(crate) fn requested_at(&self) -> Option<Timestamp> {
        self.requested_at.map(Timestamp)
    }

    /// The line a job's row holds, if it has one.
    pub(crate) fn stored(conn: &Connection, job: JobId) -> Result<Option<Self>, StoreError> {
        Ok(conn
            .prepare_cached(
                "SELECT job_type, status, closed, unit_id, municipality, practice, requested_at,
                        chief_complaint, holder
                 FROM jobs WHERE job_id = ?1",
            )?
            .query_row([job.to_string()], |r| {
                Ok(Self {
                    job_type: r.get(0)?,
                    status: r.get(1)?,
                    closed: r.get(2)?,
                    unit: r.get(3)?,
                    municipality: r.get(4)?,
                    practice: r.get(5)?,
                    requested_at: r.get(6)?,
                    chief_complaint: r.get(7)?,
                    holder: r.get(8)?,
                })
            })
            .optional()?)
    }
}

/// Writes a job's read model whole: its line and its snapshot.
pub(crate) fn save_view(conn: &Connection, view: &JobView) -> Result<(), StoreError> {
    save_line(conn, view.id, &JobLine::of(view)?)?;
    save_snapshot(conn, view)
}

/// Writes a job's line.
pub(crate) fn save_line(conn: &Connection, job: JobId, line: &JobLine) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO jobs (job_id, job_type, status, closed, unit_id, municipality, practice,
                           requested_at, chief_complaint, holder)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (job_id) DO UPDATE SET
           job_type = excluded.job_type, status = excluded.status, closed = excluded.closed,
           unit_id = excluded.unit_id, municipality = excluded.municipality,
           practice = excluded.practice, requested_at = excluded.requested_at,
           chief_complaint = excluded.chief_complaint, holder = excluded.holder",
    )?
    .execute(params![
        job.to_string(),
        line.job_type,
        line.status,
        line.closed,
        line.unit,
        line.municipality,
        line.practice,
        line.requested_at,
        line.chief_complaint,
        line.holder,
    ])?;
    Ok(())
}

/// Writes a job's view as its snapshot.
pub(crate) fn save_snapshot(conn: &Connection, view: &JobView) -> Result<(), StoreError> {
    let json = serde_json::to_string(view).map_err(|e| StoreError::corrupt("job view", e))?;
    conn.prepare_cached(
        "INSERT INTO job_snapshots (job_id, last_hlc, view) VALUES (?1, ?2, ?3)
         ON CONFLICT (job_id) DO UPDATE SET last_hlc = excluded.last_hlc, view = excluded.view",
    )?
    .execute(params![
        view.id.to_string(),
        view.last_hlc.map(|h| h.to_string()).unwrap_or_default(),
        json,
    ])?;
    Ok(())
}
