//! Hostile and careless input: every case fails with a clear error naming the file,
//! or builds correctly; none crashes, hangs, drops a file or reaches outside the site.
//! (Time and memory under such input are measured by `benches/stress.py`.)

mod common;

use std::fs;

use common::*;

/// The minimal site with `files` added (path under the root, contents).
fn site_with(files: &[(&str, &str)]) -> Site {
    let site = Site::fixture("minimal");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}\n")
}

// ---------------------------------------------------------------------------
// Reserved output names

#[test]
fn pages_and_pictures_whose_names_start_with_pagefind_are_published() {
    let site = site_with(&[
        ("content/pagefinder.md", &page("Pagefinder", "Found.")),
        ("content/pictures/pagefind-logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("content/about.md", &page("About", "[Finder](pagefinder.md) ![Logo](pictures/pagefind-logo.svg)")),
    ]);
    let built = site.build_ok();
    assert!(built.dir.join("pagefinder/index.html").is_file());
    assert!(built.dir.join("pictures/pagefind-logo.svg").is_file());
    assert!(broken_links(&built.dir).is_empty(), "{:?}", broken_links(&built.dir));
}

#[test]
fn a_slug_or_folder_taking_the_search_index_folder_is_refused() {
    let site = site_with(&[("content/about.md", "---\ntitle: About\nslug: pagefind\n---\n\nx\n")]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/about.md")
        .assert_stderr_has("reserved for the search index");
    let site = site_with(&[("content/pagefind-2/logo.svg", "<svg/>")]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/pagefind-2/logo.svg")
        .assert_stderr_has("reserved for the search index");
}

#[test]
fn a_folder_whose_listing_page_would_take_the_evidence_overview_is_refused() {
    let site = site_with(&[("content/evidence/notes.md", &page("Notes", "x"))]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/evidence/")
        .assert_stderr_has("reserved for the evidence overview");
}
