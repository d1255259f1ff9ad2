//! The phone's content: installed whole or not at all, searched offline as the nurse types.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{key, published, shipped};
use samverka_device::Store;
use samverka_model::Timestamp;
use samverka_model::content::{Audience, ContentBundle, DocKind, Document, MARK_END, MARK_START};

fn ids(store: &Store, typed: &str, audience: Audience) -> Vec<String> {
    store
        .search(typed, audience, 10)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn doc(id: &str, title: &str, body: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        kind: DocKind::Guideline,
        audience: Audience::Adult,
        chapter: Some("1".into()),
        version: "1".into(),
        valid_from: "2025-01-01".into(),
        owner: "Regionen".into(),
        sample: false,
        body: body.into(),
    }
}

#[test]
fn the_cardiac_arrest_chapter_is_found_typed_any_way() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(
        s.install_content(&published(1, shipped()), Timestamp(0))
            .unwrap()
    );
    // Without diacritics, by its synonym, and half-typed.
    for typed in [
        "hjartstopp",
        "HLR",
        "hjärtst",
        "Hjärtstopp",
        "hjart-lungraddning",
    ] {
        let found = ids(&s, typed, Audience::Adult);
        assert_eq!(
            found.first().map(String::as_str),
            Some("hjartstopp-vuxen"),
            "{typed}: {found:?}"
        );
    }
    // The child switch finds the children's chapter first, and never an adult-only one.
    let found = ids(&s, "hjärtstopp", Audience::Child);
    assert_eq!(
        found.first().map(String::as_str),
        Some("hjartstopp-barn"),
        "{found:?}"
    );
    assert!(!found.contains(&"hjartstopp-vuxen".to_owned()), "{found:?}");
    // Nothing typed, nothing found; nonsense finds nothing.
    assert!(ids(&s, "  ", Audience::Adult).is_empty());
    assert!(ids(&s, "xqzv", Audience::Adult).is_empty());
}

#[test]
fn titles_rank_above_text_and_snippets_mark_the_words() {
    let mut s = Store::open_in_memory().unwrap();
    let bundle = ContentBundle {
        documents: vec![
            doc(
                "andning",
                "Andningsbesvär",
                "Kramper kramper kramper kan ge andningsbesvär. Vid kramper: se kapitlet.",
            ),
            doc("kramper", "Kramper", "Skydda patienten."),
        ],
        contacts: vec![],
        municipalities: vec![],
        units: vec![],
        synonyms: vec![],
        sample: false,
        question_banks: Vec::new(),
        scenarios: Vec::new(),
        form_lists: Vec::new(),
    };
    s.install_content(&published(1, bundle), Timestamp(0))
        .unwrap();
    assert_eq!(ids(&s, "kramp", Audience::Adult), ["kramper", "andning"]);
    let hits = s.search("kramp", Audience::Adult, 10).unwrap();
    let snippet = &hits[1].snippet;
    assert!(
        snippet.contains(&format!("{MARK_START}Kramper{MARK_END}")),
        "{snippet:?}"
    );
}

#[test]
fn a_bundle_that_fails_half_way_leaves_the_old_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.db");
    let mut s = Store::open(&path, &key()).unwrap();
    let first = shipped();
    let docs = first.documents.len();
    s.install_content(&published(1, first.clone()), Timestamp(0))
        .unwrap();

    // Version 2 breaks at its last document (a duplicate id the store refuses).
    let mut broken = first.clone();
    broken.documents.push(doc("ny", "Nytt kapitel", "Nytt."));
    let dup = broken.documents[0].clone();
    broken.documents.push(dup);
    assert!(
        s.install_content(&published(2, broken), Timestamp(1))
            .is_err()
    );

    let check = |s: &Store| {
        assert_eq!(s.content_status().unwrap().version, Some(1));
        assert_eq!(s.documents(Audience::All).unwrap().len(), docs);
        assert!(s.document("ny").unwrap().is_none());
        assert_eq!(
            ids(s, "hlr", Audience::Adult).first().map(String::as_str),
            Some("hjartstopp-vuxen")
        );
        assert_eq!(s.contacts().unwrap().len(), first.contacts.len());
    };
    check(&s);
    drop(s);
    // After a restart, offline: the same.
    check(&Store::open(&path, &key()).unwrap());
}

#[test]
fn versions_only_move_forward_and_the_notice_follows_them() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.content_status().unwrap().version, None);
    assert!(
        s.install_content(&published(2, shipped()), Timestamp(0))
            .unwrap()
    );
    let st = s.content_status().unwrap();
    assert_eq!(st.version, Some(2));
    assert!(st.unseen && st.sample);
    s.mark_content_seen().unwrap();
    assert!(!s.content_status().unwrap().unseen);
    // An older or the same version changes nothing.
    assert!(
        !s.install_content(&published(1, shipped()), Timestamp(1))
            .unwrap()
    );
    assert!(
        !s.install_content(&published(2, shipped()), Timestamp(1))
            .unwrap()
    );
    assert!(!s.content_status().unwrap().unseen);
    assert!(
        s.install_content(&published(3, shipped()), Timestamp(2))
            .unwrap()
    );
    assert!(s.content_status().unwrap().unseen);
}

#[test]
fn documents_are_listed_in_chapter_order_and_rendered_safely() {
    let mut s = Store::open_in_memory().unwrap();
    s.install_content(&published(1, shipped()), Timestamp(0))
        .unwrap();
    let adult = s.documents(Audience::Adult).unwrap();
    let chapters: Vec<_> = adult
        .iter()
        .filter(|d| d.kind == DocKind::Guideline)
        .map(|d| d.chapter.clone().unwrap())
        .collect();
    assert_eq!(chapters, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    assert!(adult.iter().any(|d| d.kind == DocKind::Quickref));
    assert!(adult.iter().all(|d| d.audience != Audience::Child));
    let child = s.documents(Audience::Child).unwrap();
    assert!(child.iter().any(|d| d.id == "barn-oversikt"));

    let page = s.document("lathund-ivpa").unwrap().unwrap();
    assert!(page.sample);
    assert!(
        page.html.contains("href=\"#doc:"),
        "internal links become app anchors"
    );
    assert!(!page.html.contains("<script"));
    let contacts = s.contacts().unwrap();
    assert!(contacts.iter().any(|c| c.phone == "112"));
    let m = s.municipalities().unwrap();
    assert!(m.iter().any(|m| m.id.as_str() == "trollhattan"));
}
