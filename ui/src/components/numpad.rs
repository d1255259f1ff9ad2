//! A number pad for vital signs: large keys, no keyboard popping up over the fields.

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

/// Applies a key to what was typed so far: digits append, one decimal comma, backspace removes.
pub fn press(current: &str, key: char) -> String {
    let mut s = current.to_owned();
    match key {
        '⌫' => {
            s.pop();
        }
        ',' if !s.contains(',') => s.push(','),
        d if d.is_ascii_digit() && s.len() < 6 => s.push(d),
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_build_a_number_with_at_most_one_comma() {
        let mut s = String::new();
        for k in ['3', '7', ',', ',', '5'] {
            s = press(&s, k);
        }
        assert_eq!(s, "37,5");
        assert_eq!(press(&s, '⌫'), "37,");
        assert_eq!(press("", '⌫'), "");
        assert_eq!(press("123456", '7'), "123456");
    }
}
