//! The bar at the top of every screen: back, title, sync state. A function, not a component:
//! it holds no state, and every component costs the UI's wasm its own copy of Yew's lifecycle.

use crate::app::Ctx;
use crate::components::icon::{Icon, svg};
use crate::components::sync_badge::sync_badge;
use crate::strings::S;
use yew::prelude::*;

/// The top bar: the screen's `title`, a back button when there is somewhere to go back to,
/// the sync badge, and `extra` buttons on the right.
#[inline(never)]
pub fn top_bar(ctx: &Ctx, title: AttrValue, on_back: Option<Callback<()>>, extra: Html) -> Html {
    html! {
        <header class="top-bar">
            if let Some(back) = on_back {
                <button id="back" class="icon-button" aria-label={ctx.t(S::Back)}
                        onclick={move |_| back.emit(())}>{ svg(Icon::Back) }</button>
            }
            <h1>{ title }</h1>
            { sync_badge(ctx) }
            { extra }
        </header>
    }
}
