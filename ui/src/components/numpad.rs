//! A number pad for vital signs: large keys, no keyboard popping up over the fields. What a key
//! does to a value is the model's (`samverka_model::pad`).

use crate::components::icon::{Icon, svg};
use crate::strings::{S, tr};
use samverka_model::settings::Language;
use yew::prelude::*;

/// The pad; `on_key` is called with the key pressed: a digit, `,` or `⌫`. A function, not a
/// component: it holds no state.
pub fn numpad(lang: Language, on_key: &Callback<char>) -> Html {
    let keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ',', '0', '⌫'];
    html! {
        <div class="numpad" role="group">
            { for keys.iter().map(|&k| {
                let on_key = on_key.clone();
                // The erase key is drawn, not a glyph a font may lack; its name is spoken.
                let (face, label) = match k {
                    '⌫' => (svg(Icon::Backspace), Some(tr(lang, S::EraseDigit))),
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
