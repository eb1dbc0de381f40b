//! Footnotes in the DPUB-ARIA shape (as pandoc writes them): references are
//! `<a role="doc-noteref">`, the notes are gathered at the end of the page in a
//! `<section role="doc-endnotes">` with a visible "Notes" heading, and each note links
//! back to every place that refers to it with visible, unique text.

use std::ops::Range;

use super::escape_html;

#[derive(Default)]
pub(super) struct Footnotes {
    notes: Vec<Note>,
    /// The definition being read: its label and where its events start in `out`.
    open: Option<(String, usize)>,
}

struct Note {
    label: String,
    /// Number shown to readers, in order of first reference (0: never referred to).
    number: usize,
    refs: usize,
    /// Where the definition's events are in `out`.
    span: Option<Range<usize>>,
}

impl Footnotes {
    fn note(&mut self, label: &str) -> &mut Note {
        let at = match self.notes.iter().position(|n| n.label == label) {
            Some(at) => at,
            None => {
                self.notes.push(Note {
                    label: label.to_string(),
                    number: 0,
                    refs: 0,
                    span: None,
                });
                self.notes.len() - 1
            }
        };
        &mut self.notes[at]
    }

    /// The HTML of a reference to note `label`.
    pub(super) fn reference(&mut self, label: &str) -> String {
        let next = self.notes.iter().filter(|n| n.number > 0).count() + 1;
        let note = self.note(label);
        if note.number == 0 {
            note.number = next;
        }
        note.refs += 1;
        let n = note.number;
        let id = if note.refs == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{}", note.refs)
        };
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\"><span class=\"visually-hidden\">Note </span>{n}</a></sup>"
        )
    }

    pub(super) fn open(&mut self, label: &str, at: usize) {
        self.open = Some((label.to_string(), at));
    }

    pub(super) fn close(&mut self, at: usize) {
        if let Some((label, start)) = self.open.take() {
            self.note(&label).span = Some(start..at);
        }
    }

    /// Which note's definition holds event `index` of `out`, if any.
    pub(super) fn holding(&self, index: usize) -> Option<usize> {
        self.notes
            .iter()
            .position(|n| n.span.as_ref().is_some_and(|s| s.contains(&index)))
    }

    pub(super) fn len(&self) -> usize {
        self.notes.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.notes.iter().all(|n| n.span.is_none())
    }

    /// The notes section, given each note's rendered definition (by note index).
    pub(super) fn section(&self, bodies: &[String]) -> String {
        let mut order: Vec<usize> = (0..self.notes.len())
            .filter(|&i| self.notes[i].span.is_some())
            .collect();
        // Referred-to notes in reading order, then any nobody refers to.
        order.sort_by_key(|&i| (self.notes[i].number == 0, self.notes[i].number));
        let mut unreferenced = order.iter().filter(|&&i| self.notes[i].number > 0).count();
        let mut html = String::from(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"footnotes\">\n<h2 id=\"footnotes\">Notes</h2>\n<ol>\n",
        );
        for i in order {
            let note = &self.notes[i];
            let n = if note.number > 0 {
                note.number
            } else {
                unreferenced += 1;
                unreferenced
            };
            html.push_str(&format!("<li id=\"fn-{n}\" value=\"{n}\">{}", bodies[i]));
            for k in 1..=note.refs {
                let target = if k == 1 {
                    format!("fnref-{n}")
                } else {
                    format!("fnref-{n}-{k}")
                };
                let text = if note.refs == 1 {
                    format!("Back to reference {n}")
                } else {
                    format!("Back to reference {n} ({k})")
                };
                html.push_str(&format!(
                    " <a href=\"#{target}\" role=\"doc-backlink\">{}</a>",
                    escape_html(&text)
                ));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        html
    }
}
