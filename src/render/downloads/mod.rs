//! The publication as files to download (`/downloads/`): a tagged PDF (Typst) and an
//! EPUB 3 of the whole publication, and of its Easy Read version when it has one.
//! Both are made from the same typed documents as the site.

mod budget;
mod epub;
mod fonts;
mod glyphs;
mod links;
mod metadata;

use links::planned_formats;
pub(crate) use links::{formats, links, DownloadLink};
pub(crate) use metadata::build_day_text;
mod pdf;
mod world;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::doc::{Attachment, Element, GeneratedDoc, Node};
use crate::model::*;

pub(crate) use crate::urls::DOWNLOADS_DIR;

/// A publication too large for one sensible document gets no whole-publication
/// download (as for `/print/`): a PDF of thousands of pages helps nobody.
pub(crate) const MAX_DOWNLOAD_PARTS: usize = super::MAX_PRINT_PARTS;
/// Nor does one whose text (markdown) is over 2 MB, some 700 printed pages.
pub(crate) const MAX_DOWNLOAD_TEXT: usize = 2_000_000;

/// Which text a download holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Edition {
    /// Every page but the Easy Read ones.
    Full,
    /// The Easy Read pages.
    EasyRead,
}

pub(crate) use crate::model::DownloadFormat as Format;

impl Edition {
    /// What an editor calls this edition's download: `PDF`, `Easy Read EPUB`.
    pub(crate) fn download_name(self, format: Format) -> &'static str {
        match (self, format) {
            (Edition::Full, Format::Pdf) => "PDF",
            (Edition::Full, Format::Epub) => "EPUB",
            (Edition::EasyRead, Format::Pdf) => "Easy Read PDF",
            (Edition::EasyRead, Format::Epub) => "Easy Read EPUB",
        }
    }
}

/// One file written to `/downloads/`, with what its link says about it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Download {
    pub edition: Edition,
    pub format: Format,
    /// Path in the site (`downloads/connections-are-key.pdf`).
    pub path: String,
    pub bytes: usize,
    /// Pages of a PDF.
    pub pages: Option<usize>,
}

/// A download made: its file, what links to it say, and what the editor should know.
pub(super) struct Made {
    output: Output,
    download: Download,
    warnings: Vec<Diagnostic>,
}

impl Made {
    /// A download's file at its place in `downloads/`, and what links to it say.
    fn new(
        edition: Edition,
        stem: &str,
        format: Format,
        bytes: Vec<u8>,
        pages: Option<usize>,
        warnings: Vec<Diagnostic>,
    ) -> Made {
        let path = download_path(stem, format);
        Made {
            download: Download {
                edition,
                format,
                path: path.clone(),
                bytes: bytes.len(),
                pages,
            },
            output: Output {
                path,
                contents: OutputContents::Bytes(bytes),
            },
            warnings,
        }
    }
}

/// One edition's parts: the pages it holds, in reading order.
pub(super) struct Publication<'s> {
    pub edition: Edition,
    pub parts: Vec<PageId>,
    /// The file name without extension (`connections-are-key-easy-read`).
    pub stem: String,
    pub site: &'s LoadedSite,
    pub docs: &'s [Document],
    pub linked: &'s LinkedSite,
    /// The ids of every part that the document can link to.
    pub labelled: HashSet<(PageId, String)>,
    /// After the parts, the documents pubgen writes itself that this edition holds
    /// (the full text's: the evidence overview and the accessibility statement).
    pub generated: Vec<GeneratedDoc>,
    /// The theme's templates (the EPUB's title page and contents are two of them),
    /// and the `site` their context holds.
    pub tera: &'s Tera,
    pub site_value: tera::Value,
}

impl Publication<'_> {
    pub(super) fn contains(&self, page: PageId) -> bool {
        self.parts.contains(&page)
    }

    /// The stages' output this edition is made of, as a renderer's `PageLinks` takes it.
    pub(super) fn stages(&self) -> (&LoadedSite, &[Document], &LinkedSite) {
        (self.site, self.docs, self.linked)
    }

    pub(super) fn title(&self) -> &str {
        &self.site.config.title
    }

    /// The title this edition gives itself in its metadata, so that a reader's
    /// PDF viewer or library tells the two editions apart: "… : Easy Read version".
    pub(super) fn edition_title(&self) -> String {
        match self.edition {
            Edition::Full => self.title().to_string(),
            Edition::EasyRead => self
                .site
                .theme
                .strings
                .fill("download-easy-read-name", &[("title", self.title())]),
        }
    }

    /// The generated document published at `url`, when this edition holds it, and
    /// its place among them.
    pub(super) fn generated_at(&self, url: &str) -> Option<(usize, &GeneratedDoc)> {
        self.generated
            .iter()
            .enumerate()
            .find(|(_, d)| d.url == url)
    }

    /// Who chose the evidence links, for a recommendations part that has them.
    pub(super) fn evidence_note(&self, page: PageId) -> Option<&str> {
        let is_recommendations =
            self.linked.entries[page.entry()].kind == PageKind::Recommendations;
        let has_evidence = self.linked.evidence.iter().any(|e| e.rec_page == page);
        let note = self.site.config.evidence_note.as_deref();
        note.filter(|_| is_recommendations && has_evidence)
    }

    /// The web address of a place, when the site says where it is published.
    pub(super) fn web_address(&self, url: &str, fragment: Option<&str>) -> Option<String> {
        let base = self.site.config.base_url.as_deref()?.trim_end_matches('/');
        let mut address = format!("{base}{}", crate::urls::encode_href(url));
        if let Some(f) = fragment {
            address.push('#');
            address.push_str(f);
        }
        Some(address)
    }
}

/// What other pages attach to a part's elements, as a download shows it: the whole
/// publication leaves out the links to its Easy Read version (its title page says
/// where that is).
fn attachments_of(publication: &Publication, page: PageId) -> HashMap<String, Vec<Attachment>> {
    let mut map = HashMap::new();
    for (id, list) in &publication.linked.attachments[page.0] {
        let shown = list
            .iter()
            .filter(|a| {
                !(matches!(a, Attachment::EasyReadVersion(_))
                    && publication.edition == Edition::Full)
            })
            .cloned()
            .collect();
        map.insert(id.clone(), shown);
    }
    map
}

/// The publication's date for its title page, when the home page gives one, as a
/// reader writes it (`2024-05-01` → `1 May 2024`). Never made up.
pub(super) fn publication_date(site: &LoadedSite, linked: &LinkedSite) -> Option<String> {
    super::reader_date(&site.theme.strings, home_date(linked)?)
}

/// The home page's `date` (`YYYY-MM-DD`), if it gives one.
pub(crate) fn home_date(linked: &LinkedSite) -> Option<&str> {
    linked.entries[linked.home()?].date.as_deref()?.get(..10)
}

/// The file name made from the site's title: `Connections are Key` →
/// `connections-are-key`.
pub fn file_stem(title: &str) -> String {
    // The rule of ids made from heading text (apostrophes dropped, other runs of
    // non-alphanumerics one `-`), kept short.
    let slug = crate::parse::ids::slugify(title);
    let stem: String = slug.chars().take(60).collect();
    match stem.trim_end_matches('-') {
        "" => "publication".to_string(),
        stem => stem.to_string(),
    }
}

/// The pages of each edition, in reading order; an edition with no pages is left out.
fn editions(linked: &LinkedSite) -> Vec<(Edition, Vec<PageId>)> {
    let mut full = Vec::new();
    let mut easy = Vec::new();
    for &entry in &linked.reading_order {
        let entry = &linked.entries[entry];
        let Some(page) = entry.source else { continue };
        if entry.kind == PageKind::EasyRead {
            easy.push(page);
        } else {
            full.push(page);
        }
    }
    [(Edition::Full, full), (Edition::EasyRead, easy)]
        .into_iter()
        .filter(|(_, parts)| !parts.is_empty())
        .collect()
}

/// Every id a part's document gives a place to (headings, blocks with ids, quotes,
/// glossary terms, reference entries, footnotes).
fn labelled_ids(docs: &[Document], parts: &[PageId]) -> HashSet<(PageId, String)> {
    let mut ids = HashSet::new();
    for &page in parts {
        let doc = &docs[page];
        for node in &doc.nodes {
            let id = match node {
                Node::Open(
                    Element::Paragraph { id: Some(id), .. }
                    | Element::Item { id: Some(id), .. }
                    | Element::AttributedQuote { id: Some(id) },
                ) => id,
                Node::Open(
                    Element::Heading { id, .. }
                    | Element::GlossaryTerm { id }
                    | Element::ReferenceEntry { id, .. },
                ) => id,
                _ => continue,
            };
            ids.insert((page, id.clone()));
        }
        for note in &doc.footnotes {
            ids.insert((page, format!("fn-{}", note.number)));
        }
    }
    ids
}

/// Makes the downloads: their files, and what the site's links to them say.
pub(crate) fn make(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    tera: &Tera,
    findings: &[Finding],
    diags: &mut Diagnostics,
) -> Finished {
    let mut finished = prepare(site, docs, linked, tera, findings, diags).run();
    diags.extend(std::mem::take(&mut finished.diagnostics));
    finished
}

/// The downloads, made as far as they can be while the site is at hand: the EPUBs
/// whole, the PDFs as Typst documents still to lay out (the slow part).
pub(crate) struct Jobs {
    pdfs: Vec<pdf::PdfJob>,
    epubs: Vec<(String, Result<Made, Vec<Diagnostic>>)>,
}

/// The downloads made.
pub(crate) struct Finished {
    pub outputs: Vec<Output>,
    /// In order: the full text's PDF and EPUB, then the Easy Read version's.
    pub downloads: Vec<Download>,
    /// The file names of the downloads that could not be made (each has a warning or
    /// an error among the diagnostics).
    pub missing: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Prepares every download the site gets (see [`Jobs`]); notes the editions too
/// large for one.
pub(crate) fn prepare(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    tera: &Tera,
    findings: &[Finding],
    diags: &mut Diagnostics,
) -> Jobs {
    let wanted: Vec<(Edition, Vec<PageId>)> = editions(linked)
        .into_iter()
        .filter(|(edition, parts)| match too_large(site, *edition, parts) {
            Some(note) => {
                diags.push(note);
                false
            }
            None => true,
        })
        .collect();
    if wanted.is_empty() || site.config.downloads.is_empty() {
        return Jobs {
            pdfs: Vec::new(),
            epubs: Vec::new(),
        };
    }
    let facts = super::statement::Facts {
        findings,
        formats: planned_formats(site, &wanted),
    };
    let site_value = super::site_value(site, false);
    let publications: Vec<Publication> = wanted
        .into_iter()
        .map(|(edition, parts)| Publication {
            edition,
            stem: edition_stem(&site.config.title, edition),
            labelled: labelled_ids(docs, &parts),
            parts,
            site,
            docs,
            linked,
            generated: match edition {
                Edition::Full => super::generated::documents(site, docs, linked, &facts),
                Edition::EasyRead => Vec::new(),
            },
            tera,
            site_value: site_value.clone(),
        })
        .collect();
    let wants = |format| site.config.downloads.contains(&format);
    // Counted before any layout: an edition too costly to lay out gets no PDF.
    let laid_out: Vec<&Publication> = publications
        .iter()
        .filter(|_| wants(Format::Pdf))
        .filter(
            |p| match budget::too_costly(site, edition_name(p.edition), docs, &p.parts) {
                Some(note) => {
                    diags.push(note);
                    false
                }
                None => true,
            },
        )
        .collect();
    let (pdfs, epubs) = rayon::join(
        || laid_out.into_par_iter().map(pdf::prepare).collect(),
        || {
            publications
                .par_iter()
                .filter(|_| wants(Format::Epub))
                .map(|p| (download_name(&p.stem, Format::Epub), epub::make(p)))
                .collect()
        },
    );
    Jobs { pdfs, epubs }
}

impl Jobs {
    /// Lays out the PDFs (in parallel) and gathers every download.
    pub(crate) fn run(self) -> Finished {
        let pdfs: Vec<(String, Result<Made, Vec<Diagnostic>>)> = self
            .pdfs
            .into_par_iter()
            .map(|job| (job.file_name(), job.run()))
            .collect();
        let mut finished = Finished {
            outputs: Vec::new(),
            downloads: Vec::new(),
            missing: Vec::new(),
            diagnostics: Vec::new(),
        };
        for (name, result) in pdfs.into_iter().chain(self.epubs) {
            match result {
                Ok(made) => {
                    finished.outputs.push(made.output);
                    finished.downloads.push(made.download);
                    finished.diagnostics.extend(made.warnings);
                }
                Err(problems) => {
                    finished.missing.push(name);
                    finished.diagnostics.extend(problems);
                }
            }
        }
        // Typst keeps what it laid out, to lay out the next edit faster (`serve`);
        // what ten compilations have not used is let go, so memory stays bounded.
        typst::comemo::evict(10);
        finished.downloads.sort_by_key(|d| (d.edition, d.format));
        finished.outputs.sort_by(|a, b| a.path.cmp(&b.path));
        finished
    }
}

fn edition_stem(title: &str, edition: Edition) -> String {
    match edition {
        Edition::Full => file_stem(title),
        Edition::EasyRead => format!("{}-easy-read", file_stem(title)),
    }
}

/// An edition as a note names it.
fn edition_name(edition: Edition) -> &'static str {
    match edition {
        Edition::Full => "the publication",
        Edition::EasyRead => "the Easy Read version",
    }
}

/// A note when an edition is too large for one document, by pages or by text.
fn too_large(site: &LoadedSite, edition: Edition, parts: &[PageId]) -> Option<Diagnostic> {
    let what = edition_name(edition);
    let text: usize = parts.iter().map(|&p| site.pages[p].source.text.len()).sum();
    let why = if parts.len() > MAX_DOWNLOAD_PARTS {
        format!(
            "has {} pages, more than the {MAX_DOWNLOAD_PARTS}",
            parts.len()
        )
    } else if text > MAX_DOWNLOAD_TEXT {
        format!(
            "has {} MB of text, more than the {} MB",
            text / 1_000_000,
            MAX_DOWNLOAD_TEXT / 1_000_000
        )
    } else {
        return None;
    };
    let note = Diagnostic::note(format!(
        "{what} {why} a PDF or EPUB download can hold: it has no download"
    ))
    .at(Location::file(&site.config_source.display))
    .help("readers can still read every page of the site; the README says why there is a limit");
    Some(note)
}

/// Where to find the other version, for the title page.
pub(super) fn other_version_note(publication: &Publication, ext: &str) -> Option<String> {
    let w = &publication.site.theme.strings;
    let full_name = format!("{}.{ext}", file_stem(publication.title()));
    let web = publication.web_address("/", None);
    let on_web = |text: String| match &web {
        Some(address) => w.fill("also-on-the-web", &[("text", &text), ("address", address)]),
        None => text,
    };
    match publication.edition {
        Edition::EasyRead => Some(on_web(w.fill(
            "other-version-easy-read",
            &[("title", publication.title()), ("file", &full_name)],
        ))),
        Edition::Full => {
            let has_easy_read = publication
                .linked
                .entries
                .iter()
                .any(|e| e.kind == PageKind::EasyRead && e.source.is_some());
            has_easy_read.then(|| {
                let file = format!("{}-easy-read.{ext}", file_stem(publication.title()));
                on_web(w.fill("other-version-full", &[("file", &file)]))
            })
        }
    }
}

/// The bytes of a file of `content/` (a picture a download shows).
fn read_asset(site: &LoadedSite, rel: &str) -> Option<Vec<u8>> {
    let asset = site.assets.iter().find(|a| a.rel == rel)?;
    let mut file = asset.source.open().ok()?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    Some(bytes)
}

/// A download's file name (`connections-are-key.pdf`).
fn download_name(stem: &str, format: Format) -> String {
    let path = download_path(stem, format);
    path.rsplit('/').next().unwrap_or(&path).to_string()
}

pub(crate) fn download_path(stem: &str, format: Format) -> String {
    let ext = match format {
        Format::Pdf => "pdf",
        Format::Epub => "epub",
    };
    format!("{DOWNLOADS_DIR}/{stem}.{ext}")
}
