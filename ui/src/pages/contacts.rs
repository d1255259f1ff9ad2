//! The region's contact list: one tap hands the number to the phone's dialler.

use crate::api;
use crate::app::use_ctx;
use crate::components::content_banner::ContentBanner;
use crate::components::field::alert;
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::S;
use samverka_model::app::Failure;
use samverka_model::content::{Contact, Dialled, dial_uri};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct ContactsProps {
    /// Back.
    pub back: Callback<()>,
}

/// The contacts.
#[function_component(Contacts)]
pub fn contacts(p: &ContactsProps) -> Html {
    let ctx = use_ctx();
    let list = use_slot(|| None::<Vec<Contact>>);
    let dialled = use_slot(|| None::<Dialled>);
    let failure = use_slot(|| None::<Failure>);
    {
        let (list, failure) = (list.clone(), failure.clone());
        use_effect_on(ctx.sync.last_synced_at, move |_| {
            spawn_local(async move {
                match api::contacts().await {
                    Ok(c) => list.set(Some(c)),
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }
    let call = {
        let (dialled, failure) = (dialled.clone(), failure.clone());
        Callback::from(move |id: String| {
            let (dialled, failure) = (dialled.clone(), failure.clone());
            spawn_local(async move {
                match api::dial(&id).await {
                    Ok(d) => dialled.set(Some(d)),
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    html! {
        <main class="screen" id="contacts">
            { top_bar(&ctx, ctx.t(S::Contacts).into(), Some(p.back.clone()), Html::default()) }
            <ContentBanner />
            if let Some(d) = (*dialled).clone() {
                <p class="card dialled" id="dialled" data-dialled={d.uri.clone()} role="status">
                    if d.handed_over {
                        { format!("{} ", ctx.t(S::Calling)) }
                    } else {
                        { format!("{} ", ctx.t(S::DialByHand)) }
                    }
                    <strong>{ d.phone }</strong>
                </p>
            }
            { alert("error", failure.as_ref().map(|f| f.message.clone())) }
            { match (*list).clone() {
                None => html! { <p class="muted">{ ctx.t(S::Loading) }</p> },
                Some(l) if l.is_empty() => html! { <p class="muted">{ ctx.t(S::NoContent) }</p> },
                Some(l) => html! {
                    <ul class="doc-list" id="contact-list">
                        { for l.into_iter().map(|c| contact_row(&ctx, c, &call)) }
                    </ul>
                },
            } }
        </main>
    }
}

fn contact_row(ctx: &crate::app::Ctx, c: Contact, call: &Callback<String>) -> Html {
    let call = call.clone();
    let id = c.id.clone();
    // A real tel: link (what a phone expects), dialled through the shell so the webview never
    // navigates away from the app.
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        call.emit(id.clone());
    });
    html! {
        <li class="card contact" data-contact={c.id.clone()}>
            <div class="who">
                <strong>{ c.name }</strong>
                <p class="muted small">{ c.role }</p>
                <p class="small">{ format!("{}: {}", ctx.t(S::Hours), c.hours) }</p>
            </div>
            <a class="call" href={dial_uri(&c.phone)} aria-label={format!("{} {}", ctx.t(S::Call), c.phone)} {onclick}>
                { c.phone }
            </a>
        </li>
    }
}
