//! The glossary: terms read from `content/glossary.md` (a definition list), and on
//! every other page the first use of each term in running text linked to its
//! definition (abbreviations also marked `<abbr title>`).

use regex::Regex;

use super::PageParser;
use crate::model::{GlossaryTerm, LinkKind};

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

/// Links the first use of each term in the page's running text (not in quotes).
pub(super) fn link_terms(p: &mut PageParser) {
    let Some(index) = p.glossary else { return };
    if p.rules.glossary {
        return;
    }
    let mut used = vec![false; index.terms.len()];
    for text_index in p.running_texts(false) {
        let Some(text) = p.text_at(text_index) else {
            continue;
        };
        let (text, range) = (text.to_string(), p.source_of(text_index));
        for (i, (term, re, abbreviation)) in index.terms.iter().enumerate() {
            if used[i] {
                continue;
            }
            // An Easy Read reader is never sent to the full glossary: a word is linked
            // to its Easy Read explanation on the page, or not at all.
            if p.rules.easy_read && term.easy_read.is_none() {
                continue;
            }
            let Some(m) = re
                .find_iter(&text)
                .find(|m| !p.is_replaced(text_index, &m.range()))
            else {
                continue;
            };
            if p.rules.easy_read {
                let leaf = crate::doc::Leaf::WordToKnow {
                    id: term.id.clone(),
                    text: m.as_str().to_string(),
                };
                if p.replace_text(text_index, m.range(), leaf) {
                    used[i] = true;
                    p.doc.words_to_know.push(term.clone());
                }
                continue;
            }
            let n = p.add_link(
                LinkKind::Link,
                format!("/{GLOSSARY_PAGE}#{}", term.id),
                &range,
            );
            let leaf = crate::doc::Leaf::Term {
                link: n,
                text: m.as_str().to_string(),
                abbr: abbreviation.then(|| term.first_sentence.clone()),
            };
            if p.replace_text(text_index, m.range(), leaf) {
                used[i] = true;
            }
        }
    }
}
