//! Building a one-field [`Patch`] from a field name and a value, as every form field saves on
//! its own (one tap, one entry).

use samverka_model::doc::{DocFields, Patch};

/// A patch setting `field` to `value`, or emptying it when `value` is `None` or blank text.
pub fn one<T: DocFields>(field: &str, value: Option<serde_json::Value>) -> Option<Patch<T>> {
    let value = value.filter(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()));
    match value {
        None => Some(Patch {
            set: T::default(),
            clear: vec![field.to_owned()],
        }),
        Some(v) => {
            let mut map = serde_json::Map::new();
            map.insert(field.to_owned(), v);
            serde_json::from_value(serde_json::Value::Object(map))
                .ok()
                .map(Patch::set)
        }
    }
}

/// A text field's patch: trimmed, empty clears.
pub fn text<T: DocFields>(field: &str, text: &str) -> Option<Patch<T>> {
    one(
        field,
        Some(serde_json::Value::String(text.trim().to_owned())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::record::RecordText;

    #[test]
    fn one_field_is_set_or_cleared() {
        let p: Patch<RecordText> = text("chief_complaint", " bröstsmärta ").expect("patch");
        assert_eq!(p.set.chief_complaint.as_deref(), Some("bröstsmärta"));
        assert!(p.clear.is_empty());
        let p: Patch<RecordText> = text("notes", "  ").expect("patch");
        assert_eq!(p.clear, vec!["notes".to_owned()]);
        let p: Option<Patch<RecordText>> = one("patient_age", Some(serde_json::json!("many")));
        assert!(p.is_none(), "a value of the wrong type is not a patch");
    }
}
