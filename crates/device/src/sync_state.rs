//! The store's side of sync: enrolment, what the region acknowledged, the pull cursor, and the
//! state the UI shows (offline / N waiting / synced at).

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{OptionalExtension, params};
pub use samverka_model::app::SyncStatus;
use samverka_model::{Timestamp, UnitId, UserId};
use serde::{Deserialize, Serialize};

/// What enrolment gave this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    /// The region's base URL, e.g. `https://region.example` or `http://127.0.0.1:8080`.
    pub region_url: String,
    /// The device token (secret).
    pub token: String,
    /// The unit the device belongs to.
    pub unit: UnitId,
    /// The user it is enrolled for.
    pub user: UserId,
}

impl Store {
    /// Saves what enrolment gave, replacing an earlier enrolment (the pull cursor starts over).
    pub fn set_enrollment(&mut self, e: &Enrollment) -> Result<(), StoreError> {
        self.dismiss_revocation()?;
        self.conn().execute(
            "UPDATE sync_state SET region_url = ?1, token = ?2, unit_id = ?3, user_id = ?4,
               pull_cursor = 0, pull_epoch = '', last_error = NULL WHERE singleton = 1",
            params![e.region_url, e.token, e.unit.as_str(), e.user.as_str()],
        )?;
        Ok(())
    }

    /// The enrolment, if the device has one.
    pub fn enrollment(&self) -> Result<Option<Enrollment>, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT region_url, token, unit_id, user_id FROM sync_state
                 WHERE singleton = 1 AND token IS NOT NULL",
                [],
                |r| {
                    Ok(Enrollment {
                        region_url: r.get(0)?,
                        token: r.get(1)?,
                        unit: UnitId::new(r.get::<_, String>(2)?),
                        user: UserId::new(r.get::<_, String>(3)?),
                    })
                },
            )
            .optional()?;
        Ok(row)
    }

    /// The last own seq the region acknowledged.
    pub fn acked_seq(&self) -> Result<u64, StoreError> {
        let v: i64 = self.conn().query_row(
            "SELECT acked_seq FROM sync_state WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(v).unwrap_or(0))
    }

    /// Records the region's high-water mark for this device. It is the region's word: if it is
    /// lower than what we had (a region restored from backup), we send again from there.
    pub fn set_acked_seq(&mut self, high_water: u64) -> Result<(), StoreError> {
        let hw = high_water.min(self.last_seq());
        self.conn().execute(
            "UPDATE sync_state SET acked_seq = ?1 WHERE singleton = 1",
            [i64::try_from(hw).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// The region cursor after the last pulled page.
    pub fn pull_cursor(&self) -> Result<u64, StoreError> {
        Ok(self.pull_position()?.1)
    }

    /// The region incarnation the pull cursor belongs to (empty: none known) and the cursor.
    pub fn pull_position(&self) -> Result<(String, u64), StoreError> {
        let (epoch, cursor): (String, i64) = self.conn().query_row(
            "SELECT pull_epoch, pull_cursor FROM sync_state WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((epoch, u64::try_from(cursor).unwrap_or(0)))
    }

    /// Stores a pulled page and advances the cursor in the same transaction, so a crash can
    /// never leave the cursor past entries that were not stored. A page of another region
    /// incarnation than the cursor's (`epoch`: the region was restored and answered from the
    /// start) replaces the cursor instead of advancing it; `None` (an older region) keeps the
    /// incarnation as it was.
    pub fn ingest_pulled(
        &mut self,
        entries: &[samverka_model::Entry],
        epoch: Option<&str>,
        cursor: u64,
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let cursor = i64::try_from(cursor).unwrap_or(i64::MAX);
        let epoch = epoch.map(str::to_owned);
        self.ingest_with(entries, now, move |tx| {
            tx.execute(
                "UPDATE sync_state SET
                   pull_cursor = CASE WHEN pull_epoch = coalesce(?2, pull_epoch)
                                      THEN max(pull_cursor, ?1) ELSE ?1 END,
                   pull_epoch = coalesce(?2, pull_epoch)
                 WHERE singleton = 1",
                rusqlite::params![cursor, epoch],
            )?;
            Ok(())
        })
    }

    /// Notes a completed sync.
    pub fn mark_synced(&mut self, at: Timestamp) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE sync_state SET last_synced_at = ?1, last_error = NULL WHERE singleton = 1",
            [at.millis()],
        )?;
        Ok(())
    }

    /// Notes a failed attempt.
    pub fn mark_sync_failed(&mut self, error: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE sync_state SET last_error = ?1 WHERE singleton = 1",
            [error],
        )?;
        Ok(())
    }

    /// The state the UI shows.
    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let (enrolled, acked, last, error): (bool, i64, Option<i64>, Option<String>) = self.conn().query_row(
            "SELECT token IS NOT NULL, acked_seq, last_synced_at, last_error FROM sync_state WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let privacy = self.privacy()?;
        Ok(SyncStatus {
            revoked_at: privacy.revoked_at,
            wiped_unsent: privacy.wiped_unsent,
            enrolled,
            online: enrolled && error.is_none() && last.is_some(),
            pending: self
                .last_seq()
                .saturating_sub(u64::try_from(acked).unwrap_or(0)),
            last_synced_at: last.map(Timestamp),
            last_error: error,
            quarantined: self.quarantined_count()?,
            clock_wrong: self.clock_wrong()?,
        })
    }
}
