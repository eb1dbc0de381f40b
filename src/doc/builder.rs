//! A small builder of typed documents, for the pages pubgen writes itself: headings,
//! paragraphs and lists of text and links, made of the same [`Node`]s the parse stage
//! makes of markdown, so every renderer shows them the same way.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::BlockRole;
use super::{Element, GeneratedDoc, Leaf, Node};
use crate::model::{Heading, Target};

/// A run of inline content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Span {
    Text(String),
    /// A link and its text.
    Link(Target, String),
    /// The title of a work (set in italics).
    Title(String),
    /// A link, its text, and words a screen reader says after the text and the page
    /// does not show ([`Leaf::Unseen`]): the page a section is on.
    LinkSaying(Target, String, String),
}

impl Span {
    pub(crate) fn text(text: impl Into<String>) -> Span {
        Span::Text(text.into())
    }

    pub(crate) fn link(target: Target, text: impl Into<String>) -> Span {
        Span::Link(target, text.into())
    }
}

/// Builds a [`GeneratedDoc`] block by block.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    nodes: Vec<Node<'static>>,
    links: Vec<Target>,
    headings: Vec<Heading>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder::default()
    }

    /// A heading with its id.
    pub(crate) fn heading(&mut self, level: u8, id: &str, spans: &[Span]) {
        let element = Element::Heading {
            level,
            id: id.to_string(),
        };
        self.headings.push(Heading {
            level,
            id: id.to_string(),
            text: plain_text(spans),
            full: None,
        });
        self.nodes.push(Node::Open(element.clone()));
        self.spans(spans);
        self.nodes.push(Node::Close(element));
    }

    pub(crate) fn paragraph(&mut self, spans: &[Span]) {
        let element = Element::Paragraph {
            id: None,
            role: BlockRole::Plain,
        };
        self.nodes.push(Node::Open(element.clone()));
        self.spans(spans);
        self.nodes.push(Node::Close(element));
    }

    /// A bulleted list whose items are each a line of text.
    pub(crate) fn list<I: IntoIterator<Item = Vec<Span>>>(&mut self, items: I) {
        self.open_list();
        for spans in items {
            self.open_item();
            self.spans(&spans);
            self.close_item();
        }
        self.close_list();
    }

    /// A bulleted list, for items made of blocks ([`Builder::open_item`]).
    pub(crate) fn open_list(&mut self) {
        self.markdown(Event::Start(Tag::List(None)));
    }

    pub(crate) fn close_list(&mut self) {
        self.markdown(Event::End(TagEnd::List(false)));
    }

    /// Inline content of the open item (a tight item: no paragraph around it).
    pub(crate) fn line(&mut self, spans: &[Span]) {
        self.spans(spans);
    }

    pub(crate) fn open_item(&mut self) {
        self.nodes.push(Node::Open(item()));
    }

    pub(crate) fn close_item(&mut self) {
        self.nodes.push(Node::Close(item()));
    }

    fn spans(&mut self, spans: &[Span]) {
        for span in spans {
            match span {
                Span::Text(text) => self.text(text),
                Span::Link(target, text) => self.link(target, text, None),
                Span::LinkSaying(target, text, unseen) => self.link(target, text, Some(unseen)),
                Span::Title(text) => {
                    self.markdown(Event::Start(Tag::Emphasis));
                    self.text(text);
                    self.markdown(Event::End(TagEnd::Emphasis));
                }
            }
        }
    }

    fn link(&mut self, target: &Target, text: &str, unseen: Option<&String>) {
        let element = Element::Link {
            link: self.links.len(),
            title: String::new(),
        };
        self.links.push(target.clone());
        self.nodes.push(Node::Open(element.clone()));
        self.text(text);
        if let Some(unseen) = unseen {
            let text = unseen.clone();
            self.nodes.push(Node::Leaf(Leaf::Unseen { text }));
        }
        self.nodes.push(Node::Close(element));
    }

    fn text(&mut self, text: &str) {
        if !text.is_empty() {
            self.markdown(Event::Text(CowStr::from(text.to_string())));
        }
    }

    fn markdown(&mut self, event: Event<'static>) {
        self.nodes.push(Node::Markdown(event));
    }

    /// The document, published at `url`.
    pub(crate) fn finish(self, url: &'static str, title: &str, description: &str) -> GeneratedDoc {
        debug_assert!(super::is_balanced(&self.nodes));
        GeneratedDoc {
            url,
            title: title.to_string(),
            description: description.to_string(),
            nodes: self.nodes,
            links: self.links,
            headings: self.headings,
        }
    }
}

fn item() -> Element {
    Element::Item {
        id: None,
        role: BlockRole::Plain,
    }
}

fn plain_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) | Span::Link(_, t) | Span::Title(t) | Span::LinkSaying(_, t, _) => {
                t.as_str()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_document_is_a_tree_whose_links_are_numbered_in_order() {
        let mut b = Builder::new();
        b.heading(2, "a", &[Span::text("First")]);
        b.paragraph(&[
            Span::text("See "),
            Span::link(Target::AsWritten("https://example.org".into()), "this"),
        ]);
        b.list([vec![Span::link(Target::AsWritten("x".into()), "x")]]);
        let doc = b.finish("/x/", "X", "An x");
        assert!(super::super::is_balanced(&doc.nodes));
        assert_eq!(doc.links.len(), 2);
        assert_eq!(doc.headings[0].text, "First");
    }
}
