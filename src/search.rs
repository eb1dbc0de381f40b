//! The static search index, built by Pagefind's Rust API from the rendered pages
//! (before minifying), written under `pagefind/` beside the site.
//!
//! Pagefind splits the index into small fragments that the browser fetches as the
//! reader types, so the search page stays fast however large the publication grows.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::model::{Output, OutputContents};

/// The folder of the index in the output.
pub(crate) const BUNDLE_DIR: &str = crate::urls::SEARCH_DIR;

/// Pages that are not indexed: the search page itself and the whole-report page (which
/// repeats every other page).
pub(crate) fn is_indexed(path: &str) -> bool {
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
pub(crate) const SHARD_PAGES: usize = 2000;

/// Pages per bundle for a site with `indexed` pages: at most `SHARD_PAGES`, and sites
/// of 1,000 pages or more use at least two bundles so that both cores index.
fn pages_per_bundle(indexed: usize) -> usize {
    if let Some(n) = crate::switches::get().search_shard_pages {
        return n;
    }
    let min_bundles = if indexed >= 1000 { 2 } else { 1 };
    let bundles = indexed.div_ceil(SHARD_PAGES).max(min_bundles);
    indexed.div_ceil(bundles).max(1)
}

/// The folders of the bundles for a site with `indexed` pages to index, the primary
/// one first.
pub(crate) fn bundle_dirs(indexed: usize) -> Vec<String> {
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

/// The HTML of an output that is indexed.
fn indexed_html(output: &Output) -> Option<&str> {
    match &output.contents {
        OutputContents::Html(html)
            if output.path.ends_with(".html") && is_indexed(&output.path) =>
        {
            Some(html.as_str())
        }
        _ => None,
    }
}

/// The page an output is indexed as: its path and the part of it worth indexing, or
/// `None` for outputs that are not indexed.
pub(crate) fn record(output: &Output) -> Option<(String, String)> {
    indexed_html(output).map(|html| (output.path.clone(), searchable(html)))
}

/// Indexes these pages (each its path and HTML), all at once, in this order
/// (`serve`'s index in the background). Each page's record is made as the indexer
/// takes it, not all of them first.
pub(crate) fn build_index(pages: &[(&str, &str)], language: &str) -> Result<Vec<Output>, String> {
    let indexed = || {
        pages
            .iter()
            .filter(|(path, _)| path.ends_with(".html") && is_indexed(path))
    };
    let mut indexer = Indexer::new(indexed().count(), language);
    let mut files = Vec::new();
    for (path, html) in indexed() {
        files.extend(indexer.add((path.to_string(), searchable(html)))?);
    }
    files.extend(indexer.finish()?);
    Ok(files)
}

/// Bundles at most this many at a time, each on its own thread: one per core.
const BUNDLES_AT_ONCE: usize = 2;

/// Builds the index while the pages are still being rendered and written: pages are
/// added as they are made, each full bundle is indexed on a thread of its own (two at
/// a time), and only the pages of the bundles in progress are held.
pub(crate) struct Indexer {
    per_bundle: usize,
    dirs: std::vec::IntoIter<String>,
    language: String,
    pending: Vec<(String, String)>,
    running: std::collections::VecDeque<std::thread::JoinHandle<Result<Vec<Output>, String>>>,
}

impl Indexer {
    /// An indexer for a site of `indexed` pages to index (as `bundle_dirs` counts).
    pub(crate) fn new(indexed: usize, language: &str) -> Indexer {
        let per_bundle = pages_per_bundle(indexed);
        Indexer {
            per_bundle,
            dirs: bundle_dirs(indexed).into_iter(),
            // Pagefind wants the ISO 639-1 part of the site's language (`en-GB`).
            language: language.split('-').next().unwrap_or("en").to_lowercase(),
            pending: Vec::with_capacity(per_bundle),
            running: std::collections::VecDeque::new(),
        }
    }

    /// Adds a page (from [`record`]). Returns the files of any bundle that finished
    /// meanwhile (waiting for one when two are in progress).
    pub(crate) fn add(&mut self, record: (String, String)) -> Result<Vec<Output>, String> {
        self.pending.push(record);
        // The last bundle takes whatever is left: a page more than counted must still
        // be in a bundle the search page loads.
        if self.pending.len() < self.per_bundle || self.dirs.len() <= 1 {
            return Ok(Vec::new());
        }
        let mut done = Vec::new();
        if self.running.len() == BUNDLES_AT_ONCE {
            done = self.join_oldest()?;
        }
        self.start_bundle();
        Ok(done)
    }

    /// Indexes what is left; returns the files of every bundle not yet returned.
    pub(crate) fn finish(mut self) -> Result<Vec<Output>, String> {
        if !self.pending.is_empty() || self.running.is_empty() {
            self.start_bundle();
        }
        let mut files = Vec::new();
        while !self.running.is_empty() {
            files.extend(self.join_oldest()?);
        }
        // A site of fewer pages than `bundle_dirs` counted still has every bundle
        // the search page loads.
        for dir in self.dirs.by_ref().collect::<Vec<_>>() {
            files.extend(index_bundle(Vec::new(), &dir, &self.language)?);
        }
        Ok(files)
    }

    fn start_bundle(&mut self) {
        let pages = std::mem::replace(&mut self.pending, Vec::with_capacity(self.per_bundle));
        // `add` keeps the last folder for `finish`, so there is always one left.
        let dir = self
            .dirs
            .next()
            .unwrap_or_else(|| format!("{BUNDLE_DIR}-extra"));
        let language = self.language.clone();
        self.running.push_back(std::thread::spawn(move || {
            index_bundle(pages, &dir, &language)
        }));
    }

    fn join_oldest(&mut self) -> Result<Vec<Output>, String> {
        match self.running.pop_front() {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|_| Err("the indexer stopped unexpectedly".into())),
            None => Ok(Vec::new()),
        }
    }
}

/// One bundle of the index, under `dir`.
fn index_bundle(
    pages: Vec<(String, String)>,
    dir: &str,
    language: &str,
) -> Result<Vec<Output>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        let t0 = std::time::Instant::now();
        for (path, html) in pages {
            index
                .add_html_file(None, Some(format!("/{path}")), html)
                .await
                .map_err(|e| format!("cannot index {path}: {e}"))?;
        }
        let t1 = std::time::Instant::now();
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        if crate::switches::get().timings {
            eprintln!(
                "timing: bundle {dir}: add {:.0} ms, build {:.0} ms",
                (t1 - t0).as_secs_f64() * 1000.0,
                t1.elapsed().as_secs_f64() * 1000.0
            );
        }
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
