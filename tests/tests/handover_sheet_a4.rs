//! The handover sheet as a real A4 page: a typical IVPA job's sheet (the model's export tests'
//! whole callout: identity, three vital-sign sets with a palpated pressure, ACVPU, RLS-85,
//! GCS, glucose, pain, NEWS2, interventions, drugs, SBAR, the position, a hand-on) as the
//! terminal export writes it (`samverka-device export --format sheet`: the app's stylesheet
//! with its print rules), printed to PDF by headless Chromium, turned into PNG by `pdftoppm`.
//! It must be one A4 page with every word inside the page's margins; the PNG is saved to
//! `target/screenshots/handover-sheet-a4.png`.
#![allow(clippy::unwrap_used, missing_docs)]

// The same jobs the model's export tests check against HL7's profiles.
#[path = "../../crates/model/tests/common/mod.rs"]
mod common;
#[path = "../../crates/model/tests/export_jobs/mod.rs"]
mod export_jobs;

use export_jobs::*;
use samverka_model::export::sheet::handover_sheet;
use samverka_system_tests::app::screenshot_dir;
use samverka_system_tests::run_ok;
use std::path::Path;
use std::process::Command;

/// A4 in PostScript points.
const A4_PT: (f64, f64) = (595.28, 841.89);
/// The smallest margin a word may keep to the paper's edge: most printers cannot print the
/// outer 5 mm, and the stylesheet asks for 15 mm.
const MIN_MARGIN_PT: f64 = 10.0 / 25.4 * 72.0;

/// Prints an HTML file to PDF with headless Chromium (the page's own `@page` size).
fn print_to_pdf(html: &Path, pdf: &Path) {
    run_ok(
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-pdf-header-footer",
                "--run-all-compositor-stages-before-draw",
            ])
            .arg(format!(
                "--user-data-dir={}",
                html.with_extension("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display())),
    );
    assert!(pdf.exists(), "Chromium wrote no PDF");
}

/// Every word's box on every page, from `pdftotext -bbox`: (page, word, xMin, yMin, xMax, yMax).
fn words(pdf: &Path) -> Vec<(usize, String, f64, f64, f64, f64)> {
    let html = run_ok(Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"));
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let attr = |name: &str| -> f64 {
            let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[at..at + rest[at..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let text = rest[rest.find('>').unwrap() + 1..rest.rfind("</word>").unwrap()].to_owned();
        out.push((
            page,
            text,
            attr("xMin"),
            attr("yMin"),
            attr("xMax"),
            attr("yMax"),
        ));
    }
    out
}

#[test]
fn a_typical_ivpa_sheet_prints_on_one_a4_page_with_nothing_cut() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("sheet.html");
    let pdf = dir.path().join("sheet.pdf");
    let sheet = handover_sheet(&ivpa(FULL), &ctx()).unwrap();
    let page = samverka_device::export::sheet_page(&sheet);
    std::fs::write(&html, &page).unwrap();
    print_to_pdf(&html, &pdf);
    // Kept beside the picture, for looking into a failure.
    let shots = screenshot_dir();
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::copy(&pdf, shots.join("handover-sheet-a4.pdf")).unwrap();

    // One page, A4.
    let info = run_ok(Command::new("pdfinfo").arg(&pdf));
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{name} in {info}"))
            .to_owned()
    };
    assert_eq!(field("Pages:"), "1", "{info}");
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (size[0] - A4_PT.0).abs() < 1.0 && (size[1] - A4_PT.1).abs() < 1.0,
        "not A4: {info}"
    );

    // Every word inside the margins, and the sheet's first and last lines are there: nothing
    // was cut at an edge or pushed off the page.
    let words = words(&pdf);
    assert!(words.len() > 150, "{} words", words.len());
    for (page, w, x0, y0, x1, y1) in &words {
        assert_eq!(*page, 1);
        assert!(
            *x0 >= MIN_MARGIN_PT
                && *y0 >= MIN_MARGIN_PT
                && *x1 <= A4_PT.0 - MIN_MARGIN_PT
                && *y1 <= A4_PT.1 - MIN_MARGIN_PT,
            "{w:?} at ({x0}, {y0})–({x1}, {y1}) is within {MIN_MARGIN_PT:.0} pt of the edge"
        );
    }
    let text: Vec<&str> = words.iter().map(|w| w.1.as_str()).collect();
    let joined = text.join(" ");
    for part in [
        "Överrapportering",
        "19121212-1212",
        "Situation",
        "Rekommendation",
        "NEWS2 12",
        "GCS 14",
        "Nitroglycerin",
        "Bodil Berg",
        "Mottagen av",
        "Exporterad från Samverka",
    ] {
        assert!(joined.contains(part), "{part:?} not printed: {joined}");
    }

    // The page as a picture, for a person to look at; its outer margin is blank paper.
    let stem = shots.join("handover-sheet-a4");
    run_ok(
        Command::new("pdftoppm")
            .args(["-png", "-r", "100", "-singlefile"])
            .arg(&pdf)
            .arg(&stem),
    );
    let png = stem.with_extension("png");
    assert!(png.exists());
    let ppm = dir.path().join("page");
    run_ok(
        Command::new("pdftoppm")
            .args(["-r", "50", "-gray", "-singlefile"])
            .arg(&pdf)
            .arg(&ppm),
    );
    let pgm = std::fs::read(ppm.with_extension("pgm")).unwrap();
    let (w, h, pixels) = parse_pgm(&pgm);
    // 10 mm at 50 dpi ≈ 19 px: the band along every edge is white.
    let band = 19;
    for y in 0..h {
        for x in 0..w {
            if x < band || y < band || x >= w - band || y >= h - band {
                assert!(
                    pixels[y * w + x] > 250,
                    "ink at ({x}, {y}) within 10 mm of the edge"
                );
            }
        }
    }
}

/// A binary PGM (P5, 8-bit) as width, height and pixels.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap().to_owned());
    }
    assert_eq!(fields[0], "P5");
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    (w, h, &bytes[at + 1..at + 1 + w * h])
}
