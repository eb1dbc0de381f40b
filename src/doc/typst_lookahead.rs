//! What the nodes after a block say about how the Typst renderer sets it: a note
//! that is one paragraph, a list item that opens with a picture, a paragraph that
//! introduces a list.

use pulldown_cmark::{Event, Tag};

use super::{BlockRole, Element, Node};

/// The inside of nodes that are one paragraph (a note's text runs on from its number).
pub(super) fn single_paragraph<'n, 'a>(nodes: &'n [Node<'a>]) -> Option<&'n [Node<'a>]> {
    let (Some(Node::Open(Element::Paragraph { id: None, .. })), Some(Node::Close(_))) =
        (nodes.first(), nodes.last())
    else {
        return None;
    };
    let inner = &nodes[1..nodes.len() - 1];
    let nested = inner.iter().any(|n| {
        matches!(
            n,
            Node::Open(Element::Paragraph { .. }) | Node::Close(Element::Paragraph { .. })
        )
    });
    (!nested).then_some(inner)
}

/// A list item that opens with an Easy Read picture row.
pub(super) fn starts_with_picture(role: BlockRole, rest: &[Node]) -> bool {
    role == BlockRole::PictureRow
        || role == BlockRole::Plain
            && matches!(
                rest.first(),
                Some(Node::Open(Element::Paragraph {
                    role: BlockRole::PictureRow,
                    ..
                }))
            )
}

/// A paragraph that ends in a colon just before a list ("We recommend:"): it
/// introduces the list, so a page does not end with it.
pub(super) fn introduces_list(rest: &[Node]) -> bool {
    let Some(end) = rest
        .iter()
        .position(|n| matches!(n, Node::Close(Element::Paragraph { .. })))
    else {
        return false;
    };
    let ends_in_colon = rest[..end].iter().rev().find_map(|n| match n {
        Node::Markdown(Event::Text(text)) => Some(text.trim_end().ends_with(':')),
        _ => None,
    });
    ends_in_colon == Some(true)
        && matches!(rest.get(end + 1), Some(Node::Markdown(Event::Start(Tag::List(_)))))
}

