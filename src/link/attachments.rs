//! What other pages attach to a page's elements, settled once for every renderer:
//! evidence, both ways (the list after each recommendation, the "supports" backlinks
//! on each piece of evidence) and the Easy Read ↔ full-text links on headings. Link
//! texts name their target (WCAG 2.4.4).

use std::collections::HashMap;

use crate::model::node::{Attachment, Reference};
use crate::model::*;

/// What is attached to each element with an id (by page, then id), in the order it
/// is shown.
pub(super) fn attachments(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
) -> Vec<HashMap<String, Vec<Attachment>>> {
    Extras::build(site, docs, linked).by_place
}

/// What is attached to elements because of other pages: evidence after
/// recommendations, "supports" backlinks on evidence, Easy Read ↔ full text links on
/// headings; by page, then id, in the order it is shown.
struct Extras {
    by_place: Vec<HashMap<String, Vec<Attachment>>>,
}

impl Extras {
    fn build(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> Extras {
        let mut extras = Extras {
            by_place: vec![HashMap::new(); docs.len()],
        };
        extras.evidence_lists(docs, site, linked);
        extras.backlinks(site, docs, linked);
        extras.pairing(docs, linked);
        extras
    }

    fn add(&mut self, page: PageId, id: &str, attachment: Attachment) {
        self.by_place[page.0]
            .entry(id.to_string())
            .or_default()
            .push(attachment);
    }

    /// Evidence listed after each recommendation.
    fn evidence_lists(&mut self, docs: &[Document], site: &LoadedSite, linked: &LinkedSite) {
        for ((page, rec_id), list) in
            group(&linked.evidence, |ev| (ev.rec_page, ev.rec_id.as_str()))
        {
            let references = list
                .iter()
                .map(|ev| Reference {
                    place: place(ev.page, &ev.id),
                    text: describe_target(site, docs, ev.page, &ev.id),
                })
                .collect();
            self.add(page, rec_id, Attachment::Evidence(references));
        }
    }

    /// "Supports" backlinks on each piece of evidence.
    fn backlinks(&mut self, site: &LoadedSite, docs: &[Document], linked: &LinkedSite) {
        for ((page, id), list) in group(&linked.evidence, |ev| (ev.page, ev.id.as_str())) {
            let inline = docs[page]
                .quotes
                .iter()
                .any(|q| q.id.as_deref() == Some(id));
            let recommendations = list
                .iter()
                .map(|ev| Reference {
                    place: place(ev.rec_page, &ev.rec_id),
                    text: recommendation_label(site, docs, linked, ev.rec_page, &ev.rec_id),
                })
                .collect();
            self.add(
                page,
                id,
                Attachment::Supports {
                    inline,
                    recommendations,
                },
            );
        }
    }

    /// Easy Read ↔ full text, per section.
    fn pairing(&mut self, docs: &[Document], linked: &LinkedSite) {
        for pair in &linked.pairs {
            let Some(easy_id) = &pair.easy.id else {
                continue;
            };
            let full = Reference {
                place: pair.full.clone(),
                text: describe_place(docs, linked, &pair.full),
            };
            self.add(pair.easy.page, easy_id, Attachment::FullVersion(full));
            if let Some(full_id) = &pair.full.id {
                let easy = Reference {
                    place: pair.easy.clone(),
                    text: describe_place(docs, linked, &pair.easy),
                };
                self.add(pair.full.page, full_id, Attachment::EasyReadVersion(easy));
            }
        }
    }
}

/// A place as words: `“Our research process”, Summary`, or the page's title; in a
/// numbered site with the numbers its heading shows (`1.1 “Our research process”,
/// Summary`), so that a reader on paper finds it in the other version.
fn describe_place(docs: &[Document], linked: &LinkedSite, place: &Place) -> String {
    let entry = place.page.entry();
    let title = &linked.entries[entry].title;
    let heading = place
        .id
        .as_deref()
        .and_then(|id| docs[place.page].headings.iter().find(|h| h.id == id));
    match heading {
        Some(h) if h.text != *title => match linked.numbers.section(place.page, &h.id) {
            Some(number) => format!("{number} “{}”, {title}", h.text),
            None => format!("“{}”, {title}", h.text),
        },
        _ => crate::model::numbered(linked.numbers.part(entry), title),
    }
}

fn place(page: PageId, id: &str) -> Place {
    Place {
        page,
        id: Some(id.to_string()),
    }
}

/// Evidence links grouped by a key, groups in order of first appearance.
fn group<'a>(
    links: &'a [EvidenceLink],
    key: impl Fn(&'a EvidenceLink) -> (PageId, &'a str),
) -> Vec<((PageId, &'a str), Vec<&'a EvidenceLink>)> {
    let mut groups: Vec<((PageId, &str), Vec<&EvidenceLink>)> = Vec::new();
    let mut index: HashMap<(PageId, &str), usize> = HashMap::new();
    for link in links {
        let k = key(link);
        match index.get(&k) {
            Some(&i) => groups[i].1.push(link),
            None => {
                index.insert(k, groups.len());
                groups.push((k, vec![link]));
            }
        }
    }
    groups
}

/// `Recommendation 12: Good support for parents`.
pub(crate) fn recommendation_label(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    page: PageId,
    id: &str,
) -> String {
    linked
        .recommendation_label(&site.theme.strings, docs, page, id)
        .unwrap_or_else(|| site.theme.strings.fill("recommendation", &[("number", id)]))
}

/// Link text for a piece of evidence that makes sense on its own (WCAG 2.4.4):
/// `Practitioner, Component 4: Third Sector…: “Being flexible is key…”`, or
/// `“Know your roles” (section), Component 4: Third Sector…`.
fn describe_target(site: &LoadedSite, docs: &[Document], page: PageId, id: &str) -> String {
    let document = document_name(site, page);
    if let Some(q) = docs[page]
        .quotes
        .iter()
        .find(|q| q.id.as_deref() == Some(id))
    {
        return format!(
            "{}, {document}: “{}”",
            plain_attribution(&q.attribution),
            q.opening
        );
    }
    match docs[page].ids.iter().find(|d| d.id == id) {
        Some(decl) if decl.target == IdTarget::Heading => {
            format!("“{}” (section), {document}", decl.text)
        }
        Some(decl) => format!("{document}: “{}”", decl.text),
        None => document,
    }
}

/// `Component 4: Third Sector Collaborative Relationships`, or the title alone.
pub(crate) fn document_name(site: &LoadedSite, page: PageId) -> String {
    let front = &site.pages[page].front;
    crate::model::labelled_title(
        front.label.as_deref(),
        front.title.as_deref().unwrap_or_default(),
    )
}

/// `(HOLMES, 1997 P.231)` → `HOLMES, 1997 P.231`.
pub(crate) fn plain_attribution(attribution: &str) -> &str {
    attribution
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .unwrap_or(attribution)
}
