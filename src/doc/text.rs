//! The plain-text renderer of the typed document: the words of a section, a block per
//! line, for comparing what a text says (Easy Read review) rather than how it is
//! written (a line re-wrapped or a link re-pointed changes nothing here).

use pulldown_cmark::{Event, TagEnd};

use super::{Element, Leaf, Node};

/// The nodes of the element with this id, or of the section under the heading with
/// it (up to the next heading of the same or a higher level). `None` if no element
/// of the page has the id.
pub(crate) fn section<'n, 'a>(nodes: &'n [Node<'a>], id: &str) -> Option<&'n [Node<'a>]> {
    let start = nodes.iter().position(|n| match n {
        Node::Open(element) => element_id(element) == Some(id),
        _ => false,
    })?;
    let end = match &nodes[start] {
        Node::Open(Element::Heading { level, .. }) => nodes[start + 1..]
            .iter()
            .position(|n| matches!(n, Node::Open(Element::Heading { level: l, .. }) if l <= level))
            .map_or(nodes.len(), |i| start + 1 + i),
        _ => start + closing(&nodes[start..]),
    };
    Some(&nodes[start..end])
}

/// One past the node that closes the first node (the nodes form a tree).
fn closing(nodes: &[Node]) -> usize {
    let mut depth = 0usize;
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Open(_) | Node::Markdown(Event::Start(_)) => depth += 1,
            Node::Close(_) | Node::Markdown(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return i + 1;
        }
    }
    nodes.len()
}

fn element_id(element: &Element) -> Option<&str> {
    match element {
        Element::Heading { id, .. }
        | Element::GlossaryTerm { id }
        | Element::ReferenceEntry { id, .. } => Some(id),
        Element::Paragraph { id, .. }
        | Element::Item { id, .. }
        | Element::AttributedQuote { id } => id.as_deref(),
        _ => None,
    }
}

/// The words of the nodes: each heading, paragraph, list item and table cell on a
/// line of its own, spaces collapsed. Pictures give their descriptions; the places
/// other pages attach to give nothing (they are not the text's own words).
pub(crate) fn plain(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            // A text may hold the line breaks of its source: they end no block.
            Node::Markdown(Event::Text(t) | Event::Code(t)) => out.push_str(&t.replace('\n', " ")),
            Node::Markdown(Event::SoftBreak | Event::HardBreak) => out.push(' '),
            Node::Markdown(Event::End(end)) if ends_block(end) => out.push('\n'),
            Node::Close(element) if !matches!(element, Element::Link { .. }) => out.push('\n'),
            Node::Leaf(leaf) => push_leaf(&mut out, leaf),
            _ => {}
        }
    }
    out.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn ends_block(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn push_leaf(out: &mut String, leaf: &Leaf) {
    match leaf {
        Leaf::Image { alt, .. } if !alt.is_empty() => out.push_str(&format!("(Picture: {alt}) ")),
        Leaf::Image { .. } => {}
        Leaf::Figure { alt, caption, .. } => {
            out.push_str(&format!("\n{alt}\n{caption}\n"));
        }
        Leaf::Code { code, .. } => {
            out.push('\n');
            out.push_str(code);
            out.push('\n');
        }
        Leaf::Citation { text, .. } | Leaf::Term { text, .. } | Leaf::WordToKnow { text, .. } => {
            out.push_str(text)
        }
        Leaf::Attached { .. } | Leaf::CitedBy { .. } | Leaf::FootnoteRef { .. } => {}
        Leaf::Unseen { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::BlockRole;
    use pulldown_cmark::{CowStr, Tag};

    fn heading(level: u8, id: &str, text: &'static str) -> Vec<Node<'static>> {
        let element = Element::Heading {
            level,
            id: id.into(),
        };
        vec![
            Node::Open(element.clone()),
            Node::Markdown(Event::Text(CowStr::Borrowed(text))),
            Node::Close(element),
        ]
    }

    fn paragraph(text: &'static str) -> Vec<Node<'static>> {
        let element = Element::Paragraph {
            id: None,
            role: BlockRole::Plain,
        };
        vec![
            Node::Open(element.clone()),
            Node::Markdown(Event::Text(CowStr::Borrowed(text))),
            Node::Markdown(Event::SoftBreak),
            Node::Markdown(Event::Start(Tag::Emphasis)),
            Node::Markdown(Event::Text(CowStr::Borrowed("matter"))),
            Node::Markdown(Event::End(TagEnd::Emphasis)),
            Node::Close(element),
        ]
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level_or_higher() {
        let nodes: Vec<Node> = [
            heading(2, "a", "First"),
            paragraph("Words  that"),
            heading(3, "a-1", "Inner"),
            paragraph("More"),
            heading(2, "b", "Second"),
            paragraph("Not this"),
        ]
        .concat();
        let section = section(&nodes, "a").unwrap();
        assert_eq!(
            plain(section),
            "First\nWords that matter\nInner\nMore matter"
        );
        assert_eq!(
            plain(super::section(&nodes, "a-1").unwrap()),
            "Inner\nMore matter"
        );
        assert!(super::section(&nodes, "missing").is_none());
    }
}
