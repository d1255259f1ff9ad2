//! A labelled field with its error underneath, in Swedish, next to what must be fixed.

use samverka_model::app::Failure;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The label.
    pub label: AttrValue,
    /// The model's field key (`vitals.spo2`), used as the error's id and for tests.
    pub name: AttrValue,
    /// The error to show, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The input(s).
    pub children: Children,
}

/// A field.
#[function_component(Field)]
pub fn field(p: &FieldProps) -> Html {
    let class = if p.error.is_some() {
        "field has-error"
    } else {
        "field"
    };
    html! {
        <div class={class} data-field={p.name.clone()}>
            <label>
                <span class="label">{ p.label.clone() }</span>
                { p.children.clone() }
            </label>
            if let Some(e) = p.error.clone() {
                <p class="field-error" role="alert" data-error-for={p.name.clone()}>{ e }</p>
            }
        </div>
    }
}

/// The message for `field` in `failure`, if the model named it.
pub fn error_for(failure: &Option<Failure>, field: &str) -> Option<AttrValue> {
    failure
        .as_ref()
        .and_then(|f| f.field(field))
        .map(|e| AttrValue::from(e.message.clone()))
}

/// A failure's message when no field shows it (storage, network, or a rule about the job).
pub fn general_error(failure: &Option<Failure>, shown: &[&str]) -> Option<String> {
    let f = failure.as_ref()?;
    if f.errors.is_empty() {
        return Some(f.message.clone());
    }
    let unshown: Vec<_> = f
        .errors
        .iter()
        .filter(|e| !shown.contains(&e.field.as_str()))
        .map(|e| e.message.clone())
        .collect();
    (!unshown.is_empty()).then(|| unshown.join(" "))
}

/// The value of the input or textarea or select an event came from.
pub fn event_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}
