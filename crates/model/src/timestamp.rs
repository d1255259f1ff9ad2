//! Wall-clock instants as milliseconds since the Unix epoch, UTC.

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, UtcOffset};

/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
///
/// Milliseconds rather than `OffsetDateTime` so entries serialise compactly and compare
/// exactly; presentation converts at the edge with the phone's own UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// From milliseconds since the epoch.
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// Whole minutes from `self` to `later` (negative if `later` is earlier), rounded to nearest.
    pub fn minutes_until(self, later: Timestamp) -> i64 {
        let ms = later.0 - self.0;
        (ms as f64 / 60_000.0).round() as i64
    }

    /// The clock time "HH:MM" (24-hour) at the given UTC offset, as Swedish records write it.
    pub fn hhmm(self, offset: UtcOffset) -> String {
        match OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000) {
            Ok(t) => {
                let t = t.to_offset(offset);
                format!("{:02}:{:02}", t.hour(), t.minute())
            }
            Err(_) => "--:--".to_owned(),
        }
    }
}
