//! Author–year citations linked both ways to the reference list, on pages whose list
//! sits under a heading with the id `references`.
//!
//! Understood: `(Ruch, 2005)`, `(Selbekk et al., 2018)`, `(Hale & Marshall, 2011)`,
//! `(Cited in Bamm & Rosenbaum, 2008)`, `(HOLMES, 1997 P.231)`, several separated by
//! `;`, and narrative `Howe (1999)`, `Brakenhoff and Slesnick (2015)`. A citation
//! matches an entry by first author's surname (case and accents ignored) and year.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{BlockSpan, PageParser};
use crate::diagnostics::{Diagnostic, Rule};
use crate::doc::{Element, Leaf, Node};

/// A reference entry: who and when, and where it is in the output.
struct Entry {
    key: (String, String),
    id: String,
    block: BlockSpan,
    cited_by: Vec<String>,
}

/// One citation found in running text: its byte range in the text and entry key.
struct Found {
    range: Range<usize>,
    key: (String, String),
    /// Surnames of the other authors named.
    others: Vec<String>,
    /// A narrative citation's longer names, shortest first, with where each starts
    /// (`Resilience Survey`, `Business Resilience Survey`, …): a name of several words.
    longer: Vec<(usize, String)>,
}

fn paren_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\(([^()]*?\b(?:1[5-9]|20)\d\d[a-z]?\b[^()]*)\)").unwrap())
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b((?:1[5-9]|20)\d\d)[a-z]?\b").unwrap())
}

fn narrative_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"([A-Z][\p{L}'’-]+)(?:\s+(?:and|&)\s+[A-Z][\p{L}'’-]+|\s+et\.?\s?al\.?)?\s*$")
            .unwrap()
    })
}

/// Links the citations of the page, if it has a reference list.
pub(super) fn link_citations(p: &mut PageParser) {
    let Some(section) = p.references_section() else {
        return;
    };
    let mut entries = reference_entries(p, &section);
    if entries.is_empty() {
        return;
    }
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_key.entry(e.key.clone()).or_insert(i);
    }
    let mut count = 0;
    let texts: Vec<usize> = p
        .running_texts(true)
        .into_iter()
        .filter(|i| !section.contains(i))
        .collect();
    for index in texts {
        let Some(text) = p.text_at(index) else {
            continue;
        };
        let text = text.to_string();
        let found = find_citations(&text);
        if found.is_empty() {
            continue;
        }
        for mut cite in found {
            lengthen_to_an_entry(&mut cite, &by_key);
            let shown = &text[cite.range.clone()];
            let Some(&entry) = by_key.get(&cite.key) else {
                p.report(
                    Diagnostic::warning(format!("the citation `{shown}` matches no entry in the reference list"))
                        .rule(Rule::CitationMismatch, shown)
                        .at(citation_location(p, index, shown))
                        .help(format!(
                            "check the author's name and the year against the list under `## References`; looked for `{}` {}",
                            cite.key.0, cite.key.1
                        )),
                );
                continue;
            };
            let entry_text =
                fold(&p.text_of(entries[entry].block.start..entries[entry].block.close));
            if let Some(missing) = cite.others.iter().find(|o| !entry_text.contains(&fold(o))) {
                p.report(
                    Diagnostic::warning(format!(
                        "the citation `{shown}` matches a reference by its first author and year, but `{missing}` is not among that reference's authors"
                    ))
                    .rule(Rule::CitationMismatch, shown)
                    .at(citation_location(p, index, shown))
                    .help("check the spelling of the names in the citation and in the reference list"),
                );
            }
            count += 1;
            let cite_id = p.generated_id(&format!("cite-{count}"));
            let leaf = Leaf::Citation {
                id: cite_id.clone(),
                entry: entries[entry].id.clone(),
                text: text[cite.range.clone()].to_string(),
            };
            if p.replace_text(index, cite.range.clone(), leaf) {
                entries[entry].cited_by.push(cite_id);
            }
        }
    }
    write_entries(p, &entries, &section);
}

/// Where a citation is in the source: found in its text event's source (smart
/// punctuation may have changed the text's length), else the event's start.
fn citation_location(p: &PageParser, index: usize, shown: &str) -> crate::diagnostics::Location {
    let range = p.source_of(index);
    let at = p
        .body()
        .get(range.clone())
        .and_then(|s| s.find(shown))
        .map_or(range.start, |i| range.start + i);
    p.location(&(at..at + shown.len()))
}

/// Citations in one run of text, in order.
fn find_citations(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for caps in paren_re().captures_iter(text) {
        let whole = caps.get(0).unwrap();
        let inner = caps.get(1).unwrap();
        let mut offset = inner.start();
        for part in inner.as_str().split(';') {
            let part_start = offset;
            offset += part.len() + 1;
            let Some(year) = year_re().captures(part) else {
                continue;
            };
            let year_text = year.get(1).unwrap().as_str().to_string();
            let authors = part[..year.get(0).unwrap().start()]
                .trim()
                .trim_end_matches([',', '.', ' ']);
            let authors = strip_prefixes(authors);
            if authors.is_empty() {
                // Narrative: `Howe (1999)`: the name stands before the parenthesis.
                if let Some(m) = narrative_re().captures(&text[..whole.start()]) {
                    let name = m.get(1).unwrap();
                    let names = &text[name.start()..whole.start()];
                    found.push(Found {
                        range: name.start()..whole.end(),
                        key: (fold(name.as_str()), year_text),
                        others: other_surnames(names),
                        longer: longer_names(text, name.start(), name.end()),
                    });
                }
                break;
            }
            let lead = part.len() - part.trim_start().len();
            let end = part.trim_end().len();
            found.push(Found {
                range: part_start + lead..part_start + end,
                key: (fold(first_surname(authors)), year_text),
                others: other_surnames(authors),
                longer: Vec::new(),
            });
        }
    }
    found.sort_by_key(|f| f.range.start);
    found.dedup_by(|b, a| b.range.start < a.range.end);
    found
}

/// A narrative citation whose last word names no entry, but whose words before it
/// do (`The Scottish Business Resilience Survey (2017)` for `Business Resilience
/// Survey, 2017.`), is that entry's.
fn lengthen_to_an_entry(cite: &mut Found, by_key: &HashMap<(String, String), usize>) {
    if by_key.contains_key(&cite.key) {
        return;
    }
    let year = cite.key.1.clone();
    if let Some((start, name)) = cite
        .longer
        .iter()
        .find(|(_, name)| by_key.contains_key(&(name.clone(), year.clone())))
    {
        cite.range.start = *start;
        cite.key.0 = name.clone();
    }
}

/// The capitalised words before a name (at most five), each making a longer name
/// with the words after it: shortest first, with where it starts.
fn longer_names(text: &str, name_start: usize, name_end: usize) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let mut start = name_start;
    for _ in 0..5 {
        let before = text[..start].trim_end();
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        if !word.starts_with(char::is_uppercase) {
            break;
        }
        start = word_start;
        let words: Vec<&str> = text[start..name_end].split_whitespace().collect();
        names.push((start, fold(&words.join(" "))));
    }
    names
}

/// `Hale & Marshall` → `[marshall]`; `Mcleigh, McDonnell, Lavenda` → both others;
/// `et al.` names nobody.
fn other_surnames(authors: &str) -> Vec<String> {
    authors
        .replace(" and ", ",")
        .replace('&', ",")
        .split(',')
        .skip(1)
        .map(str::trim)
        .filter(|a| !a.is_empty() && !a.starts_with("et"))
        .map(str::to_string)
        .collect()
}

fn strip_prefixes(authors: &str) -> &str {
    let mut a = authors;
    for prefix in ["Cited in ", "cited in ", "see ", "See ", "e.g. ", "e.g., "] {
        if let Some(rest) = a.strip_prefix(prefix) {
            a = rest.trim_start();
        }
    }
    a
}

/// `Hale & Marshall` → `Hale`; `Selbekk et.al` → `Selbekk`; `Bamm, E.L. and …` → `Bamm`.
fn first_surname(authors: &str) -> &str {
    let end = authors
        .find([',', '&', '(', '.'])
        .into_iter()
        .chain(authors.find(" and "))
        .chain(authors.find(" et"))
        .min()
        .unwrap_or(authors.len());
    let name = authors[..end].trim();
    name
}

/// Lower case without accents, for matching `Mcleigh` to `McLeigh` and `Muñoz` to `Munoz`.
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                    'a'
                }
                'ç' | 'Ç' => 'c',
                'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
                'ñ' | 'Ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                    'o'
                }
                'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
                'ý' | 'ÿ' | 'Ý' => 'y',
                '’' | '\'' => return None,
                c => c,
            };
            Some(c.to_lowercase().next().unwrap_or(c))
        })
        .collect()
}

/// The list items (or paragraphs) of the reference section, as entries.
fn reference_entries(p: &mut PageParser, section: &Range<usize>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for block in p.blocks_in(section) {
        let text = p.text_of(block.start..block.close);
        let Some(year) = year_re().captures(&text) else {
            continue;
        };
        let authors = text[..year.get(0).unwrap().start()].trim();
        if authors.is_empty() {
            continue;
        }
        let surname = fold(first_surname(authors));
        let year = year.get(1).unwrap().as_str().to_string();
        let base = format!("ref-{}-{year}", super::ids::slugify(&surname));
        let id = p.generated_id(&base);
        entries.push(Entry {
            key: (surname, year),
            id,
            block: block.clone(),
            cited_by: Vec::new(),
        });
    }
    entries
}

/// The first words of a reference, up to about 60 characters, for the known issues.
fn opening_words(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.len() + word.len() > 60 {
            out.push_str(" …");
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Gives each entry its id and its links back to where it is cited; warns about
/// entries nobody cites; wraps the section as the page's bibliography.
fn write_entries(p: &mut PageParser, entries: &[Entry], section: &Range<usize>) {
    for entry in entries {
        p.set_opening(
            entry.block.start,
            Element::ReferenceEntry {
                id: entry.id.clone(),
                item: entry.block.is_item,
            },
        );
        if entry.cited_by.is_empty() {
            let start = entry.block.range.start;
            let first_line = p.body()[start..entry.block.range.end]
                .find('\n')
                .map_or(entry.block.range.end, |i| start + i);
            let loc = p.location(&(start..first_line.min(start + 40)));
            p.report(
                Diagnostic::warning("this reference is not cited anywhere on the page")
                    .rule(Rule::UncitedReference, opening_words(&p.text_of(entry.block.start..entry.block.close)))
                    .at(loc)
                    .help("cite it in the text as (Surname, Year), or check that the citation's name and year match this entry"),
            );
            continue;
        }
        // Before the entry's closing tag.
        let text = &p.body()[entry.block.range.clone()];
        let author = text
            .trim_start_matches(['-', '*', ' '])
            .split([',', '.', '('])
            .next()
            .unwrap_or("")
            .trim();
        let cited_by = Leaf::CitedBy {
            citations: entry.cited_by.clone(),
            entry: format!(
                "{}, {}",
                author.chars().take(40).collect::<String>(),
                entry.key.1
            ),
        };
        p.insert_before(entry.block.close, Node::Leaf(cited_by), false);
    }
    // A reference list inside a quote or a list item stays unwrapped: the section
    // would close outside the container it opens in.
    if p.wraps_whole(section) {
        p.insert_before(section.start, Node::Open(Element::References), true);
        p.insert_before(section.end, Node::Close(Element::References), false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, String, String)> {
        find_citations(text)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.key.0, f.key.1))
            .collect()
    }

    #[test]
    fn understands_the_contract_forms() {
        assert_eq!(
            keys("as shown (Ruch, 2005)."),
            vec![("Ruch, 2005".into(), "ruch".into(), "2005".into())]
        );
        assert_eq!(keys("(Selbekk et al., 2018)")[0].1, "selbekk");
        assert_eq!(keys("(Selbekk et.al, 2018)")[0].1, "selbekk");
        assert_eq!(keys("(Mcleigh, McDonnell, Lavenda, 2018)")[0].1, "mcleigh");
        assert_eq!(keys("(Hale & Marshall, 2011)")[0].1, "hale");
        assert_eq!(keys("(Cited in Bamm & Rosenbaum, 2008)")[0].1, "bamm");
        assert_eq!(keys("(HOLMES, 1997 P.231)")[0].1, "holmes");
        let two = keys("(Howe, 1999; Perry, 2010)");
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].0, "Perry, 2010");
        assert_eq!(keys("as Howe (1999) said")[0].0, "Howe (1999)");
        assert_eq!(
            keys("Brakenhoff and Slesnick (2015) found")[0].1,
            "brakenhoff"
        );
        assert!(keys("in the year (2016) alone").is_empty());
    }
}
