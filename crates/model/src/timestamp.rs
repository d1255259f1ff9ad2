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

    /// The instant a nurse means when she corrects this time to the clock time `hhmm` ("03:12")
    /// in `zone`: on the day (yesterday, today or tomorrow) that puts it nearest to `self`, so
    /// correcting 00:10 to 23:55 goes back across midnight rather than forward almost a day.
    ///
    /// The clock time is read on that day as the zone's clock shows it then, never with the
    /// offset `self` happened to have: on the night the clocks change the two differ. A time that
    /// the clock skipped that night, or showed twice, is an error for the nurse to settle; the
    /// second carries both instants so she can pick one.
    pub fn with_clock_time(self, zone: Zone, hhmm: &str) -> Result<Timestamp, ClockTimeError> {
        let clock = parse_hhmm(hhmm).ok_or(ClockTimeError::Format)?;
        let here = OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .map_err(|_| ClockTimeError::Format)?
            .to_offset(zone.offset_at(self));
        let today = here.date();
        let days = [today.previous_day(), Some(today), today.next_day()];
        // The day whose reading of the clock time lies nearest: a skipped time is measured
        // where it would have been, with the offset before the change.
        let distance = |local: LocalInstant, day: Date| -> Option<u64> {
            let at = match local {
                LocalInstant::One(t) | LocalInstant::Twice { earlier: t, .. } => t,
                LocalInstant::Never => {
                    let before = PrimitiveDateTime::new(day, clock)
                        .assume_offset(zone.offset_at(self))
                        .unix_timestamp_nanos()
                        / 1_000_000;
                    Timestamp(i64::try_from(before).ok()?)
                }
            };
            Some(at.0.abs_diff(self.0))
        };
        let nearest = days
            .into_iter()
            .flatten()
            .filter_map(|day| {
                let local = zone.local(day, clock);
                distance(local, day).map(|d| (d, local))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, local)| local)
            .ok_or(ClockTimeError::Format)?;
        match nearest {
            LocalInstant::One(at) => Ok(at),
            LocalInstant::Twice { earlier, later } => Err(ClockTimeError::Twice { earlier, later }),
            LocalInstant::Never => Err(ClockTimeError::Skipped),
        }
    }
}

/// "HH:MM" (24-hour, hours of one or two digits, surrounding spaces allowed) as a clock time.
pub fn parse_hhmm(hhmm: &str) -> Option<Time> {
    let (h, m) = hhmm.trim().split_once(':')?;
    if m.len() != 2 || h.is_empty() || h.len() > 2 {
        return None;
    }
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    Time::from_hms(h, m, 0).ok()
}

/// Why a typed clock time names no single instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockTimeError {
    /// Not a 24-hour clock time ("HH:MM").
    Format,
    /// The clock skipped it that night: spring forward, 02:00 became 03:00.
    Skipped,
    /// The clock showed it twice that night (autumn, 03:00 became 02:00): first in summer
    /// time, an hour later in winter time.
    Twice {
        /// The first time the clock showed it (summer time).
        earlier: Timestamp,
        /// The second time (winter time).
        later: Timestamp,
    },
}

/// What a wall-clock time on a given day names in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalInstant {
    /// One instant: every ordinary time.
    One(Timestamp),
    /// The hour the clock goes through twice when it is set back.
    Twice {
        /// The first time, before the clock went back.
        earlier: Timestamp,
        /// The second time, after.
        later: Timestamp,
    },
    /// The hour the clock skips when it is set forward.
    Never,
}

impl LocalInstant {
    /// The instant if there is exactly one.
    pub fn single(self) -> Option<Timestamp> {
        match self {
            LocalInstant::One(t) => Some(t),
            _ => None,
        }
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
    /// What the wall clock showing `clock` on `day` names here: the one conversion from a
    /// typed Swedish time to an instant (corrections, requests' visit times).
    pub fn local(self, day: Date, clock: Time) -> LocalInstant {
        let local = PrimitiveDateTime::new(day, clock);
        let instant = |offset: UtcOffset| -> Option<Timestamp> {
            let ms = local.assume_offset(offset).unix_timestamp_nanos() / 1_000_000;
            i64::try_from(ms).ok().map(Timestamp)
        };
        let offsets: &[i32] = match self {
            Zone::Fixed(o) => return instant(o).map_or(LocalInstant::Never, LocalInstant::One),
            // Summer time first: of two readings, it is the earlier instant.
            Zone::Sweden => &[7200, 3600],
        };
        let mut found = offsets.iter().filter_map(|&secs| {
            let offset = UtcOffset::from_whole_seconds(secs).ok()?;
            instant(offset).filter(|&t| self.offset_at(t) == offset)
        });
        match (found.next(), found.next()) {
            (Some(earlier), Some(later)) => LocalInstant::Twice { earlier, later },
            (Some(one), None) => LocalInstant::One(one),
            _ => LocalInstant::Never,
        }
    }

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
        for bad in ["", "24:00", "12:60", "7", "ab:cd", "-1:10", "7:5", "007:05"] {
            assert_eq!(
                TEN_PAST_MIDNIGHT.with_clock_time(cet(), bad),
                Err(ClockTimeError::Format),
                "{bad}"
            );
        }
        assert!(TEN_PAST_MIDNIGHT.with_clock_time(cet(), " 7:05 ").is_ok());
    }

    /// An instant from its UTC date and time.
    fn utc(y: i32, mo: u8, d: u8, h: u8, mi: u8) -> Timestamp {
        let month = Month::try_from(mo).expect("month");
        let day = Date::from_calendar_date(y, month, d).expect("date");
        let t = PrimitiveDateTime::new(day, Time::from_hms(h, mi, 0).expect("time")).assume_utc();
        Timestamp(i64::try_from(t.unix_timestamp_nanos() / 1_000_000).expect("ms"))
    }

    #[test]
    fn spring_night_a_correction_reads_the_clock_of_its_own_hour() {
        // 2026-03-29: a tap at 03:30 CEST (01:30 UTC), corrected to 01:55 — still winter time
        // then: 00:55 UTC, shown 01:55 (the original offset would have said 23:55 UTC, 00:55).
        let tap = utc(2026, 3, 29, 1, 30);
        assert_eq!(tap.hhmm(Zone::Sweden), "03:30");
        let fixed = tap
            .with_clock_time(Zone::Sweden, "01:55")
            .expect("01:55 exists");
        assert_eq!(fixed, utc(2026, 3, 29, 0, 55));
        assert_eq!(fixed.hhmm(Zone::Sweden), "01:55");
        // 02:30 never happened that night: refused, not guessed.
        assert_eq!(
            tap.with_clock_time(Zone::Sweden, "02:30"),
            Err(ClockTimeError::Skipped)
        );
        // Either side of the gap is fine.
        assert_eq!(
            tap.with_clock_time(Zone::Sweden, "03:00")
                .map(|t| t.hhmm(Zone::Sweden)),
            Ok("03:00".into())
        );
        // A tap before midnight corrected to just after the change lands the next morning.
        let evening = utc(2026, 3, 28, 22, 50);
        assert_eq!(evening.hhmm(Zone::Sweden), "23:50");
        let later = evening
            .with_clock_time(Zone::Sweden, "03:05")
            .expect("exists");
        assert_eq!(later, utc(2026, 3, 29, 1, 5));
    }

    #[test]
    fn autumn_night_a_correction_reads_the_clock_of_its_own_hour() {
        // 2026-10-25: a tap at 02:30 CET (01:30 UTC, the second 02:30), corrected to 01:30 —
        // summer time then: 23:30 UTC the day before, shown 01:30 (not 02:30).
        let tap = utc(2026, 10, 25, 1, 30);
        assert_eq!(tap.hhmm(Zone::Sweden), "02:30");
        let fixed = tap
            .with_clock_time(Zone::Sweden, "01:30")
            .expect("01:30 once");
        assert_eq!(fixed, utc(2026, 10, 24, 23, 30));
        assert_eq!(fixed.hhmm(Zone::Sweden), "01:30");
        // 02:10 happened twice: the nurse is asked, with both instants to choose from.
        assert_eq!(
            tap.with_clock_time(Zone::Sweden, "02:10"),
            Err(ClockTimeError::Twice {
                earlier: utc(2026, 10, 25, 0, 10),
                later: utc(2026, 10, 25, 1, 10),
            })
        );
        assert_eq!(
            tap.with_clock_time(Zone::Sweden, "03:15"),
            Ok(utc(2026, 10, 25, 2, 15))
        );
    }

    proptest::proptest! {
        /// Whatever the tap and the typed time, an accepted correction shows exactly the typed
        /// time in Swedish time and lies within a day of the tap; a refusal is only for a time
        /// that the clock skipped or showed twice on a day next to the tap.
        #[test]
        fn a_correction_shows_what_was_typed(
            tap in 1_767_225_600_000i64..1_830_297_600_000i64,
            h in 0u8..24,
            m in 0u8..60,
        ) {
            let tap = Timestamp(tap);
            let typed = format!("{h:02}:{m:02}");
            match tap.with_clock_time(Zone::Sweden, &typed) {
                Ok(at) => {
                    proptest::prop_assert_eq!(at.hhmm(Zone::Sweden), typed);
                    proptest::prop_assert!(at.millis().abs_diff(tap.millis()) <= 13 * 3_600_000);
                }
                Err(ClockTimeError::Skipped) => proptest::prop_assert_eq!(h, 2),
                Err(ClockTimeError::Twice { earlier, later }) => {
                    proptest::prop_assert_eq!(h, 2);
                    proptest::prop_assert_eq!(later.millis() - earlier.millis(), 3_600_000);
                    proptest::prop_assert_eq!(earlier.hhmm(Zone::Sweden), typed.clone());
                    proptest::prop_assert_eq!(later.hhmm(Zone::Sweden), typed);
                }
                Err(ClockTimeError::Format) => proptest::prop_assert!(false, "{typed} is a time"),
            }
        }
    }
}
