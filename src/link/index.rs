//! The site index the link stage looks things up in: pages by path, folders, assets,
//! every page's ids and the global ids; and how a link, evidence entry or pairing
//! value resolves against it.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{nearest, Diagnostic, Diagnostics, Location};
use crate::model::*;
use crate::urls::{has_scheme, percent_decode, resolve_path};

use super::relative_path;

/// What the link stage looks things up in.
pub(super) struct SiteIndex<'a> {
    site: &'a LoadedSite,
    docs: &'a [Document],
    global_ids: &'a HashMap<String, IdHome>,
    pub(super) page_by_rel: HashMap<&'a str, PageId>,
    /// Each page by its web address (`/part/page/`), for links written as addresses.
    page_by_url: HashMap<&'a str, PageId>,
    /// Folder (relative to content, no trailing slash) → URL of its page.
    folder_urls: HashMap<String, String>,
    assets: HashSet<&'a str>,
}

impl<'a> SiteIndex<'a> {
    pub(super) fn new(
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
            page_by_url: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.url.as_str(), PageId(i)))
                .collect(),
            folder_urls,
            assets: site.assets.iter().map(|a| a.rel.as_str()).collect(),
        }
    }

    /// Where one link or picture of page `from` leads. A link that leads nowhere is
    /// reported, and kept as written.
    pub(super) fn resolve_link(
        &self,
        from: PageId,
        link: &LinkRef,
        diags: &mut Diagnostics,
    ) -> Target {
        let dest = link.dest.as_str();
        if is_local_file(dest) {
            diags.push(local_file_link(dest, self.located(from, link)));
            return Target::AsWritten(dest.to_string());
        }
        if let Some(d) = script_link(dest, link, || self.located(from, link)) {
            diags.push(d);
            return Target::AsWritten(dest.to_string());
        }
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            return Target::AsWritten(dest.to_string());
        }
        let resolved = match dest.strip_prefix('#') {
            Some(id) => self.bare_fragment(from, id, link),
            None => self.path_link(from, link),
        };
        resolved.unwrap_or_else(|problem| {
            if let Some(d) = problem {
                diags.push(d);
            }
            Target::AsWritten(dest.to_string())
        })
    }

    /// `#id`: an id on the page, else a global id anywhere.
    fn bare_fragment(
        &self,
        from: PageId,
        id: &str,
        link: &LinkRef,
    ) -> Result<Target, Option<Diagnostic>> {
        match self.find_id(from, id) {
            Some(place) => Ok(Target::Place(place)),
            None if self.unsure_of_missing() => Err(None),
            None => Err(Some(self.missing_id(
                id,
                None,
                from,
                self.located(from, link),
            ))),
        }
    }

    /// `path#fragment`: a page, a folder or a file of `content/`.
    fn path_link(&self, from: PageId, link: &LinkRef) -> Result<Target, Option<Diagnostic>> {
        let page = &self.site.pages[from];
        let dest = link.dest.as_str();
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
        let Some(target) = resolve_path(&page.source.rel, &decoded) else {
            if let Some(d) = self.written_as_address(from, link, &decoded, fragment) {
                return Err(Some(d));
            }
            return Err(Some(
                Diagnostic::error(format!("the link `{dest}` leads out of `content/`"))
                    .at(self.located(from, link))
                    .help("link only to pages and files inside `content/`"),
            ));
        };
        if target.ends_with(".md") {
            return self.page_link(from, link, &target, fragment);
        }
        let fragment = fragment.map(str::to_string);
        if let Some(url) = self.folder_urls.get(target.trim_end_matches('/')) {
            return Ok(Target::Folder {
                url: url.clone(),
                fragment,
            });
        }
        if self.assets.contains(target.as_str()) {
            return Ok(Target::Asset {
                rel: target,
                fragment,
            });
        }
        if let Some(d) = self.written_as_address(from, link, &decoded, fragment.as_deref()) {
            return Err(Some(d));
        }
        Err(Some(self.missing_file(from, link, &target)))
    }

    /// A link written as a page's web address (`../page/#x`, `page.html`,
    /// `page/index.html`), as sites made with other tools link: an error whose help
    /// gives the page's file to write instead.
    fn written_as_address(
        &self,
        from: PageId,
        link: &LinkRef,
        path: &str,
        fragment: Option<&str>,
    ) -> Option<Diagnostic> {
        let to = self.page_at_address(from, path)?;
        let from_rel = &self.site.pages[from].source.rel;
        let mut file = relative_path(from_rel, &self.site.pages[to].source.rel);
        if let Some(fragment) = fragment {
            file = format!("{file}#{fragment}");
        }
        Some(
            Diagnostic::error(format!(
                "the link `{}` is written as a web address, and pubgen links pages by their files",
                link.dest
            ))
            .at(self.located(from, link))
            .help(format!(
                "write `{file}`: the page's file, from this page's folder (pubgen writes its web address)"
            )),
        )
    }

    /// The page whose web address `path` is, read from the address of page `from`:
    /// as from its folder (`/part/page/` + `../other/`), or as from a file beside it
    /// (`/part/page.html` + `other.html`).
    fn page_at_address(&self, from: PageId, path: &str) -> Option<PageId> {
        let url = self.site.pages[from].url.trim_start_matches('/');
        let bases = [
            format!("{url}index.html"),
            url.trim_end_matches('/').to_string(),
        ];
        bases.iter().find_map(|base| {
            let target = resolve_path(base, path)?;
            let target = target.strip_suffix("index.html").unwrap_or(&target);
            let page = match target.strip_suffix(".html") {
                Some(stem) => format!("/{stem}/"),
                None => format!("/{}/", target.trim_end_matches('/')),
            };
            let page = if page == "//" { "/".to_string() } else { page };
            self.page_by_url.get(page.as_str()).copied()
        })
    }

    /// A link to a page (`target` is its path under `content/`), and maybe an id on it.
    fn page_link(
        &self,
        from: PageId,
        link: &LinkRef,
        target: &str,
        fragment: Option<&str>,
    ) -> Result<Target, Option<Diagnostic>> {
        let Some(&to) = self.page_by_rel.get(target) else {
            return Err(self.missing_page(from, link, target));
        };
        if let Some(id) = fragment {
            if !self.has_id(to, id) {
                return Err(Some(self.missing_id(
                    id,
                    Some(to),
                    from,
                    self.located(from, link),
                )));
            }
        }
        Ok(Target::Place(Place {
            page: to,
            id: fragment.map(str::to_string),
        }))
    }

    /// Why a link's page is not there: failed to load (already reported), a draft, or
    /// no such page (with the nearest one).
    fn missing_page(&self, from: PageId, link: &LinkRef, target: &str) -> Option<Diagnostic> {
        let dest = &link.dest;
        if self.site.failed_pages.iter().any(|f| f == target) {
            return None; // its own error is already reported
        }
        if self.site.draft_pages.iter().any(|d| d == target) {
            return Some(
                Diagnostic::error(format!("the link `{dest}` goes to a draft page (content/{target})"))
                    .at(self.located(from, link))
                    .help("drafts are built only with --drafts: publish the page (remove `draft: true`) or remove the link"),
            );
        }
        let from_rel = &self.site.pages[from].source.rel;
        let help = match self.nearest_page(target) {
            Some(near) => format!(
                "did you mean `{}`? (paths are relative to this page's folder)",
                relative_path(from_rel, near)
            ),
            None => "paths are relative to this page's folder".to_string(),
        };
        Some(
            Diagnostic::error(format!(
                "the link `{dest}` goes to a page that does not exist (content/{target})"
            ))
            .at(self.located(from, link))
            .help(help),
        )
    }

    /// The page a link to a missing (say renamed) page most likely meant: the one whose
    /// file name or title is nearest to the link's file name. Whole paths would favour
    /// `index.md`, which every folder has.
    fn nearest_page(&self, target: &str) -> Option<&str> {
        let stem = |rel: &str| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let name = name.strip_suffix(".md").unwrap_or(name);
            if name == "index" {
                // A folder's page is named by its folder.
                rel.rsplit('/').nth(1).unwrap_or(name).to_lowercase()
            } else {
                name.to_lowercase()
            }
        };
        let wanted = stem(target);
        let slug = |title: &str| crate::parse::ids::slugify(title);
        self.site
            .pages
            .iter()
            .map(|p| {
                let by_name = strsim::jaro_winkler(&wanted, &stem(&p.source.rel));
                let by_title = strsim::jaro_winkler(
                    &wanted,
                    &slug(&p.front.title.clone().unwrap_or_default()),
                );
                (by_name.max(by_title), p.source.rel.as_str())
            })
            .filter(|(score, _)| *score > 0.75)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, rel)| rel)
    }

    /// A picture or file that is not in `content/`, with the likeliest one meant.
    fn missing_file(&self, from: PageId, link: &LinkRef, target: &str) -> Diagnostic {
        let what = if link.kind == LinkKind::Image {
            "picture"
        } else {
            "file"
        };
        let d = Diagnostic::error(format!(
            "the {what} `{}` does not exist (content/{target})",
            link.dest
        ))
        .at(self.located(from, link));
        // The same file name elsewhere is the likeliest meaning (a wrong folder).
        let file_name = target.rsplit('/').next().unwrap_or(target);
        let same_name = self
            .assets
            .iter()
            .copied()
            .filter(|a| a.rsplit('/').next() == Some(file_name))
            .min();
        match same_name.or_else(|| nearest(target, self.assets.iter().copied())) {
            Some(near) => d.help(format!(
                "did you mean `{}`?",
                relative_path(&self.site.pages[from].source.rel, near)
            )),
            None => d.help(
                "put the file in `content/` and give its path relative to this page's folder",
            ),
        }
    }

    /// Whether page `page` has the id (any: made from a heading or given in braces).
    /// Pages hold a few dozen ids, so a scan beats building a map of every page's ids
    /// (which an incremental rebuild would pay for each edit).
    pub(super) fn has_id(&self, page: PageId, id: &str) -> bool {
        self.docs[page].ids.iter().any(|d| d.id == id)
    }

    /// An id seen from page `from`: the page's own ids win, then the site's global ids.
    pub(super) fn find_id(&self, from: PageId, id: &str) -> Option<Place> {
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
    pub(super) fn resolve_target(&self, from: PageId, value: &str) -> Result<Place, String> {
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
    pub(super) fn candidates_for(
        &self,
        from: PageId,
        value: &str,
    ) -> Vec<(&'a str, (PageId, Span))> {
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
                .map(|(k, h)| (k.as_str(), (h.page, self.docs[h.page].ids[h.decl].at))),
        );
        candidates
    }

    pub(super) fn page_candidates(&self, page: PageId) -> Vec<(&'a str, (PageId, Span))> {
        self.docs[page]
            .ids
            .iter()
            .map(|d| (d.id.as_str(), (page, d.at)))
            .collect()
    }

    /// Where a link of page `from` is, as a diagnostic shows it.
    pub(super) fn located(&self, from: PageId, link: &LinkRef) -> Location {
        self.site.pages[from].source.at(link.at)
    }

    /// The draft page (path under `content/`) that gives the id in `value` (a global id,
    /// or `page.md#id`), when it is on one.
    pub(super) fn draft_of(&self, value: &str) -> Option<String> {
        let id = value.rsplit('#').next().unwrap_or(value);
        self.site.draft_ids.get(id).cloned()
    }

    /// When some pages failed to load, an id that seems missing may be on one of them:
    /// their errors are reported, and these are not.
    pub(super) fn unsure_of_missing(&self) -> bool {
        !self.site.failed_pages.is_empty()
    }

    pub(super) fn missing_id(
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
            if let Some(p) = PageId::all(self.docs.len()).find(|&p| p != from && self.has_id(p, id))
            {
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

    pub(super) fn nearest_id_help(
        &self,
        id: &str,
        candidates: &[(&str, (PageId, Span))],
    ) -> Option<String> {
        let near = nearest(id, candidates.iter().map(|(k, _)| *k))?;
        let &(page, at) = candidates
            .iter()
            .find(|(k, _)| *k == near)
            .map(|(_, l)| l)?;
        let loc = self.site.pages[page].source.at(at);
        Some(format!(
            "did you mean `{near}` ({}:{})?",
            loc.file, loc.line
        ))
    }
}

/// A link to a file on the editor's own computer (`C:\Users\…`, `file:///…`, a
/// network share `\\server\…`), which no reader can open.
fn is_local_file(dest: &str) -> bool {
    let bytes = dest.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    drive
        || dest.starts_with("\\\\")
        || dest
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
}

fn local_file_link(dest: &str, location: Location) -> Diagnostic {
    let name = dest
        .rsplit(['\\', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or(dest);
    Diagnostic::error(format!(
        "this link leads to a file on your own computer (`{dest}`), which readers cannot open"
    ))
    .at(location)
    .help(format!(
        "put the file in content/ (for example content/files/{name}) and link to it as `files/{name}`; or link to the page or file's web address"
    ))
}

/// A link that runs a program instead of leading somewhere (`javascript:`,
/// `vbscript:`, a `data:` address that is not a picture): refused, for the web
/// pages, the PDF's link actions and the EPUB alike.
fn script_link(
    dest: &str,
    link: &LinkRef,
    location: impl FnOnce() -> Location,
) -> Option<Diagnostic> {
    let scheme: String = dest
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let lower = dest.trim_start().to_ascii_lowercase();
    let runs = match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            !(link.kind == LinkKind::Image
                && lower.starts_with("data:image/")
                && !lower.starts_with("data:image/svg"))
        }
        _ => false,
    };
    if !runs || !lower.contains(':') {
        return None;
    }
    Some(
        Diagnostic::error(format!("the link `{}` runs a program (`{scheme}:`) instead of leading to a page, so it cannot be published", shorten(dest)))
            .at(location())
            .help("link to a web address (`https://…`), a page (`page.md`) or a file in `content/`"),
    )
}

fn shorten(dest: &str) -> String {
    match dest.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &dest[..at]),
        None => dest.to_string(),
    }
}
