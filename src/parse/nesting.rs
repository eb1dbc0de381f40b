//! A limit on how deeply blocks and HTML elements nest. Nothing a person writes nests
//! a hundred deep, but 2,500 `>` on one line would overflow the stack of the HTML
//! minifier further down the pipeline: such a page is refused with its line.

use pulldown_cmark::Event;

/// Blocks (quotes, lists, items) and raw HTML elements nested deeper than this are
/// refused.
pub(super) const MAX_NESTING: usize = 100;

/// Follows the depth of the events of one page.
#[derive(Default)]
pub(super) struct Nesting {
    markdown: usize,
    html: usize,
}

impl Nesting {
    /// Takes the next event; `false` when the page is now nested too deeply.
    pub(super) fn step(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(_) => self.markdown += 1,
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                for opens in html_tags(html) {
                    if opens {
                        self.html += 1;
                        if self.markdown + self.html > MAX_NESTING {
                            return false;
                        }
                    } else {
                        self.html = self.html.saturating_sub(1);
                    }
                }
            }
            _ => {}
        }
        self.markdown + self.html <= MAX_NESTING
    }
}

/// Elements without an end tag, or whose end tag may be left out: they never nest
/// the elements after them for this count.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody",
    "tfoot", "colgroup", "caption", "rb", "rt", "rp",
];

/// The element tags of a piece of raw HTML in order, `true` for an opening tag and
/// `false` for a closing one (comments, doctypes and self-closing tags aside).
fn html_tags(html: &str) -> impl Iterator<Item = bool> + '_ {
    let bytes = html.as_bytes();
    let mut i = 0;
    // The next `>` at or after the last place searched from (`None`: there is none):
    // each byte is searched once, however many tags a line without `>` holds.
    let mut next_gt: Option<Option<usize>> = None;
    std::iter::from_fn(move || {
        while let Some(at) = html[i..].find('<') {
            let start = i + at + 1;
            if html[start..].starts_with("!--") {
                i = html[start..]
                    .find("-->")
                    .map_or(html.len(), |e| start + e + 3);
                continue;
            }
            let closing = bytes.get(start) == Some(&b'/');
            let name_start = start + usize::from(closing);
            let name_len = html[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(html.len() - name_start);
            i = name_start + name_len;
            let name = html[name_start..i].to_ascii_lowercase();
            if name.is_empty()
                || !name.as_bytes()[0].is_ascii_alphabetic()
                || NOT_COUNTED.contains(&name.as_str())
            {
                continue;
            }
            if closing {
                return Some(false);
            }
            let tag_end = match next_gt {
                Some(Some(gt)) if gt >= i => Some(gt),
                Some(None) => None,
                _ => {
                    let found = html[i..].find('>').map(|j| i + j);
                    next_gt = Some(found);
                    found
                }
            };
            let self_closing = tag_end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
            if !self_closing {
                return Some(true);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::html_tags;

    fn count(html: &str) -> (usize, usize) {
        let tags: Vec<bool> = html_tags(html).collect();
        (
            tags.iter().filter(|&&o| o).count(),
            tags.iter().filter(|&&o| !o).count(),
        )
    }

    #[test]
    fn counts_elements_that_nest() {
        assert_eq!(count("<div><span>x</span>"), (2, 1));
        assert_eq!(count("<br><img src=x><p>a<li>"), (0, 0));
        assert_eq!(count("<svg/><!-- <div> --><x-y>"), (1, 0));
        assert_eq!(count("a < b and c<d"), (1, 0));
    }
}
