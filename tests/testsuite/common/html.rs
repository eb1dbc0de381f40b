//! Reading built HTML: selectors, text, ids, and the generator's attached blocks
//! (evidence, "supports" backlinks, Easy Read pairing) as a reader meets them.

use scraper::{ElementRef, Html, Selector};

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// Every element matching `selector`.
pub fn all<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let s = sel(selector);
    html.select(&s).collect()
}

/// The one element matching `selector`.
pub fn one<'a>(html: &'a Html, selector: &str) -> ElementRef<'a> {
    let found = all(html, selector);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{selector}`, found {}",
        found.len()
    );
    found[0]
}

/// An element's visible text, with runs of white space made one space: the words of
/// `.visually-hidden` parts (context for screen readers) are left out.
pub fn text(el: ElementRef) -> String {
    let mut out = String::new();
    visible(el, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn visible(el: ElementRef, out: &mut String) {
    for child in el.children() {
        if let Some(text) = child.value().as_text() {
            out.push_str(text);
        } else if let Some(e) = ElementRef::wrap(child) {
            if !e.value().classes().any(|c| c == "visually-hidden") {
                visible(e, out);
            }
        }
    }
}

/// A page's title as its h1 shows it, without the chapter label and the number the h1
/// starts with (`Chapter 1: ` is read with the title, shown as a line above it).
pub fn title_of(h1: ElementRef) -> String {
    let mut out = String::new();
    for child in h1.children() {
        if let Some(text) = child.value().as_text() {
            out.push_str(text);
        } else if let Some(e) = ElementRef::wrap(child) {
            let furniture = ["page-header__label", "section-number"];
            if !e.value().classes().any(|c| furniture.contains(&c)) {
                visible(e, &mut out);
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a screen reader says for an element: all of its text, the visually hidden
/// parts too.
pub fn spoken(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn href(el: ElementRef) -> String {
    el.value().attr("href").unwrap_or_default().to_string()
}

/// True when `el` sits inside an element matching `selector`.
pub fn inside(el: ElementRef, selector: &str) -> bool {
    let s = sel(selector);
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| s.matches(&a))
}

/// Every id in a document, with duplicates.
pub fn ids(html: &Html) -> Vec<String> {
    all(html, "[id]")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

/// A built page, by its file relative to the output folder.
pub struct Page {
    pub file: String,
    pub html: Html,
}

impl Page {
    pub fn all(&self, selector: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&sel(selector)).collect()
    }

    pub fn by_id(&self, id: &str) -> Option<ElementRef<'_>> {
        self.html
            .select(&sel("[id]"))
            .find(|e| e.value().attr("id") == Some(id))
    }

    pub fn id(&self, id: &str) -> ElementRef<'_> {
        self.by_id(id)
            .unwrap_or_else(|| panic!("no element with id `{id}` in {}", self.file))
    }

    /// What the generator attached to the element with `id`: `.evidence`, `.supports`
    /// and `.pairing` blocks inside it, or directly after it, and a section's
    /// "supports" at the section's end (`data-section`).
    pub fn attached(&self, id: &str) -> Vec<ElementRef<'_>> {
        let element = self.id(id);
        let attached = sel(".evidence, .supports, .pairing");
        let mut found: Vec<ElementRef> = element.select(&attached).collect();
        for sibling in element.next_siblings().filter_map(ElementRef::wrap) {
            if attached.matches(&sibling) {
                found.push(sibling);
            } else {
                break;
            }
        }
        found.extend(
            self.all(".supports[data-section]")
                .into_iter()
                .filter(|s| s.value().attr("data-section") == Some(id)),
        );
        found
    }

    /// The links in what is attached to `id` whose container matches `class`.
    pub fn attached_links(&self, id: &str, class: &str) -> Vec<(String, String)> {
        let a = sel("a[href]");
        self.attached(id)
            .into_iter()
            .filter(|e| {
                e.value()
                    .has_class(class, scraper::CaseSensitivity::CaseSensitive)
            })
            .flat_map(|e| e.select(&a).collect::<Vec<_>>())
            .map(|a| (href(a), text(a)))
            .collect()
    }

    /// The evidence list of a recommendation: (href, text) of each item.
    pub fn evidence_of(&self, rec: &str) -> Vec<(String, String)> {
        self.attached_links(rec, "evidence")
    }

    /// The "supports these recommendations" links attached to a piece of evidence.
    pub fn backlinks_of(&self, id: &str) -> Vec<(String, String)> {
        self.attached_links(id, "supports")
    }

    /// The Easy Read / full version links attached to a section heading.
    pub fn pairing_of(&self, id: &str) -> Vec<(String, String)> {
        self.attached_links(id, "pairing")
    }
}

/// The id of the element a `.supports` or `.pairing` block belongs to: the quote or
/// list item holding it, or the nearest element with an id before it.
pub fn owner_id(block: ElementRef) -> Option<String> {
    if let Some(section) = block.value().attr("data-section") {
        return Some(section.to_string());
    }
    let holder = sel("figure[id], li[id]");
    if let Some(h) = block
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| holder.matches(a))
    {
        return h.value().attr("id").map(str::to_string);
    }
    let attached = sel(".evidence, .supports, .pairing");
    block
        .prev_siblings()
        .filter_map(ElementRef::wrap)
        .find(|e| !attached.matches(e))
        .and_then(|e| e.value().attr("id").map(str::to_string))
}

/// A link text that says where it goes on its own (WCAG 2.4.4): never "here", a
/// number, or a bracketed number.
pub fn assert_meaningful(link_text: &str, context: &str) {
    let t = link_text.trim().to_lowercase();
    let bare = t.trim_matches(|c: char| "[]().".contains(c));
    assert!(
        !t.is_empty()
            && !["here", "click here", "link", "more", "read more", "this"].contains(&t.as_str())
            && !bare.chars().all(|c| c.is_ascii_digit()),
        "the link text `{link_text}` ({context}) does not say where it goes"
    );
}

// ---------------------------------------------------------------------------
// page structure

/// The checks every page of every site must pass; returns the problems found.
pub fn page_problems(file: &str, html: &Html, language: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |p: String| problems.push(format!("{file}: {p}"));

    match all(html, "html")
        .first()
        .and_then(|h| h.value().attr("lang"))
    {
        Some(lang) if lang == language => {}
        other => problem(format!("<html lang> is {other:?}, not {language}")),
    }
    let titles = all(html, "head > title");
    if titles.len() != 1 || text(titles[0]).is_empty() {
        problem(format!(
            "there should be one non-empty <title>, found {}",
            titles.len()
        ));
    }
    let h1s = all(html, "h1");
    if h1s.len() != 1 {
        problem(format!(
            "there should be exactly one h1, found {}",
            h1s.len()
        ));
    }
    let mains = all(html, "main");
    if mains.len() != 1 || mains[0].value().attr("id") != Some("main") {
        problem("there should be exactly one <main id=\"main\">".into());
    }
    let headers: Vec<_> = all(html, "header")
        .into_iter()
        .filter(|h| !inside(*h, "main, article, section"))
        .collect();
    if headers.is_empty() {
        problem("there is no page-level <header> (banner)".into());
    }
    let footers: Vec<_> = all(html, "footer")
        .into_iter()
        .filter(|f| !inside(*f, "main, article, section"))
        .collect();
    if footers.is_empty() {
        problem("there is no page-level <footer> (contentinfo)".into());
    }
    if all(html, "nav").is_empty() {
        problem("there is no <nav>".into());
    }
    // The first thing a keyboard reaches is the skip link.
    let focusable: Vec<_> = all(html, "a[href], button, input, select, textarea, [tabindex]")
        .into_iter()
        .filter(|e| e.value().attr("tabindex") != Some("-1"))
        .collect();
    match focusable.first() {
        Some(first)
            if first.value().name() == "a" && first.value().attr("href") == Some("#main") => {}
        Some(first) => problem(format!(
            "the first focusable element is not a skip link to #main: {}",
            first.html()
        )),
        None => problem("nothing is focusable".into()),
    }
    // Headings never skip a level, and the first is the h1.
    let mut last = 0u8;
    for h in all(html, "h1, h2, h3, h4, h5, h6") {
        let level = h.value().name()[1..].parse::<u8>().unwrap();
        if last == 0 && level != 1 {
            problem(format!("the first heading is an h{level}, not the h1"));
        }
        if level > last + 1 && last != 0 {
            problem(format!("h{level} `{}` follows an h{last}", text(h)));
        }
        last = level;
    }
    // Ids are unique.
    let mut seen = std::collections::HashSet::new();
    for id in ids(html) {
        if !seen.insert(id.clone()) {
            problem(format!("the id `{id}` is used more than once"));
        }
    }
    problems
}
