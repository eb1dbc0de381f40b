//! The pages pubgen writes itself as typed documents (the evidence overview, the
//! accessibility statement): which a site gets, and how the web shows them. The
//! downloads show the same documents (`downloads/`).

use super::hrefs::href_from;
use super::statement::Facts;
use super::{overview, statement};
use crate::doc::{html, GeneratedDoc};
use crate::model::*;

/// The documents pubgen writes for this site, in the order a download holds them:
/// the evidence overview (when there are recommendations), then the statement.
pub(super) fn documents(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    facts: &Facts,
) -> Vec<GeneratedDoc> {
    let mut generated: Vec<GeneratedDoc> = overview::evidence_overview(site, docs, linked)
        .into_iter()
        .collect();
    generated.push(statement::statement(site, linked, facts));
    generated
}

/// A generated document's content on its web page.
pub(super) fn web_html(site: &LoadedSite, doc: &GeneratedDoc) -> String {
    let hrefs: Vec<String> = doc
        .links
        .iter()
        .map(|target| href_from(site, doc.url, None, target))
        .collect();
    let no_place = |_: &Place| String::new();
    let strings = &site.theme.strings;
    let links = crate::doc::Generated {
        links: &hrefs,
        place: &no_place,
    };
    let resolved = html::Resolved {
        page: &links,
        strings,
        options: html::Options::default(),
    };
    html::page(&doc.nodes, &[], &resolved)
}
