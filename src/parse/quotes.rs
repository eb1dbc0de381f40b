//! Attributed quotes: a blockquote whose last paragraph begins with `—`, `---` or `--`
//! and a space is published as a figure, the quote and its attribution as the caption
//! (PATTERNS: attribution outside the blockquote; not `cite`, which is for titles).

use std::ops::Range;

use pulldown_cmark::Event;

use super::{first_words, plain_text, Frame, PageParser, TextRun};
use crate::diagnostics::Diagnostic;
use crate::doc::{AttachAt, Element, Leaf, Node};
use crate::model::{IdOrigin, IdTarget, Quote};

impl<'a> PageParser<'a> {
    pub(super) fn end_blockquote(&mut self) {
        let Some(Frame::BlockQuote { start, last_para }) = self.stack.pop() else {
            return;
        };
        let attribution = last_para.filter(|p| p.is_attribution && p.end == self.out.len());
        let Some(para) = attribution else {
            self.warn_speaker_inside_paragraph(start);
            self.close(Element::Quote);
            self.note_block_in_quote(None);
            return;
        };
        let quote_text = plain_text(&self.out[start + 1..para.start]);
        let mut caption: Vec<(Node<'a>, Range<usize>)> = self.out.drain(para.start..).collect();
        // The attribution is not running text, and its events move. Runs and blocks
        // are recorded as they end, so those inside the attribution are the last
        // ones (searching them all, per quote, was quadratic).
        let keep = self.running_text.partition_point(|t| t.index < para.start);
        self.running_text.truncate(keep);
        while self.blocks.last().is_some_and(|b| b.start >= para.start) {
            self.blocks.pop();
        }
        // Drop the paragraph's own tags: `<p>` first, `</p>` last.
        caption.remove(0);
        caption.pop();
        strip_attribution_dash(&mut caption);
        let attribution = plain_text(&caption);
        let id = para.attrs.as_ref().map(|(a, _)| a.id.clone());
        if let Some((attrs, offset)) = &para.attrs {
            let at = self.span(&(*offset..*offset + attrs.id.len() + 2));
            let text = format!("{} ({attribution})", first_words(&quote_text, 12));
            self.declare_id(&attrs.id, IdOrigin::Explicit, IdTarget::Quote, text, at);
            for key in ["evidence", "title", "full"] {
                if let Some((_, vat)) = attrs.get(key) {
                    self.diags.push(
                        Diagnostic::error(format!("`{key}` is not allowed on a quote"))
                            .at(self.location(&(offset + vat - key.len() - 2..offset + vat)))
                            .help("a quote takes only an id; recommendations list the quotes that support them"),
                    );
                }
            }
        }
        self.out[start].0 = Node::Open(Element::AttributedQuote { id: id.clone() });
        self.open(Element::Attribution);
        let caption_start = self.out.len();
        self.out.extend(caption);
        // The attribution is running text again at its new place: a citation in it
        // (`— (HOLMES, 1997 P.231)`) is linked; glossary terms are not (it is a quote).
        for index in caption_start..self.out.len() {
            if self.out[index].0.text().is_some() {
                self.running_text.push(TextRun {
                    index,
                    in_quote: true,
                });
            }
        }
        if let Some(id) = &id {
            self.leaf(Leaf::Attached {
                id: id.clone(),
                at: AttachAt::Element,
            });
        }
        self.close(Element::Attribution);
        self.close(Element::Quote); // made a copy of the quote's opening
        self.doc.quotes.push(Quote {
            id,
            opening: first_words(&quote_text, 12),
            attribution,
        });
        self.note_block_in_quote(None);
    }
}

/// `— Practitioner`, `--- Practitioner` and `-- Practitioner` (the last two after smart
/// punctuation has made them dashes).
pub(super) fn starts_with_attribution_dash(text: &str) -> bool {
    text.starts_with("— ") || text.starts_with("– ")
}

/// Removes the dash and the space after it from the start of an attribution.
fn strip_attribution_dash(nodes: &mut [(Node, Range<usize>)]) {
    let mut to_strip = true;
    for (node, _) in nodes.iter_mut() {
        if !to_strip {
            break;
        }
        if let Some(t) = node.text() {
            let rest = t.trim_start_matches(['—', '–']).trim_start().to_string();
            to_strip = rest.is_empty();
            *node = Node::Markdown(Event::Text(rest.into()));
        }
    }
}

impl PageParser<'_> {
    /// A speaker line typed straight after the quote's text (`> …\n> — Speaker`, with
    /// no `>` line between) is part of the paragraph: the quote gets no attribution and
    /// its evidence links lose the speaker. Warn at that line, with the fix.
    fn warn_speaker_inside_paragraph(&mut self, start: usize) {
        // Where the quote's text is in the source: from its first text to its last.
        let ranges: Vec<Range<usize>> = self.out[start..]
            .iter()
            .filter(|(node, r)| node.text().is_some() && !r.is_empty())
            .map(|(_, r)| r.clone())
            .collect();
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
            return;
        };
        let (from, to) = (first.start, last.end.min(self.body.len()));
        let mut found = None;
        let mut offset = from;
        let mut previous_blank = true;
        for line in self.body.get(from..to).unwrap_or("").split_inclusive('\n') {
            let content = line.trim_start_matches([' ', '>']);
            let at = offset + (line.len() - content.len());
            let blank = content.trim().is_empty();
            if !previous_blank && ["— ", "--- ", "-- "].iter().any(|d| content.starts_with(d)) {
                found = Some(at..at + content.trim_end().len());
                break;
            }
            previous_blank = blank;
            offset += line.len();
        }
        let Some(range) = found else { return };
        let dash = self.body[range.clone()]
            .split(' ')
            .next()
            .unwrap_or("—")
            .len();
        self.diags.push(
            Diagnostic::warning(
                "this looks like the quote's speaker line, but it is part of the quote's text",
            )
            .at(self.location(&(range.start..range.start + dash)))
            .help(
                "put a line holding only `>` before it, so that it becomes the quote's attribution",
            ),
        );
    }
}
