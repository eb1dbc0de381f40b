//! What a Jekyll site's `_config.yml` says about which files are its publication:
//! `exclude:` (with Jekyll's own defaults), and `collections:` whose pages are
//! published (`output: true`), from folders such as `_pages/` that would otherwise be
//! taken for Jekyll's machinery. Files that build the old site (a `Dockerfile`, a
//! `Rakefile`) are not the publication either, whichever tool it was made for.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

/// What Jekyll leaves out even when `_config.yml` does not say so.
const JEKYLL_EXCLUDES: [&str; 10] = [
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// Files that build or deploy a site, not pages or pictures of it.
const MACHINERY: [&str; 17] = [
    "CODEOWNERS",
    "Gemfile",
    "Gemfile.lock",
    "Rakefile",
    "Makefile",
    "Dockerfile",
    "docker-compose.yml",
    "docker-compose.yaml",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "netlify.toml",
    "vercel.json",
    "Procfile",
    "_config.yml",
    "hugo.toml",
    "config.toml",
];

/// Which files of the folder imported are the publication.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// `exclude:` and Jekyll's defaults, as written (paths from the site's folder).
    exclude: Vec<String>,
    /// Collections published as pages: their folder (`_pages`) and the folder their
    /// pages go in (`` for `permalink: /:path/`, else `pages/`).
    collections: Vec<(String, String)>,
}

impl Layout {
    /// The layout of the site in `root` (Jekyll's rules only when it has
    /// `_config.yml`).
    pub(super) fn of(root: &Path) -> Layout {
        let Some(config) = std::fs::read_to_string(root.join("_config.yml"))
            .ok()
            .and_then(|text| serde_yaml::from_str::<BTreeMap<String, Value>>(&text).ok())
        else {
            return Layout::default();
        };
        let mut exclude: Vec<String> = JEKYLL_EXCLUDES.iter().map(|s| s.to_string()).collect();
        if let Some(Value::Sequence(list)) = config.get("exclude") {
            exclude.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
        }
        Layout {
            exclude,
            collections: collections(config.get("collections")),
        }
    }

    /// Whether a folder named `name` holds pages of a published collection.
    pub(super) fn is_collection(&self, name: &str) -> bool {
        self.collections.iter().any(|(folder, _)| folder == name)
    }

    /// Whether the file or folder at `rel` (from the site's folder) is left out.
    pub(super) fn excluded(&self, rel: &str) -> bool {
        self.exclude.iter().any(|pattern| matches(pattern, rel))
    }

    /// Where a file of a collection goes: `_pages/ato/types.md` → `ato/types.md`.
    pub(super) fn placed(&self, rel: &str) -> String {
        for (folder, prefix) in &self.collections {
            if let Some(inside) = rel
                .strip_prefix(folder.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                return format!("{prefix}{inside}");
            }
        }
        rel.to_string()
    }
}

/// Whether a file is one that builds or deploys a site rather than part of it.
pub(super) fn is_machinery(rel: &str) -> bool {
    MACHINERY.contains(&rel)
}

/// `collections:` as a map (`pages: {output: true, permalink: /:path/}`) or a list
/// of names (never published by default).
fn collections(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Mapping(map)) = value else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(name, settings)| {
            let name = name.as_str()?;
            if name == "posts" || settings.get("output").and_then(Value::as_bool) != Some(true) {
                return None;
            }
            let permalink = settings
                .get("permalink")
                .and_then(Value::as_str)
                .unwrap_or("");
            let prefix = if permalink.starts_with("/:path") {
                String::new()
            } else {
                format!("{name}/")
            };
            Some((format!("_{name}"), prefix))
        })
        .collect()
}

/// Jekyll's `exclude:` entries: a path (`README.md`, `docs/drafts`, `vendor/`), or a
/// pattern with `*` (`*.sh`); a folder's entry covers everything in it.
fn matches(pattern: &str, rel: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    if pattern.contains('*') {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        return glob(pattern, name) || glob(pattern, rel);
    }
    rel == pattern
        || rel
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// `*` as any run of characters, nothing else special.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_entries_cover_files_folders_and_patterns() {
        assert!(matches("README.md", "README.md"));
        assert!(!matches("README.md", "docs/README.md"));
        assert!(matches("vendor/", "vendor/gems/x.rb"));
        assert!(matches("*.sh", "scripts/deploy.sh"));
        assert!(!matches("*.sh", "deploy.shtml"));
        assert!(matches("docs/*.txt", "docs/a.txt"));
    }

    #[test]
    fn a_published_collection_s_pages_go_where_its_permalink_puts_them() {
        let config: Value = serde_yaml::from_str(
            "pages: {output: true, permalink: '/:path/'}\nrecipes: {output: true}\nnotes: {output: false}\n",
        )
        .unwrap();
        let layout = Layout {
            exclude: Vec::new(),
            collections: collections(Some(&config)),
        };
        assert!(layout.is_collection("_pages") && layout.is_collection("_recipes"));
        assert!(!layout.is_collection("_notes"));
        assert_eq!(layout.placed("_pages/ato/types.md"), "ato/types.md");
        assert_eq!(layout.placed("_recipes/soup.md"), "recipes/soup.md");
        assert_eq!(layout.placed("about.md"), "about.md");
    }
}
