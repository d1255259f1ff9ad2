//! The statistics dashboard for coaches and the operative group: sign in, choose a period and a
//! municipality, read the annual report's tables and charts, download CSV; and the coaches'
//! corner ([`coach`]): a unit's introduction list and its quality-test figures. Server-rendered
//! HTML without scripts, behind a strict content security policy.

pub(crate) mod charts;
pub mod coach;
pub mod page;
mod quarantine;
mod report;
pub mod requests;

use crate::api::limit::{self, AttemptLimiter};
use crate::api::staff::{self, SESSION_COOKIE, SESSION_HOURS, StaffSession, signed_in};
use crate::api::stats::{StatsQuery, answer};
use crate::api::{ApiError, AppState, hash_secret};
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use samverka_model::stats::{Filter, Report, same_period};
use serde::Deserialize;

/// The dashboard's routes, with their security headers; sign-in attempts count against
/// `login_limiter` (shared with `POST /api/v1/login`).
pub fn routes(login_limiter: AttemptLimiter) -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(show))
        .route(
            "/dashboard/login",
            get(login_form)
                .post(login)
                .layer(axum::middleware::from_fn_with_state(
                    login_limiter,
                    limit::limit_dashboard,
                )),
        )
        .route("/dashboard/logout", axum::routing::post(logout))
        .route("/dashboard/stats.csv", get(csv))
        .route("/dashboard/introduction", get(coach::introduction))
        .route(
            "/dashboard/introduction/marks",
            axum::routing::post(coach::confirm),
        )
        .route("/dashboard/quiz", get(coach::quiz))
        .route("/dashboard/quarantine", get(quarantine::show))
        .route("/dashboard/report", get(report::show))
        .route("/dashboard/report.pdf", get(report::pdf_file))
        .route("/dashboard/report.css", get(report::style))
        .route("/dashboard/style.css", get(style))
        .route("/begaran", get(requests::list))
        .route(
            "/begaran/ny",
            get(requests::new_form).post(requests::post_form),
        )
        .layer(axum::middleware::map_response(security_headers))
}

/// No scripts at all, styles only from the dashboard's own sheet, no framing, forms only to
/// itself, never cached. (`nosniff`, `X-Frame-Options` and `Referrer-Policy` are set on every
/// answer of the region, in [`crate::api::router_with`].)
async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    resp
}

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("style.css"),
    )
}

async fn login_form() -> maud::Markup {
    page::login(None, "")
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    Form(f): Form<LoginForm>,
) -> Result<Response, ApiError> {
    match staff::login(&state.storage, &f.name, &f.password).await? {
        Some((token, role, _)) => {
            // `Secure` only under TLS: over plain HTTP (loopback, tests) the browser would drop it.
            let cookie = format!(
                "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
                SESSION_HOURS * 3600,
                if state.tls { "; Secure" } else { "" }
            );
            // A health centre's requester has only the request pages.
            let home = if role == crate::storage::Role::Requester {
                "/begaran"
            } else {
                "/dashboard"
            };
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(home)).into_response())
        }
        None => Ok((
            StatusCode::UNAUTHORIZED,
            page::login(Some("Fel användarnamn eller lösenord."), &f.name),
        )
            .into_response()),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = staff::session_token(&headers) {
        state.storage.end_session(&hash_secret(&token)).await?;
    }
    let clear = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok((
        [(header::SET_COOKIE, clear)],
        Redirect::to("/dashboard/login"),
    )
        .into_response())
}

/// The dashboard's filters as typed.
#[derive(Debug, Default, Deserialize)]
struct DashboardQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    municipality: String,
}

impl DashboardQuery {
    fn stats_query(&self) -> StatsQuery {
        StatsQuery {
            from: Some(self.from.clone()),
            to: Some(self.to.clone()),
            municipality: Some(self.municipality.clone()),
            ..StatsQuery::default()
        }
    }
}

/// This year, by the region's clock in Swedish time.
fn this_year() -> i32 {
    crate::now()
        .date(samverka_model::timestamp::Zone::Sweden)
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026)
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(mut q): Query<DashboardQuery>,
) -> Result<Response, ApiError> {
    let Some(who) = signed_in(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    if q.from.is_empty() && q.to.is_empty() {
        let y = this_year();
        q.from = format!("{y}-01-01");
        q.to = format!("{}-01-01", y + 1);
    }
    // A bad date is answered next to the filters; the page shows everything meanwhile.
    let (filter, filter_error) = match q.stats_query().filter() {
        Ok(f) => (f, None),
        Err(_) => (
            Filter::default(),
            Some("Ange datum som ÅÅÅÅ-MM-DD. Visar alla år tills dess."),
        ),
    };
    let report = Report {
        cells: state.storage.stats(&filter).await?,
        filter: filter.clone(),
    };
    // The chart of years ends with the year of the period's last day.
    let end_year = match filter.to.as_deref() {
        Some(t) => {
            let y = t
                .get(0..4)
                .and_then(|y| y.parse::<i32>().ok())
                .unwrap_or_else(this_year);
            if t.ends_with("-01-01") { y - 1 } else { y }
        }
        None => this_year(),
    };
    let base = Filter {
        from: None,
        to: None,
        ..filter.clone()
    };
    let mut years = Vec::new();
    for year in (end_year - 7)..=end_year {
        let f = Filter {
            from: Some(format!("{year}-01-01")),
            to: Some(format!("{}-01-01", year + 1)),
            ..base.clone()
        };
        years.push((
            year,
            Report {
                cells: state.storage.stats(&f).await?,
                filter: f,
            },
        ));
    }
    // The chosen period's month-days in the two years before, as the quarterly figures compare.
    let md = |d: &Option<String>| d.as_deref().and_then(|d| d.get(5..)).map(str::to_owned);
    let mut same = Vec::new();
    if let (Some(from_md), Some(to_md), Some(from_year)) = (
        md(&filter.from),
        md(&filter.to),
        filter
            .from
            .as_deref()
            .and_then(|d| d.get(0..4)?.parse::<i32>().ok()),
    ) {
        for year in (from_year - 2)..=from_year {
            if let Some((from, to)) = same_period(year, &from_md, &to_md) {
                let f = Filter {
                    from: Some(from),
                    to: Some(to),
                    ..base.clone()
                };
                same.push((
                    year,
                    Report {
                        cells: state.storage.stats(&f).await?,
                        filter: f,
                    },
                ));
            }
        }
    }
    let municipalities = municipalities(&state).await?;
    let query = filters_query(&q);
    let published = state.lists.get(&*state.storage).await?;
    let report_year = filter
        .from
        .as_deref()
        .and_then(|d| d.get(0..4)?.parse().ok())
        .unwrap_or_else(this_year);
    Ok(page::dashboard(&page::Dashboard {
        user: &who.name,
        from: &q.from,
        to: &q.to,
        municipality: &q.municipality,
        filter_error,
        municipalities: &municipalities,
        report: &report,
        years: &years,
        same_period: &same,
        query: &query,
        published: &published,
        report_year,
    })
    .into_response())
}

/// The municipalities to filter by, by name: those of the latest published content, or the
/// codes of the region's units before any content was published.
async fn municipalities(state: &AppState) -> Result<Vec<(String, String)>, ApiError> {
    if let Some(v) = state.storage.latest_content_version().await?
        && let Some(stored) = state.storage.content(v).await?
        && let Ok(published) =
            serde_json::from_slice::<samverka_model::content::PublishedContent>(&stored.body)
    {
        let mut m: Vec<(String, String)> = published
            .bundle
            .municipalities
            .into_iter()
            .map(|m| (m.id.0, m.name))
            .collect();
        m.sort_by(|a, b| a.1.cmp(&b.1));
        return Ok(m);
    }
    let mut m: Vec<(String, String)> = state
        .storage
        .units()
        .await?
        .into_iter()
        .filter_map(|u| u.municipality.map(|m| (m.0.clone(), m.0)))
        .collect();
    m.sort();
    m.dedup();
    Ok(m)
}

/// The filters as a query string, for the CSV link (`form_urlencoded`'s encoding).
fn filters_query(q: &DashboardQuery) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("from", &q.from)
        .append_pair("to", &q.to)
        .append_pair("municipality", &q.municipality)
        .finish()
}

async fn csv(
    State(state): State<AppState>,
    _who: StaffSession,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, ApiError> {
    let filter = q.stats_query().filter()?;
    let cells = state.storage.stats(&filter).await?;
    answer(Report { filter, cells }, Some("csv"))
}
