//! The device store on real SQLite files: durable taps, refusals that write nothing, the
//! append-only log, reopening, rebuilding, ingesting other devices' entries, and queries.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::{Store, StoreError};
use samverka_model::doc::Patch;
use samverka_model::record::RecordText;
use samverka_model::sbar::SbarText;
use samverka_model::vitals::VitalSigns;
use samverka_model::{EntryBody, ErrorCode, JobType, Status, Step};

#[test]
fn a_job_survives_reopening_and_equals_its_rebuild() {
    let (_dir, path) = temp_db();
    let (job, device) = {
        let mut s = Store::open(&path, &key()).unwrap();
        let created = s
            .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
            .unwrap();
        for (i, m) in (0..9).zip(1..) {
            let _ = s.record(&nurse(1), created.job, tap(i, m), at(m));
        }
        (created.job, s.device_id())
    };
    let mut s = Store::open(&path, &key()).unwrap();
    assert_eq!(s.device_id(), device, "the device keeps its identity");
    let view = s.job(job).unwrap().unwrap();
    assert_eq!(view.status(), Status::OnScene);
    assert_eq!(
        view.record.value.chief_complaint.as_deref(),
        Some("Andningsbesvär 3")
    );
    assert_eq!(view.vitals.items.len(), 1);
    assert!(s.stale_read_models().unwrap().is_empty());
    let before = s.job(job).unwrap();
    assert_eq!(s.rebuild_read_models().unwrap(), 1);
    assert_eq!(s.job(job).unwrap(), before);
    // Seq continues where it stopped, with no gap.
    let next = s.record(&nurse(1), job, tap(7, 20), at(20)).unwrap();
    assert_eq!(next.seq, s.entry_count().unwrap());
    assert_eq!(s.integrity_check().unwrap(), "ok");
}

#[test]
fn a_refused_tap_writes_nothing_and_leaves_no_gap() {
    let mut s = Store::open_in_memory().unwrap();
    let job = s
        .create_job(&nurse(1), header(JobType::NurseLine, 0), at(0))
        .unwrap()
        .job;
    s.record(
        &nurse(1),
        job,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Kateterstopp".into()),
            ..RecordText::default()
        })),
        at(1),
    )
    .unwrap();
    let view = s.job(job).unwrap();
    let count = s.entry_count().unwrap();

    let bad_vitals = EntryBody::Vitals {
        vitals: VitalSigns {
            taken_at: Some(at(2)),
            pulse: Some(400),
            ..VitalSigns::default()
        },
        supersedes: None,
    };
    let err = s.record(&nurse(1), job, bad_vitals, at(2)).unwrap_err();
    let rejection = err.rejection().unwrap();
    assert_eq!(rejection.errors[0].field, "vitals.pulse");
    assert_eq!(rejection.errors[0].message, "Värdet måste vara 0–300.");

    let err = s
        .record(
            &nurse(1),
            job,
            EntryBody::Step {
                step: Step::Arrive,
                at: at(3),
                reason: None,
            },
            at(3),
        )
        .unwrap_err();
    assert_eq!(
        err.rejection().unwrap().errors[0].code,
        ErrorCode::IllegalTransition
    );

    let err = s
        .record(
            &nurse(1),
            samverka_model::JobId(uuid::Uuid::nil()),
            tap(3, 4),
            at(4),
        )
        .unwrap_err();
    assert!(err.rejection().unwrap().has("job"));

    assert_eq!(s.entry_count().unwrap(), count);
    assert_eq!(s.job(job).unwrap(), view);
    let next = s.record(&nurse(1), job, tap(0, 5), at(5)).unwrap();
    assert_eq!(next.seq, count + 1);
}

/// SBAR's "handed over" saves the text and marks the step: one tap, one transaction. When the
/// second entry is refused, the first is not written either, on disk as in the read model,
/// and the next tap's seq follows with no gap.
#[test]
fn a_tap_of_several_entries_is_written_whole_or_not_at_all() {
    let (_dir, path) = temp_db();
    let mut s = Store::open(&path, &key()).unwrap();
    let job = ivpa_arrived(&mut s, 3);
    let count = s.entry_count().unwrap();
    let view = s.job(job).unwrap().unwrap();
    let handed = SbarText {
        recipient: Some("Ambulans 4711".into()),
        ..SbarText::default()
    };
    let hand_over = EntryBody::Step {
        step: Step::HandOver,
        at: at(10),
        reason: None,
    };

    // The second body is invalid: the first, valid alone, is not written.
    let bad_vitals = EntryBody::Vitals {
        vitals: VitalSigns {
            taken_at: Some(at(10)),
            pulse: Some(400),
            ..VitalSigns::default()
        },
        supersedes: None,
    };
    let err = s
        .record_all(
            &nurse(1),
            job,
            vec![EntryBody::Sbar(Patch::set(handed.clone())), bad_vitals],
            at(10),
        )
        .unwrap_err();
    assert!(err.rejection().unwrap().has("vitals.pulse"));
    // The second is refused only because of the first (the step twice): checked against the
    // job as the first left it, and again nothing is written.
    let err = s
        .record_all(
            &nurse(1),
            job,
            vec![hand_over.clone(), hand_over.clone()],
            at(10),
        )
        .unwrap_err();
    assert_eq!(
        err.rejection().unwrap().errors[0].code,
        ErrorCode::IllegalTransition
    );
    assert_eq!(s.entry_count().unwrap(), count);
    assert_eq!(s.job(job).unwrap().unwrap(), view);
    assert_eq!(s.job(job).unwrap().unwrap().sbar.value, SbarText::default());

    // Both valid: both written, consecutive, in one go.
    let written = s
        .record_all(
            &nurse(1),
            job,
            samverka_model::sbar::save(&view, handed, true, at(11)),
            at(11),
        )
        .unwrap();
    assert_eq!(
        written.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [count + 1, count + 2]
    );
    drop(s);
    // On disk, after reopening: the text handed over and the step, nothing else.
    let s = Store::open(&path, &key()).unwrap();
    let v = s.job(job).unwrap().unwrap();
    assert_eq!(v.status(), Status::HandedOver);
    assert_eq!(v.sbar.value.handed_over_at, Some(at(11)));
    assert_eq!(v.sbar.value.recipient.as_deref(), Some("Ambulans 4711"));
    assert_eq!(s.entry_count().unwrap(), count + 2);
    assert!(s.stale_read_models().unwrap().is_empty());
}

#[test]
fn the_log_is_append_only_in_the_database_itself() {
    let (_dir, path) = temp_db();
    let mut s = Store::open(&path, &key()).unwrap();
    s.create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap();
    drop(s);
    let conn = raw_conn(&path);
    let upd = conn
        .execute("UPDATE entries SET payload = '{}'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
    let del = conn.execute("DELETE FROM entries", []).unwrap_err();
    assert!(del.to_string().contains("append-only"), "{del}");
    // The purge's door opens for emptying identity payloads only, and only while redacting.
    conn.execute("UPDATE privacy SET redacting = 1", [])
        .unwrap();
    let upd = conn
        .execute("UPDATE entries SET payload = '{\"set\":{}}'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
}

#[test]
fn migrations_are_valid_and_reopening_is_idempotent() {
    let migrations =
        rusqlite_migration::Migrations::from_directory(&samverka_device::MIGRATIONS_DIR).unwrap();
    migrations.validate().unwrap();
    let (_dir, path) = temp_db();
    for _ in 0..3 {
        drop(Store::open(&path, &key()).unwrap());
    }
    let conn = raw_conn(&path);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version,
        samverka_device::MIGRATIONS_DIR.dirs().count() as i64
    );
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn ingest_is_idempotent_and_refuses_a_forged_duplicate() {
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    let job = a
        .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap()
        .job;
    for i in 0..6 {
        let _ = a.record(&nurse(1), job, tap(i, i as i64 + 1), at(i as i64 + 1));
    }
    let batch = a.entries_after(a.device_id(), 0, 100).unwrap();
    assert_eq!(b.ingest(&batch, at(10)).unwrap(), batch.len());
    assert_eq!(
        b.ingest(&batch, at(11)).unwrap(),
        0,
        "a replayed batch changes nothing"
    );
    assert_eq!(b.job(job).unwrap(), a.job(job).unwrap());

    let mut forged = batch[1].clone();
    forged.author = samverka_model::UserId::new("mallory");
    let before = b.entry_count().unwrap();
    let fresh = a.record(&nurse(1), job, tap(7, 20), at(20)).unwrap();
    let err = b.ingest(&[fresh, forged], at(12)).unwrap_err();
    assert!(matches!(err, StoreError::ConflictingEntry(r) if r == batch[1].entry_ref()));
    assert_eq!(
        b.entry_count().unwrap(),
        before,
        "the whole batch was rolled back"
    );

    // B writes on A's job after seeing it; B's stamps sort after everything it has seen.
    let e = b.record(&nurse(2), job, tap(3, 30), at(-1000)).unwrap();
    assert!(e.hlc > batch.last().unwrap().hlc);
}

#[test]
fn open_jobs_lists_what_is_not_closed_newest_first() {
    let mut s = Store::open_in_memory().unwrap();
    let early = s
        .create_job(&nurse(1), header(JobType::NurseLine, 0), at(0))
        .unwrap()
        .job;
    let late = s
        .create_job(&nurse(1), header(JobType::Ivpa, 30), at(30))
        .unwrap()
        .job;
    let declined = s
        .create_job(&nurse(1), header(JobType::Assistance, 40), at(40))
        .unwrap()
        .job;
    s.record(
        &nurse(1),
        declined,
        EntryBody::Step {
            step: Step::Decline,
            at: at(41),
            reason: Some("Ej jourtid".into()),
        },
        at(41),
    )
    .unwrap();
    s.record(&nurse(1), late, tap(3, 31), at(31)).unwrap();
    let open = s.open_jobs().unwrap();
    let ids: Vec<_> = open.iter().map(|j| j.id).collect();
    assert_eq!(ids, [late, early]);
    assert_eq!(open[0].job_type, Some(JobType::Ivpa));
    assert_eq!(open[0].chief_complaint.as_deref(), Some("Andningsbesvär 3"));
    assert_eq!(open[1].status, Status::Requested);
}

#[test]
fn field_history_keeps_every_value() {
    let mut s = Store::open_in_memory().unwrap();
    let job = s
        .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap()
        .job;
    for (i, text) in [
        "Bröstsmärta",
        "Bröstsmärta sedan 02.30",
        "Bröstsmärta, strålar ut i vänster arm",
    ]
    .iter()
    .enumerate()
    {
        s.record(
            &nurse(1),
            job,
            EntryBody::Record(Patch::set(RecordText {
                chief_complaint: Some((*text).into()),
                ..RecordText::default()
            })),
            at(i as i64 + 1),
        )
        .unwrap();
    }
    let h = s.field_history(job, "record.chief_complaint").unwrap();
    let values: Vec<_> = h.iter().map(|c| c.value.as_str().unwrap()).collect();
    assert_eq!(
        values,
        [
            "Bröstsmärta",
            "Bröstsmärta sedan 02.30",
            "Bröstsmärta, strålar ut i vänster arm"
        ]
    );
    assert_eq!(
        h.iter().map(|c| c.current).collect::<Vec<_>>(),
        [false, false, true]
    );
}

#[test]
fn the_pull_cursor_moves_only_with_the_entries_it_describes() {
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    let job = a
        .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap()
        .job;
    a.record(&nurse(1), job, tap(0, 1), at(1)).unwrap();
    let page = a.entries_after(a.device_id(), 0, 10).unwrap();
    assert_eq!(b.ingest_pulled(&page, Some("e1"), 41, at(2)).unwrap(), 2);
    assert_eq!(b.pull_cursor().unwrap(), 41);

    // A page that fails (a forged duplicate) stores nothing and leaves the cursor where it was.
    let mut forged = page[1].clone();
    forged.author = samverka_model::UserId::new("mallory");
    let fresh = a.record(&nurse(1), job, tap(1, 2), at(2)).unwrap();
    assert!(
        b.ingest_pulled(&[fresh.clone(), forged], Some("e1"), 77, at(3))
            .is_err()
    );
    assert_eq!(b.pull_cursor().unwrap(), 41);
    assert_eq!(b.entry_count().unwrap(), 2);

    // A cursor never moves backwards, even if a page says so.
    b.ingest_pulled(&[], Some("e1"), 12, at(4)).unwrap();
    assert_eq!(b.pull_cursor().unwrap(), 41);
    // Nor with an older region that names no incarnation.
    b.ingest_pulled(&[], None, 12, at(4)).unwrap();
    assert_eq!(b.pull_position().unwrap(), ("e1".into(), 41));

    // A region restored from a backup answers from the start in a new incarnation: the cursor
    // is replaced, and what the phone holds already is not stored twice.
    assert_eq!(
        b.ingest_pulled(&[page[0].clone(), fresh], Some("e2"), 3, at(5))
            .unwrap(),
        1
    );
    assert_eq!(b.pull_position().unwrap(), ("e2".into(), 3));
    assert_eq!(b.entry_count().unwrap(), 3);
}

#[test]
fn pending_counts_what_the_region_has_not_acknowledged() {
    let mut s = Store::open_in_memory().unwrap();
    let job = s
        .create_job(&nurse(1), header(JobType::Ivpa, 0), at(0))
        .unwrap()
        .job;
    for i in 0..4 {
        s.record(&nurse(1), job, tap(3, i + 1), at(i + 1)).unwrap();
    }
    let status = s.sync_status().unwrap();
    assert_eq!(
        (status.enrolled, status.pending, status.online),
        (false, 5, false)
    );
    s.set_acked_seq(3).unwrap();
    assert_eq!(s.sync_status().unwrap().pending, 2);
    // The region's word counts even when it is lower (restored from backup), never above ours.
    s.set_acked_seq(99).unwrap();
    assert_eq!(s.sync_status().unwrap().pending, 0);
    s.set_acked_seq(1).unwrap();
    assert_eq!(s.sync_status().unwrap().pending, 4);
}
