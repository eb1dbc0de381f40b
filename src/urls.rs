//! Paths and URLs: where a source file is published, and how one page links to
//! another with a relative href (so the site works from disk and under any base path).
//! Shared by the stages, owned by none.

/// `a/b.md` → `/a/b/`; `index.md` → `/`; `a/index.md` → `/a/`. A slug replaces the
/// file name (or, for an `index.md`, the folder's name).
pub(crate) fn page_url(rel: &str, slug: Option<&str>) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let mut segments: Vec<&str> = stem.split('/').collect();
    if segments.last() == Some(&"index") {
        segments.pop();
    }
    // (The home page has no segment for a slug to replace.)
    if let (Some(slug), Some(last)) = (slug, segments.last_mut()) {
        *last = slug;
    }
    if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// The pages the generator writes itself.
pub(crate) const EVIDENCE_URL: &str = "/evidence/";
pub(crate) const SEARCH_URL: &str = "/search/";
pub(crate) const PRINT_URL: &str = "/print/";
/// The citation file of the whole publication, beside the pages.
pub(crate) const CITATION_FILE: &str = "CITATION.cff";
/// The accessibility statement the build writes.
pub(crate) const ACCESSIBILITY_URL: &str = "/accessibility/";
/// The sitemap, beside the pages.
pub(crate) const SITEMAP_FILE: &str = "sitemap.xml";

/// What the generator itself publishes at an output path (relative to the output
/// folder), if anything: no page, folder or asset may be published there. The one
/// list of reserved names.
pub(crate) fn reserved_by_generator(path: &str) -> Option<&'static str> {
    let first = path.split('/').next().unwrap_or("");
    let page = |url: &str| path == url_to_file(url);
    match path {
        _ if page(EVIDENCE_URL) => Some("the evidence overview (/evidence/)"),
        _ if page(SEARCH_URL) => Some("the search page (/search/)"),
        _ if page(PRINT_URL) => Some("the whole publication for printing (/print/)"),
        _ if page(ACCESSIBILITY_URL) => Some("the accessibility statement (/accessibility/)"),
        SITEMAP_FILE => Some("the sitemap"),
        CITATION_FILE => Some("the publication's citation file (CITATION.cff)"),
        _ if first == DOWNLOADS_DIR => Some("the downloads (/downloads/)"),
        _ if first == "static" => Some("the theme's files (/static/)"),
        _ if is_search_bundle_dir(first) => Some("the search index (/pagefind/)"),
        _ if first == SERVE_DIR => Some("pubgen serve's live reload"),
        _ => None,
    }
}

/// The folder of `pubgen serve`'s own requests (live reload).
pub(crate) const SERVE_DIR: &str = "__pubgen";

/// The folder of the search index, and of its further bundles (`pagefind-1`, …).
pub(crate) const SEARCH_DIR: &str = "pagefind";

/// `pagefind`, `pagefind-1`, `pagefind-2`, …: not `pagefinder` or `pagefind-logo.svg`.
pub(crate) fn is_search_bundle_dir(segment: &str) -> bool {
    segment == SEARCH_DIR
        || segment
            .strip_prefix(SEARCH_DIR)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Where the PDF and EPUB downloads are written in the site.
pub(crate) const DOWNLOADS_DIR: &str = "downloads";

/// Whether an output path is one of the downloads.
pub(crate) fn is_download_file(path: &str) -> bool {
    path.split_once('/')
        .is_some_and(|(first, _)| first == DOWNLOADS_DIR)
}

/// Whether an output path is a file of the search index.
pub(crate) fn is_search_index_file(path: &str) -> bool {
    path.split_once('/')
        .is_some_and(|(first, _)| is_search_bundle_dir(first))
}

/// The file of a page URL as links name it: `a/b/index.html`, or `a/b/` with
/// `pretty_links: true`.
pub(crate) fn page_file(url: &str, pretty_links: bool) -> String {
    if pretty_links {
        url.trim_start_matches('/').to_string()
    } else {
        url_to_file(url)
    }
}

/// Whether a link starts with a scheme (`https:`, `mailto:`): it leaves the site.
pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Decodes `%XX` escapes; `None` for a `%` not followed by two hex digits, or bytes
/// that are not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A relative file-system path written with `/` between its parts (`a/b.md`), as
/// the stages name files of `content/` and of the output.
pub(crate) fn slash_path(rel: &std::path::Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `/a/b/` → `a/b/index.html`; `/` → `index.html`.
pub(crate) fn url_to_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// Resolves `path` against the folder of the source file `from_rel` (both relative to
/// `content/`). `None` if it climbs out of `content/`.
pub(crate) fn resolve_path(from_rel: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut s: Vec<&str> = from_rel.split('/').collect();
        s.pop();
        s
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            p => segments.push(p),
        }
    }
    let mut joined = segments.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The href from the page at `from_url` to a site-relative path (`summary/index.html`).
pub(crate) fn relative_href(from_url: &str, to: &str) -> String {
    let depth = from_url
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    let href = format!("{}{}", "../".repeat(depth), to);
    if href.is_empty() {
        "./".to_string()
    } else {
        href
    }
}

/// The relative path from a page to the site root (`../../`), empty at the root.
pub(crate) fn root_prefix(url: &str) -> String {
    let depth = url
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    "../".repeat(depth)
}

/// Percent-encodes what may not stand in an href (spaces, non-ASCII).
pub(crate) fn encode_href(href: &str) -> String {
    if href.bytes().all(|b| b.is_ascii_graphic()) {
        return href.to_string();
    }
    let mut out = String::with_capacity(href.len() + 8);
    for b in href.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_relative_to_the_page() {
        assert_eq!(
            relative_href("/", "summary/index.html"),
            "summary/index.html"
        );
        assert_eq!(
            relative_href("/a/b/", "summary/index.html"),
            "../../summary/index.html"
        );
        assert_eq!(relative_href("/a/", ""), "../");
        assert_eq!(relative_href("/", ""), "./");
    }

    #[test]
    fn paths_resolve_against_the_source_folder() {
        assert_eq!(
            resolve_path("components/x.md", "../summary.md").as_deref(),
            Some("summary.md")
        );
        assert_eq!(
            resolve_path("index.md", "components/x.md").as_deref(),
            Some("components/x.md")
        );
        assert_eq!(resolve_path("index.md", "../outside.md"), None);
        assert_eq!(resolve_path("a/b.md", "/c.md").as_deref(), Some("c.md"));
    }

    #[test]
    fn pages_get_pretty_urls() {
        assert_eq!(page_url("a/b.md", None), "/a/b/");
        assert_eq!(page_url("index.md", None), "/");
        assert_eq!(page_url("a/index.md", None), "/a/");
        assert_eq!(page_url("a/b.md", Some("c")), "/a/c/");
        assert_eq!(url_to_file("/a/b/"), "a/b/index.html");
    }
}
