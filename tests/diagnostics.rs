//! Help lines that tell an editor what to do for the commonest slips.

mod common;

use common::*;

/// The minimal site with a `base_url` and these files under `content/`.
fn site(files: &[(&str, &str)]) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/site.yaml",
        "title: Test\nbase_url: https://www.publisher.org.uk/\n",
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
