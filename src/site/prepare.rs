//! The stages before render, in order: load → parse → link, then the templates and
//! the downloads. What they make is everything a page is rendered from.

use rayon::prelude::*;
use tera::Tera;

use super::progress::say;
use super::{BuildOptions, StageClock};
use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::parse::glossary::{GlossaryIndex, GLOSSARY_PAGE};
use crate::render::RenderOptions;
use crate::{acknowledge, link, lint, load, parse, render, review};

/// What the stages before render made: everything a page is rendered from.
pub(crate) struct Prepared {
    pub(crate) site: LoadedSite,
    pub(crate) docs: Vec<Document>,
    pub(crate) linked: LinkedSite,
    pub(crate) tera: Tera,
    pub(crate) glossary: Option<GlossaryIndex>,
    pub(crate) render_options: RenderOptions,
    /// The PDF and EPUB downloads, when this build made them.
    pub(crate) download_files: Vec<Output>,
}

impl Prepared {
    /// load → parse → link, the templates, and the downloads. `None` on errors.
    /// `keep_trees`: keep every page's document tree (see `parse_pages`).
    pub(super) fn new(
        options: &BuildOptions,
        known_downloads: Vec<render::downloads::Download>,
        keep_trees: bool,
        diags: &mut Diagnostics,
    ) -> Option<Prepared> {
        let mut clock = StageClock::start();
        say(|| "reading the pages".into());
        let site = load::load(
            &options.root,
            &load::LoadOptions {
                drafts: options.drafts,
            },
            diags,
        )?;
        clock.lap("load");
        // `PUBGEN_KEEP_TREES` keeps them on any site (a test compares the two ways).
        let keep_trees = keep_trees || crate::switches::get().keep_trees;
        let needed = trees_needed(&site, keep_trees, options);
        say(|| format!("reading the markdown of {} pages", site.pages.len()));
        let (mut docs, glossary) = parse_pages(&site, &needed, diags);
        clock.lap("parse");
        if options.lint {
            lint::settle(&site.config, &site.pages, &mut docs, (None, false), diags);
        }
        say(|| "linking the pages".into());
        // Every stage reports its problems, so an editor sees them all at once.
        let linked = link::link(&site, &docs, diags);
        clock.lap("link");
        say(|| "checking the text".into());
        review::check(&site, &docs, &linked.pairs, glossary.as_ref(), diags);
        clock.lap("review");
        let findings = text_problems(&site, &mut docs, options, diags, None);
        clock.lap("known issues");
        if diags.has_errors() {
            return None;
        }
        let tera = render::templates(&site.theme, diags)?;
        let (download_files, downloads, missing_downloads) = if options.downloads {
            say(|| "making the PDF and EPUB downloads".into());
            let made = render::downloads::make(&site, &docs, &linked, &tera, &findings, diags);
            clock.lap("downloads");
            (made.outputs, made.downloads, made.missing)
        } else {
            (Vec::new(), known_downloads, Vec::new())
        };
        let render_options = RenderOptions {
            search: options.search,
            preview: options.preview,
            downloads,
            missing_downloads,
            findings,
        };
        // A page without its tree is read again when it is rendered: its text, the
        // largest part of a large site's memory, can go.
        // (On the worker threads: memory is best given back by the threads that use it.)
        let mut site = site;
        site.pages
            .par_iter_mut()
            .zip(needed.par_iter())
            .filter(|(_, &n)| !n)
            .for_each(|(page, _)| page.source.release());
        Some(Prepared {
            site,
            docs,
            linked,
            tera,
            glossary,
            render_options,
            download_files,
        })
    }
}

/// The problems found in the published text, for the accessibility statement: the
/// warnings with a rule, acknowledged ones with their reasons. `build` runs the Easy
/// Read lint for this without printing it (`check` prints it). `parsed`: after an
/// update, the pages parsed again, the only ones linted, and unused acknowledgements
/// are not reported (see [`acknowledge::settle`]).
pub(super) fn text_problems(
    site: &LoadedSite,
    docs: &mut [Document],
    options: &BuildOptions,
    diags: &mut Diagnostics,
    parsed: Option<&[PageId]>,
) -> Vec<Finding> {
    let mut unprinted = Diagnostics::default();
    if !options.lint {
        lint::settle(
            &site.config,
            &site.pages,
            docs,
            (parsed, true),
            &mut unprinted,
        );
    }
    acknowledge::settle(site, diags, &mut unprinted, parsed);
    let pages: std::collections::HashMap<&str, PageId> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.display.as_str(), PageId(i)))
        .collect();
    let mut findings: Vec<Finding> = diags
        .items
        .iter()
        .chain(&unprinted.items)
        .filter_map(|d| {
            let (rule, subject) = d.rule.clone()?;
            let page = d
                .location
                .as_ref()
                .and_then(|l| pages.get(l.file.as_str()).copied());
            Some(Finding {
                rule,
                subject,
                page,
                reason: d.acknowledged.clone(),
            })
        })
        .collect();
    findings.sort_by_key(|f| (f.rule, f.page));
    findings
}

/// Which pages' trees the stages after parsing need whole: every page's for the
/// whole-report page (a site of up to `MAX_PRINT_PARTS` pages), and an edition's for
/// its downloads (up to `MAX_DOWNLOAD_PARTS` parts); all of them with `keep_all`.
/// The glossary keeps its own: it is parsed on its own, before the others.
fn trees_needed(site: &LoadedSite, keep_all: bool, options: &BuildOptions) -> Vec<bool> {
    let pages = &site.pages;
    if keep_all || pages.len() <= render::MAX_PRINT_PARTS {
        return vec![true; pages.len()];
    }
    let easy_read = |p: &LoadedPage| p.front.kind == PageKind::EasyRead;
    let easy_count = pages.iter().filter(|p| easy_read(p)).count();
    let fits = |n: usize| options.downloads && n <= render::downloads::MAX_DOWNLOAD_PARTS;
    let (easy_fits, full_fits) = (fits(easy_count), fits(pages.len() - easy_count));
    pages
        .iter()
        .map(|p| {
            if p.source.rel == GLOSSARY_PAGE {
                true
            } else if easy_read(p) {
                easy_fits
            } else {
                full_fits
            }
        })
        .collect()
}

/// Parses every page, the glossary first (the others link its terms). A page whose
/// tree is not `needed` has it dropped as soon as it is parsed, keeping only what
/// other pages and the link stage need: a large site's trees would take most of a
/// build's memory, and the render stage parses each page again
/// ([`Renderer::reparsing`]).
pub(super) fn parse_pages(
    site: &LoadedSite,
    needed: &[bool],
    diags: &mut Diagnostics,
) -> (Vec<Document>, Option<GlossaryIndex>) {
    let glossary_page = site
        .pages
        .iter()
        .position(|p| p.source.rel == GLOSSARY_PAGE);
    let mut glossary = glossary_page.map(|i| parse::parse_page(&site.pages[i], None));
    let index = glossary
        .as_ref()
        .map(|(doc, _)| GlossaryIndex::new(&doc.glossary));
    // An Easy Read glossary is linted against its own terms, known only now.
    if let (Some(i), Some(index), Some((doc, _))) = (glossary_page, &index, &mut glossary) {
        if site.pages[i].front.kind == PageKind::EasyRead {
            doc.easy_read = parse::parse_page(&site.pages[i], Some(index)).0.easy_read;
        }
    }
    let parsed: Vec<Option<(Document, Vec<_>)>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            (Some(i) != glossary_page).then(|| {
                let (mut doc, problems) = parse::parse_page(page, index.as_ref());
                if !needed[i] {
                    doc.nodes = Vec::new();
                    doc.footnotes = Vec::new();
                    doc.released = true;
                }
                (doc, problems)
            })
        })
        .collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for result in parsed {
        let (doc, problems) = result
            .or_else(|| glossary.take())
            .expect("the glossary page was parsed first");
        diags.extend(problems);
        docs.push(doc);
    }
    (docs, index)
}
