//! The jobs' rows (#19): a tap writes its entry, the job's line (what the home screen lists)
//! only when it changes it, and the job's snapshot only when 16 entries wait beyond it or the
//! tap's stamp is not past the snapshot's; the job still reads whole (the snapshot and the
//! entries after it), after a reopen too. And a database from before the line's columns lists
//! its jobs as it did.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::Store;
use samverka_model::doc::Patch;
use samverka_model::holder::{HandOn, Holder};
use samverka_model::record::RecordText;
use samverka_model::vitals::VitalSigns;
use samverka_model::{EntryBody, JobId, JobType, Status, Timestamp};
use std::path::Path;

/// Entries of the job its snapshot does not hold, read below the store's API.
fn waiting(path: &Path, job: JobId) -> i64 {
    raw_conn(path)
        .query_row(
            "SELECT count(*) FROM entries e JOIN job_snapshots j ON e.job_id = j.job_id
             WHERE j.job_id = ?1 AND e.hlc > j.last_hlc",
            [job.to_string()],
            |r| r.get(0),
        )
        .unwrap()
}

fn vitals(minute: i64) -> EntryBody {
    EntryBody::Vitals {
        vitals: VitalSigns {
            taken_at: Some(at(minute)),
            pulse: Some(80),
            spo2: Some(96),
            ..VitalSigns::default()
        },
        supersedes: None,
    }
}

fn complaint(text: &str) -> EntryBody {
    EntryBody::Record(Patch::set(RecordText {
        chief_complaint: Some(text.into()),
        ..RecordText::default()
    }))
}

#[test]
fn a_tap_writes_its_entry_and_the_line_it_changes_and_the_job_still_reads_whole() {
    let (_dir, path) = temp_db();
    let mut s = Store::open(&path, &key()).unwrap();
    let job = ivpa_arrived(&mut s, 3);
    assert_eq!(
        waiting(&path, job),
        3,
        "the three steps wait beyond the first snapshot"
    );
    drop(s);
    let mut s = Store::open(&path, &key()).unwrap();
    assert_eq!(
        s.open_jobs().unwrap()[0].status,
        Status::OnScene,
        "each step wrote the line"
    );

    for m in 10..22 {
        s.record(&nurse(1), job, vitals(m), at(m)).unwrap();
    }
    assert_eq!(waiting(&path, job), 15);
    let in_hand = s.job(job).unwrap().unwrap();
    assert_eq!(in_hand.vitals.items.len(), 12);
    drop(s);

    let mut s = Store::open(&path, &key()).unwrap();
    assert_eq!(
        s.job(job).unwrap().as_ref(),
        Some(&in_hand),
        "read from the snapshot and the 15 entries after it"
    );
    assert!(s.stale_read_models().unwrap().is_empty());
    s.record(&nurse(1), job, vitals(22), at(22)).unwrap();
    assert_eq!(
        waiting(&path, job),
        0,
        "the 16th waiting entry writes the snapshot"
    );

    s.record(&nurse(1), job, complaint("Bröstsmärta"), at(23))
        .unwrap();
    s.record(&nurse(1), job, vitals(24), at(24)).unwrap();
    assert_eq!(waiting(&path, job), 2);
    drop(s);

    let s = Store::open(&path, &key()).unwrap();
    let listed = s.open_jobs().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].chief_complaint.as_deref(),
        Some("Bröstsmärta"),
        "the new chief complaint wrote the line"
    );
    assert_eq!(s.job(job).unwrap().unwrap().vitals.items.len(), 14);
    assert!(s.stale_read_models().unwrap().is_empty());
    assert_eq!(s.all_jobs().unwrap(), vec![s.job(job).unwrap().unwrap()]);
}

/// A colleague's clock a year ahead leaves the job a stamp no tap of this phone passes: the
/// phone's next tap goes into the snapshot at once, or reading the job would miss it.
#[test]
fn a_tap_stamped_before_the_snapshots_newest_writes_the_row() {
    let (_dir, path) = temp_db();
    let mut mine = Store::open(&path, &key()).unwrap();
    let job = ivpa_arrived(&mut mine, 3);
    let mut theirs = Store::open_in_memory().unwrap();
    theirs
        .ingest(
            &mine.entries_after(mine.device_id(), 0, 100).unwrap(),
            at(5),
        )
        .unwrap();
    let a_year = 365 * 24 * 60;
    theirs
        .record(&nurse(2), job, vitals(a_year), at(a_year))
        .unwrap();
    mine.ingest(
        &theirs.entries_after(theirs.device_id(), 0, 100).unwrap(),
        at(6),
    )
    .unwrap();

    let tap = mine.record(&nurse(1), job, vitals(7), at(7)).unwrap();
    let ahead = mine.job(job).unwrap().unwrap().last_hlc.unwrap();
    assert!(tap.hlc < ahead, "the phone's clock was not moved a year on");
    assert_eq!(waiting(&path, job), 0);
    drop(mine);

    let mine = Store::open(&path, &key()).unwrap();
    assert_eq!(mine.job(job).unwrap().unwrap().vitals.items.len(), 2);
    assert!(mine.stale_read_models().unwrap().is_empty());
}

/// The store of migration 11 kept each job's view in its row and read the list's chief
/// complaint and holder out of the view's JSON; migration 12 moves the view to `job_snapshots`
/// and copies those two into columns, so the list and the jobs read the same.
#[test]
fn a_database_from_before_the_line_columns_lists_its_jobs_as_before() {
    let mut then = Store::open_in_memory().unwrap();
    let handed = ivpa_arrived(&mut then, 3);
    then.record(&nurse(1), handed, complaint("Fall i hemmet"), at(4))
        .unwrap();
    then.record(
        &nurse(1),
        handed,
        EntryBody::HandedOn(HandOn {
            to: Holder::NextShift,
            at: at(5),
            note: None,
        }),
        at(5),
    )
    .unwrap();
    then.create_job(&nurse(2), header(JobType::NurseLine, 6), at(6))
        .unwrap();
    let listed = then.open_jobs().unwrap();
    assert_eq!(listed.len(), 2);

    let (_dir, path) = temp_db();
    let mut conn = raw_conn(&path);
    rusqlite_migration::Migrations::from_directory(&samverka_device::MIGRATIONS_DIR)
        .unwrap()
        .to_version(&mut conn, 11)
        .unwrap();
    for e in then.entries_after(then.device_id(), 0, 100).unwrap() {
        let (kind, payload) = e.body.to_parts().unwrap();
        conn.execute(
            "INSERT INTO entries (device_id, seq, job_id, hlc, author, kind, payload, stored_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                e.device.to_string(),
                e.seq as i64,
                e.job.to_string(),
                e.hlc.to_string(),
                e.author.as_str(),
                kind,
                payload,
                Timestamp(0).millis()
            ],
        )
        .unwrap();
    }
    for v in then.all_jobs().unwrap() {
        let h = &v.header.as_ref().unwrap().value;
        conn.execute(
            "INSERT INTO jobs (job_id, job_type, status, unit_id, municipality, practice,
                               requested_at, last_hlc, view, closed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                v.id.to_string(),
                h.job_type.key(),
                v.status().key(),
                h.performer.unit.as_str(),
                h.performer.municipality.as_ref().map(|m| m.as_str()),
                v.is_practice(),
                h.requested_at.millis(),
                v.last_hlc.unwrap().to_string(),
                serde_json::to_string(&v).unwrap(),
                v.status().is_closed(),
            ],
        )
        .unwrap();
    }
    drop(conn);

    let now = Store::open(&path, &key()).unwrap();
    assert_eq!(now.open_jobs().unwrap(), listed);
    assert_eq!(now.all_jobs().unwrap(), then.all_jobs().unwrap());
    assert_eq!(
        listed
            .iter()
            .map(|j| (j.chief_complaint.as_deref(), j.holder.clone()))
            .collect::<Vec<_>>(),
        vec![
            (None, Some(Holder::Nurse(nurse(2)))),
            (Some("Fall i hemmet"), Some(Holder::NextShift)),
        ]
    );
    assert!(now.stale_read_models().unwrap().is_empty());
}
