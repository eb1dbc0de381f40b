//! Helpers for the integration tests: copy a fixture site into a temporary folder, run
//! the `pubgen` binary on it, and read what it wrote.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The folder holding the fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// A site in a temporary folder: `tmp/site` is the site root.
pub struct Site {
    pub tmp: TempDir,
    pub root: PathBuf,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let tmp = tempfile::tempdir().expect("create a temporary folder");
        let root = tmp.path().join("site");
        copy_dir(&fixtures().join(name), &root);
        Site { tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or replaces) a file under the site root.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Replaces `old` by `new` in a file of the site (exactly once).
    pub fn edit(&self, rel: &str, old: &str, new: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(old).count(),
            1,
            "`{old}` should occur once in {rel}"
        );
        self.write(rel, text.replacen(old, new, 1));
    }

    /// `pubgen build --root ROOT` plus `args`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root", self.root.to_str().unwrap()];
        all.extend_from_slice(args);
        pubgen(&all)
    }

    /// `pubgen check --root ROOT` plus `args`.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check", "--root", self.root.to_str().unwrap()];
        all.extend_from_slice(args);
        pubgen(&all)
    }

    /// Builds into `ROOT/public` and insists that it succeeds.
    pub fn build_ok(&self) -> Built {
        self.build(&[]).assert_success();
        Built::new(self.root.join("public"))
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    pub fn assert_success(&self) -> &Run {
        assert!(
            self.success(),
            "pubgen failed (exit {:?}):\n{}",
            self.code,
            self.stderr
        );
        self.assert_no_panic();
        self
    }

    /// A failure with a non-zero exit code, not a crash.
    pub fn assert_failure(&self) -> &Run {
        assert!(
            !self.success() && self.code.is_some(),
            "pubgen should have failed with an exit code, got {:?}:\n{}",
            self.code,
            self.stderr
        );
        self.assert_no_panic();
        self
    }

    pub fn assert_no_panic(&self) -> &Run {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "pubgen panicked:\n{}",
            self.stderr
        );
        self
    }

    pub fn assert_stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain `{needle}`:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs the binary with `args`, without colour.
pub fn pubgen(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run pubgen");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A built site.
pub struct Built {
    pub dir: PathBuf,
}

impl Built {
    pub fn new(dir: PathBuf) -> Built {
        Built { dir }
    }

    /// The HTML of the page at a URL path (`/`, `/a/b/`).
    pub fn page(&self, url: &str) -> Html {
        let file = self.dir.join(url_to_file(url));
        let text =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        Html::parse_document(&text)
    }

    /// Every HTML file, by path relative to the output folder (`a/b/index.html`).
    pub fn html_files(&self) -> Vec<String> {
        let mut files: Vec<String> = files_under(&self.dir)
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect();
        files.sort();
        files
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn parse(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

/// `/a/b/` → `a/b/index.html`; `/` → `index.html`.
pub fn url_to_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// Every element matching `selector`.
pub fn all<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let s = sel(selector);
    html.select(&s).collect()
}

/// The one element matching `selector`.
pub fn one<'a>(html: &'a Html, selector: &str) -> ElementRef<'a> {
    let found = all(html, selector);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{selector}`, found {}",
        found.len()
    );
    found[0]
}

/// An element's text, with runs of white space made one space.
pub fn text(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn href(el: ElementRef) -> String {
    el.value().attr("href").unwrap_or_default().to_string()
}

/// True when `el` sits inside an element matching `selector`.
pub fn inside(el: ElementRef, selector: &str) -> bool {
    let s = sel(selector);
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| s.matches(&a))
}

/// Every id in a document, with duplicates.
pub fn ids(html: &Html) -> Vec<String> {
    all(html, "[id]")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// files

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, as paths relative to it with `/`.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` with its bytes (a symbolic link: where it points), to
/// compare a folder before and after.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let path = dir.join(&rel);
            let bytes = match fs::read_link(&path) {
                Ok(target) => format!("-> {}", target.display()).into_bytes(),
                Err(_) => fs::read(&path).unwrap(),
            };
            (rel, bytes)
        })
        .collect()
}

/// The names in a folder (not recursive), sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------
// links

fn has_scheme(href: &str) -> bool {
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
            let full = out.join(&target);
            let target = if full.is_dir() || target.is_empty() || path.ends_with('/') {
                if target.is_empty() {
                    "index.html".to_string()
                } else {
                    format!("{}/index.html", target.trim_end_matches('/'))
                }
            } else {
                target
            };
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

// ---------------------------------------------------------------------------
// page structure

/// The checks every page of every site must pass; returns the problems found.
pub fn page_problems(file: &str, html: &Html, language: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |p: String| problems.push(format!("{file}: {p}"));

    match all(html, "html")
        .first()
        .and_then(|h| h.value().attr("lang"))
    {
        Some(lang) if lang == language => {}
        other => problem(format!("<html lang> is {other:?}, not {language}")),
    }
    let titles = all(html, "head > title");
    if titles.len() != 1 || text(titles[0]).is_empty() {
        problem(format!(
            "there should be one non-empty <title>, found {}",
            titles.len()
        ));
    }
    let h1s = all(html, "h1");
    if h1s.len() != 1 {
        problem(format!(
            "there should be exactly one h1, found {}",
            h1s.len()
        ));
    }
    let mains = all(html, "main");
    if mains.len() != 1 || mains[0].value().attr("id") != Some("main") {
        problem("there should be exactly one <main id=\"main\">".into());
    }
    let headers: Vec<_> = all(html, "header")
        .into_iter()
        .filter(|h| !inside(*h, "main, article, section"))
        .collect();
    if headers.is_empty() {
        problem("there is no page-level <header> (banner)".into());
    }
    let footers: Vec<_> = all(html, "footer")
        .into_iter()
        .filter(|f| !inside(*f, "main, article, section"))
        .collect();
    if footers.is_empty() {
        problem("there is no page-level <footer> (contentinfo)".into());
    }
    if all(html, "nav").is_empty() {
        problem("there is no <nav>".into());
    }
    // The first thing a keyboard reaches is the skip link.
    let focusable: Vec<_> = all(html, "a[href], button, input, select, textarea, [tabindex]")
        .into_iter()
        .filter(|e| e.value().attr("tabindex") != Some("-1"))
        .collect();
    match focusable.first() {
        Some(first)
            if first.value().name() == "a" && first.value().attr("href") == Some("#main") => {}
        Some(first) => problem(format!(
            "the first focusable element is not a skip link to #main: {}",
            first.html()
        )),
        None => problem("nothing is focusable".into()),
    }
    // Headings never skip a level, and the first is the h1.
    let mut last = 0u8;
    for h in all(html, "h1, h2, h3, h4, h5, h6") {
        let level = h.value().name()[1..].parse::<u8>().unwrap();
        if last == 0 && level != 1 {
            problem(format!("the first heading is an h{level}, not the h1"));
        }
        if level > last + 1 && last != 0 {
            problem(format!("h{level} `{}` follows an h{last}", text(h)));
        }
        last = level;
    }
    // Ids are unique.
    let mut seen = std::collections::HashSet::new();
    for id in ids(html) {
        if !seen.insert(id.clone()) {
            problem(format!("the id `{id}` is used more than once"));
        }
    }
    problems
}
