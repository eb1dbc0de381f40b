//! The glossary: terms read from `content/glossary.md` (a definition list), and on
//! every other page the first use of each term in running text linked to its
//! definition (abbreviations also marked `<abbr title>`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use super::PageParser;
use crate::lint::Vocabulary;
use crate::model::{GlossaryTerm, LinkKind};

/// The glossary page, relative to `content/`.
pub(crate) const GLOSSARY_PAGE: &str = "glossary.md";

/// The terms with their matchers, built once per build, longest term first.
///
/// A glossary may hold thousands of terms, and a page thousands of runs of text:
/// each run is tried only against the terms whose first word it contains (found in
/// a map), and a term's matcher is compiled the first time it is needed. Trying
/// every term's pattern on every run, all compiled up front, took 9 s and 1 GB for
/// 20,000 terms.
pub struct GlossaryIndex {
    terms: Vec<Term>,
    /// Each term's first word, lower-cased → the terms (their indexes) it starts.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Terms without a letter or digit: tried on every run.
    always: Vec<usize>,
    /// The same terms as the Easy Read lint judges words against them.
    vocabulary: Vocabulary,
}

struct Term {
    term: GlossaryTerm,
    pattern: String,
    matcher: OnceLock<Regex>,
    abbreviation: bool,
}

impl Term {
    fn matcher(&self) -> &Regex {
        self.matcher.get_or_init(|| {
            Regex::new(&self.pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap())
        })
    }
}

impl GlossaryIndex {
    pub fn new(terms: &[GlossaryTerm]) -> GlossaryIndex {
        let vocabulary = Vocabulary::new(terms.iter());
        let mut terms: Vec<Term> = terms
            .iter()
            .filter(|t| !t.term.trim().is_empty())
            .map(|t| {
                let abbreviation = is_abbreviation(&t.term);
                let words: Vec<String> = t.term.split_whitespace().map(regex::escape).collect();
                let flags = if abbreviation { "" } else { "(?i)" };
                Term {
                    term: t.clone(),
                    pattern: format!(r"{flags}\b{}s?\b", words.join(r"\s+")),
                    matcher: OnceLock::new(),
                    abbreviation,
                }
            })
            .collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.term.term.chars().count()));
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut always = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            match words(&term.term.term).next() {
                Some(word) => by_first_word.entry(word).or_default().push(i),
                None => always.push(i),
            }
        }
        GlossaryIndex {
            terms,
            by_first_word,
            always,
            vocabulary,
        }
    }

    /// The glossary's terms as the Easy Read lint needs them.
    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The terms that may occur in `text` (those whose first word it holds), in the
    /// index's order.
    fn candidates(&self, text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self.always.clone();
        let mut seen = HashSet::new();
        for word in words(text) {
            // A one-word term may be written in the plural (`PDIs` for `PDI`).
            let singular = word.strip_suffix('s').map(str::to_string);
            for word in std::iter::once(word).chain(singular) {
                if let Some(terms) = self.by_first_word.get(&word) {
                    if seen.insert(word) {
                        found.extend(terms);
                    }
                }
            }
        }
        found.sort_unstable();
        found
    }
}

/// The words of a text, lower-cased: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
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
        for i in index.candidates(&text) {
            let Term {
                term, abbreviation, ..
            } = &index.terms[i];
            if used[i] {
                continue;
            }
            // An Easy Read reader is never sent to the full glossary: a word is linked
            // to its Easy Read explanation on the page, or not at all.
            if p.rules.easy_read && term.easy_read.is_none() {
                continue;
            }
            let Some(m) = index.terms[i]
                .matcher()
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
