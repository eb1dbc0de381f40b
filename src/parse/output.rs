//! The nodes a page ends with: the passes' edits applied (spans of text replaced,
//! nodes inserted), closings matched to their openings, footnotes taken out.
use std::ops::Range;

use pulldown_cmark::Event;

use super::*;

/// Changes to `out` made after the pass, applied when the HTML is written: parts of
/// text events replaced by HTML (citations, glossary terms), and HTML inserted before
/// an index.
#[derive(Default)]
pub(super) struct Edits {
    /// Text event index → (byte range in its text, what replaces that text).
    pub(super) spans: HashMap<usize, Vec<(Range<usize>, Leaf)>>,
    /// Nodes to insert before the node at an index.
    pub(super) before: HashMap<usize, Vec<Node<'static>>>,
}
impl Edits {
    /// Adds a span unless it overlaps one already there (earlier edits win).
    pub(super) fn add_span(&mut self, index: usize, range: Range<usize>, leaf: Leaf) -> bool {
        let spans = self.spans.entry(index).or_default();
        if spans
            .iter()
            .any(|(r, _)| r.start < range.end && range.start < r.end)
        {
            return false;
        }
        spans.push((range, leaf));
        true
    }

    pub(super) fn overlaps(&self, index: usize, range: &Range<usize>) -> bool {
        self.spans.get(&index).is_some_and(|spans| {
            spans
                .iter()
                .any(|(r, _)| r.start < range.end && range.start < r.end)
        })
    }
}

impl<'a> PageParser<'a> {
    /// The page's nodes: `out` with the edits applied, closing nodes made copies of
    /// their openings, and footnote definitions taken out into the notes.
    pub(super) fn write_nodes(&mut self) -> (Vec<Node<'static>>, Vec<Footnote>) {
        let Edits {
            mut spans,
            mut before,
        } = std::mem::take(&mut self.edits);
        let mut out = std::mem::take(&mut self.out);
        match_closings(&mut out);
        let total = out.len();
        let mut nodes: Vec<Node<'static>> = Vec::with_capacity(total + spans.len() * 2);
        let mut notes: Vec<Vec<Node<'static>>> = vec![Vec::new(); self.footnotes.len()];
        let holders = self.footnotes.holders(total);
        for (i, (node, _)) in out.into_iter().enumerate() {
            let target = match holders[i] {
                Some(n) => &mut notes[n],
                None => &mut nodes,
            };
            if let Some(inserted) = before.remove(&i) {
                target.extend(inserted);
            }
            match (spans.remove(&i), node) {
                (Some(replaced), Node::Markdown(Event::Text(text))) => {
                    split_text(target, &text, replaced);
                }
                (_, node) => target.push(node.into_static()),
            }
        }
        if let Some(inserted) = before.remove(&total) {
            nodes.extend(inserted);
        }
        let notes = self.footnotes.notes(notes);
        for note in &notes {
            self.ids.claim(&format!("fn-{}", note.number));
        }
        (nodes, notes)
    }
}

/// Makes every closing node a copy of its opening node: openings are settled after
/// their closings are written (an id read at the end of a paragraph, a heading's id
/// once the page's ids are known).
pub(super) fn match_closings(out: &mut [(Node, Range<usize>)]) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..out.len() {
        match &out[i].0 {
            Node::Open(_) => open.push(i),
            Node::Close(_) => {
                if let Some(at) = open.pop() {
                    if let Node::Open(element) = &out[at].0 {
                        out[i].0 = Node::Close(element.clone());
                    }
                }
            }
            _ => {}
        }
    }
}
/// A text node with parts of it replaced (citations, glossary terms).
pub(super) fn split_text(
    target: &mut Vec<Node<'static>>,
    text: &str,
    mut replaced: Vec<(Range<usize>, Leaf)>,
) {
    replaced.sort_by_key(|(r, _)| r.start);
    let mut at = 0;
    for (range, leaf) in replaced {
        target.push(Node::Markdown(Event::Text(
            text[at..range.start].to_string().into(),
        )));
        target.push(Node::Leaf(leaf));
        at = range.end;
    }
    target.push(Node::Markdown(Event::Text(text[at..].to_string().into())));
}
