//! The EPUB 3 of an edition: one XHTML content document per part, made by the site's
//! own HTML renderer, a title page, a navigation document (contents and landmarks),
//! the pictures, and a package document with EPUB Accessibility 1.1 metadata.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use tera::Context;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::{Edition, Format, Made, Publication};
use crate::diagnostics::{Diagnostic, Location};
use crate::doc::escape_html;
use crate::doc::{html, Attachment, GeneratedDoc, Node};
use crate::model::*;
use crate::render::resolve::PageLinks;
use crate::urls::{encode_href, has_scheme};

/// A file inside the EPUB's `EPUB/` folder.
struct Item {
    id: String,
    href: String,
    media_type: &'static str,
    properties: Option<&'static str>,
    contents: Vec<u8>,
}

pub(super) fn make(publication: &Publication) -> Result<Made, Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut pictures = BTreeMap::new();
    let mut parts = Vec::new();
    for &page in &publication.parts {
        let (xhtml, warning) = part(publication, page, &mut pictures);
        warnings.extend(warning);
        parts.push(Item {
            id: part_id(page),
            href: part_file(page),
            media_type: "application/xhtml+xml",
            properties: None,
            contents: xhtml.into_bytes(),
        });
    }
    for (g, doc) in publication.generated.iter().enumerate() {
        parts.push(Item {
            id: format!("generated-{g}"),
            href: generated_file(g),
            media_type: "application/xhtml+xml",
            properties: None,
            contents: generated_part(publication, doc, &mut pictures).into_bytes(),
        });
    }
    let mut items = vec![
        Item {
            id: "title-page".into(),
            href: "title.xhtml".into(),
            media_type: "application/xhtml+xml",
            properties: None,
            contents: title_page(publication).map_err(|e| vec![e])?.into_bytes(),
        },
        Item {
            id: "nav".into(),
            href: "nav.xhtml".into(),
            media_type: "application/xhtml+xml",
            properties: Some("nav"),
            contents: nav(publication).map_err(|e| vec![e])?.into_bytes(),
        },
    ];
    items.extend(parts);
    items.push(Item {
        id: "style".into(),
        href: "style.css".into(),
        media_type: "text/css",
        properties: None,
        contents: stylesheet(publication),
    });
    for (n, (rel, (media_type, bytes))) in pictures.into_iter().enumerate() {
        items.push(Item {
            id: format!("picture-{n}"),
            href: picture_file(&rel),
            media_type,
            properties: None,
            contents: bytes,
        });
    }
    let opf = package(publication, &items);
    // Packing a zip in memory fails only for want of memory: the site is still
    // published, and the warning says what to do meanwhile.
    let bytes = zip_epub(&opf, &items).map_err(|e| {
        let what = publication.edition.download_name(Format::Epub);
        vec![Diagnostic::warning(format!(
            "the {what} could not be packed ({e}); the site and the other downloads are published without it"
        ))
        .at(Location::file(&publication.site.config_source.display))
        .help("build again; meanwhile readers have the web pages and the PDF. To build without it, set `downloads: [pdf]` here")]
    })?;
    Ok(Made::new(
        publication.edition,
        &publication.stem,
        Format::Epub,
        bytes,
        None,
        warnings,
    ))
}

fn part_id(page: PageId) -> String {
    format!("part-{}", page.0)
}

fn part_file(page: PageId) -> String {
    format!("part-{}.xhtml", page.0)
}

/// Pictures keep their path under `content/`, inside the EPUB's `content/` folder.
fn picture_file(rel: &str) -> String {
    format!("content/{rel}")
}

/// The media types an EPUB reading system must show (EPUB 3.3 core media types).
fn picture_type(rel: &str) -> Option<&'static str> {
    let ext = rel.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// A part as an XHTML content document, and a warning when its raw HTML could not
/// be kept (it is not well-formed XML).
fn part(
    publication: &Publication,
    page: PageId,
    pictures: &mut BTreeMap<String, (&'static str, Vec<u8>)>,
) -> (String, Option<Diagnostic>) {
    let doc = &publication.docs[page];
    let title = &publication.linked.contents_title(page.entry());
    let hrefs: Vec<String> = publication.linked.targets[page.0]
        .iter()
        .zip(&doc.links)
        .map(|(target, link)| href(publication, Some(page), target, link.kind, pictures))
        .collect();
    let place_href = |place: &Place| place_href(publication, Some(page), place);
    let links = PageLinks::new(publication.stages(), page, hrefs, &place_href)
        .showing(reachable_attachments(publication, page));
    let mut resolved = html::Resolved {
        page: &links,
        strings: &publication.site.theme.strings,
        options: xhtml_options(),
    };
    let body = html::page(&doc.nodes, &doc.footnotes, &resolved);
    let lang = &publication.site.config.language;
    let mut heading = format!("<h1>{}</h1>", escape_html(title));
    if let Some(note) = publication.evidence_note(page) {
        heading.push_str(&format!(
            "\n<p class=\"editors-note\">{}</p>",
            escape_html(note)
        ));
    }
    let document = content_document(lang, title, &format!("{heading}\n{body}"));
    let scripted = doc.nodes.iter().any(is_scripted_html);
    if !scripted && is_well_formed(&document) {
        return (document, None);
    }
    // The editor's raw HTML is not well-formed XML: the EPUB leaves it out.
    resolved.options.raw_html = false;
    let body = html::page(&doc.nodes, &doc.footnotes, &resolved);
    let document = content_document(lang, title, &format!("{heading}\n{body}"));
    let source = &publication.site.pages[page].source.display;
    let at = doc.raw_html.clone();
    let (why, help) = if scripted {
        ("holds a script (`<script>` or a `javascript:` address), which an EPUB reader may not run",
         "the web page keeps it; for the EPUB, write what it shows in markdown")
    } else {
        ("is not well-formed XHTML",
         "close every tag (`<br />`, `<p>…</p>`) and quote every attribute value, or write it in markdown")
    };
    let warning = Diagnostic::warning(format!(
        "this page's raw HTML {why}, so the EPUB leaves its raw HTML out (its first is here)"
    ))
    .at(at.unwrap_or_else(|| Location::file(source)))
    .help(help);
    (document, Some(warning))
}

/// Raw HTML that runs a script: an EPUB holding one must say so, and most reading
/// systems would not run it.
fn is_scripted_html(node: &Node) -> bool {
    let Node::Markdown(pulldown_cmark::Event::Html(html) | pulldown_cmark::Event::InlineHtml(html)) =
        node
    else {
        return false;
    };
    let lower = html.to_ascii_lowercase();
    lower.contains("<script") || lower.contains("javascript:") || lower.contains("vbscript:")
}

fn is_well_formed(xml: &str) -> bool {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xml, options).is_ok()
}

/// How the site's HTML renderer writes an EPUB's XHTML.
fn xhtml_options() -> html::Options {
    html::Options {
        figure_links: false,
        xhtml: true,
        fold_apparatus: false,
        ..html::Options::default()
    }
}

/// A document pubgen writes itself (the evidence overview, the statement) as a part.
fn generated_part(
    publication: &Publication,
    doc: &GeneratedDoc,
    pictures: &mut BTreeMap<String, (&'static str, Vec<u8>)>,
) -> String {
    let hrefs: Vec<String> = doc
        .links
        .iter()
        .map(|target| href(publication, None, target, LinkKind::Link, pictures))
        .collect();
    let place_href = |place: &Place| place_href(publication, None, place);
    let strings = &publication.site.theme.strings;
    let links = crate::doc::Generated {
        links: &hrefs,
        place: &place_href,
    };
    let resolved = html::Resolved {
        page: &links,
        strings,
        options: xhtml_options(),
    };
    let body = html::page(&doc.nodes, &[], &resolved);
    let heading = format!("<h1>{}</h1>", escape_html(&doc.title));
    let lang = &publication.site.config.language;
    content_document(lang, &doc.title, &format!("{heading}\n{body}"))
}

fn generated_file(g: usize) -> String {
    format!("generated-{g}.xhtml")
}

fn content_document(lang: &str, title: &str, body: &str) -> String {
    let dir = if crate::render::is_right_to_left(lang) {
        " dir=\"rtl\""
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"UTF-8\" />\n<title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\" />\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        lang = escape_html(lang),
        title = escape_html(title),
    )
}

/// What other pages attach to a part's elements, leaving out pairing links that lead
/// nowhere this EPUB can reach.
fn reachable_attachments(
    publication: &Publication,
    page: PageId,
) -> std::collections::HashMap<String, Vec<Attachment>> {
    let mut map = super::attachments_of(publication, page);
    for list in map.values_mut() {
        list.retain(|a| match a {
            Attachment::FullVersion(r) | Attachment::EasyReadVersion(r) => {
                !place_href(publication, Some(page), &r.place).is_empty()
            }
            _ => true,
        });
    }
    map
}

/// The href of a place from a part: within the EPUB, or its web address, or empty.
fn place_href(publication: &Publication, from: Option<PageId>, place: &Place) -> String {
    if publication.contains(place.page) {
        let file = if Some(place.page) == from {
            String::new()
        } else {
            part_file(place.page)
        };
        return match &place.id {
            Some(id) => format!("{file}#{id}"),
            None if file.is_empty() => "#".into(),
            None => file,
        };
    }
    let url = &publication.site.pages[place.page].url;
    publication
        .web_address(url, place.id.as_deref())
        .unwrap_or_default()
}

/// The href of a link or picture of a part; pictures are gathered.
fn href(
    publication: &Publication,
    from: Option<PageId>,
    target: &Target,
    kind: LinkKind,
    pictures: &mut BTreeMap<String, (&'static str, Vec<u8>)>,
) -> String {
    match target {
        Target::Place(place) => place_href(publication, from, place),
        Target::Made { url, fragment } => match publication.generated_at(url) {
            Some((g, doc)) => match doc.heading_id(fragment) {
                Some(id) => format!("{}#{id}", generated_file(g)),
                None => generated_file(g),
            },
            None => publication
                .web_address(url, fragment.as_deref())
                .unwrap_or_default(),
        },
        Target::Folder { url, fragment } => publication
            .web_address(url, fragment.as_deref())
            .unwrap_or_default(),
        Target::Asset { rel, .. } if kind == LinkKind::Image => {
            picture(publication, rel, pictures).unwrap_or_default()
        }
        Target::Asset { rel, fragment } => publication
            .web_address(&format!("/{rel}"), fragment.as_deref())
            .unwrap_or_default(),
        Target::AsWritten(dest) if has_scheme(dest) => dest.clone(),
        Target::AsWritten(_) => String::new(),
    }
}

fn picture(
    publication: &Publication,
    rel: &str,
    pictures: &mut BTreeMap<String, (&'static str, Vec<u8>)>,
) -> Option<String> {
    let media_type = picture_type(rel)?;
    if !pictures.contains_key(rel) {
        let bytes = super::read_asset(publication.site, rel)?;
        pictures.insert(rel.to_string(), (media_type, bytes));
    }
    Some(encode_href(&picture_file(rel)))
}

/// The title page, from the theme's `epub-title.xhtml`, given (with `site`) whether
/// this is the Easy Read edition, the home page's date, and where the other
/// versions are.
fn title_page(publication: &Publication) -> Result<String, Diagnostic> {
    let config = &publication.site.config;
    let mut ctx = Context::new();
    ctx.insert("easy_read", &(publication.edition == Edition::EasyRead));
    ctx.insert(
        "date",
        &super::publication_date(publication.site, publication.linked),
    );
    ctx.insert("note", &super::other_version_note(publication, "epub"));
    let body = template(publication, "epub-title.xhtml", ctx)?;
    Ok(content_document(&config.language, &config.title, &body))
}

/// A part in the contents.
#[derive(Serialize)]
struct ContentsPart {
    file: String,
    title: String,
    /// Its level-2 headings.
    sections: Vec<ContentsSection>,
}

#[derive(Serialize)]
struct ContentsSection {
    id: String,
    title: String,
}

fn contents_part(
    file: String,
    title: &str,
    headings: &[Heading],
    section: &dyn Fn(&Heading) -> String,
) -> ContentsPart {
    let sections = headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| ContentsSection {
            id: h.id.clone(),
            title: section(h),
        })
        .collect();
    ContentsPart {
        file,
        title: title.to_string(),
        sections,
    }
}

/// The navigation document (contents and landmarks), from the theme's
/// `epub-nav.xhtml`, given (with `site`) `parts`, every part in reading order and
/// then the documents pubgen writes, each with its sections, and `first`, the file
/// the reading starts at.
fn nav(publication: &Publication) -> Result<String, Diagnostic> {
    let mut parts = Vec::new();
    for &page in &publication.parts {
        let title = publication.linked.contents_title(page.entry());
        let headings = &publication.docs[page].headings;
        let section = |h: &Heading| publication.linked.numbers.section_title(page, h);
        parts.push(contents_part(part_file(page), &title, headings, &section));
    }
    for (g, doc) in publication.generated.iter().enumerate() {
        let section = |h: &Heading| h.text.clone();
        parts.push(contents_part(
            generated_file(g),
            &doc.title,
            &doc.headings,
            &section,
        ));
    }
    let first = publication
        .parts
        .first()
        .map_or("title.xhtml".into(), |&p| part_file(p));
    let mut ctx = Context::new();
    ctx.insert("parts", &parts);
    ctx.insert("first", &first);
    let body = template(publication, "epub-nav.xhtml", ctx)?;
    let title = publication.site.theme.strings.get("epub-contents");
    Ok(content_document(
        &publication.site.config.language,
        title,
        &body,
    ))
}

fn template(publication: &Publication, name: &str, ctx: Context) -> Result<String, Diagnostic> {
    let theme = &publication.site.theme;
    crate::render::fragment(publication.tera, &publication.site_value, theme, name, ctx)
}

fn stylesheet(publication: &Publication) -> Vec<u8> {
    let theme = &publication.site.theme;
    let mut css = Vec::new();
    for name in ["style.css"] {
        if let Some(file) = theme.epub.iter().find(|f| f.name == name) {
            css.extend_from_slice(&file.contents);
        }
    }
    if let Some(file) = theme.statics.iter().find(|f| f.name == "highlight.css") {
        css.push(b'\n');
        css.extend_from_slice(&file.contents);
    }
    css
}

/// The package document: metadata (with accessibility metadata), manifest, spine.
fn package(publication: &Publication, items: &[Item]) -> String {
    let manifest: String = items
        .iter()
        .map(|item| {
            let properties = item
                .properties
                .map_or(String::new(), |p| format!(" properties=\"{p}\""));
            format!(
                "    <item id=\"{}\" href=\"{}\" media-type=\"{}\"{properties}/>\n",
                item.id,
                escape_html(&encode_href(&item.href)),
                item.media_type
            )
        })
        .collect();
    let spine: String = items
        .iter()
        .filter(|i| i.media_type == "application/xhtml+xml")
        .map(|i| format!("    <itemref idref=\"{}\"/>\n", i.id))
        .collect();
    let has_pictures = items.iter().any(|i| i.media_type.starts_with("image/"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"{lang}\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{metadata}  </metadata>\n  <manifest>\n{manifest}  </manifest>\n  <spine{progression}>\n{spine}  </spine>\n</package>\n",
        lang = escape_html(&publication.site.config.language),
        // A book in a language written right to left turns its pages the other way.
        progression = if crate::render::is_right_to_left(&publication.site.config.language) {
            " page-progression-direction=\"rtl\""
        } else {
            ""
        },
        metadata = super::metadata::epub_metadata(publication, has_pictures),
    )
}

/// The EPUB container: `mimetype` first and stored, then the rest compressed.
fn zip_epub(opf: &str, items: &[Item]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER.as_bytes())?;
    zip.start_file("EPUB/package.opf", deflated)?;
    zip.write_all(opf.as_bytes())?;
    for item in items {
        zip.start_file(format!("EPUB/{}", item.href), deflated)?;
        zip.write_all(&item.contents)?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n  <rootfiles>\n    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n  </rootfiles>\n</container>\n";
