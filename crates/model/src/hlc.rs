//! Hybrid logical clock (Kulkarni et al., 2014): orders entries from phones whose clocks
//! disagree, while staying close to wall time so "latest" means what a nurse expects.

use crate::ids::DeviceId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A hybrid logical timestamp. Totally ordered by (wall, counter, node); the node makes two
/// devices' stamps distinct even when wall and counter coincide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the epoch: the largest wall time this clock has seen.
    pub wall: u64,
    /// Orders events within one millisecond.
    pub counter: u32,
    /// The device that issued the stamp.
    pub node: DeviceId,
}

/// Text form: fixed-width so that byte order equals [`Hlc`] order (SQLite sorts it as text).
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:010}-{}", self.wall, self.counter, self.node)
    }
}

/// Why a text is not an HLC.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a hybrid logical clock value: {0:?}")]
pub struct HlcParseError(String);

impl FromStr for Hlc {
    type Err = HlcParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || HlcParseError(s.to_owned());
        let mut parts = s.splitn(3, '-');
        let wall = parts.next().ok_or_else(err)?;
        let counter = parts.next().ok_or_else(err)?;
        let node = parts.next().ok_or_else(err)?;
        if wall.len() != 15 || counter.len() != 10 {
            return Err(err());
        }
        Ok(Hlc {
            wall: wall.parse().map_err(|_| err())?,
            counter: counter.parse().map_err(|_| err())?,
            node: node.parse().map_err(|_| err())?,
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How far ahead of a clock's own wall time a stamp may be and still be taken as the time:
/// ten minutes. Phones set their clocks from the network and agree within seconds; a clock
/// further ahead than this was set by hand or is broken. The region refuses entries stamped
/// further ahead of its own clock (`clock_ahead`), and a phone does not move its clock on a
/// remote stamp further ahead of its own.
pub const MAX_DRIFT_MS: u64 = 10 * 60 * 1000;

/// A stamp too far ahead of this clock's wall time to be believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a clock stamp at {wall} ms is more than the allowed drift ahead (limit {limit} ms)")]
pub struct ClockDrift {
    /// The stamp's wall time, in ms since the epoch.
    pub wall: u64,
    /// The latest wall time that would have been believed.
    pub limit: u64,
}

/// One device's clock. Every stamp it issues is greater than every stamp it issued or
/// observed before, whatever the wall clock does (phones jump when the network sets them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HlcClock {
    node: DeviceId,
    last: Option<Hlc>,
}

impl HlcClock {
    /// A clock for `node` that has seen nothing yet.
    pub fn new(node: DeviceId) -> Self {
        Self { node, last: None }
    }

    /// What [`HlcClock::tick`] would return, without advancing the clock. The device uses it to
    /// stamp an entry inside a transaction and commits the clock only if the transaction commits.
    pub fn peek(&self, wall_now_ms: u64) -> Hlc {
        match self.last {
            None => Hlc {
                wall: wall_now_ms,
                counter: 0,
                node: self.node,
            },
            Some(last) if wall_now_ms > last.wall => Hlc {
                wall: wall_now_ms,
                counter: 0,
                node: self.node,
            },
            Some(last) => Hlc {
                wall: last.wall,
                counter: last.counter.saturating_add(1),
                node: self.node,
            },
        }
    }

    /// Issues a stamp for a local event at wall time `wall_now_ms`.
    pub fn tick(&mut self, wall_now_ms: u64) -> Hlc {
        let next = self.peek(wall_now_ms);
        self.last = Some(next);
        next
    }

    /// Takes note of a stamp from another device so later local stamps sort after it, unless
    /// its wall time is more than [`MAX_DRIFT_MS`] ahead of `wall_now_ms` (as `uhlc` bounds its
    /// clocks): one phone set a year ahead must not drag every clock it meets a year ahead for
    /// good. Such a stamp is refused and the clock stays as it was; the entry itself is still
    /// part of the record, it only loses conflicts it would otherwise win by a wrong clock.
    pub fn observe(&mut self, remote: Hlc, wall_now_ms: u64) -> Result<(), ClockDrift> {
        let limit = wall_now_ms.saturating_add(MAX_DRIFT_MS);
        if remote.wall > limit {
            return Err(ClockDrift {
                wall: remote.wall,
                limit,
            });
        }
        self.seed(remote);
        Ok(())
    }

    /// Takes note of a stamp without the drift check: for this device's own stamps read back
    /// from its log at start-up, which this clock issued itself.
    pub fn seed(&mut self, remote: Hlc) {
        if self.last.is_none_or(|last| remote > last) {
            self.last = Some(Hlc {
                node: self.node,
                ..remote
            });
            // Keep our node id but never fall below the remote (wall, counter).
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn node(n: u8) -> DeviceId {
        DeviceId(Uuid::from_bytes([n; 16]))
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_value() {
        let a = Hlc {
            wall: 1_700_000_000_000,
            counter: 2,
            node: node(1),
        };
        let b = Hlc {
            wall: 1_700_000_000_000,
            counter: 10,
            node: node(1),
        };
        assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
        assert!(a < b && a.to_string() < b.to_string());
        assert!("12-3".parse::<Hlc>().is_err());
    }

    #[test]
    fn a_remote_stamp_too_far_ahead_never_moves_the_clock() {
        let now = 1_700_000_000_000;
        let mut clock = HlcClock::new(node(1));
        let before = clock.tick(now);
        let year_ahead = Hlc {
            wall: now + 365 * 24 * 3_600_000,
            counter: 0,
            node: node(2),
        };
        let err = clock.observe(year_ahead, now).unwrap_err();
        assert_eq!(err.limit, now + MAX_DRIFT_MS);
        let next = clock.tick(now + 1);
        assert!(next > before && next.wall == now + 1, "{next:?}");
        // Within the drift it is taken, as an HLC must.
        let near = Hlc {
            wall: now + MAX_DRIFT_MS,
            counter: 4,
            node: node(2),
        };
        clock.observe(near, now).unwrap();
        assert!(clock.tick(now + 2) > near);
    }

    proptest! {
        #[test]
        fn stamps_strictly_increase_whatever_the_wall_clock_does(
            walls in proptest::collection::vec(0u64..2_000, 1..60),
            remotes in proptest::collection::vec(proptest::option::of(0u64..3_000), 1..60),
        ) {
            let mut clock = HlcClock::new(node(1));
            let mut prev: Option<Hlc> = None;
            for (i, wall) in walls.iter().enumerate() {
                if let Some(Some(r)) = remotes.get(i) {
                    let remote = Hlc { wall: *r, counter: 3, node: node(2) };
                    clock.observe(remote, *wall + MAX_DRIFT_MS).unwrap();
                    let next = clock.tick(*wall);
                    prop_assert!(next > remote);
                    if let Some(p) = prev { prop_assert!(next > p); }
                    prev = Some(next);
                }
                let next = clock.tick(*wall);
                if let Some(p) = prev { prop_assert!(next > p); }
                prop_assert!(next.wall >= *wall);
                prev = Some(next);
            }
        }
    }
}
