//! A row of large buttons for a small set of choices (sex, yes/no, benefit): one tap, no
//! dropdown to aim at with gloves on.

use samverka_model::keyed::Keyed;
use yew::prelude::*;

/// One option.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt {
    /// The machine value (`female`, `yes`).
    pub value: String,
    /// What the nurse reads.
    pub label: String,
}

/// What a choice shows and does.
pub struct ChoiceProps {
    /// The field's key, for tests (`data-choice`).
    pub name: AttrValue,
    /// The options.
    pub options: Vec<Opt>,
    /// The selected value.
    pub selected: Option<String>,
    /// Called with the tapped option's value; tapping the selected one again clears it.
    pub on_pick: Callback<Option<String>>,
    /// Whether the choice is locked.
    pub disabled: bool,
}

/// The buttons, always inside a [`Field`](crate::components::field::Field), which names them
/// as its group. A function, not a component: it holds no state, and each component costs the
/// UI's wasm its own copy of Yew's lifecycle.
#[inline(never)]
pub fn choice(p: ChoiceProps) -> Html {
    html! {
        <div class="choice" data-choice={p.name}>
            { for p.options.into_iter().map(|o| {
                let on = p.selected.as_deref() == Some(o.value.as_str());
                let pick = p.on_pick.clone();
                let value = o.value.clone();
                let onclick = move |_| pick.emit(if on { None } else { Some(value.clone()) });
                html! {
                    <button type="button" class={if on { "opt on" } else { "opt" }}
                            aria-pressed={on.to_string()} data-value={o.value}
                            disabled={p.disabled} {onclick}>{ o.label }</button>
                }
            }) }
        </div>
    }
}

/// Options from values, their keys and labels.
pub fn opts<T: Keyed>(values: &[T], label: impl Fn(T) -> &'static str) -> Vec<Opt> {
    values
        .iter()
        .map(|v| Opt {
            value: key(v),
            label: label(*v).to_owned(),
        })
        .collect()
}

/// The key of a unit enum value (`Benefit::VeryGood` → `very_good`), and the value of a key:
/// the model's stored codes, under the names the pages use.
pub use samverka_model::codes::{code as key, from_code as parse};

/// Ja / Nej, as `yes` / `no`.
pub fn yes_no(lang: samverka_model::settings::Language) -> Vec<Opt> {
    use crate::strings::{S, tr};
    vec![
        Opt {
            value: "yes".into(),
            label: tr(lang, S::Yes).into(),
        },
        Opt {
            value: "no".into(),
            label: tr(lang, S::No).into(),
        },
    ]
}

/// The `yes` / `no` key of an answered yes/no question.
pub fn yes_no_key(b: Option<bool>) -> Option<String> {
    b.map(|b| if b { "yes" } else { "no" }.to_owned())
}
