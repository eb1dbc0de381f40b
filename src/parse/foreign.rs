//! Syntax of other tools that pubgen would publish as literal text: mdBook's
//! `{{#include …}}`, the template tags of Hugo, Jekyll and Zola (`{{ … }}`,
//! `{% … %}`), and kramdown's `markdown="1"` on HTML. Each is a warning at its line,
//! saying what to write instead (pulled-in text is never silently lost).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::model::LoadedPage;

/// Watches a page's events for other tools' syntax, outside code.
#[derive(Default)]
pub(super) struct Foreign {
    in_code: usize,
    in_html_code: bool,
    /// The last line reported, so that one line gets one warning.
    last_line: usize,
    pub found: Vec<Diagnostic>,
}

impl Foreign {
    pub(super) fn event(&mut self, page: &LoadedPage, event: &Event, range: &Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code += 1,
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Text(text)
                if self.in_code == 0
                    && !self.in_html_code
                    && (text.contains("{{") || text.contains("{%")) =>
            {
                self.check_text(page, range);
            }
            // Code written as raw HTML (`<code>{{ x }}</code>`) shows the braces on purpose.
            // One unclosed `<code>` must not hide the rest of the page: a paragraph ends it.
            Event::InlineHtml(html) if html.starts_with("<code") => self.in_html_code = true,
            Event::InlineHtml(html) if html.starts_with("</code") => self.in_html_code = false,
            Event::End(TagEnd::Paragraph | TagEnd::Item) => self.in_html_code = false,
            Event::Html(html) | Event::InlineHtml(html) if self.in_code == 0 => {
                if let Some(at) = html.find("markdown=") {
                    self.report(page, range.start + at, kramdown());
                }
            }
            _ => {}
        }
    }

    /// The first tag in the source of a text event (`range` of the body), if any.
    fn check_text(&mut self, page: &LoadedPage, range: &Range<usize>) {
        let body = &page.source.text[page.body_offset..];
        let Some(source) = body.get(range.clone()) else {
            return;
        };
        let found = [("{{", "}}"), ("{%", "%}")]
            .into_iter()
            .filter_map(|(open, close)| {
                let at = source.find(open)?;
                let len = source[at..].find(close)? + close.len();
                Some((at, &source[at..at + len]))
            })
            .min_by_key(|(at, _)| *at);
        if let Some((at, tag)) = found {
            self.report(page, range.start + at, template(tag));
        }
    }

    fn report(&mut self, page: &LoadedPage, offset: usize, warning: Diagnostic) {
        let location = page.source.location(page.body_offset + offset, 2);
        if location.line == self.last_line {
            return;
        }
        self.last_line = location.line;
        self.found.push(warning.at(location));
    }
}

fn template(tag: &str) -> Diagnostic {
    let shown: String = tag.chars().take(60).collect();
    let inner = tag.trim_matches(['{', '}', '%', ' ', '-', '<', '>']);
    let (whose, help) = if inner.starts_with("#include") || inner.starts_with("#rustdoc_include") {
        (
            "mdBook's include",
            "copy the text of the included file here, or link to it as `[its title](file.md)`",
        )
    } else if tag.starts_with("{%") {
        (
            "a Liquid or Jinja tag (Jekyll, Zola)",
            "write out what it stands for; to show the braces themselves, put the text in backticks",
        )
    } else {
        (
            "template syntax (Hugo, Jekyll, Zola, mdBook)",
            "write out the text or picture it stands for; to show the braces themselves, put the text in backticks",
        )
    };
    Diagnostic::warning(format!(
        "`{shown}` is {whose}, which pubgen does not run: it is published as written"
    ))
    .help(help)
}

fn kramdown() -> Diagnostic {
    Diagnostic::warning(
        "`markdown=\"1\"` asks kramdown (Jekyll) to read the markdown inside this HTML; pubgen does not, so that markdown is published as written",
    )
    .help("take the content out of the HTML element and write it in markdown (a quote as `> …`, a note as a paragraph), or write it in HTML throughout")
}
