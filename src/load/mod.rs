//! Stage 1, load: walk `content/`, read `site.yaml` and every page's front matter, list
//! the assets, and lay the site's theme over the built-in one.
//!
//! All YAML reading of the project happens in this module, so that swapping
//! `serde_yaml` for a maintained fork is a one-line change.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::*;

mod files;
mod habits;
mod record;
mod strings;
mod theme;
mod unpublished;
pub(crate) mod values;
mod yaml;

use crate::urls::{page_url, reserved_by_generator, url_to_file};
pub(crate) use files::{contained_file, is_ignored, real_folder, Refusal};
use files::{read_text, read_text_at, walk_content};
pub use record::record_text;
pub use strings::builtin as builtin_strings;
pub(crate) use values::is_email;
use values::{is_iso_date, is_safe_slug};
pub(crate) use yaml::MAX_RECORD_BYTES;
use yaml::{key_location, parse_yaml, parse_yaml_slice, SourceSlice};

const SITE_CONFIG_FILE: &str = "site.yaml";

/// Pages larger than this are refused: a 10 MB markdown file is a mistake (a pasted
/// export, a binary renamed), and would make every rebuild slow.
pub(crate) const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub(crate) struct LoadOptions {
    pub drafts: bool,
}

/// Refuses a site root that is not a folder, in the same words for every command.
pub fn check_root(root: &Path) -> Result<(), Diagnostic> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Diagnostic::error(format!(
            "`{}` is a file, not a folder: `--root` names the folder that holds `content/`",
            root.display()
        ))
        .help("give the site's folder, for example `--root .` when you are in it")),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(Diagnostic::error(format!(
            "there is no folder `{}`",
            root.display()
        ))
        .help("check the spelling: `--root` names the folder that holds `content/` (make a new site with `pubgen new`)")),
        Err(err) => Err(Diagnostic::error(format!(
            "cannot read the folder `{}`: {}",
            root.display(),
            crate::diagnostics::plain_io_error(&err)
        ))
        .help("check that you may read it")),
    }
}

/// Reads the site at `root`. Problems go into `diags`; what could be read is returned.
pub(crate) fn load(
    root: &Path,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<LoadedSite> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(format!(
                "there is no `content` folder in {}",
                root.display()
            ))
            .help("run pubgen in the folder that holds `content/`, or give it with `--root DIR`"),
        );
        return None;
    }
    let display_root = display_prefix(root);
    let config_path = content_dir.join("site.yaml");
    let (config, config_source) = load_config(&config_path, &display_root, diags)?;

    // Opened once: every file of the site is read inside this folder, so a folder
    // in it swapped for a link while the build runs leads nowhere.
    let content = match crate::fs::Folder::open(&content_dir) {
        Ok(folder) => std::sync::Arc::new(folder),
        Err(err) => {
            diags.push(content_refused(&display_root, &err));
            return None;
        }
    };
    let files = walk_content(&content_dir, &display_root, diags);
    let (page_files, assets): (Vec<_>, Vec<_>) = files
        .into_iter()
        .filter(|(rel, _)| {
            ![SITE_CONFIG_FILE, REVIEW_RECORD, ACKNOWLEDGED_FILE].contains(&rel.as_str())
        })
        .partition(|(rel, _)| rel.ends_with(".md"));
    let assets: Vec<Asset> = assets
        .into_iter()
        .map(|(rel, real)| Asset {
            rel,
            source: crate::fs::Source::new(content.clone(), real),
        })
        .collect();
    let assets =
        unpublished::leave_out_working_files(assets, &config.publish_types, &display_root, diags);
    let read = read_pages(&content, page_files, &display_root, options, diags);
    let ReadPages {
        pages,
        failed_pages,
        draft_pages,
        draft_ids,
    } = read;
    let folders = generated_folders(&pages, &config);
    let theme = theme::load(root, &config, &config_source, diags);
    let review = record::load_record(&content_dir, &display_root, diags);
    let acknowledged = record::load_acknowledged(&content_dir, &display_root, diags);
    check_unique_outputs(&pages, &folders, &assets, diags);

    Some(LoadedSite {
        root: root.to_path_buf(),
        config,
        config_source,
        pages,
        failed_pages,
        draft_pages,
        draft_ids,
        folders,
        assets,
        theme,
        review,
        acknowledged,
        content: Some(content),
    })
}

/// The pages read, sorted by what became of them.
struct ReadPages {
    pages: Vec<LoadedPage>,
    failed_pages: Vec<String>,
    draft_pages: Vec<String>,
    draft_ids: HashMap<String, String>,
}

/// Reads every page and its front matter (in parallel: each is independent), leaving
/// out drafts unless they are asked for.
fn read_pages(
    content: &crate::fs::Folder,
    page_files: Vec<(String, std::path::PathBuf)>,
    display_root: &str,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> ReadPages {
    let loaded: Vec<(String, Option<LoadedPage>, Diagnostics)> = page_files
        .into_par_iter()
        .map(|(rel, real)| {
            let mut page_diags = Diagnostics::default();
            let display = format!("{display_root}content/{rel}");
            let page = read_text_at(content, &real, &display, &mut page_diags)
                .and_then(|text| page_from_text(&rel, display, text, &mut page_diags));
            (rel, page, page_diags)
        })
        .collect();
    let mut read = ReadPages {
        pages: Vec::with_capacity(loaded.len()),
        failed_pages: Vec::new(),
        draft_pages: Vec::new(),
        draft_ids: HashMap::new(),
    };
    for (rel, page, page_diags) in loaded {
        diags.extend(page_diags);
        match page {
            Some(page) if page.front.draft && !options.drafts => {
                for id in braced_ids(&page.source.text) {
                    read.draft_ids.insert(id.to_string(), rel.clone());
                }
                read.draft_pages.push(rel);
            }
            Some(page) => read.pages.push(page),
            None => read.failed_pages.push(rel),
        }
    }
    read
}

fn content_refused(display_root: &str, err: &std::io::Error) -> Diagnostic {
    let link = matches!(err.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR));
    let (why, help) = if link {
        (
            "it is a symbolic link, and pubgen never follows links to folders".to_string(),
            "move the folder itself here (or build where it is, with `--root`)",
        )
    } else {
        (
            crate::diagnostics::plain_io_error(err),
            "check that you may read the folder",
        )
    };
    Diagnostic::error(format!("cannot read `{display_root}content/`: {why}")).help(help)
}

/// The location of the line `key: …` in a YAML file or a page's front matter (the
/// first line when there is none).
pub(crate) fn key_line(source: &SourceFile, key: &str) -> Location {
    let yaml = SourceSlice {
        source,
        start: 0,
        end: source.text.len(),
    };
    key_location(&yaml, key)
}

/// The ids a page gives in braces (`{#q-name …}`), found without parsing it: enough
/// to tell an editor that a missing id is on a draft.
fn braced_ids(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("{#").filter_map(move |(i, _)| {
        let rest = &text[i + 2..];
        let len = rest
            .find(|c: char| !crate::model::is_id_character(c))
            .unwrap_or(rest.len());
        (len > 0).then(|| &rest[..len])
    })
}

/// How paths under the root are shown: `content/x.md` for the current folder,
/// `site/content/x.md` for `--root site`.
pub(crate) fn display_prefix(root: &Path) -> String {
    let shown = root.display().to_string();
    if shown == "." || shown.is_empty() {
        String::new()
    } else {
        format!("{}/", shown.trim_end_matches('/'))
    }
}

// ---------------------------------------------------------------------------
// site.yaml

fn load_config(
    path: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<(SiteConfig, SourceFile)> {
    let display = format!("{display_root}content/site.yaml");
    let text = match read_text(path, path.parent().unwrap_or(path), &display, diags) {
        Some(t) => t,
        None => {
            if !path.exists() {
                diags.push(
                    Diagnostic::error("the site has no `content/site.yaml`")
                        .help("create it with at least a line `title: Your publication's title`"),
                );
            }
            return None;
        }
    };
    let source = SourceFile::new("site.yaml".into(), display, text);
    if !values::check_control_characters(&source, diags) {
        return None;
    }
    let mut config: SiteConfig = parse_yaml(&source, 0, SITE_CONFIG_KEYS, "site.yaml", diags)?;
    let errors = diags.error_count();
    values::check_config(&config, &source, diags);
    values::check_addresses(&mut config, &source, diags);
    (diags.error_count() == errors).then_some((config, source))
}

// ---------------------------------------------------------------------------
// pages

/// Reads one page: its text and front matter.
pub(crate) fn load_page(
    content_dir: &Path,
    rel: &str,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedPage> {
    let display = format!("{display_root}content/{rel}");
    let text = read_text(&content_dir.join(rel), content_dir, &display, diags)?;
    page_from_text(rel, display, text, diags)
}

/// The text of a page's file read again (a large site lets go of the texts after
/// parsing and reads each again to render it), or `None`, with a diagnostic when it
/// cannot be read.
pub(crate) fn read_page_text(
    site: &LoadedSite,
    page: &LoadedPage,
    diags: &mut Diagnostics,
) -> Option<String> {
    // Through the folder opened at load, as it was first read: one part at a time,
    // no link followed. A page that is itself a link (to a file elsewhere in
    // `content/`) is refused there and read by its real path below.
    if let Some(content) = &site.content {
        let mut refused = Diagnostics::default();
        let rel = Path::new(&page.source.rel);
        if let Some(text) = read_text_at(content, rel, &page.source.display, &mut refused) {
            return Some(text);
        }
    }
    let content_dir = site.root.join("content");
    let path = content_dir.join(&page.source.rel);
    read_text(&path, &content_dir, &page.source.display, diags)
}

/// A page from its text: front matter read and checked, URL settled. `rel` is the path
/// under `content/`, `display` the path shown in diagnostics.
pub fn page_from_text(
    rel: &str,
    display: String,
    text: String,
    diags: &mut Diagnostics,
) -> Option<LoadedPage> {
    let source = SourceFile::new(rel.to_string(), display, text);
    if !values::check_control_characters(&source, diags) {
        return None;
    }
    let (yaml_start, yaml_end, body_offset) = match split_front_matter(&source.text) {
        Ok(parts) => parts,
        Err(problem) => {
            let d = match problem {
                FrontMatterProblem::Missing => Diagnostic::error("this page has no front matter")
                    .at(source.line_location(1))
                    .help("start the file with three lines:\n---\ntitle: The page title\n---"),
                FrontMatterProblem::NotClosed => {
                    Diagnostic::error("the front matter is not closed")
                        .at(source.line_location(1))
                        .help("add a line `---` after the last front-matter line, before the text")
                }
            };
            diags.push(d);
            return None;
        }
    };
    let yaml = SourceSlice {
        source: &source,
        start: yaml_start,
        end: yaml_end,
    };
    let front: FrontMatter = parse_yaml_slice(&yaml, FRONT_MATTER_KEYS, "front matter", diags)?;
    let mut ok = true;
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(
            Diagnostic::error("this page has no title")
                .at(source.line_location(1))
                .help("add a line `title: The page title` to the front matter"),
        );
        ok = false;
    }
    if let Some(slug) = &front.slug {
        if !is_safe_slug(slug) {
            diags.push(
                Diagnostic::error(format!("the slug `{slug}` is not one safe URL segment"))
                    .at(key_location(&yaml, "slug"))
                    .help("use only lower-case letters a-z, digits and '-', for example `slug: component-4`"),
            );
            ok = false;
        }
    }
    for (key, value) in [("date", &front.date), ("updated", &front.updated)] {
        let Some(date) = value else { continue };
        if !is_iso_date(date) {
            diags.push(
                Diagnostic::error(format!("the date `{date}` is not an ISO 8601 date"))
                    .at(key_location(&yaml, key))
                    .help(format!(
                        "write dates as year-month-day, for example `{key}: 2020-03-01`"
                    )),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let url = page_url(rel, front.slug.as_deref());
    Some(LoadedPage {
        source,
        front,
        body_offset,
        url,
    })
}

enum FrontMatterProblem {
    Missing,
    NotClosed,
}

/// Finds the YAML between the opening and closing `---` lines: returns the byte range
/// of the YAML and the offset where the body starts.
fn split_front_matter(text: &str) -> Result<(usize, usize, usize), FrontMatterProblem> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(FrontMatterProblem::Missing);
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((yaml_start, offset, offset + line.len()));
        }
        offset += line.len();
    }
    Err(FrontMatterProblem::NotClosed)
}

/// A part of a source file holding YAML.
/// Every folder holding pages, at any depth, that has no `index.md` of its own.
fn generated_folders(pages: &[LoadedPage], config: &SiteConfig) -> Vec<GeneratedFolder> {
    let mut folders = BTreeSet::new();
    folders.insert(String::new());
    for page in pages {
        let mut dir = parent_dir(&page.source.rel);
        while let Some(d) = dir {
            folders.insert(d.to_string());
            dir = parent_dir(d);
        }
    }
    let has_index: BTreeSet<String> = pages
        .iter()
        .filter_map(|p| {
            p.source
                .rel
                .strip_suffix("index.md")
                .map(|d| d.trim_end_matches('/').to_string())
        })
        .collect();
    // A page at the folder's own address (`a.md` beside `a/`, as Jekyll and Hugo
    // sites have) is the folder's page, as its `index.md` would be.
    let page_urls: BTreeSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    folders
        .into_iter()
        .filter(|f| !has_index.contains(f))
        .map(|rel| {
            let url = if rel.is_empty() {
                "/".to_string()
            } else {
                format!("/{rel}/")
            };
            (rel, url)
        })
        .filter(|(_, url)| !page_urls.contains(url.as_str()))
        .map(|(rel, url)| {
            let title = if rel.is_empty() {
                config.title.clone()
            } else {
                folder_title(rel.rsplit('/').next().unwrap_or(&rel))
            };
            GeneratedFolder { rel, url, title }
        })
        .collect()
}

/// `a/b/c.md` → `a/b`; `a/b` → `a`; `a` → ``; `` → none.
fn parent_dir(rel: &str) -> Option<&str> {
    if rel.is_empty() {
        return None;
    }
    Some(rel.rfind('/').map_or("", |i| &rel[..i]))
}

/// `easy-read` → `Easy read`.
fn folder_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Two sources may not map to one output file, and pages, folders and assets may not
/// take the paths the generator writes itself.
fn check_unique_outputs(
    pages: &[LoadedPage],
    folders: &[GeneratedFolder],
    assets: &[Asset],
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut claim = |output: String, source: &str, diags: &mut Diagnostics| {
        let location = Location::file(source);
        if let Some(what) = reserved_by_generator(&output) {
            diags.push(
                Diagnostic::error(format!(
                    "`{source}` would be published as `{output}`, which is reserved for {what}"
                ))
                .at(location)
                .help("rename it or move it to another folder (a page can also take a `slug:`); reserved: /evidence/, /search/, /print/, /static/, /pagefind/, /sitemap.xml"),
            );
        } else if let Some(first) = seen.get(&output) {
            diags.push(
                Diagnostic::error(format!(
                    "`{source}` and `{first}` would both be published as `{output}`"
                ))
                .at(location)
                .help("rename one of them, or give one a different `slug:`"),
            );
        } else {
            seen.insert(output, source.to_string());
        }
    };
    for page in pages {
        claim(url_to_file(&page.url), &page.source.display, diags);
    }
    for folder in folders {
        if let Some(what) = reserved_by_generator(&url_to_file(&folder.url)) {
            diags.push(
                Diagnostic::error(format!(
                    "the folder `content/{}/` would get a listing page at `{}`, which is reserved for {what}",
                    folder.rel, folder.url
                ))
                .help("rename the folder"),
            );
        }
    }
    for asset in assets {
        claim(asset.rel.clone(), &format!("content/{}", asset.rel), diags);
    }
}
