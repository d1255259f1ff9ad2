//! `/dashboard/quarantine`: the entries the region refused for good and the phones handed over
//! (`POST /api/v1/quarantine`), for a coach (own unit) or an admin (every unit): when, which
//! nurse and phone, which job and kind, and why in Swedish. The payloads are not shown (they
//! may identify a patient); they stay in the region's `quarantine` table.

use super::page::{esc, top};
use crate::api::staff::{StaffSession, signed_in};
use crate::api::{ApiError, AppState};
use crate::storage::Role;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_model::sv;
use samverka_model::sync::QuarantinedEntry;
use samverka_model::timestamp::Zone;

/// The most entries the page lists.
const SHOWN: u32 = 500;

pub(super) async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(who) = signed_in(&state.storage, &headers).await? else {
        return Ok(Redirect::to("/dashboard/login").into_response());
    };
    let unit = match who.role {
        Role::Admin => None,
        _ => Some(
            who.unit
                .clone()
                .ok_or_else(|| ApiError::forbidden("other_unit", "this coach has no unit"))?,
        ),
    };
    let entries = state.storage.quarantined(unit.as_ref(), SHOWN).await?;
    Ok(Html(page(&who, &entries)).into_response())
}

fn page(who: &StaffSession, entries: &[QuarantinedEntry]) -> String {
    let mut out = top("Karantän", &who.name, "quarantine");
    out.push_str(
        "<h2>Anteckningar som regionen nekade</h2>\
         <p>Telefonerna behåller dem och visar dem för sjuksköterskan; de ingår inte i journalen \
         eller statistiken här.</p>",
    );
    if entries.is_empty() {
        out.push_str("<p id=\"quarantine-empty\">Inga anteckningar i karantän.</p>");
    } else {
        out.push_str(
            "<table id=\"quarantine\"><thead><tr><th>Tid</th><th>Sjuksköterska</th>\
             <th>Telefon</th><th>Nr</th><th>Uppdrag</th><th>Slag</th><th>Orsak</th></tr></thead><tbody>",
        );
        for e in entries {
            let short = |s: String| s.chars().take(8).collect::<String>();
            out.push_str(&format!(
                "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td title=\"{}\">{} ({})</td></tr>",
                esc(&e.at.date(Zone::Sweden)),
                esc(&e.at.hhmm(Zone::Sweden)),
                esc(e.user.as_str()),
                esc(&short(e.device.to_string())),
                e.seq,
                esc(&e.job.map(|j| short(j.to_string())).unwrap_or_default()),
                esc(e.kind.as_deref().unwrap_or("")),
                esc(&e.message),
                esc(sv::refusal(&e.code)),
                esc(&e.code),
            ));
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</main></body></html>");
    out
}
