//! Integration tests: build the fixture sites under `tests/fixtures/` (and the project's
//! own report) with the `pubgen` binary and check the HTML it writes.
//!
//! Fixtures:
//! - `basic/`: every convention of the content format in a few small pages;
//! - `minimal/`: only `content/site.yaml` and `content/index.md`;
//! - `invalid/<case>/`: one broken site per kind of error. Each test first builds
//!   `minimal/` (so that there is a previous `public/`), then replaces the site's
//!   `content/` with the case's, builds again and checks the error and that the
//!   previous `public/` is untouched.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use scraper::{ElementRef, Html};

/// The pages of the basic fixture, in reading order, with their titles.
const BASIC_PAGES: &[(&str, &str)] = &[
    ("/", "Basic Publication"),
    ("/chapter/", "Working Together"),
    ("/recommendations/", "Recommendations"),
    ("/easy-read/", "Easy Read"),
    ("/guides/", "Guides"),
    ("/guides/first/", "First Guide"),
    ("/guides/second/", "Second Guide"),
];

/// The pages the generator writes itself for the basic fixture.
const GENERATED_PAGES: &[(&str, &str)] = &[
    ("/evidence/", "Evidence for the recommendations"),
    ("/accessibility/", "Accessibility statement"),
];

/// Other reserved URLs where the generator may write pages of its own.
const OPTIONAL_GENERATED: &[&str] = &["/search/", "/print/"];

/// Every HTML file the basic fixture must build to, sorted.
fn basic_files() -> Vec<String> {
    let mut files: Vec<String> = BASIC_PAGES
        .iter()
        .chain(GENERATED_PAGES)
        .map(|(url, _)| url_to_file(url))
        .collect();
    files.sort();
    files
}

/// The HTML files of a build, without the generator's optional pages (search, print).
fn html_files_without_optional(built: &Built) -> Vec<String> {
    let optional: Vec<String> = OPTIONAL_GENERATED.iter().map(|u| url_to_file(u)).collect();
    built
        .html_files()
        .into_iter()
        .filter(|f| !optional.contains(f))
        .collect()
}

/// The basic fixture, built once for all the tests that only read the output. It is
/// built in a folder of its own under Cargo's `CARGO_TARGET_TMPDIR` (a static `TempDir`
/// would never be removed); folders left by earlier runs are removed after a day.
fn basic() -> (&'static Path, &'static Built) {
    static BUILT: OnceLock<(PathBuf, Built)> = OnceLock::new();
    let (root, built) = BUILT.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pubgen-build-tests");
        if let Ok(entries) = fs::read_dir(&base) {
            for entry in entries.flatten() {
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 24 * 60 * 60);
                if old {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = base.join(format!("basic-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let root = dir.join("site");
        copy_dir(&fixtures().join("basic"), &root);
        let out = dir.join("public");
        pubgen(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert_success();
        (root, Built::new(out))
    });
    (root.as_path(), built)
}

/// The hrefs of every link inside `el`.
fn hrefs_in(el: ElementRef) -> Vec<String> {
    el.select(&sel("a[href]")).map(href).collect()
}

/// The elements after `el` among its siblings, up to the next heading (or the next
/// element matching `stop`).
fn following_until<'a>(el: ElementRef<'a>, stop: &str) -> Vec<ElementRef<'a>> {
    let stop = sel(&format!("h1, h2, h3, h4, h5, h6, {stop}"));
    el.next_siblings()
        .filter_map(ElementRef::wrap)
        .take_while(|e| !stop.matches(e) && e.select(&stop).next().is_none())
        .collect()
}

/// The links that a recommendation shows: inside it, and in the blocks after it up to
/// the next heading or recommendation.
fn links_of_recommendation<'a>(html: &'a Html, id: &str) -> Vec<ElementRef<'a>> {
    let rec = one(html, &format!("#{id}"));
    let mut links: Vec<ElementRef> = rec.select(&sel("a[href]")).collect();
    for e in following_until(rec, "[id^=\"r-\"]") {
        links.extend(e.select(&sel("a[href]")));
    }
    links
}

/// A quote's caption without the blocks in it that hold links (the backlinks).
fn attribution(figure: ElementRef) -> String {
    let caption = figure
        .select(&sel("figcaption"))
        .next()
        .expect("the quote has a figcaption");
    let mut s = text(caption);
    for child in caption.child_elements() {
        if child.value().name() == "a" || child.select(&sel("a")).next().is_some() {
            let t = text(child);
            s = s.replacen(&t, "", 1);
        }
    }
    s.trim().to_string()
}

/// The navigation region whose label or heading contains `name`.
fn nav_named<'a>(html: &'a Html, name: &str) -> Option<ElementRef<'a>> {
    all(html, "nav").into_iter().find(|n| {
        n.value()
            .attr("aria-label")
            .is_some_and(|l| l.to_lowercase().contains(&name.to_lowercase()))
            || n.select(&sel("h2, h3, h4, p"))
                .next()
                .is_some_and(|h| text(h).to_lowercase().contains(&name.to_lowercase()))
    })
}

// ===========================================================================
// Output files and URLs

#[test]
fn every_page_is_written_at_its_pretty_url() {
    let (_site, built) = basic();
    assert_eq!(html_files_without_optional(built), basic_files());
    for (url, title) in BASIC_PAGES.iter().chain(GENERATED_PAGES) {
        assert_eq!(title_of(one(&built.page(url), "h1")), *title, "h1 of {url}");
    }
}

#[test]
fn the_sitemap_lists_every_page_url_under_base_url() {
    let (_site, built) = basic();
    let xml = built.read("sitemap.xml");
    let mut locs: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    locs.sort();
    locs.retain(|l| {
        !OPTIONAL_GENERATED
            .iter()
            .any(|u| l == &format!("https://www.publisher.org.uk/basic{u}"))
    });
    let mut expected: Vec<String> = BASIC_PAGES
        .iter()
        .chain(GENERATED_PAGES)
        .map(|(url, _)| format!("https://www.publisher.org.uk/basic{url}"))
        .collect();
    expected.sort();
    assert_eq!(locs, expected);
    assert!(xml.contains("http://www.sitemaps.org/schemas/sitemap/0.9"));
}

#[test]
fn the_sitemap_starts_with_its_xml_declaration_and_a_theme_may_write_its_own() {
    let (_site, built) = basic();
    assert!(built
        .read("sitemap.xml")
        .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"));
    let site = Site::fixture("basic");
    site.theme_file(
        "templates/sitemap.xml",
        "<?xml version=\"1.0\"?>\n<urlset>{% for url in urls %}<url><loc>{{ url.loc }}</loc></url>{% endfor %}</urlset><!-- {{ site.title }} -->\n",
    );
    let xml = site.build_ok().read("sitemap.xml");
    assert!(
        xml.starts_with(
            "<?xml version=\"1.0\"?>\n<urlset><url><loc>https://www.publisher.org.uk/basic/</loc>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<!-- Basic Publication -->"),
        "the template is given `site`, as every template is: {xml}"
    );
}

#[test]
fn a_built_page_never_loads_the_preview_s_script() {
    let (_site, built) = basic();
    let page = built.read("guides/first/index.html");
    assert!(!page.contains("__pubgen"), "only `serve` adds it: {page}");
}

#[test]
fn pages_have_a_canonical_link_from_base_url() {
    let (_site, built) = basic();
    let html = built.page("/guides/first/");
    assert_eq!(
        one(&html, "link[rel=canonical]").value().attr("href"),
        Some("https://www.publisher.org.uk/basic/guides/first/")
    );
}

#[test]
fn without_base_url_there_is_no_sitemap_and_a_note_not_a_warning() {
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "base_url: https://www.publisher.org.uk/basic\n",
        "",
    );
    let run = site.build(&["--deny-warnings"]);
    run.assert_success();
    assert!(
        run.diagnostic("note: `base_url` is not set")
            .contains("site.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        !site.public().join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );
    let built = Built::new(site.public());
    assert!(
        all(&built.page("/chapter/"), "link[rel=canonical]").is_empty(),
        "no canonical link without base_url"
    );
}

#[test]
fn a_warning_fails_the_build_with_deny_warnings() {
    let site = Site::fixture("minimal");
    site.append(
        "content/site.yaml",
        "base_url: https://example.org/minimal\n",
    );
    let run = site.build(&["--deny-warnings"]);
    run.assert_failure().assert_stderr_has("placeholder");
    assert!(!site.public().exists());
}

#[test]
fn a_site_with_only_content_builds_with_the_built_in_theme() {
    let site = Site::fixture("minimal");
    assert_eq!(names_in(&site.root), ["content"]);
    let run = site.build(&[]);
    run.assert_success().assert_stderr_has("warning");
    let built = Built::new(site.public());
    let html = built.page("/");
    assert_eq!(text(one(&html, "h1")), "Minimal Site");
    assert!(
        page_problems("index.html", &html, "en-GB").is_empty(),
        "{:?}",
        page_problems("index.html", &html, "en-GB")
    );
    // The stylesheets the page links to were written from the built-in theme.
    let sheets = all(&html, "link[rel=stylesheet]");
    assert!(!sheets.is_empty(), "the page links the theme's stylesheet");
    assert_eq!(broken_links(&built.dir), Vec::<String>::new());
    assert!(!site.public().join("sitemap.xml").exists());
}

#[test]
fn a_folder_without_index_gets_a_generated_listing_page() {
    let (_site, built) = basic();
    let html = built.page("/guides/");
    assert_eq!(text(one(&html, "h1")), "Guides");
    let main = one(&html, "main");
    let links: Vec<(String, String)> = main
        .select(&sel("a[href]"))
        .filter(|a| !inside(*a, "nav"))
        .map(|a| (text(a), href(a)))
        .collect();
    for (title, file) in [
        ("First Guide", "guides/first/index.html"),
        ("Second Guide", "guides/second/index.html"),
    ] {
        assert!(
            links.iter().any(|(t, h)| t == title
                && resolve_href("guides/index.html", h).as_deref() == Some(file)),
            "the listing links to {title}: {links:?}"
        );
    }
}

#[test]
fn a_slug_replaces_the_file_name_in_the_url_and_in_links() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guides/second.md",
        "order: 40\n",
        "order: 40\nslug: two\n",
    );
    let built = site.build_ok();
    assert!(built.dir.join("guides/two/index.html").is_file());
    assert!(!built.dir.join("guides/second").exists());
    let html = built.page("/guides/first/");
    let link = all(&html, "main a")
        .into_iter()
        .find(|a| text(*a) == "second guide")
        .expect("the link to the second guide");
    assert_eq!(href(link), "../../guides/two/index.html");
    assert_eq!(broken_links(&built.dir), Vec::<String>::new());
}

#[test]
fn draft_pages_are_built_only_with_the_drafts_flag() {
    let site = Site::fixture("basic");
    site.write(
        "content/draft.md",
        "---\ntitle: Not yet\ndraft: true\n---\n\nUnfinished.\n",
    );
    let built = site.build_ok();
    assert!(!built.dir.join("draft").exists());
    site.build(&["--drafts"]).assert_success();
    assert_eq!(text(one(&built.page("/draft/"), "h1")), "Not yet");
}

#[test]
fn a_new_build_replaces_the_output_folder_whole() {
    let site = Site::fixture("basic");
    site.write(
        "content/extra.md",
        "---\ntitle: Extra\n---\n\nFor a while.\n",
    );
    let built = site.build_ok();
    assert!(built.dir.join("extra/index.html").is_file());
    fs::remove_file(site.path("content/extra.md")).unwrap();
    site.build_ok();
    assert!(
        !built.dir.join("extra").exists(),
        "a page removed from content/ is removed from public/"
    );
    assert!(
        names_in(&site.root).iter().all(|n| !n.contains("pubgen")),
        "no staging folders are left: {:?}",
        names_in(&site.root)
    );
}

// ===========================================================================
// Every page's structure

#[test]
fn every_page_has_lang_title_one_h1_landmarks_and_a_skip_link_first() {
    let (_site, built) = basic();
    let mut problems = Vec::new();
    for file in built.html_files() {
        problems.extend(page_problems(&file, &built.parse(&file), "en-US"));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_h1_and_the_title_name_the_page() {
    let (_site, built) = basic();
    for (url, title) in BASIC_PAGES.iter().chain(GENERATED_PAGES) {
        let html = built.page(url);
        assert_eq!(title_of(one(&html, "h1")), *title, "h1 of {url}");
        let head_title = text(one(&html, "head > title"));
        assert!(
            head_title.contains(title),
            "<title> of {url} is `{head_title}`"
        );
        assert!(
            head_title.contains("Basic Publication"),
            "<title> of {url} names the site: `{head_title}`"
        );
        assert_eq!(one(&html, "main").value().attr("id"), Some("main"));
    }
}

#[test]
fn breadcrumbs_lead_from_home_to_the_current_page() {
    let (_site, built) = basic();
    let html = built.page("/guides/first/");
    let crumbs = nav_named(&html, "breadcrumb").expect("a breadcrumb navigation");
    let links: Vec<(String, String)> = crumbs
        .select(&sel("a[href]"))
        .map(|a| (text(a), href(a)))
        .collect();
    assert_eq!(
        links,
        [
            ("Home".to_string(), "../../index.html".to_string()),
            ("Guides".to_string(), "../../guides/index.html".to_string())
        ]
    );
    let current = crumbs
        .select(&sel("[aria-current=page]"))
        .next()
        .expect("the current page is marked");
    assert_eq!(text(current), "First Guide");

    let chapter = built.page("/chapter/");
    let crumbs = nav_named(&chapter, "breadcrumb").expect("a breadcrumb navigation");
    assert_eq!(hrefs_in(crumbs), ["../index.html"]);
    assert!(
        nav_named(&built.page("/"), "breadcrumb").is_none(),
        "the home page has no breadcrumbs"
    );
}

#[test]
fn pages_with_several_sections_have_an_on_this_page_list() {
    let (_site, built) = basic();
    let html = built.page("/chapter/");
    let toc = nav_named(&html, "on this page").expect("an \"On this page\" navigation");
    assert_eq!(
        hrefs_in(toc),
        [
            "#know-your-roles",
            "#commissioning-funding",
            "#whats-next",
            "#commissioning-funding-2",
            "#contents-2",
            "#explicit-heading"
        ]
    );
    let recs = built.page("/recommendations/");
    assert_eq!(
        hrefs_in(nav_named(&recs, "on this page").unwrap()),
        ["#funding", "#staff"]
    );
    for url in ["/", "/guides/first/", "/guides/second/"] {
        assert!(
            nav_named(&built.page(url), "on this page").is_none(),
            "{url} has fewer than two sections"
        );
    }
}

#[test]
fn previous_and_next_links_walk_every_full_text_page_in_reading_order() {
    let (_site, built) = basic();
    // Easy Read pages have their own walk (below): the full text's skips them.
    let expected: Vec<String> = BASIC_PAGES
        .iter()
        .map(|(url, _)| url_to_file(url))
        .filter(|f| !f.starts_with("easy-read/"))
        .collect();
    // The home page opens the reading order: it has no previous link, and its next link
    // (the home page may leave it to its list of parts) leads to the first part.
    let home = built.parse("index.html");
    assert!(
        all(&home, "a[rel~=prev]").is_empty(),
        "the home page has no previous link"
    );
    for next in all(&home, "a[rel~=next]") {
        assert_eq!(
            resolve_href("index.html", &href(next)).as_deref(),
            Some(expected[1].as_str())
        );
    }
    // From the first part on, next links walk every page and previous links walk back.
    let mut visited = vec![expected[0].clone()];
    let mut file = expected[1].clone();
    loop {
        assert!(
            !visited.contains(&file),
            "the next links loop back to {file}"
        );
        let html = built.parse(&file);
        let prev = all(&html, "a[rel~=prev]");
        assert_eq!(prev.len(), 1, "{file} has one previous link");
        assert_eq!(
            resolve_href(&file, &href(prev[0])).as_ref(),
            visited.last(),
            "the previous link of {file}"
        );
        visited.push(file.clone());
        let next = all(&html, "a[rel~=next]");
        if next.is_empty() {
            break;
        }
        assert_eq!(next.len(), 1, "{file} has one next link");
        file = resolve_href(&file, &href(next[0])).unwrap();
    }
    assert_eq!(visited, expected);
}

#[test]
fn easy_read_navigation_stays_in_easy_read_with_one_way_out_to_the_full_version() {
    let report = report();
    let easy_read: Vec<String> = report
        .html_files()
        .into_iter()
        .filter(|f| f.starts_with("easy-read/"))
        .collect();
    assert!(easy_read.len() >= 6);
    for file in &easy_read {
        let page = report.at(file);
        let leads_to = |a: ElementRef| resolve_href(file, &href(a)).unwrap();
        for a in page.all("a[rel~=prev], a[rel~=next], nav.breadcrumbs a") {
            let to = leads_to(a);
            assert!(
                to.starts_with("easy-read/"),
                "{file} leads out of Easy Read to {to}"
            );
        }
        let menu = page.all("nav[aria-label=\"Easy Read pages\"]");
        assert_eq!(menu.len(), 1, "{file} has the Easy Read menu");
        let links: Vec<(String, String)> = menu[0]
            .select(&sel("a"))
            .map(|a| (spoken(a), leads_to(a)))
            .collect();
        let (out, within) = links.split_last().unwrap();
        assert_eq!(out.0, "Full version of the report", "{file}");
        assert_eq!(out.1, "index.html", "{file}: the way out leads home");
        let listed: Vec<&str> = within.iter().map(|(_, to)| to.as_str()).collect();
        let mut all_pages: Vec<&str> = easy_read.iter().map(String::as_str).collect();
        all_pages.sort();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(
            sorted, all_pages,
            "{file}: the menu lists every Easy Read page"
        );
        assert!(
            page.all("nav[aria-label=\"Report parts\"]").is_empty(),
            "{file} does not show the full report's parts"
        );
    }
}

/// A site with more pages than the whole-report page takes, whose pages link, quote,
/// use footnotes and glossary terms.
fn large_site() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/many/index.md",
        "---\ntitle: Many pages\norder: 90\n---\n\nThe many pages.\n",
    );
    site.write(
        "content/glossary.md",
        "---\ntitle: Glossary\n---\n\nCaseload\n: The people one worker supports.\n",
    );
    for i in 0..310 {
        site.write(
            &format!("content/many/page-{i:03}.md"),
            format!(
                "---\ntitle: Page {i}\n---\n\nA caseload. See [the chapter](../chapter.md#know-your-roles) and \
                 [the next page](page-{:03}.md).[^1]\n\n## Part {i}\n\n> Words {i}.\n>\n> — Worker {i}\n\n\
                 [^1]: A note on page {i}.\n",
                (i + 1) % 310
            ),
        );
    }
    site
}

#[test]
fn a_large_site_renders_the_same_whether_or_not_its_trees_are_kept_after_parsing() {
    let site = large_site();
    // A page that is a link to a file elsewhere in `content/` is read again by the
    // file's real path (opening it part by part refuses the link).
    site.write(
        "content/.kept/linked.md",
        "---\ntitle: Linked\n---\n\nThe linked page's own words.\n",
    );
    std::os::unix::fs::symlink("../.kept/linked.md", site.path("content/many/linked.md")).unwrap();
    let dropped = site.tmp.path().join("dropped");
    let kept = site.tmp.path().join("kept");
    let root = site.root.to_str().unwrap();
    pubgen(&["build", "--root", root, "--out", dropped.to_str().unwrap()]).assert_success();
    pubgen_env(
        &["build", "--root", root, "--out", kept.to_str().unwrap()],
        &[("PUBGEN_KEEP_TREES", "1")],
    )
    .assert_success();
    // Pages and the sitemap (the search index and the EPUB carry hashes and times
    // of their own, different on every build).
    let pages = |dir: &Path| -> Vec<String> {
        files_under(dir)
            .into_iter()
            .filter(|f| f.ends_with(".html") || f == "sitemap.xml")
            .collect()
    };
    let files = pages(&dropped);
    assert!(files.len() > 300, "{} pages", files.len());
    assert!(files == pages(&kept), "the same pages are written");
    for file in &files {
        let same = fs::read(dropped.join(file)).unwrap() == fs::read(kept.join(file)).unwrap();
        assert!(same, "{file} differs");
    }
    let page = fs::read_to_string(dropped.join("many/page-007/index.html")).unwrap();
    assert!(page.contains("A note on page 7") && page.contains("Worker 7"));
    let linked = fs::read_to_string(dropped.join("many/linked/index.html")).unwrap();
    assert!(linked.contains("The linked page’s own words"), "{linked}");
    assert!(
        page.contains("glossary/index.html#caseload"),
        "a page parsed again links the glossary's terms"
    );
}

#[test]
fn front_matter_values_are_escaped() {
    let site = Site::fixture("basic");
    site.edit(
        "content/chapter.md",
        "title: Working Together\n",
        "title: Fish & <Chips>\n",
    );
    site.edit(
        "content/chapter.md",
        "description: How workers and agencies work together.\n",
        "description: <script>alert(1)</script>\n",
    );
    let built = site.build_ok();
    let html = built.page("/chapter/");
    assert_eq!(title_of(one(&html, "h1")), "Fish & <Chips>");
    // The chapter label is read as part of the heading, for readers who jump by it.
    assert_eq!(spoken(one(&html, "h1")), "Chapter 1: Fish & <Chips>");
    assert!(text(one(&html, "head > title")).contains("Fish & <Chips>"));
    for file in built.html_files() {
        let html = built.parse(&file);
        assert!(
            all(&html, "chips").is_empty(),
            "{file} has a <chips> element"
        );
        for script in all(&html, "script") {
            assert!(
                !script.inner_html().contains("alert(1)"),
                "{file}: the description became a <script> element"
            );
        }
    }
}

// ===========================================================================
// Quotes, recommendations and evidence

#[test]
fn attributed_quotes_are_figures_with_the_attribution_as_caption() {
    let (_site, built) = basic();
    let html = built.page("/chapter/");
    assert_eq!(all(&html, "figure.quote").len(), 3);
    for (id, quote, who) in [
        (
            "q-lower-caseloads",
            "Being flexible is key, and people need lower caseloads.",
            "Practitioner",
        ),
        (
            "q-not-just-a-job",
            "It is not just a job to me.",
            "Young person",
        ),
        (
            "q-commissioning-slow",
            "Commissioning takes too long.",
            "Commissioner",
        ),
    ] {
        let figure = one(&html, &format!("#{id}"));
        assert_eq!(figure.value().name(), "figure", "#{id} is the figure");
        assert!(
            figure.value().classes().any(|c| c == "quote"),
            "#{id} has class quote"
        );
        let blockquote = figure
            .select(&sel("blockquote"))
            .next()
            .expect("a blockquote");
        assert_eq!(text(blockquote), quote);
        assert_eq!(
            attribution(figure),
            who,
            "the caption of #{id} is the attribution without its dash"
        );
    }
    assert!(!text(one(&html, "main")).contains("{#"));
}

#[test]
fn recommendations_carry_their_r_ids() {
    let (_site, built) = basic();
    let html = built.page("/recommendations/");
    let rec = one(&html, "#r-time");
    assert_eq!(rec.value().name(), "p");
    assert_eq!(
        text(rec).split("Evidence").next().unwrap().trim(),
        "Funders must allow time to build relationships."
    );
    let item = one(&html, "#r-caseloads");
    assert_eq!(item.value().name(), "li");
    let name = item
        .select(&sel(".recommendation__name"))
        .next()
        .expect("a name");
    let after_name = text(item).replacen(&text(name), "", 1);
    assert!(after_name
        .trim()
        .starts_with("Keep caseloads low so that workers can be flexible."));
    assert!(!text(item).contains("{#"));
}

#[test]
fn each_recommendation_lists_its_evidence_with_descriptive_links() {
    let (_site, built) = basic();
    let html = built.page("/recommendations/");

    let links = links_of_recommendation(&html, "r-time");
    let hrefs: Vec<String> = links.iter().map(|a| href(*a)).collect();
    assert_eq!(
        hrefs,
        [
            "../chapter/index.html#q-lower-caseloads",
            "../chapter/index.html#know-your-roles"
        ]
    );
    let quote = text(links[0]);
    for part in ["Practitioner", "Working Together", "Being flexible is key"] {
        assert!(
            quote.contains(part),
            "the link to the quote names `{part}`: `{quote}`"
        );
    }
    let section = text(links[1]);
    for part in ["Know your roles", "Working Together"] {
        assert!(
            section.contains(part),
            "the link to the section names `{part}`: `{section}`"
        );
    }

    let links = links_of_recommendation(&html, "r-caseloads");
    let hrefs: Vec<String> = links.iter().map(|a| href(*a)).collect();
    assert_eq!(
        hrefs,
        [
            "../chapter/index.html#q-lower-caseloads",
            "../chapter/index.html#q-not-just-a-job"
        ]
    );
    let second = text(links[1]);
    assert!(
        second.contains("Young person") && second.contains("Working Together"),
        "{second}"
    );
}

#[test]
fn evidence_shows_the_recommendations_it_supports() {
    let (_site, built) = basic();
    let html = built.page("/chapter/");

    // Right after the quote, outside its figure: in its caption it would be part
    // of the quote's name, read before the quote as if the speaker endorsed it.
    let figure = one(&html, "#q-lower-caseloads");
    assert!(!text(figure).contains("Supports"), "{}", text(figure));
    let supports = figure
        .next_siblings()
        .find_map(ElementRef::wrap)
        .expect("what the quote supports follows it");
    assert_eq!(supports.value().name(), "details", "folded on the web");
    assert_eq!(
        supports
            .select(&sel("summary"))
            .next()
            .map(text)
            .unwrap_or_default(),
        "Supports these recommendations (2)"
    );
    let backlinks: Vec<ElementRef> = supports.select(&sel("a[href]")).collect();
    assert_eq!(
        backlinks.iter().map(|a| href(*a)).collect::<Vec<_>>(),
        [
            "../recommendations/index.html#r-time",
            "../recommendations/index.html#r-caseloads"
        ]
    );
    assert!(
        text(backlinks[0]).contains("Time to build relationships"),
        "named by its title="
    );
    assert!(
        text(backlinks[1]).contains("Keep caseloads low"),
        "named by its first words"
    );

    // A section says what it supports at the end of its text.
    let section = one(&html, ".supports[data-section=know-your-roles]");
    assert!(
        hrefs_in(section).contains(&"../recommendations/index.html#r-time".to_string()),
        "the section links back: {}",
        section.html()
    );
    assert!(text(section).starts_with("This section supports"));

    let unused = one(&html, "#q-commissioning-slow");
    assert!(
        !text(unused).contains("Supports"),
        "a quote no recommendation cites has no backlinks"
    );
}

#[test]
fn the_evidence_overview_page_lists_every_recommendation_with_its_evidence() {
    let (_site, built) = basic();
    let file = built.dir.join("evidence/index.html");
    assert!(file.is_file(), "public/evidence/index.html is written");
    let html = built.page("/evidence/");
    let hrefs = hrefs_in(one(&html, "main"));
    for target in [
        "../recommendations/index.html#r-time",
        "../recommendations/index.html#r-caseloads",
        "../chapter/index.html#q-lower-caseloads",
        "../chapter/index.html#know-your-roles",
        "../chapter/index.html#q-not-just-a-job",
    ] {
        assert!(
            hrefs.iter().any(|h| h == target),
            "the overview links to {target}: {hrefs:?}"
        );
    }
}

// ===========================================================================
// Links, pictures and assets

#[test]
fn links_to_pages_are_rewritten_relative_to_the_page() {
    let (_site, built) = basic();
    let chapter = built.page("/chapter/");
    let by_text = |html: &Html, t: &str| -> String {
        href(
            all(html, "main a")
                .into_iter()
                .find(|a| text(*a) == t)
                .unwrap_or_else(|| panic!("a link `{t}`")),
        )
    };
    assert_eq!(
        by_text(&chapter, "the recommendations"),
        "../recommendations/index.html"
    );
    assert_eq!(
        by_text(&chapter, "the section on funding"),
        "../recommendations/index.html#funding"
    );
    let home = built.page("/");
    assert_eq!(by_text(&home, "the chapter"), "chapter/index.html");
    assert_eq!(
        by_text(&home, "recommendations"),
        "recommendations/index.html#funding"
    );
    assert_eq!(by_text(&home, "Easy Read"), "easy-read/index.html");
    let first = built.page("/guides/first/");
    assert_eq!(
        by_text(&first, "the chapter"),
        "../../chapter/index.html#know-your-roles"
    );
    let second_href = by_text(&first, "second guide");
    assert_eq!(
        resolve_href("guides/first/index.html", &second_href).as_deref(),
        Some("guides/second/index.html")
    );
    for file in built.html_files() {
        let html = built.parse(&file);
        for a in all(&html, "a[href]") {
            assert!(
                !href(a).contains(".md"),
                "{file}: a link still names a markdown file: {}",
                href(a)
            );
        }
    }
}

#[test]
fn bare_fragment_links_go_to_the_page_holding_the_global_id() {
    let (_site, built) = basic();
    let chapter = built.page("/chapter/");
    let find = |html: &Html, t: &str| {
        href(
            all(html, "main a")
                .into_iter()
                .find(|a| text(*a) == t)
                .unwrap(),
        )
    };
    assert_eq!(
        find(&chapter, "time to build relationships"),
        "../recommendations/index.html#r-time"
    );
    assert_eq!(
        find(&chapter, "below"),
        "#know-your-roles",
        "an id on the same page stays on the page"
    );
    let recs = built.page("/recommendations/");
    assert_eq!(
        find(&recs, "a practitioner said"),
        "../chapter/index.html#q-lower-caseloads"
    );
}

#[test]
fn with_pretty_links_internal_links_end_in_a_slash() {
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "language: en-US\n",
        "language: en-US\npretty_links: true\n",
    );
    let built = site.build_ok();
    let chapter = built.page("/chapter/");
    let find = |html: &Html, t: &str| {
        href(
            all(html, "main a")
                .into_iter()
                .find(|a| text(*a) == t)
                .unwrap(),
        )
    };
    assert_eq!(find(&chapter, "the recommendations"), "../recommendations/");
    assert_eq!(
        find(&chapter, "the section on funding"),
        "../recommendations/#funding"
    );
    assert_eq!(
        find(&chapter, "time to build relationships"),
        "../recommendations/#r-time"
    );
    let home = built.page("/");
    assert_eq!(find(&home, "the chapter"), "chapter/");
    let first = built.page("/guides/first/");
    assert_eq!(
        find(&first, "the chapter"),
        "../../chapter/#know-your-roles"
    );
    let recs = built.page("/recommendations/");
    assert_eq!(
        links_of_recommendation(&recs, "r-time")
            .iter()
            .map(|a| href(*a))
            .collect::<Vec<_>>(),
        [
            "../chapter/#q-lower-caseloads",
            "../chapter/#know-your-roles"
        ]
    );
    for file in built.html_files() {
        for a in all(&built.parse(&file), "a[href]") {
            assert!(
                !href(a).contains("index.html"),
                "{file}: `{}` should end in '/'",
                href(a)
            );
        }
    }
    assert_eq!(broken_links(&built.dir), Vec::<String>::new());
}

#[test]
fn external_links_are_left_untouched() {
    let (_site, built) = basic();
    let hrefs = hrefs_in(one(&built.page("/chapter/"), "main"));
    assert!(
        hrefs.contains(&"https://example.com/page?a=1#top".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"mailto:hello@example.org".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn pictures_and_assets_are_copied_and_linked_relatively() {
    let (root, built) = basic();
    for asset in ["pictures/money.svg", "pictures/model.svg", "files/data.csv"] {
        assert_eq!(
            fs::read(built.dir.join(asset)).unwrap_or_default(),
            fs::read(root.join("content").join(asset)).unwrap(),
            "{asset} is copied as it is"
        );
    }
    let src = |url: &str, alt: &str| -> String {
        let html = built.page(url);
        one(&html, &format!("main img[alt=\"{alt}\"]"))
            .value()
            .attr("src")
            .unwrap()
            .to_string()
    };
    assert_eq!(src("/chapter/", "A pile of coins"), "../pictures/money.svg");
    assert_eq!(
        src("/guides/first/", "A pile of coins"),
        "../../pictures/money.svg"
    );
    assert_eq!(
        src("/easy-read/", "A pile of coins"),
        "../pictures/money.svg"
    );
    let chapter_links = hrefs_in(one(&built.page("/chapter/"), "main"));
    assert!(
        chapter_links.contains(&"../files/data.csv".to_string()),
        "{chapter_links:?}"
    );
    let first_links = hrefs_in(one(&built.page("/guides/first/"), "main"));
    assert!(
        first_links.contains(&"../../pictures/money.svg".to_string()),
        "{first_links:?}"
    );
}

#[test]
fn an_image_alone_with_a_title_becomes_a_figure_with_a_caption() {
    let (_site, built) = basic();
    let html = built.page("/chapter/");
    let img = one(&html, "img[alt=\"The ecological model\"]");
    let figure = img
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "figure")
        .expect("the image is in a figure");
    let caption = figure.select(&sel("figcaption")).next().expect("a caption");
    assert_eq!(
        text(caption).trim_end_matches(" Open the figure full size"),
        "Figure 1: The ecological model"
    );
    let full_size = caption
        .select(&sel("a"))
        .next()
        .expect("a link to the picture");
    assert_eq!(Some(href(full_size).as_str()), img.value().attr("src"));
    let inline = one(&html, "img[alt=\"A pile of coins\"]");
    assert!(
        !inside(inline, "figure"),
        "an image in running text stays inline"
    );
}

#[test]
fn every_internal_link_and_source_resolves() {
    let (_site, built) = basic();
    assert_eq!(broken_links(&built.dir), Vec::<String>::new());
}

// ===========================================================================
// Ids

#[test]
fn heading_ids_are_made_from_their_text_and_repeats_are_numbered() {
    let (_site, built) = basic();
    let html = built.page("/chapter/");
    let prose: Vec<(String, String, String)> = all(&html, "main h2, main h3")
        .into_iter()
        .filter(|h| !inside(*h, "nav"))
        .map(|h| {
            (
                h.value().name().to_string(),
                h.value().attr("id").unwrap_or("").to_string(),
                text(h),
            )
        })
        .collect();
    let expected = [
        ("h2", "know-your-roles", "Know your roles"),
        ("h2", "commissioning-funding", "Commissioning & Funding"),
        ("h3", "whats-next", "What’s next?"),
        ("h2", "commissioning-funding-2", "Commissioning & Funding"),
        ("h2", "contents-2", "Contents"),
        ("h2", "explicit-heading", "Explicit heading"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(prose, expected);
}

#[test]
fn attribute_lists_are_removed_from_the_visible_text() {
    let (_site, built) = basic();
    for file in built.html_files() {
        let html = built.parse(&file);
        let main = text(one(&html, "main"));
        assert!(
            !main.contains("{#") && !main.contains("evidence=\""),
            "{file}: {main}"
        );
    }
}

#[test]
fn a_heading_named_like_a_theme_id_does_not_duplicate_it() {
    let site = Site::fixture("basic");
    let home = site.read("content/index.md");
    site.write(
        "content/index.md",
        format!("{home}\n## Listing heading\n\nText.\n"),
    );
    let built = site.build_ok();
    let html = built.page("/");
    let ids = ids(&html);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "duplicate ids on the home page: {ids:?}"
    );
}

// ===========================================================================
// Code

#[test]
fn fenced_code_is_highlighted_with_classes_not_inline_styles() {
    let (_site, built) = basic();
    let html = built.page("/chapter/");
    let pre = one(&html, "main pre");
    let spans: Vec<_> = pre.select(&sel("span")).collect();
    assert!(spans.len() > 5, "the code is split into highlighted spans");
    assert!(
        spans
            .iter()
            .all(|s| s.value().classes().any(|c| c.starts_with("hl-"))),
        "every span has an hl- class"
    );
    assert!(
        pre.select(&sel("[style]")).next().is_none() && pre.value().attr("style").is_none(),
        "no inline styles"
    );
    assert_eq!(
        text(pre.select(&sel("code")).next().unwrap()),
        "fn main() { let answer = 42; println!(\"{answer}\"); }"
    );
    // The page links a stylesheet that gives the classes their colours.
    let sheets: Vec<String> = all(&html, "link[rel=stylesheet]")
        .into_iter()
        .map(href)
        .collect();
    assert!(
        sheets
            .iter()
            .any(|s| fs::read_to_string(built.dir.join("chapter").join(s))
                .is_ok_and(|css| css.contains(".hl-"))),
        "a linked stylesheet styles the hl- classes: {sheets:?}"
    );
}

// ===========================================================================
// Easy Read

#[test]
fn easy_read_sections_and_full_sections_link_to_each_other() {
    let (_site, built) = basic();
    let section_links = |url: &str, id: &str| -> Vec<(String, String)> {
        let html = built.page(url);
        let heading = one(&html, &format!("#{id}"));
        following_until(heading, "figure")
            .into_iter()
            .flat_map(|e| {
                e.select(&sel("a[href]"))
                    .map(|a| (text(a), href(a)))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let easy_money = section_links("/easy-read/", "er-money");
    assert!(
        easy_money.contains(&(
            "Full version of this section".into(),
            "../recommendations/index.html#funding".into()
        )),
        "{easy_money:?}"
    );
    let easy_roles = section_links("/easy-read/", "er-roles");
    assert!(
        easy_roles.contains(&(
            "Full version of this section".into(),
            "../chapter/index.html#know-your-roles".into()
        )),
        "{easy_roles:?}"
    );
    let full_money = section_links("/recommendations/", "funding");
    assert!(
        full_money.contains(&(
            "Easy Read version of this section".into(),
            "../easy-read/index.html#er-money".into()
        )),
        "{full_money:?}"
    );
    let full_roles = section_links("/chapter/", "know-your-roles");
    assert!(
        full_roles.contains(&(
            "Easy Read version of this section".into(),
            "../easy-read/index.html#er-roles".into()
        )),
        "{full_roles:?}"
    );
}

#[test]
fn an_easy_read_page_and_its_full_page_link_to_each_other() {
    let (_site, built) = basic();
    // Links in the page's own content, not the site navigation or the pager.
    let content_links = |url: &str| -> Vec<String> {
        let html = built.page(url);
        all(&html, "main a[href]")
            .into_iter()
            .filter(|a| !inside(*a, "nav"))
            .map(href)
            .collect()
    };
    let easy = content_links("/easy-read/");
    assert!(
        easy.contains(&"../recommendations/index.html".to_string()),
        "the Easy Read page links to its full page: {easy:?}"
    );
    let full = content_links("/recommendations/");
    assert!(
        full.contains(&"../easy-read/index.html".to_string()),
        "the full page links to its Easy Read page: {full:?}"
    );
}

// ===========================================================================
// Commands and the output folder

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("basic");
    let before = snapshot(site.tmp.path());
    let run = site.check(&[]);
    run.assert_success().assert_stderr_has("checked");
    assert!(!site.public().exists(), "check wrote public/");
    assert!(
        snapshot(site.tmp.path()) == before,
        "check changed files: {:?}",
        files_under(site.tmp.path())
    );
}

#[test]
fn out_writes_the_site_to_the_given_folder_only() {
    let site = Site::fixture("basic");
    let out = site.tmp.path().join("elsewhere").join("site-out");
    site.build(&["--out", out.to_str().unwrap()])
        .assert_success();
    assert!(!site.public().exists(), "nothing is written to ROOT/public");
    let built = Built::new(out.clone());
    assert_eq!(html_files_without_optional(&built), basic_files());
    assert_eq!(
        names_in(out.parent().unwrap()),
        ["site-out"],
        "no staging folders are left beside the output"
    );
    assert_eq!(names_in(&site.root), ["content"]);
}

#[test]
fn out_equal_to_the_root_or_holding_content_is_refused() {
    let site = Site::fixture("basic");
    let before = snapshot(site.tmp.path());
    let root = site.root.to_str().unwrap().to_string();
    let candidates = [
        root.clone(),
        format!("{root}/"),
        format!("{root}/."),
        site.tmp.path().to_str().unwrap().to_string(),
        format!("{root}/content"),
        format!("{root}/content/pictures"),
        format!("{root}/content/out"),
    ];
    for out in &candidates {
        let run = site.build(&["--out", out]);
        run.assert_failure().assert_stderr_has("refusing");
        assert!(
            snapshot(site.tmp.path()) == before,
            "--out {out} changed files: {:?}",
            files_under(site.tmp.path())
        );
    }
}

// ===========================================================================
// Bad input: every error stops the build, says where, and leaves public/ alone

/// Builds the minimal site, then replaces its `content/` with `tests/fixtures/invalid/
/// <case>/` (and whatever `prepare` adds), builds again and checks that the build fails
/// without a panic, that `public/` is untouched, and that `build` and `check` both print
/// every string of `expected`. Returns the failed build's stderr.
fn rejected(case: &str, prepare: impl FnOnce(&Path), expected: &[&str]) -> String {
    let site = Site::fixture("minimal");
    site.build_ok();
    let before = snapshot(&site.public());
    assert!(!before.is_empty());
    fs::remove_dir_all(site.path("content")).unwrap();
    copy_dir(&fixtures().join("invalid").join(case), &site.root);
    prepare(&site.root);
    let names = names_in(&site.root);

    let run = site.build(&[]);
    run.assert_failure();
    for needle in expected {
        run.assert_stderr_has(needle);
    }
    assert!(run.stderr.contains("error"), "{}", run.stderr);
    assert!(
        snapshot(&site.public()) == before,
        "the failed build changed public/"
    );
    assert_eq!(
        names_in(&site.root),
        names,
        "the failed build left files beside public/"
    );

    let check = site.check(&[]);
    check.assert_failure();
    for needle in expected {
        check.assert_stderr_has(needle);
    }
    assert!(snapshot(&site.public()) == before);
    run.stderr
}

fn none(_: &Path) {}

#[test]
fn a_yaml_syntax_error_in_front_matter_is_reported_at_its_line() {
    rejected(
        "yaml-syntax",
        none,
        &[
            "content/bad.md:3:",
            "mapping values are not allowed",
            "help:",
        ],
    );
}

#[test]
fn an_unknown_front_matter_key_names_the_nearest_valid_key() {
    rejected(
        "unknown-key",
        none,
        &["content/bad.md:2:", "`titel`", "did you mean `title`"],
    );
}

#[test]
fn an_unknown_site_yaml_key_names_the_nearest_valid_key() {
    rejected(
        "site-unknown-key",
        none,
        &[
            "content/site.yaml:2:",
            "`langauge`",
            "did you mean `language`",
        ],
    );
}

#[test]
fn a_front_matter_value_of_the_wrong_type_is_an_error() {
    rejected("wrong-type", none, &["content/bad.md:3:", "order", "soon"]);
}

#[test]
fn a_page_without_a_title_is_an_error() {
    rejected("missing-title", none, &["content/bad.md:1:", "no title"]);
}

#[test]
fn front_matter_that_is_not_closed_is_an_error() {
    rejected(
        "front-matter-not-closed",
        none,
        &["content/bad.md:1:", "not closed"],
    );
}

#[test]
fn a_level_one_heading_in_the_body_is_an_error_with_a_hint_to_use_two_hashes() {
    rejected("h1-in-body", none, &["content/bad.md:5:", "`##`"]);
}

#[test]
fn a_duplicate_global_id_names_both_places() {
    rejected(
        "duplicate-id",
        none,
        &["`q-same`", "content/second.md:9:", "content/first.md:7:"],
    );
}

#[test]
fn a_link_to_a_missing_page_is_an_error() {
    rejected(
        "missing-page-link",
        none,
        &["content/bad.md:5:", "nowhere.md", "does not exist"],
    );
}

#[test]
fn a_link_to_a_missing_id_is_an_error() {
    rejected(
        "missing-id-link",
        none,
        &[
            "content/bad.md:7:",
            "no-such-section",
            "content/bad.md:9:",
            "q-no-such-quote",
        ],
    );
}

#[test]
fn evidence_naming_a_missing_id_suggests_the_nearest_id() {
    rejected(
        "missing-evidence",
        none,
        &[
            "content/recommendations.md:6:",
            "evidence `q-lower-caseload` does not exist",
            "did you mean `q-lower-caseloads`",
            "content/quotes.md:7",
        ],
    );
}

#[test]
fn a_missing_image_is_an_error() {
    rejected(
        "missing-image",
        none,
        &["content/bad.md:7:", "pictures/coins.svg", "does not exist"],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_the_bad_line() {
    rejected("non-utf8", none, &["content/bad.md:5:", "UTF-8"]);
}

#[test]
fn an_empty_page_is_an_error() {
    rejected("empty-file", none, &["content/empty.md:1:", "front matter"]);
}

#[test]
fn a_page_over_four_megabytes_is_refused() {
    // A whole-file problem: the location is the file, without a line.
    rejected(
        "too-large",
        |root| {
            let path = root.join("content/huge.md");
            let mut text = fs::read_to_string(&path).unwrap();
            let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n";
            while text.len() <= 4 * 1024 * 1024 + 1024 {
                text.push_str(line);
            }
            fs::write(&path, text).unwrap();
        },
        &["--> ", "content/huge.md", "4 MB"],
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_leading_out_of_content_is_an_error() {
    // A whole-file problem: the location is the link, without a line.
    let stderr = rejected(
        "symlink-out",
        |root| std::os::unix::fs::symlink("../outside.md", root.join("content/leak.md")).unwrap(),
        &["content/leak.md", "symbolic link"],
    );
    assert!(!stderr.contains("This file lies outside"), "{stderr}");
}

#[test]
fn two_sources_for_one_url_are_an_error_naming_both() {
    rejected(
        "same-url",
        none,
        &[
            "content/chapter.md",
            "content/chapter/index.md",
            "chapter/index.html",
        ],
    );
}

#[test]
fn a_page_at_the_reserved_search_url_is_an_error() {
    rejected(
        "reserved-url",
        none,
        &["content/search.md", "/search/", "reserved"],
    );
}

#[test]
fn a_theme_that_does_not_exist_is_an_error() {
    rejected("theme-missing", none, &["content/site.yaml:3:", "`fancy`"]);
}

#[test]
fn every_error_of_a_build_is_reported() {
    let stderr = rejected(
        "multiple",
        none,
        &[
            "content/a.md:5:",
            "content/b.md:7:",
            "alt text",
            "content/c.md:5:",
            "`key`",
            "3 errors",
        ],
    );
    assert_eq!(
        stderr.matches("\nerror: ").count() + usize::from(stderr.starts_with("error: ")),
        4,
        "three errors and the summary:\n{stderr}"
    );
}

#[test]
fn errors_found_by_different_stages_are_reported_together() {
    rejected(
        "multiple-stages",
        none,
        &[
            "content/a.md:2:",
            "`titel`",
            "content/b.md:5:",
            "missing.md",
        ],
    );
}

// ===========================================================================
// The project's own report

#[test]
fn the_report_builds_with_its_quotes_recommendations_and_working_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = report();
    let out = built.dir.clone();

    let component4 = built.page("/components/third-sector/");
    assert_eq!(
        all(&component4, "figure.quote[id^=\"q-\"]").len(),
        17,
        "quotes on the Component 4 page"
    );
    let review = built.page("/scoping-review/");
    assert_eq!(
        all(&review, "figure.quote[id^=\"q-\"]").len(),
        2,
        "quotes in the scoping review"
    );
    let recs = built.page("/recommendations/");
    let rec_ids = all(&recs, "[id^=\"r-\"]").len();
    assert!(
        rec_ids >= 30,
        "at least 30 recommendations, found {rec_ids}"
    );

    // The home page links to every part: each top-level page and folder of content/.
    let home = built.page("/");
    let targets: Vec<String> = all(&home, "main a[href]")
        .into_iter()
        .filter_map(|a| resolve_href("index.html", href(a).split('#').next().unwrap()))
        .collect();
    let mut parts = Vec::new();
    for entry in fs::read_dir(root.join("content")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            // A folder is a part when it holds pages (not only pictures).
            if files_under(&entry.path())
                .iter()
                .any(|f| f.ends_with(".md"))
            {
                parts.push(format!("{name}/index.html"));
            }
        } else if let Some(stem) = name.strip_suffix(".md") {
            if stem != "index" {
                parts.push(format!("{stem}/index.html"));
            }
        }
    }
    assert!(parts.len() >= 5, "{parts:?}");
    for part in &parts {
        assert!(
            targets.contains(part),
            "the home page links to {part}: {targets:?}"
        );
    }

    assert_eq!(broken_links(&out), Vec::<String>::new());
    let mut problems = Vec::new();
    for file in built.html_files() {
        problems.extend(page_problems(&file, &built.parse(&file), "en-GB"));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_slug_that_would_escape_the_output_folder_is_an_error() {
    rejected(
        "slug-escape",
        none,
        &["content/escape.md:3:", "not one safe URL segment", "slug"],
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_content_is_an_error() {
    rejected(
        "symlink-loop",
        |root| std::os::unix::fs::symlink("..", root.join("content/loop")).unwrap(),
        &["content/loop", "loop"],
    );
}

#[test]
fn a_missing_template_is_an_error_naming_the_template() {
    rejected(
        "missing-template",
        none,
        &["template", "partials/missing.html"],
    );
}

#[test]
fn a_template_syntax_error_names_the_template_file_and_line() {
    rejected(
        "template-error",
        none,
        &["template error", "themes/custom/templates/page.html:5:"],
    );
}

#[test]
fn a_date_in_the_front_matter_is_shown_as_a_reader_writes_it_in_a_time_element() {
    let site = Site::fixture("minimal");
    site.write(
        "content/dated.md",
        "---\ntitle: Dated\ndate: 2024-05-01\n---\n\nText.\n",
    );
    let built = site.build_ok();
    let page = built.at("dated/index.html");
    let times = page.all(".page-header__date time");
    let time = times[0];
    assert_eq!(text(time), "1 May 2024");
    assert_eq!(time.value().attr("datetime"), Some("2024-05-01"));
    // "Last updated" when the front matter gives `updated`.
    site.edit(
        "content/dated.md",
        "date: 2024-05-01",
        "date: 2024-05-01\nupdated: 2024-06-03",
    );
    let built = site.build_ok();
    let page = built.at("dated/index.html");
    let line = text(page.all(".page-header__date")[0]);
    assert_eq!(line, "Published 1 May 2024 · Last updated 3 June 2024");
    site.edit("content/dated.md", "updated: 2024-06-03", "updated: soon");
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("content/dated.md:4:"), "{}", run.stderr);
    let report = report();
    assert!(
        report.at("summary/index.html").all("time").is_empty(),
        "the report gives no date, and none is invented"
    );
}

#[test]
fn every_page_offers_to_request_an_accessible_format_by_email_or_by_the_contact_link() {
    let report = report();
    let summary = report.at("summary/index.html");
    let link = summary
        .all("footer a")
        .into_iter()
        .find(|a| text(*a).starts_with("Request an accessible format"))
        .expect("the footer offers an accessible format");
    assert_eq!(
        href(link),
        "https://www.corra.scot",
        "without an address, the contact link"
    );
    let site = Site::fixture("minimal");
    site.append(
        "content/site.yaml",
        "accessible_formats: pubs@publisher.org.uk\n",
    );
    let built = site.build_ok();
    let home = built.at("index.html");
    let link = home
        .all("footer a")
        .into_iter()
        .find(|a| text(*a).starts_with("Request an accessible format"))
        .expect("the footer offers an accessible format");
    assert!(
        href(link).starts_with("mailto:pubs@publisher.org.uk?subject="),
        "{}",
        href(link)
    );
    site.edit(
        "content/site.yaml",
        "pubs@publisher.org.uk",
        "pubs at example",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("`accessible_formats` must be an email address")
            && run.stderr.contains(&format!(
                "site.yaml:{}:",
                site.line_of("content/site.yaml", "accessible_formats")
            )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_without_an_index_takes_its_place_from_its_pages_order_in_every_output() {
    let site = Site::fixture("minimal");
    site.write(
        "content/late.md",
        "---\ntitle: Late\norder: 70\n---\n\nLate.\n",
    );
    site.write(
        "content/parts/a.md",
        "---\ntitle: Part A\norder: 20\n---\n\nA.\n",
    );
    site.write(
        "content/parts/b.md",
        "---\ntitle: Part B\norder: 30\n---\n\nB.\n",
    );
    let built = site.build_ok();
    let print = built.read("print/index.html");
    // (The menu above names the folder, "Parts", before Late too.)
    let (a, late) = (
        print.find("Part A").unwrap(),
        print.rfind(">Late<").unwrap(),
    );
    assert!(
        a < late,
        "the folder's pages (order 20, 30) come before order 70 on /print/"
    );
    let home = built.read("index.html");
    assert!(
        home.find("parts/index.html").unwrap() < home.find("late/index.html").unwrap(),
        "and in the menu"
    );
    assert!(
        home.contains("Part A and Part B"),
        "the folder's card names its pages: {home}"
    );
}

#[test]
fn a_recommendation_without_a_title_is_named_by_its_number_alone() {
    let site = Site::fixture("minimal");
    site.write(
        "content/recs.md",
        "---\ntitle: Recs\nkind: recommendations\n---\n\n## Funding\n\n- Funders should give services at least three years of funding to plan. {#r-three}\n",
    );
    let built = site.build_ok();
    let page = built.at("recs/index.html");
    let names: Vec<String> = page
        .all(".recommendation__name")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(names, ["Recommendation 1"], "no cut-off first words");
}

#[test]
fn the_same_site_built_twice_is_the_same_files_byte_for_byte() {
    // Small search bundles, so that several are indexed at once and finish in any
    // order; the build time in the downloads' metadata fixed, as reproducible
    // builds fix it.
    let site = Site::fixture("basic");
    let env = [
        ("SOURCE_DATE_EPOCH", "1700000000"),
        ("PUBGEN_SEARCH_SHARD_PAGES", "2"),
    ];
    let root = site.root.to_str().unwrap().to_string();
    for out in ["first", "second"] {
        let out = site.path(out);
        pubgen_env(
            &["build", "--root", &root, "--out", out.to_str().unwrap()],
            &env,
        )
        .assert_success();
    }
    let (first, second) = (site.path("first"), site.path("second"));
    let files = files_under(&first);
    assert_eq!(files, files_under(&second));
    assert!(
        files.iter().any(|f| f.starts_with("pagefind-1/")),
        "{files:?}"
    );
    // In the order of its paths, not the order the files were made in (which two
    // builds of this small site may happen to share).
    let listed: Vec<String> = fs::read_to_string(first.join(".pubgen-output"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "the list of files is sorted");
    for file in &files {
        let same = fs::read(first.join(file)).unwrap() == fs::read(second.join(file)).unwrap();
        assert!(same, "{file} differs between two builds of the same site");
    }
}

#[test]
fn a_page_beside_a_folder_of_the_same_name_is_that_folder_s_page() {
    // `security.md` beside `security/`, as Jekyll and Hugo sites are written: one
    // page at /security/ (there was also a folder listing there, and the build
    // stopped at writing the same file twice).
    let site = Site::fixture("minimal");
    site.write(
        "content/security.md",
        "---\ntitle: Security\n---\n\nHow we keep safe.\n",
    );
    site.write(
        "content/security/scanning.md",
        "---\ntitle: Scanning\n---\n\nScan often.\n",
    );
    site.build(&[]).assert_success();
    let page = site.read("public/security/index.html");
    assert!(page.contains("How we keep safe."), "{page}");
    let child = site.read("public/security/scanning/index.html");
    assert!(
        child.contains(">Security</a></li><li><span aria-current=page>Scanning"),
        "the folder's page is the parent in the breadcrumbs:\n{child}"
    );
}
