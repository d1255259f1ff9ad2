//! The guideline browser: adult/child switch, search as you type, the chapters and the quick
//! references, the version the phone holds and a notice when a new one arrived.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::content_banner::ContentBanner;
use crate::components::field::alert;
use crate::components::icon::{Icon, svg};
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::S;
use samverka_model::app::Failure;
use samverka_model::content::{
    Audience, DocKind, DocumentSummary, MARK_END, MARK_START, SearchHit,
};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct GuidesProps {
    /// Go somewhere.
    pub navigate: Callback<Place>,
    /// Back to where the nurse came from.
    pub back: Callback<()>,
    /// Adult or child, kept while the nurse moves between documents.
    pub audience: Audience,
    /// Switch it.
    pub on_audience: Callback<Audience>,
}

/// The guideline browser.
#[function_component(Guides)]
pub fn guides(p: &GuidesProps) -> Html {
    let ctx = use_ctx();
    let docs = use_slot(|| None::<Vec<DocumentSummary>>);
    let query = use_slot(String::new);
    // The hits and the query they answer.
    let hits = use_slot(|| None::<(String, Vec<SearchHit>)>);
    let failure = use_slot(|| None::<Failure>);

    // The list follows the switch and a sync that brought a new version.
    {
        let (docs, failure) = (docs.clone(), failure.clone());
        use_effect_on((p.audience, ctx.sync.last_synced_at), move |(aud, _)| {
            let aud = *aud;
            spawn_local(async move {
                match api::documents(aud).await {
                    Ok(d) => docs.set(Some(d)),
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }
    // Search as the nurse types; an answer to an older query never replaces a newer one.
    {
        let (hits, failure, current) = (hits.clone(), failure.clone(), query.clone());
        use_effect_on(((*query).clone(), p.audience), move |(q, aud)| {
            let (q, aud) = (q.clone(), *aud);
            if q.trim().is_empty() {
                hits.set(None);
            } else {
                spawn_local(async move {
                    match api::search(&q, aud).await {
                        Ok(h) if *current == q => hits.set(Some((q, h))),
                        Ok(_) => {}
                        Err(f) => failure.set(Some(f)),
                    }
                });
            }
        });
    }

    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let open = {
        let navigate = p.navigate.clone();
        Callback::from(move |id: String| navigate.emit(Place::Document(id)))
    };
    let switch = |aud: Audience, label: S| {
        let on = p.on_audience.clone();
        let pressed = p.audience == aud;
        html! {
            <button type="button" class={if pressed { "opt on" } else { "opt" }}
                    data-value={aud.key()} aria-pressed={pressed.to_string()}
                    onclick={move |_| on.emit(aud)}>{ ctx.t(label) }</button>
        }
    };
    let contacts_button = {
        let navigate = p.navigate.clone();
        html! {
            <button id="open-contacts" class="icon-button" aria-label={ctx.t(S::Contacts)}
                    onclick={move |_| navigate.emit(Place::Contacts)}>{ svg(Icon::Contacts) }</button>
        }
    };

    html! {
        <main class="screen" id="guides">
            { top_bar(&ctx, ctx.t(S::Guides).into(), Some(p.back.clone()), contacts_button) }
            <ContentBanner />
            <div class="choice audience" data-choice="audience" role="group">
                { switch(Audience::Adult, S::Adult) }
                { switch(Audience::Child, S::Child) }
            </div>
            <input id="guide-search" class="search" type="search" inputmode="search"
                   autocomplete="off" placeholder={ctx.t(S::SearchHint)}
                   aria-label={ctx.t(S::Search)} value={(*query).clone()} {oninput} />
            { alert("error", failure.as_ref().map(|f| f.message.clone())) }
            { match ((*hits).clone(), (*docs).clone()) {
                (Some((q, h)), _) => search_results(&ctx, &q, h, &open),
                (None, None) => html! { <p class="muted">{ ctx.t(S::Loading) }</p> },
                (None, Some(d)) if d.is_empty() => html! { <p class="muted" id="no-content">{ ctx.t(S::NoContent) }</p> },
                (None, Some(d)) => document_list(&ctx, d, &open),
            } }
        </main>
    }
}

/// A snippet with the matched words in `<mark>`.
fn snippet(text: &str) -> Html {
    let mut parts = Vec::new();
    for (i, piece) in text.split(MARK_START).enumerate() {
        match piece.split_once(MARK_END) {
            Some((hit, rest)) if i > 0 => {
                parts.push(html! { <mark>{ hit.to_owned() }</mark> });
                parts.push(html! { { rest.to_owned() } });
            }
            _ => parts.push(html! { { piece.to_owned() } }),
        }
    }
    html! { <>{ for parts }</> }
}

fn search_results(
    ctx: &crate::app::Ctx,
    query: &str,
    hits: Vec<SearchHit>,
    open: &Callback<String>,
) -> Html {
    if hits.is_empty() {
        return html! { <p class="muted" id="no-hits" data-query={query.to_owned()}>{ ctx.t(S::NoHits) }</p> };
    }
    html! {
        <ul class="doc-list" id="search-hits" data-query={query.to_owned()}>
            { for hits.into_iter().map(|h| {
                let open = open.clone();
                let id = h.id.clone();
                html! {
                    <li>
                        <button class="doc-row" data-doc={h.id.clone()}
                                onclick={move |_| open.emit(id.clone())}>
                            <strong>{ h.title }</strong>
                            <span class="muted snippet">{ snippet(&h.snippet) }</span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

fn document_list(
    ctx: &crate::app::Ctx,
    docs: Vec<DocumentSummary>,
    open: &Callback<String>,
) -> Html {
    let row = |d: DocumentSummary| {
        let open = open.clone();
        let id = d.id.clone();
        let chapter = d.chapter.clone().unwrap_or_default();
        html! {
            <li>
                <button class={if d.kind == DocKind::Quickref { "doc-row card" } else { "doc-row" }}
                        data-doc={d.id.clone()} onclick={move |_| open.emit(id.clone())}>
                    if !chapter.is_empty() { <span class="chapter">{ chapter }</span> }
                    <strong>{ d.title }</strong>
                </button>
            </li>
        }
    };
    let (guidelines, quickrefs): (Vec<_>, Vec<_>) =
        docs.into_iter().partition(|d| d.kind == DocKind::Guideline);
    html! {
        <>
            <section>
                <h2>{ ctx.t(S::QuickRefs) }</h2>
                <ul class="doc-list quickrefs">{ for quickrefs.into_iter().map(row) }</ul>
            </section>
            <section>
                <h2>{ ctx.t(S::Guidelines) }</h2>
                <ul class="doc-list" id="guideline-list">{ for guidelines.into_iter().map(row) }</ul>
            </section>
        </>
    }
}
