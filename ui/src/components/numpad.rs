//! A number pad for vital signs: large keys, no keyboard popping up over the fields. What a key
//! does to a value is the model's (`samverka_model::pad`).

use crate::app::use_ctx;
use crate::components::icon::{Icon, svg};
use crate::strings::S;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct NumpadProps {
    /// Called with the key pressed: a digit, `,` or `⌫`.
    pub on_key: Callback<char>,
}

/// The pad.
#[function_component(Numpad)]
pub fn numpad(p: &NumpadProps) -> Html {
    let ctx = use_ctx();
    let keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ',', '0', '⌫'];
    html! {
        <div class="numpad" role="group">
            { for keys.iter().map(|&k| {
                let on_key = p.on_key.clone();
                // The erase key is drawn, not a glyph a font may lack; its name is spoken.
                let (face, label) = match k {
                    '⌫' => (svg(Icon::Backspace), Some(ctx.t(S::EraseDigit))),
                    _ => (html! { { k } }, None),
                };
                html! {
                    <button type="button" class="key" data-key={k.to_string()} aria-label={label}
                            onclick={move |_| on_key.emit(k)}>{ face }</button>
                }
            }) }
        </div>
    }
}
