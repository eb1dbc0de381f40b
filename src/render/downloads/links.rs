//! How the pages and the accessibility statement name the downloads: GOV.UK's
//! attachment pattern, the link saying what the file is, its format and its size
//! (`Connections are Key (PDF, 616 KB, 38 pages)`), in the theme's words.

use super::{download_path, edition_stem, Download, Edition, Format};
use crate::model::*;

/// A link to a download as a page shows it (GOV.UK's attachment pattern: the link
/// says what the file is, its format and its size).
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DownloadLink {
    pub href: String,
    /// `Connections are Key (PDF, 616 KB, 38 pages)`.
    pub text: String,
    pub easy_read: bool,
}

/// The links to the downloads from the page at `from_url`, Easy Read ones last.
pub(crate) fn links(
    site: &LoadedSite,
    downloads: &[Download],
    from_url: &str,
) -> Vec<DownloadLink> {
    let mut links: Vec<DownloadLink> = downloads
        .iter()
        .map(|d| DownloadLink {
            href: crate::urls::relative_href(from_url, &d.path),
            text: link_text(site, d),
            easy_read: d.edition == Edition::EasyRead,
        })
        .collect();
    links.sort_by_key(|l| l.easy_read);
    links
}

/// What a download's link says: `Connections are Key (PDF, 616 KB, 38 pages)`.
fn link_text(site: &LoadedSite, d: &Download) -> String {
    let w = &site.theme.strings;
    let name = edition_title(site, d.edition);
    let size = size(d.bytes);
    let format = format_name(d.format);
    let values = [("name", name.as_str()), ("format", format), ("size", &size)];
    let pages = match (d.format, d.pages) {
        (Format::Pdf, Some(1)) => w.get("pages-one").to_string(),
        (Format::Pdf, Some(n)) => w.fill("pages-many", &[("count", &n.to_string())]),
        _ => return w.fill("download-link", &values),
    };
    let mut values = values.to_vec();
    values.push(("pages", &pages));
    w.fill("download-link-pages", &values)
}

/// An edition's title as its download's link names it.
fn edition_title(site: &LoadedSite, edition: Edition) -> String {
    match edition {
        Edition::Full => site.config.title.clone(),
        Edition::EasyRead => site
            .theme
            .strings
            .fill("download-easy-read-name", &[("title", &site.config.title)]),
    }
}

/// A format as a download's link names it.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Pdf => "PDF",
        Format::Epub => "EPUB",
    }
}

/// The downloads as the accessibility statement lists them: where each is, and what
/// its link says.
pub(crate) fn formats(site: &LoadedSite, downloads: &[Download]) -> Vec<(Target, String)> {
    links(site, downloads, "/")
        .into_iter()
        .map(|link| {
            let url = format!("/{}", link.href);
            (
                Target::Made {
                    url,
                    fragment: None,
                },
                link.text,
            )
        })
        .collect()
}

/// The downloads this build is making, as the statement inside them lists them: by
/// name and format (their sizes are not known yet).
pub(super) fn planned_formats(
    site: &LoadedSite,
    wanted: &[(Edition, Vec<PageId>)],
) -> Vec<(Target, String)> {
    let mut formats = Vec::new();
    for (edition, _) in wanted {
        for &format in &site.config.downloads {
            let url = format!(
                "/{}",
                download_path(&edition_stem(&site.config.title, *edition), format)
            );
            let name = edition_title(site, *edition);
            let text = site.theme.strings.fill(
                "download-planned",
                &[("name", &name), ("format", format_name(format))],
            );
            formats.push((
                Target::Made {
                    url,
                    fragment: None,
                },
                text,
            ));
        }
    }
    formats
}

/// A file size as GOV.UK writes it: `616 KB`, `1.2 MB`.
pub(crate) fn size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{} KB", (b / KB).ceil().max(1.0))
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}
