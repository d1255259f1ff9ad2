//! The stored code of a unit enum: the string serde writes for it (`very_good`), and back.
//! Databases, CSV files and URLs keep codes, never Rust names or labels.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// `Benefit::VeryGood` → `"very_good"`; empty for a value that is not a unit enum.
pub fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `"very_good"` → `Benefit::VeryGood`; `None` for a code the type does not have.
pub fn from_code<T: DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Benefit;

    #[test]
    fn codes_go_both_ways() {
        assert_eq!(code(&Benefit::VeryGood), "very_good");
        assert_eq!(from_code::<Benefit>("very_good"), Some(Benefit::VeryGood));
        assert_eq!(from_code::<Benefit>("VeryGood"), None);
    }
}
