//! Paragraphs and list items: attribute lists read from the end of their text, ids
//! declared, recommendations recognised, figures and Easy Read picture rows.
use std::ops::Range;

use pulldown_cmark::Event;

use super::*;

/// A paragraph directly inside a blockquote: the quote's attribution if it is the last.
#[derive(Clone)]
pub(super) struct ParaInfo {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) attrs: Option<(Attributes, usize)>,
    pub(super) is_attribution: bool,
}
/// An explicit id on a paragraph or list item, as the reader found it, for the
/// recommendations pass.
pub(super) struct BlockId {
    /// The index of the block's opening node.
    pub(super) open: usize,
    /// Its declaration in `Document::ids`.
    pub(super) decl: usize,
    pub(super) attrs: Attributes,
    /// Where the attribute list starts in the body.
    pub(super) offset: usize,
    pub(super) text: String,
    pub(super) at: Span,
    /// The heading it stands under, by index among the page's headings.
    pub(super) heading: Option<usize>,
}

/// A paragraph or list item in `out`: where it opens and closes, for the reference
/// list.
#[derive(Clone, Debug)]
pub(super) struct BlockSpan {
    pub(super) start: usize,
    /// The index of its closing tag.
    pub(super) close: usize,
    pub(super) is_item: bool,
    pub(super) range: Range<usize>,
}

impl<'a> PageParser<'a> {
    /// In a tight list item the first paragraph has no Paragraph events: its inline run
    /// ends at the item's first block or at the item's end.
    pub(super) fn close_item_run(&mut self) {
        let Some(Frame::Item {
            start,
            run_start,
            first_done,
            ..
        }) = self.stack.last_mut()
        else {
            return;
        };
        if *first_done {
            return;
        }
        *first_done = true;
        let (item_start, run_start) = (*start, *run_start);
        if run_start >= self.out.len() {
            return; // a loose item: its first paragraph handles this
        }
        if let Some((attrs, offset)) = self.take_attributes(run_start) {
            let id = attrs.id.clone();
            self.out[item_start].0 = Node::Open(Element::Item {
                id: Some(id.clone()),
                role: BlockRole::Plain,
            });
            self.declare_block_id(attrs, offset, run_start, item_start, IdTarget::ListItem);
            self.leaf(Leaf::Attached {
                id,
                at: AttachAt::Element,
            });
        }
    }
    pub(super) fn end_paragraph(&mut self) {
        let Some(Frame::Paragraph { start, range }) = self.stack.pop() else {
            return;
        };
        let run_start = start + 1;
        if self.make_figure(start) {
            return;
        }
        let attrs = self.take_attributes(run_start);
        if !matches!(self.stack.last(), Some(Frame::Item { .. })) {
            self.blocks.push(BlockSpan {
                start,
                close: self.out.len(),
                is_item: false,
                range: range.clone(),
            });
        }
        let is_attribution = matches!(self.stack.last(), Some(Frame::BlockQuote { .. }))
            && quotes::starts_with_attribution_dash(&plain_text(&self.out[run_start..]));
        let in_first_item_para = matches!(
            self.stack.last(),
            Some(Frame::Item { run_start: r, .. }) if *r == start
        );
        if let (Some((attrs, offset)), false) = (&attrs, is_attribution) {
            self.paragraph_id(attrs, *offset, start, in_first_item_para);
        }
        // Easy Read: a picture at the start of a paragraph is set beside its text.
        let picture_first = matches!(
            self.out.get(run_start),
            Some((Node::Leaf(Leaf::Image { .. }), _))
        );
        if picture_first && self.rules.easy_read {
            if let Node::Open(Element::Paragraph { role, .. }) = &mut self.out[start].0 {
                *role = BlockRole::PictureRow;
            }
        }
        self.close(Element::Paragraph {
            id: None,
            role: BlockRole::Plain,
        });
        if let (Some((attrs, _)), false) = (&attrs, is_attribution) {
            self.leaf(Leaf::Attached {
                id: attrs.id.clone(),
                at: AttachAt::Element,
            });
        }
        let info = ParaInfo {
            start,
            end: self.out.len(),
            attrs,
            is_attribution,
        };
        self.note_block_in_quote(Some(info));
    }
    /// A picture alone in its paragraph, with a title, becomes a figure with the title
    /// as its caption (a title would repeat it as a tooltip). True when it did.
    fn make_figure(&mut self, start: usize) -> bool {
        let Some((img_at, title)) = self.last_image.take() else {
            return false;
        };
        let alone = img_at == start + 1 && self.out.len() == start + 2;
        if !alone || title.is_empty() {
            return false;
        }
        let Some((Node::Leaf(Leaf::Image { link, alt, .. }), _)) = self.out.get(img_at) else {
            return false;
        };
        let figure = Leaf::Figure {
            link: *link,
            alt: alt.clone(),
            caption: title,
        };
        self.out.truncate(start);
        self.leaf(figure);
        self.note_block_in_quote(None);
        true
    }

    /// A paragraph's id (or, for the first paragraph of a list item, its item's).
    fn paragraph_id(&mut self, attrs: &Attributes, offset: usize, start: usize, item_para: bool) {
        let (id, role) = (Some(attrs.id.clone()), BlockRole::Plain);
        let (open, target) = match (item_para, self.stack.last()) {
            (true, Some(Frame::Item { start: item, .. })) => (*item, IdTarget::ListItem),
            _ => (start, IdTarget::Paragraph),
        };
        self.out[open].0 = match target {
            IdTarget::ListItem => Node::Open(Element::Item { id, role }),
            _ => Node::Open(Element::Paragraph { id, role }),
        };
        self.declare_block_id(attrs.clone(), offset, start + 1, open, target);
    }

    /// Tells the enclosing blockquote (if this block is its direct child) what its
    /// latest child was: only a final paragraph can be the attribution.
    pub(super) fn note_block_in_quote(&mut self, para: Option<ParaInfo>) {
        if let Some(Frame::BlockQuote { last_para, .. }) = self.stack.last_mut() {
            *last_para = para;
        }
    }
    /// Reads an attribute list from the end of the last source line of the inline run
    /// `out[run_start..]`, and removes its text from the run. Returns the list and the
    /// byte offset (in the body) where it starts.
    pub(super) fn take_attributes(&mut self, run_start: usize) -> Option<(Attributes, usize)> {
        let (last, last_range) = self.out[run_start..].last()?;
        if last.text().is_none() || last_range.end == 0 {
            return None;
        }
        let end = last_range.end;
        let line_start = self.body[..end].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.body[end..]
            .find('\n')
            .map_or(self.body.len(), |i| end + i);
        let line = &self.body[line_start..line_end];
        // The trailing text events: the list must lie within them (not in code).
        let text_start = self.out[run_start..]
            .iter()
            .rposition(|(e, _)| e.text().is_none())
            .map_or(run_start, |i| run_start + i + 1);
        let text_from = self.out[text_start].1.start;
        match attributes::find_at_line_end(line) {
            Ok(Some((at, attrs))) if line_start + at >= text_from => {
                self.strip_trailing_list(text_start);
                Some((attrs, line_start + at))
            }
            Ok(_) => None,
            Err(err) if line_start + err.at >= text_from => {
                let offset = line_start + err.at;
                self.diags.push(
                    Diagnostic::error(err.message)
                        .at(self.location(&(offset..offset + err.len)))
                        .help(err.help),
                );
                self.strip_trailing_list(text_start);
                None
            }
            Err(_) => None,
        }
    }
    /// Removes the rendered `{#…}` from the trailing text events of a run.
    pub(super) fn strip_trailing_list(&mut self, text_start: usize) {
        let joined: String = self.out[text_start..]
            .iter()
            .map(|(e, _)| e.text().unwrap_or(""))
            .collect();
        let Some(cut) = joined.rfind("{#") else {
            return;
        };
        let kept = joined[..cut].trim_end().to_string();
        let range = self.out[text_start].1.start..self.out.last().map_or(0, |(_, r)| r.end);
        // The runs are in the order of `out`: only the last few can be cut off (a
        // search of them all, per quote, was quadratic).
        let keep = self.running_text.partition_point(|t| t.index < text_start);
        let was_running = self.running_text[keep..]
            .iter()
            .any(|t| t.index == text_start);
        self.running_text.truncate(keep);
        self.out.truncate(text_start);
        if !kept.is_empty() {
            if was_running {
                self.running_text.push(TextRun {
                    index: text_start,
                    in_quote: self.quote_depth > 0,
                });
            }
            self.out
                .push((Node::Markdown(Event::Text(kept.into())), range));
        }
    }
    /// Records an explicit id on a paragraph or list item (`open` is its opening
    /// node): declared now; whether it is a recommendation is the recommendations
    /// pass's to say.
    pub(super) fn declare_block_id(
        &mut self,
        attrs: Attributes,
        offset: usize,
        run_start: usize,
        open: usize,
        target: IdTarget,
    ) {
        let text = plain_text(&self.out[run_start..]);
        let at = self.span(&(offset..offset + attrs.id.len() + 2));
        self.declare_id(
            &attrs.id,
            IdOrigin::Explicit,
            target,
            first_words(&text, 12),
            at,
        );
        if let Some((_, at)) = attrs.get("full") {
            self.diags.push(
                Diagnostic::error("`full` is only allowed on headings of Easy Read pages")
                    .at(self.location(&(offset + at - 6..offset + at)))
                    .help("put `full=\"…\"` on the Easy Read heading that explains that section"),
            );
        }
        self.block_ids.push(BlockId {
            open,
            decl: self.doc.ids.len() - 1,
            attrs,
            offset,
            text,
            at,
            heading: self.headings.len().checked_sub(1),
        });
    }

    /// Splits a space-separated value (`evidence="q-a q-b"`) into located entries.
    pub(super) fn attr_values(
        &self,
        value: &str,
        list_offset: usize,
        value_at: usize,
    ) -> Vec<AttrValue> {
        let mut entries = Vec::new();
        let mut pos = 0;
        for part in value.split(' ') {
            if !part.is_empty() {
                let at = list_offset + value_at + pos;
                entries.push(AttrValue {
                    value: part.to_string(),
                    location: self.location(&(at..at + part.len())),
                });
            }
            pos += part.len() + 1;
        }
        entries
    }
    pub(super) fn declare_id(
        &mut self,
        id: &str,
        origin: IdOrigin,
        target: IdTarget,
        text: String,
        at: Span,
    ) {
        if origin == IdOrigin::Explicit {
            if let Some(why) = ids::reserved_reason(id) {
                self.diags.push(
                    Diagnostic::error(format!("the id `{id}` cannot be given here: {why}"))
                        .at(self.page.source.at(at))
                        .help(format!("choose another id, for example `{id}-section` or one that names the content")),
                );
            }
            self.ids.claim(id);
        }
        self.doc.ids.push(IdDecl {
            id: id.to_string(),
            origin,
            target,
            text,
            at,
        });
    }
}
