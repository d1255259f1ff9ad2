//! The stored code of a unit enum (`very_good`), and back: its [`Keyed`] key. Databases, CSV
//! files and URLs keep codes, never Rust names or labels.

use crate::keyed::Keyed;

/// `Benefit::VeryGood` → `"very_good"`.
pub fn code<T: Keyed>(v: &T) -> String {
    v.key().to_owned()
}

/// `"very_good"` → `Benefit::VeryGood`; `None` for a code the type does not have.
pub fn from_code<T: Keyed>(code: &str) -> Option<T> {
    T::from_key(code)
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
