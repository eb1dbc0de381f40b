//! Footnotes in the DPUB-ARIA shape (as pandoc writes them): references are
//! `<a role="doc-noteref">`, the notes are gathered at the end of the page in a
//! `<section role="doc-endnotes">` with a visible "Notes" heading, and each note links
//! back to every place that refers to it with visible, unique text.

use std::ops::Range;

use crate::doc::{Footnote, Leaf, Node};

#[derive(Default)]
pub(super) struct Footnotes {
    notes: Vec<Note>,
    /// Each label's index in `notes`: a page may have thousands of notes.
    by_label: std::collections::HashMap<String, usize>,
    /// How many notes have a number so far.
    numbered: usize,
    /// The definition being read: its label and where its events start in `out`.
    open: Option<(String, usize)>,
}

struct Note {
    /// Number shown to readers, in order of first reference (0: never referred to).
    number: usize,
    refs: usize,
    /// Where the definition's events are in `out`.
    span: Option<Range<usize>>,
}

impl Footnotes {
    fn note(&mut self, label: &str) -> &mut Note {
        let at = match self.by_label.get(label) {
            Some(&at) => at,
            None => {
                self.by_label.insert(label.to_string(), self.notes.len());
                self.notes.push(Note {
                    number: 0,
                    refs: 0,
                    span: None,
                });
                self.notes.len() - 1
            }
        };
        &mut self.notes[at]
    }

    /// A reference to note `label`.
    pub(super) fn reference(&mut self, label: &str) -> Leaf {
        let next = self.numbered + 1;
        let note = self.note(label);
        if note.number == 0 {
            note.number = next;
        }
        note.refs += 1;
        let (n, refs) = (note.number, note.refs);
        self.numbered = self.numbered.max(n);
        let id = if refs == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{refs}")
        };
        Leaf::FootnoteRef { number: n, id }
    }

    pub(super) fn open(&mut self, label: &str, at: usize) {
        self.open = Some((label.to_string(), at));
    }

    pub(super) fn close(&mut self, at: usize) {
        if let Some((label, start)) = self.open.take() {
            self.note(&label).span = Some(start..at);
        }
    }

    /// For each of the `total` events of `out`, which note's definition holds it, if
    /// any (made once: asked per event and per note, it was quadratic).
    pub(super) fn holders(&self, total: usize) -> Vec<Option<usize>> {
        let mut holders = vec![None; total];
        for (n, note) in self.notes.iter().enumerate() {
            if let Some(span) = &note.span {
                for holder in &mut holders[span.start.min(total)..span.end.min(total)] {
                    *holder = Some(n);
                }
            }
        }
        holders
    }

    pub(super) fn len(&self) -> usize {
        self.notes.len()
    }

    /// The notes in the order of the notes section, numbered, given each note's
    /// definition (by note index): referred-to notes in reading order, then any
    /// nobody refers to.
    pub(super) fn notes(&self, mut bodies: Vec<Vec<Node<'static>>>) -> Vec<Footnote> {
        let mut order: Vec<usize> = (0..self.notes.len())
            .filter(|&i| self.notes[i].span.is_some())
            .collect();
        order.sort_by_key(|&i| (self.notes[i].number == 0, self.notes[i].number));
        let mut unreferenced = order.iter().filter(|&&i| self.notes[i].number > 0).count();
        order
            .into_iter()
            .map(|i| {
                let note = &self.notes[i];
                let number = if note.number > 0 {
                    note.number
                } else {
                    unreferenced += 1;
                    unreferenced
                };
                Footnote {
                    number,
                    refs: note.refs,
                    nodes: std::mem::take(&mut bodies[i]),
                }
            })
            .collect()
    }
}
