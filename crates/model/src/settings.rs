//! The nurse's own preferences on this phone: language, theme and what kind of nurse she is.
//! Kept on the device only; they never sync.

use crate::job::PerformerKind;
use serde::{Deserialize, Serialize};

/// The UI language. Swedish is the working language; English is there for staff who need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Language {
    /// Svenska.
    #[default]
    Sv,
    /// English.
    En,
}
crate::keyed!(Language { Sv = "sv", En = "en" });

/// The colour theme. Night shifts want dark; sunlight wants light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Theme {
    /// Follow the phone's setting.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}
crate::keyed!(Theme {
    System = "system",
    Light = "light",
    Dark = "dark",
});

/// Preferences stored on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// UI language.
    #[serde(default)]
    pub language: Language,
    /// Colour theme.
    #[serde(default)]
    pub theme: Theme,
    /// Whether new jobs are performed by a municipal nurse or the ambulance service.
    #[serde(default = "default_performer")]
    pub performer: PerformerKind,
}

fn default_performer() -> PerformerKind {
    PerformerKind::Municipal
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::default(),
            theme: Theme::default(),
            performer: default_performer(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_by_an_older_app_still_load_with_defaults() {
        let s: Settings = serde_json::from_str(r#"{"theme":"dark"}"#).expect("parse");
        assert_eq!(s.theme, Theme::Dark);
        assert_eq!(s.language, Language::Sv);
        assert_eq!(s.performer, PerformerKind::Municipal);
    }
}
