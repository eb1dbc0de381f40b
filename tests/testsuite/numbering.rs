//! Numbered contents (`numbered: true`): a part's number and its sections' numbers
//! are the same in the menu, the page's heading, "On this page", `/print/`, the
//! search page's list and the EPUB's contents (the PDF's outline is checked against
//! the web pages' headings by `tests/downloads/check.py`).

use crate::common::*;

/// The `N. ` or `N.k ` at the start of a text, if any.
fn number_of(text: &str) -> Option<&str> {
    let number = text.split(' ').next()?;
    let digits = number.trim_end_matches('.');
    (!digits.is_empty() && digits.split('.').all(|d| d.parse::<u32>().is_ok())).then_some(digits)
}

#[test]
fn the_menu_and_each_part_s_heading_give_the_part_the_same_number() {
    let report = report();
    let menu = report.page("/summary/");
    let items: Vec<String> = all(&menu, ".site-nav li a").into_iter().map(text).collect();
    assert_eq!(
        items,
        [
            "1. Summary",
            "2. Scoping Review",
            "3. Components",
            "5. Recommendations",
            "Easy Read",
            "6. Glossary"
        ],
        "the menu numbers the full text's parts as /print/ and the downloads count them; \
         Easy Read is a version of its own"
    );
    for (url, h1) in [
        ("/summary/", "1. Summary"),
        ("/scoping-review/", "2. Scoping Review"),
        (
            "/components/third-sector/",
            "4. Component 4: Third Sector Collaborative Relationships",
        ),
        ("/recommendations/", "5. Recommendations"),
    ] {
        assert_eq!(spoken(one(&report.page(url), "h1")), h1, "{url}");
    }
}

#[test]
fn on_this_page_lists_each_section_with_the_number_its_heading_shows() {
    let report = report();
    let page = report.page("/components/third-sector/");
    let contents: Vec<(String, String)> = all(&page, ".toc li a")
        .into_iter()
        .map(|a| (href(a).trim_start_matches('#').to_string(), text(a)))
        .collect();
    assert!(contents.len() > 5, "{contents:?}");
    for (id, entry) in &contents {
        let heading = one(&page, &format!("[id=\"{id}\"]"));
        assert_eq!(
            &text(heading),
            entry,
            "the heading #{id} reads as its contents entry"
        );
        let number = number_of(entry).unwrap_or_else(|| panic!("{entry:?} has a number"));
        assert!(number.starts_with("4."), "{entry}: a section of part 4");
    }
    let entries: Vec<&str> = contents.iter().map(|(_, e)| e.as_str()).collect();
    assert_eq!(
        entries[..2],
        [
            "4.1 What makes a good working relationship?",
            "4.2 Consistency"
        ]
    );
    assert!(entries.contains(&"4.3.1 Know your roles"), "{entries:?}");
}

#[test]
fn the_whole_report_page_the_search_page_and_the_epub_number_the_parts_and_sections_alike() {
    let report = report();
    let print = report.page("/print/");
    let parts: Vec<String> = all(&print, ".toc li a").into_iter().map(text).collect();
    assert!(
        parts.contains(&"4. Component 4: Third Sector Collaborative Relationships".to_string()),
        "{parts:?}"
    );
    let heading = one(&print, "#part-3-title");
    assert_eq!(
        text(heading),
        "4. Component 4: Third Sector Collaborative Relationships"
    );
    assert_eq!(text(one(&print, "#p3-consistency")), "4.2 Consistency");

    // The search page's list of every part and section, for readers without script.
    let search = report.page("/search/");
    let listed: Vec<String> = all(&search, ".site-map a").into_iter().map(text).collect();
    for entry in [
        "4. Component 4: Third Sector Collaborative Relationships",
        "4.2 Consistency",
    ] {
        assert!(
            listed.iter().any(|l| l == entry),
            "the search page lists {entry}: {listed:?}"
        );
    }

    let epub = report.dir.join("downloads/connections-are-key.epub");
    let nav = crate::downloads::epub_file(&epub, "EPUB/nav.xhtml");
    for entry in [
        "4. Component 4: Third Sector Collaborative Relationships</a>",
        "#consistency\">4.2 Consistency</a>",
        "5. Recommendations</a>",
    ] {
        assert!(
            nav.contains(entry),
            "the EPUB's contents have {entry}: {nav}"
        );
    }
    // The part itself: its heading and its sections' headings say the same numbers.
    let title = "\">4. Component 4: Third Sector Collaborative Relationships</a>";
    let at = nav.find(title).expect("the part is in the contents");
    let file = nav[..at].rsplit("href=\"").next().unwrap();
    let part = crate::downloads::epub_file(&epub, &format!("EPUB/{file}"));
    assert!(
        part.contains("<h1>4. Component 4: Third Sector Collaborative Relationships</h1>"),
        "{part}"
    );
    assert!(
        part.contains("<span class=\"section-number\">4.2</span> Consistency</h2>"),
        "{part}"
    );
}

#[test]
fn a_numbered_site_s_listings_give_each_page_its_number() {
    let site = Site::fixture("basic");
    site.append("content/site.yaml", "numbered: true\n");
    let built = site.build_ok();
    let cards = |url: &str| -> Vec<String> {
        all(&built.page(url), ".card > a")
            .into_iter()
            .map(text)
            .collect()
    };
    let home = cards("/");
    assert!(
        home.iter()
            .all(|c| number_of(c).is_some() || c.contains("Easy Read") || c == "Guides"),
        "{home:?}"
    );
    let guides = cards("/guides/");
    assert!(
        !guides.is_empty() && guides.iter().all(|c| number_of(c).is_some()),
        "{guides:?}"
    );
}

#[test]
fn the_easy_read_pages_and_a_site_not_numbered_show_no_numbers() {
    let report = report();
    for file in report
        .html_files()
        .iter()
        .filter(|f| f.starts_with("easy-read/"))
    {
        assert!(
            !report.read(file).contains("section-number"),
            "{file} is not numbered"
        );
    }
    let site = Site::fixture("basic");
    let built = site.build_ok();
    for file in built.html_files() {
        assert!(
            !built.read(&file).contains("section-number"),
            "{file} is not numbered"
        );
    }
}

#[test]
fn an_easy_read_page_names_the_full_text_section_by_its_number_to_find_it_on_paper() {
    let report = report();
    let page = report.page("/easy-read/services-and-money/");
    let ways: Vec<String> = all(&page, ".pairing a").into_iter().map(spoken).collect();
    assert!(
        ways.iter()
            .any(|w| w.contains("5.1 “Commissioning & Funding”, Recommendations")),
        "{ways:?}"
    );
}
