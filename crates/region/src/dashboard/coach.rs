//! The coaches' corner on the dashboard: "Introduktion" (a unit's nurses by training item,
//! "Redo för IVPA" with the reason, a form to confirm an item) and "Kvalitetstest" (how the
//! unit answered each question, the weakest first). A coach sees their own unit; an admin
//! picks one.

use super::page::{self, esc};
use crate::api::staff::{StaffSession, signed_in};
use crate::api::{ApiError, AppState};
use crate::coach::{self, percent};
use crate::storage::Role;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_model::coach::{ChecklistMark, IntroductionList, QuestionStats, TrainingItem};
use samverka_model::{UnitId, UserId, codes};
use serde::Deserialize;

/// `?unit=U` as typed.
#[derive(Debug, Default, Deserialize)]
pub(super) struct UnitParam {
    #[serde(default)]
    unit: String,
}

/// The confirmation form.
#[derive(Debug, Deserialize)]
pub(super) struct MarkForm {
    unit: String,
    nurse: String,
    item: String,
    done_on: String,
}

/// An item's name in the training plan.
pub fn item_label(item: TrainingItem) -> &'static str {
    match item {
        TrainingItem::CoachIntroduction => "Introduktion av samverkanscoach",
        TrainingItem::SHlrAdult => "S-HLR vuxen",
        TrainingItem::SHlrChild => "S-HLR barn",
        TrainingItem::GuidelineCourse => "Behandlingsriktlinjer, kurs",
        TrainingItem::QualityTest => "Kvalitetstest",
        TrainingItem::Amls => "AMLS (frivillig)",
        TrainingItem::ScenarioExercise => "Scenarioövning",
    }
}

/// The unit the page is about, or `None` for an admin who has not picked one yet.
fn page_unit(who: &StaffSession, typed: &str) -> Result<Option<UnitId>, ApiError> {
    if who.role == Role::Admin && typed.trim().is_empty() {
        return Ok(None);
    }
    coach::staff_unit(who, Some(typed)).map(Some)
}

/// The units an admin may pick from: (code, name).
async fn unit_choices(
    state: &AppState,
    who: &StaffSession,
) -> Result<Vec<(String, String)>, ApiError> {
    if who.role != Role::Admin {
        return Ok(Vec::new());
    }
    Ok(state
        .storage
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect())
}

pub(super) async fn introduction(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<UnitParam>,
) -> Result<Response, ApiError> {
    let Some(who) = signed_in(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    render_introduction(&state, &who, &q.unit, None, StatusCode::OK).await
}

async fn render_introduction(
    state: &AppState,
    who: &StaffSession,
    typed_unit: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let units = unit_choices(state, who).await?;
    let list = match page_unit(who, typed_unit)? {
        Some(u) => Some(coach::introduction(&state.storage, &u, crate::now()).await?),
        None => None,
    };
    let today = coach::utc_day(crate::now()).to_string();
    Ok((
        status,
        Html(introduction_page(who, &units, list.as_ref(), &today, error)),
    )
        .into_response())
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    who: StaffSession,
    Form(f): Form<MarkForm>,
) -> Result<Response, ApiError> {
    let unit = coach::staff_unit(&who, Some(&f.unit))?;
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let (Some(item), Ok(done_on)) = (
        codes::from_code::<TrainingItem>(&f.item),
        time::Date::parse(f.done_on.trim(), &fmt),
    ) else {
        return render_introduction(
            &state,
            &who,
            unit.as_str(),
            Some("Välj moment och ange datum som ÅÅÅÅ-MM-DD."),
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    let mark = ChecklistMark {
        nurse: UserId::new(f.nurse.trim()),
        unit: unit.clone(),
        item,
        done_on,
        confirmed_by: who.name.clone(),
    };
    match coach::confirm(&state.storage, &who, mark, crate::now()).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/dashboard/introduction?unit={}",
            page::url_encode(unit.as_str())
        ))
        .into_response()),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => {
            render_introduction(
                &state,
                &who,
                unit.as_str(),
                Some("Ange sjuksköterskan och ett datum som inte ligger i framtiden."),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn quiz(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<UnitParam>,
) -> Result<Response, ApiError> {
    let Some(who) = signed_in(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    let units = unit_choices(&state, &who).await?;
    let unit = page_unit(&who, &q.unit)?;
    let stats = match &unit {
        Some(u) => Some(coach::quiz_stats(&state.storage, u).await?),
        None => None,
    };
    Ok(Html(quiz_page(&who, &units, unit.as_ref(), stats.as_deref())).into_response())
}

/// The admin's unit picker (nothing for a coach).
fn unit_picker(action: &str, units: &[(String, String)], chosen: Option<&UnitId>) -> String {
    if units.is_empty() {
        return String::new();
    }
    let options: String = units
        .iter()
        .map(|(code, name)| {
            let sel = if chosen.is_some_and(|c| c.as_str() == code) {
                " selected"
            } else {
                ""
            };
            format!(
                "<option value=\"{}\"{sel}>{}</option>",
                esc(code),
                esc(name)
            )
        })
        .collect();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"{action}\">\
         <label>Enhet<select name=\"unit\" id=\"unit\">{options}</select></label>\
         <button type=\"submit\" id=\"choose-unit\">Visa</button></form>"
    )
}

fn introduction_page(
    who: &StaffSession,
    units: &[(String, String)],
    list: Option<&IntroductionList>,
    today: &str,
    error: Option<&str>,
) -> String {
    let mut html = page::top("Introduktion – Samverka", who.name.as_str(), "introduction");
    html.push_str("<h2>Introduktion</h2>");
    html.push_str(&unit_picker(
        "/dashboard/introduction",
        units,
        list.map(|l| &l.unit),
    ));
    let Some(list) = list else {
        html.push_str(
            "<p class=\"muted\" id=\"pick-unit\">Välj en enhet.</p></main></body></html>",
        );
        return html;
    };
    html.push_str(&format!(
        "<p class=\"muted\">Enhet {} · Redo för IVPA kräver alla obligatoriska moment och ett godkänt kvalitetstest inom 12 månader.</p>",
        esc(list.unit.as_str())
    ));
    html.push_str("<section><table id=\"introduction\"><thead><tr><th>Sjuksköterska</th>");
    for item in TrainingItem::ALL {
        html.push_str(&format!("<th>{}</th>", item_label(item)));
    }
    html.push_str("<th>Redo för IVPA</th></tr></thead><tbody>");
    for n in &list.nurses {
        let nurse = n.nurse.as_str();
        html.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(nurse)));
        for item in TrainingItem::ALL {
            let text = if item == TrainingItem::QualityTest {
                n.passed_tests.last().map_or_else(
                    || "–".to_owned(),
                    |d| match n.readiness.quality_test_valid_until {
                        Some(v) => format!("{} (t.o.m. {v})", d.0),
                        None => d.0.to_string(),
                    },
                )
            } else {
                n.marks.iter().find(|m| m.item == item).map_or_else(
                    || "–".to_owned(),
                    |m| format!("{} ({})", m.done_on, esc(&m.confirmed_by)),
                )
            };
            html.push_str(&format!(
                "<td data-cell=\"{}.{}\">{text}</td>",
                esc(nurse),
                codes::code(&item)
            ));
        }
        let badge = if n.readiness.ready {
            "<span class=\"badge ok\">Redo för IVPA</span>".to_owned()
        } else {
            let missing: Vec<&str> = n.readiness.missing.iter().map(|i| item_label(*i)).collect();
            format!(
                "<span class=\"badge no\">Inte redo</span> <span class=\"muted\">Saknas: {}</span>",
                esc(&missing.join(", "))
            )
        };
        html.push_str(&format!(
            "<td data-cell=\"{}.ready\" data-ready=\"{}\">{badge}</td></tr>",
            esc(nurse),
            n.readiness.ready
        ));
    }
    html.push_str("</tbody></table></section>");

    // Confirming an item: the nurse (one of the list, or a new name), the item and the day.
    let nurses: String = list
        .nurses
        .iter()
        .map(|n| format!("<option value=\"{}\"></option>", esc(n.nurse.as_str())))
        .collect();
    let items: String = TrainingItem::ALL
        .into_iter()
        .filter(|i| *i != TrainingItem::QualityTest)
        .map(|i| {
            format!(
                "<option value=\"{}\">{}</option>",
                codes::code(&i),
                item_label(i)
            )
        })
        .collect();
    let err = error
        .map(|e| {
            format!(
                "<p class=\"field-error\" id=\"mark-error\" role=\"alert\">{}</p>",
                esc(e)
            )
        })
        .unwrap_or_default();
    html.push_str(&format!(
        "<section><h2>Bekräfta moment</h2>\
         <form class=\"filters\" method=\"post\" action=\"/dashboard/introduction/marks\">\
         <input type=\"hidden\" name=\"unit\" value=\"{}\">\
         <label>Sjuksköterska<input name=\"nurse\" id=\"mark-nurse\" list=\"nurses\" required></label>\
         <datalist id=\"nurses\">{nurses}</datalist>\
         <label>Moment<select name=\"item\" id=\"mark-item\">{items}</select></label>\
         <label>Datum<input type=\"date\" name=\"done_on\" id=\"mark-date\" value=\"{}\" required></label>\
         <button type=\"submit\" id=\"mark-confirm\">Bekräfta</button>{err}</form>\
         <p class=\"muted\">Kvalitetstestet räknas från sjuksköterskans godkända test i appen.</p></section>",
        esc(list.unit.as_str()),
        esc(today)
    ));
    html.push_str("</main></body></html>");
    html
}

fn quiz_page(
    who: &StaffSession,
    units: &[(String, String)],
    unit: Option<&UnitId>,
    stats: Option<&[QuestionStats]>,
) -> String {
    let mut html = page::top("Kvalitetstest – Samverka", who.name.as_str(), "quiz");
    html.push_str("<h2>Kvalitetstest</h2>");
    html.push_str(&unit_picker("/dashboard/quiz", units, unit));
    let (Some(unit), Some(stats)) = (unit, stats) else {
        html.push_str(
            "<p class=\"muted\" id=\"pick-unit\">Välj en enhet.</p></main></body></html>",
        );
        return html;
    };
    html.push_str(&format!(
        "<p class=\"muted\">Enhet {} · Frågorna med lägst andel rätt först: underlag för scenarioövningar.</p>",
        esc(unit.as_str())
    ));
    if stats.is_empty() {
        html.push_str("<p id=\"no-results\">Inga resultat ännu.</p></main></body></html>");
        return html;
    }
    html.push_str(
        "<section><table id=\"quiz-stats\"><thead><tr><th>Fråga</th><th>Frågebank</th>\
         <th>Rätt</th><th>Ställd</th><th>Andel rätt</th></tr></thead><tbody>",
    );
    for q in stats {
        let key = format!("{}.{}", q.bank, q.question);
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td data-cell=\"{k}.right\">{}</td>\
             <td data-cell=\"{k}.asked\">{}</td><td data-cell=\"{k}.share\">{}</td></tr>",
            esc(&q.text),
            esc(&q.bank),
            q.right,
            q.asked,
            percent(q.right, q.asked),
            k = esc(&key),
        ));
    }
    html.push_str("</tbody></table></section></main></body></html>");
    html
}
