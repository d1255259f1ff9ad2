//! The position at arrival on the timeline: what the phone recorded, or that it is missing and
//! which municipality the nurse chose instead. Never a coordinate that the phone did not give.

use crate::api;
use crate::app::use_ctx;
use crate::components::field::{
    alert, described_by, error_for, error_id, event_value, general_error, invalid,
};
use crate::hooks::{use_effect_on, use_slot};
use crate::pages::job::TabProps;
use crate::strings::S;
use samverka_model::MunicipalityId;
use samverka_model::app::Failure;
use samverka_model::content::Municipality;
use samverka_model::page::PositionLine;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The position card, shown once the nurse has arrived.
#[function_component(PositionCard)]
pub fn position_card(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let towns = use_slot(Vec::<Municipality>::new);
    let chosen = use_slot(|| None::<String>);
    let failure = use_slot(|| None::<Failure>);
    let busy = use_slot(|| false);
    {
        let towns = towns.clone();
        use_effect_on((), move |_| {
            spawn_local(async move {
                if let Ok(list) = api::municipalities().await {
                    towns.set(list);
                }
            });
        });
    }
    let v = &p.view;
    if !v.arrived {
        return html! {};
    }
    let name_of = |id: &MunicipalityId| {
        towns
            .iter()
            .find(|m| &m.id == id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let locate = {
        let (on_view, failure, busy, job) =
            (p.on_view.clone(), failure.clone(), busy.clone(), v.id);
        Callback::from(move |_| {
            let (on_view, failure, busy) = (on_view.clone(), failure.clone(), busy.clone());
            busy.set(true);
            spawn_local(async move {
                match api::locate_arrival(job).await {
                    Ok(a) => {
                        failure.set(None);
                        on_view.emit(a.page);
                    }
                    Err(f) => failure.set(Some(f)),
                }
                busy.set(false);
            });
        })
    };
    let body = match &v.position {
        None => html! {
            <>
                <p class="muted" id="position-none">{ if *busy { ctx.t(S::PositionLocating) } else { "–" } }</p>
                <button class="secondary" id="locate" disabled={*busy} onclick={locate}>{ ctx.t(S::Position) }</button>
            </>
        },
        Some(PositionLine {
            text,
            municipality,
            missing: None,
            ..
        }) => html! {
            <p id="position-line" data-position="located">
                { text.clone() }
                if let Some(m) = municipality { { format!(" · {}", name_of(m)) } }
            </p>
        },
        Some(PositionLine {
            text,
            municipality,
            missing: Some(reason),
            suggested,
        }) => {
            let reason = *reason;
            let current = (*chosen)
                .clone()
                .or_else(|| suggested.as_ref().map(|m| m.to_string()));
            let onchange = {
                let chosen = chosen.clone();
                move |e: Event| chosen.set(Some(event_value(&e)))
            };
            let save = {
                let (on_view, failure, job) = (p.on_view.clone(), failure.clone(), v.id);
                let picked = current.clone();
                move |_| {
                    let (on_view, failure) = (on_view.clone(), failure.clone());
                    let Some(picked) = picked.clone().filter(|m| !m.is_empty()) else {
                        return;
                    };
                    spawn_local(async move {
                        match api::choose_municipality(job, reason, &MunicipalityId::new(picked))
                            .await
                        {
                            Ok(v) => {
                                failure.set(None);
                                on_view.emit(v);
                            }
                            Err(f) => failure.set(Some(f)),
                        }
                    });
                }
            };
            let error = error_for(&failure, "position.municipality");
            html! {
                <>
                    <p id="position-line" data-position="missing">
                        { text.clone() }
                        if let Some(m) = municipality { { format!(" · {}: {}", ctx.t(S::Municipality), name_of(m)) } }
                    </p>
                    <label class="field"><span class="label">{ ctx.t(S::PositionPickMunicipality) }</span>
                        <select id="position-municipality" {onchange}
                                aria-invalid={invalid(&failure, "position.municipality")}
                                aria-describedby={described_by(&failure, "position.municipality")}>
                            <option value="" selected={current.is_none()}>{ "–" }</option>
                            { for towns.iter().map(|m| html! {
                                <option value={m.id.to_string()} selected={current.as_deref() == Some(m.id.as_str())}>{ m.name.clone() }</option>
                            }) }
                        </select>
                    </label>
                    if let Some(e) = error { <p class="field-error" role="alert" id={error_id("position.municipality")} data-error-for="position.municipality">{ e }</p> }
                    <button class="secondary" id="save-municipality" onclick={save}>{ ctx.t(S::SaveMunicipality) }</button>
                </>
            }
        }
    };
    html! {
        <section class="card" id="position">
            <h3>{ ctx.t(S::Position) }</h3>
            { body }
            { alert("field-error", general_error(&failure, &["position.municipality"])) }
        </section>
    }
}
