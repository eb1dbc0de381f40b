//! Headings: checked as they are read, given ids once every explicit id of the page is
//! known, and the reference-list section found by its heading.
use crate::diagnostics::Rule;
use std::ops::Range;

use super::*;

pub(super) struct PendingHeading {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) level: u8,
    pub(super) explicit: Option<String>,
    pub(super) text: String,
    pub(super) full: Option<AttrValue>,
    pub(super) offset: usize,
}

impl<'a> PageParser<'a> {
    pub(super) fn end_heading(&mut self) {
        self.not_running -= 1;
        let Some(Frame::Heading {
            start,
            level,
            range,
        }) = self.stack.pop()
        else {
            return;
        };
        let attrs = self.take_attributes(start + 1);
        let text = plain_text(&self.out[start + 1..]);
        self.check_heading(&text, level, &range);
        let (explicit, full, offset) = match attrs {
            Some((attrs, at)) => {
                let full = self.heading_attributes(&attrs, at, &text);
                (Some(attrs.id), full, at)
            }
            None => (None, None, self.page.body_offset + range.start),
        };
        self.headings.push(PendingHeading {
            start,
            end: self.out.len(),
            level,
            explicit,
            text,
            full,
            offset,
        });
        // Both settled once every id of the page is known.
        self.close(Element::Heading {
            level,
            id: String::new(),
        });
        self.leaf(Leaf::Attached {
            id: String::new(),
            at: AttachAt::Heading,
        });
        self.note_block_in_quote(None);
    }
    /// A heading has text, is not a second level-1 heading, and skips no level.
    fn check_heading(&mut self, text: &str, level: u8, range: &Range<usize>) {
        if text.trim().is_empty() {
            self.diags.push(
                Diagnostic::error("this heading has no text")
                    .at(self.location(range))
                    .help("write the heading's words after the `#` marks, or delete the line (screen-reader users move through a page by its headings)"),
            );
        }
        if level == 1 {
            self.diags.push(
                Diagnostic::error("a `#` heading in the body: the page title is the page's only level-1 heading")
                    .at(self.location(range))
                    .help("start body headings at `##` (the title comes from the front matter's `title:`)"),
            );
        } else if level > self.last_level + 1 {
            self.diags.push(
                Diagnostic::warning(format!(
                    "this level-{level} heading skips a level (the heading before it is level {})",
                    self.last_level
                ))
                .rule(Rule::HeadingLevel, text.trim())
                .at(self.location(range))
                .help(format!(
                    "use {} here, so that screen-reader users can follow the outline",
                    "#".repeat(self.last_level as usize + 1)
                )),
            );
        }
        self.last_level = level;
    }

    /// A heading's attribute list (at `at`): its id, and `full="…"` on Easy Read pages.
    fn heading_attributes(
        &mut self,
        attrs: &Attributes,
        at: usize,
        text: &str,
    ) -> Option<AttrValue> {
        let span = self.span(&(at..at + attrs.id.len() + 2));
        self.declare_id(
            &attrs.id,
            IdOrigin::Explicit,
            IdTarget::Heading,
            text.to_string(),
            span,
        );
        for key in ["evidence", "title"] {
            if let Some((_, vat)) = attrs.get(key) {
                self.diags.push(
                    Diagnostic::error(format!("`{key}` is not allowed on a heading"))
                        .at(self.location(&(at + vat - key.len() - 2..at + vat)))
                        .help("`evidence` and `title` belong on recommendations (paragraphs or list items with an `r-` id)"),
                );
            }
        }
        let (value, vat) = attrs.get("full")?;
        if self.rules.easy_read {
            return self.attr_values(value, at, vat).into_iter().next();
        }
        self.diags.push(
            Diagnostic::error("`full` is only allowed on headings of Easy Read pages")
                .at(self.location(&(at + vat - 6..at + vat)))
                .help("give the page `kind: easy-read`, or remove `full=\"…\"`"),
        );
        None
    }

    /// Gives every heading its id, now that all explicit ids of the page are known,
    /// and writes the heading tags.
    pub(super) fn settle_headings(&mut self) {
        let headings = std::mem::take(&mut self.headings);
        for (i, h) in headings.iter().enumerate() {
            let id = match &h.explicit {
                Some(id) => id.clone(),
                None => {
                    let id = self.ids.unique(&ids::slugify(&h.text), "section");
                    self.declare_id(
                        &id,
                        IdOrigin::FromHeading,
                        IdTarget::Heading,
                        h.text.clone(),
                        Span::new(h.offset, 0),
                    );
                    id
                }
            };
            let level = h.level.max(2);
            self.out[h.start].0 = Node::Open(Element::Heading {
                level,
                id: id.clone(),
            });
            self.out[h.end + 1].0 = Node::Leaf(Leaf::Attached {
                id: id.clone(),
                at: AttachAt::Heading,
            });
            // Its own text ends where the next heading starts, before anything else
            // inserted there (the opening of the references section).
            let end = headings
                .get(i + 1)
                .map_or(self.out.len(), |next| next.start);
            let section_end = Node::Leaf(Leaf::Attached {
                id: id.clone(),
                at: AttachAt::SectionEnd,
            });
            self.edits
                .before
                .entry(end)
                .or_default()
                .insert(0, section_end);
            self.doc.headings.push(Heading {
                level,
                id,
                text: h.text.clone(),
                full: h.full.clone(),
            });
        }
        for (rec, heading) in std::mem::take(&mut self.rec_sections) {
            if let Some(h) = heading.and_then(|i| self.doc.headings.get(i)) {
                self.doc.recommendations[rec].section = Some((h.id.clone(), h.text.clone()));
            }
        }
    }
    /// The part of `out` under the heading with the id `references`, up to the next
    /// heading of the same or a higher level.
    pub(super) fn references_section(&self) -> Option<Range<usize>> {
        // `## References {#references}`, or a plain `## References`, whose id made
        // from its text is `references` too.
        let is_references = |h: &PendingHeading| match &h.explicit {
            Some(id) => id == "references",
            None => ids::slugify(&h.text) == "references" && !self.ids.is_used("references"),
        };
        let at = self.headings.iter().position(is_references)?;
        let heading = &self.headings[at];
        let end = self.headings[at + 1..]
            .iter()
            .find(|h| h.level <= heading.level)
            .map_or(self.out.len(), |h| h.start);
        Some(heading.start..end)
    }
}
