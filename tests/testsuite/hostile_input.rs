//! Hostile and careless input: every case fails with a clear error naming the file,
//! or builds correctly; none crashes, hangs, drops a file or reaches outside the site.
//! (Time and memory under such input are measured by `benches/stress.py`.)

use std::fs;

use crate::common::*;

/// The minimal site with `files` added (path under the root, contents).
fn site_with(files: &[(&str, &str)]) -> Site {
    let site = Site::fixture("minimal");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// The minimal site with `files` added fails to build, saying each of `expected`.
fn refused(files: &[(&str, &str)], expected: &[&str]) -> Run {
    let run = site_with(files).build(&[]);
    run.assert_failure();
    for needle in expected {
        run.assert_stderr_has(needle);
    }
    run
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
        (
            "content/pictures/pagefind-logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (
            "content/about.md",
            &page(
                "About",
                "[Finder](pagefinder.md) ![Logo](pictures/pagefind-logo.svg)",
            ),
        ),
    ]);
    let built = site.build_ok();
    assert!(built.dir.join("pagefinder/index.html").is_file());
    assert!(built.dir.join("pictures/pagefind-logo.svg").is_file());
    assert!(
        broken_links(&built.dir).is_empty(),
        "{:?}",
        broken_links(&built.dir)
    );
}

#[test]
fn a_slug_or_folder_taking_the_search_index_folder_is_refused() {
    let site = site_with(&[(
        "content/about.md",
        "---\ntitle: About\nslug: pagefind\n---\n\nx\n",
    )]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/about.md")
        .assert_stderr_has("reserved for the search index");
    refused(
        &[("content/pagefind-2/logo.svg", "<svg/>")],
        &[
            "content/pagefind-2/logo.svg",
            "reserved for the search index",
        ],
    );
}

#[test]
fn a_folder_whose_listing_page_would_take_the_evidence_overview_is_refused() {
    refused(
        &[("content/evidence/notes.md", &page("Notes", "x"))],
        &["content/evidence/", "reserved for the evidence overview"],
    );
}

// ---------------------------------------------------------------------------
// What is walked and read: links, special files, names

/// `pubgen build --no-search --no-downloads` on the site, failing the test if it runs
/// over `seconds`. (The downloads have their own limits: tests/downloads.rs.)
fn build_within(site: &Site, seconds: u64) -> Run {
    pubgen_within(
        &[
            "build",
            "--no-search",
            "--no-downloads",
            "--root",
            site.root.to_str().unwrap(),
        ],
        seconds,
    )
}

#[test]
fn a_symbolic_link_to_the_root_of_the_disk_is_refused_without_walking_it() {
    let site = Site::fixture("minimal");
    std::os::unix::fs::symlink("/", site.path("content/everything")).unwrap();
    build_within(&site, 30)
        .assert_failure()
        .assert_stderr_has("content/everything")
        .assert_stderr_has("leads out of `content/`");
}

#[test]
fn a_symbolic_link_to_a_file_inside_content_is_published_as_that_file() {
    let site = site_with(&[(
        "content/pictures/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )]);
    std::os::unix::fs::symlink("pictures/logo.svg", site.path("content/logo.svg")).unwrap();
    let built = site.build_ok();
    assert_eq!(built.read("logo.svg"), built.read("pictures/logo.svg"));
}

#[test]
fn a_pipe_named_site_yaml_is_an_error_not_a_hang() {
    let site = Site::fixture("minimal");
    fs::remove_file(site.path("content/site.yaml")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(site.path("content/site.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    build_within(&site, 30)
        .assert_failure()
        .assert_stderr_has("content/site.yaml")
        .assert_stderr_has("not a regular file");
}

#[test]
fn a_pipe_among_the_pages_is_an_error_not_a_hang() {
    let site = Site::fixture("minimal");
    std::process::Command::new("mkfifo")
        .arg(site.path("content/notes.md"))
        .status()
        .unwrap();
    build_within(&site, 30)
        .assert_failure()
        .assert_stderr_has("content/notes.md")
        .assert_stderr_has("pipe, socket or device");
}

#[test]
fn a_symbolic_link_pointing_nowhere_says_so() {
    let site = Site::fixture("minimal");
    std::os::unix::fs::symlink("gone.md", site.path("content/old.md")).unwrap();
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/old.md")
        .assert_stderr_has("points to a file that does not exist");
}

#[test]
fn symbolic_links_in_a_circle_say_loop_without_an_os_error() {
    let site = Site::fixture("minimal");
    std::os::unix::fs::symlink("b.md", site.path("content/a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", site.path("content/b.md")).unwrap();
    let run = site.build(&[]);
    run.assert_failure().assert_stderr_has("makes a loop");
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

#[test]
fn an_unreadable_page_says_permission_without_telling_to_remove_a_link() {
    let site = Site::fixture("minimal");
    site.write("content/secret.md", page("Secret", "x"));
    fs::set_permissions(
        site.path("content/secret.md"),
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    // Root reads every file: then the check runs as the user `nobody`.
    let mut command = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(command().get_program());
        fs::set_permissions(
            site.tmp.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        c
    } else {
        command()
    };
    let out = command
        .args(["check", "--root", site.root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .expect("run pubgen (as root this needs setpriv, from util-linux)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("content/secret.md"), "{stderr}");
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert!(
        !stderr.contains("os error") && !stderr.contains("remove the link"),
        "{stderr}"
    );
}

fn is_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

#[test]
fn file_names_that_would_break_links_are_refused_with_a_better_name() {
    for (name, shown, suggestion) in [
        ("content/what-now?.md", "`?`", "what-now.md"),
        ("content/100%.md", "`%`", "100.md"),
        (
            "content/pictures/My picture.png",
            "a space",
            "my-picture.png",
        ),
        ("content/a#b.md", "`#`", "a-b.md"),
    ] {
        let site = site_with(&[(name, &page("T", "x"))]);
        site.build(&[])
            .assert_failure()
            .assert_stderr_has(name)
            .assert_stderr_has(shown)
            .assert_stderr_has(suggestion);
    }
}

// ---------------------------------------------------------------------------
// Values and the messages about them

/// The minimal site's home page with `front` as its front matter: the build fails and
/// says each of `expected`, without an OS error or a Rust type name.
fn front_matter_fails(front: &str, expected: &[&str]) {
    let page = format!("---\n{front}\n---\n\nText.\n");
    fails_in_plain_words("content/index.md", &page, expected);
}

fn site_yaml_fails(yaml: &str, expected: &[&str]) {
    fails_in_plain_words("content/site.yaml", yaml, expected);
}

/// The minimal site with `file` written fails, at a line of that file, saying each
/// of `expected`, without an OS error or a Rust type name.
fn fails_in_plain_words(file: &str, text: &str, expected: &[&str]) {
    let run = refused(&[(file, text)], expected);
    run.assert_stderr_has(&format!("{file}:"));
    for jargon in ["u128", "i64", "sequence", "os error", "position "] {
        assert!(
            !run.stderr.contains(jargon),
            "`{jargon}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    front_matter_fails(
        "title: T\ndate: 2020-13-45",
        &["`2020-13-45`", "year-month-day"],
    );
    front_matter_fails("title: T\ndate: 2021-02-29", &["`2021-02-29`"]);
    let site = site_with(&[(
        "content/index.md",
        "---\ntitle: T\ndate: 2024-02-29\n---\n\nx\n",
    )]);
    site.build_ok();
}

#[test]
fn a_language_that_is_not_a_language_tag_is_refused() {
    site_yaml_fails(
        "title: T\nlanguage: english please\n",
        &["not a language tag", "en-GB"],
    );
    site_yaml_fails("title: T\nlanguage: \"\"\n", &["not a language tag"]);
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused() {
    site_yaml_fails(
        "title: T\nbase_url: example.org\n",
        &["base_url", "https://"],
    );
    site_yaml_fails("title: T\nbase_url: javascript:alert(1)\n", &["base_url"]);
}

#[test]
fn a_theme_is_a_name_never_a_path() {
    for theme in ["/absolute/path", "../../../outside-theme", "a/b"] {
        let site = site_with(&[("content/site.yaml", &format!("title: T\ntheme: {theme}\n"))]);
        let run = site.build(&[]);
        run.assert_failure()
            .assert_stderr_has("content/site.yaml:2:")
            .assert_stderr_has("not a theme name");
        assert!(!run.stderr.contains("themes/.."), "{}", run.stderr);
    }
}

#[test]
fn control_characters_in_page_text_are_an_error_at_their_line() {
    let site = site_with(&[(
        "content/notes.md",
        "---\ntitle: Notes\n---\n\nFine.\n\nA NUL \u{0} here.\n",
    )]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/notes.md:7:")
        .assert_stderr_has("control character (U+0000)");
    site_yaml_fails("title: T\u{1b}[31m\n", &["content/site.yaml:1:", "U+001B"]);
}

#[test]
fn a_number_too_large_for_order_says_so_in_plain_words() {
    front_matter_fails(
        "title: T\norder: 99999999999999999999999",
        &["too large", "order: 40"],
    );
}

#[test]
fn a_title_starting_with_a_bracket_says_to_use_quotes() {
    front_matter_fails("title: [unclosed", &["double quotes"]);
    front_matter_fails("title: [Draft] My page", &["title", "double quotes"]);
}

#[test]
fn a_slug_of_a_dash_says_it_reads_as_a_list_item() {
    front_matter_fails("title: T\nslug: -", &["list item", "double quotes"]);
}

#[test]
fn a_key_given_twice_or_missing_gets_help_about_that_not_quoting() {
    let site = site_with(&[("content/index.md", "---\ntitle: A\ntitle: B\n---\n\nx\n")]);
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("`title` is given twice")
        .assert_stderr_has("delete the other");
    assert!(!run.stderr.contains("double quotes"), "{}", run.stderr);
    site_yaml_fails(
        "subtitle: S\n",
        &["`title` is missing", "add a line `title: …`"],
    );
}

#[test]
fn deeply_nested_brackets_in_front_matter_are_refused_at_once() {
    let deep = format!("title: {}", "[".repeat(64_000));
    let site = site_with(&[("content/index.md", &format!("---\n{deep}\n---\n\nx\n"))]);
    build_within(&site, 20)
        .assert_failure()
        .assert_stderr_has("content/index.md:2:")
        .assert_stderr_has("nests brackets more than 16 deep");
}

#[test]
fn a_page_that_is_not_utf8_points_at_the_bad_byte() {
    let site = Site::fixture("minimal");
    site.write(
        "content/notes.md",
        b"---\ntitle: Notes\n---\n\nCaf\xe9 au lait\n".as_slice(),
    );
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/notes.md:5:4")
        .assert_stderr_has("0xE9")
        .assert_stderr_has("Caf\u{FFFD}");
}

// ---------------------------------------------------------------------------
// Ids, headings, evidence and pairing

#[test]
fn explicit_ids_of_the_theme_or_the_generator_are_refused() {
    for id in ["main", "footnotes", "fn-1", "cite-1", "ref-smith-2019"] {
        let site = site_with(&[(
            "content/notes.md",
            &page("Notes", &format!("## Part {{#{id}}}\n\nText.")),
        )]);
        site.build(&[])
            .assert_failure()
            .assert_stderr_has("content/notes.md:5:")
            .assert_stderr_has(&format!("the id `{id}` cannot be given here"));
    }
}

#[test]
fn a_glossary_term_named_like_a_theme_id_gets_an_id_of_its_own() {
    let site = site_with(&[(
        "content/glossary.md",
        "---\ntitle: Glossary\n---\n\nMain\n: The main thing.\n\nContents\n: What is in it.\n",
    )]);
    let built = site.build_ok();
    let html = built.page("/glossary/");
    let ids = ids(&html);
    assert_eq!(
        ids.iter().filter(|i| *i == "main").count(),
        1,
        "one `main` in {ids:?}"
    );
    assert!(
        ids.iter().filter(|i| *i == "contents").count() <= 1,
        "{ids:?}"
    );
    assert!(
        ids.contains(&"contents-2".to_string()),
        "the term Contents: {ids:?}"
    );
    assert!(ids.contains(&"main-2".to_string()), "{ids:?}");
}

#[test]
fn headings_named_like_generated_ids_do_not_take_them() {
    let site = site_with(&[(
        "content/notes.md",
        &page("Notes", "## Fn 1\n\nText.[^a]\n\n[^a]: A note."),
    )]);
    let built = site.build_ok();
    let ids = ids(&built.page("/notes/"));
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(ids.contains(&"section-fn-1".to_string()), "{ids:?}");
}

#[test]
fn twenty_thousand_identical_headings_get_numbered_ids_quickly() {
    let body: String = (0..20_000).map(|_| "## Same\n\nx\n\n").collect();
    let site = site_with(&[("content/notes.md", &page("Notes", &body))]);
    let run = build_within(&site, 60);
    run.assert_success();
    let html = Built::new(site.public()).page("/notes/");
    assert!(ids(&html).contains(&"same-20000".to_string()));
}

#[test]
fn an_empty_heading_is_an_error_at_its_line() {
    refused(
        &[("content/notes.md", &page("Notes", "Intro.\n\n## \n\nText."))],
        &["content/notes.md:7:", "this heading has no text"],
    );
}

#[test]
fn an_id_with_a_mark_that_is_no_letter_says_which_character_is_wrong() {
    let site = site_with(&[(
        "content/notes.md",
        &page("Notes", "## Café culture {#café’s}\n\nText."),
    )]);
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("content/notes.md:5:")
        .assert_stderr_has("the id `café’s` contains `’`");
    assert!(!run.stderr.contains("put a space"), "{}", run.stderr);
}

#[test]
fn deep_nesting_is_an_error_at_its_line_not_a_crash() {
    for (what, body) in [
        ("quotes", ">".repeat(2500) + " deep"),
        ("lists", "- ".repeat(3000) + "deep"),
        ("html", "<div>".repeat(5000) + "x" + &"</div>".repeat(5000)),
    ] {
        let site = site_with(&[(
            "content/deep.md",
            &page("Deep", &format!("Intro.\n\n{body}")),
        )]);
        let run = build_within(&site, 30);
        run.assert_failure();
        assert!(
            run.stderr.contains("content/deep.md:7:"),
            "{what}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("nested more than 100 deep"),
            "{what}:\n{}",
            run.stderr
        );
    }
}

const RECOMMENDATIONS: &str = "---\ntitle: Recommendations\nkind: recommendations\n---\n\n";

#[test]
fn a_recommendation_listing_itself_as_evidence_is_an_error() {
    refused(
        &[(
            "content/recommendations.md",
            &format!("{RECOMMENDATIONS}- Fund it well. {{#r-fund evidence=\"r-fund\"}}\n"),
        )],
        &[
            "content/recommendations.md:6:",
            "lists itself as its evidence",
        ],
    );
}

#[test]
fn evidence_on_a_draft_page_says_it_is_a_draft_and_how_to_publish_it() {
    let site = site_with(&[
        ("content/recommendations.md", &format!("{RECOMMENDATIONS}- Fund it well. {{#r-fund evidence=\"q-draft\"}}\n")),
        ("content/voices.md", "---\ntitle: Voices\ndraft: true\n---\n\n> Money matters.\n>\n> — A worker {#q-draft}\n"),
    ]);
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("evidence `q-draft` is on a draft page (content/voices.md)")
        .assert_stderr_has("remove `draft: true`");
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
    site.build(&["--drafts"]).assert_success();
}

#[test]
fn an_easy_read_heading_paired_with_itself_is_an_error() {
    refused(
        &[(
            "content/easy.md",
            "---\ntitle: Easy\nkind: easy-read\n---\n\n## Money {#money full=\"money\"}\n\nText.\n",
        )],
        &["content/easy.md:6:", "paired with itself"],
    );
}

// ---------------------------------------------------------------------------
// Long lines

#[test]
fn an_error_on_a_very_long_line_quotes_only_the_part_around_it() {
    let links: Vec<String> = (0..8000).map(|i| format!("[a](#x{i})")).collect();
    let site = site_with(&[(
        "content/notes.md",
        &page("Notes", &format!("{}\n\n## X {{#x0}}", links.join(" "))),
    )]);
    let run = site.build(&[]);
    run.assert_failure()
        .assert_stderr_has("content/notes.md:5:10")
        .assert_stderr_has("the id `x1` does not exist")
        .assert_stderr_has("the id `x7999` does not exist");
    let longest = run
        .stderr
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest < 400, "a quoted line of {longest} characters");
}

#[test]
fn a_symbolic_link_to_a_folder_inside_content_is_refused() {
    let site = site_with(&[("content/pictures/logo.svg", "<svg/>")]);
    std::os::unix::fs::symlink("pictures", site.path("content/images")).unwrap();
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/images")
        .assert_stderr_has("leads to a folder");
}

#[test]
fn a_glossary_term_never_takes_an_id_given_later_on_its_page() {
    let site = site_with(&[(
        "content/glossary.md",
        "---\ntitle: Glossary\n---\n\nSummary\n: A short account.\n\n## Overview {#summary}\n\nText.\n",
    )]);
    let built = site.build_ok();
    let ids = ids(&built.page("/glossary/"));
    assert_eq!(ids.iter().filter(|i| *i == "summary").count(), 1, "{ids:?}");
    assert!(ids.contains(&"summary-2".to_string()), "{ids:?}");
}

#[test]
fn a_symbolic_link_in_a_theme_to_the_root_of_the_disk_is_refused() {
    let site = Site::fixture("minimal");
    site.write("content/site.yaml", "title: T\ntheme: mine\n");
    fs::create_dir_all(site.path("themes/mine/static")).unwrap();
    std::os::unix::fs::symlink("/", site.path("themes/mine/static/everything")).unwrap();
    build_within(&site, 30)
        .assert_failure()
        .assert_stderr_has("themes/mine/static/everything")
        .assert_stderr_has("copy the file itself into the theme folder");
}

#[test]
fn the_downloads_and_accessibility_addresses_are_reserved_for_the_generator() {
    refused(
        &[("content/accessibility.md", &page("Accessibility", "x"))],
        &[
            "content/accessibility.md",
            "reserved for the accessibility statement",
        ],
    );
    refused(
        &[("content/downloads/report.pdf", "%PDF-1.7")],
        &["content/downloads/report.pdf", "reserved for the downloads"],
    );
}

#[test]
fn a_content_folder_swapped_for_a_link_while_building_publishes_nothing_from_outside() {
    let site = Site::fixture("basic");
    let outside = site.tmp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    for name in ["money.svg", "model.svg"] {
        fs::write(outside.join(name), "<svg><!-- private --></svg>").unwrap();
    }
    let run = build_paused_at(&site, "first-write", || {
        fs::rename(site.path("content/pictures"), site.path("pictures-aside")).unwrap();
        std::os::unix::fs::symlink(&outside, site.path("content/pictures")).unwrap();
    });
    run.assert_failure()
        .assert_stderr_has("could not write the site");
    for file in files_under(site.tmp.path()) {
        if file.ends_with(".svg") && !file.starts_with("outside") {
            let text = fs::read_to_string(site.tmp.path().join(&file)).unwrap();
            assert!(
                !text.contains("private"),
                "{file} came from outside the site"
            );
        }
    }
}

#[test]
fn a_theme_folder_that_is_a_link_out_of_the_site_is_refused() {
    let site = Site::fixture("minimal");
    let outside = site.tmp.path().join("outside-theme");
    fs::create_dir_all(outside.join("static")).unwrap();
    fs::write(outside.join("static/secret.txt"), "private").unwrap();
    fs::create_dir_all(site.path("themes")).unwrap();
    std::os::unix::fs::symlink(&outside, site.path("themes/default")).unwrap();
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("themes/default")
        .assert_stderr_has("symbolic link");
}

#[test]
fn links_that_run_a_program_are_refused_at_their_line() {
    for dest in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "vbscript:x",
        "data:text/html;base64,PHNjcmlwdD4=",
    ] {
        let run = refused(
            &[("content/x.md", &page("X", &format!("A [link]({dest}).")))],
            &["content/x.md:5", "runs a program"],
        );
        run.assert_stderr_has("link to a web address");
    }
}

#[test]
fn yaml_anchors_and_aliases_are_refused_in_every_yaml_file() {
    let aliases = "a: &a [x, x]\nb: &b [*a, *a]\n";
    refused(
        &[("content/site.yaml", &format!("title: T\n{aliases}"))],
        &["content/site.yaml:2", "an anchor"],
    );
    refused(
        &[(
            "content/x.md",
            &format!("---\ntitle: X\n{aliases}---\n\nText.\n"),
        )],
        &["content/x.md:3", "an anchor"],
    );
    refused(
        &[(
            "content/acknowledged.yaml",
            "- file: index.md\n  rule: &r heading-skips-level\n  text: *r\n  reason: x\n",
        )],
        &["content/acknowledged.yaml:2", "an anchor"],
    );
}

#[test]
fn deeply_nested_brackets_are_refused_in_the_records_too() {
    let deep = "[".repeat(5000);
    refused(
        &[(
            "content/acknowledged.yaml",
            &format!("- file: index.md\n  text: {deep}\n"),
        )],
        &["content/acknowledged.yaml:2", "nests brackets"],
    );
    refused(
        &[("content/easy-read-review.yaml", &format!("pairs: {deep}\n"))],
        &["content/easy-read-review.yaml:1", "nests brackets"],
    );
}

#[test]
fn control_characters_and_non_characters_are_refused_in_values_as_in_text() {
    refused(
        &[("content/site.yaml", "title: \"A\\u0001B\"\n")],
        &["content/site.yaml:1", "U+0001"],
    );
    refused(
        &[("content/x.md", "---\ntitle: \"A\\uFFFE\"\n---\n\nText.\n")],
        &["content/x.md:2", "U+FFFE"],
    );
    refused(
        &[("content/x.md", &page("X", "A \u{FFFE} B."))],
        &["content/x.md:5", "non-character"],
    );
}

#[test]
fn an_oversized_list_of_acknowledged_warnings_is_named_as_such() {
    let big = "# x\n".repeat(1024 * 1024);
    refused(
        &[("content/acknowledged.yaml", &big)],
        &[
            "content/acknowledged.yaml",
            "files of settings and records may be at most 2 MB",
        ],
    );
}

#[test]
fn a_page_saved_while_a_large_site_is_built_stops_the_build_and_keeps_the_last_site() {
    // Over 300 pages, texts are let go of after parsing and read again to render.
    let site = Site::fixture("minimal");
    for n in 0..400 {
        site.write(
            &format!("content/notes/n{n:03}.md"),
            format!("---\ntitle: Note {n}\n---\n\nNote {n}.\n"),
        );
    }
    site.build_ok();
    let run = build_paused_at(&site, "first-write", || {
        fs::write(
            site.path("content/notes/n399.md"),
            "---\ntitle: Note 399\n---\n\nSaved meanwhile.\n",
        )
        .unwrap();
    });
    run.assert_failure()
        .assert_stderr_has("content/notes/n399.md` changed while the site was being built")
        .assert_stderr_has("build again");
    let page = fs::read_to_string(site.path("public/notes/n399/index.html")).unwrap();
    assert!(page.contains("Note 399."), "the last good site is kept");
    assert!(!page.contains("Saved meanwhile"));
    site.build_ok();
}
