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

// ---------------------------------------------------------------------------
// What is walked and read: links, special files, names

/// Runs `pubgen build` with a time limit: a hang fails the test instead of the suite.
fn build_within(site: &Site, seconds: u64) -> Run {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args(["build", "--no-search", "--root", site.root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed().as_secs() > seconds {
            let _ = child.kill();
            panic!("pubgen build ran for more than {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
    let site = site_with(&[("content/pictures/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]);
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
    // As root every file is readable: the case needs an ordinary user.
    if unsafe_is_root() {
        let site = Site::fixture("minimal");
        site.write("content/secret.md", page("Secret", "x"));
        let run = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status();
        if run.map(|s| !s.success()).unwrap_or(true) {
            panic!("setpriv is needed to test permissions as another user");
        }
        fs::set_permissions(site.path("content/secret.md"), std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_pubgen"))
            .args(["check", "--root", site.root.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains("permission denied"), "{stderr}");
        assert!(!stderr.contains("os error") && !stderr.contains("remove the link"), "{stderr}");
    }
}

fn unsafe_is_root() -> bool {
    std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

#[test]
fn file_names_that_would_break_links_are_refused_with_a_better_name() {
    for (name, shown, suggestion) in [
        ("content/what-now?.md", "`?`", "what-now.md"),
        ("content/100%.md", "`%`", "100.md"),
        ("content/pictures/My picture.png", "a space", "my-picture.png"),
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
    let site = site_with(&[("content/index.md", &format!("---\n{front}\n---\n\nText.\n"))]);
    let run = site.build(&[]);
    run.assert_failure().assert_stderr_has("content/index.md:");
    for needle in expected {
        run.assert_stderr_has(needle);
    }
    for jargon in ["u128", "i64", "sequence", "os error", "position "] {
        assert!(!run.stderr.contains(jargon), "`{jargon}` in:\n{}", run.stderr);
    }
}

fn site_yaml_fails(yaml: &str, expected: &[&str]) {
    let site = site_with(&[("content/site.yaml", yaml)]);
    let run = site.build(&[]);
    run.assert_failure().assert_stderr_has("content/site.yaml:");
    for needle in expected {
        run.assert_stderr_has(needle);
    }
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    front_matter_fails("title: T\ndate: 2020-13-45", &["`2020-13-45`", "year-month-day"]);
    front_matter_fails("title: T\ndate: 2021-02-29", &["`2021-02-29`"]);
    let site = site_with(&[("content/index.md", "---\ntitle: T\ndate: 2024-02-29\n---\n\nx\n")]);
    site.build_ok();
}

#[test]
fn a_language_that_is_not_a_language_tag_is_refused() {
    site_yaml_fails("title: T\nlanguage: english please\n", &["not a language tag", "en-GB"]);
    site_yaml_fails("title: T\nlanguage: \"\"\n", &["not a language tag"]);
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused() {
    site_yaml_fails("title: T\nbase_url: example.org\n", &["base_url", "https://"]);
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
    let site = site_with(&[("content/notes.md", "---\ntitle: Notes\n---\n\nFine.\n\nA NUL \u{0} here.\n")]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/notes.md:7:")
        .assert_stderr_has("control character (U+0000)");
    site_yaml_fails("title: T\u{1b}[31m\n", &["content/site.yaml:1:", "U+001B"]);
}

#[test]
fn a_number_too_large_for_order_says_so_in_plain_words() {
    front_matter_fails("title: T\norder: 99999999999999999999999", &["too large", "order: 40"]);
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
    site_yaml_fails("subtitle: S\n", &["`title` is missing", "add a line `title: …`"]);
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
    site.write("content/notes.md", b"---\ntitle: Notes\n---\n\nCaf\xe9 au lait\n".as_slice());
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/notes.md:5:4")
        .assert_stderr_has("0xE9")
        .assert_stderr_has("Caf\u{FFFD}");
}
