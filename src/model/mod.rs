//! The data that passes between the stages of the pipeline.
//!
//! load → [`LoadedSite`] → parse → [`Document`] per page → link → [`LinkedSite`]
//! → render → [`Output`] files → write.
//!
//! Each stage only reads the types produced by the stages before it, so a
//! newcomer can follow a page from its markdown file to its HTML file here.

pub(crate) mod node;
mod refs;

pub use refs::*;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Location;

mod acknowledge;
mod lint;
mod numbers;
mod review;
mod source;
mod strings;
pub(crate) use acknowledge::*;
pub(crate) use lint::*;
pub(crate) use numbers::{numbered, Numbers};
pub use review::*;
pub use source::{fingerprint, SourceFile, Span};
pub use strings::{fill, placeholders, Strings};

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub pretty_links: bool,
    /// Number the parts and their sections (1., 1.1) wherever they are listed.
    #[serde(default)]
    pub numbered: bool,
    /// Where readers ask for the publication in another format: an email address
    /// (else the `contact` link).
    #[serde(default)]
    pub accessible_formats: Option<String>,
    /// The download formats to make (`[pdf, epub]` unless set; `[]` for none).
    #[serde(default = "default_downloads")]
    pub downloads: Vec<DownloadFormat>,
    /// Paragraphs the publisher adds to the accessibility statement.
    #[serde(default)]
    pub accessibility: Option<String>,
    /// A sentence shown with the recommendations' evidence (web, PDF, EPUB): who chose
    /// the links, when the site's editors did rather than the authors.
    #[serde(default)]
    pub evidence_note: Option<String>,
    /// A sentence at the end of each Easy Read page saying who made it.
    #[serde(default)]
    pub easy_read_made_by: Option<String>,
    /// Types of file (`docx`, `txt`) published although they look like an editor's
    /// working files.
    #[serde(default)]
    pub publish_types: Vec<String>,
}

/// A format of the publication's downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadFormat {
    Pdf,
    Epub,
}

fn default_downloads() -> Vec<DownloadFormat> {
    vec![DownloadFormat::Pdf, DownloadFormat::Epub]
}

pub(crate) const SITE_CONFIG_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "publisher",
    "contact",
    "base_url",
    "language",
    "theme",
    "pretty_links",
    "numbered",
    "downloads",
    "accessible_formats",
    "publish_types",
    "evidence_note",
    "easy_read_made_by",
    "accessibility",
];

fn default_language() -> String {
    "en-GB".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// What a page is; chooses its template and its role in the publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    Home,
    Summary,
    Review,
    Chapter,
    Recommendations,
    EasyRead,
    #[default]
    Page,
}

impl PageKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Summary => "summary",
            PageKind::Review => "review",
            PageKind::Chapter => "chapter",
            PageKind::Recommendations => "recommendations",
            PageKind::EasyRead => "easy-read",
            PageKind::Page => "page",
        }
    }
}

/// A page's YAML front matter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub kind: PageKind,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// When the page was last changed, if the editors say so ("Last updated …").
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub full: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

pub(crate) const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "kind",
    "label",
    "order",
    "description",
    "date",
    "updated",
    "slug",
    "full",
    "draft",
];

/// A page after loading: its source, its front matter and where it will be published.
#[derive(Debug)]
pub struct LoadedPage {
    pub source: SourceFile,
    pub front: FrontMatter,
    /// Byte offset of the markdown body in `source.text`.
    pub body_offset: usize,
    /// The page's URL path: `/`, `/summary/`, `/components/third-sector/`.
    pub url: String,
}

/// A file under `content/` that is not a page: copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/` with `/` separators.
    pub rel: String,
    /// The file, opened inside `content/` only when it is copied or read.
    pub source: crate::fs::Source,
}

/// A folder without an `index.md`: it gets a generated page listing its pages.
#[derive(Debug, Clone)]
pub struct GeneratedFolder {
    /// Folder path relative to `content/` (`components`).
    pub rel: String,
    pub url: String,
    pub title: String,
}

/// Everything read from the site root.
#[derive(Debug)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub config_source: SourceFile,
    pub pages: Vec<LoadedPage>,
    /// Pages that could not be loaded (their errors are reported): paths relative to
    /// `content/`. Links to them are not reported again.
    pub failed_pages: Vec<String>,
    /// Draft pages left out of this build (paths relative to `content/`).
    pub draft_pages: Vec<String>,
    /// The ids given in braces on those drafts, and the draft of each: a link or
    /// evidence naming one is told the page is a draft.
    pub draft_ids: std::collections::HashMap<String, String>,
    pub folders: Vec<GeneratedFolder>,
    pub assets: Vec<Asset>,
    /// `content/easy-read-review.yaml`, when there is one.
    pub review: Option<LoadedRecord>,
    /// `content/acknowledged.yaml`, when there is one.
    pub acknowledged: Option<LoadedAcknowledged>,
    /// The theme's files by relative path, the site's own over the built-in one.
    pub theme: Theme,
    /// `content/`, opened at load: pages let go of are read again through it.
    pub(crate) content: Option<std::sync::Arc<crate::fs::Folder>>,
}

#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// Template name (`page.html`) → (source text, file shown in errors).
    pub templates: Vec<ThemeFile>,
    /// Path under `static/` → contents.
    pub statics: Vec<ThemeFile>,
    /// The Typst files that set the PDFs' look (`publication.typ`).
    pub typst: Vec<ThemeFile>,
    /// Font files (TrueType or OpenType) for the PDFs.
    pub fonts: Vec<ThemeFile>,
    /// The EPUBs' stylesheet (`style.css`).
    pub epub: Vec<ThemeFile>,
    /// The files of words pubgen writes, by language (`en.yaml`).
    pub string_files: Vec<ThemeFile>,
    /// The words of the site's language, from them.
    pub strings: Strings,
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub name: String,
    pub display: String,
    pub contents: Vec<u8>,
}

// ---------------------------------------------------------------------------
// parse

/// One page's markdown, parsed: its typed nodes (see [`node`]) and notes, and
/// the structure the link stage needs.
#[derive(Debug, Default)]
pub struct Document {
    pub nodes: Vec<node::Node<'static>>,
    pub footnotes: Vec<node::Footnote>,
    pub headings: Vec<Heading>,
    /// Every id on the page, in order.
    pub ids: Vec<IdDecl>,
    /// Every link and image source, in order; the nodes refer to them by index.
    pub links: Vec<LinkRef>,
    pub quotes: Vec<Quote>,
    pub recommendations: Vec<Recommendation>,
    /// On the glossary page: its terms.
    pub glossary: Vec<GlossaryTerm>,
    /// On an Easy Read page: the glossary words it uses that have an Easy Read
    /// explanation, in order of first use ("Words to know").
    pub words_to_know: Vec<GlossaryTerm>,
    pub has_code: bool,
    /// Where the page's first raw HTML is, which the downloads leave out.
    pub raw_html: Option<Location>,
    /// The tree (nodes and notes) was let go of after parsing: ask
    /// `parse::store::Trees` for it.
    pub released: bool,
    /// On an Easy Read page: what the Easy Read lint found while the page was parsed,
    /// until `lint::settle` reports it.
    pub easy_read: Option<EasyReadNotes>,
}

/// A term of `content/glossary.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct GlossaryTerm {
    pub term: String,
    pub id: String,
    /// The first sentence of its definition (the `abbr` title of abbreviations).
    pub first_sentence: String,
    /// Its Easy Read explanation (a definition that starts `Easy Read:`), the second
    /// register that Easy Read pages show under "Words to know".
    pub easy_read: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// `full="…"` on an Easy Read heading: the full-text section it explains.
    #[serde(skip)]
    pub full: Option<AttrValue>,
}

/// How an id came to be, which decides its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdOrigin {
    /// Written in braces by the editor: global, unique in the site.
    Explicit,
    /// Made from heading text: local to the page.
    FromHeading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdTarget {
    Heading,
    Quote,
    Recommendation,
    Paragraph,
    ListItem,
    Term,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IdDecl {
    pub id: String,
    pub origin: IdOrigin,
    pub target: IdTarget,
    /// Short text describing the element: heading text, or the first words.
    pub text: String,
    /// Where it was written (see [`SourceFile::at`]).
    pub at: Span,
}

/// A value from an attribute list, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrValue {
    pub value: String,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

#[derive(Debug, Clone)]
pub struct LinkRef {
    pub kind: LinkKind,
    pub dest: String,
    /// Where it was written (see [`SourceFile::at`]).
    pub at: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub id: Option<String>,
    /// The opening words of the quote, for links to it.
    pub opening: String,
    pub attribution: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub id: String,
    /// Its `title`, or its first words when it has none (`titled` is then false).
    pub title: String,
    pub titled: bool,
    pub text: String,
    /// The id and text of the section heading it sits under.
    pub section: Option<(String, String)>,
    pub evidence: Vec<AttrValue>,
    /// Where its id was written (see [`SourceFile::at`]).
    pub at: Span,
}

// ---------------------------------------------------------------------------
// link

/// Where a global id lives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdHome {
    pub page: PageId,
    pub decl: DeclId,
}

/// A page's place in the publication.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavLink {
    /// The part's number, when the site is numbered.
    pub number: Option<u32>,
    pub title: String,
    pub label: Option<String>,
    pub description: Option<String>,
    pub href: String,
}

/// One page to render: a loaded page or a generated folder listing.
#[derive(Debug)]
pub(crate) struct PageEntry {
    pub title: String,
    pub label: Option<String>,
    pub kind: PageKind,
    pub description: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub url: String,
    pub order: Option<i64>,
    /// Index into `LoadedSite::pages`, or `None` for a generated folder listing.
    pub source: Option<PageId>,
    pub parent: Option<EntryId>,
    pub children: Vec<EntryId>,
}

impl PageEntry {
    /// Its title with its label, as a part of a download is headed and listed.
    pub(crate) fn labelled_title(&self) -> String {
        labelled_title(self.label.as_deref(), &self.title)
    }
}

/// A title with its label: `Component 4: Third Sector Collaborative Relationships`,
/// or the title alone.
pub(crate) fn labelled_title(label: Option<&str>, title: &str) -> String {
    match label {
        Some(label) => format!("{label}: {title}"),
        None => title.to_string(),
    }
}

/// The whole site with every cross-page fact settled.
#[derive(Debug)]
pub(crate) struct LinkedSite {
    pub entries: Vec<PageEntry>,
    /// Per loaded page: where each of its `Document::links` leads.
    pub targets: Vec<Vec<Target>>,
    /// Reading order of entries (home first).
    pub reading_order: Vec<EntryId>,
    pub global_ids: HashMap<String, IdHome>,
    /// Every recommendation → evidence link, in source order.
    pub evidence: Vec<EvidenceLink>,
    /// Every Easy Read ↔ full text pairing.
    pub pairs: Vec<Pairing>,
    /// The whole-page pairings of each paired page (from `pairs`), so that a page
    /// finds its other versions without reading every pairing.
    pub page_versions: HashMap<PageId, PageVersions>,
    /// Each recommendation's number (by page and id), in reading order from 1.
    pub recommendation_numbers: HashMap<(PageId, String), usize>,
    /// What other pages attach to each element with an id (by page, then id), in
    /// the order it is shown: evidence, "supports" backlinks, Easy Read pairing.
    pub attachments: Vec<HashMap<String, Vec<node::Attachment>>>,
    /// The parts' and sections' numbers (none unless the site is `numbered`).
    pub numbers: Numbers,
}

impl LinkedSite {
    /// A part's title as contents list it: `3. Component 4: Third Sector …` (its
    /// number only when the site is numbered).
    pub(crate) fn contents_title(&self, entry: EntryId) -> String {
        numbered(
            self.numbers.part(entry),
            &self.entries[entry].labelled_title(),
        )
    }

    /// The home page's entry (`/`), first in reading order when the site has one
    /// (asked for every page and citation: looked at, never searched for).
    pub(crate) fn home(&self) -> Option<EntryId> {
        let &first = self.reading_order.first()?;
        (self.entries[first].url == "/").then_some(first)
    }

    /// What other pages attach to the element `id` of `page`.
    pub(crate) fn attached(&self, page: PageId, id: &str) -> &[node::Attachment] {
        self.attachments
            .get(page.0)
            .and_then(|page| page.get(id))
            .map_or(&[], Vec::as_slice)
    }

    /// How a recommendation is named everywhere: `Recommendation 12: Good support for
    /// parents` (an untitled one by its first words).
    pub(crate) fn recommendation_label(
        &self,
        strings: &Strings,
        docs: &[Document],
        page: PageId,
        id: &str,
    ) -> Option<String> {
        self.recommendation_name(strings, docs, page, id, true)
    }

    /// A recommendation's own heading: its number and title, or its number alone
    /// when it has no `title` (its text follows at once).
    pub(crate) fn recommendation_heading(
        &self,
        strings: &Strings,
        docs: &[Document],
        page: PageId,
        id: &str,
    ) -> Option<String> {
        self.recommendation_name(strings, docs, page, id, false)
    }

    fn recommendation_name(
        &self,
        strings: &Strings,
        docs: &[Document],
        page: PageId,
        id: &str,
        first_words: bool,
    ) -> Option<String> {
        let rec = docs[page].recommendations.iter().find(|r| r.id == id)?;
        let n = self.recommendation_numbers.get(&(page, id.to_string()))?;
        let number = n.to_string();
        Some(if rec.titled || first_words {
            strings.fill(
                "recommendation-titled",
                &[("number", &number), ("title", &rec.title)],
            )
        } else {
            strings.fill("recommendation", &[("number", &number)])
        })
    }
}

/// A recommendation (on page `rec_page`) supported by the element `id` on page `page`.
#[derive(Debug, Clone)]
pub(crate) struct EvidenceLink {
    pub rec_page: PageId,
    pub rec_id: String,
    pub page: PageId,
    pub id: String,
}

/// A problem the build found in the published text (a warning with a rule): the
/// accessibility statement lists them as known issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub rule: crate::diagnostics::Rule,
    /// The words it is about.
    pub subject: String,
    /// The page it is on.
    pub page: Option<PageId>,
    /// Why it stays, when an editor acknowledged it.
    pub reason: Option<String>,
}

/// An Easy Read page or section and the full text it explains.
#[derive(Debug, Clone)]
pub(crate) struct Pairing {
    pub easy: Place,
    pub full: Place,
}

/// A page's other versions, as whole pages: on an Easy Read page, the full-text page
/// it explains; on a full-text page, the Easy Read pages that explain it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageVersions {
    pub full: Option<PageId>,
    pub easy: Vec<PageId>,
}

// ---------------------------------------------------------------------------
// render → write

/// A file of the built site, before it is written.
#[derive(Debug)]
pub struct Output {
    /// Path relative to the output folder (`summary/index.html`).
    pub path: String,
    pub contents: OutputContents,
}

#[derive(Debug)]
pub enum OutputContents {
    /// HTML, minified when written. Shared, so that `serve` serves the page it
    /// holds without a copy of it.
    Html(std::sync::Arc<String>),
    /// Anything else, written as it is.
    Bytes(Vec<u8>),
    /// A file under `content/`, copied.
    Copy(crate::fs::Source),
}
