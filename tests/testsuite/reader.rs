//! Reader features: the Easy Read lint of `pubgen check`, search and the
//! whole-report page.

use std::path::Path;

use crate::common::*;
use scraper::Html;

/// A page of the site built into `ROOT/public`.
fn page(root: &Path, file: &str) -> Html {
    Built::new(root.join("public")).parse(file)
}

#[test]
fn check_runs_on_the_real_report_and_publishes_its_easy_read_text_as_written() {
    let run = pubgen(&[
        "check",
        "--show-acknowledged",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
    ]);
    run.assert_success();
    assert!(
        run.stderr.contains("content/easy-read/"),
        "the Easy Read lint reports on the report's pages (acknowledged, shown on request)"
    );
    // The lint only warns: every sentence of every Easy Read page is published as
    // the editors wrote it.
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/easy-read");
    let mut checked = 0;
    for entry in std::fs::read_dir(&content).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| n.ends_with(".md"))
        else {
            continue;
        };
        let file = match name {
            "index.md" => "easy-read/index.html".to_string(),
            n => format!("easy-read/{}/index.html", n.trim_end_matches(".md")),
        };
        let published = text(report().at(&file).all("main")[0]);
        let source = std::fs::read_to_string(&path).unwrap();
        let body = source.splitn(3, "---\n").nth(2).unwrap_or_default();
        for line in body.lines().map(|l| {
            l.trim()
                .trim_start_matches("- ")
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(". ")
        }) {
            // Plain sentences: no markup to render differently.
            let plain = line.len() > 20
                && line.ends_with('.')
                && !line.contains(['[', '*', '_', '`', '<', '{', '!', '\'', '"', '#']);
            if plain {
                assert!(
                    published.contains(line),
                    "{file} should say, as written: {line}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} sentences compared");
}

#[test]
fn check_lints_easy_read_pages_with_file_and_line() {
    let site = Site::fixture("easy-read-lint");
    let root = site.root.clone();
    let run = pubgen_at(&root, &["check"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(ok, "lint warnings do not fail the check:\n{stderr}");
    for expected in [
        "content/easy.md:11:1",
        "this Easy Read sentence has 23 words",
        "content/easy.md:13:",
        "italics",
        "content/easy.md:15:",
        "`three` is written as a word",
        "content/easy.md:17:5",
        "`interventions` is not a common word",
        "content/easy.md:23:5",
        "`models of delivery` is jargon",
        "ways of doing things",
        "content/easy.md:25:13",
        "`trauma-informed practice` is explained only in the full glossary",
        "content/easy.md:29:1",
        "`SHANARRI` is letters that stand for words",
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
        "a term the glossary explains in Easy Read is fine:\n{stderr}"
    );
    for everyday in ["relationships", "information", "`Lint`", "`Site`"] {
        assert!(
            !stderr.contains(everyday),
            "everyday words and the site's own name are fine ({everyday}):\n{stderr}"
        );
    }
    assert!(
        !stderr.contains("easy.md:9:"),
        "a short sentence is fine:\n{stderr}"
    );

    let run = pubgen_at(&root, &["build"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(ok);
    assert!(
        !stderr.contains("Easy Read sentence"),
        "the lint runs in check, not in every build"
    );
    let run = pubgen_at(&root, &["check", "--deny-warnings"]);
    let (ok, _) = (run.success(), run.stderr.clone());
    assert!(!ok, "with --deny-warnings the lint fails the check");
}

#[test]
fn a_capital_at_the_start_of_a_sentence_is_a_name_only_if_another_page_writes_it_so() {
    let site = Site::fixture("easy-read-lint");
    site.write(
        "content/names.md",
        "---\ntitle: Names\nkind: easy-read\n---\n\nWe meet Zorbleton on Mondays.\n\nZorbleton helps us.\n\nQuixotry is fun. We like quixotry.\n",
    );
    let run = pubgen_at(&site.root, &["check"]);
    let stderr = run.stderr.clone();
    assert!(
        !stderr.contains("`Zorbleton`"),
        "written with a capital mid-sentence, it is a name where a sentence starts too:\n{stderr}"
    );
    assert_eq!(
        stderr.matches("`Quixotry` is not a common word").count(),
        1,
        "a hard word at a sentence's start is reported, once per page:\n{stderr}"
    );
    assert!(
        !stderr.contains("`quixotry` is not a common word"),
        "its later use on the page is not reported again:\n{stderr}"
    );
}

#[test]
fn search_has_an_index_an_accessible_form_and_a_plain_fallback() {
    let site = Site::fixture("basic");
    let root = site.root.clone();
    let run = pubgen_at(&root, &["build"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
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
    let form = all(&search, "form[role=search]");
    assert_eq!(form.len(), 1);
    assert!(
        form[0].value().attr("hidden").is_some(),
        "the form is shown by its script only"
    );
    let input = all(&search, "form[role=search] input[type=search]");
    let id = input[0].value().attr("id").unwrap();
    assert_eq!(
        all(&search, &format!("label[for={id}]")).len(),
        1,
        "the field is labelled"
    );
    assert_eq!(
        all(&search, "[role=status]").len(),
        1,
        "results are announced"
    );
    assert_eq!(all(&search, "script[src$='static/search.js']").len(), 1);
    // Without JavaScript: every page of the site is listed.
    let listed: Vec<String> = all(&search, ".site-map a")
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
        all(&home, "a[href='search/index.html']").len(),
        1,
        "every page links to search"
    );

    let site2 = Site::fixture("basic");
    let root2 = site2.root.clone();
    assert!(pubgen_at(&root2, &["build", "--no-search"]).success());
    assert!(!root2.join("public/pagefind").exists());
    assert!(!root2.join("public/search").exists());
    assert_eq!(
        all(&page(&root2, "index.html"), "a[href='search/index.html']").len(),
        0
    );
}

#[test]
fn the_whole_report_page_holds_every_part_in_reading_order_with_unique_ids() {
    let out = report().dir.clone();
    let html =
        Html::parse_document(&std::fs::read_to_string(out.join("print/index.html")).unwrap());
    let parts: Vec<String> = all(&html, "section.part > h2")
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
    assert_eq!(all(&html, "h1").len(), 1);
    let ids: Vec<&str> = all(&html, "[id]")
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
    for a in all(&html, "main a[href^='#']") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(ids.contains(&target), "#{target} exists");
    }
    assert!(
        all(&html, ".part figure.quote").len() >= 19,
        "the quotes are all there"
    );
}

#[test]
fn footnotes_are_gathered_at_the_end_with_references_and_back_links_both_ways() {
    let site = Site::fixture("notes");
    let root = site.root.clone();
    let run = pubgen_at(&root, &["build", "--no-search"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(ok, "{stderr}");
    let html = page(&root, "index.html");
    let refs = all(&html, "a[role=doc-noteref]");
    assert_eq!(refs.len(), 3);
    let section = all(&html, "section[role=doc-endnotes]");
    assert_eq!(section.len(), 1, "one notes section");
    assert_eq!(
        section[0].value().attr("aria-labelledby"),
        Some("footnotes")
    );
    assert_eq!(
        all(&html, "section[role=doc-endnotes] > h2#footnotes").len(),
        1,
        "with a visible heading"
    );
    let notes = all(&html, "section[role=doc-endnotes] li");
    assert_eq!(notes.len(), 2);
    // Every reference reaches its note and every note links back to each reference.
    for r in &refs {
        let target = &r.value().attr("href").unwrap()[1..];
        let note = all(&html, &format!("li#{target}"));
        assert_eq!(note.len(), 1, "{target}");
        let back = format!("#{}", r.value().attr("id").unwrap());
        assert!(
            all(&html, &format!("li#{target} a[role=doc-backlink]"))
                .iter()
                .any(|a| a.value().attr("href") == Some(back.as_str())),
            "{target} links back to {back}"
        );
    }
    let back_texts: Vec<String> = all(&html, "a[role=doc-backlink]")
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
    let site = Site::fixture("notes");
    let root = site.root.clone();
    let run = pubgen_at(&root, &["build", "--no-search", "--deny-warnings"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(
        ok,
        "every citation matches and every entry is cited:\n{stderr}"
    );
    let html = page(&root, "index.html");
    let cites = all(&html, "a[role=doc-biblioref]");
    assert_eq!(cites.len(), 2, "in the text and in the quote's attribution");
    assert!(cites
        .iter()
        .all(|a| a.value().attr("href") == Some("#ref-ruch-2005")));
    assert_eq!(
        all(&html, "figure.quote figcaption a[role=doc-biblioref]").len(),
        1
    );
    assert_eq!(
        all(&html, "section[role=doc-bibliography] li#ref-ruch-2005").len(),
        1
    );
}

#[test]
fn a_link_to_a_draft_page_says_it_is_a_draft() {
    let site = Site::fixture("notes");
    let root = site.root.clone();
    let index = root.join("content/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replace("appendix.md", "draft.md")).unwrap();
    let run = pubgen_at(&root, &["build", "--no-search"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(!ok);
    assert!(stderr.contains("goes to a draft page"), "{stderr}");
    assert!(stderr.contains("--drafts"), "{stderr}");
    let run = pubgen_at(&root, &["build", "--no-search", "--drafts"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(ok, "{stderr}");
}

#[test]
fn the_ecological_model_is_an_accessible_figure_with_a_text_alternative() {
    let out = report().dir.clone();
    let html = Html::parse_document(
        &std::fs::read_to_string(out.join("scoping-review/index.html")).unwrap(),
    );
    let figures = all(&html, "figure.figure");
    let figure = figures
        .iter()
        .find(|f| f.html().contains("ecological-model.svg"))
        .expect("the figure is on the review page");
    let img = figure.select(&sel("img")).next().unwrap();
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
        .select(&sel("figcaption"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        caption.contains("redrawn for this web edition"),
        "the caption says the figure was redrawn (the source gives it no number): {caption}"
    );
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
    let out = report().dir.clone();
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
            all(&html, "body.kind-easy-read").len(),
            1,
            "{}",
            file.display()
        );
        let full: Vec<_> = all(&html, ".page-links a")
            .into_iter()
            .filter(|a| a.text().collect::<String>().starts_with("Full version"))
            .collect();
        assert_eq!(
            full.len(),
            1,
            "one Full version link in the header of {}",
            file.display()
        );
        for img in all(&html, ".prose p.picture-row > img:first-child") {
            assert!(
                !img.value().attr("alt").unwrap_or("").is_empty(),
                "pictures have alt text"
            );
            pictures += 1;
        }
        assert!(
            all(&html, ".prose em, .prose i").is_empty(),
            "no italics in Easy Read"
        );
    }
    assert!(
        pictures >= 40,
        "pictures beside their paragraphs: {pictures}"
    );
    let files = std::fs::read_dir(out.join("pictures")).unwrap().count();
    assert!(files >= 10, "a consistent set of pictograms: {files}");
}

#[test]
fn a_large_index_is_built_in_bundles_that_the_search_page_lists() {
    let site = Site::fixture("basic");
    let root = site.root.clone();
    pubgen_env(
        &["build", "--root", root.to_str().unwrap()],
        &[("PUBGEN_SEARCH_SHARD_PAGES", "2")],
    )
    .assert_success();
    let search = page(&root, "search/index.html");
    let form = all(&search, "form[role=search]");
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

/// The folders of the search index bundles in a built site.
fn bundle_folders(public: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(public)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("pagefind"))
        .collect();
    found.sort();
    found
}

#[test]
fn every_page_is_in_a_search_bundle_the_search_page_loads_in_a_site_without_recommendations() {
    // The small sites' index was counted without the accessibility statement: its
    // page went into a bundle of its own that the search page never loaded.
    for (fixture, shard) in [("minimal", None), ("minimal", Some("1")), ("basic", None)] {
        let site = Site::fixture(fixture);
        let root = site.root.clone();
        let env: Vec<(&str, &str)> = shard
            .map(|n| ("PUBGEN_SEARCH_SHARD_PAGES", n))
            .into_iter()
            .collect();
        pubgen_env(&["build", "--root", root.to_str().unwrap()], &env).assert_success();
        let search = page(&root, "search/index.html");
        let form = all(&search, "form[role=search]");
        let mut listed: Vec<String> = form[0]
            .value()
            .attr("data-bundles")
            .unwrap()
            .split(' ')
            .map(str::to_string)
            .collect();
        listed.sort();
        assert_eq!(
            bundle_folders(&root.join("public")),
            listed,
            "{fixture}, bundles of {shard:?}"
        );
    }
}

#[test]
fn only_a_picture_that_starts_an_easy_read_paragraph_is_set_beside_its_text() {
    let site = Site::fixture("easy-read-pictures");
    let root = site.root.clone();
    let run = pubgen_at(&root, &["build", "--no-search"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(ok, "{stderr}");
    let html = page(&root, "easy/index.html");
    let rows = all(&html, "p.picture-row");
    assert_eq!(rows.len(), 2, "the first paragraph and the list item's");
    for row in &rows {
        let first = row
            .children()
            .next()
            .and_then(scraper::ElementRef::wrap)
            .unwrap();
        assert_eq!(first.value().name(), "img", "the picture comes first");
    }
    let middle: Vec<_> = all(&html, ".prose p")
        .into_iter()
        .filter(|p| p.text().collect::<String>().contains("in the middle"))
        .collect();
    assert_eq!(middle.len(), 1);
    assert!(
        middle[0].value().attr("class").is_none(),
        "a picture inside a sentence stays in it"
    );
    // Full-text pages are left alone.
    assert!(all(&page(&root, "index.html"), "p.picture-row").is_empty());
}

#[test]
fn a_site_in_a_language_written_right_to_left_reads_right_to_left_on_the_web_and_in_the_epub() {
    let site = Site::fixture("rtl");
    site.build(&[]).assert_success();
    let home = site.read("public/index.html");
    assert!(
        home.contains("<html dir=rtl lang=ar>") || home.contains("<html lang=ar dir=rtl>"),
        "{}",
        &home[..200]
    );
    let epub = std::fs::read_dir(site.path("public/downloads"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB");
    let opf = crate::downloads::epub_file(&epub, "EPUB/package.opf");
    assert!(
        opf.contains("<spine page-progression-direction=\"rtl\">"),
        "{opf}"
    );
    let nav = crate::downloads::epub_file(&epub, "EPUB/nav.xhtml");
    assert!(nav.contains("xml:lang=\"ar\" dir=\"rtl\""), "{nav}");
    // A language written left to right says nothing of its direction.
    let minimal = Site::fixture("minimal");
    minimal.build(&["--no-downloads"]).assert_success();
    assert!(!minimal.read("public/index.html").contains("dir="));
}
