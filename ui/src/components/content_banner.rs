//! What every content screen shows first: the example-content banner, the version the phone
//! holds, and a notice when a new version arrived.

use crate::api;
use crate::app::use_ctx;
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::S;
use samverka_model::content::ContentStatus;
use samverka_model::timestamp::Zone;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The banner, version line and notice.
#[function_component(ContentBanner)]
pub fn content_banner() -> Html {
    let ctx = use_ctx();
    let status = use_slot(|| None::<ContentStatus>);
    {
        let status = status.clone();
        use_effect_on(ctx.sync.last_synced_at, move |_| {
            spawn_local(async move {
                if let Ok(s) = api::content_status().await {
                    status.set(Some(s));
                }
            });
        });
    }
    let Some(s) = (*status).clone() else {
        return html! {};
    };
    let Some(version) = s.version else {
        return html! {};
    };
    let seen = {
        let status = status.clone();
        Callback::from(move |_| {
            let status = status.clone();
            spawn_local(async move {
                if let Ok(s) = api::content_seen().await {
                    status.set(Some(s));
                }
            });
        })
    };
    let published = s
        .published_at
        .map(|t| t.date(Zone::Sweden))
        .unwrap_or_default();
    html! {
        <>
            if s.unseen {
                <div class="card new-content" id="new-content" role="status">
                    <p>{ ctx.t(S::NewContent) }{ format!(" ({} {version})", ctx.t(S::ContentVersion)) }</p>
                    <button class="secondary" id="content-seen" onclick={seen}>{ ctx.t(S::Seen) }</button>
                </div>
            }
            if s.sample {
                <p class="sample-banner" id="sample-banner" role="note">{ ctx.t(S::SampleContent) }</p>
            }
            <p class="content-version" id="content-version" data-version={version.to_string()}>
                { format!("{} {version} · {} {published}", ctx.t(S::ContentVersion), ctx.t(S::Published)) }
            </p>
        </>
    }
}
