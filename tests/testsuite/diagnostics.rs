//! Help lines that tell an editor what to do for the commonest slips.

use crate::common::*;

/// The minimal site with a `base_url` and these files under `content/`.
fn site(files: &[(&str, &str)]) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/site.yaml",
        "title: Test\nbase_url: https://www.publisher.org.uk/\ncontact: https://www.publisher.org.uk/contact\n",
    );
    for (path, text) in files {
        site.write(&format!("content/{path}"), text);
    }
    site
}

#[test]
fn a_bare_link_to_another_pages_section_says_how_to_reach_it() {
    let dir = site(&[
        (
            "index.md",
            "---\ntitle: Home\n---\n\nSee [the roles](#know-your-roles).\n",
        ),
        (
            "guide.md",
            "---\ntitle: Guide\n---\n\n## Know your roles\n\nText.\n",
        ),
    ]);
    let run = dir.build(&["--no-search"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(!ok);
    assert!(stderr.contains("content/index.md:5:"), "{stderr}");
    assert!(
        stderr.contains("link to it as `guide.md#know-your-roles`"),
        "{stderr}"
    );
}

#[test]
fn front_matter_that_runs_into_the_text_suggests_the_missing_closing_line() {
    let dir = site(&[(
        "index.md",
        "---\ntitle: Home\n\nThe text begins here, with: a colon.\nAnd more text.\n\n---\n\nA rule above.\n",
    )]);
    let run = dir.build(&["--no-search"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(!ok);
    assert!(stderr.contains("content/index.md:"), "{stderr}");
    assert!(stderr.contains("add a line `---` before it"), "{stderr}");
}

#[test]
fn a_picture_in_the_wrong_folder_suggests_the_one_with_the_same_name() {
    let dir = site(&[
        (
            "easy/page.md",
            "---\ntitle: Easy\n---\n\n![Coins](pictures/money.svg) Money.\n",
        ),
        ("index.md", "---\ntitle: Home\n---\n\nHello.\n"),
        (
            "pictures/money.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (
            "pictures/manager.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let run = dir.build(&["--no-search"]);
    let (ok, stderr) = (run.success(), run.stderr.clone());
    assert!(!ok);
    assert!(
        stderr.contains("did you mean `../pictures/money.svg`"),
        "{stderr}"
    );
}

#[test]
fn a_speaker_line_typed_inside_the_quotes_paragraph_is_a_warning_with_the_fix() {
    let site = Site::fixture("minimal");
    site.write(
        "content/q.md",
        "---\ntitle: Quotes\n---\n\n> Being flexible is key.\n> — Practitioner\n\nAfter.\n\n> Said well.\n>\n> — Someone\n",
    );
    let run = site.build(&["--no-downloads"]);
    run.assert_success();
    let warnings: Vec<&str> = run
        .stderr
        .split("\n\n")
        .filter(|d| d.contains("speaker line"))
        .collect();
    assert_eq!(warnings.len(), 1, "only the first quote: {}", run.stderr);
    assert!(warnings[0].contains("content/q.md:6:3"), "{}", warnings[0]);
    assert!(
        warnings[0].contains("a line holding only `>`"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_link_to_a_renamed_page_suggests_the_page_by_its_name_or_title_not_index() {
    let dir = site(&[
        (
            "index.md",
            "---\ntitle: Home\n---\n\nSee [how we work](how-we-work.md) and [the team](team/people.md).\n",
        ),
        ("approach.md", "---\ntitle: How we work\n---\n\nText.\n"),
        ("team/index.md", "---\ntitle: Team\n---\n\nText.\n"),
        ("team/our-people.md", "---\ntitle: Staff\n---\n\nText.\n"),
    ]);
    let run = dir.build(&["--no-search", "--no-downloads"]);
    assert!(!run.success());
    assert!(
        run.stderr.contains("did you mean `approach.md`?"),
        "renamed, found by its title: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `team/our-people.md`?"),
        "renamed, found by its name: {}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Editors' habits: Word, pasting, files left in content/, other tools' syntax

const HOME: &str = "---\ntitle: Home\n---\n\nHello.\n";

#[test]
fn curly_quotes_around_a_yaml_value_are_read_as_quotes_even_with_a_colon_inside() {
    let dir = site(&[
        ("index.md", HOME),
        ("heard.md", "---\ntitle: \u{201c}What we heard: a story\u{201d}\nlabel:\u{a0}Part 1\n---\n\nText.\n"),
    ]);
    let run = dir.build(&["--no-search", "--no-downloads", "--deny-warnings"]);
    run.assert_success();
    let page = Built::new(dir.public()).at("heard/index.html");
    assert_eq!(title_of(page.all("h1")[0]), "What we heard: a story");
}

#[test]
fn a_yaml_value_starting_with_a_hash_says_it_was_read_as_a_comment() {
    let dir = site(&[("index.md", "---\ntitle: #1 in Scotland\n---\n\nText.\n")]);
    let run = dir.build(&["--no-search"]);
    run.assert_failure();
    let d = run.diagnostic("starts with `#`");
    assert!(d.contains("content/index.md:2:8"), "{d}");
    assert!(
        d.contains("title: \"#1 in Scotland\""),
        "says how to quote it: {d}"
    );
}

#[test]
fn a_tab_at_the_start_of_a_yaml_line_says_to_replace_it_with_spaces() {
    let dir = site(&[(
        "index.md",
        "---\ntitle: Home\n\tdraft: true\n---\n\nText.\n",
    )]);
    let run = dir.build(&["--no-search"]);
    run.assert_failure();
    let d = run.diagnostic("starts with a tab");
    assert!(d.contains("content/index.md:3:1"), "{d}");
    assert!(d.contains("replace the tab with spaces"), "{d}");
}

#[test]
fn a_page_saved_as_utf16_is_read() {
    let text = "---\ntitle: Saved by Notepad\n---\n\nCaf\u{e9} text.\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = site(&[("index.md", HOME)]);
    dir.write("content/notepad.md", bytes);
    let run = dir.build(&["--no-search", "--no-downloads"]);
    run.assert_success();
    assert!(dir.read("public/notepad/index.html").contains("Café text."));
}

#[test]
fn office_documents_lock_files_backups_and_notes_in_content_are_not_published_and_named_once() {
    let dir = site(&[("index.md", HOME)]);
    for name in [
        "chapter-2.docx",
        "~$apter-2.docx",
        "notes.txt",
        "old.md.bak",
        "Thumbs.db",
        "robots.txt",
    ] {
        dir.write(&format!("content/{name}"), "x");
    }
    let run = dir.build(&["--no-search", "--no-downloads"]);
    run.assert_success();
    let d = run.diagnostic("are not published");
    assert!(d.starts_with("warning: 5 files in content/"), "{d}");
    for name in [
        "chapter-2.docx",
        "~$apter-2.docx",
        "notes.txt",
        "old.md.bak",
        "Thumbs.db",
    ] {
        assert!(d.contains(name), "{name}: {d}");
        assert!(!dir.public().join(name).exists(), "{name} is not published");
    }
    assert!(d.contains("publish_types"), "{d}");
    assert!(
        dir.public().join("robots.txt").exists(),
        "robots.txt is the site's"
    );
    dir.append("content/site.yaml", "publish_types: [docx]\n");
    let run = dir.build(&["--no-search", "--no-downloads"]);
    run.assert_success();
    assert!(
        dir.public().join("chapter-2.docx").exists(),
        "published on purpose"
    );
    assert!(run
        .diagnostic("are not published")
        .starts_with("warning: 4 files"));
}

#[test]
fn a_link_to_a_file_on_the_editors_computer_is_an_error_at_its_line() {
    let dir = site(&[(
        "index.md",
        "---\ntitle: Home\n---\n\nSee [the draft](C:\\Users\\ann\\Documents\\draft.docx)\nand [this](file:///home/ann/x.pdf).\n",
    )]);
    let run = dir.build(&["--no-search"]);
    run.assert_failure();
    let d = run.diagnostic("C:\\Users");
    assert!(d.contains("content/index.md:5:"), "{d}");
    assert!(d.contains("files/draft.docx"), "says where to put it: {d}");
    assert!(run
        .diagnostic("file:///home")
        .contains("content/index.md:6:"));
}

#[test]
fn other_tools_syntax_is_a_warning_at_its_line_but_not_in_code() {
    let dir = site(&[(
        "index.md",
        "---\ntitle: Home\n---\n\n{{#include notes.md}}\n\nA {% include x.html %} tag and `{{ code }}`.\n\n```\n{{ block }}\n```\n\n<aside markdown=\"1\">\nA [link](index.md).\n</aside>\n",
    )]);
    let run = dir.build(&["--no-search", "--no-downloads"]);
    run.assert_success();
    assert!(run
        .diagnostic("mdBook's include")
        .contains("content/index.md:5:1"));
    assert!(run.diagnostic("Liquid").contains("content/index.md:7:3"));
    assert!(run.diagnostic("kramdown").contains("content/index.md:13:"));
    let about_code =
        |l: &&str| l.starts_with("warning:") && (l.contains("code }}") || l.contains("block }}"));
    assert!(
        !run.stderr.lines().any(|l| about_code(&l)),
        "code is never warned about: {}",
        run.stderr
    );
}

#[test]
fn a_table_pasted_from_word_loses_offices_styling_and_warns_without_header_cells() {
    let dir = site(&[(
        "index.md",
        "---\ntitle: Home\n---\n\nText.\n\n<table class=MsoTableGrid border=1 style='mso-yfti-tbllook:1184'>\n<tr><td width=301 valign=top><p class=MsoNormal>Name<o:p></o:p></p></td></tr>\n</table>\n",
    )]);
    let run = dir.build(&["--no-search"]);
    run.assert_success();
    assert!(run
        .diagnostic("no header cells")
        .contains("content/index.md:7:1"));
    assert!(
        run.diagnostic("PDF leaves out")
            .contains("content/index.md:7:1"),
        "raw HTML's line"
    );
    let html = dir.read("public/index.html");
    assert!(
        html.contains("<table><tr><td><p>Name</p></td></tr></table>"),
        "{html}"
    );
}

#[test]
fn a_placeholder_address_is_a_warning_and_never_published() {
    let dir = site(&[("index.md", HOME)]);
    dir.write(
        "content/site.yaml",
        "title: Test\nbase_url: https://example.org/test\ncontact: https://www.publisher.org.uk/contact\n",
    );
    let run = dir.build(&["--no-search"]);
    run.assert_success();
    assert!(run
        .diagnostic("placeholder address")
        .contains("content/site.yaml:2:1"));
    let built = Built::new(dir.public());
    assert!(!built.read("index.html").contains("example.org"));
    assert!(!built.read("CITATION.cff").contains("example.org"));
    assert!(!dir.public().join("sitemap.xml").exists());
}

#[test]
fn a_site_with_no_way_to_reach_its_publisher_is_warned_and_an_email_contact_is_asked_by_mail() {
    let dir = site(&[("index.md", HOME)]);
    dir.write("content/site.yaml", "title: Test\n");
    let run = dir.build(&["--no-search", "--no-downloads"]);
    assert!(run
        .diagnostic("no way to reach the publisher")
        .contains("content/site.yaml"));
    dir.write(
        "content/site.yaml",
        "title: Test Report\ncontact: pubs@publisher.org.uk\n",
    );
    let run = dir.build(&["--no-search", "--no-downloads", "--deny-warnings"]);
    run.assert_success();
    let home = Built::new(dir.public()).at("index.html");
    let request = home
        .all("footer a")
        .into_iter()
        .find(|a| text(*a).starts_with("Request an accessible format"))
        .expect("the footer offers an accessible format");
    let href = href(request);
    assert!(href.starts_with("mailto:pubs@publisher.org.uk?subject=Request%20an%20accessible%20format:%20Test%20Report&body="), "{href}");
    assert!(
        href.contains("in%20another%20format"),
        "the body asks which format: {href}"
    );
}
