//! `GET /api/v1/stats` (JSON or CSV) and `GET /api/v1/stats/compare`, for signed-in coaches and
//! admins; `POST /api/v1/login` opens a session for scripts.

use super::AppState;
use super::error::ApiError;
use super::staff::{StaffSession, login};
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverka_model::stats::{Filter, Report, Totals, is_date, same_period};
use samverka_model::{JobType, MunicipalityId, PerformerKind, Requester, Timestamp, UnitId};
use serde::{Deserialize, Serialize};

/// The filters a stats request may carry; each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// First day, `YYYY-MM-DD` (or month-day `MM-DD` for compare).
    pub from: Option<String>,
    /// First day not counted.
    pub to: Option<String>,
    /// Job type code.
    pub job_type: Option<JobType>,
    /// `municipal` or `ambulance`.
    pub performer: Option<PerformerKind>,
    /// Municipality code.
    pub municipality: Option<String>,
    /// Unit code.
    pub unit: Option<String>,
    /// Requester code.
    pub requester: Option<Requester>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// For compare: the years, comma-separated.
    pub years: Option<String>,
}

impl StatsQuery {
    /// The filter, with every date checked. Empty strings (an untouched form field) mean
    /// "no filter".
    pub fn filter(&self) -> Result<Filter, ApiError> {
        let date = |what: &str, v: &Option<String>| -> Result<Option<String>, ApiError> {
            match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(d) if is_date(d) => Ok(Some(d.to_owned())),
                Some(d) => Err(ApiError::bad_request(
                    "invalid_query",
                    format!("{what} {d:?} is not a date YYYY-MM-DD"),
                )),
            }
        };
        let code = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        if let Some(r) = &self.requester
            && !samverka_model::form::is_code(r.as_str())
        {
            return Err(ApiError::bad_request(
                "invalid_query",
                format!("requester {:?} is not a code", r.as_str()),
            ));
        }
        Ok(Filter {
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            job_type: self.job_type,
            performer: self.performer,
            municipality: code(&self.municipality).map(MunicipalityId::new),
            unit: code(&self.unit).map(UnitId::new),
            requester: self.requester.clone(),
        })
    }
}

fn query(q: Result<Query<StatsQuery>, QueryRejection>) -> Result<StatsQuery, ApiError> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))
}

/// The report as the API answers it: its cells and filter, and the totals per job type under
/// the names the CSV and the dashboard use (`done`, `done_including_aborted`, …).
#[derive(Debug, Serialize)]
pub struct ReportAnswer {
    /// The report.
    #[serde(flatten)]
    pub report: Report,
    /// Per job type, then all together.
    pub totals: Vec<Totals>,
}

/// The report as JSON, or as CSV with `format=csv`.
pub fn answer(report: Report, format: Option<&str>) -> Result<Response, ApiError> {
    match format.unwrap_or("json") {
        "json" => Ok(Json(ReportAnswer {
            totals: report.totals(),
            report,
        })
        .into_response()),
        "csv" => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"samverka-statistik.csv\"",
                ),
            ],
            crate::csv_out::report_csv(&report),
        )
            .into_response()),
        other => Err(ApiError::bad_request(
            "invalid_query",
            format!("format {other:?}: use json or csv"),
        )),
    }
}

/// `GET /api/v1/stats`.
pub(super) async fn stats(
    State(state): State<AppState>,
    _who: StaffSession,
    q: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let filter = q.filter()?;
    let cells = state.storage.stats(&filter).await?;
    answer(Report { filter, cells }, q.format.as_deref())
}

/// `GET /api/v1/stats/compare?from=01-01&to=04-01&years=2024,2025,2026`: the same part of
/// each year, with the other filters.
pub(super) async fn compare(
    State(state): State<AppState>,
    _who: StaffSession,
    q: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Json<Vec<YearReport>>, ApiError> {
    let q = query(q)?;
    let md = |v: &Option<String>, default: &str| v.clone().unwrap_or_else(|| default.to_owned());
    let (from_md, to_md) = (md(&q.from, "01-01"), md(&q.to, "01-01"));
    let years: Vec<i32> = q
        .years
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(|y| y.trim().parse::<i32>())
        .collect::<Result<_, _>>()
        .ok()
        .filter(|y: &Vec<i32>| !y.is_empty() && y.len() <= 20)
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid_query",
                "years: up to 20 years, e.g. 2024,2025,2026",
            )
        })?;
    let base = StatsQuery {
        from: None,
        to: None,
        ..q
    }
    .filter()?;
    compare_years(&state, &base, &years, &from_md, &to_md)
        .await
        .map(Json)
}

/// One year's report in a comparison.
#[derive(Debug, Serialize)]
pub struct YearReport {
    /// The year.
    pub year: i32,
    /// Its report.
    pub report: Report,
}

/// The same part of each year, with `base`'s other filters.
pub async fn compare_years(
    state: &AppState,
    base: &Filter,
    years: &[i32],
    from_md: &str,
    to_md: &str,
) -> Result<Vec<YearReport>, ApiError> {
    let mut out = Vec::with_capacity(years.len());
    for &year in years {
        let (from, to) = same_period(year, from_md, to_md).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_query",
                format!("from/to must be month-days MM-DD, got {from_md:?}, {to_md:?}"),
            )
        })?;
        let filter = Filter {
            from: Some(from),
            to: Some(to),
            ..base.clone()
        };
        let cells = state.storage.stats(&filter).await?;
        out.push(YearReport {
            year,
            report: Report { filter, cells },
        });
    }
    Ok(out)
}

/// `POST /api/v1/login` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LoginRequest {
    name: String,
    password: String,
}

/// `POST /api/v1/login` answer.
#[derive(Serialize)]
pub(super) struct LoginResponse {
    token: String,
    role: crate::storage::Role,
    expires_at: Timestamp,
}

/// `POST /api/v1/login`: a session token for a coach's or admin's scripts.
pub(super) async fn login_api(
    State(state): State<AppState>,
    req: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(req) = req.map_err(|e| ApiError::bad_request("invalid_json", e.body_text()))?;
    let (token, role, expires_at) = login(&state.storage, &req.name, &req.password)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "wrong name or password",
            )
        })?;
    Ok(Json(LoginResponse {
        token,
        role,
        expires_at,
    }))
}
