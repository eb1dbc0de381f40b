//! The data that passes between the stages of the pipeline.
//!
//! load → [`LoadedSite`] → parse → [`Document`] per page → link → [`LinkedSite`]
//! → render → [`Output`] files → write.
//!
//! Each stage only reads the types produced by the stages before it, so a
//! newcomer can follow a page from its markdown file to its HTML file here.

mod refs;

pub use refs::*;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Location;

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
    /// Where readers ask for the publication in another format: an email address
    /// (else the `contact` link).
    #[serde(default)]
    pub accessible_formats: Option<String>,
    /// The download formats to make (`[pdf, epub]` unless set; `[]` for none).
    #[serde(default = "default_downloads")]
    pub downloads: Vec<DownloadFormat>,
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

pub const SITE_CONFIG_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "publisher",
    "contact",
    "base_url",
    "language",
    "theme",
    "pretty_links",
    "downloads",
    "accessible_formats",
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
    pub fn as_str(self) -> &'static str {
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

pub const FRONT_MATTER_KEYS: &[&str] = &[
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

/// A text file read from `content/`, kept whole so that diagnostics can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators (`components/third-sector.md`).
    pub rel: String,
    /// Path as shown to the editor (`content/components/third-sector.md`).
    pub display: String,
    pub text: String,
    /// Byte offsets where lines start, found on first use: every id, link and quote
    /// records its place, so this must not rescan the file each time.
    pub line_starts: std::sync::OnceLock<Vec<usize>>,
    /// (byte offset, characters before it) every few kilobytes, for columns.
    char_marks: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// Bytes between the checkpoints of `SourceFile::chars_before`.
const CHAR_MARK_BYTES: usize = 4096;
/// Bytes quoted either side of a mark on a long line.
const EXCERPT_BYTES: usize = 120;

impl SourceFile {
    pub fn new(rel: String, display: String, text: String) -> SourceFile {
        SourceFile {
            rel,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
        }
    }

    /// The 1-based line and column of a byte offset, and the text of that line (on a
    /// long line, the part around the offset). Constant work per call, whatever the
    /// length of the line.
    pub fn location(&self, offset: usize, len: usize) -> Location {
        let offset = self.floor_boundary(offset.min(self.text.len()));
        let starts = self.line_starts();
        let line_index = starts.partition_point(|&s| s <= offset) - 1;
        let line_start = starts[line_index];
        let line_end = starts
            .get(line_index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let col = self.chars_before(offset) - self.chars_before(line_start) + 1;
        // A length measured on rendered text may end inside a character of the source.
        let end = self.floor_boundary((offset + len).min(line_end).max(offset));
        let len_chars = self.text[offset..end].chars().count();
        let (line_text, text_col) = self.excerpt(line_start, line_end, offset, end);
        Location {
            file: self.display.clone(),
            line: line_index + 1,
            col,
            len: len_chars,
            line_text,
            text_col,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    fn floor_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Characters in `text[..offset]`, counted from the nearest checkpoint before it.
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let mut last = 0;
            for (chars, (i, _)) in self.text.char_indices().enumerate() {
                if i >= last + CHAR_MARK_BYTES {
                    marks.push((i, chars));
                    last = i;
                }
            }
            marks
        });
        let k = marks.partition_point(|&(byte, _)| byte <= offset) - 1;
        let (byte, chars) = marks[k];
        chars + self.text[byte..offset].chars().count()
    }

    /// The line, or on a long line the part around `[start, end)` with `…` either side;
    /// and the 1-based column of `start` in it.
    fn excerpt(
        &self,
        line_start: usize,
        line_end: usize,
        start: usize,
        end: usize,
    ) -> (String, usize) {
        let line = &self.text[line_start..line_end];
        if line.len() <= EXCERPT_BYTES * 2 {
            let text = line.trim_end_matches('\r');
            return (
                text.to_string(),
                self.text[line_start..start].chars().count() + 1,
            );
        }
        let from = self.floor_boundary(start.saturating_sub(EXCERPT_BYTES).max(line_start));
        let to = self.floor_boundary((end + EXCERPT_BYTES).min(line_end));
        let mut text = String::new();
        if from > line_start {
            text.push('…');
        }
        let text_col = text.chars().count() + self.text[from..start].chars().count() + 1;
        text.push_str(self.text[from..to].trim_end_matches('\r'));
        if to < line_end {
            text.push('…');
        }
        (text, text_col)
    }

    /// The location of a whole 1-based line.
    ///
    /// (Both this and `location` accept any offsets: they never panic.)
    pub fn line_location(&self, line: usize) -> Location {
        let offset = self
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let mut loc = self.location(offset, 0);
        loc.len = loc.line_text.chars().count();
        loc
    }
}

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
    pub path: PathBuf,
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
    /// The theme's files: templates and static files by relative path, the site's own
    /// theme laid over the built-in one.
    pub theme: Theme,
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
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub name: String,
    pub display: String,
    pub contents: Vec<u8>,
}

// ---------------------------------------------------------------------------
// parse

/// One page's markdown, parsed: its typed nodes (see [`crate::doc`]) and notes, and
/// the structure the link stage needs.
#[derive(Debug, Default)]
pub struct Document {
    pub nodes: Vec<crate::doc::Node<'static>>,
    pub footnotes: Vec<crate::doc::Footnote>,
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
    pub location: Location,
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
    pub location: Location,
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
    pub title: String,
    pub text: String,
    /// The id and text of the section heading it sits under.
    pub section: Option<(String, String)>,
    pub evidence: Vec<AttrValue>,
    pub location: Location,
}

// ---------------------------------------------------------------------------
// link

/// Where a global id lives.
#[derive(Debug, Clone, Copy)]
pub struct IdHome {
    pub page: PageId,
    pub decl: DeclId,
}

/// A page's place in the publication.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub title: String,
    pub label: Option<String>,
    pub description: Option<String>,
    pub href: String,
}

/// One page to render: a loaded page or a generated folder listing.
#[derive(Debug)]
pub struct PageEntry {
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

/// The whole site with every cross-page fact settled.
#[derive(Debug)]
pub struct LinkedSite {
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
    /// Each recommendation's number (by page and id), in reading order from 1.
    pub recommendation_numbers: HashMap<(PageId, String), usize>,
}

impl LinkedSite {
    /// How a recommendation is named everywhere: `Recommendation 12: Good support for
    /// parents`.
    pub fn recommendation_label(
        &self,
        docs: &[Document],
        page: PageId,
        id: &str,
    ) -> Option<String> {
        let rec = docs[page].recommendations.iter().find(|r| r.id == id)?;
        let n = self.recommendation_numbers.get(&(page, id.to_string()))?;
        Some(format!("Recommendation {n}: {}", rec.title))
    }
}

/// A recommendation (on page `rec_page`) supported by the element `id` on page `page`.
#[derive(Debug, Clone)]
pub struct EvidenceLink {
    pub rec_page: PageId,
    pub rec_id: String,
    pub page: PageId,
    pub id: String,
}

/// An Easy Read page or section and the full text it explains.
#[derive(Debug, Clone)]
pub struct Pairing {
    pub easy: Place,
    pub full: Place,
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
    /// HTML, minified when written.
    Html(String),
    /// Anything else, written as it is.
    Bytes(Vec<u8>),
    /// A file under `content/`, copied.
    Copy(PathBuf),
}
