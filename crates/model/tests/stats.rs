//! The statistics against the 2025 annual report: a fixture of forms built from the report's
//! published figures must give those figures back; and properties that hold for any forms.
#![allow(clippy::unwrap_used, missing_docs)]

use proptest::prelude::*;
use samverka_model::form::{FormLists, FormOptions};
use samverka_model::form::{Outcome, StatsForm};
use samverka_model::stats::{
    Cell, Dim, Filter, IMPORT_COLUMNS, ImportContent, Report, StatsRow, UNANSWERED, aggregate,
    row_from_import,
};
use samverka_model::{JobType, MunicipalityId, PerformerKind, Requester};

fn row(n: usize, date: &str, t: JobType, p: PerformerKind, o: Outcome) -> StatsRow {
    StatsRow {
        job_id: format!("j{n}"),
        date: date.into(),
        unit: None,
        form: StatsForm {
            job_type: Some(t),
            performer: Some(p),
            outcome: Some(o),
            municipality: Some(MunicipalityId::new(if n.is_multiple_of(3) {
                "orust"
            } else {
                "tanum"
            })),
            requester: Some(Requester::DISPATCH),
            ..StatsForm::default()
        },
    }
}

mod report_fixture;
use report_fixture::report_2025;

fn report(rows: &[StatsRow], filter: Filter) -> Report {
    Report {
        cells: aggregate(rows, &filter),
        filter,
    }
}

#[test]
fn the_annual_report_comes_back() {
    let rows = report_2025();
    let r = report(&rows, Filter::default());
    let done = Some(Outcome::Done);
    // The report's "utförda" are the jobs not declined: an aborted IVPA callout was carried out.
    let carried_out =
        |dim, key| r.count(dim, None, done, key) + r.count(dim, None, Some(Outcome::Aborted), key);
    assert_eq!(carried_out(Dim::Total, None), 1_365);
    assert_eq!(r.count(Dim::Total, None, Some(Outcome::Declined), None), 71);
    assert_eq!(carried_out(Dim::Performer, Some("municipal")), 947);
    assert_eq!(carried_out(Dim::Performer, Some("ambulance")), 418);
    assert_eq!(r.count(Dim::Total, Some(JobType::Ivpa), None, None), 171);
    assert_eq!(
        r.count(
            Dim::Total,
            Some(JobType::Ivpa),
            Some(Outcome::Aborted),
            None
        ),
        10
    );
    assert_eq!(
        r.count(Dim::Arrival, Some(JobType::Ivpa), done, Some("before")),
        128
    );
    assert_eq!(
        r.count(Dim::Arrival, Some(JobType::Ivpa), done, Some("same")),
        15
    );
    assert_eq!(
        r.count(Dim::Arrival, Some(JobType::Ivpa), done, Some("after")),
        15
    );
    let buckets: Vec<u64> = [
        "le5", "le10", "le15", "le20", "le25", "le30", "le35", "le40",
    ]
    .iter()
    .map(|k| r.count(Dim::Minutes, Some(JobType::Ivpa), None, Some(k)))
    .collect();
    assert_eq!(buckets, [39, 28, 24, 13, 4, 13, 1, 2]);
    // The mean, computed here from the fixture's own values.
    let expected =
        (39 * 3 + 28 * 8 + 24 * 13 + 13 * 18 + 4 * 23 + 13 * 28 + 33 + 2 * 38) as f64 / 124.0;
    let mean = r.ivpa_minutes_mean().unwrap();
    assert!((mean - expected).abs() < 1e-9, "{mean} vs {expected}");
    assert!(
        (10.0..=12.5).contains(&mean),
        "the report's ≈11 minutes: {mean}"
    );
    assert_eq!(
        r.count(Dim::Total, Some(JobType::NurseLine), done, None),
        319
    );
    assert_eq!(
        r.count(Dim::Total, Some(JobType::MavaDirect), done, None),
        266
    );
    let home = r.count(
        Dim::StayedHome,
        Some(JobType::Assistance),
        done,
        Some("yes"),
    );
    let all = r.count(Dim::Total, Some(JobType::Assistance), done, None);
    assert_eq!((all, (100 * home + all / 2) / all), (609, 83));
}

#[test]
fn done_and_done_including_aborted_are_named_apart() {
    let r = report(&report_2025(), Filter::default());
    let all = r.totals().pop().unwrap();
    assert_eq!(all.job_type, None);
    assert_eq!(
        (
            all.done,
            all.done_including_aborted,
            all.declined,
            all.aborted
        ),
        (1_355, 1_365, 71, 10)
    );
    let ivpa = &r.totals()[0];
    assert_eq!(ivpa.job_type, Some(JobType::Ivpa));
    assert_eq!((ivpa.done, ivpa.done_including_aborted), (161, 171));
    assert_eq!(r.done_including_aborted(Dim::Total, None, None), 1_365);
}

#[test]
fn filters_count_only_their_jobs() {
    let mut rows = report_2025();
    rows[0].date = "2024-12-31".into();
    rows[1].date = "2026-01-01".into();
    let year = Filter {
        from: Some("2025-01-01".into()),
        to: Some("2026-01-01".into()),
        ..Filter::default()
    };
    let r = report(&rows, year);
    assert_eq!(r.count(Dim::Total, None, None, None), rows.len() as u64 - 2);
    let orust = Filter {
        municipality: Some(MunicipalityId::new("orust")),
        job_type: Some(JobType::Ivpa),
        ..Filter::default()
    };
    let expected = rows
        .iter()
        .filter(|r| {
            r.form.job_type == Some(JobType::Ivpa)
                && r.form
                    .municipality
                    .as_ref()
                    .is_some_and(|m| m.as_str() == "orust")
        })
        .count() as u64;
    assert_eq!(
        report(&rows, orust).count(Dim::Total, None, None, None),
        expected
    );
}

#[test]
fn the_same_quarter_in_other_years() {
    use samverka_model::stats::same_period;
    assert_eq!(
        same_period(2024, "01-01", "04-01"),
        Some(("2024-01-01".into(), "2024-04-01".into()))
    );
    // A winter period runs into the next year.
    assert_eq!(
        same_period(2025, "12-01", "03-01"),
        Some(("2025-12-01".into(), "2026-03-01".into()))
    );
    assert_eq!(same_period(2025, "02-30", "03-01"), None);
    assert_eq!(
        same_period(2024, "02-29", "03-01").map(|p| p.0),
        Some("2024-02-29".into())
    );
    // Years from a request: no overflow, no date outside four digits.
    assert_eq!(same_period(i32::MAX, "01-01", "01-01"), None);
    assert_eq!(same_period(i32::MIN, "01-01", "04-01"), None);
    assert_eq!(same_period(99_999, "01-01", "04-01"), None);
}

/// The region's content for imports: the sample lists as 2025's, and a 2026 version with one
/// problem more; two municipalities.
fn import_content() -> ImportContent {
    let mut y2025 = FormOptions::sample();
    y2025.version = "2025".into();
    y2025.valid_from = "2025-01-01".into();
    let mut y2026 = y2025.clone();
    y2026.version = "2026".into();
    y2026.valid_from = "2026-01-01".into();
    y2026.problems.push(samverka_model::form::Choice {
        code: "high_energy_trauma".into(),
        label_sv: "Högenergitrauma".into(),
    });
    ImportContent {
        lists: FormLists::new(vec![y2026, y2025]),
        municipalities: vec![MunicipalityId::new("orust"), MunicipalityId::new("tanum")],
    }
}

fn import(line: &str, content: &ImportContent) -> Result<StatsRow, samverka_model::CommandError> {
    row_from_import(&line.split(',').collect::<Vec<_>>(), content)
}

#[test]
fn import_lines_are_read_and_each_mistake_named_with_the_allowed_values() {
    let content = import_content();
    let ok = "p-1,2024-03-02,ivpa,municipal,orust,dispatch,done,female,82,chest_pain,yes,no,well,none,good,before,12";
    let values: Vec<&str> = ok.split(',').collect();
    assert_eq!(values.len(), IMPORT_COLUMNS.len());
    let r = import(ok, &content).unwrap();
    assert_eq!(r.form.job_type, Some(JobType::Ivpa));
    assert_eq!(r.form.minutes_before_ambulance, Some(12));
    assert_eq!(r.form.stayed_home, Some(false));

    let bad = "p-2,2024-02-30,ivpa,municipal,orust,dispatch,finished,female,182,chest_pain,ja,,,none,great,before,500";
    let err = import(bad, &content).unwrap_err();
    for field in [
        "date",
        "outcome",
        "patient_age",
        "right_care_level",
        "benefit",
        "minutes_before_ambulance",
    ] {
        assert!(err.has(field), "{field}: {err}");
    }
    let said = |err: &samverka_model::CommandError, field: &str| {
        err.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
            .unwrap_or_default()
    };
    // A refused value names the values the column takes.
    assert!(
        said(&err, "outcome").ends_with("allowed values: done, declined, aborted"),
        "{err}"
    );
    assert!(
        said(&err, "benefit").ends_with("none, little, some, good, very_good"),
        "{err}"
    );
    assert!(said(&err, "right_care_level").ends_with("yes, no"), "{err}");

    let not_ivpa =
        "p-3,2024-03-02,assistance,municipal,orust,home_care,aborted,male,50,,,,,,,before,";
    let err = import(not_ivpa, &content).unwrap_err();
    assert!(err.has("arrival") && err.has("outcome"), "{err}");
    assert!(
        row_from_import(&["a", "b"], &content)
            .unwrap_err()
            .has("line")
    );

    // Codes come from the content in force on the line's date: next year's new problem is
    // refused in 2025 with the 2025 list named, and read in 2026.
    let new_code = |date: &str| {
        format!(
            "p-4,{date},ivpa,municipal,orust,dispatch,done,male,70,high_energy_trauma,yes,no,well,none,good,before,12"
        )
    };
    let err = import(&new_code("2025-06-01"), &content).unwrap_err();
    let message = said(&err, "problem");
    assert!(
        message.contains("\"high_energy_trauma\" is not one of the allowed values on this date: chest_pain, neurological"),
        "{message}"
    );
    assert_eq!(
        import(&new_code("2026-06-01"), &content)
            .unwrap()
            .form
            .problem
            .as_deref(),
        Some("high_energy_trauma")
    );
    // A municipality the content does not have, a requester of another job type.
    let err = import(
        "p-5,2025-06-01,ivpa,municipal,stockholm,nurse_line,done,male,70,chest_pain,yes,no,well,none,good,before,12",
        &content,
    )
    .unwrap_err();
    assert!(
        said(&err, "municipality").ends_with("on this date: orust, tanum"),
        "{err}"
    );
    assert!(
        said(&err, "requester").contains(
            "does not ask for ivpa jobs in the form's lists 2025; allowed for ivpa: dispatch"
        ),
        "{err}"
    );
    // Without published content a code is still only a code.
    let err = import(
        "p-6,2025-06-01,ivpa,municipal,orust,dispatch,done,male,70,=HYPERLINK(1),yes,no,well,none,good,before,12",
        &ImportContent::default(),
    )
    .unwrap_err();
    assert!(said(&err, "problem").contains("is not a code"), "{err}");
}

#[test]
fn ages_fall_in_the_reports_ten_year_bands_with_children_apart() {
    use samverka_model::stats::{AGE_BANDS, age_band};
    let cases = [
        (0, "0-17"),
        (17, "0-17"),
        (18, "18-29"),
        (29, "18-29"),
        (30, "30-39"),
        (79, "70-79"),
        (80, "80-89"),
        (89, "80-89"),
        (90, "90+"),
        (120, "90+"),
    ];
    for (age, band) in cases {
        assert_eq!(age_band(age), band, "{age}");
    }
    for age in 0..=120u16 {
        assert!(AGE_BANDS.contains(&age_band(age)));
    }
    // The report's figure: IVPA patients 80–89 years, 25.5 % (of the carried-out IVPA jobs
    // whose age was given).
    let rows = report_2025();
    let r = report(&rows, Filter::default());
    let t = Some(JobType::Ivpa);
    let aged = r.count(Dim::AgeBand, t, Some(Outcome::Done), None)
        - r.count(Dim::AgeBand, t, Some(Outcome::Done), Some(UNANSWERED));
    let eighties = r.count(Dim::AgeBand, t, Some(Outcome::Done), Some("80-89"));
    let share = 1000 * eighties / aged;
    assert!((245..=265).contains(&share), "{eighties} of {aged}");
}

#[test]
fn a_code_is_labelled_from_the_lists_in_force_for_its_day() {
    use samverka_model::form::ListKind;
    let mut y2026 = FormOptions::sample();
    y2026.version = "2026".into();
    y2026.valid_from = "2026-01-01".into();
    for c in &mut y2026.problems {
        if c.code == "neurological" {
            c.label_sv = "Bortfallssymtom".into();
        }
    }
    y2026.problems.retain(|c| c.code != "nosebleed");
    y2026.problems.push(samverka_model::form::Choice {
        code: "high_energy_trauma".into(),
        label_sv: "Högenergitrauma".into(),
    });
    let mut y2025 = FormOptions::sample();
    y2025.version = "2025".into();
    y2025.valid_from = "2025-01-01".into();
    let lists = FormLists::new(vec![y2026, y2025]);
    assert_eq!(lists.in_force("2024-05-01").unwrap().version, "2025");
    assert_eq!(lists.in_force("2025-12-31").unwrap().version, "2025");
    assert_eq!(lists.in_force("2026-01-01").unwrap().version, "2026");
    let year = |y: i32| (format!("{y}-01-01"), format!("{}-01-01", y + 1));
    let label = |code: &str, y: i32| {
        let (from, to) = year(y);
        lists.label(ListKind::Problem, code, Some(&from), Some(&to))
    };
    // A 2025 form keeps its words; the new year's own come with the new lists.
    assert_eq!(
        label("neurological", 2025),
        "Neurologiska besvär / bortfallssymtom"
    );
    assert_eq!(label("neurological", 2026), "Bortfallssymtom");
    assert_eq!(label("high_energy_trauma", 2026), "Högenergitrauma");
    assert_eq!(
        label("high_energy_trauma", 2025),
        "Okänd kod (high_energy_trauma)"
    );
    // A code dropped from the new lists keeps its old label for the old year.
    assert_eq!(label("nosebleed", 2025), "Näsblod");
    assert_eq!(label("nosebleed", 2026), "Okänd kod (nosebleed)");
    // A period across both years: the newest version that has the code.
    assert_eq!(
        lists.label(ListKind::Problem, "nosebleed", None, None),
        "Näsblod"
    );
    assert_eq!(
        lists.label(ListKind::Problem, "neurological", None, None),
        "Bortfallssymtom"
    );
    assert_eq!(
        lists.label_on(ListKind::Problem, "chronic_condition", "2026-02-01"),
        "Okänd kod (chronic_condition)"
    );
    assert!(FormLists::default().in_force("2025-01-01").is_none());
}

fn any_row() -> impl Strategy<Value = StatsRow> {
    (
        0usize..4,
        0usize..3,
        proptest::option::of(0u16..110),
        proptest::option::of(0u16..60),
        proptest::collection::vec(0usize..4, 0..3),
        0u32..400,
    )
        .prop_map(|(t, o, age, minutes, actions, day)| {
            let t = JobType::ALL[t];
            let o = [Outcome::Done, Outcome::Declined, Outcome::Aborted][o];
            let mut r = row(
                day as usize,
                &format!("2025-{:02}-{:02}", 1 + day % 12, 1 + day % 28),
                t,
                PerformerKind::Municipal,
                o,
            );
            r.form.patient_age = age;
            r.form.minutes_before_ambulance = minutes;
            r.form.actions = Some(
                actions
                    .iter()
                    .map(|a| ["ecg", "cpr", "oxygen", "assessment"][*a].to_owned())
                    .collect(),
            );
            r
        })
}

proptest! {
    /// Every single-key dimension splits the total exactly, and every count is of real rows.
    #[test]
    fn every_dimension_splits_the_total(rows in proptest::collection::vec(any_row(), 0..60)) {
        let r = report(&rows, Filter::default());
        let total = r.count(Dim::Total, None, None, None);
        prop_assert_eq!(total, rows.len() as u64);
        for dim in Dim::ALL.into_iter().filter(|d| *d != Dim::Action) {
            prop_assert_eq!(r.count(dim, None, None, None), total, "{:?}", dim);
        }
        let with_actions = rows.iter().map(|r| r.form.actions.as_ref().map_or(0, |a| {
            let mut a = a.clone(); a.sort(); a.dedup(); a.len()
        })).map(|n| n.max(1) as u64).sum::<u64>();
        prop_assert_eq!(r.count(Dim::Action, None, None, None), with_actions);
        let unanswered_age = rows.iter().filter(|r| r.form.patient_age.is_none()).count() as u64;
        prop_assert_eq!(r.count(Dim::AgeBand, None, None, Some(UNANSWERED)), unanswered_age);
        let cells_sorted = r.cells.windows(2).all(|w| w[0] < w[1]);
        prop_assert!(cells_sorted);
        prop_assert!(r.cells.iter().all(|c: &Cell| c.count > 0));
    }
}
