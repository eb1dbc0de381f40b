//! Style lint for Easy Read pages (`pubgen check`): the checkable rules of UK Easy
//! Read practice. Warnings only: the text is published as written.
//!
//! - sentences of 15 words or fewer (a stronger warning above 25);
//! - hard words (uncommon words, letters that stand for words, jargon) in bold
//!   or explained in Easy Read in the glossary (see `words`);
//! - no italics;
//! - numbers as digits, not words.

use std::collections::HashSet;

use rayon::prelude::*;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Diagnostics, Rule};
use crate::model::{Document, LoadedPage, PageId, PageKind, SiteConfig};
use crate::parse::markdown_options;

mod words;

use words::{Hard, Vocabulary};

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

/// Lints every Easy Read page. `docs` give the glossary's terms, `config` the
/// site's own names.
/// `only`: lint just these pages (an update in `serve`); the names are still taken
/// from every Easy Read page.
pub fn lint(
    pages: &[LoadedPage],
    config: &SiteConfig,
    docs: &[Document],
    only: Option<&[PageId]>,
    diags: &mut Diagnostics,
) {
    let vocabulary = Vocabulary::new(docs.iter().flat_map(|d| d.glossary.iter()));
    let easy_read: Vec<(PageId, &LoadedPage)> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.front.kind == PageKind::EasyRead)
        .map(|(i, p)| (PageId(i), p))
        .collect();
    // Two passes, page by page and in parallel, so that no more than a page's words
    // are held at once (a large site's would be hundreds of megabytes): the names
    // first (a name is a name on every page), then the lint.
    let mut names = easy_read
        .par_iter()
        .map(|(_, page)| {
            names(
                paragraphs(page, &mut Diagnostics::default())
                    .iter()
                    .flatten(),
            )
        })
        .reduce(HashSet::new, |mut all, more| {
            all.extend(more);
            all
        });
    // The publisher's and the publication's own names are names wherever they stand.
    let own = [Some(&config.title), config.publisher.as_ref()];
    names.extend(
        own.into_iter()
            .flatten()
            .flat_map(|n| n.split_whitespace())
            .map(String::from),
    );
    let linted: Vec<Diagnostics> = easy_read
        .par_iter()
        .filter(|(id, _)| only.is_none_or(|o| o.contains(id)))
        .map(|(_, page)| {
            let mut found = Diagnostics::default();
            let location = |range: Range<usize>| {
                page.source
                    .location(page.body_offset + range.start, range.len())
            };
            let mut lint = ParagraphLint {
                vocabulary: &vocabulary,
                names: &names,
                reported: HashSet::new(),
                location: &location,
            };
            for paragraph in paragraphs(page, &mut found) {
                lint.paragraph(&paragraph, &mut found);
            }
            found
        })
        .collect();
    for found in linted {
        diags.extend(found);
    }
}

/// A word of running text and where its text event starts in the source.
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

/// The paragraphs and list items of a page as words, with italics reported.
fn paragraphs(page: &LoadedPage, diags: &mut Diagnostics) -> Vec<Vec<Word>> {
    let body = &page.source.text[page.body_offset..];
    let mut strong = 0;
    let mut skip = 0; // headings, code, links' destinations are not prose
    let mut paragraphs = vec![Vec::new()];
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong -= 1,
            Event::Start(Tag::Emphasis) => diags.push(
                Diagnostic::warning("Easy Read text should not use italics")
                    .rule(Rule::Italics, italic_words(body, &range))
                    .at(page.source.location(page.body_offset + range.start, 1))
                    .help("use **bold** for key words, or plain text"),
            ),
            // Headings, code and pictures' alt text are not the sentences read.
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image) => skip -= 1,
            Event::Text(text) if skip == 0 => {
                let paragraph = paragraphs.last_mut().expect("one paragraph at least");
                push_words(
                    paragraph,
                    &text,
                    &body[range.clone()],
                    range.start,
                    strong > 0,
                );
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => paragraphs.push(Vec::new()),
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
        let at = match source[cursor..].find(word) {
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

/// The checks of one paragraph or list item, with what the page reported already:
/// a hard word is reported at its first use on the page only.
struct ParagraphLint<'a> {
    vocabulary: &'a Vocabulary,
    names: &'a HashSet<String>,
    reported: HashSet<String>,
    location: &'a dyn Fn(Range<usize>) -> crate::diagnostics::Location,
}

impl ParagraphLint<'_> {
    fn paragraph(&mut self, words: &[Word], diags: &mut Diagnostics) {
        self.sentences(words, diags);
        self.numbers(words, diags);
        let covered = self.hard_phrases(words, diags);
        for (i, word) in words.iter().enumerate() {
            if word.strong || covered.contains(&i) {
                continue;
            }
            let bare = words::bare(&word.text);
            let name =
                bare.starts_with(char::is_uppercase) && (!word.first || self.names.contains(bare));
            if let Some(hard) = self.vocabulary.hard_word(&word.text, name) {
                self.report(bare, &hard, word.at, diags);
            }
        }
    }

    /// Sentences end at . ! ? (the last word of the paragraph ends one too).
    fn sentences(&self, words: &[Word], diags: &mut Diagnostics) {
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
                diags.push(
                    long_sentence(count)
                        .rule(Rule::LongSentence, sentence.join(" "))
                        .at((self.location)(at..at + 1)),
                );
            }
            start = i + 1;
        }
    }

    fn numbers(&self, words: &[Word], diags: &mut Diagnostics) {
        for word in words {
            let bare = words::bare(&word.text);
            if NUMBER_WORDS.contains(&bare.to_lowercase().as_str()) {
                diags.push(
                    Diagnostic::warning(format!("the number `{bare}` is written as a word"))
                        .rule(Rule::NumberAsWord, bare)
                        .at((self.location)(word.at..word.at + 1))
                        .help("write numbers as digits in Easy Read (3, not three)"),
                );
            }
        }
    }

    /// Reports jargon and full-glossary-only terms; returns the words they cover,
    /// which are not judged again one by one.
    fn hard_phrases(&mut self, words: &[Word], diags: &mut Diagnostics) -> HashSet<usize> {
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
            self.report(&phrase.join(" "), &hard, words[start].at, diags);
        }
        covered
    }

    fn report(&mut self, text: &str, hard: &Hard, at: usize, diags: &mut Diagnostics) {
        if !self.reported.insert(text.to_lowercase()) {
            return;
        }
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
        diags.push(
            Diagnostic::warning(message)
                .rule(Rule::HardWord, text)
                .at((self.location)(at..at + 1))
                .help(help),
        );
    }
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
