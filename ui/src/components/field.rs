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

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::{ErrorCode, FieldError};

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
