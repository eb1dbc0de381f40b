//! Reader features: the Easy Read lint of `pubgen check`, search and the
//! whole-report page.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::copy_dir;
use scraper::{Html, Selector};

fn pubgen(args: &[&str], root: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        &root,
    );
    (dir, root)
}

fn page(root: &Path, file: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(root.join("public").join(file)).unwrap())
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

#[test]
fn check_runs_on_the_real_report_and_publishes_its_easy_read_text_as_written() {
    let out = Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("content/easy-read/"),
        "the Easy Read lint reports on the report's pages"
    );
}

#[test]
fn check_lints_easy_read_pages_with_file_and_line() {
    let (_dir, root) = fixture("easy-read-lint");
    let (ok, stderr) = pubgen(&["check"], &root);
    assert!(ok, "lint warnings do not fail the check:\n{stderr}");
    for expected in [
        "content/easy.md:11:1",
        "this Easy Read sentence has 23 words",
        "content/easy.md:13:",
        "italics",
        "content/easy.md:15:",
        "`three` is written as a word",
        "content/easy.md:17:",
        "`organisation` is a hard word",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains("easy.md:19"),
        "a bold hard word is fine:\n{stderr}"
    );
    assert!(
        !stderr.contains("`Caseloads`"),
        "a glossary term is fine:\n{stderr}"
    );
    assert!(
        !stderr.contains("easy.md:9:"),
        "a short sentence is fine:\n{stderr}"
    );

    let (ok, stderr) = pubgen(&["build"], &root);
    assert!(ok);
    assert!(
        !stderr.contains("Easy Read sentence"),
        "the lint runs in check, not in every build"
    );
    let (ok, _) = pubgen(&["check", "--deny-warnings"], &root);
    assert!(!ok, "with --deny-warnings the lint fails the check");
}

#[test]
fn search_has_an_index_an_accessible_form_and_a_plain_fallback() {
    let (_dir, root) = fixture("basic");
    let (ok, stderr) = pubgen(&["build"], &root);
    assert!(ok, "{stderr}");
    assert!(
        root.join("public/pagefind/pagefind.js").is_file(),
        "the Pagefind index is built"
    );
    assert!(
        !root.join("public/pagefind/pagefind-ui.js").exists(),
        "Pagefind's own UI is not shipped"
    );
    let search = page(&root, "search/index.html");
    let form = select(&search, "form[role=search]");
    assert_eq!(form.len(), 1);
    assert!(
        form[0].value().attr("hidden").is_some(),
        "the form is shown by its script only"
    );
    let input = select(&search, "form[role=search] input[type=search]");
    let id = input[0].value().attr("id").unwrap();
    assert_eq!(
        select(&search, &format!("label[for={id}]")).len(),
        1,
        "the field is labelled"
    );
    assert_eq!(
        select(&search, "[role=status]").len(),
        1,
        "results are announced"
    );
    assert_eq!(select(&search, "script[src$='static/search.js']").len(), 1);
    // Without JavaScript: every page of the site is listed.
    let listed: Vec<String> = select(&search, ".site-map a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for file in [
        "../index.html",
        "../chapter/index.html",
        "../recommendations/index.html",
    ] {
        assert!(listed.iter().any(|h| h == file), "{file} in {listed:?}");
    }
    let home = page(&root, "index.html");
    assert_eq!(
        select(&home, "a[href='search/index.html']").len(),
        1,
        "every page links to search"
    );

    let (_dir2, root2) = fixture("basic");
    assert!(pubgen(&["build", "--no-search"], &root2).0);
    assert!(!root2.join("public/pagefind").exists());
    assert!(!root2.join("public/search").exists());
    assert_eq!(
        select(&page(&root2, "index.html"), "a[href='search/index.html']").len(),
        0
    );
}

#[test]
fn the_whole_report_page_holds_every_part_in_reading_order_with_unique_ids() {
    let (_dir, out) = report_site();
    let html =
        Html::parse_document(&std::fs::read_to_string(out.join("print/index.html")).unwrap());
    let parts: Vec<String> = select(&html, "section.part > h2")
        .iter()
        .map(|h| h.text().collect::<String>())
        .collect();
    let position = |title: &str| {
        parts
            .iter()
            .position(|p| p.contains(title))
            .unwrap_or_else(|| panic!("{title} in {parts:?}"))
    };
    assert!(position("Summary") < position("Scoping Review"));
    assert!(position("Scoping Review") < position("Third Sector Collaborative Relationships"));
    assert!(position("Third Sector") < position("Recommendations"));
    assert_eq!(select(&html, "h1").len(), 1);
    let ids: Vec<&str> = select(&html, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "ids are unique on the whole-report page"
    );
    // Links between parts stay on the page and reach an element.
    for a in select(&html, "main a[href^='#']") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(ids.contains(&target), "#{target} exists");
    }
    assert!(
        select(&html, ".part figure.quote").len() >= 19,
        "the quotes are all there"
    );
}

#[test]
fn footnotes_are_gathered_at_the_end_with_references_and_back_links_both_ways() {
    let (_dir, root) = fixture("notes");
    let (ok, stderr) = pubgen(&["build", "--no-search"], &root);
    assert!(ok, "{stderr}");
    let html = page(&root, "index.html");
    let refs = select(&html, "a[role=doc-noteref]");
    assert_eq!(refs.len(), 3);
    let section = select(&html, "section[role=doc-endnotes]");
    assert_eq!(section.len(), 1, "one notes section");
    assert_eq!(
        section[0].value().attr("aria-labelledby"),
        Some("footnotes")
    );
    assert_eq!(
        select(&html, "section[role=doc-endnotes] > h2#footnotes").len(),
        1,
        "with a visible heading"
    );
    let notes = select(&html, "section[role=doc-endnotes] li");
    assert_eq!(notes.len(), 2);
    // Every reference reaches its note and every note links back to each reference.
    for r in &refs {
        let target = &r.value().attr("href").unwrap()[1..];
        let note = select(&html, &format!("li#{target}"));
        assert_eq!(note.len(), 1, "{target}");
        let back = format!("#{}", r.value().attr("id").unwrap());
        assert!(
            select(&html, &format!("li#{target} a[role=doc-backlink]"))
                .iter()
                .any(|a| a.value().attr("href") == Some(back.as_str())),
            "{target} links back to {back}"
        );
    }
    let back_texts: Vec<String> = select(&html, "a[role=doc-backlink]")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    let unique: std::collections::HashSet<&String> = back_texts.iter().collect();
    assert_eq!(
        unique.len(),
        back_texts.len(),
        "back links have unique visible text: {back_texts:?}"
    );
    // The notes come after the text, at the end of the page.
    let body = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(body.find("role=doc-endnotes").unwrap() > body.find("id=method").unwrap());
}

#[test]
fn a_plain_references_heading_links_citations_including_in_quote_attributions() {
    let (_dir, root) = fixture("notes");
    let (ok, stderr) = pubgen(&["build", "--no-search", "--deny-warnings"], &root);
    assert!(
        ok,
        "every citation matches and every entry is cited:\n{stderr}"
    );
    let html = page(&root, "index.html");
    let cites = select(&html, "a[role=doc-biblioref]");
    assert_eq!(cites.len(), 2, "in the text and in the quote's attribution");
    assert!(cites
        .iter()
        .all(|a| a.value().attr("href") == Some("#ref-ruch-2005")));
    assert_eq!(
        select(&html, "figure.quote figcaption a[role=doc-biblioref]").len(),
        1
    );
    assert_eq!(
        select(&html, "section[role=doc-bibliography] li#ref-ruch-2005").len(),
        1
    );
}

#[test]
fn a_link_to_a_draft_page_says_it_is_a_draft() {
    let (_dir, root) = fixture("notes");
    let index = root.join("content/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replace("appendix.md", "draft.md")).unwrap();
    let (ok, stderr) = pubgen(&["build", "--no-search"], &root);
    assert!(!ok);
    assert!(stderr.contains("goes to a draft page"), "{stderr}");
    assert!(stderr.contains("--drafts"), "{stderr}");
    let (ok, stderr) = pubgen(&["build", "--no-search", "--drafts"], &root);
    assert!(ok, "{stderr}");
}

/// The report built once into a temporary folder (no search index: not needed here).
fn report_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args([
            "build",
            "--no-search",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, out)
}

#[test]
fn the_ecological_model_is_an_accessible_figure_with_a_text_alternative() {
    let (_dir, out) = report_site();
    let html = Html::parse_document(
        &std::fs::read_to_string(out.join("scoping-review/index.html")).unwrap(),
    );
    let figures = select(&html, "figure.figure");
    let figure = figures
        .iter()
        .find(|f| f.html().contains("ecological-model.svg"))
        .expect("the figure is on the review page");
    let img = figure
        .select(&Selector::parse("img").unwrap())
        .next()
        .unwrap();
    let alt = img.value().attr("alt").unwrap();
    for system in [
        "microsystem",
        "mesosystem",
        "exosystem",
        "macrosystem",
        "chronosystem",
    ] {
        assert!(
            alt.to_lowercase().contains(system),
            "the alt text names the {system}"
        );
    }
    let caption: String = figure
        .select(&Selector::parse("figcaption").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(caption.contains("Figure 1"));
    // The SVG itself has a title and real text labels.
    let svg = std::fs::read_to_string(out.join("scoping-review/../pictures/ecological-model.svg"))
        .unwrap();
    assert!(svg.contains("<title"));
    for system in [
        "Microsystem",
        "Mesosystem",
        "Exosystem",
        "Macrosystem",
        "Chronosystem",
    ] {
        assert!(svg.contains(system), "the SVG labels the {system} as text");
    }
    // A text alternative after the figure carries the same information.
    let page = std::fs::read_to_string(out.join("scoping-review/index.html")).unwrap();
    let after = &page[page.find("ecological-model.svg").unwrap()..];
    let described = &after[..after.len().min(6000)];
    for system in [
        "icrosystem",
        "esosystem",
        "xosystem",
        "acrosystem",
        "hronosystem",
    ] {
        assert!(
            described.contains(system),
            "the description names the {system}"
        );
    }
}

#[test]
fn easy_read_pages_set_pictures_beside_their_text_and_link_the_full_version() {
    let (_dir, out) = report_site();
    let mut pictures = 0;
    for entry in std::fs::read_dir(out.join("easy-read")).unwrap() {
        let path = entry.unwrap().path();
        let file = if path.is_dir() {
            path.join("index.html")
        } else {
            continue;
        };
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        assert_eq!(
            select(&html, "body.kind-easy-read").len(),
            1,
            "{}",
            file.display()
        );
        let full: Vec<_> = select(&html, ".page-links a")
            .into_iter()
            .filter(|a| a.text().collect::<String>().starts_with("Full version"))
            .collect();
        assert_eq!(
            full.len(),
            1,
            "one Full version link in the header of {}",
            file.display()
        );
        for img in select(&html, ".prose p.picture-row > img:first-child") {
            assert!(
                !img.value().attr("alt").unwrap_or("").is_empty(),
                "pictures have alt text"
            );
            pictures += 1;
        }
        assert!(
            select(&html, ".prose em, .prose i").is_empty(),
            "no italics in Easy Read"
        );
    }
    assert!(
        pictures >= 40,
        "pictures beside their paragraphs: {pictures}"
    );
    let files = std::fs::read_dir(out.join("../out/pictures"))
        .unwrap()
        .count();
    assert!(files >= 10, "a consistent set of pictograms: {files}");
}

#[test]
fn a_large_index_is_built_in_bundles_that_the_search_page_lists() {
    let (_dir, root) = fixture("basic");
    let out = Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args(["build", "--root"])
        .arg(&root)
        .env("PUBGEN_SEARCH_SHARD_PAGES", "2")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let search = page(&root, "search/index.html");
    let form = select(&search, "form[role=search]");
    let bundles: Vec<&str> = form[0]
        .value()
        .attr("data-bundles")
        .unwrap()
        .split(' ')
        .collect();
    assert!(bundles.len() >= 3, "{bundles:?}");
    assert_eq!(bundles[0], "pagefind");
    for bundle in bundles {
        assert!(
            root.join("public")
                .join(bundle)
                .join("pagefind.js")
                .is_file(),
            "{bundle} is built"
        );
    }
}

#[test]
fn only_a_picture_that_starts_an_easy_read_paragraph_is_set_beside_its_text() {
    let (_dir, root) = fixture("easy-read-pictures");
    let (ok, stderr) = pubgen(&["build", "--no-search"], &root);
    assert!(ok, "{stderr}");
    let html = page(&root, "easy/index.html");
    let rows = select(&html, "p.picture-row");
    assert_eq!(rows.len(), 2, "the first paragraph and the list item's");
    for row in &rows {
        let first = row
            .children()
            .next()
            .and_then(scraper::ElementRef::wrap)
            .unwrap();
        assert_eq!(first.value().name(), "img", "the picture comes first");
    }
    let middle: Vec<_> = select(&html, ".prose p")
        .into_iter()
        .filter(|p| p.text().collect::<String>().contains("in the middle"))
        .collect();
    assert_eq!(middle.len(), 1);
    assert!(
        middle[0].value().attr("class").is_none(),
        "a picture inside a sentence stays in it"
    );
    // Full-text pages are left alone.
    assert!(select(&page(&root, "index.html"), "p.picture-row").is_empty());
}
