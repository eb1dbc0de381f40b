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
/// its default language's), else `content/` (Hugo, Zola), else `root` itself; and a
/// note naming the other languages' folders, which are not imported.
pub(super) fn pages_root(root: &Path, table: &Table) -> (PathBuf, Option<Diagnostic>) {
    let default = table
        .get("defaultContentLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en");
    let mut folder = table
        .get("contentDir")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut others = Vec::new();
    if let Some(Value::Mapping(languages)) = table.get("languages") {
        for (code, settings) in languages {
            let (Some(code), Some(dir)) = (
                code.as_str(),
                settings.get("contentDir").and_then(Value::as_str),
            ) else {
                continue;
            };
            if code == default {
                folder = Some(dir.to_string());
            } else {
                others.push(format!("{code} in `{dir}`"));
            }
        }
    }
    let pages = match folder {
        Some(dir) if root.join(&dir).is_dir() => root.join(dir),
        _ if root.join("content").is_dir() => root.join("content"),
        _ => root.to_path_buf(),
    };
    let note = (!others.is_empty()).then(|| {
        Diagnostic::note(format!(
            "the site also has pages in other languages ({}), which are not imported: a pubgen site is in one language",
            others.join(", ")
        ))
        .at(Location::file(super::rel_text(root, &pages)))
        .help("import each language's folder as a site of its own, for example `pubgen import SITE/content/fa my-site-fa`")
    });
    (pages, note)
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
    // The whole address: Hugo's and Zola's own, or Jekyll's `url` and `baseurl`.
    let published_at = text(&["baseURL", "base_url"])
        .or_else(|| text(&["url"]).map(|url| format!("{}/{base}", url.trim_end_matches('/'))))
        .and_then(|address| PublishedAt::parse(&address));
    (site, base, published_at)
}
