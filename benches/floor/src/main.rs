//! The floor of the benchmark: the least any generator must do for a site of
//! markdown pages. Reads every `.md` file under `content/`, drops its front matter,
//! turns the rest into HTML with pulldown-cmark and writes it as `NAME/index.html`
//! (`index.md` as its folder's `index.html`), on 2 threads. No templates, links,
//! minifying or search: what pubgen does beyond this is its own cost.
//!
//!     pubgen-floor CONTENT_DIR OUT_DIR

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, content, out] = &args[..] else {
        eprintln!("usage: pubgen-floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let (content, out) = (Path::new(content), Path::new(out));
    let mut pages = Vec::new();
    collect(content, &mut pages);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(page) = pages.get(i) else { break };
                write_page(content, out, page);
            });
        }
    });
}

fn collect(dir: &Path, pages: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("a readable folder").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, pages);
        } else if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
}

fn write_page(content: &Path, out: &Path, page: &Path) {
    let text = fs::read_to_string(page).expect("a UTF-8 page");
    let body = strip_front_matter(&text);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    let relative = page.strip_prefix(content).expect("under content");
    let folder = if relative.file_stem().is_some_and(|s| s == "index") {
        out.join(relative.parent().unwrap_or(Path::new("")))
    } else {
        out.join(relative.with_extension(""))
    };
    fs::create_dir_all(&folder).expect("a writable output");
    fs::write(folder.join("index.html"), html).expect("a writable output");
}

fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
