//! Property tests: the parse stage and the request-path check hold for any input.
//! (The cargo-fuzz target in `fuzz/` explores the same code further, outside the
//! test command.)

use proptest::prelude::*;

use pubgen::diagnostics::Diagnostics;
use pubgen::load::page_from_text;
use pubgen::model::PageKind;
use pubgen::parse::{attributes, ids::slugify, parse_page};
use pubgen::serve::request_file;

/// Markdown made of the pieces the generator gives meaning to, in any order.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("## Heading {#h-1}\n".to_string()),
        Just("# Level one\n".to_string()),
        Just("> A quote.\n>\n> — Practitioner {#q-a}\n".to_string()),
        Just("> — Only an attribution\n".to_string()),
        Just("- An item {#r-a title=\"T\" evidence=\"q-a page.md#x\"}\n".to_string()),
        Just("A paragraph {#p-1 full=\"x\"}\n".to_string()),
        Just("Text {# broken\n".to_string()),
        Just("{#}\n".to_string()),
        Just("(Ruch, 2005) and Howe (1999) (Webb & Mellis, 2007; Perry, 2010)\n".to_string()),
        Just("## References {#references}\n\n- Ruch, G. 2005. A book.\n".to_string()),
        Just("> ## References\n>\n> - Ruch, G. 2005. A book.\n".to_string()),
        Just("- ## References\n  - Howe, D. 1999. A book.\n".to_string()),
        Just("A caseload and the PDI (PDI, 2019).\n".to_string()),
        Just("![alt](pic.svg \"Figure 1\")\n".to_string()),
        Just("![](x.png)\n".to_string()),
        Just("```rust\nfn main() {}\n```\n".to_string()),
        Just("| a | b |\n|---|:-:|\n| 1 | 2 |\n".to_string()),
        Just("Term\n: Definition.\n".to_string()),
        Just("[^1]\n\n[^1]: A note.\n".to_string()),
        Just("<div>raw</div>\n".to_string()),
        Just("\n".to_string()),
        "[ -~\\n>#{}\"*_`\\[\\]()—–’é]{0,40}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|p| p.join("\n"))
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\ntitle: T\n---\n".to_string()),
        Just("---\ntitle: T\nkind: recommendations\n---\n".to_string()),
        Just("---\ntitle: T\nkind: easy-read\n---\n".to_string()),
        Just("---\ntitel: T\n---\n".to_string()),
        Just("---\ntitle: [\n---\n".to_string()),
        Just("---\ntitle: T\norder: soon\n---\n".to_string()),
        Just("---\ntitle: T\n".to_string()),
        Just(String::new()),
        "---\n[ -~\\n]{0,30}\n---\n",
    ]
}

/// A glossary of a plain term and an abbreviation.
fn glossary_index() -> pubgen::parse::glossary::GlossaryIndex {
    let term = |term: &str, id: &str| pubgen::model::GlossaryTerm {
        term: term.into(),
        id: id.into(),
        first_sentence: "A definition.".into(),
        easy_read: None,
    };
    pubgen::parse::glossary::GlossaryIndex::new(&[term("caseload", "caseload"), term("PDI", "pdi")])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_page_loads_or_reports_without_panicking(front in front_matter(), body in markdown()) {
        let mut diags = Diagnostics::default();
        let text = format!("{front}{body}");
        match page_from_text("page.md", "content/page.md".into(), text.clone(), &mut diags) {
            Some(page) => {
                let (doc, problems) = parse_page(&page, None);
                // Every diagnostic points at a real line of the file.
                for d in problems.iter().chain(diags.items.iter()) {
                    if let Some(loc) = &d.location {
                        prop_assert!(loc.line >= 1 && loc.line <= text.lines().count().max(1));
                    }
                }
                // The document is a tree, and every link in it is one of the page's.
                prop_assert!(pubgen::doc::is_balanced(&doc.nodes), "{:?}", doc.nodes);
                for note in &doc.footnotes {
                    prop_assert!(pubgen::doc::is_balanced(&note.nodes), "{:?}", note.nodes);
                }
                for n in pubgen::doc::link_indexes(&doc.nodes) {
                    prop_assert!(n < doc.links.len(), "link {} of {} links", n, doc.links.len());
                }
                // With a glossary, and as the glossary page itself: still a tree.
                let index = glossary_index();
                let (with_terms, _) = parse_page(&page, Some(&index));
                prop_assert!(pubgen::doc::is_balanced(&with_terms.nodes));
                for n in pubgen::doc::link_indexes(&with_terms.nodes) {
                    prop_assert!(n < with_terms.links.len());
                }
                let mut gdiags = Diagnostics::default();
                if let Some(glossary) = page_from_text("glossary.md", "content/glossary.md".into(), text.clone(), &mut gdiags) {
                    let (gdoc, _) = parse_page(&glossary, None);
                    prop_assert!(pubgen::doc::is_balanced(&gdoc.nodes), "{:?}", gdoc.nodes);
                }
                // The Easy Read lint reads the same source as it is parsed: it never
                // panics either, and what it found settles.
                let mut lint = Diagnostics::default();
                let config = serde_yaml::from_str("title: Property Site").expect("a site.yaml");
                let mut doc = doc;
                pubgen::lint::settle(&config, std::slice::from_ref(&page), std::slice::from_mut(&mut doc), (None, false), &mut lint);
                if page.front.kind == PageKind::Recommendations {
                    for rec in &doc.recommendations {
                        prop_assert!(rec.id.starts_with("r-"));
                    }
                }
            }
            None => prop_assert!(diags.has_errors(), "a page that does not load says why"),
        }
    }

    #[test]
    fn attribute_lists_parse_or_explain(line in "[ -~]{0,60}") {
        match attributes::find_at_line_end(&line) {
            Ok(Some((at, attrs))) => {
                let opens = line[at..].starts_with("{#");
                prop_assert!(opens);
                prop_assert!(attrs.id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
            }
            Ok(None) => {}
            Err(err) => prop_assert!(!err.message.is_empty() && err.at <= line.len()),
        }
    }

    #[test]
    fn heading_ids_are_safe_and_stable(text in "\\PC{0,40}") {
        let id = slugify(&text);
        prop_assert!(!id.starts_with('-') && !id.ends_with('-') && !id.contains("--"));
        prop_assert!(id.chars().all(|c| c.is_alphanumeric() || c == '-'));
        prop_assert_eq!(slugify(&id), id.clone());
    }

    #[test]
    fn source_locations_never_panic(text in "[a-z ‘’—é\n]{0,40}", offset in 0usize..60, len in 0usize..20) {
        let file = pubgen::model::SourceFile::new("a.md".into(), "content/a.md".into(), text.clone());
        let loc = file.location(offset, len);
        prop_assert!(loc.line >= 1 && loc.line <= text.lines().count().max(1) + 1);
        prop_assert!(loc.col >= 1);
    }

    #[test]
    fn columns_on_long_lines_count_characters_and_quote_around_the_mark(
        piece in "[a-zé’ ]{1,6}", repeat in 1usize..3000, at in 0usize..20000,
    ) {
        let text = piece.repeat(repeat);
        let offset = text.char_indices().map(|(i, _)| i).nth(at).unwrap_or(text.len());
        let file = pubgen::model::SourceFile::new("a.md".into(), "content/a.md".into(), text.clone());
        let loc = file.location(offset, 1);
        prop_assert_eq!(loc.col, text[..offset].chars().count() + 1);
        prop_assert!(loc.line_text.len() <= 260, "quoted {} bytes", loc.line_text.len());
        prop_assert!(loc.text_col >= 1 && loc.text_col <= loc.line_text.chars().count() + 1);
    }

    #[test]
    fn deep_or_long_pages_are_parsed_or_refused_without_crashing(
        piece in prop_oneof![Just(">"), Just("- "), Just("<div>"), Just("1. "), Just("[a](#b) "), Just("**x** "), Just("<span>")],
        repeat in 1usize..4000,
    ) {
        let text = format!("---\ntitle: Deep\n---\n\n{} end\n", piece.repeat(repeat));
        let mut diags = Diagnostics::default();
        if let Some(page) = page_from_text("deep.md", "content/deep.md".into(), text, &mut diags) {
            let (_, problems) = parse_page(&page, None);
            for d in problems {
                let _ = d.render(false);
            }
        }
    }

    #[test]
    fn served_paths_never_leave_the_site(path in "/[a-z./%25c2eE\\\\]{0,30}") {
        // (A redirect is built as `/FILE/`: a file never starting with `/` never
        // makes `//host`.)
        if let Some(file) = request_file(&path) {
            prop_assert!(!file.split('/').any(|s| s == ".."));
            prop_assert!(!file.contains('\\'));
            prop_assert!(!file.starts_with('/'));
        }
    }
}

#[test]
fn a_reference_list_inside_a_quote_keeps_the_document_a_tree() {
    let text = "---\ntitle: T\n---\n\nAs Ruch said (Ruch, 2005).\n\n> ## References\n>\n> - Ruch, G. 2005. A book.\n";
    let mut diags = Diagnostics::default();
    let page = page_from_text("t.md", "content/t.md".into(), text.into(), &mut diags).unwrap();
    let (doc, _) = parse_page(&page, None);
    assert!(pubgen::doc::is_balanced(&doc.nodes), "{:?}", doc.nodes);
    assert!(
        doc.nodes.iter().any(|n| matches!(
            n,
            pubgen::doc::Node::Leaf(pubgen::doc::Leaf::Citation { .. })
        )),
        "the citation is still linked"
    );
}

#[test]
fn every_document_of_the_report_is_a_tree_whose_links_exist() {
    let options = pubgen::site::BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        out: None,
        drafts: false,
        deny_warnings: false,
        write: false,
        search: false,
        downloads: false,
        lint: false,
        preview: false,
        progress: false,
    };
    let mut diags = Diagnostics::default();
    let build = pubgen::site::Build::full(&options, &mut diags).expect("the report builds");
    assert!(build.docs().len() >= 10);
    for (page, doc) in build.site().pages.iter().zip(build.docs()) {
        let name = &page.source.rel;
        assert!(pubgen::doc::is_balanced(&doc.nodes), "{name}");
        for note in &doc.footnotes {
            assert!(pubgen::doc::is_balanced(&note.nodes), "a note of {name}");
        }
        for n in pubgen::doc::link_indexes(&doc.nodes) {
            assert!(n < doc.links.len(), "{name}: link {n}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Headings at any levels below the title, in any order (skipping levels, going back up), always
    /// give a PDF and an EPUB: a skipped level is the editor's warning, never a lost
    /// download.
    #[test]
    fn headings_at_random_levels_always_give_a_pdf(levels in prop::collection::vec(2usize..=6, 1..10)) {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("site.yaml"), "title: Levels\n").unwrap();
        let mut page = String::from("---\ntitle: Levels\n---\n\nIntro.\n");
        for (n, level) in levels.iter().enumerate() {
            page.push_str(&format!("\n{} Heading {n}\n\nText {n}.\n", "#".repeat(*level)));
        }
        std::fs::write(content.join("index.md"), &page).unwrap();
        let options = pubgen::site::BuildOptions {
            root: tmp.path().to_path_buf(),
            out: None,
            drafts: false,
            deny_warnings: false,
            write: false,
            search: false,
            downloads: true,
            lint: false,
            preview: false,
            progress: false,
        };
        let (report, diags) = pubgen::site::build(&options);
        let messages: Vec<String> = diags.items.iter().map(|d| d.message.clone()).collect();
        let report = report.unwrap_or_else(|| panic!("{page}\n{messages:?}"));
        prop_assert!(report.missing_downloads.is_empty(), "{}\n{:?}", page, messages);
        prop_assert_eq!(report.downloads, 2, "{}\n{:?}", page, messages);
    }
}
