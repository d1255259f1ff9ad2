//! Privacy on the device: identifying data leaves the phone a set time after the region has
//! acknowledged the job, and all patient data leaves it when the region revokes the device.
//!
//! Both go through the append-only log's only two doors (migration `05-privacy`): an identity
//! entry's payload may be emptied, and a wipe may delete, each only while the `redacting` flag
//! is set inside the purging transaction. `secure_delete` is on, so freed pages are zeroed.

use crate::error::StoreError;
use crate::rows::{ENTRY_COLUMNS, RawEntry, save_view};
use crate::store::Store;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use samverka_model::entry::IDENTITY_KIND;
use samverka_model::{Entry, EntryBody, JobId, JobView, Timestamp};
use serde::{Deserialize, Serialize};

/// How long identifying data stays after the region acknowledged a finished job, by default.
pub const DEFAULT_RETENTION_HOURS: u32 = 72;
/// The longest retention the store accepts (a year).
pub const MAX_RETENTION_HOURS: u32 = 8760;
/// What an identity entry's payload becomes when purged: the empty patch.
const PURGED_PAYLOAD: &str = r#"{"set":{}}"#;

/// What the privacy rules did or hold, for the UI and the logs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyState {
    /// Hours identifying data stays after acknowledgement.
    pub retention_hours: u32,
    /// When the region revoked this device (its patient data was wiped then).
    pub revoked_at: Option<Timestamp>,
    /// How many wiped entries had never reached the region.
    pub wiped_unsent: Option<u64>,
}

/// What one wipe removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wipe {
    /// Jobs removed.
    pub jobs: usize,
    /// Entries removed.
    pub entries: usize,
    /// Of those, own entries the region had not acknowledged.
    pub unsent: u64,
}

/// Whether `held` and `incoming` are one identity entry, one of them with its identifying
/// payload purged: the region may send one again that was purged here (a new enrolment pulls
/// from the start), or send purged one that this phone still holds whole (a region restored
/// from a backup got it again from a phone that had purged it). Neither is a forgery; the
/// phone keeps what it holds, and purges it itself when its time comes.
pub(crate) fn is_purged_copy(held: &Entry, incoming: &Entry) -> bool {
    let purged = |e: &Entry| matches!(&e.body, EntryBody::Identity(p) if p.is_empty());
    matches!(held.body, EntryBody::Identity(_))
        && matches!(incoming.body, EntryBody::Identity(_))
        && (purged(held) || purged(incoming))
        && (held.device, held.seq, held.job, held.hlc, &held.author)
            == (
                incoming.device,
                incoming.seq,
                incoming.job,
                incoming.hlc,
                &incoming.author,
            )
}

impl Store {
    /// The retention and revocation state.
    pub fn privacy(&self) -> Result<PrivacyState, StoreError> {
        let (hours, revoked, unsent): (i64, Option<i64>, Option<i64>) = self.conn().query_row(
            "SELECT retention_hours, revoked_at, wiped_unsent FROM privacy WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(PrivacyState {
            retention_hours: u32::try_from(hours).unwrap_or(DEFAULT_RETENTION_HOURS),
            revoked_at: revoked.map(Timestamp),
            wiped_unsent: unsent.and_then(|u| u64::try_from(u).ok()),
        })
    }

    /// Sets how long identifying data stays after acknowledgement (1 h to a year).
    pub fn set_identity_retention(&mut self, hours: u32) -> Result<(), StoreError> {
        if !(1..=MAX_RETENTION_HOURS).contains(&hours) {
            return Err(StoreError::Config(format!(
                "identity retention must be 1–{MAX_RETENTION_HOURS} hours, not {hours}"
            )));
        }
        self.conn().execute(
            "UPDATE privacy SET retention_hours = ?1 WHERE singleton = 1",
            [hours],
        )?;
        Ok(())
    }

    /// Notes, as of `now`, every finished job the region now holds whole: all own entries
    /// acknowledged (entries of other devices came from the region). Returns how many jobs
    /// were newly noted. The purge clock of a job starts at its note.
    pub fn note_acknowledged(&mut self, now: Timestamp) -> Result<usize, StoreError> {
        let me = self.device_id().to_string();
        let n = self.conn().execute(
            "INSERT INTO job_acks (job_id, acked_at)
             SELECT j.job_id, ?1 FROM jobs j
             WHERE j.closed = 1
               AND j.job_id NOT IN (SELECT job_id FROM job_acks)
               AND NOT EXISTS (
                   SELECT 1 FROM entries e
                   WHERE e.job_id = j.job_id AND e.device_id = ?2
                     AND e.seq > (SELECT acked_seq FROM sync_state WHERE singleton = 1))",
            params![now.millis(), me],
        )?;
        Ok(n)
    }

    /// When the region was noted to hold job `id` whole, if it was.
    pub fn acknowledged_at(&self, id: JobId) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT acked_at FROM job_acks WHERE job_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .map(Timestamp))
    }

    /// When job `id`'s identifying data was purged, if it was.
    pub fn identity_purged_at(&self, id: JobId) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT purged_at FROM identity_purges WHERE job_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .map(Timestamp))
    }

    /// Empties the identifying entries of every job acknowledged at least the retention time
    /// before `now`, and refolds those jobs, in one transaction. Everything else of the job (the
    /// record, the submitted statistics form) stays. Returns the jobs purged.
    pub fn purge_identities(&mut self, now: Timestamp) -> Result<Vec<JobId>, StoreError> {
        self.note_acknowledged(now)?;
        let hours = i64::from(self.privacy()?.retention_hours);
        let cutoff = now.millis() - hours * 3_600_000;
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let due: Vec<String> = tx
            .prepare(
                "SELECT job_id FROM job_acks WHERE acked_at <= ?1
                   AND job_id NOT IN (SELECT job_id FROM identity_purges)",
            )?
            .query_map([cutoff], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut purged = Vec::with_capacity(due.len());
        tx.execute("UPDATE privacy SET redacting = 1 WHERE singleton = 1", [])?;
        for job in &due {
            tx.execute(
                "UPDATE entries SET payload = ?1 WHERE job_id = ?2 AND kind = ?3",
                params![PURGED_PAYLOAD, job, IDENTITY_KIND],
            )?;
            tx.execute(
                "INSERT INTO identity_purges (job_id, purged_at) VALUES (?1, ?2)",
                params![job, now.millis()],
            )?;
            let id: JobId = job
                .parse()
                .map_err(|e| StoreError::corrupt(format!("job id {job}"), e))?;
            let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE job_id = ?1");
            let entries = tx
                .prepare(&sql)?
                .query_map([job], RawEntry::from_row)?
                .map(|r| r.map_err(StoreError::from).and_then(RawEntry::into_entry))
                .collect::<Result<Vec<_>, _>>()?;
            save_view(&tx, &JobView::fold(id, &entries))?;
            purged.push(id);
        }
        tx.execute("UPDATE privacy SET redacting = 0 WHERE singleton = 1", [])?;
        tx.commit()?;
        if !purged.is_empty() {
            self.forget_cached_views();
            self.checkpoint()?;
            tracing::info!(jobs = purged.len(), "identifying data purged");
        }
        Ok(purged)
    }

    /// Removes every job and entry from the phone (the region revoked it: it may be lost),
    /// notes the revocation, forgets the enrolment, and takes a new device identity. Content
    /// (guidelines, contacts) and settings stay: they are not patient data.
    pub fn wipe_patient_data(&mut self, now: Timestamp) -> Result<Wipe, StoreError> {
        let unsent = self.last_seq().saturating_sub(self.acked_seq()?);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE privacy SET redacting = 1 WHERE singleton = 1", [])?;
        let entries = tx.execute("DELETE FROM entries", [])?;
        let jobs = tx.execute("DELETE FROM jobs", [])?;
        tx.execute("DELETE FROM job_snapshots", [])?;
        tx.execute("DELETE FROM job_acks", [])?;
        tx.execute("DELETE FROM identity_purges", [])?;
        // Requests carry the patient's number, name and address too.
        tx.execute("DELETE FROM request_answers", [])?;
        tx.execute("DELETE FROM requests", [])?;
        tx.execute(
            "UPDATE privacy SET redacting = 0, revoked_at = ?1, wiped_unsent = ?2
             WHERE singleton = 1",
            params![now.millis(), i64::try_from(unsent).unwrap_or(i64::MAX)],
        )?;
        tx.execute(
            "UPDATE sync_state SET token = NULL, acked_seq = 0, pull_cursor = 0, pull_epoch = '',
               last_error = NULL WHERE singleton = 1",
            [],
        )?;
        let device = Store::new_identity(&tx)?;
        tx.commit()?;
        self.adopt_identity(device);
        self.checkpoint()?;
        tracing::warn!(jobs, entries, unsent, "device revoked: patient data wiped");
        Ok(Wipe {
            jobs,
            entries,
            unsent,
        })
    }

    /// Clears the revocation notice once the nurse has read it (a new enrolment also does).
    pub fn dismiss_revocation(&mut self) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE privacy SET revoked_at = NULL, wiped_unsent = NULL WHERE singleton = 1",
            [],
        )?;
        Ok(())
    }

    /// Moves the WAL into the database and truncates it, so purged bytes do not linger there.
    fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
