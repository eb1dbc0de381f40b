//! What a page template is given: the page's content, its place in the publication
//! (breadcrumbs, previous and next, children, Easy Read and full versions), the site
//! navigation and "On this page".

use std::collections::HashMap;

use serde::Serialize;

use super::{has_print_page, has_recommendations, page_href, RenderOptions};
use crate::model::*;
use crate::urls::root_prefix;
use crate::urls::{ACCESSIBILITY_URL, CITATION_FILE, EVIDENCE_URL, PRINT_URL, SEARCH_URL};

#[derive(Serialize)]
pub(super) struct PageContext {
    pub(super) title: String,
    pub(super) label: Option<String>,
    /// The part's number, when the site is numbered.
    pub(super) number: Option<u32>,
    pub(super) kind: &'static str,
    pub(super) description: Option<String>,
    /// The page's date (`YYYY-MM-DD`), for `<time datetime>`.
    pub(super) date: Option<String>,
    /// The same date as a reader writes it (`1 May 2024`).
    pub(super) date_text: Option<String>,
    /// When the page was last updated, if its front matter says (`YYYY-MM-DD`).
    pub(super) updated: Option<String>,
    pub(super) updated_text: Option<String>,
    pub(super) url: String,
    pub(super) canonical: Option<String>,
    pub(super) root: String,
    pub(super) home_href: String,
    pub(super) is_home: bool,
    pub(super) has_code: bool,
    pub(super) content: String,
    pub(super) toc: Vec<TocEntry>,
    pub(super) breadcrumbs: Vec<Crumb>,
    pub(super) prev: Option<NavLink>,
    pub(super) next: Option<NavLink>,
    pub(super) children: Vec<NavLink>,
    /// On an Easy Read page: the full-text page it explains.
    pub(super) full_version: Option<NavLink>,
    /// On a full-text page: the Easy Read pages that explain it.
    pub(super) easy_read_versions: Vec<NavLink>,
    /// The evidence overview, linked from recommendations pages.
    pub(super) evidence_href: Option<String>,
    /// On a recommendations page with evidence: who chose the evidence links.
    pub(super) evidence_note: Option<String>,
    /// The search page, linked from every page when the site has a search index.
    pub(super) search_href: Option<String>,
    /// The whole report on one page, for printing.
    pub(super) print_href: Option<String>,
    /// The accessibility statement, linked from every page's footer.
    pub(super) accessibility_href: String,
    /// schema.org JSON-LD: the page, its publication, and how it can be read.
    pub(super) json_ld: String,
    /// Google Scholar's `citation_*` tags (on the publication's own pages).
    pub(super) citation_meta: Vec<super::cite::Meta>,
    /// The publication's citation file (`CITATION.cff`).
    pub(super) cite_href: String,
    /// Scripts of the page, relative to the page (the search page's enhancement).
    pub(super) scripts: Vec<String>,
    /// The publication's PDF and EPUB downloads.
    pub(super) downloads: Vec<super::downloads::DownloadLink>,
}

#[derive(Serialize)]
pub(super) struct TocEntry {
    pub(super) id: String,
    /// The section's number (`3.1`), when the site is numbered.
    pub(super) number: Option<String>,
    pub(super) text: String,
    pub(super) children: Vec<TocEntry>,
}

#[derive(Serialize)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) href: String,
}

/// The site navigation: the parts of the publication, or on an Easy Read page the
/// Easy Read pages, so that an Easy Read reader stays in Easy Read.
#[derive(Serialize)]
pub(super) struct Nav {
    pub(super) easy_read: bool,
    pub(super) items: Vec<NavItem>,
    /// On Easy Read pages: the full version's home page.
    pub(super) full_version_href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    /// The part's number, when the site is numbered.
    pub(super) number: Option<u32>,
    pub(super) title: String,
    pub(super) label: Option<String>,
    pub(super) href: String,
    /// `page` on the part itself, `true` on a part that holds the current page.
    pub(super) current: Option<&'static str>,
}

/// Everything a page template shows of a loaded page or a folder listing.
#[allow(clippy::too_many_arguments)]
pub(super) fn page_context(
    options: &RenderOptions,
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    position: &HashMap<EntryId, usize>,
    i: EntryId,
    entry: &PageEntry,
    content: String,
) -> PageContext {
    let links = Links {
        site,
        linked,
        from: &entry.url,
    };
    let (toc, has_code) = match entry.source {
        Some(p) => (
            toc(&docs[p].headings, |id| linked.numbers.section(p, id)),
            docs[p].has_code,
        ),
        None => (Vec::new(), false),
    };
    let (prev, next) = links.prev_next(position.get(&i).copied());
    let (full_version, easy_read_versions) = links.versions(entry.source);
    PageContext {
        title: entry.title.clone(),
        label: entry.label.clone(),
        number: linked.numbers.part(i),
        kind: entry.kind.as_str(),
        description: entry.description.clone(),
        date: day(&entry.date),
        date_text: entry
            .date
            .as_deref()
            .and_then(|d| super::reader_date(&site.theme.strings, d)),
        updated: day(&entry.updated),
        updated_text: entry
            .updated
            .as_deref()
            .and_then(|d| super::reader_date(&site.theme.strings, d)),
        url: entry.url.clone(),
        canonical: canonical(site, &entry.url),
        root: root_prefix(&entry.url),
        home_href: page_href(site, &entry.url, "/"),
        is_home: entry.url == "/",
        has_code,
        content,
        toc,
        breadcrumbs: links.breadcrumbs(entry),
        prev,
        next,
        children: listed_children(linked, entry)
            .iter()
            .map(|&c| links.nav_link(c))
            .collect(),
        full_version,
        easy_read_versions,
        evidence_href: (entry.kind == PageKind::Recommendations && has_recommendations(docs))
            .then(|| page_href(site, &entry.url, EVIDENCE_URL)),
        evidence_note: (entry.kind == PageKind::Recommendations && !linked.evidence.is_empty())
            .then(|| site.config.evidence_note.clone())
            .flatten(),
        search_href: options
            .search
            .then(|| page_href(site, &entry.url, SEARCH_URL)),
        print_href: has_print_page(linked).then(|| page_href(site, &entry.url, PRINT_URL)),
        accessibility_href: page_href(site, &entry.url, ACCESSIBILITY_URL),
        json_ld: json_ld(
            site,
            &entry.title,
            &entry.url,
            entry.source.is_some_and(|p| has_pictures(&docs[p])),
            entry.kind == PageKind::EasyRead,
        ),
        citation_meta: super::cite::scholar_meta(site, linked, entry, &options.downloads),
        cite_href: crate::urls::relative_href(&entry.url, CITATION_FILE),
        scripts: Vec::new(),
        downloads: super::downloads::links(site, &options.downloads, &entry.url),
    }
}

/// The pages a part's listing shows: none when its own text already links each of
/// them (the contents would be there twice).
fn listed_children(linked: &LinkedSite, entry: &PageEntry) -> Vec<EntryId> {
    let Some(page) = entry.source else {
        return entry.children.clone();
    };
    // One pass over the page's links (a part may have many children and links).
    let mut linked_to: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for target in &linked.targets[page.0] {
        match target {
            Target::Place(place) => {
                linked_to.insert(linked.entries[place.page.entry()].url.as_str())
            }
            Target::Folder { url, .. } => linked_to.insert(url.as_str()),
            _ => false,
        };
    }
    if entry
        .children
        .iter()
        .all(|&c| linked_to.contains(linked.entries[c].url.as_str()))
    {
        Vec::new()
    } else {
        entry.children.clone()
    }
}

/// `base_url` + the page's URL, when the site has a `base_url`.
fn canonical(site: &LoadedSite, url: &str) -> Option<String> {
    site.config
        .base_url
        .as_ref()
        .map(|base| format!("{}{url}", base.trim_end_matches('/')))
}

/// Links from one page to the other entries of the site.
struct Links<'a> {
    site: &'a LoadedSite,
    linked: &'a LinkedSite,
    from: &'a str,
}

impl Links<'_> {
    fn href(&self, target: EntryId) -> String {
        page_href(self.site, self.from, &self.linked.entries[target].url)
    }

    fn nav_link(&self, target: EntryId) -> NavLink {
        let e = &self.linked.entries[target];
        NavLink {
            number: self.linked.numbers.part(target),
            title: e.title.clone(),
            label: e.label.clone(),
            description: e.description.clone(),
            href: self.href(target),
        }
    }

    /// The pages above this one, from the home page down to the page's parent. An Easy Read page's stop at the first Easy Read
    /// page, named by its label ("Easy Read"): the way out is the menu's "Full version".
    fn breadcrumbs(&self, entry: &PageEntry) -> Vec<Crumb> {
        let mut crumbs = Vec::new();
        let mut up = entry.parent;
        let easy_read = entry.kind == PageKind::EasyRead;
        while let Some(p) = up {
            let parent = &self.linked.entries[p];
            if easy_read && parent.kind != PageKind::EasyRead {
                break;
            }
            crumbs.push(Crumb {
                title: match (&parent.label, parent.url.as_str()) {
                    (_, "/") => self.site.theme.strings.get("home").to_string(),
                    (Some(label), _) if easy_read => label.clone(),
                    _ => parent.title.clone(),
                },
                href: self.href(p),
            });
            up = parent.parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// The pages before and after this one (at `position`) in the reading order.
    /// The previous and next pages in reading order, within the same version: an
    /// Easy Read reader stays in Easy Read, and the full text's pages lead to each other.
    fn prev_next(&self, position: Option<usize>) -> (Option<NavLink>, Option<NavLink>) {
        let order = &self.linked.reading_order;
        let Some(at) = position else {
            return (None, None);
        };
        let easy = |e: EntryId| self.linked.entries[e].kind == PageKind::EasyRead;
        let same = |e: &&EntryId| easy(**e) == easy(order[at]);
        let prev = order[..at]
            .iter()
            .rev()
            .find(same)
            .map(|&p| self.nav_link(p));
        let next = order[at + 1..].iter().find(same).map(|&n| self.nav_link(n));
        (prev, next)
    }

    /// On an Easy Read page, the full-text page it explains; on a full-text page, the
    /// Easy Read pages that explain it.
    fn versions(&self, source: Option<PageId>) -> (Option<NavLink>, Vec<NavLink>) {
        let Some(p) = source else {
            return (None, Vec::new());
        };
        let Some(versions) = self.linked.page_versions.get(&p) else {
            return (None, Vec::new());
        };
        // Loaded pages come first among the entries, in the same order.
        let full = versions.full.map(|f| self.nav_link(f.entry()));
        let easy = versions
            .easy
            .iter()
            .map(|e| self.nav_link(e.entry()))
            .collect();
        (full, easy)
    }
}

/// A page the generator writes itself (the evidence overview), in the site's chrome.
pub(super) fn generated_page(
    options: &RenderOptions,
    site: &LoadedSite,
    linked: &LinkedSite,
    url: &str,
    title: &str,
    description: &str,
    content: String,
) -> PageContext {
    let home = linked.home();
    PageContext {
        title: title.to_string(),
        label: None,
        number: None,
        kind: "page",
        description: Some(description.to_string()),
        date: None,
        date_text: None,
        updated: None,
        updated_text: None,
        url: url.to_string(),
        canonical: canonical(site, url),
        root: root_prefix(url),
        home_href: page_href(site, url, "/"),
        is_home: false,
        has_code: false,
        content,
        toc: Vec::new(),
        breadcrumbs: home
            .map(|_| Crumb {
                title: site.theme.strings.get("home").to_string(),
                href: page_href(site, url, "/"),
            })
            .into_iter()
            .collect(),
        prev: None,
        next: None,
        children: Vec::new(),
        full_version: None,
        easy_read_versions: Vec::new(),
        evidence_href: None,
        evidence_note: None,
        search_href: options.search.then(|| page_href(site, url, SEARCH_URL)),
        print_href: has_print_page(linked).then(|| page_href(site, url, PRINT_URL)),
        accessibility_href: page_href(site, url, ACCESSIBILITY_URL),
        json_ld: json_ld(site, title, url, false, false),
        citation_meta: Vec::new(),
        cite_href: crate::urls::relative_href(url, CITATION_FILE),
        scripts: Vec::new(),
        downloads: super::downloads::links(site, &options.downloads, url),
    }
}

fn has_pictures(doc: &Document) -> bool {
    doc.links.iter().any(|l| l.kind == LinkKind::Image)
}

fn json_ld(site: &LoadedSite, title: &str, url: &str, pictures: bool, easy_read: bool) -> String {
    let facts = super::access::facts(&site.theme.strings, pictures, easy_read);
    let config = &site.config;
    super::access::page_json_ld(
        &facts,
        title,
        canonical(site, url).as_deref(),
        &config.language,
        &config.title,
        config.publisher.as_deref(),
    )
}

/// A front-matter date's day (`YYYY-MM-DD`), for `<time datetime>`.
fn day(date: &Option<String>) -> Option<String> {
    date.as_deref()
        .and_then(|d| d.get(..10))
        .map(str::to_string)
}

/// The site navigation of an entry: the top-level parts of the publication, or the
/// Easy Read pages when the entry is one of them.
pub(super) fn nav_items(site: &LoadedSite, linked: &LinkedSite, current: EntryId) -> Nav {
    let from = &linked.entries[current].url;
    match easy_read_root(linked, current) {
        Some(root) => {
            let home = linked.home().map(|h| &linked.entries[h]);
            let mut items = vec![nav_item(site, linked, from, root, Some(current))];
            items.extend(nav_children(site, linked, from, root, Some(current)));
            Nav {
                easy_read: true,
                items,
                full_version_href: home.map(|h| page_href(site, from, &h.url)),
            }
        }
        None => nav_items_from(site, linked, from, Some(current)),
    }
}

/// The parts of the publication, seen from `from`.
pub(super) fn nav_items_from(
    site: &LoadedSite,
    linked: &LinkedSite,
    from: &str,
    current: Option<EntryId>,
) -> Nav {
    let items = match linked.home() {
        Some(home) => nav_children(site, linked, from, home, current),
        None => Vec::new(),
    };
    Nav {
        easy_read: false,
        items,
        full_version_href: None,
    }
}

/// The topmost Easy Read page above an Easy Read entry (itself at the top).
fn easy_read_root(linked: &LinkedSite, entry: EntryId) -> Option<EntryId> {
    let is_easy_read = |e: EntryId| linked.entries[e].kind == PageKind::EasyRead;
    if !is_easy_read(entry) {
        return None;
    }
    let mut root = entry;
    while let Some(parent) = linked.entries[root].parent.filter(|&p| is_easy_read(p)) {
        root = parent;
    }
    Some(root)
}

fn nav_children(
    site: &LoadedSite,
    linked: &LinkedSite,
    from: &str,
    parent: EntryId,
    current: Option<EntryId>,
) -> Vec<NavItem> {
    linked.entries[parent]
        .children
        .iter()
        .map(|&c| nav_item(site, linked, from, c, current))
        .collect()
}

fn nav_item(
    site: &LoadedSite,
    linked: &LinkedSite,
    from: &str,
    entry: EntryId,
    current: Option<EntryId>,
) -> NavItem {
    let e = &linked.entries[entry];
    NavItem {
        number: linked.numbers.part(entry),
        title: e.title.clone(),
        label: e.label.clone(),
        href: page_href(site, from, &e.url),
        current: match current {
            Some(cur) if cur == entry => Some("page"),
            Some(cur) if is_ancestor(linked, entry, cur) => Some("true"),
            _ => None,
        },
    }
}

fn is_ancestor(linked: &LinkedSite, ancestor: EntryId, mut of: EntryId) -> bool {
    while let Some(p) = linked.entries[of].parent {
        if p == ancestor {
            return true;
        }
        of = p;
    }
    false
}

/// "On this page": the level-2 sections with their level-3 subsections, for pages with
/// at least two sections.
fn toc<'a>(headings: &[Heading], number: impl Fn(&str) -> Option<&'a str>) -> Vec<TocEntry> {
    if headings.iter().filter(|h| h.level == 2).count() < 2 {
        return Vec::new();
    }
    let mut entries: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            id: h.id.clone(),
            number: number(&h.id).map(str::to_string),
            text: h.text.clone(),
            children: Vec::new(),
        };
        match (h.level, entries.last_mut()) {
            (2, _) => entries.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            _ => {}
        }
    }
    entries
}
