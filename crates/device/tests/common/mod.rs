//! Helpers for the device tests: job headers and a deterministic script of realistic taps.
#![allow(dead_code, clippy::unwrap_used)]

use samverka_model::doc::Patch;
use samverka_model::form::{Benefit, StatsForm};
use samverka_model::job::{JobHeader, Performer, PerformerKind, Requester};
use samverka_model::record::{DrugGiven, Intervention, InterventionKind, RecordText, Route};
use samverka_model::sbar::SbarText;
use samverka_model::vitals::{Acvpu, Tenths, VitalSigns};
use samverka_model::{EntryBody, JobType, MunicipalityId, Step, Timestamp, UnitId, UserId};

/// The sample content shipped in `content/`, as the region would publish it.
pub fn shipped() -> samverka_model::content::ContentBundle {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    samverka_content::load_dir(&dir).unwrap_or_else(|p| panic!("{p}"))
}

/// `bundle` published as `version`.
pub fn published(
    version: u64,
    bundle: samverka_model::content::ContentBundle,
) -> samverka_model::content::PublishedContent {
    samverka_model::content::PublishedContent {
        version,
        published_at: Timestamp(1_764_000_000_000 + version as i64),
        bundle,
    }
}

/// The tests' database key (the app's comes from the platform keystore).
pub fn key() -> samverka_device::DatabaseKey {
    samverka_device::DatabaseKey::from_hex(&"5a".repeat(32)).unwrap()
}

/// A plain SQLite connection to a store's file, unlocked with [`key`]: for checks below the
/// store's API.
pub fn raw_conn(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key().to_hex().as_str()))
        .unwrap();
    conn
}

/// A temp directory and a database path in it.
pub fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("samverka.db");
    (dir, path)
}

/// 2026-03-14 02:58 UTC.
pub const T0: i64 = 1_773_457_080_000;

pub fn at(minutes: i64) -> Timestamp {
    Timestamp(T0 + minutes * 60_000)
}

pub fn nurse(n: u32) -> UserId {
    UserId::new(format!("nurse-{n}"))
}

pub fn header(job_type: JobType, minute: i64) -> JobHeader {
    JobHeader {
        job_type,
        requester: Requester::DISPATCH,
        performer: Performer {
            kind: PerformerKind::Municipal,
            unit: UnitId::new("tanum-hsv"),
            municipality: Some(MunicipalityId::new("tanum")),
        },
        practice: false,
        requested_at: at(minute),
    }
}

/// The `i`-th tap of a job's documentation, from a small repertoire; some are refused by the
/// model on purpose (an out-of-range pulse, a step out of order) to exercise rejection.
pub fn tap(i: u64, minute: i64) -> EntryBody {
    match i % 9 {
        0 => EntryBody::Step {
            step: Step::Accept,
            at: at(minute),
            reason: None,
        },
        1 => EntryBody::Step {
            step: Step::Depart,
            at: at(minute),
            reason: None,
        },
        2 => EntryBody::Step {
            step: Step::Arrive,
            at: at(minute),
            reason: None,
        },
        3 => EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some(format!("Andningsbesvär {i}")),
            ..RecordText::default()
        })),
        4 => EntryBody::Vitals {
            vitals: VitalSigns {
                taken_at: Some(at(minute)),
                resp_rate: Some(18 + (i % 10) as u16),
                spo2: Some(90 + (i % 9) as u16),
                on_oxygen: Some(i.is_multiple_of(2)),
                pulse: Some(if i.is_multiple_of(7) {
                    900
                } else {
                    70 + (i % 50) as u16
                }),
                systolic: Some(120),
                diastolic: Some(80),
                acvpu: Some(Acvpu::Alert),
                temperature: Some(Tenths(370)),
                ..VitalSigns::default()
            },
            supersedes: None,
        },
        5 => EntryBody::Intervention {
            intervention: Intervention {
                at: at(minute),
                kind: InterventionKind::Oxygen,
                detail: "2 l/min".into(),
            },
            supersedes: None,
        },
        6 => EntryBody::Drug {
            drug: DrugGiven {
                at: at(minute),
                drug: "Paracetamol".into(),
                dose: "1 g".into(),
                route: Route::Oral,
            },
            supersedes: None,
        },
        7 => EntryBody::Sbar(Patch::set(SbarText {
            situation: Some(format!("S {i}")),
            ..SbarText::default()
        })),
        _ => EntryBody::Form(Patch::set(StatsForm {
            benefit: Some(Benefit::Good),
            ..StatsForm::default()
        })),
    }
}

/// An IVPA job nurse 1 created at minute 0, accepted at 1, left for at 2 and arrived at
/// `arrived` (minutes into the test).
pub fn ivpa_arrived(s: &mut samverka_device::Store, arrived: i64) -> samverka_model::JobId {
    let job = s
        .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap()
        .job;
    for (step, m) in [
        (Step::Accept, 1),
        (Step::Depart, 2),
        (Step::Arrive, arrived),
    ] {
        s.record(
            &nurse(1),
            job,
            EntryBody::Step {
                step,
                at: at(m),
                reason: None,
            },
            at(m),
        )
        .unwrap();
    }
    job
}
