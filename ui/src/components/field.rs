//! A labelled field with its error underneath, next to what must be fixed.
//!
//! A field is either one input, named by a `<label for>`, or a group of buttons (a choice, an
//! output and its button), named by `role="group"` and `aria-labelledby`. Never a `<label>`
//! around buttons: activating a label activates its first button, so a tap on a question's
//! words would answer it. A field in error ties the error to what is wrong: `aria-invalid`
//! and `aria-describedby` with the error's id, on the input ([`invalid`] and [`described_by`],
//! or a `SavedInput`'s `error_id`) or on the group.

use samverka_model::app::Failure;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The label.
    pub label: AttrValue,
    /// The model's field key (`vitals.spo2`): the error's id is made from it; tests find the
    /// field by it.
    pub name: AttrValue,
    /// The error to show, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The id of the one input the label names. Without it the children are a group.
    #[prop_or_default]
    pub input: Option<AttrValue>,
    /// The answer was filled in from the job, not by the nurse: said next to the label (and
    /// so in the field's name), and changeable like any other.
    #[prop_or_default]
    pub prefilled: bool,
    /// The input(s).
    pub children: Children,
}

/// The id of the error element of the field `name`.
pub fn error_id(name: &str) -> AttrValue {
    AttrValue::from(format!("error-{name}"))
}

/// `aria-invalid` for a plain input of `field`: `true` while `failure` names the field.
pub fn invalid(failure: &Option<Failure>, field: &str) -> Option<AttrValue> {
    failure
        .as_ref()
        .and_then(|f| f.field(field))
        .map(|_| AttrValue::from("true"))
}

/// `aria-describedby` for a plain input of `field`: its error's id while there is one.
pub fn described_by(failure: &Option<Failure>, field: &str) -> Option<AttrValue> {
    failure
        .as_ref()
        .and_then(|f| f.field(field))
        .map(|_| error_id(field))
}

/// A field.
#[function_component(Field)]
pub fn field(p: &FieldProps) -> Html {
    let ctx = crate::app::use_ctx();
    let from_job = p.prefilled.then(|| {
        html! { <span class="from-job">{ ctx.t(crate::strings::S::FromJob) }</span> }
    });
    let class = if p.error.is_some() {
        "field has-error"
    } else {
        "field"
    };
    let label_id = format!("label-{}", p.name);
    let error_ref = p.error.as_ref().map(|_| error_id(&p.name));
    // Always one node, present or not: an `Option` here would add or drop a child, and Yew
    // pairs unkeyed children from the end, so the input before it would be made anew and lose
    // what was typed.
    let error = html! {
        if let Some(e) = p.error.clone() {
            <p class="field-error" role="alert" id={error_id(&p.name)}
               data-error-for={p.name.clone()}>{ e }</p>
        }
    };
    match p.input.clone() {
        Some(input) => html! {
            <div class={class} data-field={p.name.clone()} data-prefilled={p.prefilled.then_some("true")}>
                <label class="label" id={label_id} for={input}>{ p.label.clone() }{ from_job }</label>
                { p.children.clone() }
                { error }
            </div>
        },
        None => html! {
            <div class={class} data-field={p.name.clone()} data-prefilled={p.prefilled.then_some("true")}
                 role="group" aria-labelledby={label_id.clone()}
                 aria-invalid={error_ref.as_ref().map(|_| "true")}
                 aria-describedby={error_ref}>
                <span class="label" id={label_id}>{ p.label.clone() }{ from_job }</span>
                { p.children.clone() }
                { error }
            </div>
        },
    }
}

/// A message said aloud where it appears (`role="alert"`): `class` `error` for a screen or
/// section, `field-error` beside what it is about. Nothing when there is no message, as one
/// node all the same, so the children after it keep their place. One copy of this markup in
/// the wasm instead of one per screen.
#[inline(never)]
pub fn alert(class: &'static str, text: Option<String>) -> Html {
    html! {
        if let Some(text) = text { <p {class} role="alert">{ text }</p> }
    }
}

/// The error of `field` in `failure`, tied to its input by id (see [`described_by`]), or
/// nothing (one node all the same).
#[inline(never)]
pub fn field_error(failure: &Option<Failure>, field: &'static str) -> Html {
    html! {
        if let Some(e) = error_for(failure, field) {
            <p class="field-error" role="alert" id={error_id(field)} data-error-for={field}>{ e }</p>
        }
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
/// `shown` are the full keys of the fields on screen.
pub fn general_error(failure: &Option<Failure>, shown: &[&str]) -> Option<String> {
    unshown_error(failure, |field| shown.contains(&field))
}

/// The same, for fields named `names` of the document `prefix` (`form` + `benefit` is
/// `form.benefit`), as the model's `DocFields` name them.
pub fn general_error_in(failure: &Option<Failure>, prefix: &str, names: &[&str]) -> Option<String> {
    unshown_error(failure, |field| {
        field
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|name| names.contains(&name))
    })
}

fn unshown_error(failure: &Option<Failure>, shown: impl Fn(&str) -> bool) -> Option<String> {
    let f = failure.as_ref()?;
    if f.errors.is_empty() {
        return Some(f.message.clone());
    }
    let unshown: Vec<_> = f
        .errors
        .iter()
        .filter(|e| !shown(&e.field))
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

/// A whole-number field's value as typed: blank empties it, a number 0–65 535 is its value,
/// anything else is not a number (`Err`, said next to the field by the page).
pub fn number_value(raw: &str) -> Result<Option<wasm_bindgen::JsValue>, ()> {
    match raw.trim() {
        "" => Ok(None),
        t => t
            .parse::<u16>()
            .map(|n| Some(wasm_bindgen::JsValue::from(n)))
            .map_err(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::{ErrorCode, FieldError};

    #[test]
    fn an_input_in_error_is_invalid_and_names_its_error_by_id() {
        let f = Some(Failure::invalid(vec![FieldError::new(
            "drug.dose",
            ErrorCode::Required,
            "Ange dos med enhet.",
        )]));
        assert_eq!(invalid(&f, "drug.dose").as_deref(), Some("true"));
        assert_eq!(
            described_by(&f, "drug.dose").as_deref(),
            Some("error-drug.dose")
        );
        // The error element's id is the same one.
        assert_eq!(error_id("drug.dose").as_str(), "error-drug.dose");
        // A field without an error says nothing at all (the attributes are left out).
        assert_eq!(invalid(&f, "drug.drug"), None);
        assert_eq!(described_by(&f, "drug.drug"), None);
        assert_eq!(invalid(&None, "drug.dose"), None);
    }

    #[test]
    fn errors_of_shown_fields_are_not_repeated_in_the_general_message() {
        let f = Some(Failure::invalid(vec![
            FieldError::new("form.benefit", ErrorCode::Required, "Välj nytta."),
            FieldError::new("job", ErrorCode::Unknown, "Uppdraget finns inte."),
        ]));
        let by_prefix = general_error_in(&f, "form", &["benefit"]);
        assert_eq!(by_prefix.as_deref(), Some("Uppdraget finns inte."));
        assert_eq!(general_error(&f, &["form.benefit"]), by_prefix);
        // A prefix must end at the dot: `for` does not claim `form.benefit`.
        assert_eq!(
            general_error_in(&f, "for", &["benefit"]).as_deref(),
            Some("Välj nytta. Uppdraget finns inte.")
        );
    }
}
