//! Citations readers can copy: for every quote and recommendation with an id, for each
//! page (Google Scholar's `citation_*` tags), and for the whole publication
//! (`CITATION.cff`). The year is the publication's date when its content gives one,
//! else "n.d." (never made up); the web address is `base_url` + page + `#id`, and a
//! site without `base_url` says it has none rather than inventing one.

use serde::Serialize;

use super::downloads::{Download, Edition, Format};
use crate::doc::Attachment;
use crate::link::{plain_attribution, recommendation_label};
use crate::model::*;

/// How the publication is named in a citation: who, when, what.
struct Work<'a> {
    author: &'a str,
    year: String,
    title: &'a str,
    base: Option<&'a str>,
    strings: &'a Strings,
}

impl<'a> Work<'a> {
    fn of(site: &'a LoadedSite, linked: &LinkedSite) -> Work<'a> {
        let config = &site.config;
        Work {
            author: config.publisher.as_deref().unwrap_or(&config.title),
            year: super::downloads::home_date(linked)
                .and_then(|d| d.get(..4))
                .unwrap_or("n.d.")
                .to_string(),
            title: &config.title,
            base: config.base_url.as_deref().map(|b| b.trim_end_matches('/')),
            strings: &site.theme.strings,
        }
    }

    fn address(&self, url: &str, id: &str) -> String {
        match self.base {
            // No full stop after the address: it would be copied with it.
            Some(base) => {
                let address = format!("{base}{url}#{id}");
                self.strings
                    .fill("cite-available-at", &[("address", &address)])
            }
            None => self.strings.get("cite-no-address").to_string(),
        }
    }
}

/// The citation of a place on a page: `Corra Foundation (n.d.) Connections are Key.
/// Recommendations. Recommendation 3: …. Available at: https://…/recommendations/#r-…`
pub(super) fn citation(
    site: &LoadedSite,
    linked: &LinkedSite,
    page: PageId,
    id: &str,
    what: &str,
) -> String {
    let work = Work::of(site, linked);
    let entry = &linked.entries[page.entry()];
    let part = match (&entry.label, entry.url.as_str()) {
        (_, "/") => String::new(),
        (Some(label), _) => format!(" {label}: {}.", entry.title),
        (None, _) => format!(" {}.", entry.title),
    };
    format!(
        "{} ({}) {}.{part} {what}. {}",
        work.author,
        work.year,
        work.title,
        work.address(&entry.url, id)
    )
}

/// The citations to copy on a page: one on every quote and recommendation with an
/// id, by id. Made as the page is rendered (a large site's would be many).
pub(super) fn attachments(
    site: &LoadedSite,
    docs: &[Document],
    linked: &LinkedSite,
    page: PageId,
) -> Vec<(String, Attachment)> {
    let doc = &docs[page];
    let quotes = doc.quotes.iter().filter_map(|quote| {
        let id = quote.id.as_ref()?;
        let speaker = plain_attribution(&quote.attribution);
        let what = site.theme.strings.fill(
            "cite-quote-from",
            &[("speaker", speaker), ("opening", &quote.opening)],
        );
        let text = citation(site, linked, page, id, &what);
        Some((
            id.clone(),
            Attachment::Cite {
                what: "quote",
                text,
            },
        ))
    });
    let recommendations = doc.recommendations.iter().map(|rec| {
        let label = recommendation_label(site, docs, linked, page, &rec.id);
        let text = citation(site, linked, page, &rec.id, &label);
        (
            rec.id.clone(),
            Attachment::Cite {
                what: "recommendation",
                text,
            },
        )
    });
    quotes.chain(recommendations).collect()
}

#[derive(Serialize, Clone, PartialEq)]
pub(super) struct Meta {
    name: &'static str,
    content: String,
}

/// Google Scholar's tags for a page: its title, the publisher as author and
/// institution, the date only when the content gives one, the PDF of its edition.
pub(super) fn scholar_meta(
    site: &LoadedSite,
    linked: &LinkedSite,
    entry: &PageEntry,
    downloads: &[Download],
) -> Vec<Meta> {
    let config = &site.config;
    let title = match (&entry.label, entry.url.as_str()) {
        (_, "/") => config.title.clone(),
        (Some(label), _) => format!("{}: {label}: {}", config.title, entry.title),
        (None, _) => format!("{}: {}", config.title, entry.title),
    };
    let mut meta = vec![Meta {
        name: "citation_title",
        content: title,
    }];
    if let Some(publisher) = &config.publisher {
        meta.push(Meta {
            name: "citation_author",
            content: publisher.clone(),
        });
        meta.push(Meta {
            name: "citation_technical_report_institution",
            content: publisher.clone(),
        });
    }
    if let Some(date) = super::downloads::home_date(linked) {
        meta.push(Meta {
            name: "citation_publication_date",
            content: date.replace('-', "/"),
        });
    }
    meta.push(Meta {
        name: "citation_language",
        content: config.language.clone(),
    });
    let edition = match entry.kind {
        PageKind::EasyRead => Edition::EasyRead,
        _ => Edition::Full,
    };
    let pdf = downloads
        .iter()
        .find(|d| d.edition == edition && d.format == Format::Pdf);
    if let (Some(pdf), Some(base)) = (pdf, &config.base_url) {
        meta.push(Meta {
            name: "citation_pdf_url",
            content: format!("{}/{}", base.trim_end_matches('/'), pdf.path),
        });
    }
    meta
}

/// `CITATION.cff` (Citation File Format 1.2.0) for the whole publication, cited as a
/// report: a typed record, written by serde_yaml (which quotes what needs quoting).
pub(super) fn citation_file(site: &LoadedSite, linked: &LinkedSite) -> String {
    let work = Work::of(site, linked);
    let name = || vec![CffName { name: work.author }];
    let url = work.base.map(|b| format!("{b}/"));
    let file = CitationFile {
        cff_version: "1.2.0",
        message: site.theme.strings.get("citation-message"),
        title: work.title,
        authors: name(),
        url: url.clone(),
        date_released: super::downloads::home_date(linked),
        preferred_citation: PreferredCitation {
            kind: "report",
            title: work.title,
            authors: name(),
            institution: CffName { name: work.author },
            // "n.d." without a date: CFF's year is a number, or absent.
            year: work.year.parse().ok(),
            url,
        },
    };
    let mut yaml = serde_yaml::to_string(&file).unwrap_or_default();
    if !yaml.ends_with('\n') {
        yaml.push('\n');
    }
    yaml
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CitationFile<'a> {
    cff_version: &'static str,
    message: &'a str,
    title: &'a str,
    authors: Vec<CffName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_released: Option<&'a str>,
    preferred_citation: PreferredCitation<'a>,
}

#[derive(Serialize)]
struct PreferredCitation<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    authors: Vec<CffName<'a>>,
    institution: CffName<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct CffName<'a> {
    name: &'a str,
}
