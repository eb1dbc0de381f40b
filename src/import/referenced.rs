//! Files the pages refer to (pictures, PDFs) that the import did not walk into: a
//! Jekyll site's `assets/`, Hugo's `static/`. Each one a page links to is copied in
//! (never a page, a file of the old tool, or one from outside the source),
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
        .filter(|c| !c.is_empty() && may_bring(imported, c))
        .find_map(|c| {
            imported
                .file_roots
                .iter()
                .find_map(|root| inside(root, &root.join(&c)))
                .map(|file| (c.clone(), file))
        })
}

/// Whether a file of the source may be brought in because a page links to it: not a
/// page (those are imported, or left out on purpose), not the old tool's own files
/// (`_config.yml`, `.env`), nothing the site's settings leave out.
fn may_bring(imported: &Imported, rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let page = [".md", ".markdown", ".html", ".htm"]
        .iter()
        .any(|e| lower.ends_with(e));
    let tool_file = rel.split('/').any(|part| part.starts_with(['_', '.']));
    !page && !tool_file && !super::jekyll::is_machinery(rel) && !imported.layout.excluded(rel)
}

/// The file at `path` when it is a regular file that stays inside `root` once every
/// link is followed: a link in the source leading elsewhere (`assets/x.png ->
/// ~/.ssh/id_rsa`) brings nothing.
fn inside(root: &std::path::Path, path: &std::path::Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
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
