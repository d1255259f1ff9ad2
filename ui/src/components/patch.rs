//! Building a one-field [`Patch`] from a field name and a value, as every form field saves on
//! its own (one tap, one entry).

use samverka_model::doc::{DocFields, Patch};
use wasm_bindgen::JsValue;

/// A patch setting `field` to `value`, or emptying it when `value` is `None` or blank text.
pub fn one<T: DocFields>(field: &str, value: Option<JsValue>) -> Option<Patch<T>> {
    let value = value.filter(|v| v.as_string().is_none_or(|s| !s.trim().is_empty()));
    match value {
        None => Some(Patch {
            set: T::default(),
            clear: vec![field.to_owned()],
        }),
        Some(v) => {
            let map = js_sys::Object::new();
            js_sys::Reflect::set(&map, &JsValue::from_str(field), &v).ok()?;
            serde_wasm_bindgen::from_value::<T>(map.into())
                .ok()
                .map(Patch::set)
        }
    }
}

/// A text field's patch: trimmed, empty clears.
pub fn text<T: DocFields>(field: &str, text: &str) -> Option<Patch<T>> {
    one(field, Some(JsValue::from_str(text.trim())))
}

/// A whole number as a field's value.
pub fn number(n: u16) -> JsValue {
    JsValue::from_f64(f64::from(n))
}
