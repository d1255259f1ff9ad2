//! Offline search of the guidelines and quick references, as the nurse types.
//!
//! SQLite FTS5 does the matching: its `unicode61 remove_diacritics 2` tokenizer folds å/ä/ö on
//! both sides, so "hjartstopp" finds "hjärtstopp"; every typed word is a prefix ("hjärtst");
//! a word or phrase from the region's synonym list also matches the rest of its group ("HLR"
//! finds "hjärtstopp"). Documents matching in their title come before those matching only in
//! the text, each group by BM25.

use crate::content::from_code;
use crate::error::StoreError;
use crate::store::Store;
use rusqlite::params;
use samverka_model::content::{Audience, MARK_END, MARK_START, SearchHit};

/// Folds text as the index does, for comparing with the synonym list: lowercase, diacritics
/// off.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ù' | 'ú' | 'û' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The words of `text` as the tokenizer cuts them (at anything not a letter or digit), folded.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The synonym list, each term cut into folded words.
#[derive(Debug, Default)]
pub(crate) struct Synonyms {
    /// Terms (as words) and their group.
    terms: Vec<(Vec<String>, i64)>,
}

impl Synonyms {
    /// From `(term, group)` rows.
    pub(crate) fn new(rows: impl IntoIterator<Item = (String, i64)>) -> Self {
        let mut terms: Vec<_> = rows
            .into_iter()
            .map(|(t, g)| (words(&t), g))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        // Longest first, so "lågt blodsocker" wins over "lågt".
        terms.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
        Self { terms }
    }

    /// The group whose term is `words[..n]`, longest match first.
    fn at(&self, words: &[String]) -> Option<(usize, i64)> {
        self.terms
            .iter()
            .find(|(t, _)| words.len() >= t.len() && words[..t.len()] == t[..])
            .map(|(t, g)| (t.len(), *g))
    }

    fn group(&self, g: i64) -> impl Iterator<Item = &Vec<String>> {
        self.terms
            .iter()
            .filter(move |(_, x)| *x == g)
            .map(|(t, _)| t)
    }
}

/// What a search asks the index, and which words its snippets mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    /// The FTS5 match expression.
    pub expr: String,
    /// Folded prefixes: a word of the text starting with one of these is marked.
    pub marks: Vec<String>,
}

/// The FTS5 query for what was typed: every word a prefix, all required, synonyms OR-ed in.
/// `None` when nothing searchable was typed. Only letters and digits reach the query, so no
/// input can change its syntax.
pub(crate) fn match_expression(typed: &str, synonyms: &Synonyms) -> Option<Query> {
    let words = words(typed);
    let mut clauses = Vec::new();
    let mut marks = words.clone();
    let mut i = 0;
    while i < words.len() {
        match synonyms.at(&words[i..]) {
            Some((len, group)) => {
                marks.extend(synonyms.group(group).flatten().cloned());
                let typed = format!("\"{}\"*", words[i..i + len].join(" "));
                let alternatives: Vec<String> = std::iter::once(typed)
                    .chain(
                        synonyms
                            .group(group)
                            .map(|t| format!("\"{}\"", t.join(" "))),
                    )
                    .collect();
                clauses.push(format!("({})", alternatives.join(" OR ")));
                i += len;
            }
            None => {
                clauses.push(format!("\"{}\"*", words[i]));
                i += 1;
            }
        }
    }
    (!clauses.is_empty()).then(|| Query {
        expr: clauses.join(" AND "),
        marks,
    })
}

/// How many words a snippet shows.
const SNIPPET_WORDS: usize = 14;

/// A few words of `text` around the first marked word (or its start), the marked words wrapped
/// in [`MARK_START`]/[`MARK_END`]. Cut here rather than by FTS5's `snippet()`, which re-reads
/// every matched term's positions and cost most of a broad search's time.
pub(crate) fn snippet(text: &str, marks: &[String]) -> String {
    // Word spans as the tokenizer cuts them.
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let marked = |r: &std::ops::Range<usize>| {
        let w = fold(&text[r.clone()]);
        marks.iter().any(|m| w.starts_with(m.as_str()))
    };
    let first = spans.iter().position(marked).unwrap_or(0);
    let from = first.saturating_sub(3);
    let to = (from + SNIPPET_WORDS).min(spans.len());
    let Some(window) = spans.get(from..to).filter(|w| !w.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = window[0].start;
    for r in window {
        out.push_str(&text[at..r.start]);
        if marked(r) {
            out.push(MARK_START);
            out.push_str(&text[r.clone()]);
            out.push(MARK_END);
        } else {
            out.push_str(&text[r.clone()]);
        }
        at = r.end;
    }
    if to < spans.len() {
        out.push('…');
    } else {
        out.push_str(&text[at..]);
    }
    // One line: the text keeps a line per block.
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Store {
    /// Searches the guidelines and quick references for `typed`, among the documents for
    /// `audience` and for everyone; at most `limit` hits, best first.
    pub fn search(
        &self,
        typed: &str,
        audience: Audience,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let synonyms = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT term, grp FROM content_synonyms")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            Synonyms::new(rows.collect::<Result<Vec<_>, _>>()?)
        };
        let Some(query) = match_expression(typed, &synonyms) else {
            return Ok(Vec::new());
        };
        let in_title = format!("{{title}} : ({})", query.expr);
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.id, d.title, d.kind, d.audience, d.chapter, d.text
             FROM content_documents d
             JOIN (SELECT content_search.rowid AS doc_no,
                          content_search.rowid IN
                            (SELECT rowid FROM content_search WHERE content_search MATCH ?3)
                            AS in_title,
                          bm25(content_search, 10.0, 1.0) AS score
                   FROM content_search JOIN content_documents a ON a.doc_no = content_search.rowid
                   WHERE content_search MATCH ?1 AND (?2 = 'all' OR a.audience IN (?2, 'all'))
                   ORDER BY in_title DESC, score
                   LIMIT ?4) ranked USING (doc_no)
             ORDER BY ranked.in_title DESC, ranked.score",
        )?;
        let rows = stmt.query_map(params![query.expr, audience.key(), in_title, limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, title, kind, aud, chapter, text) = row?;
            hits.push(SearchHit {
                id,
                title,
                kind: from_code("document kind", kind)?,
                audience: from_code("document audience", aud)?,
                chapter,
                snippet: snippet(&text, &query.marks),
            });
        }
        Ok(hits)
    }
}

/// Groups of synonyms as the content lists them, for tests.
#[cfg(test)]
fn synonyms_of(groups: &[&[&str]]) -> Synonyms {
    let mut rows = std::collections::BTreeMap::new();
    for (g, group) in (1i64..).zip(groups) {
        for t in *group {
            rows.insert((*t).to_owned(), g);
        }
    }
    Synonyms::new(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_become_prefixes_and_synonyms_alternatives() {
        let syn = synonyms_of(&[
            &["hjärtstopp", "hlr", "hjärt-lungräddning"],
            &["lågt blodsocker", "hypoglykemi"],
        ]);
        let expr = |typed: &str| match_expression(typed, &syn).map(|q| q.expr);
        assert_eq!(expr("hjärtst").as_deref(), Some("\"hjartst\"*"));
        let hlr = expr("HLR").unwrap_or_default();
        assert!(hlr.starts_with("(\"hlr\"* OR "), "{hlr}");
        assert!(hlr.contains("\"hjartstopp\""), "{hlr}");
        assert!(hlr.contains("\"hjart lungraddning\""), "{hlr}");
        let low = expr("barn lågt blodsocker").unwrap_or_default();
        assert!(
            low.starts_with("\"barn\"* AND (\"lagt blodsocker\"* OR "),
            "{low}"
        );
        assert!(low.contains("\"hypoglykemi\""), "{low}");
    }

    #[test]
    fn nothing_typed_is_no_query_and_syntax_cannot_be_injected() {
        let syn = Synonyms::default();
        assert_eq!(match_expression("  -- ' \" * ", &syn), None);
        assert_eq!(
            match_expression("a\" OR title:*", &syn)
                .map(|q| q.expr)
                .as_deref(),
            Some("\"a\"* AND \"or\"* AND \"title\"*")
        );
    }

    #[test]
    fn snippets_mark_the_searched_words_near_the_first() {
        let marks = vec!["hjart".to_owned(), "hlr".to_owned()];
        let text = "Ett två tre fyra fem sex sju. Starta HLR vid hjärtstopp nu.\nMer text följer sedan här och där.";
        let s = snippet(text, &marks);
        assert_eq!(
            s,
            format!(
                "…sex sju. Starta {MARK_START}HLR{MARK_END} vid {MARK_START}hjärtstopp{MARK_END} nu. Mer text följer sedan här och där."
            )
        );
        assert_eq!(
            snippet("Bara titeln träffade.", &marks),
            "Bara titeln träffade."
        );
        assert_eq!(snippet("", &marks), "");
    }

    #[test]
    fn folding_matches_the_tokenizer() {
        assert_eq!(fold("Hjärtstopp ÅÄÖ é"), "hjartstopp aao e");
    }
}
