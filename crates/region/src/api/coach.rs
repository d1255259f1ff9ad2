//! The coaches' corner's endpoints, thin over [`crate::coach`]:
//!
//! - `POST /api/v1/quiz-results` (a nurse's device): stores a graded quality test once;
//!   `{"stored": false}` when the region already holds it.
//! - `GET /api/v1/introduction` (a device: its own unit; a coach: own unit; an admin:
//!   `?unit=U`): the unit's [`IntroductionList`].
//! - `POST /api/v1/introduction/marks` (a coach of the unit, or an admin): confirms a
//!   checklist item; `confirmed_by` is the session's name, whatever the body says.
//! - `GET /api/v1/quiz-stats?unit=U` (a coach of the unit, or an admin): per-question
//!   [`QuestionStats`], the weakest first.

use super::AppState;
use super::access::Caller;
use super::auth::Device;
use super::error::ApiError;
use super::handlers::body;
use super::staff::StaffSession;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use samverka_model::coach::{ChecklistMark, IntroductionList, QuestionStats, QuizResult};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/quiz-results` answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizStored {
    /// `true` if stored now, `false` if the region already held it (an upload repeated).
    pub stored: bool,
}

/// `?unit=U`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitQuery {
    /// The unit; a coach's and a device's own unit when left out.
    pub unit: Option<String>,
}

fn unit_query(q: Result<Query<UnitQuery>, QueryRejection>) -> Result<UnitQuery, ApiError> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))
}

fn staff_only(caller: Caller) -> Result<StaffSession, ApiError> {
    match caller {
        Caller::Staff(s) => Ok(s),
        Caller::Device(_) => Err(ApiError::forbidden(
            "staff_only",
            "only a coach of the unit or an admin may do this",
        )),
    }
}

/// `POST /api/v1/quiz-results`: the device's own nurse's result, for its own unit only.
pub(super) async fn post_result(
    State(state): State<AppState>,
    Device(auth): Device,
    req: Result<Json<QuizResult>, JsonRejection>,
) -> Result<Json<QuizStored>, ApiError> {
    let result = body(req)?;
    if result.unit != auth.unit {
        return Err(ApiError::forbidden(
            "foreign_unit",
            format!("this device belongs to unit {}", auth.unit),
        ));
    }
    if result.nurse != auth.user {
        return Err(ApiError::forbidden(
            "foreign_nurse",
            format!("this device is {}'s", auth.user),
        ));
    }
    let stored = state
        .storage
        .store_quiz_result(&result, crate::now())
        .await?;
    Ok(Json(QuizStored { stored }))
}

/// `GET /api/v1/introduction[?unit=U]`.
pub(super) async fn introduction(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<UnitQuery>, QueryRejection>,
) -> Result<Json<IntroductionList>, ApiError> {
    let q = unit_query(q)?;
    let unit = match &caller {
        Caller::Device(d) => match q.unit.as_deref().map(str::trim) {
            None | Some("") => d.unit.clone(),
            Some(u) if u == d.unit.as_str() => d.unit.clone(),
            Some(_) => return Err(crate::coach::other_unit()),
        },
        Caller::Staff(s) => crate::coach::staff_unit(s, q.unit.as_deref())?,
    };
    crate::coach::introduction(&state.storage, &unit, crate::now())
        .await
        .map(Json)
}

/// `POST /api/v1/introduction/marks`: the mark as stored.
pub(super) async fn post_mark(
    State(state): State<AppState>,
    caller: Caller,
    req: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<ChecklistMark>, ApiError> {
    let who = staff_only(caller)?;
    let mut value = body(req)?;
    // Whoever the body names, the confirmation is the signed-in staff member's.
    if let Some(obj) = value.as_object_mut() {
        obj.insert("confirmed_by".into(), who.name.clone().into());
    }
    let mark: ChecklistMark = serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request("invalid_json", e.to_string()))?;
    crate::coach::confirm(&state.storage, &who, mark, crate::now())
        .await
        .map(Json)
}

/// `GET /api/v1/quiz-stats[?unit=U]`.
pub(super) async fn quiz_stats(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<UnitQuery>, QueryRejection>,
) -> Result<Json<Vec<QuestionStats>>, ApiError> {
    let who = staff_only(caller)?;
    let unit = crate::coach::staff_unit(&who, unit_query(q)?.unit.as_deref())?;
    crate::coach::quiz_stats(&state.storage, &unit)
        .await
        .map(Json)
}
