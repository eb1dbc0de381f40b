//! Style lint for Easy Read pages (`pubgen check`): the checkable rules of UK Easy
//! Read practice. Warnings only: the text is published as written.
//!
//! - sentences of 15 words or fewer (a stronger warning above 25);
//! - hard words (uncommon words, letters that stand for words, jargon) in bold
//!   or explained in Easy Read in the glossary (see `words`);
//! - no italics;
//! - numbers as digits, not words.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::model::node::{Element, Node};
use crate::model::{
    Document, EasyReadNotes, EasyReadProblem, LintWarning, LoadedPage, PageId, SiteConfig,
};

mod words;

use words::Hard;
pub(crate) use words::Vocabulary;

const LONG_SENTENCE: usize = 15;
const VERY_LONG_SENTENCE: usize = 25;

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
];

/// Lints one Easy Read page as it is parsed, from the parser's nodes, each with
/// where it is in the page's body (`body`): the page's markdown is read once, by the
/// parser. `offset` is where the body starts in the page's file.
pub(crate) fn read_page(
    nodes: &[(Node<'_>, Range<usize>)],
    body: &str,
    vocabulary: &Vocabulary,
    offset: usize,
) -> EasyReadNotes {
    let mut warnings = Vec::new();
    let paragraphs = paragraphs(nodes, body, offset, &mut warnings);
    let mut names: Vec<String> = names(paragraphs.iter().flatten()).into_iter().collect();
    names.sort_unstable();
    let lint = ParagraphLint { vocabulary, offset };
    for paragraph in &paragraphs {
        lint.paragraph(paragraph, &mut warnings);
    }
    EasyReadNotes {
        names,
        warnings: first_uses(warnings),
    }
}

/// The warnings without the later uses of a hard word already reported on the page
/// (so that a page holds one per word until it is settled); a use that is not
/// reported if the word is a name elsewhere does not count as reported.
fn first_uses(warnings: Vec<LintWarning>) -> Vec<LintWarning> {
    let mut reported = HashSet::new();
    warnings
        .into_iter()
        .filter(|w| match (&w.once, &w.unless_name) {
            (Some(key), None) => reported.insert(key.clone()),
            (Some(key), Some(_)) => !reported.contains(key),
            (None, _) => true,
        })
        .collect()
}

/// Reports what the lint found on the Easy Read pages (all of them, or `only` these
/// after an update), now that every page is parsed: a capitalised word that starts a
/// sentence is a name if any page, or the site's title or publisher, writes it so
/// elsewhere. Each page's warnings are taken out of its document. `pages` are the
/// loaded pages, in the order of `docs` (their files give the warnings' lines).
/// `brief`: the warnings are counted, not printed (`build`'s, for the accessibility
/// statement): they are kept without help or quoted line, which a large site's
/// hundreds of thousands would make heavy.
pub fn settle(
    config: &SiteConfig,
    pages: &[LoadedPage],
    docs: &mut [Document],
    (only, brief): (Option<&[PageId]>, bool),
    diags: &mut Diagnostics,
) {
    // The publisher's and the publication's own names are names wherever they stand.
    let own = [Some(&config.title), config.publisher.as_ref()];
    let names: HashSet<String> = own
        .into_iter()
        .flatten()
        .flat_map(|n| n.split_whitespace())
        .chain(
            docs.iter()
                .filter_map(|d| d.easy_read.as_ref())
                .flat_map(|notes| notes.names.iter().map(String::as_str)),
        )
        .map(String::from)
        .collect();
    for (i, doc) in docs.iter_mut().enumerate() {
        if only.is_some_and(|o| !o.contains(&PageId(i))) {
            continue;
        }
        let Some(notes) = doc.easy_read.as_mut() else {
            continue;
        };
        let mut reported = HashSet::new();
        for warning in std::mem::take(&mut notes.warnings) {
            if warning.unless_name.is_some_and(|n| names.contains(&n)) {
                continue;
            }
            if warning.once.is_none_or(|key| reported.insert(key)) {
                let mut d = diagnostic(warning.found, pages[i].source.location(warning.at, 1));
                if brief {
                    d.help = None;
                    if let Some(at) = &mut d.location {
                        at.line_text = String::new();
                    }
                }
                diags.push(d);
            }
        }
    }
}

/// A word of running text and where it starts in the page's body.
struct Word {
    text: String,
    strong: bool,
    at: usize,
    /// It starts a sentence, so a capital letter does not make it a name.
    first: bool,
}

/// The words written with a capital where no sentence starts: names, so also
/// names where a sentence starts with them ("Corra thinks…").
fn names<'a>(words: impl Iterator<Item = &'a Word>) -> HashSet<String> {
    words
        .filter(|w| !w.first && w.text.starts_with(char::is_uppercase))
        .map(|w| words::bare(&w.text).to_string())
        .collect()
}

/// The paragraphs and list items of a page as words, with italics reported. The
/// text of headings, code and pictures' alt text is not the sentences read: the
/// parser keeps code and alt text in leaves, and heading text between its nodes.
fn paragraphs(
    nodes: &[(Node<'_>, Range<usize>)],
    body: &str,
    offset: usize,
    warnings: &mut Vec<LintWarning>,
) -> Vec<Vec<Word>> {
    let mut strong = 0usize;
    let mut in_heading = 0usize;
    let mut paragraphs = vec![Vec::new()];
    for (node, range) in nodes {
        match node {
            Node::Markdown(Event::Start(Tag::Strong)) => strong += 1,
            Node::Markdown(Event::End(TagEnd::Strong)) => strong = strong.saturating_sub(1),
            Node::Markdown(Event::Start(Tag::Emphasis)) => warnings.push(always(
                EasyReadProblem::Italics(italic_words(body, range)),
                offset + range.start,
            )),
            Node::Open(Element::Heading { .. }) => in_heading += 1,
            Node::Close(Element::Heading { .. }) => in_heading = in_heading.saturating_sub(1),
            Node::Markdown(Event::Text(text)) if in_heading == 0 => {
                let paragraph = paragraphs.last_mut().expect("one paragraph at least");
                let source = body.get(range.clone()).unwrap_or("");
                push_words(paragraph, text, source, range.start, strong > 0);
            }
            Node::Close(
                Element::Paragraph { .. } | Element::Item { .. } | Element::Attribution,
            ) => paragraphs.push(Vec::new()),
            _ => {}
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
}

/// Adds the words of one text event, each pointing at itself in the source where
/// it can be found there.
fn push_words(paragraph: &mut Vec<Word>, text: &str, source: &str, start: usize, strong: bool) {
    let mut cursor = 0;
    for word in text.split_whitespace() {
        // Mostly the source is the text: the word is where its whitespace ends.
        let rest = &source[cursor..];
        let skipped = rest.len() - rest.trim_start().len();
        let found = if rest[skipped..].starts_with(word) {
            Some(skipped)
        } else {
            rest.find(word)
        };
        let at = match found {
            Some(i) => {
                cursor += i + word.len();
                start + cursor - word.len()
            }
            None => start + cursor,
        };
        let first = paragraph
            .last()
            .is_none_or(|w| w.text.ends_with(['.', '!', '?', ':']));
        paragraph.push(Word {
            text: word.to_string(),
            strong,
            at,
            first,
        });
    }
}

/// The checks of one paragraph or list item. A hard word is reported at its first
/// use on the page only (the warning's `once` key, applied by [`settle`]).
struct ParagraphLint<'a> {
    vocabulary: &'a Vocabulary,
    /// Where the body starts in the page's file.
    offset: usize,
}

impl ParagraphLint<'_> {
    fn paragraph(&self, words: &[Word], found: &mut Vec<LintWarning>) {
        self.sentences(words, found);
        self.numbers(words, found);
        let covered = self.hard_phrases(words, found);
        for (i, word) in words.iter().enumerate() {
            if word.strong || covered.contains(&i) {
                continue;
            }
            let bare = words::bare(&word.text);
            let capital = bare.starts_with(char::is_uppercase);
            // A capital where no sentence starts is a name; at the start of a sentence
            // it is one if another place on the site writes it so (see `settle`).
            let hard = self
                .vocabulary
                .hard_word(&word.text, capital && !word.first);
            let Some(hard) = hard else { continue };
            let unless_name =
                (capital && word.first && self.vocabulary.hard_word(&word.text, true).is_none())
                    .then(|| bare.to_string());
            found.push(self.hard(bare, &hard, word.at, unless_name));
        }
    }

    /// Sentences end at . ! ? (the last word of the paragraph ends one too).
    fn sentences(&self, words: &[Word], found: &mut Vec<LintWarning>) {
        let mut start = 0;
        for (i, word) in words.iter().enumerate() {
            let ends = word.text.ends_with(['.', '!', '?']) || i + 1 == words.len();
            if !ends {
                continue;
            }
            let count = i + 1 - start;
            if count > LONG_SENTENCE {
                let at = words[start].at;
                // The whole sentence: an acknowledgement covers it only while it is
                // unchanged.
                let sentence: Vec<&str> =
                    words[start..=i].iter().map(|w| w.text.as_str()).collect();
                found.push(always(
                    EasyReadProblem::LongSentence(count, sentence.join(" ")),
                    self.offset + at,
                ));
            }
            start = i + 1;
        }
    }

    fn numbers(&self, words: &[Word], found: &mut Vec<LintWarning>) {
        for word in words {
            let bare = words::bare(&word.text);
            // The number words are ASCII without a `k`, so this is the same as
            // comparing in lower case (the Kelvin sign is the one non-ASCII letter
            // that lower-cases to ASCII) without a copy of every word.
            if NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(bare)) {
                found.push(always(
                    EasyReadProblem::NumberAsWord(bare.to_string()),
                    self.offset + word.at,
                ));
            }
        }
    }

    /// Reports jargon and full-glossary-only terms; returns the words they cover,
    /// which are not judged again one by one.
    fn hard_phrases(&self, words: &[Word], found: &mut Vec<LintWarning>) -> HashSet<usize> {
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        let mut covered = HashSet::new();
        for (start, len, hard) in self.vocabulary.hard_phrases(&texts) {
            covered.extend(start..start + len);
            if words[start].strong {
                continue;
            }
            let phrase: Vec<&str> = texts[start..start + len]
                .iter()
                .map(|w| words::bare(w))
                .collect();
            found.push(self.hard(&phrase.join(" "), &hard, words[start].at, None));
        }
        covered
    }

    /// The warning for a hard word or phrase, once per page.
    fn hard(&self, text: &str, hard: &Hard, at: usize, unless_name: Option<String>) -> LintWarning {
        LintWarning {
            found: EasyReadProblem::HardWord(text.to_string(), hard.clone()),
            at: self.offset + at,
            once: Some(text.to_lowercase()),
            unless_name,
        }
    }
}

/// A warning reported wherever it is found.
fn always(found: EasyReadProblem, at: usize) -> LintWarning {
    LintWarning {
        found,
        at,
        once: None,
        unless_name: None,
    }
}

/// What the lint found, worded for the editor, at `location`.
fn diagnostic(found: EasyReadProblem, location: Location) -> Diagnostic {
    let diagnostic = match found {
        EasyReadProblem::Italics(words) => {
            Diagnostic::warning("Easy Read text should not use italics")
                .rule(Rule::Italics, words)
                .help("use **bold** for key words, or plain text")
        }
        EasyReadProblem::NumberAsWord(bare) => {
            Diagnostic::warning(format!("the number `{bare}` is written as a word"))
                .rule(Rule::NumberAsWord, bare)
                .help("write numbers as digits in Easy Read (3, not three)")
        }
        EasyReadProblem::LongSentence(count, sentence) => {
            long_sentence(count).rule(Rule::LongSentence, sentence)
        }
        EasyReadProblem::HardWord(text, hard) => hard_word(text, &hard),
    };
    diagnostic.at(location)
}

/// The warning for a hard word or phrase.
fn hard_word(text: String, hard: &Hard) -> Diagnostic {
    let (message, help) = match hard {
        Hard::Uncommon => (
            format!("`{text}` is not a common word"),
            "use a more common word; or put it in **bold** and explain it; \
             or give its glossary entry an `Easy Read:` explanation"
                .to_string(),
        ),
        Hard::Acronym => (
            format!("`{text}` is letters that stand for words"),
            "say the words in full, or give its glossary entry an `Easy Read:` explanation"
                .to_string(),
        ),
        Hard::Jargon { plain } => (
            format!("`{text}` is jargon"),
            format!("say it plainly, for example \"{plain}\""),
        ),
        Hard::FullGlossaryOnly => (
            format!("`{text}` is explained only in the full glossary"),
            "give its glossary entry an `Easy Read:` explanation: Easy Read pages \
             show it under \"Words to know\""
                .to_string(),
        ),
    };
    Diagnostic::warning(message)
        .rule(Rule::HardWord, text)
        .help(help)
}

/// The words in italics that start at `range` (up to the end of the emphasis).
fn italic_words(body: &str, range: &Range<usize>) -> String {
    body[range.clone()].trim_matches(['*', '_']).to_string()
}

fn long_sentence(count: usize) -> Diagnostic {
    if count > VERY_LONG_SENTENCE {
        Diagnostic::warning(format!(
            "this Easy Read sentence has {count} words, far more than {LONG_SENTENCE}"
        ))
        .help("split it into two or three short sentences, one idea each")
    } else {
        Diagnostic::warning(format!(
            "this Easy Read sentence has {count} words (Easy Read aims for {LONG_SENTENCE} or fewer)"
        ))
        .help("split it into shorter sentences, one idea each")
    }
}
