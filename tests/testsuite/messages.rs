//! The whole text of the messages editors meet most, as snapshots
//! (`tests/testsuite/snapshots/`): a change to any word, place or help line is seen
//! and reviewed whole (`cargo insta review`, or `INSTA_UPDATE=always`). The other
//! tests check the parts of many more messages (file:line, did-you-mean).

use crate::common::*;

/// The first diagnostic whose first line has `needle`, with the temporary folder's
/// path written as `[SITE]`.
fn message(site: &Site, run: &Run, needle: &str) -> String {
    let root = site.root.to_str().unwrap();
    run.diagnostic(needle).replace(root, "[SITE]")
}

fn minimal_with_page(text: &str) -> Site {
    let site = Site::fixture("minimal");
    site.write("content/page.md", text);
    site
}

#[test]
fn a_link_to_a_page_that_does_not_exist_says_where_and_which_pages_there_are() {
    let site = minimal_with_page("---\ntitle: Page\n---\n\nSee [the summry](summry.md).\n");
    site.write("content/summary.md", "---\ntitle: Summary\n---\n\nText.\n");
    let run = site.build(&[]);
    run.assert_failure();
    insta::assert_snapshot!(message(&site, &run, "summry.md"));
}

#[test]
fn a_page_without_front_matter_says_how_to_start_it() {
    let site = minimal_with_page("# A page\n\nText.\n");
    let run = site.build(&[]);
    run.assert_failure();
    insta::assert_snapshot!(message(&site, &run, "no front matter"));
}

#[test]
fn a_misspelt_front_matter_key_suggests_the_key_meant() {
    let site = minimal_with_page("---\ntitle: Page\ndescripton: About it\n---\n\nText.\n");
    let run = site.build(&[]);
    run.assert_failure();
    insta::assert_snapshot!(message(&site, &run, "descripton"));
}

#[test]
fn a_picture_without_a_description_says_how_to_give_one_or_mark_it_decorative() {
    let site = minimal_with_page("---\ntitle: Page\n---\n\n![](pictures/a.svg)\n");
    site.write(
        "content/pictures/a.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    let run = site.build(&[]);
    run.assert_failure();
    insta::assert_snapshot!(message(&site, &run, "no description"));
}

#[test]
fn a_heading_that_skips_a_level_is_a_warning_that_says_which_level_to_use() {
    let site = minimal_with_page("---\ntitle: Page\n---\n\n## One\n\n#### Three\n\nText.\n");
    let run = site.build(&[]);
    run.assert_success();
    insta::assert_snapshot!(message(&site, &run, "level"));
}

#[test]
fn a_misspelt_setting_in_site_yaml_suggests_the_setting_meant() {
    let site = Site::fixture("minimal");
    site.append("content/site.yaml", "publsher: Someone\n");
    let run = site.build(&[]);
    run.assert_failure();
    insta::assert_snapshot!(message(&site, &run, "publsher"));
}

#[test]
fn a_mistake_in_an_e_book_template_names_its_line_and_what_the_template_is_given() {
    let site = Site::fixture("minimal");
    site.build_ok();
    site.theme_file(
        "templates/epub-title.xhtml",
        "<h1>{{ site.title }}</h1>\n<p>{{ edition.name }}</p>",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    insta::assert_snapshot!(message(&site, &run, "template error"));
    assert!(
        site.path("public/downloads/minimal-site.epub").exists(),
        "the last good site is kept"
    );
}

#[test]
fn a_site_not_in_english_is_told_that_pubgen_s_own_words_are_still_english() {
    let site = Site::fixture("minimal");
    site.append("content/site.yaml", "language: gd\n");
    let run = site.build(&["--no-downloads"]);
    run.assert_success();
    insta::assert_snapshot!(message(&site, &run, "are in English, not in `gd`"));
}
