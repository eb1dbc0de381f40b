//! Stage 1, load: walk `content/`, read `site.yaml` and every page's front matter, list
//! the assets, and lay the site's theme over the built-in one.
//!
//! All YAML reading of the project happens in this module, so that swapping
//! `serde_yaml` for a maintained fork is a one-line change.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{nearest, Diagnostic, Diagnostics, Location};
use crate::model::*;
use crate::theme;
use crate::urls::{page_url, reserved_by_generator, url_to_file};

/// Pages larger than this are refused: a 10 MB markdown file is a mistake (a pasted
/// export, a binary renamed), and would make every rebuild slow.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub struct LoadOptions {
    pub drafts: bool,
}

/// Reads the site at `root`. Problems go into `diags`; what could be read is returned.
pub fn load(root: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Option<LoadedSite> {
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

    let files = walk_content(&content_dir, &display_root, diags);
    let (page_files, assets): (Vec<_>, Vec<_>) = files
        .into_iter()
        .filter(|(rel, _)| rel != "site.yaml")
        .partition(|(rel, _)| rel.ends_with(".md"));
    let assets: Vec<Asset> = assets
        .into_iter()
        .map(|(rel, path)| Asset { rel, path })
        .collect();
    // Reading and checking front matter is independent per page: in parallel.
    let loaded: Vec<(String, Option<LoadedPage>, Diagnostics)> = page_files
        .into_par_iter()
        .map(|(rel, path)| {
            let mut page_diags = Diagnostics::default();
            let page = load_page(&path, &rel, &display_root, &mut page_diags);
            (rel, page, page_diags)
        })
        .collect();
    let mut pages = Vec::with_capacity(loaded.len());
    let mut failed_pages = Vec::new();
    let mut draft_pages = Vec::new();
    for (rel, page, page_diags) in loaded {
        diags.extend(page_diags);
        match page {
            Some(page) if page.front.draft && !options.drafts => draft_pages.push(rel),
            Some(page) => pages.push(page),
            None => failed_pages.push(rel),
        }
    }
    let folders = generated_folders(&pages, &config);
    let theme = theme::load(root, &config, &config_source, diags);
    check_unique_outputs(&pages, &folders, &assets, diags);

    Some(LoadedSite {
        root: root.to_path_buf(),
        config,
        config_source,
        pages,
        failed_pages,
        draft_pages,
        folders,
        assets,
        theme,
    })
}

/// How paths under the root are shown: `content/x.md` for the current folder,
/// `site/content/x.md` for `--root site`.
pub fn display_prefix(root: &Path) -> String {
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
    let text = match read_text(path, &display, diags) {
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
    let config: SiteConfig = parse_yaml(&source, 0, SITE_CONFIG_KEYS, "site.yaml", diags)?;
    Some((config, source))
}

// ---------------------------------------------------------------------------
// walking content/

/// Every file under `content/` as (path relative to content with `/`, full path),
/// sorted. Hidden files and editor backups are skipped; symbolic links that lead
/// out of `content/`, and loops, are errors.
fn walk_content(
    content_dir: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let canonical_content = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let mut files = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let shown = err
                    .path()
                    .map(|p| shown_path(p, content_dir, display_root))
                    .unwrap_or_else(|| format!("{display_root}content"));
                let message = if err.loop_ancestor().is_some() {
                    "this symbolic link makes a loop (it points to a folder that contains it)"
                        .to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error().map_or(err.to_string(), |e| e.to_string())
                    )
                };
                diags.push(
                    Diagnostic::error(message)
                        .at(Location::file(shown))
                        .help("remove the link, or replace it with the files themselves"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            let inside = target
                .as_ref()
                .map(|t| t.starts_with(&canonical_content))
                .unwrap_or(false);
            if !inside {
                diags.push(
                    Diagnostic::error("this symbolic link leads out of `content/`")
                        .at(Location::file(shown_path(entry.path(), content_dir, display_root)))
                        .help("nothing outside `content/` is published: copy the file into `content/` instead"),
                );
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        files.push((rel, entry.path().to_path_buf()));
    }
    files
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with("#")
}

fn shown_path(path: &Path, content_dir: &Path, display_root: &str) -> String {
    match path.strip_prefix(content_dir) {
        Ok(rel) => format!("{display_root}content/{}", rel.display()),
        Err(_) => path.display().to_string(),
    }
}

/// Reads a file as UTF-8 text, or says which line is not.
fn read_text(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            if path.exists() {
                diags.push(
                    Diagnostic::error(format!("cannot read this file: {err}"))
                        .at(Location::file(display)),
                );
            }
            return None;
        }
    };
    if bytes.len() > MAX_PAGE_BYTES {
        diags.push(
            Diagnostic::error(format!(
                "this file is {:.1} MB; pages may be at most {} MB",
                bytes.len() as f64 / 1_000_000.0,
                MAX_PAGE_BYTES / 1024 / 1024
            ))
            .at(Location::file(display))
            .help("split it into several pages, or check that it really is a markdown file"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(text)
        }
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            diags.push(
                Diagnostic::error("this file is not UTF-8 text")
                    .at(Location {
                        file: display.to_string(),
                        line,
                        col,
                        len: 0,
                        line_text: String::new(),
                    })
                    .help("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"),
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------
// pages

/// Reads one page: its text and front matter.
pub fn load_page(
    path: &Path,
    rel: &str,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedPage> {
    let display = format!("{display_root}content/{rel}");
    let text = read_text(path, &display, diags)?;
    page_from_text(rel, display, text, diags)
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
    if let Some(date) = &front.date {
        if !is_iso_date(date) {
            diags.push(
                Diagnostic::error(format!("the date `{date}` is not an ISO 8601 date"))
                    .at(key_location(&yaml, "date"))
                    .help("write dates as year-month-day, for example `date: 2020-03-01`"),
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
struct SourceSlice<'a> {
    source: &'a SourceFile,
    start: usize,
    end: usize,
}

fn parse_yaml<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
    start: usize,
    keys: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let slice = SourceSlice {
        source,
        start,
        end: source.text.len(),
    };
    parse_yaml_slice(&slice, keys, what, diags)
}

/// Parses YAML into `T`. On failure, explains the problem at its line: a syntax error,
/// an unknown key (with the nearest known key), or a value of the wrong type.
fn parse_yaml_slice<T: serde::de::DeserializeOwned>(
    yaml: &SourceSlice,
    keys: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = &yaml.source.text[yaml.start..yaml.end];
    let text = if text.trim().is_empty() { "{}" } else { text };
    let err = match serde_yaml::from_str::<T>(text) {
        Ok(value) => return Some(value),
        Err(err) => err,
    };
    // Unknown keys first: they are the commonest mistake and have the best help.
    if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        let mut found_unknown = false;
        for key in map.keys() {
            let Some(key) = key.as_str() else { continue };
            if keys.contains(&key) {
                continue;
            }
            found_unknown = true;
            let mut d = Diagnostic::error(format!("unknown {what} key `{key}`"))
                .at(key_location(yaml, key));
            d = match nearest(key, keys.iter().copied()) {
                Some(near) => d.help(format!(
                    "did you mean `{near}`? The known keys are: {}",
                    keys.join(", ")
                )),
                None => d.help(format!("the known keys are: {}", keys.join(", "))),
            };
            diags.push(d);
        }
        if found_unknown {
            return None;
        }
    } else if serde_yaml::from_str::<serde_yaml::Value>(text).is_ok() {
        diags.push(
            Diagnostic::error(format!("the {what} must be a list of `key: value` lines"))
                .at(yaml.source.location(yaml.start, 0)),
        );
        return None;
    }
    let location = match err.location() {
        Some(l) => {
            let offset = yaml.start + l.index().min(text.len());
            yaml.source.location(offset, 1)
        }
        None => yaml.source.location(yaml.start, 0),
    };
    let message = yaml_message(&err);
    let mut help = yaml_help(&message);
    // Front matter with a blank line in it usually ran on into the text: its closing
    // `---` is missing, and the `---` found was a rule further down.
    if what == "front matter" && text.contains("\n\n") {
        let blank = text.find("\n\n").map_or(0, |i| i + 1);
        let line = yaml.source.location(yaml.start + blank, 0).line;
        help = format!(
            "the front matter runs on past a blank line (line {line}): if it should end there, add a line `---` before it. {help}"
        );
    }
    diags.push(
        Diagnostic::error(format!("{what}: {message}"))
            .at(location)
            .help(help),
    );
    None
}

/// serde_yaml's message without its own " at line N column M" (we show the place).
fn yaml_message(err: &serde_yaml::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    // serde's type names mean nothing to editors.
    text.replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a string", "expected text")
}

fn yaml_help(message: &str) -> String {
    if message.contains("invalid type") {
        "check the value's type: numbers like `order: 40`, true/false like `draft: true`, text like `title: My page`".into()
    } else if message.contains("unknown variant") {
        "choose one of the values the message lists".into()
    } else {
        "YAML is `key: value`, one per line; put a value that contains `: ` or starts with a quote, `[`, `{` or `#` in double quotes".into()
    }
}

/// The location of `key:` in a YAML slice, or of the slice's first line.
fn key_location(yaml: &SourceSlice, key: &str) -> Location {
    let text = &yaml.source.text[yaml.start..yaml.end];
    let mut offset = yaml.start;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                let indent = line.len() - trimmed.len();
                return yaml.source.location(offset + indent, key.len());
            }
        }
        offset += line.len();
    }
    yaml.source.location(yaml.start, 0)
}

fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    let ymd = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    ymd && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

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
    folders
        .into_iter()
        .filter(|f| !has_index.contains(f))
        .map(|rel| {
            let url = if rel.is_empty() {
                "/".to_string()
            } else {
                format!("/{rel}/")
            };
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
