//! Style lint for Easy Read pages (`pubgen check`): the checkable rules of UK Easy
//! Read practice. Warnings only: the text is published as written.
//!
//! - sentences of 15 words or fewer (a stronger warning above 25);
//! - hard words (4 or more syllables) in bold or explained in the glossary;
//! - no italics;
//! - numbers as digits, not words.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Document, LoadedPage, PageKind};
use crate::parse::markdown_options;

const LONG_SENTENCE: usize = 15;
const VERY_LONG_SENTENCE: usize = 25;
const HARD_WORD_SYLLABLES: usize = 4;

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

/// Lints every Easy Read page. `docs` gives the glossary's terms.
pub fn lint(pages: &[LoadedPage], docs: &[Document], diags: &mut Diagnostics) {
    let glossary: HashSet<String> = docs
        .iter()
        .flat_map(|d| d.glossary.iter())
        .flat_map(|t| {
            t.term
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    for page in pages.iter().filter(|p| p.front.kind == PageKind::EasyRead) {
        lint_page(page, &glossary, diags);
    }
}

/// A word of running text and where its text event starts in the source.
struct Word {
    text: String,
    strong: bool,
    at: usize,
}

fn lint_page(page: &LoadedPage, glossary: &HashSet<String>, diags: &mut Diagnostics) {
    let body = &page.source.text[page.body_offset..];
    let location = |range: Range<usize>| {
        page.source
            .location(page.body_offset + range.start, range.len())
    };
    let mut strong = 0;
    let mut skip = 0; // headings, code, links' destinations are not prose
    let mut paragraph: Vec<Word> = Vec::new();
    // A hard word is reported at its first use on the page only.
    let mut reported: HashSet<String> = HashSet::new();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong -= 1,
            Event::Start(Tag::Emphasis) => diags.push(
                Diagnostic::warning("Easy Read text should not use italics")
                    .at(location(range.start..range.start + 1))
                    .help("use **bold** for key words, or plain text"),
            ),
            // Headings, code and pictures' alt text are not the sentences read.
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image) => skip -= 1,
            Event::Text(text) if skip == 0 => {
                // Point at each word in the source where it can be found there.
                let source = &body[range.clone()];
                let mut cursor = 0;
                for word in text.split_whitespace() {
                    let at = match source[cursor..].find(word) {
                        Some(i) => {
                            cursor += i + word.len();
                            range.start + cursor - word.len()
                        }
                        None => range.start + cursor,
                    };
                    paragraph.push(Word {
                        text: word.to_string(),
                        strong: strong > 0,
                        at,
                    });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                lint_paragraph(
                    &std::mem::take(&mut paragraph),
                    glossary,
                    &mut reported,
                    &location,
                    diags,
                );
            }
            _ => {}
        }
    }
    lint_paragraph(&paragraph, glossary, &mut reported, &location, diags);
}

fn lint_paragraph(
    words: &[Word],
    glossary: &HashSet<String>,
    reported: &mut HashSet<String>,
    location: &dyn Fn(Range<usize>) -> crate::diagnostics::Location,
    diags: &mut Diagnostics,
) {
    // Sentences end at . ! ? (the last word of the paragraph ends one too).
    let mut start = 0;
    for (i, word) in words.iter().enumerate() {
        let ends = word.text.ends_with(['.', '!', '?']) || i + 1 == words.len();
        if !ends {
            continue;
        }
        let count = i + 1 - start;
        if count > LONG_SENTENCE {
            let at = words[start].at;
            let (message, help) = if count > VERY_LONG_SENTENCE {
                (
                    format!(
                        "this Easy Read sentence has {count} words, far more than {LONG_SENTENCE}"
                    ),
                    "split it into two or three short sentences, one idea each",
                )
            } else {
                (
                    format!("this Easy Read sentence has {count} words (Easy Read aims for {LONG_SENTENCE} or fewer)"),
                    "split it into shorter sentences, one idea each",
                )
            };
            diags.push(
                Diagnostic::warning(message)
                    .at(location(at..at + 1))
                    .help(help),
            );
        }
        start = i + 1;
    }
    for word in words {
        let bare: String = word
            .text
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-')
            .collect();
        let lower = bare.to_lowercase();
        if NUMBER_WORDS.contains(&lower.as_str()) {
            diags.push(
                Diagnostic::warning(format!("the number `{bare}` is written as a word"))
                    .at(location(word.at..word.at + 1))
                    .help("write numbers as digits in Easy Read (3, not three)"),
            );
        }
        if word.strong || bare.contains('-') {
            continue;
        }
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        if syllables(&lower) >= HARD_WORD_SYLLABLES
            && !glossary.contains(&lower)
            && !glossary.contains(singular)
            && reported.insert(singular.to_string())
        {
            diags.push(
                Diagnostic::warning(format!(
                    "`{bare}` is a hard word ({} syllables)",
                    syllables(&lower)
                ))
                .at(location(word.at..word.at + 1))
                .help("use a shorter word, or put it in **bold** and explain it in the glossary"),
            );
        }
    }
}

/// Syllables by vowel groups, less a silent final `e`: good enough to find long words.
pub fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &letters {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = letters.len();
    if n > 2
        && letters[n - 1] == 'e'
        && letters[n - 2] != 'l'
        && !vowel(letters[n - 2])
        && count > 1
    {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::syllables;

    #[test]
    fn counts_syllables_well_enough() {
        assert_eq!(syllables("money"), 2);
        assert_eq!(syllables("relationship"), 4);
        assert_eq!(syllables("organisation"), 5);
        assert_eq!(syllables("staff"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("people"), 2);
    }
}
