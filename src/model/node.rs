//! The typed document's nodes: what the parse stage makes of one page, and what
//! every renderer (`crate::doc`) walks.
//!
//! A page is a sequence of [`Node`]s in which every [`Node::Open`] has its
//! [`Node::Close`] (and every CommonMark start its end): a tree, walked depth-first, in
//! the shape pulldown-cmark gives markdown itself. CommonMark content (text, emphasis,
//! lists, rules, the raw HTML an editor wrote) stays as pulldown-cmark's events; what
//! the content format gives meaning to is typed: headings and blocks with their ids,
//! recommendations, attributed quotes, figures, tables, code, citations, glossary
//! terms, footnotes, and links as references to the page's `LinkRef`s, resolved by
//! the link stage. Nothing here is HTML: `crate::doc::html` is one renderer over it.

use pulldown_cmark::{Alignment, Event};

use super::Place;

/// One node of a page. See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// CommonMark content as pulldown-cmark reads it.
    Markdown(Event<'a>),
    Open(Element),
    Close(Element),
    /// Content that holds no other nodes.
    Leaf(Leaf),
}

impl Node<'_> {
    pub(crate) fn into_static(self) -> Node<'static> {
        match self {
            Node::Markdown(event) => Node::Markdown(event.into_static()),
            Node::Open(e) => Node::Open(e),
            Node::Close(e) => Node::Close(e),
            Node::Leaf(l) => Node::Leaf(l),
        }
    }

    /// The text of a CommonMark text event.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Node::Markdown(Event::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// The elements the content format gives meaning to, each with what it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Paragraph {
        id: Option<String>,
        role: BlockRole,
    },
    /// A list item (its list is CommonMark's).
    Item {
        id: Option<String>,
        role: BlockRole,
    },
    Heading {
        level: u8,
        id: String,
    },
    /// A blockquote without an attribution.
    Quote,
    /// A quote with an attribution: the quote's blocks, then its [`Element::Attribution`].
    AttributedQuote {
        id: Option<String>,
    },
    Attribution,
    /// A link; `link` indexes the page's `Document::links`.
    Link {
        link: usize,
        title: String,
    },
    /// A table: `number` counts the page's tables; `has_body` when it has body rows.
    Table {
        number: usize,
        has_body: bool,
    },
    TableHead,
    TableRow {
        /// The first row of the body (after the head).
        opens_body: bool,
    },
    TableCell {
        head: bool,
        align: Alignment,
    },
    /// A term of the glossary page.
    GlossaryTerm {
        id: String,
    },
    /// The reference list of a page with citations.
    References,
    /// A reference entry of that list (a paragraph or list item).
    ReferenceEntry {
        id: String,
        item: bool,
    },
}

/// What a paragraph or list item is to the publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockRole {
    #[default]
    Plain,
    /// A recommendation (an `r-` id on a recommendations page).
    Recommendation,
    /// An Easy Read paragraph that starts with its picture, set beside its text.
    PictureRow,
}

/// Content that holds no other nodes.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    /// A picture; `link` indexes the page's `Document::links`. An empty `alt` with no
    /// title is a decorative picture.
    Image {
        link: usize,
        alt: String,
        title: String,
    },
    /// A picture alone in its paragraph, with its title as the caption.
    Figure {
        link: usize,
        alt: String,
        caption: String,
    },
    /// A code block: its language (from the fence, may be empty) and its text.
    Code { lang: String, code: String },
    /// Where what other pages attach to the element `id` goes: evidence after a
    /// recommendation, "supports" backlinks on evidence, Easy Read pairing on headings.
    /// `at` says which of them this place holds.
    Attached { id: String, at: AttachAt },
    /// An author–year citation, linked to its reference entry.
    Citation {
        id: String,
        entry: String,
        text: String,
    },
    /// The links from a reference entry back to each citation of it.
    CitedBy {
        citations: Vec<String>,
        /// The entry as its back-links name it (`Beach, 2006`).
        entry: String,
    },
    /// The first use of a glossary term on a page; `link` indexes `Document::links`,
    /// `abbr` is the expansion of an abbreviation.
    Term {
        link: usize,
        text: String,
        abbr: Option<String>,
    },
    /// A reference to footnote `number`; `id` is this reference's own.
    FootnoteRef { number: usize, id: String },
    /// On an Easy Read page, the first use of a glossary word, linked to its Easy Read
    /// explanation under "Words to know" on the same page (`id` is the term's).
    WordToKnow { id: String, text: String },
    /// Words said by a screen reader and not shown, in a page pubgen writes: the page
    /// a section's link is on, where two links would otherwise sound alike.
    Unseen { text: String },
}

/// Which of an element's attachments a [`Leaf::Attached`] place holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachAt {
    /// After a paragraph, list item or quote: all of them.
    Element,
    /// Right after a heading: the way to the other version of its section.
    Heading,
    /// Where a heading's own text ends (before the next heading): the recommendations
    /// the section supports, read after the section rather than before its first word.
    SectionEnd,
}

impl AttachAt {
    pub(crate) fn holds(self, attachment: &Attachment) -> bool {
        let supports = matches!(attachment, Attachment::Supports { .. });
        match self {
            AttachAt::Element => true,
            AttachAt::Heading => !supports,
            AttachAt::SectionEnd => supports,
        }
    }
}

/// What other pages attach to an element with an id (the link stage decides it; the
/// document holds only the [`Leaf::Attached`] place where it goes).
#[derive(Debug, Clone, PartialEq)]
pub enum Attachment {
    /// After a recommendation: the evidence declared for it.
    Evidence(Vec<Reference>),
    /// On a piece of evidence: the recommendations it supports (`inline` in a quote's
    /// attribution, else a block of its own).
    Supports {
        inline: bool,
        recommendations: Vec<Reference>,
    },
    /// On an Easy Read section: the full text it explains.
    FullVersion(Reference),
    /// On a full-text section: the Easy Read section that explains it.
    EasyReadVersion(Reference),
    /// On a quote or recommendation: its citation, for readers to copy. `what` is
    /// `quote` or `recommendation` (its disclosure's name follows what it cites, so
    /// it needs no other).
    Cite { what: &'static str, text: String },
}

/// A place in the publication and the words that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub place: Place,
    pub text: String,
}

/// A footnote, in the order of the notes section: its number, how many places refer
/// to it, and its text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Footnote {
    pub number: usize,
    pub refs: usize,
    pub nodes: Vec<Node<'static>>,
}

/// The indexes into `Document::links` that the nodes refer to.
pub fn link_indexes<'n>(nodes: &'n [Node<'n>]) -> impl Iterator<Item = usize> + 'n {
    nodes.iter().filter_map(|node| match node {
        Node::Open(Element::Link { link, .. })
        | Node::Leaf(
            Leaf::Image { link, .. } | Leaf::Figure { link, .. } | Leaf::Term { link, .. },
        ) => Some(*link),
        _ => None,
    })
}

/// Whether the nodes form a tree: every opening (typed or CommonMark) closed by its
/// own closing, in order.
pub fn is_balanced(nodes: &[Node]) -> bool {
    let mut open: Vec<&Node> = Vec::new();
    for node in nodes {
        match node {
            Node::Open(_) | Node::Markdown(Event::Start(_)) => open.push(node),
            Node::Close(element) => match open.pop() {
                Some(Node::Open(opened)) if opened == element => {}
                _ => return false,
            },
            Node::Markdown(Event::End(end)) => match open.pop() {
                Some(Node::Markdown(Event::Start(tag))) if tag.to_end() == *end => {}
                _ => return false,
            },
            _ => {}
        }
    }
    open.is_empty()
}

/// A page pubgen writes itself (the accessibility statement, the evidence overview)
/// as a typed document, the same nodes a page of `content/` is made of, so that the
/// HTML, Typst and EPUB renderers all show it. Its links are resolved already.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GeneratedDoc {
    /// Where it is published (`/accessibility/`).
    pub url: &'static str,
    pub title: String,
    pub description: String,
    pub nodes: Vec<Node<'static>>,
    /// Where each link of the nodes leads, by index (as `LinkedSite::targets` for a
    /// page of `content/`).
    pub links: Vec<super::Target>,
    /// Its headings, for a download's contents and labels.
    pub headings: Vec<super::Heading>,
}

impl GeneratedDoc {
    /// `fragment` when it is the id of one of its headings (a place a download can
    /// label), else none: the document itself.
    pub(crate) fn heading_id<'f>(&self, fragment: &'f Option<String>) -> Option<&'f str> {
        fragment
            .as_deref()
            .filter(|f| self.headings.iter().any(|h| h.id == *f))
    }
}
