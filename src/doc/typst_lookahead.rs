//! What the nodes after a block say about how the Typst renderer sets it: a note
//! that is one paragraph, a list item that opens with a picture, a paragraph that
//! introduces a list, a list short enough to keep on one page.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{BlockRole, Element, Leaf, Node};

/// A list at most this long, counted in characters of text (an item counts 40 more
/// for its spacing, a picture or what another page attaches 200), is kept on one
/// page: about a third of an A4 page of body text.
const SHORT_LIST: usize = 700;

/// The list whose start `rest` follows is short: it fits in a third of a page, so a
/// page break inside it would leave a few items behind for nothing. Counting stops
/// at the limit, so a long list is not read to its end. `shows_attached(id)`: the
/// element `id` shows what other pages attach (every element with an id has a place
/// for it, most of them empty).
pub(super) fn is_short_list(rest: &[Node], shows_attached: &dyn Fn(&str) -> bool) -> bool {
    let (mut depth, mut size) = (1usize, 0usize);
    for node in rest {
        size += match node {
            Node::Markdown(Event::Start(Tag::List(_))) => {
                depth += 1;
                0
            }
            Node::Markdown(Event::End(TagEnd::List(_))) => {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
                0
            }
            Node::Markdown(Event::Text(text) | Event::Code(text)) => text.chars().count(),
            Node::Open(Element::Item { .. }) => 40,
            Node::Leaf(Leaf::Image { .. }) => 200,
            Node::Leaf(Leaf::Attached { id, .. }) if shows_attached(id) => 200,
            _ => 0,
        };
        if size > SHORT_LIST {
            return false;
        }
    }
    false
}

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
        && matches!(
            rest.get(end + 1),
            Some(Node::Markdown(Event::Start(Tag::List(_))))
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::node::AttachAt;
    use pulldown_cmark::CowStr;

    /// A list of `n` items with ids, each `words` characters long.
    fn list(n: usize, words: usize) -> Vec<Node<'static>> {
        let mut nodes = Vec::new();
        for i in 0..n {
            let item = Element::Item {
                id: Some(format!("f-{i}")),
                role: BlockRole::Plain,
            };
            nodes.push(Node::Open(item.clone()));
            nodes.push(Node::Markdown(Event::Text(CowStr::from("x".repeat(words)))));
            nodes.push(Node::Leaf(Leaf::Attached {
                id: format!("f-{i}"),
                at: AttachAt::Element,
            }));
            nodes.push(Node::Close(item));
        }
        nodes.push(Node::Markdown(Event::End(TagEnd::List(false))));
        nodes
    }

    #[test]
    fn a_list_is_short_by_its_text_and_by_what_is_attached_to_it_not_by_its_ids() {
        let nothing = |_: &str| false;
        let everything = |_: &str| true;
        assert!(is_short_list(&list(5, 60), &nothing), "5 short items");
        assert!(
            !is_short_list(&list(5, 60), &everything),
            "5 items with evidence"
        );
        assert!(!is_short_list(&list(3, 400), &nothing), "3 long items");
    }
}
