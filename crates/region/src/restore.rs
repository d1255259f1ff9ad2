//! A region restored from a backup older than what the phones were told, found from what the
//! phones say and healed by them, without anyone's help:
//!
//! - a phone whose acknowledged log ends beyond the region's copy of it (it says how far with
//!   `acked`), or whose pull cursor lies beyond the region's newest entry, shows the region
//!   lost entries; so does a push that does not continue where the region's copy ends;
//! - the region then starts a new incarnation ([`crate::storage::Storage::renew_epoch`]), and
//!   answers every pull whose cursor belongs to an older one from the start: entries the phones
//!   send again get new places in the order, some below cursors given out before the loss;
//! - each pull answer says where the region's copy of the phone's own log ends, and a phone
//!   beyond it sends again from there (`samverka_device::sync`). `(device, seq)` is unique, so
//!   nothing is stored twice; what a phone had purged meanwhile is named in the restore log.

use crate::storage::{Storage, StorageError};
use samverka_model::{DeviceId, Timestamp};

/// Where a pull is served from, and what its answer says about the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullStart {
    /// The incarnation the answer's cursor belongs to.
    pub epoch: String,
    /// The cursor to serve from: the phone's own, or 0 for one of another incarnation.
    pub cursor: u64,
    /// Where the region's copy of the phone's own log ends.
    pub high_water: u64,
    /// The newest published content version, which the answer also names.
    pub content_version: Option<u64>,
}

/// Where to serve `device`'s pull from, given the cursor it sent, the incarnation that cursor
/// belongs to (`None` or empty from an older phone or a fresh one) and how far the region had
/// told it its log was stored (`acked`).
pub async fn pull_start(
    storage: &dyn Storage,
    device: DeviceId,
    cursor: u64,
    epoch: Option<&str>,
    acked: Option<u64>,
    now: Timestamp,
) -> Result<PullStart, StorageError> {
    let state = storage.sync_state(device).await?;
    let (mut current, high_water) = (state.epoch, state.high_water);
    let sent = epoch.filter(|e| !e.is_empty());
    let lost_own = acked.is_some_and(|a| a > high_water);
    let beyond = sent == Some(current.as_str()) && cursor > 0 && cursor > state.last_region_seq;
    if lost_own || beyond {
        tracing::warn!(
            %device, cursor, ?acked, high_water,
            "the region holds less than it gave out: restored from a backup? new incarnation, phones pull again and send what was lost"
        );
        current = storage.renew_epoch(&current, device, now).await?;
    }
    let cursor = match sent {
        Some(e) if e != current => 0,
        _ => cursor,
    };
    Ok(PullStart {
        epoch: current,
        cursor,
        high_water,
        content_version: state.content_version,
    })
}

/// A push that does not continue the region's copy of the device's log: the region lost the
/// end of it. Starts a new incarnation so the other phones pull again.
pub async fn lost_log(storage: &dyn Storage, device: DeviceId, now: Timestamp) {
    let renewed = match storage.epoch().await {
        Ok(e) => storage.renew_epoch(&e, device, now).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match renewed {
        Ok(()) => tracing::warn!(
            %device,
            "a push skips entries the region should hold: restored from a backup? new incarnation"
        ),
        Err(e) => tracing::error!(%device, "starting a new incarnation: {e}"),
    }
}
