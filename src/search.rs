//! The static search index, built by Pagefind's Rust API from the rendered pages
//! (before minifying), written under `pagefind/` beside the site.
//!
//! Pagefind splits the index into small fragments that the browser fetches as the
//! reader types, so the search page stays fast however large the publication grows.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::model::{Output, OutputContents};

/// The folder of the index in the output.
pub const BUNDLE_DIR: &str = crate::urls::SEARCH_DIR;

/// Pages that are not indexed: the search page itself and the whole-report page (which
/// repeats every other page).
pub fn is_indexed(path: &str) -> bool {
    use crate::urls::{url_to_file, PRINT_URL, SEARCH_URL};
    path != url_to_file(SEARCH_URL) && path != url_to_file(PRINT_URL)
}

/// The part of a page worth indexing: its title and `main` (the header, navigation
/// and footer repeat on every page). Pagefind's cost grows with the HTML it reads.
fn searchable(html: &str) -> String {
    let title = html
        .find("<title>")
        .and_then(|start| {
            html[start..]
                .find("</title>")
                .map(|end| &html[start..start + end + 8])
        })
        .unwrap_or("");
    let main = html.find("<main").and_then(|start| {
        html[start..]
            .find("</main>")
            .map(|end| &html[start..start + end + 7])
    });
    match main {
        Some(main) => {
            format!("<!DOCTYPE html><html><head>{title}</head><body>{main}</body></html>")
        }
        None => html.to_string(),
    }
}

/// Pagefind also ships ready-made search interfaces; the theme has its own accessible
/// one, so only the index and its loader are published.
fn is_needed(filename: &str) -> bool {
    ![
        "pagefind-ui",
        "pagefind-modular-ui",
        "pagefind-component-ui",
        "pagefind-highlight",
    ]
    .iter()
    .any(|ui| filename.starts_with(ui))
}

/// Pages per index bundle. Pagefind holds a bundle's whole index in memory while it
/// builds it, and builds it on one thread: a large site is indexed as several bundles
/// (`pagefind/`, `pagefind-1/`, …), two at a time, which the search page merges.
/// `PUBGEN_SEARCH_SHARD_PAGES` overrides it (the tests use small bundles).
pub const SHARD_PAGES: usize = 2000;

/// Pages per bundle for a site with `indexed` pages: at most `SHARD_PAGES`, and sites
/// of 1,000 pages or more use at least two bundles so that both cores index.
fn pages_per_bundle(indexed: usize) -> usize {
    if let Some(n) = std::env::var("PUBGEN_SEARCH_SHARD_PAGES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    let min_bundles = if indexed >= 1000 { 2 } else { 1 };
    let bundles = indexed.div_ceil(SHARD_PAGES).max(min_bundles);
    indexed.div_ceil(bundles).max(1)
}

/// The folders of the bundles for a site with `indexed` pages to index, the primary
/// one first.
pub fn bundle_dirs(indexed: usize) -> Vec<String> {
    let bundles = indexed.div_ceil(pages_per_bundle(indexed)).max(1);
    (0..bundles)
        .map(|n| {
            if n == 0 {
                BUNDLE_DIR.to_string()
            } else {
                format!("{BUNDLE_DIR}-{n}")
            }
        })
        .collect()
}

/// Indexes every HTML output. `language` is the site's (`en-GB`); Pagefind wants the
/// ISO 639-1 part.
pub fn build_index(outputs: &[Output], language: &str) -> Result<Vec<Output>, String> {
    let pages: Vec<(&str, &str)> = outputs
        .iter()
        .filter_map(|o| match &o.contents {
            OutputContents::Html(html) if o.path.ends_with(".html") && is_indexed(&o.path) => {
                Some((o.path.as_str(), html.as_str()))
            }
            _ => None,
        })
        .collect();
    let dirs = bundle_dirs(pages.len());
    let language = language.split('-').next().unwrap_or("en").to_lowercase();
    let chunks: Vec<&[(&str, &str)]> = pages.chunks(pages_per_bundle(pages.len())).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .map_err(|e| e.to_string())?;
    let bundles: Vec<Result<Vec<Output>, String>> = pool.install(|| {
        use rayon::prelude::*;
        dirs.par_iter()
            .enumerate()
            .map(|(n, dir)| index_bundle(chunks.get(n).copied().unwrap_or(&[]), dir, &language))
            .collect()
    });
    let mut files = Vec::new();
    for bundle in bundles {
        files.extend(bundle?);
    }
    Ok(files)
}

/// One bundle of the index, under `dir`.
fn index_bundle(pages: &[(&str, &str)], dir: &str, language: &str) -> Result<Vec<Output>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for (path, html) in pages {
            index
                .add_html_file(None, Some(format!("/{path}")), searchable(html))
                .await
                .map_err(|e| format!("cannot index {path}: {e}"))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .filter(|f| is_needed(&f.filename.to_string_lossy()))
            .map(|f| Output {
                path: format!("{dir}/{}", f.filename.to_string_lossy()),
                contents: OutputContents::Bytes(f.contents),
            })
            .collect())
    })
}
