//! The quality test offline, against the real region on loopback: a test taken while the
//! region is down waits on the phone; the next sync hands it over exactly once; the region
//! counts it once, and the unit's introduction list comes back to the phone with the pass.
#![allow(clippy::unwrap_used, missing_docs)]

use reqwest::StatusCode;
use samverka_device::sync::Batches;
use samverka_model::coach::QuestionStats;
use samverka_system_tests::phone::Phone;
use samverka_system_tests::region::Region;
use std::path::Path;

const PASSWORD: &str = "ett langt losenord";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_taken_offline_reaches_the_region_once() {
    let mut region = Region::sqlite();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let out = region.cli(&["content", "publish", content.to_str().unwrap()]);
    assert!(out.starts_with("published content version 1"), "{out}");
    let code = region.cli(&["enroll", "--unit", "orust-hsv", "--user", "anna"]);
    let phone = Phone::enroll(&region.url(), &region.url(), &code).await;

    // The first sync brings the banks and the (still empty) introduction list.
    let report = phone.sync(Batches::default()).await.unwrap();
    assert_eq!((report.content, report.quiz_results), (Some(1), 0));
    let before = phone.store.lock().unwrap().introduction().unwrap().unwrap();
    assert_eq!(before.unit.as_str(), "orust-hsv");
    assert!(before.nurses.iter().all(|n| n.passed_tests.is_empty()));

    // The region goes away; the nurse takes the test anyway (one wrong: 23 of 24 passes).
    region.kill();
    let result = phone.take_quiz(1);
    let asked = result.answers.len();
    assert!(asked >= 20, "all banks asked: {asked}");
    assert!(result.passed());
    assert!(phone.sync(Batches::default()).await.is_err(), "offline");
    {
        let s = phone.store.lock().unwrap();
        assert_eq!(s.unsynced_quiz_results().unwrap(), vec![result.clone()]);
        let kept = s.quiz_results().unwrap();
        assert_eq!((kept.len(), kept[0].synced_at), (1, None));
    }

    // Back online: the result goes, once.
    region.start();
    let report = phone.sync(Batches::default()).await.unwrap();
    assert_eq!((report.quiz_results, report.quiz_refused), (1, 0));
    {
        let s = phone.store.lock().unwrap();
        assert!(s.unsynced_quiz_results().unwrap().is_empty());
        assert!(s.quiz_results().unwrap()[0].synced_at.is_some());
        // The list fetched after the upload already counts the pass.
        let list = s.introduction().unwrap().unwrap();
        let anna = list
            .nurses
            .iter()
            .find(|n| n.nurse.as_str() == "anna")
            .unwrap();
        assert_eq!(anna.passed_tests.len(), 1, "{list:?}");
    }
    let report = phone.sync(Batches::default()).await.unwrap();
    assert_eq!(report.quiz_results, 0, "nothing left to send");

    // The region holds exactly one result: every question asked once.
    let http = reqwest::Client::new();
    let token = region
        .staff_session(&http, "admin", "admin", None, PASSWORD)
        .await;
    let resp = http
        .get(format!("{}/api/v1/quiz-stats?unit=orust-hsv", region.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let stats: Vec<QuestionStats> = resp.json().await.unwrap();
    assert_eq!(stats.len(), asked);
    assert!(stats.iter().all(|q| q.asked == 1), "{stats:?}");
    assert_eq!(
        stats.iter().map(|q| q.right).sum::<u32>() as usize,
        result.right()
    );
}
