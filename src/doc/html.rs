//! The HTML renderer of the typed document: each node becomes the markup the theme's
//! CSS and the accessibility checks expect; CommonMark content is written by
//! pulldown-cmark's own HTML writer.

use pulldown_cmark::{Alignment, CowStr, Event};

use super::{escape_html, Resolve};
use super::{AttachAt, Attachment, BlockRole, Element, Footnote, Leaf, Node, Reference};
use crate::model::Strings;

/// What the renderer writes with: the page's links resolved (hrefs; an empty href
/// is a link that leads nowhere the reader can go, such as an EPUB's link to a page
/// it does not hold: its text is kept, without a link), the theme's words, and how
/// the place it is written for wants it.
pub struct Resolved<'a> {
    pub page: &'a dyn Resolve<Dest = String>,
    /// The words the renderer writes itself, from the theme.
    pub strings: &'a Strings,
    pub options: Options,
}

/// How the same nodes are written for different places: a web page, a part of the
/// whole-report page, an EPUB's XHTML.
#[derive(Debug, Clone)]
pub struct Options {
    /// Figures link their picture at full size (on the web; an EPUB cannot).
    pub figure_links: bool,
    /// Void elements closed (`<img … />`), as XHTML must have them.
    pub xhtml: bool,
    /// The editor's raw HTML is written (else left out).
    pub raw_html: bool,
    /// Added to every heading's level (a part of the whole-report page is headed by
    /// its title, one level above the page's own headings); at most 6.
    pub heading_offset: u8,
    /// Put before every id of the page and every link to one (so that the ids of
    /// the parts on one page stay unique).
    pub id_prefix: String,
    /// A recommendation's evidence is folded ("Evidence (3)", a disclosure that works
    /// without script), so that a listener passes it in one keystroke; on paper and in
    /// an EPUB it is read open.
    pub fold_apparatus: bool,
    /// The id of the heading that names the part this page is placed in (on the
    /// whole-report page): a landmark inside adds it to its name, so that two parts'
    /// "Words to know" are told apart.
    pub part_title_id: Option<String>,
}

impl Default for Options {
    /// A web page's.
    fn default() -> Options {
        Options {
            figure_links: true,
            xhtml: false,
            raw_html: true,
            heading_offset: 0,
            id_prefix: String::new(),
            fold_apparatus: true,
            part_title_id: None,
        }
    }
}

impl Resolved<'_> {
    /// One of the theme's strings, escaped.
    fn words(&self, key: &str) -> String {
        escape_html(self.strings.get(key))
    }

    /// One of the theme's strings filled in, escaped.
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        escape_html(&self.strings.fill(key, values))
    }

    /// An id as written on the page (with the prefix), escaped.
    fn id(&self, id: &str) -> String {
        match self.options.id_prefix.as_str() {
            "" => escape_html(id),
            prefix => escape_html(&format!("{prefix}{id}")),
        }
    }

    /// A heading level as written, with the offset.
    fn level(&self, level: u8) -> u8 {
        level.saturating_add(self.options.heading_offset).min(6)
    }

    /// The end of a void element.
    fn void_end(&self) -> &'static str {
        if self.options.xhtml {
            " />"
        } else {
            ">"
        }
    }
}

/// A page's HTML: its nodes, then the notes section when it has footnotes.
pub fn page(nodes: &[Node], footnotes: &[Footnote], resolved: &Resolved) -> String {
    let mut html = String::with_capacity(nodes.len() * 48);
    push(&mut html, nodes, resolved);
    if !resolved.page.words_to_know().is_empty() {
        words_to_know(&mut html, resolved);
    }
    if !footnotes.is_empty() {
        notes_section(&mut html, footnotes, resolved);
    }
    html
}

fn push(html: &mut String, nodes: &[Node], resolved: &Resolved) {
    // The level of the last heading: a recommendation's name is a heading below it.
    let mut level = 1;
    // A quote's attachments, written after its figure.
    let (mut after_figure, mut in_caption) = (String::new(), false);
    let events = nodes.iter().map(move |node| match node {
        Node::Markdown(Event::Html(_) | Event::InlineHtml(_)) if !resolved.options.raw_html => {
            Event::Html(CowStr::Borrowed(""))
        }
        Node::Markdown(event) => borrowed(event),
        Node::Open(element) => {
            match element {
                Element::Heading { level: l, .. } => level = *l,
                Element::Attribution => in_caption = true,
                _ => {}
            }
            Event::Html(CowStr::from(open_with_name(element, level, resolved)))
        }
        Node::Close(element @ Element::AttributedQuote { .. }) => Event::Html(CowStr::from(
            close(element, resolved) + &std::mem::take(&mut after_figure),
        )),
        Node::Close(element) => {
            in_caption &= *element != Element::Attribution;
            Event::Html(CowStr::from(close(element, resolved)))
        }
        // A quote's attachments (what it supports, its citation) come after its
        // figure: inside the caption they would become part of the quote's name, read
        // before the quote as if the speaker endorsed the recommendations.
        Node::Leaf(Leaf::Attached { id, at }) if in_caption => {
            let place = (*at, id.as_str());
            let (cite, rest): (Vec<&Attachment>, Vec<&Attachment>) = resolved
                .page
                .attached(id)
                .iter()
                .filter(|a| at.holds(a))
                .partition(|a| matches!(a, Attachment::Cite { .. }));
            for a in rest.into_iter().chain(cite) {
                after_figure.push_str(&attachment(a, place, resolved));
            }
            Event::Html(CowStr::Borrowed(""))
        }
        Node::Leaf(leaf) => Event::Html(CowStr::from(leaf_html(leaf, resolved))),
    });
    pulldown_cmark::html::push_html(html, events);
}

/// A CommonMark event lent to the HTML writer without copying its text.
fn borrowed<'a>(event: &'a Event) -> Event<'a> {
    let lend = |s: &'a CowStr| CowStr::Borrowed(s.as_ref());
    match event {
        Event::Text(s) => Event::Text(lend(s)),
        Event::Code(s) => Event::Code(lend(s)),
        Event::Html(s) => Event::Html(lend(s)),
        Event::InlineHtml(s) => Event::InlineHtml(lend(s)),
        Event::FootnoteReference(s) => Event::FootnoteReference(lend(s)),
        Event::InlineMath(s) => Event::InlineMath(lend(s)),
        Event::DisplayMath(s) => Event::DisplayMath(lend(s)),
        other => other.clone(),
    }
}

fn id_attr(id: &Option<String>, resolved: &Resolved) -> String {
    id.as_ref()
        .map_or(String::new(), |id| format!(" id=\"{}\"", resolved.id(id)))
}

fn role_class(role: BlockRole) -> &'static str {
    match role {
        BlockRole::Plain => "",
        BlockRole::Recommendation => " class=\"recommendation\"",
        BlockRole::PictureRow => " class=\"picture-row\"",
    }
}

fn href<'a>(resolved: &'a Resolved, link: usize) -> &'a str {
    resolved.page.link(link).map_or("", String::as_str)
}

/// An element's opening; a recommendation's is headed by its number and name, so that
/// readers can move from one recommendation to the next by its heading.
fn open_with_name(element: &Element, level: u8, resolved: &Resolved) -> String {
    let (Element::Paragraph {
        id: Some(id),
        role: BlockRole::Recommendation,
    }
    | Element::Item {
        id: Some(id),
        role: BlockRole::Recommendation,
    }) = element
    else {
        return open(element, resolved);
    };
    let Some(name) = resolved.page.recommendation(id) else {
        return open(element, resolved);
    };
    let h = resolved.level(level + 1);
    let heading = format!(
        "<h{h} class=\"recommendation__name\">{}</h{h}>",
        escape_html(&name)
    );
    match element {
        Element::Item { .. } => format!("{}{heading}", open(element, resolved)),
        _ => format!("{heading}{}", open(element, resolved)),
    }
}

fn open(element: &Element, resolved: &Resolved) -> String {
    match element {
        Element::Paragraph { id, role } => {
            format!("<p{}{}>", id_attr(id, resolved), role_class(*role))
        }
        Element::Item { id, role } => {
            format!("<li{}{}>", id_attr(id, resolved), role_class(*role))
        }
        Element::Heading { level, id } => {
            let number = resolved.page.section_number(id).map_or(String::new(), |n| {
                format!("<span class=\"section-number\">{}</span> ", escape_html(n))
            });
            format!("<h{} id=\"{}\">{number}", resolved.level(*level), resolved.id(id))
        }
        Element::Quote => "<blockquote>\n".into(),
        Element::AttributedQuote { id } => {
            format!("<figure class=\"quote\"{}>\n<blockquote>\n", id_attr(id, resolved))
        }
        Element::Attribution => "</blockquote>\n<figcaption>".into(),
        Element::Link { link, title } => {
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(title))
            };
            match href(resolved, *link) {
                "" => format!("<a{title}>"),
                href => format!("<a href=\"{}\"{title}>", escape_html(href)),
            }
        }
        Element::Table { number, .. } => format!(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n",
            resolved.fill("table", &[("number", &number.to_string())])
        ),
        Element::TableHead => "<thead>\n<tr>".into(),
        Element::TableRow { opens_body } => {
            if *opens_body { "<tbody>\n<tr>" } else { "<tr>" }.into()
        }
        Element::TableCell { head, align } => {
            let tag = if *head { "th scope=\"col\"" } else { "td" };
            let class = match align {
                Alignment::Left => " class=\"align-left\"",
                Alignment::Center => " class=\"align-center\"",
                Alignment::Right => " class=\"align-right\"",
                Alignment::None => "",
            };
            format!("<{tag}{class}>")
        }
        Element::GlossaryTerm { id } => format!("<dt id=\"{}\">", resolved.id(id)),
        Element::References => format!(
            "<section class=\"references\" role=\"doc-bibliography\" aria-labelledby=\"{}\">",
            resolved.id("references")
        ),
        Element::ReferenceEntry { id, item } => {
            let tag = if *item { "li" } else { "p" };
            format!("<{tag} id=\"{}\">", resolved.id(id))
        }
    }
}

fn close(element: &Element, resolved: &Resolved) -> String {
    match element {
        Element::Paragraph { .. } => "</p>\n".into(),
        Element::Item { .. } => "</li>\n".into(),
        Element::Heading { level, .. } => format!("</h{}>\n", resolved.level(*level)),
        Element::Quote => "</blockquote>\n".into(),
        Element::AttributedQuote { .. } => "\n</figure>\n".into(),
        Element::Attribution => "</figcaption>".into(),
        Element::Link { .. } => "</a>".into(),
        Element::Table { has_body, .. } => if *has_body {
            "</tbody>\n</table>\n</div>\n"
        } else {
            "</table>\n</div>\n"
        }
        .into(),
        Element::TableHead => "</tr>\n</thead>\n".into(),
        Element::TableRow { .. } => "</tr>\n".into(),
        Element::TableCell { head, .. } => if *head { "</th>" } else { "</td>" }.into(),
        Element::GlossaryTerm { .. } => "</dt>\n".into(),
        Element::References => "</section>".into(),
        Element::ReferenceEntry { item, .. } => if *item { "</li>\n" } else { "</p>\n" }.into(),
    }
}

fn leaf_html(leaf: &Leaf, resolved: &Resolved) -> String {
    match leaf {
        Leaf::Image { link, alt, .. } if href(resolved, *link).is_empty() => format!(
            "<span class=\"missing-picture\">{}</span>",
            resolved.fill("missing-picture", &[("description", alt)])
        ),
        Leaf::Figure { link, alt, caption } if href(resolved, *link).is_empty() => format!(
            "<p class=\"missing-picture\">{}<br />{}</p>\n",
            resolved.fill("missing-picture", &[("description", alt)]),
            escape_html(caption)
        ),
        Leaf::Image { link, alt, title } => {
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(title))
            };
            format!(
                "<img src=\"{}\" alt=\"{}\"{title}{}",
                escape_html(href(resolved, *link)),
                escape_html(alt),
                resolved.void_end()
            )
        }
        Leaf::Figure { link, alt, caption } => figure(href(resolved, *link), alt, caption, resolved),
        Leaf::Code { lang, code } => super::highlight::code_block(lang, code),
        Leaf::Attached { id, at } => resolved.page.attached(id)
            .iter()
            .filter(|a| at.holds(a))
            .map(|a| attachment(a, (*at, id), resolved))
            .collect(),
        Leaf::Citation { id, entry, text } => format!(
            "<a role=\"doc-biblioref\" id=\"{}\" href=\"#{}\">{}</a>",
            resolved.id(id),
            resolved.id(entry),
            escape_html(text)
        ),
        Leaf::CitedBy { citations, entry } => cited_by(citations, entry, resolved),
        Leaf::Term { link, text, abbr } => term(*link, text, abbr.as_deref(), resolved),
        Leaf::WordToKnow { id, text } => format!(
            "<a class=\"glossary-term\" href=\"#{}\">{}<span class=\"visually-hidden\">{}</span></a>",
            resolved.id(&format!("word-{id}")),
            escape_html(text),
            resolved.words("in-words-to-know")
        ),
        Leaf::Unseen { text } => format!(
            "<span class=\"visually-hidden\">{}</span>",
            escape_html(text)
        ),
        Leaf::FootnoteRef { number, id } => format!(
            "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{}\" role=\"doc-noteref\"><span class=\"visually-hidden\">{}</span>{number}</a></sup>",
            resolved.id(&format!("fn-{number}")),
            resolved.id(id),
            resolved.words("note")
        ),
    }
}

/// The links from a reference entry back to each citation of it: "Back to citation
/// 1" on every entry, so a hidden part names the entry.
fn cited_by(citations: &[String], entry: &str, resolved: &Resolved) -> String {
    let of = format!(
        "<span class=\"visually-hidden\">{}</span>",
        resolved.fill("of-entry", &[("entry", entry)])
    );
    let links: Vec<String> = citations
        .iter()
        .enumerate()
        .map(|(i, cite)| {
            let back = resolved.fill("back-to-citation", &[("number", &(i + 1).to_string())]);
            format!("<a href=\"#{}\">{back}{of}</a>", resolved.id(cite))
        })
        .collect();
    format!(
        " <span class=\"cited-by\" {IGNORE}>{}</span>",
        links.join(" ")
    )
}

/// A glossary term's first use, linked to its entry.
fn term(link: usize, text: &str, abbr: Option<&str>, resolved: &Resolved) -> String {
    let shown = escape_html(text);
    let inner = match abbr {
        Some(title) => format!("<abbr title=\"{}\">{shown}</abbr>", escape_html(title)),
        None => shown,
    };
    if href(resolved, link).is_empty() {
        return inner;
    }
    // "(in the glossary)": the same words may also name a section or a page.
    format!(
        "<a class=\"glossary-term\" href=\"{}\">{inner}<span class=\"visually-hidden\">{}</span></a>",
        escape_html(href(resolved, link)),
        resolved.words("in-the-glossary")
    )
}

/// A picture with its caption; on the web the caption links the picture at full size
/// (a figure's labels can be too small to read on a phone).
fn figure(src: &str, alt: &str, caption: &str, resolved: &Resolved) -> String {
    let src = escape_html(src);
    let full_size = if resolved.options.figure_links {
        format!(
            " <a class=\"figure__full-size\" href=\"{src}\">{}<span class=\"visually-hidden\">: {}</span></a>",
            resolved.words("figure-full-size"),
            escape_html(caption)
        )
    } else {
        String::new()
    };
    format!(
        "<figure class=\"figure\"><img src=\"{src}\" alt=\"{}\"{}<figcaption>{}{full_size}</figcaption></figure>\n",
        escape_html(alt),
        resolved.void_end(),
        escape_html(caption)
    )
}

/// Apparatus (evidence, backlinks, pairing) is left out of the search index: its
/// words would fill the results' snippets.
const IGNORE: &str = "data-pagefind-ignore=\"all\"";

/// Evidence, "supports" backlinks and Easy Read pairing, with link texts that name
/// their target (WCAG 2.4.4).
/// `place` is which of the element's attachments these are, and the element's id.
fn attachment(attachment: &Attachment, place: (AttachAt, &str), resolved: &Resolved) -> String {
    let (at, id) = place;
    let link = |r: &Reference, text: &str| match resolved.page.place(&r.place) {
        href if href.is_empty() => escape_html(text),
        href => format!(
            "<a href=\"{}\">{}</a>",
            escape_html(&href),
            escape_html(text)
        ),
    };
    match attachment {
        Attachment::Evidence(list) => {
            let items: String = list
                .iter()
                .map(|r| format!("<li>{}</li>", link(r, &r.text)))
                .collect();
            let title = resolved.words("evidence");
            if resolved.options.fold_apparatus {
                format!(
                    "<details class=\"evidence\" {IGNORE}><summary class=\"evidence__title\">{title} ({})</summary><ul>{items}</ul></details>",
                    list.len()
                )
            } else {
                format!(
                    "<div class=\"evidence\" {IGNORE}><p class=\"evidence__title\">{title}</p><ul>{items}</ul></div>"
                )
            }
        }
        Attachment::Supports {
            inline,
            recommendations,
        } => {
            // At a section's end it is the section that supports them, not the quote
            // or paragraph just read.
            let label = resolved.words(match (at, recommendations.len()) {
                (AttachAt::SectionEnd, 1) => "section-supports-one",
                (AttachAt::SectionEnd, _) => "section-supports-many",
                (_, 1) => "supports-one",
                _ => "supports-many",
            });
            let links: Vec<String> = recommendations.iter().map(|r| link(r, &r.text)).collect();
            let class = match (inline, at) {
                (true, _) => "supports supports--quote".to_string(),
                (false, AttachAt::SectionEnd) => format!(
                    "supports supports--section\" data-section=\"{}",
                    escape_html(id)
                ),
                (false, _) => "supports".to_string(),
            };
            if resolved.options.fold_apparatus {
                // "Supports these recommendations (3)"; one needs no count.
                let count = match links.len() {
                    1 => String::new(),
                    n => format!(" ({n})"),
                };
                format!(
                    "<details class=\"{class}\" {IGNORE}><summary>{label}{count}</summary><p>{}</p></details>",
                    links.join("; ")
                )
            } else {
                format!("<p class=\"{class}\" {IGNORE}>{label}: {}</p>", links.join("; "))
            }
        }
        Attachment::FullVersion(r) => pairing(r, "full-version-of-section", resolved),
        Attachment::EasyReadVersion(r) => pairing(r, "easy-read-version-of-section", resolved),
        // Folded, and readable without script: the text is there to select and copy.
        // Its name is short (it follows what it cites): read aloud after every quote,
        // the quote's opening words again would double the apparatus.
        Attachment::Cite { what, text } => format!(
            "<details class=\"cite-this\" {IGNORE}><summary>{}</summary><p class=\"cite-this__text\">{}</p></details>",
            resolved.words(&format!("cite-this-{what}")),
            escape_html(text)
        ),
    }
}

/// A pairing link: its visible words (the string `words`) are the same on every
/// section, so a visually hidden part names the section it leads to (each link's name
/// is then unique).
fn pairing(r: &Reference, words: &str, resolved: &Resolved) -> String {
    let href = resolved.page.place(&r.place);
    let hidden = if r.text.is_empty() {
        String::new()
    } else {
        format!(
            "<span class=\"visually-hidden\">: {}</span>",
            escape_html(&r.text)
        )
    };
    let inner = format!("{}{hidden}", resolved.words(words));
    let link = if href.is_empty() {
        inner
    } else {
        format!("<a href=\"{}\">{inner}</a>", escape_html(&href))
    };
    format!("<p class=\"pairing\" {IGNORE}>{link}</p>")
}

/// "Words to know" at the end of an Easy Read page: each glossary word it uses, with
/// its Easy Read explanation, as Easy Read documents print them.
fn words_to_know(html: &mut String, resolved: &Resolved) {
    let (id, h) = (resolved.id("words-to-know"), resolved.level(2));
    let named_by = match &resolved.options.part_title_id {
        Some(part) => format!("{id} {part}"),
        None => id.clone(),
    };
    html.push_str(&format!("<section class=\"words-to-know\" aria-labelledby=\"{named_by}\">\n<h{h} id=\"{id}\">{}</h{h}>\n<dl>\n", resolved.words("words-to-know")));
    for word in resolved.page.words_to_know() {
        html.push_str(&format!(
            "<dt id=\"{}\">{}</dt>\n<dd>{}</dd>\n",
            resolved.id(&format!("word-{}", word.id)),
            escape_html(&word.term),
            escape_html(word.easy_read.as_deref().unwrap_or_default())
        ));
    }
    html.push_str("</dl>\n</section>\n");
}

/// The notes at the end of the page (DPUB-ARIA, as pandoc writes them): each note
/// links back to every place that refers to it, with visible, unique text.
fn notes_section(html: &mut String, footnotes: &[Footnote], resolved: &Resolved) {
    let (id, h) = (resolved.id("footnotes"), resolved.level(2));
    html.push_str(&format!(
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"{id}\">\n<h{h} id=\"{id}\">{}</h{h}>\n<ol>\n",
        resolved.words("notes")
    ));
    for note in footnotes {
        let n = note.number;
        let id = resolved.id(&format!("fn-{n}"));
        html.push_str(&format!("<li id=\"{id}\" value=\"{n}\">"));
        push(html, &note.nodes, resolved);
        for k in 1..=note.refs {
            let target = if k == 1 {
                format!("fnref-{n}")
            } else {
                format!("fnref-{n}-{k}")
            };
            let (number, count) = (n.to_string(), k.to_string());
            let text = if note.refs == 1 {
                resolved.fill("back-to-reference", &[("number", &number)])
            } else {
                resolved.fill(
                    "back-to-reference-again",
                    &[("number", &number), ("count", &count)],
                )
            };
            html.push_str(&format!(
                " <a href=\"#{}\" role=\"doc-backlink\">{text}</a>",
                resolved.id(&target),
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
}
