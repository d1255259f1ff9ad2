//! The statistics against the 2025 annual report: a fixture of forms built from the report's
//! published figures must give those figures back; and properties that hold for any forms.
#![allow(clippy::unwrap_used, missing_docs)]

use proptest::prelude::*;
use samverka_model::form::{Arrival, Outcome, StatsForm};
use samverka_model::stats::{
    Cell, Dim, Filter, IMPORT_COLUMNS, Report, StatsRow, UNANSWERED, aggregate, row_from_import,
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
            requester: Some(Requester::Dispatch),
            ..StatsForm::default()
        },
    }
}

/// The 2025 report's jobs: 1,365 done (municipal 947, ambulance 418), 71 declined; IVPA 171
/// (10 aborted; 128 before, 15 same time, 15 after the ambulance; time gain in the report's
/// buckets), 1177 249 + 70, assistance 527 + 82 (83 % stayed home), MÄVA-direkt 266.
fn report_2025() -> Vec<StatsRow> {
    use JobType::*;
    use PerformerKind::*;
    let mut rows = Vec::new();
    let add = |rows: &mut Vec<StatsRow>, t, p, o, n: usize| {
        for _ in 0..n {
            let i = rows.len();
            rows.push(row(i, "2025-06-01", t, p, o));
        }
    };
    add(&mut rows, NurseLine, Municipal, Outcome::Done, 249);
    add(&mut rows, NurseLine, Ambulance, Outcome::Done, 70);
    add(&mut rows, Assistance, Municipal, Outcome::Done, 527);
    add(&mut rows, Assistance, Ambulance, Outcome::Done, 82);
    add(&mut rows, MavaDirect, Ambulance, Outcome::Done, 266);
    add(&mut rows, Assistance, Municipal, Outcome::Declined, 71);
    add(&mut rows, Ivpa, Municipal, Outcome::Aborted, 10);
    let first_ivpa = rows.len();
    add(&mut rows, Ivpa, Municipal, Outcome::Done, 161);
    // Arrival of the 161: 128 before, 15 same, 15 after, 3 after the rescue service.
    let arrivals = [
        (Arrival::Before, 128),
        (Arrival::Same, 15),
        (Arrival::After, 15),
        (Arrival::AfterRescue, 3),
    ];
    let mut i = first_ivpa;
    for (a, n) in arrivals {
        for r in &mut rows[i..i + n] {
            r.form.arrival = Some(a);
        }
        i += n;
    }
    // Minutes for 124 of the "before" jobs, the report's bucket counts, each at a bucket's
    // middle (upper edge − 2) so the mean is known here.
    let buckets = [
        (5u16, 39usize),
        (10, 28),
        (15, 24),
        (20, 13),
        (25, 4),
        (30, 13),
        (35, 1),
        (40, 2),
    ];
    let mut i = first_ivpa;
    for (upper, n) in buckets {
        for r in &mut rows[i..i + n] {
            r.form.minutes_before_ambulance = Some(upper - 2);
        }
        i += n;
    }
    // Assistance: 83 % of the 609 done stayed at home.
    for (stayed, r) in rows
        .iter_mut()
        .filter(|r| {
            r.form.job_type == Some(JobType::Assistance) && r.form.outcome == Some(Outcome::Done)
        })
        .enumerate()
    {
        r.form.stayed_home = Some(stayed < 505);
    }
    rows
}

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

#[test]
fn import_lines_are_read_and_each_mistake_named() {
    let ok = "p-1,2024-03-02,ivpa,municipal,orust,dispatch,done,female,82,chest_pain,yes,no,well,none,good,before,12";
    let values: Vec<&str> = ok.split(',').collect();
    assert_eq!(values.len(), IMPORT_COLUMNS.len());
    let r = row_from_import(&values).unwrap();
    assert_eq!(r.form.job_type, Some(JobType::Ivpa));
    assert_eq!(r.form.minutes_before_ambulance, Some(12));
    assert_eq!(r.form.stayed_home, Some(false));

    let bad = "p-2,2024-02-30,ivpa,municipal,orust,dispatch,finished,female,182,chest_pain,ja,,,none,good,before,500";
    let err = row_from_import(&bad.split(',').collect::<Vec<_>>()).unwrap_err();
    for field in [
        "date",
        "outcome",
        "patient_age",
        "right_care_level",
        "minutes_before_ambulance",
    ] {
        assert!(err.has(field), "{field}: {err}");
    }
    let not_ivpa =
        "p-3,2024-03-02,assistance,municipal,orust,home_care,aborted,male,50,,,,,,,before,";
    let err = row_from_import(&not_ivpa.split(',').collect::<Vec<_>>()).unwrap_err();
    assert!(err.has("arrival") && err.has("outcome"), "{err}");
    assert!(row_from_import(&["a", "b"]).unwrap_err().has("line"));
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
