//! Evidence (recommendation → quote, finding or section) and Easy Read pairing (Easy
//! Read page or section → the full text it explains), resolved and checked.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::*;
use crate::urls::resolve_path;

use super::index::SiteIndex;

pub(super) fn resolve_evidence(
    docs: &[Document],
    index: &SiteIndex,
    diags: &mut Diagnostics,
) -> Vec<EvidenceLink> {
    let mut links = Vec::new();
    for (page, doc) in docs.iter().enumerate() {
        let page = PageId(page);
        for rec in &doc.recommendations {
            for entry in &rec.evidence {
                match index.resolve_target(page, &entry.value) {
                    Ok(Place {
                        page: to,
                        id: Some(id),
                    }) if to == page && id == rec.id => diags.push(
                        Diagnostic::error(format!("the recommendation `{id}` lists itself as its evidence"))
                            .at(entry.location.clone())
                            .help(format!("evidence is a quote, finding or section that supports the recommendation: remove `{id}` from its `evidence`")),
                    ),
                    Ok(Place {
                        page: to,
                        id: Some(id),
                    }) => links.push(EvidenceLink {
                        rec_page: page,
                        rec_id: rec.id.clone(),
                        page: to,
                        id,
                    }),
                    Ok(Place { id: None, .. }) => diags.push(
                        Diagnostic::error(format!(
                            "evidence `{}` names a page, not a place on it",
                            entry.value
                        ))
                        .at(entry.location.clone())
                        .help("add the id of the quote or section: `page.md#section-id`"),
                    ),
                    Err(_) if index.unsure_of_missing() => {}
                    Err(_) if index.draft_of(&entry.value).is_some() => diags.push(
                        Diagnostic::error(format!(
                            "evidence `{}` is on a draft page (content/{}), which this build leaves out",
                            entry.value,
                            index.draft_of(&entry.value).unwrap_or_default()
                        ))
                        .at(entry.location.clone())
                        .help("drafts are built only with --drafts: publish that page (remove `draft: true`), or remove this evidence until it is"),
                    ),
                    Err(_) => {
                        let mut d =
                            Diagnostic::error(format!("evidence `{}` does not exist", entry.value))
                                .at(entry.location.clone());
                        let candidates = index.candidates_for(page, &entry.value);
                        let wanted = entry.value.rsplit('#').next().unwrap_or(&entry.value);
                        d = match index.nearest_id_help(wanted, &candidates) {
                            Some(help) => d.help(help),
                            None => d.help("evidence is a global id (`q-…`) or `page.md#id`, paths relative to this page"),
                        };
                        diags.push(d);
                    }
                }
            }
        }
    }
    links
}

pub(super) fn resolve_pairs(
    site: &LoadedSite,
    docs: &[Document],
    index: &SiteIndex,
    diags: &mut Diagnostics,
) -> Vec<Pairing> {
    let mut pairs = Vec::new();
    for (page, loaded) in site.pages.iter().enumerate() {
        let page = PageId(page);
        if let Some(full) = &loaded.front.full {
            let target = resolve_path(&loaded.source.rel, full)
                .and_then(|t| index.page_by_rel.get(t.as_str()).copied());
            match target {
                Some(to) if to == page => diags.push(
                    Diagnostic::error("this Easy Read page names itself as its full text")
                        .at(front_matter_line(loaded, "full"))
                        .help("`full:` is the path of the full-text page this page explains, for example `full: ../recommendations.md`"),
                ),
                Some(to) => pairs.push(Pairing {
                    easy: Place { page, id: None },
                    full: Place { page: to, id: None },
                }),
                None => diags.push(
                    Diagnostic::error(format!("`full: {full}` names a page that does not exist"))
                        .at(front_matter_line(loaded, "full"))
                        .help("give the path of the full-text page relative to this file, for example `full: ../recommendations.md`"),
                ),
            }
            if loaded.front.kind != PageKind::EasyRead {
                diags.push(
                    Diagnostic::error("`full:` is only for pages of kind `easy-read`")
                        .at(front_matter_line(loaded, "full"))
                        .help("add `kind: easy-read`, or remove `full:`"),
                );
            }
        }
        for heading in &docs[page].headings {
            let Some(full) = &heading.full else { continue };
            match index.resolve_target(page, &full.value) {
                Ok(place) if place.page == page && place.id.as_deref() == Some(heading.id.as_str()) => diags.push(
                    Diagnostic::error("this Easy Read heading is paired with itself")
                        .at(full.location.clone())
                        .help("`full=\"…\"` names the section of the full text that this heading explains, on another page"),
                ),
                Ok(place) => pairs.push(Pairing {
                    easy: Place {
                        page,
                        id: Some(heading.id.clone()),
                    },
                    full: place,
                }),
                Err(_) if index.unsure_of_missing() => {}
                Err(problem) => {
                    let candidates = index.candidates_for(page, &full.value);
                    let wanted = full.value.rsplit('#').next().unwrap_or(&full.value);
                    let mut d =
                        Diagnostic::error(format!("full text {problem}")).at(full.location.clone());
                    if let Some(help) = index.nearest_id_help(wanted, &candidates) {
                        d = d.help(help);
                    }
                    diags.push(d);
                }
            }
        }
    }
    pairs
}

fn front_matter_line(page: &LoadedPage, key: &str) -> Location {
    crate::load::key_line(&page.source, key)
}
