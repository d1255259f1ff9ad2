//! The dashboard's pages as HTML, in Swedish: the sign-in form and the statistics page with the
//! annual report's tables and charts. Every figure cell carries `data-cell` so tests (and
//! anyone scripting the page) can read it.

use super::charts::{Series, bars};
use samverka_model::form::{Benefit, FormOptions, Outcome};
use samverka_model::record::Sex;
use samverka_model::stats::{Dim, Report};
use samverka_model::{JobType, codes, sv};

/// Text made safe for HTML content and attribute values (the model's one escape, which the
/// phone's handover sheet uses too).
pub use samverka_model::export::escape_html as esc;

/// A page's head up to the open `<body>`: the title, the viewport and the dashboard's sheet.
pub fn head(title: &str) -> String {
    format!(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/dashboard/style.css\"></head><body>",
        esc(title)
    )
}

/// The dashboard's pages, for the navigation: (key, path, label).
const PAGES: [(&str, &str, &str); 4] = [
    ("stats", "/dashboard", "Statistik"),
    ("introduction", "/dashboard/introduction", "Introduktion"),
    ("quiz", "/dashboard/quiz", "Kvalitetstest"),
    ("quarantine", "/dashboard/quarantine", "Karantän"),
];

/// A signed-in page's start: the head, the bar with the navigation (`active` marked) and the
/// sign-out button, and an open `<main>`.
pub fn top(title: &str, user: &str, active: &str) -> String {
    bar(
        title,
        "Samverkande sjukvård – statistik",
        &PAGES,
        user,
        active,
    )
}

/// The start of any signed-in page: `heading` over the navigation `pages` (key, path, label;
/// `active` marked), who is signed in, and the sign-out button.
pub fn bar(
    title: &str,
    heading: &str,
    pages: &[(&str, &str, &str)],
    who: &str,
    active: &str,
) -> String {
    let links: String = pages
        .iter()
        .map(|(key, path, label)| {
            let current = if *key == active {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!("<a id=\"nav-{key}\" href=\"{path}\"{current}>{label}</a>")
        })
        .collect();
    format!(
        "{}<header class=\"bar\"><h1>{}</h1>\
         <nav class=\"nav\">{links}</nav>\
         <form method=\"post\" action=\"/dashboard/logout\"><span class=\"muted\">{}</span> \
         <button type=\"submit\" id=\"sign-out\">Logga ut</button></form></header><main>",
        head(title),
        esc(heading),
        esc(who)
    )
}

/// Text made safe for a URL's query value.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The sign-in page; `error` next to the password field, the typed name kept.
pub fn login(error: Option<&str>, name: &str) -> String {
    let err = error
        .map(|e| {
            format!(
                "<p class=\"field-error\" id=\"login-error\" role=\"alert\">{}</p>",
                esc(e)
            )
        })
        .unwrap_or_default();
    format!(
        "{}<main class=\"login\"><h1>Samverka – statistik</h1>\
         <form method=\"post\" action=\"/dashboard/login\">\
         <label>Användarnamn<input name=\"name\" id=\"name\" autocomplete=\"username\" required value=\"{}\"></label>\
         <label>Lösenord<input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
         {err}<button type=\"submit\" id=\"sign-in\">Logga in</button></form>\
         <p class=\"muted\">För samverkanscoacher och operativ samverkansgrupp.</p></main></body></html>",
        head("Logga in – Samverka"),
        esc(name)
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
}

/// The jobs the report calls carried out ("utförda"): done, and IVPA aborted by dispatch.
fn carried_out(r: &Report, dim: Dim, t: Option<JobType>, key: Option<&str>) -> u64 {
    r.count(dim, t, Some(Outcome::Done), key) + r.count(dim, t, Some(Outcome::Aborted), key)
}

fn pct(part: u64, whole: u64) -> String {
    (100 * part + whole / 2)
        .checked_div(whole)
        .map_or_else(|| "–".to_owned(), |p| format!("{p} %"))
}

fn cell(key: &str, value: impl std::fmt::Display) -> String {
    format!("<td data-cell=\"{}\">{value}</td>", esc(key))
}

/// The statistics page.
pub fn dashboard(d: &Dashboard<'_>) -> String {
    let r = d.report;
    let mut html = top("Statistik – Samverka", d.user, "stats");
    html.push_str(&filters(d));

    // Jobs per type: carried out by performer, declined, aborted.
    html.push_str("<section><h2>Uppdrag per uppdragsform</h2><table id=\"jobs\"><thead><tr><th>Uppdragsform</th>\
        <th>Utförda</th><th>varav kommunal primärvård</th><th>varav ambulans</th><th>Avböjda</th><th>Avbrutna av larmcentralen</th></tr></thead><tbody>");
    for t in JobType::ALL {
        let c = codes::code(&t);
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>{}{}{}{}{}</tr>",
            sv::job_type(t),
            cell(
                &format!("done.{c}"),
                carried_out(r, Dim::Total, Some(t), None)
            ),
            cell(
                &format!("municipal.{c}"),
                carried_out(r, Dim::Performer, Some(t), Some("municipal"))
            ),
            cell(
                &format!("ambulance.{c}"),
                carried_out(r, Dim::Performer, Some(t), Some("ambulance"))
            ),
            cell(
                &format!("declined.{c}"),
                r.count(Dim::Total, Some(t), Some(Outcome::Declined), None)
            ),
            cell(
                &format!("aborted.{c}"),
                r.count(Dim::Total, Some(t), Some(Outcome::Aborted), None)
            ),
        ));
    }
    html.push_str(&format!(
        "</tbody><tfoot><tr><th scope=\"row\">Totalt</th>{}{}{}{}{}</tr></tfoot></table></section>",
        cell("done.all", carried_out(r, Dim::Total, None, None)),
        cell(
            "municipal.all",
            carried_out(r, Dim::Performer, None, Some("municipal"))
        ),
        cell(
            "ambulance.all",
            carried_out(r, Dim::Performer, None, Some("ambulance"))
        ),
        cell(
            "declined.all",
            r.count(Dim::Total, None, Some(Outcome::Declined), None)
        ),
        cell(
            "aborted.all",
            r.count(Dim::Total, None, Some(Outcome::Aborted), None)
        ),
    ));

    html.push_str(&ivpa(r));
    html.push_str(&outcomes(r));
    html.push_str(&by_type_table(
        r,
        "Nytta för patienten",
        "benefit",
        Dim::Benefit,
        &[
            (Benefit::None, "none"),
            (Benefit::Little, "little"),
            (Benefit::Some, "some"),
            (Benefit::Good, "good"),
            (Benefit::VeryGood, "very_good"),
        ]
        .map(|(b, k)| (sv::benefit(b).to_owned(), k.to_owned())),
    ));
    let sexes = [
        (Sex::Female, "female"),
        (Sex::Male, "male"),
        (Sex::Unknown, "unknown"),
    ]
    .map(|(s, k)| (sv::sex(s).to_owned(), k.to_owned()));
    html.push_str(&by_type_table(
        r,
        "Patienternas kön",
        "sex",
        Dim::Sex,
        &sexes,
    ));
    let bands =
        ["0-17", "18-64", "65-74", "75-84", "85+"].map(|b| (format!("{b} år"), b.to_owned()));
    html.push_str(&by_type_table(
        r,
        "Patienternas ålder",
        "age",
        Dim::AgeBand,
        &bands,
    ));
    html.push_str(&top_list(
        r,
        "Vanligaste problem",
        "problem",
        Dim::Problem,
        &FormOptions::sample().problems,
    ));
    html.push_str(&top_list(
        r,
        "Vanligaste åtgärder",
        "action",
        Dim::Action,
        &FormOptions::sample().actions,
    ));
    html.push_str(&same_period(d.same_period));
    html.push_str(&charts(d));
    html.push_str("</main></body></html>");
    html
}

fn filters(d: &Dashboard<'_>) -> String {
    let options: String = std::iter::once(("".to_owned(), "Alla kommuner".to_owned()))
        .chain(d.municipalities.iter().cloned())
        .map(|(code, name)| {
            let sel = if code == d.municipality {
                " selected"
            } else {
                ""
            };
            format!(
                "<option value=\"{}\"{sel}>{}</option>",
                esc(&code),
                esc(&name)
            )
        })
        .collect();
    let err = d
        .filter_error
        .map(|e| {
            format!(
                "<p class=\"field-error\" id=\"filter-error\" role=\"alert\">{}</p>",
                esc(e)
            )
        })
        .unwrap_or_default();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/dashboard\">\
         <label>Från och med<input type=\"date\" name=\"from\" id=\"from\" value=\"{}\"></label>\
         <label>Till (inte med)<input type=\"date\" name=\"to\" id=\"to\" value=\"{}\"></label>\
         <label>Kommun<select name=\"municipality\" id=\"municipality\">{options}</select></label>\
         <button type=\"submit\" id=\"apply\">Visa</button>\
         <a class=\"button\" id=\"csv\" href=\"/dashboard/stats.csv?{}\">Ladda ner CSV</a>{err}</form>",
        esc(d.from),
        esc(d.to),
        esc(d.query),
    )
}

fn ivpa(r: &Report) -> String {
    let t = Some(JobType::Ivpa);
    let arrivals = [
        ("before", "Före ambulansen"),
        ("same", "Samtidigt"),
        ("after", "Efter ambulansen"),
        ("after_rescue", "Efter ambulans och räddningstjänst"),
    ];
    let mut html = String::from(
        "<section><h2>IVPA</h2><table id=\"ivpa-arrival\"><thead><tr><th>Framme</th><th>Antal</th></tr></thead><tbody>",
    );
    for (k, label) in arrivals {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th>{}</tr>",
            cell(
                &format!("arrival.{k}"),
                r.count(Dim::Arrival, t, None, Some(k))
            )
        ));
    }
    html.push_str("</tbody></table><table id=\"ivpa-minutes\"><thead><tr><th>Uppskattad tidsvinst</th><th>Antal</th></tr></thead><tbody>");
    for (k, label) in minute_buckets() {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th>{}</tr>",
            cell(
                &format!("minutes.{k}"),
                r.count(Dim::Minutes, t, None, Some(k))
            )
        ));
    }
    let mean = r
        .ivpa_minutes_mean()
        .map_or_else(|| "–".to_owned(), |m| format!("{m:.1}").replace('.', ","));
    html.push_str(&format!(
        "</tbody><tfoot><tr><th scope=\"row\">Medel, minuter</th>{}</tr></tfoot></table></section>",
        cell("minutes.mean", mean)
    ));
    html
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
fn outcomes(r: &Report) -> String {
    let mut html = String::from(
        "<section><h2>Vårdnivå, hemmet och förebyggda besök</h2><table id=\"outcomes\"><thead><tr><th>Uppdragsform</th>\
         <th>Rätt vårdnivå</th><th>Kunde stanna hemma</th><th>Informationen stämde</th>\
         <th>Förebyggt besök akutmottagning</th><th>Förebyggt besök VC/JC</th></tr></thead><tbody>",
    );
    for t in JobType::ALL {
        let c = codes::code(&t);
        let answered = |dim| {
            carried_out(r, dim, Some(t), None) - carried_out(r, dim, Some(t), Some("unanswered"))
        };
        let matched = ["yes", "well", "very_well"]
            .iter()
            .map(|k| carried_out(r, Dim::InfoMatched, Some(t), Some(k)))
            .sum();
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>{}{}{}{}{}</tr>",
            sv::job_type(t),
            cell(
                &format!("right_care.{c}"),
                pct(
                    carried_out(r, Dim::RightCareLevel, Some(t), Some("yes")),
                    answered(Dim::RightCareLevel)
                )
            ),
            cell(
                &format!("stayed_home.{c}"),
                pct(
                    carried_out(r, Dim::StayedHome, Some(t), Some("yes")),
                    answered(Dim::StayedHome)
                )
            ),
            cell(
                &format!("info_matched.{c}"),
                pct(matched, answered(Dim::InfoMatched))
            ),
            cell(
                &format!("prevented_emergency.{c}"),
                carried_out(r, Dim::PreventedVisit, Some(t), Some("emergency"))
            ),
            cell(
                &format!("prevented_primary_care.{c}"),
                carried_out(r, Dim::PreventedVisit, Some(t), Some("primary_care"))
            ),
        ));
    }
    html.push_str("</tbody></table></section>");
    html
}

/// A table of `dim`'s keys (rows) by job type (columns), carried-out jobs.
fn by_type_table(r: &Report, title: &str, id: &str, dim: Dim, keys: &[(String, String)]) -> String {
    let mut html = format!(
        "<section><h2>{}</h2><table id=\"{id}\"><thead><tr><th></th>",
        esc(title)
    );
    for t in JobType::ALL {
        html.push_str(&format!("<th>{}</th>", sv::job_type(t)));
    }
    html.push_str("</tr></thead><tbody>");
    for (label, key) in keys {
        html.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(label)));
        for t in JobType::ALL {
            html.push_str(&cell(
                &format!("{id}.{key}.{}", codes::code(&t)),
                carried_out(r, dim, Some(t), Some(key)),
            ));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></section>");
    html
}

/// The most common keys of `dim`, with their labels from the form's lists.
fn top_list(
    r: &Report,
    title: &str,
    id: &str,
    dim: Dim,
    labels: &[samverka_model::form::Choice],
) -> String {
    let mut counts: Vec<(u64, String)> = r
        .keys(dim)
        .into_iter()
        .filter(|k| k != "unanswered")
        .map(|k| (carried_out(r, dim, None, Some(&k)), k))
        .filter(|(n, _)| *n > 0)
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut html = format!("<section><h2>{}</h2><table id=\"{id}\"><tbody>", esc(title));
    for (n, key) in counts.into_iter().take(10) {
        let label = labels
            .iter()
            .find(|c| c.code == key)
            .map_or(key.as_str(), |c| c.label_sv.as_str());
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>{}</tr>",
            esc(label),
            cell(&format!("{id}.{key}"), n)
        ));
    }
    html.push_str("</tbody></table></section>");
    html
}

fn same_period(years: &[(i32, Report)]) -> String {
    let mut html = String::from(
        "<section><h2>Samma period tidigare år</h2><table id=\"same-period\"><thead><tr><th>År</th>\
         <th>Utförda</th><th>Avböjda</th></tr></thead><tbody>",
    );
    for (year, r) in years {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{year}</th>{}{}</tr>",
            cell(
                &format!("period.{year}.done"),
                carried_out(r, Dim::Total, None, None)
            ),
            cell(
                &format!("period.{year}.declined"),
                r.count(Dim::Total, None, Some(Outcome::Declined), None)
            ),
        ));
    }
    html.push_str("</tbody></table></section>");
    html
}

fn charts(d: &Dashboard<'_>) -> String {
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
    let bands = ["0-17", "18-64", "65-74", "75-84", "85+"];
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
    format!(
        "<section class=\"charts\"><h2>Diagram</h2>{}{}{}{}{}</section>",
        bars(
            "chart-years",
            "Utförda uppdrag per år och uppdragsform",
            &years,
            &by_year
        ),
        bars(
            "chart-age",
            "Patienternas ålder per uppdragsform",
            &bands.iter().map(|b| format!("{b} år")).collect::<Vec<_>>(),
            &by_age
        ),
        bars(
            "chart-sex",
            "Patienternas kön per uppdragsform",
            &[Sex::Female, Sex::Male, Sex::Unknown].map(|s| sv::sex(s).to_owned()),
            &by_sex
        ),
        bars(
            "chart-benefit",
            "Nytta för patienten per uppdragsform",
            &benefit_labels,
            &by_benefit
        ),
        bars(
            "chart-ivpa-gain",
            "IVPA: uppskattad tidsvinst före ambulansen",
            &buckets.map(|(_, l)| l.to_owned()),
            &gain
        ),
    )
}
