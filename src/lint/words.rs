//! Which words of an Easy Read page are hard: judged against a list of common
//! English words (SCOWL levels 10 and 20, `common-words.txt`, with a few newer
//! everyday words in `everyday-words.txt`), a short list of
//! public-service jargon made of common words (`jargon.txt`), and the site's own
//! Easy Read explanations in the glossary. Counting syllables, as 0.1 did, flagged
//! everyday words ("relationships", "information") and missed jargon
//! ("interventions", "models of delivery").

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::OnceLock;

use crate::model::GlossaryTerm;
pub(super) use crate::model::HardWord as Hard;

/// One phrase of jargon: its words and a plainer way to say it.
struct JargonPhrase {
    words: Vec<&'static str>,
    plain: &'static str,
}

fn common_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let lists = [
            include_str!("common-words.txt"),
            include_str!("everyday-words.txt"),
        ];
        lists
            .into_iter()
            .flat_map(str::lines)
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .collect()
    })
}

fn jargon() -> &'static [JargonPhrase] {
    static JARGON: OnceLock<Vec<JargonPhrase>> = OnceLock::new();
    JARGON.get_or_init(|| {
        include_str!("jargon.txt")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| line.split_once('|'))
            .map(|(phrase, plain)| JargonPhrase {
                words: phrase.split_whitespace().collect(),
                plain: plain.trim(),
            })
            .collect()
    })
}

/// The site's words, as far as the lint needs them: what its glossary explains in
/// Easy Read, and the terms it explains only in full.
#[derive(Default)]
pub(crate) struct Vocabulary {
    explained: HashSet<String>,
    full_only: Vec<Vec<String>>,
    /// The positions in `full_only` of the terms each word starts.
    full_only_index: HashMap<String, Vec<usize>>,
}

impl Vocabulary {
    pub(crate) fn new<'a>(terms: impl Iterator<Item = &'a GlossaryTerm>) -> Vocabulary {
        let mut explained = HashSet::new();
        let mut full_only = Vec::new();
        for term in terms {
            let words: Vec<String> = term.term.split_whitespace().map(normal).collect();
            if words.is_empty() {
                continue; // a term of no words (a picture alone) names nothing to find
            }
            if term.easy_read.is_some() {
                explained.extend(words.iter().flat_map(|w| [w.clone(), singular(w)]));
            } else {
                full_only.push(words);
            }
        }
        let full_only_index = index_by_first_word(
            full_only
                .iter()
                .map(|t: &Vec<String>| t.first().map(String::as_str)),
        );
        Vocabulary {
            explained,
            full_only,
            full_only_index,
        }
    }

    /// Whether the site explains this word (lower case, as [`normal`] makes it) in
    /// Easy Read.
    fn explains(&self, word: &str) -> bool {
        self.explained.contains(word) || self.explained.contains(&singular(word))
    }

    /// How hard one word is, or `None` for an easy one. `name` says it is written
    /// with a capital where a sentence does not start: a name, not a hard word.
    pub(super) fn hard_word(&self, written: &str, name: bool) -> Option<Hard> {
        let bare = bare(written);
        if bare.is_empty() || bare.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let word = normal(bare);
        if self.explains(&word) {
            return None;
        }
        let common = |w: &str| common_words().contains(w);
        // Capitals that are not a common word in capitals (`HELP`).
        if bare.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && bare.chars().all(|c| !c.is_lowercase())
            && !common(&word)
        {
            return Some(Hard::Acronym);
        }
        if name {
            return None;
        }
        let known = common(&word)
            || word.strip_suffix("'s").is_some_and(common)
            || word.split('-').all(|part| part.is_empty() || common(part));
        (!known).then_some(Hard::Uncommon)
    }

    /// The jargon and full-glossary-only phrases in a run of words: the index of
    /// each phrase's first word, how many words it has, and why it is hard. Only the
    /// phrases that start with a word are tried at it, so the time is the words'
    /// number, whatever the size of the glossary.
    pub(super) fn hard_phrases(&self, words: &[&str]) -> Vec<(usize, usize, Hard)> {
        // Each word as written (lower case) and in the singular, made once.
        let words: Vec<(String, String)> = words
            .iter()
            .map(|w| {
                let word = normal(bare(w));
                let one = singular(&word);
                (word, one)
            })
            .collect();
        let mut found = Vec::new();
        for (i, (word, one)) in words.iter().enumerate() {
            let jargon = starting_with(jargon_index(), word, one)
                .into_iter()
                .map(|k| &jargon()[k])
                .find(|j| starts_at(&words[i..], &j.words));
            if let Some(j) = jargon {
                found.push((i, j.words.len(), Hard::Jargon { plain: j.plain }));
            }
            for k in starting_with(&self.full_only_index, word, one) {
                let term = &self.full_only[k];
                if starts_at(&words[i..], term) {
                    found.push((i, term.len(), Hard::FullGlossaryOnly));
                }
            }
        }
        found
    }
}

/// Whether these words (each as written and in the singular) start with the phrase.
fn starts_at(words: &[(String, String)], phrase: &[impl AsRef<str>]) -> bool {
    words.len() >= phrase.len()
        && phrase
            .iter()
            .zip(words)
            .all(|(p, (word, one))| p.as_ref() == word || p.as_ref() == one)
}

/// For each first word, the positions of the phrases that start with it, in order.
fn index_by_first_word<'a, K: From<&'a str> + Hash + Eq>(
    phrases: impl Iterator<Item = Option<&'a str>>,
) -> HashMap<K, Vec<usize>> {
    let mut index: HashMap<K, Vec<usize>> = HashMap::new();
    for (k, first) in phrases.enumerate() {
        if let Some(first) = first {
            index.entry(K::from(first)).or_default().push(k);
        }
    }
    index
}

/// The positions of the phrases that may start at a word (as written or in the
/// singular), in order.
fn starting_with<K: Borrow<str> + Hash + Eq>(
    index: &HashMap<K, Vec<usize>>,
    word: &str,
    one: &str,
) -> Vec<usize> {
    let mut found: Vec<usize> = index.get(word).into_iter().flatten().copied().collect();
    if one != word {
        found.extend(index.get(one).into_iter().flatten());
        found.sort_unstable();
        found.dedup();
    }
    found
}

fn jargon_index() -> &'static HashMap<&'static str, Vec<usize>> {
    static INDEX: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| index_by_first_word(jargon().iter().map(|j| j.words.first().copied())))
}

/// A word without the quotes and punctuation around it.
pub(super) fn bare(written: &str) -> &str {
    written.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Lower case, with typographic apostrophes made plain.
fn normal(word: &str) -> String {
    // Most words are plain ASCII: one copy, not two.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.to_lowercase().replace('’', "'")
}

/// A plural made singular ("families" → "family", "workers" → "worker").
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        stem.to_string()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{Hard, Vocabulary};
    use crate::model::GlossaryTerm;

    fn vocabulary() -> Vocabulary {
        let term = |term: &str, easy_read: Option<&str>| GlossaryTerm {
            term: term.into(),
            id: String::new(),
            first_sentence: String::new(),
            easy_read: easy_read.map(String::from),
        };
        Vocabulary::new(
            [
                term("GIRFEC", Some("Getting it right for every child.")),
                term("Caseload", Some("How many people a worker helps.")),
                term("Trauma-informed practice", None),
            ]
            .iter(),
        )
    }

    #[test]
    fn everyday_words_are_easy_however_long() {
        let v = vocabulary();
        for word in [
            "relationships",
            "information",
            "organisations",
            "people’s",
            "“family”",
            "one-to-one",
        ] {
            assert_eq!(v.hard_word(word, false), None, "{word}");
        }
    }

    #[test]
    fn uncommon_words_and_unexplained_letters_are_hard() {
        let v = vocabulary();
        assert_eq!(v.hard_word("interventions", false), Some(Hard::Uncommon));
        assert_eq!(v.hard_word("reflective", false), Some(Hard::Uncommon));
        assert_eq!(v.hard_word("SHANARRI", false), Some(Hard::Acronym));
        assert_eq!(
            v.hard_word("HELP", false),
            None,
            "a common word in capitals"
        );
        assert_eq!(v.hard_word("Corra", true), None, "a name");
    }

    #[test]
    fn words_the_site_explains_in_easy_read_are_easy() {
        let v = vocabulary();
        assert_eq!(v.hard_word("GIRFEC", false), None);
        assert_eq!(v.hard_word("caseloads", false), None);
    }

    #[test]
    fn jargon_and_full_glossary_terms_are_found_as_phrases() {
        let v = vocabulary();
        let text = "new models of delivery use trauma-informed practice";
        let words: Vec<&str> = text.split(' ').collect();
        let found = v.hard_phrases(&words);
        assert!(matches!(found[0], (1, 3, Hard::Jargon { .. })), "{found:?}");
        assert_eq!(found[1], (5, 2, Hard::FullGlossaryOnly));
    }

    #[test]
    fn terms_sharing_a_first_word_are_each_found_in_the_singular_or_the_plural() {
        let term = |term: &str| GlossaryTerm {
            term: term.into(),
            id: String::new(),
            first_sentence: String::new(),
            easy_read: None,
        };
        let v = Vocabulary::new([term("Support plan"), term("Support worker")].iter());
        let words: Vec<&str> = "support plans and “support workers” support"
            .split(' ')
            .collect();
        assert_eq!(
            v.hard_phrases(&words),
            [
                (0, 2, Hard::FullGlossaryOnly),
                (3, 2, Hard::FullGlossaryOnly)
            ]
        );
    }
}
