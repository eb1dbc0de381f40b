//! Stage 2, parse: one page's markdown into a [`Document`]: its typed nodes (see
//! [`crate::doc`]), plus the page's headings, ids, links, quotes and recommendations
//! for the link stage.
//!
//! A reader and passes. The reader (`reader.rs`, with `blocks.rs`, `headings.rs`,
//! `quotes.rs`, `terms.rs`, `footnotes.rs`) turns pulldown-cmark's events into typed
//! nodes in one walk, under a nesting limit (`nesting.rs`): attribute lists, ids from
//! one authority per page (`ids.rs`), attributed quotes, figures, tables, code blocks
//! with their language, the glossary's terms, footnote references; what a page's kind
//! allows is decided once ([`PageRules`]). Then the passes, through a narrow API
//! (`pass.rs`): recommendations recognised among the explicit ids of paragraphs and
//! list items (`recommendations.rs`), author–year citations linked to the reference
//! list (`citations.rs`), the first use of each glossary term linked (`glossary.rs`).
//! Last, headings and terms get their ids, the passes' edits are applied and the
//! notes gathered (`output.rs`). Highlighting is the HTML renderer's.

pub mod attributes;
mod blocks;
mod citations;
mod footnotes;
mod foreign;
pub mod glossary;
mod headings;
pub mod ids;
mod nesting;
mod office;
mod output;
mod pass;
mod quotes;
mod reader;
mod recommendations;
pub(crate) mod store;
mod terms;

use blocks::{BlockId, BlockSpan, ParaInfo};
use headings::PendingHeading;
use output::Edits;
use reader::{Frame, TextRun};

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser};

use crate::diagnostics::{Diagnostic, Location};
use crate::doc::{AttachAt, BlockRole, Element, Footnote, Leaf, Node};
use crate::model::*;
use attributes::Attributes;

pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
}

/// Parses one page. Problems are returned, not raised, so every page is parsed.
/// An Easy Read page is linted as it is parsed (`Document::easy_read`).
pub fn parse_page(
    page: &LoadedPage,
    glossary: Option<&glossary::GlossaryIndex>,
) -> (Document, Vec<Diagnostic>) {
    parse_with(page, glossary, true)
}

/// Parses a page again for its tree alone (the render stage's, for a page whose tree
/// was let go of): its problems and lint were reported the first time.
pub(crate) fn parse_tree_again(
    page: &LoadedPage,
    glossary: Option<&glossary::GlossaryIndex>,
) -> Document {
    parse_with(page, glossary, false).0
}

fn parse_with(
    page: &LoadedPage,
    glossary: Option<&glossary::GlossaryIndex>,
    lint: bool,
) -> (Document, Vec<Diagnostic>) {
    let body = &page.source.text[page.body_offset..];
    let mut state = PageParser::new(page, body);
    state.glossary = glossary;
    state.lint = lint && state.rules.easy_read;
    let mut nesting = nesting::Nesting::default();
    let mut foreign = foreign::Foreign::default();
    let mut office = office::Office::default();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        if !nesting.step(&event) {
            return (Document::default(), vec![too_deep(&state, &range)]);
        }
        foreign.event(page, &event, &range);
        let event = office.event(page, event, &range);
        state.event(event, range);
    }
    let (mut doc, mut diags) = state.finish();
    doc.raw_html = office
        .first_html
        .map(|at| page.source.location(page.body_offset + at, 1));
    diags.extend(foreign.found);
    diags.extend(office.found);
    (doc, diags)
}

fn too_deep(state: &PageParser, range: &Range<usize>) -> Diagnostic {
    Diagnostic::error(format!(
        "quotes, lists or HTML elements are nested more than {} deep here",
        nesting::MAX_NESTING
    ))
    .at(state.location(&(range.start..range.start)))
    .help("a page this deeply nested cannot be read by anyone: check for a run of `>` or list markers, or HTML tags that are opened and never closed")
}

struct PageParser<'a> {
    page: &'a LoadedPage,
    rules: PageRules,
    body: &'a str,
    out: Vec<(Node<'a>, Range<usize>)>,
    stack: Vec<Frame>,
    doc: Document,
    diags: Vec<Diagnostic>,
    headings: Vec<PendingHeading>,
    /// Every id of this page: explicit ones, glossary terms, then headings.
    ids: ids::IdAuthority,
    /// Explicit ids of paragraphs and list items, for the recommendations pass.
    block_ids: Vec<BlockId>,
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
    /// Lint the page's Easy Read text once it is read (see [`PageParser::lint_easy_read`]).
    lint: bool,
}

/// What a page's kind and place give meaning to, decided once for the reader and
/// the passes: the content format's page-kind rules, in one place.
struct PageRules {
    /// `r-` ids make recommendations (a page of kind `recommendations`).
    recommendations: bool,
    /// `full="…"` on headings pairs them with the full text, and a picture that starts
    /// a paragraph is set beside it (a page of kind `easy-read`).
    easy_read: bool,
    /// Terms and definitions make the site's glossary (`content/glossary.md`).
    glossary: bool,
}

impl PageRules {
    fn of(page: &LoadedPage) -> PageRules {
        PageRules {
            recommendations: page.front.kind == PageKind::Recommendations,
            easy_read: page.front.kind == PageKind::EasyRead,
            glossary: page.source.rel == glossary::GLOSSARY_PAGE,
        }
    }

    fn is_recommendation(&self, id: &str) -> bool {
        self.recommendations && id.starts_with("r-")
    }
}

impl<'a> PageParser<'a> {
    fn new(page: &'a LoadedPage, body: &'a str) -> Self {
        PageParser {
            page,
            rules: PageRules::of(page),
            body,
            out: Vec::with_capacity(256),
            stack: Vec::new(),
            doc: Document::default(),
            diags: Vec::new(),
            headings: Vec::new(),
            ids: ids::IdAuthority::new(),
            block_ids: Vec::new(),
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
            lint: false,
        }
    }

    /// Where a byte range of the body is in the page's file.
    fn span(&self, range: &Range<usize>) -> Span {
        let len = range.end.saturating_sub(range.start);
        Span::new(self.page.body_offset + range.start, len)
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

    // -- paragraphs, list items and attribute lists ---------------------------

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        self.flush_running();
        if self.lint {
            self.lint_easy_read();
        }
        recommendations::recognise(&mut self);
        // Citations first: a glossary term never goes inside a citation.
        citations::link_citations(&mut self);
        glossary::link_terms(&mut self);
        self.settle_terms();
        self.settle_headings();
        (self.doc.nodes, self.doc.footnotes) = self.write_nodes();
        (self.doc, self.diags)
    }
}

impl PageParser<'_> {
    /// The Easy Read lint over the nodes as read, before the passes split their text,
    /// each node with where it is in the body.
    fn lint_easy_read(&mut self) {
        let empty = crate::lint::Vocabulary::default();
        let vocabulary = self.glossary.map_or(&empty, |g| g.vocabulary());
        let offset = self.page.body_offset;
        let notes = crate::lint::read_page(&self.out, self.body, vocabulary, offset);
        self.doc.easy_read = Some(notes);
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

/// The first `n` words of a text, with an ellipsis if there were more.
pub(crate) fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let taken: Vec<&str> = words.by_ref().take(n).collect();
    let mut s = taken.join(" ");
    if words.next().is_some() {
        s = s.trim_end_matches([',', ';', ':', '.']).to_string();
        s.push('…');
    }
    s
}
