//! Acknowledged warnings: an editor keeps a warning with a reason, precisely, and
//! every new problem stays visible.

use crate::common::*;

const LIST: &str = "content/acknowledged.yaml";
const EASY: &str = "content/easy.md";
const LONG: &str = "This sentence is far too long for an Easy Read page because it goes on and on without stopping for breath at all.";

fn entry(file: &str, rule: &str, text: &str, reason: &str) -> String {
    format!("  - file: {file}\n    rule: {rule}\n    text: \"{text}\"\n    reason: \"{reason}\"\n")
}

fn acknowledge(site: &Site, entries: &[String]) {
    site.write(LIST, format!("acknowledged:\n{}", entries.concat()));
}

/// Every acknowledgement the warnings of a check offer (`rule `…`, text "…"`).
fn offered(stderr: &str) -> Vec<String> {
    stderr
        .split("\n\n")
        .filter_map(|block| {
            let path = block.split("--> ").nth(1)?.split(':').next()?;
            let file = path.rsplit_once("content/")?.1.to_string();
            let note = block.split("acknowledge it: rule `").nth(1)?;
            let (rule, rest) = note.split_once("`, text \"")?;
            let text = rest.rsplit_once("\" (editors'")?.0;
            Some(entry(
                &file,
                rule,
                &text.replace('"', "\\\""),
                "the authors' wording",
            ))
        })
        .collect()
}

#[test]
fn an_acknowledged_warning_is_quiet_counted_and_shown_on_request_with_its_reason() {
    let site = Site::fixture("easy-read-lint");
    acknowledge(
        &site,
        &[entry(
            "easy.md",
            "easy-read-hard-word",
            "interventions",
            "the authors' wording",
        )],
    );
    let run = site.check(&[]);
    run.assert_success();
    assert!(
        !run.stderr.contains("`interventions` is not a common word"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("1 acknowledged (1 easy-read-hard-word): list them with --show-acknowledged"),
        "{}",
        run.stderr
    );
    let shown = site.check(&["--show-acknowledged"]);
    let warning = shown.diagnostic("`interventions` is not a common word");
    assert!(
        warning.contains("= note: acknowledged: the authors' wording"),
        "{warning}"
    );
}

#[test]
fn a_changed_text_warns_again_and_its_acknowledgement_is_reported_unused() {
    let site = Site::fixture("easy-read-lint");
    acknowledge(
        &site,
        &[entry(
            "easy.md",
            "easy-read-long-sentence",
            LONG,
            "the authors' wording",
        )],
    );
    let quiet = site.check(&[]);
    assert!(
        !quiet.stderr.contains("sentence has 23 words"),
        "{}",
        quiet.stderr
    );
    assert!(
        !quiet.stderr.contains("covers no warning"),
        "{}",
        quiet.stderr
    );
    site.edit(EASY, "goes on and on", "goes on and on and on");
    let run = site.check(&[]);
    run.assert_stderr_has("this Easy Read sentence has");
    let unused = run.diagnostic("covers no warning");
    assert!(unused.contains(&format!("{LIST}:2:")), "{unused}");
    assert!(unused.contains("remove the acknowledgement"), "{unused}");
}

#[test]
fn an_acknowledgement_in_the_page_covers_its_block_only_and_the_same_word_elsewhere_warns() {
    let site = Site::fixture("easy-read-lint");
    site.edit(
        EASY,
        "The interventions help people.",
        "<!-- acknowledge easy-read-hard-word \"interventions\": the authors' wording -->\nThe interventions help people.",
    );
    site.write(
        "content/more.md",
        "---\ntitle: More\nkind: easy-read\n---\n\nThe interventions are new.\n",
    );
    let run = site.check(&[]);
    let warning = run.diagnostic("`interventions` is not a common word");
    assert!(
        warning.contains("content/more.md:6:"),
        "only the other page warns: {warning}"
    );
    assert_eq!(
        run.stderr
            .matches("`interventions` is not a common word")
            .count(),
        1
    );
    let page = site.build_ok();
    assert!(
        !page.read("easy/index.html").contains("acknowledge"),
        "the comment is not published"
    );
}

#[test]
fn acknowledgements_that_cannot_be_read_are_errors_at_their_line() {
    let site = Site::fixture("easy-read-lint");
    acknowledge(
        &site,
        &[
            entry(
                "easy.md",
                "easy-read-hard-word",
                "interventions",
                "the authors' wording",
            ),
            entry("easy.md", "easy-read-hard-wrd", "SHANARRI", "a name"),
        ],
    );
    let run = site.check(&[]);
    run.assert_failure();
    let error = run.diagnostic("`easy-read-hard-wrd` is not a rule");
    assert!(error.contains(&format!("{LIST}:6:")), "{error}");
    assert!(
        error.contains("did you mean `easy-read-hard-word`?"),
        "{error}"
    );

    site.write(LIST, "acknowledged:\n  - file: easy.md\n    rule: easy-read-hard-word\n    text: interventions\n");
    let run = site.check(&[]);
    run.assert_failure();
    assert!(
        run.stderr.contains(&format!("{LIST}:2")),
        "a missing reason: {}",
        run.stderr
    );

    site.write(LIST, "acknowledged: []\n");
    site.edit(
        EASY,
        "The interventions help people.",
        "<!-- acknowledge interventions -->\nThe interventions help people.",
    );
    let run = site.check(&[]);
    run.assert_failure();
    let error = run.diagnostic("not in the form pubgen reads");
    assert!(
        error.contains(&site.place(EASY, "<!-- acknowledge")),
        "{error}"
    );
}

#[test]
fn deny_warnings_fails_only_on_warnings_not_acknowledged() {
    let site = Site::fixture("easy-read-lint");
    let first = site.check(&[]);
    let all = offered(&first.stderr);
    assert!(all.len() >= 5, "{}", first.stderr);
    acknowledge(&site, &all[1..]);
    let run = site.check(&["--deny-warnings"]);
    run.assert_failure();
    assert_eq!(
        run.stderr.matches("\nerror: ").count() + usize::from(run.stderr.starts_with("error: ")),
        2,
        "one warning, and the failure: {}",
        run.stderr
    );
    acknowledge(&site, &all);
    site.check(&["--deny-warnings"]).assert_success();
}

#[test]
fn the_report_checks_clean_with_every_kept_warning_acknowledged() {
    let run = pubgen_at(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--deny-warnings"],
    );
    run.assert_success();
    assert!(run.stderr.contains(", 0 warnings; "), "{}", run.stderr);
    assert!(run.stderr.contains("acknowledged"), "{}", run.stderr);
}
