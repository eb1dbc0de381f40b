//! The old tool's settings: Jekyll's `_config.yml`, Hugo's `hugo.toml`, `hugo.yaml`
//! or `config.*`, Zola's `config.toml`; from them the site's title, language and
//! address, and the folder its pages are in.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::outside::PublishedAt;
use super::SiteSettings;
use crate::diagnostics::{Diagnostic, Location};

/// Settings as one table, whatever file they were written in.
pub(super) type Table = BTreeMap<String, Value>;

/// The first settings file found in `root`, read as a table (empty when none).
pub(super) fn config_table(root: &Path) -> Table {
    let read = |name: &str| fs::read_to_string(root.join(name)).ok();
    for name in [
        "_config.yml",
        "hugo.yaml",
        "hugo.yml",
        "config.yaml",
        "config.yml",
    ] {
        if let Some(text) = read(name) {
            return serde_yaml::from_str(&text).unwrap_or_default();
        }
    }
    for name in ["hugo.toml", "config.toml"] {
        if let Some(text) = read(name) {
            return toml::from_str::<toml::Table>(&text)
                .ok()
                .and_then(|t| serde_yaml::to_value(t).ok())
                .and_then(|v| serde_yaml::from_value(v).ok())
                .unwrap_or_default();
        }
    }
    Table::new()
}

/// The folder the pages are in: Hugo's `contentDir` (a site in several languages:
/// `language`'s, else its default language's), else `content/` (Hugo, Zola), else
/// `root` itself; and a note naming the other languages, which are not imported. A
/// `language` the site does not have is an error.
pub(super) fn pages_root(
    root: &Path,
    table: &Table,
    language: Option<&str>,
) -> Result<(PathBuf, Option<Diagnostic>), Diagnostic> {
    let default = table
        .get("defaultContentLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en");
    let wanted = language.unwrap_or(default);
    let mut folder = table
        .get("contentDir")
        .and_then(Value::as_str)
        .map(str::to_string);
    let (mut others, mut found) = (Vec::new(), language.is_none());
    if let Some(Value::Mapping(languages)) = table.get("languages") {
        for (code, settings) in languages {
            let Some(code) = code.as_str() else { continue };
            let dir = settings.get("contentDir").and_then(Value::as_str);
            if code.eq_ignore_ascii_case(wanted) {
                found = true;
                folder = dir.map(str::to_string).or(folder);
            } else if dir.is_some() {
                others.push(code.to_string());
            }
        }
    }
    if !found && !others.is_empty() {
        return Err(no_such_language(
            wanted,
            &[vec![default.to_string()], others].concat(),
        ));
    }
    // `contentDir` is a folder of the site: never one outside it.
    let folder = folder
        .filter(|dir| super::markdown::normalize(dir).is_some() && !Path::new(dir).is_absolute());
    let pages = match folder {
        Some(dir) if root.join(&dir).is_dir() => root.join(dir),
        _ if root.join("content").is_dir() => root.join("content"),
        _ => root.to_path_buf(),
    };
    let note = other_languages(&others, wanted)
        .map(|d| d.at(Location::file(super::rel_text(root, &pages))));
    Ok((pages, note))
}

/// Whether the old site published each page as a folder of its own (`/a/`) rather
/// than a file (`/a.html`): Hugo and Zola do; Jekyll with `permalink: pretty` (or
/// one ending in `/`); a plain folder of markdown, read as files, does not.
pub(super) fn pretty_urls(root: &Path, table: &Table) -> bool {
    if root.join("_config.yml").is_file() {
        let pretty = |v: Option<&Value>| {
            let permalink = v.and_then(Value::as_str).unwrap_or("");
            permalink == "pretty" || permalink.ends_with('/')
        };
        let collection_pretty = match table.get("collections") {
            Some(Value::Mapping(map)) => map.values().any(|c| pretty(c.get("permalink"))),
            _ => false,
        };
        return pretty(table.get("permalink")) || collection_pretty;
    }
    let hugo_or_zola = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "config.toml",
        "config.yaml",
        "config.yml",
    ]
    .iter()
    .any(|name| root.join(name).is_file());
    hugo_or_zola && table.get("uglyURLs").and_then(Value::as_bool) != Some(true)
}

/// A site whose pages say their language (`lang:`) in several: only `language`'s
/// pages are kept (by default the site's own, or the language most pages are in),
/// with a note naming the others; `language` in none of them is an error.
pub(super) fn one_language(
    imported: &mut super::Imported,
    language: Option<&str>,
    diags: &mut crate::diagnostics::Diagnostics,
) -> Result<(), Diagnostic> {
    languages_from_folders(&mut imported.pages);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for page in &imported.pages {
        if let Some(lang) = &page.front.lang {
            *counts.entry(lang.to_ascii_lowercase()).or_default() += 1;
        }
    }
    let site = imported
        .site
        .language
        .as_deref()
        .map(str::to_ascii_lowercase);
    let chosen = match language.map(str::to_ascii_lowercase) {
        Some(wanted) if counts.is_empty() || counts.contains_key(&wanted) => wanted,
        Some(wanted) => {
            return Err(no_such_language(
                &wanted,
                &counts.keys().cloned().collect::<Vec<_>>(),
            ))
        }
        None if counts.len() < 2 => return Ok(()),
        None => site
            .filter(|s| counts.contains_key(s))
            .or_else(|| {
                counts
                    .iter()
                    .max_by_key(|(_, n)| **n)
                    .map(|(l, _)| l.clone())
            })
            .unwrap_or_default(),
    };
    let (kept, others): (Vec<_>, Vec<_>) = std::mem::take(&mut imported.pages)
        .into_iter()
        .partition(|p| {
            p.front
                .lang
                .as_deref()
                .is_none_or(|l| l.eq_ignore_ascii_case(&chosen))
        });
    (imported.pages, imported.other_languages) = (kept, others);
    let others: Vec<String> = counts
        .iter()
        .filter(|(lang, _)| **lang != chosen)
        .map(|(lang, n)| format!("{lang}: {n}"))
        .collect();
    if let Some(note) = other_languages(&others, &chosen) {
        diags.push(note);
    }
    imported.site.language = Some(chosen);
    Ok(())
}

/// A page that does not say its language, in a folder named after the one language
/// its other pages say, is in that language (the Open Source Guides' `zh-hant/README.md`
/// among the `lang: zh-hant` articles).
fn languages_from_folders(pages: &mut [super::Page]) {
    let mut folders: BTreeMap<String, Option<String>> = BTreeMap::new();
    for page in pages.iter() {
        let Some(lang) = &page.front.lang else {
            continue;
        };
        let lang = lang.to_ascii_lowercase();
        folders
            .entry(super::markdown::folder_of(&page.src_rel).to_string())
            .and_modify(|one| {
                if one.as_deref() != Some(lang.as_str()) {
                    *one = None;
                }
            })
            .or_insert(Some(lang));
    }
    for page in pages.iter_mut().filter(|p| p.front.lang.is_none()) {
        let folder = super::markdown::folder_of(&page.src_rel);
        // Only a folder named after the language (`zh-hant/`): an English page beside
        // its French translation stays English.
        let named = folder.rsplit('/').next().unwrap_or(folder);
        if let Some(Some(lang)) = folders.get(folder) {
            if named.eq_ignore_ascii_case(lang) {
                page.front.lang = Some(lang.clone());
            }
        }
    }
}

/// The note naming the languages not imported, and how to import one.
fn other_languages(others: &[String], chosen: &str) -> Option<Diagnostic> {
    let first = others
        .first()?
        .split(':')
        .next()
        .unwrap_or_default()
        .to_string();
    Some(
        Diagnostic::note(format!(
            "imported the pages in `{chosen}`; the site also has pages in {} other {} ({}), which are not imported: a pubgen site is in one language",
            others.len(),
            if others.len() == 1 { "language" } else { "languages" },
            others.join(", ")
        ))
        .help(format!("import each as a site of its own, for example `pubgen import --language {first} SOURCE NEW-FOLDER`")),
    )
}

fn no_such_language(wanted: &str, have: &[String]) -> Diagnostic {
    Diagnostic::error(format!("the site has no pages in `{wanted}`"))
        .help(format!("its languages: {}", have.join(", ")))
}

/// The site's title, description and language from Jekyll's `_config.yml` or Hugo's
/// and Zola's `config.toml` / `hugo.toml`, and the path it was published under.
pub(super) fn site_config(
    root: &Path,
    table: &Table,
) -> (SiteSettings, String, Option<PublishedAt>) {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| table.get(*k).and_then(|v| v.as_str()))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let folder_name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let site = SiteSettings {
        title: text(&["title"])
            .or(folder_name)
            .unwrap_or_else(|| "Untitled".into()),
        subtitle: text(&["description", "tagline"]),
        language: text(&[
            "lang",
            "languageCode",
            "default_language",
            "defaultContentLanguage",
        ]),
        ..SiteSettings::default()
    };
    // Jekyll's `baseurl: /blog`; Hugo's and Zola's full address, of which the path.
    let base = text(&["baseurl"]).or_else(|| {
        text(&["baseURL", "base_url"]).map(|url| {
            let after_host = url.split_once("//").map_or(&*url, |(_, rest)| rest);
            after_host
                .split_once('/')
                .map_or("", |(_, path)| path)
                .to_string()
        })
    });
    let base = base.unwrap_or_default().trim_matches('/').to_string();
    // The whole address: Hugo's and Zola's own, or Jekyll's `url` and `baseurl`, or
    // the domain a GitHub Pages site names in its `CNAME` file (GitHub sets `url`
    // from it when it builds the site).
    let parsed = |address: Option<String>| address.and_then(|a| PublishedAt::parse(&a));
    let published_at = parsed(text(&["baseURL", "base_url"]))
        .or_else(|| {
            parsed(text(&["url"]).map(|url| format!("{}/{base}", url.trim_end_matches('/'))))
        })
        .or_else(|| parsed(pages_domain(root).map(|host| format!("https://{host}/{base}"))));
    (site, base, published_at)
}

/// The domain in a GitHub Pages site's `CNAME` file: one line, a host name.
fn pages_domain(root: &Path) -> Option<String> {
    let text = fs::read_to_string(root.join("CNAME")).ok()?;
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let host = lines.next()?;
    let is_host = host.len() <= 253
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    (is_host && lines.next().is_none()).then(|| host.to_ascii_lowercase())
}
