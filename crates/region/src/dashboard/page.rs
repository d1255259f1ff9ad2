//! The dashboard's pages as HTML, in Swedish: the sign-in form and the statistics page with the
//! annual report's tables and charts. Every figure cell carries `data-cell` so tests (and
//! anyone scripting the page) can read it. Built with maud: the markup is checked when the
//! region compiles, and every value put into it is escaped unless wrapped in `PreEscaped`
//! (only the charts' SVG, which plotters writes).

use super::charts::{Series, bars};
use crate::published::Published;
use maud::{DOCTYPE, Markup, PreEscaped, Render, html};
use samverka_model::form::{Benefit, ListKind, Outcome};
use samverka_model::record::Sex;
use samverka_model::stats::{AGE_BANDS, Dim, Report, UNANSWERED};
use samverka_model::{JobType, codes, sv};

/// A whole page: the head (title, viewport, the dashboard's sheet) and `body`.
pub fn document(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/dashboard/style.css";
            }
            body { (body) }
        }
    }
}

/// The dashboard's pages, for the navigation: (key, path, label).
const PAGES: [(&str, &str, &str); 4] = [
    ("stats", "/dashboard", "Statistik"),
    ("introduction", "/dashboard/introduction", "Introduktion"),
    ("quiz", "/dashboard/quiz", "Kvalitetstest"),
    ("quarantine", "/dashboard/quarantine", "Karantän"),
];

/// A coach's or admin's page: the bar with the dashboard's navigation (`active` marked) and
/// the sign-out button, then `main`.
pub fn top(title: &str, user: &str, active: &str, main: Markup) -> Markup {
    bar(
        title,
        "Samverkande sjukvård – statistik",
        &PAGES,
        user,
        active,
        main,
    )
}

/// Any signed-in page: `heading` over the navigation `pages` (key, path, label; `active`
/// marked), who is signed in and the sign-out button, then `main`.
pub fn bar(
    title: &str,
    heading: &str,
    pages: &[(&str, &str, &str)],
    who: &str,
    active: &str,
    main: Markup,
) -> Markup {
    document(
        title,
        html! {
            header.bar {
                h1 { (heading) }
                nav.nav {
                    @for (key, path, label) in pages {
                        a id={ "nav-" (key) } href=(path)
                            aria-current=[(*key == active).then_some("page")] { (label) }
                    }
                }
                form method="post" action="/dashboard/logout" {
                    span.muted { (who) }
                    " "
                    button type="submit" id="sign-out" { "Logga ut" }
                }
            }
            main { (main) }
        },
    )
}

/// An error shown next to what it is about, read out at once.
pub fn field_error(id: &str, message: &str) -> Markup {
    html! { p.field-error id=(id) role="alert" { (message) } }
}

/// The sign-in page; `error` next to the password field, the typed name kept.
pub fn login(error: Option<&str>, name: &str) -> Markup {
    document(
        "Logga in – Samverka",
        html! {
            main.login {
                h1 { "Samverka – statistik" }
                form method="post" action="/dashboard/login" {
                    label {
                        "Användarnamn"
                        input name="name" id="name" autocomplete="username" required value=(name);
                    }
                    label {
                        "Lösenord"
                        input name="password" id="password" type="password"
                            autocomplete="current-password" required;
                    }
                    @if let Some(e) = error { (field_error("login-error", e)) }
                    button type="submit" id="sign-in" { "Logga in" }
                }
                p.muted { "För samverkanscoacher och operativ samverkansgrupp." }
            }
        },
    )
}

/// What the statistics page shows.
pub struct Dashboard<'a> {
    /// The signed-in user.
    pub user: &'a str,
    /// The chosen period and municipality, as typed (kept in the form).
    pub from: &'a str,
    /// First day not counted.
    pub to: &'a str,
    /// The chosen municipality code, or empty.
    pub municipality: &'a str,
    /// A problem with the filters, shown next to them.
    pub filter_error: Option<&'a str>,
    /// The municipalities to choose from: (code, name).
    pub municipalities: &'a [(String, String)],
    /// The period's report.
    pub report: &'a Report,
    /// Jobs per type and year: (year, report of that year).
    pub years: &'a [(i32, Report)],
    /// The same part of the year in earlier years: (year, report).
    pub same_period: &'a [(i32, Report)],
    /// The query string of the current filters, for the CSV link.
    pub query: &'a str,
    /// The published form lists and municipalities, for labels.
    pub published: &'a Published,
    /// The year the report button offers (the period's first year).
    pub report_year: i32,
}

/// The jobs the report calls carried out ("utförda", `done_including_aborted`): done, and IVPA
/// aborted by dispatch.
fn carried_out(r: &Report, dim: Dim, t: Option<JobType>, key: Option<&str>) -> u64 {
    r.done_including_aborted(dim, t, key)
}

fn pct(part: u64, whole: u64) -> String {
    (100 * part + whole / 2)
        .checked_div(whole)
        .map_or_else(|| "–".to_owned(), |p| format!("{p} %"))
}

/// A figure, named by `key` in `data-cell`.
fn cell(key: &str, value: impl Render) -> Markup {
    html! { td data-cell=(key) { (value) } }
}

/// The statistics page.
pub fn dashboard(d: &Dashboard<'_>) -> Markup {
    let r = d.report;
    let benefits = [
        (Benefit::None, "none"),
        (Benefit::Little, "little"),
        (Benefit::Some, "some"),
        (Benefit::Good, "good"),
        (Benefit::VeryGood, "very_good"),
    ]
    .map(|(b, k)| (sv::benefit(b).to_owned(), k.to_owned()));
    let sexes = [
        (Sex::Female, "female"),
        (Sex::Male, "male"),
        (Sex::Unknown, "unknown"),
    ]
    .map(|(s, k)| (sv::sex(s).to_owned(), k.to_owned()));
    let bands = AGE_BANDS.map(|b| (format!("{} år", b.replace('-', "–")), b.to_owned()));
    let main = html! {
        (filters(d))
        // Jobs per type: carried out by performer, declined, aborted.
        section {
            h2 { "Uppdrag per uppdragsform" }
            div.wide tabindex="0" role="region" aria-label="Uppdrag per uppdragsform" {
                table #jobs {
                    thead { tr {
                                th { "Uppdragsform" }
                                th { "Utförda inkl. avbrutna IVPA " code { "done_including_aborted" } }
                                th { "Genomförda " code { "done" } }
                                th { "varav kommunal primärvård" } th { "varav ambulans" }
                                th { "Avböjda " code { "declined" } }
                                th { "Avbrutna av larmcentralen " code { "aborted" } }
                    } }
                    tbody {
                        @for t in JobType::ALL {
                            @let c = codes::code(&t);
                            tr {
                                th scope="row" { (sv::job_type(t)) }
                                (cell(
                                    &format!("done_including_aborted.{c}"),
                                    carried_out(r, Dim::Total, Some(t), None),
                                ))
                                (cell(
                                    &format!("done.{c}"),
                                    r.count(Dim::Total, Some(t), Some(Outcome::Done), None),
                                ))
                                (cell(
                                    &format!("municipal.{c}"),
                                    carried_out(r, Dim::Performer, Some(t), Some("municipal")),
                                ))
                                (cell(
                                    &format!("ambulance.{c}"),
                                    carried_out(r, Dim::Performer, Some(t), Some("ambulance")),
                                ))
                                (cell(
                                    &format!("declined.{c}"),
                                    r.count(Dim::Total, Some(t), Some(Outcome::Declined), None),
                                ))
                                (cell(
                                    &format!("aborted.{c}"),
                                    r.count(Dim::Total, Some(t), Some(Outcome::Aborted), None),
                                ))
                            }
                        }
                    }
                    tfoot { tr {
                        th scope="row" { "Totalt" }
                        (cell("done_including_aborted.all", carried_out(r, Dim::Total, None, None)))
                        (cell("done.all", r.count(Dim::Total, None, Some(Outcome::Done), None)))
                        (cell("municipal.all", carried_out(r, Dim::Performer, None, Some("municipal"))))
                        (cell("ambulance.all", carried_out(r, Dim::Performer, None, Some("ambulance"))))
                        (cell("declined.all", r.count(Dim::Total, None, Some(Outcome::Declined), None)))
                        (cell("aborted.all", r.count(Dim::Total, None, Some(Outcome::Aborted), None)))
                    } }
                }
            }
        }
        (ivpa(r))
        (outcomes(r))
        (by_type_table(r, "Nytta för patienten", "benefit", Dim::Benefit, &benefits))
        (by_type_table(r, "Patienternas kön", "sex", Dim::Sex, &sexes))
        (by_type_table(r, "Patienternas ålder", "age", Dim::AgeBand, &bands))
        (per_type_lists(d, "Vad uppdragen handlade om", "problem", Dim::Problem, ListKind::Problem))
        (per_type_lists(d, "Åtgärder", "action", Dim::Action, ListKind::Action))
        (same_period(d.same_period))
        (charts(d))
    };
    top("Statistik – Samverka", d.user, "stats", main)
}

fn filters(d: &Dashboard<'_>) -> Markup {
    let all = (String::new(), "Alla kommuner".to_owned());
    html! {
        form.filters method="get" action="/dashboard" {
            label { "Från och med" input type="date" name="from" id="from" value=(d.from); }
            label { "Till (inte med)" input type="date" name="to" id="to" value=(d.to); }
            label {
                "Kommun"
                select name="municipality" id="municipality" {
                    @for (code, name) in std::iter::once(&all).chain(d.municipalities) {
                        option value=(code) selected[*code == d.municipality] { (name) }
                    }
                }
            }
            button type="submit" id="apply" { "Visa" }
            a.button id="csv" href={ "/dashboard/stats.csv?" (d.query) } { "Ladda ner CSV" }
            @if let Some(e) = d.filter_error { (field_error("filter-error", e)) }
        }
        // The annual report, or the year so far for the operative group, as a document.
        form.filters #report-form method="get" action="/dashboard/report.pdf" {
            label { "Rapportår" input type="number" name="year" id="report-year" min="2000" max="2999" value=(d.report_year); }
            label {
                "Rapport"
                select name="quarter" id="report-quarter" {
                    option value="" selected { "Årsrapport (helår)" }
                    option value="1" { "Kvartal: januari–mars" }
                    option value="2" { "Kvartal: januari–juni" }
                    option value="3" { "Kvartal: januari–september" }
                    option value="4" { "Kvartal: januari–december" }
                }
            }
            button type="submit" id="report-pdf" { "Rapport som PDF" }
            button.secondary type="submit" id="report-html" formaction="/dashboard/report" { "Rapport som webbsida" }
        }
    }
}

fn ivpa(r: &Report) -> Markup {
    let t = Some(JobType::Ivpa);
    let arrivals = [
        ("before", "Före ambulansen"),
        ("same", "Samtidigt"),
        ("after", "Efter ambulansen"),
        ("after_rescue", "Efter ambulans och räddningstjänst"),
    ];
    let mean = r
        .ivpa_minutes_mean()
        .map_or_else(|| "–".to_owned(), |m| format!("{m:.1}").replace('.', ","));
    html! {
        section {
            h2 { "IVPA" }
            div.wide tabindex="0" role="region" aria-label="IVPA: framme" {
                table #ivpa-arrival {
                    thead { tr { th { "Framme" } th { "Antal" } } }
                    tbody {
                        @for (k, label) in arrivals {
                            tr {
                                th scope="row" { (label) }
                                (cell(&format!("arrival.{k}"), r.count(Dim::Arrival, t, None, Some(k))))
                            }
                        }
                    }
                }
            }
            div.wide tabindex="0" role="region" aria-label="IVPA: uppskattad tidsvinst" {
                table #ivpa-minutes {
                    thead { tr { th { "Uppskattad tidsvinst" } th { "Antal" } } }
                    tbody {
                        @for (k, label) in minute_buckets() {
                            tr {
                                th scope="row" { (label) }
                                (cell(&format!("minutes.{k}"), r.count(Dim::Minutes, t, None, Some(k))))
                            }
                        }
                    }
                    tfoot { tr { th scope="row" { "Medel, minuter" } (cell("minutes.mean", mean)) } }
                }
            }
        }
    }
}

fn minute_buckets() -> [(&'static str, &'static str); 9] {
    [
        ("le5", "≤ 5 min"),
        ("le10", "6–10 min"),
        ("le15", "11–15 min"),
        ("le20", "16–20 min"),
        ("le25", "21–25 min"),
        ("le30", "26–30 min"),
        ("le35", "31–35 min"),
        ("le40", "36–40 min"),
        ("gt40", "> 40 min"),
    ]
}

/// Right care level, stayed at home, information matched, prevented visits: per job type.
fn outcomes(r: &Report) -> Markup {
    html! {
        section {
            h2 { "Vårdnivå, hemmet och förebyggda besök" }
            div.wide tabindex="0" role="region" aria-label="Vårdnivå, hemmet och förebyggda besök" {
                table #outcomes {
                    thead { tr {
                        th { "Uppdragsform" } th { "Rätt vårdnivå" } th { "Kunde stanna hemma" }
                        th { "Informationen stämde" } th { "Förebyggt besök akutmottagning" }
                        th { "Förebyggt besök VC/JC" }
                    } }
                    tbody {
                        @for t in JobType::ALL {
                            @let c = codes::code(&t);
                            @let answered = |dim| {
                                carried_out(r, dim, Some(t), None)
                                    - carried_out(r, dim, Some(t), Some("unanswered"))
                            };
                            @let matched: u64 = ["yes", "well", "very_well"]
                                .iter()
                                .map(|k| carried_out(r, Dim::InfoMatched, Some(t), Some(k)))
                                .sum();
                            tr {
                                th scope="row" { (sv::job_type(t)) }
                                (cell(&format!("right_care.{c}"), pct(
                                    carried_out(r, Dim::RightCareLevel, Some(t), Some("yes")),
                                    answered(Dim::RightCareLevel),
                                )))
                                (cell(&format!("stayed_home.{c}"), pct(
                                    carried_out(r, Dim::StayedHome, Some(t), Some("yes")),
                                    answered(Dim::StayedHome),
                                )))
                                (cell(&format!("info_matched.{c}"), pct(matched, answered(Dim::InfoMatched))))
                                (cell(
                                    &format!("prevented_emergency.{c}"),
                                    carried_out(r, Dim::PreventedVisit, Some(t), Some("emergency")),
                                ))
                                (cell(
                                    &format!("prevented_primary_care.{c}"),
                                    carried_out(r, Dim::PreventedVisit, Some(t), Some("primary_care")),
                                ))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A table of `dim`'s keys (rows) by job type (columns), carried-out jobs.
fn by_type_table(r: &Report, title: &str, id: &str, dim: Dim, keys: &[(String, String)]) -> Markup {
    html! {
        section {
            h2 { (title) }
            div.wide tabindex="0" role="region" aria-label=(title) {
                table id=(id) {
                    thead { tr {
                        th {}
                        @for t in JobType::ALL { th { (sv::job_type(t)) } }
                    } }
                    tbody {
                        @for (label, key) in keys {
                            tr {
                                th scope="row" { (label) }
                                @for t in JobType::ALL {
                                    (cell(
                                        &format!("{id}.{key}.{}", codes::code(&t)),
                                        carried_out(r, dim, Some(t), Some(key)),
                                    ))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The keys of `dim` among `t`'s carried-out jobs, most common first.
fn most_common(r: &Report, dim: Dim, t: JobType) -> Vec<(u64, String)> {
    let mut counts: Vec<(u64, String)> = r
        .keys(dim)
        .into_iter()
        .filter(|k| k != UNANSWERED)
        .map(|k| (carried_out(r, dim, Some(t), Some(&k)), k))
        .filter(|(n, _)| *n > 0)
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    counts
}

/// Per job type, every code of `dim` the period's forms hold, most common first, with its
/// share of the carried-out jobs of that type that answered; labelled from the form's lists in
/// force in the period (a code they lack is said to be unknown, with the code).
fn per_type_lists(d: &Dashboard<'_>, title: &str, id: &str, dim: Dim, kind: ListKind) -> Markup {
    let r = d.report;
    let (from, to) = (r.filter.from.as_deref(), r.filter.to.as_deref());
    html! {
        section.lists {
            h2 { (title) }
            @for t in JobType::ALL {
                @let c = codes::code(&t);
                @let answered = carried_out(r, dim, Some(t), None)
                    - carried_out(r, dim, Some(t), Some(UNANSWERED));
                @let counts = most_common(r, dim, t);
                div.wide tabindex="0" role="region" aria-label=(title) {
                    table id={ (id) "-" (c) } {
                        caption { (sv::job_type(t)) }
                        thead { tr { th { "Kod" } th { "Antal" } th { "Andel" } } }
                        tbody {
                            @for (n, key) in &counts {
                                tr {
                                    th scope="row" data-code=(key) {
                                        (d.published.label(kind, key, from, to))
                                    }
                                    (cell(&format!("{id}.{c}.{key}"), *n))
                                    (cell(&format!("{id}_share.{c}.{key}"), pct(*n, answered)))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn same_period(years: &[(i32, Report)]) -> Markup {
    html! {
        section {
            h2 { "Samma period tidigare år" }
            div.wide tabindex="0" role="region" aria-label="Samma period tidigare år" {
                table #same-period {
                    thead { tr { th { "År" } th { "Utförda inkl. avbrutna IVPA " code { "done_including_aborted" } } th { "Avböjda" } } }
                    tbody {
                        @for (year, r) in years {
                            tr {
                                th scope="row" { (year) }
                                (cell(&format!("period.{year}.done_including_aborted"), carried_out(r, Dim::Total, None, None)))
                                (cell(
                                    &format!("period.{year}.declined"),
                                    r.count(Dim::Total, None, Some(Outcome::Declined), None),
                                ))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn charts(d: &Dashboard<'_>) -> Markup {
    let r = d.report;
    let years: Vec<String> = d.years.iter().map(|(y, _)| y.to_string()).collect();
    let by_year: Vec<Series> = JobType::ALL
        .iter()
        .map(|&t| Series {
            name: sv::job_type(t).to_owned(),
            values: d
                .years
                .iter()
                .map(|(_, yr)| carried_out(yr, Dim::Total, Some(t), None))
                .collect(),
        })
        .collect();
    let bands = AGE_BANDS;
    let by_age: Vec<Series> = JobType::ALL
        .iter()
        .map(|&t| Series {
            name: sv::job_type(t).to_owned(),
            values: bands
                .iter()
                .map(|b| carried_out(r, Dim::AgeBand, Some(t), Some(b)))
                .collect(),
        })
        .collect();
    let benefit_keys = ["none", "little", "some", "good", "very_good"];
    let benefit_labels: Vec<String> = [
        Benefit::None,
        Benefit::Little,
        Benefit::Some,
        Benefit::Good,
        Benefit::VeryGood,
    ]
    .iter()
    .map(|b| sv::benefit(*b).to_owned())
    .collect();
    let by_benefit: Vec<Series> = JobType::ALL
        .iter()
        .map(|&t| Series {
            name: sv::job_type(t).to_owned(),
            values: benefit_keys
                .iter()
                .map(|k| carried_out(r, Dim::Benefit, Some(t), Some(k)))
                .collect(),
        })
        .collect();
    let buckets = minute_buckets();
    let gain = vec![Series {
        name: "IVPA".to_owned(),
        values: buckets
            .iter()
            .map(|(k, _)| r.count(Dim::Minutes, Some(JobType::Ivpa), None, Some(k)))
            .collect(),
    }];
    let sexes: Vec<String> = ["female", "male", "unknown"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let by_sex: Vec<Series> = JobType::ALL
        .iter()
        .map(|&t| Series {
            name: sv::job_type(t).to_owned(),
            values: sexes
                .iter()
                .map(|k| carried_out(r, Dim::Sex, Some(t), Some(k)))
                .collect(),
        })
        .collect();
    let drawn = [
        bars(
            "chart-years",
            "Utförda uppdrag per år och uppdragsform",
            &years,
            &by_year,
        ),
        bars(
            "chart-age",
            "Patienternas ålder per uppdragsform",
            &bands.iter().map(|b| format!("{b} år")).collect::<Vec<_>>(),
            &by_age,
        ),
        bars(
            "chart-sex",
            "Patienternas kön per uppdragsform",
            &[Sex::Female, Sex::Male, Sex::Unknown].map(|s| sv::sex(s).to_owned()),
            &by_sex,
        ),
        bars(
            "chart-benefit",
            "Nytta för patienten per uppdragsform",
            &benefit_labels,
            &by_benefit,
        ),
        bars(
            "chart-ivpa-gain",
            "IVPA: uppskattad tidsvinst före ambulansen",
            &buckets.map(|(_, l)| l.to_owned()),
            &gain,
        ),
    ];
    html! {
        section.charts {
            h2 { "Diagram" }
            // plotters' SVG, its texts escaped by plotters and the label by maud (`bars`).
            @for svg in drawn { (PreEscaped(svg)) }
        }
    }
}
