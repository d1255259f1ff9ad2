//! The region's content as files: read a content directory into one validated
//! [`ContentBundle`], or say everything that is wrong with it, each at a file and line.
//!
//! ```text
//! content/
//!   guidelines/<id>.md   treatment-guideline chapters (Markdown, TOML front matter)
//!   quickrefs/<id>.md    quick references (lathundar)
//!   contacts.toml        [[contact]] rows
//!   units.toml           [[municipality]] and [[unit]] rows
//!   synonyms.txt         search synonyms, one group per line (optional)
//!   quality/<id>.toml    question banks for the quality test (optional)
//!   scenarios/<id>.md    practice scenarios (Markdown, TOML front matter; optional)
//!   form/<version>.toml  the statistics form's lists: problems, actions, requesters
//! ```
//!
//! `content/README.md` describes the format for the people who write it. The same Markdown
//! parser renders the documents on the phone ([`markdown`]).

mod coach;
mod documents;
mod error;
mod form;
pub mod markdown;
mod synonyms;
mod tables;

pub use error::{Problem, Problems};

use documents::ReadDocument;
use error::Report;
use samverka_model::content::{Contact, ContentBundle, DocKind, GeoPoint, Municipality, UnitInfo};
use samverka_model::{MunicipalityId, UnitId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The folders documents live in, and the kind each holds.
const DOC_FOLDERS: [(&str, DocKind); 2] = [
    ("guidelines", DocKind::Guideline),
    ("quickrefs", DocKind::Quickref),
];

/// Reads and validates the content directory `dir`.
pub fn load_dir(dir: &Path) -> Result<ContentBundle, Problems> {
    let mut report = Report::default();
    let mut docs = Vec::new();
    for (folder, kind) in DOC_FOLDERS {
        for (rel, text) in files_in(dir, folder, &mut report) {
            if rel.extension().and_then(|e| e.to_str()) != Some("md") {
                report.add(
                    &rel,
                    1,
                    "only Markdown files (<id>.md) belong in this folder",
                );
                continue;
            }
            if let Some(d) = documents::read(&rel, &text, kind, &mut report) {
                docs.push(d);
            }
        }
    }
    if docs.is_empty() {
        report.add(
            "guidelines",
            1,
            "no documents: write guidelines/<id>.md or quickrefs/<id>.md",
        );
    }

    let units_rel = PathBuf::from("units.toml");
    let units_text = read_required(dir, &units_rel, &mut report);
    let units: Option<tables::UnitsFile> = units_text
        .as_deref()
        .and_then(|t| tables::parse(&units_rel, t, &mut report));
    let contacts_rel = PathBuf::from("contacts.toml");
    let contacts_text = read_required(dir, &contacts_rel, &mut report);
    let contacts: Option<tables::ContactsFile> = contacts_text
        .as_deref()
        .and_then(|t| tables::parse(&contacts_rel, t, &mut report));
    let synonyms_rel = PathBuf::from("synonyms.txt");
    let synonyms = match std::fs::read_to_string(dir.join(&synonyms_rel)) {
        Ok(t) => synonyms::read(&synonyms_rel, &t, &mut report),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            report.add(&synonyms_rel, 1, format!("cannot be read: {e}"));
            Vec::new()
        }
    };

    let mut banks = Vec::new();
    for (rel, text) in files_in(dir, "quality", &mut report) {
        if rel.extension().and_then(|e| e.to_str()) != Some("toml") {
            report.add(
                &rel,
                1,
                "only question banks (<id>.toml) belong in this folder",
            );
            continue;
        }
        banks.extend(coach::read_bank(&rel, &text, &mut report));
    }
    let mut scenarios = Vec::new();
    for (rel, text) in files_in(dir, "scenarios", &mut report) {
        if rel.extension().and_then(|e| e.to_str()) != Some("md") {
            report.add(&rel, 1, "only scenarios (<id>.md) belong in this folder");
            continue;
        }
        scenarios.extend(coach::read_scenario(&rel, &text, &mut report));
    }

    let mut form_lists = Vec::new();
    for (rel, text) in files_in(dir, "form", &mut report) {
        if rel.extension().and_then(|e| e.to_str()) != Some("toml") {
            report.add(
                &rel,
                1,
                "only the form's lists (<version>.toml) belong in this folder",
            );
            continue;
        }
        form_lists.extend(form::read(&rel, &text, &mut report));
    }
    if form_lists.is_empty() {
        report.add(
            "form",
            1,
            "no form lists: write form/<version>.toml with the statistics form's problems, actions and requesters",
        );
    }
    form::check(&form_lists, &mut report);

    check_links(&docs, &mut report);
    coach::check(&banks, &scenarios, &docs, &mut report);
    let (municipalities, units_out) = match (&units, &units_text) {
        (Some(u), Some(t)) => check_units(&units_rel, t, u, &mut report),
        _ => (Vec::new(), Vec::new()),
    };
    let contacts_out = match (&contacts, &contacts_text) {
        (Some(c), Some(t)) => check_contacts(
            &contacts_rel,
            t,
            c,
            &municipalities,
            &units_out,
            &mut report,
        ),
        _ => Vec::new(),
    };

    let sample = docs.iter().any(|d| d.doc.sample)
        || contacts.as_ref().is_some_and(|c| c.sample)
        || units.as_ref().is_some_and(|u| u.sample)
        || form_lists.iter().any(|l| l.sample);
    let form_lists =
        samverka_model::form::FormLists::new(form_lists.into_iter().map(|l| l.lists).collect());
    report.finish(ContentBundle {
        documents: docs.into_iter().map(|d| d.doc).collect(),
        contacts: contacts_out,
        municipalities,
        units: units_out,
        synonyms,
        sample,
        question_banks: banks.into_iter().map(|b| b.bank).collect(),
        scenarios: scenarios.into_iter().map(|s| s.scenario).collect(),
        form_lists: form_lists.versions,
    })
}

/// The files of `dir/folder`, by name, as (path relative to `dir`, text).
fn files_in(dir: &Path, folder: &str, report: &mut Report) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
        return Vec::new();
    };
    let mut names: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let rel = Path::new(folder).join(&name);
            match std::fs::read_to_string(dir.join(&rel)) {
                Ok(text) => Some((rel, text)),
                Err(e) => {
                    report.add(&rel, 1, format!("cannot be read as UTF-8 text: {e}"));
                    None
                }
            }
        })
        .collect()
}

fn read_required(dir: &Path, rel: &Path, report: &mut Report) -> Option<String> {
    match std::fs::read_to_string(dir.join(rel)) {
        Ok(t) => Some(t),
        Err(e) => {
            report.add(rel, 1, format!("cannot be read: {e}"));
            None
        }
    }
}

/// Unique ids, and every `doc:` link pointing at one of them.
fn check_links(docs: &[ReadDocument], report: &mut Report) {
    let mut ids: HashMap<&str, &ReadDocument> = HashMap::new();
    for d in docs {
        if let Some(first) = ids.get(d.doc.id.as_str()) {
            report.add(
                &d.file,
                d.id_line,
                format!(
                    "duplicate id {:?} (first in {}:{})",
                    d.doc.id,
                    first.file.display(),
                    first.id_line
                ),
            );
        } else {
            ids.insert(&d.doc.id, d);
        }
    }
    for d in docs {
        for (dest, line) in &d.links {
            if let Some(target) = dest.strip_prefix(markdown::DOC_SCHEME) {
                if !ids.contains_key(target) {
                    report.add(
                        &d.file,
                        *line,
                        format!("broken link: no document has the id {target:?}"),
                    );
                }
            } else if !is_external(dest) {
                report.add(
                    &d.file,
                    *line,
                    format!("link {dest:?}: write doc:<id> for another document, or a full https:// or tel: address"),
                );
            }
        }
    }
}

pub(crate) fn is_external(dest: &str) -> bool {
    ["https://", "http://", "tel:", "mailto:", "#"]
        .iter()
        .any(|p| dest.starts_with(p))
}

fn check_units(
    rel: &Path,
    text: &str,
    file: &tables::UnitsFile,
    report: &mut Report,
) -> (Vec<Municipality>, Vec<UnitInfo>) {
    let line = |span: std::ops::Range<usize>| markdown::line_of(text, span.start);
    let mut municipalities: Vec<Municipality> = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for m in &file.municipality {
        let id = m.id.get_ref();
        check_id(
            rel,
            line(m.id.span()),
            "municipality",
            id,
            &mut first_line,
            report,
        );
        check_name(rel, line(m.name.span()), m.name.get_ref(), report);
        let (lat, lon) = (*m.lat.get_ref(), *m.lon.get_ref());
        if !(-90.0..=90.0).contains(&lat) {
            report.add(
                rel,
                line(m.lat.span()),
                format!("lat {lat} is outside −90…90"),
            );
        }
        if !(-180.0..=180.0).contains(&lon) {
            report.add(
                rel,
                line(m.lon.span()),
                format!("lon {lon} is outside −180…180"),
            );
        }
        municipalities.push(Municipality {
            id: MunicipalityId::new(id.clone()),
            name: m.name.get_ref().clone(),
            ivpa: m.ivpa,
            reference: GeoPoint { lat, lon },
        });
    }
    let mut units = Vec::new();
    let mut unit_lines: HashMap<String, usize> = HashMap::new();
    for u in &file.unit {
        let id = u.id.get_ref();
        check_id(rel, line(u.id.span()), "unit", id, &mut unit_lines, report);
        check_name(rel, line(u.name.span()), u.name.get_ref(), report);
        let muni = u.municipality.get_ref();
        if !first_line.contains_key(muni) {
            report.add(
                rel,
                line(u.municipality.span()),
                format!("unknown municipality {muni:?}"),
            );
        }
        units.push(UnitInfo {
            id: UnitId::new(id.clone()),
            name: u.name.get_ref().clone(),
            kind: u.kind,
            municipality: MunicipalityId::new(muni.clone()),
        });
    }
    (municipalities, units)
}

fn check_contacts(
    rel: &Path,
    text: &str,
    file: &tables::ContactsFile,
    municipalities: &[Municipality],
    units: &[UnitInfo],
    report: &mut Report,
) -> Vec<Contact> {
    let line = |span: std::ops::Range<usize>| markdown::line_of(text, span.start);
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for c in &file.contact {
        let id = c.id.get_ref();
        check_id(rel, line(c.id.span()), "contact", id, &mut seen, report);
        check_name(rel, line(c.name.span()), c.name.get_ref(), report);
        if !c.phone.get_ref().chars().any(|ch| ch.is_ascii_digit()) {
            report.add(rel, line(c.phone.span()), "phone has no digits to dial");
        }
        if let Some(u) = &c.unit
            && !units.iter().any(|x| x.id.as_str() == u.get_ref())
        {
            report.add(
                rel,
                line(u.span()),
                format!("unknown unit {:?} (not in units.toml)", u.get_ref()),
            );
        }
        if let Some(m) = &c.municipality
            && !municipalities.iter().any(|x| x.id.as_str() == m.get_ref())
        {
            report.add(
                rel,
                line(m.span()),
                format!("unknown municipality {:?} (not in units.toml)", m.get_ref()),
            );
        }
        out.push(Contact {
            id: id.clone(),
            name: c.name.get_ref().clone(),
            role: c.role.clone(),
            phone: c.phone.get_ref().clone(),
            hours: c.hours.clone(),
            unit: c.unit.as_ref().map(|u| UnitId::new(u.get_ref().clone())),
            municipality: c
                .municipality
                .as_ref()
                .map(|m| MunicipalityId::new(m.get_ref().clone())),
        });
    }
    out
}

/// A well-formed id, not seen before in its table.
fn check_id(
    rel: &Path,
    line: usize,
    what: &str,
    id: &str,
    seen: &mut HashMap<String, usize>,
    report: &mut Report,
) {
    if !documents::is_valid_id(id) {
        report.add(
            rel,
            line,
            format!("{what} id {id:?}: use lowercase a–z, 0–9 and '-' only"),
        );
    }
    if let Some(first) = seen.get(id) {
        report.add(
            rel,
            line,
            format!("duplicate {what} id {id:?} (first on line {first})"),
        );
    } else {
        seen.insert(id.to_owned(), line);
    }
}

fn check_name(rel: &Path, line: usize, name: &str, report: &mut Report) {
    if name.trim().is_empty() {
        report.add(rel, line, "name is empty");
    }
}
