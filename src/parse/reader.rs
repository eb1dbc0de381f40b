//! The reader: pulldown-cmark's events into the page's typed nodes, block by block
//! and inline by inline, with the frames of the blocks being read.
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::*;

/// A block being built, with where its events start in `out`.
pub(super) enum Frame {
    Paragraph {
        start: usize,
        range: Range<usize>,
    },
    Heading {
        start: usize,
        level: u8,
        range: Range<usize>,
    },
    Item {
        start: usize,
        run_start: usize,
        first_done: bool,
        range: Range<usize>,
    },
    BlockQuote {
        start: usize,
        last_para: Option<ParaInfo>,
    },
    CodeBlock {
        lang: String,
        code: String,
    },
    Image {
        start: usize,
        dest: String,
        title: String,
        range: Range<usize>,
    },
    Table {
        start: usize,
        head: bool,
        body_open: bool,
        aligns: Vec<pulldown_cmark::Alignment>,
        cell: usize,
    },
    Other,
}
/// A text event of running text (not in a heading, link, image or code).
pub(super) struct TextRun {
    pub(super) index: usize,
    pub(super) in_quote: bool,
}

impl<'a> PageParser<'a> {
    pub(super) fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        // Inside a code block, text is collected rather than written.
        if let Some(Frame::CodeBlock { code, .. }) = self.stack.last_mut() {
            match event {
                Event::Text(text) => {
                    code.push_str(&text);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {}
                _ => return,
            }
        }
        match event {
            Event::Text(text) if self.not_running == 0 => return self.running(&text, range),
            // A line break in the source is a space: keeping it in the run lets a
            // citation or a glossary term wrap across lines.
            Event::SoftBreak if self.not_running == 0 => return self.running("\n", range),
            _ => {}
        }
        self.flush_running();
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::FootnoteReference(label) => {
                let leaf = self.footnotes.reference(&label);
                if let Leaf::FootnoteRef { id, .. } = &leaf {
                    self.ids.claim(id);
                }
                self.leaf(leaf);
            }
            other => self.out.push((Node::Markdown(other), range)),
        }
    }
    /// Running text is gathered into one event per run (pulldown-cmark splits it at
    /// smart quotes, entities and line breaks), so that citations and glossary terms
    /// can be found in it.
    pub(super) fn running(&mut self, text: &str, range: Range<usize>) {
        match &mut self.pending {
            Some((run, run_range, _)) => {
                run.push_str(text);
                run_range.end = range.end;
            }
            None => self.pending = Some((text.to_string(), range, self.quote_depth > 0)),
        }
    }
    /// Writes the gathered run of running text as one event.
    pub(super) fn flush_running(&mut self) {
        if let Some((run, range, in_quote)) = self.pending.take() {
            self.running_text.push(TextRun {
                index: self.out.len(),
                in_quote,
            });
            self.out
                .push((Node::Markdown(Event::Text(run.into())), range));
        }
    }
    pub(super) fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        if is_block(&tag) {
            self.close_item_run();
        }
        match tag {
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_) => self.start_block(tag, range),
            Tag::Image { .. } | Tag::Link { .. } => self.start_inline(tag, range),
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                self.start_table(tag)
            }
            Tag::DefinitionListTitle if self.rules.glossary => {
                self.not_running += 1;
                self.definition = Some((self.out.len(), true));
                self.open(Element::GlossaryTerm { id: String::new() });
                self.stack.push(Frame::Other);
            }
            Tag::DefinitionListDefinition if self.rules.glossary => {
                self.definition = Some((self.out.len(), false));
                self.stack.push(Frame::Other);
                self.out.push((
                    Node::Markdown(Event::Start(Tag::DefinitionListDefinition)),
                    range,
                ));
            }
            Tag::FootnoteDefinition(label) => {
                self.footnotes.open(&label, self.out.len());
                self.stack.push(Frame::Other);
            }
            other => {
                self.stack.push(Frame::Other);
                self.out.push((Node::Markdown(Event::Start(other)), range));
            }
        }
    }

    /// Paragraphs, headings, list items, quotes and code: their frames and opening nodes.
    fn start_block(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.stack.push(Frame::Paragraph {
                    start: self.out.len(),
                    range,
                });
                self.open(Element::Paragraph {
                    id: None,
                    role: BlockRole::Plain,
                });
            }
            Tag::Heading { level, .. } => {
                self.not_running += 1;
                let level = heading_level(level);
                self.stack.push(Frame::Heading {
                    start: self.out.len(),
                    level,
                    range,
                });
                self.open(Element::Heading {
                    level,
                    id: String::new(),
                });
            }
            Tag::Item => {
                let start = self.out.len();
                self.open(Element::Item {
                    id: None,
                    role: BlockRole::Plain,
                });
                self.stack.push(Frame::Item {
                    start,
                    run_start: self.out.len(),
                    first_done: false,
                    range,
                });
            }
            Tag::BlockQuote(_) => {
                self.quote_depth += 1;
                self.stack.push(Frame::BlockQuote {
                    start: self.out.len(),
                    last_para: None,
                });
                self.open(Element::Quote);
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.stack.push(Frame::CodeBlock {
                    lang,
                    code: String::new(),
                });
            }
            _ => {}
        }
    }

    /// Pictures and links: their targets become the page's link references.
    fn start_inline(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Image {
                dest_url, title, ..
            } => {
                self.not_running += 1;
                self.stack.push(Frame::Image {
                    start: self.out.len(),
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    range,
                });
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                let n = self.add_link(LinkKind::Link, dest, &range);
                self.open(Element::Link {
                    link: n,
                    title: title.to_string(),
                });
                self.not_running += 1;
                self.stack.push(Frame::Other);
            }
            _ => {}
        }
    }

    /// Tables: numbered, with scoped header cells and alignment classes.
    fn start_table(&mut self, tag: Tag<'a>) {
        match tag {
            Tag::Table(aligns) => {
                self.tables += 1;
                self.stack.push(Frame::Table {
                    start: self.out.len(),
                    head: false,
                    body_open: false,
                    aligns,
                    cell: 0,
                });
                self.open(Element::Table {
                    number: self.tables,
                    has_body: false,
                });
            }
            Tag::TableHead => {
                if let Some(Frame::Table { head, cell, .. }) = self.stack.last_mut() {
                    *head = true;
                    *cell = 0;
                }
                self.open(Element::TableHead);
            }
            Tag::TableRow => {
                let mut opens_body = false;
                if let Some(Frame::Table {
                    body_open, cell, ..
                }) = self.stack.last_mut()
                {
                    opens_body = !*body_open;
                    *body_open = true;
                    *cell = 0;
                }
                self.open(Element::TableRow { opens_body });
            }
            Tag::TableCell => {
                let (head, align) = match self.stack.last_mut() {
                    Some(Frame::Table {
                        head, aligns, cell, ..
                    }) => {
                        let align = aligns.get(*cell).copied();
                        *cell += 1;
                        (*head, align)
                    }
                    _ => (false, None),
                };
                self.open(Element::TableCell {
                    head,
                    align: align.unwrap_or(pulldown_cmark::Alignment::None),
                });
            }
            _ => {}
        }
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        if is_block_end(&tag) {
            self.close_item_run();
        }
        match tag {
            TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell => {
                self.end_table(tag)
            }
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Item => {
                if let Some(Frame::Item { start, range, .. }) = self.stack.pop() {
                    self.blocks.push(BlockSpan {
                        start,
                        close: self.out.len(),
                        is_item: true,
                        range,
                    });
                }
                self.close(Element::Item {
                    id: None,
                    role: BlockRole::Plain,
                });
            }
            TagEnd::BlockQuote(_) => {
                self.quote_depth -= 1;
                self.end_blockquote()
            }
            TagEnd::CodeBlock => {
                if let Some(Frame::CodeBlock { lang, code }) = self.stack.pop() {
                    self.doc.has_code |= !lang.is_empty();
                    self.leaf(Leaf::Code { lang, code });
                }
                self.note_block_in_quote(None);
            }
            TagEnd::Image => {
                self.not_running -= 1;
                self.end_image()
            }
            TagEnd::Link => {
                self.not_running -= 1;
                self.stack.pop();
                self.close(Element::Link {
                    link: 0,
                    title: String::new(),
                });
            }
            TagEnd::DefinitionListTitle if self.rules.glossary => {
                self.stack.pop();
                self.not_running -= 1;
                self.end_term();
            }
            TagEnd::DefinitionListDefinition if self.rules.glossary => {
                self.stack.pop();
                self.end_definition();
                self.out.push((
                    Node::Markdown(Event::End(TagEnd::DefinitionListDefinition)),
                    0..0,
                ));
            }
            TagEnd::FootnoteDefinition => {
                self.stack.pop();
                self.footnotes.close(self.out.len());
            }
            other => {
                self.stack.pop();
                let block = is_block_end(&other);
                self.out.push((Node::Markdown(Event::End(other)), 0..0));
                if block {
                    self.note_block_in_quote(None);
                }
            }
        }
    }

    /// The closing nodes of tables and their parts.
    fn end_table(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Table => {
                if let Some(Frame::Table {
                    start, body_open, ..
                }) = self.stack.pop()
                {
                    if let Node::Open(Element::Table { has_body, .. }) = &mut self.out[start].0 {
                        *has_body = body_open;
                    }
                    self.close(Element::TableHead); // made a copy of the table's opening
                }
                self.note_block_in_quote(None);
            }
            TagEnd::TableHead => {
                if let Some(Frame::Table { head, .. }) = self.stack.last_mut() {
                    *head = false;
                }
                self.close(Element::TableHead);
            }
            TagEnd::TableRow => self.close(Element::TableRow { opens_body: false }),
            TagEnd::TableCell => self.close(Element::TableCell {
                head: false,
                align: pulldown_cmark::Alignment::None,
            }),
            _ => {}
        }
    }

    pub(super) fn add_link(&mut self, kind: LinkKind, dest: String, range: &Range<usize>) -> usize {
        let at = self.span(range);
        self.doc.links.push(LinkRef { kind, dest, at });
        self.doc.links.len() - 1
    }
    pub(super) fn end_image(&mut self) {
        let Some(Frame::Image {
            start,
            dest,
            title,
            range,
        }) = self.stack.pop()
        else {
            return;
        };
        let alt = plain_text(&self.out[start..]);
        self.out.truncate(start);
        let decorative = title == "decorative";
        if alt.trim().is_empty() && !decorative {
            self.diags.push(
                Diagnostic::error("this picture has no description (alt text)")
                    .at(self.location(&range))
                    .help("describe the picture between the brackets: ![A pile of coins](money.svg); for a purely decorative picture write ![](file.svg \"decorative\")"),
            );
        }
        let n = self.add_link(LinkKind::Image, dest, &range);
        // A decorative picture has no alt text and no title; a title is also a
        // caption when the picture is alone in its paragraph (see `end_paragraph`).
        let title = if decorative { String::new() } else { title };
        self.last_image = Some((self.out.len(), title.clone()));
        self.leaf(Leaf::Image {
            link: n,
            alt: if decorative { String::new() } else { alt },
            title,
        });
    }
}

pub(super) fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Table(_)
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
    )
}
pub(super) fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
    )
}
pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
