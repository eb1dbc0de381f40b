//! A folder of markdown written for Jekyll, Hugo, Zola or nothing at all: every
//! `.md` file a page, its front matter (YAML `---` or TOML `+++`) mapped to pubgen's
//! keys, the keys pubgen has no use for kept aside in `imported-front-matter.yaml`
//! and reported once per key.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::jekyll::{is_machinery, Layout};
use super::settings;
use super::{markdown, out_path, rel_text, tags, Front, Imported, Page};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// Folders of the other tools that hold no pages (layouts, built output, packages).
fn skipped(name: &str) -> bool {
    (name.starts_with('_') && name != "_posts")
        || name.starts_with('.')
        || matches!(
            name,
            "node_modules"
                | "public"
                | "vendor"
                | "themes"
                | "layouts"
                | "templates"
                | "static"
                | "assets"
                | "sass"
        )
}

pub(super) fn read(
    root: &Path,
    language: Option<&str>,
    diags: &mut Diagnostics,
) -> Result<Imported, Diagnostic> {
    let config = settings::config_table(root);
    let (pages_root, other_languages) = settings::pages_root(root, &config, language)?;
    if let Some(note) = other_languages {
        diags.push(note);
    }
    let (site, base_path, published_at) = settings::site_config(root, &config);
    let mut imported = Imported {
        what: "a folder of markdown",
        site,
        base_path,
        published_at,
        pretty_urls: settings::pretty_urls(root, &config),
        // Hugo and Zola publish `static/` at the site's root.
        file_roots: vec![pages_root.clone(), root.join("static")],
        ..Imported::default()
    };
    imported.layout = Layout::of(root);
    let mut found = Found::default();
    for path in files(&pages_root, &imported.layout) {
        let rel_found = rel_text(&pages_root, &path);
        if is_machinery(&rel_found) {
            found.machinery.push(rel_found);
            continue;
        }
        // A collection's page is where its permalink put it (`_pages/a.md` → `a.md`).
        let rel = imported.layout.placed(&rel_found);
        if is_template_page(&path) {
            found.template_pages.push(rel_text(root, &path));
            continue;
        }
        if !rel.ends_with(".md") && !rel.ends_with(".markdown") {
            imported.files.push((path, rel));
            continue;
        }
        match read_page(root, &path, rel)? {
            Some((mut page, kept)) => {
                if let Some(note) = reserved_renamed(&mut page) {
                    found.renamed.push((page.out.clone(), note));
                }
                if !kept.is_empty() {
                    found.aside.insert(page.out.clone(), kept);
                }
                imported.pages.push(page);
            }
            None => found.old_search.push(rel_text(root, &path)),
        }
    }
    // Only what is said of the pages of the language imported.
    settings::one_language(&mut imported, language, diags)?;
    found.report(root, &pages_root, &mut imported, diags);
    if let Some(home) = imported.pages.iter_mut().find(|p| p.out == "index.md") {
        home.front.kind = Some("home");
    }
    Ok(imported)
}

/// What the walk left out or changed, told once the pages are known.
#[derive(Default)]
struct Found {
    aside: BTreeMap<String, SetAside>,
    machinery: Vec<String>,
    old_search: Vec<String>,
    template_pages: Vec<String>,
    renamed: Vec<(String, Diagnostic)>,
}

impl Found {
    /// The notes about the pages imported (not those of another language), and the
    /// front matter set aside.
    fn report(
        self,
        root: &Path,
        pages_root: &Path,
        imported: &mut Imported,
        diags: &mut Diagnostics,
    ) {
        let kept: std::collections::HashSet<&str> =
            imported.pages.iter().map(|p| p.out.as_str()).collect();
        let mut aside = self.aside;
        aside.retain(|out, _| kept.contains(out.as_str()));
        let renamed = self
            .renamed
            .into_iter()
            .filter(|(out, _)| kept.contains(out.as_str()));
        diags.extend(renamed.map(|(_, note)| note));
        diags.extend(template_pages_note(&self.template_pages));
        diags.extend(self.old_search.first().map(|first| {
            Diagnostic::note(format!(
                "left out the old site's search page ({}): pubgen makes its own, at /search/",
                super::some_of(&self.old_search)
            ))
            .at(Location::file(first.clone()))
        }));
        diags.extend(machinery_note(root, pages_root, &self.machinery));
        report_aside(&aside, diags);
        if !aside.is_empty() {
            imported.set_aside = serde_yaml::to_string(&aside).ok();
        }
    }
}

/// Front matter pubgen has no use for, by key.
type SetAside = BTreeMap<String, serde_yaml::Value>;

/// A page of the source and its front matter's keys pubgen has no use for; `None`
/// for the old site's search page (`layout: search`), which has no text of its own.
fn read_page(
    root: &Path,
    path: &Path,
    rel: String,
) -> Result<Option<(Page, SetAside)>, Diagnostic> {
    let text = fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read {}: {}",
            path.display(),
            crate::diagnostics::plain_io_error(&e)
        ))
        .help("a page must be a readable UTF-8 text file: save it as UTF-8, or move it out of the folder being imported")
    })?;
    let (front, body) = split_front(&text);
    let raw_body_len = body.len();
    let (mut front, kept, mut also_at) = map_front(front);
    if front.old_search_page {
        return Ok(None);
    }
    let (heading, body) = markdown::take_title(&tags::plain(body));
    if front.title.is_empty() {
        front.title = heading.unwrap_or_else(|| rel.trim_end_matches(".md").to_string());
    }
    let out = post_path(&out_path(&rel), &mut front, &mut also_at);
    let page = Page {
        shown: rel_text(root, path),
        body_line: text[..text.len() - raw_body_len].matches('\n').count() + 1,
        src_rel: rel,
        out,
        front,
        body,
        also_at,
    };
    Ok(Some((page, kept)))
}

/// A page whose address pubgen keeps for a page of its own (`search.md` at
/// /search/) is given a `slug:` beside it, with a note.
fn reserved_renamed(page: &mut Page) -> Option<Diagnostic> {
    let stem = page.out.trim_end_matches(".md");
    let stem = match stem.strip_suffix("index") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder.trim_end_matches('/'),
        _ => stem,
    };
    // Only a page at a generated page's own address: one under a folder pubgen
    // keeps (`downloads/x.md`) is the build's error to report, a slug cannot move it.
    if stem.is_empty() || stem.contains('/') {
        return None;
    }
    let what = crate::urls::reserved_by_generator(&format!("{stem}/index.html"))?;
    let (folder, last) = stem.rsplit_once('/').map_or(("", stem), |(f, l)| (f, l));
    let slug = format!("{last}-page");
    let moved = if folder.is_empty() {
        slug.clone()
    } else {
        format!("{folder}/{slug}")
    };
    let note = Diagnostic::note(format!(
        "`{}` would be published at /{stem}/, which pubgen keeps for {what}: it is published at /{moved}/ (`slug: {slug}`)",
        page.shown
    ))
    .at(Location::file(page.shown.clone()));
    page.front.slug = Some(slug);
    Some(note)
}

/// An HTML file that starts with front matter: a page the old tool made from its
/// templates (Jekyll's `index.html` with `layout: index`), not a file to copy.
fn is_template_page(path: &Path) -> bool {
    let html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    html && fs::read(path)
        .is_ok_and(|bytes| bytes.starts_with(b"---\n") || bytes.starts_with(b"---\r\n"))
}

/// One note for the HTML pages made from the old site's templates, left out.
fn template_pages_note(pages: &[String]) -> Option<Diagnostic> {
    let first = pages.first()?;
    let what = match pages.len() {
        1 => "an HTML page".to_string(),
        n => format!("{n} HTML pages"),
    };
    Some(
        Diagnostic::note(format!(
            "left out {what} made by the old site's templates ({}): pubgen makes its own home and folder pages",
            super::some_of(pages)
        ))
        .at(Location::file(first.clone()))
        .help("write what such a page said, if anything, in the folder's index.md"),
    )
}

/// One note for the files that build the old site, left out.
fn machinery_note(root: &Path, pages_root: &Path, machinery: &[String]) -> Option<Diagnostic> {
    let first = machinery.first()?;
    let files = if machinery.len() == 1 {
        "a file that builds"
    } else {
        "files that build"
    };
    Some(
        Diagnostic::note(format!(
            "left out {files} the old site, not the publication: {}",
            super::some_of(machinery)
        ))
        .at(Location::file(rel_text(root, &pages_root.join(first)))),
    )
}

/// The files of the publication under `root`, sorted: not the old tool's folders
/// (but a Jekyll collection's), not what `_config.yml` excludes.
fn files(root: &Path, layout: &Layout) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let tool_folder =
                e.file_type().is_dir() && skipped(&name) && !layout.is_collection(&name);
            e.depth() == 0 || !(tool_folder || layout.excluded(&rel_text(root, e.path())))
        })
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(['.', '_'])
                || e.file_name() == "_index.md"
        })
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

/// Jekyll's `_posts/2020-01-31-name.md` → `posts/name.md`, dated from its name; its
/// old addresses (`2020/01/31/name.html`, `2020/01/31/name/`) lead to it.
fn post_path(out: &str, front: &mut Front, also_at: &mut Vec<String>) -> String {
    let Some(name) = out.strip_prefix("_posts/") else {
        return out.to_string();
    };
    let dated = name.len() > 11
        && name.as_bytes()[10] == b'-'
        && name[..10].chars().all(|c| c.is_ascii_digit() || c == '-');
    if dated {
        front.date.get_or_insert_with(|| name[..10].to_string());
        let stem = name[11..].trim_end_matches(".md");
        let day = name[..10].replace('-', "/");
        also_at.extend([format!("{day}/{stem}.html"), format!("{day}/{stem}/")]);
        return format!("posts/{}", &name[11..]);
    }
    format!("posts/{name}")
}

/// The front matter's text and the body after it.
fn split_front(text: &str) -> (Option<(&str, bool)>, &str) {
    for (fence, toml) in [("---", false), ("+++", true)] {
        if let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
        {
            let close = format!("\n{fence}");
            if let Some(end) = rest.find(&close) {
                let after = rest[end + close.len()..].trim_start_matches(['\r', '\n']);
                return (Some((&rest[..end], toml)), after);
            }
        }
    }
    (None, text)
}

/// pubgen's front matter from the other tool's, and the keys it has no use for.
fn map_front(
    front: Option<(&str, bool)>,
) -> (Front, BTreeMap<String, serde_yaml::Value>, Vec<String>) {
    let mut out = Front::default();
    let mut also_at = Vec::new();
    let mut kept = BTreeMap::new();
    let table: BTreeMap<String, serde_yaml::Value> = match front {
        Some((text, false)) => serde_yaml::from_str(text).unwrap_or_default(),
        Some((text, true)) => toml::from_str::<toml::Table>(text)
            .ok()
            .and_then(|t| serde_yaml::to_value(t).ok())
            .and_then(|v| serde_yaml::from_value(v).ok())
            .unwrap_or_default(),
        None => BTreeMap::new(),
    };
    for (key, value) in table {
        let text = match &value {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match (key.as_str(), text) {
            ("title", Some(t)) => out.title = t,
            ("description" | "summary" | "excerpt", Some(t)) => out.description = Some(t),
            ("date", Some(t)) if t.get(..10).is_some() => {
                out.date = t.get(..10).map(str::to_string)
            }
            ("lastmod" | "last_modified_at" | "updated", Some(t)) if t.get(..10).is_some() => {
                out.updated = t.get(..10).map(str::to_string)
            }
            ("weight" | "nav_order" | "order", Some(t)) if t.parse::<i64>().is_ok() => {
                out.order = t.parse().ok()
            }
            ("draft", _) => out.draft = value.as_bool().unwrap_or(false),
            ("published", _) if value.as_bool() == Some(false) => out.draft = true,
            ("permalink" | "url", Some(t)) => also_at.push(t.trim_start_matches('/').to_string()),
            ("slug", Some(t)) => out.slug = Some(t),
            ("layout" | "type", Some(t)) if t == "search" => out.old_search_page = true,
            ("lang" | "language", Some(t)) => out.lang = Some(t),
            ("layout", _) => {}
            _ => {
                kept.insert(key, value);
            }
        }
    }
    (out, kept, also_at)
}

/// One note per key set aside, with the number of pages that had it.
fn report_aside(
    aside: &BTreeMap<String, BTreeMap<String, serde_yaml::Value>>,
    diags: &mut Diagnostics,
) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for keys in aside.values() {
        for key in keys.keys() {
            *counts.entry(key).or_default() += 1;
        }
    }
    for (key, count) in counts {
        let pages = if count == 1 {
            "1 page has".to_string()
        } else {
            format!("{count} pages have")
        };
        diags.push(Diagnostic::note(format!("{pages} `{key}:`, which pubgen has no use for: kept in imported-front-matter.yaml, not in the pages")).at(Location::file("imported-front-matter.yaml")));
    }
}
