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
