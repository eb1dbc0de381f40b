//! Stage 3, link: one site-wide index of ids and pages; every link, image, evidence
//! entry and Easy Read pairing resolved and checked; the navigation tree, reading
//! order and backlinks settled. Problems are collected, never raised one at a time.

mod attachments;
mod index;
mod pairing;
mod tree;

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;

pub(crate) use attachments::{document_name, plain_attribution, recommendation_label};
use index::SiteIndex;
use pairing::{resolve_evidence, resolve_pairs};
use tree::{attach_tree, build_entries, reading_order};

/// Links everything. `docs[i]` is the parsed document of `site.pages[i]`.
pub(crate) fn link(site: &LoadedSite, docs: &[Document], diags: &mut Diagnostics) -> LinkedSite {
    let entries = build_entries(site);
    let by_url: HashMap<String, EntryId> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.url.clone(), EntryId(i)))
        .collect();
    let entries = attach_tree(entries, &by_url);
    let reading_order = reading_order(&entries);
    let global_ids = index_global_ids(site, docs, diags);
    let index = SiteIndex::new(site, docs, &global_ids);

    let targets = PageId::all(docs.len())
        .map(|page| {
            docs[page]
                .links
                .iter()
                .map(|link| index.resolve_link(page, link, diags))
                .collect()
        })
        .collect();

    let evidence = resolve_evidence(docs, &index, diags);
    let pairs = resolve_pairs(site, docs, &index, diags);
    let recommendation_numbers = number_recommendations(docs, &entries, &reading_order);

    let page_versions = page_versions(&pairs);
    let mut linked = LinkedSite {
        entries,
        targets,
        reading_order,
        global_ids,
        evidence,
        pairs,
        page_versions,
        recommendation_numbers,
        attachments: Vec::new(),
        numbers: Numbers::default(),
    };
    // Before the attachments: an Easy Read page's way to a section of the full text
    // gives the section's number, to find it on paper.
    if site.config.numbered {
        linked.numbers = number_parts(docs, &linked);
    }
    linked.attachments = attachments::attachments(site, docs, &linked);
    linked
}

/// Each paired page's other versions, from the pairings of whole pages.
fn page_versions(pairs: &[Pairing]) -> HashMap<PageId, PageVersions> {
    let mut versions: HashMap<PageId, PageVersions> = HashMap::new();
    for pair in pairs.iter().filter(|p| p.easy.id.is_none()) {
        let easy = versions.entry(pair.easy.page).or_default();
        easy.full.get_or_insert(pair.full.page);
        versions
            .entry(pair.full.page)
            .or_default()
            .easy
            .push(pair.easy.page);
    }
    versions
}

/// Every recommendation's number: 1, 2, … through the whole publication in reading
/// order, so that each is named the same everywhere.
fn number_recommendations(
    docs: &[Document],
    entries: &[PageEntry],
    reading_order: &[EntryId],
) -> HashMap<(PageId, String), usize> {
    reading_order
        .iter()
        .filter_map(|&e| entries[e].source)
        .flat_map(|page| {
            docs[page]
                .recommendations
                .iter()
                .map(move |r| (page, r.id.clone()))
        })
        .enumerate()
        .map(|(n, key)| (key, n + 1))
        .collect()
}

/// The parts of the full text in reading order, numbered 1, 2, … as `/print/` and the
/// downloads list them: every page but the home page, the folder listings and the
/// Easy Read pages (a version of their own, which is not numbered).
fn number_parts(docs: &[Document], linked: &LinkedSite) -> Numbers {
    let home = linked.home();
    Numbers::count(linked.reading_order.iter().filter_map(|&e| {
        let entry = &linked.entries[e];
        let page = entry.source?;
        let numbered = Some(e) != home && entry.kind != PageKind::EasyRead;
        numbered.then(|| (e, page, docs[page].headings.as_slice()))
    }))
}

/// Where one page's links lead, after an edit that changed nothing other pages see.
pub(crate) fn page_targets(
    site: &LoadedSite,
    docs: &[Document],
    global_ids: &HashMap<String, IdHome>,
    page: PageId,
    diags: &mut Diagnostics,
) -> Vec<Target> {
    let index = SiteIndex::new(site, docs, global_ids);
    docs[page]
        .links
        .iter()
        .map(|link| index.resolve_link(page, link, diags))
        .collect()
}

// ---------------------------------------------------------------------------
// ids

/// Every explicit id in the site, each in one place only.
fn index_global_ids(
    site: &LoadedSite,
    docs: &[Document],
    diags: &mut Diagnostics,
) -> HashMap<String, IdHome> {
    let mut index: HashMap<String, IdHome> = HashMap::new();
    for (page, doc) in docs.iter().enumerate() {
        let page = PageId(page);
        for (decl, id) in doc.ids.iter().enumerate() {
            let decl = DeclId(decl);
            if id.origin != IdOrigin::Explicit {
                continue;
            }
            if let Some(first) = index.get(&id.id) {
                let at = |page: PageId, at: Span| site.pages[page].source.at(at);
                let first_loc = at(first.page, docs[first.page].ids[first.decl].at);
                diags.push(
                    Diagnostic::error(format!("the id `{}` is used twice", id.id))
                        .at(at(page, id.at))
                        .related(format!("`{}` is first used here", id.id), first_loc)
                        .help("ids in braces name one place in the whole site: rename one of them"),
                );
                continue;
            }
            index.insert(id.id.clone(), IdHome { page, decl });
        }
    }
    index
}

// ---------------------------------------------------------------------------
// paths and URLs

/// A path from one content file to another, for help messages.
fn relative_path(from_rel: &str, to_rel: &str) -> String {
    // The folders both are in are not climbed out of and back into.
    let from_dirs: Vec<&str> = from_rel.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to_rel.split('/').collect();
    let shared = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "{}{}",
        "../".repeat(from_dirs.len() - shared),
        to_parts[shared..].join("/")
    )
}
