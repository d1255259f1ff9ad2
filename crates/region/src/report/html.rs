//! The report as one A4 HTML page: numbered tables ("Tabell 3. …"), each figure of the period
//! beside the same period's the year before, and the dashboard's SVG charts. Built with maud,
//! every value escaped; labels of problems, actions and requesters from the form's lists in
//! force in the period, a code they lack said to be unknown with its code.

use super::ReportData;
use crate::dashboard::charts::{Series, bars};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use samverka_model::form::{Benefit, ListKind};
use samverka_model::record::Sex;
use samverka_model::stats::{AGE_BANDS, Dim, Report, UNANSWERED};
use samverka_model::timestamp::Zone;
use samverka_model::{JobType, codes, sv};

/// The print stylesheet: A4 with 15 mm margins and page numbers, tables that do not break
/// across pages, figures in tabular digits.
pub const REPORT_CSS: &str = include_str!("report.css");

/// How the page gets its stylesheet: inside it (a file printed by Chromium), or linked (the
/// dashboard's page, whose CSP allows styles only from the region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Styles {
    /// A `<style>` element, with a CSP meta that allows nothing else.
    Inline,
    /// `<link rel="stylesheet" href="/dashboard/report.css">`.
    Linked,
}

/// The page: the annual report, or the quarter's figures.
pub fn page(d: &ReportData, styles: Styles) -> Markup {
    let title = d.spec.title();
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                @if styles == Styles::Inline {
                    meta http-equiv="Content-Security-Policy"
                        content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                    style { (PreEscaped(REPORT_CSS)) }
                } @else {
                    link rel="stylesheet" href="/dashboard/report.css";
                }
                title { (title) }
            }
            body {
                header.cover {
                    p.kicker { "Samverkande sjukvård" }
                    h1 { (title) }
                    p.muted {
                        (intro(d))
                    }
                }
                @if d.spec.quarter.is_some() { (quarter(d)) } @else { (annual(d)) }
                footer.made {
                    "Ur statistikblanketterna i Samverka, " (d.made_at.date(Zone::Sweden)) "."
                }
            }
        }
    }
}

fn intro(d: &ReportData) -> String {
    let (from, to) = d.period();
    let year = d.spec.year;
    let compared = match d.spec.quarter {
        Some(_) => format!(
            "samma månader {} och {}",
            year.saturating_sub(2),
            year.saturating_sub(1)
        ),
        None => format!("{}", year.saturating_sub(1)),
    };
    format!(
        "Perioden {from} – {} ({}), jämförd med {compared}. Utförda uppdrag räknas som i årsrapporten: genomförda (done) och IVPA-uppdrag som larmcentralen avbröt (aborted), tillsammans done_including_aborted.",
        day_before(&to),
        d.spec.months()
    )
}

/// The day before `YYYY-MM-DD` (the period's last day), as text.
fn day_before(date: &str) -> String {
    time::Date::parse(date, &time::format_description::well_known::Iso8601::DATE)
        .ok()
        .and_then(time::Date::previous_day)
        .map_or_else(|| date.to_owned(), |d| d.to_string())
}

/// Carried out ("utförda"): done and IVPA aborted by dispatch.
fn carried(r: &Report, dim: Dim, t: Option<JobType>, key: Option<&str>) -> u64 {
    r.done_including_aborted(dim, t, key)
}

/// Carried-out jobs of `t` that answered the question of `dim`.
fn answered(r: &Report, dim: Dim, t: Option<JobType>) -> u64 {
    carried(r, dim, t, None).saturating_sub(carried(r, dim, t, Some(UNANSWERED)))
}

fn pct(part: u64, whole: u64) -> String {
    (100 * part + whole / 2)
        .checked_div(whole)
        .map_or_else(|| "–".to_owned(), |p| format!("{p} %"))
}

/// A table: its caption, column heads (the first over the row labels), rows, and a foot row.
struct Table<'a> {
    id: &'a str,
    caption: String,
    head: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
    foot: Option<(String, Vec<String>)>,
}

impl Table<'_> {
    fn render(&self) -> Markup {
        html! {
            table id=(self.id) {
                caption { (self.caption) }
                thead { tr { @for h in &self.head { th scope="col" { (h) } } } }
                tbody {
                    @for (label, cells) in &self.rows {
                        tr {
                            th scope="row" { (label) }
                            @for c in cells { td { (c) } }
                        }
                    }
                }
                @if let Some((label, cells)) = &self.foot {
                    tfoot { tr {
                        th scope="row" { (label) }
                        @for c in cells { td { (c) } }
                    } }
                }
            }
        }
    }
}

fn types() -> [JobType; 4] {
    JobType::ALL
}

fn type_name(t: JobType) -> &'static str {
    sv::job_type(t)
}

fn chart(id: &str, title: &str, categories: &[String], series: &[Series]) -> Markup {
    // plotters' SVG: its texts escaped by plotters, the label by maud (`bars`).
    html! { figure.chart { (PreEscaped(bars(id, title, categories, series))) } }
}

/// Per job type (columns) the carried-out count of each key of `dim` (rows), with the total,
/// its share and last year's total.
fn by_type_rows(d: &ReportData, dim: Dim, keys: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    let (r, last) = (&d.this, &d.last);
    let whole = answered(r, dim, None);
    keys.iter()
        .map(|(label, key)| {
            let mut cells: Vec<String> = types()
                .iter()
                .map(|t| carried(r, dim, Some(*t), Some(key)).to_string())
                .collect();
            let all = carried(r, dim, None, Some(key));
            cells.push(all.to_string());
            cells.push(pct(all, whole));
            cells.push(carried(last, dim, None, Some(key)).to_string());
            (label.clone(), cells)
        })
        .collect()
}

fn by_type_head(first: &str, d: &ReportData) -> Vec<String> {
    let mut head = vec![first.to_owned()];
    head.extend(types().iter().map(|t| type_name(*t).to_owned()));
    head.push(format!("Totalt {}", d.spec.year));
    head.push("Andel".to_owned());
    head.push(format!("Totalt {}", d.spec.year - 1));
    head
}

fn annual(d: &ReportData) -> Markup {
    let y = d.spec.year;
    let (r, last) = (&d.this, &d.last);
    let (from, to) = d.period();

    // 1. Jobs per type.
    let jobs = Table {
        id: "t-jobs",
        caption: format!("Tabell 1. Uppdrag per uppdragsform {y} och {}", y - 1),
        head: vec![
            "Uppdragsform".to_owned(),
            format!("Utförda {y}"),
            format!("Utförda {}", y - 1),
            format!("Genomförda {y}"),
            format!("Kommunal primärvård {y}"),
            format!("Ambulans {y}"),
            format!("Avböjda {y}"),
            format!("Avböjda {}", y - 1),
            format!("Avbrutna {y}"),
        ],
        rows: types()
            .iter()
            .map(|&t| (type_name(t).to_owned(), jobs_cells(r, last, Some(t))))
            .collect(),
        foot: Some(("Totalt".to_owned(), jobs_cells(r, last, None))),
    };

    // 2. Per municipality.
    let mut munis: Vec<String> = r
        .keys(Dim::Municipality)
        .into_iter()
        .chain(last.keys(Dim::Municipality))
        .filter(|k| k != UNANSWERED)
        .collect();
    munis.sort();
    munis.dedup();
    let mut muni_rows: Vec<(String, Vec<String>)> = munis
        .iter()
        .map(|m| {
            let mut cells: Vec<String> = types()
                .iter()
                .map(|t| carried(r, Dim::Municipality, Some(*t), Some(m)).to_string())
                .collect();
            cells.push(carried(r, Dim::Municipality, None, Some(m)).to_string());
            cells.push(carried(last, Dim::Municipality, None, Some(m)).to_string());
            (d.published.municipality_name(m), cells)
        })
        .collect();
    muni_rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut muni_head = vec!["Kommun".to_owned()];
    muni_head.extend(types().iter().map(|t| type_name(*t).to_owned()));
    muni_head.push(format!("Totalt {y}"));
    muni_head.push(format!("Totalt {}", y - 1));
    let mut muni_foot: Vec<String> = types()
        .iter()
        .map(|t| carried(r, Dim::Total, Some(*t), None).to_string())
        .collect();
    muni_foot.push(carried(r, Dim::Total, None, None).to_string());
    muni_foot.push(carried(last, Dim::Total, None, None).to_string());
    let municipalities = Table {
        id: "t-municipality",
        caption: format!("Tabell 2. Utförda uppdrag per kommun {y}"),
        head: muni_head,
        rows: muni_rows,
        foot: Some(("Totalt".to_owned(), muni_foot)),
    };

    // 3–4. Sex and age.
    let sexes: Vec<(String, String)> = [Sex::Female, Sex::Male, Sex::Unknown]
        .iter()
        .map(|s| (sv::sex(*s).to_owned(), codes::code(s)))
        .collect();
    let sex = Table {
        id: "t-sex",
        caption: format!("Tabell 3. Patienternas kön {y}"),
        head: by_type_head("Kön", d),
        rows: by_type_rows(d, Dim::Sex, &sexes),
        foot: None,
    };
    let bands: Vec<(String, String)> = AGE_BANDS
        .iter()
        .map(|b| (format!("{} år", b.replace('-', "–")), (*b).to_owned()))
        .collect();
    let age = Table {
        id: "t-age",
        caption: format!("Tabell 4. Patienternas ålder {y}"),
        head: by_type_head("Ålder", d),
        rows: by_type_rows(d, Dim::AgeBand, &bands),
        foot: None,
    };

    // 5. What the jobs were about, per type: problems and actions with their shares.
    let mut about = Vec::new();
    for (i, t) in types().iter().enumerate() {
        let letter = ['a', 'b', 'c', 'd'][i];
        about.push(list_table(
            d,
            *t,
            Dim::Problem,
            ListKind::Problem,
            format!(
                "Tabell 5{letter}. Vad uppdragen handlade om: {} {y}",
                type_name(*t)
            ),
            &from,
            &to,
        ));
        about.push(list_table(
            d,
            *t,
            Dim::Action,
            ListKind::Action,
            format!("Tabell 6{letter}. Åtgärder: {} {y}", type_name(*t)),
            &from,
            &to,
        ));
    }

    // 7. Care level, home, information; 8. prevented visits.
    let share = |rep: &Report, dim: Dim, t: JobType, keys: &[&str]| {
        let yes: u64 = keys
            .iter()
            .map(|k| carried(rep, dim, Some(t), Some(k)))
            .sum();
        pct(yes, answered(rep, dim, Some(t)))
    };
    let care = Table {
        id: "t-care",
        caption: format!(
            "Tabell 7. Rätt vårdnivå, kvar hemma och information {y} och {}",
            y - 1
        ),
        head: vec![
            "Uppdragsform".to_owned(),
            format!("Rätt vårdnivå {y}"),
            format!("Rätt vårdnivå {}", y - 1),
            format!("Kvar i hemmet {y}"),
            format!("Kvar i hemmet {}", y - 1),
            format!("Informationen stämde {y}"),
            format!("Informationen stämde {}", y - 1),
        ],
        rows: types()
            .iter()
            .map(|&t| {
                let matched = ["yes", "well", "very_well"];
                (
                    type_name(t).to_owned(),
                    vec![
                        share(r, Dim::RightCareLevel, t, &["yes"]),
                        share(last, Dim::RightCareLevel, t, &["yes"]),
                        share(r, Dim::StayedHome, t, &["yes"]),
                        share(last, Dim::StayedHome, t, &["yes"]),
                        share(r, Dim::InfoMatched, t, &matched),
                        share(last, Dim::InfoMatched, t, &matched),
                    ],
                )
            })
            .collect(),
        foot: None,
    };
    let prevented = Table {
        id: "t-prevented",
        caption: format!("Tabell 8. Förebyggda besök {y} och {}", y - 1),
        head: vec![
            "Uppdragsform".to_owned(),
            format!("Akutmottagning {y}"),
            format!("Akutmottagning {}", y - 1),
            format!("Vårdcentral/jourcentral {y}"),
            format!("Vårdcentral/jourcentral {}", y - 1),
        ],
        rows: types()
            .iter()
            .map(|&t| {
                let n = |rep: &Report, k: &str| {
                    carried(rep, Dim::PreventedVisit, Some(t), Some(k)).to_string()
                };
                (
                    type_name(t).to_owned(),
                    vec![
                        n(r, "emergency"),
                        n(last, "emergency"),
                        n(r, "primary_care"),
                        n(last, "primary_care"),
                    ],
                )
            })
            .collect(),
        foot: None,
    };

    // 9. Benefit.
    let levels = [
        Benefit::VeryGood,
        Benefit::Good,
        Benefit::Some,
        Benefit::Little,
        Benefit::None,
    ];
    let mut benefit_rows: Vec<(String, Vec<String>)> = levels
        .iter()
        .map(|b| {
            let k = codes::code(b);
            (
                sv::benefit(*b).to_owned(),
                types()
                    .iter()
                    .map(|t| carried(r, Dim::Benefit, Some(*t), Some(&k)).to_string())
                    .collect(),
            )
        })
        .collect();
    let useful = ["some", "good", "very_good"];
    for (label, rep) in [(y, r), (y - 1, last)] {
        benefit_rows.push((
            format!("Nytta eller mer {label}"),
            types()
                .iter()
                .map(|t| share(rep, Dim::Benefit, *t, &useful))
                .collect(),
        ));
    }
    let mut benefit_head = vec!["Bedömd nytta".to_owned()];
    benefit_head.extend(types().iter().map(|t| type_name(*t).to_owned()));
    let benefit = Table {
        id: "t-benefit",
        caption: format!("Tabell 9. Nytta för patienten {y}"),
        head: benefit_head,
        rows: benefit_rows,
        foot: None,
    };

    // 10–11. IVPA.
    let ivpa = Some(JobType::Ivpa);
    let arrivals = [
        ("before", "Före ambulansen"),
        ("same", "Samtidigt som ambulansen"),
        ("after", "Efter ambulansen"),
        ("after_rescue", "Efter ambulans och räddningstjänst"),
    ];
    let arrival_whole = answered(r, Dim::Arrival, ivpa);
    let arrival = Table {
        id: "t-arrival",
        caption: format!("Tabell 10. IVPA: framme i förhållande till ambulansen {y}"),
        head: vec![
            "Framme".to_owned(),
            format!("Antal {y}"),
            format!("Andel {y}"),
            format!("Antal {}", y - 1),
        ],
        rows: arrivals
            .iter()
            .map(|(k, label)| {
                let n = r.count(Dim::Arrival, ivpa, None, Some(k));
                (
                    (*label).to_owned(),
                    vec![
                        n.to_string(),
                        pct(n, arrival_whole),
                        last.count(Dim::Arrival, ivpa, None, Some(k)).to_string(),
                    ],
                )
            })
            .collect(),
        foot: None,
    };
    let mean = |rep: &Report| {
        rep.ivpa_minutes_mean()
            .map_or_else(|| "–".to_owned(), |m| format!("{m:.1}").replace('.', ","))
    };
    let gain = Table {
        id: "t-gain",
        caption: format!("Tabell 11. IVPA: uppskattad tidsvinst före ambulansen {y}"),
        head: vec![
            "Tidsvinst".to_owned(),
            format!("Antal {y}"),
            format!("Antal {}", y - 1),
        ],
        rows: MINUTE_BUCKETS
            .iter()
            .map(|(k, label)| {
                (
                    (*label).to_owned(),
                    vec![
                        r.count(Dim::Minutes, ivpa, None, Some(k)).to_string(),
                        last.count(Dim::Minutes, ivpa, None, Some(k)).to_string(),
                    ],
                )
            })
            .collect(),
        foot: Some(("Medel, minuter".to_owned(), vec![mean(r), mean(last)])),
    };

    let years: Vec<String> = d.years.iter().map(|(y, _)| y.to_string()).collect();
    let per_type =
        |f: &dyn Fn(&Report, JobType) -> Vec<u64>, rep: Option<&Report>| -> Vec<Series> {
            types()
                .iter()
                .map(|&t| Series {
                    name: type_name(t).to_owned(),
                    values: match rep {
                        Some(rep) => f(rep, t),
                        None => d.years.iter().map(|(_, yr)| f(yr, t)[0]).collect(),
                    },
                })
                .collect()
        };
    let by_year = per_type(&|yr, t| vec![carried(yr, Dim::Total, Some(t), None)], None);
    let by_age = per_type(
        &|rep, t| {
            AGE_BANDS
                .iter()
                .map(|b| carried(rep, Dim::AgeBand, Some(t), Some(b)))
                .collect()
        },
        Some(r),
    );
    let by_benefit = per_type(
        &|rep, t| {
            levels
                .iter()
                .map(|b| carried(rep, Dim::Benefit, Some(t), Some(&codes::code(b))))
                .collect()
        },
        Some(r),
    );
    let gain_series = vec![
        Series {
            name: y.to_string(),
            values: MINUTE_BUCKETS
                .iter()
                .map(|(k, _)| r.count(Dim::Minutes, ivpa, None, Some(k)))
                .collect(),
        },
        Series {
            name: (y - 1).to_string(),
            values: MINUTE_BUCKETS
                .iter()
                .map(|(k, _)| last.count(Dim::Minutes, ivpa, None, Some(k)))
                .collect(),
        },
    ];

    html! {
        section.summary {
            h2 { "Uppdrag" }
            (jobs.render())
            (chart("chart-years", "Utförda uppdrag per år och uppdragsform", &years, &by_year))
        }
        section {
            h2 { "Kommuner" }
            (municipalities.render())
        }
        section {
            h2 { "Patienterna" }
            (sex.render())
            (age.render())
            (chart(
                "chart-age",
                "Patienternas ålder per uppdragsform",
                &bands.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>(),
                &by_age,
            ))
        }
        section {
            h2 { "Vad handlar uppdragen om?" }
            p.muted {
                "Andel av de utförda uppdrag av samma form där frågan besvarats. Flera åtgärder kan väljas per uppdrag."
            }
            @for t in &about { (t.render()) }
        }
        section {
            h2 { "Vårdnivå, hemmet och förebyggda besök" }
            (care.render())
            (prevented.render())
        }
        section {
            h2 { "Nytta för patienten" }
            (benefit.render())
            (chart(
                "chart-benefit",
                "Bedömd nytta per uppdragsform",
                &levels.iter().map(|b| sv::benefit(*b).to_owned()).collect::<Vec<_>>(),
                &by_benefit,
            ))
        }
        section {
            h2 { "IVPA – i väntan på ambulans" }
            (arrival.render())
            (gain.render())
            @if answered(last, Dim::Minutes, ivpa) == 0 {
                p.muted { (y - 1) ": inga svar om minuter före ambulansen." }
            }
            (chart(
                "chart-gain",
                "IVPA: uppskattad tidsvinst före ambulansen",
                &MINUTE_BUCKETS.iter().map(|(_, l)| (*l).to_owned()).collect::<Vec<_>>(),
                &gain_series,
            ))
        }
    }
}

/// Tabell 1's cells for one type (or all).
fn jobs_cells(r: &Report, last: &Report, t: Option<JobType>) -> Vec<String> {
    use samverka_model::form::Outcome;
    let declined = |rep: &Report| rep.count(Dim::Total, t, Some(Outcome::Declined), None);
    vec![
        carried(r, Dim::Total, t, None),
        carried(last, Dim::Total, t, None),
        r.count(Dim::Total, t, Some(Outcome::Done), None),
        carried(r, Dim::Performer, t, Some("municipal")),
        carried(r, Dim::Performer, t, Some("ambulance")),
        declined(r),
        declined(last),
        r.count(Dim::Total, t, Some(Outcome::Aborted), None),
    ]
    .into_iter()
    .map(|n| n.to_string())
    .collect()
}

/// The report's IVPA time-gain buckets and their labels.
const MINUTE_BUCKETS: [(&str, &str); 9] = [
    ("le5", "Inom 5 min"),
    ("le10", "Inom 10 min"),
    ("le15", "Inom 15 min"),
    ("le20", "Inom 20 min"),
    ("le25", "Inom 25 min"),
    ("le30", "Inom 30 min"),
    ("le35", "Inom 35 min"),
    ("le40", "Inom 40 min"),
    ("gt40", "Över 40 min"),
];

/// One job type's problems or actions: every code its forms hold, most common first, with
/// its share and last year's count; each labelled from the lists in force in the period.
fn list_table<'a>(
    d: &'a ReportData,
    t: JobType,
    dim: Dim,
    kind: ListKind,
    caption: String,
    from: &str,
    to: &str,
) -> Table<'a> {
    let (r, last) = (&d.this, &d.last);
    let id = match dim {
        Dim::Problem => "t-problem",
        _ => "t-action",
    };
    let whole = answered(r, dim, Some(t));
    let mut keys: Vec<String> = r
        .keys(dim)
        .into_iter()
        .chain(last.keys(dim))
        .filter(|k| k != UNANSWERED)
        .filter(|k| carried(r, dim, Some(t), Some(k)) + carried(last, dim, Some(t), Some(k)) > 0)
        .collect();
    keys.sort();
    keys.dedup();
    keys.sort_by(|a, b| {
        carried(r, dim, Some(t), Some(b))
            .cmp(&carried(r, dim, Some(t), Some(a)))
            .then_with(|| a.cmp(b))
    });
    let (last_from, last_to) = d.spec.period_in(d.spec.year - 1);
    let rows = keys
        .iter()
        .map(|k| {
            let n = carried(r, dim, Some(t), Some(k));
            // A code of last year only is named as last year's lists named it.
            let label = if n > 0 {
                d.published.label(kind, k, Some(from), Some(to))
            } else {
                d.published.label(kind, k, Some(&last_from), Some(&last_to))
            };
            (
                label,
                vec![
                    n.to_string(),
                    pct(n, whole),
                    carried(last, dim, Some(t), Some(k)).to_string(),
                ],
            )
        })
        .collect();
    let y = d.spec.year;
    Table {
        id,
        caption,
        head: vec![
            match dim {
                Dim::Problem => "Problem".to_owned(),
                _ => "Åtgärd".to_owned(),
            },
            format!("Antal {y}"),
            format!("Andel {y}"),
            format!("Antal {}", y - 1),
        ],
        rows,
        foot: Some((
            "Besvarat".to_owned(),
            vec![
                whole.to_string(),
                String::new(),
                answered(last, dim, Some(t)).to_string(),
            ],
        )),
    }
}

/// The operative group's figures for the year so far, beside the same months of the two years
/// before (the quarterly "Samverkansuppdrag januari–mars").
fn quarter(d: &ReportData) -> Markup {
    use samverka_model::form::Outcome;
    let y = d.spec.year;
    let months = d.spec.months();
    let (r, last) = (&d.this, &d.last);
    let (from, to) = d.period();
    let totals = Table {
        id: "q-totals",
        caption: format!("Tabell 1. Utförda och avböjda uppdrag {months}"),
        head: vec![
            "År".to_owned(),
            "Utförda".to_owned(),
            "Genomförda".to_owned(),
            "Avböjda".to_owned(),
        ],
        rows: d
            .years
            .iter()
            .map(|(year, rep)| {
                (
                    year.to_string(),
                    vec![
                        carried(rep, Dim::Total, None, None).to_string(),
                        rep.count(Dim::Total, None, Some(Outcome::Done), None)
                            .to_string(),
                        rep.count(Dim::Total, None, Some(Outcome::Declined), None)
                            .to_string(),
                    ],
                )
            })
            .collect(),
        foot: None,
    };
    let mut type_head = vec!["Uppdragsform".to_owned()];
    type_head.extend(d.years.iter().map(|(year, _)| year.to_string()));
    let per_type = Table {
        id: "q-types",
        caption: format!("Tabell 2. Utförda uppdrag per uppdragsform {months}"),
        head: type_head,
        rows: types()
            .iter()
            .map(|&t| {
                (
                    type_name(t).to_owned(),
                    d.years
                        .iter()
                        .map(|(_, rep)| carried(rep, Dim::Total, Some(t), None).to_string())
                        .collect(),
                )
            })
            .collect(),
        foot: None,
    };
    let ivpa = Some(JobType::Ivpa);
    let ivpa_rows = |rep: &Report| -> Vec<u64> {
        let asked = rep.count(Dim::Total, ivpa, None, None);
        vec![
            carried(rep, Dim::Total, ivpa, None),
            rep.count(Dim::Total, ivpa, Some(Outcome::Aborted), None),
            carried(rep, Dim::AgeBand, ivpa, Some("0-17")),
            rep.count(Dim::Arrival, ivpa, None, Some("before")),
            rep.count(Dim::Arrival, ivpa, None, Some("same")),
            rep.count(Dim::Arrival, ivpa, None, Some("after")),
            rep.count(Dim::Arrival, ivpa, None, Some("after_rescue")),
            rep.count(Dim::Total, ivpa, Some(Outcome::Declined), None),
            asked,
        ]
    };
    let (now, before) = (ivpa_rows(r), ivpa_rows(last));
    let labels = [
        "IVPA-uppdrag inkl. avbrutna",
        "varav avbrutna",
        "varav barn under 18 år",
        "Kom före ambulans",
        "Kom samtidigt som ambulans",
        "Kom efter ambulans",
        "Kom efter ambulans och räddningstjänst",
        "Antal nej (avböjda)",
    ];
    let mut rows: Vec<(String, Vec<String>)> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                (*l).to_owned(),
                vec![now[i].to_string(), before[i].to_string()],
            )
        })
        .collect();
    rows.push((
        "Andel nej".to_owned(),
        vec![pct(now[7], now[8]), pct(before[7], before[8])],
    ));
    let ivpa_table = Table {
        id: "q-ivpa",
        caption: format!("Tabell 3. IVPA-uppdrag {months}"),
        head: vec![String::new(), y.to_string(), (y - 1).to_string()],
        rows,
        foot: None,
    };
    let problems = list_table(
        d,
        JobType::Ivpa,
        Dim::Problem,
        ListKind::Problem,
        format!("Tabell 4. Vad IVPA-uppdragen handlade om {months}"),
        &from,
        &to,
    );
    let years: Vec<String> = d.years.iter().map(|(year, _)| year.to_string()).collect();
    let series: Vec<Series> = types()
        .iter()
        .map(|&t| Series {
            name: type_name(t).to_owned(),
            values: d
                .years
                .iter()
                .map(|(_, rep)| carried(rep, Dim::Total, Some(t), None))
                .collect(),
        })
        .collect();
    html! {
        section.summary {
            h2 { "Utförda och avböjda uppdrag" }
            (totals.render())
            (per_type.render())
            (chart("chart-quarter", &format!("Utförda uppdrag {months} per uppdragsform"), &years, &series))
        }
        section {
            h2 { "IVPA-uppdrag" }
            (ivpa_table.render())
            (problems.render())
        }
    }
}
