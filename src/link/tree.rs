//! The tree of pages: an entry per loaded page and generated folder, each page's parent
//! (the nearest page whose URL is a folder above its own), and the reading order.

use std::collections::HashMap;

use crate::model::*;

pub(super) fn build_entries(site: &LoadedSite) -> Vec<PageEntry> {
    let mut entries: Vec<PageEntry> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| PageEntry {
            title: page.front.title.clone().unwrap_or_default(),
            label: page.front.label.clone(),
            kind: page.front.kind,
            description: page.front.description.clone(),
            date: page.front.date.clone(),
            updated: page.front.updated.clone(),
            url: page.url.clone(),
            order: page.front.order,
            source: Some(PageId(i)),
            parent: None,
            children: Vec::new(),
        })
        .collect();
    for folder in &site.folders {
        entries.push(PageEntry {
            title: folder.title.clone(),
            label: None,
            kind: if folder.url == "/" {
                PageKind::Home
            } else {
                PageKind::Page
            },
            description: None,
            date: None,
            updated: None,
            url: folder.url.clone(),
            order: None,
            source: None,
            parent: None,
            children: Vec::new(),
        });
    }
    entries
}

/// Each page's parent is the nearest page whose URL is a folder above its own.
pub(super) fn attach_tree(
    mut entries: Vec<PageEntry>,
    by_url: &HashMap<String, EntryId>,
) -> Vec<PageEntry> {
    let parents: Vec<Option<EntryId>> = entries
        .iter()
        .map(|e| {
            let mut url = e.url.as_str();
            while let Some(up) = parent_url(url) {
                if let Some(&p) = by_url.get(up) {
                    return Some(p);
                }
                url = up;
            }
            None
        })
        .collect();
    for (child, parent) in parents.iter().enumerate() {
        entries[child].parent = *parent;
        if let Some(p) = parent {
            entries[*p].children.push(EntryId(child));
        }
    }
    settle_folders(&mut entries);
    let keys: Vec<(i64, String)> = entries
        .iter()
        .map(|e| (e.order.unwrap_or(i64::MAX), e.title.to_lowercase()))
        .collect();
    for entry in &mut entries {
        entry.children.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    }
    for i in 0..entries.len() {
        if entries[i].source.is_none() && entries[i].description.is_none() {
            entries[i].description = folder_description(&entries, &entries[i].children);
        }
    }
    entries
}

/// A folder without an `index.md` takes its place in the reading order from its
/// pages: the smallest `order` among them (deepest folders first, so that a folder
/// of folders follows its own), the same in the menu, `/print/`, the PDF and the EPUB.
fn settle_folders(entries: &mut [PageEntry]) {
    let depth = |e: &PageEntry| e.url.matches('/').count();
    let mut folders: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            entries[i].source.is_none() && entries[i].url != "/" && entries[i].order.is_none()
        })
        .collect();
    folders.sort_by_key(|&i| std::cmp::Reverse(depth(&entries[i])));
    for i in folders {
        let order = entries[i]
            .children
            .iter()
            .filter_map(|c| entries[c.0].order)
            .min();
        entries[i].order = order;
    }
}

/// What a generated folder page's card says: the titles of its pages.
fn folder_description(entries: &[PageEntry], children: &[EntryId]) -> Option<String> {
    const NAMED: usize = 4;
    let titles: Vec<&str> = children
        .iter()
        .map(|c| entries[c.0].title.as_str())
        .collect();
    match titles.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        _ if titles.len() > NAMED => Some(format!(
            "{}, and {} more",
            titles[..NAMED].join(", "),
            titles.len() - NAMED
        )),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// `/a/b/` → `/a/`; `/a/` → `/`; `/` → none.
fn parent_url(url: &str) -> Option<&str> {
    if url == "/" {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    trimmed.rfind('/').map(|i| &url[..=i])
}

/// Home first, then each part followed by its own pages.
pub(super) fn reading_order(entries: &[PageEntry]) -> Vec<EntryId> {
    let mut order = Vec::with_capacity(entries.len());
    let mut stack: Vec<EntryId> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.parent.is_none())
        .map(|(i, _)| EntryId(i))
        .collect();
    stack.sort_by_key(|&i| (entries[i].url != "/", entries[i].url.clone()));
    stack.reverse();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(entries[i].children.iter().rev());
    }
    order
}
