//! SBAR: drafted from the record by the model (in the shell), edited by the nurse, handed over
//! with a time.

use crate::api;
use crate::app::use_ctx;
use crate::components::field::{
    Field, described_by, error_for, event_value, general_error, invalid,
};
use crate::hooks::{use_effect_on, use_slot};
use crate::pages::job::TabProps;
use crate::strings::S;
use samverka_model::app::Failure;
use samverka_model::sbar::SbarText;
use samverka_model::timestamp::Zone;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The SBAR tab.
#[function_component(SbarTab)]
pub fn sbar_tab(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let saved = p.view.sbar.clone();
    // What is on screen: the saved text until the nurse drafts or types.
    let text = use_slot(|| saved.clone());
    let failure = use_slot(|| None::<Failure>);
    // The model's draft of the job as it stands, asked of the shell whenever the job changes,
    // so taking it is one tap with nothing to wait for.
    let drafted = use_slot(|| None::<SbarText>);
    {
        let drafted = drafted.clone();
        use_effect_on(p.view.clone(), move |v| {
            let id = v.id;
            spawn_local(async move {
                if let Ok(d) = api::sbar_draft(id).await {
                    drafted.set(Some(d));
                }
            });
        });
    }

    let save = {
        let (text, failure, on_view, view) =
            (text.clone(), failure.clone(), p.on_view.clone(), p.view.id);
        Callback::from(move |hand_over: bool| {
            // Handing over is also the timeline's step when the job is at that point: the model
            // says which entries the tap writes (`sbar::save`), the shell writes them in one
            // transaction.
            let typed = (*text).clone();
            let (failure, on_view) = (failure.clone(), on_view.clone());
            spawn_local(async move {
                match api::save_sbar(view, &typed, hand_over).await {
                    Ok(v) => {
                        failure.set(None);
                        on_view.emit(v);
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let make_draft = (*drafted).clone().map(|d| {
        let text = text.clone();
        move |_| {
            let d = d.clone();
            text.set(SbarText {
                recipient: text.recipient.clone(),
                handed_over_at: text.handed_over_at,
                ..d
            });
        }
    });
    let part = |name: &'static str, label: S, value: Option<String>, rows: &'static str| {
        let text = text.clone();
        let oninput = move |e: InputEvent| {
            let mut t = (*text).clone();
            let v = Some(event_value(&e)).filter(|s| !s.is_empty());
            match name {
                "situation" => t.situation = v,
                "background" => t.background = v,
                "assessment" => t.assessment = v,
                "recommendation" => t.recommendation = v,
                _ => t.recipient = v,
            }
            text.set(t);
        };
        let full = format!("sbar.{name}");
        let id = format!("sbar-{name}");
        let (aria_invalid, aria_described) =
            (invalid(&failure, &full), described_by(&failure, &full));
        html! {
            <Field label={ctx.t(label)} name={full.clone()} error={error_for(&failure, &full)} input={id.clone()}>
                if rows == "1" {
                    <input {id} value={value.unwrap_or_default()} {oninput}
                           aria-invalid={aria_invalid} aria-describedby={aria_described} />
                } else {
                    <textarea {id} {rows} value={value.unwrap_or_default()} {oninput}
                              aria-invalid={aria_invalid} aria-describedby={aria_described} />
                }
            </Field>
        }
    };
    let t = (*text).clone();
    let on_save = {
        let s = save.clone();
        move |_| s.emit(false)
    };
    let on_hand_over = {
        let s = save.clone();
        move |_| s.emit(true)
    };
    html! {
        <section id="sbar">
            // Offered once the shell's draft is here (a moment after the tab opens).
            if let Some(onclick) = make_draft {
                <button class="secondary wide" id="sbar-draft" {onclick}>{ ctx.t(S::SbarDraft) }</button>
            }
            { part("situation", S::Situation, t.situation, "4") }
            { part("background", S::Background, t.background, "4") }
            { part("assessment", S::Assessment, t.assessment, "6") }
            { part("recommendation", S::Recommendation, t.recommendation, "4") }
            { part("recipient", S::Recipient, t.recipient, "1") }
            if let Some(e) = general_error(&failure, &["sbar.situation", "sbar.background", "sbar.assessment", "sbar.recommendation", "sbar.recipient"]) {
                <p class="error" role="alert">{ e }</p>
            }
            if let Some(at) = saved.handed_over_at {
                <p class="stamp" id="handed-over-at">{ format!("{} {}", ctx.t(S::HandedOverAt), at.hhmm(Zone::Sweden)) }</p>
            }
            <div class="row">
                <button class="secondary" id="sbar-save" onclick={on_save}>{ ctx.t(S::Save) }</button>
                <button class="primary" id="sbar-hand-over" onclick={on_hand_over}>{ ctx.t(S::HandedOver) }</button>
            </div>
        </section>
    }
}
