//! The sync protocol's messages (API v1), shared by the device's client and the region.

use crate::entry::Entry;
use crate::ids::{DeviceId, UnitId, UserId};
use serde::{Deserialize, Serialize};

/// The most entries one push may carry; the region refuses bigger batches.
pub const MAX_PUSH_ENTRIES: usize = 1_000;
/// The most entries one pull returns.
pub const MAX_PULL_ENTRIES: u32 = 1_000;

/// `POST /api/v1/enroll`: a device trades a one-time code for a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The code a coach or admin issued.
    pub code: String,
    /// The device's own id (generated on first start).
    pub device: DeviceId,
}

/// The answer to an enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// The bearer token for every later request. Shown once; the region keeps only a hash.
    pub token: String,
    /// The unit the device now belongs to.
    pub unit: UnitId,
    /// The user the device is enrolled for.
    pub user: UserId,
}

/// `POST /api/v1/push`: a batch of the device's own entries, consecutive by seq.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// The entries, in seq order, without gaps.
    pub entries: Vec<Entry>,
}

/// The answer to a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The region holds every entry of this device with seq ≤ this.
    pub high_water: u64,
}

/// The answer to `GET /api/v1/pull?cursor=N&limit=M`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Entries of the unit's jobs written by other devices, oldest first.
    pub entries: Vec<Entry>,
    /// The cursor to send next time.
    pub cursor: u64,
    /// Whether more are waiting right now.
    pub more: bool,
    /// The newest content bundle the region has published, if any: a phone holding an older
    /// one fetches `GET /api/v1/content/{version}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_version: Option<u64>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the store answers.
    pub status: String,
    /// The region's version.
    pub version: String,
    /// Which store: `sqlite` or `postgres`.
    pub store: String,
}

/// Every error the API returns: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A machine code and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, for code to react to (`unauthorized`, `foreign_device`, `seq_gap` …).
    pub code: String,
    /// For a person reading logs.
    pub message: String,
    /// For `seq_gap`: the region's high-water mark for the device, to resume from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_water: Option<u64>,
}
