//! How every renderer asks about a page of `content/` (`doc::Resolve`): its links
//! as the output writes them, what the link stage attached to its elements, its
//! recommendations' names and its words to know — the same answers for the web page,
//! `/print/`, the EPUB and the PDF, each in its own kind of address.

use std::collections::HashMap;

use crate::doc::{Attachment, Resolve};
use crate::model::*;

/// A page of `content/` as one output resolves it.
pub(crate) struct PageLinks<'a, D> {
    site: &'a LoadedSite,
    docs: &'a [Document],
    linked: &'a LinkedSite,
    page: PageId,
    /// Where each of the page's links leads, in this output.
    links: Vec<D>,
    place: &'a dyn Fn(&Place) -> D,
    /// What the page's elements show attached, when this output shows other than
    /// the link stage attached (the web adds "Cite this"; the full edition's
    /// downloads leave out Easy Read links).
    shown: Option<HashMap<String, Vec<Attachment>>>,
}

impl<'a, D> PageLinks<'a, D> {
    pub(crate) fn new(
        (site, docs, linked): (&'a LoadedSite, &'a [Document], &'a LinkedSite),
        page: PageId,
        links: Vec<D>,
        place: &'a dyn Fn(&Place) -> D,
    ) -> PageLinks<'a, D> {
        PageLinks {
            site,
            docs,
            linked,
            page,
            links,
            place,
            shown: None,
        }
    }

    /// The same page, its elements showing `shown` instead of what the link stage
    /// attached.
    pub(crate) fn showing(mut self, shown: HashMap<String, Vec<Attachment>>) -> Self {
        self.shown = Some(shown);
        self
    }
}

impl<D> Resolve for PageLinks<'_, D> {
    type Dest = D;

    fn link(&self, index: usize) -> Option<&D> {
        self.links.get(index)
    }

    fn place(&self, place: &Place) -> D {
        (self.place)(place)
    }

    fn attached(&self, id: &str) -> &[Attachment] {
        match &self.shown {
            Some(shown) => shown.get(id).map_or(&[], Vec::as_slice),
            None => self.linked.attached(self.page, id),
        }
    }

    fn recommendation(&self, id: &str) -> Option<String> {
        let strings = &self.site.theme.strings;
        self.linked
            .recommendation_heading(strings, self.docs, self.page, id)
    }

    fn words_to_know(&self) -> &[GlossaryTerm] {
        &self.docs[self.page].words_to_know
    }

    fn section_number(&self, id: &str) -> Option<&str> {
        self.linked.numbers.section(self.page, id)
    }
}
