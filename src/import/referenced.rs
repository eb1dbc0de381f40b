//! Files the pages refer to (pictures, PDFs) that the import did not walk into: a
//! Jekyll site's `assets/`, Hugo's `static/`. Each one a page links to is copied in,
//! and the link written again from the page's new place, so that a picture written
//! `../../assets/images/a.png` from a page published at `/security/scanning/` is
//! still found.

use std::path::PathBuf;

use super::markdown::normalize;
use super::{Imported, Page};

/// The file a link of `page` names, when it is a file of the source rather than a
/// page: its path under the new `content/`, and where it is in the source.
pub(super) fn file_of(imported: &Imported, page: &Page, path: &str) -> Option<(String, PathBuf)> {
    if path.is_empty() || path.ends_with('/') {
        return None;
    }
    candidates(imported, page, path)
        .into_iter()
        .filter_map(|c| normalize(&c))
        .filter(|c| !c.is_empty())
        .find_map(|c| {
            imported
                .file_roots
                .iter()
                .map(|root| root.join(&c))
                .find(|file| file.is_file())
                .map(|file| (c.clone(), file))
        })
}

/// Where the link may lead, as paths from the publication's folder: from the site's
/// root for `/…`; else beside the page's file, or, for a site whose pages were
/// folders of their own, from the page's address (tried first there).
fn candidates(imported: &Imported, page: &Page, path: &str) -> Vec<String> {
    if let Some(absolute) = path.strip_prefix('/') {
        let base = imported.base_path.trim_matches('/');
        let inside = absolute.strip_prefix(base).unwrap_or(absolute);
        return vec![inside.trim_start_matches('/').to_string()];
    }
    let folder = page.src_rel.rsplit_once('/').map_or("", |(f, _)| f);
    let beside = format!("{folder}/{path}");
    let stem = page
        .src_rel
        .rsplit_once('.')
        .map_or(&*page.src_rel, |(s, _)| s);
    let below = format!("{stem}/{path}");
    if imported.pretty_urls && !page.out.ends_with("index.md") {
        vec![below, beside]
    } else {
        vec![beside, below]
    }
}
