//! The health centres' request pages, in Swedish, without scripts: `/begaran` (the centre's
//! requests and their answers: väntar, accepterad av …, avböjd av … med skäl) and `/begaran/ny`
//! (the form with the quick reference's conditions above it; a refused form comes back with
//! every error next to its field and everything typed kept). Only a requester's session opens
//! them; the check is the model's ([`samverka_model::request::check`]).

use super::page::{self, bar};
use crate::api::{ApiError, AppState};
use crate::requests::{RequesterSession, requester_of, submit};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use samverka_model::request::{
    RequestForm, RequestRecord, RequestStatus, RequestUnit, TaskKind, yes_no,
};
use samverka_model::timestamp::Zone;
use samverka_model::{CommandError, PerformerKind, codes, sv};
use serde::Deserialize;

/// How many of a centre's requests the list shows.
const LIST_LIMIT: u32 = 200;

/// `?ny=ID` after a request was sent.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListParams {
    #[serde(default)]
    ny: String,
}

/// The form as posted: every field as text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PostedForm {
    unit: String,
    task: String,
    personal_number: String,
    name: String,
    address: String,
    patient_phone: String,
    description: String,
    acute: String,
    enrolled: String,
    doctors_order: String,
    callback_phone: String,
    visit_date: String,
    visit_time: String,
    /// In the night the clock goes back, which of the doubled hour: `S` (the first, summer
    /// time) or `V` (the second, winter time); a time input cannot hold the model's suffix.
    visit_season: String,
}

/// The season marks the form offers, as the model reads them after the time.
const SEASONS: [&str; 2] = ["S", "V"];

impl From<PostedForm> for RequestForm {
    fn from(p: PostedForm) -> Self {
        // "02:30" and "V" become the model's "02:30 V"; anything else is not offered and left out.
        let season = p.visit_season.trim();
        let visit_time = if SEASONS.contains(&season) && !p.visit_time.trim().is_empty() {
            format!("{} {season}", p.visit_time.trim())
        } else {
            p.visit_time
        };
        RequestForm {
            unit: p.unit,
            task: p.task,
            personal_number: p.personal_number,
            name: p.name,
            address: p.address,
            patient_phone: p.patient_phone,
            description: p.description,
            acute: yes_no(&p.acute),
            enrolled: yes_no(&p.enrolled),
            doctors_order: yes_no(&p.doctors_order),
            callback_phone: p.callback_phone,
            visit_date: p.visit_date,
            visit_time,
        }
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListParams>,
) -> Result<Response, ApiError> {
    let Some(who) = requester_of(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    let requests = state
        .storage
        .centre_requests(&who.centre, LIST_LIMIT)
        .await?;
    let units = state.storage.request_units().await?;
    Ok(list_page(&who, &requests, &units, q.ny.trim()).into_response())
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(who) = requester_of(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    let units = state.storage.request_units().await?;
    Ok(form_page(&who, &units, &RequestForm::default(), None).into_response())
}

pub(super) async fn post_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(posted): Form<PostedForm>,
) -> Result<Response, ApiError> {
    let Some(who) = requester_of(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    let form = RequestForm::from(posted);
    match submit(&state.storage, &who, &form, crate::now()).await? {
        Ok(record) => Ok(Redirect::to(&format!("/begaran?ny={}", record.id)).into_response()),
        Err(errors) => {
            let units = state.storage.request_units().await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&who, &units, &form, Some(&errors)),
            )
                .into_response())
        }
    }
}

/// A requester's page: the bar with the two pages and the sign-out button, then `main`.
fn top(title: &str, who: &RequesterSession, active: &str, main: Markup) -> Markup {
    let pages = [
        ("requests", "/begaran", "Förfrågningar"),
        ("new", "/begaran/ny", "Ny förfrågan"),
    ];
    let signed_in = format!("{} · {}", who.name, who.centre);
    bar(
        title,
        "Samverkande sjukvård – assistansuppdrag",
        &pages,
        &signed_in,
        active,
        main,
    )
}

/// A unit's kind as the picker says it.
fn kind_label(kind: PerformerKind) -> &'static str {
    match kind {
        PerformerKind::Municipal => "kommunal primärvård",
        PerformerKind::Ambulance => "ambulans",
    }
}

/// "2026-01-14 kl 21:05" in Swedish time.
fn when(at: samverka_model::Timestamp) -> String {
    format!("{} kl {}", at.date(Zone::Sweden), at.hhmm(Zone::Sweden))
}

/// The status as the requester reads it: who answered, when, and a decline's reason.
pub fn status_text(r: &RequestRecord) -> String {
    let Some(a) = &r.answer else {
        return format!(
            "{} på svar",
            capitalised(sv::request_status(RequestStatus::Requested))
        );
    };
    let head = format!(
        "{} av {} kl {} ({})",
        capitalised(sv::request_status(r.status())),
        a.answered_by,
        a.answered_at.hhmm(Zone::Sweden),
        a.answered_at.date(Zone::Sweden)
    );
    match &a.answer {
        samverka_model::request::RequestAnswer::Accept { .. } => head,
        samverka_model::request::RequestAnswer::Decline { reason } => {
            format!("{head}: {reason}")
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A joined visit time split again for the form: the clock for the time input and the season
/// mark for its choice ("02:30 V" → ("02:30", "V")).
fn season_of(visit_time: &str) -> (&str, &str) {
    match visit_time.trim().rsplit_once(' ') {
        Some((clock, mark)) if SEASONS.contains(&mark) => (clock.trim(), mark),
        _ => (visit_time, ""),
    }
}

fn list_page(
    who: &RequesterSession,
    requests: &[RequestRecord],
    units: &[RequestUnit],
    sent: &str,
) -> Markup {
    let unit_name = |id: &str| {
        units
            .iter()
            .find(|u| u.id.as_str() == id)
            .map_or_else(|| id.to_owned(), |u| u.name.clone())
    };
    let main = html! {
        h2 { "Förfrågningar om assistansuppdrag" }
        @if let Some(r) = requests.iter().find(|r| r.id.to_string() == sent) {
            p.badge.ok #sent role="status" {
                "Förfrågan skickad till " (unit_name(r.request.unit.as_str())) ". Svaret visas här."
            }
        }
        @if requests.is_empty() {
            p #no-requests { "Inga förfrågningar ännu. " a href="/begaran/ny" { "Ny förfrågan" } }
        } @else {
            section {
                div.wide tabindex="0" role="region" aria-label="Förfrågningar" {
                    table #requests {
                        thead { tr {
                            th { "Skickad" } th { "Enhet" } th { "Uppgift" } th { "Patient" }
                            th { "Besök" } th { "Status" }
                        } }
                        tbody {
                            @for r in requests {
                                @let id = r.id.to_string();
                                @let status = codes::code(&r.status());
                                @let q = &r.request;
                                tr data-request=(id) data-status=(status) {
                                    th scope="row" { (when(r.created_at)) br; span.muted { (r.requested_by) } }
                                    td { (unit_name(q.unit.as_str())) }
                                    td { (sv::task(q.task)) }
                                    td {
                                        (q.name) br;
                                        span.muted { (q.personal_number.masked()) ", " (q.patient_age) " år" }
                                    }
                                    td { (when(q.visit_at)) }
                                    td data-cell={ (id) ".status" } class={ "status " (status) } { (status_text(r)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    top("Förfrågningar – Samverka", who, "requests", main)
}

/// The error of `field` (`request.<field>`), ready to sit under it.
fn field_error(errors: Option<&CommandError>, field: &str) -> Markup {
    let key = format!("request.{field}");
    html! {
        @for e in errors.into_iter().flat_map(|e| e.errors.iter()).filter(|e| e.field == key) {
            (page::field_error(&format!("error-{field}"), &e.message))
        }
    }
}

fn text_input(
    label: &str,
    field: &str,
    value: &str,
    kind: &str,
    errors: Option<&CommandError>,
) -> Markup {
    html! {
        label { (label) input type=(kind) name=(field) id=(field) value=(value); }
        (field_error(errors, field))
    }
}

fn yes_no_input(
    question: &str,
    field: &str,
    value: Option<bool>,
    errors: Option<&CommandError>,
) -> Markup {
    html! {
        fieldset.choice id=(field) {
            legend { (question) }
            @for (v, code, label) in [(true, "ja", "Ja"), (false, "nej", "Nej")] {
                label {
                    input type="radio" name=(field) id={ (field) "-" (code) } value=(code)
                        checked[value == Some(v)];
                    (label)
                }
            }
        }
        (field_error(errors, field))
    }
}

fn form_page(
    who: &RequesterSession,
    units: &[RequestUnit],
    form: &RequestForm,
    errors: Option<&CommandError>,
) -> Markup {
    let (visit_clock, visit_season) = season_of(&form.visit_time);
    let main = html! {
        h2 { "Ny förfrågan om assistansuppdrag" }
        section #conditions {
            h3 { "Villkor (lathund assistansuppdrag från VC/JC)" }
            ul { @for c in sv::REQ_CONDITIONS { li { (c) } } }
        }
        @if errors.is_some() {
            (page::field_error("form-error", "Förfrågan skickades inte. Rätta det som är markerat nedan."))
        }
        form.request method="post" action="/begaran/ny" {
            label {
                "Enhet som tillfrågas"
                select name="unit" id="unit" {
                    option value="" { "Välj enhet" }
                    @for u in units {
                        option value=(u.id.as_str()) selected[u.id.as_str() == form.unit.trim()] {
                            (u.name) " (" (kind_label(u.kind)) ")"
                        }
                    }
                }
            }
            (field_error(errors, "unit"))
            label {
                "Uppgift"
                select name="task" id="task" {
                    option value="" { "Välj uppgift" }
                    @for t in TaskKind::ALL {
                        @let code = codes::code(&t);
                        option value=(code) selected[code == form.task.trim()] { (sv::task(t)) }
                    }
                }
            }
            (field_error(errors, "task"))
            (yes_no_input("Behöver patienten akut vård?", "acute", form.acute, errors))
            (yes_no_input(
                "Är patienten inskriven i kommunal primärvård?",
                "enrolled",
                form.enrolled,
                errors,
            ))
            (yes_no_input(
                "Finns läkarordination för åtgärden? (krävs för kateter, sår, provtagning, läkemedel)",
                "doctors_order",
                form.doctors_order,
                errors,
            ))
            fieldset.visit #visit_at {
                legend { "Önskad besökstid (lämna tomt för nu)" }
                label { "Datum" input type="date" name="visit_date" id="visit_date" value=(form.visit_date); }
                label { "Tid" input type="time" name="visit_time" id="visit_time" value=(visit_clock); }
                // Only the night the clock goes back needs it: the error asks for it then.
                label {
                    "Natten klockan ställs tillbaka"
                    select name="visit_season" id="visit_season" {
                        option value="" selected[visit_season.is_empty()] { "–" }
                        option value="S" selected[visit_season == "S"] { "S: första gången (sommartid)" }
                        option value="V" selected[visit_season == "V"] { "V: andra gången (vintertid)" }
                    }
                }
            }
            (field_error(errors, "visit_at"))
            (text_input("Patientens personnummer", "personal_number", &form.personal_number, "text", errors))
            (text_input("Patientens namn", "name", &form.name, "text", errors))
            (text_input("Adress (med portkod)", "address", &form.address, "text", errors))
            (text_input(
                "Telefon till patient eller anhörig",
                "patient_phone",
                &form.patient_phone,
                "tel",
                errors,
            ))
            label {
                "Vad ska bedömas eller utföras, och varför?"
                textarea name="description" id="description" rows="5" { (form.description) }
            }
            (field_error(errors, "description"))
            (text_input(
                "Ditt telefonnummer för återrapportering",
                "callback_phone",
                &form.callback_phone,
                "tel",
                errors,
            ))
            button type="submit" id="send-request" { "Skicka förfrågan" }
        }
    };
    top("Ny förfrågan – Samverka", who, "new", main)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::request::{check, swedish_instant};
    use samverka_model::{FieldError, UnitId};
    use time::macros::{date, time};

    fn units() -> Vec<RequestUnit> {
        vec![RequestUnit {
            id: UnitId::new("orust-hsv"),
            name: "Orust hemsjukvård".into(),
            kind: PerformerKind::Municipal,
        }]
    }

    /// A valid catheter request for the night the clock goes back, as the browser posts it.
    fn posted(visit_time: &str, visit_season: &str) -> PostedForm {
        PostedForm {
            unit: "orust-hsv".into(),
            task: "catheter".into(),
            personal_number: "19121212-1212".into(),
            name: "Tolvan Tolvansson".into(),
            address: "Storgatan 1, Henån".into(),
            patient_phone: "0304-123 45".into(),
            description: "KAD stopp, spolning ordinerad.".into(),
            acute: "nej".into(),
            enrolled: "nej".into(),
            doctors_order: "ja".into(),
            callback_phone: "0304-999 00".into(),
            visit_date: "2026-10-25".into(),
            visit_time: visit_time.into(),
            visit_season: visit_season.into(),
        }
    }

    fn messages(e: &CommandError, field: &str) -> Vec<String> {
        e.errors
            .iter()
            .filter(|f: &&FieldError| f.field == field)
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn the_doubled_autumn_hour_is_asked_then_taken_with_the_choice_beside_the_time() {
        // Saturday 24 October 2026 at 21:00: that night 03:00 becomes 02:00 again.
        let evening = swedish_instant(date!(2026 - 10 - 24), time!(21:00)).expect("one instant");
        let who = RequesterSession {
            name: "vc.anna".into(),
            centre: "Vårdcentralen Henån".into(),
        };

        // Without a choice: asked next to the time, the time kept, no season chosen.
        let form = RequestForm::from(posted("02:30", ""));
        let errors = check(&form, &units(), evening).expect_err("02:30 happens twice");
        assert_eq!(messages(&errors, "request.visit_at"), [sv::REQ_VISIT_TWICE]);
        let html = form_page(&who, &units(), &form, Some(&errors)).into_string();
        assert!(html.contains(r#"id="visit_time" value="02:30""#), "{html}");
        assert!(html.contains(r#"<option value="" selected>"#), "{html}");
        assert!(html.contains(r#"id="error-visit_at""#), "{html}");

        // S is the first 02:30 (summer time), V the second, an hour later.
        let first = check(&RequestForm::from(posted("02:30", "S")), &units(), evening)
            .expect("the summer-time 02:30");
        let second = check(
            &RequestForm::from(posted(" 02:30 ", "V")),
            &units(),
            evening,
        )
        .expect("the winter-time 02:30");
        assert_eq!(
            second.visit_at.millis() - first.visit_at.millis(),
            3_600_000
        );
        assert_eq!(second.visit_at.hhmm(Zone::Sweden), "02:30");

        // A refused form with V shows the time and the choice again, apart.
        let form = RequestForm::from(posted("02:30", "V"));
        assert_eq!(form.visit_time, "02:30 V");
        let html = form_page(&who, &units(), &form, None).into_string();
        assert!(html.contains(r#"id="visit_time" value="02:30""#), "{html}");
        assert!(html.contains(r#"<option value="V" selected>"#), "{html}");

        // Only S and V are offered: anything else is left out, and no time takes no mark.
        assert_eq!(RequestForm::from(posted("02:30", "X")).visit_time, "02:30");
        assert_eq!(RequestForm::from(posted("", "V")).visit_time, "");
    }

    #[test]
    fn typed_text_is_escaped_everywhere_on_the_form() {
        let who = RequesterSession {
            name: "<b>vc</b>".into(),
            centre: "\"Henån\" & co".into(),
        };
        let form = RequestForm::from(PostedForm {
            name: "\"><script>alert(1)</script>".into(),
            description: "</textarea><script>x()</script>".into(),
            ..posted("02:30", "")
        });
        let html = form_page(&who, &units(), &form, None).into_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>vc"), "{html}");
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;"), "{html}");
        assert!(html.contains("&quot;Henån&quot; &amp; co"), "{html}");
    }
}
