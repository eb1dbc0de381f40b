//! The renderers of the typed document (its nodes are in [`crate::model::node`]):
//! HTML ([`html`]), Typst markup for the PDF ([`typst`]) and plain text ([`text`]).

pub(crate) mod builder;
mod highlight;
pub mod html;
pub(crate) mod text;
pub mod typst;
mod typst_escape;
mod typst_lookahead;
mod typst_table;

pub use crate::model::node::*;
use crate::model::{GlossaryTerm, Place};

/// What a renderer asks about the page it writes, beyond its nodes: where each of
/// its links leads, where a place in the publication is, what other pages attach to
/// its elements, and the names the link stage gave its recommendations. The HTML,
/// XHTML and Typst renderers all ask it, each in its own kind of address (`Dest`):
/// an href for HTML, a destination for Typst.
pub trait Resolve {
    type Dest;
    /// Where the page's link `index` leads (the document's `links`, in order).
    fn link(&self, index: usize) -> Option<&Self::Dest>;
    /// Where a place in the publication is, from this page.
    fn place(&self, place: &Place) -> Self::Dest;
    /// What other pages attach to the element `id`, in the order it is shown.
    fn attached(&self, id: &str) -> &[Attachment];
    /// A recommendation's heading with its number, by its id.
    fn recommendation(&self, id: &str) -> Option<String>;
    /// An Easy Read page's "Words to know" (empty on other pages).
    fn words_to_know(&self) -> &[GlossaryTerm];
    /// The number of the section a heading opens (`3.1`), when the site is numbered.
    fn section_number(&self, id: &str) -> Option<&str>;
}

/// A document pubgen writes itself (the statement, the evidence overview): its links
/// and where places are; nothing is attached to it and it names no recommendation.
pub(crate) struct Generated<'a, D> {
    pub links: &'a [D],
    pub place: &'a dyn Fn(&Place) -> D,
}

impl<D> Resolve for Generated<'_, D> {
    type Dest = D;
    fn link(&self, index: usize) -> Option<&D> {
        self.links.get(index)
    }
    fn place(&self, place: &Place) -> D {
        (self.place)(place)
    }
    fn attached(&self, _id: &str) -> &[Attachment] {
        &[]
    }
    fn recommendation(&self, _id: &str) -> Option<String> {
        None
    }
    fn words_to_know(&self) -> &[GlossaryTerm] {
        &[]
    }
    fn section_number(&self, _id: &str) -> Option<&str> {
        None
    }
}

/// Text made safe to put in HTML or XML, as text or in a quoted attribute.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
