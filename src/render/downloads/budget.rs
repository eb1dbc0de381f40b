//! What laying out a PDF will cost, counted on the documents before Typst starts.
//!
//! Typst's memory grows with the blocks it lays out (about 60 KB for each paragraph,
//! heading, list item, table row or note: 20,000 headings with their paragraphs took
//! 1.3 GB), and its line breaking with the length of one paragraph faster than the
//! length (a paragraph of 16,000 links took 7 s, of 32,000 links 20 s). Text size
//! alone says neither: 1.5 MB of headings needed 10 GB. So an edition whose blocks
//! or longest paragraph are over these limits gets no PDF, and the build says so
//! with a note; the web pages and the EPUB are made as ever.

use crate::diagnostics::{Diagnostic, Location};
use crate::doc::{Element, Node};
use crate::model::{Document, LoadedSite, PageId};

/// Blocks (paragraphs, headings, list items, table rows, quotes, notes, reference
/// entries) a PDF may hold: some 1.3 GB of layout, and about 700 printed pages of
/// ordinary paragraphs.
pub(super) const MAX_PDF_BLOCKS: usize = 20_000;
/// Bytes of text one paragraph may hold in a PDF (about ten printed pages).
pub(super) const MAX_PDF_PARAGRAPH: usize = 40_000;

/// The cost of an edition's parts.
#[derive(Debug, Default)]
struct Cost {
    blocks: usize,
    /// The longest paragraph: its length and its page.
    longest: Option<(usize, PageId)>,
}

fn cost(docs: &[Document], parts: &[PageId]) -> Cost {
    let mut cost = Cost::default();
    for &page in parts {
        let doc = &docs[page.0];
        let notes = doc.footnotes.iter().map(|n| n.nodes.as_slice());
        for nodes in std::iter::once(doc.nodes.as_slice()).chain(notes) {
            cost.blocks += nodes.iter().filter(|n| is_block(n)).count();
            let longest = longest_paragraph(nodes);
            if cost.longest.is_none_or(|(most, _)| longest > most) {
                cost.longest = Some((longest, page));
            }
        }
        cost.blocks += doc.footnotes.len();
    }
    cost
}

fn is_block(node: &Node) -> bool {
    matches!(
        node,
        Node::Open(
            Element::Paragraph { .. }
                | Element::Item { .. }
                | Element::Heading { .. }
                | Element::TableRow { .. }
                | Element::Quote
                | Element::AttributedQuote { .. }
                | Element::ReferenceEntry { .. }
                | Element::GlossaryTerm { .. }
        )
    )
}

/// The most text between a paragraph's opening and its end (a link or other inline
/// element counts as a word).
fn longest_paragraph(nodes: &[Node]) -> usize {
    let (mut longest, mut current) = (0, None::<usize>);
    for node in nodes {
        match node {
            Node::Open(Element::Paragraph { .. }) => current = Some(0),
            Node::Close(Element::Paragraph { .. }) => {
                longest = longest.max(current.take().unwrap_or(0));
            }
            Node::Markdown(pulldown_cmark::Event::Text(text)) => {
                if let Some(n) = &mut current {
                    *n += text.len();
                }
            }
            Node::Close(_) => {}
            _ => {
                if let Some(n) = &mut current {
                    *n += 8;
                }
            }
        }
    }
    longest.max(current.unwrap_or(0))
}

/// A note when an edition would cost more to lay out as a PDF than a build should
/// spend; `None` when it is within the limits.
pub(super) fn too_costly(
    site: &LoadedSite,
    what: &str,
    docs: &[Document],
    parts: &[PageId],
) -> Option<Diagnostic> {
    let cost = cost(docs, parts);
    let help =
        "readers still get every web page and the EPUB; the README says why there is a limit";
    if cost.blocks > MAX_PDF_BLOCKS {
        return Some(
            Diagnostic::note(format!(
                "{what} has {} blocks (paragraphs, headings, list items, table rows, quotes and notes), more than the {MAX_PDF_BLOCKS} a PDF download can hold: it has no PDF",
                cost.blocks
            ))
            .at(Location::file(&site.config_source.display))
            .help(help),
        );
    }
    let (length, page) = cost.longest.filter(|(n, _)| *n > MAX_PDF_PARAGRAPH)?;
    Some(
        Diagnostic::note(format!(
            "a paragraph of this page is {} KB long, more than the {} KB one paragraph of a PDF can hold, so {what} has no PDF",
            length / 1000,
            MAX_PDF_PARAGRAPH / 1000
        ))
        .at(Location::file(&site.pages[page].source.display))
        .help(format!("split the paragraph with blank lines; {help}")),
    )
}
