//! The renderers of the typed document (its nodes are in [`crate::model::node`]):
//! HTML ([`html`]), Typst markup for the PDF ([`typst`]) and plain text ([`text`]).

pub mod builder;
mod highlight;
pub mod html;
pub mod text;
pub mod typst;
mod typst_escape;
mod typst_table;

pub use crate::model::node::*;

/// What a document pubgen writes itself has attached to its elements: nothing (its
/// renderers' `attached`).
pub fn nothing_attached<'a>(_id: &str) -> &'a [Attachment] {
    &[]
}

/// A generated document names no recommendation by its id (its renderers'
/// `recommendation`).
pub fn no_recommendation(_id: &str) -> Option<String> {
    None
}

/// Text made safe to put in HTML or XML, as text or in a quoted attribute.
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
