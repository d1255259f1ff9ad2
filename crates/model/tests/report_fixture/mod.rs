//! The annual report's year as statistics forms: 2025 built from the 2025 report's published
//! figures (1,365 carried out: municipal 947, ambulance 418; 71 declined; IVPA 171 with 10
//! aborted, 128/15/15 arrivals and the time-gain buckets; 1177 249 + 70, assistance 527 + 82
//! with 83 % at home, MÄVA-direkt 266), 2024 from its totals (1,263 carried out, IVPA 91,
//! MÄVA-direkt 206), and the first quarter of 2026; each year's January–March as the operative
//! group's quarterly figures say (done/declined 316/15, 357/21, 312/9; assistance 134/157/127,
//! 1177 105/99/106, IVPA 21/28/28).
//!
//! The answers inside each form (problem, actions, sex, age, benefit …) follow the report's
//! shares where it gives them (IVPA: chest pain 22 %, neurological 19 %, breathing 14 % …; men
//! 57 %; 80–89 years 25.5 %) and are otherwise spread deterministically. Every code is one of
//! the shipped content's lists (`content/form/2025.toml`). Shared by the model's statistics
//! test and the region's report test (included with `#[path]`).
#![allow(dead_code)]

use samverka_model::form::{Arrival, Benefit, InfoMatched, Outcome, PreventedVisit, StatsForm};
use samverka_model::record::Sex;
use samverka_model::stats::StatsRow;
use samverka_model::{JobType, MunicipalityId, PerformerKind, Requester};

/// The municipalities forms are spread over; IVPA only where it is run.
const MUNICIPALITIES: [&str; 16] = [
    "stromstad",
    "tanum",
    "munkedal",
    "orust",
    "sotenas",
    "mellerud",
    "lilla-edet",
    "amal",
    "fargelanda",
    "dals-ed",
    "bengtsfors",
    "lysekil",
    "ockero",
    "uddevalla",
    "vanersborg",
    "trollhattan",
];
/// How many of [`MUNICIPALITIES`] (the first ones) run IVPA.
const IVPA_MUNICIPALITIES: usize = 13;

/// The carried-out jobs of one kind in a year, and how many of them fall in January–March.
struct Batch {
    job_type: JobType,
    performer: PerformerKind,
    outcome: Outcome,
    n: usize,
    first_quarter: usize,
}

fn batch(
    job_type: JobType,
    performer: PerformerKind,
    outcome: Outcome,
    n: usize,
    first_quarter: usize,
) -> Batch {
    Batch {
        job_type,
        performer,
        outcome,
        n,
        first_quarter,
    }
}

/// A day of `year`: the first `q1` of a batch in January–March, the rest April–December.
fn day(year: i32, i: usize, q1: usize) -> String {
    if i < q1 {
        format!("{year}-{:02}-{:02}", 1 + i % 3, 1 + i % 28)
    } else {
        format!("{year}-{:02}-{:02}", 4 + i % 9, 1 + i % 28)
    }
}

/// Cycles `shares` (code, per mille) over `n` items: the first ones get each code its share,
/// rounded down; what is left takes the last code.
fn spread<T: Clone>(n: usize, shares: &[(T, usize)]) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    for (v, permille) in shares {
        for _ in 0..(n * permille / 1000) {
            if out.len() < n {
                out.push(v.clone());
            }
        }
    }
    let last = shares.last().map(|s| s.0.clone());
    while out.len() < n {
        out.push(last.clone().unwrap_or_else(|| shares[0].0.clone()));
    }
    out
}

fn problems(t: JobType) -> Vec<(&'static str, usize)> {
    match t {
        JobType::Ivpa => vec![
            ("chest_pain", 220),
            ("neurological", 190),
            ("breathing", 140),
            ("unconsciousness", 110),
            ("cardiac_arrest", 60),
            ("seizures", 60),
            ("diabetes", 40),
            ("trauma", 40),
            ("abdominal_pain", 30),
            ("psychiatric", 30),
            ("fall", 30),
            ("fever", 20),
            ("orthopaedic", 10),
            ("low_blood_pressure", 20),
        ],
        JobType::NurseLine => vec![
            ("catheter", 300),
            ("wound", 180),
            ("breathing", 150),
            ("fall", 120),
            ("orthopaedic", 70),
            ("fever", 70),
            ("vomiting", 60),
            ("nosebleed", 50),
        ],
        JobType::Assistance => vec![
            ("catheter", 280),
            ("wound", 170),
            ("orthopaedic", 110),
            ("ecg", 110),
            ("abdominal_pain", 90),
            ("confusion", 90),
            ("breathing", 80),
            ("other", 70),
        ],
        JobType::MavaDirect => vec![
            ("chronic_condition", 600),
            ("breathing", 200),
            ("confusion", 120),
            ("fever", 80),
        ],
    }
}

fn actions(t: JobType, problem: &str) -> Vec<String> {
    let mut a = vec!["assessment"];
    match (t, problem) {
        (JobType::Ivpa, "cardiac_arrest") => a.extend(["cpr", "defibrillation", "oxygen"]),
        (JobType::Ivpa, "chest_pain" | "breathing") => a.extend(["oxygen", "medication"]),
        (JobType::Ivpa, "unconsciousness" | "seizures") => a.extend(["iv_line", "oxygen"]),
        (JobType::Ivpa, _) => a.push("support"),
        (_, "catheter") => a.push("catheter_care"),
        (_, "wound") => a.push("wound_care"),
        (_, "ecg") => a.push("ecg"),
        (_, "fever" | "vomiting") => a.extend(["sampling", "support"]),
        (JobType::MavaDirect, _) => a.push("coordination"),
        _ => a.push("support"),
    }
    a.into_iter().map(str::to_owned).collect()
}

fn requester(t: JobType, p: PerformerKind, i: usize) -> Requester {
    match t {
        JobType::Assistance => [
            Requester::DISPATCH,
            Requester::AMBULANCE,
            Requester::HOME_CARE,
            Requester::HEALTH_CENTRE,
            Requester::MUNICIPAL_PRIMARY_CARE,
            Requester::MOBILE_TEAM,
        ][i % 6]
            .clone(),
        _ => t.usual_requester(p),
    }
}

/// The rows of one year: every batch, its answers filled in.
fn year(year: i32, batches: &[Batch], id_prefix: &str) -> Vec<StatsRow> {
    let mut rows = Vec::new();
    for b in batches {
        let problem = spread(b.n, &problems(b.job_type));
        // The report: IVPA men 57 %, other types more women (older patients).
        let male_permille = if b.job_type == JobType::Ivpa {
            570
        } else {
            420
        };
        let sexes = spread(
            b.n,
            &[
                (Sex::Male, male_permille),
                (Sex::Female, 1000 - male_permille),
            ],
        );
        let ages: Vec<u16> = match b.job_type {
            JobType::Ivpa => spread(
                b.n,
                &[
                    (85, 255),
                    (75, 200),
                    (65, 160),
                    (55, 110),
                    (12, 80),
                    (45, 70),
                    (35, 40),
                    (25, 30),
                    (93, 55),
                ],
            ),
            JobType::MavaDirect => spread(b.n, &[(84, 500), (78, 250), (91, 250)]),
            _ => spread(
                b.n,
                &[
                    (82, 300),
                    (74, 200),
                    (88, 150),
                    (66, 120),
                    (54, 80),
                    (95, 70),
                    (41, 50),
                    (22, 30),
                ],
            ),
        };
        let useful = match b.job_type {
            JobType::Ivpa => 810,
            JobType::NurseLine => 960,
            _ => 950,
        };
        let benefits = spread(
            b.n,
            &[
                (Benefit::VeryGood, useful / 2),
                (Benefit::Good, useful / 3),
                (Benefit::Some, useful - useful / 2 - useful / 3),
                (Benefit::Little, (1000 - useful) / 2),
                (Benefit::None, 1000 - useful - (1000 - useful) / 2),
            ],
        );
        let prevented = match b.job_type {
            // The report: 1177 by municipal nurses prevented 102 visits to the emergency
            // department and 110 to a health centre of 249; assistance 191 and 236 of 609.
            JobType::NurseLine => spread(
                b.n,
                &[
                    (PreventedVisit::Emergency, 410),
                    (PreventedVisit::PrimaryCare, 442),
                    (PreventedVisit::None, 148),
                ],
            ),
            JobType::Assistance => spread(
                b.n,
                &[
                    (PreventedVisit::Emergency, 314),
                    (PreventedVisit::PrimaryCare, 388),
                    (PreventedVisit::None, 298),
                ],
            ),
            _ => spread(b.n, &[(PreventedVisit::None, 1000)]),
        };
        for i in 0..b.n {
            let n = rows.len();
            let ivpa = b.job_type == JobType::Ivpa;
            let muni = if ivpa {
                MUNICIPALITIES[n % IVPA_MUNICIPALITIES]
            } else {
                MUNICIPALITIES[n % MUNICIPALITIES.len()]
            };
            let mut form = StatsForm {
                job_type: Some(b.job_type),
                performer: Some(b.performer),
                outcome: Some(b.outcome),
                municipality: Some(MunicipalityId::new(muni)),
                requester: Some(requester(b.job_type, b.performer, i)),
                ..StatsForm::default()
            };
            if b.outcome == Outcome::Declined {
                form.declined_reason = Some("Upptagen på annat uppdrag".into());
            }
            if b.outcome == Outcome::Done {
                form.patient_sex = Some(sexes[i]);
                form.patient_age = Some(ages[i]);
                form.problem = Some(problem[i].to_owned());
                form.actions = Some(actions(b.job_type, problem[i]));
                form.right_care_level = Some(i % 40 != 7);
                form.stayed_home = Some(match b.job_type {
                    JobType::NurseLine => i % 50 != 3,
                    JobType::MavaDirect | JobType::Ivpa => false,
                    JobType::Assistance => true,
                });
                form.info_matched = Some(
                    [
                        InfoMatched::VeryWell,
                        InfoMatched::Well,
                        InfoMatched::Yes,
                        InfoMatched::Well,
                    ][i % 4],
                );
                if i % 45 == 11 {
                    form.info_matched = Some(InfoMatched::No);
                }
                form.prevented_visit = Some(prevented[i]);
                form.benefit = Some(benefits[i]);
            }
            rows.push(StatsRow {
                job_id: format!("{id_prefix}-{n}"),
                date: day(year, i, b.first_quarter),
                unit: None,
                form,
            });
        }
    }
    rows
}

/// The 2025 report's year.
pub fn report_2025() -> Vec<StatsRow> {
    use JobType::*;
    use Outcome::*;
    use PerformerKind::*;
    let mut rows = year(
        2025,
        &[
            // January–March: 357 done (assistance 157, 1177 99, IVPA 28, MÄVA 73), 21 declined.
            batch(NurseLine, Municipal, Done, 249, 78),
            batch(NurseLine, Ambulance, Done, 70, 21),
            batch(Assistance, Municipal, Done, 527, 136),
            batch(Assistance, Ambulance, Done, 82, 21),
            batch(MavaDirect, Ambulance, Done, 266, 73),
            batch(Assistance, Municipal, Declined, 71, 21),
            batch(Ivpa, Municipal, Aborted, 10, 3),
            batch(Ivpa, Municipal, Done, 161, 25),
        ],
        "f2025",
    );
    let first_ivpa = rows
        .iter()
        .position(|r| {
            r.form.job_type == Some(JobType::Ivpa) && r.form.outcome == Some(Outcome::Done)
        })
        .unwrap_or(0);
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
    let mut i = first_ivpa;
    for (upper, n) in MINUTE_BUCKETS_2025 {
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

/// The report's time-gain buckets (upper edge, count) for 2025.
pub const MINUTE_BUCKETS_2025: [(u16, usize); 8] = [
    (5, 39),
    (10, 28),
    (15, 24),
    (20, 13),
    (25, 4),
    (30, 13),
    (35, 1),
    (40, 2),
];

/// The year before: 1,263 carried out (IVPA 91, MÄVA-direkt 206; 1177 and assistance a little
/// more than in 2025), about as many declined; January–March 316 done (assistance 134, 1177
/// 105, IVPA 21, MÄVA 56) and 15 declined.
pub fn report_2024() -> Vec<StatsRow> {
    use JobType::*;
    use Outcome::*;
    use PerformerKind::*;
    let mut rows = year(
        2024,
        &[
            batch(NurseLine, Municipal, Done, 258, 83),
            batch(NurseLine, Ambulance, Done, 72, 22),
            batch(Assistance, Municipal, Done, 548, 115),
            batch(Assistance, Ambulance, Done, 88, 19),
            batch(MavaDirect, Ambulance, Done, 206, 56),
            batch(Assistance, Municipal, Declined, 69, 15),
            batch(Ivpa, Municipal, Aborted, 6, 2),
            batch(Ivpa, Municipal, Done, 85, 19),
        ],
        "f2024",
    );
    for (i, r) in rows
        .iter_mut()
        .filter(|r| r.form.job_type == Some(JobType::Ivpa) && r.form.outcome == Some(Done))
        .enumerate()
    {
        // Before 2025 the form did not ask for the minutes; arrival only.
        r.form.arrival = Some(
            [
                Arrival::Before,
                Arrival::Before,
                Arrival::Same,
                Arrival::After,
            ][i % 4],
        );
    }
    rows
}

/// January–March 2026: 312 done (assistance 127, 1177 106, IVPA 28, MÄVA 51), 9 declined.
pub fn first_quarter_2026() -> Vec<StatsRow> {
    use JobType::*;
    use Outcome::*;
    use PerformerKind::*;
    year(
        2026,
        &[
            batch(NurseLine, Municipal, Done, 84, 84),
            batch(NurseLine, Ambulance, Done, 22, 22),
            batch(Assistance, Municipal, Done, 108, 108),
            batch(Assistance, Ambulance, Done, 19, 19),
            batch(MavaDirect, Ambulance, Done, 51, 51),
            batch(Assistance, Municipal, Declined, 9, 9),
            batch(Ivpa, Municipal, Aborted, 3, 3),
            batch(Ivpa, Municipal, Done, 25, 25),
        ],
        "f2026",
    )
}

/// All three: what a region holding the report's years has.
pub fn all_years() -> Vec<StatsRow> {
    let mut rows = report_2024();
    rows.extend(report_2025());
    rows.extend(first_quarter_2026());
    rows
}
