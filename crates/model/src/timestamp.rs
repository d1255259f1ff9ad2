//! Wall-clock instants as milliseconds since the Unix epoch, UTC.

use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

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
        // Saturating: both instants may come from a hostile request.
        let ms = later.0.saturating_sub(self.0);
        (ms as f64 / 60_000.0).round() as i64
    }

    /// The clock time "HH:MM" (24-hour) in `zone`, as Swedish records write it.
    pub fn hhmm(self, zone: Zone) -> String {
        match OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000) {
            Ok(t) => {
                let t = t.to_offset(zone.offset_at(self));
                format!("{:02}:{:02}", t.hour(), t.minute())
            }
            Err(_) => "--:--".to_owned(),
        }
    }

    /// The date "YYYY-MM-DD" in `zone`.
    pub fn date(self, zone: Zone) -> String {
        match OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000) {
            Ok(t) => {
                let t = t.to_offset(zone.offset_at(self));
                format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
            }
            Err(_) => "----------".to_owned(),
        }
    }

    /// The instant a nurse means when she corrects this time to the clock time `hhmm` ("03:12"):
    /// the one nearest to `self`, so correcting 00:10 to 23:55 goes back across midnight rather
    /// than forward almost a day. `None` if `hhmm` is not a 24-hour clock time.
    pub fn with_clock_time(self, zone: Zone, hhmm: &str) -> Option<Timestamp> {
        let (h, m) = hhmm.trim().split_once(':')?;
        let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
        let time = Time::from_hms(h, m, 0).ok()?;
        let here = OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .ok()?
            .to_offset(zone.offset_at(self));
        let candidate = here.replace_time(time);
        let ms = |t: OffsetDateTime| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok();
        let mut at = ms(candidate)?;
        const DAY: i64 = 24 * 60 * 60 * 1000;
        if at - self.0 > DAY / 2 {
            at -= DAY;
        } else if self.0 - at > DAY / 2 {
            at += DAY;
        }
        Some(Timestamp(at))
    }
}

/// Where clock times are read. Sweden changes its clocks at 02:00/03:00 at night — inside the
/// on-call shift — so one offset for a whole record would put some times an hour off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Swedish time: CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March
    /// to 01:00 UTC on the last Sunday of October (EU summer-time directive 2000/84/EC).
    Sweden,
    /// A fixed offset (tests, or a device told its zone has no summer time).
    Fixed(UtcOffset),
}

impl Zone {
    /// The UTC offset in force at `at`.
    pub fn offset_at(self, at: Timestamp) -> UtcOffset {
        match self {
            Zone::Fixed(o) => o,
            Zone::Sweden => {
                let (cet, cest) = (
                    UtcOffset::from_whole_seconds(3600),
                    UtcOffset::from_whole_seconds(7200),
                );
                let (Ok(cet), Ok(cest)) = (cet, cest) else {
                    return UtcOffset::UTC;
                };
                let Ok(t) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(at.0) * 1_000_000)
                else {
                    return cet;
                };
                let year = t.year();
                match (
                    last_sunday_0100_utc(year, Month::March),
                    last_sunday_0100_utc(year, Month::October),
                ) {
                    (Some(start), Some(end)) if t >= start && t < end => cest,
                    _ => cet,
                }
            }
        }
    }
}

/// 01:00 UTC on the last Sunday of `month` in `year`.
fn last_sunday_0100_utc(year: i32, month: Month) -> Option<OffsetDateTime> {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day()?;
    }
    Some(PrimitiveDateTime::new(day, Time::from_hms(1, 0, 0).ok()?).assume_utc())
}

#[cfg(test)]
mod clock_time_tests {
    use super::*;

    fn cet() -> Zone {
        Zone::Fixed(UtcOffset::from_whole_seconds(3600).expect("offset"))
    }

    // 2026-01-15 00:10 CET = 2026-01-14 23:10 UTC.
    const TEN_PAST_MIDNIGHT: Timestamp = Timestamp(1_768_432_200_000);

    #[test]
    fn a_correction_lands_on_the_nearest_such_clock_time() {
        let t = TEN_PAST_MIDNIGHT;
        assert_eq!(t.hhmm(cet()), "00:10");
        let later = t.with_clock_time(cet(), "00:25").expect("valid");
        assert_eq!(later.millis() - t.millis(), 15 * 60_000);
        let before_midnight = t.with_clock_time(cet(), "23:55").expect("valid");
        assert_eq!(t.millis() - before_midnight.millis(), 15 * 60_000);
        assert_eq!(before_midnight.hhmm(cet()), "23:55");
    }

    #[test]
    fn only_24_hour_clock_times_are_accepted() {
        for bad in ["", "24:00", "12:60", "7", "ab:cd", "-1:10"] {
            assert_eq!(TEN_PAST_MIDNIGHT.with_clock_time(cet(), bad), None, "{bad}");
        }
        assert!(TEN_PAST_MIDNIGHT.with_clock_time(cet(), " 7:05 ").is_some());
    }
}
