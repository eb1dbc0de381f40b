//! Easy Read kept in step with the full text: the review record, the warnings when a
//! paired full text changes, and `pubgen review` as an editor uses it.

use crate::common::*;

const RECORD: &str = "content/easy-read-review.yaml";
const EASY: &str = "content/easy-read/index.md";
const FULL: &str = "content/recommendations.md";

fn review(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["review", "--root", site.root.to_str().unwrap()];
    all.extend_from_slice(args);
    pubgen(&all)
}

/// The basic fixture with every pair accepted as it is.
fn accepted_site() -> Site {
    let site = Site::fixture("basic");
    let run = review(&site, &["--accept"]);
    run.assert_success();
    assert!(
        run.stdout.contains("recorded 2 Easy Read sections"),
        "{}",
        run.stdout
    );
    site
}

#[test]
fn a_site_without_a_review_record_gets_one_note_not_a_warning_per_pair() {
    let site = Site::fixture("basic");
    let run = site.check(&[]);
    run.assert_success();
    let note = run.diagnostic("none is recorded as checked");
    assert!(
        note.starts_with("note: 2 Easy Read sections are paired"),
        "{note}"
    );
    assert!(note.contains("pubgen review --accept"), "{note}");
    assert_eq!(
        run.stderr.matches("Easy Read section").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        site.check(&["--deny-warnings"]).success(),
        "a note is not a warning"
    );
}

#[test]
fn accepted_pairs_are_quiet_and_the_record_is_never_published() {
    let site = accepted_site();
    let record = site.read(RECORD);
    assert!(
        record.contains("easy: easy-read/index.md#er-money"),
        "{record}"
    );
    assert!(
        record.contains("full: recommendations.md#funding"),
        "{record}"
    );
    assert!(
        record.contains("Funders must allow time to build relationships."),
        "{record}"
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(!run.stderr.contains("Easy Read section"), "{}", run.stderr);
    assert!(!site.public().join("easy-read-review.yaml").exists());
    let listing = review(&site, &[]);
    assert!(
        listing.stdout.contains("nothing to review"),
        "{}",
        listing.stdout
    );
}

#[test]
fn a_changed_full_text_warns_at_the_easy_read_heading_and_names_the_full_text() {
    let site = accepted_site();
    site.edit(
        FULL,
        "Funders must allow time",
        "Funders must allow enough time",
    );
    let run = site.check(&[]);
    run.assert_success();
    let warning =
        run.diagnostic("explains a full text that changed since the two were last checked");
    let heading = site.line_of(EASY, "{#er-money");
    assert!(warning.contains(&format!("{EASY}:{heading}")), "{warning}");
    assert!(
        warning.contains(&format!("{FULL}:{}", site.line_of(FULL, "{#funding}"))),
        "{warning}"
    );
    assert!(warning.contains("pubgen review"), "{warning}");
    assert!(!site.check(&["--deny-warnings"]).success());
    assert!(
        site.build(&[]).success(),
        "a warning does not stop the build"
    );
}

#[test]
fn review_shows_the_changed_words_beside_the_easy_read_text_and_accept_quiets_it() {
    let site = accepted_site();
    site.edit(
        FULL,
        "Funders must allow time",
        "Funders must allow enough time",
    );
    let run = review(&site, &[]);
    run.assert_success();
    let out = &run.stdout;
    assert!(
        out.contains("Easy Read section `easy-read/index.md#er-money`"),
        "{out}"
    );
    assert!(out.contains("Funders must allow {+enough +}time"), "{out}");
    assert!(out.contains("The Easy Read text now:"), "{out}");
    assert!(
        out.contains("Services need money for a long time."),
        "{out}"
    );
    assert!(
        !out.contains("er-roles"),
        "only the pair that changed: {out}"
    );
    review(&site, &["--accept", "er-money"]).assert_success();
    assert!(!site.check(&[]).stderr.contains("Easy Read section"));
}

#[test]
fn re_wrapping_a_full_text_line_is_not_a_change() {
    let site = accepted_site();
    site.edit(
        FULL,
        "Funders must allow time to build",
        "Funders must allow time\nto build",
    );
    assert!(!site.check(&[]).stderr.contains("Easy Read section"));
}

#[test]
fn accepting_one_section_leaves_the_others_as_they_were_checked() {
    let site = accepted_site();
    site.edit(
        FULL,
        "Funders must allow time",
        "Funders must allow enough time",
    );
    let chapter = "content/chapter.md";
    let roles = site.line_of(chapter, "## Know your roles");
    let text = site.read(chapter);
    let after: Vec<&str> = text.lines().skip(roles).collect();
    let first = after
        .iter()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .to_string();
    site.edit(chapter, &first, &format!("{first} Changed."));
    review(&site, &["--accept", "er-roles"]).assert_success();
    let run = site.check(&[]);
    assert!(
        run.stderr
            .contains("changed since the two were last checked"),
        "er-money still changed"
    );
    assert_eq!(
        run.stderr
            .matches("changed since the two were last checked")
            .count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_review_record_is_an_error_at_its_line() {
    let site = accepted_site();
    site.write(
        RECORD,
        "pairs:\n- easy: easy-read/index.md#er-money\n  fulltext: x\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let error = run.diagnostic("error");
    assert!(error.contains(&format!("{RECORD}:3")), "{error}");
    assert!(site.public().join("index.html").exists() || !site.public().exists());
    let run = review(&site, &["--accept"]);
    run.assert_failure();
    assert!(
        site.read(RECORD).contains("fulltext"),
        "a malformed record is never overwritten"
    );
}

#[test]
fn a_pairing_whose_full_text_disappeared_is_an_error_at_the_easy_read_heading() {
    let site = accepted_site();
    site.edit(FULL, "## Funding {#funding}", "## Money");
    let run = site.check(&[]);
    run.assert_failure();
    let error = run.diagnostic("error: full text");
    assert!(
        error.contains(&format!("{EASY}:{}", site.line_of(EASY, "{#er-money"))),
        "{error}"
    );
}

#[test]
fn a_record_entry_no_longer_paired_warns_at_its_line() {
    let site = accepted_site();
    site.edit(EASY, " full=\"../chapter.md#know-your-roles\"", "");
    let run = site.check(&[]);
    run.assert_success();
    let warning = run.diagnostic("no longer an Easy Read section paired");
    let line = site.line_of(RECORD, "easy: easy-read/index.md#er-roles");
    assert!(warning.contains(&format!("{RECORD}:{line}")), "{warning}");
    review(&site, &["--accept"]).assert_success();
    assert!(
        !site.read(RECORD).contains("er-roles"),
        "accepting tidies the record"
    );
}

#[test]
fn review_of_an_unknown_section_says_which_are_paired() {
    let site = accepted_site();
    let run = review(&site, &["--accept", "er-mony"]);
    run.assert_failure();
    run.assert_stderr_has("`er-mony` is not an Easy Read section paired with a full text");
    run.assert_stderr_has("did you mean `er-money`?");
}

#[test]
fn serve_shows_the_warning_on_both_pages_of_the_pair() {
    let site = accepted_site();
    let server = start_server(&site.root);
    site.edit(
        FULL,
        "Funders must allow time",
        "Funders must allow enough time",
    );
    let changed = "explains a full text that changed since the two were last checked";
    wait_until(
        &server,
        "/__pubgen/status?page=/easy-read/",
        "the warning",
        |b| b.contains(changed),
    );
    let (_, full) = get(&server, "/__pubgen/status?page=/recommendations/");
    assert!(
        full.contains("\"warnings\":[\""),
        "the full text's page too: {full}"
    );
}
