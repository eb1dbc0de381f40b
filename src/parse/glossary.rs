//! The glossary: terms read from `content/glossary.md` (a definition list), and on
//! every other page the first use of each term in running text linked to its
//! definition (abbreviations also marked `<abbr title>`).

use regex::Regex;

use super::{plain_text, PageParser};
use crate::model::{GlossaryTerm, IdOrigin, IdTarget, LinkKind};

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
    p.close(crate::doc::Element::GlossaryTerm { id: String::new() });
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
        p.out[start].0 = crate::doc::Node::Open(crate::doc::Element::GlossaryTerm { id: id.clone() });
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
    if p.rules.glossary {
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
        let Some((node, range)) = p.out.get(text_index) else {
            continue;
        };
        let Some(text) = node.text() else { continue };
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
            let leaf = crate::doc::Leaf::Term {
                link: n,
                text: m.as_str().to_string(),
                abbr: abbreviation.then(|| term.first_sentence.clone()),
            };
            if p.edits.add_span(text_index, m.range(), leaf) {
                used[i] = true;
            }
        }
    }
}
