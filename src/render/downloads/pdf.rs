//! The PDF of an edition: a Typst document generated from the parts' typed documents,
//! laid out by Typst with the theme's `publication.typ`, exported as PDF/UA-1.

use std::collections::HashMap;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Smart};
use typst::layout::PagedDocument;
use typst::WorldExt;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::glyphs;
use super::world::{self, PubWorld, THEME_DIR};
use super::{Edition, Format, Made, Publication};
use crate::diagnostics::{Diagnostic, Location};
use crate::doc::typst::{self as markup, push_string, Dest};
use crate::doc::GeneratedDoc;
use crate::model::*;
use crate::render::resolve::PageLinks;

/// Everything laying out one PDF takes, owned, so that it can run on another thread
/// (`pubgen serve` makes the downloads in the background).
pub(super) struct PdfJob {
    edition: Edition,
    stem: String,
    world: PubWorld,
    /// The theme's Typst files, to name them in errors.
    theme: Vec<ThemeFile>,
    warnings: Vec<Diagnostic>,
    /// Where each part starts in the generated document, to name the page an error
    /// of the generated document is in (empty for a part pubgen writes itself).
    parts: Vec<(usize, String)>,
}

/// The Typst document of an edition, ready to lay out.
pub(super) fn prepare(publication: &Publication) -> PdfJob {
    let theme = &publication.site.theme;
    let shared = world::shared(&theme.fonts);
    let Generated {
        body,
        pictures,
        mut warnings,
        parts,
    } = document(publication);
    let settings = preamble(publication);
    let missing = glyphs::missing(&shared, [settings.as_str(), body.as_str()]);
    warnings.extend(glyphs::missing_warnings(publication, &missing));
    // The theme's functions, then what shows the missing characters (before the
    // template, so that it holds on the title page too), then the document.
    let mut source = format!("#import \"{THEME_DIR}/publication.typ\": *\n{THEME_DEFAULTS}\n");
    glyphs::push_show_missing(&mut source, &missing);
    source.push_str(&settings);
    let start = source.len();
    source.push_str(&body);
    PdfJob {
        edition: publication.edition,
        stem: publication.stem.clone(),
        world: PubWorld::new(shared, source, &theme.typst, pictures),
        theme: theme.typst.clone(),
        warnings,
        parts: parts
            .into_iter()
            .map(|(at, page)| {
                let file = page.map(|p| publication.site.pages[p].source.display.clone());
                (start + at, file.unwrap_or_default())
            })
            .collect(),
    }
}

impl PdfJob {
    /// The PDF's file name.
    pub(super) fn file_name(&self) -> String {
        super::download_name(&self.stem, Format::Pdf)
    }

    /// Lays out and exports the PDF: the file, and what a link to it says.
    pub(super) fn run(self) -> Result<Made, Vec<Diagnostic>> {
        let compiled = typst::compile::<PagedDocument>(&self.world);
        let document = compiled
            .output
            .map_err(|errors| self.diagnostics(&errors))?;
        let options = PdfOptions {
            ident: Smart::Custom(&self.stem),
            timestamp: None,
            page_ranges: None,
            standards: PdfStandards::new(&[PdfStandard::Ua_1]).expect("PDF/UA-1 alone is valid"),
            tagged: true,
        };
        let bytes = typst_pdf::pdf(&document, &options).map_err(|e| self.diagnostics(&e))?;
        let pages = Some(document.pages.len());
        Ok(Made::new(
            self.edition,
            &self.stem,
            Format::Pdf,
            bytes,
            pages,
            self.warnings,
        ))
    }
}
/// The Typst document of an edition, the pictures it shows (by path in the Typst
/// world), a warning for each page whose raw HTML it leaves out, and where each part
/// starts.
struct Generated {
    body: String,
    pictures: HashMap<String, Bytes>,
    warnings: Vec<Diagnostic>,
    parts: Vec<(usize, Option<PageId>)>,
}

fn document(publication: &Publication) -> Generated {
    let mut typ = String::new();
    let mut pictures = HashMap::new();
    let mut warnings = Vec::new();
    let mut parts = Vec::with_capacity(publication.parts.len());
    for &page in &publication.parts {
        parts.push((typ.len(), Some(page)));
        if part(publication, page, &mut typ, &mut pictures) {
            let source = &publication.site.pages[page].source.display;
            let at = publication.docs[page].raw_html.clone();
            warnings.push(
                Diagnostic::warning("the PDF leaves out this page's raw HTML (its first is here)")
                    .at(at.unwrap_or_else(|| Location::file(source)))
                    .help("write it in markdown to have it in the PDF too"),
            );
        }
    }
    for (g, doc) in publication.generated.iter().enumerate() {
        parts.push((typ.len(), None));
        generated_part(publication, g, doc, &mut typ, &mut pictures);
    }
    Generated {
        body: typ,
        pictures,
        warnings,
        parts,
    }
}

fn takes_document_title(publication: &Publication) -> bool {
    let theme = &publication.site.theme;
    theme
        .typst
        .iter()
        .find(|f| f.name == "publication.typ")
        .is_some_and(|f| String::from_utf8_lossy(&f.contents).contains("document-title:"))
}

/// The theme's template applied with the document's settings from site.yaml.
fn preamble(publication: &Publication) -> String {
    let config = &publication.site.config;
    let mut typ = "#show: publication.with(\n  title: ".to_string();
    push_string(&mut typ, &config.title);
    // A theme's copy of an older template has no `document-title`: it keeps working
    // (its PDFs' metadata title is then the site's title).
    if takes_document_title(publication) {
        typ.push_str(",\n  document-title: ");
        push_string(&mut typ, &publication.edition_title());
    }
    typ.push_str(",\n  subtitle: ");
    push_optional(&mut typ, config.subtitle.as_deref());
    typ.push_str(",\n  publisher: ");
    push_optional(&mut typ, config.publisher.as_deref());
    typ.push_str(",\n  date: ");
    push_optional(
        &mut typ,
        super::publication_date(publication.site, publication.linked).as_deref(),
    );
    let (lang, region) = language(&config.language);
    typ.push_str(",\n  lang: ");
    push_string(&mut typ, &lang);
    typ.push_str(",\n  region: ");
    push_optional(&mut typ, region.as_deref());
    typ.push_str(&format!(
        ",\n  easy-read: {},\n  note: ",
        publication.edition == Edition::EasyRead
    ));
    match super::other_version_note(publication, "pdf") {
        Some(note) => {
            typ.push('[');
            markup::push_text(&mut typ, &note);
            typ.push(']');
        }
        None => typ.push_str("none"),
    }
    typ.push_str(",\n)\n");
    typ.push_str(&words_state(&publication.site.theme.strings));
    typ
}

/// The words the template writes itself (its labels, "Contents", "Page 1 of 9"),
/// from the theme's strings: a state the template reads by its name, so that a
/// template written before it keeps its own words.
fn words_state(strings: &Strings) -> String {
    let mut typ = "#state(\"pubgen-words\").update((".to_string();
    for (name, key) in TEMPLATE_WORDS {
        typ.push_str(&format!("\n  {name}: "));
        push_string(&mut typ, strings.get(key));
        typ.push(',');
    }
    typ.push_str("\n))\n");
    typ
}

/// The template's words: its name for each, and the key of the theme's strings.
const TEMPLATE_WORDS: &[(&str, &str)] = &[
    ("contents", "pdf-contents"),
    ("page", "pdf-page"),
    ("easy-read-version", "easy-read-version"),
    ("evidence", "evidence"),
    ("supports", "pdf-supports"),
    ("section-supports", "pdf-section-supports"),
    ("supports-inline", "pdf-supports-inline"),
    ("full-version", "pdf-full-version"),
    ("easy-read-place", "pdf-easy-read-version"),
];

/// A theme's template written before `heading-as-written`, `lead-in` or
/// `keep-together` existed still lays out: a heading written a level too deep is then
/// printed at the size of its tagged level, and short lists may break across pages.
const THEME_DEFAULTS: &str = "#import \"/theme/publication.typ\" as pubgen-theme
#let heading-as-written = dictionary(pubgen-theme).at(\"heading-as-written\", default: (level: 2, written: 2, label: none, body) => if label == none { heading(level: level, body) } else { [#heading(level: level, body)#label] })
#let lead-in = dictionary(pubgen-theme).at(\"lead-in\", default: body => body)
#let keep-together = dictionary(pubgen-theme).at(\"keep-together\", default: body => body)";

fn push_optional(typ: &mut String, value: Option<&str>) {
    match value {
        Some(v) => push_string(typ, v),
        None => typ.push_str("none"),
    }
}

/// `en-GB` → (`en`, `GB`): Typst takes the language and the region apart.
fn language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    (lang, region)
}

/// One page of the site as a part: its title as a level-1 heading, then its content.
/// True when the page has raw HTML, which the PDF leaves out.
fn part(
    publication: &Publication,
    page: PageId,
    typ: &mut String,
    pictures: &mut HashMap<String, Bytes>,
) -> bool {
    let doc = &publication.docs[page];
    let title = &publication.linked.contents_title(page.entry());
    typ.push_str("\n#part[");
    markup::push_text(typ, title);
    typ.push_str("]#label(");
    push_string(typ, &page_label(page, None));
    typ.push_str(")\n");
    if let Some(note) = publication.evidence_note(page) {
        typ.push_str("#editors-note[");
        markup::push_text(typ, note);
        typ.push_str("]\n");
    }
    let dests: Vec<Dest> = publication.linked.targets[page.0]
        .iter()
        .zip(&doc.links)
        .map(|(target, link)| dest(publication, target, link.kind, pictures))
        .collect();
    let place = |p: &Place| place_dest(publication, p);
    let label = |id: &str| page_label(page, Some(id));
    let links = PageLinks::new(publication.stages(), page, dests, &place)
        .showing(super::attachments_of(publication, page));
    let resolved = markup::Resolved {
        page: &links,
        label: &label,
        strings: &publication.site.theme.strings,
    };
    let rendered = markup::page(&doc.nodes, &doc.footnotes, &resolved);
    typ.push_str(&rendered.text);
    typ.push('\n');
    rendered.skipped_html
}

/// A document pubgen writes itself (the evidence overview, the statement) as a part.
fn generated_part(
    publication: &Publication,
    g: usize,
    doc: &GeneratedDoc,
    typ: &mut String,
    pictures: &mut HashMap<String, Bytes>,
) {
    typ.push_str("\n#part[");
    markup::push_text(typ, &doc.title);
    typ.push_str("]#label(");
    push_string(typ, &generated_label(g, None));
    typ.push_str(")\n");
    let dests: Vec<Dest> = doc
        .links
        .iter()
        .map(|target| dest(publication, target, LinkKind::Link, pictures))
        .collect();
    let place = |p: &Place| place_dest(publication, p);
    let label = |id: &str| generated_label(g, Some(id));
    let links = crate::doc::Generated {
        links: &dests,
        place: &place,
    };
    let resolved = markup::Resolved {
        page: &links,
        label: &label,
        strings: &publication.site.theme.strings,
    };
    typ.push_str(&markup::page(&doc.nodes, &[], &resolved).text);
    typ.push('\n');
}

/// The label of a generated part (`g1`) or of an id in it (`g1-known-issues`).
fn generated_label(g: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("g{g}-{id}"),
        None => format!("g{g}"),
    }
}

/// The label of a page (`p3`) or of an id on it (`p3-q-lower-caseloads`).
fn page_label(page: PageId, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("p{}-{id}", page.0),
        None => format!("p{}", page.0),
    }
}

/// Where a place is from this document: a label when it is in it, else its web
/// address when the site has one.
fn place_dest(publication: &Publication, place: &Place) -> Dest {
    if publication.contains(place.page) {
        let id = place
            .id
            .as_deref()
            .filter(|id| publication.labelled.contains(&(place.page, id.to_string())));
        return Dest::Label(page_label(place.page, id));
    }
    let url = &publication.site.pages[place.page].url;
    publication
        .web_address(url, place.id.as_deref())
        .map_or(Dest::Nowhere, Dest::Url)
}

/// Where a link or picture of a part leads in the PDF; pictures are gathered.
fn dest(
    publication: &Publication,
    target: &Target,
    kind: LinkKind,
    pictures: &mut HashMap<String, Bytes>,
) -> Dest {
    match target {
        Target::Place(place) => place_dest(publication, place),
        Target::Made { url, fragment } => match publication.generated_at(url) {
            Some((g, doc)) => Dest::Label(generated_label(g, doc.heading_id(fragment))),
            None => publication
                .web_address(url, fragment.as_deref())
                .map_or(Dest::Nowhere, Dest::Url),
        },
        Target::Folder { url, fragment } => publication
            .web_address(url, fragment.as_deref())
            .map_or(Dest::Nowhere, Dest::Url),
        Target::Asset { rel, .. } if kind == LinkKind::Image => picture(publication, rel, pictures),
        Target::Asset { rel, fragment } => publication
            .web_address(&format!("/{rel}"), fragment.as_deref())
            .map_or(Dest::Nowhere, Dest::Url),
        Target::AsWritten(dest) if crate::urls::has_scheme(dest) => Dest::Url(dest.clone()),
        Target::AsWritten(_) => Dest::Nowhere,
    }
}

/// A picture of `content/`, read for the PDF.
fn picture(publication: &Publication, rel: &str, pictures: &mut HashMap<String, Bytes>) -> Dest {
    let path = format!("/content/{rel}");
    if !pictures.contains_key(&path) {
        match super::read_asset(publication.site, rel) {
            Some(bytes) => {
                pictures.insert(path.clone(), Bytes::new(bytes));
            }
            None => return Dest::Nowhere,
        }
    }
    Dest::Picture(path)
}

impl PdfJob {
    /// Typst's errors as diagnostics: in a theme file, at its line; in the generated
    /// document, said as what pubgen could not lay out.
    fn diagnostics(&self, errors: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        let what = format!("the {}", self.edition.download_name(Format::Pdf));
        let what = what.as_str();
        errors
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .map(|e| {
                let hints: String = e.hints.iter().map(|h| format!(" (hint: {h})")).collect();
                let message = format!("{what} could not be made: {}{hints}", e.message);
                match self.theme_location(e) {
                    Some(location) => Diagnostic::error(message).at(location).help(
                        "fix the theme's Typst template, or delete it from your theme to use the built-in one",
                    ),
                    // pubgen's own document: the page being laid out is named. The
                    // site is still published.
                    None => self.page_failure(what, message, e),
                }
            })
            .collect()
    }

    /// A failure in the generated document: a warning at the page whose part it is in.
    fn page_failure(&self, what: &str, message: String, error: &SourceDiagnostic) -> Diagnostic {
        let page = self
            .world
            .range(error.span)
            .filter(|_| error.span.id() == Some(world::file_id(world::MAIN)))
            .and_then(|range| {
                let i = self.parts.partition_point(|(at, _)| *at <= range.start);
                i.checked_sub(1).map(|i| self.parts[i].1.as_str())
            })
            .filter(|file| !file.is_empty());
        let warning = Diagnostic::warning(format!(
            "{message}, while laying out this page; the site and the other downloads are published without it"
        ));
        let help = format!(
            "readers have all of it on the web pages and in the EPUB meanwhile. To have {what} \
             again, look on this page for what is unusual (a very long table or line, a pasted \
             symbol) and change it; {what} is made again at the next build"
        );
        match page {
            Some(file) => warning.at(Location::file(file)).help(help),
            None => warning.help(help),
        }
    }

    /// Where in the theme's Typst files an error is (its own span, or the first call in
    /// its trace that is in a theme file).
    fn theme_location(&self, error: &SourceDiagnostic) -> Option<Location> {
        let world = &self.world;
        let spans = std::iter::once(error.span).chain(error.trace.iter().map(|t| t.span));
        for span in spans {
            let Some(id) = span.id() else { continue };
            let path = PubWorld::path_of(id);
            let Some(name) = path.strip_prefix("theme/") else {
                continue;
            };
            let file = self.theme.iter().find(|f| f.name == name)?;
            let range = world.range(span)?;
            let text = typst::World::source(world, id).ok()?.text().to_string();
            // Located as the editors' own files are (line, column, a long line quoted
            // around the mark).
            let source = SourceFile::new(name.to_string(), file.display.clone(), text);
            return Some(source.location(range.start, range.len().max(1)));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_s_words_come_from_the_theme_s_strings() {
        let mut map = crate::load::builtin_strings();
        map.insert("pdf-contents".into(), "Cynnwys".into());
        map.insert("pdf-page".into(), "Tudalen {page} o {pages}".into());
        let typ = words_state(&Strings::new(map));
        assert!(
            typ.starts_with("#state(\"pubgen-words\").update(("),
            "{typ}"
        );
        assert!(typ.contains("\n  contents: \"Cynnwys\","), "{typ}");
        assert!(
            typ.contains("\n  page: \"Tudalen {page} o {pages}\","),
            "{typ}"
        );
        assert!(typ.contains("\n  evidence: \"Evidence\","), "{typ}");
    }
}
