//! Every kind of bad content is refused with its file and line; good content loads whole; the
//! region's shipped sample content is good.
#![allow(clippy::unwrap_used)]

mod common;

use common::{CONTACTS, GUIDE, QUICKREF, SYNONYMS, UNITS, assert_problem, shipped_content};
use samverka_content::{Problem, load_dir};
use samverka_model::content::{Audience, DocKind, IvpaService};
use std::path::PathBuf;

/// A good content directory with `changes` applied (path, new text).
fn fixture(changes: &[(&str, &str)]) -> tempfile::TempDir {
    common::fixture_with(&[], changes)
}

/// The problems with `changes` applied; panics if the content loads.
fn problems(changes: &[(&str, &str)]) -> Vec<Problem> {
    common::problems_with(&[], changes)
}

#[test]
fn good_content_loads_whole() {
    let dir = fixture(&[]);
    let b = load_dir(dir.path()).unwrap();
    assert_eq!(b.documents.len(), 2);
    assert_eq!(b.contacts.len(), 2);
    assert_eq!(b.units.len(), 1);
    assert_eq!(b.municipalities[0].ivpa, IvpaService::Full);
    assert_eq!(
        b.synonyms,
        vec![vec!["hjärtstopp", "hlr", "hjärt-lungräddning"]]
    );
    assert!(b.sample);
    let g = b
        .documents
        .iter()
        .find(|d| d.kind == DocKind::Guideline)
        .unwrap();
    assert_eq!(g.valid_from, "2025-04-01");
    assert_eq!(g.audience, Audience::Adult);
    assert!(g.body.starts_with("## Bedömning"));
}

#[test]
fn a_missing_field_is_refused_at_the_front_matter() {
    let text = GUIDE.replace("owner = \"Ambulanssjukvården (exempel)\"\n", "");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 2, "owner");
}

#[test]
fn an_unknown_key_and_a_bad_value_are_refused_on_their_lines() {
    let text = GUIDE.replace("sample = true\n", "sample = true\nreviewer = \"x\"\n");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 11, "reviewer");

    let text = GUIDE.replace("audience = \"adult\"", "audience = \"elderly\"");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 5, "elderly");

    let text = GUIDE.replace("valid_from = 2025-04-01", "valid_from = \"april\"");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 8, "");
}

#[test]
fn front_matter_must_be_there_and_closed() {
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", "## Bara text\n")]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 1, "front matter");
    let text = GUIDE.replacen("+++\n## Bedömning", "## Bedömning", 1);
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 1, "not closed");
}

#[test]
fn a_duplicate_id_names_both_places() {
    let copy = GUIDE.replace("title = \"Hjärtstopp\"", "title = \"Hjärtstopp igen\"");
    // Same id in a second file (whose name then also disagrees with it).
    let found = problems(&[("guidelines/hjartstopp-kopia.md", &copy)]);
    assert_problem(
        &found,
        "guidelines/hjartstopp-vuxen.md",
        2,
        "duplicate id \"hjartstopp-vuxen\" (first in guidelines/hjartstopp-kopia.md:2)",
    );
    assert_problem(
        &found,
        "guidelines/hjartstopp-kopia.md",
        2,
        "must match the file name",
    );
}

#[test]
fn a_broken_internal_link_is_refused_on_its_line() {
    let text = QUICKREF.replace("doc:hjartstopp-vuxen", "doc:hjartstop-vuxen");
    let found = problems(&[("quickrefs/lathund-ivpa.md", &text)]);
    assert_problem(
        &found,
        "quickrefs/lathund-ivpa.md",
        12,
        "no document has the id \"hjartstop-vuxen\"",
    );
    let text = QUICKREF.replace("doc:hjartstopp-vuxen", "hjartstopp-vuxen.md");
    let found = problems(&[("quickrefs/lathund-ivpa.md", &text)]);
    assert_problem(&found, "quickrefs/lathund-ivpa.md", 12, "write doc:<id>");
}

#[test]
fn a_guideline_without_its_handover_section_is_refused() {
    let text = GUIDE.replace("## Överlämning", "## Sedan");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(
        &found,
        "guidelines/hjartstopp-vuxen.md",
        12,
        "## Överlämning",
    );
}

#[test]
fn raw_html_is_refused() {
    let text = GUIDE.replace("Kontrollera andning.", "Kontrollera <b>andning</b>.");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(&found, "guidelines/hjartstopp-vuxen.md", 14, "raw HTML");
}

#[test]
fn a_document_in_the_wrong_folder_or_without_a_chapter_is_refused() {
    let text = GUIDE.replace("chapter = \"5\"\n", "");
    let found = problems(&[("guidelines/hjartstopp-vuxen.md", &text)]);
    assert_problem(
        &found,
        "guidelines/hjartstopp-vuxen.md",
        2,
        "needs a chapter",
    );
    let found = problems(&[
        ("quickrefs/lathund-ivpa.md", ""),
        ("guidelines/lathund-ivpa.md", QUICKREF),
    ]);
    assert_problem(
        &found,
        "guidelines/lathund-ivpa.md",
        4,
        "does not belong in this folder",
    );
}

#[test]
fn unknown_units_and_municipalities_are_refused_on_their_lines() {
    let text = CONTACTS.replace("unit = \"orust-hsv\"", "unit = \"orust-hemsjukvard\"");
    let found = problems(&[("contacts.toml", &text)]);
    assert_problem(
        &found,
        "contacts.toml",
        16,
        "unknown unit \"orust-hemsjukvard\"",
    );

    let text = CONTACTS.replace("municipality = \"orust\"", "municipality = \"tjorn\"");
    let found = problems(&[("contacts.toml", &text)]);
    assert_problem(
        &found,
        "contacts.toml",
        17,
        "unknown municipality \"tjorn\"",
    );

    let text = UNITS.replace("municipality = \"orust\"", "municipality = \"ourst\"");
    let found = problems(&[("units.toml", &text)]);
    assert_problem(&found, "units.toml", 14, "unknown municipality \"ourst\"");
}

#[test]
fn table_mistakes_are_refused_on_their_lines() {
    let text = UNITS.replace("lat = 58.23", "lat = 158.23");
    let found = problems(&[("units.toml", &text)]);
    assert_problem(&found, "units.toml", 7, "outside");

    let text = UNITS.replace("ivpa = \"full\"", "ivpa = \"sometimes\"");
    let found = problems(&[("units.toml", &text)]);
    assert_problem(&found, "units.toml", 6, "sometimes");

    let text = CONTACTS.replace("id = \"orust-jour\"", "id = \"sos\"");
    let found = problems(&[("contacts.toml", &text)]);
    assert_problem(
        &found,
        "contacts.toml",
        11,
        "duplicate contact id \"sos\" (first on line 4)",
    );

    let text = CONTACTS.replace("phone = \"112\"", "phone = \"ring SOS\"");
    let found = problems(&[("contacts.toml", &text)]);
    assert_problem(&found, "contacts.toml", 7, "no digits");

    let text = CONTACTS.replace("hours = \"Dygnet runt\"\n", "hours = \"Dygnet runt\n");
    let found = problems(&[("contacts.toml", &text)]);
    assert_problem(&found, "contacts.toml", 8, "");

    let found = problems(&[("units.toml", "")]);
    assert_problem(&found, "units.toml", 1, "cannot be read");
}

#[test]
fn a_synonym_in_two_groups_is_refused() {
    let text = format!("{SYNONYMS}stopp, hlr\nensam\n");
    let found = problems(&[("synonyms.txt", &text)]);
    assert_problem(
        &found,
        "synonyms.txt",
        3,
        "\"hlr\" is already in the group on line 2",
    );
    assert_problem(&found, "synonyms.txt", 4, "at least two terms");
}

#[test]
fn all_problems_are_reported_in_one_run_sorted() {
    let guide = GUIDE.replace("doc:lathund-ivpa", "doc:saknas");
    let contacts = CONTACTS.replace("unit = \"orust-hsv\"", "unit = \"x\"");
    let found = problems(&[
        ("guidelines/hjartstopp-vuxen.md", &guide),
        ("contacts.toml", &contacts),
    ]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].file, PathBuf::from("contacts.toml"));
}

#[test]
fn the_shipped_sample_content_is_valid_and_complete() {
    let b = shipped_content();
    assert!(b.sample, "sample content must say so");
    assert!(b.documents.iter().all(|d| d.sample));
    for id in [
        "lathund-ivpa",
        "lathund-assistans-vc-jc",
        "lathund-aterrapportering",
        "lathund-mava-direkt",
        "hjartstopp-vuxen",
        "hjartstopp-barn",
    ] {
        assert!(b.documents.iter().any(|d| d.id == id), "{id} missing");
    }
    let chapters: std::collections::BTreeSet<_> = b
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::Guideline && d.audience == Audience::Adult)
        .filter_map(|d| d.chapter.clone())
        .collect();
    assert_eq!(chapters.len(), 9, "adult chapters: {chapters:?}");
    assert!(b.documents.iter().any(|d| d.audience == Audience::Child));
    let ivpa = |id: &str| {
        b.municipalities
            .iter()
            .find(|m| m.id.as_str() == id)
            .map(|m| m.ivpa)
    };
    for none in ["trollhattan", "uddevalla", "vanersborg"] {
        assert_eq!(ivpa(none), Some(IvpaService::None), "{none}");
    }
    assert_eq!(ivpa("orust"), Some(IvpaService::Full));
    // Every phone number but the national ones is in PTS's range for fiction.
    for c in &b.contacts {
        let digits: String = c.phone.chars().filter(char::is_ascii_digit).collect();
        assert!(
            digits == "112" || digits == "1177" || digits.starts_with("03139006"),
            "{} has a real-looking number {}",
            c.id,
            c.phone
        );
    }
}
