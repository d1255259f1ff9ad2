//! Conversions between the model's types and table rows.

use crate::error::StoreError;
use rusqlite::{Connection, OptionalExtension, Row, params};
use samverka_model::{DeviceId, Entry, EntryBody, Hlc, JobId, JobView, Timestamp, UserId};

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

/// The stored read model of a job.
pub(crate) fn load_view(conn: &Connection, job: JobId) -> Result<Option<JobView>, StoreError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT view FROM jobs WHERE job_id = ?1")?
        .query_row([job.to_string()], |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::corrupt(format!("job {job}"), e)))
        .transpose()
}

/// Writes a job's read model with its query columns.
pub(crate) fn save_view(conn: &Connection, view: &JobView) -> Result<(), StoreError> {
    let json = serde_json::to_string(view).map_err(|e| StoreError::corrupt("job view", e))?;
    let header = view.header.as_ref().map(|h| &h.value);
    let job_type = view.job_type().map(|t| t.key());
    conn.prepare_cached(
        "INSERT INTO jobs (job_id, job_type, status, unit_id, municipality, practice, requested_at, last_hlc, view, closed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (job_id) DO UPDATE SET
           job_type = excluded.job_type, status = excluded.status, unit_id = excluded.unit_id,
           municipality = excluded.municipality, practice = excluded.practice,
           requested_at = excluded.requested_at, last_hlc = excluded.last_hlc, view = excluded.view,
           closed = excluded.closed",
    )?
    .execute(params![
        view.id.to_string(),
        job_type,
        view.status().key(),
        header.map(|h| h.performer.unit.as_str().to_owned()),
        header.and_then(|h| h.performer.municipality.as_ref().map(|m| m.as_str().to_owned())),
        view.is_practice(),
        header.map(|h| h.requested_at.millis()),
        view.last_hlc.map(|h| h.to_string()).unwrap_or_default(),
        json,
        view.status().is_closed(),
    ])?;
    Ok(())
}
