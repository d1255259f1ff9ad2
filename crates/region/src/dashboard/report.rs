//! The dashboard's report button: the annual report or the quarter's figures for a year, as a
//! page (`/dashboard/report`) or printed to PDF by headless Chromium (`/dashboard/report.pdf`),
//! for a signed-in coach or admin.

use crate::api::staff::StaffSession;
use crate::api::{ApiError, AppState};
use crate::report::html::{REPORT_CSS, Styles, page};
use crate::report::{ReportError, ReportSpec, gather, pdf};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// One Chromium at a time: printing takes a second or two of both cores, and the button must
/// not let a burst of clicks start a browser each.
static PRINTING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(1));

/// The report asked for: `year`, and `quarter` for the year so far to that quarter's end.
#[derive(Debug, Deserialize)]
pub(super) struct ReportQuery {
    year: String,
    #[serde(default)]
    quarter: String,
}

impl ReportQuery {
    fn spec(&self) -> Result<ReportSpec, ApiError> {
        let bad = |m: String| ApiError::bad_request("invalid_query", m);
        let year = self
            .year
            .trim()
            .parse::<i32>()
            .map_err(|_| bad(format!("year {:?} is not a year", self.year)))?;
        let quarter = match self.quarter.trim() {
            "" => None,
            q => Some(
                q.parse::<u8>()
                    .map_err(|_| bad(format!("quarter {q:?}: give 1, 2, 3 or 4")))?,
            ),
        };
        ReportSpec::new(year, quarter).map_err(|e| bad(e.to_string()))
    }
}

fn report_error(e: ReportError) -> ApiError {
    match e {
        ReportError::Invalid(m) => ApiError::bad_request("invalid_query", m),
        ReportError::Storage(e) => e.into(),
    }
}

async fn data(state: &AppState, q: &ReportQuery) -> Result<crate::report::ReportData, ApiError> {
    let spec = q.spec()?;
    let published = (*state.lists.get(&*state.storage).await?).clone();
    gather(&*state.storage, spec, published, crate::now())
        .await
        .map_err(report_error)
}

/// `GET /dashboard/report?year=2025[&quarter=1]`: the report as a page.
pub(super) async fn show(
    State(state): State<AppState>,
    _who: StaffSession,
    Query(q): Query<ReportQuery>,
) -> Result<maud::Markup, ApiError> {
    Ok(page(&data(&state, &q).await?, Styles::Linked))
}

/// `GET /dashboard/report.pdf?year=2025[&quarter=1]`: the report printed to PDF, as a download.
pub(super) async fn pdf_file(
    State(state): State<AppState>,
    _who: StaffSession,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let d = data(&state, &q).await?;
    let html = page(&d, Styles::Inline).into_string();
    let name = d.spec.file_name();
    let _turn = PRINTING.acquire().await.map_err(|e| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "pdf_unavailable",
            e.to_string(),
        )
    })?;
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, pdf::PdfError> {
        let out = std::env::temp_dir().join(format!(
            "samverka-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        let printed = pdf::print(&html, &out).and_then(|()| Ok(std::fs::read(&out)?));
        let _ = std::fs::remove_file(&out);
        printed
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "pdf_unavailable",
            e.to_string(),
        )
    })?
    .map_err(|e| {
        tracing::warn!(error = %e, "the report could not be printed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "pdf_unavailable",
            e.to_string(),
        )
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The report page's stylesheet.
pub(super) async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        REPORT_CSS,
    )
}
