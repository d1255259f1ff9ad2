//! One guideline chapter or quick reference, as the region wrote it, with its version, validity
//! and owner. Links to other documents open here; nothing navigates the webview away.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::field::alert;
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::S;
use samverka_model::app::Failure;
use samverka_model::content::DocumentPage;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct DocumentProps {
    /// The document's id.
    pub id: AttrValue,
    /// Go somewhere.
    pub navigate: Callback<Place>,
    /// Back.
    pub back: Callback<()>,
}

/// The `href` of the link a click landed in, if any.
fn clicked_href(e: &MouseEvent) -> Option<String> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("a").ok()??.get_attribute("href")
}

/// A document.
#[function_component(Document)]
pub fn document(p: &DocumentProps) -> Html {
    let ctx = use_ctx();
    let page = use_slot(|| None::<DocumentPage>);
    let failure = use_slot(|| None::<Failure>);
    {
        let (page, failure) = (page.clone(), failure.clone());
        use_effect_on(p.id.clone(), move |id| {
            let id = id.to_string();
            page.set(None);
            spawn_local(async move {
                match api::document(&id).await {
                    Ok(d) => page.set(Some(d)),
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }
    let onclick = {
        let navigate = p.navigate.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(href) = clicked_href(&e) else { return };
            if let Some(id) = href.strip_prefix("#doc:") {
                // A link to another document opens it in the app.
                e.prevent_default();
                navigate.emit(Place::Document(id.to_owned()));
            } else if !href.starts_with("tel:") {
                // tel: goes to the dialler; anything else would take the webview off the app.
                e.prevent_default();
            }
        })
    };
    let title = (*page)
        .as_ref()
        .map(|d| d.title.clone())
        .unwrap_or_default();
    html! {
        <main class="screen" id="document" data-doc={p.id.clone()}>
            { top_bar(&ctx, title.into(), Some(p.back.clone()), Html::default()) }
            { alert("error", failure.as_ref().map(|f| f.message.clone())) }
            { match (*page).clone() {
                None => html! { <p class="muted">{ ctx.t(S::Loading) }</p> },
                Some(d) => html! {
                    <article>
                        if d.sample {
                            <p class="sample-banner" id="sample-banner" role="note">{ ctx.t(S::SampleContent) }</p>
                        }
                        <p class="doc-meta" id="doc-meta">
                            { format!("{} {} · {} {} · {}: {}",
                                ctx.t(S::ContentVersion), d.version,
                                ctx.t(S::ValidFrom), d.valid_from,
                                ctx.t(S::Owner), d.owner) }
                        </p>
                        <div class="doc-body" {onclick}>
                            { Html::from_html_unchecked(AttrValue::from(d.html)) }
                        </div>
                    </article>
                },
            } }
        </main>
    }
}
