//! Following links in a built site as a browser would.

use std::collections::HashMap;
use std::path::{Component, Path};

use super::{all, ids, Built};

pub fn has_scheme(href: &str) -> bool {
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves a relative href from the HTML file `from` (relative to the output folder):
/// the file it names (relative to the output folder), or None if it climbs out.
pub fn resolve_href(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for c in Path::new(&percent_decode(path)).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Every internal `href` and `src` of every HTML page that does not lead to an existing
/// file, or whose `#fragment` is not an id in the page it leads to.
pub fn broken_links(out: &Path) -> Vec<String> {
    let built = Built::new(out.to_path_buf());
    let files = built.html_files();
    let mut id_cache: HashMap<String, Vec<String>> = HashMap::new();
    let mut problems = Vec::new();
    let mut ids_of = |file: &str| -> Vec<String> {
        id_cache
            .entry(file.to_string())
            .or_insert_with(|| ids(&built.parse(file)))
            .clone()
    };
    for file in &files {
        let html = built.parse(file);
        let refs: Vec<(String, String)> = all(&html, "[href], [src]")
            .into_iter()
            .flat_map(|e| {
                let tag = e.value().name().to_string();
                ["href", "src"]
                    .into_iter()
                    .filter_map(move |a| e.value().attr(a).map(|v| (tag.clone(), v.to_string())))
            })
            .collect();
        for (tag, link) in refs {
            if link.is_empty() {
                problems.push(format!("{file}: empty link on <{tag}>"));
                continue;
            }
            if has_scheme(&link) || link.starts_with("//") {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                file.clone()
            } else {
                match resolve_href(file, path) {
                    Some(t) => t,
                    None => {
                        problems.push(format!("{file}: `{link}` leads out of the site"));
                        continue;
                    }
                }
            };
            let target = file_of(out, target, path);
            if !out.join(&target).is_file() {
                problems.push(format!(
                    "{file}: `{link}` leads to {target}, which does not exist"
                ));
                continue;
            }
            if let Some(fragment) = fragment {
                if target.ends_with(".html") && !fragment.is_empty() {
                    let fragment = percent_decode(fragment);
                    if !ids_of(&target).contains(&fragment) {
                        problems.push(format!(
                            "{file}: `{link}`: there is no id `{fragment}` in {target}"
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// The file a resolved link path names in the built site `out`: a folder (or a path
/// written with a trailing `/`) means its `index.html`.
fn file_of(out: &Path, target: String, written: &str) -> String {
    if target.is_empty() {
        "index.html".to_string()
    } else if written.ends_with('/') || out.join(&target).is_dir() {
        format!("{}/index.html", target.trim_end_matches('/'))
    } else {
        target
    }
}

/// Whether an href stays on the site (no scheme, not `//host`).
pub fn is_internal(href: &str) -> bool {
    !has_scheme(href) && !href.starts_with("//")
}

impl Built {
    /// Where an `href` written in `from` leads: (file relative to the output folder,
    /// fragment). Panics when it leads to no file.
    pub fn follow(&self, from: &str, href: &str) -> (String, Option<String>) {
        assert!(!href.is_empty(), "empty href in {from}");
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (href, None),
        };
        let file = if path.is_empty() {
            from.to_string()
        } else {
            let joined = resolve_href(from, path)
                .unwrap_or_else(|| panic!("`{href}` in {from} leads out of the site"));
            file_of(&self.dir, joined, path)
        };
        assert!(
            self.dir.join(&file).is_file(),
            "`{href}` in {from} leads to {file}, which does not exist"
        );
        (file, fragment)
    }
}
