//! The annual report and the quarter's figures as documents, and the form's lists as content:
//!
//! 1. The 2025 report's fixture (`crates/model/tests/report_fixture`: 2024, 2025 and 2026's
//!    first quarter, built from the report's and the quarterly figures) in a region, printed by
//!    the real CLI (`report --year 2025 --out …pdf`, headless Chromium), rendered to PNG with
//!    `pdftoppm` and read back with `pdftotext`: every table's figures equal the model's counts
//!    of the same rows; the quarter's tables give the operative group's figures back
//!    (316/15, 357/21, 312/9). Pages saved as `target/screenshots/report-*.png`.
//! 2. Without Chromium the CLI says so and makes no file.
//! 3. A new year's lists: a phone files a 2025 form, the region publishes 2026's lists (one
//!    problem renamed, one new), the phone files a 2026 form with the new code; the dashboard and
//!    the report label it, the 2025 form keeps its 2025 label, and a code no list has is shown
//!    as unknown with its code.
#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../crates/model/tests/report_fixture/mod.rs"]
mod report_fixture;

use samverka_model::doc::Patch;
use samverka_model::form::{
    Arrival, Benefit, InfoMatched, ListKind, Outcome, PreventedVisit, StatsForm,
};
use samverka_model::record::Sex;
use samverka_model::stats::{AGE_BANDS, Dim, Filter, Report, StatsRow, UNANSWERED, aggregate};
use samverka_model::{EntryBody, JobHeader, JobType, PerformerKind, Timestamp, sv};
use samverka_system_tests::app::screenshot_dir;
use samverka_system_tests::phone::Phone;
use samverka_system_tests::region::{Region, region_bin};
use samverka_system_tests::run_ok;
use std::path::{Path, PathBuf};
use std::process::Command;

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// The PDF's text laid out as on the page (`pdftotext -layout`).
fn pdf_text(pdf: &Path) -> String {
    run_ok(Command::new("pdftotext").arg("-layout").arg(pdf).arg("-"))
}

fn pages(pdf: &Path) -> usize {
    let info = run_ok(Command::new("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Page `page` of `pdf` as `target/screenshots/<name>.png`.
fn shoot(pdf: &Path, page: usize, name: &str) -> PathBuf {
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let stem = dir.join(name);
    let p = page.to_string();
    run_ok(
        Command::new("pdftoppm")
            .args(["-png", "-r", "80", "-singlefile", "-f", &p, "-l", &p])
            .arg(pdf)
            .arg(&stem),
    );
    let png = stem.with_extension("png");
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "{} is a page",
        png.display()
    );
    png
}

/// The text of the table whose caption starts with `caption` (up to the next table or heading
/// of the same kind).
fn table<'a>(text: &'a str, caption: &str) -> &'a str {
    let start = text
        .find(caption)
        .unwrap_or_else(|| panic!("{caption:?} not in the PDF:\n{text}"));
    let rest = &text[start + caption.len()..];
    let end = rest.find("Tabell ").unwrap_or(rest.len());
    &rest[..end]
}

/// The figures of the row labelled `label` in `table` (`pdftotext -layout` keeps a row on one
/// line): its words after the label, a `%` joined to its number.
fn row(table: &str, label: &str) -> Vec<String> {
    let line = table
        .lines()
        .map(str::trim)
        .find(|l| {
            l.strip_prefix(label).is_some_and(|rest| {
                rest.starts_with("  ")
                    || rest.starts_with(' ')
                        && rest
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit() || c == '–')
            })
        })
        .unwrap_or_else(|| panic!("no row {label:?} in:\n{table}"));
    let mut cells: Vec<String> = Vec::new();
    for w in line[label.len()..].split_whitespace() {
        // "22 %" may come out as "22%": the space before the sign is narrow on the page.
        if let Some(n) = w.strip_suffix('%').filter(|n| !n.is_empty()) {
            cells.push(format!("{n} %"));
        } else if w == "%" {
            if let Some(last) = cells.last_mut() {
                last.push_str(" %");
            }
        } else {
            cells.push(w.to_owned());
        }
    }
    cells
}

fn report(rows: &[StatsRow], year: i32) -> Report {
    let filter = Filter {
        from: Some(format!("{year}-01-01")),
        to: Some(format!("{}-01-01", year + 1)),
        ..Filter::default()
    };
    Report {
        cells: aggregate(rows, &filter),
        filter,
    }
}

fn first_quarter(rows: &[StatsRow], year: i32) -> Report {
    let filter = Filter {
        from: Some(format!("{year}-01-01")),
        to: Some(format!("{year}-04-01")),
        ..Filter::default()
    };
    Report {
        cells: aggregate(rows, &filter),
        filter,
    }
}

/// The report's "utförda": done, and IVPA aborted by dispatch.
fn carried(r: &Report, dim: Dim, t: Option<JobType>, k: Option<&str>) -> u64 {
    r.done_including_aborted(dim, t, k)
}

fn pct(part: u64, whole: u64) -> String {
    format!("{} %", (100 * part + whole / 2) / whole)
}

/// A region holding the fixture's three years and the shipped content; and the content's
/// form lists as the region reads them.
async fn region_with_fixture() -> (Region, Vec<StatsRow>, samverka_model::form::FormLists) {
    let region = Region::sqlite();
    let out = region.cli(&["content", "publish", content_dir().to_str().unwrap()]);
    assert!(out.starts_with("published content version 1"), "{out}");
    let rows = report_fixture::all_years();
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    assert_eq!(storage.import_stats(&rows).await.unwrap(), rows.len());
    let lists = samverka_region::published::load(&*storage)
        .await
        .unwrap()
        .lists;
    (region, rows, lists)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_2025_report_prints_the_models_counts_and_the_quarter_its_figures() {
    let (region, rows, lists) = region_with_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report-2025.pdf");
    let out = region.cli(&["report", "--year", "2025", "--out", pdf.to_str().unwrap()]);
    assert!(out.contains("1365 jobs carried out"), "{out}");
    let n = pages(&pdf);
    assert!((4..=20).contains(&n), "{n} pages");
    let text = pdf_text(&pdf);
    let (r, last) = (report(&rows, 2025), report(&rows, 2024));

    // Tabell 1: per type, this year beside the last.
    let t1 = table(&text, "Tabell 1.");
    for (label, t) in JobType::ALL
        .iter()
        .map(|t| (sv::job_type(*t), Some(*t)))
        .chain([("Totalt", None)])
    {
        let want: Vec<String> = [
            carried(&r, Dim::Total, t, None),
            carried(&last, Dim::Total, t, None),
            r.count(Dim::Total, t, Some(Outcome::Done), None),
            carried(&r, Dim::Performer, t, Some("municipal")),
            carried(&r, Dim::Performer, t, Some("ambulance")),
            r.count(Dim::Total, t, Some(Outcome::Declined), None),
            last.count(Dim::Total, t, Some(Outcome::Declined), None),
            r.count(Dim::Total, t, Some(Outcome::Aborted), None),
        ]
        .iter()
        .map(u64::to_string)
        .collect();
        assert_eq!(row(t1, label), want, "Tabell 1, {label}");
    }
    // The report's own headline figures, through the model and the PDF.
    assert_eq!(
        row(t1, "Totalt"),
        ["1365", "1263", "1355", "947", "418", "71", "69", "10"]
    );

    // Tabell 2: per municipality, named from the content.
    let t2 = table(&text, "Tabell 2.");
    for (code, name) in [
        ("orust", "Orust"),
        ("lilla-edet", "Lilla Edet"),
        ("trollhattan", "Trollhättan"),
    ] {
        let mut want: Vec<String> = JobType::ALL
            .iter()
            .map(|t| carried(&r, Dim::Municipality, Some(*t), Some(code)).to_string())
            .collect();
        want.push(carried(&r, Dim::Municipality, None, Some(code)).to_string());
        want.push(carried(&last, Dim::Municipality, None, Some(code)).to_string());
        assert_eq!(row(t2, name), want, "Tabell 2, {name}");
    }

    // Tabell 3–4: sex and the ten-year age bands.
    let t4 = table(&text, "Tabell 4.");
    let aged =
        carried(&r, Dim::AgeBand, None, None) - carried(&r, Dim::AgeBand, None, Some(UNANSWERED));
    for band in AGE_BANDS {
        let mut want: Vec<String> = JobType::ALL
            .iter()
            .map(|t| carried(&r, Dim::AgeBand, Some(*t), Some(band)).to_string())
            .collect();
        let all = carried(&r, Dim::AgeBand, None, Some(band));
        want.push(all.to_string());
        want.push(pct(all, aged));
        want.push(carried(&last, Dim::AgeBand, None, Some(band)).to_string());
        assert_eq!(
            row(t4, &format!("{} år", band.replace('-', "–"))),
            want,
            "age {band}"
        );
    }
    let t3 = table(&text, "Tabell 3.");
    let male = carried(&r, Dim::Sex, Some(JobType::Ivpa), Some("male"));
    // The columns follow the job types' order (IVPA first).
    assert_eq!(row(t3, sv::sex(Sex::Male))[0], male.to_string());

    // Tabell 5a: what the IVPA jobs were about, with the report's shares (chest pain 22 %,
    // neurological 19 %, breathing 14 %).
    let t5 = table(&text, "Tabell 5a.");
    let ivpa = Some(JobType::Ivpa);
    let answered =
        carried(&r, Dim::Problem, ivpa, None) - carried(&r, Dim::Problem, ivpa, Some(UNANSWERED));
    for code in r.keys(Dim::Problem).into_iter().filter(|k| k != UNANSWERED) {
        let n = carried(&r, Dim::Problem, ivpa, Some(&code));
        if n == 0 {
            continue;
        }
        let label = lists.label_on(ListKind::Problem, &code, "2025-06-01");
        let want = vec![
            n.to_string(),
            pct(n, answered),
            carried(&last, Dim::Problem, ivpa, Some(&code)).to_string(),
        ];
        assert_eq!(row(t5, &label), want, "IVPA problem {code}");
    }
    assert_eq!(row(t5, "Bröstsmärta")[1], "22 %");
    assert_eq!(row(t5, "Neurologiska besvär")[1], "19 %");
    // Tabell 6b: the 1177 jobs' actions.
    let t6 = table(&text, "Tabell 6b.");
    let nl = Some(JobType::NurseLine);
    let with_actions =
        carried(&r, Dim::Action, nl, None) - carried(&r, Dim::Action, nl, Some(UNANSWERED));
    let cath = carried(&r, Dim::Action, nl, Some("catheter_care"));
    assert_eq!(
        row(t6, "Katetervård")[..2],
        [cath.to_string(), pct(cath, with_actions)]
    );

    // Tabell 8: prevented visits; Tabell 9: benefit.
    let t8 = table(&text, "Tabell 8.");
    let a = Some(JobType::Assistance);
    assert_eq!(
        row(t8, sv::job_type(JobType::Assistance)),
        [
            carried(&r, Dim::PreventedVisit, a, Some("emergency")),
            carried(&last, Dim::PreventedVisit, a, Some("emergency")),
            carried(&r, Dim::PreventedVisit, a, Some("primary_care")),
            carried(&last, Dim::PreventedVisit, a, Some("primary_care")),
        ]
        .map(|n| n.to_string())
    );
    let t9 = table(&text, "Tabell 9.");
    let very_good: Vec<String> = JobType::ALL
        .iter()
        .map(|t| carried(&r, Dim::Benefit, Some(*t), Some("very_good")).to_string())
        .collect();
    assert_eq!(row(t9, sv::benefit(Benefit::VeryGood)), very_good);

    // Tabell 10–11: IVPA arrival and time gain with its mean.
    let t10 = table(&text, "Tabell 10.");
    assert_eq!(
        row(t10, "Före ambulansen"),
        [
            "128",
            "80 %",
            &last
                .count(Dim::Arrival, ivpa, None, Some("before"))
                .to_string()
        ]
    );
    assert_eq!(row(t10, "Samtidigt som ambulansen")[0], "15");
    assert_eq!(row(t10, "Efter ambulansen")[0], "15");
    let t11 = table(&text, "Tabell 11.");
    for (i, (upper, n)) in report_fixture::MINUTE_BUCKETS_2025.iter().enumerate() {
        let label = format!("Inom {upper} min");
        assert_eq!(row(t11, &label)[0], n.to_string(), "bucket {i}");
    }
    let mean = r.ivpa_minutes_mean().unwrap();
    assert_eq!(
        row(t11, "Medel, minuter")[0],
        format!("{mean:.1}").replace('.', ",")
    );

    // The pages as pictures: the first (the jobs and the years' chart) and the last (IVPA).
    let first = shoot(&pdf, 1, "report-2025-page-1");
    let end = shoot(&pdf, n, "report-2025-page-last");
    std::fs::copy(&pdf, screenshot_dir().join("report-2025.pdf")).unwrap();
    eprintln!("{} and {} ({n} pages)", first.display(), end.display());

    // The quarter: January–March 2026 beside 2025 and 2024, the operative group's figures.
    let qpdf = dir.path().join("q1-2026.pdf");
    region.cli(&[
        "report",
        "--year",
        "2026",
        "--quarter",
        "1",
        "--out",
        qpdf.to_str().unwrap(),
    ]);
    let qtext = pdf_text(&qpdf);
    assert!(
        qtext.contains("Samverkansuppdrag januari–mars 2026"),
        "{qtext}"
    );
    let q1 = table(&qtext, "Tabell 1.");
    for (year, done, declined) in [(2024, "316", "15"), (2025, "357", "21"), (2026, "312", "9")] {
        let cells = row(q1, &year.to_string());
        assert_eq!(
            (cells[0].as_str(), cells[2].as_str()),
            (done, declined),
            "{year}"
        );
        let model = first_quarter(&rows, year);
        assert_eq!(
            cells[0],
            carried(&model, Dim::Total, None, None).to_string()
        );
    }
    let q2 = table(&qtext, "Tabell 2.");
    for (t, want) in [
        (JobType::Assistance, ["134", "157", "127"]),
        (JobType::NurseLine, ["105", "99", "106"]),
        (JobType::Ivpa, ["21", "28", "28"]),
    ] {
        assert_eq!(row(q2, sv::job_type(t)), want, "{t:?}");
    }
    let q3 = table(&qtext, "Tabell 3.");
    let model = first_quarter(&rows, 2026);
    assert_eq!(
        row(q3, "IVPA-uppdrag inkl. avbrutna")[0],
        carried(&model, Dim::Total, ivpa, None).to_string()
    );
    assert_eq!(
        row(q3, "Kom före ambulans")[0],
        model
            .count(Dim::Arrival, ivpa, None, Some("before"))
            .to_string()
    );
    shoot(&qpdf, 1, "report-q1-2026-page-1");
}

#[test]
fn without_chromium_the_cli_says_so_and_writes_nothing() {
    let region = Region::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    let out = Command::new(region_bin())
        .args(["--db", region.db(), "report", "--year", "2025", "--out"])
        .arg(&pdf)
        .env("SAMVERKA_CHROMIUM", dir.path().join("no-such-chromium"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Chromium is not installed") && err.contains("apt-get install chromium"),
        "{err}"
    );
    assert!(!pdf.exists());
    // The HTML needs no browser.
    let html = dir.path().join("report.html");
    let said = Command::new(region_bin())
        .args(["--db", region.db(), "report", "--year", "2025", "--html"])
        .arg(&html)
        .env("SAMVERKA_CHROMIUM", dir.path().join("no-such-chromium"))
        .output()
        .unwrap();
    assert!(
        said.status.success(),
        "{}",
        String::from_utf8_lossy(&said.stderr)
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("Tabell 1.")
    );
}

/// Copies the shipped content to `to`.
fn copy_content(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    copy(&content_dir(), to);
}

/// A whole, valid form of a done IVPA job with `problem`.
fn done_form(problem: &str, unit_municipality: &str) -> StatsForm {
    StatsForm {
        job_type: Some(JobType::Ivpa),
        requester: Some(JobType::Ivpa.usual_requester(PerformerKind::Municipal)),
        performer: Some(PerformerKind::Municipal),
        municipality: Some(samverka_model::MunicipalityId::new(unit_municipality)),
        outcome: Some(Outcome::Done),
        patient_sex: Some(Sex::Female),
        patient_age: Some(81),
        problem: Some(problem.to_owned()),
        actions: Some(vec!["assessment".into()]),
        right_care_level: Some(true),
        stayed_home: Some(false),
        info_matched: Some(InfoMatched::Well),
        prevented_visit: Some(PreventedVisit::None),
        benefit: Some(Benefit::Good),
        arrival: Some(Arrival::Before),
        minutes_before_ambulance: Some(9),
        ..StatsForm::default()
    }
}

/// Creates a job requested at `at` and submits `form` on it, the phone's checks applied.
fn file(phone: &Phone, at: Timestamp, form: StatsForm) -> samverka_model::JobId {
    let mut s = phone.store.lock().unwrap();
    let header = JobHeader::on_call(
        JobType::Ivpa,
        PerformerKind::Municipal,
        phone.unit.clone(),
        at,
    );
    let job = s.create_job(&phone.user, header, at).unwrap().job;
    s.record(&phone.user, job, EntryBody::FormSubmitted { at, form }, at)
        .unwrap_or_else(|e| panic!("the phone refused the form: {e}"));
    job
}

async fn get(http: &reqwest::Client, region: &Region, token: &str, path: &str) -> String {
    let resp = http
        .get(format!("{}{path}", region.url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    resp.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_years_lists_label_a_new_code_and_an_old_form_keeps_its_label() {
    let region = Region::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_content(&content);
    let code = region.code_for("orust-hsv", "anna");
    let phone = Phone::enroll(&region.url(), &region.url(), &code).await;

    // 14 June 2025, 12:00 UTC: a job of the 2025 lists' year.
    let june_2025 = Timestamp(1_749_902_400_000);
    // Before the region publishes any lists, a code is only checked for its form: this one is
    // in no list, and must be shown as unknown, never dropped.
    let legacy = file(&phone, june_2025, done_form("abdominal_cramps", "orust"));
    phone.sync(Default::default()).await.unwrap();
    // The 2025 lists, then a 2025 form with one of them.
    let out = region.cli(&["content", "publish", content.to_str().unwrap()]);
    assert!(out.starts_with("published content version 1"), "{out}");
    phone.sync(Default::default()).await.unwrap();
    let old = file(
        &phone,
        Timestamp(june_2025.0 + 60_000),
        done_form("neurological", "orust"),
    );
    phone.sync(Default::default()).await.unwrap();

    // Next year's lists: "neurological" renamed as the 2026 figures name it, a new problem.
    let y2026 = std::fs::read_to_string(content.join("form/2025.toml"))
        .unwrap()
        .replace("version = \"2025\"", "version = \"2026\"")
        .replace("valid_from = 2025-01-01", "valid_from = 2026-01-01")
        .replace("label = \"Neurologiska besvär\"", "label = \"Bortfallssymtom\"")
        .replace(
            "[[problem]]\ncode = \"other\"",
            "[[problem]]\ncode = \"high_energy_trauma\"\nlabel = \"Högenergitrauma\"\n\n[[problem]]\ncode = \"other\"",
        );
    std::fs::write(content.join("form/2026.toml"), y2026).unwrap();
    let out = region.cli(&["content", "publish", content.to_str().unwrap()]);
    assert!(out.starts_with("published content version 2"), "{out}");
    phone.sync(Default::default()).await.unwrap();

    // On the phone: the old job keeps 2025's lists, a 2026 job gets 2026's with the new code.
    let march_2026 = samverka_system_tests::phone::night(0);
    {
        let s = phone.store.lock().unwrap();
        let old_lists = s.form_options(old).unwrap().unwrap();
        assert_eq!(old_lists.version, "2025");
        assert!(
            old_lists
                .label(ListKind::Problem, "high_energy_trauma")
                .is_none()
        );
    }
    let new = file(&phone, march_2026, done_form("high_energy_trauma", "orust"));
    let renamed = file(
        &phone,
        Timestamp(march_2026.0 + 60_000),
        done_form("neurological", "orust"),
    );
    {
        let s = phone.store.lock().unwrap();
        assert_eq!(s.form_options(new).unwrap().unwrap().version, "2026");
        assert_eq!(s.form_options(renamed).unwrap().unwrap().version, "2026");
        // The old job's form refuses next year's code.
        let mut s = s;
        let refused = s.record(
            &phone.user,
            old,
            EntryBody::Form(Patch::set(StatsForm {
                problem: Some("high_energy_trauma".into()),
                ..StatsForm::default()
            })),
            march_2026,
        );
        assert!(refused.is_err(), "{refused:?}");
    }
    let report = phone.sync(Default::default()).await.unwrap();
    assert_eq!(
        phone.store.lock().unwrap().quarantined_count().unwrap(),
        0,
        "{report:?}"
    );

    // The dashboard labels each year's forms with that year's words.
    region.staff(
        "coach.anna",
        "coach",
        Some("orust-hsv"),
        "ett langt losenord",
    );
    let http = reqwest::Client::new();
    let token = region
        .login(&http, "coach.anna", "ett langt losenord")
        .await;
    let y2026_page = get(
        &http,
        &region,
        &token,
        "/dashboard?from=2026-01-01&to=2027-01-01",
    )
    .await;
    assert!(
        y2026_page.contains(r#"data-code="high_energy_trauma">Högenergitrauma<"#),
        "{y2026_page}"
    );
    assert!(y2026_page.contains(r#"data-code="neurological">Bortfallssymtom<"#));
    let y2025_page = get(
        &http,
        &region,
        &token,
        "/dashboard?from=2025-01-01&to=2026-01-01",
    )
    .await;
    assert!(y2025_page.contains(r#"data-code="neurological">Neurologiska besvär<"#));
    assert!(!y2025_page.contains("Bortfallssymtom"));
    assert!(y2025_page.contains(r#"data-code="abdominal_cramps">Okänd kod (abdominal_cramps)<"#));

    // And so does the report.
    for (year, present, absent) in [
        (
            2026,
            vec!["Högenergitrauma", "Bortfallssymtom"],
            vec!["Neurologiska besvär"],
        ),
        (
            2025,
            vec!["Neurologiska besvär", "Okänd kod (abdominal_cramps)"],
            vec!["Bortfallssymtom", "Högenergitrauma"],
        ),
    ] {
        let pdf = dir.path().join(format!("report-{year}.pdf"));
        region.cli(&[
            "report",
            "--year",
            &year.to_string(),
            "--out",
            pdf.to_str().unwrap(),
        ]);
        let text = pdf_text(&pdf);
        let ivpa = table(&text, "Tabell 5a.");
        for word in present {
            assert!(!row(ivpa, word).is_empty(), "{year}: {word}");
        }
        for word in absent {
            assert!(!ivpa.contains(word), "{year}: {word} in\n{ivpa}");
        }
    }
    let _ = legacy;
}
