//! Tables in the Typst markup: the columns of a table, and a long table set in
//! pieces.

use super::{Element, Node};

/// A long table is set as several tables of [`ROWS_PER_PIECE`] rows, each with the
/// header: Typst's layout of one table grows faster than its rows (4,000 rows took
/// 2.3 s, 8,000 rows 6 s), of a table of a few hundred rows it does not.
pub(super) struct TablePieces {
    pub columns: usize,
    /// The header's markup (`header: (…), `), repeated at the top of each piece.
    pub header: String,
    pub header_start: usize,
    pub rows: usize,
}

const ROWS_PER_PIECE: usize = 250;

/// A body row: the first opens the body's cells; every [`ROWS_PER_PIECE`] rows the
/// table is closed and a new one opened with the same header.
pub(super) fn open_row(table: Option<&mut TablePieces>, out: &mut String, opens_body: bool) {
    let Some(table) = table else {
        if opens_body {
            out.push_str("body: (");
        }
        return;
    };
    if opens_body {
        table.rows = 0;
        out.push_str("body: (");
    } else if table.rows % ROWS_PER_PIECE == 0 {
        out.push_str(&format!(
            "))\n#data-table(columns: {}, {}body: (",
            table.columns, table.header
        ));
    }
    table.rows += 1;
}

/// Columns of a table: the cells of its first row.
pub(super) fn table_columns(rest: &[Node]) -> usize {
    let mut depth = 0usize;
    let mut cells = 0;
    for node in rest {
        match node {
            Node::Open(Element::TableCell { .. }) => {
                if depth == 0 {
                    cells += 1;
                }
                depth += 1;
            }
            Node::Close(Element::TableCell { .. }) => depth = depth.saturating_sub(1),
            Node::Close(Element::TableHead | Element::TableRow { .. }) => break,
            _ => {}
        }
    }
    cells.max(1)
}

#[cfg(test)]
mod tests {
    use super::super::typst::{page, Dest, Resolved};
    use super::{Element, Node, ROWS_PER_PIECE};
    use pulldown_cmark::{Alignment, CowStr, Event};

    fn cell(head: bool, text: &'static str) -> [Node<'static>; 3] {
        let element = Element::TableCell {
            head,
            align: Alignment::None,
        };
        [
            Node::Open(element.clone()),
            Node::Markdown(Event::Text(CowStr::Borrowed(text))),
            Node::Close(element),
        ]
    }

    /// A table of one header cell and `rows` body rows, as Typst markup.
    fn table_markup(rows: usize) -> String {
        let table = Element::Table {
            number: 1,
            has_body: rows > 0,
        };
        let mut nodes = vec![Node::Open(table.clone()), Node::Open(Element::TableHead)];
        nodes.extend(cell(true, "Name"));
        nodes.push(Node::Close(Element::TableHead));
        for i in 0..rows {
            let row = Element::TableRow { opens_body: i == 0 };
            nodes.push(Node::Open(row.clone()));
            nodes.extend(cell(false, "x"));
            nodes.push(Node::Close(row));
        }
        nodes.push(Node::Close(table));
        let links = crate::doc::Generated {
            links: &[] as &[Dest],
            place: &|_| Dest::Nowhere,
        };
        let strings = crate::model::Strings::new(Default::default());
        let resolved = Resolved {
            page: &links,
            label: &|id| id.to_string(),
            strings: &strings,
        };
        page(&nodes, &[], &resolved).text
    }

    #[test]
    fn a_short_table_is_one_table_with_its_header() {
        let markup = table_markup(3);
        assert_eq!(markup.matches("#data-table(").count(), 1, "{markup}");
        assert_eq!(markup.matches("header: (").count(), 1, "{markup}");
        assert_eq!(markup.matches("[x]").count(), 3, "{markup}");
    }

    #[test]
    fn a_long_table_is_set_in_pieces_each_with_the_header_and_no_row_lost() {
        let rows = ROWS_PER_PIECE * 2 + 1;
        let markup = table_markup(rows);
        assert_eq!(markup.matches("#data-table(").count(), 3, "three pieces");
        assert_eq!(
            markup.matches("header: ([Name]").count(),
            3,
            "each with the header"
        );
        assert_eq!(markup.matches("[x]").count(), rows);
        // The brackets still balance: each piece is closed before the next opens.
        assert_eq!(
            markup.matches('(').count(),
            markup.matches(')').count(),
            "{markup}"
        );
    }
}
