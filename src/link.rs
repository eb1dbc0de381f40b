//! Stage 3, link: one site-wide index of ids and pages; every link, image, evidence
//! entry and Easy Read pairing resolved and checked; the navigation tree, reading
//! order and backlinks settled. Problems are collected, never raised one at a time.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{nearest, Diagnostic, Diagnostics, Location};
use crate::model::*;
use crate::urls::{encode_href, has_scheme, page_file, percent_decode, relative_href, resolve_path};

/// Links everything. `docs[i]` is the parsed document of `site.pages[i]`.
pub fn link(site: &LoadedSite, docs: &[Document], diags: &mut Diagnostics) -> LinkedSite {
    let entries = build_entries(site);
    let by_url: HashMap<String, EntryId> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.url.clone(), EntryId(i)))
        .collect();
    let entries = attach_tree(entries, &by_url);
    let reading_order = reading_order(&entries);
    let global_ids = index_global_ids(docs, diags);
    let index = SiteIndex::new(site, docs, &global_ids);

    let hrefs = PageId::all(docs.len())
        .map(|page| {
            docs[page]
                .links
                .iter()
                .map(|link| index.resolve_link(page, link, diags))
                .collect()
        })
        .collect();

    let evidence = resolve_evidence(site, docs, &index, diags);
    let pairs = resolve_pairs(site, docs, &index, diags);

    LinkedSite {
        entries,
        hrefs,
        reading_order,
        global_ids,
        evidence,
        pairs,
    }
}

/// The hrefs of one page's links, after an edit that changed nothing other pages see.
pub fn page_hrefs(
    site: &LoadedSite,
    docs: &[Document],
    global_ids: &HashMap<String, IdHome>,
    page: PageId,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let index = SiteIndex::new(site, docs, global_ids);
    docs[page]
        .links
        .iter()
        .map(|link| index.resolve_link(page, link, diags))
        .collect()
}

// ---------------------------------------------------------------------------
// the tree of pages

fn build_entries(site: &LoadedSite) -> Vec<PageEntry> {
    let mut entries: Vec<PageEntry> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| PageEntry {
            title: page.front.title.clone().unwrap_or_default(),
            label: page.front.label.clone(),
            kind: page.front.kind,
            description: page.front.description.clone(),
            date: page.front.date.clone(),
            url: page.url.clone(),
            order: page.front.order,
            source: Some(PageId(i)),
            parent: None,
            children: Vec::new(),
        })
        .collect();
    for folder in &site.folders {
        entries.push(PageEntry {
            title: folder.title.clone(),
            label: None,
            kind: if folder.url == "/" {
                PageKind::Home
            } else {
                PageKind::Page
            },
            description: None,
            date: None,
            url: folder.url.clone(),
            order: None,
            source: None,
            parent: None,
            children: Vec::new(),
        });
    }
    entries
}

/// Each page's parent is the nearest page whose URL is a folder above its own.
fn attach_tree(mut entries: Vec<PageEntry>, by_url: &HashMap<String, EntryId>) -> Vec<PageEntry> {
    let parents: Vec<Option<EntryId>> = entries
        .iter()
        .map(|e| {
            let mut url = e.url.as_str();
            while let Some(up) = parent_url(url) {
                if let Some(&p) = by_url.get(up) {
                    return Some(p);
                }
                url = up;
            }
            None
        })
        .collect();
    for (child, parent) in parents.iter().enumerate() {
        entries[child].parent = *parent;
        if let Some(p) = parent {
            entries[*p].children.push(EntryId(child));
        }
    }
    let keys: Vec<(i64, String)> = entries
        .iter()
        .map(|e| (e.order.unwrap_or(i64::MAX), e.title.to_lowercase()))
        .collect();
    for entry in &mut entries {
        entry.children.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }
    entries
}

/// `/a/b/` → `/a/`; `/a/` → `/`; `/` → none.
fn parent_url(url: &str) -> Option<&str> {
    if url == "/" {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    trimmed.rfind('/').map(|i| &url[..=i])
}

/// Home first, then each part followed by its own pages.
fn reading_order(entries: &[PageEntry]) -> Vec<EntryId> {
    let mut order = Vec::with_capacity(entries.len());
    let mut stack: Vec<EntryId> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.parent.is_none())
        .map(|(i, _)| EntryId(i))
        .collect();
    stack.sort_by_key(|&i| (entries[i].url != "/", entries[i].url.clone()));
    stack.reverse();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(entries[i].children.iter().rev());
    }
    order
}

// ---------------------------------------------------------------------------
// ids

/// Every explicit id in the site, each in one place only.
fn index_global_ids(docs: &[Document], diags: &mut Diagnostics) -> HashMap<String, IdHome> {
    let mut index: HashMap<String, IdHome> = HashMap::new();
    for (page, doc) in docs.iter().enumerate() {
        let page = PageId(page);
        for (decl, id) in doc.ids.iter().enumerate() {
            let decl = DeclId(decl);
            if id.origin != IdOrigin::Explicit {
                continue;
            }
            if let Some(first) = index.get(&id.id) {
                let first_loc = docs[first.page].ids[first.decl].location.clone();
                diags.push(
                    Diagnostic::error(format!("the id `{}` is used twice", id.id))
                        .at(id.location.clone())
                        .related(format!("`{}` is first used here", id.id), first_loc)
                        .help("ids in braces name one place in the whole site: rename one of them"),
                );
                continue;
            }
            index.insert(id.id.clone(), IdHome { page, decl });
        }
    }
    index
}

/// What the link stage looks things up in.
struct SiteIndex<'a> {
    site: &'a LoadedSite,
    docs: &'a [Document],
    global_ids: &'a HashMap<String, IdHome>,
    page_by_rel: HashMap<&'a str, PageId>,
    /// Folder (relative to content, no trailing slash) → URL of its page.
    folder_urls: HashMap<String, String>,
    assets: HashSet<&'a str>,
}

impl<'a> SiteIndex<'a> {
    fn new(
        site: &'a LoadedSite,
        docs: &'a [Document],
        global_ids: &'a HashMap<String, IdHome>,
    ) -> Self {
        let mut folder_urls = HashMap::new();
        for page in &site.pages {
            if let Some(dir) = page.source.rel.strip_suffix("index.md") {
                folder_urls.insert(dir.trim_end_matches('/').to_string(), page.url.clone());
            }
        }
        for folder in &site.folders {
            folder_urls.insert(folder.rel.clone(), folder.url.clone());
        }
        SiteIndex {
            site,
            docs,
            global_ids,
            page_by_rel: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source.rel.as_str(), PageId(i)))
                .collect(),
            folder_urls,
            assets: site.assets.iter().map(|a| a.rel.as_str()).collect(),
        }
    }

    /// The href for one link or image of page `from`, relative to that page.
    fn resolve_link(&self, from: PageId, link: &LinkRef, diags: &mut Diagnostics) -> String {
        let page = &self.site.pages[from];
        let dest = link.dest.as_str();
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            return dest.to_string();
        }
        if let Some(id) = dest.strip_prefix('#') {
            return match self.find_id(from, id) {
                Some(place) => self.href(from, &place),
                None => {
                    if !self.unsure_of_missing() {
                        diags.push(self.missing_id(id, None, from, link.location.clone()));
                    }
                    dest.to_string()
                }
            };
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let Some(target) = resolve_path(&page.source.rel, &percent_decode(path).unwrap_or_else(|| path.to_string())) else {
            diags.push(
                Diagnostic::error(format!("the link `{dest}` leads out of `content/`"))
                    .at(link.location.clone())
                    .help("link only to pages and files inside `content/`"),
            );
            return dest.to_string();
        };
        if target.ends_with(".md") {
            let Some(&to) = self.page_by_rel.get(target.as_str()) else {
                if self.site.failed_pages.contains(&target) {
                    return dest.to_string(); // its own error is already reported
                }
                if self.site.draft_pages.contains(&target) {
                    diags.push(
                        Diagnostic::error(format!("the link `{dest}` goes to a draft page (content/{target})"))
                            .at(link.location.clone())
                            .help("drafts are built only with --drafts: publish the page (remove `draft: true`) or remove the link"),
                    );
                    return dest.to_string();
                }
                let help = match nearest(&target, self.page_by_rel.keys().copied()) {
                    Some(near) => format!(
                        "did you mean `{}`? (paths are relative to this page's folder)",
                        relative_path(&page.source.rel, near)
                    ),
                    None => "paths are relative to this page's folder".to_string(),
                };
                diags.push(
                    Diagnostic::error(format!(
                        "the link `{dest}` goes to a page that does not exist (content/{target})"
                    ))
                    .at(link.location.clone())
                    .help(help),
                );
                return dest.to_string();
            };
            if let Some(id) = fragment {
                if !self.has_id(to, id) {
                    diags.push(self.missing_id(id, Some(to), from, link.location.clone()));
                    return dest.to_string();
                }
            }
            let place = Place {
                page: to,
                id: fragment.map(str::to_string),
            };
            return self.href(from, &place);
        }
        let folder = target.trim_end_matches('/');
        if let Some(url) = self.folder_urls.get(folder) {
            let mut href = relative_href(&page.url, &self.page_file(url));
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            return href;
        }
        if self.assets.contains(target.as_str()) {
            let mut href = relative_href(&page.url, &target);
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            return encode_href(&href);
        }
        let what = if link.kind == LinkKind::Image {
            "picture"
        } else {
            "file"
        };
        let mut d = Diagnostic::error(format!(
            "the {what} `{dest}` does not exist (content/{target})"
        ))
        .at(link.location.clone());
        // The same file name elsewhere is the likeliest meaning (a wrong folder).
        let file_name = target.rsplit('/').next().unwrap_or(&target);
        let same_name = self
            .assets
            .iter()
            .copied()
            .filter(|a| a.rsplit('/').next() == Some(file_name))
            .min();
        if let Some(near) = same_name.or_else(|| nearest(&target, self.assets.iter().copied())) {
            d = d.help(format!(
                "did you mean `{}`?",
                relative_path(&page.source.rel, near)
            ));
        } else {
            d = d.help(
                "put the file in `content/` and give its path relative to this page's folder",
            );
        }
        diags.push(d);
        dest.to_string()
    }

    /// Whether page `page` has the id (any: made from a heading or given in braces).
    /// Pages hold a few dozen ids, so a scan beats building a map of every page's ids
    /// (which an incremental rebuild would pay for each edit).
    fn has_id(&self, page: PageId, id: &str) -> bool {
        self.docs[page].ids.iter().any(|d| d.id == id)
    }

    /// An id seen from page `from`: the page's own ids win, then the site's global ids.
    fn find_id(&self, from: PageId, id: &str) -> Option<Place> {
        if self.has_id(from, id) {
            return Some(Place {
                page: from,
                id: Some(id.to_string()),
            });
        }
        self.global_ids.get(id).map(|home| Place {
            page: home.page,
            id: Some(id.to_string()),
        })
    }

    /// Resolves an evidence entry or a `full=` value: a global id, or `page.md#id`
    /// relative to page `from`.
    fn resolve_target(&self, from: PageId, value: &str) -> Result<Place, String> {
        if let Some((path, id)) = value.split_once('#') {
            let page = &self.site.pages[from];
            let target = resolve_path(&page.source.rel, path)
                .ok_or_else(|| format!("`{value}` leads out of `content/`"))?;
            let &to = self
                .page_by_rel
                .get(target.as_str())
                .ok_or_else(|| format!("the page `{path}` does not exist (content/{target})"))?;
            if id.is_empty() {
                return Ok(Place { page: to, id: None });
            }
            if !self.has_id(to, id) {
                return Err(format!("there is no id `{id}` on `{path}`"));
            }
            return Ok(Place {
                page: to,
                id: Some(id.to_string()),
            });
        }
        if value.ends_with(".md") {
            let page = &self.site.pages[from];
            let target = resolve_path(&page.source.rel, value)
                .ok_or_else(|| format!("`{value}` leads out of `content/`"))?;
            return self
                .page_by_rel
                .get(target.as_str())
                .map(|&to| Place { page: to, id: None })
                .ok_or_else(|| format!("the page `{value}` does not exist"));
        }
        self.global_ids
            .get(value)
            .map(|home| Place {
                page: home.page,
                id: Some(value.to_string()),
            })
            .ok_or_else(|| format!("`{value}` does not exist"))
    }

    /// Ids a misspelt reference from page `from` may have meant: those of the page it
    /// names (`page.md#id`), or the page's own ids and every global id.
    fn candidates_for(&self, from: PageId, value: &str) -> Vec<(&'a str, &'a Location)> {
        if let Some((path, _)) = value.split_once('#') {
            if !path.is_empty() {
                let target = resolve_path(&self.site.pages[from].source.rel, path);
                if let Some(&to) = target.as_deref().and_then(|t| self.page_by_rel.get(t)) {
                    return self.page_candidates(to);
                }
            }
        }
        let mut candidates = self.page_candidates(from);
        candidates.extend(
            self.global_ids
                .iter()
                .map(|(k, h)| (k.as_str(), &self.docs[h.page].ids[h.decl].location)),
        );
        candidates
    }

    fn page_candidates(&self, page: PageId) -> Vec<(&'a str, &'a Location)> {
        self.docs[page]
            .ids
            .iter()
            .map(|d| (d.id.as_str(), &d.location))
            .collect()
    }

    /// The draft page (path under `content/`) that gives the id in `value` (a global id,
    /// or `page.md#id`), when it is on one.
    fn draft_of(&self, value: &str) -> Option<String> {
        let id = value.rsplit('#').next().unwrap_or(value);
        self.site.draft_ids.get(id).cloned()
    }

    /// When some pages failed to load, an id that seems missing may be on one of them:
    /// their errors are reported, and these are not.
    fn unsure_of_missing(&self) -> bool {
        !self.site.failed_pages.is_empty()
    }

    fn missing_id(
        &self,
        id: &str,
        on_page: Option<PageId>,
        from: PageId,
        location: Location,
    ) -> Diagnostic {
        let (message, candidates) = match on_page {
            Some(p) => (
                format!(
                    "there is no id `{id}` on {}",
                    self.site.pages[p].source.display
                ),
                self.page_candidates(p),
            ),
            None => (
                format!("the id `{id}` does not exist on this page or anywhere in the site"),
                self.candidates_for(from, id),
            ),
        };
        let mut d = Diagnostic::error(message).at(location);
        if on_page.is_none() {
            // A section of another page: its id is local to that page, so a bare
            // `#id` cannot reach it, but `page.md#id` can.
            if let Some(p) = PageId::all(self.docs.len()).find(|&p| p != from && self.has_id(p, id)) {
                let path = relative_path(
                    &self.site.pages[from].source.rel,
                    &self.site.pages[p].source.rel,
                );
                return d.help(format!(
                    "`{id}` is a section of {}: ids made from headings belong to their page, so link to it as `{path}#{id}`",
                    self.site.pages[p].source.display
                ));
            }
        }
        if let Some(help) = self.nearest_id_help(id, &candidates) {
            d = d.help(help);
        }
        d
    }

    fn nearest_id_help(&self, id: &str, candidates: &[(&str, &Location)]) -> Option<String> {
        let near = nearest(id, candidates.iter().map(|(k, _)| *k))?;
        let loc = candidates
            .iter()
            .find(|(k, _)| *k == near)
            .map(|(_, l)| *l)?;
        Some(format!(
            "did you mean `{near}` ({}:{})?",
            loc.file, loc.line
        ))
    }

    /// The output file of a page URL, as written in links (`a/index.html` or `a/`).
    fn page_file(&self, url: &str) -> String {
        page_file(url, self.site.config.pretty_links)
    }

    fn href(&self, from: PageId, place: &Place) -> String {
        let from_page = &self.site.pages[from];
        let mut href = if place.page == from {
            String::new()
        } else {
            encode_href(&relative_href(
                &from_page.url,
                &self.page_file(&self.site.pages[place.page].url),
            ))
        };
        if let Some(id) = &place.id {
            href.push('#');
            href.push_str(id);
        }
        if href.is_empty() {
            href.push('#');
        }
        href
    }
}

// ---------------------------------------------------------------------------
// evidence and pairing

fn resolve_evidence(
    site: &LoadedSite,
    docs: &[Document],
    index: &SiteIndex,
    diags: &mut Diagnostics,
) -> Vec<EvidenceLink> {
    let mut links = Vec::new();
    for (page, doc) in docs.iter().enumerate() {
        let page = PageId(page);
        for rec in &doc.recommendations {
            for entry in &rec.evidence {
                match index.resolve_target(page, &entry.value) {
                    Ok(Place {
                        page: to,
                        id: Some(id),
                    }) if to == page && id == rec.id => diags.push(
                        Diagnostic::error(format!("the recommendation `{id}` lists itself as its evidence"))
                            .at(entry.location.clone())
                            .help(format!("evidence is a quote, finding or section that supports the recommendation: remove `{id}` from its `evidence`")),
                    ),
                    Ok(Place {
                        page: to,
                        id: Some(id),
                    }) => links.push(EvidenceLink {
                        rec_page: page,
                        rec_id: rec.id.clone(),
                        page: to,
                        id,
                    }),
                    Ok(Place { id: None, .. }) => diags.push(
                        Diagnostic::error(format!(
                            "evidence `{}` names a page, not a place on it",
                            entry.value
                        ))
                        .at(entry.location.clone())
                        .help("add the id of the quote or section: `page.md#section-id`"),
                    ),
                    Err(_) if index.unsure_of_missing() => {}
                    Err(_) if index.draft_of(&entry.value).is_some() => diags.push(
                        Diagnostic::error(format!(
                            "evidence `{}` is on a draft page (content/{}), which this build leaves out",
                            entry.value,
                            index.draft_of(&entry.value).unwrap_or_default()
                        ))
                        .at(entry.location.clone())
                        .help("drafts are built only with --drafts: publish that page (remove `draft: true`), or remove this evidence until it is"),
                    ),
                    Err(_) => {
                        let mut d =
                            Diagnostic::error(format!("evidence `{}` does not exist", entry.value))
                                .at(entry.location.clone());
                        let candidates = index.candidates_for(page, &entry.value);
                        let wanted = entry.value.rsplit('#').next().unwrap_or(&entry.value);
                        d = match index.nearest_id_help(wanted, &candidates) {
                            Some(help) => d.help(help),
                            None => d.help("evidence is a global id (`q-…`) or `page.md#id`, paths relative to this page"),
                        };
                        diags.push(d);
                    }
                }
            }
        }
    }
    let _ = site;
    links
}

fn resolve_pairs(
    site: &LoadedSite,
    docs: &[Document],
    index: &SiteIndex,
    diags: &mut Diagnostics,
) -> Vec<Pairing> {
    let mut pairs = Vec::new();
    for (page, loaded) in site.pages.iter().enumerate() {
        let page = PageId(page);
        if let Some(full) = &loaded.front.full {
            let target = resolve_path(&loaded.source.rel, full)
                .and_then(|t| index.page_by_rel.get(t.as_str()).copied());
            match target {
                Some(to) if to == page => diags.push(
                    Diagnostic::error("this Easy Read page names itself as its full text")
                        .at(front_matter_line(loaded, "full"))
                        .help("`full:` is the path of the full-text page this page explains, for example `full: ../recommendations.md`"),
                ),
                Some(to) => pairs.push(Pairing {
                    easy: Place { page, id: None },
                    full: Place { page: to, id: None },
                }),
                None => diags.push(
                    Diagnostic::error(format!("`full: {full}` names a page that does not exist"))
                        .at(front_matter_line(loaded, "full"))
                        .help("give the path of the full-text page relative to this file, for example `full: ../recommendations.md`"),
                ),
            }
            if loaded.front.kind != PageKind::EasyRead {
                diags.push(
                    Diagnostic::error("`full:` is only for pages of kind `easy-read`")
                        .at(front_matter_line(loaded, "full"))
                        .help("add `kind: easy-read`, or remove `full:`"),
                );
            }
        }
        for heading in &docs[page].headings {
            let Some(full) = &heading.full else { continue };
            match index.resolve_target(page, &full.value) {
                Ok(place) if place.page == page && place.id.as_deref() == Some(heading.id.as_str()) => diags.push(
                    Diagnostic::error("this Easy Read heading is paired with itself")
                        .at(full.location.clone())
                        .help("`full=\"…\"` names the section of the full text that this heading explains, on another page"),
                ),
                Ok(place) => pairs.push(Pairing {
                    easy: Place {
                        page,
                        id: Some(heading.id.clone()),
                    },
                    full: place,
                }),
                Err(_) if index.unsure_of_missing() => {}
                Err(problem) => {
                    let candidates = index.candidates_for(page, &full.value);
                    let wanted = full.value.rsplit('#').next().unwrap_or(&full.value);
                    let mut d =
                        Diagnostic::error(format!("full text {problem}")).at(full.location.clone());
                    if let Some(help) = index.nearest_id_help(wanted, &candidates) {
                        d = d.help(help);
                    }
                    diags.push(d);
                }
            }
        }
    }
    pairs
}

fn front_matter_line(page: &LoadedPage, key: &str) -> Location {
    crate::load::key_line(&page.source, key)
}

// ---------------------------------------------------------------------------
// paths and URLs

/// A path from one content file to another, for help messages.
fn relative_path(from_rel: &str, to_rel: &str) -> String {
    let depth = from_rel.matches('/').count();
    format!("{}{}", "../".repeat(depth), to_rel)
}


