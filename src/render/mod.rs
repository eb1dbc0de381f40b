//! Stage 4, render: each page's HTML completed (links filled in, evidence and pairing
//! attached) and set in the theme's Tera templates; plus the sitemap and the theme's
//! static files.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::parse::glossary::GlossaryIndex;
use crate::urls::url_to_file;
use crate::urls::{CITATION_FILE, PRINT_URL, SEARCH_URL, SITEMAP_FILE};

pub(crate) mod access;
mod cite;
mod context;
pub(crate) mod downloads;
mod generated;
mod hrefs;
mod overview;
mod print;
mod resolve;
mod search_page;
mod statement;
mod templates;

use templates::template_error;
pub(crate) use templates::templates;

use context::{generated_page, nav_items, nav_items_from, page_context, PageContext};

pub(crate) use hrefs::{href_of, page_href};
pub(crate) use search_page::indexed_pages;
use search_page::{search_context, sitemap_urls, SEARCH_TEMPLATE};

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    publisher: Option<&'a str>,
    /// The contact's link: a web page, or `mailto:` for an email address.
    contact: Option<String>,
    /// Where readers ask for another format (GOV.UK's "Request an accessible format"):
    /// a `mailto:` link, or the contact link.
    accessible_formats: Option<String>,
    /// Whether that link writes an email (else it opens the contact web page).
    accessible_formats_by_email: bool,
    language: &'a str,
    /// `rtl` for a language written right to left (`ar`, `he`, `fa-IR`), else `ltr`.
    direction: &'static str,
    base_url: Option<&'a str>,
    /// Who made the Easy Read pages, as `site.yaml` says it (`easy_read_made_by`).
    easy_read_made_by: Option<&'a str>,
    /// The theme's words (`strings/en.yaml`), as `site.strings["key"]`.
    strings: &'a Strings,
    /// In `serve`'s preview only: the script that shows the build's problems and
    /// reloads the page (templates load it last in `<body>`).
    preview_script: Option<&'static str>,
}

/// Whether a language tag names a language written right to left: by its script
/// when the tag gives one (`pa-Arab`, `az-Latn`), else by the language (`ar`, `he`,
/// `fa`, `ur`…).
pub(crate) fn is_right_to_left(language: &str) -> bool {
    const SCRIPTS: [&str; 7] = ["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];
    const LANGUAGES: [&str; 16] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr", "ug", "ur",
        "yi", "prs",
    ];
    let mut parts = language.split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = parts.next().unwrap_or_default();
    match parts.find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic())) {
        Some(script) => SCRIPTS.contains(&script.as_str()),
        None => LANGUAGES.contains(&primary.as_str()),
    }
}

/// Where `serve` answers with its preview script.
pub(crate) const PREVIEW_SCRIPT: &str = "/__pubgen/livereload.js";

/// The site's part of every template's context (`site.title`, `site.strings`, …),
/// made into a template value once per build. `preview`: `serve`'s pages, which load
/// its script.
pub(crate) fn site_value(site: &LoadedSite, preview: bool) -> tera::Value {
    let accessible_formats = accessible_formats_href(&site.config, &site.theme.strings);
    tera::Value::from_serializable(&SiteContext {
        title: &site.config.title,
        subtitle: site.config.subtitle.as_deref(),
        publisher: site.config.publisher.as_deref(),
        contact: contact_href(&site.config),
        accessible_formats_by_email: accessible_formats
            .as_deref()
            .is_some_and(|h| h.starts_with("mailto:")),
        accessible_formats,
        language: &site.config.language,
        direction: if is_right_to_left(&site.config.language) {
            "rtl"
        } else {
            "ltr"
        },
        base_url: site.config.base_url.as_deref(),
        easy_read_made_by: site.config.easy_read_made_by.as_deref(),
        strings: &site.theme.strings,
        preview_script: preview.then_some(PREVIEW_SCRIPT),
    })
}

/// A theme template that makes a part of a page or a file (`print-parts.html`,
/// `sitemap.xml`, the EPUB's `epub-title.xhtml`), given `site` as every template is.
pub(crate) fn fragment(
    tera: &Tera,
    site_value: &tera::Value,
    theme: &Theme,
    template: &str,
    mut ctx: Context,
) -> Result<String, Diagnostic> {
    ctx.insert_value("site", site_value.clone());
    tera.render(template, &ctx)
        .map_err(|e| template_error(&e, theme))
}

/// The whole-report page is for publications, not for sites of thousands of pages,
/// where one page holding everything would be too big to open.
pub(crate) const MAX_PRINT_PARTS: usize = 300;

/// Whether the site gets a whole-report page (see [`MAX_PRINT_PARTS`]).
fn has_print_page(linked: &LinkedSite) -> bool {
    // Every loaded page is an entry with a source, and has its list of targets (asked
    // for every page: counting the entries would make the pages' work grow as n²).
    linked.targets.len() <= MAX_PRINT_PARTS
}

/// Everything needed to render any page of a linked site; `serve` keeps none of it and
/// makes a new one per change (it is cheap: the evidence links and reading order).
pub(crate) struct Renderer<'a> {
    options: &'a RenderOptions,
    site: &'a LoadedSite,
    docs: &'a [Document],
    linked: &'a LinkedSite,
    tera: &'a Tera,
    /// Each entry's position in the reading order.
    position: HashMap<EntryId, usize>,
    /// The site's part of every page's context, made into a template value once
    /// (its strings are about 200 entries): a clone of it is a reference count,
    /// where serialising it again cost every page a map of 200 strings.
    site_ctx: tera::Value,
    /// The glossary that pages let go of after parsing are parsed again with.
    glossary: Option<&'a GlossaryIndex>,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(
        options: &'a RenderOptions,
        site: &'a LoadedSite,
        docs: &'a [Document],
        linked: &'a LinkedSite,
        tera: &'a Tera,
    ) -> Renderer<'a> {
        Renderer {
            options,
            site,
            docs,
            linked,
            tera,
            position: linked
                .reading_order
                .iter()
                .enumerate()
                .map(|(pos, &e)| (e, pos))
                .collect(),
            site_ctx: site_value(site, options.preview),
            glossary: None,
        }
    }

    /// The number of entries (pages and folder listings), each one output.
    pub(crate) fn entry_count(&self) -> usize {
        self.linked.entries.len()
    }

    /// The pages of these entries, rendered in parallel, in order. A template error
    /// that every page repeats is reported once.
    pub(crate) fn entries(
        &self,
        range: std::ops::Range<usize>,
        diags: &mut Diagnostics,
    ) -> Vec<Output> {
        let results: Vec<Result<Output, Diagnostic>> = range
            .into_par_iter()
            .map(|i| self.entry(EntryId(i)))
            .collect();
        let mut outputs = Vec::with_capacity(results.len());
        let mut seen_errors = std::collections::HashSet::new();
        for result in results {
            match result {
                Ok(o) => outputs.push(o),
                Err(d) => {
                    if seen_errors.insert(d.render(false)) {
                        diags.push(d);
                    }
                }
            }
        }
        outputs
    }

    /// Everything but the entries: the generated pages, the sitemap, the theme's
    /// static files and the assets of `content/`.
    pub(crate) fn rest(&self, diags: &mut Diagnostics) -> Vec<Output> {
        let mut outputs = Vec::with_capacity(self.site.assets.len() + 8);
        for page in self.generated_pages() {
            match page.and_then(|page| self.render_generated(&page)) {
                Ok(o) => outputs.push(o),
                Err(d) => diags.push(d),
            }
        }
        // None without `base_url` (a note of the load stage says so).
        if let Some(urls) = sitemap_urls(self.site, self.linked, has_recommendations(self.docs)) {
            let mut ctx = Context::new();
            ctx.insert("urls", &urls);
            match self.fragment(SITEMAP_FILE, ctx) {
                Ok(xml) => outputs.push(Output {
                    path: SITEMAP_FILE.into(),
                    contents: OutputContents::Bytes(xml.into_bytes()),
                }),
                Err(d) => diags.push(d),
            }
        }
        outputs.push(Output {
            path: CITATION_FILE.into(),
            contents: OutputContents::Bytes(
                cite::citation_file(self.site, self.linked).into_bytes(),
            ),
        });
        for file in &self.site.theme.statics {
            outputs.push(Output {
                path: format!("static/{}", file.name),
                contents: OutputContents::Bytes(file.contents.clone()),
            });
        }
        for asset in &self.site.assets {
            outputs.push(Output {
                path: asset.rel.clone(),
                contents: OutputContents::Copy(asset.source.clone()),
            });
        }
        outputs
    }

    /// One page of the site (`linked.entries[i]`).
    pub(crate) fn entry(&self, i: EntryId) -> Result<Output, Diagnostic> {
        let entry = &self.linked.entries[i];
        let content = match entry.source {
            Some(p) => self.content(p)?,
            None => String::new(),
        };
        let page = page_context(
            self.options,
            self.site,
            self.docs,
            self.linked,
            &self.position,
            i,
            entry,
            content,
        );
        let nav = nav_items(self.site, self.linked, i);
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_ctx.clone());
        ctx.insert("page", &page);
        ctx.insert("nav", &nav);
        let template = template_for(self.tera, entry.kind);
        self.tera
            .render(&template, &ctx)
            .map(|html| Output {
                path: url_to_file(&entry.url),
                contents: OutputContents::Html(std::sync::Arc::new(html)),
            })
            .map_err(|e| template_error(&e, &self.site.theme))
    }

    /// A page's content. A page let go of after parsing (a large site's, see
    /// `site::prepare`) is read and parsed again here, and its tree dropped once
    /// rendered.
    fn content(&self, page: PageId) -> Result<String, Diagnostic> {
        let trees = crate::parse::store::Trees::new(self.site, self.docs, self.glossary);
        let tree = trees.tree(page)?;
        Ok(content_html(
            self.site,
            self.docs,
            &tree,
            self.linked,
            page,
            &print::Placing::Own,
        ))
    }

    /// The site's glossary, which pages let go of after parsing are parsed again
    /// with as they are rendered.
    pub(crate) fn with_glossary(mut self, glossary: Option<&'a GlossaryIndex>) -> Renderer<'a> {
        self.glossary = glossary;
        self
    }

    /// The whole-report page alone (every page's text is in it).
    pub(crate) fn print_page(&self) -> Option<Result<Output, Diagnostic>> {
        self.print_context()
            .map(|page| self.render_generated(&page?))
    }

    fn print_context(&self) -> Option<Result<PageContext, Diagnostic>> {
        let parts = self
            .linked
            .entries
            .iter()
            .filter(|e| e.source.is_some())
            .count();
        let w = &self.site.theme.strings;
        (parts <= MAX_PRINT_PARTS).then(|| {
            let parts = print_parts(self.site, self.docs, self.linked);
            let ctx = print::context(&parts, self.site.config.numbered);
            let content = self.fragment(print::PARTS_TEMPLATE, ctx)?;
            Ok(generated_page(
                self.options,
                self.site,
                self.linked,
                PRINT_URL,
                &w.fill("print-title", &[("title", &self.site.config.title)]),
                w.get("print-description"),
                content,
            ))
        })
    }

    /// The pages the generator writes itself: search, print, then the typed documents
    /// (the evidence overview, the accessibility statement).
    fn generated_pages(&self) -> Vec<Result<PageContext, Diagnostic>> {
        let (options, site, docs, linked) = (self.options, self.site, self.docs, self.linked);
        let mut generated = Vec::new();
        if options.search {
            generated.push(self.search_page());
        }
        generated.extend(self.print_context());
        let facts = statement::Facts {
            findings: &options.findings,
            formats: downloads::formats(site, &options.downloads),
        };
        for doc in generated::documents(site, docs, linked, &facts) {
            let content = generated::web_html(site, &doc);
            let page = generated_page(
                options,
                site,
                linked,
                doc.url,
                &doc.title,
                &doc.description,
                content,
            );
            generated.push(Ok(page));
        }
        generated
    }

    /// `/search/`, its content from the theme's `search-form.html`.
    fn search_page(&self) -> Result<PageContext, Diagnostic> {
        let (site, docs, linked) = (self.site, self.docs, self.linked);
        let content = self.fragment(SEARCH_TEMPLATE, search_context(site, docs, linked))?;
        let mut page = generated_page(
            self.options,
            site,
            linked,
            SEARCH_URL,
            site.theme.strings.get("search-title"),
            site.theme.strings.get("search-description"),
            content,
        );
        page.scripts.push(format!("{}static/search.js", page.root));
        Ok(page)
    }

    /// A theme template that makes a part of a page or a file (see [`fragment`]).
    fn fragment(&self, template: &str, ctx: Context) -> Result<String, Diagnostic> {
        fragment(self.tera, &self.site_ctx, &self.site.theme, template, ctx)
    }

    fn render_generated(&self, page: &PageContext) -> Result<Output, Diagnostic> {
        let nav = nav_items_from(self.site, self.linked, &page.url, None);
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_ctx.clone());
        ctx.insert("page", page);
        ctx.insert("nav", &nav);
        self.tera
            .render("page.html", &ctx)
            .map(|html| Output {
                path: url_to_file(&page.url),
                contents: OutputContents::Html(std::sync::Arc::new(html)),
            })
            .map_err(|e| template_error(&e, &self.site.theme))
    }
}

/// `{kind}.html` when the theme has one, else `page.html`.
fn template_for(tera: &Tera, kind: PageKind) -> String {
    let specific = format!("{}.html", kind.as_str());
    if tera.contains_template(&specific) {
        specific
    } else {
        "page.html".to_string()
    }
}

/// What the render stage makes besides the pages themselves.
pub(crate) struct RenderOptions {
    /// Whether the site has a search index (and so a search page).
    pub search: bool,
    /// Whether the pages are `serve`'s preview (see `BuildOptions::preview`).
    pub preview: bool,
    /// The downloads the pages link to.
    pub downloads: Vec<downloads::Download>,
    /// The downloads that could not be made (their file names), each with a warning.
    pub missing_downloads: Vec<String>,
    /// The problems the build found in the text: the accessibility statement's known
    /// issues.
    pub findings: Vec<Finding>,
}

fn has_recommendations(docs: &[Document]) -> bool {
    docs.iter().any(|d| !d.recommendations.is_empty())
}

/// Every part with content, in reading order, rendered for the whole-report page.
fn print_parts(site: &LoadedSite, docs: &[Document], linked: &LinkedSite) -> Vec<print::Part> {
    let printed: Vec<(EntryId, PageId)> = linked
        .reading_order
        .iter()
        .filter(|&&e| linked.entries[e].url != "/")
        .filter_map(|&e| Some((e, linked.entries[e].source?)))
        .collect();
    let numbers: HashMap<PageId, usize> = printed
        .iter()
        .enumerate()
        .map(|(n, &(_, p))| (p, n))
        .collect();
    let placing = print::Placing::Print(&numbers);
    printed
        .iter()
        .map(|&(e, p)| print::Part {
            title: linked.contents_title(e),
            content: content_html(site, docs, &docs[p], linked, p, &placing),
        })
        .collect()
}

/// The link of "Request an accessible format": an email to the address `site.yaml`
/// names, with the publication in the subject, else the contact link.
/// GOV.UK's alternative-format pattern: an email whose subject and body name the
/// publication and ask which format the reader needs, to `accessible_formats` or to a
/// `contact` that is an email address; else the contact web page.
fn accessible_formats_href(config: &SiteConfig, strings: &Strings) -> Option<String> {
    let email = config
        .accessible_formats
        .as_deref()
        .or(config.contact.as_deref().and_then(contact_email));
    let Some(email) = email else {
        return config.contact.clone();
    };
    let encode = |text: &str| {
        crate::urls::encode_href(text)
            .replace(' ', "%20")
            .replace('&', "%26")
            .replace('?', "%3F")
            .replace('\n', "%0D%0A")
    };
    let title = [("title", config.title.as_str())];
    let subject = strings.fill("accessible-format-subject", &title);
    let body = strings.fill("accessible-format-body", &title);
    Some(format!(
        "mailto:{}?subject={}&body={}",
        email.trim_start_matches("mailto:"),
        encode(&subject),
        encode(&body)
    ))
}

/// Where `contact` links: its web page, or `mailto:` for an email address.
pub(crate) fn contact_href(config: &SiteConfig) -> Option<String> {
    let contact = config.contact.as_deref()?;
    Some(match contact_email(contact) {
        Some(email) => format!("mailto:{email}"),
        None => contact.to_string(),
    })
}

/// A `contact` that is an email address (`name@org.uk` or `mailto:name@org.uk`).
pub(crate) fn contact_email(contact: &str) -> Option<&str> {
    let email = contact.trim_start_matches("mailto:");
    (!contact.contains("://") && crate::load::is_email(email)).then_some(email)
}

/// A date as a reader writes it, in the theme's words: `2024-05-01` → `1 May 2024`
/// (the front matter's dates are checked real dates, `YYYY-MM-DD` with an optional
/// time).
pub(crate) fn reader_date(strings: &Strings, date: &str) -> Option<String> {
    let mut parts = date.get(..10)?.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let month: usize = month.parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let day = day.parse::<u32>().ok()?.to_string();
    let month = strings.get(MONTHS[month - 1]);
    Some(strings.fill("date", &[("day", &day), ("month", month), ("year", year)]))
}

/// The keys of the months' names.
const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

/// A page's content as HTML: its nodes with their links resolved and what other
/// pages attach to its elements.
fn content_html(
    site: &LoadedSite,
    docs: &[Document],
    doc: &Document,
    linked: &LinkedSite,
    page: PageId,
    placing: &print::Placing,
) -> String {
    let hrefs: Vec<String> = linked.targets[page.0]
        .iter()
        .map(|t| placing.href(site, page, t))
        .collect();
    // What other pages attach, and last the page's own citations to copy.
    let mut shown = linked.attachments[page.0].clone();
    for (id, cite) in cite::attachments(site, docs, linked, page) {
        shown.entry(id).or_default().push(cite);
    }
    let place_href = |place: &Place| placing.place_href(site, page, place);
    let links =
        resolve::PageLinks::new((site, docs, linked), page, hrefs, &place_href).showing(shown);
    let resolved = crate::doc::html::Resolved {
        page: &links,
        strings: &site.theme.strings,
        options: placing.options(page),
    };
    crate::doc::html::page(&doc.nodes, &doc.footnotes, &resolved)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_language_is_right_to_left_by_its_script_or_else_by_itself() {
        for rtl in ["ar", "he", "fa-IR", "ur", "pa-Arab", "az-Arab-IR"] {
            assert!(super::is_right_to_left(rtl), "{rtl}");
        }
        for ltr in ["en-GB", "gd", "cy", "zh-Hans", "ku", "ar-Latn", ""] {
            assert!(!super::is_right_to_left(ltr), "{ltr}");
        }
    }
}
