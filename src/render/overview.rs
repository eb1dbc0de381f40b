//! `/evidence/`: every recommendation, by section, with its evidence grouped by the
//! document it comes from, as a typed document (on the web and in the downloads).

use crate::doc::builder::{Builder, Span};
use crate::doc::GeneratedDoc;
use crate::link::{document_name, plain_attribution, recommendation_label};
use crate::model::*;
use crate::parse::ids::IdAuthority;
use crate::urls::EVIDENCE_URL;

/// The overview, when the site has recommendations.
pub(super) fn evidence_overview(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
) -> Option<GeneratedDoc> {
    if docs.iter().all(|d| d.recommendations.is_empty()) {
        return None;
    }
    let w = &site.theme.strings;
    let mut b = Builder::new();
    b.paragraph(&[Span::text(summary(site, docs, linked))]);
    // Sections of two recommendations pages may share an id: one id each here.
    let mut ids = IdAuthority::new();
    for (p, doc) in docs.iter().enumerate() {
        let mut section: Option<Option<&str>> = None;
        for rec in &doc.recommendations {
            let this_section = rec.section.as_ref().map(|(id, _)| id.as_str());
            if section != Some(this_section) {
                let (id, heading) = rec
                    .section
                    .as_ref()
                    .map_or(("recommendations", w.get("recommendations")), |(id, t)| {
                        (id.as_str(), t.as_str())
                    });
                b.heading(
                    2,
                    &ids.generated(&format!("ev-{id}")),
                    &[Span::text(heading)],
                );
                section = Some(this_section);
            }
            item(&mut b, &mut ids, site, docs, linked, PageId(p), rec);
        }
    }
    let (title, description) = (w.get("evidence-title"), w.get("evidence-description"));
    Some(b.finish(EVIDENCE_URL, title, description))
}

/// How many recommendations have evidence, and how many links there are in all.
fn summary(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> String {
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
        .map(|n| format!("{n} "))
        .unwrap_or_default();
    let summary = site.theme.strings.fill(
        "evidence-summary",
        &[
            ("with_evidence", &with_evidence.to_string()),
            ("total", &total.to_string()),
            ("links", &linked.evidence.len().to_string()),
        ],
    );
    format!("{note}{summary}")
}

/// One recommendation: its heading (a link to it), then its evidence grouped by the
/// document it comes from.
fn item(
    b: &mut Builder,
    ids: &mut IdAuthority,
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    p: PageId,
    rec: &Recommendation,
) {
    let w = &site.theme.strings;
    let label = recommendation_label(site, docs, linked, p, &rec.id);
    b.heading(
        3,
        &ids.generated(&format!("ev-{}", rec.id)),
        &[Span::link(place(p, &rec.id), label)],
    );
    let evidence: Vec<&EvidenceLink> = linked
        .evidence
        .iter()
        .filter(|e| e.rec_page == p && e.rec_id == rec.id)
        .collect();
    if evidence.is_empty() {
        b.paragraph(&[Span::text(w.get("evidence-none"))]);
        return;
    }
    let mut sources: Vec<PageId> = evidence.iter().map(|e| e.page).collect();
    sources.sort_unstable();
    sources.dedup();
    for source in sources {
        let document = document_name(site, source);
        b.paragraph(&[Span::text(
            w.fill("evidence-from", &[("document", &document)]),
        )]);
        b.list(evidence.iter().filter(|e| e.page == source).map(|ev| {
            vec![Span::link(
                place(ev.page, &ev.id),
                describe_within(docs, ev.page, &ev.id),
            )]
        }));
    }
}

fn place(page: PageId, id: &str) -> Target {
    Target::Place(Place {
        page,
        id: Some(id.to_string()),
    })
}

/// A piece of evidence as words, under a heading that names its document.
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
