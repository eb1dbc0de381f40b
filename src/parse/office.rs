//! HTML pasted from Word or Excel: Office's styling (`mso-` styles, `Mso…` classes,
//! `<o:p>` tags, table layout attributes) is dropped, since it only fights the theme
//! and fails the HTML checker; a table without header cells is a warning at its line.
//! The editor's HTML is otherwise kept as written.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event};
use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::model::LoadedPage;

/// Follows a page's raw HTML: cleans Office's, and watches its tables.
#[derive(Default)]
pub(super) struct Office {
    /// Where the open `<table>` starts (body offset), and whether it has a `<th>`.
    table: Option<(usize, bool)>,
    /// Where the page's first raw HTML is (not a comment): the downloads leave it out.
    pub first_html: Option<usize>,
    pub found: Vec<Diagnostic>,
}

impl Office {
    /// The event with Office's styling taken out of its HTML.
    pub(super) fn event<'a>(
        &mut self,
        page: &LoadedPage,
        event: Event<'a>,
        range: &Range<usize>,
    ) -> Event<'a> {
        match event {
            Event::Html(html) => Event::Html(self.html(page, html, range)),
            Event::InlineHtml(html) => Event::InlineHtml(self.html(page, html, range)),
            other => other,
        }
    }

    fn html<'a>(
        &mut self,
        page: &LoadedPage,
        html: CowStr<'a>,
        range: &Range<usize>,
    ) -> CowStr<'a> {
        if self.first_html.is_none()
            && !html.trim_start().starts_with("<!--")
            && !html.trim().is_empty()
        {
            self.first_html = Some(range.start);
        }
        self.watch_tables(page, &html, range);
        match clean(&html) {
            Cow::Borrowed(_) => html,
            Cow::Owned(cleaned) => CowStr::from(cleaned),
        }
    }

    fn watch_tables(&mut self, page: &LoadedPage, html: &str, range: &Range<usize>) {
        let lower = html.to_ascii_lowercase();
        if let Some(at) = lower.find("<table") {
            self.table = Some((range.start + at, false));
        }
        if let Some((_, has_header)) = &mut self.table {
            *has_header |= lower.contains("<th>") || lower.contains("<th ");
        }
        if lower.contains("</table") {
            if let Some((start, false)) = self.table.take() {
                let location = page.source.location(page.body_offset + start, 6);
                self.found.push(
                    Diagnostic::warning("this table has no header cells, so a screen reader cannot say which column or row a value belongs to")
                        .at(location)
                        .help("write it as a markdown table (its first row is the header: `| Name | Role |` then `|---|---|`), or make the cells of its first row `<th>` instead of `<td>`"),
                );
            }
        }
    }
}

/// `html` without Office's styling, or as it is when it has none.
pub(super) fn clean(html: &str) -> Cow<'_, str> {
    if !(html.contains("mso-")
        || html.contains("Mso")
        || html.contains("<o:p")
        || html.contains("</o:p"))
    {
        return Cow::Borrowed(html);
    }
    static OFFICE: OnceLock<Regex> = OnceLock::new();
    let office = OFFICE.get_or_init(|| {
        Regex::new(concat!(
            r#"(?i)\s+style\s*=\s*("[^"]*"|'[^']*')"#,
            r#"|\s+class\s*=\s*("Mso[^"]*"|'Mso[^']*'|Mso[\w-]*)"#,
            r#"|\s+(width|height|valign|border|cellspacing|cellpadding|nowrap)(\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?"#,
            r#"|</?o:p\s*>"#,
        ))
        .expect("a valid pattern")
    });
    office.replace_all(html, "")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn office_styling_is_dropped_and_the_rest_kept() {
        let word = r#"<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'><tr><td width=301 valign=top style='mso-border-alt:solid'><p class=MsoNormal>Name<o:p></o:p></p></td></tr></table>"#;
        assert_eq!(clean(word), "<table><tr><td><p>Name</p></td></tr></table>");
        let own = r#"<p class="note" style="color: red">Hi</p>"#;
        assert_eq!(
            clean(own),
            own,
            "HTML without Office's styling is kept as written"
        );
    }
}
