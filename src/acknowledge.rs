//! Acknowledged warnings: an editor keeps a warning about the published text with a
//! reason, so that a clean check means something. An acknowledgement covers one rule
//! on one exact text: in `content/acknowledged.yaml`, anywhere in the page it names;
//! or written in the page, `<!-- acknowledge RULE "TEXT": REASON -->`, in the block
//! right after it. A changed text, or the same problem elsewhere, warns again; an
//! acknowledgement that covers nothing is itself a warning, so the record stays true.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostics::{nearest, Diagnostic, Diagnostics, Location, Rule, Severity};
use crate::model::*;

/// One acknowledgement, wherever it was written.
#[derive(Debug)]
struct Acknowledgement {
    rule: Rule,
    text: String,
    reason: String,
    /// The page it covers, as diagnostics name it (`content/summary.md`).
    file: String,
    /// For one written in a page: the lines of the block after it.
    lines: Option<(usize, usize)>,
    /// Where it is written.
    location: Location,
}

impl Acknowledgement {
    fn covers(&self, at: &Location) -> bool {
        at.file == self.file && self.lines.is_none_or(|(a, b)| (a..=b).contains(&at.line))
    }
}

/// Marks the warnings the site acknowledges, in what is printed and in what is not
/// (the lint's findings of `build`, kept for the accessibility statement); problems
/// with acknowledgements go into `printed`. `parsed`: `None` for a whole build, which
/// also warns of acknowledgements that covered nothing; after an update, the pages
/// parsed again (an update sees too little to say an acknowledgement is unused).
pub(crate) fn settle(
    site: &LoadedSite,
    printed: &mut Diagnostics,
    unprinted: &mut Diagnostics,
    parsed: Option<&[PageId]>,
) {
    let report_unused = parsed.is_none();
    let read = pages_to_read(site, [printed, unprinted], parsed);
    let acks = collect(site, &read, printed);
    let mut by_text: HashMap<(Rule, &str), Vec<usize>> = HashMap::new();
    for (i, ack) in acks.iter().enumerate() {
        by_text
            .entry((ack.rule, ack.text.as_str()))
            .or_default()
            .push(i);
    }
    let mut used = vec![false; acks.len()];
    for d in printed.items.iter_mut().chain(unprinted.items.iter_mut()) {
        let (Some((rule, subject)), Some(at)) = (&d.rule, &d.location) else {
            continue;
        };
        let candidates = by_text.get(&(*rule, subject.as_str()));
        let found = candidates.and_then(|c| c.iter().find(|&&i| acks[i].covers(at)));
        if let (Some(&i), Severity::Warning) = (found, d.severity) {
            used[i] = true;
            d.acknowledged = Some(acks[i].reason.clone());
        }
    }
    if report_unused {
        for ack in acks.iter().zip(&used).filter(|(_, &u)| !u).map(|(a, _)| a) {
            printed.push(unused(ack));
        }
    }
}

fn unused(ack: &Acknowledgement) -> Diagnostic {
    Diagnostic::warning(format!(
        "this acknowledgement of `{}` on \"{}\" covers no warning",
        ack.rule.name(),
        ack.text
    ))
    .at(ack.location.clone())
    .help("the text changed or the problem was fixed: remove the acknowledgement, or give the text as the warning now quotes it")
}

/// Every acknowledgement of the site: the list's, then each page's own.
/// Whether each page's own acknowledgements are read: every page in a whole build;
/// after an update, only the pages parsed again and the pages a warning with a rule
/// is on (one written in a page covers only that page's warnings), so that an edit
/// in `serve` does not search every page's text again (7 ms of an edit's 15 at
/// 10,000 pages).
fn pages_to_read(
    site: &LoadedSite,
    diags: [&Diagnostics; 2],
    parsed: Option<&[PageId]>,
) -> Vec<bool> {
    let Some(parsed) = parsed else {
        return vec![true; site.pages.len()];
    };
    let warned: std::collections::HashSet<&str> = diags
        .iter()
        .flat_map(|d| &d.items)
        .filter(|d| d.rule.is_some())
        .filter_map(|d| d.location.as_ref().map(|l| l.file.as_str()))
        .collect();
    let mut read: Vec<bool> = site
        .pages
        .iter()
        .map(|p| warned.contains(p.source.display.as_str()))
        .collect();
    for page in parsed {
        read[page.0] = true;
    }
    read
}

fn collect(site: &LoadedSite, read: &[bool], diags: &mut Diagnostics) -> Vec<Acknowledgement> {
    let mut acks = Vec::new();
    if let Some(loaded) = &site.acknowledged {
        acks.extend(from_list(site, loaded, diags));
    }
    for (page, _) in site.pages.iter().zip(read).filter(|(_, &r)| r) {
        acks.extend(in_page(&page.source, diags));
    }
    acks
}

fn from_list(
    site: &LoadedSite,
    loaded: &LoadedAcknowledged,
    diags: &mut Diagnostics,
) -> Vec<Acknowledgement> {
    let starts = entry_offsets(&loaded.source.text);
    let mut acks = Vec::new();
    for (i, entry) in loaded.list.acknowledged.iter().enumerate() {
        let offset = starts.get(i).copied().unwrap_or(0);
        let location = loaded.source.location(offset, 0);
        let Some(rule) = checked_rule(&entry.rule, &entry.reason, &location, diags) else {
            continue;
        };
        // A page that is not there covers nothing: the acknowledgement is unused.
        let file = site
            .pages
            .iter()
            .find(|p| p.source.rel == entry.file)
            .map_or_else(
                || format!("content/{}", entry.file),
                |p| p.source.display.clone(),
            );
        acks.push(Acknowledgement {
            rule,
            text: entry.text.clone(),
            reason: entry.reason.trim().to_string(),
            file,
            lines: None,
            location,
        });
    }
    acks
}

/// Where each `- file:` entry of the list starts.
fn entry_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('-') && trimmed[1..].trim_start().starts_with("file:") {
            offsets.push(at + line.len() - trimmed.len());
        }
        at += line.len();
    }
    offsets
}

/// The rule an acknowledgement names, if it is one and has a reason; else an error.
fn checked_rule(name: &str, reason: &str, at: &Location, diags: &mut Diagnostics) -> Option<Rule> {
    let names = Rule::ALL.iter().map(|r| r.name());
    let Some(rule) = Rule::ALL.into_iter().find(|r| r.name() == name) else {
        let help = match nearest(name, names.clone()) {
            Some(near) => format!(
                "did you mean `{near}`? The rules are: {}",
                names.collect::<Vec<_>>().join(", ")
            ),
            None => format!("the rules are: {}", names.collect::<Vec<_>>().join(", ")),
        };
        diags.push(
            Diagnostic::error(format!("`{name}` is not a rule pubgen checks"))
                .at(at.clone())
                .help(help),
        );
        return None;
    };
    if reason.trim().is_empty() {
        diags.push(
            Diagnostic::error("this acknowledgement gives no reason")
                .at(at.clone())
                .help("say why the text stays as it is, for example \"the authors' wording\""),
        );
        return None;
    }
    Some(rule)
}

fn comment_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN
        .get_or_init(|| Regex::new(r"(?s)<!--\s*acknowledge\b(.*?)-->").expect("a valid pattern"))
}

fn inside_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r#"(?s)^\s+([a-z-]+)\s+"([^"]+)"\s*:\s*(.*?)\s*$"#).expect("a valid pattern")
    })
}

/// The acknowledgements written in a page, each covering the block after it.
fn in_page(source: &SourceFile, diags: &mut Diagnostics) -> Vec<Acknowledgement> {
    let mut acks = Vec::new();
    for comment in comment_pattern().captures_iter(&source.text) {
        let whole = comment.get(0).expect("the match");
        let location = source.location(whole.start(), 4);
        let Some(parts) = inside_pattern().captures(&comment[1]) else {
            diags.push(
                Diagnostic::error("this acknowledgement is not in the form pubgen reads")
                    .at(location)
                    .help("write `<!-- acknowledge RULE \"TEXT\": REASON -->` on the line before the paragraph or list item, TEXT as the warning quotes it"),
            );
            continue;
        };
        let Some(rule) = checked_rule(&parts[1], &parts[3], &location, diags) else {
            continue;
        };
        let after = source.location(whole.end(), 0).line + 1;
        acks.push(Acknowledgement {
            rule,
            text: parts[2].to_string(),
            reason: parts[3].to_string(),
            file: source.display.clone(),
            lines: Some((after, block_end(&source.text, after))),
            location,
        });
    }
    acks
}

/// The last line of the block that starts at line `first` (1-based): up to the first
/// blank line after some text.
fn block_end(text: &str, first: usize) -> usize {
    let mut seen_text = false;
    let mut last = first;
    for (i, line) in text.lines().enumerate().skip(first - 1) {
        if line.trim().is_empty() {
            if seen_text {
                break;
            }
        } else {
            seen_text = true;
            last = i + 1;
        }
    }
    last
}
