//! `contacts.toml` and `units.toml`: arrays of tables, each row checked for its keys.

use crate::error::Report;
use crate::markdown::line_of;
use samverka_model::content::{IvpaService, UnitKind};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::Path;
use toml::Spanned;

/// `contacts.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContactsFile {
    pub sample: bool,
    #[serde(default)]
    pub contact: Vec<ContactRow>,
}

/// One `[[contact]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContactRow {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub role: String,
    pub phone: Spanned<String>,
    pub hours: String,
    pub unit: Option<Spanned<String>>,
    pub municipality: Option<Spanned<String>>,
}

/// `units.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnitsFile {
    pub sample: bool,
    #[serde(default)]
    pub municipality: Vec<MunicipalityRow>,
    #[serde(default)]
    pub unit: Vec<UnitRow>,
}

/// One `[[municipality]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MunicipalityRow {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub ivpa: IvpaService,
    pub lat: Spanned<f64>,
    pub lon: Spanned<f64>,
}

/// One `[[unit]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnitRow {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub kind: UnitKind,
    pub municipality: Spanned<String>,
}

/// Parses a TOML file, reporting a syntax or shape error at its line.
pub(crate) fn parse<T: DeserializeOwned>(rel: &Path, text: &str, report: &mut Report) -> Option<T> {
    match toml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            report.add(rel, line, e.message().trim().to_owned());
            None
        }
    }
}
