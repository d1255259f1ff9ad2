//! The form's lists on the phone: installed with the content, kept across a restart, and a tap
//! on a job's form checked against the version in force on the job's day — a job of 2025 keeps
//! 2025's lists after 2026's arrive.
#![allow(clippy::unwrap_used)]

mod common;

use common::{at, key, nurse, published, shipped, temp_db};
use samverka_device::Store;
use samverka_model::doc::Patch;
use samverka_model::form::{Choice, StatsForm};
use samverka_model::job::{JobHeader, PerformerKind};
use samverka_model::{EntryBody, ErrorCode, JobType, Timestamp, UnitId};

/// 2025-06-14 12:00 UTC: a job of the 2025 lists' year.
const JUNE_2025: i64 = 1_749_902_400_000;

fn problem(code: &str) -> EntryBody {
    EntryBody::Form(Patch::set(StatsForm {
        problem: Some(code.into()),
        ..StatsForm::default()
    }))
}

#[test]
fn a_jobs_form_is_checked_against_the_lists_of_its_day() {
    let (_dir, path) = temp_db();
    let mut s = Store::open(&path, &key()).unwrap();
    let unit = UnitId::new("orust-hsv");
    let old = s
        .create_job(
            &nurse(1),
            JobHeader::on_call(
                JobType::Ivpa,
                PerformerKind::Municipal,
                unit.clone(),
                Timestamp(JUNE_2025),
            ),
            Timestamp(JUNE_2025),
        )
        .unwrap()
        .job;
    // No content yet: no lists; a code is taken for its form only.
    assert!(s.form_options(old).unwrap().is_none());
    s.record(&nurse(1), old, problem("chest_pain"), at(1))
        .unwrap();
    let err = s
        .record(&nurse(1), old, problem("=HYPERLINK(1)"), at(2))
        .unwrap_err();
    assert!(format!("{err:?}").contains("form.problem"), "{err:?}");

    // 2025's lists, and next year's with a new problem.
    let mut bundle = shipped();
    let mut next = bundle.form_lists[0].clone();
    next.version = "2026".into();
    next.valid_from = "2026-01-01".into();
    next.problems.push(Choice {
        code: "high_energy_trauma".into(),
        label_sv: "Högenergitrauma".into(),
    });
    bundle.form_lists.push(next);
    assert!(s.install_content(&published(1, bundle), at(3)).unwrap());
    assert_eq!(s.form_options(old).unwrap().unwrap().version, "2025");
    let new = s
        .create_job(
            &nurse(1),
            JobHeader::on_call(JobType::Ivpa, PerformerKind::Municipal, unit, at(4)),
            at(4),
        )
        .unwrap()
        .job;
    assert_eq!(s.form_options(new).unwrap().unwrap().version, "2026");

    // The new code is offered for the new job only; the old job's form refuses it.
    s.record(&nurse(1), new, problem("high_energy_trauma"), at(5))
        .unwrap();
    let err = s
        .record(&nurse(1), old, problem("high_energy_trauma"), at(6))
        .unwrap_err();
    let text = format!("{err:?}");
    assert!(
        text.contains("form.problem") && text.contains(&format!("{:?}", ErrorCode::Unknown)),
        "{text}"
    );

    // Kept across a restart.
    drop(s);
    let s = Store::open(&path, &key()).unwrap();
    assert_eq!(s.form_lists().versions.len(), 2);
    assert_eq!(s.form_options(old).unwrap().unwrap().version, "2025");
}
