//! Question banks and scenarios: good ones load into the bundle; every kind of mistake is
//! refused at its file and line.
#![allow(clippy::unwrap_used)]

mod common;

use common::{assert_problem, shipped_content};
use samverka_content::{Problem, load_dir};
use samverka_model::JobType;
use samverka_model::content::Audience;

const BANK: &str = "id = \"hjartstopp-vuxen\"
title = \"Hjärtstopp, vuxen\"
chapter = \"hjartstopp-vuxen\"

[[questions]]
id = \"hjv-1\"
text = \"Vad gör du först?\"
options = [\"Ringer 112 och startar HLR\", \"Väntar\"]
correct = 0
passage = \"hjartstopp-vuxen#atgarder\"
quote = \"Starta HLR.\"

[[questions]]
id = \"hjv-2\"
text = \"Vem tar över?\"
options = [\"Grannen\", \"Ambulansen\", \"Ingen\"]
correct = 1
passage = \"hjartstopp-vuxen#overlamning\"
quote = \"SBAR till ambulansen.\"
";

const SCENARIO: &str = "+++
id = \"vuxen-hjartstopp\"
title = \"Vuxen med hjärtstopp\"
job_type = \"ivpa\"
audience = \"adult\"
chapters = [\"hjartstopp-vuxen\"]
+++
## Läget

En man har fallit ihop. Se [hjärtstopp](doc:hjartstopp-vuxen).
";

/// The coaches' corner's files on top of the common good directory.
const COACH_FILES: [(&str, &str); 2] = [
    ("quality/hjartstopp-vuxen.toml", BANK),
    ("scenarios/vuxen-hjartstopp.md", SCENARIO),
];

/// A good content directory with banks and scenarios, with `changes` applied (path, new text).
fn fixture(changes: &[(&str, &str)]) -> tempfile::TempDir {
    common::fixture_with(&COACH_FILES, changes)
}

/// The problems with `changes` applied; panics if the content loads.
fn problems(changes: &[(&str, &str)]) -> Vec<Problem> {
    common::problems_with(&COACH_FILES, changes)
}

#[test]
fn banks_and_scenarios_load_into_the_bundle() {
    let dir = fixture(&[]);
    let b = load_dir(dir.path()).unwrap();
    assert_eq!(b.question_banks.len(), 1);
    let bank = &b.question_banks[0];
    assert_eq!(bank.id, "hjartstopp-vuxen");
    assert_eq!(bank.chapter, "hjartstopp-vuxen");
    assert_eq!(bank.questions.len(), 2);
    assert_eq!(bank.questions[1].correct, 1);
    assert_eq!(bank.questions[1].options.len(), 3);
    assert_eq!(b.scenarios.len(), 1);
    let s = &b.scenarios[0];
    assert_eq!(s.job_type, JobType::Ivpa);
    assert_eq!(s.audience, Audience::Adult);
    assert_eq!(s.chapters, vec!["hjartstopp-vuxen".to_owned()]);
    assert!(s.body.starts_with("## Läget"));
}

#[test]
fn the_coach_folders_are_optional() {
    let dir = fixture(&[
        ("quality/hjartstopp-vuxen.toml", ""),
        ("scenarios/vuxen-hjartstopp.md", ""),
    ]);
    let b = load_dir(dir.path()).unwrap();
    assert!(b.question_banks.is_empty() && b.scenarios.is_empty());
}

#[test]
fn a_missing_or_unknown_bank_field_is_refused_on_its_line() {
    let missing = BANK.replace("correct = 1\n", "");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &missing)]);
    assert_problem(&found, "quality/hjartstopp-vuxen.toml", 13, "correct");
    let unknown = BANK.replace("correct = 0", "correct = 0\nanswer = 1");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &unknown)]);
    assert_problem(&found, "quality/hjartstopp-vuxen.toml", 10, "answer");
}

#[test]
fn a_question_pointing_at_a_missing_chapter_or_passage_is_refused_on_its_line() {
    // The question's passage names a chapter no guideline has.
    let bank = BANK.replace(
        "passage = \"hjartstopp-vuxen#atgarder\"",
        "passage = \"hjartstopp-barn#atgarder\"",
    );
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        10,
        "unknown chapter \"hjartstopp-barn\"",
    );
    // A quick reference is no chapter.
    let bank = BANK.replace(
        "passage = \"hjartstopp-vuxen#atgarder\"",
        "passage = \"lathund-ivpa#inledning\"",
    );
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        10,
        "quick reference",
    );
    // A section the chapter does not have, and a passage without a section.
    let bank = BANK.replace(
        "passage = \"hjartstopp-vuxen#overlamning\"",
        "passage = \"hjartstopp-vuxen#lakemedel\"",
    );
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        18,
        "no section \"lakemedel\" (its sections: inledning, bedomning, atgarder, overlamning)",
    );
    let bank = BANK.replace(
        "passage = \"hjartstopp-vuxen#atgarder\"",
        "passage = \"hjartstopp-vuxen\"",
    );
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        10,
        "<guideline id>#<section>",
    );
    // A quote the passage does not hold: an answer from somewhere else (a dose, say).
    let bank = BANK.replace("quote = \"Starta HLR.\"", "quote = \"Ge 1 mg adrenalin.\"");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        11,
        "is not in hjartstopp-vuxen#atgarder",
    );
    // Without a passage at all, the question is refused too.
    let bank = BANK.replace("passage = \"hjartstopp-vuxen#atgarder\"\n", "");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(&found, "quality/hjartstopp-vuxen.toml", 5, "passage");
}

#[test]
fn an_unknown_chapter_is_refused() {
    let bank = BANK.replace("chapter = \"hjartstopp-vuxen\"", "chapter = \"saknas\"");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        3,
        "unknown chapter \"saknas\"",
    );
    let bank = BANK.replace(
        "chapter = \"hjartstopp-vuxen\"",
        "chapter = \"lathund-ivpa\"",
    );
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        3,
        "quick reference",
    );
    let scenario = SCENARIO.replace(
        "[\"hjartstopp-vuxen\"]",
        "[\"hjartstopp-vuxen\", \"saknas\"]",
    );
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &scenario)]);
    assert_problem(
        &found,
        "scenarios/vuxen-hjartstopp.md",
        6,
        "unknown chapter \"saknas\"",
    );
}

#[test]
fn a_correct_index_out_of_range_is_refused() {
    let bank = BANK.replace("correct = 1", "correct = 3");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(&found, "quality/hjartstopp-vuxen.toml", 17, "out of range");
    let bank = BANK.replace("correct = 1", "correct = -1");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(&found, "quality/hjartstopp-vuxen.toml", 17, "");
}

#[test]
fn fewer_than_two_options_is_refused() {
    let bank = BANK.replace(
        "[\"Ringer 112 och startar HLR\", \"Väntar\"]",
        "[\"Ringer 112\"]",
    );
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &bank)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        8,
        "at least 2 options",
    );
    // correct = 0 is still in range: only the one problem.
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn duplicate_bank_and_question_ids_are_refused() {
    let twin = BANK.replace("title = \"Hjärtstopp, vuxen\"", "title = \"Igen\"");
    let found = problems(&[("quality/andra.toml", &twin)]);
    assert_problem(&found, "quality/andra.toml", 1, "must match the file name");
    // Files are read by name, so andra.toml comes first.
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        1,
        "duplicate bank id \"hjartstopp-vuxen\" (first in quality/andra.toml:1)",
    );
    // The same question id in another bank: results name questions by id alone.
    let other = BANK
        .replace("id = \"hjartstopp-vuxen\"", "id = \"andra\"")
        .replace("hjv-1", "annan");
    let found = problems(&[("quality/andra.toml", &other)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        14,
        "duplicate question id \"hjv-2\" (first in quality/andra.toml:14)",
    );
    let same = BANK.replace("hjv-2", "hjv-1");
    let found = problems(&[("quality/hjartstopp-vuxen.toml", &same)]);
    assert_problem(
        &found,
        "quality/hjartstopp-vuxen.toml",
        14,
        "duplicate question id \"hjv-1\"",
    );
}

#[test]
fn duplicate_scenario_ids_are_refused() {
    let found = problems(&[("scenarios/kopia.md", SCENARIO)]);
    assert_problem(
        &found,
        "scenarios/vuxen-hjartstopp.md",
        2,
        "duplicate scenario id",
    );
    assert_problem(&found, "scenarios/kopia.md", 2, "must match the file name");
}

#[test]
fn scenario_front_matter_mistakes_are_refused_on_their_lines() {
    let missing = SCENARIO.replace("audience = \"adult\"\n", "");
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &missing)]);
    assert_problem(&found, "scenarios/vuxen-hjartstopp.md", 2, "audience");
    let bad_type = SCENARIO.replace("\"ivpa\"", "\"ambulans\"");
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &bad_type)]);
    assert_problem(&found, "scenarios/vuxen-hjartstopp.md", 4, "ambulans");
    let unknown = SCENARIO.replace("audience = \"adult\"", "audience = \"adult\"\nlevel = 2");
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &unknown)]);
    assert_problem(&found, "scenarios/vuxen-hjartstopp.md", 6, "level");
    let open = SCENARIO.replacen("+++\n## Läget", "## Läget", 1);
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &open)]);
    assert_problem(&found, "scenarios/vuxen-hjartstopp.md", 1, "not closed");
}

#[test]
fn raw_html_and_broken_links_in_a_scenario_are_refused() {
    let html = SCENARIO.replace("En man har fallit ihop.", "En man <b>har</b> fallit ihop.");
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &html)]);
    assert_problem(&found, "scenarios/vuxen-hjartstopp.md", 10, "raw HTML");
    let link = SCENARIO.replace("doc:hjartstopp-vuxen", "doc:saknas");
    let found = problems(&[("scenarios/vuxen-hjartstopp.md", &link)]);
    assert_problem(&found, "scenarios/vuxen-hjartstopp.md", 10, "broken link");
}

#[test]
fn the_shipped_banks_and_scenarios_are_there() {
    let b = shipped_content();
    // A bank for every guideline chapter, each question pointing at the passage it tests.
    let chapters: Vec<&str> = b
        .documents
        .iter()
        .filter(|d| d.kind == samverka_model::content::DocKind::Guideline)
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(chapters.len(), 15);
    for chapter in &chapters {
        assert!(
            b.question_banks.iter().any(|q| q.chapter == *chapter),
            "no bank for {chapter}"
        );
    }
    for bank in &b.question_banks {
        assert!((4..=6).contains(&bank.questions.len()), "{}", bank.id);
        for q in &bank.questions {
            let passage = q.passage.as_deref().unwrap_or_default();
            assert!(
                passage.starts_with(&format!("{}#", bank.chapter)),
                "{}: {passage}",
                q.id
            );
            assert!(
                q.quote.as_deref().is_some_and(|t| !t.is_empty()),
                "{}",
                q.id
            );
        }
    }
    assert!(b.scenarios.len() >= 3);
    let child = b
        .scenarios
        .iter()
        .find(|s| s.title == "Barn med första kramp")
        .unwrap();
    assert_eq!(child.audience, Audience::Child);
    let adult = b
        .scenarios
        .iter()
        .find(|s| s.title == "Vuxen med hjärtstopp")
        .unwrap();
    assert_eq!(
        (adult.audience, adult.job_type),
        (Audience::Adult, JobType::Ivpa)
    );
}
