//! Files in `content/` that are an editor's working files rather than the
//! publication's: Office documents, Office's lock files, editors' backups, the files
//! an operating system leaves in folders, and text notes. Copying them to the site
//! would publish drafts, so they are left out, all named in one warning; a site that
//! means to publish such a type lists it in `site.yaml` (`publish_types: [docx]`).

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Asset;

/// Office documents, which are drafts of a page far more often than downloads.
const OFFICE: &[&str] = &[
    "doc", "docx", "docm", "dot", "dotx", "odt", "ott", "rtf", "pages", "xls", "xlsx", "xlsm",
    "ods", "numbers", "ppt", "pptx", "odp", "key",
];
/// Backups and swap files of editors.
const BACKUPS: &[&str] = &["bak", "swp", "swo", "tmp", "orig", "old"];
/// Text files that web servers and crawlers look for, which a site may well publish.
const WEB_TEXT: &[&str] = &[
    "robots.txt",
    "humans.txt",
    "ads.txt",
    "security.txt",
    "llms.txt",
];

/// Why a file looks like a working file, or `None` when it is part of the site.
fn working_file(rel: &str) -> Option<&'static str> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
    if lower.starts_with("~$") {
        Some("a lock file Office leaves while a document is open")
    } else if matches!(lower.as_str(), "thumbs.db" | "desktop.ini" | "ehthumbs.db") {
        Some("a file Windows leaves in folders")
    } else if lower.starts_with("icon\r") {
        Some("a file macOS leaves in folders")
    } else if OFFICE.contains(&ext) {
        Some("an Office document")
    } else if BACKUPS.contains(&ext) {
        Some("an editor's backup")
    } else if ext == "txt" && !WEB_TEXT.contains(&lower.as_str()) {
        Some("a text note")
    } else {
        None
    }
}

/// The assets without working files (unless their type is listed in
/// `publish_types`), with one warning naming every file left out.
pub(super) fn leave_out_working_files(
    assets: Vec<Asset>,
    publish_types: &[String],
    display_root: &str,
    diags: &mut Diagnostics,
) -> Vec<Asset> {
    let listed = |rel: &str| {
        let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
        publish_types
            .iter()
            .any(|t| t.trim_start_matches('.').eq_ignore_ascii_case(ext))
    };
    let mut kept = Vec::with_capacity(assets.len());
    let mut left_out = Vec::new();
    for asset in assets {
        match working_file(&asset.rel) {
            // Lock files and system files are never the site's, whatever their type.
            Some(why)
                if !listed(&asset.rel)
                    || why.starts_with("a lock file")
                    || why.starts_with("a file ") =>
            {
                left_out.push((asset, why))
            }
            _ => kept.push(asset),
        }
    }
    if let Some(warning) = warning(&left_out, display_root) {
        diags.push(warning);
    }
    kept
}

fn warning(left_out: &[(Asset, &str)], display_root: &str) -> Option<Diagnostic> {
    let ((first, _), rest) = left_out.split_first()?;
    let shown = |asset: &Asset| format!("{display_root}content/{}", asset.rel);
    let message = match rest.len() {
        0 => "this file is not published: it looks like a working file, not part of the site"
            .to_string(),
        n => format!(
            "{} files in content/ are not published: they look like working files, not part of the site",
            n + 1
        ),
    };
    let warning = Diagnostic::warning(message).at(Location::file(shown(first)));
    const NAMED: usize = 20;
    let mut named: Vec<String> = left_out
        .iter()
        .take(NAMED)
        .map(|(asset, why)| format!("{} is {why}", shown(asset)))
        .collect();
    if left_out.len() > NAMED {
        named.push(format!("and {} more", left_out.len() - NAMED));
    }
    let example = left_out
        .iter()
        .find_map(|(a, _)| {
            a.rel
                .rsplit_once('.')
                .map(|(_, ext)| ext.to_ascii_lowercase())
        })
        .unwrap_or_else(|| "docx".to_string());
    Some(warning.help(format!(
        "{}. Move them out of content/ (a draft of a page is a .md file with `draft: true`); to \
         publish files of a type on purpose, list it in content/site.yaml: `publish_types: [{example}]`",
        named.join("; ")
    )))
}

#[cfg(test)]
mod tests {
    use super::working_file;

    #[test]
    fn office_documents_locks_backups_system_files_and_notes_are_working_files() {
        for rel in [
            "chapter-2.docx",
            "old/Report.DOC",
            "~$apter-2.docx",
            "notes.txt",
            "page.md.bak",
            "page.swp",
            "Thumbs.db",
            "data.xlsx",
        ] {
            assert!(working_file(rel).is_some(), "{rel}");
        }
        for rel in [
            "pictures/a.png",
            "report.pdf",
            "robots.txt",
            "data.csv",
            "CNAME",
        ] {
            assert!(working_file(rel).is_none(), "{rel}");
        }
    }
}
