//! `/print/`: every part of the publication in reading order on one page, for printing
//! or saving as PDF.
//!
//! Each part's finished HTML is moved from its own URL to this one: headings go one
//! level down (the part's title is the `h2`), ids get the part's prefix so that they
//! stay unique, links to other parts become links within the page, and other relative
//! links are re-based on `/print/`.

use std::collections::HashMap;

use crate::doc::escape_html;
use crate::urls::resolve_path;

/// One part: its title, the URL it is published at, and its finished content.
pub struct Part {
    pub title: String,
    pub url: String,
    pub content: String,
}

/// The page's content: a list of the parts, then each part as a section.
pub fn content(parts: &[Part]) -> String {
    let part_of: HashMap<String, usize> = parts
        .iter()
        .enumerate()
        .flat_map(|(n, p)| {
            let dir = p.url.trim_start_matches('/').to_string();
            [(format!("{dir}index.html"), n), (dir, n)]
        })
        .collect();
    let mut html = String::from(
        "<p class=\"print-intro\">This page holds the whole publication, part after part, for printing or saving as a PDF.</p>\n\
         <nav class=\"toc\" aria-labelledby=\"print-contents\"><h2 id=\"print-contents\">Parts</h2><ol>\n",
    );
    for (n, part) in parts.iter().enumerate() {
        html.push_str(&format!(
            "<li><a href=\"#part-{n}\">{}<span class=\"visually-hidden\"> (below)</span></a></li>\n",
            escape_html(&part.title)
        ));
    }
    html.push_str("</ol></nav>\n");
    for (n, part) in parts.iter().enumerate() {
        html.push_str(&format!(
            "<section class=\"part\" id=\"part-{n}\" aria-labelledby=\"part-{n}-title\">\n<h2 id=\"part-{n}-title\">{}</h2>\n",
            escape_html(&part.title)
        ));
        let demoted = demote_headings(&part.content);
        html.push_str(&rebase(&demoted, n, &part.url, &part_of));
        html.push_str("</section>\n");
    }
    html
}

/// `h2` → `h3` … `h5` → `h6` (`h6` stays).
fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (2..=5).rev() {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

/// Rewrites ids, fragment links and relative URLs of part `n`, published at `url`.
fn rebase(html: &str, n: usize, url: &str, part_of: &HashMap<String, usize>) -> String {
    let prefix = format!("p{n}-");
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    // One pass over the attribute values (`="…"`), looking back for the name.
    while let Some(eq) = rest.find("=\"") {
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let name = rest[..eq].rsplit([' ', '\n', '<']).next().unwrap_or("");
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        match name {
            "href" | "src" => out.push_str(&rebase_url(value, &prefix, url, part_of)),
            "id" | "aria-labelledby" | "for" => {
                out.push_str(&prefix);
                out.push_str(value);
            }
            _ => out.push_str(value),
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

fn rebase_url(value: &str, prefix: &str, url: &str, part_of: &HashMap<String, usize>) -> String {
    if let Some(fragment) = value.strip_prefix('#') {
        return format!("#{prefix}{fragment}");
    }
    if value.is_empty() || value.starts_with("//") || crate::urls::has_scheme(value) {
        return value.to_string();
    }
    let (path, fragment) = match value.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (value, None),
    };
    // Resolve against the part's own folder (its URL is a folder: `/a/b/`).
    let from = format!("{}index.html", url.trim_start_matches('/'));
    let Some(site_path) = resolve_path(&from, path) else {
        return value.to_string();
    };
    let key = if site_path.is_empty() {
        "index.html".to_string()
    } else {
        site_path.clone()
    };
    if let Some(&m) = part_of
        .get(&key)
        .or_else(|| part_of.get(&format!("{key}/")))
    {
        return match fragment {
            Some(f) => format!("#p{m}-{f}"),
            None => format!("#part-{m}"),
        };
    }
    let mut rebased = format!("../{site_path}");
    if path.ends_with('/') && !rebased.ends_with('/') {
        rebased.push('/');
    }
    if let Some(f) = fragment {
        rebased.push('#');
        rebased.push_str(f);
    }
    rebased
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_link_within_the_page_and_ids_stay_unique() {
        let parts = vec![
            Part {
                title: "Summary".into(),
                url: "/summary/".into(),
                content: "<h2 id=\"intro\">Intro</h2><p><a href=\"../components/x/index.html#q-a\">q</a> <a href=\"#intro\">up</a> <img src=\"../pictures/a.svg\" alt=\"\"></p>".into(),
            },
            Part {
                title: "X".into(),
                url: "/components/x/".into(),
                content: "<h2 id=\"intro\">Intro</h2><p id=\"q-a\">…</p><a href=\"https://example.org\">e</a>".into(),
            },
        ];
        let html = content(&parts);
        assert!(html.contains("<h3 id=\"p0-intro\">"));
        assert!(html.contains("<h3 id=\"p1-intro\">"));
        assert!(html.contains("href=\"#p1-q-a\""));
        assert!(html.contains("href=\"#p0-intro\""));
        assert!(html.contains("src=\"../pictures/a.svg\""));
        assert!(html.contains("href=\"https://example.org\""));
    }
}
