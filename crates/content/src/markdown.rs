//! The documents' Markdown: the links it makes, its HTML for the app, its words for search.
//!
//! One parser (pulldown-cmark) for all three, so what the publisher checks is what the phone
//! shows.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The scheme of a link to another document: `[Andning](doc:andningsbesvar-vuxen)`.
pub const DOC_SCHEME: &str = "doc:";

fn parser(md: &str) -> Parser<'_> {
    Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
}

/// A link in a document body and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where it points, as written.
    pub dest: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// Every link in `md`, in order.
pub fn links(md: &str) -> Vec<Link> {
    parser(md)
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link { dest_url, .. }) => Some(Link {
                dest: dest_url.into_string(),
                offset: range.start,
            }),
            _ => None,
        })
        .collect()
}

/// Byte offsets of raw HTML in `md` (not allowed in content: the app shows text, never markup
/// an author typed).
pub fn raw_html(md: &str) -> Vec<usize> {
    parser(md)
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Html(_) | Event::InlineHtml(_) => Some(range.start),
            _ => None,
        })
        .collect()
}

/// The body as HTML for the app's webview.
///
/// Raw HTML is shown as text, and a `doc:<id>` link becomes `#doc:<id>`, which the app opens
/// itself; other links keep their target (`tel:` opens the dialler).
pub fn to_html(md: &str) -> String {
    let events = parser(md).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match dest_url.strip_prefix(DOC_SCHEME) {
                Some(doc) => CowStr::from(format!("#{DOC_SCHEME}{doc}")),
                None => dest_url,
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The words of the body without its markup, one line per block, for the search index.
pub fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for ev in parser(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// A part of a document under one `##` heading (or the text before the first one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its anchor: the heading as a slug (`Åtgärder` → `atgarder`); [`INTRO_ANCHOR`] for the
    /// text before the first heading.
    pub anchor: String,
    /// The heading as written (empty for the introduction).
    pub title: String,
    /// Its words without markup ([`plain_text`]), the heading's and the subheadings' included.
    pub text: String,
}

/// The anchor of the text before a document's first `##` heading.
pub const INTRO_ANCHOR: &str = "inledning";

/// An anchor for a heading: lowercase, å and ä as a, ö as o, é as e, every other run of
/// characters that are not letters or digits one `-`.
pub fn slug(heading: &str) -> String {
    let mut out = String::new();
    for c in heading.trim().to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The document's sections, in order: what a question bank's `passage` points at.
pub fn sections(md: &str) -> Vec<Section> {
    let mut out = vec![Section {
        anchor: INTRO_ANCHOR.to_owned(),
        title: String::new(),
        text: String::new(),
    }];
    let mut current = String::new();
    for line in md.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            if let Some(last) = out.last_mut() {
                last.text = plain_text(&current);
            }
            current.clear();
            out.push(Section {
                anchor: slug(heading),
                title: heading.trim().to_owned(),
                text: String::new(),
            });
        }
        current.push_str(line);
        current.push('\n');
    }
    if let Some(last) = out.last_mut() {
        last.text = plain_text(&current);
    }
    out
}

/// Text with every run of whitespace as one space, for finding a quotation in a section
/// whatever the line breaks and markup around it.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_found_by_their_headings_slugs() {
        assert_eq!(slug("Åtgärder"), "atgarder");
        assert_eq!(slug("Överlämning"), "overlamning");
        assert_eq!(slug(" Bedömning – barn 0–17 år "), "bedomning-barn-0-17-ar");
        let s = sections(
            "Inledning **fet**.\n\n## Bedömning\n\n- **A**nsikte\n\n## Åtgärder\nGör så.\n",
        );
        let anchors: Vec<&str> = s.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["inledning", "bedomning", "atgarder"]);
        assert_eq!(squeeze(&s[0].text), "Inledning fet.");
        assert!(s[1].text.contains("Ansikte"), "{:?}", s[1].text);
        assert!(squeeze(&s[2].text).contains("Gör så."));
    }

    #[test]
    fn doc_links_become_app_anchors_and_html_stays_text() {
        let html =
            to_html("Se [HLR](doc:hjartstopp-vuxen) och <b>fet</b>.\n\nRing [112](tel:112).");
        assert!(html.contains(r##"href="#doc:hjartstopp-vuxen""##), "{html}");
        assert!(html.contains("&lt;b&gt;fet&lt;/b&gt;"), "{html}");
        assert!(html.contains(r#"href="tel:112""#), "{html}");
    }

    #[test]
    fn links_and_html_are_found_with_their_lines() {
        let md = "# Rubrik\n\nText\n\n[a](doc:x) och <i>y</i>\n";
        let l = links(md);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].dest, "doc:x");
        assert_eq!(line_of(md, l[0].offset), 5);
        let h = raw_html(md);
        assert_eq!(h.len(), 2);
        assert_eq!(line_of(md, h[0]), 5);
    }

    #[test]
    fn plain_text_keeps_the_words() {
        let t = plain_text("## Åtgärder\n\n- Starta **HLR**\n- Ring `112`\n");
        assert_eq!(t, "Åtgärder\nStarta HLR\nRing 112\n");
    }
}
