//! The Typst renderer of the typed document, for the PDF downloads: each node becomes
//! Typst markup that calls the functions of the theme's Typst template
//! (`typst/publication.typ`), so that a theme changes the PDF's look without touching
//! the structure. Labels (`<p3-q-lower-caseloads>`) make every id of the page a place
//! that the PDF's internal links reach.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{AttachAt, Attachment, BlockRole, Element, Footnote, Leaf, Node, Reference, Resolve};
use crate::model::Strings;

pub(crate) use super::typst_escape::{push_string, push_text};
use super::typst_lookahead::{
    introduces_list, is_short_list, single_paragraph, starts_with_picture,
};
use super::typst_table::{open_row, table_columns, TablePieces};

/// Where a link of the page leads in the PDF.
#[derive(Debug, Clone, PartialEq)]
pub enum Dest {
    /// A place inside the same PDF, by its label.
    Label(String),
    /// A web address (a link that leaves the publication, or a page not in this PDF
    /// on a site with a `base_url`).
    Url(String),
    /// A picture embedded in the PDF, by its path in the Typst world.
    Picture(String),
    /// Nowhere this document can reach: the link's text is kept as text.
    Nowhere,
}

/// What the renderer writes with: the page's links resolved (as for
/// [`super::html::Resolved`]), and the label of each id, unique in the PDF.
pub struct Resolved<'a> {
    pub page: &'a dyn Resolve<Dest = Dest>,
    /// The label of an id of this page.
    pub label: &'a dyn Fn(&str) -> String,
    /// The theme's words, for the headings the renderer writes itself.
    pub strings: &'a Strings,
}

/// A page's content as Typst markup.
pub struct Markup {
    pub text: String,
    /// The page has raw HTML, which only the web page shows.
    pub skipped_html: bool,
}

/// A page's content as Typst markup.
pub fn page(nodes: &[Node], footnotes: &[Footnote], resolved: &Resolved) -> Markup {
    let mut writer = Writer {
        out: String::with_capacity(nodes.len() * 40),
        resolved,
        footnotes,
        lists: Vec::new(),
        footnotes_used: std::collections::HashSet::new(),
        picture_row: false,
        lead_in: false,
        keep_together: false,
        skipped_html: false,
        level: 1,
        heading_labelled: false,
        table: None,
    };
    writer.nodes(nodes);
    writer.words_to_know();
    Markup {
        text: writer.out,
        skipped_html: writer.skipped_html,
    }
}

struct Writer<'r, 'a> {
    out: String,
    resolved: &'r Resolved<'a>,
    footnotes: &'r [Footnote],
    /// Open CommonMark lists: the next number of an ordered one.
    lists: Vec<Option<u64>>,
    /// Footnotes already placed (a later reference points at the first).
    footnotes_used: std::collections::HashSet<usize>,
    /// Inside an Easy Read picture row whose picture has not come yet.
    picture_row: bool,
    skipped_html: bool,
    /// The level of the last heading as tagged (a recommendation's name is a level
    /// below).
    level: u8,
    /// The open heading carries its label itself (`heading-as-written`).
    heading_labelled: bool,
    /// The open paragraph introduces a list (`lead-in`), so it stays with it.
    lead_in: bool,
    /// The open outermost list is short, set whole on one page (`keep-together`).
    keep_together: bool,
    /// The table being written, to be set in pieces when it is long.
    table: Option<TablePieces>,
}

impl Writer<'_, '_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for (i, node) in nodes.iter().enumerate() {
            match node {
                // Only an outermost list is measured, so no list is counted twice.
                Node::Markdown(event @ Event::Start(Tag::List(_)))
                    if self.lists.is_empty() && self.is_short_list(&nodes[i + 1..]) =>
                {
                    self.keep_together = true;
                    self.out.push_str("\n#keep-together[");
                    self.event(event);
                }
                Node::Markdown(event) => self.event(event),
                Node::Open(element) => self.open(element, &nodes[i + 1..]),
                Node::Close(element) => self.close(element),
                Node::Leaf(Leaf::Image { link, alt, title }) => {
                    let alone = matches!(
                        (i.checked_sub(1).map(|p| &nodes[p]), nodes.get(i + 1)),
                        (
                            Some(Node::Open(Element::Paragraph { .. })),
                            Some(Node::Close(Element::Paragraph { .. }))
                        )
                    );
                    self.image(*link, alt, title, alone);
                }
                Node::Leaf(leaf) => self.leaf(leaf),
            }
        }
    }

    fn is_short_list(&self, rest: &[Node]) -> bool {
        let page = self.resolved.page;
        is_short_list(rest, &|id| !page.attached(id).is_empty())
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => push_text(&mut self.out, text),
            Event::Code(code) => {
                self.out.push_str("#raw(");
                push_string(&mut self.out, code);
                self.out.push(')');
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self.out.push_str("\n#rule()\n"),
            Event::TaskListMarker(done) => self.out.push_str(if *done {
                "#task(true) "
            } else {
                "#task(false) "
            }),
            // Raw HTML is for the web page; comments are the editor's own.
            Event::Html(html) | Event::InlineHtml(html) => {
                if !html.trim_start().starts_with("<!--") {
                    self.skipped_html = true;
                }
            }
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::List(start) => self.lists.push(*start),
            Tag::DefinitionList => self.out.push('\n'),
            Tag::DefinitionListTitle => self.out.push_str("#term["),
            Tag::DefinitionListDefinition => self.out.push_str("#definition["),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.out.push(']'),
            TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.out.push_str("]\n")
            }
            TagEnd::List(_) => {
                self.lists.pop();
                if self.lists.is_empty() && self.keep_together {
                    self.keep_together = false;
                    self.out.push(']');
                }
                self.out.push('\n');
            }
            _ => {}
        }
    }

    fn open(&mut self, element: &Element, rest: &[Node]) {
        match element {
            Element::Paragraph { id, role } => match role {
                BlockRole::Recommendation => self.open_recommendation(id),
                _ if !self.lead_in && introduces_list(rest) => {
                    self.lead_in = true;
                    self.out.push_str("#lead-in[");
                    self.open(element, rest);
                }
                // The picture row's picture is its first node (else it is a paragraph).
                BlockRole::PictureRow
                    if matches!(rest.first(), Some(Node::Leaf(Leaf::Image { .. }))) =>
                {
                    self.picture_row = true;
                    self.out.push_str("#picture-row(");
                }
                _ => self.out.push_str("#par["),
            },
            Element::Item { role, .. } if starts_with_picture(*role, rest) => {
                // The picture is the item's marker, as on paper.
                self.out.push_str("#picture-item[");
            }
            Element::Item { id, role } => {
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("#enum.item({})[", *n - 1)
                    }
                    _ => "#list.item[".to_string(),
                };
                self.out.push_str(&marker);
                if *role == BlockRole::Recommendation {
                    self.open_recommendation(id);
                }
            }
            Element::Heading { level, id } => self.open_heading(*level, id),
            Element::Quote => self.out.push_str("\n#quote(block: true)["),
            Element::AttributedQuote { .. } => self.out.push_str("\n#attributed-quote["),
            Element::Attribution => self.out.push_str("]["),
            Element::Link { link, .. } => self.open_link(*link),
            Element::Table { .. } => {
                let columns = table_columns(rest);
                self.out
                    .push_str(&format!("\n#data-table(columns: {columns}, "));
                self.table = Some(TablePieces {
                    columns,
                    header: String::new(),
                    header_start: 0,
                    rows: 0,
                });
            }
            Element::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header_start = self.out.len();
                }
                self.out.push_str("header: (");
            }
            Element::TableRow { opens_body } => {
                open_row(self.table.as_mut(), &mut self.out, *opens_body)
            }
            Element::TableCell { .. } => self.out.push('['),
            Element::GlossaryTerm { .. } => self.out.push_str("#term["),
            Element::References => self.out.push_str("\n#references["),
            Element::ReferenceEntry { item, .. } => {
                if *item {
                    self.out.push_str("#list.item[#par[");
                } else {
                    self.out.push_str("#par[");
                }
            }
        }
    }

    /// A PDF's tagged headings may not skip a level (PDF/UA): a heading that does is
    /// tagged one below the last and printed at the size the editor wrote (the skip
    /// is the editor's warning, not the PDF's).
    fn open_heading(&mut self, level: u8, id: &str) {
        let tagged = level.min(self.level + 1);
        (self.level, self.heading_labelled) = (tagged, tagged != level);
        if tagged == level {
            self.out.push_str(&format!("\n#heading(level: {level})["));
        } else {
            let label = (self.resolved.label)(id);
            let open =
                format!("\n#heading-as-written(level: {tagged}, written: {level}, label: label(");
            self.out.push_str(&open);
            push_string(&mut self.out, &label);
            self.out.push_str("))[");
        }
        // The section's number is part of the heading, so the contents show it too.
        if let Some(number) = self.resolved.page.section_number(id) {
            push_text(&mut self.out, number);
            self.out.push(' ');
        }
    }

    fn close(&mut self, element: &Element) {
        let label = |id: &Option<String>| id.as_deref().map(|id| (self.resolved.label)(id));
        let (text, label) = match element {
            Element::Paragraph { id, .. } => ("]", label(id)),
            Element::Item { id, role } => {
                let close = if *role == BlockRole::Recommendation {
                    "]]"
                } else {
                    "]"
                };
                (close, label(id))
            }
            Element::Heading { .. } if self.heading_labelled => ("]", None),
            Element::Heading { id, .. } => ("]", Some((self.resolved.label)(id))),
            Element::Quote => ("]", None),
            Element::AttributedQuote { id } => ("]", label(id)),
            Element::Attribution => ("", None),
            Element::Link { .. } => ("]", None),
            // The body's array of cells closes with the table.
            Element::Table { has_body, .. } => (if *has_body { "))" } else { ")" }, None),
            Element::TableHead => {
                self.out.push_str("), ");
                if let Some(table) = &mut self.table {
                    table.header = self.out[table.header_start..].to_string();
                }
                ("", None)
            }
            Element::TableRow { .. } => ("", None),
            Element::TableCell { .. } => ("], ", None),
            Element::GlossaryTerm { id } => ("]", Some((self.resolved.label)(id))),
            Element::References => ("]", None),
            Element::ReferenceEntry { id, item } => (
                if *item { "]]" } else { "]" },
                Some((self.resolved.label)(id)),
            ),
        };
        self.out.push_str(text);
        if let Some(label) = label {
            push_label(&mut self.out, &label);
        }
        if self.lead_in && matches!(element, Element::Paragraph { .. }) {
            self.lead_in = false;
            self.out.push(']');
        }
        if matches!(
            element,
            Element::Paragraph { .. }
                | Element::Item { .. }
                | Element::Heading { .. }
                | Element::Quote
                | Element::AttributedQuote { .. }
                | Element::GlossaryTerm { .. }
                | Element::ReferenceEntry { .. }
        ) {
            self.out.push('\n');
        }
        if matches!(element, Element::Table { .. }) {
            self.out.push('\n');
        }
    }

    /// "Words to know" at the end of an Easy Read part, as on the page.
    fn words_to_know(&mut self) {
        let words = self.resolved.page.words_to_know();
        if words.is_empty() {
            return;
        }
        self.out.push_str("\n#heading(level: 2)[");
        push_text(&mut self.out, self.resolved.strings.get("words-to-know"));
        self.out.push(']');
        push_label(&mut self.out, &(self.resolved.label)("words-to-know"));
        self.out.push('\n');
        for word in words {
            self.out.push_str("#term[");
            push_text(&mut self.out, &word.term);
            self.out.push(']');
            push_label(
                &mut self.out,
                &(self.resolved.label)(&format!("word-{}", word.id)),
            );
            self.out.push_str("\n#definition[");
            push_text(&mut self.out, word.easy_read.as_deref().unwrap_or_default());
            self.out.push_str("]\n");
        }
    }

    /// `#recommendation(name: […], level: n)[`: numbered and named as on the site.
    fn open_recommendation(&mut self, id: &Option<String>) {
        let name = id
            .as_deref()
            .and_then(|id| self.resolved.page.recommendation(id));
        self.out.push_str("#recommendation(name: ");
        match name {
            Some(name) => {
                self.out.push('[');
                push_text(&mut self.out, &name);
                self.out.push(']');
            }
            None => self.out.push_str("none"),
        }
        self.out
            .push_str(&format!(", level: {})[", (self.level + 1).min(6)));
    }

    fn open_link(&mut self, link: usize) {
        match self.resolved.page.link(link).unwrap_or(&Dest::Nowhere) {
            Dest::Label(label) => {
                self.out.push_str("#link(label(");
                push_string(&mut self.out, label);
                self.out.push_str("))[");
            }
            Dest::Url(url) | Dest::Picture(url) => {
                self.out.push_str("#link(");
                push_string(&mut self.out, url);
                self.out.push_str(")[");
            }
            Dest::Nowhere => self.out.push_str("#box["),
        }
    }

    fn leaf(&mut self, leaf: &Leaf) {
        match leaf {
            Leaf::Image { link, alt, title } => self.image(*link, alt, title, false),
            Leaf::Figure { link, alt, caption } => {
                self.out.push_str("\n#figure(");
                self.picture(*link, alt, "");
                self.out.push_str(", caption: [");
                push_text(&mut self.out, caption);
                self.out.push_str("])\n");
            }
            Leaf::Code { lang, code } => {
                self.out.push_str("\n#raw(block: true, lang: ");
                push_string(&mut self.out, lang);
                self.out.push_str(", ");
                push_string(&mut self.out, code);
                self.out.push_str(")\n");
            }
            Leaf::Attached { id, at } => {
                for attachment in self
                    .resolved
                    .page
                    .attached(id)
                    .iter()
                    .filter(|a| at.holds(a))
                {
                    self.attachment(attachment, *at);
                }
            }
            Leaf::Citation { entry, text, .. } => {
                let dest = Dest::Label((self.resolved.label)(entry));
                self.linked_text(&dest, text);
            }
            // Back-links from references to citations are for the screen.
            Leaf::CitedBy { .. } => {}
            Leaf::Term { link, text, .. } => {
                let dest = self.resolved.page.link(*link).cloned();
                self.linked_text(&dest.unwrap_or(Dest::Nowhere), text);
            }
            Leaf::FootnoteRef { number, .. } => self.footnote(*number),
            // On paper nothing sounds alike.
            Leaf::Unseen { .. } => {}
            Leaf::WordToKnow { id, text } => {
                let dest = Dest::Label((self.resolved.label)(&format!("word-{id}")));
                self.linked_text(&dest, text);
            }
        }
    }

    /// A picture in running text, or the picture of an Easy Read picture row.
    /// A picture alone in its paragraph is shown at its size (at most the width of
    /// the text); one among words, as high as a line.
    fn image(&mut self, link: usize, alt: &str, title: &str, alone: bool) {
        if self.picture_row {
            self.picture_row = false;
            self.picture(link, alt, title);
            self.out.push_str(")[");
        } else if alone {
            self.out.push_str("#block(");
            self.picture(link, alt, title);
            self.out.push(')');
        } else {
            self.out.push_str("#box(height: 1.2em, ");
            self.picture(link, alt, title);
            self.out.push(')');
        }
    }

    /// `image("…", alt: "…")` (code mode), or its alt text where it cannot be shown.
    fn picture(&mut self, link: usize, alt: &str, title: &str) {
        let decorative = alt.is_empty() && title == "decorative";
        match self.resolved.page.link(link) {
            Some(Dest::Picture(path)) if decorative => {
                self.out.push_str("pdf.artifact(image(");
                push_string(&mut self.out, path);
                self.out.push_str("))");
            }
            Some(Dest::Picture(path)) => {
                self.out.push_str("image(");
                push_string(&mut self.out, path);
                self.out.push_str(", alt: ");
                push_string(&mut self.out, alt);
                self.out.push(')');
            }
            _ => {
                self.out.push_str("missing-picture(");
                push_string(&mut self.out, alt);
                self.out.push(')');
            }
        }
    }

    fn linked_text(&mut self, dest: &Dest, text: &str) {
        match dest {
            Dest::Label(label) => {
                self.out.push_str("#link(label(");
                push_string(&mut self.out, label);
                self.out.push_str("))[");
            }
            Dest::Url(url) => {
                self.out.push_str("#link(");
                push_string(&mut self.out, url);
                self.out.push_str(")[");
            }
            Dest::Picture(_) | Dest::Nowhere => self.out.push('['),
        }
        push_text(&mut self.out, text);
        self.out.push(']');
    }

    /// The note's text where it is first referred to; later references point to it.
    fn footnote(&mut self, number: usize) {
        let label = (self.resolved.label)(&format!("fn-{number}"));
        if self.footnotes_used.contains(&number) {
            self.out.push_str("#footnote(label(");
            push_string(&mut self.out, &label);
            self.out.push_str("))");
            return;
        }
        // Notes are numbered 1, 2, 3… in order: the note is at its number's place.
        let at = number.checked_sub(1).and_then(|i| self.footnotes.get(i));
        let Some(note) = at
            .filter(|f| f.number == number)
            .or_else(|| self.footnotes.iter().find(|f| f.number == number))
        else {
            return;
        };
        self.footnotes_used.insert(number);
        self.out.push_str("#footnote[");
        let saved = std::mem::take(&mut self.lists);
        self.nodes(single_paragraph(&note.nodes).unwrap_or(&note.nodes));
        self.lists = saved;
        self.out.push(']');
        push_label(&mut self.out, &label);
    }

    /// Evidence, "supports" and pairing, as the template's functions lay them out.
    fn attachment(&mut self, attachment: &Attachment, at: AttachAt) {
        match attachment {
            Attachment::Evidence(list) => {
                self.out.push_str("\n#evidence(");
                self.references(list, |r| r.text.clone());
                self.out.push_str(")\n");
            }
            Attachment::Supports {
                inline,
                recommendations,
            } => {
                let function = match (inline, at) {
                    (true, _) => "#supports-inline(",
                    (false, AttachAt::SectionEnd) => "\n#section-supports(",
                    (false, _) => "\n#supports(",
                };
                self.out.push_str(function);
                self.references(recommendations, |r| r.text.clone());
                self.out.push_str(")\n");
            }
            Attachment::FullVersion(r) => self.pairing("full-version", r),
            Attachment::EasyReadVersion(r) => self.pairing("easy-read-version", r),
            // A download is cited whole (its web pages offer each citation).
            Attachment::Cite { .. } => {}
        }
    }

    /// An array of links (`(link(…)[…], …)`), leaving out places this PDF cannot reach.
    fn references(&mut self, list: &[Reference], text: impl Fn(&Reference) -> String) {
        self.out.push('(');
        for r in list {
            let dest = self.resolved.page.place(&r.place);
            if dest == Dest::Nowhere {
                continue;
            }
            self.out.push('[');
            self.linked_text(&dest, &text(r));
            self.out.push_str("], ");
        }
        self.out.push(')');
    }

    fn pairing(&mut self, function: &str, r: &Reference) {
        let dest = self.resolved.page.place(&r.place);
        self.out.push_str(&format!("\n#{function}(["));
        self.linked_text(&dest, &r.text);
        self.out.push_str("])\n");
    }
}

/// `#label("…")` right after an element attaches the label to it.
fn push_label(out: &mut String, label: &str) {
    out.push_str("#label(");
    push_string(out, label);
    out.push(')');
}
