//! Helpers shared by the model's tests: a simulated device that stamps and numbers entries.
#![allow(dead_code, clippy::unwrap_used)]

use samverka_model::job::{JobHeader, JobType};
use samverka_model::{
    DeviceId, Entry, EntryBody, HlcClock, JobId, MunicipalityId, Timestamp, UnitId, UserId,
};
use uuid::Uuid;

/// 2026-03-14 02:58 UTC — a night shift.
pub const T0: i64 = 1_773_457_080_000;
pub const MIN: i64 = 60_000;

pub fn at(minutes: i64) -> Timestamp {
    Timestamp(T0 + minutes * MIN)
}

pub fn device(n: u8) -> DeviceId {
    DeviceId(Uuid::from_bytes([n; 16]))
}

pub fn job_id(n: u8) -> JobId {
    JobId(Uuid::from_bytes([0xA0 | n; 16]))
}

/// A phone writing entries: numbers them and stamps them with its own clock.
pub struct Writer {
    pub device: DeviceId,
    pub clock: HlcClock,
    pub seq: u64,
    pub author: UserId,
}

impl Writer {
    pub fn new(n: u8) -> Self {
        Self {
            device: device(n),
            clock: HlcClock::new(device(n)),
            seq: 0,
            author: UserId::new(format!("nurse-{n}")),
        }
    }

    pub fn write(&mut self, job: JobId, wall_ms: i64, body: EntryBody) -> Entry {
        self.seq += 1;
        Entry {
            device: self.device,
            seq: self.seq,
            job,
            hlc: self.clock.tick(wall_ms as u64),
            author: self.author.clone(),
            body,
        }
    }
}

pub fn header(job_type: JobType) -> JobHeader {
    samverka_model::sample::header(
        job_type,
        &UnitId::new("orust-hsv"),
        &MunicipalityId::new("orust"),
        at(0),
    )
}
