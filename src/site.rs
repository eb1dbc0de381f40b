//! Runs the stages in order: load → parse → link → render → write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::{Document, LoadedSite};
use crate::parse::glossary::GlossaryIndex;
use crate::{link, lint, load, parse, render, search, write};

pub struct BuildOptions {
    pub root: PathBuf,
    /// `None` for the default, `ROOT/public`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    pub deny_warnings: bool,
    /// False for `pubgen check`: everything but writing.
    pub write: bool,
    /// Build the search index (and the search page).
    pub search: bool,
    /// Run the Easy Read style lint (`pubgen check`).
    pub lint: bool,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build did, for the summary line.
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
}

/// Builds the site. Diagnostics (warnings, and errors when it fails) are returned
/// either way; the report only when the build succeeded.
pub fn build(options: &BuildOptions) -> (Option<BuildReport>, Diagnostics) {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let report = run_stages(options, &mut diags, started);
    if options.deny_warnings {
        diags.deny_warnings();
    }
    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    (report, diags)
}

/// Parses every page in parallel. The glossary is parsed first: every other page links
/// the first use of its terms.
fn parse_pages(site: &LoadedSite, diags: &mut Diagnostics) -> Vec<Document> {
    let glossary_page = site.pages.iter().position(|p| p.source.rel == parse::glossary::GLOSSARY_PAGE);
    let mut glossary = glossary_page.map(|i| parse::parse_page(&site.pages[i], None));
    let index = glossary.as_ref().map(|(doc, _)| GlossaryIndex::new(&doc.glossary));
    let parsed: Vec<Option<(Document, Vec<_>)>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| (Some(i) != glossary_page).then(|| parse::parse_page(page, index.as_ref())))
        .collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for result in parsed {
        let (doc, problems) = result.or_else(|| glossary.take()).expect("the glossary page was parsed first");
        diags.extend(problems);
        docs.push(doc);
    }
    docs
}

fn run_stages(options: &BuildOptions, diags: &mut Diagnostics, started: Instant) -> Option<BuildReport> {
    let out_dir = options.out_dir();
    if let Err(d) = write::check_out_dir(&options.root, &out_dir) {
        diags.push(d);
        return None;
    }
    let site = load::load(&options.root, &load::LoadOptions { drafts: options.drafts }, diags)?;

    let docs = parse_pages(&site, diags);
    // Links between pages mean little while pages failed to load or parse.
    if diags.has_errors() {
        return None;
    }
    if options.lint {
        lint::lint(&site.pages, &docs, diags);
    }
    let linked = link::link(&site, &docs, diags);
    let tera = render::templates(&site.theme, diags)?;
    let render_options = render::RenderOptions { search: options.search };
    let mut outputs = render::render(&render_options, &site, &docs, &linked, &tera, diags);
    let pages = linked.entries.len();
    let fails = diags.has_errors() || (options.deny_warnings && !diags.items.is_empty());
    if fails {
        return None;
    }
    if options.search && options.write {
        match search::build_index(&outputs, &site.config.language) {
            Ok(index) => outputs.extend(index),
            Err(err) => {
                diags.push(crate::diagnostics::Diagnostic::error(format!("the search index could not be built: {err}")));
                return None;
            }
        }
    }
    let files = if options.write {
        write::write(&outputs, &out_dir, diags)?
    } else {
        0
    };
    Some(BuildReport {
        pages,
        files,
        elapsed: started.elapsed(),
    })
}
