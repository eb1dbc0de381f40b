//! The other tools' ways of writing a link or a block, made plain markdown before
//! links are rewritten: Jekyll's `{% link x.md %}`, `{% post_url name %}`,
//! `{{ site.baseurl }}` and `| relative_url`, Hugo's `{{< ref "x.md" >}}`, Zola's
//! `@/x.md`, and kramdown's `<aside markdown="1">` (a quote) or `<div markdown="1">`.
//! Text in code is left as written: it shows the syntax on purpose.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag};
use regex::{Captures, Regex};

/// Each pattern and what it becomes (`$path` is the address it names).
fn patterns() -> &'static [(Regex, &'static str)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            (r"\{%-?\s*link\s+/?(?P<path>[^\s%]+)\s*-?%\}", "/$path"),
            (
                r"\{%-?\s*post_url\s+(?P<path>[^\s%]+)\s*-?%\}",
                "/_posts/$path.md",
            ),
            (r"\{\{-?\s*site\.baseurl\s*-?\}\}", ""),
            (
                r#"\{\{-?\s*["'](?P<path>[^"']*)["']\s*\|\s*(?:relative|absolute)_url\s*-?\}\}"#,
                "$path",
            ),
            (
                r#"\{\{[<%]\s*(?:rel)?ref\s+"?(?P<path>[^"\s>%]+)"?\s*[>%]\}\}"#,
                "$path",
            ),
            (r"\]\(@/(?P<path>[^)\s]+)", "](/$path"),
        ]
        .into_iter()
        .filter_map(|(pattern, with)| Some((Regex::new(pattern).ok()?, with)))
        .collect()
    })
}

/// The body with the other tools' link tags and kramdown blocks made markdown.
pub(super) fn plain(body: &str) -> String {
    let code = code_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for range in code
        .iter()
        .chain(std::iter::once(&(body.len()..body.len())))
    {
        if range.start < at {
            continue;
        }
        out.push_str(&plain_text(&body[at..range.start]));
        out.push_str(&body[range.start..range.end]);
        at = range.end;
    }
    out
}

fn plain_text(text: &str) -> String {
    let mut text = text.to_string();
    for (pattern, with) in patterns() {
        if pattern.is_match(&text) {
            text = pattern
                .replace_all(&text, |caps: &Captures| {
                    let mut out = String::new();
                    caps.expand(with, &mut out);
                    out
                })
                .into_owned();
        }
    }
    html_pictures(&kramdown_blocks(&text))
}

/// A line holding only an `<img>` with an address (mdBook's `<img class="right"
/// src="images/logo.svg" alt="…">`) becomes a markdown picture, so that its address
/// is checked and rewritten like any other, and its alt text kept.
fn html_pictures(text: &str) -> String {
    static IMG: OnceLock<Option<(Regex, Regex, Regex)>> = OnceLock::new();
    let Some((line, src, alt)) = IMG.get_or_init(|| {
        Some((
            Regex::new(r"(?m)^[ \t]*<img\s[^>]*>[ \t]*$").ok()?,
            Regex::new(r#"\ssrc="([^"]+)""#).ok()?,
            Regex::new(r#"\salt="([^"]*)""#).ok()?,
        ))
    }) else {
        return text.to_string();
    };
    line.replace_all(text, |caps: &Captures| {
        let tag = &caps[0];
        match (src.captures(tag), alt.captures(tag)) {
            (Some(s), Some(a)) => format!("![{}]({})", a[1].trim(), &s[1]),
            _ => tag.to_string(),
        }
    })
    .into_owned()
}

/// `<aside markdown="1">…</aside>` → a `> ` quote; `<div markdown="1">…</div>` → its
/// content. The markdown inside is then read as markdown, as kramdown did.
fn kramdown_blocks(text: &str) -> String {
    static BLOCK: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(block) = BLOCK.get_or_init(|| {
        Regex::new(r#"(?s)<(?P<tag>aside|div|section|blockquote)\b[^>]*\smarkdown="(?:1|block)"[^>]*>\s*(?P<inner>.*?)\s*</(?P<close>aside|div|section|blockquote)>"#).ok()
    }) else {
        return text.to_string();
    };
    block
        .replace_all(text, |caps: &Captures| {
            let inner = &caps["inner"];
            match &caps["tag"] {
                "aside" | "blockquote" => inner
                    .lines()
                    .map(|l| {
                        if l.trim().is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {}", l.trim_start())
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => inner.to_string(),
            }
        })
        .into_owned()
}

/// Where the body has code (fenced, indented or in backticks), in source order.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Parser::new(body)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn link_tags_become_addresses_and_code_keeps_them() {
        let body = "[A]({% link about.md %}), [B]({{ site.baseurl }}{% post_url 2020-01-31-hello %}), [C]({{< ref \"c.md\" >}}), [D](@/d.md#x) `{% link x.md %}`";
        assert_eq!(
            plain(body),
            "[A](/about.md), [B](/_posts/2020-01-31-hello.md), [C](c.md), [D](/d.md#x) `{% link x.md %}`"
        );
    }

    #[test]
    fn a_kramdown_aside_becomes_a_quote() {
        let body = "Text\n\n<aside markdown=\"1\">\nSaid [here](a.md).\n\nMore.\n</aside>\n";
        assert_eq!(plain(body), "Text\n\n> Said [here](a.md).\n>\n> More.\n");
    }

    #[test]
    fn a_line_of_one_html_picture_becomes_a_markdown_picture() {
        let body = "<img class=\"right\" src=\"images/logo.svg\" alt=\"The logo\">\n\n```html\n<img src=\"x.svg\" alt=\"X\">\n```\n";
        assert_eq!(
            plain(body),
            "![The logo](images/logo.svg)\n\n```html\n<img src=\"x.svg\" alt=\"X\">\n```\n"
        );
    }
}
