//! The phone's command line against a real region, as a tester uses it: a database enrolled
//! with a code, the demo callout written, synced with nothing refused, and exported in its
//! three forms with the nurse's name, never her user id.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_system_tests::region::Region;
use std::path::Path;
use std::process::Command;

/// Runs `samverka-device` on the database `db` with `key`; its stdout, after asserting success.
fn device(db: &Path, key: &str, args: &[&str]) -> String {
    samverka_system_tests::run_ok(
        Command::new(env!("CARGO_BIN_EXE_device-under-test"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env("SAMVERKA_DEVICE_KEY", key),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_syncs_whole_and_exports_with_the_nurses_name() {
    let region = Region::sqlite();
    region.cli(&[
        "units",
        "add",
        "--id",
        "orust-hsv",
        "--name",
        "Orust hemsjukvård",
    ]);
    let code = region.cli(&[
        "enroll",
        "--unit",
        "orust-hsv",
        "--user",
        "anna",
        "--display-name",
        "Anna Berg",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("phone.db");
    let key = hex::encode(rand::random::<[u8; 32]>());

    device(&db, &key, &["enroll", &region.url(), code.trim()]);
    let demo = device(&db, &key, &["demo", "--taps", "20"]);
    let job = demo
        .split_whitespace()
        .nth(2)
        .unwrap_or_else(|| panic!("a job id in {demo:?}"))
        .to_owned();
    let synced = device(&db, &key, &["sync"]);
    assert!(synced.starts_with("pushed 21,"), "{synced}");
    let status = device(&db, &key, &["status"]);
    assert!(
        status.contains(" 0 waiting") && !status.contains("last error"),
        "{status}"
    );

    // The region took every entry: none refused as another nurse's or as from the future.
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    assert_eq!(storage.entry_counts().await.unwrap(), (21, 21));
    assert!(storage.quarantined(None, 10).await.unwrap().is_empty());

    for format in ["text", "sheet"] {
        let out = device(&db, &key, &["export", &job, "--format", format]);
        assert!(out.contains("Anna Berg"), "{format} names the nurse: {out}");
        assert!(
            !out.contains(" anna\n") && !out.contains(">anna<") && !out.contains(": anna"),
            "{format} shows no user id: {out}"
        );
    }
    let file = dir.path().join("job.json");
    device(
        &db,
        &key,
        &[
            "export",
            &job,
            "--format",
            "fhir",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "document");
    // The nurse is a Practitioner by name; her user id stays an identifier, never a display.
    let resources: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let nurses: Vec<_> = resources
        .iter()
        .filter(|r| r["resourceType"] == "Practitioner")
        .collect();
    assert!(!nurses.is_empty());
    for n in nurses {
        assert_eq!(n["name"][0]["text"], "Anna Berg", "{n}");
    }
    let text = bundle.to_string();
    assert!(!text.contains("\"display\":\"anna\""), "{text}");
}
