//! Guideline chapters and quick references: Markdown files with TOML front matter between
//! two `+++` lines.

use crate::error::Report;
use crate::markdown::{self, line_of};
use samverka_model::content::{Audience, DocKind, Document};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The front matter, exactly: an unknown key is a mistake, not a comment.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    id: Spanned<String>,
    title: Spanned<String>,
    kind: Spanned<DocKind>,
    audience: Audience,
    chapter: Option<Spanned<String>>,
    version: Spanned<String>,
    valid_from: Spanned<toml::value::Datetime>,
    owner: Spanned<String>,
    sample: bool,
}

/// A document as read, with where its parts stand for the checks across files.
pub(crate) struct ReadDocument {
    pub doc: Document,
    /// The file, relative to the content directory.
    pub file: std::path::PathBuf,
    /// Line of its `id`.
    pub id_line: usize,
    /// Its links and their lines in the file.
    pub links: Vec<(String, usize)>,
}

const FENCE: &str = "+++";

/// The sections every guideline chapter has: how to assess, what to do, what to hand over.
const GUIDELINE_SECTIONS: [&str; 3] = ["Bedömning", "Åtgärder", "Överlämning"];

/// Reads one document file; problems go to `report`, and `None` if it cannot be used at all.
pub(crate) fn read(
    rel: &Path,
    text: &str,
    expected: DocKind,
    report: &mut Report,
) -> Option<ReadDocument> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let FrontMatter {
        fm,
        fm_start,
        body,
        body_start,
    } = split(rel, text, report)?;
    // Line numbers in the file of offsets within the front matter and the body.
    let fm_line = |offset: usize| line_of(text, fm_start + offset);
    let body_line = |offset: usize| line_of(text, body_start + offset);

    let front: Front = parse_front(rel, fm, fm_line, report)?;

    let id = front.id.get_ref();
    let id_line = fm_line(front.id.span().start);
    check_file_id(rel, id, id_line, "id", "md", report);
    for (what, value) in [
        ("title", &front.title),
        ("version", &front.version),
        ("owner", &front.owner),
    ] {
        if value.get_ref().trim().is_empty() {
            report.add(rel, fm_line(value.span().start), format!("{what} is empty"));
        }
    }
    let kind = *front.kind.get_ref();
    if kind != expected {
        report.add(
            rel,
            fm_line(front.kind.span().start),
            format!(
                "kind {:?} does not belong in this folder (expected {:?})",
                kind.key(),
                expected.key()
            ),
        );
    }
    match (&front.chapter, kind) {
        (None, DocKind::Guideline) => report.add(
            rel,
            id_line,
            "a guideline needs a chapter (\"1\"…, \"B\" for children)",
        ),
        (Some(c), _) if c.get_ref().trim().is_empty() => {
            report.add(rel, fm_line(c.span().start), "chapter is empty")
        }
        _ => {}
    }
    let valid_from = front.valid_from.get_ref();
    let valid_from = match (valid_from.date, valid_from.time) {
        (Some(d), None) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        _ => {
            report.add(
                rel,
                fm_line(front.valid_from.span().start),
                "valid_from must be a date (YYYY-MM-DD, no quotes, no time)",
            );
            String::new()
        }
    };
    if body.trim().is_empty() {
        report.add(rel, body_line(0), "the document has no text");
    }
    if kind == DocKind::Guideline {
        let headings: Vec<&str> = body
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(str::trim)
            .collect();
        for required in GUIDELINE_SECTIONS {
            if !headings.contains(&required) {
                report.add(
                    rel,
                    body_line(0),
                    format!("a guideline needs a section \"## {required}\""),
                );
            }
        }
    }
    for offset in markdown::raw_html(body) {
        report.add(
            rel,
            body_line(offset),
            "raw HTML is not allowed; write Markdown",
        );
    }
    let links = markdown::links(body)
        .into_iter()
        .map(|l| (l.dest, body_line(l.offset)))
        .collect();

    Some(ReadDocument {
        doc: Document {
            id: front.id.into_inner(),
            title: front.title.into_inner().trim().to_owned(),
            kind,
            audience: front.audience,
            chapter: front.chapter.map(|c| c.into_inner().trim().to_owned()),
            version: front.version.into_inner(),
            valid_from,
            owner: front.owner.into_inner(),
            sample: front.sample,
            body: body.to_owned(),
        },
        file: rel.to_owned(),
        id_line,
        links,
    })
}

/// A file cut at its front-matter fences (`text` without a byte-order mark).
pub(crate) struct FrontMatter<'a> {
    /// The TOML between the fences.
    pub fm: &'a str,
    /// Its byte offset in the text.
    pub fm_start: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Its byte offset in the text.
    pub body_start: usize,
}

/// Cuts `text` into front matter and body; reports and gives `None` when the fences are missing.
pub(crate) fn split<'a>(rel: &Path, text: &'a str, report: &mut Report) -> Option<FrontMatter<'a>> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some(FENCE) {
        report.add(
            rel,
            1,
            "the file must start with front matter: a line `+++`, TOML, a line `+++`",
        );
        return None;
    }
    let fm_start = FENCE.len() + text[FENCE.len()..].find('\n').map_or(0, |i| i + 1);
    let Some(fm_len) = closing_fence(&text[fm_start..]) else {
        report.add(rel, 1, "the front matter is not closed by a line `+++`");
        return None;
    };
    let fm = &text[fm_start..fm_start + fm_len];
    let body_start = fm_start
        + fm_len
        + text[fm_start + fm_len..]
            .find('\n')
            .map_or(text.len() - fm_start - fm_len, |i| i + 1);
    let body_start = body_start.min(text.len());
    Some(FrontMatter {
        fm,
        fm_start,
        body: &text[body_start..],
        body_start,
    })
}

/// The length of the front matter before its closing fence line.
fn closing_fence(rest: &str) -> Option<usize> {
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Parses front matter `fm` as `T`; a TOML mistake is reported at its line in the file
/// (`fm_line` maps an offset in `fm` to that line) and gives `None`.
pub(crate) fn parse_front<T: serde::de::DeserializeOwned>(
    rel: &Path,
    fm: &str,
    fm_line: impl Fn(usize) -> usize,
    report: &mut Report,
) -> Option<T> {
    match toml::from_str(fm) {
        Ok(f) => Some(f),
        Err(e) => {
            let line = e.span().map_or(1, |s| fm_line(s.start));
            report.add(rel, line, format!("front matter: {}", e.message().trim()));
            None
        }
    }
}

/// Reports an `id` (at `id_line`, called `label` in the message) that is not a valid id, or
/// that is not the file's name (`<id>.<ext>`).
pub(crate) fn check_file_id(
    rel: &Path,
    id: &str,
    id_line: usize,
    label: &str,
    ext: &str,
    report: &mut Report,
) {
    if !is_valid_id(id) {
        report.add(
            rel,
            id_line,
            format!("{label} {id:?}: use lowercase a–z, 0–9 and '-' only"),
        );
    }
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem != id {
        report.add(
            rel,
            id_line,
            format!("id {id:?} must match the file name ({stem}.{ext})"),
        );
    }
}

/// Ids are URL- and file-name-safe: lowercase ASCII letters, digits and '-'.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
