//! The statistics form's lists (`form/<version>.toml`): problems, actions and requesters with
//! the job types each asks for, one file per version, each in force from its `valid_from` day
//! until the next version's.

use crate::error::Report;
use crate::markdown::line_of;
use samverka_model::JobType;
use samverka_model::Requester;
use samverka_model::codes::code;
use samverka_model::form::{Choice, FormOptions, MAX_CODE_LEN, RequesterChoice, is_code};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::value::Datetime;

/// A lists file, exactly: an unknown key is a mistake, not a comment.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListsFile {
    version: Spanned<String>,
    valid_from: Spanned<Datetime>,
    sample: bool,
    #[serde(default)]
    requester: Vec<RequesterRow>,
    #[serde(default)]
    problem: Vec<ChoiceRow>,
    #[serde(default)]
    action: Vec<ChoiceRow>,
}

/// One `[[problem]]` or `[[action]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceRow {
    code: Spanned<String>,
    label: Spanned<String>,
}

/// One `[[requester]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequesterRow {
    code: Spanned<String>,
    label: Spanned<String>,
    job_types: Spanned<Vec<JobType>>,
}

/// A version as read, with the lines the checks across files report at.
pub(crate) struct ReadLists {
    pub lists: FormOptions,
    pub sample: bool,
    pub file: PathBuf,
    pub valid_from_line: usize,
}

/// Reads one `form/<version>.toml`; its `version` must be the file name.
pub(crate) fn read(rel: &Path, text: &str, report: &mut Report) -> Option<ReadLists> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: ListsFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            report.add(rel, line, e.message().trim().to_owned());
            return None;
        }
    };
    let line = |span: std::ops::Range<usize>| line_of(text, span.start);
    let version = file.version.get_ref().trim().to_owned();
    let version_line = line(file.version.span());
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if version.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        report.add(
            rel,
            version_line,
            format!("version {version:?}: use digits, letters, '.' and '-' (e.g. \"2025\")"),
        );
    } else if stem != version {
        report.add(
            rel,
            version_line,
            format!(
                "version {version:?} must be the file's name: rename the file to {version}.toml"
            ),
        );
    }
    let valid_from_line = line(file.valid_from.span());
    let valid_from = match file.valid_from.get_ref() {
        Datetime {
            date: Some(d),
            time: None,
            offset: None,
        } => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        other => {
            report.add(
                rel,
                valid_from_line,
                format!("valid_from {other} must be a date without quotes, e.g. 2025-01-01"),
            );
            String::new()
        }
    };

    let problems = choices(rel, text, "problem", file.problem, report);
    let actions = choices(rel, text, "action", file.action, report);
    let mut requesters = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut labels: HashMap<String, usize> = HashMap::new();
    for r in file.requester {
        let at = line(r.code.span());
        check_code(rel, at, "requester", r.code.get_ref(), &mut seen, report);
        check_label(
            rel,
            line(r.label.span()),
            "requester",
            r.label.get_ref(),
            &mut labels,
            report,
        );
        let types_line = line(r.job_types.span());
        let job_types = r.job_types.into_inner();
        if job_types.is_empty() {
            report.add(
                rel,
                types_line,
                "job_types is empty: name the job types this requester asks for (nurse_line, assistance, ivpa, mava_direct)",
            );
        }
        requesters.push(RequesterChoice {
            code: Requester::new(r.code.into_inner()),
            label_sv: r.label.into_inner().trim().to_owned(),
            job_types,
        });
    }
    for t in JobType::ALL {
        if !requesters.iter().any(|r| r.job_types.contains(&t)) {
            report.add(
                rel,
                1,
                format!(
                    "no [[requester]] asks for {} jobs: every job type needs at least one",
                    code(&t)
                ),
            );
        }
    }
    for (what, empty) in [
        ("problem", problems.is_empty()),
        ("action", actions.is_empty()),
    ] {
        if empty {
            report.add(rel, 1, format!("the lists need at least one [[{what}]]"));
        }
    }
    Some(ReadLists {
        lists: FormOptions {
            version,
            valid_from,
            problems,
            actions,
            requesters,
        },
        sample: file.sample,
        file: rel.to_owned(),
        valid_from_line,
    })
}

fn choices(
    rel: &Path,
    text: &str,
    what: &str,
    rows: Vec<ChoiceRow>,
    report: &mut Report,
) -> Vec<Choice> {
    let mut seen = HashMap::new();
    let mut labels = HashMap::new();
    rows.into_iter()
        .map(|r| {
            let code_line = line_of(text, r.code.span().start);
            check_code(rel, code_line, what, r.code.get_ref(), &mut seen, report);
            let label_line = line_of(text, r.label.span().start);
            check_label(
                rel,
                label_line,
                what,
                r.label.get_ref(),
                &mut labels,
                report,
            );
            Choice {
                code: r.code.into_inner(),
                label_sv: r.label.into_inner().trim().to_owned(),
            }
        })
        .collect()
}

/// A well-formed code, not seen before in its list.
fn check_code(
    rel: &Path,
    line: usize,
    what: &str,
    code: &str,
    seen: &mut HashMap<String, usize>,
    report: &mut Report,
) {
    if !is_code(code) {
        report.add(
            rel,
            line,
            format!(
                "{what} code {code:?}: use lowercase a–z, 0–9 and '_' only, at most {MAX_CODE_LEN} characters"
            ),
        );
    }
    if let Some(first) = seen.get(code) {
        report.add(
            rel,
            line,
            format!("duplicate {what} code {code:?} (first on line {first})"),
        );
    } else {
        seen.insert(code.to_owned(), line);
    }
}

/// A label a nurse can tell apart from the others of its list.
fn check_label(
    rel: &Path,
    line: usize,
    what: &str,
    label: &str,
    seen: &mut HashMap<String, usize>,
    report: &mut Report,
) {
    let label = label.trim();
    if label.is_empty() {
        report.add(rel, line, format!("{what} label is empty"));
    } else if let Some(first) = seen.get(label) {
        report.add(
            rel,
            line,
            format!("duplicate {what} label {label:?} (first on line {first}): a nurse could not tell them apart"),
        );
    } else {
        seen.insert(label.to_owned(), line);
    }
}

/// The checks across versions: no two in force from the same day.
pub(crate) fn check(lists: &[ReadLists], report: &mut Report) {
    let mut days: HashMap<&str, &ReadLists> = HashMap::new();
    for l in lists {
        if l.lists.valid_from.is_empty() {
            continue;
        }
        if let Some(first) = days.get(l.lists.valid_from.as_str()) {
            report.add(
                &l.file,
                l.valid_from_line,
                format!(
                    "valid_from {} is also the day {} comes into force ({}:{})",
                    l.lists.valid_from,
                    first.lists.version,
                    first.file.display(),
                    first.valid_from_line
                ),
            );
        } else {
            days.insert(&l.lists.valid_from, l);
        }
    }
}
