//! `pubgen import SOURCE DIR`: a publication written for another tool, written again
//! in pubgen's content format into a new site folder. An mdBook book (a folder with
//! `book.toml`) keeps its `SUMMARY.md` order; any other folder of markdown (Jekyll,
//! Hugo, Zola, or plain files) is read page by page, its front matter mapped. Links
//! written as web addresses between the imported pages become `page.md#id` links.
//! What could not be carried over is reported at its file and line.

mod folder;
mod jekyll;
mod markdown;
mod mdbook;
mod outside;
mod referenced;
mod settings;
mod tags;
mod word;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{plain_io_error, Diagnostic, Diagnostics};

/// A page to write: where under `content/`, its front matter and its body.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// Its path in the source folder, `/`-separated (`cli/README.md`).
    pub(crate) src_rel: String,
    /// Its path under the new `content/` (`cli/index.md`).
    pub(crate) out: String,
    pub(crate) front: Front,
    pub(crate) body: String,
    /// Other addresses the page had in its old tool (`permalink:`, a post's dated
    /// address), without the leading `/`.
    pub(crate) also_at: Vec<String>,
    /// Its path as messages show it, from the folder imported (`src/cli/README.md`).
    pub(crate) shown: String,
    /// The line of its file where `body` starts (after the front matter), 1-based.
    pub(crate) body_line: usize,
}

impl Page {
    /// Where `range` of the body is in the page's own file, for a message.
    pub(crate) fn location(&self, range: &std::ops::Range<usize>) -> crate::diagnostics::Location {
        let shown = if self.shown.is_empty() {
            &self.src_rel
        } else {
            &self.shown
        };
        let file =
            crate::model::SourceFile::new(self.src_rel.clone(), shown.clone(), self.body.clone());
        let mut at = file.location(range.start, range.len());
        at.line += self.body_line.saturating_sub(1);
        at
    }
}

/// The front matter pubgen reads, as the import writes it.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Front {
    pub(crate) title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) order: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) updated: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) draft: bool,
    /// The old site's search page (`layout: search`): left out, pubgen has its own.
    #[serde(skip)]
    pub(crate) old_search_page: bool,
    /// The page's language (`lang:`), where the old site mixed several.
    #[serde(skip)]
    pub(crate) lang: Option<String>,
}

/// `content/site.yaml` as the import writes it.
#[derive(Debug, Default, Serialize)]
pub(crate) struct SiteSettings {
    pub(crate) title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) language: Option<String>,
}

/// Everything read from the source, before it is written.
#[derive(Debug, Default)]
pub(crate) struct Imported {
    /// What the source was, for the summary line ("an mdBook book").
    pub(crate) what: &'static str,
    pub(crate) site: SiteSettings,
    pub(crate) pages: Vec<Page>,
    /// The pages of the source's other languages, which are not imported: a link to
    /// one becomes its web address on the old site, where it led.
    pub(crate) other_languages: Vec<Page>,
    /// Files copied as they are: (the source file, its path under `content/`).
    pub(crate) files: Vec<(PathBuf, String)>,
    /// Where the source site was published under its host (`/mdBook/`): absolute
    /// links start with it.
    pub(crate) base_path: String,
    /// The address the source was published at (`--published-at`, or the old tool's
    /// own setting): links that lead out of it become web addresses there.
    pub(crate) published_at: Option<outside::PublishedAt>,
    /// Whether each page was published as a folder of its own (`posts/a/`, as Jekyll,
    /// Hugo and Zola do) rather than a file (`posts/a.html`, as mdBook does): relative
    /// links are resolved from there.
    pub(crate) pretty_urls: bool,
    /// Folders where a file a page links to is looked for when the walk did not
    /// bring it (the site's own folder, Hugo's `static/`).
    pub(crate) file_roots: Vec<PathBuf>,
    /// What the old site's settings leave out (Jekyll's `exclude:`).
    pub(crate) layout: jekyll::Layout,
    /// Files the converter wrote into `content/` itself (a Word document's pictures).
    pub(crate) extracted: usize,
    /// Front matter pubgen has no use for, kept beside `content/` (YAML text).
    pub(crate) set_aside: Option<String>,
}

/// What `pubgen import` did, for its summary line.
#[derive(Debug)]
pub struct ImportReport {
    pub what: &'static str,
    pub pages: usize,
    pub files: usize,
}

/// What the import is asked besides its source and folder.
#[derive(Debug, Default)]
pub struct ImportOptions {
    /// The address the source is published at (`--published-at`), for links that
    /// lead out of it.
    pub published_at: Option<String>,
    /// The language to import from a site in several (`--language`).
    pub language: Option<String>,
}

/// Imports `source` into the new site folder `dir` (which must not exist, or be
/// empty). Problems and what was not carried over go into `diags`.
pub fn import(
    source: &Path,
    dir: &Path,
    options: &ImportOptions,
    diags: &mut Diagnostics,
) -> Option<ImportReport> {
    let published_at = options.published_at.as_deref();
    if let Err(d) = check_destination(source, dir) {
        diags.push(d);
        return None;
    }
    let published_at = match published_at.map(|a| (a, outside::PublishedAt::parse(a))) {
        Some((_, Some(at))) => Some(at),
        Some((written, None)) => {
            diags.push(not_an_address(written));
            return None;
        }
        None => None,
    };
    let read = if is_word(source) {
        word::read(source, dir, diags)
    } else if source.join("book.toml").is_file() {
        mdbook::read(source, diags)
    } else {
        folder::read(source, options.language.as_deref(), diags)
    };
    let mut imported = match read {
        Ok(imported) => imported,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if let Some(at) = published_at {
        // The address says where the publication sits on its site, when the old
        // tool's settings did not (a book without `site-url`).
        if imported.base_path.is_empty() {
            imported.base_path = at.path().trim_matches('/').to_string();
        }
        imported.published_at = Some(at);
    }
    markdown::rewrite_links(&mut imported, diags);
    if let Err(d) = write_site(dir, &imported) {
        diags.push(d);
        return None;
    }
    Some(ImportReport {
        what: imported.what,
        pages: imported.pages.len(),
        files: imported.files.len() + imported.extracted,
    })
}

fn not_an_address(written: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "`--published-at {written}` is not the web address of a published site"
    ))
    .help("give the whole address the publication is published at now, starting with `https://` (not a placeholder such as example.org), or leave `--published-at` out")
}

fn is_word(source: &Path) -> bool {
    source.is_file()
        && source
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// The new site's folder is made by the import: it never writes over anything.
fn check_destination(source: &Path, dir: &Path) -> Result<(), Diagnostic> {
    if !source.is_dir() && !is_word(source) {
        return Err(Diagnostic::error(format!(
            "there is no folder or Word document `{}` to import",
            source.display()
        ))
        .help("give the folder of the book or site (the one holding `book.toml`, `_config.yml` or its markdown), or a Word document (`.docx`)"));
    }
    let empty = match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(_) => false,
    };
    if !empty || (dir.exists() && !dir.is_dir()) {
        return Err(Diagnostic::error(format!(
            "`{}` already exists and is not empty: the import writes a new site and never writes over files",
            dir.display()
        ))
        .help("give a new folder, for example `pubgen import my-book my-site`"));
    }
    Ok(())
}

fn write_site(dir: &Path, imported: &Imported) -> Result<(), Diagnostic> {
    // Every file goes inside the new `content/`: a chapter listed as `../../x.md`
    // is refused before anything is written.
    let outs = imported
        .pages
        .iter()
        .map(|p| (&p.out, &p.shown))
        .chain(imported.files.iter().map(|(_, out)| (out, out)));
    for (out, shown) in outs {
        if markdown::normalize(out).is_none_or(|n| n != *out) || out.starts_with('/') {
            return Err(Diagnostic::error(format!(
                "`{shown}` would be written outside the new site, as `content/{out}`"
            ))
            .help("the import writes only inside the new site's folder: move the file inside the book or site being imported, or leave it out of its list of pages"));
        }
    }
    let content = dir.join("content");
    let yaml = serde_yaml::to_string(&imported.site).unwrap_or_default();
    write_new(&content.join("site.yaml"), yaml.as_bytes())?;
    for page in &imported.pages {
        let front = serde_yaml::to_string(&page.front).unwrap_or_default();
        let text = format!("---\n{front}---\n\n{}\n", page.body.trim());
        write_new(&content.join(&page.out), text.as_bytes())?;
    }
    for (from, out) in &imported.files {
        let bytes = fs::read(from).map_err(|e| io_failed("read", from, &e))?;
        write_new(&content.join(out), &bytes)?;
    }
    if let Some(kept) = &imported.set_aside {
        write_new(&dir.join("imported-front-matter.yaml"), kept.as_bytes())?;
    }
    Ok(())
}

/// Writes a file that must not exist yet (`create_new`): never through a link and
/// never over a file.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_failed("create", parent, &e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io_failed("write", path, &e))?;
    file.write_all(bytes)
        .map_err(|e| io_failed("write", path, &e))
}

fn io_failed(what: &str, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot {what} {}: {}",
        path.display(),
        plain_io_error(e)
    ))
    .help("check that you may read the source and write in the new folder")
}

/// The first three of a list, then how many more: a note names a few, not dozens.
pub(crate) fn some_of(items: &[String]) -> String {
    let shown = items.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    match items.len() {
        n if n > 3 => format!("{shown} and {} more", n - 3),
        _ => shown,
    }
}

/// A source path as `/`-separated text relative to the source folder.
pub(crate) fn rel_text(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Where a page of the source goes under `content/`: `README.md`, `_index.md` and
/// `index.md` are a folder's index page.
pub(crate) fn out_path(src_rel: &str) -> String {
    let (folder, name) = match src_rel.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), src_rel),
    };
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    match stem.to_ascii_lowercase().as_str() {
        "readme" | "_index" | "index" => format!("{folder}index.md"),
        _ => format!("{folder}{stem}.md"),
    }
}
