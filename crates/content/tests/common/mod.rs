//! What the content tests share: a good content directory to change one file of, and the
//! check that a problem stands at its file and line.
#![allow(clippy::unwrap_used, dead_code)]

use samverka_content::{Problem, load_dir};
use samverka_model::content::ContentBundle;
use std::path::Path;

pub const GUIDE: &str = "+++
id = \"hjartstopp-vuxen\"
title = \"Hjärtstopp\"
kind = \"guideline\"
audience = \"adult\"
chapter = \"5\"
version = \"2025.1\"
valid_from = 2025-04-01
owner = \"Ambulanssjukvården (exempel)\"
sample = true
+++
## Bedömning

Kontrollera andning.

## Åtgärder

Starta HLR. Se [lathunden](doc:lathund-ivpa).

## Överlämning

SBAR till ambulansen.
";

pub const QUICKREF: &str = "+++
id = \"lathund-ivpa\"
title = \"IVPA\"
kind = \"quickref\"
audience = \"all\"
version = \"2025.1\"
valid_from = 2025-04-01
owner = \"Samverkande sjukvård\"
sample = true
+++
1. Ta larmet.
2. Se [hjärtstopp](doc:hjartstopp-vuxen).
";

pub const UNITS: &str = "sample = true

[[municipality]]
id = \"orust\"
name = \"Orust\"
ivpa = \"full\"
lat = 58.23
lon = 11.67

[[unit]]
id = \"orust-hsv\"
name = \"Orust hemsjukvård\"
kind = \"municipal\"
municipality = \"orust\"
";

pub const CONTACTS: &str = "sample = true

[[contact]]
id = \"sos\"
name = \"SOS Alarm\"
role = \"Nödnummer\"
phone = \"112\"
hours = \"Dygnet runt\"

[[contact]]
id = \"orust-jour\"
name = \"Joursjuksköterska Orust\"
role = \"Kommunal jour\"
phone = \"031-390 06 20\"
hours = \"Kvällar och nätter\"
unit = \"orust-hsv\"
municipality = \"orust\"
";

pub const SYNONYMS: &str = "# Ord som betyder samma sak\nhjärtstopp, hlr, hjärt-lungräddning\n";

pub const FORM: &str = "sample = true
version = \"2025\"
valid_from = 2025-01-01

[[requester]]
code = \"dispatch\"
label = \"SOS Alarm\"
job_types = [\"ivpa\", \"assistance\"]

[[requester]]
code = \"nurse_line\"
label = \"1177\"
job_types = [\"nurse_line\"]

[[requester]]
code = \"ambulance\"
label = \"Ambulans\"
job_types = [\"assistance\", \"mava_direct\"]

[[problem]]
code = \"chest_pain\"
label = \"Bröstsmärta\"

[[problem]]
code = \"fall\"
label = \"Fall\"

[[action]]
code = \"assessment\"
label = \"Bedömning\"
";

/// The files of a good content directory without the coaches' corner: a guideline, a quick
/// reference, units, contacts, synonyms and the form's lists.
const BASE: [(&str, &str); 6] = [
    ("form/2025.toml", FORM),
    ("guidelines/hjartstopp-vuxen.md", GUIDE),
    ("quickrefs/lathund-ivpa.md", QUICKREF),
    ("units.toml", UNITS),
    ("contacts.toml", CONTACTS),
    ("synonyms.txt", SYNONYMS),
];

/// A good content directory of the base files and `extra` ones (path, text), with `changes`
/// applied (path, new text; an empty text removes the file).
pub fn fixture_with(extra: &[(&str, &str)], changes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(&str, &str)> = BASE.iter().chain(extra).copied().collect();
    for &(path, text) in changes {
        files.retain(|&(p, _)| p != path);
        if !text.is_empty() {
            files.push((path, text));
        }
    }
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// The problems of [`fixture_with`]`(extra, changes)`; panics if the content loads.
pub fn problems_with(extra: &[(&str, &str)], changes: &[(&str, &str)]) -> Vec<Problem> {
    let dir = fixture_with(extra, changes);
    match load_dir(dir.path()) {
        Ok(_) => panic!("bad content was accepted: {changes:?}"),
        Err(p) => p.0,
    }
}

/// Asserts one problem at `file:line` whose message contains `words`.
pub fn assert_problem(found: &[Problem], file: &str, line: usize, words: &str) {
    assert!(
        found
            .iter()
            .any(|p| p.file == Path::new(file) && p.line == line && p.message.contains(words)),
        "expected {file}:{line} … {words:?}; got:\n{}",
        found
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The repository's shipped `content/`, which must load without problems.
pub fn shipped_content() -> ContentBundle {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    load_dir(&dir).unwrap_or_else(|p| panic!("content/ has problems:\n{p}"))
}
