//! `pubgen import`, used as a publisher moving from another tool would: an mdBook
//! book, a Jekyll site and a Word document, each imported into a new folder and
//! built, with the hand edits it needs counted.

use std::fs;
use std::path::Path;

use crate::common::*;

pub(crate) fn import(source: &Path, dir: &Path) -> Run {
    pubgen(&["import", source.to_str().unwrap(), dir.to_str().unwrap()])
}

pub(crate) fn build(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["build", "--root", dir.to_str().unwrap()];
    all.extend(args);
    pubgen(&all)
}

/// Writes a file of a source site, with the folders it needs.
pub(crate) fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The first lines of each warning a run printed.
pub(crate) fn warnings(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
        .map(str::to_string)
        .collect()
}

pub(crate) const NO_CONTACT: &str = "warning: readers have no way to reach the publisher: the site gives no `contact` and no `accessible_formats`";

#[test]
fn the_mdbook_guide_imports_and_builds_with_no_hand_edits_and_every_link_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("guide");
    let guide = fixtures().join("import/mdbook/guide");
    import(&guide, &site).assert_success();
    let run = build(&site, &[]);
    run.assert_success();
    assert!(
        !run.stderr.contains("error:"),
        "the imported guide builds without errors:\n{}",
        run.stderr
    );
    let public = site.join("public");
    assert_eq!(broken_links(&public), Vec::<String>::new());
    // Every chapter of SUMMARY.md is a page, at the address its file gives it.
    let summary = fs::read_to_string(guide.join("src/SUMMARY.md")).unwrap();
    let chapters: Vec<&str> = summary
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(path, _)| path))
        .filter(|path| path.ends_with(".md"))
        .collect();
    assert!(chapters.len() > 30, "{chapters:?}");
    for chapter in chapters {
        let page = chapter
            .trim_end_matches(".md")
            .trim_end_matches("README")
            .trim_end_matches('/');
        let file = public.join(page).join("index.html");
        assert!(
            file.is_file(),
            "{chapter} is published as {}",
            file.display()
        );
    }
    let menu = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        !menu.contains("SUMMARY"),
        "SUMMARY.md is the order, not a page"
    );
    assert!(
        !public.join("404").exists(),
        "mdBook's 404 page is not a page"
    );
    // `{{#include arg-watcher.md}}` in cli/watch.md is the text of that file.
    let watch = fs::read_to_string(site.join("content/cli/watch.md")).unwrap();
    assert!(!watch.contains("{{#include"), "{watch}");
    let included = fs::read_to_string(guide.join("src/cli/arg-watcher.md")).unwrap();
    assert!(watch.contains(included.lines().find(|l| l.len() > 20).unwrap()));
    let downloads: Vec<String> = fs::read_dir(public.join("downloads"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        downloads.iter().any(|f| f.ends_with(".pdf")),
        "{downloads:?}"
    );
    assert!(
        downloads.iter().any(|f| f.ends_with(".epub")),
        "{downloads:?}"
    );
}

/// A small Jekyll site as such sites are written: `_config.yml`, pages with
/// permalinks and keys of their theme, a post, links written as web addresses and
/// with Liquid tags, and a pull quote in `<aside markdown="1">`.
fn jekyll_site(root: &Path) {
    let write = |rel: &str, text: &str| write_file(root, rel, text);
    write(
        "_config.yml",
        "title: Long Reads\ndescription: Articles about communities\nlang: en-GB\nbaseurl: /reads\ntheme: minima\n",
    );
    write("_layouts/default.html", "<html>{{ content }}</html>\n");
    write(
        "index.md",
        "---\nlayout: home\ntitle: Long Reads\nclass: wide\n---\n\nStart with [building community](building-community/) or [the news]({% post_url 2021-03-04-news %}).\n",
    );
    write(
        "building-community.md",
        "---\nlayout: article\ntitle: Building community\npermalink: /building-community/\nlang: en-GB\nimage: /assets/crowd.jpg\nrelated: [listening]\nnav_order: 1\n---\n\n## Why it matters\n\nPeople first.\n\n<aside markdown=\"1\">\n“We listened first,” said [a worker](listening.html).\n</aside>\n\n## What works\n\nSee [listening]({{ site.baseurl }}/listening/#in-practice).\n",
    );
    write(
        "listening.md",
        "---\nlayout: article\ntitle: Listening\npermalink: /listening/\nimage: /assets/ear.jpg\nnav_order: 2\n---\n\n## In practice\n\nBack to [why it matters](../building-community/#why-it-matters) and [what works]({% link building-community.md %}#what-works).\n",
    );
    write(
        "_posts/2021-03-04-news.md",
        "---\nlayout: post\ntitle: News\ncategories: [updates]\n---\n\nRead [Listening](/reads/listening/).\n",
    );
}

#[test]
fn a_jekyll_site_builds_after_import_with_its_links_made_page_links_and_its_keys_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("jekyll");
    jekyll_site(&source);
    let site = dir.path().join("site");
    let run = import(&source, &site);
    run.assert_success();
    // Each key pubgen has no use for is one note, with its count.
    assert!(
        run.stderr
            .contains("2 pages have `image:`, which pubgen has no use for"),
        "{}",
        run.stderr
    );
    let kept = fs::read_to_string(site.join("imported-front-matter.yaml")).unwrap();
    assert!(kept.contains("/assets/crowd.jpg"), "{kept}");
    let page = fs::read_to_string(site.join("content/listening.md")).unwrap();
    assert!(
        page.contains("[why it matters](building-community.md#why-it-matters)")
            && page.contains("[what works](building-community.md#what-works)"),
        "{page}"
    );
    let built = build(&site, &["--no-downloads"]);
    built.assert_success();
    // No hand edit: the only warning asks for a contact, which no import can know.
    assert_eq!(warnings(&built), [NO_CONTACT], "{}", built.stderr);
    let public = site.join("public");
    assert_eq!(broken_links(&public), Vec::<String>::new());
    let article = fs::read_to_string(public.join("building-community/index.html")).unwrap();
    assert!(article.contains("<blockquote"), "the aside is a quote");
    assert!(!article.contains("[a worker]"), "its markdown is read");
    assert!(public.join("posts/news/index.html").is_file());
}

#[test]
fn a_word_document_imports_with_its_pages_picture_table_and_notes_and_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("report.md");
    fs::write(dir.path().join("dot.png"), tiny_png()).unwrap();
    fs::write(
        &md,
        "---\ntitle: Our Report\n---\n\nWhy we wrote this.\n\n# Summary\n\nWe met **twelve** groups.[^1]\n\n![A red dot on a white page](dot.png)\n\n## Findings\n\n| Area | Groups |\n|------|--------|\n| North | 5 |\n| South | 7 |\n\n# Recommendations\n\nListen first.[^2]\n\n[^1]: Between May and June.\n[^2]: As the groups asked.\n",
    )
    .unwrap();
    let docx = dir.path().join("report.docx");
    let made = std::process::Command::new("pandoc")
        .arg(&md)
        .arg("-o")
        .arg(&docx)
        .current_dir(dir.path())
        .status()
        .expect("pandoc is installed (tests/run-all.sh installs it)");
    assert!(made.success());
    let site = dir.path().join("site");
    let run = import(&docx, &site);
    run.assert_success();
    assert!(
        run.stderr
            .contains("imported 3 pages and 1 other file from a Word document"),
        "{}",
        run.stderr
    );
    let summary = fs::read_to_string(site.join("content/summary.md")).unwrap();
    assert!(
        summary.contains("![A red dot on a white page](pictures/"),
        "{summary}"
    );
    assert!(summary.contains("| North | 5 "), "{summary}");
    assert!(summary.contains("[^1]: Between May and June."), "{summary}");
    assert!(
        !summary.contains("[^2]:"),
        "each note is on the page that uses it"
    );
    let built = build(&site, &[]);
    built.assert_success();
    assert_eq!(warnings(&built), [NO_CONTACT], "{}", built.stderr);
    let html = fs::read_to_string(site.join("public/summary/index.html")).unwrap();
    assert!(html.contains("alt=\"A red dot on a white page\""));
    assert!(html.contains("<table"));
}

#[test]
fn import_never_writes_into_a_folder_that_holds_files() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("jekyll");
    jekyll_site(&source);
    let site = dir.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("notes.txt"), "mine").unwrap();
    let run = import(&source, &site);
    run.assert_failure();
    assert!(
        run.stderr.contains("already exists and is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(site.join("notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_dir(&site).unwrap().count(), 1);
}

/// A one-pixel PNG.
pub(crate) fn tiny_png() -> Vec<u8> {
    [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
        0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
        0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
    .to_vec()
}

#[test]
fn a_word_document_without_pandoc_installed_is_an_error_saying_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("report.docx");
    fs::write(&docx, b"PK").unwrap();
    let site = dir.path().join("site");
    let run = pubgen_env(
        &["import", docx.to_str().unwrap(), site.to_str().unwrap()],
        &[("PATH", "/nonexistent")],
    );
    run.assert_failure();
    assert_eq!(
        run.diagnostic("pandoc"),
        "error: pubgen imports Word documents with pandoc, which is not installed\n |\n = help: install pandoc, then run the import again: `sudo apt install pandoc` (Debian, Ubuntu), `brew install pandoc` (macOS), or see https://pandoc.org/installing.html"
    );
    assert!(!site.exists(), "a failed import leaves nothing behind");
}

#[test]
fn a_hugo_site_imports_with_its_toml_front_matter_weights_drafts_and_ref_links() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hugo");
    let write = |rel: &str, text: &str| write_file(&source, rel, text);
    write(
        "hugo.toml",
        "baseURL = 'https://example.com/guide/'\nlanguageCode = 'en-gb'\ntitle = 'Field Guide'\n",
    );
    write("layouts/_default/single.html", "{{ .Content }}\n");
    write(
        "content/_index.md",
        "+++\ntitle = 'Field Guide'\n+++\n\nStart with [the basics]({{< ref \"basics.md\" >}}).\n",
    );
    write(
        "content/basics.md",
        "+++\ntitle = 'The basics'\nweight = 2\ntags = ['intro']\n+++\n\n## First steps\n\nThen [advanced](/guide/advanced/#deeper).\n",
    );
    write(
        "content/advanced.md",
        "+++\ntitle = 'Advanced'\nweight = 3\n+++\n\n## Deeper\n\nBack to [first steps]({{< relref \"basics.md#first-steps\" >}}).\n",
    );
    write(
        "content/notes.md",
        "+++\ntitle = 'Notes'\ndraft = true\n+++\n\nNot yet.\n",
    );
    let site = dir.path().join("site");
    let run = import(&source, &site);
    run.assert_success();
    assert!(run.stderr.contains("1 page has `tags:`"), "{}", run.stderr);
    let settings = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    assert!(
        settings.contains("title: Field Guide") && settings.contains("language: en-gb"),
        "{settings}"
    );
    let basics = fs::read_to_string(site.join("content/basics.md")).unwrap();
    assert!(
        basics.contains("order: 2") && basics.contains("[advanced](advanced.md#deeper)"),
        "{basics}"
    );
    let advanced = fs::read_to_string(site.join("content/advanced.md")).unwrap();
    assert!(
        advanced.contains("[first steps](basics.md#first-steps)"),
        "{advanced}"
    );
    assert!(fs::read_to_string(site.join("content/notes.md"))
        .unwrap()
        .contains("draft: true"));
    let built = build(&site, &["--no-downloads"]);
    built.assert_success();
    assert_eq!(warnings(&built), [NO_CONTACT], "{}", built.stderr);
    assert!(
        !site.join("public/notes").exists(),
        "a draft is not published"
    );
    assert_eq!(broken_links(&site.join("public")), Vec::<String>::new());
}
