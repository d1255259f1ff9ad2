//! The health centres' request pages, in Swedish, without scripts: `/begaran` (the centre's
//! requests and their answers: väntar, accepterad av …, avböjd av … med skäl) and `/begaran/ny`
//! (the form with the quick reference's conditions above it; a refused form comes back with
//! every error next to its field and everything typed kept). Only a requester's session opens
//! them; the check is the model's ([`samverka_model::request::check`]).

use super::page::{bar, esc};
use crate::api::{ApiError, AppState};
use crate::requests::{RequesterSession, requester_of, submit};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
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
}

impl From<PostedForm> for RequestForm {
    fn from(p: PostedForm) -> Self {
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
            visit_time: p.visit_time,
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
    Ok(Html(list_page(&who, &requests, &units, q.ny.trim())).into_response())
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(who) = requester_of(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    let units = state.storage.request_units().await?;
    Ok(Html(form_page(&who, &units, &RequestForm::default(), None)).into_response())
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
                Html(form_page(&who, &units, &form, Some(&errors))),
            )
                .into_response())
        }
    }
}

/// A requester page's start: the head, the bar with the two pages and the sign-out button.
fn top(title: &str, who: &RequesterSession, active: &str) -> String {
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

fn list_page(
    who: &RequesterSession,
    requests: &[RequestRecord],
    units: &[RequestUnit],
    sent: &str,
) -> String {
    let mut html = top("Förfrågningar – Samverka", who, "requests");
    html.push_str("<h2>Förfrågningar om assistansuppdrag</h2>");
    let unit_name = |id: &str| {
        units
            .iter()
            .find(|u| u.id.as_str() == id)
            .map_or_else(|| id.to_owned(), |u| u.name.clone())
    };
    if let Some(r) = requests.iter().find(|r| r.id.to_string() == sent) {
        html.push_str(&format!(
            "<p class=\"badge ok\" id=\"sent\" role=\"status\">Förfrågan skickad till {}. Svaret visas här.</p>",
            esc(&unit_name(r.request.unit.as_str()))
        ));
    }
    if requests.is_empty() {
        html.push_str(
            "<p id=\"no-requests\">Inga förfrågningar ännu. <a href=\"/begaran/ny\">Ny förfrågan</a></p></main></body></html>",
        );
        return html;
    }
    html.push_str(
        "<section><table id=\"requests\"><thead><tr><th>Skickad</th><th>Enhet</th><th>Uppgift</th>\
         <th>Patient</th><th>Besök</th><th>Status</th></tr></thead><tbody>",
    );
    for r in requests {
        let id = r.id.to_string();
        let q = &r.request;
        html.push_str(&format!(
            "<tr data-request=\"{id}\" data-status=\"{status}\"><th scope=\"row\">{sent}<br><span class=\"muted\">{by}</span></th>\
             <td>{unit}</td><td>{task}</td><td>{name}<br><span class=\"muted\">{pnr}, {age} år</span></td>\
             <td>{visit}</td><td data-cell=\"{id}.status\" class=\"status {status}\">{text}</td></tr>",
            status = codes::code(&r.status()),
            sent = esc(&when(r.created_at)),
            by = esc(&r.requested_by),
            unit = esc(&unit_name(q.unit.as_str())),
            task = sv::task(q.task),
            name = esc(&q.name),
            pnr = esc(&q.personal_number.masked()),
            age = q.patient_age,
            visit = esc(&when(q.visit_at)),
            text = esc(&status_text(r)),
        ));
    }
    html.push_str("</tbody></table></section></main></body></html>");
    html
}

/// The error of `field` (`request.<field>`), ready to sit under it.
fn field_error(errors: Option<&CommandError>, field: &str) -> String {
    let key = format!("request.{field}");
    errors
        .into_iter()
        .flat_map(|e| e.errors.iter())
        .filter(|e| e.field == key)
        .map(|e| {
            format!(
                "<p class=\"field-error\" id=\"error-{field}\" role=\"alert\">{}</p>",
                esc(&e.message)
            )
        })
        .collect()
}

fn text_input(
    label: &str,
    field: &str,
    value: &str,
    kind: &str,
    errors: Option<&CommandError>,
) -> String {
    format!(
        "<label>{label}<input type=\"{kind}\" name=\"{field}\" id=\"{field}\" value=\"{}\"></label>{}",
        esc(value),
        field_error(errors, field)
    )
}

fn yes_no_input(
    question: &str,
    field: &str,
    value: Option<bool>,
    errors: Option<&CommandError>,
) -> String {
    let radio = |v: bool, label: &str| {
        let checked = if value == Some(v) { " checked" } else { "" };
        let code = if v { "ja" } else { "nej" };
        format!(
            "<label><input type=\"radio\" name=\"{field}\" id=\"{field}-{code}\" value=\"{code}\"{checked}>{label}</label>"
        )
    };
    format!(
        "<fieldset class=\"choice\" id=\"{field}\"><legend>{question}</legend>{}{}</fieldset>{}",
        radio(true, "Ja"),
        radio(false, "Nej"),
        field_error(errors, field)
    )
}

fn form_page(
    who: &RequesterSession,
    units: &[RequestUnit],
    form: &RequestForm,
    errors: Option<&CommandError>,
) -> String {
    let mut html = top("Ny förfrågan – Samverka", who, "new");
    html.push_str("<h2>Ny förfrågan om assistansuppdrag</h2>");
    let conditions: String = sv::REQ_CONDITIONS
        .iter()
        .map(|c| format!("<li>{}</li>", esc(c)))
        .collect();
    html.push_str(&format!(
        "<section id=\"conditions\"><h3>Villkor (lathund assistansuppdrag från VC/JC)</h3><ul>{conditions}</ul></section>"
    ));
    if errors.is_some() {
        html.push_str(
            "<p class=\"field-error\" id=\"form-error\" role=\"alert\">Förfrågan skickades inte. Rätta det som är markerat nedan.</p>",
        );
    }
    let unit_options: String = units
        .iter()
        .map(|u| {
            let sel = if u.id.as_str() == form.unit.trim() {
                " selected"
            } else {
                ""
            };
            format!(
                "<option value=\"{}\"{sel}>{} ({})</option>",
                esc(u.id.as_str()),
                esc(&u.name),
                kind_label(u.kind)
            )
        })
        .collect();
    let task_options: String = TaskKind::ALL
        .iter()
        .map(|t| {
            let code = codes::code(t);
            let sel = if code == form.task.trim() {
                " selected"
            } else {
                ""
            };
            format!("<option value=\"{code}\"{sel}>{}</option>", sv::task(*t))
        })
        .collect();
    html.push_str("<form class=\"request\" method=\"post\" action=\"/begaran/ny\">");
    html.push_str(&format!(
        "<label>Enhet som tillfrågas<select name=\"unit\" id=\"unit\"><option value=\"\">Välj enhet</option>{unit_options}</select></label>{}",
        field_error(errors, "unit")
    ));
    html.push_str(&format!(
        "<label>Uppgift<select name=\"task\" id=\"task\"><option value=\"\">Välj uppgift</option>{task_options}</select></label>{}",
        field_error(errors, "task")
    ));
    html.push_str(&yes_no_input(
        "Behöver patienten akut vård?",
        "acute",
        form.acute,
        errors,
    ));
    html.push_str(&yes_no_input(
        "Är patienten inskriven i kommunal primärvård?",
        "enrolled",
        form.enrolled,
        errors,
    ));
    html.push_str(&yes_no_input(
        "Finns läkarordination för åtgärden? (krävs för kateter, sår, provtagning, läkemedel)",
        "doctors_order",
        form.doctors_order,
        errors,
    ));
    html.push_str(&format!(
        "<fieldset class=\"visit\" id=\"visit_at\"><legend>Önskad besökstid (lämna tomt för nu)</legend>\
         <label>Datum<input type=\"date\" name=\"visit_date\" id=\"visit_date\" value=\"{}\"></label>\
         <label>Tid<input type=\"time\" name=\"visit_time\" id=\"visit_time\" value=\"{}\"></label></fieldset>{}",
        esc(&form.visit_date),
        esc(&form.visit_time),
        field_error(errors, "visit_at")
    ));
    html.push_str(&text_input(
        "Patientens personnummer",
        "personal_number",
        &form.personal_number,
        "text",
        errors,
    ));
    html.push_str(&text_input(
        "Patientens namn",
        "name",
        &form.name,
        "text",
        errors,
    ));
    html.push_str(&text_input(
        "Adress (med portkod)",
        "address",
        &form.address,
        "text",
        errors,
    ));
    html.push_str(&text_input(
        "Telefon till patient eller anhörig",
        "patient_phone",
        &form.patient_phone,
        "tel",
        errors,
    ));
    html.push_str(&format!(
        "<label>Vad ska bedömas eller utföras, och varför?<textarea name=\"description\" id=\"description\" rows=\"5\">{}</textarea></label>{}",
        esc(&form.description),
        field_error(errors, "description")
    ));
    html.push_str(&text_input(
        "Ditt telefonnummer för återrapportering",
        "callback_phone",
        &form.callback_phone,
        "tel",
        errors,
    ));
    html.push_str(
        "<button type=\"submit\" id=\"send-request\">Skicka förfrågan</button></form></main></body></html>",
    );
    html
}
