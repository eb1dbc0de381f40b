//! The PDF and EPUB downloads, as an editor and a reader meet them: which files a
//! build writes, how pages link them, what a theme's Typst error says, and what
//! `--no-downloads` and large sites do. (Their inner structure, EPUBCheck and axe on
//! the EPUBs are checked on every site by `tests/run-all.sh`: tests/downloads/check.py.)

use std::fs;

use crate::common::*;

const REPORT_FILES: [&str; 4] = [
    "downloads/connections-are-key.pdf",
    "downloads/connections-are-key.epub",
    "downloads/connections-are-key-easy-read.pdf",
    "downloads/connections-are-key-easy-read.epub",
];

fn download_links(built: &Built, page: &str) -> Vec<(String, String)> {
    built
        .at(page)
        .all("a[href*='downloads/']")
        .into_iter()
        .map(|a| (href(a), text(a)))
        .collect()
}

#[test]
fn the_report_has_a_pdf_and_an_epub_of_the_whole_and_of_the_easy_read_version() {
    let report = report();
    for file in REPORT_FILES {
        let bytes = fs::read(report.dir.join(file)).unwrap_or_else(|_| panic!("{file} is missing"));
        assert!(bytes.len() > 10_000, "{file} is only {} bytes", bytes.len());
    }
    let pdf = fs::read(report.dir.join(REPORT_FILES[0])).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the PDF is not a PDF");
    let epub = fs::read(report.dir.join(REPORT_FILES[1])).unwrap();
    assert_eq!(
        &epub[30..58],
        b"mimetypeapplication/epub+zip",
        "the EPUB must open with its stored mimetype"
    );
}

#[test]
fn the_home_page_links_each_download_saying_its_format_size_and_pages() {
    let report = report();
    let links = download_links(report, "index.html");
    for file in REPORT_FILES {
        let (_, text) = links
            .iter()
            .find(|(href, _)| href == file)
            .unwrap_or_else(|| panic!("the home page does not link {file}: {links:?}"));
        let bytes = fs::metadata(report.dir.join(file)).unwrap().len() as f64;
        let size = if bytes < 1024.0 * 1024.0 {
            format!("{} KB", (bytes / 1024.0).ceil())
        } else {
            format!("{:.1} MB", bytes / 1024.0 / 1024.0)
        };
        let format = if file.ends_with(".pdf") {
            "PDF"
        } else {
            "EPUB"
        };
        assert!(
            text.contains(&format!("({format}, {size}")),
            "the link to {file} should say ({format}, {size}…): {text}"
        );
        if format == "PDF" {
            assert!(
                text.ends_with(" pages)"),
                "the link to a PDF says how many pages: {text}"
            );
        }
    }
    let easy = links.iter().find(|(h, _)| h.contains("easy-read")).unwrap();
    assert!(
        easy.1.contains("Easy Read"),
        "the Easy Read download says so: {}",
        easy.1
    );
}

#[test]
fn every_page_links_the_downloads_in_its_footer() {
    let report = report();
    for page in [
        "summary/index.html",
        "easy-read/staff/index.html",
        "evidence/index.html",
    ] {
        let footer: Vec<String> = report
            .at(page)
            .all("footer a[href*='downloads/']")
            .into_iter()
            .map(href)
            .collect();
        assert_eq!(
            footer.len(),
            4,
            "{page}'s footer links the four downloads: {footer:?}"
        );
        assert!(
            footer.iter().all(|h| h.starts_with("../")),
            "links are relative to the page: {footer:?}"
        );
    }
}

#[test]
fn a_site_without_easy_read_pages_gets_no_easy_read_downloads() {
    let site = Site::fixture("minimal");
    let built = site.build_ok();
    let files: Vec<String> = fs::read_dir(built.dir.join("downloads"))
        .expect("a downloads folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "a PDF and an EPUB: {files:?}");
    assert!(files.iter().all(|f| !f.contains("easy-read")), "{files:?}");
    let links = download_links(&built, "index.html");
    assert_eq!(links.len(), 2, "{links:?}");
}

#[test]
fn no_downloads_writes_none_and_links_none() {
    let site = Site::fixture("basic");
    let run = site.build(&["--no-downloads"]);
    run.assert_success();
    let built = Built::new(site.path("public"));
    assert!(!built.dir.join("downloads").exists());
    assert!(download_links(&built, "index.html").is_empty());
}

#[test]
fn a_typst_error_in_the_theme_names_the_file_and_line_and_keeps_the_last_site() {
    let site = Site::fixture("minimal");
    site.build_ok();
    site.append("content/site.yaml", "theme: mine\n");
    let template = include_str!("../../themes/default/typst/publication.typ")
        .replace("#let rule() = line(", "#let rule() = lien(");
    site.write("themes/mine/typst/publication.typ", &template);
    site.append("content/index.md", "\n\n---\n\nAfter a rule.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let line = template.lines().position(|l| l.contains("lien(")).unwrap() + 1;
    let place = format!("themes/mine/typst/publication.typ:{line}:");
    assert!(
        run.stderr.contains(&place),
        "the error names {place}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown variable: lien"),
        "{}",
        run.stderr
    );
    assert!(
        site.path("public/index.html").exists(),
        "the last good site is kept"
    );
    let check = site.check(&[]);
    assert_eq!(
        check.code,
        Some(1),
        "`pubgen check` reports it too: {}",
        check.stderr
    );
    assert!(check.stderr.contains(&place), "{}", check.stderr);
}

#[test]
fn raw_html_the_downloads_cannot_hold_is_a_warning_naming_the_page() {
    let site = Site::fixture("minimal");
    site.append(
        "content/index.md",
        "\n\n<div class=\"box\"><p>Unclosed\n\nText after it.\n",
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("the PDF leaves out this page's raw HTML"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("not well-formed XHTML, so the EPUB leaves its raw HTML out"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/index.md"), "{}", run.stderr);
    assert!(site.path("public/downloads/minimal-site.epub").exists());
}

#[test]
fn raw_html_with_a_script_is_kept_on_the_web_page_and_out_of_the_epub() {
    let site = Site::fixture("minimal");
    site.append(
        "content/index.md",
        "\n\n<script>document.title = 'x';</script>\n",
    );
    let run = site.build(&[]);
    run.assert_success();
    let warning = run.diagnostic("holds a script");
    assert!(warning.contains("content/index.md"), "{warning}");
    assert!(site
        .read("public/index.html")
        .contains("<script>document.title"));
    let file = fs::File::open(site.path("public/downloads/minimal-site.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    for i in 0..zip.len() {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut text);
        assert!(
            !text.contains("document.title") && !text.contains("<script"),
            "{text}"
        );
    }
}

#[test]
fn a_site_too_large_for_one_document_gets_a_note_and_no_download_never_a_failure() {
    let site = Site::fixture("minimal");
    site.append(
        "content/site.yaml",
        "base_url: https://www.publisher.org.uk/\n",
    );
    for n in 0..301 {
        site.write(
            &format!("content/many/p{n}.md"),
            format!("---\ntitle: Page {n}\n---\n\nText {n}.\n"),
        );
    }
    let run = site.build(&["--deny-warnings", "--no-search"]);
    run.assert_success();
    assert!(
        run.stderr.contains("note: the publication has 30") && run.stderr.contains("no download"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public/downloads").exists());
}

/// The minimal site with one more page, `content/long.md`, whose body is `body`.
fn site_with_long_page(body: &str) -> Site {
    let site = Site::fixture("minimal");
    site.append(
        "content/site.yaml",
        "base_url: https://www.publisher.org.uk/\n",
    );
    site.write(
        "content/long.md",
        format!("---\ntitle: Long\n---\n\n{body}\n"),
    );
    site
}

fn download_files(site: &Site) -> Vec<String> {
    names_in(&site.path("public/downloads"))
}

#[test]
fn an_edition_too_costly_to_lay_out_gets_a_note_and_an_epub_but_no_pdf() {
    let body: String = (0..12_000)
        .map(|i| format!("## Heading {i}\n\nText {i}.\n\n"))
        .collect();
    let site = site_with_long_page(&body);
    let run = site.build(&["--deny-warnings", "--no-search"]);
    run.assert_success();
    let note = run.diagnostic("note: the publication has 24");
    assert!(
        note.contains("blocks") && note.contains("it has no PDF"),
        "{note}"
    );
    let files = download_files(&site);
    assert!(files.iter().any(|f| f.ends_with(".epub")), "{files:?}");
    assert!(!files.iter().any(|f| f.ends_with(".pdf")), "{files:?}");
}

#[test]
fn a_paragraph_too_long_to_lay_out_is_named_at_its_page_and_the_rest_is_made() {
    let body = "[a](#x) ".repeat(6_000) + "\n\n## X {#x}";
    let site = site_with_long_page(&body);
    let run = site.build(&["--no-search"]);
    run.assert_success();
    let note = run.diagnostic("a paragraph of this page is");
    assert!(
        note.contains("content/long.md") && note.contains("split the paragraph"),
        "{note}"
    );
    let files = download_files(&site);
    assert!(files.iter().any(|f| f.ends_with(".epub")), "{files:?}");
    assert!(!files.iter().any(|f| f.ends_with(".pdf")), "{files:?}");
}

#[test]
fn the_starter_site_of_pubgen_new_builds_its_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("starter");
    pubgen(&["new", dir.to_str().unwrap()]).assert_success();
    pubgen_at(&dir, &["build"]).assert_success();
    let downloads: Vec<_> = fs::read_dir(dir.join("public/downloads"))
        .unwrap()
        .collect();
    assert!(downloads.len() >= 2, "{downloads:?}");
}

/// The EPUB's package document (`EPUB/package.opf`).
fn package_of(epub: &std::path::Path) -> String {
    let file = fs::File::open(epub).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("the EPUB is a zip");
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("EPUB/package.opf").unwrap(), &mut opf).unwrap();
    opf
}

#[test]
fn a_download_gives_a_publication_date_only_when_the_content_does() {
    let report = report();
    let opf = package_of(&report.dir.join("downloads/connections-are-key.epub"));
    assert!(
        !opf.contains("<dc:date>"),
        "the report gives no date: {opf}"
    );
    assert!(opf.contains("schema:accessibilitySummary"), "{opf}");
    let site = Site::fixture("minimal");
    site.edit(
        "content/index.md",
        "title: Minimal Site",
        "title: Minimal Site\ndate: 2024-05-01",
    );
    let built = site.build_ok();
    let opf = package_of(&built.dir.join("downloads/minimal-site.epub"));
    assert!(opf.contains("<dc:date>2024-05-01</dc:date>"), "{opf}");
}

#[test]
fn every_markdown_construct_reaches_the_pdf_and_the_epub_without_a_warning() {
    let site = Site::fixture("minimal");
    site.append(
        "content/site.yaml",
        "base_url: https://www.publisher.org.uk/\n",
    );
    site.write("content/pictures/dot.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>"#);
    site.write(
        "content/all.md",
        r#"---
title: Everything [with] *brackets* & #hashes
---

Text with *emphasis*, **strong**, ~~struck~~, `code with ] and #`, a [link](index.md),
a [web link](https://www.publisher.org.uk/a_b?c=d#e), a footnote[^one] and again[^one], and
a picture ![a dot](pictures/dot.svg) in a line. Characters Typst reads: # $ * _ ` < > @ = - + / \ ~ " ' [ ] { } 1. -- ... // /*

## A heading with *emphasis* and `code` {#own-id}

1. First, with a [link to the id](#own-id)
2. Second
   - nested *bullet*
   - [ ] a task
   - [x] a done task

- Loose item one

- Loose item two with ![a dot](pictures/dot.svg) inside

> A quote with a list:
>
> - one
> - two

> Said with feeling.
>
> — Someone {#q-someone}

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | *b*    | 1     |
| [c](index.md) | d | 2 |

```rust
fn main() { println!("{}", "]#"); }
```

    indented code ]

Term
: Its definition, with **bold**.

---

![A dot, as a figure](pictures/dot.svg "Figure 1: A dot")

[![A linked dot](pictures/dot.svg)](index.md)

Line one\
line two.

[^one]: The note, with a [link](https://www.publisher.org.uk/) and *emphasis*.
"#,
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        !run.stderr.contains("warning:"),
        "no warning for content the downloads hold: {}",
        run.stderr
    );
    assert!(site.path("public/downloads/minimal-site.pdf").exists());
    assert!(site.path("public/downloads/minimal-site.epub").exists());
}

/// A new site from `pubgen new`, in a temporary folder.
fn starter() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    pubgen(&["new", dir.to_str().unwrap()]).assert_success();
    (tmp, dir)
}

fn edit_file(path: &std::path::Path, old: &str, new: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(old), "`{old}` is not in {}", path.display());
    fs::write(path, text.replacen(old, new, 1)).unwrap();
}

#[test]
fn a_heading_that_skips_a_level_is_a_warning_at_its_line_and_the_pdf_is_still_made() {
    let (_tmp, dir) = starter();
    let findings = dir.join("content/findings.md");
    edit_file(&findings, "## Working together", "#### Working together");
    let run = pubgen_at(&dir, &["build"]);
    run.assert_success();
    let warning = run.diagnostic("skips");
    assert!(warning.contains("content/findings.md:"), "{warning}");
    assert!(!run.stderr.contains("could not be made"), "{}", run.stderr);
    assert!(!run.stderr.contains("developers"), "{}", run.stderr);
    assert!(dir.join("public/downloads/my-publication.pdf").exists());
    let home = fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        home.contains("downloads/my-publication.pdf"),
        "the home page links the PDF"
    );
    assert!(
        run.stderr.contains("and 4 downloads into"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_emoji_in_a_heading_and_every_script_reach_the_pdf_and_the_epub_without_a_warning() {
    // tests/fixtures/scripts: emoji, Chinese, Japanese, Arabic, Hebrew, Devanagari,
    // combining marks, maths and symbols, all of Latin Extended. (run-all.sh checks
    // that each character is in the PDF's text: tests/downloads/check.py.)
    let site = Site::fixture("scripts");
    let run = pubgen_env(
        &["build", "--root", site.root.to_str().unwrap()],
        &[("PUBGEN_SYSTEM_FONTS", "0")],
    );
    run.assert_success();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    assert!(run.stderr.contains("and 2 downloads"), "{}", run.stderr);
    assert!(site.path("public/downloads/every-script.pdf").exists());
    let epub = site.path("public/downloads/every-script.epub");
    let mut zip = zip::ZipArchive::new(fs::File::open(epub).unwrap()).unwrap();
    let mut xhtml = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        if file.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut file, &mut xhtml).unwrap();
        }
    }
    for text in [
        "🎉",
        "王小明",
        "かたかな",
        "مرحبا",
        "שלום",
        "नमस्ते",
        "e\u{301}",
        "∀",
        "ɏ",
    ] {
        assert!(xhtml.contains(text), "the EPUB has {text}");
    }
}

#[test]
fn a_character_that_no_font_has_is_a_warning_at_its_line_and_the_pdf_is_still_made() {
    let (_tmp, dir) = starter();
    let findings = dir.join("content/findings.md");
    edit_file(
        &findings,
        "## Working together",
        "## Working \u{F0000} together",
    );
    let run = pubgen_env(
        &["build", "--root", dir.to_str().unwrap()],
        &[("PUBGEN_SYSTEM_FONTS", "0")],
    );
    run.assert_success();
    let warning = run.diagnostic("no font");
    assert!(warning.contains("U+F0000"), "{warning}");
    let line = fs::read_to_string(&findings)
        .unwrap()
        .lines()
        .position(|l| l.contains('\u{F0000}'))
        .unwrap()
        + 1;
    assert!(
        warning.contains(&format!("content/findings.md:{line}:")),
        "{warning}"
    );
    assert!(
        warning.contains("themes/NAME/fonts/"),
        "says how to add a font: {warning}"
    );
    assert!(dir.join("public/downloads/my-publication.pdf").exists());
    assert!(!run.stderr.contains("developers"), "{}", run.stderr);
}

/// A file of an EPUB, as text.
pub(crate) fn epub_file(epub: &std::path::Path, name: &str) -> String {
    let file = fs::File::open(epub).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("the EPUB is a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn the_evidence_overview_and_the_accessibility_statement_are_parts_of_the_full_epub() {
    let report = report();
    let epub = report.dir.join("downloads/connections-are-key.epub");
    let nav = epub_file(&epub, "EPUB/nav.xhtml");
    let opf = package_of(&epub);
    for (file, title) in [
        ("generated-0.xhtml", "Evidence for the recommendations"),
        ("generated-1.xhtml", "Accessibility statement"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"{file}\">{title}</a>")),
            "the contents list {title}: {nav}"
        );
        assert!(opf.contains(&format!("href=\"{file}\"")), "{opf}");
    }
    let statement = epub_file(&epub, "EPUB/generated-1.xhtml");
    assert!(
        statement.contains("<h1>Accessibility statement</h1>"),
        "{statement}"
    );
    assert!(
        statement.contains("<a href=\"generated-1.xhtml#known-issues\">Known issues</a>")
            || statement.contains("This build found no problems"),
        "the statement's link to its known issues stays inside the EPUB: {statement}"
    );
    // The overview's links lead to the recommendations and evidence inside the EPUB.
    let overview = epub_file(&epub, "EPUB/generated-0.xhtml");
    let inside = overview.matches("href=\"part-").count();
    assert!(
        inside >= 34 + 90,
        "{inside} links into the parts: {overview}"
    );
    // The Easy Read edition holds only the Easy Read pages.
    let easy_nav = epub_file(
        &report
            .dir
            .join("downloads/connections-are-key-easy-read.epub"),
        "EPUB/nav.xhtml",
    );
    assert!(!easy_nav.contains("generated-"), "{easy_nav}");
}

#[test]
fn the_epub_s_title_page_and_contents_are_theme_templates_a_site_can_override() {
    let site = Site::fixture("minimal");
    site.build_ok();
    let epub = site.path("public/downloads/minimal-site.epub");
    let title = epub_file(&epub, "EPUB/title.xhtml");
    assert!(
        title.contains(
            "<main>\n<section class=\"title-page\">\n<h1>Minimal Site</h1>\n</section>\n</main>"
        ),
        "{title}"
    );
    let nav = epub_file(&epub, "EPUB/nav.xhtml");
    assert!(nav.contains("<nav epub:type=\"toc\" id=\"toc\""), "{nav}");
    assert!(
        nav.contains("<a epub:type=\"bodymatter\" href=\"part-0.xhtml\">"),
        "{nav}"
    );
    site.theme_file(
        "templates/epub-title.xhtml",
        "<h1>{{ site.title }}</h1>\n<p class=\"edition\">Argraffiad cyntaf</p>",
    );
    site.theme_file(
        "templates/epub-nav.xhtml",
        "<nav epub:type=\"toc\" id=\"toc\"><h1>Cynnwys</h1><ol>{% for part in parts %}<li><a href=\"{{ part.file }}\">{{ part.title }}</a></li>{% endfor %}</ol></nav>",
    );
    site.build_ok();
    let title = epub_file(&epub, "EPUB/title.xhtml");
    assert!(
        title.contains("<h1>Minimal Site</h1>\n<p class=\"edition\">Argraffiad cyntaf</p>"),
        "{title}"
    );
    let nav = epub_file(&epub, "EPUB/nav.xhtml");
    assert!(
        nav.contains("<h1>Cynnwys</h1><ol><li><a href=\"part-0.xhtml\">"),
        "{nav}"
    );
}
