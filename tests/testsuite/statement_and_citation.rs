//! The accessibility statement made from the build, the pages' accessibility and
//! citation metadata, and "Cite this" on quotes and recommendations.

use crate::common::*;

#[test]
fn every_page_links_the_accessibility_statement_in_its_footer() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    for file in built.html_files() {
        let page = built.parse(&file);
        let footer = all(&page, "footer a")
            .into_iter()
            .find(|a| text(*a) == "Accessibility statement")
            .unwrap_or_else(|| panic!("{file} links the statement"));
        let target = std::path::Path::new(&file)
            .parent()
            .unwrap()
            .join(href(footer));
        let target = std::fs::canonicalize(built.dir.join(target)).unwrap();
        assert_eq!(
            target,
            std::fs::canonicalize(built.dir.join("accessibility/index.html")).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn the_statement_lists_the_known_issues_this_build_found_and_drops_them_when_fixed() {
    let site = Site::fixture("easy-read-lint");
    let built = site.build_ok();
    let statement = built.read("accessibility/index.html");
    assert!(
        statement.contains("WCAG) version 2.2 at level AA"),
        "the standard"
    );
    assert!(statement.contains("What is checked every time it is built"));
    assert!(statement.contains("What is tested in a browser"));
    let issues = built.parse("accessibility/index.html");
    let heading = |needle: &str| {
        all(&issues, "h3")
            .into_iter()
            .map(text)
            .find(|h| h.contains(needle))
    };
    assert!(
        heading("Words on Easy Read pages that may be hard").is_some(),
        "{statement}"
    );
    assert!(heading("Easy Read sentences longer than 15 words").is_some());
    assert!(heading("Numbers written as words").is_some());
    let items: Vec<String> = all(&issues, "#known-issues ~ ul li")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        items.iter().any(|i| i == "“interventions”, on Easy Read"),
        "{items:?}"
    );
    assert!(
        statement.contains("prepared on"),
        "the date it was prepared"
    );

    site.edit(
        "content/easy.md",
        "The interventions help people.",
        "The work helps people.",
    );
    let built = site.build_ok();
    let items: Vec<String> = all(&built.parse("accessibility/index.html"), "li")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        !items.iter().any(|i| i.contains("“interventions”, on")),
        "{items:?}"
    );
}

#[test]
fn a_site_without_problems_says_so_and_site_yaml_adds_its_own_words() {
    let site = Site::fixture("minimal");
    site.append(
        "content/site.yaml",
        "\naccessibility: |\n  We checked this with readers who use screen readers.\n\n  Ask us for large print.\n",
    );
    let built = site.build_ok();
    let statement = built.read("accessibility/index.html");
    assert!(
        statement.contains("This build found no problems in the text."),
        "{statement}"
    );
    assert!(statement.contains("We checked this with readers who use screen readers."));
    assert!(
        statement.contains("<p>Ask us for large print.</p>"),
        "paragraphs stay paragraphs"
    );
}

#[test]
fn pages_carry_schema_org_accessibility_metadata_as_json_ld() {
    let built = report();
    let page = built.parse("easy-read/staff/index.html");
    let script = one(&page, "script[type='application/ld+json']");
    let json: serde_json::Value = serde_json::from_str(&script.inner_html()).unwrap();
    assert_eq!(json["@context"], "https://schema.org");
    assert_eq!(json["accessMode"], serde_json::json!(["textual", "visual"]));
    assert!(json["accessibilityFeature"]
        .as_array()
        .unwrap()
        .contains(&"alternativeText".into()));
    assert_eq!(json["accessibilityHazard"], serde_json::json!(["none"]));
    assert!(json["accessibilitySummary"]
        .as_str()
        .unwrap()
        .contains("Easy Read"));
    assert_eq!(json["isPartOf"]["name"], "Connections are Key");
}

/// The report as it would be published at an address: a copy of `content/` with a
/// `base_url` (the report's own site.yaml gives none: its address is not known).
fn report_with_address() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let tmp = Box::leak(Box::new(tempfile::tempdir().unwrap()));
        let root = tmp.path().join("report");
        copy_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &root.join("content"),
        );
        let yaml = root.join("content/site.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(
            &yaml,
            format!("{text}base_url: https://www.publisher.org.uk/connections-are-key\n"),
        )
        .unwrap();
        let run = pubgen_at(&root, &["build", "--no-search"]);
        run.assert_success();
        Built::new(root.join("public"))
    })
}

#[test]
fn the_report_publishes_no_web_address_it_was_not_given() {
    let built = report();
    let page = built.read("components/third-sector/index.html");
    assert!(!page.contains("rel=canonical"), "no canonical link");
    assert!(!page.contains("example.org"), "no placeholder address");
    assert!(!built.dir.join("sitemap.xml").exists());
}

#[test]
fn every_quote_and_recommendation_offers_a_citation_with_its_stable_address() {
    let built = report_with_address();
    let page = built.at("components/third-sector/index.html");
    let quote = page.id("q-lower-caseloads");
    assert!(
        quote.select(&sel(".cite-this")).next().is_none(),
        "not in the quote's caption, which names the figure for screen readers"
    );
    let cite = quote
        .next_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .take(2)
        .find(|e| {
            e.value()
                .has_class("cite-this", scraper::CaseSensitivity::CaseSensitive)
        })
        .expect("the quote has a citation after it (after what it supports)");
    let words = cite
        .select(&sel(".cite-this__text"))
        .next()
        .map(text)
        .expect("the citation's text");
    assert!(words.starts_with("Corra Foundation (n.d.) Connections are Key. Component 4: Third Sector Collaborative Relationships. Quote from"), "{words}");
    assert!(words.ends_with("Available at: https://www.publisher.org.uk/connections-are-key/components/third-sector/#q-lower-caseloads"), "{words}");
    let recs = built.at("recommendations/index.html");
    let quotes = page.all("figure.quote[id]").len();
    assert_eq!(
        page.all(".cite-this").len(),
        quotes,
        "one per quote with an id"
    );
    let rec_cites: Vec<String> = recs.all(".cite-this__text").into_iter().map(text).collect();
    assert!(
        rec_cites
            .iter()
            .any(|c| c.contains(". Recommendations. Recommendation 1: ")),
        "{rec_cites:?}"
    );
    assert!(!built.read("print/index.html").is_empty());
}

#[test]
fn a_site_without_base_url_says_its_citations_have_no_address() {
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "base_url: https://www.publisher.org.uk/basic\n",
        "",
    );
    let built = site.build_ok();
    let page = built.read("chapter/index.html");
    assert!(
        page.contains(
            "No web address: this copy of the publication does not say where it is published."
        ),
        "{page}"
    );
    assert!(!page.contains("Available at:"));
    assert!(
        !page.contains("citation_pdf_url"),
        "no address, no PDF address"
    );
}

#[test]
fn pages_carry_scholar_tags_and_the_publication_a_citation_file_without_invented_dates() {
    let built = report_with_address();
    let page = built.read("recommendations/index.html");
    assert!(
        page.contains("content=\"Connections are Key: Recommendations\" name=citation_title"),
        "{page}"
    );
    assert!(page.contains("content=\"Corra Foundation\" name=citation_author"));
    assert!(page.contains("/downloads/connections-are-key.pdf name=citation_pdf_url"));
    assert!(
        !page.contains("citation_publication_date"),
        "the report gives no date"
    );
    let cff = built.read("CITATION.cff");
    assert!(cff.starts_with("cff-version: 1.2.0\n"), "{cff}");
    let cff: serde_yaml::Value = serde_yaml::from_str(&cff).expect("CITATION.cff is YAML");
    let preferred = &cff["preferred-citation"];
    assert_eq!(preferred["type"].as_str(), Some("report"));
    assert_eq!(cff["authors"][0]["name"].as_str(), Some("Corra Foundation"));
    assert_eq!(
        preferred["institution"]["name"].as_str(),
        Some("Corra Foundation")
    );
    assert_eq!(cff["title"].as_str(), Some("Connections are Key"));
    assert!(
        cff.get("date-released").is_none() && preferred.get("year").is_none(),
        "the report gives no date: {cff:?}"
    );
    let footer_link = built.parse("index.html");
    assert!(all(&footer_link, "footer a")
        .into_iter()
        .any(|a| href(a) == "CITATION.cff"));
}
