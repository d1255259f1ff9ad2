//! `/dashboard/quarantine`: the entries the region refused for good and the phones handed over
//! (`POST /api/v1/quarantine`), for a coach (own unit) or an admin (every unit): when, which
//! nurse and phone, which job and kind, and why in Swedish. The payloads are not shown (they
//! may identify a patient); they stay in the region's `quarantine` table.

use super::page::top;
use crate::api::staff::{StaffSession, signed_in};
use crate::api::{ApiError, AppState};
use crate::storage::Role;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
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
    Ok(page(&who, &entries).into_response())
}

/// The first eight characters of an id: enough to tell phones and jobs apart on screen.
fn short(id: impl std::fmt::Display) -> String {
    id.to_string().chars().take(8).collect()
}

fn page(who: &StaffSession, entries: &[QuarantinedEntry]) -> Markup {
    let main = html! {
        h2 { "Anteckningar som regionen nekade" }
        p {
            "Telefonerna behåller dem och visar dem för sjuksköterskan; de ingår inte i journalen "
            "eller statistiken här."
        }
        @if entries.is_empty() {
            p #quarantine-empty { "Inga anteckningar i karantän." }
        } @else {
            div.wide tabindex="0" role="region" aria-label="Anteckningar som regionen nekade" {
                table #quarantine {
                    thead { tr {
                        th { "Tid" } th { "Sjuksköterska" } th { "Telefon" } th { "Nr" } th { "Uppdrag" }
                        th { "Slag" } th { "Orsak" }
                    } }
                    tbody {
                        @for e in entries {
                            tr {
                                td { (e.at.date(Zone::Sweden)) " " (e.at.hhmm(Zone::Sweden)) }
                                td { (e.user.as_str()) }
                                td { (short(e.device)) }
                                td { (e.seq) }
                                td { (e.job.map(short).unwrap_or_default()) }
                                td { (e.kind.as_deref().unwrap_or("")) }
                                td title=(e.message) { (sv::refusal(&e.code)) " (" (e.code) ")" }
                            }
                        }
                    }
                }
            }
        }
    };
    top("Karantän – Samverka", &who.name, "quarantine", main)
}
