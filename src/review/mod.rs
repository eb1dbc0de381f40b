//! Easy Read kept in step with the full text. Each Easy Read section explains a
//! full-text section (`full="…"`); the review record (`content/easy-read-review.yaml`)
//! keeps, for each pair, the full text as it was when an editor last checked that the
//! Easy Read text says the same. Every build compares: a full text changed since is a
//! warning at the Easy Read heading, naming both places. `pubgen review` shows what
//! changed, word by word; `pubgen review --accept` records the texts as they are now.
//!
//! The texts compared are the words of the typed document ([`crate::doc::text`]), so
//! re-wrapping a line or re-pointing a link is no change; new words are.

pub(crate) mod diff;

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::doc::text;
use crate::model::*;
use crate::parse::glossary::GlossaryIndex;

/// One reviewed pair as the site has it now.
#[derive(Debug, Clone)]
pub(crate) struct PairText {
    pub pairing: Pairing,
    /// `easy-read/staff.md#er-staff` (the page alone for a whole-page pairing).
    pub easy_key: String,
    /// `recommendations.md#workforce`.
    pub full_key: String,
    /// The words of the full-text section, a block per line.
    pub full_text: String,
    /// The words of the Easy Read section.
    pub easy_text: String,
}

impl PairText {
    pub(crate) fn fingerprint(&self) -> String {
        stable_fingerprint(&self.full_text)
    }
}

/// The pairs whose texts are kept in step: every Easy Read heading paired with a full
/// text, and an Easy Read page paired as a whole when none of its headings is (its
/// headings say more precisely which text each part explains).
pub(crate) fn pair_texts(
    site: &LoadedSite,
    docs: &[Document],
    pairs: &[Pairing],
    glossary: Option<&GlossaryIndex>,
) -> Vec<PairText> {
    let sectioned: HashSet<PageId> = pairs
        .iter()
        .filter(|p| p.easy.id.is_some())
        .map(|p| p.easy.page)
        .collect();
    let mut reparsed = HashMap::new();
    pairs
        .iter()
        .filter(|p| p.easy.id.is_some() || !sectioned.contains(&p.easy.page))
        .map(|pairing| PairText {
            pairing: pairing.clone(),
            easy_key: place_key(site, &pairing.easy),
            full_key: place_key(site, &pairing.full),
            full_text: words(site, docs, glossary, &pairing.full, &mut reparsed),
            easy_text: words(site, docs, glossary, &pairing.easy, &mut reparsed),
        })
        .collect()
}

/// `page.md#id`, or `page.md`: how the record names a place.
fn place_key(site: &LoadedSite, place: &Place) -> String {
    let rel = &site.pages[place.page].source.rel;
    match &place.id {
        Some(id) => format!("{rel}#{id}"),
        None => rel.clone(),
    }
}

/// The words of a place: its section, or its whole page. A large site drops most
/// pages' trees after parsing (see `site::prepare`): those are parsed again here.
fn words(
    site: &LoadedSite,
    docs: &[Document],
    glossary: Option<&GlossaryIndex>,
    place: &Place,
    reparsed: &mut HashMap<PageId, Document>,
) -> String {
    let mut nodes = &docs[place.page].nodes;
    if docs[place.page].released {
        let trees = crate::parse::store::Trees::new(site, docs, glossary);
        let doc = reparsed.entry(place.page).or_insert_with(|| {
            // A page that changed since it was parsed has no words to compare: the
            // build reports the change when it renders it.
            match trees.tree(place.page) {
                Ok(crate::parse::store::Tree::Parsed(doc)) => *doc,
                _ => Document::default(),
            }
        });
        nodes = &doc.nodes;
    }
    match &place.id {
        Some(id) => text::section(nodes, id)
            .map(text::plain)
            .unwrap_or_default(),
        None => text::plain(nodes),
    }
}

/// A fingerprint of a text that stays the same across versions of pubgen and
/// computers (FNV-1a, 64 bits, in hex): the record is kept with the content.
pub(crate) fn stable_fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// How a pair stands against the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// The full text is as it was when the pair was accepted.
    InStep,
    /// Not in the record yet.
    New,
    /// The Easy Read section now explains another full text than the one accepted.
    Repaired,
    /// The full text changed since it was accepted.
    Changed,
}

impl Standing {
    /// What is out of step, said of the Easy Read section (`this Easy Read section …`).
    pub(crate) fn words(self) -> &'static str {
        match self {
            Standing::InStep => "is in step with its full text",
            Standing::New => "has not been checked against its full text yet",
            Standing::Repaired => {
                "now explains another full text than the one it was checked against"
            }
            Standing::Changed => {
                "explains a full text that changed since the two were last checked"
            }
        }
    }
}

pub(crate) fn standing(pair: &PairText, record: &ReviewRecord) -> Standing {
    match record.pairs.iter().find(|a| a.easy == pair.easy_key) {
        None => Standing::New,
        Some(a) if a.full != pair.full_key => Standing::Repaired,
        Some(a) if a.fingerprint != pair.fingerprint() => Standing::Changed,
        Some(_) => Standing::InStep,
    }
}

/// Warns of every pair not in step with the record, and of record entries that no
/// longer match a pair; a site with pairs and no record gets one note.
pub(crate) fn check(
    site: &LoadedSite,
    docs: &[Document],
    pairs: &[Pairing],
    glossary: Option<&GlossaryIndex>,
    diags: &mut Diagnostics,
) {
    let texts = pair_texts(site, docs, pairs, glossary);
    let Some(loaded) = &site.review else {
        if !texts.is_empty() {
            let record = site
                .config_source
                .display
                .replace("site.yaml", REVIEW_RECORD);
            diags.push(no_record_yet(texts.len(), record));
        }
        return;
    };
    for pair in &texts {
        let standing = standing(pair, &loaded.record);
        if standing == Standing::InStep {
            continue;
        }
        diags.push(
            Diagnostic::warning(format!("this Easy Read section {}", standing.words()))
                .rule(Rule::EasyReadOutOfStep, section_name(site, docs, &pair.pairing.easy))
                .at(easy_location(site, docs, &pair.pairing.easy))
                .related(format!("the full text, `{}`", pair.full_key), full_location(site, docs, &pair.pairing.full))
                .help("see what changed with `pubgen review`; if the Easy Read text no longer says the same, update it; then record the pair as checked with `pubgen review --accept`"),
        );
    }
    let current: HashSet<&str> = texts.iter().map(|t| t.easy_key.as_str()).collect();
    for accepted in &loaded.record.pairs {
        if !current.contains(accepted.easy.as_str()) && !on_a_draft(site, accepted) {
            diags.push(stale_entry(loaded, &accepted.easy));
        }
    }
}

/// An Easy Read section as readers know it: its heading (or its page's title).
fn section_name(site: &LoadedSite, docs: &[Document], place: &Place) -> String {
    let doc = &docs[place.page];
    place
        .id
        .as_ref()
        .and_then(|id| doc.headings.iter().find(|h| &h.id == id))
        .map(|h| h.text.clone())
        .unwrap_or_else(|| {
            site.pages[place.page]
                .front
                .title
                .clone()
                .unwrap_or_default()
        })
}

fn no_record_yet(pairs: usize, record: String) -> Diagnostic {
    Diagnostic::note(format!(
        "{pairs} Easy Read section{} paired with the full text, and none is recorded as checked against it yet",
        if pairs == 1 { " is" } else { "s are" }
    ))
    .at(Location::file(record))
    .help("when the Easy Read text says what the full text says, run `pubgen review --accept`: pubgen then warns whenever a full text changes after that")
}

fn stale_entry(loaded: &LoadedRecord, easy: &str) -> Diagnostic {
    let line = format!("easy: {easy}");
    let mut offset = 0;
    for text in loaded.source.text.split_inclusive('\n') {
        if text.trim_start().trim_start_matches("- ").trim_end() == line {
            offset += text.len() - text.trim_start().len();
            break;
        }
        offset += text.len();
    }
    let offset = offset.min(loaded.source.text.len());
    Diagnostic::warning(format!(
        "the review record names `{easy}`, which is no longer an Easy Read section paired with a full text"
    ))
    .at(loaded.source.location(offset, 0))
    .help("run `pubgen review --accept` to bring the record up to date")
}

/// Where an Easy Read pairing is written: its heading's `full="…"`, or the page's
/// `full:` line.
pub(crate) fn easy_location(site: &LoadedSite, docs: &[Document], place: &Place) -> Location {
    let heading = place.id.as_ref().and_then(|id| {
        docs[place.page]
            .headings
            .iter()
            .find(|h| &h.id == id)
            .and_then(|h| h.full.as_ref())
    });
    match heading {
        Some(full) => full.location.clone(),
        None => crate::load::key_line(&site.pages[place.page].source, "full"),
    }
}

/// Where a full-text section starts (its id), or its page.
pub(crate) fn full_location(site: &LoadedSite, docs: &[Document], place: &Place) -> Location {
    let decl = place
        .id
        .as_ref()
        .and_then(|id| docs[place.page].ids.iter().find(|d| &d.id == id));
    match decl {
        Some(decl) => site.pages[place.page].source.at(decl.at),
        None => Location::file(site.pages[place.page].source.display.clone()),
    }
}

/// Whether a record entry is for an Easy Read page this build leaves out as a draft:
/// it is kept as it is, neither reported nor dropped.
fn on_a_draft(site: &LoadedSite, accepted: &AcceptedPair) -> bool {
    let page = accepted.easy.split('#').next().unwrap_or_default();
    site.draft_pages.iter().any(|d| d == page)
}

/// The record with these pairs accepted as they are now (`only` empty: every pair);
/// the other pairs keep what was accepted for them, entries of draft pages left out
/// of this build stay, and entries that match no pair any longer are dropped.
pub(crate) fn accept(site: &LoadedSite, texts: &[PairText], only: &[String]) -> ReviewRecord {
    let old = site.review.as_ref().map(|r| &r.record);
    let drafts = old
        .into_iter()
        .flat_map(|r| &r.pairs)
        .filter(|a| on_a_draft(site, a))
        .cloned();
    let pairs = texts
        .iter()
        .filter_map(|pair| {
            if only.is_empty() || only.iter().any(|o| names(pair, o)) {
                return Some(AcceptedPair {
                    easy: pair.easy_key.clone(),
                    full: pair.full_key.clone(),
                    fingerprint: pair.fingerprint(),
                    text: pair.full_text.clone(),
                });
            }
            old?.pairs.iter().find(|a| a.easy == pair.easy_key).cloned()
        })
        .chain(drafts)
        .collect();
    ReviewRecord { pairs }
}

/// Whether an editor's name for a pair (`er-staff`, or `easy-read/staff.md#er-staff`)
/// names it.
pub(crate) fn names(pair: &PairText, name: &str) -> bool {
    pair.easy_key == name || pair.pairing.easy.id.as_deref() == Some(name)
}
