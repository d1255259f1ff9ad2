//! The coaches' corner on the phone: banks and scenarios come and go with the content, test
//! results wait on the phone until the region has them, the introduction list is kept for
//! offline use, and a scenario starts a practice job.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{published, shipped};
use samverka_device::{DatabaseKey, Store};
use samverka_model::coach::{
    Answer, IntroductionList, NurseIntroduction, QUIZ_TIME_LIMIT_SECS, QuizResult, Readiness, grade,
};
use samverka_model::content::Audience;
use samverka_model::{JobType, MunicipalityId, Requester, Timestamp, UnitId, UserId};

fn result(n: u128, finished_at: i64, answers: Vec<Answer>) -> QuizResult {
    QuizResult {
        id: uuid::Uuid::from_u128(n),
        nurse: UserId::new("anna"),
        unit: UnitId::new("orust-hsv"),
        content_version: 1,
        started_at: Timestamp(finished_at - 60_000),
        finished_at: Timestamp(finished_at),
        answers,
    }
}

#[test]
fn the_test_comes_from_the_installed_content_and_changes_with_it() {
    let mut s = Store::open_in_memory().unwrap();
    let none = s.quiz_setup().unwrap();
    assert_eq!(none.content_version, None);
    assert!(none.banks.is_empty());
    assert_eq!(none.time_limit_secs, QUIZ_TIME_LIMIT_SECS);
    assert!(s.scenarios().unwrap().is_empty());

    let bundle = shipped();
    s.install_content(&published(1, bundle.clone()), Timestamp(0))
        .unwrap();
    let setup = s.quiz_setup().unwrap();
    assert_eq!(setup.content_version, Some(1));
    assert_eq!(
        setup.banks, bundle.question_banks,
        "whole, in publishing order"
    );
    let scenarios = s.scenarios().unwrap();
    assert_eq!(scenarios.len(), bundle.scenarios.len());
    let child = s.scenario("barn-forsta-kramp").unwrap().unwrap();
    assert_eq!(child.audience, Audience::Child);
    // Shown like documents: HTML, with doc: links as the app's anchors.
    assert!(child.body.contains("<h2>"), "{}", child.body);
    assert!(child.body.contains("href=\"#doc:kramper-barn\""));
    assert_eq!(s.scenario("saknas").unwrap(), None);

    // The next version replaces banks and scenarios with the documents, none left behind.
    let mut next = bundle;
    next.question_banks.truncate(1);
    next.scenarios.clear();
    s.install_content(&published(2, next.clone()), Timestamp(1))
        .unwrap();
    let setup = s.quiz_setup().unwrap();
    assert_eq!(setup.content_version, Some(2));
    assert_eq!(setup.banks, next.question_banks);
    assert!(s.scenarios().unwrap().is_empty());
}

#[test]
fn results_wait_until_the_region_has_them_newest_first() {
    let mut s = Store::open_in_memory().unwrap();
    s.install_content(&published(1, shipped()), Timestamp(0))
        .unwrap();
    let banks = s.quiz_setup().unwrap().banks;
    let chosen: Vec<(String, Option<usize>)> = banks[0]
        .questions
        .iter()
        .map(|q| (q.id.clone(), Some(q.correct)))
        .collect();
    let first = result(1, 1_000_000, grade(&banks, &chosen));
    assert!(first.passed());
    let second = result(2, 2_000_000, grade(&banks, &[(chosen[0].0.clone(), None)]));
    s.save_quiz_result(&first).unwrap();
    s.save_quiz_result(&second).unwrap();
    // Saving again (a double tap on "Lämna in") keeps one.
    s.save_quiz_result(&first).unwrap();

    let all = s.quiz_results().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].result, second, "newest first");
    assert_eq!(all[1].result, first);
    assert!(all.iter().all(|r| r.synced_at.is_none()));
    assert_eq!(
        s.unsynced_quiz_results().unwrap(),
        vec![first.clone(), second.clone()]
    );

    s.mark_quiz_synced(first.id, Timestamp(3_000_000)).unwrap();
    assert_eq!(s.unsynced_quiz_results().unwrap(), vec![second.clone()]);
    // A later acknowledgement does not move the first one's time.
    s.mark_quiz_synced(first.id, Timestamp(4_000_000)).unwrap();
    let all = s.quiz_results().unwrap();
    assert_eq!(all[1].synced_at, Some(Timestamp(3_000_000)));
    assert_eq!(all[0].synced_at, None);
}

#[test]
fn results_and_the_introduction_list_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let key = DatabaseKey::from_hex(&"c0".repeat(32)).unwrap();
    let list = IntroductionList {
        unit: UnitId::new("orust-hsv"),
        made_at: Timestamp(5_000),
        nurses: vec![NurseIntroduction {
            nurse: UserId::new("anna"),
            display_name: Some("Anna Andersson".to_owned()),
            marks: Vec::new(),
            passed_tests: Vec::new(),
            readiness: Readiness {
                ready: false,
                missing: Vec::new(),
                quality_test_valid_until: None,
            },
        }],
    };
    {
        let mut s = Store::open(&path, &key).unwrap();
        assert_eq!(s.introduction().unwrap(), None);
        s.save_quiz_result(&result(7, 1_000, Vec::new())).unwrap();
        s.set_introduction(&list).unwrap();
        let mut older = list.clone();
        older.made_at = Timestamp(1);
        s.set_introduction(&older).unwrap();
        s.set_introduction(&list).unwrap();
    }
    let s = Store::open(&path, &key).unwrap();
    assert_eq!(s.introduction().unwrap(), Some(list));
    assert_eq!(s.unsynced_quiz_results().unwrap().len(), 1);
}

#[test]
fn a_scenario_starts_a_practice_job_of_its_type() {
    let mut s = Store::open_in_memory().unwrap();
    let anna = UserId::new("anna");
    let unit = UnitId::new("orust-hsv");
    let muni = MunicipalityId::new("orust");
    // No content yet: no such scenario, and nothing is created.
    assert!(
        s.start_practice(&anna, "vuxen-hjartstopp", &unit, Some(&muni), Timestamp(10))
            .unwrap()
            .is_none()
    );
    s.install_content(&published(1, shipped()), Timestamp(0))
        .unwrap();
    let entry = s
        .start_practice(&anna, "vuxen-hjartstopp", &unit, Some(&muni), Timestamp(10))
        .unwrap()
        .unwrap();
    let view = s.job(entry.job).unwrap().unwrap();
    let header = view.header.unwrap().value;
    assert!(header.practice);
    assert_eq!(header.job_type, JobType::Ivpa);
    assert_eq!(header.requester, Requester::DISPATCH);
    assert_eq!(header.performer.unit, unit);
    assert_eq!(header.performer.municipality, Some(muni.clone()));

    let entry = s
        .start_practice(
            &anna,
            "aldre-andningsbesvar-1177",
            &unit,
            Some(&muni),
            Timestamp(20),
        )
        .unwrap()
        .unwrap();
    let header = s.job(entry.job).unwrap().unwrap().header.unwrap().value;
    assert_eq!(
        (header.job_type, header.practice),
        (JobType::NurseLine, true)
    );
    // The shell finds the unit's municipality in the content.
    assert_eq!(s.unit_municipality(&unit).unwrap(), Some(muni));
    assert_eq!(s.unit_municipality(&UnitId::new("saknas")).unwrap(), None);
}

#[test]
fn a_submitted_test_is_graded_against_the_installed_banks_and_kept() {
    let mut s = Store::open_in_memory().unwrap();
    let anna = UserId::new("anna");
    let unit = UnitId::new("orust-hsv");
    // No content: no test to hand in.
    assert!(
        s.submit_quiz(&anna, &unit, Timestamp(1), &[], Timestamp(2))
            .unwrap()
            .is_none()
    );
    s.install_content(&published(3, shipped()), Timestamp(0))
        .unwrap();
    let banks = s.quiz_setup().unwrap().banks;
    let mut chosen: Vec<(String, Option<usize>)> = banks
        .iter()
        .flat_map(|b| &b.questions)
        .map(|q| (q.id.clone(), Some(q.correct)))
        .collect();
    chosen[0].1 = None; // time ran out before the first was answered
    let r = s
        .submit_quiz(&anna, &unit, Timestamp(1_000), &chosen, Timestamp(61_000))
        .unwrap()
        .unwrap();
    assert_eq!(r.content_version, 3);
    assert_eq!(
        (r.started_at, r.finished_at),
        (Timestamp(1_000), Timestamp(61_000))
    );
    assert_eq!((&r.nurse, &r.unit), (&anna, &unit));
    assert_eq!(r.answers.len(), chosen.len());
    assert_eq!(r.right(), chosen.len() - 1);
    assert!(r.passed());
    let again = s
        .submit_quiz(&anna, &unit, Timestamp(2_000), &chosen, Timestamp(62_000))
        .unwrap()
        .unwrap();
    assert_ne!(r.id, again.id, "every test handed in is its own");
    let kept = s.quiz_results().unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1].result, r);
}
