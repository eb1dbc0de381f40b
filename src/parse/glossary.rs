//! The glossary: terms read from `content/glossary.md` (a definition list), and on
//! every other page the first use of each term in running text linked to its
//! definition (abbreviations also marked `<abbr title>`).

use regex::Regex;

use super::{escape_html, plain_text, PageParser};
use crate::model::{GlossaryTerm, IdOrigin, IdTarget, LinkKind};
use pulldown_cmark::Event;

/// The glossary page, relative to `content/`.
pub const GLOSSARY_PAGE: &str = "glossary.md";

/// The terms with their matchers, built once per build, longest term first.
pub struct GlossaryIndex {
    terms: Vec<(GlossaryTerm, Regex, bool)>,
}

impl GlossaryIndex {
    pub fn new(terms: &[GlossaryTerm]) -> GlossaryIndex {
        let mut terms: Vec<(GlossaryTerm, Regex, bool)> = terms
            .iter()
            .filter(|t| !t.term.trim().is_empty())
            .map(|t| {
                let abbreviation = is_abbreviation(&t.term);
                let words: Vec<String> = t.term.split_whitespace().map(regex::escape).collect();
                let flags = if abbreviation { "" } else { "(?i)" };
                let pattern = format!(r"{flags}\b{}s?\b", words.join(r"\s+"));
                let re = Regex::new(&pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap());
                (t.clone(), re, abbreviation)
            })
            .collect();
        terms.sort_by_key(|(t, _, _)| std::cmp::Reverse(t.term.chars().count()));
        GlossaryIndex { terms }
    }
}

/// GIRFEC, PDI, ACEs: capitals (a trailing lower-case plural `s` allowed).
fn is_abbreviation(term: &str) -> bool {
    let core = term.strip_suffix('s').unwrap_or(term);
    core.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && core.chars().all(|c| !c.is_lowercase())
}

/// At the end of a `dt` on the glossary page: the term is recorded; its id is given
/// once the page's explicit ids are all known (see `settle_terms`).
pub(super) fn end_term(p: &mut PageParser) {
    let Some((start, true)) = p.definition.take() else {
        return;
    };
    let term = plain_text(&p.out[start + 1..]);
    let range = p.out.get(start + 1).map_or(0..0, |(_, r)| r.clone());
    p.pending_terms.push((start, p.doc.glossary.len(), range));
    p.html("</dt>\n");
    p.doc.glossary.push(GlossaryTerm {
        term,
        id: String::new(),
        first_sentence: String::new(),
    });
}

/// Gives every term its id, before the headings get theirs (so no heading takes a
/// term's id), and after every explicit id of the page is claimed (so no term takes
/// one of those).
pub(super) fn settle_terms(p: &mut PageParser) {
    for (start, n, range) in std::mem::take(&mut p.pending_terms) {
        let term = p.doc.glossary[n].term.clone();
        let id = p.ids.unique(&super::ids::slugify(&term), "term");
        let location = p.location(&range);
        p.doc.ids.push(crate::model::IdDecl {
            id: id.clone(),
            origin: IdOrigin::FromHeading,
            target: IdTarget::Term,
            text: term,
            location,
        });
        p.out[start].0 = Event::Html(format!("<dt id=\"{}\">", escape_html(&id)).into());
        p.doc.glossary[n].id = id;
    }
}

/// At the end of a `dd`: the first definition of a term gives its first sentence.
pub(super) fn end_definition(p: &mut PageParser) {
    let Some((start, false)) = p.definition.take() else {
        return;
    };
    let text = plain_text(&p.out[start + 1..]);
    if let Some(term) = p.doc.glossary.last_mut() {
        if term.first_sentence.is_empty() {
            term.first_sentence = first_sentence(&text);
        }
    }
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

/// Links the first use of each term in the page's running text (not in quotes).
pub(super) fn link_terms(p: &mut PageParser) {
    let Some(index) = p.glossary else { return };
    if p.is_glossary_page() {
        return;
    }
    let mut used = vec![false; index.terms.len()];
    let texts: Vec<usize> = p
        .running_text
        .iter()
        .filter(|t| !t.in_quote)
        .map(|t| t.index)
        .collect();
    for text_index in texts {
        let Some((Event::Text(text), range)) = p.out.get(text_index) else {
            continue;
        };
        let (text, range) = (text.to_string(), range.clone());
        for (i, (term, re, abbreviation)) in index.terms.iter().enumerate() {
            if used[i] {
                continue;
            }
            let Some(m) = re
                .find_iter(&text)
                .find(|m| !p.edits.overlaps(text_index, &m.range()))
            else {
                continue;
            };
            let n = p.doc.links.len();
            let location = p.location(&range);
            p.doc.links.push(crate::model::LinkRef {
                kind: LinkKind::Link,
                dest: format!("/{GLOSSARY_PAGE}#{}", term.id),
                location,
            });
            let shown = escape_html(m.as_str());
            let inner = if *abbreviation {
                format!(
                    "<abbr title=\"{}\">{shown}</abbr>",
                    escape_html(&term.first_sentence)
                )
            } else {
                shown
            };
            let html = format!(
                "<a class=\"glossary-term\" href=\"{}\">{inner}</a>",
                super::link_mark(n)
            );
            if p.edits.add_span(text_index, m.range(), html) {
                used[i] = true;
            }
        }
    }
}
