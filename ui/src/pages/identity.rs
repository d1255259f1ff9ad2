//! The job's identifying part on the record tab: the personal identity number, shown masked
//! until the nurse asks to see it, and the name. Checked by the model before it is saved; a
//! refused number stays in its field next to the Swedish reason.

use crate::api;
use crate::app::use_ctx;
use crate::components::field::{Field, described_by, error_for};
use crate::components::saved_input::SavedInput;
use crate::hooks::use_slot;
use crate::pages::job::TabProps;
use crate::strings::S;
use samverka_model::app::Failure;
use samverka_model::doc::Patch;
use samverka_model::identity::{PatientIdentity, PersonalNumber};
use samverka_model::{EntryBody, ErrorCode, FieldError};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

const PNR_FIELD: &str = "identity.personal_number";

/// What the card saves: a number the model accepted, or one field by its key (`None` empties).
enum Change {
    Number(PersonalNumber),
    Field(&'static str, Option<JsValue>),
}

/// The identity card.
#[function_component(IdentityCard)]
pub fn identity_card(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let failure = use_slot(|| None::<Failure>);
    let reveal = use_slot(|| false);
    let id = &p.view.identity;
    let save = {
        let (job, on_view, failure, reveal) = (
            p.view.id,
            p.on_view.clone(),
            failure.clone(),
            reveal.clone(),
        );
        Callback::from(move |change: Change| {
            let (on_view, failure, reveal) = (on_view.clone(), failure.clone(), reveal.clone());
            spawn_local(async move {
                let answer = match change {
                    Change::Number(pnr) => {
                        let set = PatientIdentity {
                            personal_number: Some(pnr),
                            ..Default::default()
                        };
                        api::record(job, &EntryBody::Identity(Patch::set(set))).await
                    }
                    Change::Field(key, value) => api::record_field(job, key, value).await,
                };
                match answer {
                    Ok(v) => {
                        failure.set(None);
                        reveal.set(false);
                        on_view.emit(v);
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let on_pnr = {
        let (save, failure, lang) = (save.clone(), failure.clone(), ctx.lang);
        Callback::from(move |typed: String| {
            if typed.trim().is_empty() {
                save.emit(Change::Field(PNR_FIELD, None));
                return;
            }
            match PersonalNumber::parse_at(&typed, api::now()) {
                Ok(pnr) => save.emit(Change::Number(pnr)),
                // Checked here in the webview: the model's Swedish, said in the nurse's language.
                Err(e) => failure.set(Some(
                    Failure::invalid(vec![FieldError::new(
                        PNR_FIELD,
                        ErrorCode::Invalid,
                        e.message(),
                    )])
                    .localized(lang),
                )),
            }
        })
    };
    let on_name = {
        let save = save.clone();
        Callback::from(move |t: String| {
            save.emit(Change::Field("identity.name", Some(JsValue::from_str(&t))))
        })
    };
    let toggle = {
        let reveal = reveal.clone();
        move |_| reveal.set(!*reveal)
    };
    let pnr = id.personal_number.as_ref();
    html! {
        <section class="card" id="identity">
            <h2>{ ctx.t(S::IdentityTitle) }</h2>
            // Masked, the number is an output and a button (a group); shown, it is the input.
            <Field label={ctx.t(S::PersonalNumber)} name={PNR_FIELD} error={error_for(&failure, PNR_FIELD)}
                   input={(pnr.is_none() || *reveal).then_some("identity-personal_number")}>
                if let (Some(n), false) = (pnr, *reveal) {
                    <div class="masked">
                        <output id="identity-pnr-masked">{ n.masked() }</output>
                        <button type="button" id="identity-pnr-show" onclick={toggle}>{ ctx.t(S::ShowNumber) }</button>
                    </div>
                } else {
                    <SavedInput id="identity-personal_number" inputmode="numeric" error_id={described_by(&failure, PNR_FIELD)}
                                saved={pnr.map(PersonalNumber::formatted).unwrap_or_default()} on_commit={on_pnr} />
                    if pnr.is_some() {
                        <button type="button" id="identity-pnr-hide" onclick={toggle}>{ ctx.t(S::HideNumber) }</button>
                    }
                }
            </Field>
            <Field label={ctx.t(S::PatientName)} name="identity.name" error={error_for(&failure, "identity.name")} input="identity-name">
                <SavedInput id="identity-name" error_id={described_by(&failure, "identity.name")} saved={id.name.clone().unwrap_or_default()} on_commit={on_name} />
            </Field>
        </section>
    }
}
