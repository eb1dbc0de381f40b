//! The narrow API that the passes over a read page (citations, glossary terms) use,
//! in the spirit of mdBook's preprocessors: they read text and blocks, replace parts
//! of text with typed leaves, insert nodes, set what an opening node is, add links and
//! ids, and report problems. They never touch the reader's state.

use std::ops::Range;

use super::*;

impl<'a> PageParser<'a> {
    /// The text of node `index`, if it is text.
    pub(super) fn text_at(&self, index: usize) -> Option<&str> {
        self.out.get(index).and_then(|(node, _)| node.text())
    }

    /// The visible text of the nodes in `nodes`.
    pub(super) fn text_of(&self, nodes: Range<usize>) -> String {
        plain_text(&self.out[nodes])
    }

    /// Where node `index` is in the page's body (a byte range).
    pub(super) fn source_of(&self, index: usize) -> Range<usize> {
        self.out.get(index).map_or(0..0, |(_, r)| r.clone())
    }

    /// The page's markdown body.
    pub(super) fn body(&self) -> &str {
        self.body
    }

    /// The running text nodes of the page (not in headings, links, pictures or code),
    /// with or without those in quotes.
    pub(super) fn running_texts(&self, with_quotes: bool) -> Vec<usize> {
        self.running_text
            .iter()
            .filter(|t| with_quotes || !t.in_quote)
            .map(|t| t.index)
            .collect()
    }

    /// The paragraphs and list items that start within `nodes`.
    pub(super) fn blocks_in(&self, nodes: &Range<usize>) -> Vec<BlockSpan> {
        self.blocks
            .iter()
            .filter(|b| nodes.contains(&b.start))
            .cloned()
            .collect()
    }

    /// Replaces part of text node `index` by a leaf, unless another replacement is
    /// already there (earlier passes win).
    pub(super) fn replace_text(&mut self, index: usize, range: Range<usize>, leaf: Leaf) -> bool {
        self.edits.add_span(index, range, leaf)
    }

    /// Whether part of text node `index` is already replaced.
    pub(super) fn is_replaced(&self, index: usize, range: &Range<usize>) -> bool {
        self.edits.overlaps(index, range)
    }

    /// Inserts a node before node `index` (after the others inserted there), or as the
    /// first of them.
    pub(super) fn insert_before(&mut self, index: usize, node: Node<'static>, first: bool) {
        let inserted = self.edits.before.entry(index).or_default();
        if first {
            inserted.insert(0, node);
        } else {
            inserted.push(node);
        }
    }

    /// Makes the opening node at `index` the opening of `element` instead (its
    /// closing follows it); anything else is left as it is.
    pub(super) fn set_opening(&mut self, index: usize, element: Element) {
        if let Some((node @ Node::Open(_), _)) = self.out.get_mut(index) {
            *node = Node::Open(element);
        }
    }

    /// A new id of the generator's own form, unique on the page.
    pub(super) fn generated_id(&mut self, base: &str) -> String {
        self.ids.generated(base)
    }

    /// Whether the nodes in `nodes` are siblings' worth of content: wrapping them in an
    /// element keeps the tree whole (no container opened before them closes inside).
    pub(super) fn wraps_whole(&self, nodes: &Range<usize>) -> bool {
        let mut depth = 0i64;
        for (node, _) in &self.out[nodes.start..nodes.end.min(self.out.len())] {
            match node {
                Node::Open(_) | Node::Markdown(Event::Start(_)) => depth += 1,
                Node::Close(_) | Node::Markdown(Event::End(_)) => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return false;
            }
        }
        depth == 0
    }

    /// The explicit ids of paragraphs and list items, as the reader found them.
    pub(super) fn take_block_ids(&mut self) -> Vec<BlockId> {
        std::mem::take(&mut self.block_ids)
    }

    /// Sets what the paragraph or list item opened at `index` is to the publication.
    pub(super) fn set_role(&mut self, index: usize, new: BlockRole) {
        if let Some((Node::Open(Element::Paragraph { role, .. } | Element::Item { role, .. }), _)) =
            self.out.get_mut(index)
        {
            *role = new;
        }
    }

    /// Says what an id declared on the page names.
    pub(super) fn set_id_target(&mut self, decl: usize, target: IdTarget) {
        if let Some(d) = self.doc.ids.get_mut(decl) {
            d.target = target;
        }
    }

    /// A recommendation of the page, under the heading `heading` (by index among the
    /// page's headings; its id is settled later).
    pub(super) fn add_recommendation(
        &mut self,
        recommendation: Recommendation,
        heading: Option<usize>,
    ) {
        self.rec_sections
            .push((self.doc.recommendations.len(), heading));
        self.doc.recommendations.push(recommendation);
    }

    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }
}
