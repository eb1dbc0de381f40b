//! `/accessibility/`: the accessibility statement, in the shape of GOV.UK's model,
//! made from what this build checked and found: the standard aimed at, what is checked
//! on every build and in pubgen's browser tests, the known issues of this build, the
//! other formats and how to ask for another, a contact, and the date.

use super::{has_print_page, page_href, RenderOptions};
use crate::diagnostics::Rule;
use crate::doc::escape_html;
use crate::model::*;
use crate::urls::{ACCESSIBILITY_URL, PRINT_URL};

/// A known-issue list longer than this ends with "and N more".
const MAX_LISTED: usize = 100;

pub(super) fn statement_content(
    options: &RenderOptions,
    site: &LoadedSite,
    linked: &LinkedSite,
    accessible_formats: Option<&str>,
) -> String {
    let config = &site.config;
    let publisher = config.publisher.as_deref().unwrap_or("the publisher");
    let easy_read = easy_read_home(linked);
    let mut html = intro(site, linked, easy_read.is_some());
    html.push_str(&format!(
        "<h2 id=\"how-accessible\">How accessible this publication is</h2>\n\
         <p>It is made to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. {}</p>\n\
         <p>Automatic checks find many problems, but not all of them: they do not replace testing with disabled people.</p>\n",
        match options.findings.len() {
            0 => "This build found no problems in the text.".to_string(),
            1 => "This build found 1 problem in the text: see <a href=\"#known-issues\">Known issues</a>.".to_string(),
            n => format!("This build found {n} problems in the text: see <a href=\"#known-issues\">Known issues</a>."),
        }
    ));
    html.push_str(&checked_on_every_build(site, linked));
    html.push_str(BROWSER_TESTS);
    html.push_str(&known_issues(site, linked, &options.findings));
    html.push_str(&other_formats(
        options,
        site,
        linked,
        easy_read,
        accessible_formats,
        publisher,
    ));
    html.push_str(&format!(
        "<h2 id=\"reporting-problems\">Reporting problems</h2>\n<p>If you find a problem that is not listed here, tell {}.</p>\n",
        match super::contact_href(config) {
            Some(contact) => format!("<a href=\"{}\">{}</a>", escape_html(&contact), escape_html(publisher)),
            None => escape_html(publisher),
        }
    ));
    if let Some(more) = &config.accessibility {
        html.push_str("<h2 id=\"more\">More about accessibility</h2>\n");
        for paragraph in more.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            html.push_str(&format!("<p>{}</p>\n", escape_html(paragraph)));
        }
    }
    html.push_str(&format!(
        "<h2 id=\"preparation\">Preparation of this statement</h2>\n\
         <p>This statement was prepared on {}, from the checks of the build that made these pages (pubgen {}).</p>\n",
        super::downloads::build_day_text(),
        env!("CARGO_PKG_VERSION")
    ));
    html
}

fn easy_read_home(linked: &LinkedSite) -> Option<&PageEntry> {
    linked
        .reading_order
        .iter()
        .map(|&e| &linked.entries[e])
        .find(|e| e.kind == PageKind::EasyRead)
}

fn intro(site: &LoadedSite, linked: &LinkedSite, easy_read: bool) -> String {
    let config = &site.config;
    let by = config
        .publisher
        .as_ref()
        .map(|p| format!(", published by {}", escape_html(p)))
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
    let items: String = can.iter().map(|c| format!("<li>{c}</li>")).collect();
    format!(
        "<p>This statement is about <cite>{}</cite>{by}: the pages of this website and its downloads.</p>\n\
         <p>We want as many people as possible to be able to read it. You should be able to:</p>\n<ul>{items}</ul>\n",
        escape_html(&config.title)
    )
}

fn checked_on_every_build(site: &LoadedSite, linked: &LinkedSite) -> String {
    let mut checks = vec![
        "every picture has a text description, or is marked as decoration".to_string(),
        "each page has one main heading, and whether its headings go in order without skipping a level"
            .into(),
        "every link within the publication, picture and cross-reference leads to a page or place that exists".into(),
        "whether citations match the reference list".into(),
        format!(
            "the language of every page is given ({})",
            escape_html(&site.config.language)
        ),
    ];
    if easy_read_home(linked).is_some() {
        checks.push("Easy Read pages use sentences of 15 words or fewer, numbers written as digits, no italics, and common words, with harder words explained".into());
    }
    if !linked.pairs.is_empty() {
        checks.push("whether each Easy Read section was checked against the part of the full report it explains, as that part is now".into());
    }
    let items: String = checks.iter().map(|c| format!("<li>{c}</li>")).collect();
    format!("<h2 id=\"checked\">What is checked every time it is built</h2>\n<ul>{items}</ul>\n")
}

const BROWSER_TESTS: &str = "<h2 id=\"tested\">What is tested in a browser</h2>\n\
<p>This publication is made with pubgen. pubgen's own tests build publications like this one and check every page in a web browser (Chromium, with the axe-core checker) at phone and desktop sizes, in light and dark mode, against WCAG 2.2 levels A and AA and the stricter AAA colour contrast, and with the W3C's HTML checker. They also read the pages as a screen reader user would: the names of links, the headings and the regions of each page. These tests check pubgen's pages in general, not this copy of the publication.</p>\n";

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

fn known_issues(site: &LoadedSite, linked: &LinkedSite, findings: &[Finding]) -> String {
    let mut html = String::from("<h2 id=\"known-issues\">Known issues</h2>\n");
    if site.review.is_none() && !linked.pairs.is_empty() {
        html.push_str("<p>The Easy Read sections have not yet been recorded as checked against the full text.</p>\n");
    }
    if findings.is_empty() {
        html.push_str("<p>This build found no problems in the text.</p>\n");
        return html;
    }
    html.push_str("<p>These are the problems this build found in the text. Most are in the authors' own words, which are published as they wrote them.</p>\n");
    let mut rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
    rules.sort();
    rules.dedup();
    for rule in rules {
        let of_rule: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        html.push_str(&format!(
            "<h3 id=\"known-{}\">{} ({})</h3>\n<ul>\n",
            rule.name(),
            rule_heading(rule),
            of_rule.len()
        ));
        for finding in of_rule.iter().take(MAX_LISTED) {
            html.push_str(&format!(
                "<li>{}</li>\n",
                finding_item(site, linked, finding)
            ));
        }
        if of_rule.len() > MAX_LISTED {
            html.push_str(&format!(
                "<li>and {} more</li>\n",
                of_rule.len() - MAX_LISTED
            ));
        }
        html.push_str("</ul>\n");
    }
    html
}

/// "“interventions” (kept as written: the authors' wording), on <a>Planning
/// services</a>".
fn finding_item(site: &LoadedSite, linked: &LinkedSite, finding: &Finding) -> String {
    let mut words = format!("“{}”", escape_html(&finding.subject));
    if let Some(reason) = &finding.reason {
        words = format!("{words} (kept as written: {})", escape_html(reason));
    }
    match finding.page {
        Some(page) => {
            let entry = &linked.entries[page.entry()];
            format!(
                "{words}, on <a href=\"{}\">{}</a>",
                escape_html(&page_href(site, ACCESSIBILITY_URL, &entry.url)),
                escape_html(&entry.title)
            )
        }
        None => words,
    }
}

fn other_formats(
    options: &RenderOptions,
    site: &LoadedSite,
    linked: &LinkedSite,
    easy_read: Option<&PageEntry>,
    accessible_formats: Option<&str>,
    publisher: &str,
) -> String {
    let mut items: Vec<String> =
        super::downloads::links(site, &options.downloads, ACCESSIBILITY_URL)
            .into_iter()
            .map(|d| {
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    escape_html(&d.href),
                    escape_html(&d.text)
                )
            })
            .collect();
    if has_print_page(linked) {
        items.push(format!(
            "<li><a href=\"{}\">The whole report on one page</a>, to print or save</li>",
            escape_html(&page_href(site, ACCESSIBILITY_URL, PRINT_URL))
        ));
    }
    if let Some(entry) = easy_read {
        items.push(format!(
            "<li><a href=\"{}\">The Easy Read version</a></li>",
            escape_html(&page_href(site, ACCESSIBILITY_URL, &entry.url))
        ));
    }
    let ask = match accessible_formats {
        Some(href) => format!(
            "<a href=\"{}\">ask {}</a>",
            escape_html(href),
            escape_html(publisher)
        ),
        None => format!("ask {}", escape_html(publisher)),
    };
    let list = if items.is_empty() {
        String::new()
    } else {
        format!(
            "<p>It is also published as:</p>\n<ul>{}</ul>\n",
            items.concat()
        )
    };
    format!(
        "<h2 id=\"other-formats\">Other formats</h2>\n{list}<p>If you need it in another format, such as large print, audio or braille, {ask}.</p>\n"
    )
}
