//! `/accessibility/`: the accessibility statement, in the shape of GOV.UK's model,
//! made from what this build checked and found: the standard aimed at, what is checked
//! on every build and in pubgen's browser tests, the known issues of this build, the
//! other formats and how to ask for another, a contact, and the date.

use super::{accessible_formats_href, contact_href, has_print_page};
use crate::diagnostics::Rule;
use crate::doc::builder::{Builder, Span};
use crate::doc::GeneratedDoc;
use crate::model::*;
use crate::urls::{ACCESSIBILITY_URL, PRINT_URL};

/// A known-issue list longer than this ends with "and N more".
const MAX_LISTED: usize = 100;

/// What the statement is made from besides the site: the problems this build found,
/// and the other formats it is published in (each a link and its words).
pub(super) struct Facts<'a> {
    pub findings: &'a [Finding],
    pub formats: Vec<(Target, String)>,
}

pub(super) fn statement(site: &LoadedSite, linked: &LinkedSite, facts: &Facts) -> GeneratedDoc {
    let (config, w) = (&site.config, &site.theme.strings);
    let publisher = config
        .publisher
        .as_deref()
        .unwrap_or(w.get("statement-the-publisher"));
    let easy_read = easy_read_home(linked);
    let mut b = Builder::new();
    intro(&mut b, site, linked, easy_read.is_some());
    b.heading(2, "how-accessible", &[text(w, "statement-how-accessible")]);
    let mut found = vec![text(w, "statement-aims")];
    found.extend(match facts.findings.len() {
        0 => vec![text(w, "statement-found-none")],
        n => vec![
            Span::text(match n {
                1 => w.get("statement-found-one").to_string(),
                n => w.fill("statement-found-many", &[("count", &n.to_string())]),
            }),
            Span::link(here("known-issues"), w.get("statement-known-issues")),
            Span::text("."),
        ],
    });
    b.paragraph(&found);
    b.paragraph(&[text(w, "statement-not-all")]);
    checked_on_every_build(&mut b, site, linked);
    b.heading(2, "tested", &[text(w, "statement-tested")]);
    b.paragraph(&[text(w, "statement-browser-tests")]);
    known_issues(&mut b, site, linked, facts.findings);
    other_formats(&mut b, site, linked, easy_read, &facts.formats, publisher);
    b.heading(2, "reporting-problems", &[text(w, "statement-reporting")]);
    b.paragraph(&[
        text(w, "statement-tell"),
        match contact_href(config) {
            Some(contact) => Span::link(Target::AsWritten(contact), publisher),
            None => Span::text(publisher),
        },
        Span::text("."),
    ]);
    if let Some(more) = &config.accessibility {
        b.heading(2, "more", &[text(w, "statement-more")]);
        for paragraph in more.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            b.paragraph(&[Span::text(paragraph)]);
        }
    }
    b.heading(2, "preparation", &[text(w, "statement-preparation")]);
    let date = super::downloads::build_day_text(&site.theme.strings);
    let version = env!("CARGO_PKG_VERSION");
    b.paragraph(&[Span::text(w.fill(
        "statement-prepared",
        &[("date", &date), ("version", version)],
    ))]);
    b.finish(
        ACCESSIBILITY_URL,
        w.get("statement-title"),
        w.get("statement-description"),
    )
}

/// The theme's string `key` as text.
fn text(w: &Strings, key: &str) -> Span {
    Span::text(w.get(key))
}

/// A place on this page.
fn here(id: &str) -> Target {
    Target::Made {
        url: ACCESSIBILITY_URL.to_string(),
        fragment: Some(id.to_string()),
    }
}

fn easy_read_home(linked: &LinkedSite) -> Option<&PageEntry> {
    linked
        .reading_order
        .iter()
        .map(|&e| &linked.entries[e])
        .find(|e| e.kind == PageKind::EasyRead)
}

/// Where a page of the reading order is.
fn entry_target(entry: &PageEntry) -> Target {
    match entry.source {
        Some(page) => Target::Place(Place { page, id: None }),
        None => Target::Folder {
            url: entry.url.clone(),
            fragment: None,
        },
    }
}

fn intro(b: &mut Builder, site: &LoadedSite, linked: &LinkedSite, easy_read: bool) {
    let (config, w) = (&site.config, &site.theme.strings);
    let by = config
        .publisher
        .as_ref()
        .map(|p| w.fill("statement-published-by", &[("publisher", p)]))
        .unwrap_or_default();
    let mut can = vec![
        "statement-can-zoom",
        "statement-can-keyboard",
        "statement-can-colours",
    ];
    if easy_read {
        can.push("statement-can-easy-read");
    }
    if has_print_page(linked) {
        can.push("statement-can-print");
    }
    // The title is set as a work's title, in the sentence the theme words.
    let about = w.get("statement-about");
    let (before, after) = about.split_once("{title}").unwrap_or((about, ""));
    b.paragraph(&[
        Span::text(fill(before, &[("by", &by)])),
        Span::Title(config.title.clone()),
        Span::text(fill(after, &[("by", &by)])),
    ]);
    b.paragraph(&[text(w, "statement-want")]);
    b.list(can.into_iter().map(|c| vec![text(w, c)]));
}

fn checked_on_every_build(b: &mut Builder, site: &LoadedSite, linked: &LinkedSite) {
    let w = &site.theme.strings;
    let language = &site.config.language;
    let mut checks = vec![
        w.get("statement-check-pictures").to_string(),
        w.get("statement-check-headings").to_string(),
        w.get("statement-check-links").to_string(),
        w.get("statement-check-citations").to_string(),
        w.fill("statement-check-language", &[("language", language)]),
    ];
    if easy_read_home(linked).is_some() {
        checks.push(w.get("statement-check-easy-read").to_string());
    }
    if !linked.pairs.is_empty() {
        checks.push(w.get("statement-check-pairing").to_string());
    }
    b.heading(2, "checked", &[text(w, "statement-checked")]);
    b.list(checks.into_iter().map(|c| vec![Span::text(c)]));
}

/// The string that names a rule's findings in the statement, in the reader's words.
fn rule_heading(rule: Rule) -> &'static str {
    match rule {
        Rule::HardWord => "statement-rule-hard-word",
        Rule::LongSentence => "statement-rule-long-sentence",
        Rule::NumberAsWord => "statement-rule-number-as-word",
        Rule::Italics => "statement-rule-italics",
        Rule::CitationMismatch => "statement-rule-citation-mismatch",
        Rule::UncitedReference => "statement-rule-uncited-reference",
        Rule::EasyReadOutOfStep => "statement-rule-easy-read-out-of-step",
        Rule::HeadingLevel => "statement-rule-heading-level",
        Rule::MissingCharacter => "statement-rule-missing-character",
    }
}

fn known_issues(b: &mut Builder, site: &LoadedSite, linked: &LinkedSite, findings: &[Finding]) {
    let w = &site.theme.strings;
    b.heading(2, "known-issues", &[text(w, "statement-known-issues")]);
    if site.review.is_none() && !linked.pairs.is_empty() {
        b.paragraph(&[text(w, "statement-not-reviewed")]);
    }
    if findings.is_empty() {
        b.paragraph(&[text(w, "statement-found-none")]);
        return;
    }
    b.paragraph(&[text(w, "statement-problems-found")]);
    let mut rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
    rules.sort();
    rules.dedup();
    for rule in rules {
        let of_rule: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        let heading = format!("{} ({})", w.get(rule_heading(rule)), of_rule.len());
        b.heading(3, &format!("known-{}", rule.name()), &[Span::text(heading)]);
        let mut items: Vec<Vec<Span>> = of_rule
            .iter()
            .take(MAX_LISTED)
            .map(|f| finding_item(w, linked, f))
            .collect();
        if of_rule.len() > MAX_LISTED {
            let more = (of_rule.len() - MAX_LISTED).to_string();
            items.push(vec![Span::text(
                w.fill("statement-and-more", &[("count", &more)]),
            )]);
        }
        b.list(items);
    }
}

/// "“interventions” (kept as written: the authors' wording), on [Planning services]".
fn finding_item(w: &Strings, linked: &LinkedSite, finding: &Finding) -> Vec<Span> {
    let mut words = format!("“{}”", finding.subject);
    if let Some(reason) = &finding.reason {
        words = w.fill(
            "statement-kept-as-written",
            &[("subject", &words), ("reason", reason)],
        );
    }
    match finding.page {
        Some(page) => vec![
            Span::text(w.fill("statement-on-page", &[("words", &words)])),
            Span::link(
                Target::Place(Place { page, id: None }),
                linked.entries[page.entry()].title.clone(),
            ),
        ],
        None => vec![Span::text(words)],
    }
}

fn other_formats(
    b: &mut Builder,
    site: &LoadedSite,
    linked: &LinkedSite,
    easy_read: Option<&PageEntry>,
    formats: &[(Target, String)],
    publisher: &str,
) {
    let w = &site.theme.strings;
    let mut items: Vec<Vec<Span>> = formats
        .iter()
        .map(|(target, text)| vec![Span::link(target.clone(), text.clone())])
        .collect();
    if has_print_page(linked) {
        let print = Target::Made {
            url: PRINT_URL.to_string(),
            fragment: None,
        };
        items.push(vec![
            Span::link(print, w.get("statement-whole-report")),
            text(w, "statement-to-print"),
        ]);
    }
    if let Some(entry) = easy_read {
        let words = w.get("statement-easy-read-version");
        items.push(vec![Span::link(entry_target(entry), words)]);
    }
    b.heading(2, "other-formats", &[text(w, "statement-other-formats")]);
    if !items.is_empty() {
        b.paragraph(&[text(w, "statement-also-published")]);
        b.list(items);
    }
    let words = w.fill("statement-ask", &[("publisher", publisher)]);
    let ask = match accessible_formats_href(&site.config, &site.theme.strings) {
        Some(href) => Span::link(Target::AsWritten(href), words),
        None => Span::text(words),
    };
    b.paragraph(&[text(w, "statement-another-format"), ask, Span::text(".")]);
}
