//! A text field that saves when the nurse leaves it and keeps what she typed whatever the
//! answer: a refused value stays on screen, next to its error, to be corrected rather than
//! typed again.

use crate::components::field::event_value;
use crate::hooks::{use_effect_on, use_slot};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct SavedInputProps {
    /// The element id.
    pub id: AttrValue,
    /// The value as stored.
    pub saved: String,
    /// Called with the text when the nurse leaves the field.
    pub on_commit: Callback<String>,
    /// Rows > 1 makes a textarea.
    #[prop_or(1)]
    pub rows: u32,
    /// `numeric`, `decimal`, `text`…
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Locked (a submitted form).
    #[prop_or_default]
    pub disabled: bool,
    /// The id of its field's error while there is one (`field::described_by`): the input then
    /// says it is invalid and names the error, so screen readers read both.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
}

/// The field.
#[function_component(SavedInput)]
pub fn saved_input(p: &SavedInputProps) -> Html {
    let draft = use_slot(|| p.saved.clone());
    {
        // A new stored value (saved here, or synced from a colleague) replaces the draft.
        let draft = draft.clone();
        use_effect_on(p.saved.clone(), move |s| draft.set(s.clone()));
    }
    let oninput = {
        let draft = draft.clone();
        move |e: InputEvent| draft.set(event_value(&e))
    };
    let onchange = {
        let commit = p.on_commit.clone();
        move |e: Event| commit.emit(event_value(&e))
    };
    let value = (*draft).clone();
    let error_id = p.error_id.clone();
    let invalid = error_id.as_ref().map(|_| AttrValue::from("true"));
    if p.rows > 1 {
        html! {
            <textarea id={p.id.clone()} rows={p.rows.to_string()} disabled={p.disabled} {value} {oninput} {onchange}
                      aria-invalid={invalid} aria-describedby={error_id} />
        }
    } else {
        html! {
            <input id={p.id.clone()} inputmode={p.inputmode.clone()} disabled={p.disabled} autocomplete="off"
                   {value} {oninput} {onchange} aria-invalid={invalid} aria-describedby={error_id} />
        }
    }
}
