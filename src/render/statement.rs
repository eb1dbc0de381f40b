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

pub(super) const TITLE: &str = "Accessibility statement";
const DESCRIPTION: &str = "How accessible this publication is, what is checked, the known issues, and how to get it in another format.";

/// What the statement is made from besides the site: the problems this build found,
/// and the other formats it is published in (each a link and its words).
pub(super) struct Facts<'a> {
    pub findings: &'a [Finding],
    pub formats: Vec<(Target, String)>,
}

pub(super) fn statement(site: &LoadedSite, linked: &LinkedSite, facts: &Facts) -> GeneratedDoc {
    let config = &site.config;
    let publisher = config.publisher.as_deref().unwrap_or("the publisher");
    let easy_read = easy_read_home(linked);
    let mut b = Builder::new();
    intro(&mut b, site, linked, easy_read.is_some());
    b.heading(2, "how-accessible", &[Span::text("How accessible this publication is")]);
    let mut found = vec![Span::text(
        "It is made to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. ",
    )];
    found.extend(match facts.findings.len() {
        0 => vec![Span::text("This build found no problems in the text.")],
        n => vec![
            Span::text(match n {
                1 => "This build found 1 problem in the text: see ".to_string(),
                n => format!("This build found {n} problems in the text: see "),
            }),
            Span::link(here("known-issues"), "Known issues"),
            Span::text("."),
        ],
    });
    b.paragraph(&found);
    b.paragraph(&[Span::text("Automatic checks find many problems, but not all of them: they do not replace testing with disabled people.")]);
    checked_on_every_build(&mut b, site, linked);
    b.heading(2, "tested", &[Span::text("What is tested in a browser")]);
    b.paragraph(&[Span::text(BROWSER_TESTS)]);
    known_issues(&mut b, site, linked, facts.findings);
    other_formats(&mut b, site, linked, easy_read, &facts.formats, publisher);
    b.heading(2, "reporting-problems", &[Span::text("Reporting problems")]);
    b.paragraph(&[
        Span::text("If you find a problem that is not listed here, tell "),
        match contact_href(config) {
            Some(contact) => Span::link(Target::AsWritten(contact), publisher),
            None => Span::text(publisher),
        },
        Span::text("."),
    ]);
    if let Some(more) = &config.accessibility {
        b.heading(2, "more", &[Span::text("More about accessibility")]);
        for paragraph in more.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            b.paragraph(&[Span::text(paragraph)]);
        }
    }
    b.heading(2, "preparation", &[Span::text("Preparation of this statement")]);
    b.paragraph(&[Span::text(format!(
        "This statement was prepared on {}, from the checks of the build that made these pages (pubgen {}).",
        super::downloads::build_day_text(),
        env!("CARGO_PKG_VERSION")
    ))]);
    b.finish(ACCESSIBILITY_URL, TITLE, DESCRIPTION)
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
    let config = &site.config;
    let by = config
        .publisher
        .as_ref()
        .map(|p| format!(", published by {p}"))
        .unwrap_or_default();
    let mut can = vec![
        "zoom in to twice the size of the text, or more, without reading sideways",
        "read every page with a keyboard alone, a screen reader or speech recognition",
        "change colours and fonts in your browser, and read in dark mode if your device is set to it",
    ];
    if easy_read {
        can.push("read the Easy Read version, which explains the report in short sentences with pictures");
    }
    if has_print_page(linked) {
        can.push("print any page, or the whole report at once");
    }
    b.paragraph(&[
        Span::text("This statement is about "),
        Span::Title(config.title.clone()),
        Span::text(format!("{by}: the pages of this website and its downloads.")),
    ]);
    b.paragraph(&[Span::text("We want as many people as possible to be able to read it. You should be able to:")]);
    b.list(can.into_iter().map(|c| vec![Span::text(c)]));
}

fn checked_on_every_build(b: &mut Builder, site: &LoadedSite, linked: &LinkedSite) {
    let mut checks = vec![
        "every picture has a text description, or is marked as decoration".to_string(),
        "each page has one main heading, and whether its headings go in order without skipping a level"
            .into(),
        "every link within the publication, picture and cross-reference leads to a page or place that exists".into(),
        "whether citations match the reference list".into(),
        format!("the language of every page is given ({})", site.config.language),
    ];
    if easy_read_home(linked).is_some() {
        checks.push("Easy Read pages use sentences of 15 words or fewer, numbers written as digits, no italics, and common words, with harder words explained".into());
    }
    if !linked.pairs.is_empty() {
        checks.push("whether each Easy Read section was checked against the part of the full report it explains, as that part is now".into());
    }
    b.heading(2, "checked", &[Span::text("What is checked every time it is built")]);
    b.list(checks.into_iter().map(|c| vec![Span::text(c)]));
}

const BROWSER_TESTS: &str = "This publication is made with pubgen. pubgen's own tests build publications like this one and check every page in a web browser (Chromium, with the axe-core checker) at phone and desktop sizes, in light and dark mode, against WCAG 2.2 levels A and AA and the stricter AAA colour contrast, and with the W3C's HTML checker. They also read the pages as a screen reader user would: the names of links, the headings and the regions of each page. These tests check pubgen's pages in general, not this copy of the publication.";

/// What a rule's findings are called in the statement, in the reader's words.
fn rule_heading(rule: Rule) -> &'static str {
    match rule {
        Rule::HardWord => "Words on Easy Read pages that may be hard to understand",
        Rule::LongSentence => "Easy Read sentences longer than 15 words",
        Rule::NumberAsWord => "Numbers written as words on Easy Read pages",
        Rule::Italics => "Italic text on Easy Read pages, which some readers find hard to read",
        Rule::CitationMismatch => "Citations that do not exactly match the reference list",
        Rule::UncitedReference => "References that the text does not cite",
        Rule::EasyReadOutOfStep => {
            "Easy Read sections not checked against the full text as it is now"
        }
        Rule::HeadingLevel => "Headings that skip a level of the outline",
        Rule::MissingCharacter => "Characters the PDF has no font for, shown as their code",
    }
}

fn known_issues(b: &mut Builder, site: &LoadedSite, linked: &LinkedSite, findings: &[Finding]) {
    b.heading(2, "known-issues", &[Span::text("Known issues")]);
    if site.review.is_none() && !linked.pairs.is_empty() {
        b.paragraph(&[Span::text("The Easy Read sections have not yet been recorded as checked against the full text.")]);
    }
    if findings.is_empty() {
        b.paragraph(&[Span::text("This build found no problems in the text.")]);
        return;
    }
    b.paragraph(&[Span::text("These are the problems this build found in the text. Most are in the authors' own words, which are published as they wrote them.")]);
    let mut rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
    rules.sort();
    rules.dedup();
    for rule in rules {
        let of_rule: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        let heading = format!("{} ({})", rule_heading(rule), of_rule.len());
        b.heading(3, &format!("known-{}", rule.name()), &[Span::text(heading)]);
        let mut items: Vec<Vec<Span>> = of_rule
            .iter()
            .take(MAX_LISTED)
            .map(|f| finding_item(linked, f))
            .collect();
        if of_rule.len() > MAX_LISTED {
            items.push(vec![Span::text(format!("and {} more", of_rule.len() - MAX_LISTED))]);
        }
        b.list(items);
    }
}

/// "“interventions” (kept as written: the authors' wording), on [Planning services]".
fn finding_item(linked: &LinkedSite, finding: &Finding) -> Vec<Span> {
    let mut words = format!("“{}”", finding.subject);
    if let Some(reason) = &finding.reason {
        words = format!("{words} (kept as written: {reason})");
    }
    match finding.page {
        Some(page) => vec![
            Span::text(format!("{words}, on ")),
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
            Span::link(print, "The whole report on one page"),
            Span::text(", to print or save"),
        ]);
    }
    if let Some(entry) = easy_read {
        items.push(vec![Span::link(entry_target(entry), "The Easy Read version")]);
    }
    b.heading(2, "other-formats", &[Span::text("Other formats")]);
    if !items.is_empty() {
        b.paragraph(&[Span::text("It is also published as:")]);
        b.list(items);
    }
    let ask = match accessible_formats_href(&site.config) {
        Some(href) => Span::link(Target::AsWritten(href), format!("ask {publisher}")),
        None => Span::text(format!("ask {publisher}")),
    };
    b.paragraph(&[
        Span::text("If you need it in another format, such as large print, audio or braille, "),
        ask,
        Span::text("."),
    ]);
}
