//! The renderers on one small page holding every construct: their whole output is a
//! snapshot (`tests/testsuite/snapshots/`), so that a change to what they write is seen and
//! reviewed whole (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::collections::HashMap;

use pubgen::diagnostics::Diagnostics;
use pubgen::doc::{html, typst, Attachment, Reference, Resolve};
use pubgen::model::{Document, GlossaryTerm, PageId, Place};

const PAGE: &str = r#"---
title: Every construct
kind: recommendations
---
## A section {#a-section}

Text with *emphasis*, **strong**, `code`, a [link](other.md#there "Its title") and a
note.[^1] Smart "quotes" -- and dashes.

What the list holds:

- an item
- another, with an id {#f-an-item}

1. first
2. second

> Being flexible is key.
>
> — Practitioner {#q-flexible}

A recommendation to act. {#r-act title="Act"}

| Year | Count |
|:-----|------:|
| 2023 | 12 |

```rust
fn main() {}
```

![A bar chart of counts by year](pictures/chart.svg "Counts by year")

<span class="raw">raw HTML</span>

### A smaller heading

[^1]: The note's text.
"#;

fn document() -> Document {
    let mut diags = Diagnostics::default();
    let page = pubgen::load::page_from_text(
        "recommendations.md",
        "content/recommendations.md".into(),
        PAGE.to_string(),
        &mut diags,
    )
    .expect("the page loads");
    let (doc, problems) = pubgen::parse::parse_page(&page, None);
    assert!(problems.is_empty(), "{problems:?}");
    doc
}

/// What a recommendation and a quote have attached: evidence, and what it supports.
fn attachments() -> HashMap<String, Vec<Attachment>> {
    let place = |id: &str| Place {
        page: PageId(0),
        id: Some(id.to_string()),
    };
    let evidence = Attachment::Evidence(vec![Reference {
        place: place("q-flexible"),
        text: "Practitioner: “Being flexible is key.”".into(),
    }]);
    let supports = Attachment::Supports {
        inline: true,
        recommendations: vec![Reference {
            place: place("r-act"),
            text: "Recommendation 1: Act".into(),
        }],
    };
    HashMap::from([
        ("r-act".to_string(), vec![evidence]),
        ("q-flexible".to_string(), vec![supports]),
    ])
}

/// The page as a renderer asks about it: its links as written, places as fragments
/// (`Dest` made by `place`), the attachments above, one recommendation named, its
/// first section numbered 2.1.
struct TestPage<D> {
    links: Vec<D>,
    place: fn(&Place) -> D,
    attached: HashMap<String, Vec<Attachment>>,
}

impl<D> Resolve for TestPage<D> {
    type Dest = D;
    fn link(&self, index: usize) -> Option<&D> {
        self.links.get(index)
    }
    fn place(&self, place: &Place) -> D {
        (self.place)(place)
    }
    fn attached(&self, id: &str) -> &[Attachment] {
        self.attached.get(id).map_or(&[], Vec::as_slice)
    }
    fn recommendation(&self, id: &str) -> Option<String> {
        (id == "r-act").then(|| "Recommendation 1: Act".to_string())
    }
    fn words_to_know(&self) -> &[GlossaryTerm] {
        &[]
    }
    fn section_number(&self, id: &str) -> Option<&str> {
        (id == "a-section").then_some("2.1")
    }
}

fn html_with(options: html::Options) -> String {
    let doc = document();
    let strings = pubgen::model::Strings::new(pubgen::load::builtin_strings());
    let page = TestPage {
        links: doc.links.iter().map(|l| l.dest.clone()).collect(),
        place: |p: &Place| format!("#{}", p.id.as_deref().unwrap_or("")),
        attached: attachments(),
    };
    let resolved = html::Resolved {
        page: &page,
        strings: &strings,
        options,
    };
    html::page(&doc.nodes, &doc.footnotes, &resolved)
}

#[test]
fn the_html_renderer_writes_every_construct_as_the_theme_expects() {
    insta::assert_snapshot!(html_with(html::Options::default()));
}

#[test]
fn the_html_renderer_writes_xhtml_for_an_epub_without_raw_html_when_asked() {
    let xhtml = html_with(html::Options {
        xhtml: true,
        raw_html: false,
        figure_links: false,
        ..html::Options::default()
    });
    assert!(!xhtml.contains("class=\"raw\""), "{xhtml}");
    assert!(
        xhtml.contains("alt=\"A bar chart of counts by year\" />"),
        "{xhtml}"
    );
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let wrapped = format!("<div xmlns=\"http://www.w3.org/1999/xhtml\">{xhtml}</div>");
    roxmltree::Document::parse_with_options(&wrapped, options).expect("well-formed XML");
}

#[test]
fn a_part_of_the_whole_report_page_has_its_headings_a_level_down_and_its_ids_prefixed() {
    let html = html_with(html::Options {
        heading_offset: 1,
        id_prefix: "p3-".into(),
        ..html::Options::default()
    });
    assert!(
        html.contains(
            "<h3 id=\"p3-a-section\"><span class=\"section-number\">2.1</span> A section</h3>"
        ),
        "{html}"
    );
    assert!(html.contains("<h4 id=\"p3-a-smaller-heading\">"), "{html}");
    assert!(html.contains("href=\"#p3-fn-1\""), "{html}");
    assert!(
        html.contains("<h3 id=\"p3-footnotes\">Notes</h3>"),
        "{html}"
    );
    // Every id is prefixed; every link within the page leads to a prefixed id.
    for id in html.split(" id=\"").skip(1) {
        assert!(id.starts_with("p3-"), "{}", &id[..id.len().min(40)]);
    }
    for fragment in html.split("href=\"#").skip(1) {
        assert!(
            fragment.starts_with("p3-") || fragment.starts_with("q-") || fragment.starts_with("r-"),
            "{}",
            &fragment[..fragment.len().min(40)]
        );
    }
}

#[test]
fn the_typst_renderer_writes_every_construct_as_calls_of_the_theme() {
    let doc = document();
    let dests: Vec<typst::Dest> = doc
        .links
        .iter()
        .map(|l| match l.kind {
            pubgen::model::LinkKind::Image => typst::Dest::Picture(format!("/content/{}", l.dest)),
            _ => typst::Dest::Url(l.dest.clone()),
        })
        .collect();
    let page = TestPage {
        links: dests,
        place: |p: &Place| typst::Dest::Label(format!("p0-{}", p.id.as_deref().unwrap_or(""))),
        attached: attachments(),
    };
    let label = |id: &str| format!("p0-{id}");
    let strings = pubgen::model::Strings::new(pubgen::load::builtin_strings());
    let resolved = typst::Resolved {
        page: &page,
        label: &label,
        strings: &strings,
    };
    let markup = typst::page(&doc.nodes, &doc.footnotes, &resolved);
    assert!(markup.skipped_html, "the raw HTML is left out of the PDF");
    insta::assert_snapshot!(markup.text);
}
