//! Fenced code highlighted by syntect into spans with CSS classes (`hl-keyword` …), so
//! colours live in the theme's `highlight.css` and follow light and dark mode.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

/// Loaded on first use only: most pages of a publication have no code.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The `<pre>` element for a code block. Unknown languages are shown plain.
pub(super) fn code_block(lang: &str, code: &str) -> String {
    let body = if lang.is_empty() {
        escape_html(code)
    } else {
        highlight(lang, code).unwrap_or_else(|| escape_html(code))
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(lang))
    };
    // tabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n")
}

fn highlight(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}
