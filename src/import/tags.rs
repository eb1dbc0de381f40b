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
    let body = &unwrap_kramdown_divs(body);
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
    html_pictures(&kramdown_blocks(&kramdown_paragraphs(&kramdown_spans(
        &text,
    ))))
}

/// `markdown="1"` left on an inline element (`<span dir='ltr' markdown="1">p5.js</span>`)
/// is dropped: markdown between inline tags is read as markdown anyway.
fn kramdown_spans(text: &str) -> String {
    static SPAN: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(span) = SPAN.get_or_init(|| {
        Regex::new(r#"(?P<open><(?:span|a|em|strong|abbr|cite|small|sup|sub)\b[^>]*?)\s+markdown=["'](?:1|span)["']"#).ok()
    }) else {
        return text.to_string();
    };
    span.replace_all(text, "$open").into_owned()
}

/// `<p markdown="1">…</p>` → its content as a paragraph of its own (a pull quote's
/// credit inside an `<aside markdown="1">`).
fn kramdown_paragraphs(text: &str) -> String {
    static P: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(paragraph) = P.get_or_init(|| {
        Regex::new(
            r#"(?s)<p\b[^>]*\smarkdown=["'](?:1|span|block)["'][^>]*>\s*(?P<inner>.*?)\s*</p>"#,
        )
        .ok()
    }) else {
        return text.to_string();
    };
    paragraph
        .replace_all(text, |caps: &Captures| {
            let whole = caps.get(0).map_or(0..0, |m| m.range());
            // On lines of its own, one line break each side already makes it a
            // paragraph (the lines around keep theirs); inside a line it takes two.
            let own_lines = text[..whole.start]
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty())
                && text[whole.end..]
                    .split('\n')
                    .next()
                    .is_some_and(|l| l.trim().is_empty());
            let breaks = if own_lines { "\n" } else { "\n\n" };
            keep_lines(&caps[0], format!("{breaks}{}{breaks}", &caps["inner"]))
        })
        .into_owned()
}

/// `replacement` with as many line breaks as `original` had, those missing at its
/// end: what follows stays on its line in the source, for the import's messages.
fn keep_lines(original: &str, mut replacement: String) -> String {
    let missing = original
        .matches('\n')
        .count()
        .saturating_sub(replacement.matches('\n').count());
    replacement.extend(std::iter::repeat_n('\n', missing));
    replacement
}

/// A line holding only an `<img>` with an address (mdBook's `<img class="right"
/// src="images/logo.svg" alt="…">`) becomes a markdown picture, so that its address
/// is checked and rewritten like any other, and its alt text kept.
fn html_pictures(text: &str) -> String {
    static IMG: OnceLock<Option<(Regex, Regex, Regex)>> = OnceLock::new();
    let Some((line, src, alt)) = IMG.get_or_init(|| {
        Some((
            Regex::new(r"(?m)^(?P<lead>[ \t]*(?:>[ \t]*)*)<img\s[^>]*>[ \t]*$").ok()?,
            Regex::new(r#"\ssrc="([^"]+)""#).ok()?,
            Regex::new(r#"\salt="([^"]*)""#).ok()?,
        ))
    }) else {
        return text.to_string();
    };
    line.replace_all(text, |caps: &Captures| {
        let (lead, tag) = (&caps["lead"], &caps[0][caps["lead"].len()..]);
        match (src.captures(tag), alt.captures(tag)) {
            // `alt=""` says the picture is decoration, as pubgen's title "decorative" does.
            (Some(s), Some(a)) if a[1].trim().is_empty() => {
                format!("{lead}![]({} \"decorative\")", &s[1])
            }
            (Some(s), Some(a)) => format!("{lead}![{}]({})", a[1].trim(), &s[1]),
            _ => caps[0].to_string(),
        }
    })
    .into_owned()
}

/// `<aside markdown="1">…</aside>` → a `> ` quote; `<div markdown="1">…</div>` → its
/// content. The markdown inside is then read as markdown, as kramdown did. One kind
/// of element at a time, quotes first: a quote inside `<div dir='rtl' markdown='1'>`
/// ends at its own closing tag, not the div's.
fn kramdown_blocks(text: &str) -> String {
    static BLOCKS: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    let blocks = BLOCKS.get_or_init(|| {
        ["aside", "blockquote", "section", "div"]
            .into_iter()
            .filter_map(|tag| {
                let pattern = format!(
                    r#"(?s)<{tag}\b[^>]*\smarkdown=["'](?:1|block)["'][^>]*>\s*(?P<inner>.*?)\s*</{tag}>"#
                );
                Some((tag, Regex::new(&pattern).ok()?))
            })
            .collect()
    });
    let mut text = text.to_string();
    for (tag, block) in blocks {
        if !block.is_match(&text) {
            continue;
        }
        text = block
            .replace_all(&text, |caps: &Captures| {
                let inner = &caps["inner"];
                let made = match *tag {
                    "aside" | "blockquote" => quoted(inner),
                    _ => inner.to_string(),
                };
                keep_lines(&caps[0], made)
            })
            .into_owned();
    }
    text
}

/// `<div markdown="1">` and its own `</div>` taken out, however much lies between
/// (code, other divs: an Arabic article wrapped whole in `<div dir="rtl"
/// markdown="1">`), the content left to be read as markdown and every line where it
/// was. Tags in code are not counted; other divs stay.
fn unwrap_kramdown_divs(body: &str) -> String {
    static TAGS: OnceLock<Option<(Regex, Regex)>> = OnceLock::new();
    let Some((tag, kramdown)) = TAGS.get_or_init(|| {
        let tag = Regex::new(r"(?i)<div\b[^>]*>|</div\s*>").ok()?;
        let kramdown = Regex::new(r#"\smarkdown=["'](?:1|block)["']"#).ok()?;
        Some((tag, kramdown))
    }) else {
        return body.to_string();
    };
    if !kramdown.is_match(body) {
        return body.to_string();
    }
    // Code is found with the kramdown tags blanked: the HTML block an opening tag
    // starts would hide the code on its lines (`See `</div>` here.`).
    let mut blanked = body.to_string();
    for found in tag
        .find_iter(body)
        .filter(|m| kramdown.is_match(m.as_str()))
    {
        let spaces: String = found
            .as_str()
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        if spaces.len() == found.len() {
            blanked.replace_range(found.range(), &spaces);
        }
    }
    let code = code_ranges(&blanked);
    let in_code = |at: usize| {
        let before = code.partition_point(|r| r.start <= at);
        before > 0 && code[before - 1].contains(&at)
    };
    let (mut open, mut cut) = (Vec::new(), Vec::new());
    for found in tag.find_iter(body).filter(|m| !in_code(m.start())) {
        if found.as_str().starts_with("</") {
            if let Some((start, true)) = open.pop() {
                cut.extend([start, found.range()]);
            }
        } else {
            open.push((found.range(), kramdown.is_match(found.as_str())));
        }
    }
    cut.sort_by_key(|r: &Range<usize>| r.start);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for range in cut {
        out.push_str(&body[at..range.start]);
        // A tag written over several lines leaves its line breaks.
        out.extend(body[range.clone()].chars().filter(|c| *c == '\n'));
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Lines as a `> ` quote.
fn quoted(inner: &str) -> String {
    inner
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                ">".to_string()
            } else {
                format!("> {}", l.trim_start())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
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
    fn a_kramdown_pull_quote_becomes_a_quote_with_its_credit_and_picture() {
        let body = "Text.\n\n<aside markdown=\"1\" class=\"pquote\">\n  <img src=\"https://a.example/lord.png\" class=\"pquote-avatar\" alt=\"avatar\">\n  I fumbled it.\n  <p markdown=\"1\" class=\"pquote-credit\">\n— @lord, [\"Tips\"](https://lord.io/tips/)\n  </p>\n</aside>\n";
        let out = super::plain(body);
        assert!(
            out.contains("> ![avatar](https://a.example/lord.png)\n> I fumbled it.\n>\n"),
            "{out}"
        );
        assert!(
            out.contains("> — @lord, [\"Tips\"](https://lord.io/tips/)"),
            "{out}"
        );
        assert!(!out.contains("<p") && !out.contains("</aside>"), "{out}");
        assert_eq!(
            out.lines().count(),
            body.lines().count(),
            "every line where it was: {out}"
        );
    }

    #[test]
    fn markdown_on_an_inline_element_is_dropped_and_an_empty_alt_is_decoration() {
        let out = super::plain("What <span dir='ltr' markdown=\"1\">p5.js</span> is.\n\n<img src=\"x.png\" alt=\"\">\n");
        assert_eq!(
            out,
            "What <span dir='ltr'>p5.js</span> is.\n\n![](x.png \"decorative\")\n"
        );
    }

    #[test]
    fn a_quote_inside_a_kramdown_div_ends_at_its_own_closing_tag() {
        let out = super::plain("<div dir='rtl' markdown='1'>\n\nنص.\n\n<aside markdown=\"1\">\nقول.\n</aside>\n\nبعد.\n\n</div>\n");
        assert_eq!(out.trim(), "نص.\n\n> قول.\n\n\n\nبعد.");
    }

    #[test]
    fn a_kramdown_div_around_code_and_other_divs_is_unwrapped_to_its_own_closing_tag() {
        let body = "<div dir=\"rtl\" markdown=\"1\">\n\nنص `<div>`.\n\n```html\n</div>\n```\n\n<div class=\"box\">\n  <input type=\"checkbox\">\n</div>\n\nبعد.\n\n</div>\n";
        let out = super::plain(body);
        assert_eq!(
            out,
            "\n\nنص `<div>`.\n\n```html\n</div>\n```\n\n<div class=\"box\">\n  <input type=\"checkbox\">\n</div>\n\nبعد.\n\n\n"
        );
        assert_eq!(
            out.lines().count(),
            body.lines().count(),
            "every line where it was"
        );
        // Code on the opening tag's lines, and a tag over two lines.
        let body = "<div dir=\"rtl\"\n  markdown=\"1\">\nSee `</div>` here.\n\nText.\n</div>\n";
        assert_eq!(super::plain(body), "\n\nSee `</div>` here.\n\nText.\n\n");
    }

    #[test]
    fn a_kramdown_aside_becomes_a_quote() {
        let body = "Text\n\n<aside markdown=\"1\">\nSaid [here](a.md).\n\nMore.\n</aside>\n";
        // Its tags' lines are left blank after it: what follows keeps its line.
        assert_eq!(
            plain(body),
            "Text\n\n> Said [here](a.md).\n>\n> More.\n\n\n"
        );
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
