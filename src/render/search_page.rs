//! The search page's content (the form the script shows, and every part and section
//! for readers without JavaScript) and the sitemap.

use super::{has_recommendations, page_href};
use crate::doc::escape_html;
use crate::model::*;
use crate::urls::{root_prefix, ACCESSIBILITY_URL, EVIDENCE_URL, SEARCH_URL};

/// The pages the search index holds: every page but the search and whole-report
/// pages; the evidence overview is one more.
pub(crate) fn indexed_pages(docs: &[Document], linked: &LinkedSite) -> usize {
    linked.entries.len() + usize::from(has_recommendations(docs))
}

/// A site of more pages than this lists its pages without their sections on the
/// search page: at 100,000 pages, with sections, the page was 80 MB.
const MAX_PAGES_WITH_SECTIONS: usize = 1000;

/// `/search/`: the search form (shown by its script, which loads the index) and, for
/// readers without JavaScript, every part of the publication, with their sections
/// on a site of at most [`MAX_PAGES_WITH_SECTIONS`] pages.
pub(super) fn search_content(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> String {
    let root = root_prefix(SEARCH_URL);
    let bundles = crate::search::bundle_dirs(indexed_pages(docs, linked)).join(" ");
    let word = |key: &str| escape_html(site.theme.strings.get(key));
    let mut html = format!(
        "<form id=\"search-form\" class=\"search-form\" role=\"search\" data-root=\"{root}\" data-bundles=\"{bundles}\"{} hidden>\n\
         <label for=\"search-input\">{}</label>\n\
         <div class=\"search-form__row\"><input id=\"search-input\" type=\"search\" name=\"q\" autocomplete=\"off\">\
         <button type=\"submit\">{}</button></div>\n</form>\n\
         <p id=\"search-status\" class=\"search-status\" role=\"status\"></p>\n\
         <ol id=\"search-results\" class=\"search-results\"></ol>\n\
         <h2 id=\"all-parts\">{}</h2>\n<ul class=\"site-map\">\n",
        result_words(site),
        word("search-label"),
        word("search-button"),
        word("search-all-parts")
    );
    let with_sections = linked.entries.len() <= MAX_PAGES_WITH_SECTIONS;
    for &i in &linked.reading_order {
        let entry = &linked.entries[i];
        let title = linked.contents_title(i);
        let href = page_href(site, SEARCH_URL, &entry.url);
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape_html(&href),
            escape_html(&title)
        ));
        let sections: Vec<&Heading> = entry
            .source
            .filter(|_| with_sections)
            .map(|p| docs[p].headings.iter().filter(|h| h.level == 2).collect())
            .unwrap_or_default();
        if !sections.is_empty() {
            html.push_str("<ul>");
            // Two pages may have sections of the same name: a hidden part names the page.
            for h in sections {
                let text = match entry.source.and_then(|p| linked.numbers.section(p, &h.id)) {
                    Some(number) => format!("{number} {}", h.text),
                    None => h.text.clone(),
                };
                html.push_str(&format!(
                    "<li><a href=\"{}#{}\">{}<span class=\"visually-hidden\"> ({})</span></a></li>",
                    escape_html(&href),
                    escape_html(&h.id),
                    escape_html(&text),
                    escape_html(&entry.title)
                ));
            }
            html.push_str("</ul>");
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
    html
}

/// The words the search script writes about its results, as the form's `data-`
/// attributes (the script fills in `{query}`, `{count}`, `{shown}`, `{title}`).
fn result_words(site: &LoadedSite) -> String {
    [
        ("none", "search-no-results"),
        ("one", "search-one-result"),
        ("many", "search-results"),
        ("showing", "search-showing"),
        ("in", "search-in"),
    ]
    .iter()
    .map(|(name, key)| {
        format!(
            " data-{name}=\"{}\"",
            escape_html(site.theme.strings.get(key))
        )
    })
    .collect()
}

pub(super) fn sitemap(
    site: &LoadedSite,
    linked: &LinkedSite,
    with_evidence: bool,
) -> Option<String> {
    let base = site.config.base_url.as_ref()?.trim_end_matches('/');
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &i in &linked.reading_order {
        let entry = &linked.entries[i];
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>",
            escape_html(base),
            escape_html(&entry.url)
        ));
        if let Some(date) = entry.updated.as_ref().or(entry.date.as_ref()) {
            xml.push_str(&format!(
                "<lastmod>{}</lastmod>",
                escape_html(&date[..10.min(date.len())])
            ));
        }
        xml.push_str("</url>\n");
    }
    if with_evidence {
        xml.push_str(&format!(
            "  <url><loc>{}{EVIDENCE_URL}</loc></url>\n",
            escape_html(base)
        ));
    }
    xml.push_str(&format!(
        "  <url><loc>{}{ACCESSIBILITY_URL}</loc></url>\n",
        escape_html(base)
    ));
    xml.push_str("</urlset>\n");
    Some(xml)
}
