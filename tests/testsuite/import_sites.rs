//! `pubgen import` on publications written as real ones are, each rebuilt small in
//! the test from what was found importing the real one (named in each test): links
//! out of a book, Jekyll collections and `exclude:`, Hugo's `contentDir` and
//! languages, kramdown's pull quotes, sites in many languages.

use std::fs;
use std::path::Path;

use super::import::{build, import, tiny_png, warnings, write_file, NO_CONTACT};
use crate::common::*;

/// An mdBook book in `root`: `book.toml`'s text, `SUMMARY.md` and its pages (paths
/// under `src/`, with their text).
fn write_book(root: &Path, toml: &str, summary: &str, pages: &[(&str, &str)]) {
    write_file(root, "book.toml", toml);
    write_file(root, "src/SUMMARY.md", summary);
    for (path, text) in pages {
        write_file(root, &format!("src/{path}"), text);
    }
}

/// A book published inside a larger site, as the Rustonomicon is beside Rust's
/// standard library docs: it links to its neighbours as `../std/…`.
fn book_in_a_larger_site(root: &Path) {
    write_book(
        root,
        "[book]\ntitle = \"The Deep Book\"\n\n[output.html]\nsite-url = \"/deep-book/\"\n",
        "# Summary\n\n- [Intro](intro.md)\n- [Nested](deep/nested.md)\n",
        &[
            ("intro.md", "# Intro\n\nSee [Vec](../std/vec/struct.Vec.html#method.push), [the casts][casts] and [the index](/std/index.html).\n\n[casts]: ../reference/expressions.html#casts\n"),
            ("deep/nested.md", "# Nested\n\nBack to [the intro](../intro.md); see [Box](../../std/boxed/struct.Box.html).\n"),
        ],
    );
}

#[test]
fn a_book_s_links_out_of_it_are_one_warning_at_the_first_saying_how_to_make_them_web_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("book");
    book_in_a_larger_site(&source);
    let run = import(&source, &dir.path().join("site"));
    run.assert_success();
    let said = warnings(&run);
    assert_eq!(
        said.len(),
        1,
        "one warning for every link out:\n{}",
        run.stderr
    );
    assert!(
        said[0].contains("4 links lead out of the publication (this is the first)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> src/intro.md:3:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--published-at https://"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_book_imported_with_the_address_it_is_published_at_builds_with_its_links_out_made_web_addresses(
) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("book");
    book_in_a_larger_site(&source);
    let site = dir.path().join("site");
    let run = pubgen(&[
        "import",
        "--published-at",
        "https://doc.rust-lang.org/deep-book/",
        source.to_str().unwrap(),
        site.to_str().unwrap(),
    ]);
    run.assert_success();
    assert!(
        run.stderr.contains("note: 4 links lead out of the publication: each was made a web address on https://doc.rust-lang.org, where it led"),
        "{}",
        run.stderr
    );
    let intro = fs::read_to_string(site.join("content/intro.md")).unwrap();
    for address in [
        "(https://doc.rust-lang.org/std/vec/struct.Vec.html#method.push)",
        "[casts]: https://doc.rust-lang.org/reference/expressions.html#casts",
        "(https://doc.rust-lang.org/std/index.html)",
    ] {
        assert!(intro.contains(address), "{address} in:\n{intro}");
    }
    let nested = fs::read_to_string(site.join("content/deep/nested.md")).unwrap();
    assert!(
        nested.contains("(https://doc.rust-lang.org/std/boxed/struct.Box.html)")
            && nested.contains("[the intro](../intro.md)"),
        "{nested}"
    );
    let built = build(&site, &["--no-downloads"]);
    built.assert_success();
    assert_eq!(warnings(&built), [NO_CONTACT], "{}", built.stderr);
}

#[test]
fn an_address_that_is_not_one_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("book");
    book_in_a_larger_site(&source);
    let site = dir.path().join("site");
    for bad in ["doc.rust-lang.org/nomicon", "https://example.org/book/"] {
        let run = pubgen(&[
            "import",
            "--published-at",
            bad,
            source.to_str().unwrap(),
            site.to_str().unwrap(),
        ]);
        run.assert_failure();
        assert!(
            run.stderr.contains(&format!(
                "error: `--published-at {bad}` is not the web address of a published site"
            )),
            "{}",
            run.stderr
        );
        assert!(!site.exists(), "nothing is written");
    }
}

#[test]
fn a_hugo_site_s_own_address_makes_its_links_out_web_addresses_and_messages_give_the_file_s_own_line(
) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hugo");
    write_file(
        &source,
        "hugo.toml",
        "baseURL = 'https://gohugo.io/guide/'\ntitle = 'Guide'\n",
    );
    write_file(
        &source,
        "content/a.md",
        "+++\ntitle = 'A'\n+++\n\nSee [the others](../../other/#top) and [a lost page](lost/).\n",
    );
    let site = dir.path().join("site");
    let run = import(&source, &site);
    run.assert_success();
    assert!(
        run.stderr.contains("note: 1 link leads out of the publication: each was made a web address on https://gohugo.io"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/a.md:5:"),
        "the line in the source file:\n{}",
        run.stderr
    );
    let a = fs::read_to_string(site.join("content/a.md")).unwrap();
    assert!(
        a.contains("[the others](https://gohugo.io/other/#top)"),
        "{a}"
    );
}

#[test]
fn a_book_s_chapters_to_come_are_one_note_and_its_summary_title_is_not_taken_for_a_part() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("book");
    write_book(
        &source,
        "[book]\ntitle = \"Plans\"\n",
        "# Table of Contents\n\n- [Now](now.md)\n- [Soon]()\n- [Later]()\n- [Much later]()\n- [Never]()\n\n# Part two\n\n- [Then](then.md)\n",
        &[("now.md", "# Now\n\nText.\n"), ("then.md", "# Then\n\nText.\n")],
    );
    let run = import(&source, &dir.path().join("site"));
    run.assert_success();
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: 4 draft chapters have no file yet, so there is nothing to import for them: “Soon”, “Later”, “Much later” and 1 more",
            "note: part titles are not carried over (“Part two”): pubgen's menu follows the folders",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_jekyll_site_s_collection_excludes_assets_and_own_anchors_come_in_as_jekyll_published_them() {
    // As 18F's "Before You Ship" is written: its pages in a `_pages` collection with
    // `permalink: /:path/`, `x.md` beside `x/`, pictures in `assets/`, files that
    // build the site beside the pages.
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("jekyll");
    let write = |rel: &str, text: &str| write_file(&source, rel, text);
    write(
        "_config.yml",
        "title: Ship It\nurl: https://ship.gsa.gov\nexclude:\n  - CONTRIBUTING.md\n  - '*.sh'\ncollections:\n  pages:\n    output: true\n    permalink: /:path/\n",
    );
    write(
        "index.md",
        "---\ntitle: Ship It\n---\n\nStart with [security](/security/).\n",
    );
    write("CONTRIBUTING.md", "# How to contribute\n");
    write("deploy.sh", "#!/bin/sh\n");
    write("Dockerfile", "FROM ruby\n");
    write("Gemfile", "source 'https://rubygems.org'\n");
    write(
        "_pages/security.md",
        "---\ntitle: Security\n---\n\nDeploy to [cloud.gov](#cloudgov). See [scanning](scanning/).\n\n## cloud.gov\n\nText.\n",
    );
    write(
        "_pages/security/scanning.md",
        "---\ntitle: Scanning\n---\n\n![The home screen](../../assets/images/home.png)\n\nBack to [security](../).\n",
    );
    std::fs::create_dir_all(source.join("assets/images")).unwrap();
    std::fs::write(source.join("assets/images/home.png"), tiny_png()).unwrap();
    let site = dir.path().join("site");
    let run = import(&source, &site);
    run.assert_success();
    assert!(
        run.stderr.contains(
            "note: left out a file that builds the old site, not the publication: Dockerfile"
        ),
        "{}",
        run.stderr
    );
    let content = site.join("content");
    assert!(
        content.join("security.md").is_file() && content.join("security/scanning.md").is_file()
    );
    assert!(
        content.join("assets/images/home.png").is_file(),
        "the picture a page shows is brought in"
    );
    for left_out in ["CONTRIBUTING.md", "deploy.sh", "Dockerfile", "Gemfile"] {
        assert!(
            !content.join(left_out).exists(),
            "{left_out} is not published"
        );
    }
    let security = fs::read_to_string(content.join("security.md")).unwrap();
    assert!(security.contains("[cloud.gov](#cloud-gov)"), "{security}");
    let scanning = fs::read_to_string(content.join("security/scanning.md")).unwrap();
    assert!(
        scanning.contains("](../assets/images/home.png)"),
        "{scanning}"
    );
    let built = build(&site, &["--no-downloads"]);
    built.assert_success();
    assert_eq!(warnings(&built), [NO_CONTACT], "{}", built.stderr);
    assert_eq!(broken_links(&site.join("public")), Vec::<String>::new());
}

#[test]
fn a_hugo_site_in_several_languages_imports_its_default_language_and_leaves_its_search_page() {
    // As Google's Docsy example is written: `hugo.yaml`, `contentDir: content/en`,
    // other languages in folders of their own, a search page of the theme's.
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("docsy");
    let write = |rel: &str, text: &str| write_file(&source, rel, text);
    write(
        "hugo.yaml",
        "baseURL: https://goldydocs.netlify.app\ntitle: Goldydocs\ncontentDir: content/en\ndefaultContentLanguage: en\nlanguages:\n  en:\n    label: English\n  fa:\n    contentDir: content/fa\n",
    );
    write("content/en/_index.md", "---\ntitle: Goldydocs\n---\n\nSee [the overview](/docs/overview/) and [printing](/print/).\n");
    write(
        "content/en/docs/overview.md",
        "---\ntitle: Overview\n---\n\nWhat it is.\n",
    );
    write(
        "content/en/print.md",
        "---\ntitle: Printing\n---\n\nHow to print.\n",
    );
    write(
        "content/en/search.md",
        "---\ntitle: Search Results\nlayout: search\n---\n",
    );
    write(
        "content/fa/_index.md",
        "---\ntitle: اسناد گلدی\n---\n\nسلام\n",
    );
    let site = dir.path().join("site");
    let run = import(&source, &site);
    run.assert_success();
    for said in [
        "note: imported the pages in `en`; the site also has pages in 1 other language (fa), which are not imported: a pubgen site is in one language",
        "note: left out the old site's search page (content/en/search.md): pubgen makes its own, at /search/",
        "note: `content/en/print.md` would be published at /print/, which pubgen keeps for the whole publication for printing (/print/): it is published at /print-page/ (`slug: print-page`)",
    ] {
        assert!(run.stderr.contains(said), "{said}\n{}", run.stderr);
    }
    assert!(site.join("content/docs/overview.md").is_file());
    assert!(!site.join("content/search.md").exists());
    let home = fs::read_to_string(site.join("content/index.md")).unwrap();
    assert!(
        home.contains("[the overview](docs/overview.md)") && home.contains("[printing](print.md)"),
        "{home}"
    );
    let built = build(&site, &["--no-downloads"]);
    built.assert_success();
    assert_eq!(warnings(&built), [NO_CONTACT], "{}", built.stderr);
    assert!(site.join("public/print-page/index.html").is_file());
}

#[test]
fn a_jekyll_site_in_many_languages_imports_one_and_the_others_one_at_a_time() {
    // As the Open Source Guides are written: every article in `_articles/` (English)
    // and again in `_articles/ar/`, each page saying its `lang:`; links between the
    // translations written from the page's address (`../other/`).
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("guides");
    let write = |rel: &str, text: &str| write_file(&source, rel, text);
    write(
        "_config.yml",
        "title: Guides\nlang: en\npermalink: /:path/\ncollections:\n  articles:\n    output: true\n    permalink: /:path/\n",
    );
    // Its address is the domain GitHub Pages serves it at.
    write("CNAME", "opensource.guide\n");
    // A page that does not say its language, among pages that all say `ar`.
    write("_articles/ar/README.md", "# الأدلة\n\nعن هذه الترجمة.\n");
    write(
        "_articles/start.md",
        "---\ntitle: Starting\nlang: en\n---\n\nRead [growing](../growing/), or [in Arabic](../ar/start/), or [its growing](ar/growing.md).\n",
    );
    // A page no translation has, which the Arabic pages link to.
    write(
        "_articles/legal.md",
        "---\ntitle: Legal\nlang: en\n---\n\nThe law.\n",
    );
    write(
        "_articles/growing.md",
        "---\ntitle: Growing\nlang: en\n---\n\n## Be kind\n\nText.\n",
    );
    write(
        "_articles/ar/start.md",
        "---\ntitle: البداية\nlang: ar\n---\n\nاقرأ [النمو](../growing/#كن-لطيفا) و[القانون](../../legal/).\n",
    );
    write(
        "_articles/ar/growing.md",
        "---\ntitle: النمو\nlang: ar\n---\n\n## كن لطيفا\n\nنص.\n",
    );
    let english = dir.path().join("en");
    let run = import(&source, &english);
    run.assert_success();
    assert!(
        run.stderr.contains("note: imported the pages in `en`; the site also has pages in 1 other language (ar: 3), which are not imported"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`pubgen import --language ar SOURCE NEW-FOLDER`"),
        "{}",
        run.stderr
    );
    assert!(
        !english.join("content/ar").exists(),
        "no page of another language"
    );
    // A link to a page of the other language leads where it led on the old site.
    let start = fs::read_to_string(english.join("content/start.md")).unwrap();
    assert!(
        start.contains("[in Arabic](https://opensource.guide/ar/start/)"),
        "{start}"
    );
    assert!(
        start.contains("[its growing](https://opensource.guide/ar/growing/)"),
        "a link to the file leads to where the page was published: {start}"
    );
    build(&english, &["--no-downloads"]).assert_success();
    let arabic = dir.path().join("ar");
    let run = pubgen(&[
        "import",
        "--language",
        "ar",
        source.to_str().unwrap(),
        arabic.to_str().unwrap(),
    ]);
    run.assert_success();
    let settings = fs::read_to_string(arabic.join("content/site.yaml")).unwrap();
    assert!(settings.contains("language: ar"), "{settings}");
    let start = fs::read_to_string(arabic.join("content/ar/start.md")).unwrap();
    assert!(
        start.contains("](growing.md#"),
        "a link to the page of its own language: {start}"
    );
    assert!(
        start.contains("[القانون](https://opensource.guide/legal/)"),
        "a page only in English is on the English site: {start}"
    );
    let built = build(&arabic, &["--no-downloads"]);
    built.assert_success();
    // Besides the contact the source never gave: pubgen's own words are English
    // until the site gives them in Arabic.
    let warned = warnings(&built);
    assert_eq!(warned.len(), 2, "{}", built.stderr);
    assert_eq!(warned[0], NO_CONTACT);
    assert!(
        warned[1].ends_with("are in English, not in `ar`"),
        "{}",
        built.stderr
    );
}

#[test]
fn a_language_the_site_has_no_pages_in_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("guides");
    write_file(&source, "_config.yml", "title: Guides\n");
    write_file(&source, "a.md", "---\ntitle: A\nlang: en\n---\n\nText.\n");
    write_file(&source, "ar/a.md", "---\ntitle: أ\nlang: ar\n---\n\nنص.\n");
    write_file(&source, "one/_config.yml", "title: One\n");
    write_file(
        &source,
        "one/b.md",
        "---\ntitle: B\nlang: en\n---\n\nText.\n",
    );
    for (from, listed) in [
        (source.clone(), "its languages: ar, en"),
        (source.join("one"), "its languages: en"),
    ] {
        let site = dir.path().join("xx");
        let run = pubgen(&[
            "import",
            "--language",
            "xx",
            from.to_str().unwrap(),
            site.to_str().unwrap(),
        ]);
        run.assert_failure();
        assert!(
            run.stderr.contains("error: the site has no pages in `xx`"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(listed), "{}", run.stderr);
        assert!(!site.exists(), "nothing is written");
    }
}

#[test]
fn a_file_is_brought_in_only_from_inside_the_source_and_never_a_page_or_a_file_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("jekyll");
    let write = |rel: &str, text: &str| write_file(&source, rel, text);
    write("_config.yml", "title: Site\nexclude:\n  - notes/\n");
    write("assets/notes.pdf", "%PDF-1.4\n");
    write("notes/plan.pdf", "%PDF-1.4\n");
    write("_data/people.yml", "- a\n");
    std::fs::write(dir.path().join("secret.txt"), "outside the source\n").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        source.join("assets/leak.pdf"),
    )
    .unwrap();
    write(
        "index.md",
        "---\ntitle: Site\n---\n\n[Notes](assets/notes.pdf), [leak](assets/leak.pdf), [plan](notes/plan.pdf), [people](_data/people.yml).\n\n[![Shot](assets/notes.pdf)](assets/notes.pdf)\n",
    );
    let site = dir.path().join("site");
    import(&source, &site).assert_success();
    let content = site.join("content");
    assert!(content.join("assets/notes.pdf").is_file());
    for never in ["assets/leak.pdf", "notes/plan.pdf", "_data/people.yml"] {
        assert!(!content.join(never).exists(), "{never} is not brought in");
    }
    let home = fs::read_to_string(content.join("index.md")).unwrap();
    assert!(
        home.contains("[![Shot](assets/notes.pdf)](assets/notes.pdf)"),
        "a link around a picture: {home}"
    );
}

#[test]
fn a_chapter_listed_outside_the_book_is_refused_and_nothing_is_written_outside_the_new_site() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("book");
    write_book(
        &source,
        "[book]\ntitle = \"B\"\n",
        "# Summary\n\n- [In](in.md)\n- [Out](../../escaped.md)\n",
        &[("in.md", "# In\n\nText.\n")],
    );
    write_file(dir.path(), "escaped.md", "# Escaped\n\nText.\n");
    let site = dir.path().join("deep/site");
    let run = import(&source, &site);
    run.assert_failure();
    assert!(
        run.stderr.contains("would be written outside the new site"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("deep/escaped.md").exists());
    assert!(!site.join("content").exists(), "nothing is written");
}

#[test]
fn the_address_given_says_where_a_book_without_site_url_sits_on_its_site() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("book");
    write_book(
        &source,
        "[book]\ntitle = \"B\"\n",
        "# Summary\n\n- [Intro](intro.md)\n",
        &[(
            "intro.md",
            "# Intro\n\nSee [c](../c/x.html), [d](/a/d/y.html) and [in](/a/b/intro.html).\n",
        )],
    );
    let site = dir.path().join("site");
    let run = pubgen(&[
        "import",
        "--published-at",
        "https://docs.rs/a/b/",
        source.to_str().unwrap(),
        site.to_str().unwrap(),
    ]);
    run.assert_success();
    let intro = fs::read_to_string(site.join("content/intro.md")).unwrap();
    assert!(intro.contains("[c](https://docs.rs/a/c/x.html)"), "{intro}");
    assert!(intro.contains("[d](https://docs.rs/a/d/y.html)"), "{intro}");
    assert!(intro.contains("[in](intro.md)"), "{intro}");
}
