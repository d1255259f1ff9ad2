//! Assistance requests from health centres (VC/JC) waiting on home: what is asked, for whom and
//! when, to take (it becomes an assistance job on this phone at once, offline) or decline with
//! a reason the requester reads.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::field::{
    alert, described_by, event_value, field_error, general_error, invalid,
};
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::S;
use samverka_model::answers::{RequestCard, RequestState};
use samverka_model::app::Failure;
use samverka_model::request::RequestId;
use samverka_model::sv;
use samverka_model::timestamp::Zone;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct RequestsProps {
    /// Go somewhere (to the job an accepted request became).
    pub navigate: Callback<Place>,
}

/// The requests section of home; nothing when there are none.
#[function_component(Requests)]
pub fn requests(p: &RequestsProps) -> Html {
    let ctx = use_ctx();
    let list = use_slot(Vec::<RequestCard>::new);
    let declining = use_slot(|| None::<RequestId>);
    let reason = use_slot(String::new);
    let failure = use_slot(|| None::<(RequestId, Failure)>);
    let reload = use_slot(|| 0u32);
    {
        let list = list.clone();
        let key = (ctx.sync.last_synced_at, ctx.unlocks, *reload);
        use_effect_on(key, move |_| {
            spawn_local(async move {
                if let Ok(l) = api::requests().await {
                    list.set(l);
                }
            });
        });
    }
    if list.is_empty() {
        return html! {};
    }
    let answer = {
        let (navigate, failure, reload) = (p.navigate.clone(), failure.clone(), reload.clone());
        let (declining, reason) = (declining.clone(), reason.clone());
        // `None` takes the request; `Some(reason)` declines it.
        Callback::from(move |(id, decline): (RequestId, Option<String>)| {
            let (navigate, failure, reload) = (navigate.clone(), failure.clone(), reload.clone());
            let (declining, reason) = (declining.clone(), reason.clone());
            spawn_local(async move {
                let answered = match decline {
                    None => api::accept_request(id).await,
                    Some(reason) => api::decline_request(id, &reason).await,
                };
                match answered {
                    Ok(r) => {
                        failure.set(None);
                        declining.set(None);
                        reason.set(String::new());
                        reload.update(|n| n + 1);
                        if let Some(job) = r.job {
                            navigate.emit(Place::Job(job));
                        }
                    }
                    // The reason typed stays in its field, with the error next to it.
                    Err(f) => failure.set(Some((id, f))),
                }
            });
        })
    };
    let cards = list.iter().map(|r| {
        let id = r.id;
        let q = r;
        let own_failure = failure.as_ref().filter(|(f, _)| *f == id).map(|(_, f)| f.clone());
        let state = match r.state {
            RequestState::Open => None,
            RequestState::Pending => Some(ctx.t(S::RequestAnswerPending).to_owned()),
            RequestState::Sent => Some(ctx.t(S::RequestAnswerSent).to_owned()),
            RequestState::Answered => Some(format!(
                "{} {}",
                ctx.t(S::RequestAlreadyAnswered),
                r.answered_by.as_deref().unwrap_or_default()
            )),
        };
        let open = state.is_none();
        let is_declining = *declining == Some(id);
        let accept = {
            let answer = answer.clone();
            move |_| answer.emit((id, None))
        };
        let decline = {
            let (answer, reason) = (answer.clone(), reason.clone());
            move |_| answer.emit((id, Some((*reason).clone())))
        };
        html! {
            <li class="card request" data-request={id.to_string()}>
                <p><strong>{ sv::task(q.task) }</strong>{ format!(" · {} · {} {}", r.centre, q.visit_at.date(Zone::Sweden), q.visit_at.hhmm(Zone::Sweden)) }</p>
                <p>{ format!("{}, {} {}", q.name, q.patient_age, ctx.t(S::Years)) }</p>
                <p class="muted">{ q.address.clone() }</p>
                <p>{ q.description.clone() }</p>
                <p class="muted">{ format!("{}: {} · {}: {}", ctx.t(S::PatientPhone), q.patient_phone, ctx.t(S::CallbackPhone), q.callback_phone) }</p>
                if let Some(s) = state { <p class="request-state" data-state="answered">{ s }</p> }
                if open && !is_declining {
                    <div class="row">
                        <button class="primary" data-accept={id.to_string()} onclick={accept}>{ ctx.t(S::RequestAccept) }</button>
                        <button class="secondary" data-decline={id.to_string()} onclick={ let d = declining.clone(); move |_| d.set(Some(id)) }>{ ctx.t(S::Decline) }</button>
                    </div>
                }
                if open && is_declining {
                    <label class="field"><span class="label">{ ctx.t(S::DeclineReason) }</span>
                        <input id="request-reason" value={(*reason).clone()}
                               aria-invalid={invalid(&own_failure, "request.reason")}
                               aria-describedby={described_by(&own_failure, "request.reason")}
                               oninput={ let r = reason.clone(); move |e: InputEvent| r.set(event_value(&e)) } />
                    </label>
                    { field_error(&own_failure, "request.reason") }
                    <div class="row">
                        <button class="danger" id="confirm-decline" onclick={decline}>{ ctx.t(S::Confirm) }</button>
                        <button class="link" onclick={ let d = declining.clone(); move |_| d.set(None) }>{ ctx.t(S::Cancel) }</button>
                    </div>
                }
                { alert("field-error", general_error(&own_failure, &["request.reason"])) }
            </li>
        }
    });
    html! {
        <section id="requests">
            <h2>{ ctx.t(S::RequestsTitle) }</h2>
            <ul class="request-list">{ for cards }</ul>
        </section>
    }
}
