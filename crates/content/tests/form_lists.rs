//! The statistics form's lists as content: a good file loads into the bundle; every kind of
//! mistake is refused at its file and line; the shipped lists offer every job type's usual
//! requester.
#![allow(clippy::unwrap_used)]

mod common;

use common::{FORM, assert_problem, fixture_with, problems_with, shipped_content};
use samverka_content::load_dir;
use samverka_model::form::ListKind;
use samverka_model::{JobType, PerformerKind};

const FILE: &str = "form/2025.toml";

fn problems(text: &str) -> Vec<samverka_content::Problem> {
    problems_with(&[], &[(FILE, text)])
}

#[test]
fn the_lists_load_with_their_version_and_day() {
    let next = FORM
        .replace("version = \"2025\"", "version = \"2026\"")
        .replace("valid_from = 2025-01-01", "valid_from = 2026-01-01")
        .replace("label = \"Fall\"", "label = \"Fallolycka\"");
    let dir = fixture_with(&[("form/2026.toml", &next)], &[]);
    let b = load_dir(dir.path()).unwrap();
    assert_eq!(b.form_lists.len(), 2);
    let lists = b.form_lists();
    assert_eq!(lists.in_force("2025-06-01").unwrap().version, "2025");
    assert_eq!(lists.in_force("2026-06-01").unwrap().version, "2026");
    assert_eq!(
        lists.label_on(ListKind::Problem, "fall", "2025-06-01"),
        "Fall"
    );
    assert_eq!(
        lists.label_on(ListKind::Problem, "fall", "2026-06-01"),
        "Fallolycka"
    );
    let v = lists.in_force("2025-06-01").unwrap();
    assert_eq!(v.valid_from, "2025-01-01");
    assert_eq!(
        v.requesters_for(JobType::Assistance)
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>(),
        ["dispatch", "ambulance"]
    );
}

#[test]
fn each_mistake_in_a_lists_file_is_refused_on_its_line() {
    // A code that is not a code, and one given twice.
    let text = FORM.replace("code = \"fall\"", "code = \"Fall olycka\"");
    assert_problem(&problems(&text), FILE, 25, "lowercase a–z, 0–9 and '_'");
    let text = FORM.replace("code = \"fall\"", "code = \"chest_pain\"");
    assert_problem(
        &problems(&text),
        FILE,
        25,
        "duplicate problem code \"chest_pain\" (first on line 21)",
    );
    // Two labels a nurse could not tell apart.
    let text = FORM.replace("label = \"Fall\"", "label = \"Bröstsmärta\"");
    assert_problem(&problems(&text), FILE, 26, "duplicate problem label");
    // An unknown key, a job type that does not exist, a date in quotes.
    let text = FORM.replace("label = \"Fall\"", "label = \"Fall\"\nnote = \"x\"");
    assert_problem(&problems(&text), FILE, 27, "note");
    let text = FORM.replace("[\"nurse_line\"]", "[\"home_visit\"]");
    assert_problem(&problems(&text), FILE, 13, "home_visit");
    let text = FORM.replace("valid_from = 2025-01-01", "valid_from = \"2025\"");
    assert_problem(&problems(&text), FILE, 3, "");
    // The file is named for its version.
    let text = FORM.replace("version = \"2025\"", "version = \"2024\"");
    assert_problem(&problems(&text), FILE, 2, "rename the file to 2024.toml");
    // A job type nobody asks for, a requester asking for nothing, no actions.
    let text = FORM.replace("[\"nurse_line\"]", "[]");
    let found = problems(&text);
    assert_problem(&found, FILE, 13, "job_types is empty");
    assert_problem(&found, FILE, 1, "no [[requester]] asks for nurse_line jobs");
    let text = FORM.replace(
        "[[action]]\ncode = \"assessment\"\nlabel = \"Bedömning\"\n",
        "",
    );
    assert_problem(&problems(&text), FILE, 1, "at least one [[action]]");
    // Two versions in force from the same day.
    let twin = FORM.replace("version = \"2025\"", "version = \"2025b\"");
    let found = problems_with(&[("form/2025b.toml", &twin)], &[]);
    assert_problem(
        &found,
        "form/2025b.toml",
        3,
        "valid_from 2025-01-01 is also the day 2025 comes into force (form/2025.toml:3)",
    );
    // No lists at all.
    let found = problems_with(&[], &[(FILE, "")]);
    assert_problem(&found, "form", 1, "no form lists");
}

#[test]
fn the_shipped_lists_offer_every_job_types_usual_requester() {
    let b = shipped_content();
    let lists = b.form_lists();
    let v = lists.in_force("2025-06-01").unwrap();
    assert_eq!(v.version, "2025");
    for t in JobType::ALL {
        for p in [PerformerKind::Municipal, PerformerKind::Ambulance] {
            let usual = t.usual_requester(p);
            assert!(
                v.requesters_for(t).any(|r| r.code == usual),
                "{t:?}: {usual} is not offered"
            );
        }
    }
    // The codes the app's own rules name (the form's pre-fill) are in the lists.
    for code in [
        "assessment",
        "oxygen",
        "cpr",
        "defibrillation",
        "iv_line",
        "medication",
    ] {
        assert!(v.label(ListKind::Action, code).is_some(), "{code}");
    }
    for code in [
        "chest_pain",
        "cardiac_arrest",
        "breathing",
        "neurological",
        "catheter",
    ] {
        assert!(v.label(ListKind::Problem, code).is_some(), "{code}");
    }
}
