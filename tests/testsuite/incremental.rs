//! Incremental rebuilds (what `pubgen serve` does after an edit) give exactly the
//! output of a full build, and redo only the work the edit touches.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::copy_dir;
use pubgen::diagnostics::Diagnostics;
use pubgen::model::OutputContents;
use pubgen::site::{Build, BuildOptions, Rebuilt};

/// A copy of a site's `content/` in a temporary folder.
fn site_copy(source: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&source.join("content"), &root.join("content"));
    (dir, root)
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        out: None,
        drafts: false,
        deny_warnings: false,
        write: false,
        search: true,
        downloads: false,
        lint: false,
        preview: false,
        progress: false,
    }
}

fn full(root: &Path) -> Build {
    let mut diags = Diagnostics::default();
    let build = Build::full(&options(root), &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.items);
    build.expect("the site builds")
}

/// Every page's HTML (and every other output) by path.
fn snapshot(build: &Build) -> BTreeMap<String, String> {
    build
        .outputs
        .iter()
        .map(|o| {
            let text = match &o.contents {
                OutputContents::Html(h) => h.to_string(),
                OutputContents::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                OutputContents::Copy(p) => format!("copy of {}", p.rel().display()),
            };
            (o.path.clone(), text)
        })
        .collect()
}

fn update(build: &mut Build, root: &Path, changed: &[&str]) -> Option<Rebuilt> {
    let paths: Vec<PathBuf> = changed
        .iter()
        .map(|c| root.join("content").join(c))
        .collect();
    let mut diags = Diagnostics::default();
    build.update(&options(root), &paths, &mut diags)
}

fn assert_same_as_full_build(build: &Build, root: &Path) {
    let incremental = snapshot(build);
    let fresh = snapshot(&full(root));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, html) in &fresh {
        assert!(
            incremental[path] == *html,
            "{path} differs from a full build"
        );
    }
}

fn edit(root: &Path, rel: &str, change: impl Fn(String) -> String) {
    let path = root.join("content").join(rel);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, change(text)).unwrap();
}

fn basic() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic")
}

fn report() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn editing_one_pages_text_re_renders_only_that_page_and_matches_a_full_build() {
    let (_dir, root) = site_copy(&report());
    let mut build = full(&root);
    let before = snapshot(&build);
    edit(&root, "components/third-sector.md", |t| {
        t + "\nAn added paragraph about [the summary](../summary.md), with a (Ruch, 2005) look-alike.\n"
    });
    let rebuilt = update(&mut build, &root, &["components/third-sector.md"]).expect("rebuilds");
    let Rebuilt::Pages(pages) = rebuilt else {
        panic!("expected only pages re-rendered, got {rebuilt:?}")
    };
    assert!(pages.contains(&"components/third-sector/index.html".to_string()));
    assert!(
        pages.len() <= 2,
        "the page and the whole-report page: {pages:?}"
    );
    let after = snapshot(&build);
    assert_ne!(
        before["components/third-sector/index.html"],
        after["components/third-sector/index.html"]
    );
    assert_eq!(
        before["summary/index.html"], after["summary/index.html"],
        "other pages are untouched"
    );
    assert_same_as_full_build(&build, &root);
}

#[test]
fn changing_a_title_re_links_every_page_and_matches_a_full_build() {
    let (_dir, root) = site_copy(&report());
    let mut build = full(&root);
    edit(&root, "summary.md", |t| {
        t.replacen("title: ", "title: Renamed ", 1)
    });
    let rebuilt = update(&mut build, &root, &["summary.md"]).expect("rebuilds");
    assert_eq!(
        rebuilt,
        Rebuilt::Relinked(vec!["summary/index.html".into()])
    );
    assert!(
        snapshot(&build)["index.html"].contains("Renamed"),
        "the navigation shows the new title"
    );
    assert_same_as_full_build(&build, &root);
}

#[test]
fn changing_a_quote_shown_as_evidence_updates_the_recommendations_page() {
    let (_dir, root) = site_copy(&report());
    let mut build = full(&root);
    edit(&root, "components/third-sector.md", |t| {
        t.replacen("> Being flexible is key", "> Being very flexible is key", 1)
    });
    update(&mut build, &root, &["components/third-sector.md"]).expect("rebuilds");
    assert!(snapshot(&build)["recommendations/index.html"].contains("Being very flexible is key"));
    assert_same_as_full_build(&build, &root);
}

#[test]
fn adding_and_removing_pages_and_glossary_edits_rebuild_in_full() {
    let (_dir, root) = site_copy(&basic());
    let mut build = full(&root);
    fs::write(
        root.join("content/new.md"),
        "---\ntitle: A new page\n---\n\nHello.\n",
    )
    .unwrap();
    assert_eq!(update(&mut build, &root, &["new.md"]), Some(Rebuilt::Full));
    assert!(snapshot(&build).contains_key("new/index.html"));
    assert_same_as_full_build(&build, &root);
    fs::remove_file(root.join("content/new.md")).unwrap();
    assert_eq!(update(&mut build, &root, &["new.md"]), Some(Rebuilt::Full));
    assert!(!snapshot(&build).contains_key("new/index.html"));
    assert_same_as_full_build(&build, &root);
    // A glossary: every page links its terms, so an edit to it rebuilds in full.
    fs::write(
        root.join("content/glossary.md"),
        "---\ntitle: Glossary\n---\n\nCaseload\n: The people one worker supports.\n",
    )
    .unwrap();
    assert_eq!(
        update(&mut build, &root, &["glossary.md"]),
        Some(Rebuilt::Full)
    );
    edit(&root, "glossary.md", |t| {
        t.replace("one worker supports", "a worker supports")
    });
    assert_eq!(
        update(&mut build, &root, &["glossary.md"]),
        Some(Rebuilt::Full)
    );
    assert!(snapshot(&build)["glossary/index.html"].contains("a worker supports"));
    assert_same_as_full_build(&build, &root);
}

#[test]
fn an_error_keeps_the_last_good_output_and_fixing_it_recovers() {
    let (_dir, root) = site_copy(&report());
    let mut build = full(&root);
    let good = snapshot(&build);
    let original = fs::read_to_string(root.join("content/summary.md")).unwrap();
    edit(&root, "summary.md", |t| t + "\n[broken](nowhere.md)\n");
    assert_eq!(
        update(&mut build, &root, &["summary.md"]),
        None,
        "the error is reported"
    );
    assert_eq!(
        snapshot(&build)["summary/index.html"],
        good["summary/index.html"],
        "the last good page stays"
    );
    fs::write(root.join("content/summary.md"), &original).unwrap();
    assert!(update(&mut build, &root, &["summary.md"]).is_some());
    assert_same_as_full_build(&build, &root);
}

#[test]
fn a_temporary_file_that_came_and_went_changes_nothing() {
    let (_dir, root) = site_copy(&basic());
    let mut build = full(&root);
    assert_eq!(
        update(&mut build, &root, &["sedX1234"]),
        Some(Rebuilt::Nothing)
    );
}

#[test]
fn an_acknowledgement_written_in_the_edited_page_or_kept_in_another_counts_as_in_a_full_build() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/easy-read-lint");
    let (_dir, root) = site_copy(&fixture);
    let mut build = full(&root);
    let statement = |build: &Build| snapshot(build)["accessibility/index.html"].clone();
    let before = statement(&build);
    edit(&root, "easy.md", |text| {
        text.replacen(
            "The interventions help people.",
            "<!-- acknowledge easy-read-hard-word \"interventions\": the authors' wording -->\nThe interventions help people.",
            1,
        )
    });
    update(&mut build, &root, &["easy.md"]).expect("rebuilds");
    assert_same_as_full_build(&build, &root);
    assert_ne!(
        statement(&build),
        before,
        "the statement now gives the reason"
    );
    assert!(statement(&build).contains("the authors"), "with its reason");
    // An edit of another page reads only that page's acknowledgements: this one stays.
    edit(&root, "full.md", |text| {
        format!("{text}\nOne more sentence.\n")
    });
    update(&mut build, &root, &["full.md"]).expect("rebuilds");
    assert_same_as_full_build(&build, &root);
}
