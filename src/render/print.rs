//! `/print/`: every part of the publication in reading order on one page, for printing
//! or saving as PDF.
//!
//! Each part's document is rendered for this page ([`Placing::Print`]): its headings
//! one level down (the part's title is the `h2`), its ids with the part's prefix so
//! that they stay unique, links to other parts as links within the page, and other
//! links relative to `/print/`. (The editor's raw HTML is written as it is.)

use std::collections::HashMap;

use super::hrefs::href_from;
use crate::doc::html;
use crate::model::*;
use crate::urls::PRINT_URL;

/// Where a page's content is shown on the web.
pub(super) enum Placing<'p> {
    /// On its own page.
    Own,
    /// As a part of the whole-report page: each printed page's part number.
    Print(&'p HashMap<PageId, usize>),
}

impl Placing<'_> {
    /// The href of a link's target from page `from` placed here.
    pub(super) fn href(&self, site: &LoadedSite, from: PageId, target: &Target) -> String {
        match (self, target) {
            (Placing::Own, _) => super::href_of(site, from, target),
            (Placing::Print(_), Target::Place(place)) => self.place_href(site, from, place),
            (Placing::Print(_), _) => href_from(site, PRINT_URL, None, target),
        }
    }

    /// The href of a place in the publication from page `from` placed here.
    pub(super) fn place_href(&self, site: &LoadedSite, from: PageId, place: &Place) -> String {
        let Placing::Print(parts) = self else {
            return super::hrefs::place_href(site, from, place);
        };
        match (parts.get(&place.page), &place.id) {
            (Some(m), Some(id)) => format!("#p{m}-{id}"),
            (Some(m), None) => format!("#part-{m}"),
            (None, _) => href_from(site, PRINT_URL, None, &Target::Place(place.clone())),
        }
    }

    /// How the HTML renderer writes page `page` placed here.
    pub(super) fn options(&self, page: PageId) -> html::Options {
        match self {
            Placing::Own => html::Options::default(),
            Placing::Print(parts) => html::Options {
                heading_offset: 1,
                fold_apparatus: false,
                id_prefix: parts.get(&page).map_or(String::new(), |n| format!("p{n}-")),
                part_title_id: parts.get(&page).map(|n| format!("part-{n}-title")),
                ..html::Options::default()
            },
        }
    }
}

/// One part: its title and its content, rendered for this page.
#[derive(serde::Serialize)]
pub(super) struct Part {
    pub title: String,
    pub content: String,
}

/// What the theme's `print-parts.html` is given to make the page's content: the
/// parts (a list of them, then each as a section, in the built-in template), and
/// whether their titles carry the site's numbers (the list then shows none of its own).
pub(super) fn context(parts: &[Part], numbered: bool) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("parts", parts);
    ctx.insert("numbered", &numbered);
    ctx
}

/// The theme's template of the page's content (the built-in theme has one).
pub(super) const PARTS_TEMPLATE: &str = "print-parts.html";
