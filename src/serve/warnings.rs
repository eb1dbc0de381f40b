//! The warnings `serve` shows in the browser, each on the pages it is about.

use std::collections::HashMap;

use super::Shared;
use crate::diagnostics::{Diagnostics, Rule};
use crate::site::{Build, Rebuilt};

/// A warning as a page shows it; `review`: the Easy Read review's, found again at
/// every update.
#[derive(Clone)]
pub(super) struct Shown {
    review: bool,
    pub(super) text: String,
}

/// Shows each warning on the pages it is about (its file, and the other files it
/// names). A full build replaces them all; an update replaces those of the pages it
/// parsed again, and the Easy Read review's (checked at every update).
pub(super) fn publish_warnings(
    diags: &Diagnostics,
    build: &Build,
    rebuilt: Option<&Rebuilt>,
    shared: &Shared,
) {
    let page_file: HashMap<&str, String> = build
        .prepared
        .site
        .pages
        .iter()
        .map(|p| (p.source.display.as_str(), crate::urls::url_to_file(&p.url)))
        .collect();
    let mut fresh: HashMap<String, Vec<Shown>> = HashMap::new();
    for d in diags.items.iter().filter(|d| d.is_open_warning()) {
        let files = d.location.iter().chain(d.related.iter().map(|(_, l)| l));
        let mut pages: Vec<&String> = files
            .filter_map(|l| page_file.get(l.file.as_str()))
            .collect();
        pages.dedup();
        let review = matches!(d.rule, Some((Rule::EasyReadOutOfStep, _)));
        for page in pages {
            fresh.entry(page.clone()).or_default().push(Shown {
                review,
                text: d.render(false),
            });
        }
    }
    let (lock, _) = &**shared;
    let mut served = lock.lock().unwrap_or_else(|e| e.into_inner());
    let paths = match rebuilt {
        Some(Rebuilt::Nothing) => return, // an asset: no page was checked again
        Some(Rebuilt::Pages(paths) | Rebuilt::Relinked(paths)) => paths,
        _ => {
            served.warnings = fresh;
            return;
        }
    };
    for (page, shown) in served.warnings.iter_mut() {
        if paths.contains(page) {
            shown.clear();
        } else {
            shown.retain(|s| !s.review);
        }
    }
    for (page, shown) in fresh {
        served.warnings.entry(page).or_default().extend(shown);
    }
}
