//! The linking features of the content format (`docs/editing.md`):
//! recommendations and their evidence (both directions and the `/evidence/` overview),
//! internal links and ids, author–year citations, the glossary and Easy Read pairing,
//! and the same rules checked on the project's own report in `content/`.
//!
//! Every test copies a fixture from `tests/fixtures/linking/` into a temporary folder
//! (editing the copy where it tests an error), runs the `pubgen` binary on it and reads
//! the HTML it wrote. Links are always checked by following their `href` from the file
//! that holds them, as a browser would.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::common::*;
use scraper::ElementRef;

const RECS: &str = "recommendations/index.html";

// ---------------------------------------------------------------------------
// recommendations and their evidence

#[test]
fn evidence_links_go_to_the_exact_place_of_global_ids_and_heading_sections() {
    let site = Site::fixture("linking/evidence");
    let built = site.build_ok();
    let recs = built.at(RECS);
    let hrefs = |rec: &str| {
        recs.evidence_of(rec)
            .into_iter()
            .map(|(h, _)| h)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        hrefs("r-time"),
        [
            "../components/chapter/index.html#q-lower-caseloads",
            "../components/chapter/index.html#know-your-roles"
        ]
    );
    assert_eq!(
        hrefs("r-funding"),
        [
            "../components/chapter/index.html#q-lower-caseloads",
            "../components/chapter/index.html#q-not-just-a-job",
            "../summary/index.html#what-we-learned"
        ]
    );
    assert_eq!(
        hrefs("r-right-people"),
        [
            "../components/chapter/index.html#q-not-just-a-job",
            "../components/chapter/index.html#f-learning",
            "../review/index.html#elements-of-practice"
        ]
    );
    assert!(
        hrefs("r-supervision").is_empty(),
        "a recommendation without evidence has no evidence list"
    );
    // Each leads to the element with that id in the published page.
    for rec in ["r-time", "r-funding", "r-right-people"] {
        for h in hrefs(rec) {
            let (file, id) = built.follow(RECS, &h);
            let id = id.expect("an evidence link names a place on the page");
            built.at(&file).id(&id);
        }
    }
    // The quote and the heading are the elements linked to, not something near them.
    let chapter = built.at("components/chapter/index.html");
    assert_eq!(chapter.id("q-lower-caseloads").value().name(), "figure");
    assert_eq!(chapter.id("know-your-roles").value().name(), "h2");
    assert_eq!(text(chapter.id("know-your-roles")), "Know your roles");
}

#[test]
fn evidence_link_text_names_the_quote_attribution_opening_words_and_document() {
    let site = Site::fixture("linking/evidence");
    let built = site.build_ok();
    let recs = built.at(RECS);
    let text_for = |rec: &str, target: &str| -> String {
        recs.evidence_of(rec)
            .into_iter()
            .find(|(h, _)| h.ends_with(&format!("#{target}")))
            .unwrap_or_else(|| panic!("{rec} has no evidence link to #{target}"))
            .1
    };
    let expectations: &[(&str, &str, &[&str])] = &[
        (
            "r-time",
            "q-lower-caseloads",
            &[
                "Practitioner",
                "Being flexible is key",
                "Component 4",
                "Third Sector Relationships",
            ],
        ),
        (
            "r-funding",
            "q-not-just-a-job",
            &[
                "Young person",
                "It is not just a job",
                "Component 4",
                "Third Sector Relationships",
            ],
        ),
        (
            "r-time",
            "know-your-roles",
            &[
                "Know your roles",
                "Component 4",
                "Third Sector Relationships",
            ],
        ),
        (
            "r-funding",
            "what-we-learned",
            &["What we learned", "Summary"],
        ),
        (
            "r-right-people",
            "elements-of-practice",
            &["Elements of practice", "Scoping Review"],
        ),
        (
            "r-right-people",
            "f-learning",
            &["Staff learn from each other", "Third Sector Relationships"],
        ),
    ];
    for (rec, target, parts) in expectations {
        let t = text_for(rec, target);
        for part in *parts {
            assert!(
                t.contains(part),
                "the evidence link of {rec} to #{target} reads `{t}`, without `{part}`"
            );
        }
    }
    // Opening words, not the whole quote.
    let t = text_for("r-time", "q-lower-caseloads");
    assert!(
        !t.contains("lower caseloads"),
        "the link text should give the quote's opening words only: `{t}`"
    );
}

#[test]
fn every_evidence_target_links_back_to_each_recommendation_it_supports() {
    let site = Site::fixture("linking/evidence");
    let built = site.build_ok();
    let recs = built.at(RECS);

    // Forward, then back: every evidence link's target shows a link to its recommendation.
    let mut forward = 0;
    for rec in recs.all(".recommendation[id]") {
        let rec_id = rec.value().attr("id").unwrap();
        for (h, _) in recs.evidence_of(rec_id) {
            forward += 1;
            let (file, id) = built.follow(RECS, &h);
            let id = id.unwrap();
            let target = built.at(&file);
            let back: Vec<(String, Option<String>)> = target
                .backlinks_of(&id)
                .into_iter()
                .map(|(bh, bt)| {
                    assert!(
                        bt.starts_with("Recommendation ") && bt.contains(": "),
                        "backlink text `{bt}` on {file}#{id}"
                    );
                    built.follow(&file, &bh)
                })
                .collect();
            assert!(
                back.contains(&(RECS.to_string(), Some(rec_id.to_string()))),
                "{file}#{id} supports {rec_id} but does not link back to it (its backlinks: {back:?})"
            );
        }
    }
    assert_eq!(forward, 8, "the fixture declares 8 evidence entries");

    // Back, then forward: every backlink anywhere leads to a recommendation whose
    // evidence list leads to the place holding the backlink.
    let mut backward = 0;
    // (The print edition, one page holding every page, links within itself.)
    for file in built
        .html_files()
        .into_iter()
        .filter(|f| f != "print/index.html")
    {
        let page = built.at(&file);
        for supports in page.all(".supports") {
            let id = owner_id(supports).unwrap_or_else(|| {
                panic!(
                    "{file}: `{}` belongs to no element with an id",
                    text(supports)
                )
            });
            for a in supports.select(&sel("a[href]")) {
                backward += 1;
                let (rec_file, rec_id) = built.follow(&file, &href(a));
                assert_eq!(rec_file, RECS);
                let rec_id = rec_id.unwrap();
                let ev: Vec<_> = recs
                    .evidence_of(&rec_id)
                    .into_iter()
                    .map(|(h, _)| built.follow(RECS, &h))
                    .collect();
                assert!(
                    ev.contains(&(file.clone(), Some(id.clone()))),
                    "{file}#{id} links back to {rec_id}, whose evidence does not list it ({ev:?})"
                );
            }
        }
    }
    assert_eq!(
        backward, 8,
        "each of the 8 evidence entries has one backlink"
    );

    // A quote supporting two recommendations links back to both, by their numbers and
    // titles.
    let chapter = built.at("components/chapter/index.html");
    let texts: Vec<String> = chapter
        .backlinks_of("q-lower-caseloads")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        texts,
        [
            "Recommendation 1: Time to build relationships",
            "Recommendation 2: Sustained funding"
        ]
    );
    let supports = chapter.attached("q-lower-caseloads");
    assert!(
        text(supports[0]).starts_with("Supports"),
        "backlinks are introduced: `{}`",
        text(supports[0])
    );
}

#[test]
fn a_section_says_what_it_supports_after_its_text_not_before_its_first_word() {
    let report = report();
    let mut sections = 0;
    for file in report.html_files() {
        let page = report.at(&file);
        for heading in page.all("h2[id], h3[id], h4[id]") {
            let next = heading.next_siblings().find_map(ElementRef::wrap);
            assert!(
                !next.is_some_and(|n| n.value().has_class("supports", CASE)),
                "{file}: a \"supports\" block stands right after the heading `{}`",
                text(heading)
            );
        }
        for block in page.all(".supports--section") {
            sections += 1;
            let id = block.value().attr("data-section").unwrap();
            let words = text(block);
            assert!(
                words.starts_with("This section supports"),
                "{file}#{id}: `{words}`"
            );
            let before = block.prev_siblings().find_map(ElementRef::wrap).unwrap();
            assert!(
                !before.value().name().starts_with('h'),
                "{file}#{id}: the section has text before what it supports"
            );
            let after = block.next_siblings().find_map(ElementRef::wrap);
            assert!(
                after.is_none_or(|a| matches!(
                    a.value().name(),
                    "h2" | "h3" | "h4" | "h5" | "h6" | "section"
                ) || a.value().has_class("supports", CASE)),
                "{file}#{id}: it ends the section"
            );
        }
    }
    assert!(
        sections >= 5,
        "only {sections} sections support recommendations"
    );
}

const CASE: scraper::CaseSensitivity = scraper::CaseSensitivity::CaseSensitive;

#[test]
fn a_recommendation_without_a_title_is_named_by_its_first_words() {
    let site = Site::fixture("linking/evidence");
    let built = site.build_ok();
    let review = built.at("review/index.html");
    let back = review.backlinks_of("elements-of-practice");
    assert_eq!(back.len(), 1);
    let name = back[0]
        .1
        .split_once(": ")
        .filter(|(number, _)| number.starts_with("Recommendation "))
        .expect("backlinks start `Recommendation N: `")
        .1;
    assert!(
        name.starts_with("Having the right people"),
        "the untitled recommendation is called `{name}`"
    );
    assert!(
        !name.contains("r-right-people"),
        "the id is not a name: `{name}`"
    );
    let overview = built.at("evidence/index.html");
    let heading = overview
        .all("h3 a")
        .into_iter()
        .find(|a| href(*a).ends_with("#r-right-people"))
        .expect("the overview lists r-right-people");
    assert!(
        text(heading).starts_with("Recommendation 3: Having the right people"),
        "{}",
        text(heading)
    );
}

#[test]
fn evidence_backlink_and_overview_link_texts_are_never_bare_here_or_numbers() {
    let site = Site::fixture("linking/evidence");
    let built = site.build_ok();
    let mut seen = 0;
    for file in built.html_files() {
        let page = built.at(&file);
        let links = if file == "evidence/index.html" {
            "main h3 a, main p + ul a"
        } else {
            ".evidence a, .supports a, .pairing a"
        };
        for a in page.all(links) {
            seen += 1;
            assert_meaningful(&text(a), &format!("{file} → {}", href(a)));
        }
    }
    assert!(
        seen >= 8 + 8 + 10,
        "expected the evidence, backlink and overview links, saw {seen}"
    );
}

#[test]
fn the_evidence_overview_lists_every_recommendation_by_section_with_evidence_grouped_by_document() {
    let site = Site::fixture("linking/evidence");
    let built = site.build_ok();
    let overview = built.at("evidence/index.html");
    let main = overview.all("main")[0];
    assert!(
        text(main).contains("3 of the 4 recommendations are linked to what supports them"),
        "the overview states the count: {}",
        text(main)
    );

    // Sections in order (h2), each followed by its recommendations in order (h3,
    // each a link to its recommendation), each followed by its evidence: a paragraph
    // naming a document, then a list of links into it.
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let mut groups: Vec<(String, Vec<(ElementRef, ElementRef)>)> = Vec::new();
    let h2 = sel("h2");
    for heading in overview.all("main h2, main h3") {
        if inside(heading, "nav") {
            continue;
        }
        if h2.matches(&heading) {
            sections.push((text(heading), Vec::new()));
            continue;
        }
        let a = heading
            .select(&sel("a"))
            .next()
            .expect("each heading names its recommendation");
        let (file, id) = built.follow(&overview.file, &href(a));
        assert_eq!(file, RECS);
        let id = id.unwrap();
        sections
            .last_mut()
            .expect("a section first")
            .1
            .push(id.clone());
        let after: Vec<ElementRef> = heading
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .take_while(|e| !matches!(e.value().name(), "h2" | "h3"))
            .collect();
        let pairs = after
            .chunks(2)
            .filter(|c| c.len() == 2 && c[1].value().name() == "ul")
            .map(|c| (c[0], c[1]))
            .collect();
        groups.push((id, pairs));
    }
    assert_eq!(
        sections,
        [
            (
                "Commissioning & Funding".to_string(),
                vec!["r-time".to_string(), "r-funding".to_string()]
            ),
            (
                "Workforce".to_string(),
                vec!["r-right-people".to_string(), "r-supervision".to_string()]
            ),
        ]
    );

    // Each recommendation's evidence, grouped under the document it comes from, is the
    // same evidence as on the recommendations page.
    let recs = built.at(RECS);
    for (rec_id, pairs) in groups {
        let mut listed: BTreeSet<(String, Option<String>)> = BTreeSet::new();
        let mut documents: Vec<String> = Vec::new();
        for (source, list) in pairs {
            assert!(text(source).starts_with("From "), "{}", text(source));
            let links: Vec<_> = list.select(&sel("a[href]")).collect();
            assert!(
                !links.is_empty(),
                "{rec_id}: `{}` lists no evidence",
                text(source)
            );
            let files: BTreeSet<String> = links
                .iter()
                .map(|a| built.follow(&overview.file, &href(*a)).0)
                .collect();
            assert_eq!(
                files.len(),
                1,
                "{rec_id}: the group `{}` mixes documents: {files:?}",
                text(source)
            );
            let file = files.into_iter().next().unwrap();
            let title = title_of(built.at(&file).all("h1")[0]);
            assert!(
                text(source).contains(&title),
                "{rec_id}: the group `{}` should name `{title}`",
                text(source)
            );
            assert!(
                !documents.contains(&file),
                "{rec_id}: {file} is listed as two groups"
            );
            documents.push(file);
            listed.extend(
                links
                    .iter()
                    .map(|a| built.follow(&overview.file, &href(*a))),
            );
        }
        let declared: BTreeSet<_> = recs
            .evidence_of(&rec_id)
            .into_iter()
            .map(|(h, _)| built.follow(RECS, &h))
            .collect();
        assert_eq!(listed, declared, "the overview's evidence for {rec_id}");
        if rec_id == "r-funding" {
            assert_eq!(
                documents,
                ["components/chapter/index.html", "summary/index.html"]
            );
        }
    }
}

#[test]
fn evidence_naming_a_missing_id_is_an_error_with_its_place_and_the_nearest_id() {
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        r#"evidence="q-lower-caseloads components"#,
        r#"evidence="q-lower-caseload components"#,
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("evidence `q-lower-caseload` does not exist");
    let at = site.place("content/recommendations.md", "q-lower-caseload components");
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
    let home = site.line_of("content/components/chapter.md", "{#q-lower-caseloads}");
    assert_did_you_mean(&d, "q-lower-caseloads", "components/chapter.md", home);
}

#[test]
fn evidence_naming_a_missing_heading_id_on_a_page_suggests_the_nearest_id_on_that_page() {
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        "components/chapter.md#know-your-roles",
        "components/chapter.md#know-your-role",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("components/chapter.md#know-your-role");
    let at = site.place(
        "content/recommendations.md",
        "components/chapter.md#know-your-role",
    );
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
    let home = site.line_of("content/components/chapter.md", "## Know your roles");
    assert_did_you_mean(&d, "know-your-roles", "components/chapter.md", home);
}

#[test]
fn evidence_naming_a_page_without_an_id_is_an_error() {
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        "summary.md#what-we-learned",
        "summary.md",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("summary.md");
    assert!(d.starts_with("error"), "{d}");
    let at = site.place("content/recommendations.md", "summary.md\"}");
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
}

#[test]
fn evidence_on_a_paragraph_that_is_not_a_recommendation_is_an_error() {
    // On a chapter page, a paragraph with a global id.
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/components/chapter.md",
        "{#f-learning}",
        r#"{#f-learning evidence="q-lower-caseloads"}"#,
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("`evidence`");
    let at = site.place("content/components/chapter.md", "evidence=");
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");

    // On the recommendations page, a paragraph whose id does not start `r-`.
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        "{#r-supervision title=\"Supervision\"}",
        r#"{#supervision evidence="q-lower-caseloads"}"#,
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("`evidence`");
    let at = site.place(
        "content/recommendations.md",
        "evidence=\"q-lower-caseloads\"}",
    );
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
}

#[test]
fn an_unknown_attribute_key_is_an_error_suggesting_the_nearest_key() {
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        r#"{#r-supervision title="Supervision"}"#,
        r#"{#r-supervision titel="Supervision"}"#,
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("titel");
    let at = site.place("content/recommendations.md", "titel");
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
    assert!(
        d.contains("did you mean `title`"),
        "the nearest key should be suggested:\n{d}"
    );
}

#[test]
fn a_malformed_attribute_list_is_an_error() {
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/components/chapter.md",
        "between workers.",
        "between workers. {#1bad}",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("{#1bad}");
    assert!(d.starts_with("error"), "{d}");
    let at = site.place("content/components/chapter.md", "{#1bad}");
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
}

#[test]
fn all_errors_of_one_build_are_reported_together() {
    // Two broken references in two files.
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        r#"evidence="q-lower-caseloads components"#,
        r#"evidence="q-lower-caseload components"#,
    );
    site.edit(
        "content/components/chapter.md",
        "between workers.",
        "between [workers](#q-not-just-a-jbo).",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let missing = run.diagnostic("q-lower-caseload`");
    assert!(
        missing.contains(&site.place("content/recommendations.md", "q-lower-caseload components")),
        "{missing}"
    );
    let link = run.diagnostic("q-not-just-a-jbo");
    let (line, _) = site.line_col("content/components/chapter.md", "(#q-not-just-a-jbo)");
    assert!(
        link.contains(&format!("content/components/chapter.md:{line}:")),
        "{link}"
    );
    run.assert_stderr_has("2 errors");
    assert!(!site.public().exists(), "a failed build writes nothing");
}

#[test]
fn errors_found_while_parsing_and_while_linking_are_reported_together() {
    let site = Site::fixture("linking/evidence");
    site.edit(
        "content/recommendations.md",
        r#"evidence="q-lower-caseloads components"#,
        r#"evidence="q-lower-caseload components"#,
    );
    site.edit(
        "content/components/chapter.md",
        "between workers.",
        "between workers. {#1bad}",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let malformed = run.diagnostic("{#1bad}");
    assert!(
        malformed.contains(&site.place("content/components/chapter.md", "{#1bad}")),
        "{malformed}"
    );
    let missing = run.diagnostic("q-lower-caseload`");
    assert!(
        missing.contains(&site.place("content/recommendations.md", "q-lower-caseload components")),
        "{missing}"
    );
    run.assert_stderr_has("2 errors");
}

// ---------------------------------------------------------------------------
// links

#[test]
fn a_bare_fragment_goes_to_an_id_on_the_same_page_first() {
    let site = Site::fixture("linking/links");
    let built = site.build_ok();
    let guide = built.at("guide/index.html");
    let a = guide
        .all("a")
        .into_iter()
        .find(|a| text(*a) == "the shared section on this page")
        .unwrap();
    assert_eq!(
        href(a),
        "#shared",
        "the page's own `## Shared` wins over the global id `shared`"
    );
    let roles = guide
        .all("a")
        .into_iter()
        .find(|a| text(*a) == "the roles section")
        .unwrap();
    assert_eq!(href(roles), "#know-your-roles");
    let quotes = built.at("notes/quotes/index.html");
    let back = quotes
        .all("a")
        .into_iter()
        .find(|a| text(*a) == "the shared finding")
        .unwrap();
    assert_eq!(href(back), "#shared");
}

#[test]
fn a_bare_fragment_otherwise_goes_to_the_page_holding_the_global_id() {
    let site = Site::fixture("linking/links");
    let built = site.build_ok();
    let cases = [
        (
            "other/index.html",
            "the shared finding",
            "../notes/quotes/index.html#shared",
        ),
        (
            "guide/index.html",
            "the flexible working quote",
            "../notes/quotes/index.html#q-flex",
        ),
    ];
    for (file, link_text, expected) in cases {
        let page = built.at(file);
        let a = page
            .all("a")
            .into_iter()
            .find(|a| text(*a) == link_text)
            .unwrap();
        assert_eq!(href(a), expected, "`{link_text}` on {file}");
        let (target, id) = built.follow(file, &href(a));
        let id = id.unwrap();
        let target_page = built.at(&target);
        let element = target_page.id(&id);
        assert_ne!(
            element.value().name(),
            "h2",
            "{expected} is the global id, not a heading"
        );
    }
}

#[test]
fn a_page_link_with_a_fragment_reaches_a_heading_text_id() {
    let site = Site::fixture("linking/links");
    let built = site.build_ok();
    let cases = [
        (
            "other/index.html",
            "working together",
            "../notes/quotes/index.html#working-together",
            "Working together",
        ),
        (
            "other/index.html",
            "the finding by its page",
            "../notes/quotes/index.html#shared",
            "Teams that share a building share their work.",
        ),
        (
            "notes/more/index.html",
            "a section called Shared",
            "../../guide/index.html#shared",
            "Shared",
        ),
        (
            "notes/more/index.html",
            "a roles section",
            "../../guide/index.html#know-your-roles",
            "Know your roles",
        ),
        ("other/index.html", "the guide", "../guide/index.html", ""),
    ];
    for (file, link_text, expected, target_text) in cases {
        let page = built.at(file);
        let a = page
            .all("a")
            .into_iter()
            .find(|a| text(*a) == link_text)
            .unwrap();
        assert_eq!(href(a), expected, "`{link_text}` on {file}");
        let (target, id) = built.follow(file, &href(a));
        if let Some(id) = id {
            assert_eq!(text(built.at(&target).id(&id)), target_text);
        }
    }
}

#[test]
fn a_link_to_a_missing_id_on_a_page_is_an_error_with_the_nearest_id() {
    let site = Site::fixture("linking/links");
    site.edit(
        "content/other.md",
        "notes/quotes.md#working-together",
        "notes/quotes.md#working-togther",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("working-togther");
    let (line, _) = site.line_col("content/other.md", "notes/quotes.md#working-togther");
    assert!(
        d.contains(&format!("content/other.md:{line}:")),
        "the error should name content/other.md:{line}:\n{d}"
    );
    let home = site.line_of("content/notes/quotes.md", "## Working together");
    assert_did_you_mean(&d, "working-together", "notes/quotes.md", home);
}

#[test]
fn a_bare_fragment_to_a_missing_global_id_is_an_error_with_the_nearest_id() {
    let site = Site::fixture("linking/links");
    site.edit("content/guide.md", "(#q-flex)", "(#q-flx)");
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("q-flx");
    let (line, _) = site.line_col("content/guide.md", "(#q-flx)");
    assert!(
        d.contains(&format!("content/guide.md:{line}:")),
        "the error should name content/guide.md:{line}:\n{d}"
    );
    let home = site.line_of("content/notes/quotes.md", "{#q-flex}");
    assert_did_you_mean(&d, "q-flex", "notes/quotes.md", home);
}

#[test]
fn a_bare_fragment_misspelling_a_heading_of_the_same_page_suggests_that_heading() {
    let site = Site::fixture("linking/links");
    site.edit(
        "content/guide.md",
        "(#know-your-roles)",
        "(#know-your-role)",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("know-your-role`");
    let (line, _) = site.line_col("content/guide.md", "(#know-your-role)");
    assert!(
        d.contains(&format!("content/guide.md:{line}:")),
        "the error should name content/guide.md:{line}:\n{d}"
    );
    let home = site.line_of("content/guide.md", "## Know your roles");
    assert_did_you_mean(&d, "know-your-roles", "guide.md", home);
}

/// With `pretty_links: true`, every internal link of the site to a page ends in `/`
/// (before any fragment) and still leads to the right place. (Links to files, the
/// theme's, the downloads and the citation file, name the file.)
fn assert_pretty(built: &Built) {
    let mut checked = 0;
    for file in built.html_files() {
        let page = built.at(&file);
        for a in page.all("a[href]") {
            let h = href(a);
            if !is_internal(&h) || h.starts_with('#') {
                continue;
            }
            let path = h.split('#').next().unwrap();
            let under = |folder: &str| {
                path.starts_with(&format!("{folder}/")) || path.contains(&format!("/{folder}/"))
            };
            if under("static") || under("downloads") || path.ends_with("CITATION.cff") {
                continue;
            }
            checked += 1;
            assert!(
                path.ends_with('/') && !h.contains("index.html"),
                "{file}: `{h}` (`{}`) does not end in '/'",
                text(a)
            );
            built.follow(&file, &h);
        }
    }
    assert!(checked > 10, "only {checked} internal links were checked");
}

#[test]
fn pretty_links_make_every_internal_link_end_in_a_slash() {
    let site = Site::fixture("linking/links");
    site.append("content/site.yaml", "pretty_links: true\n");
    let built = site.build_ok();
    let other = built.at("other/index.html");
    let a = other
        .all("a")
        .into_iter()
        .find(|a| text(*a) == "the shared finding")
        .unwrap();
    assert_eq!(href(a), "../notes/quotes/#shared");
    let a = other
        .all("a")
        .into_iter()
        .find(|a| text(*a) == "the guide")
        .unwrap();
    assert_eq!(href(a), "../guide/");
    assert_pretty(&built);

    // Evidence, backlinks and the overview follow the setting too.
    let site = Site::fixture("linking/evidence");
    site.append("content/site.yaml", "pretty_links: true\n");
    let built = site.build_ok();
    let recs = built.at(RECS);
    assert_eq!(
        recs.evidence_of("r-time")[0].0,
        "../components/chapter/#q-lower-caseloads"
    );
    assert_pretty(&built);

    // So do the Easy Read pairings.
    let site = Site::fixture("linking/easy-read");
    site.append("content/site.yaml", "pretty_links: true\n");
    let built = site.build_ok();
    assert_pretty(&built);
}

// ---------------------------------------------------------------------------
// citations and references

const REVIEW: &str = "review/index.html";

/// The citation links of a page: (text, href, id).
fn citations(page: &Page) -> Vec<(String, String, String)> {
    page.all("a[role=doc-biblioref]")
        .into_iter()
        .map(|a| {
            (
                text(a),
                href(a),
                a.value().attr("id").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_understood_citation_form_links_to_its_reference_entry() {
    let site = Site::fixture("linking/citations");
    let built = site.build_ok();
    assert!(
        !built.stderr.contains("warning:"),
        "the citation fixture has no warnings:\n{}",
        built.stderr
    );
    let review = built.at(REVIEW);
    let expected = [
        ("Ruch, 2005", "ref-ruch-2005"),
        ("Selbekk et al., 2018", "ref-selbekk-2018"),
        ("Selbekk et.al, 2018", "ref-selbekk-2018"),
        ("Mcleigh, McDonnell, Lavenda, 2018", "ref-mcleigh-2018"),
        ("Hale & Marshall, 2011", "ref-hale-2011"),
        ("Cited in Bamm & Rosenbaum, 2008", "ref-bamm-2008"),
        ("HOLMES, 1997 P.231", "ref-holmes-1997"),
        ("Turney, 2012", "ref-turney-2012"),
        ("Munro, 2011", "ref-munro-2011"),
        ("Howe (1999)", "ref-howe-1999"),
        ("Brakenhoff and Slesnick (2015)", "ref-brakenhoff-2015"),
        ("Muñoz, 2016", "ref-munoz-2016"),
        ("ruch, 2005", "ref-ruch-2005"),
        // A title of several words, cited by name: the words that name the entry.
        (
            "Business Resilience Survey (2017)",
            "ref-business-resilience-survey-2017",
        ),
    ];
    let found: Vec<(String, String)> = citations(&review)
        .into_iter()
        .map(|(t, h, _)| (t, h))
        .collect();
    let wanted: Vec<(String, String)> = expected
        .iter()
        .map(|(t, id)| (t.to_string(), format!("#{id}")))
        .collect();
    assert_eq!(found, wanted);
    let bibliography = review.all("section[role=doc-bibliography]");
    assert_eq!(
        bibliography.len(),
        1,
        "the reference list is the page's bibliography"
    );
    for (_, id) in expected {
        let entry = review.id(id);
        assert!(
            inside(entry, "section[role=doc-bibliography]"),
            "#{id} is in the bibliography"
        );
        assert_eq!(entry.value().name(), "li");
    }
    // Two in one pair of parentheses are two links, inside the one pair.
    let raw = fs::read_to_string(built.dir.join(REVIEW)).unwrap();
    assert!(
        raw.contains("Turney, 2012</a>; <a"),
        "the two citations stay in one pair of parentheses"
    );
}

#[test]
fn citation_matching_ignores_case_and_accents() {
    let site = Site::fixture("linking/citations");
    let built = site.build_ok();
    let review = built.at(REVIEW);
    let link = |t: &str| {
        citations(&review)
            .into_iter()
            .find(|c| c.0 == t)
            .unwrap_or_else(|| panic!("`{t}` is not linked"))
            .1
    };
    assert_eq!(
        link("Muñoz, 2016"),
        "#ref-munoz-2016",
        "Muñoz matches the entry Munoz"
    );
    assert!(text(review.id("ref-munoz-2016")).starts_with("Munoz, R. 2016"));
    assert_eq!(link("ruch, 2005"), "#ref-ruch-2005");
    assert_eq!(link("HOLMES, 1997 P.231"), "#ref-holmes-1997");
    assert!(text(review.id("ref-holmes-1997")).starts_with("Holmes, J. 1997"));
    assert_eq!(
        link("Mcleigh, McDonnell, Lavenda, 2018"),
        "#ref-mcleigh-2018"
    );
    assert!(text(review.id("ref-mcleigh-2018")).starts_with("McLeigh"));

    // And the other way round: an accented entry matches a citation without accents.
    let site = Site::fixture("linking/citations");
    site.edit(
        "content/review.md",
        "- Munoz, R. 2016.",
        "- Muñoz, R. 2016.",
    );
    site.edit("content/review.md", "(Muñoz, 2016)", "(MUNOZ, 2016)");
    let built = site.build_ok();
    assert!(!built.stderr.contains("warning:"), "{}", built.stderr);
    let review = built.at(REVIEW);
    let c = citations(&review)
        .into_iter()
        .find(|c| c.0 == "MUNOZ, 2016")
        .expect("MUNOZ, 2016 is linked");
    let entry = review.id(c.1.trim_start_matches('#'));
    assert!(text(entry).starts_with("Muñoz, R. 2016"));
}

#[test]
fn each_reference_entry_links_back_to_every_place_that_cites_it() {
    let site = Site::fixture("linking/citations");
    let built = site.build_ok();
    let review = built.at(REVIEW);
    let cites = citations(&review);
    let mut by_entry: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, h, id) in &cites {
        assert!(!id.is_empty(), "each citation has an id to come back to");
        by_entry
            .entry(h.trim_start_matches('#').to_string())
            .or_default()
            .push(format!("#{id}"));
    }
    let entries = review.all("section[role=doc-bibliography] li[id]");
    assert_eq!(entries.len(), 12);
    for entry in entries {
        let id = entry.value().attr("id").unwrap();
        let backs: Vec<ElementRef> = entry.select(&sel("a[href]")).collect();
        let hrefs: Vec<String> = backs.iter().map(|a| href(*a)).collect();
        assert_eq!(
            Some(&hrefs),
            by_entry.get(id),
            "#{id} links back to each citation of it, in order"
        );
        for (n, a) in backs.iter().enumerate() {
            assert_eq!(text(*a), format!("Back to citation {}", n + 1));
            let cite = review.id(href(*a).trim_start_matches('#'));
            assert_eq!(cite.value().attr("role"), Some("doc-biblioref"));
            assert_eq!(
                href(cite),
                format!("#{id}"),
                "the citation a back link leads to leads to #{id}"
            );
        }
    }
    assert_eq!(by_entry["ref-ruch-2005"].len(), 2);
    assert_eq!(by_entry["ref-selbekk-2018"].len(), 2);
}

#[test]
fn citations_in_headings_links_and_code_are_not_linked() {
    let site = Site::fixture("linking/citations");
    let built = site.build_ok();
    let review = built.at(REVIEW);
    for a in review.all("a[role=doc-biblioref]") {
        assert!(
            !inside(a, "h1, h2, h3, h4, h5, h6, code, pre"),
            "`{}` is linked inside a heading or code",
            text(a)
        );
        assert!(!inside(a, "a"), "`{}` is linked inside a link", text(a));
    }
    let heading = review.id("what-ruch-2005-said");
    assert_eq!(text(heading), "What Ruch (2005) said");
    assert!(heading.select(&sel("a")).next().is_none());
    let external = review.all("a[href^='https://www.publisher.org.uk/turney']");
    assert_eq!(external.len(), 1);
    assert_eq!(text(external[0]), "a link about (Turney, 2012)");
    assert!(external[0]
        .select(&sel("a[role=doc-biblioref]"))
        .next()
        .is_none());
    assert!(review
        .all("code")
        .iter()
        .any(|c| text(*c) == "(Munro, 2011)"));
    assert!(review.all("pre").iter().any(|c| text(*c) == "(Howe, 1999)"));
    assert_eq!(
        citations(&review).len(),
        14,
        "only the 14 citations in running text are linked"
    );
}

#[test]
fn a_page_without_a_references_heading_is_left_alone() {
    let site = Site::fixture("linking/citations");
    let built = site.build_ok();
    let essay = built.at("essay/index.html");
    assert!(citations(&essay).is_empty());
    assert!(essay.all("[role=doc-bibliography], .cited-by").is_empty());
    assert!(text(essay.all("main")[0]).contains("This page cites (Ruch, 2005) and (Nobody, 2001)"));
    assert!(
        !built.stderr.contains("essay.md"),
        "no warnings about a page without references:\n{}",
        built.stderr
    );
}

#[test]
fn a_citation_without_a_matching_entry_is_a_warning_naming_its_place() {
    let site = Site::fixture("linking/citations");
    site.append("content/review.md", "\n");
    site.edit(
        "content/review.md",
        "Nothing in the heading above is linked.",
        "Nothing in the heading above is linked (Smith, 2003).",
    );
    let run = site.build(&[]);
    run.assert_success();
    let d = run.diagnostic("Smith, 2003");
    assert!(d.starts_with("warning"), "{d}");
    let at = site.place("content/review.md", "Smith, 2003");
    assert!(d.contains(&at), "the warning should point at {at}:\n{d}");
    let built = Built {
        dir: site.public(),
        stderr: run.stderr.clone(),
    };
    let review = built.at(REVIEW);
    assert!(
        citations(&review).iter().all(|c| !c.0.contains("Smith")),
        "the unmatched citation is not linked"
    );
    assert!(
        text(review.all("main")[0]).contains("(Smith, 2003)"),
        "it is published as written"
    );

    let denied = site.build(&["--deny-warnings"]);
    denied.assert_failure();
    denied.assert_stderr_has("Smith, 2003");
}

#[test]
fn a_reference_entry_nobody_cites_is_a_warning_naming_its_place() {
    let site = Site::fixture("linking/citations");
    site.append(
        "content/review.md",
        "- Unused, A. 2001. A book nobody cites.\n",
    );
    let run = site.build(&[]);
    run.assert_success();
    let d = run.diagnostic("not cited");
    assert!(d.starts_with("warning"), "{d}");
    let line = site.line_of("content/review.md", "- Unused, A. 2001.");
    assert!(
        d.contains(&format!("content/review.md:{line}:")),
        "the warning should name content/review.md:{line}:\n{d}"
    );

    let denied = site.build(&["--deny-warnings"]);
    denied.assert_failure();
    denied.assert_stderr_has(&format!("content/review.md:{line}:"));
}

#[test]
fn a_citation_wrapped_across_two_source_lines_is_still_linked() {
    // Editors hard-wrap paragraphs; a line break in markdown is a space.
    let site = Site::fixture("linking/citations");
    site.edit(
        "content/review.md",
        "supports workers (Hale & Marshall, 2011).",
        "supports workers (Hale &\nMarshall, 2011).",
    );
    site.edit(
        "content/review.md",
        "As Howe (1999) argues",
        "As\nHowe (1999) argues",
    );
    let built = site.build_ok();
    let review = built.at(REVIEW);
    let hrefs: Vec<String> = citations(&review).into_iter().map(|c| c.1).collect();
    assert!(
        hrefs.contains(&"#ref-hale-2011".to_string()),
        "the wrapped (Hale & Marshall, 2011) is linked: {hrefs:?}"
    );
    assert!(
        hrefs.contains(&"#ref-howe-1999".to_string()),
        "Howe (1999) after a line break is linked: {hrefs:?}"
    );
    assert!(!built.stderr.contains("warning:"), "{}", built.stderr);
}

// ---------------------------------------------------------------------------
// glossary

const NOTES: &str = "notes/index.html";

/// The glossary links of a page: (text, term id).
fn terms(built: &Built, page: &Page) -> Vec<(String, String)> {
    page.all("a.glossary-term")
        .into_iter()
        .map(|a| {
            let (file, id) = built.follow(&page.file, &href(a));
            assert_eq!(file, "glossary/index.html");
            (text(a), id.expect("a glossary link names its term"))
        })
        .collect()
}

#[test]
fn only_the_first_use_of_each_term_on_a_page_is_linked() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let notes = built.at(NOTES);
    let found = terms(&built, &notes);
    let mut ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        count,
        "each term is linked once per page: {found:?}"
    );
    // GIRFEC, worker appear twice in running text; only the first is linked.
    let raw = fs::read_to_string(built.dir.join(NOTES)).unwrap();
    assert!(
        raw.contains("Everyone knows GIRFEC."),
        "the second GIRFEC is plain text"
    );
    assert!(
        raw.contains("Every worker helps."),
        "the second worker is plain text"
    );
    // Each page has its own first use.
    let second = built.at("second/index.html");
    let found: Vec<String> = terms(&built, &second)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(found, ["girfec", "whole-family-approach"]);
    // Every link leads to the term's entry.
    let glossary = built.at("glossary/index.html");
    for (t, id) in terms(&built, &notes) {
        assert_eq!(
            glossary.id(&id).value().name(),
            "dt",
            "`{t}` leads to its term"
        );
    }
}

#[test]
fn the_longest_term_is_matched_first() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let notes = built.at(NOTES);
    let found = terms(&built, &notes);
    assert!(
        found.contains(&(
            "Relationship-based practice".into(),
            "relationship-based-practice".into()
        )),
        "{found:?}"
    );
    // `practice` alone is linked at its own first use, not inside the longer term.
    assert!(
        found.contains(&("practice".into(), "practice".into())),
        "{found:?}"
    );
    for a in notes.all("a.glossary-term") {
        assert!(!inside(a, "a"), "glossary links are never nested");
    }
    let raw = fs::read_to_string(built.dir.join(NOTES)).unwrap();
    assert!(
        raw.contains(">practice<span class=visually-hidden> (in the glossary)</span></a> improves"),
        "`practice` is linked where it stands alone"
    );
}

#[test]
fn terms_in_capitals_match_only_in_capitals_and_other_terms_ignore_case() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let notes = built.at(NOTES);
    let found = terms(&built, &notes);
    let girfec: Vec<&String> = found
        .iter()
        .filter(|(_, id)| id == "girfec")
        .map(|(t, _)| t)
        .collect();
    assert_eq!(
        girfec,
        ["GIRFEC"],
        "the earlier lower-case `girfec` is not the abbreviation"
    );
    let raw = fs::read_to_string(built.dir.join(NOTES)).unwrap();
    assert!(
        raw.contains("write girfec in lower case"),
        "`girfec` stays plain text"
    );
    // `Whole family approach` matches WHOLE FAMILY APPROACH.
    assert!(
        found.contains(&(
            "WHOLE FAMILY APPROACH".into(),
            "whole-family-approach".into()
        )),
        "{found:?}"
    );
}

#[test]
fn a_plural_s_is_matched_and_only_whole_words() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let notes = built.at(NOTES);
    let found = terms(&built, &notes);
    assert!(found.contains(&("PDIs".into(), "pdi".into())), "{found:?}");
    assert!(
        found.contains(&("workers".into(), "worker".into())),
        "{found:?}"
    );
    // `care` is not found inside `careful` or `childcare`.
    assert!(found.contains(&("care".into(), "care".into())), "{found:?}");
    let raw = fs::read_to_string(built.dir.join(NOTES)).unwrap();
    assert!(
        raw.contains("They were careful with childcare."),
        "parts of words are not terms"
    );
}

#[test]
fn terms_in_headings_links_code_and_quotes_are_not_linked() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let notes = built.at(NOTES);
    for a in notes.all("a.glossary-term") {
        assert!(
            !inside(
                a,
                "h1, h2, h3, h4, h5, h6, code, pre, blockquote, figure, a"
            ),
            "`{}` is linked inside a heading, code, quote or link",
            text(a)
        );
    }
    let heading = notes.id("girfec-and-whole-family-approach");
    assert!(
        heading.select(&sel("a, abbr")).next().is_none(),
        "the heading is not linked"
    );
    // The whole family approach is first used in a link, code and a quote: the first
    // use in running text is the last paragraph.
    let found = terms(&built, &notes);
    let wfa: Vec<&String> = found
        .iter()
        .filter(|(_, id)| id == "whole-family-approach")
        .map(|(t, _)| t)
        .collect();
    assert_eq!(wfa, ["WHOLE FAMILY APPROACH"]);
}

#[test]
fn abbreviations_are_marked_with_the_first_sentence_of_their_definition() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let notes = built.at(NOTES);
    let abbrs: Vec<(String, String)> = notes
        .all("a.glossary-term abbr[title]")
        .into_iter()
        .map(|a| (text(a), a.value().attr("title").unwrap().to_string()))
        .collect();
    assert_eq!(
        abbrs,
        [
            (
                "GIRFEC".to_string(),
                "Getting it right for every child.".to_string()
            ),
            (
                "PDIs".to_string(),
                "Partnership Drugs Initiative.".to_string()
            ),
        ]
    );
    // Terms that are not abbreviations are not marked.
    assert_eq!(notes.all("abbr").len(), 2);
}

#[test]
fn the_glossary_page_does_not_link_to_itself() {
    let site = Site::fixture("linking/glossary");
    let built = site.build_ok();
    let glossary = built.at("glossary/index.html");
    assert!(
        glossary.all("a.glossary-term, abbr").is_empty(),
        "the glossary's own text mentions worker and family"
    );
    assert_eq!(glossary.all("dt[id]").len(), 7);
}

#[test]
fn a_term_wrapped_across_two_source_lines_is_still_linked() {
    // Editors hard-wrap paragraphs; a line break in markdown is a space.
    let site = Site::fixture("linking/glossary");
    site.edit(
        "content/second.md",
        "the whole family approach.",
        "the whole family\napproach.",
    );
    let built = site.build_ok();
    let second = built.at("second/index.html");
    let found: Vec<String> = terms(&built, &second)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert!(
        found.contains(&"whole-family-approach".to_string()),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------
// Easy Read pairing

/// The page-level pairing links in the page header: (text, file it leads to).
fn page_links(built: &Built, page: &Page) -> Vec<(String, String)> {
    page.all("ul.page-links a")
        .into_iter()
        .filter(|a| text(*a).contains("version"))
        .map(|a| (text(a), built.follow(&page.file, &href(a)).0))
        .collect()
}

#[test]
fn page_level_full_links_the_easy_read_page_and_the_full_page_both_ways() {
    let site = Site::fixture("linking/easy-read");
    let built = site.build_ok();
    let money = built.at("easy-read/money/index.html");
    assert_eq!(
        page_links(&built, &money),
        [(
            "Full version: Recommendations".to_string(),
            RECS.to_string()
        )]
    );
    let findings = built.at("easy-read/findings/index.html");
    assert_eq!(
        page_links(&built, &findings),
        [(
            "Full version: Summary".to_string(),
            "summary/index.html".to_string()
        )]
    );
    let summary = built.at("summary/index.html");
    assert_eq!(
        page_links(&built, &summary),
        [(
            "Easy Read version: What the research found".to_string(),
            "easy-read/findings/index.html".to_string()
        )]
    );
    // An Easy Read page without `full:` has no full version link.
    let index = built.at("easy-read/index.html");
    assert!(page_links(&built, &index).is_empty());
}

/// Checks that Easy Read section `easy#easy_id` and full section `full#full_id` link to
/// each other.
fn assert_paired(built: &Built, easy: &str, easy_id: &str, full: &str, full_id: &str) {
    let easy_page = built.at(easy);
    let to_full: Vec<(String, Option<String>)> = easy_page
        .pairing_of(easy_id)
        .into_iter()
        .filter(|(_, t)| t == "Full version of this section")
        .map(|(h, _)| built.follow(easy, &h))
        .collect();
    assert_eq!(
        to_full,
        [(full.to_string(), Some(full_id.to_string()))],
        "{easy}#{easy_id} → full version"
    );
    let full_page = built.at(full);
    let to_easy: Vec<(String, Option<String>)> = full_page
        .pairing_of(full_id)
        .into_iter()
        .filter(|(_, t)| t == "Easy Read version of this section")
        .map(|(h, _)| built.follow(full, &h))
        .collect();
    assert!(
        to_easy.contains(&(easy.to_string(), Some(easy_id.to_string()))),
        "{full}#{full_id} should link back to {easy}#{easy_id}: {to_easy:?}"
    );
}

#[test]
fn heading_full_with_a_global_id_links_the_two_sections_both_ways() {
    let site = Site::fixture("linking/easy-read");
    let built = site.build_ok();
    assert_paired(
        &built,
        "easy-read/money/index.html",
        "er-money",
        RECS,
        "commissioning-funding",
    );
    assert_paired(
        &built,
        "easy-read/culture/index.html",
        "er-culture",
        RECS,
        "culture",
    );
}

#[test]
fn heading_full_with_a_page_and_heading_id_links_the_two_sections_both_ways() {
    let site = Site::fixture("linking/easy-read");
    let built = site.build_ok();
    assert_paired(
        &built,
        "easy-read/money/index.html",
        "er-staff",
        RECS,
        "workforce",
    );
    assert_paired(
        &built,
        "easy-read/findings/index.html",
        "er-learned",
        "summary/index.html",
        "what-we-learned",
    );
}

#[test]
fn a_full_page_or_section_named_by_two_easy_read_pages_links_to_each() {
    let site = Site::fixture("linking/easy-read");
    let built = site.build_ok();
    let recs = built.at(RECS);
    let mut pages = page_links(&built, &recs);
    pages.sort();
    assert_eq!(
        pages,
        [
            (
                "Easy Read version: Services and money".to_string(),
                "easy-read/money/index.html".to_string()
            ),
            (
                "Easy Read version: Staff and culture".to_string(),
                "easy-read/culture/index.html".to_string()
            ),
        ]
    );
    assert_paired(
        &built,
        "easy-read/money/index.html",
        "er-money",
        RECS,
        "commissioning-funding",
    );
    assert_paired(
        &built,
        "easy-read/culture/index.html",
        "er-money-again",
        RECS,
        "commissioning-funding",
    );
    let back = recs.pairing_of("commissioning-funding");
    assert_eq!(
        back.len(),
        2,
        "one link to each Easy Read section: {back:?}"
    );
    // A section with no Easy Read version has no pairing link.
    let summary = built.at("summary/index.html");
    assert!(summary.pairing_of("next-steps").is_empty());
}

#[test]
fn page_full_naming_a_missing_page_is_an_error() {
    let site = Site::fixture("linking/easy-read");
    site.edit(
        "content/easy-read/money.md",
        "full: ../recommendations.md",
        "full: ../recomendations.md",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("../recomendations.md");
    assert!(d.starts_with("error"), "{d}");
    let line = site.line_of("content/easy-read/money.md", "full: ../recomendations.md");
    assert!(
        d.contains(&format!("content/easy-read/money.md:{line}:")),
        "the error should name content/easy-read/money.md:{line}:\n{d}"
    );
}

#[test]
fn heading_full_naming_a_missing_id_is_an_error_with_the_nearest_id() {
    let site = Site::fixture("linking/easy-read");
    site.edit(
        "content/easy-read/money.md",
        r#"full="commissioning-funding""#,
        r#"full="comissioning-funding""#,
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("comissioning-funding");
    let (line, _) = site.line_col("content/easy-read/money.md", "comissioning-funding");
    assert!(
        d.contains(&format!("content/easy-read/money.md:{line}:")),
        "the error should name content/easy-read/money.md:{line}:\n{d}"
    );
    let home = site.line_of("content/recommendations.md", "{#commissioning-funding}");
    assert_did_you_mean(&d, "commissioning-funding", "recommendations.md", home);
}

#[test]
fn heading_full_naming_a_missing_heading_on_a_page_suggests_that_pages_ids() {
    let site = Site::fixture("linking/easy-read");
    site.edit(
        "content/easy-read/money.md",
        "../recommendations.md#workforce",
        "../recommendations.md#workfrce",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("workfrce");
    let (line, _) = site.line_col("content/easy-read/money.md", "#workfrce");
    assert!(
        d.contains(&format!("content/easy-read/money.md:{line}:")),
        "the error should name content/easy-read/money.md:{line}:\n{d}"
    );
    let home = site.line_of("content/recommendations.md", "## Workforce");
    assert_did_you_mean(&d, "workforce", "recommendations.md", home);
}

#[test]
fn heading_full_on_a_page_that_is_not_easy_read_is_an_error() {
    let site = Site::fixture("linking/easy-read");
    site.edit(
        "content/summary.md",
        "## Next steps",
        r#"## Next steps {#next full="culture"}"#,
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("`full`");
    assert!(d.starts_with("error"), "{d}");
    let at = site.place("content/summary.md", "full=\"culture\"");
    assert!(d.contains(&at), "the error should point at {at}:\n{d}");
}

// ---------------------------------------------------------------------------
// the project's own report

#[test]
fn report_recommendations_are_followed_by_evidence_from_all_three_kinds_of_source() {
    let built = report();
    let recs = built.at(RECS);
    let mut with_evidence = 0;
    let mut links = 0;
    let mut sources: BTreeSet<&str> = BTreeSet::new();
    for rec in recs.all("[id^='r-']") {
        let id = rec.value().attr("id").unwrap();
        let evidence = recs.evidence_of(id);
        if !evidence.is_empty() {
            with_evidence += 1;
        }
        for (h, t) in evidence {
            links += 1;
            assert_meaningful(&t, &format!("evidence of {id}"));
            let (file, fragment) = built.follow(RECS, &h);
            assert!(fragment.is_some(), "{id}: `{h}` names no place on the page");
            for kind in ["components/third-sector/", "summary/", "scoping-review/"] {
                if file.starts_with(kind) {
                    sources.insert(kind);
                }
            }
        }
    }
    assert!(
        with_evidence >= 25,
        "only {with_evidence} recommendations have an evidence list"
    );
    assert!(links >= 60, "only {links} evidence links");
    assert_eq!(
        sources.len(),
        3,
        "evidence comes from quotes, the summary and the review: {sources:?}"
    );
}

#[test]
fn report_every_evidence_link_has_the_matching_backlink() {
    let built = report();
    let recs = built.at(RECS);
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    let mut checked = 0;
    for rec in recs.all("[id^='r-']") {
        let rec_id = rec.value().attr("id").unwrap();
        for (h, _) in recs.evidence_of(rec_id) {
            let (file, id) = built.follow(RECS, &h);
            let id = id.unwrap();
            let page = pages.entry(file.clone()).or_insert_with(|| built.at(&file));
            let back: Vec<(String, Option<String>)> = page
                .backlinks_of(&id)
                .into_iter()
                .map(|(bh, _)| built.follow(&file, &bh))
                .collect();
            assert!(
                back.contains(&(RECS.to_string(), Some(rec_id.to_string()))),
                "{file}#{id} is evidence for {rec_id} but shows no link back to it ({back:?})"
            );
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} evidence links checked");
}

/// Easy Read sections that explain no section of the full text on this site (the
/// components they summarise are not published): left unpaired on purpose.
const UNPAIRED: [&str; 3] = [
    "Talking with workers and families",
    "Strong relationships",
    "A reflective tool",
];

#[test]
fn report_every_easy_read_section_links_to_its_full_text_and_back() {
    let built = report();
    let mut checked = 0;
    for file in built
        .html_files()
        .into_iter()
        .filter(|f| f.starts_with("easy-read/"))
    {
        let page = built.at(&file);
        for h in page.all("main h2, main h3") {
            if inside(h, "nav, .listing, .made-by, .words-to-know") {
                continue;
            }
            let id = h
                .value()
                .attr("id")
                .unwrap_or_else(|| panic!("{file}: `{}` has no id", text(h)));
            let full: Vec<(String, Option<String>)> = page
                .pairing_of(id)
                .into_iter()
                .filter(|(_, t)| t == "Full version of this section")
                .map(|(hr, _)| built.follow(&file, &hr))
                .collect();
            if UNPAIRED.contains(&text(h).as_str()) {
                assert!(full.is_empty(), "{file}: `{}` is paired", text(h));
                continue;
            }
            assert_eq!(
                full.len(),
                1,
                "{file}: the section `{}` has no \"Full version of this section\" link",
                text(h)
            );
            let (full_file, full_id) = full[0].clone();
            let full_id =
                full_id.unwrap_or_else(|| panic!("{file}#{id}: the full version names no section"));
            assert_paired(built, &file, id, &full_file, &full_id);
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} Easy Read sections checked");
}

#[test]
fn report_scoping_review_citations_are_linked_and_the_webb_mismatch_is_kept_with_its_reason() {
    let built = report();
    let review = built.at("scoping-review/index.html");
    let cites = citations(&review);
    assert!(
        cites.len() >= 20,
        "only {} citations linked in the scoping review",
        cites.len()
    );
    for (t, h, id) in &cites {
        let entry = review.id(h.trim_start_matches('#'));
        assert!(
            inside(entry, "section[role=doc-bibliography]"),
            "`{t}` leads out of the reference list"
        );
        let backs: Vec<String> = entry.select(&sel(".cited-by a")).map(href).collect();
        assert!(
            backs.contains(&format!("#{id}")),
            "the entry for `{t}` does not link back to it"
        );
    }
    // The mismatch is the source's own, kept and acknowledged with its reason.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shown = pubgen_at(root, &["check", "--show-acknowledged"]);
    let webb = shown.stderr.split("\n\n").find(|d| {
        d.starts_with("warning")
            && d.contains("Webb")
            && (d.contains("Mellis") || d.contains("Nellis"))
    });
    let webb = webb.unwrap_or_else(|| {
        panic!(
            "no warning about Webb & Mellis / Webb and Nellis:\n{}",
            shown.stderr
        )
    });
    assert!(webb.contains("content/scoping-review.md:"), "{webb}");
    assert!(
        webb.contains("acknowledged: as printed in the source: Mellis, not Nellis"),
        "{webb}"
    );
}

#[test]
fn recommendations_are_numbered_once_in_reading_order_and_named_alike_everywhere() {
    let report = report();
    let recs = report.at("recommendations/index.html");
    let names: Vec<String> = recs
        .all(".recommendation__name")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        names.len(),
        34,
        "every recommendation has a heading: {names:?}"
    );
    for (n, name) in names.iter().enumerate() {
        assert!(
            name.starts_with(&format!("Recommendation {}: ", n + 1)),
            "numbered in reading order: {name}"
        );
    }
    assert!(
        recs.all(".editors-note")
            .iter()
            .any(|p| text(*p).contains("chosen by the editors")),
        "the page says who chose the evidence links"
    );
    // The same name on the evidence overview, and on the quotes that support it.
    let overview = report.at("evidence/index.html");
    let overview_names: Vec<String> = overview.all("h3 a").into_iter().map(text).collect();
    assert_eq!(
        overview_names, names,
        "the overview names them alike, in the same order"
    );
    assert!(
        overview
            .all("main p")
            .into_iter()
            .any(|p| text(p).contains("chosen by the editors")),
        "the overview says who chose the links"
    );
    let parents = names
        .iter()
        .find(|n| n.ends_with("Good support for parents"))
        .unwrap();
    let linked: Vec<String> = report
        .html_files()
        .iter()
        .flat_map(|f| {
            report
                .at(f)
                .all(".supports a")
                .into_iter()
                .map(text)
                .collect::<Vec<_>>()
        })
        .filter(|t| t.ends_with("Good support for parents"))
        .collect();
    assert!(!linked.is_empty());
    assert!(
        linked.iter().all(|t| t == parents),
        "{linked:?} vs {parents}"
    );
}

#[test]
fn easy_read_pages_explain_their_hard_words_on_the_page_and_never_send_readers_to_the_glossary() {
    let report = report();
    let mut words = 0;
    for file in report
        .html_files()
        .iter()
        .filter(|f| f.starts_with("easy-read/"))
    {
        let page = report.at(file);
        for a in page.all("main a[href]") {
            let h = href(a);
            assert!(
                !h.contains("glossary/"),
                "{file} sends an Easy Read reader to the glossary: {h}"
            );
        }
        for a in page.all("main a.glossary-term") {
            let id = href(a).trim_start_matches('#').to_string();
            assert!(id.starts_with("word-"), "{file}: {id}");
            let dt = page.id(&id);
            assert!(
                inside(dt, "section.words-to-know"),
                "{file}: #{id} is under Words to know"
            );
            words += 1;
        }
    }
    assert!(words >= 5, "only {words} words to know");
    let home = report.at("easy-read/index.html");
    let grant = home.id("word-grant");
    let explanation = grant
        .next_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .next()
        .unwrap();
    assert_eq!(
        text(explanation),
        "A grant is money given to an organisation to do a piece of work or a project."
    );
}

#[test]
fn a_link_written_as_a_pages_web_address_is_an_error_whose_help_gives_the_file_to_write() {
    let site = Site::fixture("minimal");
    site.write(
        "content/articles/b.md",
        "---\ntitle: B\n---\n\n## Know your roles\n\nText.\n",
    );
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\n---\n\nSee [b](../b/#know-your-roles),\n[b again](b.html),\n[b whole](/articles/b/index.html)\nand [home](../../).\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    for (dest, write) in [
        ("../b/#know-your-roles", "b.md#know-your-roles"),
        ("b.html", "b.md"),
        ("/articles/b/index.html", "b.md"),
        ("../../", "../index.md"),
    ] {
        let d = run.diagnostic(&format!("the link `{dest}` is written as a web address"));
        assert!(d.contains("content/articles/a.md:"), "{d}");
        assert!(d.contains(&format!("help: write `{write}`")), "{d}");
        assert!(!d.contains("leads out of"), "{d}");
    }
}

#[test]
fn an_id_in_braces_may_be_written_in_any_alphabet_and_links_and_evidence_reach_it() {
    let site = Site::fixture("minimal");
    site.write(
        "content/chapter.md",
        "---\ntitle: الفصل\n---\n\n## مقدمة {#مقدمة}\n\nنص.\n\nA place in Welsh. {#croeso-ŵyl}\n",
    );
    site.write(
        "content/recommendations.md",
        "---\ntitle: Recommendations\nkind: recommendations\n---\n\n- Do it. {#r-do evidence=\"مقدمة croeso-ŵyl\"}\n\nSee [the introduction](chapter.md#مقدمة).\n",
    );
    let built = site.build_ok();
    let chapter = built.at("chapter/index.html");
    assert_eq!(chapter.id("مقدمة").value().name(), "h2");
    assert_eq!(chapter.id("croeso-ŵyl").value().name(), "p");
    let recs = built.at("recommendations/index.html");
    let hrefs: Vec<String> = recs
        .all("main a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(
        hrefs.iter().any(|h| h == "../chapter/index.html#مقدمة"),
        "{hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h == "../chapter/index.html#croeso-ŵyl"),
        "{hrefs:?}"
    );

    // A mark that is no letter still ends the id, and is named.
    site.edit("content/chapter.md", "{#croeso-ŵyl}", "{#croeso.ŵyl}");
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("the id `croeso.ŵyl` contains `.`");
    assert!(
        d.contains("ids hold only letters, digits, '-' and '_'"),
        "{d}"
    );
}
