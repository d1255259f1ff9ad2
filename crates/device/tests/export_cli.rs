//! `samverka-device export`: the three exports of a job from a terminal, on an encrypted phone
//! database opened with its key from the environment, with the nurses' names from the cached
//! staff list.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::Store;
use samverka_model::coach::{IntroductionList, NurseIntroduction, Readiness};
use samverka_model::{JobId, UnitId};
use std::process::{Command, Output};

fn cli(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverka-device"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("SAMVERKA_DEVICE_KEY", key().to_hex().as_str())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A phone database with one IVPA job documented by nurse-1, whose name the cached staff
/// list has.
fn phone() -> (tempfile::TempDir, std::path::PathBuf, JobId) {
    let (dir, path) = temp_db();
    let mut s = Store::open(&path, &key()).unwrap();
    s.install_content(&published(1, shipped()), at(0)).unwrap();
    let job = ivpa_arrived(&mut s, 9);
    for i in 1..=30 {
        // Some taps of the repertoire are refused on purpose; the rest are the record.
        let _ = s.record(&nurse(1), job, tap(i, 10 + i as i64), at(10 + i as i64));
    }
    s.set_introduction(&IntroductionList {
        unit: UnitId::new("tanum-hsv"),
        made_at: at(0),
        nurses: vec![NurseIntroduction {
            nurse: nurse(1),
            display_name: Some("Anna Andersson".to_owned()),
            marks: Vec::new(),
            passed_tests: Vec::new(),
            readiness: Readiness {
                ready: true,
                missing: Vec::new(),
                quality_test_valid_until: None,
            },
        }],
    })
    .unwrap();
    (dir, path, job)
}

#[test]
fn a_job_exports_from_the_terminal_in_all_three_forms() {
    let (dir, db, job) = phone();
    let id = job.to_string();
    assert!(stdout(&cli(&db, &["jobs"])).contains(&id));

    let text = stdout(&cli(&db, &["export", &id, "--format", "text"]));
    assert!(text.starts_with("Akutjournal – IVPA-uppdrag\n"), "{text}");
    assert!(text.contains("Anna Andersson"), "{text}");
    assert!(!text.contains("nurse-1"), "{text}");

    let out = dir.path().join("job.fhir.json");
    stdout(&cli(
        &db,
        &[
            "export",
            &id,
            "--format",
            "fhir",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(bundle["type"], "document");
    let practitioners: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == "Practitioner")
        .collect();
    assert_eq!(practitioners.len(), 1);
    assert_eq!(practitioners[0]["name"][0]["text"], "Anna Andersson");
    assert_eq!(
        bundle["entry"][0]["resource"]["author"][0]["display"],
        "Anna Andersson"
    );

    let page = stdout(&cli(&db, &["export", &id, "--format", "sheet"]));
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(
        page.contains("@page { size: A4"),
        "the print stylesheet is in"
    );
    assert!(page.contains(r#"<article class="handover-sheet">"#));
    assert!(page.contains("Anna Andersson"));
}

#[test]
fn an_unknown_job_or_a_wrong_key_is_refused_with_a_reason() {
    let (_dir, db, _job) = phone();
    let o = cli(
        &db,
        &[
            "export",
            "00000000-0000-0000-0000-000000000000",
            "--format",
            "fhir",
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("this phone has no job"));
    let o = cli(&db, &["export", "nurse-1"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a job id"));
    let o = Command::new(env!("CARGO_BIN_EXE_samverka-device"))
        .arg("--db")
        .arg(&db)
        .args(["export", "00000000-0000-0000-0000-000000000000"])
        .env("SAMVERKA_DEVICE_KEY", "00".repeat(32))
        .output()
        .unwrap();
    assert!(!o.status.success(), "a wrong key opens nothing");
}
