//! The markdown of imported pages: the first `# heading` taken as the title, the
//! other headings moved down a level when the body has more `#` headings, and links
//! written as web addresses or to the other tool's files made `page.md#id` links.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Imported, Page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::ids::slugify;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// A heading of a body: its level, text, explicit id and source range.
struct Heading {
    level: HeadingLevel,
    text: String,
    id: Option<String>,
    range: Range<usize>,
}

fn headings(body: &str) -> Vec<Heading> {
    let mut found: Vec<Heading> = Vec::new();
    let mut open = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                open = true;
                let id = id.map(|id| id.to_string());
                found.push(Heading {
                    level,
                    text: String::new(),
                    id,
                    range,
                });
            }
            Event::End(TagEnd::Heading(_)) => open = false,
            Event::Text(t) | Event::Code(t) if open => {
                if let Some(h) = found.last_mut() {
                    h.text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    found
}

/// Takes the body's first heading as the title when it is a `#` heading, and sets
/// the other headings' levels so that none skips one: the title is the only `#`
/// heading pubgen allows, and a skipped level is a warning in every build.
pub(super) fn take_title(body: &str) -> (Option<String>, String) {
    let found = headings(body);
    let title = match found.first() {
        Some(h) if h.level == HeadingLevel::H1 => Some(h),
        _ => None,
    };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // The title's lines are left blank, not taken out, so that every later line
    // keeps its number for the messages about it.
    if let Some(h) = title {
        let lines = body[h.range.clone()].matches('\n').count();
        edits.push((h.range.clone(), "\n".repeat(lines)));
    }
    let rest = &found[usize::from(title.is_some())..];
    for (h, level) in rest.iter().zip(closed_up(rest)) {
        if level != h.level as usize {
            edits.push((h.range.clone(), at_level(&body[h.range.clone()], level)));
        }
    }
    (title.map(|h| h.text.trim().to_string()), apply(body, edits))
}

/// The `{#id}` of each heading whose id pubgen cannot take (`## 1. Start {#1.start}`),
/// to be taken out: the heading gets the id pubgen makes from its
/// text, and links written with the old one are mapped to it ([`heading_ids`]).
fn ids_to_drop(body: &str) -> Vec<(Range<usize>, String)> {
    headings(body)
        .into_iter()
        .filter_map(|h| {
            let id = h.id.filter(|id| !crate::model::is_id(id))?;
            let written = format!("{{#{id}}}");
            let at = h.range.start + body[h.range.clone()].rfind(&written)?;
            let start = at - (body[..at].len() - body[..at].trim_end_matches([' ', '\t']).len());
            Some((start..at + written.len(), String::new()))
        })
        .collect()
}

/// Each heading's new level: one below the nearest heading before it of a higher
/// level in the source (the title, level 1, above them all), so that `#### A` after
/// the title becomes `## A` and the source's nesting is kept.
fn closed_up(headings: &[Heading]) -> Vec<usize> {
    let title_level = if headings.iter().any(|h| h.level == HeadingLevel::H1) {
        0
    } else {
        1
    };
    let mut open: Vec<(usize, usize)> = vec![(title_level, 1)];
    headings
        .iter()
        .map(|h| {
            let source = h.level as usize;
            while open.last().is_some_and(|&(was, _)| was >= source) {
                open.pop();
            }
            let level = (open.last().map_or(1, |&(_, new)| new) + 1).min(6);
            open.push((source, level));
            level
        })
        .collect()
}

/// A heading written at another level, as an ATX heading (`## Text {#id}`).
fn at_level(source: &str, level: usize) -> String {
    let hashes = "#".repeat(level);
    let trimmed = source.trim_start();
    let text = if trimmed.starts_with('#') {
        let text = trimmed.trim_start_matches('#').trim_end();
        // A closing sequence (`## A ##`) is one only after a space: `C#` stays.
        match text.trim_end_matches('#') {
            open if open.ends_with(' ') => open.trim_end(),
            _ => text,
        }
    } else {
        source.lines().next().unwrap_or_default().trim()
    };
    format!("{hashes} {}\n", text.trim_start())
}

/// The text with each range replaced (ranges do not overlap).
fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    // From the end, each edit wholly before the last one made: one overlapping it
    // (which no caller means to make) is left out rather than garbling the text.
    let mut before = text.len();
    for (range, with) in edits {
        if range.end > before
            || !out.is_char_boundary(range.start)
            || !out.is_char_boundary(range.end)
        {
            continue;
        }
        before = range.start;
        out.replace_range(range, &with);
    }
    out
}

/// The ids other tools give a heading, each leading to pubgen's id for it.
fn heading_ids(body: &str) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    // Headings of the same text: the other tools number the second `-1`, pubgen `-2`.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for h in headings(body) {
        let written = h.id.clone().filter(|id| crate::model::is_id(id));
        let (ours, earlier) = match written {
            Some(id) => (id, 0),
            None => {
                let base = slugify(&h.text);
                let count = seen.entry(base.clone()).or_default();
                *count += 1;
                let earlier = *count - 1;
                let ours = if earlier == 0 {
                    base
                } else {
                    format!("{base}-{}", earlier + 1)
                };
                (ours, earlier)
            }
        };
        let numbered = |id: String| {
            if earlier == 0 {
                id
            } else {
                format!("{id}-{earlier}")
            }
        };
        for theirs in [numbered(mdbook_id(&h.text)), numbered(github_id(&h.text))]
            .into_iter()
            .chain(h.id.clone())
        {
            ids.entry(theirs).or_insert_with(|| ours.clone());
        }
    }
    ids
}

/// mdBook's `normalize_id`: letters, digits, `_` and `-` kept (lower-cased), spaces
/// made `-`, everything else dropped.
fn mdbook_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// GitHub's, kramdown's and Hugo's ids, near enough: as mdBook's, every space a `-`.
fn github_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Every address a page had in its old tool, each leading to the page.
fn addresses(pages: &[Page]) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let stem = page
            .src_rel
            .rsplit_once('.')
            .map_or(&*page.src_rel, |(s, _)| s);
        let mut forms = vec![
            page.src_rel.clone(),
            format!("{stem}.html"),
            format!("{stem}/"),
            format!("{stem}/index.html"),
            stem.to_string(),
        ];
        if page.out.ends_with("index.md") {
            let folder = &page.out[..page.out.len() - "index.md".len()];
            forms.extend([folder.to_string(), format!("{folder}index.html")]);
            forms.push(folder.trim_end_matches('/').to_string());
        }
        forms.extend(page.also_at.iter().cloned());
        for form in forms {
            map.entry(form).or_insert(i);
        }
    }
    map
}

/// `a/b/../c/./d` → `a/c/d`, keeping a final `/`; `None` when it leaves the root.
pub(super) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

pub(super) fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// The path from the page at `from` to the page at `to` (both under `content/`).
fn relative(from: &str, to: &str) -> String {
    let from_parts: Vec<&str> = folder_of(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_parts.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// Whether a link leads off the site (`https:`, `mailto:`) or within the page.
fn is_elsewhere(dest: &str) -> bool {
    let scheme = dest
        .split_once(':')
        .is_some_and(|(s, _)| !s.contains('/') && !s.is_empty());
    scheme || dest.starts_with("//") || dest.starts_with('#') || dest.is_empty()
}

/// What a link of `page` leads to: the page's index and the fragment.
fn resolve(
    imported: &Imported,
    map: &HashMap<String, usize>,
    page: &Page,
    dest: &str,
) -> Option<(usize, Option<String>)> {
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let candidates: Vec<String> = if let Some(absolute) = path.strip_prefix('/') {
        let base = imported.base_path.trim_matches('/');
        let inside = absolute.strip_prefix(base).unwrap_or(absolute);
        vec![inside.trim_start_matches('/').to_string()]
    } else {
        let stem = page
            .src_rel
            .rsplit_once('.')
            .map_or(&*page.src_rel, |(s, _)| s);
        // As a file beside the page, or as an address below the page's own (a site
        // whose pages were folders of their own: that first, as its readers followed).
        let beside = format!("{}/{path}", folder_of(&page.src_rel));
        let below = format!("{stem}/{path}");
        if imported.pretty_urls && !page.out.ends_with("index.md") {
            vec![below, beside]
        } else {
            vec![beside, below]
        }
    };
    candidates
        .iter()
        .filter_map(|c| normalize(c))
        .find_map(|c| map.get(&c).copied())
        .map(|i| (i, fragment))
}

/// Rewrites every page's links between imported pages as `page.md#id`; a link that
/// looks like one but leads to no imported page is a warning at its line. A file a
/// page links to is brought in with it; a link out of the publication becomes a web
/// address where the address is known.
pub(super) fn rewrite_links(imported: &mut Imported, diags: &mut Diagnostics) {
    let mut rewriter = Rewriter {
        imported,
        map: addresses(&imported.pages),
        other_languages: addresses(&imported.other_languages),
        ids: imported
            .pages
            .iter()
            .map(|p| heading_ids(&p.body))
            .collect(),
        outside: super::outside::Outside::default(),
        copies: Vec::new(),
    };
    let mut bodies = Vec::with_capacity(imported.pages.len());
    for index in 0..imported.pages.len() {
        let page = &imported.pages[index];
        let mut edits: Vec<(Range<usize>, String)> = link_destinations(&page.body)
            .into_iter()
            .filter_map(|(dest, range)| {
                let new = rewriter.link(index, &dest, &range, diags)?;
                Some((range, new))
            })
            .collect();
        edits.extend(ids_to_drop(&page.body));
        edits.sort_by_key(|(range, _)| range.start);
        bodies.push(apply(&page.body, edits));
    }
    let Rewriter {
        outside, copies, ..
    } = rewriter;
    outside.report(imported, diags);
    for (page, body) in imported.pages.iter_mut().zip(bodies) {
        page.body = body;
    }
    for (source, rel) in copies {
        if !imported.files.iter().any(|(_, out)| *out == rel) {
            imported.files.push((source, rel));
        }
    }
}

/// What the links are rewritten with: every page's addresses and headings' ids, and
/// what was found on the way.
struct Rewriter<'a> {
    imported: &'a Imported,
    map: HashMap<String, usize>,
    /// The addresses of the pages of other languages, not imported.
    other_languages: HashMap<String, usize>,
    ids: Vec<HashMap<String, String>>,
    outside: super::outside::Outside,
    /// Files linked to, to copy in: (in the source, under the new `content/`).
    copies: Vec<(std::path::PathBuf, String)>,
}

impl Rewriter<'_> {
    /// The new destination of a link of page `index`, or `None` to leave it.
    fn link(
        &mut self,
        index: usize,
        dest: &str,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let imported = self.imported;
        let page = &imported.pages[index];
        // Within the page: its old tool's id for the heading made pubgen's.
        if let Some(fragment) = dest.strip_prefix('#') {
            let mapped = self.ids[index].get(fragment)?;
            return (mapped != fragment).then(|| format!("#{mapped}"));
        }
        if is_elsewhere(dest) {
            return None;
        }
        if let Some((target, fragment)) = resolve(imported, &self.map, page, dest) {
            return Some(self.to_page(index, target, fragment));
        }
        // A page in another language is now on another site: where it was.
        if let Some((target, _)) = resolve(imported, &self.other_languages, page, dest) {
            // A link to its file (`../ar/a.md`) leads to where that page was published;
            // a link to an address, to that address.
            let (written, rest) = super::outside::split_rest(dest);
            let on_site = if written.ends_with(".md") {
                let target = &imported.other_languages[target];
                format!("{}{rest}", super::outside::published_path(imported, target))
            } else {
                super::outside::on_site_path(imported, page, dest)
            };
            return self.leads_out(page, range, dest, &on_site);
        }
        let (path, rest) = super::outside::split_rest(dest);
        if let Some((rel, source)) = super::referenced::file_of(imported, page, path) {
            let new = format!("{}{rest}", relative(&page.out, &rel));
            self.copies.push((source, rel));
            return Some(new);
        }
        match super::outside::outside_path(imported, page, dest) {
            Some(on_site) => self.leads_out(page, range, dest, &on_site),
            None => {
                if looks_like_page(dest) {
                    diags.push(unresolved(page, range, dest));
                }
                None
            }
        }
    }

    /// A link out of the publication, to `on_site` on its old site: its web address
    /// there when that is known, else left as written and told of.
    fn leads_out(
        &mut self,
        page: &Page,
        range: &Range<usize>,
        dest: &str,
        on_site: &str,
    ) -> Option<String> {
        let address = self.outside.rewrite(self.imported, on_site);
        if address.is_none() {
            self.outside.left_as_written(page, range, dest);
        }
        address
    }

    /// A link from page `from` to page `to`, its fragment made the heading's new id.
    fn to_page(&self, from: usize, to: usize, fragment: Option<String>) -> String {
        let pages = &self.imported.pages;
        let mut new = if to == from && fragment.is_some() {
            String::new()
        } else {
            relative(&pages[from].out, &pages[to].out)
        };
        if let Some(fragment) = fragment {
            let mapped = self.ids[to].get(&fragment).cloned().unwrap_or(fragment);
            new.push('#');
            new.push_str(&mapped);
        }
        new
    }
}

fn looks_like_page(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    path.ends_with(".md") || path.ends_with(".html") || path.ends_with('/')
}

fn unresolved(page: &Page, range: &Range<usize>, dest: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "the link `{dest}` leads to no page of the import: it was left as it was written"
    ))
    .at(page.location(range))
    .help(format!(
        "after the import, in content/{}, link to the page's file (`page.md#id`) or remove the link",
        page.out
    ))
}

/// Each link's and picture's destination as written, with the range of its text in
/// the body (inline links and reference definitions alike).
fn link_destinations(body: &str) -> Vec<(String, Range<usize>)> {
    let parser = Parser::new_ext(body, options());
    let mut found = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        if let Some(at) = body[def.span.clone()].rfind(&*def.dest) {
            let start = def.span.start + at;
            found.push((def.dest.to_string(), start..start + def.dest.len()));
        }
    }
    for (event, range) in parser.into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let source = &body[range.clone()];
        // The last `](` is the link's own: a picture inside it has one before.
        let Some(open) = source.rfind("](") else {
            continue; // a reference link: its definition was rewritten above
        };
        if let Some(at) = source[open..].find(&*dest_url) {
            let start = range.start + open + at;
            found.push((dest_url.to_string(), start..start + dest_url.len()));
        }
    }
    found.sort_by_key(|(_, r)| r.start);
    found.dedup_by_key(|(_, r)| r.start);
    found
}

#[cfg(test)]
mod tests {
    use super::take_title;

    #[test]
    fn the_first_heading_is_the_title_and_no_heading_after_it_skips_a_level() {
        let (title, body) =
            take_title("# Build\n\nText\n\n#### Options ##\n\n##### C#\n\n## Next\n");
        assert_eq!(title.as_deref(), Some("Build"));
        // The title's line is left blank: later lines keep their numbers.
        assert_eq!(body, "\n\nText\n\n## Options\n\n### C#\n\n## Next\n");
    }

    #[test]
    fn an_id_pubgen_cannot_take_is_left_to_pubgen_to_make_and_links_to_it_follow() {
        let body = "## Start here {#1.start}\n\n## تعلم قول لا {#تعلم-قول-لا}\n\n## Kept {#kept}\n";
        let drop = super::ids_to_drop(body);
        assert_eq!(
            super::apply(body, drop),
            "## Start here\n\n## تعلم قول لا {#تعلم-قول-لا}\n\n## Kept {#kept}\n"
        );
        let ids = super::heading_ids(body);
        assert_eq!(ids.get("1.start").map(String::as_str), Some("start-here"));
        assert_eq!(
            ids.get("تعلم-قول-لا").map(String::as_str),
            Some("تعلم-قول-لا"),
            "an id in another script is pubgen's too"
        );
        assert_eq!(ids.get("kept").map(String::as_str), Some("kept"));
    }

    #[test]
    fn the_second_heading_of_a_name_is_found_by_the_other_tools_number_for_it() {
        let ids = super::heading_ids("## Examples\n\n## Examples\n\n## Examples\n");
        assert_eq!(ids.get("examples").map(String::as_str), Some("examples"));
        assert_eq!(
            ids.get("examples-1").map(String::as_str),
            Some("examples-2")
        );
        assert_eq!(
            ids.get("examples-2").map(String::as_str),
            Some("examples-3")
        );
    }

    #[test]
    fn further_top_level_headings_move_down_under_the_title() {
        let (_, body) = take_title("# Book\n\n# Part {#p}\n\n## Chapter\n");
        assert_eq!(body, "\n\n## Part {#p}\n\n### Chapter\n");
    }
}
