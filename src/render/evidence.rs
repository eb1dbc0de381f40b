//! Evidence, both ways: the list after each recommendation, the "supports" backlinks
//! on each piece of evidence, the Easy Read ↔ full-text links on headings, and the
//! `/evidence/` overview. Link texts name their target (WCAG 2.4.4).

use std::collections::HashMap;

use super::page_href;
use crate::urls::EVIDENCE_URL;
use crate::model::*;
use crate::parse::escape_html;


/// `/evidence/`: every recommendation, by section, with its evidence grouped by the
/// document it comes from.
pub(super) fn evidence_overview(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
) -> String {
    let mut html = overview_summary(docs, linked);
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
                    html.push_str("</ol>\n");
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
                    "<h2 id=\"{}\">{}</h2>\n<ol class=\"evidence-overview\">\n",
                    escape_html(&id),
                    escape_html(heading)
                ));
                section = this_section;
                open_list = true;
            }
            html.push_str(&overview_item(site, docs, linked, p, rec));
        }
        if open_list {
            html.push_str("</ol>\n");
        }
    }
    html
}

/// How many recommendations have evidence, and how many links there are in all.
fn overview_summary(docs: &[Document], linked: &LinkedSite) -> String {
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
    format!(
        "<p class=\"evidence-summary\"><strong>{with_evidence} of {total}</strong> recommendations have evidence declared, with <strong>{}</strong> links to quotes, findings and sections in all.</p>\n",
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
        "<li><h3><a href=\"{}\">Recommendation: {}</a></h3>",
        escape_html(&rec_href),
        escape_html(&rec.title)
    );
    let evidence: Vec<&EvidenceLink> = linked
        .evidence
        .iter()
        .filter(|e| e.rec_page == p && e.rec_id == rec.id)
        .collect();
    if evidence.is_empty() {
        html.push_str("<p>No evidence declared.</p></li>\n");
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
            let href = format!("{}#{}", page_href(site, url, &site.pages[ev.page].url), ev.id);
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

/// HTML attached to elements because of other pages: evidence after recommendations,
/// "supports" backlinks on evidence, Easy Read ↔ full text links on headings.
pub(super) struct Extras {
    pub(super) by_place: HashMap<(PageId, String), String>,
}

impl Extras {
    pub(super) fn build(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> Extras {
        let mut extras = Extras {
            by_place: HashMap::new(),
        };
        let links = Links { site, docs };
        extras.evidence_lists(&links, linked);
        extras.backlinks(&links, linked);
        extras.pairing(&links, linked);
        extras
    }

    fn add(&mut self, page: PageId, id: &str, html: &str) {
        self.by_place
            .entry((page, id.to_string()))
            .or_default()
            .push_str(html);
    }

    /// Evidence listed after each recommendation.
    fn evidence_lists(&mut self, links: &Links, linked: &LinkedSite) {
        for ((page, rec_id), list) in group(&linked.evidence, |ev| (ev.rec_page, ev.rec_id.as_str())) {
            let mut html = String::from(
                "<div class=\"evidence\"><p class=\"evidence__title\">Evidence</p><ul>",
            );
            for ev in list {
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    escape_html(&links.href(page, ev.page, &ev.id)),
                    escape_html(&describe_target(links.site, links.docs, ev.page, &ev.id))
                ));
            }
            html.push_str("</ul></div>");
            self.by_place.insert((page, rec_id.to_string()), html);
        }
    }

    /// "Supports" backlinks on each piece of evidence.
    fn backlinks(&mut self, links: &Links, linked: &LinkedSite) {
        for ((page, id), list) in group(&linked.evidence, |ev| (ev.page, ev.id.as_str())) {
            let in_quote = links.docs[page]
                .quotes
                .iter()
                .any(|q| q.id.as_deref() == Some(id));
            let (open, close) = if in_quote {
                ("<span class=\"supports\">", "</span>")
            } else {
                ("<p class=\"supports\">", "</p>")
            };
            let label = if list.len() == 1 {
                "Supports this recommendation"
            } else {
                "Supports these recommendations"
            };
            let items: Vec<String> = list
                .iter()
                .map(|ev| {
                    format!(
                        "<a href=\"{}\">Recommendation: {}</a>",
                        escape_html(&links.href(page, ev.rec_page, &ev.rec_id)),
                        escape_html(&recommendation_title(links.docs, ev.rec_page, &ev.rec_id))
                    )
                })
                .collect();
            self.add(page, id, &format!("{open}{label}: {}{close}", items.join("; ")));
        }
    }

    /// Easy Read ↔ full text, per section.
    fn pairing(&mut self, links: &Links, linked: &LinkedSite) {
        let site = links.site;
        for pair in &linked.pairs {
            let (easy_page, Some(easy_id)) = (pair.easy.page, &pair.easy.id) else {
                continue;
            };
            let (full_page, full_id) = (pair.full.page, pair.full.id.as_deref());
            let full_href = match full_id {
                Some(id) => links.href(easy_page, full_page, id),
                None => page_href(site, &site.pages[easy_page].url, &site.pages[full_page].url),
            };
            self.add(
                easy_page,
                easy_id,
                &format!(
                    "<p class=\"pairing\"><a href=\"{}\">Full version of this section</a></p>",
                    escape_html(&full_href)
                ),
            );
            if let Some(full_id) = full_id {
                self.add(
                    full_page,
                    full_id,
                    &format!(
                        "<p class=\"pairing\"><a href=\"{}\">Easy Read version of this section</a></p>",
                        escape_html(&links.href(full_page, easy_page, easy_id))
                    ),
                );
            }
        }
    }
}

/// Links between places of the site, as written in one page.
struct Links<'a> {
    site: &'a LoadedSite,
    docs: &'a [Document],
}

impl Links<'_> {
    /// The href from page `from` to the element `id` of page `to`.
    fn href(&self, from: PageId, to: PageId, id: &str) -> String {
        if from == to {
            return format!("#{id}");
        }
        let path = page_href(self.site, &self.site.pages[from].url, &self.site.pages[to].url);
        format!("{path}#{id}")
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

fn recommendation_title(docs: &[Document], page: PageId, id: &str) -> String {
    docs[page]
        .recommendations
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| id.to_string(), |r| r.title.clone())
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
fn plain_attribution(attribution: &str) -> &str {
    attribution
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .unwrap_or(attribution)
}
