//! The coaches' corner's content: question banks for the quality test (`quality/<id>.toml`) and
//! practice scenarios (`scenarios/<id>.md`, front matter like documents).

use crate::documents::{self, ReadDocument};
use crate::error::Report;
use crate::markdown::{self, line_of};
use samverka_model::JobType;
use samverka_model::coach::{Question, QuestionBank, Scenario};
use samverka_model::content::{Audience, DocKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A bank file, exactly: an unknown key is a mistake, not a comment.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BankFile {
    id: Spanned<String>,
    title: Spanned<String>,
    chapter: Spanned<String>,
    #[serde(default)]
    questions: Vec<QuestionRow>,
}

/// One `[[questions]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionRow {
    id: Spanned<String>,
    text: Spanned<String>,
    options: Spanned<Vec<String>>,
    correct: Spanned<usize>,
    passage: Spanned<String>,
    quote: Spanned<String>,
}

/// A scenario's front matter.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFront {
    id: Spanned<String>,
    title: Spanned<String>,
    job_type: JobType,
    audience: Audience,
    chapters: Spanned<Vec<Spanned<String>>>,
}

/// A bank as read, with the lines the checks across files report at.
pub(crate) struct ReadBank {
    pub bank: QuestionBank,
    pub file: PathBuf,
    /// Line of `id`.
    pub id_line: usize,
    /// Line of `chapter`.
    pub chapter_line: usize,
    /// Each question's id line, in order.
    pub question_lines: Vec<usize>,
    /// Each question's `passage` and `quote` lines, in order.
    pub passage_lines: Vec<(usize, usize)>,
}

/// A scenario as read.
pub(crate) struct ReadScenario {
    pub scenario: Scenario,
    pub file: PathBuf,
    pub id_line: usize,
    /// Each chapter's line, in order.
    pub chapter_lines: Vec<usize>,
    /// Its links and their lines.
    pub links: Vec<(String, usize)>,
}

/// Reads one `quality/<id>.toml`; its `id` must be the file name.
pub(crate) fn read_bank(rel: &Path, text: &str, report: &mut Report) -> Option<ReadBank> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: BankFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            report.add(rel, line, e.message().trim().to_owned());
            return None;
        }
    };
    let line = |span: std::ops::Range<usize>| line_of(text, span.start);
    let id = file.id.get_ref().clone();
    let id_line = line(file.id.span());
    documents::check_file_id(rel, &id, id_line, "bank id", "toml", report);
    if file.title.get_ref().trim().is_empty() {
        report.add(rel, line(file.title.span()), "title is empty");
    }
    if file.questions.is_empty() {
        report.add(rel, 1, "a bank needs at least one [[questions]]");
    }
    let mut questions = Vec::new();
    let mut question_lines = Vec::new();
    let mut passage_lines = Vec::new();
    for q in file.questions {
        let id_line = line(q.id.span());
        if !documents::is_valid_id(q.id.get_ref()) {
            report.add(
                rel,
                id_line,
                format!(
                    "question id {:?}: use lowercase a–z, 0–9 and '-' only",
                    q.id.get_ref()
                ),
            );
        }
        if q.text.get_ref().trim().is_empty() {
            report.add(rel, line(q.text.span()), "question text is empty");
        }
        let options_line = line(q.options.span());
        let options = q.options.into_inner();
        if options.len() < 2 {
            report.add(
                rel,
                options_line,
                format!(
                    "a question needs at least 2 options (has {})",
                    options.len()
                ),
            );
        }
        if options.iter().any(|o| o.trim().is_empty()) {
            report.add(rel, options_line, "an option is empty");
        }
        let correct = *q.correct.get_ref();
        if correct >= options.len() {
            report.add(
                rel,
                line(q.correct.span()),
                format!(
                    "correct = {correct} is out of range: options are numbered from 0 to {}",
                    options.len().saturating_sub(1)
                ),
            );
        }
        question_lines.push(id_line);
        passage_lines.push((line(q.passage.span()), line(q.quote.span())));
        questions.push(Question {
            id: q.id.into_inner(),
            text: q.text.into_inner().trim().to_owned(),
            options,
            correct,
            passage: Some(q.passage.into_inner().trim().to_owned()),
            quote: Some(q.quote.into_inner().trim().to_owned()),
        });
    }
    Some(ReadBank {
        id_line,
        chapter_line: line(file.chapter.span()),
        bank: QuestionBank {
            id,
            title: file.title.into_inner().trim().to_owned(),
            chapter: file.chapter.into_inner(),
            questions,
        },
        file: rel.to_owned(),
        question_lines,
        passage_lines,
    })
}

/// Reads one `scenarios/<id>.md`.
pub(crate) fn read_scenario(rel: &Path, text: &str, report: &mut Report) -> Option<ReadScenario> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parts = documents::split(rel, text, report)?;
    let fm_line = |offset: usize| line_of(text, parts.fm_start + offset);
    let body_line = |offset: usize| line_of(text, parts.body_start + offset);
    let front: ScenarioFront = documents::parse_front(rel, parts.fm, fm_line, report)?;
    let id = front.id.get_ref();
    let id_line = fm_line(front.id.span().start);
    documents::check_file_id(rel, id, id_line, "id", "md", report);
    if front.title.get_ref().trim().is_empty() {
        report.add(rel, fm_line(front.title.span().start), "title is empty");
    }
    if front.chapters.get_ref().is_empty() {
        report.add(
            rel,
            fm_line(front.chapters.span().start),
            "a scenario needs at least one chapter (a guideline document id)",
        );
    }
    if parts.body.trim().is_empty() {
        report.add(rel, body_line(0), "the scenario has no text");
    }
    for offset in markdown::raw_html(parts.body) {
        report.add(
            rel,
            body_line(offset),
            "raw HTML is not allowed; write Markdown",
        );
    }
    let links = markdown::links(parts.body)
        .into_iter()
        .map(|l| (l.dest, body_line(l.offset)))
        .collect();
    let (chapters, chapter_lines) = front
        .chapters
        .into_inner()
        .into_iter()
        .map(|c| {
            let line = fm_line(c.span().start);
            (c.into_inner(), line)
        })
        .unzip();
    Some(ReadScenario {
        scenario: Scenario {
            id: front.id.into_inner(),
            title: front.title.into_inner().trim().to_owned(),
            job_type: front.job_type,
            audience: front.audience,
            body: parts.body.to_owned(),
            chapters,
        },
        file: rel.to_owned(),
        id_line,
        chapter_lines,
        links,
    })
}

/// A question's passage is `<guideline id>#<anchor>` of a section that exists, and its quote
/// stands in that section word for word (whitespace and markup aside): so every answer can be
/// read in the region's own guideline text, nothing in a bank is written from elsewhere.
fn check_passage(
    file: &Path,
    (passage_line, quote_line): (usize, usize),
    q: &Question,
    docs: &[ReadDocument],
    report: &mut Report,
) {
    let passage = q.passage.as_deref().unwrap_or_default();
    let Some((doc_id, anchor)) = passage.split_once('#') else {
        report.add(
            file,
            passage_line,
            format!("passage {passage:?}: write <guideline id>#<section>, e.g. \"stroke-vuxen#atgarder\""),
        );
        return;
    };
    let Some(doc) = docs.iter().find(|d| d.doc.id == doc_id) else {
        report.add(
            file,
            passage_line,
            format!("passage {passage:?}: unknown chapter {doc_id:?}: no guideline has this id"),
        );
        return;
    };
    if doc.doc.kind != DocKind::Guideline {
        report.add(
            file,
            passage_line,
            format!("passage {passage:?}: {doc_id:?} is a quick reference, not a guideline"),
        );
        return;
    }
    let sections = markdown::sections(&doc.doc.body);
    let Some(section) = sections.iter().find(|s| s.anchor == anchor) else {
        let anchors: Vec<&str> = sections.iter().map(|s| s.anchor.as_str()).collect();
        report.add(
            file,
            passage_line,
            format!(
                "passage {passage:?}: {doc_id:?} has no section {anchor:?} (its sections: {})",
                anchors.join(", ")
            ),
        );
        return;
    };
    let quote = markdown::squeeze(q.quote.as_deref().unwrap_or_default());
    if quote.is_empty() {
        report.add(
            file,
            quote_line,
            "quote is empty: quote the words the answer rests on",
        );
    } else if !markdown::squeeze(&section.text).contains(&quote) {
        report.add(
            file,
            quote_line,
            format!("quote {quote:?} is not in {passage}: quote the guideline word for word"),
        );
    }
}

/// The checks across files: chapters name guideline documents, ids are unique (question ids
/// across all banks, since a result names its questions by id alone).
pub(crate) fn check(
    banks: &[ReadBank],
    scenarios: &[ReadScenario],
    docs: &[ReadDocument],
    report: &mut Report,
) {
    let kind_of: HashMap<&str, DocKind> = docs
        .iter()
        .map(|d| (d.doc.id.as_str(), d.doc.kind))
        .collect();
    let check_chapter =
        |file: &Path, line: usize, chapter: &str, report: &mut Report| match kind_of.get(chapter) {
            Some(DocKind::Guideline) => {}
            Some(DocKind::Quickref) => report.add(
                file,
                line,
                format!("chapter {chapter:?} is a quick reference, not a guideline"),
            ),
            None => report.add(
                file,
                line,
                format!("unknown chapter {chapter:?}: no guideline has this id"),
            ),
        };
    let mut bank_ids: HashMap<&str, (&Path, usize)> = HashMap::new();
    let mut question_ids: HashMap<&str, (&Path, usize)> = HashMap::new();
    for b in banks {
        check_chapter(&b.file, b.chapter_line, &b.bank.chapter, report);
        if let Some((file, first)) = bank_ids.get(b.bank.id.as_str()) {
            report.add(
                &b.file,
                b.id_line,
                format!(
                    "duplicate bank id {:?} (first in {}:{first})",
                    b.bank.id,
                    file.display()
                ),
            );
        } else {
            bank_ids.insert(&b.bank.id, (&b.file, b.id_line));
        }
        for (q, lines) in b.bank.questions.iter().zip(&b.passage_lines) {
            check_passage(&b.file, *lines, q, docs, report);
        }
        for (q, line) in b.bank.questions.iter().zip(&b.question_lines) {
            if let Some((file, first)) = question_ids.get(q.id.as_str()) {
                report.add(
                    &b.file,
                    *line,
                    format!(
                        "duplicate question id {:?} (first in {}:{first})",
                        q.id,
                        file.display()
                    ),
                );
            } else {
                question_ids.insert(&q.id, (&b.file, *line));
            }
        }
    }
    let mut scenario_ids: HashMap<&str, (&Path, usize)> = HashMap::new();
    for s in scenarios {
        if let Some((file, first)) = scenario_ids.get(s.scenario.id.as_str()) {
            report.add(
                &s.file,
                s.id_line,
                format!(
                    "duplicate scenario id {:?} (first in {}:{first})",
                    s.scenario.id,
                    file.display()
                ),
            );
        } else {
            scenario_ids.insert(&s.scenario.id, (&s.file, s.id_line));
        }
        for (c, line) in s.scenario.chapters.iter().zip(&s.chapter_lines) {
            check_chapter(&s.file, *line, c, report);
        }
        for (dest, line) in &s.links {
            if let Some(target) = dest.strip_prefix(markdown::DOC_SCHEME) {
                if !kind_of.contains_key(target) {
                    report.add(
                        &s.file,
                        *line,
                        format!("broken link: no document has the id {target:?}"),
                    );
                }
            } else if !crate::is_external(dest) {
                report.add(
                    &s.file,
                    *line,
                    format!("link {dest:?}: write doc:<id> for a document, or a full https:// or tel: address"),
                );
            }
        }
    }
}
