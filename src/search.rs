//! The static search index, built by Pagefind's Rust API from the rendered pages
//! (before minifying), written under `pagefind/` beside the site.
//!
//! Pagefind splits the index into small fragments that the browser fetches as the
//! reader types, so the search page stays fast however large the publication grows.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::model::{Output, OutputContents};

/// The folder of the index in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// Pages that are not indexed: the search page itself and the whole-report page (which
/// repeats every other page).
pub fn is_indexed(path: &str) -> bool {
    !matches!(path, "search/index.html" | "print/index.html")
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

/// Indexes every HTML output. `language` is the site's (`en-GB`); Pagefind wants the
/// ISO 639-1 part.
pub fn build_index(outputs: &[Output], language: &str) -> Result<Vec<Output>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    let language = language.split('-').next().unwrap_or("en").to_lowercase();
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for output in outputs {
            let OutputContents::Html(html) = &output.contents else {
                continue;
            };
            if !output.path.ends_with(".html") || !is_indexed(&output.path) {
                continue;
            }
            index
                .add_html_file(None, Some(format!("/{}", output.path)), searchable(html))
                .await
                .map_err(|e| format!("cannot index {}: {e}", output.path))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .filter(|f| is_needed(&f.filename.to_string_lossy()))
            .map(|f| Output {
                path: format!("{BUNDLE_DIR}/{}", f.filename.to_string_lossy()),
                contents: OutputContents::Bytes(f.contents),
            })
            .collect())
    })
}
