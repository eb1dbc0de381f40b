//! Stage 2, parse: one page's markdown into a [`Document`]: HTML with marks where links
//! and cross-page content go, plus the page's headings, ids, quotes and
//! recommendations.
//!
//! One pass over pulldown-cmark's events. Block elements that the contract gives
//! meaning to (headings, paragraphs and list items with attribute lists, attributed
//! quotes, images, code, tables) are turned into HTML here; inline formatting is left to
//! pulldown-cmark's HTML writer.

pub mod attributes;
mod citations;
mod footnotes;
pub mod glossary;
mod highlight;
pub mod ids;
mod nesting;
mod quotes;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Diagnostic, Location};
use crate::doc::{BlockRole, Element, Footnote, Leaf, Node};
use crate::model::*;
use attributes::Attributes;

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
}

/// Parses one page. Problems are returned, not raised, so every page is parsed.
pub fn parse_page(
    page: &LoadedPage,
    glossary: Option<&glossary::GlossaryIndex>,
) -> (Document, Vec<Diagnostic>) {
    let body = &page.source.text[page.body_offset..];
    let mut state = PageParser::new(page, body);
    state.glossary = glossary;
    let mut nesting = nesting::Nesting::default();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        if !nesting.step(&event) {
            return (Document::default(), vec![too_deep(&state, &range)]);
        }
        state.event(event, range);
    }
    state.finish()
}

fn too_deep(state: &PageParser, range: &Range<usize>) -> Diagnostic {
    Diagnostic::error(format!(
        "quotes, lists or HTML elements are nested more than {} deep here",
        nesting::MAX_NESTING
    ))
    .at(state.location(&(range.start..range.start)))
    .help("a page this deeply nested cannot be read by anyone: check for a run of `>` or list markers, or HTML tags that are opened and never closed")
}

/// A block being built, with where its events start in `out`.
enum Frame {
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

/// A paragraph directly inside a blockquote: the quote's attribution if it is the last.
#[derive(Clone)]
struct ParaInfo {
    start: usize,
    end: usize,
    attrs: Option<(Attributes, usize)>,
    is_attribution: bool,
}

/// A paragraph or list item in `out`: where it opens and closes, for the reference
/// list.
#[derive(Clone, Debug)]
struct BlockSpan {
    start: usize,
    /// The index of its closing tag.
    close: usize,
    is_item: bool,
    range: Range<usize>,
}

/// A text event of running text (not in a heading, link, image or code).
struct TextRun {
    index: usize,
    in_quote: bool,
}

/// Changes to `out` made after the pass, applied when the HTML is written: parts of
/// text events replaced by HTML (citations, glossary terms), and HTML inserted before
/// an index.
#[derive(Default)]
struct Edits {
    /// Text event index → (byte range in its text, what replaces that text).
    spans: HashMap<usize, Vec<(Range<usize>, Leaf)>>,
    /// Nodes to insert before the node at an index.
    before: HashMap<usize, Vec<Node<'static>>>,
}

impl Edits {
    /// Adds a span unless it overlaps one already there (earlier edits win).
    fn add_span(&mut self, index: usize, range: Range<usize>, leaf: Leaf) -> bool {
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

    fn overlaps(&self, index: usize, range: &Range<usize>) -> bool {
        self.spans.get(&index).is_some_and(|spans| {
            spans
                .iter()
                .any(|(r, _)| r.start < range.end && range.start < r.end)
        })
    }
}

struct PendingHeading {
    start: usize,
    end: usize,
    level: u8,
    explicit: Option<String>,
    text: String,
    full: Option<AttrValue>,
    offset: usize,
}

struct PageParser<'a> {
    page: &'a LoadedPage,
    body: &'a str,
    out: Vec<(Node<'a>, Range<usize>)>,
    stack: Vec<Frame>,
    doc: Document,
    diags: Vec<Diagnostic>,
    headings: Vec<PendingHeading>,
    /// Every id of this page: explicit ones, glossary terms, then headings.
    ids: ids::IdAuthority,
    /// Recommendations waiting for their section heading's final id: (index, heading).
    rec_sections: Vec<(usize, Option<usize>)>,
    last_image: Option<(usize, String)>,
    tables: usize,
    last_level: u8,
    /// Depth of elements whose text is not running text (headings, links, images).
    not_running: usize,
    quote_depth: usize,
    running_text: Vec<TextRun>,
    /// Running text not yet written to `out`: (text, source range, in a quote).
    pending: Option<(String, Range<usize>, bool)>,
    blocks: Vec<BlockSpan>,
    edits: Edits,
    footnotes: footnotes::Footnotes,
    glossary: Option<&'a glossary::GlossaryIndex>,
    /// Inside a glossary term (`dt`) or definition (`dd`): (start in `out`, is term).
    definition: Option<(usize, bool)>,
    /// Glossary terms waiting for their ids: (start in `out`, index in the glossary,
    /// source range).
    pending_terms: Vec<(usize, usize, Range<usize>)>,
}

impl<'a> PageParser<'a> {
    fn new(page: &'a LoadedPage, body: &'a str) -> Self {
        PageParser {
            page,
            body,
            out: Vec::with_capacity(256),
            stack: Vec::new(),
            doc: Document::default(),
            diags: Vec::new(),
            headings: Vec::new(),
            ids: ids::IdAuthority::new(),
            rec_sections: Vec::new(),
            last_image: None,
            tables: 0,
            last_level: 1,
            not_running: 0,
            quote_depth: 0,
            running_text: Vec::new(),
            pending: None,
            blocks: Vec::new(),
            edits: Edits::default(),
            footnotes: footnotes::Footnotes::default(),
            glossary: None,
            definition: None,
            pending_terms: Vec::new(),
        }
    }

    /// A location in the page's file from a byte range of the body.
    fn location(&self, range: &Range<usize>) -> Location {
        let start = self.page.body_offset + range.start;
        let len = range.end.saturating_sub(range.start);
        self.page.source.location(start, len)
    }

    fn node(&mut self, node: Node<'a>) {
        self.out.push((node, 0..0));
    }

    fn open(&mut self, element: Element) {
        self.node(Node::Open(element));
    }

    /// Closes the element opened last (`finish` makes every closing node a copy of its
    /// opening one, however the opening one changed since).
    fn close(&mut self, element: Element) {
        self.node(Node::Close(element));
    }

    fn leaf(&mut self, leaf: Leaf) {
        self.node(Node::Leaf(leaf));
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
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
                self.leaf(leaf);
            }
            other => self.out.push((Node::Markdown(other), range)),
        }
    }

    /// Running text is gathered into one event per run (pulldown-cmark splits it at
    /// smart quotes, entities and line breaks), so that citations and glossary terms
    /// can be found in it.
    fn running(&mut self, text: &str, range: Range<usize>) {
        match &mut self.pending {
            Some((run, run_range, _)) => {
                run.push_str(text);
                run_range.end = range.end;
            }
            None => self.pending = Some((text.to_string(), range, self.quote_depth > 0)),
        }
    }

    /// Writes the gathered run of running text as one event.
    fn flush_running(&mut self) {
        if let Some((run, range, in_quote)) = self.pending.take() {
            self.running_text.push(TextRun {
                index: self.out.len(),
                in_quote,
            });
            self.out.push((Node::Markdown(Event::Text(run.into())), range));
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        if is_block(&tag) {
            self.close_item_run();
        }
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
            Tag::DefinitionListTitle if self.is_glossary_page() => {
                self.not_running += 1;
                self.definition = Some((self.out.len(), true));
                self.open(Element::GlossaryTerm { id: String::new() });
                self.stack.push(Frame::Other);
            }
            Tag::DefinitionListDefinition if self.is_glossary_page() => {
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

    fn is_glossary_page(&self) -> bool {
        self.page.source.rel == glossary::GLOSSARY_PAGE
    }

    fn end(&mut self, tag: TagEnd) {
        if is_block_end(&tag) {
            self.close_item_run();
        }
        match tag {
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
                    let highlighted = highlight::code_block(&lang, &code);
                    self.leaf(Leaf::Code {
                        lang,
                        code,
                        highlighted,
                    });
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
            TagEnd::DefinitionListTitle if self.is_glossary_page() => {
                self.stack.pop();
                self.not_running -= 1;
                glossary::end_term(self);
            }
            TagEnd::DefinitionListDefinition if self.is_glossary_page() => {
                self.stack.pop();
                glossary::end_definition(self);
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

    // -- links and images ---------------------------------------------------

    fn add_link(&mut self, kind: LinkKind, dest: String, range: &Range<usize>) -> usize {
        let location = self.location(range);
        self.doc.links.push(LinkRef {
            kind,
            dest,
            location,
        });
        self.doc.links.len() - 1
    }

    fn end_image(&mut self) {
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
                Diagnostic::error("this image has no alt text")
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

    // -- paragraphs, list items and attribute lists ---------------------------

    /// In a tight list item the first paragraph has no Paragraph events: its inline run
    /// ends at the item's first block or at the item's end.
    fn close_item_run(&mut self) {
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
            let is_rec = self.declare_block_id(&attrs, offset, run_start, IdTarget::ListItem);
            self.out[item_start].0 = Node::Open(Element::Item {
                id: Some(id.clone()),
                role: role_of(is_rec),
            });
            self.leaf(Leaf::Attached { id });
        }
    }

    fn end_paragraph(&mut self) {
        let Some(Frame::Paragraph { start, range }) = self.stack.pop() else {
            return;
        };
        let run_start = start + 1;
        // An image alone with a title becomes a figure with a caption.
        if let Some((img_at, title)) = self.last_image.take() {
            let alone = img_at == run_start && self.out.len() == run_start + 1;
            if let (true, false, Node::Leaf(Leaf::Image { link, alt, .. })) =
                (alone, title.is_empty(), &self.out[img_at].0)
            {
                // The caption says it; a title would repeat it as a tooltip.
                let figure = Leaf::Figure {
                    link: *link,
                    alt: alt.clone(),
                    caption: title,
                };
                self.out.truncate(start);
                self.leaf(figure);
                self.note_block_in_quote(None);
                return;
            }
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
        if let Some((attrs, offset)) = &attrs {
            if !is_attribution {
                let target = if in_first_item_para {
                    IdTarget::ListItem
                } else {
                    IdTarget::Paragraph
                };
                let is_rec = self.declare_block_id(attrs, *offset, run_start, target);
                let (id, role) = (Some(attrs.id.clone()), role_of(is_rec));
                if in_first_item_para {
                    if let Some(Frame::Item {
                        start: item_start, ..
                    }) = self.stack.last()
                    {
                        let item_start = *item_start;
                        self.out[item_start].0 = Node::Open(Element::Item { id, role });
                    }
                } else {
                    self.out[start].0 = Node::Open(Element::Paragraph { id, role });
                }
            }
        }
        // Easy Read: a picture at the start of a paragraph is set beside its text.
        let picture_first = matches!(
            self.out.get(run_start),
            Some((Node::Leaf(Leaf::Image { .. }), _))
        );
        if picture_first && self.page.front.kind == PageKind::EasyRead {
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
            });
        }
        let _ = range;
        let info = ParaInfo {
            start,
            end: self.out.len(),
            attrs,
            is_attribution,
        };
        self.note_block_in_quote(Some(info));
    }

    /// Tells the enclosing blockquote (if this block is its direct child) what its
    /// latest child was: only a final paragraph can be the attribution.
    fn note_block_in_quote(&mut self, para: Option<ParaInfo>) {
        if let Some(Frame::BlockQuote { last_para, .. }) = self.stack.last_mut() {
            *last_para = para;
        }
    }

    /// Reads an attribute list from the end of the last source line of the inline run
    /// `out[run_start..]`, and removes its text from the run. Returns the list and the
    /// byte offset (in the body) where it starts.
    fn take_attributes(&mut self, run_start: usize) -> Option<(Attributes, usize)> {
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
    fn strip_trailing_list(&mut self, text_start: usize) {
        let joined: String = self.out[text_start..]
            .iter()
            .map(|(e, _)| e.text().unwrap_or(""))
            .collect();
        let Some(cut) = joined.rfind("{#") else {
            return;
        };
        let kept = joined[..cut].trim_end().to_string();
        let range = self.out[text_start].1.start..self.out.last().map_or(0, |(_, r)| r.end);
        let was_running = self.running_text.iter().any(|t| t.index == text_start);
        self.running_text.retain(|t| t.index < text_start);
        self.out.truncate(text_start);
        if !kept.is_empty() {
            if was_running {
                self.running_text.push(TextRun {
                    index: text_start,
                    in_quote: self.quote_depth > 0,
                });
            }
            self.out.push((Node::Markdown(Event::Text(kept.into())), range));
        }
    }

    /// Records an explicit id on a paragraph or list item; returns true when it is a
    /// recommendation.
    fn declare_block_id(
        &mut self,
        attrs: &Attributes,
        offset: usize,
        run_start: usize,
        target: IdTarget,
    ) -> bool {
        let text = plain_text(&self.out[run_start..]);
        let location = self.location(&(offset..offset + attrs.id.len() + 2));
        let is_rec =
            self.page.front.kind == PageKind::Recommendations && attrs.id.starts_with("r-");
        let target = if is_rec {
            IdTarget::Recommendation
        } else {
            target
        };
        self.declare_id(
            &attrs.id,
            IdOrigin::Explicit,
            target,
            first_words(&text, 12),
            location.clone(),
        );
        if is_rec {
            let title = attrs
                .get("title")
                .map(|(t, _)| t.to_string())
                .unwrap_or_else(|| first_words(&text, 8));
            let evidence = match attrs.get("evidence") {
                Some((value, at)) => self.attr_values(value, offset, at),
                None => Vec::new(),
            };
            self.rec_sections.push((
                self.doc.recommendations.len(),
                self.headings.len().checked_sub(1),
            ));
            self.doc.recommendations.push(Recommendation {
                id: attrs.id.clone(),
                title,
                text,
                section: None,
                evidence,
                location,
            });
        } else {
            for key in ["evidence", "title"] {
                if let Some((_, at)) = attrs.get(key) {
                    let help = if key == "evidence" {
                        "evidence belongs on a recommendation: an `r-` id on a page of kind `recommendations`"
                    } else {
                        "`title` names a recommendation: an `r-` id on a page of kind `recommendations`"
                    };
                    self.diags.push(
                        Diagnostic::error(format!("`{key}` is only allowed on recommendations"))
                            .at(self.location(&(offset + at - key.len() - 2..offset + at)))
                            .help(help),
                    );
                }
            }
        }
        if let Some((_, at)) = attrs.get("full") {
            self.diags.push(
                Diagnostic::error("`full` is only allowed on headings of Easy Read pages")
                    .at(self.location(&(offset + at - 6..offset + at)))
                    .help("put `full=\"…\"` on the Easy Read heading that explains that section"),
            );
        }
        is_rec
    }

    /// Splits a space-separated value (`evidence="q-a q-b"`) into located entries.
    fn attr_values(&self, value: &str, list_offset: usize, value_at: usize) -> Vec<AttrValue> {
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

    fn declare_id(
        &mut self,
        id: &str,
        origin: IdOrigin,
        target: IdTarget,
        text: String,
        location: Location,
    ) {
        if origin == IdOrigin::Explicit {
            if let Some(why) = ids::reserved_reason(id) {
                self.diags.push(
                    Diagnostic::error(format!("the id `{id}` cannot be given here: {why}"))
                        .at(location.clone())
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
            location,
        });
    }

    // -- headings -------------------------------------------------------------

    fn end_heading(&mut self) {
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
        if text.trim().is_empty() {
            self.diags.push(
                Diagnostic::error("this heading has no text")
                    .at(self.location(&range))
                    .help("write the heading's words after the `#` marks, or delete the line (screen-reader users move through a page by its headings)"),
            );
        }
        if level == 1 {
            self.diags.push(
                Diagnostic::error("a `#` heading in the body: the page title is the page's only level-1 heading")
                    .at(self.location(&range))
                    .help("start body headings at `##` (the title comes from the front matter's `title:`)"),
            );
        } else if level > self.last_level + 1 {
            self.diags.push(
                Diagnostic::warning(format!(
                    "this level-{level} heading skips a level (the heading before it is level {})",
                    self.last_level
                ))
                .at(self.location(&range))
                .help(format!(
                    "use {} here, so that screen-reader users can follow the outline",
                    "#".repeat(self.last_level as usize + 1)
                )),
            );
        }
        self.last_level = level;
        let mut explicit = None;
        let mut full = None;
        let mut offset = self.page.body_offset + range.start;
        if let Some((attrs, at)) = attrs {
            offset = at;
            let location = self.location(&(at..at + attrs.id.len() + 2));
            self.declare_id(
                &attrs.id,
                IdOrigin::Explicit,
                IdTarget::Heading,
                text.clone(),
                location,
            );
            if let Some((value, vat)) = attrs.get("full") {
                if self.page.front.kind == PageKind::EasyRead {
                    full = self.attr_values(value, at, vat).into_iter().next();
                } else {
                    self.diags.push(
                        Diagnostic::error("`full` is only allowed on headings of Easy Read pages")
                            .at(self.location(&(at + vat - 6..at + vat)))
                            .help("give the page `kind: easy-read`, or remove `full=\"…\"`"),
                    );
                }
            }
            for key in ["evidence", "title"] {
                if let Some((_, vat)) = attrs.get(key) {
                    self.diags.push(
                        Diagnostic::error(format!("`{key}` is not allowed on a heading"))
                            .at(self.location(&(at + vat - key.len() - 2..at + vat)))
                            .help("`evidence` and `title` belong on recommendations (paragraphs or list items with an `r-` id)"),
                    );
                }
            }
            explicit = Some(attrs.id);
        }
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
        self.leaf(Leaf::Attached { id: String::new() });
        self.note_block_in_quote(None);
    }

    /// Gives every heading its id, now that all explicit ids of the page are known,
    /// and writes the heading tags.
    fn settle_headings(&mut self) {
        let headings = std::mem::take(&mut self.headings);
        for h in &headings {
            let id = match &h.explicit {
                Some(id) => id.clone(),
                None => {
                    let id = self.ids.unique(&ids::slugify(&h.text), "section");
                    let location = self.page.source.location(h.offset, 0);
                    self.declare_id(
                        &id,
                        IdOrigin::FromHeading,
                        IdTarget::Heading,
                        h.text.clone(),
                        location,
                    );
                    id
                }
            };
            let level = h.level.max(2);
            self.out[h.start].0 = Node::Open(Element::Heading {
                level,
                id: id.clone(),
            });
            self.out[h.end + 1].0 = Node::Leaf(Leaf::Attached { id: id.clone() });
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

    /// The page's nodes: `out` with the edits applied, closing nodes made copies of
    /// their openings, and footnote definitions taken out into the notes.
    fn write_nodes(&mut self) -> (Vec<Node<'static>>, Vec<Footnote>) {
        let Edits {
            mut spans,
            mut before,
        } = std::mem::take(&mut self.edits);
        let mut out = std::mem::take(&mut self.out);
        match_closings(&mut out);
        let total = out.len();
        let mut nodes: Vec<Node<'static>> = Vec::with_capacity(total + spans.len() * 2);
        let mut notes: Vec<Vec<Node<'static>>> = vec![Vec::new(); self.footnotes.len()];
        for (i, (node, _)) in out.into_iter().enumerate() {
            let target = match self.footnotes.holding(i) {
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
        (nodes, self.footnotes.notes(notes))
    }

    /// The part of `out` under the heading with the id `references`, up to the next
    /// heading of the same or a higher level.
    fn references_section(&self) -> Option<Range<usize>> {
        // `## References {#references}`, or a plain `## References`, whose id made
        // from its text is `references` too.
        let is_references = |h: &PendingHeading| match &h.explicit {
            Some(id) => id == "references",
            None => {
                ids::slugify(&h.text) == "references" && !self.ids.is_used("references")
            }
        };
        let at = self.headings.iter().position(is_references)?;
        let heading = &self.headings[at];
        let end = self.headings[at + 1..]
            .iter()
            .find(|h| h.level <= heading.level)
            .map_or(self.out.len(), |h| h.start);
        Some(heading.start..end)
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        self.flush_running();
        // Citations first: a glossary term never goes inside a citation.
        citations::link_citations(&mut self);
        glossary::link_terms(&mut self);
        glossary::settle_terms(&mut self);
        self.settle_headings();
        (self.doc.nodes, self.doc.footnotes) = self.write_nodes();
        (self.doc, self.diags)
    }
}

fn is_block(tag: &Tag) -> bool {
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

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The visible text of a run of nodes.
fn plain_text(nodes: &[(Node, Range<usize>)]) -> String {
    let mut text = String::new();
    for (node, _) in nodes {
        match node {
            Node::Markdown(Event::Text(t) | Event::Code(t)) => text.push_str(t),
            Node::Markdown(Event::SoftBreak | Event::HardBreak) => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// A paragraph's or list item's role, from whether it is a recommendation.
fn role_of(is_recommendation: bool) -> BlockRole {
    if is_recommendation {
        BlockRole::Recommendation
    } else {
        BlockRole::Plain
    }
}

/// Makes every closing node a copy of its opening node: openings are settled after
/// their closings are written (an id read at the end of a paragraph, a heading's id
/// once the page's ids are known).
fn match_closings(out: &mut [(Node, Range<usize>)]) {
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
fn split_text(target: &mut Vec<Node<'static>>, text: &str, mut replaced: Vec<(Range<usize>, Leaf)>) {
    replaced.sort_by_key(|(r, _)| r.start);
    let mut at = 0;
    for (range, leaf) in replaced {
        target.push(Node::Markdown(Event::Text(text[at..range.start].to_string().into())));
        target.push(Node::Leaf(leaf));
        at = range.end;
    }
    target.push(Node::Markdown(Event::Text(text[at..].to_string().into())));
}

/// The first `n` words of a text, with an ellipsis if there were more.
pub fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let taken: Vec<&str> = words.by_ref().take(n).collect();
    let mut s = taken.join(" ");
    if words.next().is_some() {
        s = s.trim_end_matches([',', ';', ':', '.']).to_string();
        s.push('…');
    }
    s
}

pub fn escape_html(s: &str) -> String {
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
