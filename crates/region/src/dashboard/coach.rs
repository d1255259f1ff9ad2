//! The coaches' corner on the dashboard: "Introduktion" (a unit's nurses by training item,
//! "Redo för IVPA" with the reason, a form to confirm an item) and "Kvalitetstest" (how the
//! unit answered each question, the weakest first). A coach sees their own unit; an admin
//! picks one.

use super::page;
use crate::api::staff::{StaffSession, signed_in};
use crate::api::{ApiError, AppState};
use crate::coach::{self, percent};
use crate::storage::Role;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
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
        introduction_page(who, &units, list.as_ref(), &today, error),
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
        Ok(_) => {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("unit", unit.as_str())
                .finish();
            Ok(Redirect::to(&format!("/dashboard/introduction?{query}")).into_response())
        }
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
    Ok(quiz_page(&who, &units, unit.as_ref(), stats.as_deref()).into_response())
}

/// The admin's unit picker (nothing for a coach).
fn unit_picker(action: &str, units: &[(String, String)], chosen: Option<&UnitId>) -> Markup {
    html! {
        @if !units.is_empty() {
            form.filters method="get" action=(action) {
                label {
                    "Enhet"
                    select name="unit" id="unit" {
                        @for (code, name) in units {
                            option value=(code) selected[chosen.is_some_and(|c| c.as_str() == code)] {
                                (name)
                            }
                        }
                    }
                }
                button type="submit" id="choose-unit" { "Visa" }
            }
        }
    }
}

/// What a nurse's cell of an item says: the day and who confirmed it, or the passed quality
/// test and how long it counts.
fn item_text(n: &samverka_model::coach::NurseIntroduction, item: TrainingItem) -> String {
    if item == TrainingItem::QualityTest {
        return n.passed_tests.last().map_or_else(
            || "–".to_owned(),
            |d| match n.readiness.quality_test_valid_until {
                Some(v) => format!("{} (t.o.m. {v})", d.0),
                None => d.0.to_string(),
            },
        );
    }
    n.marks.iter().find(|m| m.item == item).map_or_else(
        || "–".to_owned(),
        |m| format!("{} ({})", m.done_on, m.confirmed_by),
    )
}

fn introduction_page(
    who: &StaffSession,
    units: &[(String, String)],
    list: Option<&IntroductionList>,
    today: &str,
    error: Option<&str>,
) -> Markup {
    let main = html! {
        h2 { "Introduktion" }
        (unit_picker("/dashboard/introduction", units, list.map(|l| &l.unit)))
        @if let Some(list) = list {
            p.muted {
                "Enhet " (list.unit.as_str())
                " · Redo för IVPA kräver alla obligatoriska moment och ett godkänt kvalitetstest inom 12 månader."
            }
            section {
                div.wide tabindex="0" role="region" aria-label="Introduktion" {
                    table #introduction {
                        thead { tr {
                            th { "Sjuksköterska" }
                            @for item in TrainingItem::ALL { th { (item_label(item)) } }
                            th { "Redo för IVPA" }
                        } }
                        tbody {
                            @for n in &list.nurses {
                                @let nurse = n.nurse.as_str();
                                tr {
                                    th scope="row" {
                                        @if let Some(name) = &n.display_name {
                                            (name) " " span.muted { "(" (nurse) ")" }
                                        } @else {
                                            (nurse)
                                        }
                                    }
                                    @for item in TrainingItem::ALL {
                                        td data-cell={ (nurse) "." (codes::code(&item)) } {
                                            (item_text(n, item))
                                        }
                                    }
                                    td data-cell={ (nurse) ".ready" } data-ready=(n.readiness.ready) {
                                        @if n.readiness.ready {
                                            span.badge.ok { "Redo för IVPA" }
                                        } @else {
                                            @let missing: Vec<&str> =
                                                n.readiness.missing.iter().map(|i| item_label(*i)).collect();
                                            span.badge.no { "Inte redo" }
                                            " "
                                            span.muted { "Saknas: " (missing.join(", ")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // Confirming an item: the nurse (one of the list, or a new name), the item and the day.
            section {
                h2 { "Bekräfta moment" }
                form.filters method="post" action="/dashboard/introduction/marks" {
                    input type="hidden" name="unit" value=(list.unit.as_str());
                    label { "Sjuksköterska" input name="nurse" id="mark-nurse" list="nurses" required; }
                    datalist #nurses {
                        @for n in &list.nurses { option value=(n.nurse.as_str()) {} }
                    }
                    label {
                        "Moment"
                        select name="item" id="mark-item" {
                            @for i in TrainingItem::ALL.into_iter().filter(|i| *i != TrainingItem::QualityTest) {
                                option value=(codes::code(&i)) { (item_label(i)) }
                            }
                        }
                    }
                    label { "Datum" input type="date" name="done_on" id="mark-date" value=(today) required; }
                    button type="submit" id="mark-confirm" { "Bekräfta" }
                    @if let Some(e) = error { (page::field_error("mark-error", e)) }
                }
                p.muted { "Kvalitetstestet räknas från sjuksköterskans godkända test i appen." }
            }
        } @else {
            p.muted #pick-unit { "Välj en enhet." }
        }
    };
    page::top(
        "Introduktion – Samverka",
        who.name.as_str(),
        "introduction",
        main,
    )
}

fn quiz_page(
    who: &StaffSession,
    units: &[(String, String)],
    unit: Option<&UnitId>,
    stats: Option<&[QuestionStats]>,
) -> Markup {
    let main = html! {
        h2 { "Kvalitetstest" }
        (unit_picker("/dashboard/quiz", units, unit))
        @if let (Some(unit), Some(stats)) = (unit, stats) {
            p.muted {
                "Enhet " (unit.as_str())
                " · Frågorna med lägst andel rätt först: underlag för scenarioövningar."
            }
            @if stats.is_empty() {
                p #no-results { "Inga resultat ännu." }
            } @else {
                section {
                    div.wide tabindex="0" role="region" aria-label="Kvalitetstestets frågor" {
                        table #quiz-stats {
                            thead { tr {
                                th { "Fråga" } th { "Frågebank" } th { "Rätt" } th { "Ställd" }
                                th { "Andel rätt" }
                            } }
                            tbody {
                                @for q in stats {
                                    @let key = format!("{}.{}", q.bank, q.question);
                                    tr {
                                        th scope="row" { (q.text) }
                                        td { (q.bank) }
                                        td data-cell={ (key) ".right" } { (q.right) }
                                        td data-cell={ (key) ".asked" } { (q.asked) }
                                        td data-cell={ (key) ".share" } { (percent(q.right, q.asked)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } @else {
            p.muted #pick-unit { "Välj en enhet." }
        }
    };
    page::top("Kvalitetstest – Samverka", who.name.as_str(), "quiz", main)
}
