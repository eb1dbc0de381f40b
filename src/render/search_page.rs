//! The search page's content (the form the script shows, and every part and section
//! for readers without JavaScript) and the sitemap.

use super::has_recommendations;
use crate::doc::builder::{Builder, Span};
use crate::doc::GeneratedDoc;
use crate::model::*;
use crate::urls::{root_prefix, ACCESSIBILITY_URL, EVIDENCE_URL, SEARCH_URL};

/// The pages the search index holds: every page but the search and whole-report
/// pages; the evidence overview is one more.
pub(crate) fn indexed_pages(docs: &[Document], linked: &LinkedSite) -> usize {
    // Every entry, then the generated documents: the evidence overview (a site with
    // recommendations) and the accessibility statement (every site).
    linked.entries.len() + usize::from(has_recommendations(docs)) + 1
}

/// A site of more pages than this lists its pages without their sections on the
/// search page: at 100,000 pages, with sections, the page was 80 MB.
const MAX_PAGES_WITH_SECTIONS: usize = 1000;

/// What the theme's `search-form.html` is given to make `/search/`'s content: the
/// form's `root` and index `bundles` (for its script, which shows the form), and, for
/// readers without JavaScript, the list of every part ([`site_map`]), rendered.
pub(super) fn search_context(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("root", &root_prefix(SEARCH_URL));
    let bundles = crate::search::bundle_dirs(indexed_pages(docs, linked)).join(" ");
    ctx.insert("bundles", &bundles);
    let map = super::generated::web_html(site, &site_map(site, docs, linked));
    ctx.insert("site_map", &map);
    ctx
}

/// The theme's template of the search page's content (the built-in theme has one).
pub(super) const SEARCH_TEMPLATE: &str = "search-form.html";

/// Every part of the publication in reading order, each with its sections (on a site
/// of at most [`MAX_PAGES_WITH_SECTIONS`] pages), numbered as the contents are, as a
/// document. Two pages may have sections of the same name: a section's link also
/// says, unseen, the page it is on.
fn site_map(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> GeneratedDoc {
    let mut map = Builder::new();
    let with_sections = linked.entries.len() <= MAX_PAGES_WITH_SECTIONS;
    let heading = site.theme.strings.get(if with_sections {
        "search-all-parts"
    } else {
        "search-every-part"
    });
    map.heading(2, "all-parts", &[Span::text(heading)]);
    map.open_list();
    for &i in &linked.reading_order {
        let entry = &linked.entries[i];
        let target = match entry.source {
            Some(page) => Target::Place(Place { page, id: None }),
            None => Target::Folder {
                url: entry.url.clone(),
                fragment: None,
            },
        };
        map.open_item();
        map.line(&[Span::link(target, linked.contents_title(i))]);
        if let Some(page) = entry.source.filter(|_| with_sections) {
            sections(&mut map, linked, &docs[page], page, &entry.title);
        }
        map.close_item();
    }
    map.close_list();
    map.finish(SEARCH_URL, heading, "")
}

/// A page's level-2 sections as a list inside its item (nothing when it has none).
fn sections(map: &mut Builder, linked: &LinkedSite, doc: &Document, page: PageId, on: &str) {
    let mut headings = doc.headings.iter().filter(|h| h.level == 2).peekable();
    if headings.peek().is_none() {
        return;
    }
    map.open_list();
    for h in headings {
        let text = linked.numbers.section_title(page, h);
        let place = Target::Place(Place {
            page,
            id: Some(h.id.clone()),
        });
        map.open_item();
        map.line(&[Span::LinkSaying(place, text, format!(" ({on})"))]);
        map.close_item();
    }
    map.close_list();
}

/// One address of the sitemap.
#[derive(serde::Serialize)]
pub(super) struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// The sitemap's addresses: every page in reading order, then the generated pages
/// crawlers should find; `None` without `base_url`.
pub(super) fn sitemap_urls(
    site: &LoadedSite,
    linked: &LinkedSite,
    with_evidence: bool,
) -> Option<Vec<SitemapUrl>> {
    let base = site.config.base_url.as_ref()?.trim_end_matches('/');
    let url = |path: &str, date: Option<&String>| SitemapUrl {
        loc: format!("{base}{path}"),
        lastmod: date.map(|d| d[..10.min(d.len())].to_string()),
    };
    let mut urls: Vec<SitemapUrl> = linked
        .reading_order
        .iter()
        .map(|&i| &linked.entries[i])
        .map(|entry| url(&entry.url, entry.updated.as_ref().or(entry.date.as_ref())))
        .collect();
    if with_evidence {
        urls.push(url(EVIDENCE_URL, None));
    }
    urls.push(url(ACCESSIBILITY_URL, None));
    Some(urls)
}
