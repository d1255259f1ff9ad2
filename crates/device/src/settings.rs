//! The nurse's preferences on this phone, stored next to (not in) the entry log.

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{OptionalExtension, params};
use samverka_model::settings::Settings;

impl Store {
    /// The saved preferences, or the defaults if none were saved.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let json: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE singleton = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        match json {
            Some(j) => serde_json::from_str(&j).map_err(|e| StoreError::corrupt("settings", e)),
            None => Ok(Settings::default()),
        }
    }

    /// Saves the preferences, replacing what was there.
    pub fn set_settings(&mut self, settings: &Settings) -> Result<(), StoreError> {
        let json =
            serde_json::to_string(settings).map_err(|e| StoreError::corrupt("settings", e))?;
        self.conn().execute(
            "INSERT INTO settings (singleton, value) VALUES (1, ?1)
             ON CONFLICT (singleton) DO UPDATE SET value = excluded.value",
            params![json],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::settings::{Language, Theme};

    #[test]
    fn settings_default_then_round_trip_through_a_reopened_file() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::corrupt("tempdir", e))?;
        let path = dir.path().join("s.db");
        let key = crate::DatabaseKey::generate();
        {
            let mut s = Store::open(&path, &key)?;
            assert_eq!(s.settings()?, Settings::default());
            let wanted = Settings {
                theme: Theme::Dark,
                language: Language::En,
                ..Settings::default()
            };
            s.set_settings(&wanted)?;
        }
        let s = Store::open(&path, &key)?;
        assert_eq!(s.settings()?.theme, Theme::Dark);
        assert_eq!(s.settings()?.language, Language::En);
        Ok(())
    }
}
