//! The bar at the top of every screen: back, title, sync state.

use crate::components::icon::{Icon, svg};
use crate::components::sync_badge::SyncBadge;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// The screen's title.
    pub title: AttrValue,
    /// Back, if the screen has somewhere to go back to.
    #[prop_or_default]
    pub on_back: Option<Callback<()>>,
    /// The back button's label.
    #[prop_or_default]
    pub back_label: AttrValue,
    /// Extra buttons on the right.
    #[prop_or_default]
    pub children: Children,
}

/// The top bar.
#[function_component(TopBar)]
pub fn top_bar(p: &TopBarProps) -> Html {
    html! {
        <header class="top-bar">
            if let Some(back) = p.on_back.clone() {
                <button id="back" class="icon-button" aria-label={p.back_label.clone()}
                        onclick={move |_| back.emit(())}>{ svg(Icon::Back) }</button>
            }
            <h1>{ p.title.clone() }</h1>
            <SyncBadge />
            { p.children.clone() }
        </header>
    }
}
