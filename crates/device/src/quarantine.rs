//! The quarantine on the phone (#16): own entries the region refused for good. They stay in
//! the log (never deleted: migration 09's trigger), are listed for the nurse, and are handed to
//! the region's quarantine (`POST /api/v1/quarantine`) so a coach sees them and the push goes
//! on after them. A refusal for the phone's clock (`clock_ahead`) also sets the "telefonens
//! klocka går fel" state, which the next accepted push clears.

use crate::error::StoreError;
use crate::rows::{ENTRY_COLUMNS, RawEntry};
use crate::store::Store;
use rusqlite::{OptionalExtension, params};
use samverka_model::sync::{QuarantinedEntry, refusal};
use samverka_model::{Entry, Timestamp, UserId};

impl Store {
    /// Puts own entry `seq` in quarantine with the region's refusal (once: a repeat keeps the
    /// first). A `clock_ahead` refusal also notes that the phone's clock is wrong and restarts
    /// the clock from the entries not in quarantine, so a corrected clock stamps true times.
    pub fn quarantine(
        &mut self,
        seq: u64,
        code: &str,
        message: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let seq_i = i64::try_from(seq).map_err(|_| StoreError::Config("seq too large".into()))?;
        self.conn().execute(
            "INSERT INTO quarantine (seq, code, message, quarantined_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (seq) DO NOTHING",
            params![seq_i, code, message, now.millis()],
        )?;
        if code == refusal::CLOCK_AHEAD {
            self.conn().execute(
                "UPDATE sync_state SET clock_refused_at = ?1 WHERE singleton = 1",
                [now.millis()],
            )?;
            self.reseed_clock(now)?;
        }
        Ok(())
    }

    /// The refusal of own entry `seq` if it is in quarantine, whether or not the region's
    /// quarantine took it: (code, message). One past the acknowledged seq that the region had
    /// taken was lost with a restore of the region, and is handed over again.
    pub fn quarantine_refusal(&self, seq: u64) -> Result<Option<(String, String)>, StoreError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        Ok(self
            .conn()
            .query_row(
                "SELECT code, message FROM quarantine WHERE seq = ?1",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Notes that the region's quarantine took own entry `seq`.
    pub fn mark_quarantine_reported(&mut self, seq: u64, now: Timestamp) -> Result<(), StoreError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        self.conn().execute(
            "UPDATE quarantine SET reported_at = ?2 WHERE seq = ?1 AND reported_at IS NULL",
            params![seq, now.millis()],
        )?;
        Ok(())
    }

    /// Clears "the phone's clock is wrong": the region took a push again.
    pub fn clear_clock_error(&mut self) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE sync_state SET clock_refused_at = NULL WHERE singleton = 1",
            [],
        )?;
        Ok(())
    }

    /// Whether the region's last refusal for the clock still stands.
    pub fn clock_wrong(&self) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT clock_refused_at IS NOT NULL FROM sync_state WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// How many own entries are in quarantine.
    pub fn quarantined_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM quarantine", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Every own entry in quarantine, newest first: its job, kind and author from the log
    /// (none after a wipe), the refusal, and whether the region's quarantine has it.
    pub fn quarantined(&self) -> Result<Vec<QuarantinedEntry>, StoreError> {
        let device = self.device_id();
        let mut stmt = self.conn().prepare(
            "SELECT seq, code, message, quarantined_at, reported_at IS NOT NULL FROM quarantine
             ORDER BY quarantined_at DESC, seq DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (seq, code, message, at, reported) in rows {
            let seq = u64::try_from(seq).unwrap_or(0);
            let entry = self.own_entry(seq)?;
            out.push(QuarantinedEntry {
                device,
                seq,
                job: entry.as_ref().map(|e| e.job),
                kind: entry.as_ref().map(|e| e.body.kind().to_owned()),
                user: entry.map_or_else(|| UserId::new(""), |e| e.author),
                code,
                message,
                at: Timestamp(at),
                reported,
            });
        }
        Ok(out)
    }

    /// This phone's own entry `seq`, if the log holds it.
    pub fn own_entry(&self, seq: u64) -> Result<Option<Entry>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE device_id = ?1 AND seq = ?2");
        let raw = self
            .conn()
            .query_row(
                &sql,
                params![
                    self.device_id().to_string(),
                    i64::try_from(seq).unwrap_or(i64::MAX)
                ],
                RawEntry::from_row,
            )
            .optional()?;
        raw.map(RawEntry::into_entry).transpose()
    }
}
