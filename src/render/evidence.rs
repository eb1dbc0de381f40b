//! Evidence, both ways: the list after each recommendation, the "supports" backlinks
//! on each piece of evidence, the Easy Read ↔ full-text links on headings, and the
//! `/evidence/` overview. Link texts name their target (WCAG 2.4.4).

use std::collections::HashMap;

use super::page_href;
use crate::doc::escape_html;
use crate::doc::{Attachment, Reference};
use crate::model::*;
use crate::urls::EVIDENCE_URL;

/// `/evidence/`: every recommendation, by section, with its evidence grouped by the
/// document it comes from.
pub(super) fn evidence_overview(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
) -> String {
    let mut html = overview_summary(site, docs, linked);
    // Sections of two recommendations pages may share an id: one id each here.
    let mut ids = crate::parse::ids::IdAuthority::new();
    for (p, doc) in docs.iter().enumerate() {
        let p = PageId(p);
        if doc.recommendations.is_empty() {
            continue;
        }
        let mut section: Option<&str> = None;
        let mut open_list = false;
        for rec in &doc.recommendations {
            let this_section = rec.section.as_ref().map(|(id, _)| id.as_str());
            if this_section != section || !open_list {
                if open_list {
                    html.push_str("</ul>\n");
                }
                let heading = rec
                    .section
                    .as_ref()
                    .map_or("Recommendations", |(_, t)| t.as_str());
                let id = ids.generated(&format!(
                    "ev-{}",
                    rec.section
                        .as_ref()
                        .map_or("recommendations", |(id, _)| id.as_str())
                ));
                html.push_str(&format!(
                    "<h2 id=\"{}\">{}</h2>\n<ul class=\"evidence-overview\">\n",
                    escape_html(&id),
                    escape_html(heading)
                ));
                section = this_section;
                open_list = true;
            }
            html.push_str(&overview_item(site, docs, linked, p, rec));
        }
        if open_list {
            html.push_str("</ul>\n");
        }
    }
    html
}

/// How many recommendations have evidence, and how many links there are in all.
fn overview_summary(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> String {
    let total: usize = docs.iter().map(|d| d.recommendations.len()).sum();
    let with_evidence: usize = docs
        .iter()
        .enumerate()
        .map(|(p, d)| {
            d.recommendations
                .iter()
                .filter(|r| {
                    linked
                        .evidence
                        .iter()
                        .any(|e| e.rec_page == PageId(p) && e.rec_id == r.id)
                })
                .count()
        })
        .sum();
    // Who chose the links is the site's to say (`evidence_note` in site.yaml).
    let note = site
        .config
        .evidence_note
        .as_deref()
        .map(|n| format!("{} ", escape_html(n)))
        .unwrap_or_default();
    format!(
        "<p class=\"evidence-summary\">{note}{with_evidence} of the {total} recommendations are linked to what supports them: {} links to quotes, findings and sections.</p>\n",
        linked.evidence.len()
    )
}

/// One recommendation of the overview, with its evidence grouped by the document it
/// comes from.
fn overview_item(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    p: PageId,
    rec: &Recommendation,
) -> String {
    let url = EVIDENCE_URL;
    let rec_href = format!("{}#{}", page_href(site, url, &site.pages[p].url), rec.id);
    let mut html = format!(
        "<li><h3><a href=\"{}\">{}</a></h3>",
        escape_html(&rec_href),
        escape_html(&recommendation_label(docs, linked, p, &rec.id))
    );
    let evidence: Vec<&EvidenceLink> = linked
        .evidence
        .iter()
        .filter(|e| e.rec_page == p && e.rec_id == rec.id)
        .collect();
    if evidence.is_empty() {
        html.push_str("<p>The editors have linked no evidence to this recommendation.</p></li>\n");
        return html;
    }
    let mut sources: Vec<PageId> = evidence.iter().map(|e| e.page).collect();
    sources.sort_unstable();
    sources.dedup();
    for source in sources {
        html.push_str(&format!(
            "<p class=\"evidence-source\">From {}</p><ul>",
            escape_html(&document_name(site, source))
        ));
        for ev in evidence.iter().filter(|e| e.page == source) {
            let href = format!(
                "{}#{}",
                page_href(site, url, &site.pages[ev.page].url),
                ev.id
            );
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape_html(&href),
                escape_html(&describe_within(docs, ev.page, &ev.id))
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("</li>\n");
    html
}

/// What is attached to elements because of other pages: evidence after
/// recommendations, "supports" backlinks on evidence, Easy Read ↔ full text links on
/// headings; by page and id, in the order it is shown.
pub(super) struct Extras {
    pub(super) by_place: HashMap<(PageId, String), Vec<Attachment>>,
}

impl Extras {
    pub(super) fn build(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> Extras {
        let mut extras = Extras {
            by_place: HashMap::new(),
        };
        extras.evidence_lists(docs, site, linked);
        extras.backlinks(docs, linked);
        extras.pairing(docs, linked);
        extras
    }

    fn add(&mut self, page: PageId, id: &str, attachment: Attachment) {
        self.by_place
            .entry((page, id.to_string()))
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
    fn backlinks(&mut self, docs: &[Document], linked: &LinkedSite) {
        for ((page, id), list) in group(&linked.evidence, |ev| (ev.page, ev.id.as_str())) {
            let inline = docs[page]
                .quotes
                .iter()
                .any(|q| q.id.as_deref() == Some(id));
            let recommendations = list
                .iter()
                .map(|ev| Reference {
                    place: place(ev.rec_page, &ev.rec_id),
                    text: recommendation_label(docs, linked, ev.rec_page, &ev.rec_id),
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

/// A place as words: `“Our research process”, Summary`, or the page's title.
fn describe_place(docs: &[Document], linked: &LinkedSite, place: &Place) -> String {
    let title = &linked.entries[place.page.entry()].title;
    let heading = place
        .id
        .as_deref()
        .and_then(|id| docs[place.page].headings.iter().find(|h| h.id == id));
    match heading {
        Some(h) if h.text != *title => format!("“{}”, {title}", h.text),
        _ => title.clone(),
    }
}

fn place(page: PageId, id: &str) -> Place {
    Place {
        page,
        id: Some(id.to_string()),
    }
}

/// The href on page `from` of a place: `#id` on the same page, else the page's
/// relative href and the id.
pub(super) fn place_href(site: &LoadedSite, from: PageId, place: &Place) -> String {
    let page = || page_href(site, &site.pages[from].url, &site.pages[place.page].url);
    match &place.id {
        Some(id) if place.page == from => format!("#{id}"),
        Some(id) => format!("{}#{id}", page()),
        None => page(),
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
pub(super) fn recommendation_label(
    docs: &[Document],
    linked: &LinkedSite,
    page: PageId,
    id: &str,
) -> String {
    linked
        .recommendation_label(docs, page, id)
        .unwrap_or_else(|| format!("Recommendation {id}"))
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

/// The same without the document's name, under a heading that gives it.
fn describe_within(docs: &[Document], page: PageId, id: &str) -> String {
    if let Some(q) = docs[page]
        .quotes
        .iter()
        .find(|q| q.id.as_deref() == Some(id))
    {
        return format!("{}: “{}”", plain_attribution(&q.attribution), q.opening);
    }
    match docs[page].ids.iter().find(|d| d.id == id) {
        Some(decl) if decl.target == IdTarget::Heading => format!("“{}” (section)", decl.text),
        Some(decl) => format!("“{}”", decl.text),
        None => id.to_string(),
    }
}

/// `Component 4: Third Sector Collaborative Relationships`, or the title alone.
fn document_name(site: &LoadedSite, page: PageId) -> String {
    let front = &site.pages[page].front;
    let title = front.title.clone().unwrap_or_default();
    match &front.label {
        Some(label) => format!("{label}: {title}"),
        None => title,
    }
}

/// `(HOLMES, 1997 P.231)` → `HOLMES, 1997 P.231`.
pub(super) fn plain_attribution(attribution: &str) -> &str {
    attribution
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .unwrap_or(attribution)
}
