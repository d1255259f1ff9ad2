//! The job's "more" tab: who holds it and its history, handing it on to a colleague or the
//! next shift (or taking it), and the export for the journal system.

use crate::api;
use crate::app::use_ctx;
use crate::components::field::{
    alert, described_by, event_value, field_error, general_error, invalid,
};
use crate::hooks::{use_effect_on, use_slot};
use crate::pages::export::ExportCard;
use crate::pages::job::TabProps;
use crate::strings::{S, tr};
use samverka_model::app::Failure;
use samverka_model::holder::{HandOn, Holder};
use samverka_model::settings::Language;
use samverka_model::timestamp::Zone;
use samverka_model::{EntryBody, UserId};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// How a holder reads: the nurse's name, or the next shift.
fn holder_name(lang: Language, h: &Holder) -> String {
    match h {
        Holder::Nurse(u) => u.to_string(),
        Holder::NextShift => tr(lang, S::NextShift).to_owned(),
    }
}

/// The "more" tab.
#[function_component(MoreTab)]
pub fn more_tab(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let colleagues = use_slot(Vec::<UserId>::new);
    let to = use_slot(String::new);
    let note = use_slot(String::new);
    let failure = use_slot(|| None::<Failure>);
    let me = ctx.info.enrolled.as_ref().map(|e| e.user.clone());
    {
        // The unit's nurses from the introduction list the phone keeps for offline use.
        let (colleagues, me) = (colleagues.clone(), me.clone());
        use_effect_on(ctx.sync.last_synced_at, move |_| {
            spawn_local(async move {
                if let Ok(Some(list)) = api::introduction().await {
                    colleagues.set(
                        list.nurses
                            .into_iter()
                            .map(|n| UserId::new(n.nurse))
                            .filter(|n| Some(n) != me.as_ref())
                            .collect(),
                    );
                }
            });
        });
    }
    let v = &p.view;
    let send = {
        let (on_view, failure, job) = (p.on_view.clone(), failure.clone(), v.id);
        let (to, note) = (to.clone(), note.clone());
        Callback::from(move |hand_on: HandOn| {
            let (on_view, failure) = (on_view.clone(), failure.clone());
            let (to, note) = (to.clone(), note.clone());
            spawn_local(async move {
                match api::record(job, &EntryBody::HandedOn(hand_on)).await {
                    Ok(v) => {
                        failure.set(None);
                        to.set(String::new());
                        note.set(String::new());
                        on_view.emit(v);
                    }
                    // What was chosen and typed stays; the reason shows next to it.
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let holder = v.holder.clone();
    let mine = matches!((&holder, &me), (Some(Holder::Nurse(h)), Some(m)) if h == m);
    let open = !v.status.is_closed();
    let history = &v.holder_history;
    let hand_on = {
        let (send, to, note) = (send.clone(), to.clone(), note.clone());
        move |_| {
            let target = match to.as_str() {
                "" => Holder::Nurse(UserId::new("")),
                "next_shift" => Holder::NextShift,
                nurse => Holder::Nurse(UserId::new(nurse)),
            };
            let text = note.trim().to_owned();
            send.emit(HandOn {
                to: target,
                at: api::now(),
                note: (!text.is_empty()).then_some(text),
            });
        }
    };
    let take_over = {
        let (send, me) = (send.clone(), me.clone());
        move |_| {
            if let Some(me) = me.clone() {
                send.emit(HandOn {
                    to: Holder::Nurse(me),
                    at: api::now(),
                    note: None,
                });
            }
        }
    };
    html! {
        <section id="more">
            <section class="card" id="holder">
                <h3>{ ctx.t(S::HolderTitle) }</h3>
                <p id="current-holder" data-holder={holder.as_ref().map(|h| holder_name(lang, h)).unwrap_or_default()}>
                    if mine { { ctx.t(S::YouHoldIt) } }
                    else if let Some(h) = &holder { { holder_name(lang, h) } }
                </p>
                <h4>{ ctx.t(S::HolderHistory) }</h4>
                <ol class="holder-history" id="holder-history">
                    { for history.iter().map(|h| html! {
                        <li data-holder={holder_name(lang, &h.holder)}>
                            <span class="time">{ h.since.hhmm(Zone::Sweden) }</span>
                            <strong>{ holder_name(lang, &h.holder) }</strong>
                            if h.by != UserId::new(holder_name(lang, &h.holder)) {
                                <span class="muted">{ format!(" ({} {})", ctx.t(S::HandedOnBy), h.by) }</span>
                            }
                            if let Some(n) = &h.note { <p class="note">{ n.clone() }</p> }
                        </li>
                    }) }
                </ol>
                if open && mine {
                    <label class="field"><span class="label">{ ctx.t(S::HandOnTo) }</span>
                        <select id="hand-on-to" aria-invalid={invalid(&failure, "holder")} aria-describedby={described_by(&failure, "holder")}
                                onchange={ let to = to.clone(); move |e: Event| to.set(event_value(&e)) }>
                            <option value="" selected={to.is_empty()}>{ ctx.t(S::ChooseNurse) }</option>
                            <option value="next_shift" selected={*to == "next_shift"}>{ ctx.t(S::NextShift) }</option>
                            { for colleagues.iter().map(|c| html! {
                                <option value={c.to_string()} selected={to.as_str() == c.as_str()}>{ c.to_string() }</option>
                            }) }
                        </select>
                    </label>
                    { field_error(&failure, "holder") }
                    if colleagues.is_empty() { <p class="muted">{ ctx.t(S::NoColleagues) }</p> }
                    <label class="field"><span class="label">{ ctx.t(S::HandOnNote) }</span>
                        <textarea id="hand-on-note" rows="3" value={(*note).clone()}
                                  aria-invalid={invalid(&failure, "holder.note")} aria-describedby={described_by(&failure, "holder.note")}
                                  oninput={ let note = note.clone(); move |e: InputEvent| note.set(event_value(&e)) } />
                    </label>
                    { field_error(&failure, "holder.note") }
                    <button class="primary" id="hand-on" onclick={hand_on}>{ ctx.t(S::HandOn) }</button>
                } else if open && me.is_some() {
                    <button class="primary" id="take-over" onclick={take_over}>{ ctx.t(S::TakeOver) }</button>
                    { field_error(&failure, "holder") }
                }
                { alert("field-error", general_error(&failure, &["holder", "holder.note"])) }
            </section>
            <ExportCard job={v.id} />
        </section>
    }
}
