//! An mdBook book: `book.toml` gives the site's settings, `SUMMARY.md` the reading
//! order, drafts and the pages; `{{#include}}` and its kin are resolved.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{markdown, out_path, rel_text, Front, Imported, Page, SiteSettings};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::SourceFile;

/// A chapter of `SUMMARY.md`: its name and file (none for a draft chapter).
struct Chapter {
    name: String,
    path: Option<String>,
}

pub(super) fn read(root: &Path, diags: &mut Diagnostics) -> Result<Imported, Diagnostic> {
    let book_toml = root.join("book.toml");
    let config: toml::Table = read_text(&book_toml)?.parse().map_err(|e| {
        Diagnostic::error(format!("book.toml cannot be read as TOML: {e}"))
            .at(Location::file(book_toml.display().to_string()))
            .help("check that mdBook itself builds the book")
    })?;
    let src_name = config
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src");
    let src = root.join(src_name);
    let summary_path = src.join("SUMMARY.md");
    let summary = read_text(&summary_path)?;
    let chapters = chapters(&summary, &format!("{src_name}/SUMMARY.md"), diags);
    let mut imported = Imported {
        what: "an mdBook book",
        site: settings(&config),
        base_path: html_setting(&config, "site-url").unwrap_or_default(),
        file_roots: vec![src.clone()],
        ..Imported::default()
    };
    let mut listed = HashSet::new();
    for (n, chapter) in chapters.iter().enumerate() {
        let Some(path) = &chapter.path else { continue };
        if !listed.insert(path.clone()) {
            continue;
        }
        let order = i64::try_from(n + 1).unwrap_or(i64::MAX) * 10;
        let page = page(&src, path, &chapter.name, Some(order), false, diags)?;
        imported.pages.push(page);
    }
    unlisted(&src, &listed, &mut imported, diags)?;
    // Messages name a page from the book's folder (`src/intro.md`, `book/src/…`).
    let shown = super::rel_text(root, &src);
    for page in &mut imported.pages {
        page.shown = match shown.as_str() {
            "" | "." => page.src_rel.clone(),
            folder => format!("{folder}/{}", page.src_rel),
        };
    }
    if let Some(home) = imported.pages.iter_mut().find(|p| p.out == "index.md") {
        home.front.kind = Some("home");
    }
    Ok(imported)
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read {}: {}",
            path.display(),
            crate::diagnostics::plain_io_error(&e)
        ))
        .help("an mdBook book needs `book.toml` and `src/SUMMARY.md`")
    })
}

fn html_setting(config: &toml::Table, key: &str) -> Option<String> {
    let html = config.get("output")?.get("html")?;
    Some(html.get(key)?.as_str()?.to_string())
}

/// `book.toml`'s title, description, authors and language.
fn settings(config: &toml::Table) -> SiteSettings {
    let book = config.get("book");
    let text = |key: &str| Some(book?.get(key)?.as_str()?.to_string());
    let authors = book
        .and_then(|b| b.get("authors"))
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|a| !a.is_empty());
    SiteSettings {
        title: text("title").unwrap_or_else(|| "Untitled book".to_string()),
        subtitle: text("description"),
        publisher: authors,
        language: text("language"),
    }
}

/// The chapters of `SUMMARY.md` in reading order; part titles and separators are
/// noted, since pubgen's navigation follows the folders.
fn chapters(summary: &str, display: &str, diags: &mut Diagnostics) -> Vec<Chapter> {
    let file = SourceFile::new(
        display.to_string(),
        display.to_string(),
        summary.to_string(),
    );
    let mut found = Vec::new();
    let mut offset = 0;
    let mut parts = Vec::new();
    let mut drafts = Vec::new();
    for line in summary.split_inclusive('\n') {
        let trimmed = line.trim();
        let item = trimmed.trim_start_matches(['-', '*']).trim_start();
        if let Some(title) = trimmed.strip_prefix("# ") {
            // A heading before any chapter is the summary's own title (`# Summary`,
            // `# Table of Contents`), as mdBook reads it; later ones are parts.
            let summary_title = found.is_empty() && parts.is_empty();
            if !summary_title {
                parts.push((title.trim().to_string(), offset));
            }
        } else if let Some((name, path)) = link(item) {
            if path.is_none() {
                drafts.push((
                    name.clone(),
                    offset + line.find('[').unwrap_or(0),
                    item.len(),
                ));
            }
            found.push(Chapter { name, path });
        }
        offset += line.len();
    }
    if let Some(note) = drafts_without_files(&drafts, &file) {
        diags.push(note);
    }
    if let Some((_, at)) = parts.first() {
        let names: Vec<String> = parts.iter().map(|(t, _)| format!("“{t}”")).collect();
        diags.push(
            Diagnostic::note(format!(
                "part titles are not carried over ({}): pubgen's menu follows the folders",
                names.join(", ")
            ))
            .at(file.location(*at, 0))
            .help("to group chapters under a heading, put them in a folder with an index.md"),
        );
    }
    found
}

/// One note for the draft chapters of `SUMMARY.md` that have no file (`[Name]()`),
/// at the first: a book may list dozens of chapters to come.
fn drafts_without_files(
    drafts: &[(String, usize, usize)],
    file: &SourceFile,
) -> Option<Diagnostic> {
    let (first, at, len) = drafts.first()?;
    let message = match drafts.len() {
        1 => format!("the draft chapter “{first}” has no file yet: there is nothing to import"),
        n => {
            let named: Vec<String> = drafts
                .iter()
                .map(|(name, ..)| format!("“{name}”"))
                .collect();
            format!(
                "{n} draft chapters have no file yet, so there is nothing to import for them: {}",
                super::some_of(&named)
            )
        }
    };
    Some(Diagnostic::note(message).at(file.location(*at, *len)))
}

/// `[Name](path.md)` → the name and the path (none for `[Name]()`).
fn link(item: &str) -> Option<(String, Option<String>)> {
    let rest = item.strip_prefix('[')?;
    let (name, rest) = rest.split_once("](")?;
    let (path, _) = rest.split_once(')')?;
    let path = path.trim().trim_start_matches("./");
    let path = (!path.is_empty()).then(|| path.replace("%20", " "));
    Some((name.replace("\\", ""), path))
}

/// One chapter's page: its includes resolved, its first heading its title.
fn page(
    src: &Path,
    rel: &str,
    name: &str,
    order: Option<i64>,
    draft: bool,
    diags: &mut Diagnostics,
) -> Result<Page, Diagnostic> {
    let path = src.join(rel);
    let text = read_text(&path)?;
    let shown = match src.file_name() {
        Some(name) => format!("{}/{rel}", name.to_string_lossy()),
        None => rel.to_string(),
    };
    let (mut title, text) = expand(&path, &text, &shown, 0, diags);
    let (heading, body) = markdown::take_title(&super::tags::plain(&text));
    let title = title.take().or(heading).unwrap_or_else(|| name.to_string());
    Ok(Page {
        src_rel: rel.to_string(),
        out: out_path(rel),
        front: Front {
            title,
            order,
            draft,
            ..Front::default()
        },
        body,
        shown,
        body_line: 1,
        ..Page::default()
    })
}

/// Markdown files of `src/` that `SUMMARY.md` does not list (mdBook does not
/// publish them): drafts, but `404.md`, which is mdBook's own page; other files
/// are copied beside the pages.
fn unlisted(
    src: &Path,
    listed: &HashSet<String>,
    imported: &mut Imported,
    diags: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let mut entries: Vec<PathBuf> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = rel_text(src, &path);
        if listed.contains(&rel) || rel == "SUMMARY.md" {
            continue;
        }
        if !rel.ends_with(".md") {
            imported.files.push((path, rel));
        } else if rel == "404.md" {
            diags.push(Diagnostic::note("`404.md` is mdBook's page for addresses that lead nowhere: not imported (a host shows its own)").at(Location::file(format!("src/{rel}"))));
        } else {
            diags.push(
                Diagnostic::note(format!(
                    "`{rel}` is not in SUMMARY.md: imported as a draft (`draft: true`)"
                ))
                .at(Location::file(format!("src/{rel}"))),
            );
            let name = rel.trim_end_matches(".md").to_string();
            imported
                .pages
                .push(page(src, &rel, &name, None, true, diags)?);
        }
    }
    Ok(())
}

/// The text with mdBook's `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}`
/// and `{{#title}}` done (`\{{#…}}` stays, as mdBook shows it); the title if set.
fn expand(
    path: &Path,
    text: &str,
    display: &str,
    depth: usize,
    diags: &mut Diagnostics,
) -> (Option<String>, String) {
    let mut out = String::with_capacity(text.len());
    let mut title = None;
    let mut rest = text;
    let mut consumed = 0;
    while let Some(at) = rest.find("{{#") {
        let escaped = rest[..at].ends_with('\\');
        let Some(len) = rest[at..].find("}}") else {
            break;
        };
        let tag = &rest[at + 3..at + len];
        out.push_str(&rest[..at]);
        let whole = &rest[at..at + len + 2];
        if escaped {
            out.pop();
            out.push_str(whole);
        } else {
            match directive(path, tag, depth, diags) {
                Ok(Done::Text(t)) => out.push_str(&t),
                Ok(Done::Title(t)) => title = Some(t),
                Ok(Done::Keep) => out.push_str(whole),
                Err(message) => {
                    let file = SourceFile::new(display.into(), display.into(), text.into());
                    diags.push(
                        Diagnostic::warning(message)
                            .at(file.location(consumed + at, len + 2))
                            .help("after the import, paste the text it names in its place"),
                    );
                    out.push_str(whole);
                }
            }
        }
        consumed += at + len + 2;
        rest = &rest[at + len + 2..];
    }
    out.push_str(rest);
    (title, out)
}

enum Done {
    Text(String),
    Title(String),
    Keep,
}

fn directive(
    path: &Path,
    tag: &str,
    depth: usize,
    diags: &mut Diagnostics,
) -> Result<Done, String> {
    let (name, arg) = tag.trim().split_once(' ').unwrap_or((tag.trim(), ""));
    let arg = arg.trim();
    match name {
        "title" => Ok(Done::Title(arg.to_string())),
        // mdBook leaves a directive naming no file as written (prose about `{{#include}}`).
        "include" | "rustdoc_include" | "playground" if arg.is_empty() => Ok(Done::Keep),
        "include" | "rustdoc_include" | "playground" => {
            let file_arg = arg.split_whitespace().next().unwrap_or_default();
            let (file, selector) = file_arg
                .split_once(':')
                .map_or((file_arg, None), |(f, s)| (f, Some(s)));
            let target = path.parent().unwrap_or(Path::new(".")).join(file);
            let text = fs::read_to_string(&target).map_err(|_| {
                format!(
                    "`{{{{#{name} {file}}}}}` names a file that cannot be read ({})",
                    target.display()
                )
            })?;
            let text = select(&text, selector);
            let text = if depth < 8 && file.ends_with(".md") {
                expand(&target, &text, file, depth + 1, diags).1
            } else {
                text
            };
            Ok(Done::Text(if name == "playground" {
                format!("```rust\n{}\n```", text.trim_end())
            } else {
                text.trim_end_matches('\n').to_string()
            }))
        }
        _ => Ok(Done::Keep),
    }
}

/// The lines an include asks for: `:ANCHOR`, `:N`, `:N:`, `::M` or `:N:M`.
fn select(text: &str, selector: Option<&str>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keep = |l: &&&str| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:");
    let Some(selector) = selector else {
        return lines
            .iter()
            .filter(keep)
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
    };
    let number = |s: &str| s.parse::<usize>().ok();
    let (from, to) = match selector.split_once(':') {
        Some((a, b)) => (number(a).unwrap_or(1), number(b).unwrap_or(lines.len())),
        None => match number(selector) {
            Some(n) => (n, n),
            None => return anchored(&lines, selector),
        },
    };
    let from = from.max(1) - 1;
    lines
        .get(from..to.min(lines.len()).max(from))
        .unwrap_or_default()
        .iter()
        .filter(keep)
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

fn anchored(lines: &[&str], anchor: &str) -> String {
    let start = format!("ANCHOR: {anchor}");
    let end = format!("ANCHOR_END: {anchor}");
    lines
        .iter()
        .skip_while(|l| !l.contains(&start))
        .skip(1)
        .take_while(|l| !l.contains(&end))
        .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}
