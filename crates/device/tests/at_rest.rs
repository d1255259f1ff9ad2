//! Data at rest: the database file is encrypted as a whole. Without the key it does not open,
//! and a patient's personal identity number and name are nowhere in its bytes.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::{DatabaseKey, Store, StoreError};
use samverka_model::doc::Patch;
use samverka_model::identity::{PatientIdentity, PersonalNumber};
use samverka_model::record::RecordText;
use samverka_model::{EntryBody, JobType};
use std::path::Path;
use time::macros::date;

const PNR_TYPED: &str = "19121212-1212";
const NAME: &str = "Tolvan Tolvansson";
const COMPLAINT: &str = "Bröstsmärta sedan midnatt";

fn identity() -> EntryBody {
    EntryBody::Identity(Patch::set(PatientIdentity {
        personal_number: Some(PersonalNumber::parse(PNR_TYPED, date!(2026 - 03 - 14)).unwrap()),
        name: Some(NAME.into()),
    }))
}

/// Every byte SQLite keeps for the database: the file, its WAL and shared memory.
fn all_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(b) = std::fs::read(&p) {
            bytes.extend(b);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn the_file_reveals_nothing_and_opens_only_with_its_key() {
    let (_dir, path) = temp_db();
    let key = key();
    let job = {
        let mut s = Store::open(&path, &key).unwrap();
        let job = s
            .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
            .unwrap()
            .job;
        s.record(&nurse(1), job, identity(), at(1)).unwrap();
        s.record(
            &nurse(1),
            job,
            EntryBody::Record(Patch::set(RecordText {
                chief_complaint: Some(COMPLAINT.into()),
                ..Default::default()
            })),
            at(2),
        )
        .unwrap();
        job
    };

    let bytes = all_bytes(&path);
    assert!(bytes.len() > 4096, "the database was written");
    for secret in [
        "191212121212",
        "19121212",
        "Tolvansson",
        "Bröstsmärta",
        "SQLite format 3",
    ] {
        assert!(
            !contains(&bytes, secret),
            "{secret:?} is readable in the file"
        );
    }

    // Plain SQLite without the key: not a database.
    let plain = rusqlite::Connection::open(&path).unwrap();
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase),
        "{err}"
    );
    drop(plain);

    // Another key: refused, and nothing written.
    let before = std::fs::read(&path).unwrap();
    let wrong = DatabaseKey::generate();
    assert!(matches!(
        Store::open(&path, &wrong),
        Err(StoreError::WrongKey)
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // The right key: everything is there (so the checks above looked at real data).
    let s = Store::open(&path, &key).unwrap();
    let view = s.job(job).unwrap().unwrap();
    let id = &view.identity.value;
    assert_eq!(
        id.personal_number
            .as_ref()
            .map(|p| p.formatted())
            .as_deref(),
        Some(PNR_TYPED)
    );
    assert_eq!(id.name.as_deref(), Some(NAME));
    assert_eq!(
        view.record.value.chief_complaint.as_deref(),
        Some(COMPLAINT)
    );
    assert_eq!(s.integrity_check().unwrap(), "ok");
}
