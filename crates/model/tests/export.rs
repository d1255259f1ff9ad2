//! The journal export as text and as the printable handover sheet: the lines a journal needs,
//! in order; corrected and retracted items left out and counted; no coordinate for a missing
//! position; no identity once it is purged; ÖVNING on a practice job; hostile text escaped.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;
mod export_jobs;

use export_jobs::*;
use samverka_model::export::sheet::handover_sheet;
use samverka_model::export::text::journal_text;
use samverka_model::export::{ExportContext, ExportError};
use samverka_model::{JobId, JobView};

fn text(shape: Shape) -> String {
    journal_text(&ivpa(shape), &ctx()).unwrap()
}

#[test]
fn the_text_has_the_journal_sections_in_order() {
    let t = text(FULL);
    let headings = [
        "Akutjournal – IVPA-uppdrag",
        "UPPDRAG",
        "TIDER",
        "PATIENT",
        "POSITION VID ANKOMST",
        "KONTAKTORSAK OCH ABCDE",
        "VITALPARAMETRAR",
        "ÅTGÄRDER",
        "LÄKEMEDEL",
        "ANTECKNINGAR",
        "SBAR",
    ];
    let mut from = 0;
    for h in headings {
        let pos = t[from..]
            .lines()
            .position(|l| l == h)
            .unwrap_or_else(|| panic!("{h} missing after byte {from}:\n{t}"));
        from += t[from..]
            .lines()
            .take(pos + 1)
            .map(|l| l.len() + 1)
            .sum::<usize>();
    }
    assert!(!t.contains("ÖVNING"), "{t}");
}

#[test]
fn the_text_says_what_a_journal_needs() {
    let t = text(FULL);
    for line in [
        "Uppdragsform: IVPA-uppdrag",
        "Beställare: SOS Alarm/SvLc",
        "Utförare: Tanums hemsjukvård (kommunal sjuksköterska)",
        "Kommun: Tanum",
        "Status: avslutat",
        "Ansvarig sjuksköterska: Anna Andersson (03:58), Bodil Berg (04:21)",
        // T0 is 2026-03-14 02:58 UTC = 03:58 CET.
        "Larm/beställning: 2026-03-14 03:58",
        "Framme: 2026-03-14 04:09",
        "Ambulans på plats: 2026-03-14 04:22",
        "Personnummer: 19121212-1212",
        "Namn: Tolvan Tolvansson",
        "Kön, ålder: Kvinna, 84 år",
        "58,700000° N, 11,340000° E (±13 m) (04:09)",
        "Kontaktorsak: Bröstsmärta sedan en timme",
        "A – Luftväg: Fri",
        "04:11: AF 24/min, SpO2 93 % utan syrgas, BT 105/60 mmHg, puls 118/min, ACVPU vaken (A), temp 38,4 °C, RLS-85 1, GCS 15 (E4 V5 M6), P-glukos 6,2 mmol/l, smärta 6/10. NEWS2 8 (hög risk).",
        "04:20: AF 20/min, SpO2 96 % med syrgas, BT 120/70 mmHg, puls 96/min, ACVPU vaken (A). NEWS2 3 (låg risk, ofullständig).",
        // A palpated systolic pressure: the diastolic is a dash, never a number.
        "04:23: AF 22/min, SpO2 94 % med syrgas, BT 98/– mmHg, puls 104/min, ACVPU nytillkommen förvirring (C), temp 38,1 °C, RLS-85 2, GCS 14 (E4 V4 M6), P-glukos 5,8 mmol/l, smärta 4/10. NEWS2 12 (hög risk).",
        "1 rättad eller struken post visas inte; den finns kvar i appens historik.",
        "04:13: Syrgas (2 l/min)",
        "04:14: Annan åtgärd (EKG taget)",
        "04:15: Nitroglycerin, 0,4 mg, sublingualt",
        "04:18: Acetylsalicylsyra, 2 tabletter, po",
        "Anhörig på plats.",
        "  Nitroglycerin i hemmet.",
        "S – Situation: 84-årig kvinna med bröstsmärta, NEWS2 6.",
        "R – Rekommendation: Transport till akutmottagning.",
        "Överlämnat till: Ambulans 3410",
        "Exporterad från Samverka 2026-03-14 05:10 (svensk tid).",
    ] {
        assert!(t.lines().any(|l| l == line), "missing {line:?} in\n{t}");
    }
    // The corrected pulse and the retracted morphine are not in the record.
    assert!(!t.contains("puls 180"), "{t}");
    assert!(!t.contains("Morfin"), "{t}");
}

#[test]
fn a_missing_position_is_said_and_never_a_coordinate() {
    let t = text(Shape {
        position: Some(false),
        ..FULL
    });
    assert!(
        t.lines()
            .any(|l| l == "Position saknas (appen fick inte använda platsen) (04:09)"),
        "{t}"
    );
    assert!(!t.contains("° N") && !t.contains("° E"), "{t}");
    assert!(t.contains("Kommun: Orust"), "{t}");
    let none = text(Shape {
        position: None,
        ..FULL
    });
    let after = none.split("POSITION VID ANKOMST\n").nth(1).unwrap();
    assert!(after.starts_with("Ej dokumenterat\n"), "{none}");
}

#[test]
fn a_purged_identity_leaves_no_trace_but_sex_and_age() {
    let t = text(Shape {
        identity: false,
        ..FULL
    });
    assert!(!t.contains("Personnummer"), "{t}");
    assert!(!t.contains("1212"), "{t}");
    assert!(!t.contains("Tolvan"), "{t}");
    assert!(t.contains("PATIENT\nKön, ålder: Kvinna, 84 år\n"), "{t}");
}

#[test]
fn a_practice_job_says_so_first() {
    let t = text(Shape {
        practice: true,
        ..FULL
    });
    assert!(t.starts_with("ÖVNING – "), "{t}");
}

#[test]
fn a_job_without_its_creating_entry_is_not_exported() {
    let empty = JobView::new(JobId(uuid::Uuid::nil()));
    let c = ExportContext::new(samverka_model::Timestamp(0));
    assert_eq!(journal_text(&empty, &c), Err(ExportError::NotCreated));
    assert_eq!(handover_sheet(&empty, &c), Err(ExportError::NotCreated));
    assert_eq!(
        samverka_model::export::fhir::bundle(&empty, &c),
        Err(ExportError::NotCreated)
    );
}

#[test]
fn nurses_are_named_and_an_unknown_one_is_said_to_be_unknown() {
    let mut c = ctx();
    c.nurse_names
        .remove(&samverka_model::UserId::new("nurse-2"));
    let view = ivpa(FULL);
    let t = journal_text(&view, &c).unwrap();
    assert!(
        t.lines().any(|l| l
            == "Ansvarig sjuksköterska: Anna Andersson (03:58), Okänd användare (nurse-2) (04:21)"),
        "{t}"
    );
    let s = handover_sheet(&view, &c).unwrap();
    assert!(
        s.contains("<td>04:21</td><td>Okänd användare (nurse-2)</td>"),
        "{s}"
    );
    // With the staff list's names, no user id is left in either.
    let named = journal_text(&view, &ctx()).unwrap() + &handover_sheet(&view, &ctx()).unwrap();
    assert!(!named.contains("nurse-"), "{named}");
}

#[test]
fn the_sheet_has_its_parts() {
    let s = handover_sheet(&ivpa(FULL), &ctx()).unwrap();
    assert!(s.starts_with(r#"<article class="handover-sheet">"#), "{s}");
    assert!(s.ends_with("</article>"), "{s}");
    for part in [
        r#"<h1 class="hs-title">Överrapportering – IVPA-uppdrag</h1>"#,
        "<dt>Personnummer</dt><dd>19121212-1212</dd>",
        r#"<div class="hs-sbar-box"><h3>S – Situation</h3><p>84-årig kvinna med bröstsmärta, NEWS2 6.</p></div>"#,
        r#"<div class="hs-sbar-box"><h3>R – Rekommendation</h3>"#,
        r#"<p class="hs-news2 hs-news2-high">NEWS2 12 (hög risk)</p>"#,
        "BT 98/– mmHg",
        "GCS 14 (E4 V4 M6)",
        "<td>04:15</td><td>Nitroglycerin</td><td>0,4 mg</td><td>sublingualt</td>",
        r#"<p class="hs-position"><strong>Position vid ankomst:</strong> 58,700000° N, 11,340000° E (±13 m) (04:09)</p>"#,
        "<td>04:21</td><td>Bodil Berg</td><td>Tar över dokumentationen</td>",
        r#"<p class="hs-signature">Mottagen av (namn, underskrift)</p>"#,
    ] {
        assert!(s.contains(part), "missing {part:?} in\n{s}");
    }
    assert!(!s.contains("Morfin"), "{s}");
    assert!(!s.contains("style="), "{s}");
    assert!(!s.contains("<script"), "{s}");
}

#[test]
fn hostile_text_comes_out_escaped_on_the_sheet() {
    let shape = Shape {
        hostile: true,
        ..FULL
    };
    let s = handover_sheet(&ivpa(shape), &ctx()).unwrap();
    assert!(!s.contains("<script"), "{s}");
    assert!(!s.contains(r#"alert("x")"#), "{s}");
    assert!(!s.contains("& '"), "{s}");
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;citat&#39;";
    // Name, chief complaint, SBAR, intervention, drug and hand-on note all carry it.
    assert!(s.matches(escaped).count() >= 6, "{s}");
    // And the sheet's own markup stays balanced: as many <article> as </article>.
    assert_eq!(
        s.matches("<article").count(),
        s.matches("</article>").count()
    );
    assert_eq!(
        s.matches("<section").count(),
        s.matches("</section>").count()
    );
}

#[test]
fn the_sheet_of_a_purged_job_has_no_identity_and_a_practice_sheet_is_marked() {
    let s = handover_sheet(
        &ivpa(Shape {
            identity: false,
            position: Some(false),
            practice: true,
            hostile: false,
        }),
        &ctx(),
    )
    .unwrap();
    assert!(!s.contains("Personnummer") && !s.contains("Tolvan"), "{s}");
    assert!(!s.contains("° N") && !s.contains("° E"), "{s}");
    assert!(
        s.starts_with(r#"<article class="handover-sheet practice"><p class="hs-practice">ÖVNING"#),
        "{s}"
    );
}
