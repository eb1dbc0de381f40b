//! Links that lead out of the imported publication: a book published inside a larger
//! site (beside the reference it cites, say) links to its neighbours as
//! `../std/…html`. pubgen's build refuses a link that leaves
//! `content/`, so the import makes each a web address on the site the publication was
//! published on, when that address is known (`--published-at`, or the old tool's own
//! setting); when it is not, one warning says how to give it.

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::{Imported, Page};

/// The address the publication was published at, split for joining links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublishedAt {
    /// `https://doc.rust-lang.org`
    origin: String,
    /// `/nomicon/`: always starts and ends with `/`.
    path: String,
}

impl PublishedAt {
    /// An `http://` or `https://` address; `None` for anything else, and for a
    /// placeholder such as Hugo's default `https://example.org/`.
    pub(crate) fn parse(address: &str) -> Option<PublishedAt> {
        let address = address.trim();
        let (scheme, rest) = address.split_once("://")?;
        if !["http", "https"].contains(&scheme.to_ascii_lowercase().as_str()) {
            return None;
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        // A placeholder (`example.org`) is no publication's address.
        let placeholder = crate::load::values::is_placeholder_host(host);
        if host.is_empty() || host.contains(['?', '#', ' ']) || placeholder {
            return None;
        }
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = format!("/{}", path.trim_matches('/'));
        Some(PublishedAt {
            origin: format!("{scheme}://{host}"),
            path: if path == "/" { path } else { path + "/" },
        })
    }

    /// Where the publication sits on its site: `/nomicon/`.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The whole address.
    #[cfg(test)]
    fn address(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

/// Where `dest` (written in `page`, found on no imported page) leads on the site the
/// publication was published on, as a path from the host's root, when that is outside
/// the publication; `None` when it stays inside it (a page that is simply missing).
pub(crate) fn outside_path(imported: &Imported, page: &Page, dest: &str) -> Option<String> {
    let (path, _) = split_rest(dest);
    let base = base_folder(imported);
    let folder = page_folder(imported, page);
    let inside = if path.starts_with('/') {
        clamped(path).starts_with(&base)
    } else {
        super::markdown::normalize(&format!("{folder}{path}")).is_some()
    };
    if inside {
        return None;
    }
    Some(on_site_path(imported, page, dest))
}

/// Where `dest` (written in `page`) led on the site the publication was published
/// on, as a path from the host's root, its `?query#fragment` kept.
pub(crate) fn on_site_path(imported: &Imported, page: &Page, dest: &str) -> String {
    let (path, rest) = split_rest(dest);
    let on_site = if path.starts_with('/') {
        clamped(path)
    } else {
        let base = base_folder(imported);
        clamped(&format!("{base}{}{path}", page_folder(imported, page)))
    };
    format!("{on_site}{rest}")
}

/// Where a page was published on its old site, from the host's root: its permalink,
/// else its folder (`/ar/a/`) or file (`/ar/a.html`) as the old tool made them.
pub(crate) fn published_path(imported: &Imported, page: &Page) -> String {
    let base = base_folder(imported);
    if let Some(at) = page.also_at.first() {
        return clamped(&format!("{base}{at}"));
    }
    let stem = page.out.strip_suffix(".md").unwrap_or(&page.out);
    let folder = match stem.strip_suffix("index") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => Some(folder),
        _ => None,
    };
    match (folder, imported.pretty_urls) {
        (Some(folder), _) => clamped(&format!("{base}{folder}")),
        (None, true) => clamped(&format!("{base}{stem}/")),
        (None, false) => clamped(&format!("{base}{stem}.html")),
    }
}

/// The publication's folder on its host (`/nomicon/`, or `/`).
fn base_folder(imported: &Imported) -> String {
    match imported.base_path.trim_matches('/') {
        "" => "/".to_string(),
        base => format!("/{base}/"),
    }
}

/// The folder a page's relative links are resolved in on its old site, below the
/// publication's own address: a book's page is a file (`vec/vec.html`, links from
/// `vec/`); a site's page is a folder of its own (`posts/a/`).
fn page_folder(imported: &Imported, page: &Page) -> String {
    let stem = page
        .src_rel
        .rsplit_once('.')
        .map_or(&*page.src_rel, |(s, _)| s);
    let folder = stem.rsplit_once('/').map_or("", |(folder, _)| folder);
    let is_index = page.out.ends_with("index.md");
    let folder = if imported.pretty_urls && !is_index {
        stem.to_string()
    } else {
        folder.to_string()
    };
    if folder.is_empty() {
        folder
    } else {
        format!("{folder}/")
    }
}

/// `/a/b/../c/./d` → `/a/c/d` (a `..` at the root stays there, as a browser does),
/// keeping a final `/`.
fn clamped(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && out != "/" {
        out.push('/');
    }
    out
}

/// A link's path, and its `?query#fragment` kept as written.
pub(super) fn split_rest(dest: &str) -> (&str, &str) {
    let at = dest.find(['?', '#']).unwrap_or(dest.len());
    dest.split_at(at)
}

/// The links that lead out of the publication, gathered while links are rewritten:
/// made web addresses when the address is known, else told of once.
#[derive(Default)]
pub(crate) struct Outside {
    made: usize,
    /// The first link left as written (as written, and where), and how many there are.
    left: Option<(String, crate::diagnostics::Location, usize)>,
}

impl Outside {
    /// The new destination of a link that leads out (a web address), or `None` when
    /// it must stay as written.
    pub(crate) fn rewrite(&mut self, imported: &Imported, path_on_site: &str) -> Option<String> {
        let at = imported.published_at.as_ref()?;
        self.made += 1;
        Some(format!("{}{path_on_site}", at.origin))
    }

    /// A link that leads out and stays as written: the first is remembered, with its
    /// place, for the one warning.
    pub(crate) fn left_as_written(&mut self, page: &Page, at: &std::ops::Range<usize>, dest: &str) {
        if let Some((_, _, count)) = &mut self.left {
            *count += 1;
            return;
        }
        self.left = Some((dest.to_string(), page.location(at), 1));
    }

    /// What the import says of them: a note of the links made web addresses, and one
    /// warning, at the first, for those left as written.
    pub(crate) fn report(self, imported: &Imported, diags: &mut Diagnostics) {
        if let (Some(at), true) = (&imported.published_at, self.made > 0) {
            let links = if self.made == 1 {
                "link leads"
            } else {
                "links lead"
            };
            diags.push(Diagnostic::note(format!(
                "{} {links} out of the publication: each was made a web address on {}, where it led",
                self.made, at.origin
            )));
        }
        let Some((dest, location, count)) = self.left else {
            return;
        };
        let message = match count {
            1 => format!("the link `{dest}` leads out of the publication, and pubgen's build refuses a link that leaves `content/`: it was left as written for you to mend"),
            n => format!("{n} links lead out of the publication (this is the first), and pubgen's build refuses a link that leaves `content/`: they were left as written for you to mend"),
        };
        diags.push(
            Diagnostic::warning(message)
            .at(location)
            .help("import again with the address the publication is published at now (`--published-at https://…/`, the address of its first page's folder): each such link then becomes a web address on that site, where it led"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_split_into_its_site_and_path() {
        let at = PublishedAt::parse("https://doc.rust-lang.org/nomicon").unwrap();
        assert_eq!(at.address(), "https://doc.rust-lang.org/nomicon/");
        assert_eq!(
            PublishedAt::parse("http://corra.scot").unwrap().address(),
            "http://corra.scot/"
        );
        assert_eq!(
            PublishedAt::parse("https://example.org/"),
            None,
            "a placeholder"
        );
        assert_eq!(PublishedAt::parse("doc.rust-lang.org/nomicon"), None);
        assert_eq!(PublishedAt::parse("ftp://example.org/"), None);
        assert_eq!(
            PublishedAt::parse("http://[::1]:8080/book/"),
            None,
            "this computer"
        );
    }

    #[test]
    fn a_path_going_up_past_the_root_stays_at_the_root() {
        assert_eq!(clamped("/nomicon/../std/x.html"), "/std/x.html");
        assert_eq!(clamped("/a/../../../b/"), "/b/");
        assert_eq!(clamped("/a/./b/.."), "/a/");
    }
}
