//! Runs the stages in order: load → parse → link → render → write.
//!
//! A [`Build`] keeps what the stages made, so that `serve` can redo only the work a
//! change touches: an edit to one page's text re-parses and re-renders that page (and
//! the whole-report page that repeats it); an edit that changes what other pages show
//! of it (its title, ids, quotes, recommendations, headings) re-links and re-renders
//! every page from the parsed documents it already has; anything else (a new or
//! deleted file, `site.yaml`, the theme, the glossary) rebuilds from scratch.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::*;
use crate::parse::glossary::GLOSSARY_PAGE;
use crate::render::Renderer;
use crate::{link, lint, load, parse, render, review, write};

mod prepare;
mod progress;
mod publish;

use prepare::Prepared;

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
    /// Make the PDF and EPUB downloads.
    pub downloads: bool,
    /// Run the Easy Read style lint (`pubgen check`).
    pub lint: bool,
    /// For `pubgen serve`'s preview: every page loads the script that shows the
    /// build's problems and reloads the page (`site.preview_script`).
    pub preview: bool,
    /// Show what a long build is doing on the terminal (`build`, `check` and
    /// `serve`'s builds from scratch, unless `--quiet`).
    pub progress: bool,
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
    /// The downloads made (PDFs and EPUBs).
    pub downloads: usize,
    /// The file names of the downloads that could not be made.
    pub missing_downloads: Vec<String>,
    /// The warnings the editors acknowledged, by rule (not printed unless asked).
    pub acknowledged: Vec<(crate::diagnostics::Rule, usize)>,
}

/// Builds the site (`pubgen build` and `pubgen check`). Diagnostics (warnings, and
/// errors when it fails) are returned either way; the report only on success.
pub fn build(options: &BuildOptions) -> (Option<BuildReport>, Diagnostics) {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let shown = progress::start(options.progress);
    let report = build_and_write(options, &mut diags, started);
    drop(shown); // wiped before the diagnostics are printed
    if options.deny_warnings {
        diags.deny_warnings();
    }
    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    let report = report.map(|r| BuildReport {
        acknowledged: diags.acknowledged_by_rule(),
        ..r
    });
    (report, diags)
}

fn build_and_write(
    options: &BuildOptions,
    diags: &mut Diagnostics,
    started: Instant,
) -> Option<BuildReport> {
    let out_dir = options.out_dir();
    // Before any work: a folder pubgen may not replace is refused at once.
    if options.write {
        if let Err(d) = write::check_out_dir(&options.root, &out_dir) {
            diags.push(d);
            return None;
        }
        // A killed build may have left the last good site aside: put it back first,
        // so that it is there even if this build fails.
        write::swap::remove_stale_staging(&write::out_dir::lexical_absolute(&out_dir));
    }
    let mut prepared = Prepared::new(options, Vec::new(), false, diags)?;
    let files = if !options.write {
        // `check`: every page rendered as `build` would, into nowhere.
        publish::render_into(&mut prepared, &mut publish::Nowhere, None, diags).ok()?;
        if diags.has_errors() {
            return None;
        }
        0
    } else {
        if options.deny_warnings && diags.warning_count() > 0 {
            return None;
        }
        publish::publish(&mut prepared, &out_dir, options, diags)?
    };
    Some(BuildReport {
        pages: prepared.linked.entries.len(),
        files,
        elapsed: started.elapsed(),
        downloads: prepared.render_options.downloads.len(),
        missing_downloads: prepared.render_options.missing_downloads.clone(),
        acknowledged: Vec::new(),
    })
}

/// Every output of the site (and the downloads `prepared` made), kept in memory
/// (`serve`).
fn render_in_memory(prepared: &mut Prepared, diags: &mut Diagnostics) -> Vec<Output> {
    let mut memory = publish::Memory::default();
    // Memory cannot fail to take a file, and no index is built here.
    let _ = publish::render_into(prepared, &mut memory, None, diags);
    memory.0
}

/// load → parse → link, every tree kept, nothing rendered (`pubgen review`).
pub(crate) fn prepare_linked(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Prepared> {
    Prepared::new(options, Vec::new(), true, diags)
}

/// Everything one build made: what the stages before render made, and every output.
pub struct Build {
    pub(crate) prepared: Prepared,
    /// Every file of the site, in a stable order.
    pub outputs: Vec<Output>,
    signatures: Vec<Signature>,
    /// Set when an update failed half-way: the next update starts from scratch.
    stale: bool,
}

/// What a change did.
#[derive(Debug, PartialEq, Eq)]
pub enum Rebuilt {
    /// Only these outputs changed (one page's text was edited).
    Pages(Vec<String>),
    /// Every page was re-linked and re-rendered from the parsed documents; these
    /// pages' outputs were parsed again.
    Relinked(Vec<String>),
    /// The site was built from scratch.
    Full,
    /// An asset changed: nothing to render.
    Nothing,
}

impl Build {
    /// load → parse → link → render, without writing. `None` when there were errors.
    pub fn full(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Build> {
        Build::full_with(options, Vec::new(), diags)
    }

    /// A build from scratch whose pages, when it does not make the downloads itself
    /// (`serve` makes them in the background), link the ones already made.
    fn full_with(
        options: &BuildOptions,
        known_downloads: Vec<render::downloads::Download>,
        diags: &mut Diagnostics,
    ) -> Option<Build> {
        // `serve`'s first build of a large site, or one after a change to its shape.
        let _shown = progress::start(options.progress);
        let mut prepared = Prepared::new(options, known_downloads, true, diags)?;
        let outputs = render_in_memory(&mut prepared, diags);
        if diags.has_errors() {
            return None;
        }
        let signatures = prepared
            .site
            .pages
            .iter()
            .zip(&prepared.docs)
            .map(|(p, d)| Signature::of(p, d))
            .collect();
        Some(Build {
            prepared,
            outputs,
            signatures,
            stale: false,
        })
    }

    /// The loaded site.
    pub fn site(&self) -> &LoadedSite {
        &self.prepared.site
    }

    /// The pages' documents, in the order of the site's pages.
    pub fn docs(&self) -> &[Document] {
        &self.prepared.docs
    }

    pub(crate) fn has_search(&self) -> bool {
        self.prepared.render_options.search
    }

    /// The downloads of this build, ready to be made on another thread (`serve`).
    pub(crate) fn prepare_downloads(&self, diags: &mut Diagnostics) -> render::downloads::Jobs {
        render::downloads::prepare(
            &self.prepared.site,
            &self.prepared.docs,
            &self.prepared.linked,
            &self.prepared.tera,
            &self.prepared.render_options.findings,
            diags,
        )
    }

    /// What the pages say about the downloads.
    pub fn downloads(&self) -> &[render::downloads::Download] {
        &self.prepared.render_options.downloads
    }

    /// Sets what the pages say about the downloads; when that changed, renders every
    /// page again. Returns whether it did.
    pub(crate) fn set_downloads(
        &mut self,
        downloads: Vec<render::downloads::Download>,
        diags: &mut Diagnostics,
    ) -> bool {
        if self.prepared.render_options.downloads == downloads {
            return false;
        }
        self.prepared.render_options.downloads = downloads;
        self.render_all(diags);
        true
    }

    /// Renders every page again from the linked documents.
    fn render_all(&mut self, diags: &mut Diagnostics) {
        self.outputs = render_in_memory(&mut self.prepared, diags);
    }

    /// Brings the build up to date after files under the site root changed. On errors
    /// returns `None` and the outputs are those of the last good build.
    pub fn update(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
        diags: &mut Diagnostics,
    ) -> Option<Rebuilt> {
        let content = options.root.join("content");
        let mut pages = Vec::new();
        let mut full = self.stale;
        for path in changed {
            if path == &content {
                full = true; // `content/` itself removed, replaced or put back
                continue;
            }
            let rel = path
                .strip_prefix(&content)
                .ok()
                .map(crate::urls::slash_path);
            let page = rel.as_ref().and_then(|r| {
                self.prepared
                    .site
                    .pages
                    .iter()
                    .position(|p| &p.source.rel == r)
            });
            match (rel, page) {
                (Some(rel), Some(i)) if rel != GLOSSARY_PAGE && path.is_file() => {
                    pages.push(PageId(i))
                }
                (Some(rel), None) if self.is_asset(&rel) && path.is_file() => {}
                // An editor's temporary file that came and went (not a record, whose
                // removal changes what is checked).
                (Some(rel), None)
                    if !path.exists()
                        && !self.is_asset(&rel)
                        && !self.was_folder(&rel)
                        && ![REVIEW_RECORD, ACKNOWLEDGED_FILE].contains(&rel.as_str()) => {}
                _ => full = true,
            }
        }
        if full {
            *self = Build::full_with(options, self.downloads().to_vec(), diags)?;
            return Some(Rebuilt::Full);
        }
        if pages.is_empty() {
            return Some(Rebuilt::Nothing);
        }
        pages.sort_unstable();
        pages.dedup();
        self.stale = true;
        let result = self.update_pages(options, &pages, diags);
        if result.is_some() {
            self.stale = false;
        }
        result
    }

    /// The known issues after an update: those found page by page on pages not
    /// parsed again are kept; the parsed pages' and the review's are found again (and
    /// this update's warnings acknowledged). Returns whether they changed.
    fn refresh_findings(
        &mut self,
        parsed: &[PageId],
        options: &BuildOptions,
        diags: &mut Diagnostics,
    ) -> bool {
        let mut fresh = prepare::text_problems(
            &self.prepared.site,
            &mut self.prepared.docs,
            options,
            diags,
            Some(parsed),
        );
        fresh.sort_by_key(|f| (f.rule, f.page));
        // What this update found again: the findings of the pages parsed, and those of
        // the rules not found page by page. The rest are kept where they are: a large
        // site has a hundred thousand, too many to copy on every edit.
        let replaced = |f: &Finding| {
            !(f.rule.found_page_by_page() && f.page.is_some_and(|p| !parsed.contains(&p)))
        };
        let findings = &mut self.prepared.render_options.findings;
        if findings.iter().filter(|f| replaced(f)).eq(fresh.iter()) {
            return false;
        }
        findings.retain(|f| !replaced(f));
        findings.extend(fresh);
        findings.sort_by_key(|f| (f.rule, f.page));
        true
    }

    fn relinked(&self, parsed: &[PageId]) -> Rebuilt {
        let paths = parsed
            .iter()
            .map(|&p| crate::urls::url_to_file(&self.prepared.site.pages[p].url));
        Rebuilt::Relinked(paths.collect())
    }

    fn check_review(&self, diags: &mut Diagnostics) {
        let glossary = self.prepared.glossary.as_ref();
        review::check(
            &self.prepared.site,
            &self.prepared.docs,
            &self.prepared.linked.pairs,
            glossary,
            diags,
        );
    }

    fn is_asset(&self, rel: &str) -> bool {
        self.prepared.site.assets.iter().any(|a| a.rel == rel)
    }

    /// Whether a path was a folder holding pages or assets (deleting it matters).
    fn was_folder(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        self.prepared
            .site
            .pages
            .iter()
            .any(|p| p.source.rel.starts_with(&prefix))
            || self
                .prepared
                .site
                .assets
                .iter()
                .any(|a| a.rel.starts_with(&prefix))
    }

    fn update_pages(
        &mut self,
        options: &BuildOptions,
        pages: &[PageId],
        diags: &mut Diagnostics,
    ) -> Option<Rebuilt> {
        let mut clock = StageClock::start();
        let display_root = load::display_prefix(&options.root);
        let mut signature_changed = false;
        for &i in pages {
            let rel = self.prepared.site.pages[i].source.rel.clone();
            let page = load::load_page(&options.root.join("content"), &rel, &display_root, diags)?;
            if page.url != self.prepared.site.pages[i].url || (page.front.draft && !options.drafts)
            {
                *self = Build::full_with(options, self.downloads().to_vec(), diags)?;
                return Some(Rebuilt::Full);
            }
            let (doc, problems) = parse::parse_page(&page, self.prepared.glossary.as_ref());
            diags.extend(problems);
            if diags.has_errors() {
                return None;
            }
            let signature = Signature::of(&page, &doc);
            signature_changed |= signature != self.signatures[i];
            self.signatures[i] = signature;
            self.prepared.site.pages[i] = page;
            self.prepared.docs[i] = doc;
        }
        clock.lap("load+parse");
        if options.lint {
            lint::settle(
                &self.prepared.site.config,
                &self.prepared.site.pages,
                &mut self.prepared.docs,
                (Some(pages), false),
                diags,
            );
            clock.lap("lint");
        }
        if signature_changed {
            // Other pages show this page's title, ids or quotes: link and render all.
            self.prepared.linked = link::link(&self.prepared.site, &self.prepared.docs, diags);
            self.check_review(diags);
            self.refresh_findings(pages, options, diags);
            self.render_all(diags);
            return (!diags.has_errors()).then(|| self.relinked(pages));
        }
        for &i in pages {
            self.prepared.linked.targets[i.0] = link::page_targets(
                &self.prepared.site,
                &self.prepared.docs,
                &self.prepared.linked.global_ids,
                i,
                diags,
            );
        }
        clock.lap("link");
        // An edit to a full text may take it out of step with its Easy Read section.
        self.check_review(diags);
        clock.lap("review");
        let findings_changed = self.refresh_findings(pages, options, diags);
        clock.lap("known issues");
        if findings_changed {
            // The accessibility statement lists them: render all, as a full build would.
            self.render_all(diags);
            return (!diags.has_errors()).then(|| self.relinked(pages));
        }
        if diags.has_errors() {
            return None;
        }
        let changed = self.render_pages(pages, diags)?;
        clock.lap("render");
        Some(Rebuilt::Pages(changed))
    }

    /// Renders these pages again (and the whole-report page, which repeats them) and
    /// puts them in place of their old outputs; returns their paths.
    fn render_pages(&mut self, pages: &[PageId], diags: &mut Diagnostics) -> Option<Vec<String>> {
        let renderer = Renderer::new(
            &self.prepared.render_options,
            &self.prepared.site,
            &self.prepared.docs,
            &self.prepared.linked,
            &self.prepared.tera,
        );
        let mut fresh: Vec<Output> = Vec::new();
        for &i in pages {
            // Loaded pages come first among the entries, in the same order.
            match renderer.entry(i.entry()) {
                Ok(o) => fresh.push(o),
                Err(d) => diags.push(d),
            }
        }
        match renderer.print_page() {
            Some(Ok(o)) => fresh.push(o),
            Some(Err(d)) => diags.push(d),
            None => {}
        }
        if diags.has_errors() {
            return None;
        }
        let changed: Vec<String> = fresh.iter().map(|o| o.path.clone()).collect();
        let mut by_path: HashMap<String, Output> =
            fresh.into_iter().map(|o| (o.path.clone(), o)).collect();
        for output in &mut self.outputs {
            if let Some(new) = by_path.remove(&output.path) {
                *output = new;
            }
        }
        Some(changed)
    }
}

/// With `PUBGEN_TIMINGS=1` in the environment, prints how long each stage took (for
/// profiling and BENCHMARKS.md).
struct StageClock {
    last: Option<Instant>,
}

impl StageClock {
    fn start() -> StageClock {
        StageClock {
            last: crate::switches::get().timings.then(Instant::now),
        }
    }

    fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            eprintln!(
                "timing: {stage:<13} {:>7.1} ms  (memory now {}, peak {})",
                last.elapsed().as_secs_f64() * 1000.0,
                memory_status("VmRSS:"),
                memory_status("VmHWM:")
            );
            self.last = Some(Instant::now());
        }
    }
}

/// A line of `/proc/self/status` (`VmRSS:`, `VmHWM:`), for the timings.
fn memory_status(key: &str) -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

/// What other pages show of a page: its front matter and the parts of its document
/// that other pages link to or repeat, in the document's own types but without where
/// they stand in the file (a line added above them moves nothing other pages show).
/// If an edit leaves it the same, only the page itself (and the whole-report page) is
/// rendered again.
#[derive(Debug, PartialEq)]
struct Signature {
    front: FrontMatter,
    ids: Vec<IdDecl>,
    quotes: Vec<Quote>,
    recommendations: Vec<Recommendation>,
    headings: Vec<Heading>,
    glossary: Vec<GlossaryTerm>,
}

impl Signature {
    fn of(page: &LoadedPage, doc: &Document) -> Signature {
        let nowhere = || Location::file("");
        let unplaced = |v: &AttrValue| AttrValue {
            location: nowhere(),
            ..v.clone()
        };
        Signature {
            front: page.front.clone(),
            ids: doc
                .ids
                .iter()
                .map(|d| IdDecl {
                    at: Span::default(),
                    ..d.clone()
                })
                .collect(),
            quotes: doc.quotes.clone(),
            recommendations: doc
                .recommendations
                .iter()
                .map(|r| Recommendation {
                    // Its text is shown on its own page only.
                    text: String::new(),
                    evidence: r.evidence.iter().map(unplaced).collect(),
                    at: Span::default(),
                    ..r.clone()
                })
                .collect(),
            headings: doc
                .headings
                .iter()
                .map(|h| Heading {
                    full: h.full.as_ref().map(unplaced),
                    ..h.clone()
                })
                .collect(),
            glossary: doc.glossary.clone(),
        }
    }
}
